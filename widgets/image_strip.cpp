#include "widgets/image_strip.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace dendrite {
namespace {

constexpr int kGap = 4;        // between images
constexpr int kEndGap = 14;    // between an end image and the row
constexpr int kMargin = 6;

}  // namespace

ImageStrip::ImageStrip(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageStrip::setImages(const QList<QImage>& images, const QImage& first, const QImage& last) {
  images_ = images;
  first_ = first;
  last_ = last;
  updateGeometry();
  update();
}

void ImageStrip::setCaptions(const QStringList& captions, const QString& first_caption, const QString& last_caption) {
  captions_ = captions;
  first_caption_ = first_caption;
  last_caption_ = last_caption;
  update();
}

int ImageStrip::slot_count() const {
  return static_cast<int>(images_.size()) + (first_.isNull() ? 0 : 1) + (last_.isNull() ? 0 : 1);
}

QSize ImageStrip::image_size() const {
  if (!images_.isEmpty()) return images_.front().size();
  return first_.isNull() ? last_.size() : first_.size();
}

double ImageStrip::zoom() const {
  const QSize one = image_size();
  const int n = slot_count();
  if (n == 0 || one.isEmpty()) return 1;
  const int text = fontMetrics().height() + 4;
  const int ends = (first_.isNull() ? 0 : kEndGap - kGap) + (last_.isNull() ? 0 : kEndGap - kGap);
  const int room_w = width() - 2 * kMargin - (n - 1) * kGap - ends;
  const int room_h = height() - 2 * kMargin - text;
  const double fit = std::min(static_cast<double>(room_w) / (n * one.width()), static_cast<double>(room_h) / one.height());
  if (fit >= 1) return std::floor(fit);
  return std::max(fit, 0.05);
}

QSize ImageStrip::minimumSizeHint() const {
  const QSize one = image_size().isEmpty() ? QSize(28, 28) : image_size();
  return {160, 2 * kMargin + one.height() + fontMetrics().height() + 4};
}

void ImageStrip::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(0x30, 0x30, 0x30));
  const int n = slot_count();
  if (n == 0) {
    p.setPen(QColor(0xa0, 0xa0, 0xa0));
    p.drawText(rect(), Qt::AlignCenter, tr("no images"));
    return;
  }
  const double z = zoom();
  const QSize cell = (QSizeF(image_size()) * z).toSize().expandedTo(QSize(1, 1));
  const int ends = (first_.isNull() ? 0 : kEndGap - kGap) + (last_.isNull() ? 0 : kEndGap - kGap);
  const int total = n * cell.width() + (n - 1) * kGap + ends;
  const int text_h = fontMetrics().height();
  int x = std::max(kMargin, (width() - total) / 2);
  const int y = std::max(kMargin, (height() - cell.height() - text_h - 4) / 2);
  p.setRenderHint(QPainter::SmoothPixmapTransform, z < 1);  // nearest neighbour when enlarging
  auto draw = [&](const QImage& image, const QString& caption, bool framed) {
    const QRect target(QPoint(x, y), cell);
    p.drawImage(target, image);
    p.setPen(framed ? QColor(0xe0, 0xa0, 0x40) : QColor(0x60, 0x60, 0x60));
    p.drawRect(target.adjusted(-1, -1, 0, 0));
    if (!caption.isEmpty()) {
      p.setPen(QColor(0xc8, 0xc8, 0xc8));
      p.drawText(QRect(x - kGap, y + cell.height() + 2, cell.width() + 2 * kGap, text_h + 2), Qt::AlignHCenter | Qt::AlignTop,
                 caption);
    }
  };
  if (!first_.isNull()) {
    draw(first_, first_caption_, true);
    x += cell.width() + kEndGap;
  }
  for (int i = 0; i < images_.size(); ++i) {
    draw(images_[i], i < captions_.size() ? captions_[i] : QString(), false);
    x += cell.width() + kGap;
  }
  if (!last_.isNull()) {
    x += kEndGap - kGap;
    draw(last_, last_caption_, true);
  }
}

}  // namespace dendrite
