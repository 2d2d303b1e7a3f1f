#include "app/models/network_structure.h"

#include <algorithm>
#include <thread>

#include "networks/graph_structure.h"
#include "networks/partition.h"

namespace dendrite {

Result<std::shared_ptr<const NetworkStructure>> NetworkStructure::build(const NetworkSpec& spec, int parts) {
  std::shared_ptr<NetworkStructure> s(new NetworkStructure);
  s->spec_ = spec;
  const bool graph = spec.family == NetworkFamily::kGraph;
  if (graph) {
    DENDRITE_TRY(check_graph_spec(spec, "the network view"));
    s->topology_ = graph_network_topology(spec);
    s->list_ = build_graph_connections(spec, s->topology_);
  } else {
    s->topology_ = layer_network_topology(spec);
    s->list_ = build_layer_connections(spec, s->topology_);
  }
  const std::size_t neurons = s->topology_.neuron_count;
  if (s->list_.first.size() != neurons + 1 || s->list_.sources.size() != s->topology_.connection_count)
    return Error{"the connection lists do not match the topology"};

  s->layer_of_.resize(neurons);
  s->source_layers_.resize(s->topology_.layers.size());
  for (std::size_t l = 0; l < s->topology_.layers.size(); ++l) {
    const LayerInfo& info = s->topology_.layers[l];
    std::fill_n(s->layer_of_.begin() + static_cast<std::ptrdiff_t>(info.first_neuron), info.neuron_count,
                static_cast<int>(l));
    if (graph) {
      for (const SourceSpec& read : spec.layers[l].sources) s->source_layers_[l].push_back(read.image);
      std::sort(s->source_layers_[l].begin(), s->source_layers_[l].end());
      s->source_layers_[l].erase(std::unique(s->source_layers_[l].begin(), s->source_layers_[l].end()),
                                 s->source_layers_[l].end());
      for (int source : s->source_layers_[l]) s->recurrent_ = s->recurrent_ || source >= static_cast<int>(l);
    } else if (l > 0 && info.connection_count > 0) {
      s->source_layers_[l].push_back(static_cast<int>(l) - 1);
    }
  }

  // Reverse lists by counting sort: entries grouped by source, connection ids ascending inside.
  s->out_first_.assign(neurons + 1, 0);
  for (std::uint32_t source : s->list_.sources) ++s->out_first_[source + 1];
  for (std::size_t n = 0; n < neurons; ++n) s->out_first_[n + 1] += s->out_first_[n];
  s->out_connection_.resize(s->list_.sources.size());
  std::vector<std::size_t> cursor(s->out_first_.begin(), s->out_first_.end() - 1);
  for (std::size_t c = 0; c < s->list_.sources.size(); ++c)
    s->out_connection_[cursor[s->list_.sources[c]]++] = static_cast<std::uint32_t>(c);

  if (graph) {
    // As graph_o2 partitions (GraphNetO2::build_partition): spatial bands, or METIS where it
    // cuts fewer connections.
    if (parts <= 0) parts = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u));
    DENDRITE_ASSIGN_OR_RETURN(NeuronPartition partition,
                              partition_neurons(s->topology_, s->list_, parts, PartitionMethod::kSpatial));
    if (parts > 1) {
      auto metis = partition_neurons(s->topology_, s->list_, parts, PartitionMethod::kMetis);
      if (metis && metis->cut_connections < partition.cut_connections) partition = std::move(*metis);
    }
    s->parts_ = partition.parts;
    s->part_of_ = std::move(partition.part_of);
  }
  return std::shared_ptr<const NetworkStructure>(std::move(s));
}

NeuronPlace NetworkStructure::place(std::size_t neuron) const {
  NeuronPlace p;
  if (neuron >= layer_of_.size()) return p;
  p.layer = layer_of_[neuron];
  const LayerInfo& info = topology_.layers[static_cast<std::size_t>(p.layer)];
  const std::size_t local = neuron - info.first_neuron;
  const auto channels = static_cast<std::size_t>(info.shape.channels);
  const auto width = static_cast<std::size_t>(info.shape.width);
  p.c = static_cast<int>(local % channels);
  p.x = static_cast<int>((local / channels) % width);
  p.y = static_cast<int>(local / channels / width);
  return p;
}

std::size_t NetworkStructure::neuron_at(int layer, int x, int y, int c) const {
  const LayerInfo& info = topology_.layers[static_cast<std::size_t>(layer)];
  return info.first_neuron + info.shape.index(x, y, c);
}

std::size_t NetworkStructure::target(std::size_t connection) const {
  // The last neuron whose first connection is <= id; neurons without connections share their
  // successor's `first`, and upper_bound steps past all of them.
  const auto it = std::upper_bound(list_.first.begin(), list_.first.end(), connection);
  return static_cast<std::size_t>(it - list_.first.begin()) - 1;
}

}  // namespace dendrite
