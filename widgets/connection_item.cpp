#include "widgets/connection_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "widgets/network_layout.h"

namespace dendrite {

ConnectionItem::ConnectionItem(const QRectF& bounds) : bounds_(bounds) {
  setCacheMode(DeviceCoordinateCache);
}

void ConnectionItem::setMode(ConnectionMode mode) {
  if (mode == mode_) return;
  mode_ = mode;
  update();
}

void ConnectionItem::setBundles(LineBuckets lines) {
  bundles_ = std::move(lines);
  update();
}

void ConnectionItem::setTopK(LineBuckets lines, std::vector<std::uint32_t> ids, std::vector<QLineF> geometry) {
  top_ = std::move(lines);
  top_ids_ = std::move(ids);
  top_lines_ = std::move(geometry);
  update();
}

void ConnectionItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  const double pixels = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()) *
                        NetworkLayout::kPitch;
  painter->setRenderHint(QPainter::Antialiasing, true);
  switch (connections_shown(mode_, lod_for_pixels_per_neuron(pixels))) {
    case ConnectionsShown::kBundles: bundles_.paint(painter, {0.8, 7.0, 45, 200}); break;
    case ConnectionsShown::kTopK: top_.paint(painter, {0.7, 2.6, 80, 235}); break;
    case ConnectionsShown::kNone: break;
  }
}

}  // namespace dendrite
