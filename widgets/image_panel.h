// image_panel.h — one image (the current sample or its reconstruction), enlarged by whole
// factors with nearest-neighbour sampling so every pixel stays a crisp square.
//
// "Fit" (the default) picks the largest factor that fits the panel; zoomIn()/zoomOut() (also
// Ctrl+wheel) switch to a fixed factor, scrolling when the image is larger than the panel;
// fit() (or a double-click) goes back.
#pragma once

#include <QImage>
#include <QWidget>

class QLabel;
class QScrollArea;

namespace dendrite {

class ImagePanel : public QWidget {
  Q_OBJECT

 public:
  explicit ImagePanel(const QString& caption, QWidget* parent = nullptr);

  void setImage(const QImage& image);
  const QImage& image() const { return image_; }
  void setCaption(const QString& caption);
  // The factor in use (in fit mode: the one that fits now).
  int zoom() const;
  bool fitting() const { return fit_; }

 public slots:
  void zoomIn();
  void zoomOut();
  void fit();

 signals:
  void zoomChanged(int factor);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  friend class ImageCanvas;
  int fit_factor() const;
  void set_fixed_zoom(int factor);
  void update_canvas();

  QImage image_;
  QLabel* caption_;
  QLabel* zoom_label_;
  QScrollArea* scroll_;
  QWidget* canvas_;
  bool fit_ = true;
  int zoom_ = 1;
};

}  // namespace dendrite
