// layer_net_o3.h — ladder rung 3 (`--impl layer_o3`): fixed-architecture layers; connections come
// from window iterators instead of stored source indices.
//
// Change from layer_net_o2: the per-connection source index (4 bytes) is gone. Each layer keeps
// its geometry — the source window [x_begin, x_end) of every target column and [y_begin, y_end)
// of every target row (core/layer_geometry.h; dense layers: the whole source) — and a target's
// connections are walked as window rows: row sy of the window is the run of source neurons
// [(sy·W + x_begin)·C, (sy·W + x_end)·C), contiguous in the neuron numbering, and its weights are
// the next run of the target's canonical weight list. Loops over contiguous runs need no index
// loads and no gathers; the source-owned backward intersects each run with the thread's range
// instead of binary-searching a list, and, knowing that a run's sources have consecutive value
// rows, computes the batch sums of 8 of its connections side by side (each still summed in sample
// order, so the results are o2's): o2 summed one connection at a time, a chain of 32 dependent
// adds. Training state per connection with SGD: the weight alone, 4 bytes.
//
// Measured (bench/RESULTS.md, run of 2026-11-26 16:58 UTC, batch 32,
// `chrt -f 10 build/bin/dendrite-cli bench --workload W1,W2,W3 --impl all --threads 1,2 --batch-size 32 --seconds 0.3 --repeat 8`):
// samples/s, 1 / 2 threads — W1 4,254 / 9,488 (o2: 1.20× / 1.25×), W2 4,033 / 8,761
// (1.15× / 1.13×), W3 796 / 1,609 (1.20× / 1.16×); the gain is the backward pass (W1 5.8 → 4.2 ms
// at 1 thread), forward is unchanged. 4 bytes per connection with SGD.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/network_module.h"

namespace dendrite {

class LayerNetO3 final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "layer_o3"; }

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
  LayerNetO3(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);

  void resize_histories(int batch);
  void set_moment_count(int count);
  void load_inputs(const float* inputs);
  void forward_layers(std::size_t first_layer, std::size_t last_layer);
  double output_errors(const float* targets);
  // Thread `thread`'s share of layer `layer`'s backward sweep (see the header).
  void backward_layer(std::size_t layer, const UpdateRule& rule, int thread, int threads);
  float activate(Activation a, float signal) const;
  float derivative(Activation a, float signal, float value) const;

  // Where a layer's targets read from: the window of each target column and row.
  struct Geometry {
    ImageShape source, target;
    std::size_t source_first = 0;    // first neuron of the source layer
    std::vector<int> x_begin, x_end;  // [target column] source columns [x_begin, x_end)
    std::vector<int> y_begin, y_end;  // [target row] source rows [y_begin, y_end)
  };
  // Calls fn(first source neuron, run length, first connection id) for each window row of target t.
  template <typename Fn>
  void for_each_run(std::size_t layer, std::size_t t, Fn&& fn) const;

  std::vector<Geometry> geometry_;            // [layer]; entry 0 (input) unused
  // Connections in canonical order (by target, then source).
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
