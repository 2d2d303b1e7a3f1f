// layer_net_o2.h — ladder rung 2 (`--impl layer_o2`): write-style fused backward, each thread
// owning the sources it writes; no back-targets.
//
// Change from layer_net_o1: the backward pass is one sweep per layer over the connection list in
// its stored (target-grouped) order. For each connection t ← s it pushes w·error[t][:] into the
// error accumulator of s, sums the weight's gradient over the batch and updates the weight, all
// from one read of the weight. Thread k owns a contiguous range of source neurons and with it
// every connection leaving them: it walks every target's (ascending) source list, takes only the
// part inside its range (a binary search per target), and writes nothing another thread writes —
// no atomics, no per-thread copies, no reduction. Each source still sums its targets in ascending
// target order, so results do not depend on the thread count. The back-target arrays (8 bytes per
// connection) are gone: 8 bytes per connection with SGD (source index + weight).
//
// Threading cost of the two backprop styles (same run as below, backprop ms 1 → 2 threads): o1's
// target-index pull reads every weight from a different cache line (a source's readers are a
// matrix column apart, so each line is fetched from L2/L3 again for every one of its 16 weights
// unless it survives in L1), then the update sweeps the weights a second time; the two threads'
// misses share the L3: W1 6.0 → 3.6 ms (1.67×), W3 34.6 → 25.7 ms (1.35×). Here a thread reads
// the weights of its own sources once, in stored order: W1 5.8 → 3.2 ms (1.78×), W3 31.6 → 17.6
// ms (1.79×). docs/performance.md has the analysis.
//
// Measured (bench/RESULTS.md, run of 2026-11-26 16:58 UTC, batch 32,
// `chrt -f 10 build/bin/dendrite-cli bench --workload W1,W2,W3 --impl all --threads 1,2 --batch-size 32 --seconds 0.3 --repeat 8`):
// samples/s, 1 / 2 threads — W1 3,545 / 7,591 (o1: 1.03× / 1.09×), W2 3,516 / 7,759
// (1.07× / 1.21×), W3 662 / 1,392 (1.06× / 1.35×). The write-style sweep scales better than o1's
// target-index pull: 2.1–2.2× from 1 to 2 threads on W1–W3 against o1's 1.7–2.0×. 8 bytes per
// connection with SGD.
//
//   forward   as o1 (per target, batch inner)
//   backward  per layer, top down, one team pass: thread k, for every target t and every
//             connection t ← s with s in its range: acc[s][:] += w·err[t][:];
//             g = Σ_b err[t][b]·value[s][b]; w ← rule(w, g); then err[s] = f'(s)·acc[s]; barrier
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/network_module.h"

namespace dendrite {

class LayerNetO2 final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "layer_o2"; }

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
  LayerNetO2(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);

  void resize_histories(int batch);
  void set_moment_count(int count);
  void load_inputs(const float* inputs);
  void forward_layers(std::size_t first_layer, std::size_t last_layer);
  double output_errors(const float* targets);
  // Thread `thread`'s share of layer `layer`'s backward sweep (see the header).
  void backward_layer(std::size_t layer, const UpdateRule& rule, int thread, int threads);
  float activate(Activation a, float signal) const;
  float derivative(Activation a, float signal, float value) const;

  // Connections in canonical order (by target, then source).
  std::vector<std::uint32_t> sources_;        // [connection] source neuron id
  std::vector<float> weights_;                // [connection]
  std::vector<float> weight_moment1_;         // [connection] only while the optimizer needs it
  std::vector<float> weight_moment2_;         // [connection] Adam only
  std::vector<std::size_t> first_;            // [neuron + 1] first incoming connection id
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
