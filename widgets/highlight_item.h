// highlight_item.h — what the network view draws on top of the layers: the individual
// connections of the hovered and the selected neurons (coloured and thickened by weight), the
// selected connections, and outlines around the hovered, selected and watched neurons. Rebuilt
// when the hover, the selection or the weights change; cheap to draw (a few thousand lines).
#pragma once

#include <QGraphicsItem>

#include <cstdint>
#include <vector>

#include "widgets/line_buckets.h"

namespace dendrite {

class HighlightItem : public QGraphicsItem {
 public:
  explicit HighlightItem(const QRectF& bounds);

  QRectF boundingRect() const override { return bounds_; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  struct Content {
    LineBuckets lines;                  // connections of hovered/selected neurons
    std::vector<std::uint32_t> ids;     // [line] connection id (for clicks)
    std::vector<QLineF> geometry;       // [line]
    std::vector<QLineF> selected_lines; // selected connections, drawn in the selection colour
    std::vector<QRectF> hovered_cells;
    std::vector<QRectF> selected_cells;
    std::vector<QRectF> watched_cells;  // in the watch list, not selected
  };
  void setContent(Content content);
  const Content& content() const { return content_; }

 private:
  QRectF bounds_;
  Content content_;
};

}  // namespace dendrite
