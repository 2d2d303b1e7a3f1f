#include "widgets/connection_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

#include "widgets/network_layout.h"

namespace dendrite {

ConnectionItem::ConnectionItem(const QRectF& bounds) : bounds_(bounds) {
  // No item cache: on every zoom step Qt would redraw the whole item into a device-sized pixmap
  // (hundreds of ms zoomed in on W3), while drawing just the exposed area — the strip a pan
  // uncovers, or the viewport — with lines clipped to it stays within a frame.
  setFlag(ItemUsesExtendedStyleOption);  // exposedRect: lines are clipped to it
}

void ConnectionItem::setMode(ConnectionMode mode) {
  if (mode == mode_) return;
  mode_ = mode;
  cache_.invalidate();
  update();
}

void ConnectionItem::setFast(bool fast) {
  if (fast == fast_) return;
  fast_ = fast;
  if (!fast) update();  // the view rests: draw the antialiased lines again
}

void ConnectionItem::setBundles(LineBuckets lines) {
  bundles_ = std::move(lines);
  cache_.invalidate();
  update();
}

void ConnectionItem::setTopK(LineBuckets lines, std::vector<std::uint32_t> ids, std::vector<QLineF> geometry) {
  top_ = std::move(lines);
  top_ids_ = std::move(ids);
  top_lines_ = std::move(geometry);
  cache_.invalidate();
  update();
}

void ConnectionItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) {
  const double pixels = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()) *
                        NetworkLayout::kPitch;
  // While the view moves, lines are drawn aliased and one pixel wide (about 3× faster); the
  // view asks for the full drawing again when it rests.
  painter->setRenderHint(QPainter::Antialiasing, !fast_);
  // A few pixels around the exposed area, so wide lines crossing its edge are drawn whole.
  const double margin = 8.0 / std::max(1e-9, pixels / NetworkLayout::kPitch);
  const QRectF visible = option->exposedRect.adjusted(-margin, -margin, margin, margin);
  // A clip rectangle keeps Qt's raster engine on its fast line path (measured: 10–20× faster
  // than the same lines, pre-clipped, drawn without one). The view does not save painter state
  // between items, so this item does.
  const ConnectionsShown shown = connections_shown(mode_, lod_for_pixels_per_neuron(pixels));
  if (shown == ConnectionsShown::kNone) return;
  painter->save();
  painter->setClipRect(option->exposedRect);
  // At rest, through the cache: a new snapshot repaints the layers above, not these lines.
  cache_.paint(painter, widget, !fast_, visible, [&](QPainter* p, const QRectF& area) {
    const QRectF lines_area = area.adjusted(-margin, -margin, margin, margin);
    if (shown == ConnectionsShown::kBundles) bundles_.paint(p, {0.5, 4.0, 20, 190}, lines_area, fast_);
    else top_.paint(p, {0.7, 2.6, 80, 235}, lines_area, fast_);
  });
  painter->restore();
}

}  // namespace dendrite
