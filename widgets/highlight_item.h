// highlight_item.h — what the network view draws for the hovered and selected things: the
// individual connections of the hovered and the selected neurons (coloured and thickened by
// weight) and the selected connections, drawn under the layer grids so the neurons stay
// readable (Part::kLines); and outlines around the hovered, selected and watched neurons, drawn
// on top (Part::kOutlines). Two items share one Content. Rebuilt when the hover, the selection or
// the weights change; cheap to draw (a few thousand lines).
#pragma once

#include <QGraphicsItem>

#include <cstdint>
#include <memory>
#include <vector>

#include "widgets/line_buckets.h"
#include "widgets/line_cache.h"

namespace dendrite {

class HighlightItem : public QGraphicsItem {
 public:
  enum class Part { kLines, kOutlines };
  HighlightItem(const QRectF& bounds, Part part);

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
  // Aliased one-pixel lines while the view moves.
  void setFast(bool fast) {
    if (fast == fast_) return;
    fast_ = fast;
    if (!fast) update();
  }
  // Shared by the lines item and the outlines item.
  void setContent(std::shared_ptr<const Content> content);
  const Content& content() const { return *content_; }

 private:
  QRectF bounds_;
  Part part_;
  bool fast_ = false;
  std::shared_ptr<const Content> content_;
  LineCache cache_;  // the lines as drawn at rest (Part::kLines)
};

}  // namespace dendrite
