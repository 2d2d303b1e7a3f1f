#include "networks/layer_net.h"

#include <algorithm>
#include <cmath>

#include "networks/activation.h"
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
  wire_neurons(build_layer_connections(spec_, topology_), topology_.neuron_count, neurons_, first_connection_);
}

ConnectionEnds LayerNet::connection(std::size_t id) const {
  return neuron_connection(neurons_, first_connection_, id);
}

std::pair<std::size_t, std::size_t> LayerNet::incoming(std::size_t neuron) const {
  return {first_connection_[neuron], neurons_[neuron].incoming.size()};
}

ParameterSlot LayerNet::parameter(ParameterRef ref) const {
  return neuron_parameter(neurons_, first_connection_, ref);
}

void LayerNet::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  set_neuron_parameter(neurons_, first_connection_, ref, slot);
}

void LayerNet::export_state(ParameterState& out) const {
  export_neuron_state(neurons_, first_connection_, topology_, moment_count_, out);
}

Status LayerNet::import_state(const ParameterState& state) {
  return import_neuron_state(neurons_, first_connection_, topology_, state, /*input_biases=*/true, moment_count_);
}

float LayerNet::activate(Activation a, float signal) const {
  return dendrite::activate(a, signal, options_.leakage);
}

float LayerNet::derivative(Activation a, float signal, float value) const {
  return activation_derivative(a, signal, value, options_.leakage);
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
