// sample_view.h — the current sample beside its reconstruction (two ImagePanels), and a way to
// pick another sample while training is stopped. While training runs, the panels follow the
// first image of each published mini-batch, about 30 times a second.
#pragma once

#include <QWidget>

class QBoxLayout;
class QLabel;
class QSpinBox;
class QToolButton;

namespace dendrite {

class DatasetModel;
class ImagePanel;
class TrainingSession;

class SampleView : public QWidget {
  Q_OBJECT

 public:
  SampleView(TrainingSession* session, DatasetModel* dataset, QWidget* parent = nullptr);

  ImagePanel* inputPanel() const { return input_; }
  ImagePanel* outputPanel() const { return output_; }

 public slots:
  void zoomIn();
  void zoomOut();
  void fit();
  void previousSample();
  void nextSample();

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void refresh_images();
  void refresh_sample_controls();

  TrainingSession* session_;
  DatasetModel* dataset_;
  ImagePanel* input_;
  ImagePanel* output_;
  QBoxLayout* panels_;
  QSpinBox* sample_;
  QLabel* name_;
  QToolButton* previous_;
  QToolButton* next_;
};

}  // namespace dendrite
