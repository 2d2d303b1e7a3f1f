// line_buckets.h — many coloured lines drawn with few pen changes: lines are sorted into buckets
// by sign and strength (|t| in 0..1), and each bucket is one drawLines() call with one cosmetic
// pen (width and opacity grow with strength, the hue follows the neuron colour map). That keeps
// thousands of connection lines affordable at 30 frames a second.
//
//   LineBuckets b;  b.add(QLineF(a, c), weight / max_abs);  b.paint(painter, style);
#pragma once

#include <QLineF>
#include <QVector>

#include <array>

class QRectF;

class QPainter;

namespace dendrite {

struct LineStyle {
  double min_width = 0.6, max_width = 2.4;  // device pixels
  int min_alpha = 70, max_alpha = 230;
};

class LineBuckets {
 public:
  static constexpr int kLevels = 6;

  // t: signed strength, |t| ≤ 1 (clamped); the sign picks the hue.
  void add(const QLineF& line, float t);
  // Draws the parts of the lines inside `visible` (scene coordinates). Lines are clipped here,
  // not by the painter: Qt strokes a wide pen's whole line before clipping, which for lines
  // thousands of pixels long (zoomed in) costs seconds a frame.
  // `fast` (while the view moves): one strand per line, aliased by the caller.
  void paint(QPainter* painter, const LineStyle& style, const QRectF& visible, bool fast = false) const;
  void clear();
  int size() const { return count_; }

 private:
  std::array<QVector<QLineF>, 2 * kLevels> lines_;  // [sign · kLevels + level]
  int count_ = 0;
};

}  // namespace dendrite
