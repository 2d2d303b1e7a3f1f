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

QSize ImageStrip::image_size() const {
  if (!images_.isEmpty()) return images_.front().size();
  return first_.isNull() ? last_.size() : first_.size();
}

// The steps wrap into `rows` rows when that gives larger images; the first end image stands left
// of the first row and the last one right of the last row, in columns kept free on every row.
ImageStrip::Layout ImageStrip::layout() const {
  Layout best;
  const QSize one = image_size();
  const int steps = static_cast<int>(images_.size());
  if (one.isEmpty() || (steps == 0 && first_.isNull() && last_.isNull())) return best;
  const int text = fontMetrics().height() + 4;
  const int side = (first_.isNull() ? 0 : 1) + (last_.isNull() ? 0 : 1);
  const int side_gaps = (first_.isNull() ? 0 : kEndGap) + (last_.isNull() ? 0 : kEndGap);
  for (int rows = 1; rows <= std::max(1, steps); ++rows) {
    const int columns = steps == 0 ? 0 : (steps + rows - 1) / rows;
    if (rows > 1 && (rows - 1) * columns >= steps) continue;  // the last row would be empty
    const int room_w = width() - 2 * kMargin - std::max(0, columns - 1) * kGap - side_gaps;
    const int room_h = height() - 2 * kMargin - rows * text - (rows - 1) * kGap;
    const double fit = std::min(static_cast<double>(room_w) / ((columns + side) * one.width()),
                                static_cast<double>(room_h) / (rows * one.height()));
    const double zoom = fit >= 1 ? std::floor(fit) : std::max(fit, 0.05);
    if (zoom > best.zoom + 1e-9) best = {rows, columns, zoom};
  }
  return best;
}

double ImageStrip::zoom() const { return layout().zoom; }

QSize ImageStrip::minimumSizeHint() const {
  const QSize one = image_size().isEmpty() ? QSize(28, 28) : image_size();
  return {160, 2 * kMargin + one.height() + fontMetrics().height() + 4};
}

void ImageStrip::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(0x30, 0x30, 0x30));
  const Layout l = layout();
  if (l.zoom <= 0) {
    p.setPen(QColor(0xa0, 0xa0, 0xa0));
    p.drawText(rect(), Qt::AlignCenter, tr("no images"));
    return;
  }
  const QSize cell = (QSizeF(image_size()) * l.zoom).toSize().expandedTo(QSize(1, 1));
  const int text_h = fontMetrics().height();
  const int row_h = cell.height() + text_h + 4;
  const int left = first_.isNull() ? 0 : cell.width() + kEndGap;
  const int right = last_.isNull() ? 0 : cell.width() + kEndGap;
  const int grid_w = l.columns * cell.width() + std::max(0, l.columns - 1) * kGap;
  const int total_w = left + grid_w + right;
  const int total_h = l.rows * row_h + (l.rows - 1) * kGap;
  const int x0 = std::max(kMargin, (width() - total_w) / 2);
  const int y0 = std::max(kMargin, (height() - total_h) / 2);
  p.setRenderHint(QPainter::SmoothPixmapTransform, l.zoom < 1);  // nearest neighbour when enlarging
  auto draw = [&](int x, int y, const QImage& image, const QString& caption, bool framed) {
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
  if (!first_.isNull()) draw(x0, y0, first_, first_caption_, true);
  for (int i = 0; i < images_.size(); ++i) {
    const int row = l.columns > 0 ? i / l.columns : 0, column = l.columns > 0 ? i % l.columns : 0;
    draw(x0 + left + column * (cell.width() + kGap), y0 + row * (row_h + kGap), images_[i],
         i < captions_.size() ? captions_[i] : QString(), false);
  }
  if (!last_.isNull()) draw(x0 + left + grid_w + kEndGap, y0 + (l.rows - 1) * (row_h + kGap), last_, last_caption_, true);
}

}  // namespace dendrite
