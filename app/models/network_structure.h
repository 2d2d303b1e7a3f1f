// network_structure.h — every neuron and connection of a network, for the views (Qt-free).
//
// The network view and the watch list need to know which neuron a connection id joins to which,
// every incoming and outgoing connection of a neuron, and where a neuron sits (layer, x, y,
// channel) — without touching the module the training thread owns. NetworkStructure builds its
// own connection lists from the spec, with the same generators and therefore the same canonical
// ids as every module (core/network_module.h), plus the reverse lists for outgoing connections.
// Graph networks: each image is a "layer" (its W×H×C grid); an image may read any image, itself
// included (recurrent()), and the neurons are split into parts the way graph_o2 splits them
// over its threads (part_of()).
//
//   auto s = NetworkStructure::build(spec);           // ~0.1 s for two million connections
//   for (auto c = s->incoming_begin(n); c < s->incoming_end(n); ++c) s->source(c) …
//   for (auto e = s->outgoing_begin(n); e < s->outgoing_end(n); ++e) s->outgoing_connection(e) …
//   NeuronPlace p = s->place(n);                       // layer, x, y, c
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/network_module.h"
#include "core/network_spec.h"
#include "core/status.h"
#include "networks/push_layer.h"

namespace dendrite {

struct NeuronPlace {
  int layer = -1;
  int x = 0, y = 0, c = 0;
};

class NetworkStructure {
 public:
  // `parts`: graph networks' partition into that many parts (0: one per hardware thread, as the
  // training thread team has by default).
  static Result<std::shared_ptr<const NetworkStructure>> build(const NetworkSpec& spec, int parts = 0);

  const NetworkSpec& spec() const { return spec_; }
  const Topology& topology() const { return topology_; }
  std::size_t neuron_count() const { return topology_.neuron_count; }
  std::size_t connection_count() const { return topology_.connection_count; }

  NeuronPlace place(std::size_t neuron) const;
  std::size_t neuron_at(int layer, int x, int y, int c) const;

  // Incoming connections of `neuron`: ids [incoming_begin, incoming_end).
  std::size_t incoming_begin(std::size_t neuron) const { return list_.first[neuron]; }
  std::size_t incoming_end(std::size_t neuron) const { return list_.first[neuron + 1]; }
  std::size_t source(std::size_t connection) const { return list_.sources[connection]; }
  std::size_t target(std::size_t connection) const;  // binary search over the targets
  // Outgoing connections of `neuron`: entries [outgoing_begin, outgoing_end), each a connection id.
  std::size_t outgoing_begin(std::size_t neuron) const { return out_first_[neuron]; }
  std::size_t outgoing_end(std::size_t neuron) const { return out_first_[neuron + 1]; }
  std::size_t outgoing_connection(std::size_t entry) const { return out_connection_[entry]; }

  // The layers that `layer`'s neurons read from, ascending (layer networks: the one before it).
  const std::vector<int>& source_layers(int layer) const {
    return source_layers_[static_cast<std::size_t>(layer)];
  }
  bool is_graph() const { return spec_.family == NetworkFamily::kGraph; }
  // Some layer reads itself or a later one (graph networks' recurrent and self connections).
  bool recurrent() const { return recurrent_; }
  // Graph networks: the part of each neuron (0..parts() − 1); empty for layer networks.
  int parts() const { return parts_; }
  const std::vector<int>& part_of() const { return part_of_; }

 private:
  NetworkStructure() = default;

  NetworkSpec spec_;
  Topology topology_;
  ConnectionList list_;                      // sources: [connection]; first: [neuron + 1]
  std::vector<std::size_t> out_first_;       // [neuron + 1] first outgoing entry
  std::vector<std::uint32_t> out_connection_;  // [entry] connection id, grouped by source neuron
  std::vector<int> layer_of_;                // [neuron] layer index
  std::vector<std::vector<int>> source_layers_;  // [layer] layers read, ascending
  bool recurrent_ = false;
  int parts_ = 0;
  std::vector<int> part_of_;                 // [neuron] its part (graph networks)
};

}  // namespace dendrite
