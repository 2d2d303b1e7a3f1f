#include "networks/layer_net.h"

#include <algorithm>
#include <cmath>

#include "networks/push_layer.h"

namespace dendrite {

Result<std::unique_ptr<NetworkModule>> LayerNet::create(const NetworkSpec& spec,
                                                        const ModuleOptions& options,
                                                        Executor& executor) {
  if (spec.family != NetworkFamily::kLayer)
    return Error{"the 'layer' module runs layer networks only"};
  Topology topology = layer_network_topology(spec);
  return std::unique_ptr<NetworkModule>(new LayerNet(spec, std::move(topology), options, executor));
}

LayerNet::LayerNet(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
    : NetworkModule(std::move(spec), std::move(topology), std::move(options), executor) {
  const ConnectionList list = build_layer_connections(spec_, topology_);
  neurons_.resize(topology_.neuron_count);
  first_connection_.resize(topology_.neuron_count);
  for (std::size_t n = 0; n < neurons_.size(); ++n) {
    first_connection_[n] = list.first[n];
    Neuron& neuron = neurons_[n];
    neuron.incoming.reserve(list.first[n + 1] - list.first[n]);
    for (std::size_t c = list.first[n]; c < list.first[n + 1]; ++c) {
      neuron.incoming.push_back({list.sources[c], 0.0f, 0.0f, 0.0f, 0.0f});
      neurons_[list.sources[c]].back_targets.push_back(
          {static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(c - list.first[n])});
    }
  }
}

ConnectionEnds LayerNet::connection(std::size_t id) const {
  const auto it = std::upper_bound(first_connection_.begin(), first_connection_.end(), id);
  // The target is the last neuron whose first connection is <= id and that has connections.
  std::size_t target = static_cast<std::size_t>(it - first_connection_.begin()) - 1;
  while (neurons_[target].incoming.empty() ||
         id >= first_connection_[target] + neurons_[target].incoming.size())
    ++target;
  return {neurons_[target].incoming[id - first_connection_[target]].source, target};
}

std::pair<std::size_t, std::size_t> LayerNet::incoming(std::size_t neuron) const {
  return {first_connection_[neuron], neurons_[neuron].incoming.size()};
}

ParameterSlot LayerNet::parameter(ParameterRef ref) const {
  if (ref.kind == ParameterRef::Kind::kBias) {
    const Neuron& n = neurons_[ref.index];
    return {n.bias, n.bias_moment1, n.bias_moment2};
  }
  const ConnectionEnds ends = connection(ref.index);
  const Connection& c = neurons_[ends.target].incoming[ref.index - first_connection_[ends.target]];
  return {c.weight, c.moment1, c.moment2};
}

void LayerNet::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  if (ref.kind == ParameterRef::Kind::kBias) {
    Neuron& n = neurons_[ref.index];
    n.bias = slot.value;
    n.bias_moment1 = slot.moment1;
    n.bias_moment2 = slot.moment2;
    return;
  }
  const ConnectionEnds ends = connection(ref.index);
  Connection& c = neurons_[ends.target].incoming[ref.index - first_connection_[ends.target]];
  c.weight = slot.value;
  c.moment1 = slot.moment1;
  c.moment2 = slot.moment2;
}

void LayerNet::export_state(ParameterState& out) const {
  out.moment_count = moment_count_;
  out.weights.resize(topology_.connection_count);
  out.biases.resize(topology_.neuron_count);
  const bool m1 = moment_count_ >= 1, m2 = moment_count_ >= 2;
  out.weight_moment1.assign(m1 ? topology_.connection_count : 0, 0.0f);
  out.weight_moment2.assign(m2 ? topology_.connection_count : 0, 0.0f);
  out.bias_moment1.assign(m1 ? topology_.neuron_count : 0, 0.0f);
  out.bias_moment2.assign(m2 ? topology_.neuron_count : 0, 0.0f);
  for (std::size_t n = 0; n < neurons_.size(); ++n) {
    const Neuron& neuron = neurons_[n];
    const bool is_input = n < topology_.input_size();
    out.biases[n] = is_input ? 0.0f : neuron.bias;
    if (m1) out.bias_moment1[n] = is_input ? 0.0f : neuron.bias_moment1;
    if (m2) out.bias_moment2[n] = is_input ? 0.0f : neuron.bias_moment2;
    for (std::size_t i = 0; i < neuron.incoming.size(); ++i) {
      const std::size_t id = first_connection_[n] + i;
      out.weights[id] = neuron.incoming[i].weight;
      if (m1) out.weight_moment1[id] = neuron.incoming[i].moment1;
      if (m2) out.weight_moment2[id] = neuron.incoming[i].moment2;
    }
  }
}

Status LayerNet::import_state(const ParameterState& state) {
  const std::size_t nc = topology_.connection_count, nn = topology_.neuron_count;
  if (state.weights.size() != nc || state.biases.size() != nn)
    return Error{str_cat("parameter arrays of ", state.weights.size(), " weights and ",
                         state.biases.size(), " biases do not fit a network of ", nc,
                         " connections and ", nn, " neurons")};
  const int mc = state.moment_count;
  if (mc < 0 || mc > 2 || (mc >= 1 && (state.weight_moment1.size() != nc || state.bias_moment1.size() != nn)) ||
      (mc >= 2 && (state.weight_moment2.size() != nc || state.bias_moment2.size() != nn)))
    return Error{"optimizer state arrays do not fit the network"};
  moment_count_ = mc;
  for (std::size_t n = 0; n < neurons_.size(); ++n) {
    Neuron& neuron = neurons_[n];
    neuron.bias = state.biases[n];
    neuron.bias_moment1 = mc >= 1 ? state.bias_moment1[n] : 0.0f;
    neuron.bias_moment2 = mc >= 2 ? state.bias_moment2[n] : 0.0f;
    for (std::size_t i = 0; i < neuron.incoming.size(); ++i) {
      const std::size_t id = first_connection_[n] + i;
      neuron.incoming[i].weight = state.weights[id];
      neuron.incoming[i].moment1 = mc >= 1 ? state.weight_moment1[id] : 0.0f;
      neuron.incoming[i].moment2 = mc >= 2 ? state.weight_moment2[id] : 0.0f;
    }
  }
  return Status::ok();
}

float LayerNet::activate(Activation a, float signal) const {
  switch (a) {
    case Activation::kLeakyRelu: return signal > 0.0f ? signal : options_.leakage * signal;
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-signal));
    case Activation::kLinear: return signal;
  }
  return signal;
}

