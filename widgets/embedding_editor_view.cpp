#include "widgets/embedding_editor_view.h"

#include <QFontMetrics>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "app/models/dataset_model.h"
#include "app/models/embedding_editor.h"
#include "app/models/network_summary.h"
#include "app/models/snapshot_module.h"
#include "widgets/image_panel.h"

namespace dendrite {
namespace {

constexpr int kColumnWidth = 172;  // one row: label, slider, text field

int slider_position(float v, float lo, float hi) {
  if (!(hi > lo)) return 0;
  const double t = (static_cast<double>(v) - lo) / (static_cast<double>(hi) - lo);
  return static_cast<int>(std::lround(std::clamp(t, 0.0, 1.0) * EmbeddingEditorView::kSliderSteps));
}

double slider_value(int position, float lo, float hi) {
  return lo + (static_cast<double>(hi) - lo) * position / EmbeddingEditorView::kSliderSteps;
}

}  // namespace

QString embedding_value_text(float value) {
  double v = value;
  if (std::fabs(v) >= 1e4) return QLocale().toString(v, 'g', 3);
  if (std::fabs(v) < 0.0005) v = 0;  // no "-0.000"
  return QLocale().toString(v, 'f', 3);
}

EmbeddingEditorView::EmbeddingEditorView(EmbeddingEditor* editor, SnapshotModule* module, DatasetModel* dataset,
                                         QWidget* parent)
    : QWidget(parent), editor_(editor), module_(module), dataset_(dataset) {
  decoded_ = new ImagePanel(tr("Decoded"));
  decoded_->setObjectName("decodedPanel");
  decoded_->setMinimumSize(200, 200);

  auto make_button = [this](const char* name, const QString& text, const QString& tip) {
    auto* b = new QPushButton(text);
    b->setObjectName(QLatin1String(name));
    b->setToolTip(tip);
    return b;
  };
  QPushButton* encode = make_button("encodeButton", tr("Encode Current Image"),
                                    tr("Set the values to the embedding of the sample shown in Images"));
  QPushButton* randomize = make_button("randomizeButton", tr("Randomize"),
                                       tr("Draw every value uniformly from its range over the dataset"));
  QPushButton* reset = make_button("resetButton", tr("Reset"), tr("Back to the values of the last encoded image"));
  QPushButton* save = make_button("exportButton", tr("Export"),
                                  tr("Save the decoded image as PNG (and its values as text) in the output folder"));
  connect(encode, &QPushButton::clicked, editor_, &EmbeddingEditor::encodeCurrentImage);
  connect(randomize, &QPushButton::clicked, editor_, &EmbeddingEditor::randomize);
  connect(reset, &QPushButton::clicked, editor_, &EmbeddingEditor::reset);
  connect(save, &QPushButton::clicked, editor_, [this] { editor_->exportDecoded(); });
  range_ = new QLabel;
  range_->setObjectName("rangeLabel");
  range_->setForegroundRole(QPalette::PlaceholderText);
  range_->setWordWrap(true);
  QPushButton* remeasure = make_button("measureButton", tr("Measure Again"),
                                       tr("Encode every image of the dataset again with the current parameters "
                                          "to find each value's range"));
  connect(remeasure, &QPushButton::clicked, editor_, &EmbeddingEditor::measureRange);
  auto* top = new QHBoxLayout;
  top->setSpacing(4);
  top->addWidget(encode);
  top->addWidget(randomize);
  top->addWidget(reset);
  top->addWidget(save);
  top->addStretch(1);
  top->addWidget(remeasure);

  grid_host_ = new QWidget;
  grid_ = new QGridLayout(grid_host_);
  grid_->setContentsMargins(4, 4, 4, 4);
  grid_->setHorizontalSpacing(4);
  grid_->setVerticalSpacing(1);
  scroll_ = new QScrollArea;
  scroll_->setWidgetResizable(true);
  scroll_->setWidget(grid_host_);
  scroll_->setFrameShape(QFrame::StyledPanel);
  truncated_ = new QLabel;
  truncated_->setWordWrap(true);
  truncated_->setForegroundRole(QPalette::PlaceholderText);
  truncated_->hide();
  auto* right = new QVBoxLayout;
  right->addWidget(scroll_, 1);
  right->addWidget(truncated_);
  right->addWidget(range_);

  auto* body = new QHBoxLayout;
  body->addWidget(decoded_);
  body->addLayout(right, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 4, 8, 6);
  layout->setSpacing(4);
  layout->addLayout(top);
  layout->addLayout(body, 1);

  connect(editor_, &EmbeddingEditor::structureChanged, this, &EmbeddingEditorView::rebuild_rows);
  connect(editor_, &EmbeddingEditor::valuesChanged, this, &EmbeddingEditorView::refresh_values);
  connect(editor_, &EmbeddingEditor::rangeChanged, this, &EmbeddingEditorView::refresh_ranges);
  connect(editor_, &EmbeddingEditor::rangeStatusChanged, this, [this] { range_->setText(editor_->rangeText()); });
  connect(editor_, &EmbeddingEditor::decodedChanged, this, &EmbeddingEditorView::refresh_decoded);
  connect(editor_, &EmbeddingEditor::readyChanged, this, &EmbeddingEditorView::refresh_enabled);
  connect(dataset_, &DatasetModel::changed, this, &EmbeddingEditorView::refresh_enabled);
  rebuild_rows();
  refresh_decoded();
  refresh_enabled();
}

QSlider* EmbeddingEditorView::slider(int row) const {
  return row >= 0 && row < rowCount() ? rows_[static_cast<std::size_t>(row)].slider : nullptr;
}
QLineEdit* EmbeddingEditorView::field(int row) const {
  return row >= 0 && row < rowCount() ? rows_[static_cast<std::size_t>(row)].field : nullptr;
}
QPushButton* EmbeddingEditorView::button(const QString& name) const { return findChild<QPushButton*>(name); }

void EmbeddingEditorView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  module_->setUser(this, true);
}

