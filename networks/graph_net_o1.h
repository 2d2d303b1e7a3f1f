// graph_net_o1.h — `--impl graph_o1`: graph_net with the histories pulled out of the neurons.
//
// Change from graph_net (the reference): the notes' "extracting values / value-histories from
// neurons, as well as per-iteration loss, in order to get better data-locality". Values, signals
// and errors live in flat arrays [iteration][neuron][batch]; weights, gradients and moments in flat
// arrays [connection] in canonical order, sources and back targets in compressed lists. Rows
// ([batch], padded to 16 floats and cache-line aligned) make a neuron's update for the whole
// mini-batch a few vector multiply-adds per connection, kept in registers over the connection list
// (graph_kernels.h), instead of a pointer chase per sample. Same math and the same summation order
// for values and errors as the reference; weight-gradient sums run in 16 lanes, so they match the
// reference within float rounding (tests/test_graph_variants.cpp).
//
// Measured (G1 graph-ae, batch 32, SGD; bench/RESULTS.md "Graph networks"):
//   build/bin/dendrite-graph-bench speed --trials 12
//   1 thread: 16.8 ms CPU per step against graph's 337 ms (20.1×; wall, best trials: 27.0 against
//   697 ms, 25.8×). 1 → 2 threads: 1.78× (quiet machine, best trials), capped near 1.77× by the
//   even split of the neuron range (G1's images differ in fan-in); graph_net_o2 fixes that.
//
// Semantics (loss, BPTT, embedding) are those documented in graph_net.h.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/network_module.h"
#include "networks/graph_kernels.h"
#include "networks/graph_structure.h"

namespace dendrite {

class GraphNetO1 final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "graph_o1"; }

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
  GraphNetO1(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);

  // Offset of neuron n's row at iteration t in the history arrays.
  std::size_t row(int t, std::size_t n) const {
    return (static_cast<std::size_t>(t) * topology_.neuron_count + n) * lanes_;
  }
  void resize_histories(int batch);
  void clamp_image(std::size_t image, const float* values);
  void iterate(const std::vector<char>& clamped);
  void transpose_targets(const float* targets);
  void compute_iteration_losses();
  double weighted_loss() const;
  void backward_errors();
  void accumulate_gradients();
  void apply_update(const OptimizerConfig& optimizer);

  ConnectionList connections_;  // sources [connection], first [neuron + 1]
  BackTargetList back_;         // connections reading each neuron
  std::vector<std::uint16_t> image_of_;  // [neuron] image index
  std::vector<float> weights_, gradients_, weight_moment1_, weight_moment2_;  // [connection]
  std::vector<float> biases_, bias_gradients_, bias_moment1_, bias_moment2_;  // [neuron]
  RowBuffer values_;   // [iteration 0..T][neuron][lane] (lanes: batch padded to 16)
  RowBuffer signals_;  // [iteration 0..T][neuron][lane]
  RowBuffer errors_;   // [iteration 0..T][neuron][lane] δ, 0 in padding lanes
  RowBuffer targets_;  // [output neuron][lane]
  std::vector<double> loss_weights_;      // [iteration − 1] α_t
  std::vector<double> iteration_losses_;  // [iteration − 1] L_t
  int iterations_ = 1;
  int batch_ = 0;
  std::size_t lanes_ = 0;  // batch_ rounded up to kRowLanes
  int moment_count_ = 0;
};

}  // namespace dendrite
