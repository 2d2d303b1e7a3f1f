// image_strip.h — a row of small images (the interpolation strip): each enlarged by the same
// whole factor with nearest-neighbour sampling, as large as the widget allows (shrunk smoothly
// when even 1:1 does not fit), wrapped into several rows when that makes them larger, optionally
// with a framed image at each end (the two originals the row goes between) and a caption under
// each.
#pragma once

#include <QImage>
#include <QList>
#include <QStringList>
#include <QWidget>

namespace dendrite {

class ImageStrip : public QWidget {
  Q_OBJECT

 public:
  explicit ImageStrip(QWidget* parent = nullptr);

  // `images` between `first` and `last` (either may be null: no end image).
  void setImages(const QList<QImage>& images, const QImage& first = {}, const QImage& last = {});
  void setCaptions(const QStringList& captions, const QString& first_caption = {}, const QString& last_caption = {});
  const QList<QImage>& images() const { return images_; }
  // The factor the images are drawn at now (whole when ≥ 1), and in how many rows.
  double zoom() const;
  int rows() const { return layout().rows; }
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Layout {
    int rows = 1;
    int columns = 0;   // steps per row
    double zoom = 0;   // 0: nothing to draw
  };
  Layout layout() const;
  QSize image_size() const;

  QList<QImage> images_;
  QImage first_, last_;
  QStringList captions_;
  QString first_caption_, last_caption_;
};

}  // namespace dendrite
