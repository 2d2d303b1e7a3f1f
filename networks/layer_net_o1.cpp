// layer_net_o1.cpp — flat batch-major arrays; see layer_net_o1.h for what changed.
//
// Speedup measured: see the header of layer_net_o1.h and bench/RESULTS.md.
#include "networks/layer_net_o1.h"

#include <algorithm>
#include <cmath>

#include "networks/activation.h"
#include "networks/push_layer.h"

namespace dendrite {

Result<std::unique_ptr<NetworkModule>> LayerNetO1::create(const NetworkSpec& spec,
                                                          const ModuleOptions& options,
                                                          Executor& executor) {
  if (spec.family != NetworkFamily::kLayer)
    return Error{"the 'layer_o1' module runs layer networks only"};
  Topology topology = layer_network_topology(spec);
  return std::unique_ptr<NetworkModule>(new LayerNetO1(spec, std::move(topology), options, executor));
}

LayerNetO1::LayerNetO1(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
    : NetworkModule(std::move(spec), std::move(topology), std::move(options), executor) {
  ConnectionList list = build_layer_connections(spec_, topology_);
  sources_ = std::move(list.sources);
  first_ = std::move(list.first);
  weights_.assign(sources_.size(), 0.0f);
  biases_.assign(topology_.neuron_count, 0.0f);
  // Back-targets: count per source, then fill in connection order (so each source's list is in
  // ascending target order, the order the reference sums in).
  back_first_.assign(topology_.neuron_count + 1, 0);
  for (std::uint32_t s : sources_) ++back_first_[s + 1];
  for (std::size_t n = 0; n < topology_.neuron_count; ++n) back_first_[n + 1] += back_first_[n];
  back_connection_.resize(sources_.size());
  back_target_.resize(sources_.size());
  std::vector<std::size_t> fill(back_first_.begin(), back_first_.end() - 1);
  for (std::size_t t = 0; t < topology_.neuron_count; ++t) {
    for (std::size_t c = first_[t]; c < first_[t + 1]; ++c) {
      const std::size_t slot = fill[sources_[c]]++;
      back_connection_[slot] = static_cast<std::uint32_t>(c);
      back_target_[slot] = static_cast<std::uint32_t>(t);
    }
  }
}

ConnectionEnds LayerNetO1::connection(std::size_t id) const {
  // The target is the last neuron whose first connection is <= id (empty neurons are skipped).
  const auto it = std::upper_bound(first_.begin(), first_.end(), id);
  const auto target = static_cast<std::size_t>(it - first_.begin()) - 1;
  return {sources_[id], target};
}

std::pair<std::size_t, std::size_t> LayerNetO1::incoming(std::size_t neuron) const {
  return {first_[neuron], first_[neuron + 1] - first_[neuron]};
}

ParameterSlot LayerNetO1::parameter(ParameterRef ref) const {
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  const std::vector<float>& value = bias ? biases_ : weights_;
  const std::vector<float>& m1 = bias ? bias_moment1_ : weight_moment1_;
  const std::vector<float>& m2 = bias ? bias_moment2_ : weight_moment2_;
  return {value[ref.index], m1.empty() ? 0.0f : m1[ref.index], m2.empty() ? 0.0f : m2[ref.index]};
}

void LayerNetO1::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  (bias ? biases_ : weights_)[ref.index] = slot.value;
  std::vector<float>& m1 = bias ? bias_moment1_ : weight_moment1_;
  std::vector<float>& m2 = bias ? bias_moment2_ : weight_moment2_;
  if (!m1.empty()) m1[ref.index] = slot.moment1;
  if (!m2.empty()) m2[ref.index] = slot.moment2;
}

void LayerNetO1::export_state(ParameterState& out) const {
  out.moment_count = moment_count_;
  out.weights = weights_;
  out.biases = biases_;
  out.weight_moment1 = weight_moment1_;
  out.weight_moment2 = weight_moment2_;
  out.bias_moment1 = bias_moment1_;
  out.bias_moment2 = bias_moment2_;
  const std::size_t n_in = topology_.input_size();
  std::fill_n(out.biases.begin(), n_in, 0.0f);
  if (!out.bias_moment1.empty()) std::fill_n(out.bias_moment1.begin(), n_in, 0.0f);
  if (!out.bias_moment2.empty()) std::fill_n(out.bias_moment2.begin(), n_in, 0.0f);
}

Status LayerNetO1::import_state(const ParameterState& state) {
  DENDRITE_TRY(state.check_shape(topology_.connection_count, topology_.neuron_count));
  const int mc = state.moment_count;
  weights_ = state.weights;
  biases_ = state.biases;
  moment_count_ = mc;
  weight_moment1_ = mc >= 1 ? state.weight_moment1 : std::vector<float>{};
  bias_moment1_ = mc >= 1 ? state.bias_moment1 : std::vector<float>{};
  weight_moment2_ = mc >= 2 ? state.weight_moment2 : std::vector<float>{};
  bias_moment2_ = mc >= 2 ? state.bias_moment2 : std::vector<float>{};
  return Status::ok();
}

float LayerNetO1::activate(Activation a, float signal) const {
  return dendrite::activate(a, signal, options_.leakage);
}

float LayerNetO1::derivative(Activation a, float signal, float value) const {
  return activation_derivative(a, signal, value, options_.leakage);
}

void LayerNetO1::resize_histories(int batch) {
  if (batch == batch_) return;
  batch_ = batch;
  const std::size_t size = topology_.neuron_count * static_cast<std::size_t>(batch);
  values_.assign(size, 0.0f);
  signals_.assign(size, 0.0f);
  errors_.assign(size, 0.0f);
}

void LayerNetO1::set_moment_count(int count) {
  if (count == moment_count_) return;
  // A different optimizer (or momentum switched on/off): its state starts from zero, and SGD
  // without momentum keeps no per-connection state at all.
  const std::size_t nc = topology_.connection_count, nn = topology_.neuron_count;
  weight_moment1_.assign(count >= 1 ? nc : 0, 0.0f);
  bias_moment1_.assign(count >= 1 ? nn : 0, 0.0f);
  weight_moment2_.assign(count >= 2 ? nc : 0, 0.0f);
  bias_moment2_.assign(count >= 2 ? nn : 0, 0.0f);
  weight_moment1_.shrink_to_fit();
  weight_moment2_.shrink_to_fit();
  moment_count_ = count;
}

void LayerNetO1::load_inputs(const float* inputs) {
  const std::size_t n_in = topology_.input_size();
  const auto batch = static_cast<std::size_t>(batch_);
  for (std::size_t i = 0; i < n_in; ++i)
    for (std::size_t b = 0; b < batch; ++b) values_[i * batch + b] = inputs[b * n_in + i];
}

void LayerNetO1::forward_layers(std::size_t first_layer, std::size_t last_layer) {
  const auto batch = static_cast<std::size_t>(batch_);
  for (std::size_t l = first_layer; l <= last_layer; ++l) {
    const LayerInfo& layer = topology_.layers[l];
    executor_->parallel_for(layer.first_neuron, layer.first_neuron + layer.neuron_count,
                            [&](std::size_t begin, std::size_t end, int) {
      for (std::size_t t = begin; t < end; ++t) {
        float* signal = &signals_[t * batch];  // [batch]
        for (std::size_t b = 0; b < batch; ++b) signal[b] = biases_[t];
        for (std::size_t c = first_[t]; c < first_[t + 1]; ++c) {
          const float w = weights_[c];
          const float* value = &values_[sources_[c] * batch];
          for (std::size_t b = 0; b < batch; ++b) signal[b] += w * value[b];
        }
        float* value = &values_[t * batch];
        for (std::size_t b = 0; b < batch; ++b) value[b] = activate(layer.activation, signal[b]);
      }
    });
  }
}

void LayerNetO1::forward(const float* inputs, int batch) {
  resize_histories(batch);
  load_inputs(inputs);
  forward_layers(1, topology_.layers.size() - 1);
}

void LayerNetO1::outputs(float* out) const {
  const LayerInfo& layer = topology_.layers.back();
  const auto batch = static_cast<std::size_t>(batch_);
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (std::size_t b = 0; b < batch; ++b)
      out[b * layer.neuron_count + i] = values_[(layer.first_neuron + i) * batch + b];
}

void LayerNetO1::neuron_values(int sample, float* values) const {
  const auto batch = static_cast<std::size_t>(batch_);
  for (std::size_t n = 0; n < topology_.neuron_count; ++n)
    values[n] = sample >= 0 && sample < batch_ ? values_[n * batch + static_cast<std::size_t>(sample)] : 0.0f;
}

double LayerNetO1::output_errors(const float* targets) {
  const LayerInfo& out_layer = topology_.layers.back();
  const std::size_t n_out = out_layer.neuron_count;
  const auto batch = static_cast<std::size_t>(batch_);
  const float scale = 2.0f / static_cast<float>(batch * n_out);
  std::vector<double> squared(n_out, 0.0);  // [output neuron], summed in a fixed order below
  executor_->parallel_for(0, n_out, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t i = begin; i < end; ++i) {
      const std::size_t n = out_layer.first_neuron + i;
      double sum = 0.0;
      for (std::size_t b = 0; b < batch; ++b) {
        const float v = values_[n * batch + b];
        const float diff = v - targets[b * n_out + i];
        sum += static_cast<double>(diff) * diff;
        errors_[n * batch + b] = diff * derivative(out_layer.activation, signals_[n * batch + b], v) * scale;
      }
      squared[i] = sum;
    }
  });
  double loss = 0.0;
  for (double s : squared) loss += s;
  return loss / static_cast<double>(batch * n_out);
}

