#include "widgets/preferences_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "app/models/settings_model.h"

namespace dendrite {
namespace {

bool is_directory_key(const QString& key) { return key.endsWith(QLatin1String("-directory")); }

QString label_for(const QString& key) {
  if (key == "input-directory") return PreferencesDialog::tr("&Input images:");
  if (key == "model-directory") return PreferencesDialog::tr("&Models:");
  if (key == "output-directory") return PreferencesDialog::tr("&Output images:");
  if (key == "snapshot-interval") return PreferencesDialog::tr("&Snapshot every:");
  if (key == "threads") return PreferencesDialog::tr("&Threads:");
  if (key == "network") return PreferencesDialog::tr("Default &network:");
  if (key == "learning-rate") return PreferencesDialog::tr("&Learning rate:");
  if (key == "batch-size") return PreferencesDialog::tr("&Batch size:");
  return key;
}

QString tip_for(const QString& key) {
  if (key == "input-directory") return PreferencesDialog::tr("Folder of training images (or an IDX file) opened at start-up");
  if (key == "model-directory") return PreferencesDialog::tr("Where models and snapshots are saved");
  if (key == "output-directory") return PreferencesDialog::tr("Where exported output images are written");
  if (key == "snapshot-interval") return PreferencesDialog::tr("Rewrite the model file every N steps while training (0: never)");
  if (key == "threads") return PreferencesDialog::tr("Threads that train the network (0: all cores)");
  if (key == "network") return PreferencesDialog::tr("Preset name or network spec created at start-up");
  if (key == "learning-rate") return PreferencesDialog::tr("Learning rate at start-up (the last one used)");
  if (key == "batch-size") return PreferencesDialog::tr("Batch size at start-up (the last one used)");
  return {};
}

}  // namespace

PreferencesDialog::PreferencesDialog(SettingsModel* settings, const QStringList& presets, QWidget* parent)
    : QDialog(parent), settings_(settings) {
  setWindowTitle(tr("Preferences"));
  auto* intro = new QLabel(tr("Values are taken from these preferences first, then from the config file "
                              "<b>%1</b>, then from the built-in defaults.").arg(settings_->configPath().toHtmlEscaped()));
  intro->setWordWrap(true);
  intro->setTextInteractionFlags(Qt::TextSelectableByMouse);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply);
  connect(buttons_, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
  connect(buttons_->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] { apply(); });

  // One grid for every row, so the columns line up across the sections.
  auto* grid = new QGridLayout;
  grid->setColumnStretch(1, 1);
  grid->setHorizontalSpacing(10);
  grid->setVerticalSpacing(3);
  auto add_heading = [grid](const QString& text) {
    auto* heading = new QLabel(text);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    const int r = grid->rowCount();
    grid->addWidget(heading, r, 0, 1, 5);
    grid->setRowMinimumHeight(r, 30);
    heading->setAlignment(Qt::AlignBottom | Qt::AlignLeft);
  };

  rows_.reserve(static_cast<std::size_t>(SettingsModel::preferenceKeys().size()));
  for (const QString& key : SettingsModel::preferenceKeys()) {
    rows_.push_back(Row{});
    Row& row = rows_.back();
    row.key = key;
    if (key == "input-directory") add_heading(tr("Folders"));
    if (key == "snapshot-interval") add_heading(tr("Training"));
    const int r = grid->rowCount();
    auto* label = new QLabel(label_for(key));
    QWidget* editor = nullptr;
    auto* editor_box = new QHBoxLayout;
    editor_box->setContentsMargins(0, 0, 0, 0);
    if (key == "snapshot-interval" || key == "threads" || key == "batch-size") {
      row.spin = new QSpinBox;
      if (key == "snapshot-interval") {
        row.spin->setRange(0, 1000000000);
        row.spin->setSpecialValueText(tr("never"));
        row.spin->setSuffix(tr(" steps"));
      } else if (key == "threads") {
        row.spin->setRange(0, 1024);
        row.spin->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
      } else {
        row.spin->setRange(1, 65536);
      }
      row.spin->setMinimumWidth(150);
      editor = row.spin;
      editor_box->addWidget(row.spin);
      editor_box->addStretch(1);
      connect(row.spin, &QSpinBox::valueChanged, this, [this, key] { validate(*find(key)); });
    } else if (key == "network") {
      row.combo = new QComboBox;
      row.combo->setEditable(true);
      row.combo->addItems(presets);
      row.combo->setInsertPolicy(QComboBox::NoInsert);
      row.combo->setMinimumContentsLength(30);
      editor = row.combo;
      editor_box->addWidget(row.combo, 1);
      connect(row.combo, &QComboBox::editTextChanged, this, [this, key] { validate(*find(key)); });
    } else {
      row.line = new QLineEdit;
      row.line->setClearButtonEnabled(true);
      editor = row.line;
      editor_box->addWidget(row.line, 1);
      if (is_directory_key(key)) {
        row.line->setMinimumWidth(360);
        auto* browse_button = new QPushButton(tr("Browse…"));
        editor_box->addWidget(browse_button);
        connect(browse_button, &QPushButton::clicked, this, [this, key] { browse(*find(key)); });
      }
      connect(row.line, &QLineEdit::textChanged, this, [this, key] { validate(*find(key)); });
    }
    editor->setToolTip(tip_for(key));
    label->setBuddy(editor);
    row.source = new QLabel;
    row.source->setForegroundRole(QPalette::PlaceholderText);
    row.source->setMinimumWidth(150);
    row.to_config = new QPushButton(tr("Write to config file"));
    row.to_config->setToolTip(tr("Save this value in %1").arg(settings_->configPath()));
    row.forget = new QPushButton(tr("Forget"));
    row.forget->setToolTip(tr("Remove this preference: the config file or the default applies again"));
    connect(row.to_config, &QPushButton::clicked, this, [this, key] { write_to_config(*find(key)); });
    connect(row.forget, &QPushButton::clicked, this, [this, key] { forget(*find(key)); });
    row.error = new QLabel;
    row.error->setWordWrap(true);
    QPalette red = row.error->palette();
    red.setColor(QPalette::WindowText, QColor(0xb3, 0x26, 0x1e));
    row.error->setPalette(red);
    row.error->hide();

    grid->addWidget(label, r, 0);
    grid->addLayout(editor_box, r, 1);
    grid->addWidget(row.source, r, 2);
    grid->addWidget(row.to_config, r, 3);
    grid->addWidget(row.forget, r, 4);
    grid->addWidget(row.error, r + 1, 1, 1, 4);
  }

