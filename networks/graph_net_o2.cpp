#include "networks/graph_net_o2.h"

#include <algorithm>

namespace dendrite {

Result<std::unique_ptr<NetworkModule>> GraphNetO2::create(const NetworkSpec& spec,
                                                          const ModuleOptions& options,
                                                          Executor& executor) {
  DENDRITE_TRY(check_graph_spec(spec, "graph_o2"));
  DENDRITE_ASSIGN_OR_RETURN(ModuleOptions effective, graph_module_options(spec, options));
  Topology topology = graph_network_topology(spec);
  std::unique_ptr<GraphNetO2> module(new GraphNetO2(spec, std::move(topology), effective, executor));
  DENDRITE_TRY(module->build_partition(executor.thread_count(), std::nullopt));
  return std::unique_ptr<NetworkModule>(std::move(module));
}

GraphNetO2::GraphNetO2(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
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
  biases_.assign(topology_.neuron_count, 0.0f);
}

Status GraphNetO2::build_partition(int parts, std::optional<PartitionMethod> method) {
  DENDRITE_ASSIGN_OR_RETURN(NeuronPartition partition,
                            partition_neurons(topology_, connections_, parts, method.value_or(PartitionMethod::kSpatial)));
  method_ = method.value_or(PartitionMethod::kSpatial);
  if (!method && parts > 1) {
    auto metis = partition_neurons(topology_, connections_, parts, PartitionMethod::kMetis);
    if (metis && metis->cut_connections < partition.cut_connections) {
      partition = std::move(*metis);
      method_ = PartitionMethod::kMetis;
    }
  }
  partition_ = std::move(partition);
  requested_ = method;
  const std::size_t n = topology_.neuron_count;
  order_.clear();
  order_.reserve(n);
  part_begin_.assign(1, 0);
  for (int p = 0; p < parts; ++p) {
    for (std::size_t i = 0; i < n; ++i)
      if (partition_.part_of[i] == p) order_.push_back(static_cast<std::uint32_t>(i));
    part_begin_.push_back(order_.size());
  }
  position_.resize(n);
  for (std::size_t p = 0; p < n; ++p) position_[order_[p]] = static_cast<std::uint32_t>(p);
  row_sources_.resize(connections_.sources.size());
  for (std::size_t c = 0; c < connections_.sources.size(); ++c) row_sources_[c] = position_[connections_.sources[c]];
  back_rows_.resize(back_.target.size());
  for (std::size_t k = 0; k < back_.target.size(); ++k) back_rows_[k] = position_[back_.target[k]];
  batch_ = 0;  // rows are laid out anew
  return Status::ok();
}

void GraphNetO2::set_executor(Executor& executor) {
  NetworkModule::set_executor(executor);
  if (executor.thread_count() != partition_.parts) {
    // Partitioning an already valid graph only fails when METIS runs out of memory; the spatial
    // split cannot fail, so fall back to it.
    if (!build_partition(executor.thread_count(), requested_))
      (void)build_partition(executor.thread_count(), PartitionMethod::kSpatial);
  }
}

Status GraphNetO2::set_partition_method(PartitionMethod method) {
  return build_partition(executor_->thread_count(), method);
}

std::pair<std::size_t, std::size_t> GraphNetO2::part_range(int thread) const {
  if (thread >= partition_.parts) return {0, 0};
  return {part_begin_[static_cast<std::size_t>(thread)], part_begin_[static_cast<std::size_t>(thread) + 1]};
}

ConnectionEnds GraphNetO2::connection(std::size_t id) const {
  const auto& first = connections_.first;
  const auto it = std::upper_bound(first.begin(), first.end(), id);
  return {connections_.sources[id], static_cast<std::size_t>(it - first.begin()) - 1};
}

std::pair<std::size_t, std::size_t> GraphNetO2::incoming(std::size_t neuron) const {
  return {connections_.first[neuron], connections_.first[neuron + 1] - connections_.first[neuron]};
}

ParameterSlot GraphNetO2::parameter(ParameterRef ref) const {
  const std::size_t i = ref.index;
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  const auto& values = bias ? biases_ : weights_;
  const auto& m1 = bias ? bias_moment1_ : weight_moment1_;
  const auto& m2 = bias ? bias_moment2_ : weight_moment2_;
  return {values[i], m1.empty() ? 0.0f : m1[i], m2.empty() ? 0.0f : m2[i]};
}

void GraphNetO2::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  const std::size_t i = ref.index;
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  if (bias && i < topology_.input_size()) return;  // input neurons have no bias
  (bias ? biases_ : weights_)[i] = slot.value;
  auto& m1 = bias ? bias_moment1_ : weight_moment1_;
  auto& m2 = bias ? bias_moment2_ : weight_moment2_;
  if (!m1.empty()) m1[i] = slot.moment1;
  if (!m2.empty()) m2[i] = slot.moment2;
}

