// graph_net.h — the reference graph network (`--impl graph`): simple and obviously right.
//
// A graph network is a set of W×H×C neuron images (core/network_spec.h, docs/graph-networks.md)
// whose neurons have arbitrary incoming connections, recurrent and self connections included. The
// input image is clamped to the data; every other value starts at 0; then T synchronous iterations
// update every neuron from the values of the iteration before:
//
//   v_0[n] = 0 (input: x)          s_t[n] = b[n] + Σ_c w_c · v_{t−1}[src_c]      v_t[n] = f(s_t[n])
//
// The output image is read at every iteration t = 1..T. Loss at iteration t:
// L_t = Σ (v_t[out] − target)² / (B·N_out); the trained loss is L = Σ_t α_t L_t with the weights of
// `loss-weighting` (last, uniform, ramp; they sum to 1, see core/network_spec.h loss_weights()).
//   train_step()        returns L (the weighted loss whose gradient it follows)
//   evaluate()          returns L_T, the reconstruction MSE of the last iteration, and its outputs
//   iteration_losses()  L_1..L_T of the last train_step() or evaluate()
//   outputs(), neuron_values()  values of the last iteration
//
// Backpropagation through the iterations (BPTT) from the value and signal histories:
//   δ_t[n] = ∂L/∂s_t[n] = f'(s_t[n]) · ( [n ∈ out] α_t · 2(v_t[n] − target)/(B·N_out)
//                                        + Σ_{connections c: n → m} w_c · δ_{t+1}[m] ),  δ_{T+1} = 0
//   ∂L/∂w_c = Σ_t Σ_b δ_t[target_c] · v_{t−1}[src_c]          ∂L/∂b[n] = Σ_t Σ_b δ_t[n]
//
// Embedding (docs/graph-networks.md): encode() runs the full forward pass and returns the
// embedding image's values at iteration T. decode() clamps the embedding image to the given values
// at every iteration, like the input, clamps the input to 0, runs the T iterations and returns the
// output of the last one.
//
// Each neuron is a struct holding its bias, its incoming connection list (source, weight,
// gradient, optimizer moments), its back-target list (pull-style backprop) and its histories
// [iteration][sample]. Work is split over the neurons of an image with the executor; every sum
// runs in a fixed order, so results do not depend on the thread count. The optimized copies are
// graph_net_o1 (flat histories) and graph_net_o2 (partition-parallel).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/network_module.h"
#include "networks/neuron_parameters.h"

namespace dendrite {

class GraphNet final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "graph"; }

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
  double evaluate(const float* inputs, const float* targets, int batch, float* outputs) override;
  Status compute_gradients(const float* inputs, const float* targets, int batch,
                           std::vector<double>& weight_gradients,
                           std::vector<double>& bias_gradients) override;
  void encode(const float* inputs, int batch, float* embedding) override;
  void decode(const float* embedding, int batch, float* outputs) override;
  std::vector<double> iteration_losses() const override { return iteration_losses_; }
  MemoryFigures memory_figures(int batch) const override;

 private:
  using Connection = NeuronConnection;  // networks/neuron_parameters.h
  using BackTarget = NeuronBackTarget;
  struct Neuron {
    float bias = 0, bias_gradient = 0, bias_moment1 = 0, bias_moment2 = 0;
    std::vector<Connection> incoming;
    std::vector<BackTarget> back_targets;
    std::vector<float> value_history;   // [iteration 0..T][sample]
    std::vector<float> signal_history;  // [iteration 0..T][sample] (iteration 0 unused)
    std::vector<float> error_history;   // [iteration 0..T][sample] δ (iteration 0 unused)
  };

  GraphNet(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);

  std::size_t slot(int iteration, int sample) const {
    return static_cast<std::size_t>(iteration) * static_cast<std::size_t>(batch_) + static_cast<std::size_t>(sample);
  }
  void resize_histories(int batch);
  // Sets an image's values at every iteration: [batch][image neurons], or 0 when values is null.
  void clamp_image(std::size_t image, const float* values);
  // Iterations 1..T for every image not in `clamped` (images indices); v_0 = 0 for those.
  void iterate(const std::vector<std::size_t>& clamped);
  void compute_iteration_losses(const float* targets);
  double weighted_loss() const;
  void backward_errors(const float* targets);
  void accumulate_gradients();
  void apply_update(const OptimizerConfig& optimizer);
  float activate(Activation a, float signal) const;
  float derivative(Activation a, float signal, float value) const;

  std::vector<Neuron> neurons_;
  std::vector<std::size_t> first_connection_;  // [neuron] canonical id of its first incoming
  std::vector<double> loss_weights_;           // [iteration − 1] α_t
  std::vector<double> iteration_losses_;       // [iteration − 1] L_t
  int iterations_ = 1;
  int batch_ = 0;
  int moment_count_ = 0;
};

}  // namespace dendrite
