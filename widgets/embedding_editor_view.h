// embedding_editor_view.h — the embedding editor (DESIGN.md §4): the decoded image beside one row
// per embedding value — a slider over the range that value takes over the dataset and a text
// field for any number — under Encode Current Image, Randomize, Reset, Export and the state of
// the ranges. Moving a slider
// decodes again at once (EmbeddingEditor, on its own thread); the rows flow into as many columns
// as the width allows.
//
// It talks only to the models: EmbeddingEditor for values, ranges and the decoded image, and the
// SnapshotModule, which it tells when it is shown so that parameter copies are taken only then.
#pragma once

#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QSlider;

namespace dendrite {

class DatasetModel;
class EmbeddingEditor;
class ImagePanel;
class SnapshotModule;

class EmbeddingEditorView : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kSliderSteps = 1000;
  static constexpr int kMaxRows = 512;  // more values than this keep their encoded values

  EmbeddingEditorView(EmbeddingEditor* editor, SnapshotModule* module, DatasetModel* dataset,
                      QWidget* parent = nullptr);

  ImagePanel* decodedPanel() const { return decoded_; }
  int rowCount() const { return static_cast<int>(rows_.size()); }
  QSlider* slider(int row) const;
  QLineEdit* field(int row) const;
  QPushButton* button(const QString& name) const;

 protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  struct Row {
    QLabel* label;
    QSlider* slider;
    QLineEdit* field;
    float shown = 0;  // the value the row shows
  };
  void rebuild_rows();
  void place_rows();
  void refresh_values();
  void refresh_ranges();
  void refresh_decoded();
  void refresh_enabled();
  enum class Refresh { kIfChanged, kAlways, kPutTextBack };
  void show_row(Row& row, int index, Refresh refresh);
  int columns_for_width() const;

  EmbeddingEditor* editor_;
  SnapshotModule* module_;
  DatasetModel* dataset_;
  ImagePanel* decoded_;
  QLabel* range_;
  QLabel* truncated_;
  QScrollArea* scroll_;
  QWidget* grid_host_;
  QGridLayout* grid_;
  std::vector<Row> rows_;
  int columns_ = 0;
};

// The text a value is shown with (3 decimals; exponent form from 10⁴ on).
QString embedding_value_text(float value);

}  // namespace dendrite