void GraphNetO2::export_state(ParameterState& out) const {
  out.moment_count = moment_count_;
  out.weights = weights_;
  out.biases = biases_;
  const bool m1 = moment_count_ >= 1, m2 = moment_count_ >= 2;
  out.weight_moment1 = m1 ? weight_moment1_ : std::vector<float>{};
  out.weight_moment2 = m2 ? weight_moment2_ : std::vector<float>{};
  out.bias_moment1 = m1 ? bias_moment1_ : std::vector<float>{};
  out.bias_moment2 = m2 ? bias_moment2_ : std::vector<float>{};
}

Status GraphNetO2::import_state(const ParameterState& state) {
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

void GraphNetO2::resize_histories(int batch) {
  if (batch == batch_) return;
  batch_ = batch;
  lanes_ = padded_lanes(batch);
  const std::size_t size = static_cast<std::size_t>(iterations_ + 1) * topology_.neuron_count * lanes_;
  values_.assign(size, 0.0f);
  signals_.assign(size, 0.0f);
  errors_.assign(size, 0.0f);
}

void GraphNetO2::clamp_image(std::size_t image, const float* values) {
  const LayerInfo& info = topology_.layers[image];
  for (int t = 0; t <= iterations_; ++t)
    for (std::size_t i = 0; i < info.neuron_count; ++i) {
      float* out = values_.data() + row(t, position_[info.first_neuron + i]);
      for (std::size_t b = 0; b < lanes_; ++b)
        out[b] = values == nullptr || b >= static_cast<std::size_t>(batch_) ? 0.0f : values[b * info.neuron_count + i];
    }
}

void GraphNetO2::iterate(const std::vector<char>& clamped) {
  const float leakage = options_.leakage;
  const std::uint32_t* sources = row_sources_.data();
  const float* weights = weights_.data();
  executor_->run_on_team([&](int thread) {
    const auto [begin, end] = part_range(thread);
    for (std::size_t p = begin; p < end; ++p)
      if (!clamped[image_of_[order_[p]]]) std::fill_n(values_.data() + row(0, p), lanes_, 0.0f);
    executor_->barrier();
    for (int t = 1; t <= iterations_; ++t) {
      const float* previous = values_.data() + row(t - 1, 0);
      for (std::size_t p = begin; p < end; ++p) {
        const std::size_t n = order_[p];
        const std::size_t image = image_of_[n];
        if (clamped[image]) continue;
        float* signal = signals_.data() + row(t, p);
        const std::size_t first = connections_.first[n];
        const RowVector bias = broadcast(biases_[n]);
        accumulate_rows(
            signal, lanes_, connections_.first[n + 1] - first, [&](std::size_t) { return bias; },
            [&](std::size_t k) { return weights[first + k]; },
            [&](std::size_t k) { return previous + sources[first + k] * lanes_; });
        activate_row(topology_.layers[image].activation, signal, values_.data() + row(t, p), lanes_, leakage);
      }
      // The exchange: values of iteration t become visible to the other parts.
      if (t < iterations_) executor_->barrier();
    }
  });
}

void GraphNetO2::forward(const float* inputs, int batch) {
  resize_histories(batch);
  clamp_image(0, inputs);
  std::vector<char> clamped(topology_.layers.size(), 0);
  clamped[0] = 1;
  iterate(clamped);
}

void GraphNetO2::outputs(float* out) const {
  const LayerInfo& layer = topology_.layers.back();
  for (std::size_t i = 0; i < layer.neuron_count; ++i) {
    const float* value = values_.data() + row(iterations_, position_[layer.first_neuron + i]);
    for (int b = 0; b < batch_; ++b) out[static_cast<std::size_t>(b) * layer.neuron_count + i] = value[b];
  }
}

void GraphNetO2::neuron_values(int sample, float* values) const {
  for (std::size_t n = 0; n < topology_.neuron_count; ++n)
    values[n] = sample < batch_ ? values_[row(iterations_, position_[n]) + static_cast<std::size_t>(sample)] : 0.0f;
}

void GraphNetO2::set_targets(const float* targets) {
  const std::size_t n_out = topology_.output_size();
  targets_.assign(n_out * lanes_, 0.0f);
  for (int b = 0; b < batch_; ++b)
    for (std::size_t i = 0; i < n_out; ++i)
      targets_[i * lanes_ + static_cast<std::size_t>(b)] = targets[static_cast<std::size_t>(b) * n_out + i];
  loss_partials_.assign(static_cast<std::size_t>(partition_.parts) * static_cast<std::size_t>(iterations_), 0.0);
}

double GraphNetO2::part_squared_error(std::size_t begin, std::size_t end, int t) const {
  const LayerInfo& out = topology_.layers.back();
  double sum = 0.0;
  for (std::size_t p = begin; p < end; ++p) {
    const std::size_t n = order_[p];
    if (n < out.first_neuron) continue;
    const float* value = values_.data() + row(t, p);
    const float* target = targets_.data() + (n - out.first_neuron) * lanes_;
    for (int b = 0; b < batch_; ++b) {
      const double d = static_cast<double>(value[b]) - target[b];
      sum += d * d;
    }
  }
  return sum;
}

void GraphNetO2::finish_losses() {
  const double count = static_cast<double>(topology_.output_size() * static_cast<std::size_t>(batch_));
  iteration_losses_.assign(static_cast<std::size_t>(iterations_), 0.0);
  for (int part = 0; part < partition_.parts; ++part)
    for (int t = 0; t < iterations_; ++t)
      iteration_losses_[static_cast<std::size_t>(t)] +=
          loss_partials_[static_cast<std::size_t>(part * iterations_ + t)];
  for (double& loss : iteration_losses_) loss /= count;
}

void GraphNetO2::backward_and_update(const UpdateRule* rule, bool m1, bool m2,
                                     std::vector<double>* weight_gradients,
                                     std::vector<double>* bias_gradients) {
  const LayerInfo& out = topology_.layers.back();
  const auto batch = static_cast<std::size_t>(batch_);
  const float scale = 2.0f / static_cast<float>(out.neuron_count * batch);
  const float leakage = options_.leakage;
  const std::size_t inputs = topology_.input_size();
  executor_->run_on_team([&](int thread) {
    const auto [begin, end] = part_range(thread);
    for (int t = 1; t <= iterations_; ++t)
      if (thread < partition_.parts)
        loss_partials_[static_cast<std::size_t>(thread * iterations_ + t - 1)] = part_squared_error(begin, end, t);
    for (int t = iterations_; t >= 1; --t) {
      const auto alpha = static_cast<float>(loss_weights_[static_cast<std::size_t>(t - 1)]);
      const float* later = errors_.data() + row(t < iterations_ ? t + 1 : t, 0);
      for (std::size_t p = begin; p < end; ++p) {
        const std::size_t n = order_[p];
        if (n < inputs) continue;
        float* error = errors_.data() + row(t, p);
        const float* value = values_.data() + row(t, p);
        const bool is_output = n >= out.first_neuron;
        if (is_output) {
          const float* target = targets_.data() + (n - out.first_neuron) * lanes_;
          for (std::size_t b = 0; b < lanes_; ++b) error[b] = b < batch ? alpha * scale * (value[b] - target[b]) : 0.0f;
        }
        const std::size_t first = back_.first[n];
        const std::size_t count = t < iterations_ ? back_.first[n + 1] - first : 0;
        accumulate_rows(
            error, lanes_, count,
            [&](std::size_t offset) { return is_output ? load_row_vector(error + offset) : RowVector{}; },
            [&](std::size_t k) { return weights_[back_.connection[first + k]]; },
            [&](std::size_t k) { return later + back_rows_[first + k] * lanes_; });
        scale_by_derivative(topology_.layers[image_of_[n]].activation, error, signals_.data() + row(t, p), value,
                            lanes_, leakage);
      }
      // The exchange: errors of iteration t become visible; after t = 1 nobody reads weights any more.
      executor_->barrier();
    }
    // Gradients of the own neurons' biases and incoming connections, applied at once.
    const std::size_t stride = topology_.neuron_count * lanes_;
    for (std::size_t p = begin; p < end; ++p) {
      const std::size_t n = order_[p];
      if (n < inputs) continue;
      float bias_gradient = 0.0f;
      for (int t = 1; t <= iterations_; ++t) {
        const float* error = errors_.data() + row(t, p);
        for (std::size_t b = 0; b < batch; ++b) bias_gradient += error[b];
      }
      if (rule != nullptr)
        rule->apply(biases_[n], bias_gradient, m1 ? &bias_moment1_[n] : nullptr, m2 ? &bias_moment2_[n] : nullptr);
      else
        (*bias_gradients)[n] = bias_gradient;
      const float* own_errors = errors_.data() + row(1, p);
      const auto apply = [&](std::size_t c, float gradient) {
        if (rule != nullptr)
          rule->apply(weights_[c], gradient, m1 ? &weight_moment1_[c] : nullptr, m2 ? &weight_moment2_[c] : nullptr);
        else
          (*weight_gradients)[c] = gradient;
      };
      // Four connections at a time: four independent multiply-add chains instead of one that
      // waits on its own latency; each connection still sums in the order t, then lane block.
      std::size_t c = connections_.first[n];
      const std::size_t last = connections_.first[n + 1];
      for (; c + 4 <= last; c += 4) {
        const float* s0 = values_.data() + row(0, row_sources_[c]);
        const float* s1 = values_.data() + row(0, row_sources_[c + 1]);
        const float* s2 = values_.data() + row(0, row_sources_[c + 2]);
        const float* s3 = values_.data() + row(0, row_sources_[c + 3]);
        RowVector g0{}, g1{}, g2{}, g3{};
        for (int t = 0; t < iterations_; ++t) {
          const std::size_t at = static_cast<std::size_t>(t) * stride;
          for (std::size_t j = 0; j < lanes_; j += kRowLanes) {
            const RowVector d = load_row_vector(own_errors + at + j);
            g0 += d * load_row_vector(s0 + at + j);
            g1 += d * load_row_vector(s1 + at + j);
            g2 += d * load_row_vector(s2 + at + j);
            g3 += d * load_row_vector(s3 + at + j);
          }
        }
        apply(c, horizontal_sum(g0));
        apply(c + 1, horizontal_sum(g1));
        apply(c + 2, horizontal_sum(g2));
        apply(c + 3, horizontal_sum(g3));
      }
      for (; c < last; ++c) {
        const float* source_values = values_.data() + row(0, row_sources_[c]);
        RowVector g{};
        for (int t = 0; t < iterations_; ++t)
          accumulate_dot(g, own_errors + static_cast<std::size_t>(t) * stride,
                         source_values + static_cast<std::size_t>(t) * stride, lanes_);
        apply(c, horizontal_sum(g));
      }
    }
  });
  finish_losses();
}

void GraphNetO2::prepare_moments(const OptimizerConfig& optimizer) {
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
}

double GraphNetO2::train_step(const float* inputs, const float* targets, int batch,
                              const OptimizerConfig& optimizer) {
  forward(inputs, batch);
  set_targets(targets);
  prepare_moments(optimizer);
  const UpdateRule rule(optimizer);
  backward_and_update(&rule, moment_count_ >= 1, moment_count_ >= 2, nullptr, nullptr);
  double loss = 0.0;
  for (std::size_t t = 0; t < iteration_losses_.size(); ++t) loss += loss_weights_[t] * iteration_losses_[t];
  return loss;
}

double GraphNetO2::evaluate(const float* inputs, const float* targets, int batch, float* out) {
  forward(inputs, batch);
  set_targets(targets);
  for (int part = 0; part < partition_.parts; ++part) {
    const auto [begin, end] = part_range(part);
    for (int t = 1; t <= iterations_; ++t)
      loss_partials_[static_cast<std::size_t>(part * iterations_ + t - 1)] = part_squared_error(begin, end, t);
  }
  finish_losses();
  if (out != nullptr) outputs(out);
  return iteration_losses_.back();
}

Status GraphNetO2::compute_gradients(const float* inputs, const float* targets, int batch,
                                     std::vector<double>& weight_gradients,
                                     std::vector<double>& bias_gradients) {
  forward(inputs, batch);
  set_targets(targets);
  weight_gradients.assign(topology_.connection_count, 0.0);
  bias_gradients.assign(topology_.neuron_count, 0.0);
  backward_and_update(nullptr, false, false, &weight_gradients, &bias_gradients);
  return Status::ok();
}

void GraphNetO2::encode(const float* inputs, int batch, float* embedding) {
  forward(inputs, batch);
  const LayerInfo& layer = topology_.layers[static_cast<std::size_t>(topology_.embedding_layer)];
  for (std::size_t i = 0; i < layer.neuron_count; ++i) {
    const float* value = values_.data() + row(iterations_, position_[layer.first_neuron + i]);
    for (int b = 0; b < batch; ++b) embedding[static_cast<std::size_t>(b) * layer.neuron_count + i] = value[b];
  }
}

void GraphNetO2::decode(const float* embedding, int batch, float* out) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  clamp_image(0, nullptr);
  clamp_image(e, embedding);
  std::vector<char> clamped(topology_.layers.size(), 0);
  clamped[0] = clamped[e] = 1;
  iterate(clamped);
  outputs(out);
}

MemoryFigures GraphNetO2::memory_figures(int batch) const {
  MemoryFigures figures;
  // canonical source id, its row position, weight, two moments, a back-target entry (connection
  // id, target id) and the target's row position; no gradient array (fused into the update)
  figures.bytes_per_connection = 5 * sizeof(std::uint32_t) + 3 * sizeof(float);
  // value, signal and error histories over iterations 0..T, rows padded to kRowLanes samples
  figures.bytes_per_neuron_sample = 3.0 * sizeof(float) * (iterations_ + 1) *
                                    static_cast<double>(padded_lanes(batch)) / std::max(1, batch);
  figures.parameter_bytes = (topology_.connection_count + topology_.neuron_count) * sizeof(float);
  return figures;
}

}  // namespace dendrite
