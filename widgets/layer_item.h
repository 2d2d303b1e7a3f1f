// layer_item.h — one layer of the network view: its W×H grid per channel, coloured by the
// current sample's activations, with its title above. One QGraphicsItem per layer, never one per
// neuron: the colours live in an image of one pixel per neuron that is scaled up when drawn, so
// zoomed out a layer costs one drawImage; zoomed in (network_lod.h) grid lines separate the cells
// and, further in, the cells show their values as text — only the cells in the exposed area.
//
// A receptive-field overlay (the hovered neuron's incoming weights painted onto this, its source
// layer) is another image of the same layout, drawn on top. Under an SVG paint engine cells are
// drawn as rectangles, so exports stay crisp vectors.
#pragma once

#include <QGraphicsItem>
#include <QImage>

#include <vector>

#include "core/network_module.h"
#include "widgets/network_layout.h"

namespace dendrite {

class LayerItem : public QGraphicsItem {
 public:
  // `index`: the layer's place in the topology (its default title is "layer N").
  LayerItem(const LayerGeometry& geometry, const LayerInfo& info, std::size_t index, bool embedding, double label_size);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  // values: [layer neuron] (canonical order inside the layer); scale: |value| that gets the
  // strongest colour.
  void setValues(const float* values, float scale);
  void clearValues();
  float scale() const { return scale_; }
  float value(int x, int y, int c) const;
  const QImage& image() const { return image_; }

  // Same layout as image(); null clears.
  void setOverlay(QImage overlay);
  const QImage& overlay() const { return overlay_; }

  const LayerGeometry& geometry() const { return geometry_; }

 private:
  void paint_cells_as_rectangles(QPainter* painter, const QRectF& visible) const;
  void paint_grid(QPainter* painter, const QRectF& visible) const;
  void paint_values(QPainter* painter, const QRectF& visible, double pixels_per_neuron) const;
  void paint_title(QPainter* painter, double pixels_per_unit) const;

  LayerGeometry geometry_;
  QString title_;
  bool embedding_ = false;
  QString subtitle_;    // "dense 16×16×1"
  QString activation_;  // "leaky ReLU" (the scale is appended when drawn)
  std::vector<float> values_;  // [layer neuron]
  float scale_ = 1.0f;
  QImage image_;    // one pixel per neuron, gaps in the background colour
  QImage overlay_;  // ARGB, same size, or null
  double label_size_;
};

}  // namespace dendrite
