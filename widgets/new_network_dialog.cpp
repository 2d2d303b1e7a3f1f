#include "widgets/new_network_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/models/workbench.h"

namespace dendrite {

NewNetworkDialog::NewNetworkDialog(Workbench* workbench, const QString& current_spec, QWidget* parent)
    : QDialog(parent), workbench_(workbench) {
  setWindowTitle(tr("New Network"));
  preset_ = new QComboBox;
  for (const QString& name : workbench_->presetNames()) preset_->addItem(name, workbench_->presetSpec(name));
  preset_->addItem(tr("custom"), QString());
  spec_ = new QPlainTextEdit;
  spec_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  spec_->setPlaceholderText(tr("input 28x28x1 | dense 16x16x1 | dense 8x4x1 embedding | dense 16x16x1 | dense 28x28x1 linear"));
  spec_->setMinimumSize(560, 120);
  status_ = new QLabel;
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  module_ = new QComboBox;
  module_->addItem(tr("default (fastest validated)"), QString());
  for (const QString& name : workbench_->moduleNames()) module_->addItem(name, name);
  seed_ = new QSpinBox;
  seed_->setRange(0, 2147483647);
  seed_->setValue(static_cast<int>(workbench_->settings()->settings().get_int("seed")));
  auto* help = new QLabel(tr("Layers: <tt>[name:] input|dense|local|up WxHxC [kK] [sS] [linear|sigmoid] [embedding]</tt>, "
                             "separated by <tt>|</tt> or new lines."));
  help->setWordWrap(true);
  help->setForegroundRole(QPalette::PlaceholderText);

  auto* form = new QFormLayout;
  form->addRow(tr("&Preset:"), preset_);
  form->addRow(tr("&Spec:"), spec_);
  form->addRow(QString(), status_);
  form->addRow(QString(), help);
  form->addRow(tr("&Module:"), module_);
  form->addRow(tr("S&eed:"), seed_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Create"));
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons_);

  connect(preset_, &QComboBox::currentIndexChanged, this, &NewNetworkDialog::preset_chosen);
  connect(spec_, &QPlainTextEdit::textChanged, this, &NewNetworkDialog::spec_edited);
  setSpec(current_spec.isEmpty() ? preset_->itemData(0).toString() : current_spec);
}

QString NewNetworkDialog::spec() const { return spec_->toPlainText().trimmed(); }
QString NewNetworkDialog::module() const { return module_->currentData().toString(); }
qint64 NewNetworkDialog::seed() const { return seed_->value(); }
QString NewNetworkDialog::statusText() const { return status_->text(); }

void NewNetworkDialog::setSpec(const QString& text) { spec_->setPlainText(text); }

void NewNetworkDialog::preset_chosen(int index) {
  const QString text = preset_->itemData(index).toString();
  if (!text.isEmpty()) {
    const QSignalBlocker block(spec_);
    spec_->setPlainText(text);
  }
  spec_edited();
}

void NewNetworkDialog::spec_edited() {
  const QString text = spec();
  const QString error = workbench_->specError(text);
  QPalette palette = status_->palette();
  palette.setColor(QPalette::WindowText, error.isEmpty() ? palette.color(QPalette::Text) : QColor(0xb3, 0x26, 0x1e));
  status_->setPalette(palette);
  status_->setText(error.isEmpty() ? workbench_->describeSpec(text) : error);
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
  // Keep the preset box honest: a preset's text selects it, anything else is "custom".
  int match = preset_->count() - 1;
  for (int i = 0; i + 1 < preset_->count(); ++i)
    if (preset_->itemData(i).toString().simplified() == text.simplified() || preset_->itemText(i) == text)
      match = i;
  const QSignalBlocker block(preset_);
  preset_->setCurrentIndex(match);
}

}  // namespace dendrite
