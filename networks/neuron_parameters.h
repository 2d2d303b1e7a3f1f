// neuron_parameters.h — the parameters of the reference modules' explicit neurons (`layer`,
// `graph`): each neuron holds its incoming connections (source, weight, gradient, optimizer
// moments) and its bias; connection ids run neuron by neuron in incoming-list order, starting at
// first[neuron]. Wiring, lookup by id, single-parameter get/set and the whole-state export and
// import live here once, for any Neuron struct with `incoming`, `back_targets`, `bias`,
// `bias_moment1` and `bias_moment2`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/network_module.h"
#include "networks/push_layer.h"

namespace dendrite {

struct NeuronConnection {
  std::uint32_t source;  // neuron id
  float weight;
  float gradient;
  float moment1;  // SGD velocity or Adam m
  float moment2;  // Adam s
};

struct NeuronBackTarget {
  std::uint32_t target;      // neuron id of the connection's target
  std::uint32_t connection;  // index into the target's incoming list
};

// Fills every neuron's incoming list (weights 0) and its sources' back-targets from `list`.
template <typename Neuron>
void wire_neurons(const ConnectionList& list, std::size_t neuron_count, std::vector<Neuron>& neurons,
                  std::vector<std::size_t>& first) {
  neurons.resize(neuron_count);
  first.resize(neuron_count);
  for (std::size_t n = 0; n < neurons.size(); ++n) {
    first[n] = list.first[n];
    Neuron& neuron = neurons[n];
    neuron.incoming.reserve(list.first[n + 1] - list.first[n]);
    for (std::size_t c = list.first[n]; c < list.first[n + 1]; ++c) {
      neuron.incoming.push_back({list.sources[c], 0.0f, 0.0f, 0.0f, 0.0f});
      neurons[list.sources[c]].back_targets.push_back(
          {static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(c - list.first[n])});
    }
  }
}

// The target of connection `id` and its place in the target's incoming list.
template <typename Neuron>
std::pair<std::size_t, std::size_t> locate_connection(const std::vector<Neuron>& neurons,
                                                      const std::vector<std::size_t>& first, std::size_t id) {
  const auto it = std::upper_bound(first.begin(), first.end(), id);
  // The target is the last neuron whose first connection is <= id and that has connections.
  std::size_t target = static_cast<std::size_t>(it - first.begin()) - 1;
  while (neurons[target].incoming.empty() || id >= first[target] + neurons[target].incoming.size()) ++target;
  return {target, id - first[target]};
}

template <typename Neuron>
ConnectionEnds neuron_connection(const std::vector<Neuron>& neurons, const std::vector<std::size_t>& first,
                                 std::size_t id) {
  const auto [target, i] = locate_connection(neurons, first, id);
  return {neurons[target].incoming[i].source, target};
}

template <typename Neuron>
ParameterSlot neuron_parameter(const std::vector<Neuron>& neurons, const std::vector<std::size_t>& first,
                               ParameterRef ref) {
  if (ref.kind == ParameterRef::Kind::kBias) {
    const Neuron& n = neurons[ref.index];
    return {n.bias, n.bias_moment1, n.bias_moment2};
  }
  const auto [target, i] = locate_connection(neurons, first, ref.index);
  const NeuronConnection& c = neurons[target].incoming[i];
  return {c.weight, c.moment1, c.moment2};
}

template <typename Neuron>
void set_neuron_parameter(std::vector<Neuron>& neurons, const std::vector<std::size_t>& first, ParameterRef ref,
                          const ParameterSlot& slot) {
  if (ref.kind == ParameterRef::Kind::kBias) {
    Neuron& n = neurons[ref.index];
    n.bias = slot.value;
    n.bias_moment1 = slot.moment1;
    n.bias_moment2 = slot.moment2;
    return;
  }
  const auto [target, i] = locate_connection(neurons, first, ref.index);
  NeuronConnection& c = neurons[target].incoming[i];
  c.weight = slot.value;
  c.moment1 = slot.moment1;
  c.moment2 = slot.moment2;
}

// Every parameter and the `moment_count` meaningful moments; input neurons' biases export as 0.
template <typename Neuron>
void export_neuron_state(const std::vector<Neuron>& neurons, const std::vector<std::size_t>& first,
                         const Topology& topology, int moment_count, ParameterState& out) {
  out.moment_count = moment_count;
  out.weights.resize(topology.connection_count);
  out.biases.resize(topology.neuron_count);
  const bool m1 = moment_count >= 1, m2 = moment_count >= 2;
  out.weight_moment1.assign(m1 ? topology.connection_count : 0, 0.0f);
  out.weight_moment2.assign(m2 ? topology.connection_count : 0, 0.0f);
  out.bias_moment1.assign(m1 ? topology.neuron_count : 0, 0.0f);
  out.bias_moment2.assign(m2 ? topology.neuron_count : 0, 0.0f);
  for (std::size_t n = 0; n < neurons.size(); ++n) {
    const Neuron& neuron = neurons[n];
    const bool is_input = n < topology.input_size();
    out.biases[n] = is_input ? 0.0f : neuron.bias;
    if (m1) out.bias_moment1[n] = is_input ? 0.0f : neuron.bias_moment1;
    if (m2) out.bias_moment2[n] = is_input ? 0.0f : neuron.bias_moment2;
    for (std::size_t i = 0; i < neuron.incoming.size(); ++i) {
      const std::size_t id = first[n] + i;
      out.weights[id] = neuron.incoming[i].weight;
      if (m1) out.weight_moment1[id] = neuron.incoming[i].moment1;
      if (m2) out.weight_moment2[id] = neuron.incoming[i].moment2;
    }
  }
}

// Sets every parameter from `state` (its shape checked first); `input_biases` false keeps input
// neurons' biases and their moments at 0 whatever the state holds.
template <typename Neuron>
Status import_neuron_state(std::vector<Neuron>& neurons, const std::vector<std::size_t>& first,
                           const Topology& topology, const ParameterState& state, bool input_biases,
                           int& moment_count) {
  DENDRITE_TRY(state.check_shape(topology.connection_count, topology.neuron_count));
  const int mc = state.moment_count;
  moment_count = mc;
  for (std::size_t n = 0; n < neurons.size(); ++n) {
    Neuron& neuron = neurons[n];
    const bool keep = input_biases || n >= topology.input_size();
    neuron.bias = keep ? state.biases[n] : 0.0f;
    neuron.bias_moment1 = mc >= 1 && keep ? state.bias_moment1[n] : 0.0f;
    neuron.bias_moment2 = mc >= 2 && keep ? state.bias_moment2[n] : 0.0f;
    for (std::size_t i = 0; i < neuron.incoming.size(); ++i) {
      const std::size_t id = first[n] + i;
      neuron.incoming[i].weight = state.weights[id];
      neuron.incoming[i].moment1 = mc >= 1 ? state.weight_moment1[id] : 0.0f;
      neuron.incoming[i].moment2 = mc >= 2 ? state.weight_moment2[id] : 0.0f;
    }
  }
  return Status::ok();
}

}  // namespace dendrite
