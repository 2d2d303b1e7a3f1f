// network_layout.h — where the network view puts every neuron (scene coordinates).
//
// Layers go left to right in order, each vertically centred on y = 0. A layer of W×H×C neurons is
// a block of C tiles (one W×H grid per channel) arranged in a near-square grid of tiles, with a gap
// of whole cells between tiles, so the block maps one-to-one onto an image of one pixel per
// neuron (LayerGeometry::image_size()): zoomed out the view draws that image, zoomed in the
// cells. A neuron is kPitch × kPitch scene units. Gaps between layers grow with the layers' size
// so connections have room to fan out; each layer's name and size sit above its block.
//
// For bundled connections every tile is cut into a few regions (LayerGeometry::region_of());
// a bundle joins a source region to a target region.
//
// A connection between neighbouring layers (left to right) is a straight line; any other — a
// graph network's recurrent (to an earlier image), self (inside one image) or skipping
// connection — is an arc that dips below the blocks (route()), deeper the farther its ends lie
// apart, so it shows in the band under the layers instead of hiding behind them. `loops` makes
// room for that band.
//
//   NetworkLayout layout = NetworkLayout::layered(topology, structure.recurrent());
//   QPointF p = layout.centre(structure.place(neuron));
//   std::optional<std::size_t> hit = layout.neuron_at(scene_point);
#pragma once

#include <QLineF>
#include <QPointF>
#include <QRectF>
#include <QSize>

#include <optional>
#include <vector>

#include "app/models/network_structure.h"
#include "core/network_module.h"

namespace dendrite {

struct LayerGeometry {
  int layer = 0;
  ImageShape shape;
  std::size_t first_neuron = 0;
  int tile_columns = 1, tile_rows = 1;
  int gap_cells = 1;         // cells between neighbouring tiles
  int region_split = 1;      // regions per tile along each axis (bundles)
  QRectF block;              // every tile, in scene units
  QRectF label;              // the title area above the block

  // The block as an image: one pixel per neuron, gaps included.
  QSize image_size() const;
  // Pixel of neuron (x, y, c) in that image.
  QPoint pixel(int x, int y, int c) const;
  QRectF cell(int x, int y, int c) const;
  QPointF centre(int x, int y, int c) const { return cell(x, y, c).center(); }
  // (x, y, c) under a scene point, or false in a gap or outside.
  bool cell_at(QPointF point, int* x, int* y, int* c) const;
  // Bundle regions: region_count() per layer, region_of(x, y, c) in [0, region_count()).
  int region_count() const { return shape.channels * region_split * region_split; }
  int region_of(int x, int y, int c) const;
  QPointF region_centre(int region) const;
};

class NetworkLayout {
 public:
  static constexpr double kPitch = 10.0;  // scene units per neuron

  static NetworkLayout layered(const Topology& topology, bool loops = false);

  const std::vector<LayerGeometry>& layers() const { return layers_; }
  const LayerGeometry& layer(int index) const { return layers_[static_cast<std::size_t>(index)]; }
  // Everything, labels included.
  QRectF bounds() const { return bounds_; }
  // Size of layer titles in scene units (so they read well when the whole network fits).
  double label_size() const { return label_size_; }

  QPointF centre(const NeuronPlace& place) const;
  QRectF cell(const NeuronPlace& place) const;
  std::optional<std::size_t> neuron_at(QPointF point) const;

  // The line from a (in source_layer) to b (in target_layer) as drawn: one segment, or the
  // kArcSegments segments of an arc; appended to `out`.
  static constexpr int kArcSegments = 8;
  static bool is_arc(int source_layer, int target_layer) { return target_layer != source_layer + 1; }
  void route(QPointF a, QPointF b, int source_layer, int target_layer, std::vector<QLineF>* out) const;

 private:
  double arc_bottom(double dx) const;  // the lowest y of an arc whose ends are dx apart

  std::vector<LayerGeometry> layers_;
  QRectF bounds_;
  double label_size_ = 16;
  double floor_ = 0;     // the lowest block edge
  double tallest_ = 0;   // the tallest block's height
};

}  // namespace dendrite
