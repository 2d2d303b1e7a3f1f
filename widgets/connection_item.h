// connection_item.h — the connections between layers, drawn under the layer grids: as bundles
// (one line per source region → target region, connection_digest.h) when zoomed out, as the
// top-k connections by |w| when zoomed in, or not at all, as ConnectionMode asks (kAuto picks by
// level of detail, network_lod.h). One item for the whole network, with its lines grouped into
// buckets (line_buckets.h) and clipped to the exposed area; the view scrolls what it already
// drew when panning, so only the uncovered strip is drawn, and while the view moves lines are
// drawn aliased and thin until it rests; at rest they are drawn once into a viewport image
// (line_cache.h) that later repaints copy.
#pragma once

#include <QGraphicsItem>

#include <cstdint>
#include <vector>

#include "widgets/line_buckets.h"
#include "widgets/line_cache.h"
#include "widgets/network_lod.h"

namespace dendrite {

enum class ConnectionMode { kAuto, kBundles, kTopK, kNone };
enum class ConnectionsShown { kBundles, kTopK, kNone };

constexpr ConnectionsShown connections_shown(ConnectionMode mode, NetworkLod lod) {
  switch (mode) {
    case ConnectionMode::kBundles: return ConnectionsShown::kBundles;
    case ConnectionMode::kTopK: return ConnectionsShown::kTopK;
    case ConnectionMode::kNone: return ConnectionsShown::kNone;
    case ConnectionMode::kAuto: break;
  }
  return lod == NetworkLod::kOverview ? ConnectionsShown::kBundles
         : lod == NetworkLod::kNeurons ? ConnectionsShown::kTopK
                                       : ConnectionsShown::kNone;
}

class ConnectionItem : public QGraphicsItem {
 public:
  explicit ConnectionItem(const QRectF& bounds);

  QRectF boundingRect() const override { return bounds_; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  // Aliased one-pixel lines while the view moves (connection_item.cpp).
  void setFast(bool fast);
  void setMode(ConnectionMode mode);
  ConnectionMode mode() const { return mode_; }
  void setBundles(LineBuckets lines);
  // The top-k lines and which connection each is (for clicks).
  void setTopK(LineBuckets lines, std::vector<std::uint32_t> ids, std::vector<QLineF> geometry);
  const std::vector<std::uint32_t>& topIds() const { return top_ids_; }
  const std::vector<QLineF>& topLines() const { return top_lines_; }
  int bundleCount() const { return bundles_.size(); }

 private:
  QRectF bounds_;
  ConnectionMode mode_ = ConnectionMode::kAuto;
  bool fast_ = false;
  LineBuckets bundles_;
  LineBuckets top_;
  std::vector<std::uint32_t> top_ids_;  // [line] connection id
  std::vector<QLineF> top_lines_;       // [line]
  LineCache cache_;                     // the lines as drawn at rest
};

}  // namespace dendrite