void EmbeddingEditorView::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  module_->setUser(this, false);
}

void EmbeddingEditorView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (columns_for_width() != columns_) place_rows();
}

int EmbeddingEditorView::columns_for_width() const {
  const int room = scroll_->viewport()->width();
  return std::clamp(room / kColumnWidth, 1, 8);
}

void EmbeddingEditorView::rebuild_rows() {
  for (Row& r : rows_) {
    delete r.label;
    delete r.slider;
    delete r.field;
  }
  rows_.clear();
  const int n = std::min(editor_->dimensions(), kMaxRows);
  rows_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Row row;
    row.label = new QLabel(QString::number(i));
    row.label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row.label->setMinimumWidth(QFontMetrics(row.label->font()).horizontalAdvance(QStringLiteral("000")));
    row.label->setForegroundRole(QPalette::PlaceholderText);
    row.slider = new QSlider(Qt::Horizontal);
    row.slider->setObjectName(QStringLiteral("valueSlider%1").arg(i));
    row.slider->setRange(0, kSliderSteps);
    row.slider->setMinimumWidth(70);
    row.field = new QLineEdit;
    row.field->setObjectName(QStringLiteral("valueField%1").arg(i));
    row.field->setFixedWidth(QFontMetrics(row.field->font()).horizontalAdvance(QStringLiteral("-00.000")) + 10);
    row.field->setAlignment(Qt::AlignRight);
    connect(row.slider, &QSlider::valueChanged, this, [this, i](int position) {
      editor_->setValue(i, slider_value(position, editor_->minimum(i), editor_->maximum(i)));
    });
    connect(row.field, &QLineEdit::editingFinished, this, [this, i] {
      Row& r = rows_[static_cast<std::size_t>(i)];
      bool ok = false;
      const QString text = r.field->text().trimmed();
      double v = QLocale().toDouble(text, &ok);
      if (!ok) v = QLocale::c().toDouble(text, &ok);
      if (ok) editor_->setValue(i, v);
      show_row(r, i, Refresh::kPutTextBack);  // the value as it is now: formatted, or back if not a number
    });
    rows_.push_back(row);
  }
  if (editor_->dimensions() > kMaxRows) {
    truncated_->setText(tr("Showing the first %L1 of %L2 values; the others keep their encoded values.")
                            .arg(kMaxRows)
                            .arg(editor_->dimensions()));
    truncated_->show();
  } else {
    truncated_->hide();
  }
  columns_ = 0;
  place_rows();
  refresh_ranges();
  refresh_values();
  refresh_enabled();
}

