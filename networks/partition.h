// partition.h — splitting a graph network's neurons into parts, one per thread (graph_net_o2).
//
// The notes: "if the graph can be partitioned such that the vast majority of the connections in
// each partition point to other neurons in the same partition, with only a few pointing
// externally, that would allow decent multithreading." Every neuron goes to exactly one part.
// Two partitioners:
//   spatial  each image is cut into `parts` bands of equal pixel count in row-major order
//            (y-bands), so band p of every image covers the same stretch of the picture and local
//            windows between images stay inside their band except at band edges;
//   metis    METIS k-way (libmetis) on the undirected neuron graph, vertices weighted by the work
//            they cost (2·fan-in + fan-out: forward, gradient, pull backprop), edges by the number
//            of connections between the pair, seed 1, so the result is reproducible.
// The cut fraction is the share of connections whose source lies in another part than their
// target: the values that cross between threads at each iteration.
//
//   auto partition = partition_neurons(topology, connections, 2, PartitionMethod::kMetis);
//   partition->part_of[n]  // 0 or 1
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/network_module.h"
#include "core/status.h"
#include "networks/push_layer.h"

namespace dendrite {

enum class PartitionMethod { kSpatial, kMetis };
const char* partition_method_name(PartitionMethod method);
Result<PartitionMethod> parse_partition_method(const std::string& name);

struct NeuronPartition {
  int parts = 1;
  std::vector<int> part_of;               // [neuron] its part, 0..parts-1
  std::vector<std::size_t> sizes;         // [part] neurons
  std::vector<std::uint64_t> work;        // [part] 2·fan-in + fan-out summed over its neurons
  std::uint64_t cut_connections = 0;      // connections whose source is in another part
  double cut_fraction = 0.0;              // cut_connections / all connections
};

Result<NeuronPartition> partition_neurons(const Topology& topology, const ConnectionList& connections,
                                          int parts, PartitionMethod method);

// Connections whose source and target lie in different parts.
std::uint64_t count_cut_connections(const ConnectionList& connections, const std::vector<int>& part_of);

}  // namespace dendrite
