#include "widgets/line_buckets.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "widgets/neuron_colours.h"

namespace dendrite {

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

void LineBuckets::paint(QPainter* painter, const LineStyle& style) const {
  // Weak lines first, so strong ones lie on top.
  for (int level = 0; level < kLevels; ++level) {
    const double f = (level + 0.5) / kLevels;
    for (int sign = 0; sign < 2; ++sign) {
      const QVector<QLineF>& lines = lines_[static_cast<std::size_t>(sign * kLevels + level)];
      if (lines.isEmpty()) continue;
      // Even weak lines keep enough colour to read on the dark canvas.
      QColor colour = QColor::fromRgb(NeuronColours::at(static_cast<float>((sign ? 1 : -1) * (0.45 + 0.55 * f))));
      colour.setAlpha(static_cast<int>(style.min_alpha + (style.max_alpha - style.min_alpha) * f));
      QPen pen(colour, style.min_width + (style.max_width - style.min_width) * f);
      pen.setCosmetic(true);
      pen.setCapStyle(Qt::RoundCap);
      painter->setPen(pen);
      painter->drawLines(lines);
    }
  }
}

}  // namespace dendrite
