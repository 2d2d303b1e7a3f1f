#include "widgets/line_buckets.h"

#include <QPainter>
#include <QRectF>

#include <algorithm>
#include <cmath>

#include "widgets/neuron_colours.h"

namespace dendrite {
namespace {

// Liang–Barsky: the part of `line` inside `r`, or false when none is.
bool clip(const QLineF& line, const QRectF& r, QLineF* out) {
  const double dx = line.dx(), dy = line.dy();
  double t0 = 0, t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {line.x1() - r.left(), r.right() - line.x1(), line.y1() - r.top(), r.bottom() - line.y1()};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  *out = QLineF(line.x1() + t0 * dx, line.y1() + t0 * dy, line.x1() + t1 * dx, line.y1() + t1 * dy);
  return true;
}

}  // namespace

void LineBuckets::add(const QLineF& line, float t) {
  if (std::isnan(t)) t = 0;
  const float m = std::min(1.0f, std::abs(t));
  const int level = std::min(kLevels - 1, static_cast<int>(m * kLevels));
  lines_[static_cast<std::size_t>((t >= 0 ? kLevels : 0) + level)].append(line);
  ++count_;
}

void LineBuckets::clear() {
  for (auto& l : lines_) l.clear();
  count_ = 0;
}

void LineBuckets::paint(QPainter* painter, const LineStyle& style, const QRectF& visible, bool fast) const {
  // Only one-pixel cosmetic pens take Qt's fast line path (about 30× faster than a wide pen,
  // which is stroked into a polygon first), so a wide line is drawn as parallel one-pixel strands
  // spaced one device pixel apart.
  const double pixel = 1.0 / std::max(1e-9, std::sqrt(std::abs(painter->worldTransform().determinant())));
  QVector<QLineF> clipped;
  // Weak lines first, so strong ones lie on top.
  for (int level = 0; level < kLevels; ++level) {
    const double f = (level + 0.5) / kLevels;
    const double width = style.min_width + (style.max_width - style.min_width) * f;
    const int strands = fast ? 1 : std::max(1, static_cast<int>(std::lround(width)));
    for (int sign = 0; sign < 2; ++sign) {
      const QVector<QLineF>& lines = lines_[static_cast<std::size_t>(sign * kLevels + level)];
      if (lines.isEmpty()) continue;
      clipped.clear();
      QLineF part;
      for (const QLineF& l : lines) {
        if (!clip(l, visible, &part)) continue;
        if (strands == 1) {
          clipped.append(part);
          continue;
        }
        const double length = std::hypot(part.dx(), part.dy());
        if (length <= 0) continue;
        const QPointF normal(-part.dy() / length * pixel, part.dx() / length * pixel);
        for (int k = 0; k < strands; ++k) clipped.append(part.translated(normal * (k - (strands - 1) / 2.0)));
      }
      if (clipped.isEmpty()) continue;
      // Even weak lines keep enough colour to read on the dark canvas; thin ones (under a pixel)
      // fade instead of thinning.
      QColor colour = QColor::fromRgb(NeuronColours::at(static_cast<float>((sign ? 1 : -1) * (0.45 + 0.55 * f))));
      const double alpha = (style.min_alpha + (style.max_alpha - style.min_alpha) * f) * std::min(1.0, width);
      colour.setAlpha(static_cast<int>(alpha));
      QPen pen(colour, 1.0);
      pen.setCosmetic(true);
      pen.setCapStyle(Qt::FlatCap);
      painter->setPen(pen);
      painter->drawLines(clipped);
    }
  }
}

}  // namespace dendrite
