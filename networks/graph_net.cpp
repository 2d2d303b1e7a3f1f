#include "networks/graph_net.h"

#include <algorithm>
#include <cmath>

#include "networks/graph_structure.h"

namespace dendrite {

Result<std::unique_ptr<NetworkModule>> GraphNet::create(const NetworkSpec& spec,
                                                        const ModuleOptions& options,
                                                        Executor& executor) {
  DENDRITE_TRY(check_graph_spec(spec, "graph"));
  DENDRITE_ASSIGN_OR_RETURN(ModuleOptions effective, graph_module_options(spec, options));
  Topology topology = graph_network_topology(spec);
  return std::unique_ptr<NetworkModule>(new GraphNet(spec, std::move(topology), effective, executor));
}

GraphNet::GraphNet(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
    : NetworkModule(std::move(spec), std::move(topology), std::move(options), executor) {
  iterations_ = options_.iterations;
  loss_weights_ = loss_weights(options_.loss_weighting, iterations_);
  wire_neurons(build_graph_connections(spec_, topology_), topology_.neuron_count, neurons_, first_connection_);
}

ConnectionEnds GraphNet::connection(std::size_t id) const {
  return neuron_connection(neurons_, first_connection_, id);
}

std::pair<std::size_t, std::size_t> GraphNet::incoming(std::size_t neuron) const {
  return {first_connection_[neuron], neurons_[neuron].incoming.size()};
}

ParameterSlot GraphNet::parameter(ParameterRef ref) const {
  return neuron_parameter(neurons_, first_connection_, ref);
}

void GraphNet::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  set_neuron_parameter(neurons_, first_connection_, ref, slot);
}

void GraphNet::export_state(ParameterState& out) const {
  export_neuron_state(neurons_, first_connection_, topology_, moment_count_, out);
}

Status GraphNet::import_state(const ParameterState& state) {
  // Input neurons have no bias in a graph network: whatever the state holds, they keep 0.
  return import_neuron_state(neurons_, first_connection_, topology_, state, /*input_biases=*/false, moment_count_);
}

float GraphNet::activate(Activation a, float signal) const {
  return dendrite::activate(a, signal, options_.leakage);
}

float GraphNet::derivative(Activation a, float signal, float value) const {
  return activation_derivative(a, signal, value, options_.leakage);
}

void GraphNet::resize_histories(int batch) {
  if (batch == batch_) return;
  batch_ = batch;
  const std::size_t size = static_cast<std::size_t>(iterations_ + 1) * static_cast<std::size_t>(batch);
  for (Neuron& n : neurons_) {
    n.value_history.assign(size, 0.0f);
    n.signal_history.assign(size, 0.0f);
    n.error_history.assign(size, 0.0f);
  }
}

void GraphNet::clamp_image(std::size_t image, const float* values) {
  const LayerInfo& info = topology_.layers[image];
  for (std::size_t i = 0; i < info.neuron_count; ++i) {
    Neuron& neuron = neurons_[info.first_neuron + i];
    for (int b = 0; b < batch_; ++b) {
      const float v = values == nullptr ? 0.0f : values[static_cast<std::size_t>(b) * info.neuron_count + i];
      for (int t = 0; t <= iterations_; ++t) neuron.value_history[slot(t, b)] = v;
    }
  }
}

void GraphNet::iterate(const std::vector<std::size_t>& clamped) {
  std::vector<std::size_t> free_images;
  for (std::size_t l = 0; l < topology_.layers.size(); ++l)
    if (std::find(clamped.begin(), clamped.end(), l) == clamped.end()) free_images.push_back(l);
  // Values start at 0.
  for (std::size_t l : free_images) {
    const LayerInfo& info = topology_.layers[l];
    for (std::size_t id = info.first_neuron; id < info.first_neuron + info.neuron_count; ++id)
      for (int b = 0; b < batch_; ++b) neurons_[id].value_history[slot(0, b)] = 0.0f;
  }
  for (int t = 1; t <= iterations_; ++t) {
    for (std::size_t l : free_images) {
      const LayerInfo& info = topology_.layers[l];
      executor_->parallel_for(info.first_neuron, info.first_neuron + info.neuron_count,
                              [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t id = begin; id < end; ++id) {
          Neuron& neuron = neurons_[id];
          for (int b = 0; b < batch_; ++b) {
            float signal = neuron.bias;
            for (const Connection& c : neuron.incoming)
              signal += c.weight * neurons_[c.source].value_history[slot(t - 1, b)];
            neuron.signal_history[slot(t, b)] = signal;
            neuron.value_history[slot(t, b)] = activate(info.activation, signal);
          }
        }
      });
    }
  }
}

void GraphNet::forward(const float* inputs, int batch) {
  resize_histories(batch);
  clamp_image(0, inputs);
  iterate({0});
}

void GraphNet::outputs(float* out) const {
  const LayerInfo& layer = topology_.layers.back();
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (int b = 0; b < batch_; ++b)
      out[static_cast<std::size_t>(b) * layer.neuron_count + i] =
          neurons_[layer.first_neuron + i].value_history[slot(iterations_, b)];
}

void GraphNet::neuron_values(int sample, float* values) const {
  for (std::size_t n = 0; n < neurons_.size(); ++n)
    values[n] = sample < batch_ ? neurons_[n].value_history[slot(iterations_, sample)] : 0.0f;
}

