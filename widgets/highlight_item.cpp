#include "widgets/highlight_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

#include "widgets/neuron_colours.h"

namespace dendrite {

HighlightItem::HighlightItem(const QRectF& bounds, Part part)
    : bounds_(bounds), part_(part), content_(std::make_shared<Content>()) {
  setFlag(ItemUsesExtendedStyleOption);  // exposedRect: lines are clipped to it
}

void HighlightItem::setContent(std::shared_ptr<const Content> content) {
  content_ = std::move(content);
  cache_.invalidate();
  update();
}

void HighlightItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) {
  painter->setRenderHint(QPainter::Antialiasing, !(fast_ && part_ == Part::kLines));
  const Content& content = *content_;
  if (part_ == Part::kLines) {
    const double scale = std::max(1e-9, QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()));
    const double margin = 8.0 / scale;
    if (content.lines.size() == 0 && content.selected_lines.empty()) return;
    painter->save();
    painter->setClipRect(option->exposedRect);  // the fast line path (connection_item.cpp)
    cache_.paint(painter, widget, !fast_, option->exposedRect, [&](QPainter* p, const QRectF& area) {
      content.lines.paint(p, {0.9, 3.2, 120, 250}, area.adjusted(-margin, -margin, margin, margin), fast_);
      if (!content.selected_lines.empty()) {
        QPen pen(NeuronColours::selection(), 3.0);
        pen.setCosmetic(true);
        pen.setCapStyle(Qt::RoundCap);
        p->setPen(pen);
        for (const QLineF& l : content.selected_lines) p->drawLine(l);
      }
    });
    painter->restore();
    return;
  }

  auto outline = [&](const std::vector<QRectF>& cells, const QColor& colour, double width) {
    if (cells.empty()) return;
    QPen pen(colour, width);
    pen.setCosmetic(true);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    for (const QRectF& r : cells) painter->drawRect(r);
  };
  QColor watched = NeuronColours::selection();
  watched.setAlpha(150);
  outline(content.watched_cells, watched, 1.5);
  outline(content.selected_cells, NeuronColours::selection(), 2.5);
  outline(content.hovered_cells, NeuronColours::hover(), 2.0);
}

}  // namespace dendrite