void LayerNetO1::pull_errors(std::size_t l) {
  const LayerInfo& layer = topology_.layers[l];
  const auto batch = static_cast<std::size_t>(batch_);
  executor_->parallel_for(layer.first_neuron, layer.first_neuron + layer.neuron_count,
                          [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t s = begin; s < end; ++s) {
      float* error = &errors_[s * batch];  // [batch], the sum first
      std::fill_n(error, batch, 0.0f);
      for (std::size_t i = back_first_[s]; i < back_first_[s + 1]; ++i) {
        const float w = weights_[back_connection_[i]];
        const float* target_error = &errors_[static_cast<std::size_t>(back_target_[i]) * batch];
        for (std::size_t b = 0; b < batch; ++b) error[b] += w * target_error[b];
      }
      for (std::size_t b = 0; b < batch; ++b)
        error[b] *= derivative(layer.activation, signals_[s * batch + b], values_[s * batch + b]);
    }
  });
}

void LayerNetO1::update_layer(std::size_t l, const UpdateRule& rule) {
  const LayerInfo& layer = topology_.layers[l];
  const auto batch = static_cast<std::size_t>(batch_);
  const bool m1 = moment_count_ >= 1, m2 = moment_count_ >= 2;
  executor_->parallel_for(layer.first_neuron, layer.first_neuron + layer.neuron_count,
                          [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t t = begin; t < end; ++t) {
      const float* error = &errors_[t * batch];
      float bias_gradient = 0.0f;
      for (std::size_t b = 0; b < batch; ++b) bias_gradient += error[b];
      rule.apply(biases_[t], bias_gradient, m1 ? &bias_moment1_[t] : nullptr,
                 m2 ? &bias_moment2_[t] : nullptr);
      for (std::size_t c = first_[t]; c < first_[t + 1]; ++c) {
        const float* value = &values_[sources_[c] * batch];
        float g = 0.0f;
        for (std::size_t b = 0; b < batch; ++b) g += error[b] * value[b];
        rule.apply(weights_[c], g, m1 ? &weight_moment1_[c] : nullptr, m2 ? &weight_moment2_[c] : nullptr);
      }
    }
  });
}

