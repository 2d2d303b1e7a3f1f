#include "widgets/watch_item_editor.h"

#include <QDoubleValidator>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <cmath>

#include "app/models/watch_list_model.h"
#include "widgets/sparkline.h"

namespace dendrite {

WatchItemEditor::WatchItemEditor(WatchListModel* model, int initial_row, QWidget* parent)
    : QFrame(parent), model_(model), index_(model->index(initial_row)) {
  setObjectName("watchItem");
  title_ = new QLabel;
  title_->setTextFormat(Qt::PlainText);
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  title_->setWordWrap(true);
  detail_ = new QLabel;
  detail_->setForegroundRole(QPalette::PlaceholderText);
  QFont small = detail_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  detail_->setFont(small);

  value_ = new QLineEdit;
  value_->setObjectName("watchValue");
  auto* validator = new QDoubleValidator(value_);
  validator->setNotation(QDoubleValidator::ScientificNotation);
  validator->setLocale(QLocale::c());  // "0.5" everywhere: values are copied between tools
  value_->setValidator(validator);
  value_->setMaximumWidth(96);
  value_->setToolTip(tr("Type a value and press Enter"));
  connect(value_, &QLineEdit::returnPressed, this, &WatchItemEditor::commit_text);

  slider_ = new QSlider(Qt::Horizontal);
  slider_->setObjectName("watchSlider");
  slider_->setRange(0, kSliderSteps);
  slider_->setPageStep(kSliderSteps / 20);
  connect(slider_, &QSlider::sliderPressed, this, [this] { drag_group_ = model_->newMergeGroup(); });
  connect(slider_, &QSlider::sliderReleased, this, [this] { drag_group_ = 0; });
  connect(slider_, &QSlider::valueChanged, this, [this](int position) {
    // One drag is one undo step; a click on the groove or a key press is one step by itself.
    model_->setValue(row(), slider_value(position), slider_->isSliderDown() ? drag_group_ : 0);
  });

  activation_ = new QLabel;
  activation_->setObjectName("watchActivation");
  activation_->setMinimumWidth(90);

  lock_ = new QToolButton;
  lock_->setObjectName("watchLock");
  lock_->setCheckable(true);
  lock_->setText(tr("Lock"));
  lock_->setToolTip(tr("Keep training from changing this value"));
  connect(lock_, &QToolButton::toggled, this, [this](bool on) { model_->setLocked(row(), on); });
  remove_ = new QToolButton;
  remove_->setObjectName("watchRemove");
  remove_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
  remove_->setAutoRaise(true);
  remove_->setToolTip(tr("Remove from the watch list"));
  connect(remove_, &QToolButton::clicked, this, [this] { model_->removeItems({row()}); });

  history_ = new Sparkline;
  history_->setToolTip(tr("The value while training runs"));

  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(9, 7, 6, 7);
  grid->setHorizontalSpacing(6);
  grid->setVerticalSpacing(3);
  grid->addWidget(title_, 0, 0, 1, 3);
  grid->addWidget(lock_, 0, 3);
  grid->addWidget(remove_, 0, 4);
  grid->addWidget(detail_, 1, 0, 1, 5);
  grid->addWidget(value_, 2, 0);
  grid->addWidget(slider_, 2, 1, 1, 4);
  grid->addWidget(activation_, 3, 0);
  grid->addWidget(history_, 3, 1, 1, 4);
  grid->setColumnStretch(1, 1);
  refresh();
}

double WatchItemEditor::slider_value(int position) const {
  return minimum_ + (maximum_ - minimum_) * position / kSliderSteps;
}

int WatchItemEditor::slider_position(double value) const {
  if (!std::isfinite(value) || maximum_ <= minimum_) return kSliderSteps / 2;
  return static_cast<int>(std::lround((value - minimum_) / (maximum_ - minimum_) * kSliderSteps));
}

void WatchItemEditor::commit_text() {
  bool ok = false;
  const double v = QLocale::c().toDouble(value_->text().trimmed(), &ok);
  if (ok) model_->setValue(row(), v);
  value_->selectAll();
}

void WatchItemEditor::refresh() {
  if (!index_.isValid()) return;
  const QModelIndex i = index_;
  title_->setText(i.data(WatchListModel::TitleRole).toString());
  detail_->setText(i.data(WatchListModel::DetailRole).toString());
  const bool editable = i.data(WatchListModel::EditableRole).toBool();
  const double value = i.data(WatchListModel::ValueRole).toDouble();
  minimum_ = i.data(WatchListModel::SliderMinimumRole).toDouble();
  maximum_ = i.data(WatchListModel::SliderMaximumRole).toDouble();
  value_->setEnabled(editable);
  slider_->setEnabled(editable);
  lock_->setEnabled(editable);
  if (!value_->hasFocus()) value_->setText(std::isfinite(value) ? QString::number(value, 'g', 6) : QString());
  if (!slider_->isSliderDown()) {
    const QSignalBlocker block(slider_);
    slider_->setValue(slider_position(value));
  }
  slider_->setToolTip(tr("%1 … %2").arg(minimum_).arg(maximum_));
  {
    const QSignalBlocker block(lock_);
    lock_->setChecked(i.data(WatchListModel::LockedRole).toBool());
  }
  const bool neuron = i.data(WatchListModel::KindRole).toInt() == WatchListModel::Neuron;
  const double activation = i.data(WatchListModel::ActivationRole).toDouble();
  activation_->setVisible(neuron);
  activation_->setText(tr("value %1").arg(std::isfinite(activation) ? QString::number(activation, 'g', 4) : tr("–")));
  activation_->setToolTip(tr("The neuron's value for the sample shown"));
  history_->setValues(i.data(WatchListModel::HistoryRole).value<QList<float>>());
}

void WatchItemEditor::setSelected(bool selected) {
  if (selected == selected_) return;
  selected_ = selected;
  update();
}

void WatchItemEditor::mousePressEvent(QMouseEvent* event) {
  emit clicked(row(), event->modifiers());
  QFrame::mousePressEvent(event);
}

void WatchItemEditor::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, true);
  const QColor highlight = palette().color(QPalette::Highlight);
  QColor fill = selected_ ? highlight : palette().color(QPalette::Base);
  if (selected_) fill.setAlpha(38);
  QColor border = selected_ ? highlight : palette().color(QPalette::Mid);
  if (!selected_) border.setAlpha(120);
  p.setPen(QPen(border, selected_ ? 2.0 : 1.0));
  p.setBrush(fill);
  p.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 5, 5);
  if (model_ && index_.isValid() && index_.data(WatchListModel::LockedRole).toBool()) {
    // A locked item carries a bar on its left edge, visible even when scrolled past the button.
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xe0, 0x9a, 0x2b));
    p.drawRoundedRect(QRectF(1, 6, 4, height() - 12), 2, 2);
  }
}

}  // namespace dendrite
