// network_module.h — the interface every network module implements (DESIGN.md §2).
//
// The trainer, the training worker, the CLI and the app drive any module through this interface
// without knowing how it stores neurons and connections. Modules live in networks/ and are chosen
// by name (`--impl layer`, `layer_o1`, …, `graph`, …; see networks/registry.h).
//
// Identities are canonical and shared by every module of a family:
//   neuron id      layers in order; inside a layer (y·W + x)·C + c (image.h layout)
//   connection id  by target neuron id, then source neuron id ascending (layer_geometry.h)
// so a model saved by one module loads into any other of the same family.
//
// Buffers passed in and out are sample-major:
//   inputs    [batch][input neurons]      targets / outputs [batch][output neurons]
//   embedding [batch][embedding neurons]  neuron values     [neuron]
// Loss: mean squared error over every output value of the mini-batch, L = Σ (v − t)² / (B·N).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/network_spec.h"
#include "core/optimizer.h"
#include "core/status.h"

namespace dendrite {

class PhaseProfile;  // core/phase_profile.h

struct LayerInfo {
  std::string label;  // name or "layer N"
  LayerKind kind = LayerKind::kInput;
  ImageShape shape;
  Activation activation = Activation::kLinear;
  std::size_t first_neuron = 0;
  std::size_t neuron_count = 0;
  std::size_t first_connection = 0;  // this layer's incoming connections
  std::size_t connection_count = 0;
};

struct Topology {
  std::vector<LayerInfo> layers;
  std::size_t neuron_count = 0;
  std::size_t connection_count = 0;
  int embedding_layer = -1;
  int input_layer = 0;
  int output_layer = 0;

  std::size_t input_size() const { return layers[static_cast<std::size_t>(input_layer)].neuron_count; }
  std::size_t output_size() const { return layers[static_cast<std::size_t>(output_layer)].neuron_count; }
  std::size_t embedding_size() const {
    return layers[static_cast<std::size_t>(embedding_layer)].neuron_count;
  }
  // Layer index holding a neuron / a connection (by its target), or -1.
  int layer_of_neuron(std::size_t neuron) const;
  int layer_of_connection(std::size_t connection) const;
};

struct ConnectionEnds {
  std::size_t source = 0;
  std::size_t target = 0;
};

// Options a module is built with; stored in model files.
struct ModuleOptions {
  float leakage = 0.01f;  // leaky-ReLU slope for negative signals
  // Graph networks only (networks/graph_net.h).
  int iterations = 4;
  std::string loss_weighting = "uniform";
  // The core count a module fixes its thread-independent split of work for (layer_o6's fused
  // blocks); 0 = this machine's. Results are bit-identical for any --threads at one value; tests
  // set it to check the splits of machines they do not run on.
  int planned_cores = 0;
  // layer_o6: whether a thread done with its tiles of a phase takes the others' last ones
  // (core/work_claims.h; results do not change): -1 when a thread's share of the parameters
  // and optimizer moments outgrows its L2 cache, 0 never, 1 always (tests).
  int share_tails = -1;
  // Where to record the wall-clock time of each phase of train_step, per thread (not owned;
  // must outlive the module). Modules that do not support it ignore it (layer_o6 does).
  PhaseProfile* phase_profile = nullptr;
};

// Every parameter and the optimizer state, in canonical order. Moment arrays are empty when the
// optimizer in use keeps no state.
struct ParameterState {
  std::vector<float> weights;         // [connection]
  std::vector<float> biases;          // [neuron]; input neurons' entries are 0 and unused
  std::vector<float> weight_moment1;  // [connection] SGD velocity or Adam m
  std::vector<float> weight_moment2;  // [connection] Adam s
  std::vector<float> bias_moment1;    // [neuron]
  std::vector<float> bias_moment2;    // [neuron]
  int moment_count = 0;               // 0, 1 or 2: which moment arrays are meaningful

  // Ok when the arrays fit a network of `connections` and `neurons` (the moment arrays that
  // moment_count makes meaningful included); otherwise an error saying what does not fit.
  Status check_shape(std::size_t connections, std::size_t neurons) const;