float LayerNet::derivative(Activation a, float signal, float value) const {
  switch (a) {
    case Activation::kLeakyRelu: return signal > 0.0f ? 1.0f : options_.leakage;
    case Activation::kSigmoid: return value * (1.0f - value);
    case Activation::kLinear: return 1.0f;
  }
  return 1.0f;
}

void LayerNet::resize_histories(int batch) {
  if (batch == batch_) return;
  batch_ = batch;
  for (Neuron& n : neurons_) {
    n.value_history.assign(static_cast<std::size_t>(batch), 0.0f);
    n.signal_history.assign(static_cast<std::size_t>(batch), 0.0f);
    n.error_history.assign(static_cast<std::size_t>(batch), 0.0f);
  }
}

void LayerNet::forward_layers(std::size_t first_layer, std::size_t last_layer) {
  for (std::size_t l = first_layer; l <= last_layer; ++l) {
    const LayerInfo& layer = topology_.layers[l];
    executor_->parallel_for(layer.first_neuron, layer.first_neuron + layer.neuron_count,
                            [&](std::size_t begin, std::size_t end, int) {
      for (std::size_t id = begin; id < end; ++id) {
        Neuron& neuron = neurons_[id];
        for (int b = 0; b < batch_; ++b) {
          float signal = neuron.bias;
          for (const Connection& c : neuron.incoming) signal += c.weight * neurons_[c.source].value_history[b];
          neuron.signal = signal;
          neuron.value = activate(layer.activation, signal);
          neuron.signal_history[b] = neuron.signal;
          neuron.value_history[b] = neuron.value;
        }
      }
    });
  }
}

