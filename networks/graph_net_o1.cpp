#include "networks/graph_net_o1.h"

#include <algorithm>

namespace dendrite {

Result<std::unique_ptr<NetworkModule>> GraphNetO1::create(const NetworkSpec& spec,
                                                          const ModuleOptions& options,
                                                          Executor& executor) {
  DENDRITE_TRY(check_graph_spec(spec, "graph_o1"));
  DENDRITE_ASSIGN_OR_RETURN(ModuleOptions effective, graph_module_options(spec, options));
  Topology topology = graph_network_topology(spec);
  return std::unique_ptr<NetworkModule>(new GraphNetO1(spec, std::move(topology), effective, executor));
}

GraphNetO1::GraphNetO1(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
    : NetworkModule(std::move(spec), std::move(topology), std::move(options), executor) {
  iterations_ = options_.iterations;
  loss_weights_ = loss_weights(options_.loss_weighting, iterations_);
  connections_ = build_graph_connections(spec_, topology_);
  back_ = build_back_targets(connections_, topology_.neuron_count);
  image_of_.resize(topology_.neuron_count);
  for (std::size_t l = 0; l < topology_.layers.size(); ++l)
    std::fill_n(image_of_.begin() + static_cast<std::ptrdiff_t>(topology_.layers[l].first_neuron),
                topology_.layers[l].neuron_count, static_cast<std::uint16_t>(l));
  weights_.assign(topology_.connection_count, 0.0f);
  gradients_.assign(topology_.connection_count, 0.0f);
  biases_.assign(topology_.neuron_count, 0.0f);
  bias_gradients_.assign(topology_.neuron_count, 0.0f);
}

ConnectionEnds GraphNetO1::connection(std::size_t id) const {
  const auto& first = connections_.first;
  // The target is the last neuron whose first connection is <= id.
  const auto it = std::upper_bound(first.begin(), first.end(), id);
  return {connections_.sources[id], static_cast<std::size_t>(it - first.begin()) - 1};
}

std::pair<std::size_t, std::size_t> GraphNetO1::incoming(std::size_t neuron) const {
  return {connections_.first[neuron], connections_.first[neuron + 1] - connections_.first[neuron]};
}

ParameterSlot GraphNetO1::parameter(ParameterRef ref) const {
  const std::size_t i = ref.index;
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  const auto& values = bias ? biases_ : weights_;
  const auto& m1 = bias ? bias_moment1_ : weight_moment1_;
  const auto& m2 = bias ? bias_moment2_ : weight_moment2_;
  return {values[i], m1.empty() ? 0.0f : m1[i], m2.empty() ? 0.0f : m2[i]};
}

void GraphNetO1::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  const std::size_t i = ref.index;
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  if (bias && i < topology_.input_size()) return;  // input neurons have no bias
  (bias ? biases_ : weights_)[i] = slot.value;
  auto& m1 = bias ? bias_moment1_ : weight_moment1_;
  auto& m2 = bias ? bias_moment2_ : weight_moment2_;
  if (!m1.empty()) m1[i] = slot.moment1;
  if (!m2.empty()) m2[i] = slot.moment2;
}

void GraphNetO1::export_state(ParameterState& out) const {
  out.moment_count = moment_count_;
  out.weights = weights_;
  out.biases = biases_;
  const bool m1 = moment_count_ >= 1, m2 = moment_count_ >= 2;
  out.weight_moment1 = m1 ? weight_moment1_ : std::vector<float>{};
  out.weight_moment2 = m2 ? weight_moment2_ : std::vector<float>{};
  out.bias_moment1 = m1 ? bias_moment1_ : std::vector<float>{};
  out.bias_moment2 = m2 ? bias_moment2_ : std::vector<float>{};
}

Status GraphNetO1::import_state(const ParameterState& state) {
  DENDRITE_TRY(state.check_shape(topology_.connection_count, topology_.neuron_count));
  const std::size_t nc = topology_.connection_count, nn = topology_.neuron_count;
  const int mc = state.moment_count;
  moment_count_ = mc;
  weights_ = state.weights;
  biases_ = state.biases;
  weight_moment1_ = mc >= 1 ? state.weight_moment1 : std::vector<float>(nc, 0.0f);
  bias_moment1_ = mc >= 1 ? state.bias_moment1 : std::vector<float>(nn, 0.0f);
  weight_moment2_ = mc >= 2 ? state.weight_moment2 : std::vector<float>(nc, 0.0f);
  bias_moment2_ = mc >= 2 ? state.bias_moment2 : std::vector<float>(nn, 0.0f);
  const std::size_t inputs = topology_.input_size();
  std::fill_n(biases_.begin(), inputs, 0.0f);
  std::fill_n(bias_moment1_.begin(), inputs, 0.0f);
  std::fill_n(bias_moment2_.begin(), inputs, 0.0f);
  return Status::ok();
}

void GraphNetO1::resize_histories(int batch) {
  if (batch == batch_) return;
  batch_ = batch;
  lanes_ = padded_lanes(batch);
  const std::size_t size = static_cast<std::size_t>(iterations_ + 1) * topology_.neuron_count * lanes_;
  values_.assign(size, 0.0f);
  signals_.assign(size, 0.0f);
  errors_.assign(size, 0.0f);
}

void GraphNetO1::clamp_image(std::size_t image, const float* values) {
  const LayerInfo& info = topology_.layers[image];
  for (int t = 0; t <= iterations_; ++t)
    for (std::size_t i = 0; i < info.neuron_count; ++i) {
      float* out = values_.data() + row(t, info.first_neuron + i);
      for (std::size_t b = 0; b < lanes_; ++b)
        out[b] = values == nullptr || b >= static_cast<std::size_t>(batch_)
                     ? 0.0f
                     : values[b * info.neuron_count + i];
    }
}

void GraphNetO1::iterate(const std::vector<char>& clamped) {
  const std::size_t n_neurons = topology_.neuron_count;
  for (std::size_t n = 0; n < n_neurons; ++n)
    if (!clamped[image_of_[n]]) std::fill_n(values_.begin() + static_cast<std::ptrdiff_t>(row(0, n)), lanes_, 0.0f);
  const float leakage = options_.leakage;
  const std::uint32_t* sources = connections_.sources.data();
  const float* weights = weights_.data();
  for (int t = 1; t <= iterations_; ++t) {
    const float* previous = values_.data() + row(t - 1, 0);
    executor_->parallel_for(topology_.input_size(), n_neurons, [&](std::size_t begin, std::size_t end, int) {
      for (std::size_t n = begin; n < end; ++n) {
        const std::size_t image = image_of_[n];
        if (clamped[image]) continue;
        const Activation activation = topology_.layers[image].activation;
        float* signal = signals_.data() + row(t, n);
        float* value = values_.data() + row(t, n);
        const std::size_t first = connections_.first[n];
        const RowVector bias = broadcast(biases_[n]);
        accumulate_rows(
            signal, lanes_, connections_.first[n + 1] - first, [&](std::size_t) { return bias; },
            [&](std::size_t k) { return weights[first + k]; },
            [&](std::size_t k) { return previous + sources[first + k] * lanes_; });
        activate_row(activation, signal, value, lanes_, leakage);
      }
    });
  }
}

void GraphNetO1::forward(const float* inputs, int batch) {
  resize_histories(batch);
  clamp_image(0, inputs);
  std::vector<char> clamped(topology_.layers.size(), 0);
  clamped[0] = 1;
  iterate(clamped);
}

void GraphNetO1::outputs(float* out) const {
  const LayerInfo& layer = topology_.layers.back();
  for (std::size_t i = 0; i < layer.neuron_count; ++i) {
    const float* value = values_.data() + row(iterations_, layer.first_neuron + i);
    for (int b = 0; b < batch_; ++b) out[static_cast<std::size_t>(b) * layer.neuron_count + i] = value[b];
  }
}


void GraphNetO1::neuron_values(int sample, float* values) const {
  for (std::size_t n = 0; n < topology_.neuron_count; ++n)
    values[n] = sample < batch_ ? values_[row(iterations_, n) + static_cast<std::size_t>(sample)] : 0.0f;
}

void GraphNetO1::transpose_targets(const float* targets) {
  const std::size_t n_out = topology_.output_size();
  targets_.assign(n_out * lanes_, 0.0f);
  for (int b = 0; b < batch_; ++b)
    for (std::size_t i = 0; i < n_out; ++i)
      targets_[i * lanes_ + static_cast<std::size_t>(b)] = targets[static_cast<std::size_t>(b) * n_out + i];
}

void GraphNetO1::compute_iteration_losses() {
  const LayerInfo& out = topology_.layers.back();
  const auto batch = static_cast<std::size_t>(batch_);
  iteration_losses_.assign(static_cast<std::size_t>(iterations_), 0.0);
  for (int t = 1; t <= iterations_; ++t) {
    double sum = 0.0;
    for (std::size_t i = 0; i < out.neuron_count; ++i) {
      const float* value = values_.data() + row(t, out.first_neuron + i);
      const float* target = targets_.data() + i * lanes_;
      for (std::size_t b = 0; b < batch; ++b) {
        const double d = static_cast<double>(value[b]) - target[b];
        sum += d * d;
      }
    }
    iteration_losses_[static_cast<std::size_t>(t - 1)] = sum / static_cast<double>(out.neuron_count * batch);
  }
}

double GraphNetO1::weighted_loss() const {
  double loss = 0.0;
  for (std::size_t t = 0; t < iteration_losses_.size(); ++t) loss += loss_weights_[t] * iteration_losses_[t];
  return loss;
}

void GraphNetO1::backward_errors() {
  const LayerInfo& out = topology_.layers.back();
  const auto batch = static_cast<std::size_t>(batch_);
  const float scale = 2.0f / static_cast<float>(out.neuron_count * batch);
  const float leakage = options_.leakage;
  const float* weights = weights_.data();
  for (int t = iterations_; t >= 1; --t) {
    const auto alpha = static_cast<float>(loss_weights_[static_cast<std::size_t>(t - 1)]);
    const float* later = errors_.data() + row(t + 1 <= iterations_ ? t + 1 : t, 0);
    executor_->parallel_for(topology_.input_size(), topology_.neuron_count,
                            [&](std::size_t begin, std::size_t end, int) {
      for (std::size_t n = begin; n < end; ++n) {
        const Activation activation = topology_.layers[image_of_[n]].activation;
        float* error = errors_.data() + row(t, n);
        const float* value = values_.data() + row(t, n);
        const float* signal = signals_.data() + row(t, n);
        const bool is_output = n >= out.first_neuron;
        if (is_output) {
          const float* target = targets_.data() + (n - out.first_neuron) * lanes_;
          for (std::size_t b = 0; b < lanes_; ++b)
            error[b] = b < batch ? alpha * scale * (value[b] - target[b]) : 0.0f;
        }
        const std::size_t first = back_.first[n];
        const std::size_t count = t < iterations_ ? back_.first[n + 1] - first : 0;
        accumulate_rows(
            error, lanes_, count,
            [&](std::size_t offset) { return is_output ? load_row_vector(error + offset) : RowVector{}; },
            [&](std::size_t k) { return weights[back_.connection[first + k]]; },
            [&](std::size_t k) { return later + back_.target[first + k] * lanes_; });
        scale_by_derivative(activation, error, signal, value, lanes_, leakage);
      }
    });
  }
}

void GraphNetO1::accumulate_gradients() {
  const auto batch = static_cast<std::size_t>(batch_);
  executor_->parallel_for(topology_.input_size(), topology_.neuron_count,
                          [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t n = begin; n < end; ++n) {
      float bias_gradient = 0.0f;
      for (int t = 1; t <= iterations_; ++t) {
        const float* error = errors_.data() + row(t, n);
        for (std::size_t b = 0; b < batch; ++b) bias_gradient += error[b];
      }
      bias_gradients_[n] = bias_gradient;
      for (std::size_t c = connections_.first[n]; c < connections_.first[n + 1]; ++c) {
        RowVector g{};
        for (int t = 1; t <= iterations_; ++t)
          accumulate_dot(g, errors_.data() + row(t, n), values_.data() + row(t - 1, connections_.sources[c]), lanes_);
        gradients_[c] = horizontal_sum(g);
      }
    }
  });
}

