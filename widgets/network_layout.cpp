#include "widgets/network_layout.h"

#include <algorithm>
#include <cmath>

namespace dendrite {

QSize LayerGeometry::image_size() const {
  return {tile_columns * shape.width + (tile_columns - 1) * gap_cells,
          tile_rows * shape.height + (tile_rows - 1) * gap_cells};
}

QPoint LayerGeometry::pixel(int x, int y, int c) const {
  const int tx = c % tile_columns, ty = c / tile_columns;
  return {tx * (shape.width + gap_cells) + x, ty * (shape.height + gap_cells) + y};
}

QRectF LayerGeometry::cell(int x, int y, int c) const {
  const QPoint p = pixel(x, y, c);
  const double pitch = NetworkLayout::kPitch;
  return {block.left() + p.x() * pitch, block.top() + p.y() * pitch, pitch, pitch};
}

bool LayerGeometry::cell_at(QPointF point, int* x, int* y, int* c) const {
  if (!block.contains(point)) return false;
  const double pitch = NetworkLayout::kPitch;
  const int px = static_cast<int>(std::floor((point.x() - block.left()) / pitch));
  const int py = static_cast<int>(std::floor((point.y() - block.top()) / pitch));
  const int tx = px / (shape.width + gap_cells), ty = py / (shape.height + gap_cells);
  const int lx = px - tx * (shape.width + gap_cells), ly = py - ty * (shape.height + gap_cells);
  const int channel = ty * tile_columns + tx;
  if (lx < 0 || lx >= shape.width || ly < 0 || ly >= shape.height || tx >= tile_columns ||
      channel >= shape.channels)
    return false;
  *x = lx;
  *y = ly;
  *c = channel;
  return true;
}

int LayerGeometry::region_of(int x, int y, int c) const {
  const int rx = x * region_split / shape.width, ry = y * region_split / shape.height;
  return (c * region_split + ry) * region_split + rx;
}

QPointF LayerGeometry::region_centre(int region) const {
  const int rx = region % region_split, ry = (region / region_split) % region_split;
  const int c = region / (region_split * region_split);
  // The centre of the region's cells: from the first to the last cell it covers.
  const int x0 = (rx * shape.width + region_split - 1) / region_split;
  const int x1 = ((rx + 1) * shape.width + region_split - 1) / region_split - 1;
  const int y0 = (ry * shape.height + region_split - 1) / region_split;
  const int y1 = ((ry + 1) * shape.height + region_split - 1) / region_split - 1;
  return (centre(x0, y0, c) + centre(std::max(x0, x1), std::max(y0, y1), c)) / 2.0;
}

NetworkLayout NetworkLayout::layered(const Topology& topology, bool loops) {
  NetworkLayout layout;
  double tallest = 0;
  for (std::size_t l = 0; l < topology.layers.size(); ++l) {
    const LayerInfo& info = topology.layers[l];
    LayerGeometry g;
    g.layer = static_cast<int>(l);
    g.shape = info.shape;
    g.first_neuron = info.first_neuron;
    const int channels = std::max(1, info.shape.channels);
    // Near-square arrangement of the channel tiles (3 channels: 2×2 with one empty place).
    g.tile_columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(channels))));
    g.tile_rows = (channels + g.tile_columns - 1) / g.tile_columns;
    g.gap_cells = channels == 1 ? 0 : std::max(1, static_cast<int>(std::lround(std::max(info.shape.width, info.shape.height) / 7.0)));
    // About 16–64 regions per layer: enough to show structure, few enough to read.
    const int split = channels >= 16 ? 1 : channels >= 4 ? 2 : 4;
    g.region_split = std::max(1, std::min({split, info.shape.width, info.shape.height}));
    const QSize size = g.image_size();
    g.block = QRectF(0, 0, size.width() * kPitch, size.height() * kPitch);
    tallest = std::max(tallest, g.block.height());
    layout.layers_.push_back(g);
  }
  layout.label_size_ = std::max(16.0, tallest / 14.0);

  double x = 0;
  std::vector<double> gaps;  // [layer boundary] gap between layer l and l + 1
  for (std::size_t l = 0; l < layout.layers_.size(); ++l) {
    LayerGeometry& g = layout.layers_[l];
    if (l > 0) {
      const LayerGeometry& previous = layout.layers_[l - 1];
      const double span = std::max(previous.block.height(), g.block.height());
      gaps.push_back(std::max({12 * kPitch, 0.55 * span, 9.5 * layout.label_size_}));
      x += gaps.back();
    }
    g.block.moveTopLeft(QPointF(x, -g.block.height() / 2));
    x = g.block.right();
  }
  QRectF bounds;
  for (std::size_t l = 0; l < layout.layers_.size(); ++l) {
    LayerGeometry& g = layout.layers_[l];
    // Three lines of title (name; kind and size; activation and colour scale) above the block.
    // Each title may use half of the gap on either side, so neighbouring titles never meet.
    const double fallback = 9.5 * layout.label_size_;
    const double left = (l > 0 ? gaps[l - 1] : gaps.empty() ? fallback : gaps.front()) / 2;
    const double right = (l + 1 < layout.layers_.size() ? gaps[l] : gaps.empty() ? fallback : gaps.back()) / 2;
    const double half = std::min(left, right) - 0.25 * layout.label_size_;  // centred over the block
    const double title_height = 3.9 * layout.label_size_;
    g.label = QRectF(g.block.left() - half, g.block.top() - title_height, g.block.width() + 2 * half, title_height);
    bounds = bounds.united(g.block).united(g.label);
  }
  layout.tallest_ = tallest;
  for (const LayerGeometry& g : layout.layers_) layout.floor_ = std::max(layout.floor_, g.block.bottom());
  // The deepest arc joins the first layer to the last.
  if (loops && !layout.layers_.empty())
    bounds.setBottom(std::max(bounds.bottom(), layout.arc_bottom(layout.layers_.back().block.right() -
                                                                 layout.layers_.front().block.left())));
  const double margin = 1.5 * layout.label_size_;
  layout.bounds_ = bounds.adjusted(-margin, -margin, margin, margin);
  return layout;
}