void LayerNet::forward(const float* inputs, int batch) {
  resize_histories(batch);
  const std::size_t n_in = topology_.input_size();
  for (std::size_t i = 0; i < n_in; ++i)
    for (int b = 0; b < batch; ++b) neurons_[i].value_history[b] = inputs[static_cast<std::size_t>(b) * n_in + i];
  forward_layers(1, topology_.layers.size() - 1);
}

void LayerNet::outputs(float* out) const {
  const LayerInfo& layer = topology_.layers.back();
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (int b = 0; b < batch_; ++b)
      out[static_cast<std::size_t>(b) * layer.neuron_count + i] = neurons_[layer.first_neuron + i].value_history[b];
}

void LayerNet::neuron_values(int sample, float* values) const {
  for (std::size_t n = 0; n < neurons_.size(); ++n)
    values[n] = sample < batch_ ? neurons_[n].value_history[sample] : 0.0f;
}

double LayerNet::backward_errors(const float* targets) {
  const LayerInfo& out_layer = topology_.layers.back();
  const std::size_t n_out = out_layer.neuron_count;
  const float scale = 2.0f / static_cast<float>(static_cast<std::size_t>(batch_) * n_out);
  std::vector<double> squared(n_out, 0.0);
  executor_->parallel_for(0, n_out, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t i = begin; i < end; ++i) {
      Neuron& neuron = neurons_[out_layer.first_neuron + i];
      double sum = 0.0;
      for (int b = 0; b < batch_; ++b) {
        const float diff = neuron.value_history[b] - targets[static_cast<std::size_t>(b) * n_out + i];
        sum += static_cast<double>(diff) * diff;
        neuron.error = diff * derivative(out_layer.activation, neuron.signal_history[b], neuron.value_history[b]) * scale;
        neuron.error_history[b] = neuron.error;
      }
      squared[i] = sum;
    }
  });
  double loss = 0.0;
  for (double s : squared) loss += s;
  loss /= static_cast<double>(static_cast<std::size_t>(batch_) * n_out);

  for (std::size_t l = topology_.layers.size() - 2; l >= 1; --l) {
    const LayerInfo& layer = topology_.layers[l];
    executor_->parallel_for(layer.first_neuron, layer.first_neuron + layer.neuron_count,
                            [&](std::size_t begin, std::size_t end, int) {
      for (std::size_t id = begin; id < end; ++id) {
        Neuron& neuron = neurons_[id];
        for (int b = 0; b < batch_; ++b) {
          float sum = 0.0f;
          for (const BackTarget& bt : neuron.back_targets) {
            const Neuron& target = neurons_[bt.target];
            sum += target.incoming[bt.connection].weight * target.error_history[b];
          }
          neuron.error = derivative(layer.activation, neuron.signal_history[b], neuron.value_history[b]) * sum;
          neuron.error_history[b] = neuron.error;
        }
      }
    });
  }
  return loss;
}

void LayerNet::accumulate_gradients() {
  executor_->parallel_for(topology_.input_size(), neurons_.size(),
                          [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t id = begin; id < end; ++id) {
      Neuron& neuron = neurons_[id];
      float bias_gradient = 0.0f;
      for (int b = 0; b < batch_; ++b) bias_gradient += neuron.error_history[b];
      neuron.bias_gradient = bias_gradient;
      for (Connection& c : neuron.incoming) {
        const Neuron& source = neurons_[c.source];
        float g = 0.0f;
        for (int b = 0; b < batch_; ++b) g += neuron.error_history[b] * source.value_history[b];
        c.gradient = g;
      }
    }
  });
}