  bool operator==(const ParameterState&) const = default;
};

struct ParameterRef {
  enum class Kind { kWeight, kBias };
  Kind kind = Kind::kWeight;
  std::size_t index = 0;  // connection id or neuron id
  bool operator==(const ParameterRef&) const = default;
};

// One parameter with its optimizer moments (0 when the optimizer keeps none).
struct ParameterSlot {
  float value = 0.0f;
  float moment1 = 0.0f;
  float moment2 = 0.0f;
};

// DESIGN.md §2 memory figures.
struct MemoryFigures {
  double bytes_per_connection = 0;    // all per-connection training state / connections
  double bytes_per_neuron_sample = 0; // activations and histories per neuron per batch sample
  std::uint64_t parameter_bytes = 0;  // weights + biases as float32
};

class NetworkModule {
 public:
  virtual ~NetworkModule() = default;

  virtual const char* module_name() const = 0;
  const NetworkSpec& spec() const { return spec_; }
  const Topology& topology() const { return topology_; }
  const ModuleOptions& options() const { return options_; }
  Executor& executor() const { return *executor_; }
  // Switches to another thread team (e.g. after --threads changed). Results must not depend on
  // the team size beyond float reassociation that the module documents.
  virtual void set_executor(Executor& executor) { executor_ = &executor; }

  // --- topology introspection ---
  virtual ConnectionEnds connection(std::size_t id) const = 0;
  // Incoming connections of a neuron: ids [first, first + count) (canonical order groups them).
  virtual std::pair<std::size_t, std::size_t> incoming(std::size_t neuron) const = 0;

  // --- parameters ---
  virtual ParameterSlot parameter(ParameterRef ref) const = 0;
  virtual void set_parameter(ParameterRef ref, const ParameterSlot& slot) = 0;
  float weight(std::size_t connection) const { return parameter({ParameterRef::Kind::kWeight, connection}).value; }
  float bias(std::size_t neuron) const { return parameter({ParameterRef::Kind::kBias, neuron}).value; }
  void set_weight(std::size_t connection, float value);
  void set_bias(std::size_t neuron, float value);
  virtual void export_state(ParameterState& out) const = 0;
  // Fails (changing nothing) when array sizes do not match the topology.
  virtual Status import_state(const ParameterState& state) = 0;

  // --- computation ---
  // Forward pass for a mini-batch; keeps what neuron_values() and outputs() read.
  virtual void forward(const float* inputs, int batch) = 0;
  // Outputs of the last forward pass: [batch][output neurons].
  virtual void outputs(float* out) const = 0;
  // Every neuron's value for one sample of the last forward pass: [neuron].
  virtual void neuron_values(int sample, float* values) const = 0;
  // Forward, backward and one optimizer update; returns the mini-batch's loss (before the update).
  virtual double train_step(const float* inputs, const float* targets, int batch,
                            const OptimizerConfig& optimizer) = 0;
  // Loss of a forward pass without training; also fills outputs when `outputs` is not null.
  virtual double evaluate(const float* inputs, const float* targets, int batch, float* outputs);
  // Gradient of the loss for every parameter ([connection], [neuron]); parameters are left as they
  // were. The default takes one SGD step at learning rate 1 and reads the difference, which is
  // exact only up to float rounding; the reference module overrides it with its accumulators.
  virtual Status compute_gradients(const float* inputs, const float* targets, int batch,
                                   std::vector<double>& weight_gradients,
                                   std::vector<double>& bias_gradients);

  // --- embedding (encode: run up to the embedding layer; decode: set it, run the layers after) ---
  virtual void encode(const float* inputs, int batch, float* embedding) = 0;
  virtual void decode(const float* embedding, int batch, float* outputs) = 0;

  // Graph networks: the loss at each iteration of the last train_step/evaluate (empty for layer
  // networks).
  virtual std::vector<double> iteration_losses() const { return {}; }

  virtual MemoryFigures memory_figures(int batch) const = 0;

 protected:
  NetworkModule(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
      : spec_(std::move(spec)), topology_(std::move(topology)), options_(std::move(options)),
        executor_(&executor) {}

  NetworkSpec spec_;
  Topology topology_;
  ModuleOptions options_;
  Executor* executor_;
};

// Topology of a layer network spec (layers, neuron and connection ranges).
Topology layer_network_topology(const NetworkSpec& spec);

}  // namespace dendrite