double NetworkLayout::arc_bottom(double dx) const {
  return floor_ + 0.12 * tallest_ + 2.0 * label_size_ + 0.12 * std::abs(dx);
}

void NetworkLayout::route(QPointF a, QPointF b, int source_layer, int target_layer, std::vector<QLineF>* out) const {
  if (!is_arc(source_layer, target_layer)) {
    out->emplace_back(a, b);
    return;
  }
  // A cubic Bézier whose middle (t = ½) lies at arc_bottom(); its control points spread
  // sideways so that a neuron reading itself (a = b) draws a loop, not a line folded on itself.
  // The parts inside the blocks hide under the grids.
  const double bottom = arc_bottom(b.x() - a.x());
  const double control_y = (8 * bottom - a.y() - b.y()) / 6;
  const double spread = 1.5 * label_size_ * (b.x() >= a.x() ? 1 : -1);
  const QPointF c1(a.x() - spread, control_y), c2(b.x() + spread, control_y);
  QPointF previous = a;
  for (int i = 1; i <= kArcSegments; ++i) {
    const double t = static_cast<double>(i) / kArcSegments, u = 1 - t;
    const QPointF p = u * u * u * a + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * b;
    out->emplace_back(previous, p);
    previous = p;
  }
}

QPointF NetworkLayout::centre(const NeuronPlace& place) const {
  return layer(place.layer).centre(place.x, place.y, place.c);
}

QRectF NetworkLayout::cell(const NeuronPlace& place) const {
  return layer(place.layer).cell(place.x, place.y, place.c);
}

std::optional<std::size_t> NetworkLayout::neuron_at(QPointF point) const {
  for (const LayerGeometry& g : layers_) {
    int x, y, c;
    if (g.cell_at(point, &x, &y, &c)) return g.first_neuron + g.shape.index(x, y, c);
  }
  return std::nullopt;
}

}  // namespace dendrite
