#include "widgets/network_legend.h"

#include <QCoreApplication>
#include <QLinearGradient>
#include <QPainter>

#include "widgets/neuron_colours.h"

namespace dendrite {
namespace {

constexpr int kWidth = 232, kHeight = 74, kPad = 9, kBar = 10;

}  // namespace

QSize network_legend_size() { return {kWidth, kHeight}; }

void paint_network_legend(QPainter* painter, QPoint origin, float fixed_scale) {
  painter->save();
  painter->setRenderHint(QPainter::Antialiasing, true);
  const QRect box(origin, network_legend_size());
  QColor panel = NeuronColours::background().darker(130);
  panel.setAlpha(225);
  painter->setPen(QPen(QColor(0x3a, 0x3f, 0x4a), 1));
  painter->setBrush(panel);
  painter->drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);

  QFont font = painter->font();
  font.setPixelSize(11);
  painter->setFont(font);
  const int bar_left = box.left() + kPad, bar_width = box.width() - 2 * kPad;

  // Activation bar: sampled from the map itself so it matches the cells exactly.
  const QRect bar(bar_left, box.top() + kPad + 14, bar_width, kBar);
  for (int i = 0; i < bar.width(); ++i) {
    const float t = -1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(bar.width() - 1);
    painter->fillRect(QRect(bar.left() + i, bar.top(), 1, bar.height()), QColor::fromRgb(NeuronColours::at(t)));
  }
  painter->setPen(NeuronColours::text());
  // Context "NetworkLegend", written out at each call so that lupdate files the texts under it.
  const QString scale =
      fixed_scale > 0 ? QString::number(fixed_scale, 'g', 3) : QCoreApplication::translate("NetworkLegend", "scale");
  painter->drawText(QRect(bar_left, box.top() + kPad - 2, bar_width, 14), Qt::AlignLeft | Qt::AlignVCenter,
                    fixed_scale > 0 ? QCoreApplication::translate("NetworkLegend", "activation")
                                    : QCoreApplication::translate("NetworkLegend", "activation (scale per layer)"));
  painter->setPen(NeuronColours::dimText());
  const QRect ticks(bar_left, bar.bottom() + 2, bar_width, 13);
  painter->drawText(ticks, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("−") + scale);
  painter->drawText(ticks, Qt::AlignHCenter | Qt::AlignVCenter, QStringLiteral("0"));
  painter->drawText(ticks, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("+") + scale);

  // Weights: a negative and a positive line, thin to thick.
  const int y = ticks.bottom() + 10;
  painter->setPen(NeuronColours::text());
  painter->drawText(QRect(bar_left, y - 7, 52, 14), Qt::AlignLeft | Qt::AlignVCenter,
                    QCoreApplication::translate("NetworkLegend", "weight"));
  auto line = [&](int x0, int x1, float sign) {
    for (int k = 0; k < 3; ++k) {
      const float f = (k + 0.5f) / 3.0f;
      QPen pen(QColor::fromRgb(NeuronColours::at(sign * (0.45f + 0.55f * f))), 0.8 + 2.2 * f);
      pen.setCapStyle(Qt::RoundCap);
      painter->setPen(pen);
      const int w = (x1 - x0) / 3;
      painter->drawLine(QPointF(x0 + k * w + 2, y), QPointF(x0 + (k + 1) * w - 2, y));
    }
  };
  const int lines_left = bar_left + 54, half = (bar_width - 54) / 2;
  line(lines_left, lines_left + half - 14, -1.0f);
  line(lines_left + half + 6, bar_left + bar_width - 8, 1.0f);
  painter->setPen(NeuronColours::dimText());
  painter->drawText(QRect(lines_left + half - 14, y - 7, 14, 14), Qt::AlignCenter, QStringLiteral("−"));
  painter->drawText(QRect(bar_left + bar_width - 8, y - 7, 10, 14), Qt::AlignCenter, QStringLiteral("+"));
  painter->restore();
}

}  // namespace dendrite
