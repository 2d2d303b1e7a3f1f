#include "widgets/sample_view.h"

#include <QBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include "app/models/dataset_model.h"
#include "app/models/training_session.h"
#include "widgets/image_panel.h"

namespace dendrite {

SampleView::SampleView(TrainingSession* session, DatasetModel* dataset, QWidget* parent)
    : QWidget(parent), session_(session), dataset_(dataset) {
  input_ = new ImagePanel(tr("Input"));
  output_ = new ImagePanel(tr("Output (reconstruction)"));
  panels_ = new QBoxLayout(QBoxLayout::TopToBottom);
  panels_->setSpacing(8);
  panels_->addWidget(input_, 1);
  panels_->addWidget(output_, 1);

  previous_ = new QToolButton;
  previous_->setIcon(style()->standardIcon(QStyle::SP_ArrowLeft));
  previous_->setToolTip(tr("Previous sample"));
  next_ = new QToolButton;
  next_->setIcon(style()->standardIcon(QStyle::SP_ArrowRight));
  next_->setToolTip(tr("Next sample"));
  sample_ = new QSpinBox;
  sample_->setRange(0, 0);
  sample_->setPrefix(tr("sample "));
  sample_->setKeyboardTracking(false);
  name_ = new QLabel;
  name_->setForegroundRole(QPalette::PlaceholderText);
  name_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* nav = new QHBoxLayout;
  nav->setContentsMargins(0, 0, 0, 0);
  nav->addWidget(previous_);
  nav->addWidget(sample_);
  nav->addWidget(next_);
  nav->addWidget(name_, 1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addLayout(panels_, 1);
  layout->addLayout(nav);

  connect(previous_, &QToolButton::clicked, this, &SampleView::previousSample);
  connect(next_, &QToolButton::clicked, this, &SampleView::nextSample);
  connect(sample_, &QSpinBox::valueChanged, dataset_, &DatasetModel::setCurrentSample);
  connect(session_, &TrainingSession::imagesChanged, this, &SampleView::refresh_images);
  connect(session_, &TrainingSession::runningChanged, this, &SampleView::refresh_sample_controls);
  connect(dataset_, &DatasetModel::changed, this, &SampleView::refresh_sample_controls);
  connect(dataset_, &DatasetModel::currentSampleChanged, this, &SampleView::refresh_sample_controls);
  refresh_images();
  refresh_sample_controls();
}

void SampleView::refresh_images() {
  input_->setImage(session_->currentInput());
  output_->setImage(session_->currentOutput());
}

void SampleView::refresh_sample_controls() {
  const bool can_pick = dataset_->loaded() && !session_->running();
  {
    const QSignalBlocker block(sample_);
    sample_->setRange(0, std::max(0, dataset_->sampleCount() - 1));
    sample_->setValue(dataset_->currentSample());
  }
  sample_->setEnabled(can_pick);
  previous_->setEnabled(can_pick && dataset_->currentSample() > 0);
  next_->setEnabled(can_pick && dataset_->currentSample() + 1 < dataset_->sampleCount());
  name_->setText(dataset_->currentSampleName());
}

void SampleView::previousSample() {
  if (!session_->running()) dataset_->setCurrentSample(dataset_->currentSample() - 1);
}

void SampleView::nextSample() {
  if (!session_->running()) dataset_->setCurrentSample(dataset_->currentSample() + 1);
}

void SampleView::zoomIn() {
  input_->zoomIn();
  output_->zoomIn();
}

void SampleView::zoomOut() {
  input_->zoomOut();
  output_->zoomOut();
}

void SampleView::fit() {
  input_->fit();
  output_->fit();
}

void SampleView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  // Side by side when the dock is wide, stacked when it is tall.
  panels_->setDirection(width() > height() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

}  // namespace dendrite
