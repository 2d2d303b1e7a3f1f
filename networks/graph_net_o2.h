// graph_net_o2.h — `--impl graph_o2`: graph_net_o1 run partition-parallel.
//
// Change from graph_net_o1: the neurons are split into one part per thread (networks/partition.h:
// spatial bands or METIS, whichever cuts fewer connections) and each thread owns its part for a
// whole step. Rows are laid out part by part ([iteration][part-major neuron][lane]), so a thread's
// rows are one contiguous block, and the work of a part is balanced by construction (o1 splits
// the neuron range evenly, which gives one thread 13 % more than its fair share of G1's
// connections). A thread computes its neurons' values at every iteration, their errors at every
// iteration of the backward sweep, then the gradients and optimizer updates of their incoming
// connections, fused (no gradient array; four connections' multiply-add chains interleaved). The boundary values a part reads
// from the others are exchanged once per iteration through one team barrier — no atomics, no
// shared writes — so a step is 2 team dispatches and 2·T barriers instead of o1's 2·T + 2
// parallel_for dispatches. Connections and parameters stay in canonical order, so model files and
// the parameter interface are untouched.
//
// Results do not depend on the partition or the thread count, except the loss (a double sum
// reduced part by part). Checked against the reference in tests/test_graph_variants.cpp.
//
// Measured (G1 graph-ae, batch 32, SGD; bench/RESULTS.md "Graph networks"):
//   build/bin/dendrite-graph-bench speed --trials 12
//   1 thread: 16.5 ms CPU per step against graph's 337 ms (20.5×; wall, best trials 20.4×; an
//   earlier run 23.1× CPU, 27.4× wall) — the same CPU time as graph_o1. 1 → 2 threads, forward
//   + backprop: 2.03× (graph_o1 1.78×) on the one quiet stretch of the shared 2-core machine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/network_module.h"
#include "networks/graph_kernels.h"
#include "networks/graph_structure.h"
#include "networks/partition.h"

namespace dendrite {

class GraphNetO2 final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "graph_o2"; }
  // A new team size gets a new partition (one part per thread).
  void set_executor(Executor& executor) override;

  // By default both partitioners run and the smaller cut wins (ties: spatial); on G1 that is the
  // spatial bands at 2 threads and METIS at 4 (bench/RESULTS.md). A method set here sticks.
  Status set_partition_method(PartitionMethod method);
  const NeuronPartition& partition() const { return partition_; }
  PartitionMethod partition_method() const { return method_; }

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
  GraphNetO2(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);

  // `method` empty: the smaller cut of both.
  Status build_partition(int parts, std::optional<PartitionMethod> method);
  // Offset of the row of the neuron at part-major position p, iteration t.
  std::size_t row(int t, std::size_t p) const {
    return (static_cast<std::size_t>(t) * topology_.neuron_count + p) * lanes_;
  }
  std::pair<std::size_t, std::size_t> part_range(int thread) const;
  void resize_histories(int batch);
  void clamp_image(std::size_t image, const float* values);
  void iterate(const std::vector<char>& clamped);
  void set_targets(const float* targets);
  double part_squared_error(std::size_t begin, std::size_t end, int t) const;
  void finish_losses();
  // The backward sweep, then per own neuron either the optimizer update (rule != null) or the
  // gradients written to the given arrays.
  void backward_and_update(const UpdateRule* rule, bool m1, bool m2, std::vector<double>* weight_gradients,
                           std::vector<double>* bias_gradients);
  void prepare_moments(const OptimizerConfig& optimizer);

  ConnectionList connections_;           // canonical: sources [connection], first [neuron + 1]
  BackTargetList back_;                  // canonical: connections reading each neuron
  std::vector<std::uint32_t> row_sources_;  // [connection] part-major position of the source
  std::vector<std::uint32_t> back_rows_;    // [back entry] part-major position of the target
  std::vector<std::uint16_t> image_of_;  // [neuron] image index
  NeuronPartition partition_;
  std::optional<PartitionMethod> requested_;  // empty: the smaller cut of both
  PartitionMethod method_ = PartitionMethod::kSpatial;  // the one in use
  std::vector<std::uint32_t> order_;     // [position] neuron id, part-major
  std::vector<std::uint32_t> position_;  // [neuron] its position
  std::vector<std::size_t> part_begin_;  // [part + 1] position ranges
  std::vector<float> weights_, weight_moment1_, weight_moment2_;  // [connection]
  std::vector<float> biases_, bias_moment1_, bias_moment2_;       // [neuron]
  RowBuffer values_;   // [iteration 0..T][position][lane]
  RowBuffer signals_;  // [iteration 0..T][position][lane]
  RowBuffer errors_;   // [iteration 0..T][position][lane] δ, 0 in padding lanes
  RowBuffer targets_;  // [output neuron][lane]
  std::vector<double> loss_partials_;     // [part][iteration − 1] Σ (v − target)² of its outputs
  std::vector<double> loss_weights_;      // [iteration − 1] α_t
  std::vector<double> iteration_losses_;  // [iteration − 1] L_t
  int iterations_ = 1;
  int batch_ = 0;
  std::size_t lanes_ = 0;
  int moment_count_ = 0;
};

}  // namespace dendrite
