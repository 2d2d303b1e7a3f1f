#include "widgets/highlight_item.h"

#include <QPainter>

#include "widgets/neuron_colours.h"

namespace dendrite {

HighlightItem::HighlightItem(const QRectF& bounds) : bounds_(bounds) {}

void HighlightItem::setContent(Content content) {
  content_ = std::move(content);
  update();
}

void HighlightItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::Antialiasing, true);
  content_.lines.paint(painter, {0.8, 3.0, 110, 245});

  auto outline = [&](const std::vector<QRectF>& cells, const QColor& colour, double width) {
    if (cells.empty()) return;
    QPen pen(colour, width);
    pen.setCosmetic(true);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    for (const QRectF& r : cells) painter->drawRect(r);
  };
  if (!content_.selected_lines.empty()) {
    QPen pen(NeuronColours::selection(), 3.0);
    pen.setCosmetic(true);
    pen.setCapStyle(Qt::RoundCap);
    painter->setPen(pen);
    for (const QLineF& l : content_.selected_lines) painter->drawLine(l);
  }
  QColor watched = NeuronColours::selection();
  watched.setAlpha(150);
  outline(content_.watched_cells, watched, 1.5);
  outline(content_.selected_cells, NeuronColours::selection(), 2.5);
  outline(content_.hovered_cells, NeuronColours::hover(), 2.0);
}

}  // namespace dendrite