  note_ = new QLabel;
  note_->setWordWrap(true);
  note_->setForegroundRole(QPalette::PlaceholderText);
  if (!settings_->configError().isEmpty())
    note_->setText(tr("The config file was not used: %1").arg(settings_->configError()));


  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(grid);
  layout->addWidget(note_);
  layout->addStretch(1);
  layout->addWidget(buttons_);

  for (Row& row : rows_) set_value(row, settings_->value(row.key));
  refresh_sources();
  connect(settings_, &SettingsModel::changed, this, &PreferencesDialog::refresh_sources);
}

PreferencesDialog::Row* PreferencesDialog::find(const QString& key) {
  for (Row& r : rows_)
    if (r.key == key) return &r;
  return nullptr;
}

const PreferencesDialog::Row* PreferencesDialog::find(const QString& key) const {
  for (const Row& r : rows_)
    if (r.key == key) return &r;
  return nullptr;
}

QString PreferencesDialog::value_of(const Row& row) const {
  if (row.spin) return QString::number(row.spin->value());
  if (row.combo) return row.combo->currentText().trimmed();
  return row.line->text().trimmed();
}

void PreferencesDialog::set_value(Row& row, const QString& value) {
  if (row.spin) row.spin->setValue(value.toInt());
  else if (row.combo) row.combo->setCurrentText(value);
  else {
    row.line->setText(value);
    row.line->setCursorPosition(0);
  }
  validate(row);
}

void PreferencesDialog::validate(Row& row) {
  const QString error = settings_->validate(row.key, value_of(row));
  row.error->setText(error);
  row.error->setVisible(!error.isEmpty());
  row.to_config->setEnabled(error.isEmpty());
  if (buttons_ == nullptr) return;
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(valuesValid());
  buttons_->button(QDialogButtonBox::Apply)->setEnabled(valuesValid());
}

bool PreferencesDialog::valuesValid() const {
  // A value left as it was never blocks OK (say the default input folder does not exist yet);
  // its problem is still shown under the row.
  for (const Row& row : rows_)
    if (value_of(row) != settings_->value(row.key) && !settings_->validate(row.key, value_of(row)).isEmpty())
      return false;
  return true;
}

void PreferencesDialog::refresh_sources() {
  for (Row& row : rows_) {
    row.source->setText(tr("from %1").arg(settings_->sourceText(row.key)));
    row.forget->setEnabled(settings_->fromPreferences(row.key));
  }
}

QString PreferencesDialog::editorValue(const QString& key) const {
  const Row* row = find(key);
  return row ? value_of(*row) : QString();
}

void PreferencesDialog::setEditorValue(const QString& key, const QString& value) {
  if (Row* row = find(key)) set_value(*row, value);
}

QString PreferencesDialog::errorText(const QString& key) const {
  const Row* row = find(key);
  return row ? row->error->text() : QString();
}

QString PreferencesDialog::sourceText(const QString& key) const {
  const Row* row = find(key);
  return row ? row->source->text() : QString();
}

QPushButton* PreferencesDialog::writeToConfigButton(const QString& key) const {
  const Row* row = find(key);
  return row ? row->to_config : nullptr;
}

QPushButton* PreferencesDialog::forgetButton(const QString& key) const {
  const Row* row = find(key);
  return row ? row->forget : nullptr;
}

void PreferencesDialog::browse(Row& row) {
  const QString start = QFileInfo::exists(value_of(row)) ? value_of(row) : QString();
  const QString chosen = QFileDialog::getExistingDirectory(this, label_for(row.key).remove(QLatin1Char('&')).remove(QLatin1Char(':')), start);
  if (!chosen.isEmpty()) set_value(row, chosen);
}

void PreferencesDialog::write_to_config(Row& row) {
  const QString error = settings_->writeToConfigFile(row.key, value_of(row));
  if (!error.isEmpty()) {
    QMessageBox::warning(this, tr("Cannot write the config file"), error);
    return;
  }
  note_->setText(tr("Wrote %1 to %2.").arg(row.key, settings_->configPath()));
}

void PreferencesDialog::forget(Row& row) {
  settings_->clearPreference(row.key);
  set_value(row, settings_->value(row.key));
}

bool PreferencesDialog::apply() {
  if (!valuesValid()) return false;
  for (Row& row : rows_) {
    const QString value = value_of(row);
    QString current = settings_->value(row.key);
    if (value == current || (row.line && QFileInfo(value).absoluteFilePath() == current && is_directory_key(row.key)))
      continue;
    if (const QString error = settings_->setPreference(row.key, value); !error.isEmpty()) {
      row.error->setText(error);
      row.error->show();
      return false;
    }
  }
  refresh_sources();
  return true;
}

void PreferencesDialog::accept() {
  if (apply()) QDialog::accept();
}

}  // namespace dendrite
