// custom_input_view.h — the custom input (DESIGN.md §4; the notes: "set custom input image then
// run autoencoder (without applying training)"): Open Image (or drop a file on the main window),
// how it was converted to the network's input, the converted input beside its reconstruction,
// the fit mode (stretch, centre crop, pad) and inversion, Export, and "Edit in Embedding Editor",
// which hands the image's embedding to the editor's sliders.
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace dendrite {

class CustomInput;
class EmbeddingEditor;
class ImagePanel;
class SnapshotModule;

class CustomInputView : public QWidget {
  Q_OBJECT

 public:
  CustomInputView(CustomInput* custom, EmbeddingEditor* editor, SnapshotModule* module, QWidget* parent = nullptr);

  ImagePanel* inputPanel() const { return input_; }
  ImagePanel* outputPanel() const { return output_; }
  QLabel* conversionLabel() const { return conversion_; }
  QComboBox* fitBox() const { return fit_; }

 public slots:
  // Asks for a file (a dialog) and opens it.
  void chooseFile();

 signals:
  // The embedding went to the editor: show the editor.
  void embeddingSentToEditor();

 protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  void refresh_input();
  void refresh_output();

  CustomInput* custom_;
  EmbeddingEditor* editor_;
  SnapshotModule* module_;
  ImagePanel* input_;
  ImagePanel* output_;
  QLabel* conversion_;
  QLabel* status_;
  QComboBox* fit_;
  QCheckBox* invert_;
  QPushButton* export_;
  QPushButton* to_editor_;
};

}  // namespace dendrite
