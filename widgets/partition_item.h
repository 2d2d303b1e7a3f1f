// partition_item.h — a graph network's partition drawn over its images (issue 7: "partitions
// coloured"): every neuron tinted with the colour of the part graph_o2 gives it
// (NetworkStructure::part_of()), more strongly where a neighbouring cell lies in another part,
// so the cut between the threads' parts reads as a line. Off unless the view's "Partitions"
// switch is on; layer networks have no partition and draw nothing.
//
//   auto* item = new PartitionItem(layout, structure);  item->setVisible(true);
//   PartitionItem::colour(part)  // the tint of a part (the view's legend uses it)
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QImage>

#include <vector>

#include "app/models/network_structure.h"
#include "widgets/network_layout.h"

namespace dendrite {

class PartitionItem : public QGraphicsItem {
 public:
  PartitionItem(const NetworkLayout& layout, const NetworkStructure& structure);

  static QColor colour(int part);

  QRectF boundingRect() const override { return bounds_; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
  // [layer] the tint image, one pixel per neuron (LayerGeometry::image_size()); for tests.
  const QImage& image(int layer) const { return images_[static_cast<std::size_t>(layer)]; }

 private:
  QRectF bounds_;
  std::vector<QRectF> blocks_;  // [layer]
  std::vector<QImage> images_;  // [layer] premultiplied ARGB, transparent in tile gaps
};

}  // namespace dendrite
