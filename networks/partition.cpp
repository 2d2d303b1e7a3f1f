#include "networks/partition.h"

#include <metis.h>

#include <algorithm>

namespace dendrite {
namespace {

std::vector<std::uint64_t> neuron_work(const ConnectionList& connections, std::size_t neuron_count) {
  std::vector<std::uint64_t> work(neuron_count, 0);
  for (std::size_t n = 0; n < neuron_count; ++n) work[n] += 2 * (connections.first[n + 1] - connections.first[n]);
  for (std::uint32_t source : connections.sources) work[source] += 1;
  return work;
}

std::vector<int> spatial_parts(const Topology& topology, int parts) {
  std::vector<int> part_of(topology.neuron_count, 0);
  for (const LayerInfo& image : topology.layers) {
    const std::size_t pixels = image.shape.pixel_count();
    const auto channels = static_cast<std::size_t>(image.shape.channels);
    for (std::size_t pixel = 0; pixel < pixels; ++pixel) {
      const int part = static_cast<int>(pixel * static_cast<std::size_t>(parts) / pixels);
      for (std::size_t c = 0; c < channels; ++c) part_of[image.first_neuron + pixel * channels + c] = part;
    }
  }
  return part_of;
}

Result<std::vector<int>> metis_parts(const ConnectionList& connections, std::size_t neuron_count,
                                     const std::vector<std::uint64_t>& work, int parts) {
  // Undirected adjacency without self loops; an edge's weight counts the connections between the pair.
  std::vector<std::vector<std::pair<idx_t, idx_t>>> adjacency(neuron_count);
  for (std::size_t target = 0; target < neuron_count; ++target)
    for (std::size_t c = connections.first[target]; c < connections.first[target + 1]; ++c) {
      const std::size_t source = connections.sources[c];
      if (source == target) continue;
      adjacency[target].emplace_back(static_cast<idx_t>(source), 1);
      adjacency[source].emplace_back(static_cast<idx_t>(target), 1);
    }
  std::vector<idx_t> xadj{0}, adjncy, adjwgt;
  for (auto& neighbours : adjacency) {
    std::sort(neighbours.begin(), neighbours.end());
    for (std::size_t i = 0; i < neighbours.size(); ++i) {
      if (!adjncy.empty() && static_cast<std::size_t>(xadj.back()) < adjncy.size() &&
          adjncy.back() == neighbours[i].first) {
        adjwgt.back() += 1;
        continue;
      }
      adjncy.push_back(neighbours[i].first);
      adjwgt.push_back(1);
    }
    xadj.push_back(static_cast<idx_t>(adjncy.size()));
    std::vector<std::pair<idx_t, idx_t>>().swap(neighbours);
  }
  std::vector<idx_t> vwgt(neuron_count);
  for (std::size_t n = 0; n < neuron_count; ++n) vwgt[n] = static_cast<idx_t>(std::max<std::uint64_t>(1, work[n]));
  idx_t nvtxs = static_cast<idx_t>(neuron_count), ncon = 1, nparts = parts, edgecut = 0;
  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_SEED] = 1;
  options[METIS_OPTION_NUMBERING] = 0;
  std::vector<idx_t> part(neuron_count, 0);
  const int status = METIS_PartGraphKway(&nvtxs, &ncon, xadj.data(), adjncy.data(), vwgt.data(), nullptr,
                                         adjwgt.data(), &nparts, nullptr, nullptr, options, &edgecut, part.data());
  if (status != METIS_OK) return Error{str_cat("METIS could not partition the graph (status ", status, ")")};
  return std::vector<int>(part.begin(), part.end());
}

}  // namespace

const char* partition_method_name(PartitionMethod method) {
  return method == PartitionMethod::kMetis ? "metis" : "spatial";
}

Result<PartitionMethod> parse_partition_method(const std::string& name) {
  if (name == "metis") return PartitionMethod::kMetis;
  if (name == "spatial") return PartitionMethod::kSpatial;
  return Error{str_cat("unknown partitioner '", name, "' (expected metis or spatial)")};
}

std::uint64_t count_cut_connections(const ConnectionList& connections, const std::vector<int>& part_of) {
  std::uint64_t cut = 0;
  for (std::size_t target = 0; target + 1 < connections.first.size(); ++target)
    for (std::size_t c = connections.first[target]; c < connections.first[target + 1]; ++c)
      if (part_of[connections.sources[c]] != part_of[target]) ++cut;
  return cut;
}

Result<NeuronPartition> partition_neurons(const Topology& topology, const ConnectionList& connections,
                                          int parts, PartitionMethod method) {
  if (parts < 1) return Error{str_cat("cannot split a graph into ", parts, " parts")};
  const std::size_t n = topology.neuron_count;
  NeuronPartition partition;
  partition.parts = parts;
  const std::vector<std::uint64_t> work = neuron_work(connections, n);
  if (parts == 1) {
    partition.part_of.assign(n, 0);
  } else if (method == PartitionMethod::kSpatial) {
    partition.part_of = spatial_parts(topology, parts);
  } else {
    DENDRITE_ASSIGN_OR_RETURN(partition.part_of, metis_parts(connections, n, work, parts));
  }
  partition.sizes.assign(static_cast<std::size_t>(parts), 0);
  partition.work.assign(static_cast<std::size_t>(parts), 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto p = static_cast<std::size_t>(partition.part_of[i]);
    partition.sizes[p] += 1;
    partition.work[p] += work[i];
  }
  partition.cut_connections = count_cut_connections(connections, partition.part_of);
  partition.cut_fraction = connections.sources.empty()
                               ? 0.0
                               : static_cast<double>(partition.cut_connections) /
                                     static_cast<double>(connections.sources.size());
  return partition;
}

}  // namespace dendrite
