// layer_net.h — the reference layer network (`--impl layer`): simple and obviously right.
//
// Every neuron is a struct holding its value, signal, error and bias for the sample being
// processed, its incoming connection list (source, weight, gradient, optimizer moments), its
// back-target list (which connections read it, for pull-style backprop) and per-sample histories
// of value, signal and error for the mini-batch:
//
//   forward   for each layer, in parallel over its neurons, for each sample b:
//               signal = bias + Σ_incoming w · source.value_history[b];  value = f(signal)
//   backward  output:  error = (v − t) · f'(s) · 2/(B·N)
//             hidden:  error = f'(s) · Σ_back-targets w · target.error_history[b]   (pull style)
//             every connection: gradient = Σ_b error[b] · source.value[b];  bias: Σ_b error[b]
//   update    the optimizer rule (core/optimizer.h) on every weight and bias
//
// Work is split over neurons with the executor; each neuron's sums run in a fixed order, so the
// results do not depend on the thread count. The optimization ladder (layer_net_o1, …) starts here.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/network_module.h"
#include "networks/neuron_parameters.h"

namespace dendrite {

class LayerNet final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "layer"; }

  ConnectionEnds connection(std::size_t id) const override;
  std::pair<std::size_t, std::size_t> incoming(std::size_t neuron) const override;
  ParameterSlot parameter(ParameterRef ref) const override;
  void set_parameter(ParameterRef ref, const ParameterSlot& slot) override;
  void export_state(ParameterState& out) const override;
  Status import_state(const ParameterState& state) override;

  void forward(const float* inputs, int batch) override;
  void outputs(float* out) const override;
  void neuron_values(int sample, float* values) const override;
  double train_step(const float* inputs, const float* targets, int batch,
                    const OptimizerConfig& optimizer) override;
  Status compute_gradients(const float* inputs, const float* targets, int batch,
                           std::vector<double>& weight_gradients,
                           std::vector<double>& bias_gradients) override;
  void encode(const float* inputs, int batch, float* embedding) override;
  void decode(const float* embedding, int batch, float* outputs) override;
  MemoryFigures memory_figures(int batch) const override;

 private:
  using Connection = NeuronConnection;  // networks/neuron_parameters.h
  using BackTarget = NeuronBackTarget;
  struct Neuron {
    float value = 0, signal = 0, error = 0, bias = 0;
    float bias_gradient = 0, bias_moment1 = 0, bias_moment2 = 0;
    std::vector<Connection> incoming;
    std::vector<BackTarget> back_targets;
    std::vector<float> value_history;   // [sample]
    std::vector<float> signal_history;  // [sample]
    std::vector<float> error_history;   // [sample]
  };

  LayerNet(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);

  void resize_histories(int batch);
  void forward_layers(std::size_t first_layer, std::size_t last_layer);
  // Output errors and the loss; then hidden errors down to the first hidden layer.
  double backward_errors(const float* targets);
  void accumulate_gradients();
  void apply_update(const OptimizerConfig& optimizer);
  float activate(Activation a, float signal) const;
  float derivative(Activation a, float signal, float value) const;

  std::vector<Neuron> neurons_;
  std::vector<std::size_t> first_connection_;  // [neuron] canonical id of its first incoming
  int batch_ = 0;
  int moment_count_ = 0;  // optimizer moments currently meaningful
};

}  // namespace dendrite