void GraphNet::compute_iteration_losses(const float* targets) {
  const LayerInfo& out = topology_.layers.back();
  iteration_losses_.assign(static_cast<std::size_t>(iterations_), 0.0);
  for (int t = 1; t <= iterations_; ++t) {
    double sum = 0.0;
    for (std::size_t i = 0; i < out.neuron_count; ++i)
      for (int b = 0; b < batch_; ++b) {
        const double d = static_cast<double>(neurons_[out.first_neuron + i].value_history[slot(t, b)]) -
                         targets[static_cast<std::size_t>(b) * out.neuron_count + i];
        sum += d * d;
      }
    iteration_losses_[static_cast<std::size_t>(t - 1)] =
        sum / static_cast<double>(out.neuron_count * static_cast<std::size_t>(batch_));
  }
}

double GraphNet::weighted_loss() const {
  double loss = 0.0;
  for (std::size_t t = 0; t < iteration_losses_.size(); ++t) loss += loss_weights_[t] * iteration_losses_[t];
  return loss;
}

void GraphNet::backward_errors(const float* targets) {
  const LayerInfo& out = topology_.layers.back();
  const float scale = 2.0f / static_cast<float>(out.neuron_count * static_cast<std::size_t>(batch_));
  for (int t = iterations_; t >= 1; --t) {
    const auto alpha = static_cast<float>(loss_weights_[static_cast<std::size_t>(t - 1)]);
    for (std::size_t l = 1; l < topology_.layers.size(); ++l) {
      const LayerInfo& info = topology_.layers[l];
      const bool is_output = l + 1 == topology_.layers.size();
      executor_->parallel_for(info.first_neuron, info.first_neuron + info.neuron_count,
                              [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t id = begin; id < end; ++id) {
          Neuron& neuron = neurons_[id];
          for (int b = 0; b < batch_; ++b) {
            float error = 0.0f;
            if (is_output) {
              const float target = targets[static_cast<std::size_t>(b) * out.neuron_count + (id - out.first_neuron)];
              error = alpha * scale * (neuron.value_history[slot(t, b)] - target);
            }
            if (t < iterations_) {
              for (const BackTarget& bt : neuron.back_targets) {
                const Neuron& target = neurons_[bt.target];
                error += target.incoming[bt.connection].weight * target.error_history[slot(t + 1, b)];
              }
            }
            neuron.error_history[slot(t, b)] =
                derivative(info.activation, neuron.signal_history[slot(t, b)], neuron.value_history[slot(t, b)]) *
                error;
          }
        }
      });
    }
  }
}

void GraphNet::accumulate_gradients() {
  executor_->parallel_for(topology_.input_size(), neurons_.size(), [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t id = begin; id < end; ++id) {
      Neuron& neuron = neurons_[id];
      float bias_gradient = 0.0f;
      for (int t = 1; t <= iterations_; ++t)
        for (int b = 0; b < batch_; ++b) bias_gradient += neuron.error_history[slot(t, b)];
      neuron.bias_gradient = bias_gradient;
      for (Connection& c : neuron.incoming) {
        const Neuron& source = neurons_[c.source];
        float g = 0.0f;
        for (int t = 1; t <= iterations_; ++t)
          for (int b = 0; b < batch_; ++b)
            g += neuron.error_history[slot(t, b)] * source.value_history[slot(t - 1, b)];
        c.gradient = g;
      }
    }
  });
}

void GraphNet::apply_update(const OptimizerConfig& optimizer) {
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
  executor_->parallel_for(topology_.input_size(), neurons_.size(), [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t id = begin; id < end; ++id) {
      Neuron& neuron = neurons_[id];
      rule.apply(neuron.bias, neuron.bias_gradient, m1 ? &neuron.bias_moment1 : nullptr,
                 m2 ? &neuron.bias_moment2 : nullptr);
      for (Connection& c : neuron.incoming)
        rule.apply(c.weight, c.gradient, m1 ? &c.moment1 : nullptr, m2 ? &c.moment2 : nullptr);
    }
  });
}

double GraphNet::train_step(const float* inputs, const float* targets, int batch,
                            const OptimizerConfig& optimizer) {
  forward(inputs, batch);
  compute_iteration_losses(targets);
  backward_errors(targets);
  accumulate_gradients();
  apply_update(optimizer);
  return weighted_loss();
}

double GraphNet::evaluate(const float* inputs, const float* targets, int batch, float* out) {
  forward(inputs, batch);
  compute_iteration_losses(targets);
  if (out != nullptr) outputs(out);
  return iteration_losses_.back();
}

Status GraphNet::compute_gradients(const float* inputs, const float* targets, int batch,
                                   std::vector<double>& weight_gradients,
                                   std::vector<double>& bias_gradients) {
  forward(inputs, batch);
  compute_iteration_losses(targets);
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

void GraphNet::encode(const float* inputs, int batch, float* embedding) {
  forward(inputs, batch);
  const LayerInfo& layer = topology_.layers[static_cast<std::size_t>(topology_.embedding_layer)];
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (int b = 0; b < batch; ++b)
      embedding[static_cast<std::size_t>(b) * layer.neuron_count + i] =
          neurons_[layer.first_neuron + i].value_history[slot(iterations_, b)];
}

void GraphNet::decode(const float* embedding, int batch, float* out) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  clamp_image(0, nullptr);
  clamp_image(e, embedding);
  iterate({0, e});
  outputs(out);
}

MemoryFigures GraphNet::memory_figures(int batch) const {
  MemoryFigures figures;
  const double connections = static_cast<double>(std::max<std::size_t>(1, topology_.connection_count));
  figures.bytes_per_connection =
      static_cast<double>((sizeof(Connection) + sizeof(BackTarget)) * topology_.connection_count) / connections;
  // value, signal and error histories over iterations 0..T
  figures.bytes_per_neuron_sample = 3.0 * sizeof(float) * (iterations_ + 1);
  (void)batch;
  figures.parameter_bytes = (topology_.connection_count + topology_.neuron_count) * sizeof(float);
  return figures;
}

}  // namespace dendrite
