#include "widgets/interpolation_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/models/dataset_model.h"
#include "app/models/embedding_editor.h"
#include "app/models/snapshot_module.h"
#include "widgets/image_strip.h"

namespace dendrite {

InterpolationView::InterpolationView(EmbeddingEditor* editor, SnapshotModule* module, DatasetModel* dataset,
                                     QWidget* parent)
    : QWidget(parent), editor_(editor), module_(module), dataset_(dataset) {
  auto make_sample_box = [](const char* name) {
    auto* box = new QSpinBox;
    box->setObjectName(QLatin1String(name));
    box->setKeyboardTracking(false);
    box->setRange(0, 0);
    return box;
  };
  from_ = make_sample_box("fromSample");
  to_ = make_sample_box("toSample");
  from_->setValue(editor_->interpolationFrom());
  steps_ = new QSpinBox;
  steps_->setObjectName("steps");
  steps_->setKeyboardTracking(false);
  steps_->setRange(EmbeddingEditor::kMinSteps, EmbeddingEditor::kMaxSteps);
  steps_->setValue(editor_->interpolationSteps());
  auto* from_current = new QPushButton(tr("Current"));
  from_current->setToolTip(tr("Start from the sample shown in Images"));
  auto* to_current = new QPushButton(tr("Current"));
  to_current->setToolTip(tr("End at the sample shown in Images"));
  export_ = new QPushButton(tr("Export Strip"));
  export_->setObjectName("exportStripButton");
  export_->setToolTip(tr("Save the decoded steps side by side as one PNG in the output folder"));

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("From sample")));
  controls->addWidget(from_);
  controls->addWidget(from_current);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(tr("to sample")));
  controls->addWidget(to_);
  controls->addWidget(to_current);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(tr("in")));
  controls->addWidget(steps_);
  controls->addWidget(new QLabel(tr("steps")));
  controls->addStretch(1);
  controls->addWidget(export_);

  strip_ = new ImageStrip;
  strip_->setObjectName("interpolationStrip");
  caption_ = new QLabel;
  caption_->setObjectName("stripCaption");
  caption_->setForegroundRole(QPalette::PlaceholderText);
  caption_->setWordWrap(true);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 6, 8, 6);
  layout->addLayout(controls);
  layout->addWidget(strip_, 1);
  layout->addWidget(caption_);

  connect(from_, &QSpinBox::valueChanged, this, &InterpolationView::apply);
  connect(to_, &QSpinBox::valueChanged, this, &InterpolationView::apply);
  connect(steps_, &QSpinBox::valueChanged, this, &InterpolationView::apply);
  connect(from_current, &QPushButton::clicked, this, [this] { from_->setValue(dataset_->currentSample()); });
  connect(to_current, &QPushButton::clicked, this, [this] { to_->setValue(dataset_->currentSample()); });
  connect(export_, &QPushButton::clicked, editor_, [this] { editor_->exportStrip(); });
  connect(editor_, &EmbeddingEditor::stripChanged, this, &InterpolationView::refresh_strip);
  connect(dataset_, &DatasetModel::changed, this, &InterpolationView::refresh_limits);
  refresh_limits();
  refresh_strip();
}

void InterpolationView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  module_->setUser(this, true);
  apply();  // the strip is decoded only once someone looks at it
}

void InterpolationView::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  module_->setUser(this, false);
}

void InterpolationView::apply() {
  if (!isVisible()) return;
  editor_->setInterpolation(from_->value(), to_->value(), steps_->value());
}

void InterpolationView::refresh_limits() {
  const int last = std::max(0, dataset_->sampleCount() - 1);
  const QSignalBlocker a(from_), b(to_);
  from_->setRange(0, last);
  to_->setRange(0, last);
  if (to_->value() == 0 && last > 0 && from_->value() == 0) to_->setValue(std::min(last, 1));
  apply();
}

void InterpolationView::refresh_strip() {
  const auto& embeddings = editor_->stripEmbeddings();
  QStringList captions;
  const int n = static_cast<int>(editor_->strip().size());
  for (int s = 0; s < n; ++s) captions << QStringLiteral("t=%1").arg(n > 1 ? static_cast<double>(s) / (n - 1) : 0.0, 0, 'f', 2);
  strip_->setImages(editor_->stripImages(), editor_->stripSource(false), editor_->stripSource(true));
  strip_->setCaptions(captions, tr("#%1").arg(editor_->interpolationFrom()), tr("#%1").arg(editor_->interpolationTo()));
  export_->setEnabled(!embeddings.empty());
  caption_->setText(embeddings.empty()
                        ? tr("Open a dataset that fits the network to interpolate between two of its images.")
                        : tr("The framed images are samples %L1 and %L2; between them, the decodes of %L3 embeddings "
                             "evenly spaced on the straight line from the first sample’s embedding to the second’s.")
                              .arg(editor_->interpolationFrom())
                              .arg(editor_->interpolationTo())
                              .arg(n));
}

}  // namespace dendrite