void GraphNetO1::apply_update(const OptimizerConfig& optimizer) {
  const int needed = optimizer.moment_count();
  if (needed != moment_count_) {
    // A different optimizer (or momentum switched on/off): start its state from zero.
    std::fill(weight_moment1_.begin(), weight_moment1_.end(), 0.0f);
    std::fill(weight_moment2_.begin(), weight_moment2_.end(), 0.0f);
    std::fill(bias_moment1_.begin(), bias_moment1_.end(), 0.0f);
    std::fill(bias_moment2_.begin(), bias_moment2_.end(), 0.0f);
    moment_count_ = needed;
  }
  if (needed >= 1 && weight_moment1_.size() != weights_.size()) {
    weight_moment1_.assign(weights_.size(), 0.0f);
    bias_moment1_.assign(biases_.size(), 0.0f);
  }
  if (needed >= 2 && weight_moment2_.size() != weights_.size()) {
    weight_moment2_.assign(weights_.size(), 0.0f);
    bias_moment2_.assign(biases_.size(), 0.0f);
  }
  const UpdateRule rule(optimizer);
  const bool m1 = needed >= 1, m2 = needed >= 2;
  executor_->parallel_for(topology_.input_size(), topology_.neuron_count,
                          [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t n = begin; n < end; ++n) {
      rule.apply(biases_[n], bias_gradients_[n], m1 ? &bias_moment1_[n] : nullptr,
                 m2 ? &bias_moment2_[n] : nullptr);
      for (std::size_t c = connections_.first[n]; c < connections_.first[n + 1]; ++c)
        rule.apply(weights_[c], gradients_[c], m1 ? &weight_moment1_[c] : nullptr,
                   m2 ? &weight_moment2_[c] : nullptr);
    }
  });
}