void LayerNet::apply_update(const OptimizerConfig& optimizer) {
  const int needed = optimizer.moment_count();
  if (needed != moment_count_) {
    // A different optimizer (or momentum switched on/off): start its state from zero.
    for (Neuron& n : neurons_) {
      n.bias_moment1 = n.bias_moment2 = 0.0f;
      for (Connection& c : n.incoming) c.moment1 = c.moment2 = 0.0f;
    }
    moment_count_ = needed;
  }
  const UpdateRule rule(optimizer);
  const bool m1 = needed >= 1, m2 = needed >= 2;
  executor_->parallel_for(topology_.input_size(), neurons_.size(),
                          [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t id = begin; id < end; ++id) {
      Neuron& neuron = neurons_[id];
      rule.apply(neuron.bias, neuron.bias_gradient, m1 ? &neuron.bias_moment1 : nullptr,
                 m2 ? &neuron.bias_moment2 : nullptr);
      for (Connection& c : neuron.incoming)
        rule.apply(c.weight, c.gradient, m1 ? &c.moment1 : nullptr, m2 ? &c.moment2 : nullptr);
    }
  });
}

double LayerNet::train_step(const float* inputs, const float* targets, int batch,
                            const OptimizerConfig& optimizer) {
  forward(inputs, batch);
  const double loss = backward_errors(targets);
  accumulate_gradients();
  apply_update(optimizer);
  return loss;
}

Status LayerNet::compute_gradients(const float* inputs, const float* targets, int batch,
                                   std::vector<double>& weight_gradients,
                                   std::vector<double>& bias_gradients) {
  forward(inputs, batch);
  backward_errors(targets);
  accumulate_gradients();
  weight_gradients.assign(topology_.connection_count, 0.0);
  bias_gradients.assign(topology_.neuron_count, 0.0);
  for (std::size_t n = topology_.input_size(); n < neurons_.size(); ++n) {
    bias_gradients[n] = neurons_[n].bias_gradient;
    for (std::size_t i = 0; i < neurons_[n].incoming.size(); ++i)
      weight_gradients[first_connection_[n] + i] = neurons_[n].incoming[i].gradient;
  }
  return Status::ok();
}

void LayerNet::encode(const float* inputs, int batch, float* embedding) {
  resize_histories(batch);
  const std::size_t n_in = topology_.input_size();
  for (std::size_t i = 0; i < n_in; ++i)
    for (int b = 0; b < batch; ++b) neurons_[i].value_history[b] = inputs[static_cast<std::size_t>(b) * n_in + i];
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  forward_layers(1, e);
  const LayerInfo& layer = topology_.layers[e];
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (int b = 0; b < batch; ++b)
      embedding[static_cast<std::size_t>(b) * layer.neuron_count + i] = neurons_[layer.first_neuron + i].value_history[b];
}

void LayerNet::decode(const float* embedding, int batch, float* out) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  const LayerInfo& layer = topology_.layers[e];
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (int b = 0; b < batch; ++b)
      neurons_[layer.first_neuron + i].value_history[b] = embedding[static_cast<std::size_t>(b) * layer.neuron_count + i];
  if (e + 1 < topology_.layers.size()) forward_layers(e + 1, topology_.layers.size() - 1);
  outputs(out);
}

MemoryFigures LayerNet::memory_figures(int batch) const {
  MemoryFigures figures;
  const double connections = static_cast<double>(std::max<std::size_t>(1, topology_.connection_count));
  figures.bytes_per_connection = (sizeof(Connection) + sizeof(BackTarget)) * topology_.connection_count / connections;
  figures.bytes_per_neuron_sample = 3.0 * sizeof(float);  // value, signal and error histories
  (void)batch;
  figures.parameter_bytes = (topology_.connection_count + topology_.neuron_count) * sizeof(float);
  return figures;
}

}  // namespace dendrite
