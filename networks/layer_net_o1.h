// layer_net_o1.h — ladder rung 1 (`--impl layer_o1`): flat batch-major arrays.
//
// Change from layer_net (the reference): values, signals and errors leave the neuron structs and
// become flat batch-major histories `[neuron][batch]`; connections become flat canonical arrays
// (source index, weight) and back-targets a flat list grouped by source. Loops are turned so that
// each connection list is read once per mini-batch with the batch as the inner (vectorizable)
// loop, the gradient accumulators disappear (each weight's gradient is summed over the batch and
// applied at once, inside the backward sweep), and optimizer moments exist only while the
// optimizer needs them (plain SGD keeps none). Threading is unchanged: per layer, parallel over
// neurons, pull-style errors through the back-targets.
//
// Measured (bench/RESULTS.md, run of 2026-11-26 16:58 UTC, 2-core AMD EPYC (Zen 4), batch 32,
// `chrt -f 10 build/bin/dendrite-cli bench --workload W1,W2,W3 --impl all --threads 1,2 --batch-size 32 --seconds 0.3 --repeat 8`):
// samples/s, 1 / 2 threads — W1 3,441 / 6,962 (reference 868 / 1,659: 4.0× / 4.2×),
// W2 3,291 / 6,408 (3.6× / 3.8×), W3 623 / 1,031 (4.3× / 3.7×). Per connection 16 bytes with SGD
// (reference 28).
//
//   forward   per target t: signal[t][:] = bias + Σ_c w_c · values[source_c][:]
//   backward  per layer, top down: errors of the layer below are pulled through the back-targets
//             (reading this layer's weights before they change), then every weight of this layer
//             gets g = Σ_b error[t][b] · values[s][b] and the update rule at once.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/network_module.h"

namespace dendrite {

class LayerNetO1 final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "layer_o1"; }

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
  void encode(const float* inputs, int batch, float* embedding) override;
  void decode(const float* embedding, int batch, float* outputs) override;
  MemoryFigures memory_figures(int batch) const override;

 private:
  LayerNetO1(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);

  void resize_histories(int batch);
  void set_moment_count(int count);
  void load_inputs(const float* inputs);
  void forward_layers(std::size_t first_layer, std::size_t last_layer);
  double output_errors(const float* targets);
  void pull_errors(std::size_t layer);     // errors of `layer` from the layer above
  void update_layer(std::size_t layer, const UpdateRule& rule);
  float activate(Activation a, float signal) const;
  float derivative(Activation a, float signal, float value) const;

  // Connections in canonical order (by target, then source).
  std::vector<std::uint32_t> sources_;        // [connection] source neuron id
  std::vector<float> weights_;                // [connection]
  std::vector<float> weight_moment1_;         // [connection] only while the optimizer needs it
  std::vector<float> weight_moment2_;         // [connection] Adam only
  std::vector<std::size_t> first_;            // [neuron + 1] first incoming connection id
  // Back-targets grouped by source, in target order: who reads neuron s, through which weight.
  std::vector<std::size_t> back_first_;       // [neuron + 1]
  std::vector<std::uint32_t> back_connection_;  // [connection] connection id
  std::vector<std::uint32_t> back_target_;      // [connection] target neuron id
  std::vector<float> biases_;                 // [neuron]
  std::vector<float> bias_moment1_;           // [neuron] only while needed
  std::vector<float> bias_moment2_;           // [neuron] Adam only
  std::vector<float> values_;                 // [neuron][batch]
  std::vector<float> signals_;                // [neuron][batch]
  std::vector<float> errors_;                 // [neuron][batch]
  int batch_ = 0;
  int moment_count_ = 0;
};

}  // namespace dendrite