double GraphNetO1::train_step(const float* inputs, const float* targets, int batch,
                              const OptimizerConfig& optimizer) {
  forward(inputs, batch);
  transpose_targets(targets);
  compute_iteration_losses();
  backward_errors();
  accumulate_gradients();
  apply_update(optimizer);
  return weighted_loss();
}

double GraphNetO1::evaluate(const float* inputs, const float* targets, int batch, float* out) {
  forward(inputs, batch);
  transpose_targets(targets);
  compute_iteration_losses();
  if (out != nullptr) outputs(out);
  return iteration_losses_.back();
}

Status GraphNetO1::compute_gradients(const float* inputs, const float* targets, int batch,
                                     std::vector<double>& weight_gradients,
                                     std::vector<double>& bias_gradients) {
  forward(inputs, batch);
  transpose_targets(targets);
  compute_iteration_losses();
  backward_errors();
  accumulate_gradients();
  weight_gradients.assign(gradients_.begin(), gradients_.end());
  bias_gradients.assign(bias_gradients_.begin(), bias_gradients_.end());
  std::fill_n(bias_gradients.begin(), topology_.input_size(), 0.0);
  return Status::ok();
}

void GraphNetO1::encode(const float* inputs, int batch, float* embedding) {
  forward(inputs, batch);
  const LayerInfo& layer = topology_.layers[static_cast<std::size_t>(topology_.embedding_layer)];
  for (std::size_t i = 0; i < layer.neuron_count; ++i) {
    const float* value = values_.data() + row(iterations_, layer.first_neuron + i);
    for (int b = 0; b < batch; ++b) embedding[static_cast<std::size_t>(b) * layer.neuron_count + i] = value[b];
  }
}

void GraphNetO1::decode(const float* embedding, int batch, float* out) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  clamp_image(0, nullptr);
  clamp_image(e, embedding);
  std::vector<char> clamped(topology_.layers.size(), 0);
  clamped[0] = clamped[e] = 1;
  iterate(clamped);
  outputs(out);
}

MemoryFigures GraphNetO1::memory_figures(int batch) const {
  MemoryFigures figures;
  // source id, weight, gradient, two moments, and a back-target entry (connection id, target)
  figures.bytes_per_connection = 5 * sizeof(float) + 2 * sizeof(std::uint32_t);
  // value, signal and error histories over iterations 0..T, rows padded to kRowLanes samples
  figures.bytes_per_neuron_sample = 3.0 * sizeof(float) * (iterations_ + 1) *
                                    static_cast<double>(padded_lanes(batch)) / std::max(1, batch);
  figures.parameter_bytes = (topology_.connection_count + topology_.neuron_count) * sizeof(float);
  return figures;
}

}  // namespace dendrite
