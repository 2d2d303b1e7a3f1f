#include "widgets/sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace dendrite {

Sparkline::Sparkline(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(28);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void Sparkline::setValues(QList<float> values) {
  if (values == values_) return;
  values_ = std::move(values);
  update();
}

void Sparkline::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, true);
  const QRectF area = QRectF(rect()).adjusted(1, 3, -4, -3);
  QColor frame = palette().color(QPalette::Mid);
  frame.setAlpha(90);
  p.setPen(QPen(frame, 1));
  p.drawLine(area.bottomLeft(), area.bottomRight());
  QList<float> v;
  for (float x : values_)
    if (std::isfinite(x)) v << x;
  if (v.isEmpty()) return;
  float lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  if (hi - lo < 1e-12f) {  // flat: centre it
    lo -= 0.5f;
    hi += 0.5f;
  }
  QFont f = font();
  f.setPixelSize(9);
  p.setFont(f);
  const QFontMetricsF metrics(f);
  const QString top = QString::number(hi, 'g', 3), bottom = QString::number(lo, 'g', 3);
  const double label_width = std::max(metrics.horizontalAdvance(top), metrics.horizontalAdvance(bottom)) + 4;
  p.setPen(palette().color(QPalette::PlaceholderText));
  p.drawText(QRectF(area.left(), area.top() - 2, label_width, 11), Qt::AlignLeft | Qt::AlignTop, top);
  p.drawText(QRectF(area.left(), area.bottom() - 9, label_width, 11), Qt::AlignLeft | Qt::AlignBottom, bottom);

  const QRectF plot = area.adjusted(label_width, 0, 0, 0);
  auto point = [&](int i) {
    const double x = v.size() == 1 ? plot.right() : plot.left() + plot.width() * i / (v.size() - 1);
    const double y = plot.bottom() - plot.height() * (v[i] - lo) / (hi - lo);
    return QPointF(x, y);
  };
  QPainterPath path(point(0));
  for (int i = 1; i < v.size(); ++i) path.lineTo(point(i));
  QColor line = palette().color(QPalette::Highlight);
  p.setPen(QPen(line, 1.4));
  p.setBrush(Qt::NoBrush);
  p.drawPath(path);
  p.setPen(Qt::NoPen);
  p.setBrush(line);
  p.drawEllipse(point(static_cast<int>(v.size()) - 1), 2.3, 2.3);
}

}  // namespace dendrite