double LayerNetO1::train_step(const float* inputs, const float* targets, int batch,
                              const OptimizerConfig& optimizer) {
  forward(inputs, batch);
  set_moment_count(optimizer.moment_count());
  const UpdateRule rule(optimizer);
  const double loss = output_errors(targets);
  // Top down: the layer below pulls its errors through this layer's weights before they change.
  for (std::size_t l = topology_.layers.size() - 1; l >= 1; --l) {
    if (l >= 2) pull_errors(l - 1);
    update_layer(l, rule);
  }
  return loss;
}

void LayerNetO1::encode(const float* inputs, int batch, float* embedding) {
  resize_histories(batch);
  load_inputs(inputs);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  forward_layers(1, e);
  const LayerInfo& layer = topology_.layers[e];
  const auto b_count = static_cast<std::size_t>(batch);
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (std::size_t b = 0; b < b_count; ++b)
      embedding[b * layer.neuron_count + i] = values_[(layer.first_neuron + i) * b_count + b];
}

void LayerNetO1::decode(const float* embedding, int batch, float* out) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  const LayerInfo& layer = topology_.layers[e];
  const auto b_count = static_cast<std::size_t>(batch);
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (std::size_t b = 0; b < b_count; ++b)
      values_[(layer.first_neuron + i) * b_count + b] = embedding[b * layer.neuron_count + i];
  if (e + 1 < topology_.layers.size()) forward_layers(e + 1, topology_.layers.size() - 1);
  outputs(out);
}

MemoryFigures LayerNetO1::memory_figures(int batch) const {
  MemoryFigures figures;
  const std::size_t nc = topology_.connection_count;
  // Per connection: source index, weight, back-target (connection id + target id), moments.
  const double bytes = static_cast<double>(nc) * (sizeof(std::uint32_t) + sizeof(float) + 2 * sizeof(std::uint32_t)) +
                       static_cast<double>(weight_moment1_.size() + weight_moment2_.size()) * sizeof(float);
  figures.bytes_per_connection = bytes / static_cast<double>(std::max<std::size_t>(1, nc));
  figures.bytes_per_neuron_sample = 3.0 * sizeof(float);  // value, signal and error histories
  (void)batch;
  figures.parameter_bytes = (nc + topology_.neuron_count) * sizeof(float);
  return figures;
}

}  // namespace dendrite
