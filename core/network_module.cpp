#include "core/network_module.h"

#include <algorithm>

namespace dendrite {

Status ParameterState::check_shape(std::size_t connections, std::size_t neurons) const {
  if (weights.size() != connections || biases.size() != neurons)
    return Error{str_cat("parameter arrays of ", weights.size(), " weights and ", biases.size(),
                         " biases do not fit a network of ", connections, " connections and ", neurons,
                         " neurons")};
  const int mc = moment_count;
  if (mc < 0 || mc > 2 || (mc >= 1 && (weight_moment1.size() != connections || bias_moment1.size() != neurons)) ||
      (mc >= 2 && (weight_moment2.size() != connections || bias_moment2.size() != neurons)))
    return Error{"optimizer state arrays do not fit the network"};
  return Status::ok();
}

int Topology::layer_of_neuron(std::size_t neuron) const {
  for (std::size_t l = 0; l < layers.size(); ++l)
    if (neuron >= layers[l].first_neuron && neuron < layers[l].first_neuron + layers[l].neuron_count)
      return static_cast<int>(l);
  return -1;
}

int Topology::layer_of_connection(std::size_t connection) const {
  for (std::size_t l = 0; l < layers.size(); ++l)
    if (connection >= layers[l].first_connection &&
        connection < layers[l].first_connection + layers[l].connection_count)
      return static_cast<int>(l);
  return -1;
}

void NetworkModule::set_weight(std::size_t connection, float value) {
  const ParameterRef ref{ParameterRef::Kind::kWeight, connection};
  ParameterSlot slot = parameter(ref);
  slot.value = value;
  set_parameter(ref, slot);
}

void NetworkModule::set_bias(std::size_t neuron, float value) {
  const ParameterRef ref{ParameterRef::Kind::kBias, neuron};
  ParameterSlot slot = parameter(ref);
  slot.value = value;
  set_parameter(ref, slot);
}

double NetworkModule::evaluate(const float* inputs, const float* targets, int batch, float* out) {
  forward(inputs, batch);
  const std::size_t n = topology_.output_size() * static_cast<std::size_t>(batch);
  std::vector<float> local;
  if (out == nullptr) {
    local.resize(n);
    out = local.data();
  }
  outputs(out);
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(out[i]) - targets[i];
    sum += d * d;
  }
  return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

Status NetworkModule::compute_gradients(const float* inputs, const float* targets, int batch,
                                        std::vector<double>& weight_gradients,
                                        std::vector<double>& bias_gradients) {
  ParameterState before;
  export_state(before);
  OptimizerConfig sgd;
  sgd.kind = OptimizerKind::kSgd;
  sgd.learning_rate = 1.0f;
  sgd.momentum = 0.0f;
  train_step(inputs, targets, batch, sgd);
  ParameterState after;
  export_state(after);
  weight_gradients.resize(before.weights.size());
  bias_gradients.resize(before.biases.size());
  for (std::size_t i = 0; i < before.weights.size(); ++i)
    weight_gradients[i] = static_cast<double>(before.weights[i]) - after.weights[i];
  for (std::size_t i = 0; i < before.biases.size(); ++i)
    bias_gradients[i] = static_cast<double>(before.biases[i]) - after.biases[i];
  for (std::size_t n = 0; n < topology_.input_size(); ++n) bias_gradients[n] = 0.0;
  return import_state(before);
}

Topology layer_network_topology(const NetworkSpec& spec) {
  Topology topology;
  std::size_t neuron = 0, connection = 0;
  for (std::size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& layer = spec.layers[l];
    LayerInfo info;
    info.label = spec.layer_label(l);
    info.kind = layer.kind;
    info.shape = layer.shape;
    info.activation = layer.kind == LayerKind::kInput ? Activation::kLinear : layer.activation;
    info.first_neuron = neuron;
    info.neuron_count = layer.shape.size();
    info.first_connection = connection;
    info.connection_count =
        l == 0 ? 0 : static_cast<std::size_t>(layer_connection_count(layer, spec.layers[l - 1]));
    neuron += info.neuron_count;
    connection += info.connection_count;
    topology.layers.push_back(std::move(info));
  }
  topology.neuron_count = neuron;
  topology.connection_count = connection;
  topology.embedding_layer = spec.embedding_layer;
  topology.input_layer = 0;
  topology.output_layer = static_cast<int>(spec.layers.size()) - 1;
  return topology;
}

}  // namespace dendrite
