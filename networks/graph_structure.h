// graph_structure.h — what every graph module (graph, graph_o1, graph_o2) shares: the topology of
// a graph spec, its connections in canonical order (including the seeded random reads), the
// transposed lists for pull-style backprop, and the effective T and loss weighting.
//
//   Topology topology = graph_network_topology(spec);            // images as W×H×C "layers"
//   ConnectionList list = build_graph_connections(spec, topology);
//   for (c = list.first[n]; c < list.first[n + 1]; ++c) source of connection c = list.sources[c]
//
// Canonical order (core/network_module.h): connections grouped by target neuron, sources
// ascending. A target neuron's sources are merged from its image's reads in source-image order, so
// ascending ids come for free (each source image is read at most once, and windows and random
// draws are emitted in ascending order). Random reads draw from Rng(seed, kGraphGenerator,
// target image · 65536 + source image), visiting target neurons in id order, so the connections
// depend only on the spec.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/network_module.h"
#include "core/network_spec.h"
#include "networks/activation.h"
#include "core/status.h"
#include "networks/push_layer.h"

namespace dendrite {

// Topology of a graph spec: one LayerInfo per image (kind kInput or kImage).
Topology graph_network_topology(const NetworkSpec& spec);

// Every connection of a graph network (input neurons have none).
ConnectionList build_graph_connections(const NetworkSpec& spec, const Topology& topology);

// The connections reading each neuron: for source neuron n, entries [first[n], first[n + 1]) give
// the connection id and its target, in connection-id order.
struct BackTargetList {
  std::vector<std::size_t> first;       // [neuron + 1]
  std::vector<std::uint32_t> connection;  // [entry] connection id
  std::vector<std::uint32_t> target;      // [entry] target neuron id
};
BackTargetList build_back_targets(const ConnectionList& list, std::size_t neuron_count);

// ModuleOptions with the spec header's pins applied (a pinned T or loss weighting wins), checked:
// T in 1..1000, weighting last, uniform or ramp.
Result<ModuleOptions> graph_module_options(const NetworkSpec& spec, const ModuleOptions& options);

// Checks that a spec is a graph spec a graph module can run; `module` names it in the error.
Status check_graph_spec(const NetworkSpec& spec, const char* module);

}  // namespace dendrite
