// interpolation_view.h — the interpolation strip of the embedding editor: two dataset samples
// (spin boxes, or "Current" for the sample shown in Images), a number of steps, and the images
// decoded from the embeddings between their encodings, with the two originals framed at the ends.
// Export writes the decoded steps side by side as one PNG into the output folder.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;

namespace dendrite {

class DatasetModel;
class EmbeddingEditor;
class ImageStrip;
class SnapshotModule;

class InterpolationView : public QWidget {
  Q_OBJECT

 public:
  InterpolationView(EmbeddingEditor* editor, SnapshotModule* module, DatasetModel* dataset,
                    QWidget* parent = nullptr);

  ImageStrip* strip() const { return strip_; }
  QSpinBox* fromBox() const { return from_; }
  QSpinBox* toBox() const { return to_; }
  QSpinBox* stepsBox() const { return steps_; }

 protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  void apply();
  void refresh_strip();
  void refresh_limits();

  EmbeddingEditor* editor_;
  SnapshotModule* module_;
  DatasetModel* dataset_;
  QSpinBox* from_;
  QSpinBox* to_;
  QSpinBox* steps_;
  QPushButton* export_;
  ImageStrip* strip_;
  QLabel* caption_;
};

}  // namespace dendrite
