// network_scene.h — the network as a QGraphicsScene (the notes: "rendering functions drawing
// layers as a W x H grid of neurons; also draw connections and activation values").
//
// Items: one LayerItem per layer (activations); under them one ConnectionItem (bundles or top-k
// by |w|) and the connections of hovered/selected neurons; over them their outlines
// (HighlightItem) and, for graph networks, the partition tint (PartitionItem, off by default).
// Graph networks' images are laid out like layers; their recurrent, self and skipping
// connections are arcs under the row of images (NetworkLayout::route()).
// Nothing here is one item per neuron or per connection, so W3's two million connections cost
// what its few thousand drawn lines cost. The digest of the weights (bundles, top-k) is computed
// on a background thread whenever a new weight copy arrives.
//
// Clicks and hovers are resolved here (hit()): a neuron under the point, else the nearest drawn
// connection within a few pixels. Hovering a neuron paints its incoming weights onto its source
// layer (the receptive field). The scene only draws and reports; NetworkView connects it to the
// models (NetworkState, WatchListModel).
//
//   NetworkScene scene;  scene.setStructure(s);  scene.setValues(v);  scene.setParameters(p);
//   connect(&scene, &NetworkScene::neuronClicked, …);
#pragma once

#include <QFutureWatcher>
#include <QGraphicsScene>

#include <memory>
#include <optional>
#include <vector>

#include "app/models/network_structure.h"
#include "core/training_worker.h"
#include "widgets/connection_digest.h"
#include "widgets/connection_item.h"
#include "widgets/network_layout.h"
#include "widgets/network_lod.h"

namespace dendrite {

class HighlightItem;
class LayerItem;
class PartitionItem;

class NetworkScene : public QGraphicsScene {
  Q_OBJECT

 public:
  struct Hit {
    enum Kind { kNone, kNeuron, kConnection };
    Kind kind = kNone;
    std::size_t id = 0;
  };

  explicit NetworkScene(QObject* parent = nullptr);
  ~NetworkScene() override;

  void setStructure(std::shared_ptr<const NetworkStructure> structure);
  const NetworkStructure* structure() const { return structure_.get(); }
  const NetworkLayout& layout() const { return layout_; }
  LayerItem* layerItem(int layer) const { return layers_[static_cast<std::size_t>(layer)]; }
  ConnectionItem* connectionItem() const { return connections_; }
  HighlightItem* highlightItem() const { return highlight_; }
  // Graph networks: each neuron tinted by its part (partition_item.h); null for layer networks.
  PartitionItem* partitionItem() const { return partitions_; }
  void setPartitionsShown(bool shown);
  bool partitionsShown() const { return partitions_shown_; }  // the outlines (the lines item shares its content)

  // [neuron] of the current sample (ignored unless it fits the structure).
  void setValues(const std::vector<float>& values);
  const std::vector<float>& values() const { return values_; }
  void setParameters(std::shared_ptr<const ParameterCopy> parameters);
  bool hasWeights() const;
  float weight(std::size_t connection) const;
  float bias(std::size_t neuron) const;
  // Blocks until the digest of the latest weights is applied (tests, benchmark).
  void waitForDigest();
  const ConnectionDigest& digest() const { return digest_; }

  void setConnectionMode(ConnectionMode mode);
  ConnectionMode connectionMode() const;
  void setTopK(int k);
  int topK() const { return top_k_; }
  // |value| that gets the strongest colour in every layer; 0: each layer its own (the 99th
  // percentile of its |values|).
  void setFixedScale(float scale);
  float fixedScale() const { return fixed_scale_; }
  // The view's level of detail (which connections are drawn, so which can be clicked).
  void setLod(NetworkLod lod) { lod_ = lod; }
  // The view is moving (zoom or pan): lines are drawn aliased and thin until it rests.
  void setMoving(bool moving);

  void setHovered(std::optional<std::size_t> neuron);
  std::optional<std::size_t> hovered() const { return hovered_; }
  // Neurons and connections in the watch list, and those of them selected.
  void setMarks(std::vector<std::size_t> watched_neurons, std::vector<std::size_t> selected_neurons,
                std::vector<std::size_t> selected_connections);

  // What is under `point`; `tolerance` (scene units) for lines.
  Hit hit(QPointF point, double tolerance) const;

 signals:
  void neuronClicked(std::size_t neuron, Qt::KeyboardModifiers modifiers);
  void connectionClicked(std::size_t connection, Qt::KeyboardModifiers modifiers);
  void hoverChanged(dendrite::NetworkScene::Hit hit);
  void digestApplied();

 protected:
  void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

 private:
  double tolerance_for(const QGraphicsSceneMouseEvent* event) const;
  void start_digest();
  void apply_digest(ConnectionDigest digest);
  void rebuild_highlight();
  void rebuild_receptive_field();
  void recolour_layers();
  QPointF centre(std::size_t neuron) const;
  // The part of a connection's line that is not hidden under the layer grids.
  QLineF visible_part(const QLineF& line, int source_layer, int target_layer) const;
  // A connection's line as drawn: the visible part of a straight line, or an arc's segments
  // (NetworkLayout::route()); appended to `out`.
  void route(QPointF a, QPointF b, int source_layer, int target_layer, std::vector<QLineF>* out) const;
  void connection_lines(std::size_t connection, std::vector<QLineF>* out) const;

  std::shared_ptr<const NetworkStructure> structure_;
  NetworkLayout layout_;
  std::vector<LayerItem*> layers_;
  ConnectionItem* connections_ = nullptr;
  HighlightItem* highlight_lines_ = nullptr;  // under the layers
  HighlightItem* highlight_ = nullptr;        // outlines, over the layers
  PartitionItem* partitions_ = nullptr;       // over the layers, under the outlines
  bool partitions_shown_ = false;
  std::vector<float> values_;  // [neuron]
  std::shared_ptr<const ParameterCopy> parameters_;
  ConnectionDigest digest_;
  QFutureWatcher<ConnectionDigest>* digest_job_ = nullptr;
  bool digest_again_ = false;  // weights arrived while a digest was running
  int top_k_ = 1000;
  float fixed_scale_ = 0;
  NetworkLod lod_ = NetworkLod::kOverview;
  std::optional<std::size_t> hovered_;
  std::vector<int> overlaid_layers_;  // layers holding a receptive-field overlay
  std::vector<std::size_t> watched_neurons_, selected_neurons_, selected_connections_;
};

}  // namespace dendrite

Q_DECLARE_METATYPE(dendrite::NetworkScene::Hit)