void EmbeddingEditorView::place_rows() {
  columns_ = columns_for_width();
  for (Row& r : rows_) {
    grid_->removeWidget(r.label);
    grid_->removeWidget(r.slider);
    grid_->removeWidget(r.field);
  }
  const int n = rowCount();
  const int per_column = (n + columns_ - 1) / std::max(1, columns_);
  for (int i = 0; i < n; ++i) {
    const int column = per_column > 0 ? i / per_column : 0, line = per_column > 0 ? i % per_column : 0;
    Row& r = rows_[static_cast<std::size_t>(i)];
    grid_->addWidget(r.label, line, column * 3);
    grid_->addWidget(r.slider, line, column * 3 + 1);
    grid_->addWidget(r.field, line, column * 3 + 2);
  }
  for (int c = 0; c < 8; ++c) grid_->setColumnStretch(c * 3 + 1, c < columns_ ? 1 : 0);
  grid_->setRowStretch(per_column, 1);
}

void EmbeddingEditorView::show_row(Row& row, int index, Refresh refresh) {
  const float v = editor_->value(index);
  if (refresh == Refresh::kIfChanged && v == row.shown) return;
  row.shown = v;
  {
    const QSignalBlocker block(row.slider);
    row.slider->setValue(slider_position(v, editor_->minimum(index), editor_->maximum(index)));
  }
  // A field being typed in keeps its text, unless that text is being put back.
  if (!row.field->hasFocus() || refresh == Refresh::kPutTextBack) row.field->setText(embedding_value_text(v));
}

void EmbeddingEditorView::refresh_values() {
  for (int i = 0; i < rowCount(); ++i) show_row(rows_[static_cast<std::size_t>(i)], i, Refresh::kIfChanged);
}

void EmbeddingEditorView::refresh_ranges() {
  range_->setText(editor_->rangeText());
  const ImageShape shape = editor_->embeddingShape();
  for (int i = 0; i < rowCount(); ++i) {
    Row& r = rows_[static_cast<std::size_t>(i)];
    const QString where = tr("Embedding value %1: neuron %2 of the %3 embedding layer")
                              .arg(i)
                              .arg(editor_->dimensionLabel(i), shape_text(shape));
    const QString range = editor_->rangeMeasured()
                              ? tr("Over the dataset: %1 … %2").arg(embedding_value_text(editor_->range().minimum[static_cast<std::size_t>(i)]),
                                                                    embedding_value_text(editor_->range().maximum[static_cast<std::size_t>(i)]))
                              : tr("Slider range (not measured yet): %1 … %2").arg(embedding_value_text(editor_->minimum(i)),
                                                                                    embedding_value_text(editor_->maximum(i)));
    r.slider->setToolTip(where + QLatin1Char('\n') + range);
    r.label->setToolTip(r.slider->toolTip());
    show_row(r, i, Refresh::kAlways);  // the slider's position moves with its range
  }
}

void EmbeddingEditorView::refresh_decoded() {
  decoded_->setImage(editor_->decodedImage());
  decoded_->setCaption(editor_->decodedImage().isNull() ? tr("Decoded")
                                                        : tr("Decoded (step %L1)").arg(editor_->decodedSteps()));
}

void EmbeddingEditorView::refresh_enabled() {
  const bool ready = editor_->ready();
  const bool data = dataset_->loaded();
  button("encodeButton")->setEnabled(ready && data);
  button("randomizeButton")->setEnabled(ready);
  button("resetButton")->setEnabled(ready);
  button("exportButton")->setEnabled(ready);
  button("measureButton")->setEnabled(ready && data);
  for (Row& r : rows_) {
    r.slider->setEnabled(ready);
    r.field->setEnabled(ready);
  }
}

}  // namespace dendrite
