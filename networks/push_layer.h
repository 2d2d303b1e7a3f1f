// push_layer.h — the push-layer connection generators: dense, local, up (DESIGN.md §2).
//
// A push-layer function appends a target layer's incoming connections, in canonical order (by
// target neuron, then source neuron ascending; see core/layer_geometry.h), to a ConnectionList:
// a compressed list of source neuron ids grouped by target neuron.
//
//   ConnectionList list = build_layer_connections(spec, topology);
//   for (c = list.first[n]; c < list.first[n + 1]; ++c) source of connection c = list.sources[c]
#pragma once

#include <cstdint>
#include <vector>

#include "core/network_module.h"
#include "core/network_spec.h"

namespace dendrite {

struct ConnectionList {
  std::vector<std::uint32_t> sources;  // [connection] source neuron id
  std::vector<std::size_t> first;      // [neuron + 1] first connection id of each target neuron
};

// Appends the incoming connections of every neuron of `target`, reading from the layer described
// by `source_info`. Target layers must be appended in neuron-id order.
void push_layer(const LayerSpec& target, const LayerInfo& source_info, ConnectionList& list);

// All connections of a layer network, plus empty entries for the input neurons.
ConnectionList build_layer_connections(const NetworkSpec& spec, const Topology& topology);

}  // namespace dendrite
