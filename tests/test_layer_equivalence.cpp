// test_layer_equivalence.cpp — every optimized layer module (`layer_o1`, `layer_o2`, …) against
// the reference `layer` module (DESIGN.md §2: "each variant validated against the reference
// before it is timed", like llm.c's validate_result before benchmark_kernel).
//
// Nets are small copies of the benchmark shapes: W1-like (dense), W2-like (local/up with
// channels), W3-like (3 input channels, local, dense and up layers mixed, a 5×5 window and a
// sigmoid output), "narrow" (a hidden layer reading 2 channels through 5×5 windows),
// "narrow-blocks" and "narrow-pixels" (narrow layers over a hidden layer and under a dense one),
// "packed", and six nets ("fused", "dense-16", "narrow-fused", "fused-3-blocks", "fused-16-blocks",
// "fused-32-row-blocks") with dense layers wide enough for layer_o6's fused backward; and ten nets
// of random shapes (random_nets: a fixed seed) in the forward, SGD-step and thread-count checks,
// for geometry nobody picked by hand. Each check
// runs with 1 and 2 threads, and training runs a final mini-batch smaller than the others (32,
// 32, 7), then a full one again, so every module must cope with a batch size that changes
// between calls.
//
// Tolerance. Every module sums the same products, but optimized kernels may contract a·b + c into
// one FMA where the reference rounds twice, and may group the sums differently. A float32 sum of
// K products then differs by at most about K·u·Σ|terms| (u = 2⁻²⁴ ≈ 6e-8). The longest sums in
// these nets have 144 terms (W2-like's 3×3×16 windows, and its sources' 144 readers), i.e.
// 144·u ≈ 9e-6 per sum, and a parameter after a step depends on a chain of up to 12 such sums (6
// layers forward, 6 back), so kTolerance = 1e-4 of the array's scale (its largest magnitude)
// bounds every array compared here; no check uses anything looser. Adam runs with ε = 1e-3: with
// the default ε = 1e-8 the first Adam step is ±lr·sign(g) for any gradient |g| ≫ 1e-8, so a
// gradient that is almost zero could flip its step from a rounding difference that no bound
// covers; with ε = 1e-3 the step is a smooth function of the gradient (slope ≤ lr/ε) and the
// bound above applies.
//
// Thread-count independence: each module documents fixed reduction orders, so the same module with
// 1 and 2 threads must give bit-identical results; that is checked exactly.
//
// Plain harness (tests/support/plain_test.h), no Qt: the suite is labelled `threaded` and runs
// under TSan. Each test loops over its rows (module × net × threads) and names the row that
// failed.

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "core/executor.h"
#include "core/model_file.h"
#include "core/phase_profile.h"
#include "core/random.h"
#include "networks/layer_net_o6.h"
#include "networks/model_io.h"
#include "networks/registry.h"
#include "tests/support/plain_test.h"

using namespace dendrite;

namespace {

constexpr double kTolerance = 1e-4;  // relative to the compared array's largest magnitude

struct Net {
  const char* name;
  const char* spec;
  float leakage;
  // ModuleOptions::planned_cores: layer_o6's fused blocks as on a machine of this many cores
  // (2 unless the net says otherwise, so every net tests the same split on any test machine).
  int planned_cores = 2;
};

const std::vector<Net>& nets() {
  static const std::vector<Net> all = {
      {"W1-like", "input 10x10x1 | dense 6x6x1 | dense 4x3x1 embedding | dense 6x6x1 | dense 10x10x1 linear", 0.01f},
      {"W2-like", "input 12x12x1 | local 6x6x16 k3 s2 | local 3x3x5 k3 s2 embedding | up 6x6x16 k3 | up 12x12x1 k3 linear",
       0.01f},
      {"W3-like",
       "input 8x8x3 | local 4x4x8 k3 s2 | local 2x2x12 k5 s2 | dense 3x1x1 embedding | dense 2x2x12 | "
       "up 4x4x8 k3 | up 8x8x3 k5 sigmoid",
       0.05f},
      // A layer reading few channels in the middle (its errors flow back to a hidden layer),
      // with a 5×5 window (50 offsets) and 20 channels, for the kernels of narrow layers.
      {"narrow", "input 8x8x2 | local 8x8x2 k1 | local 4x4x20 k5 s2 | dense 2x2x1 embedding | dense 4x4x3 | up 8x8x2 k3 linear",
       0.01f},
      // A narrow layer above a hidden layer of 108 neurons: layer_o6 copies that layer
      // sample-major in blocks of 16 neurons for the narrow gradient, the last block partial.
      {"narrow-blocks", "input 6x6x1 | local 6x6x3 k3 | local 3x3x16 k3 s2 embedding | up 6x6x3 k3 | local 6x6x1 k3 linear",
       0.01f},
      // A narrow first layer of 32 channels (two vectors) under a dense layer that is not fused:
      // layer_o6 pulls its errors sample-major, a pixel's channels as the lanes (pull_pixel), and
      // applies the derivative there (sigmoid: read from the values, not only their sign).
      {"narrow-pixels", "input 6x6x1 | local 3x3x32 k3 s2 sigmoid | dense 2x2x1 embedding | dense 3x3x4 | up 6x6x1 k3 linear",
       0.01f},
      // Dense layers of ≥ 256 targets (layer_o6 fuses their backward, 2 blocks on 2 cores): one
      // above an up layer of 3 channels (its tiles' rows are not contiguous neurons), fused above
      // a plain dense layer, fused above fused, and a fused output layer.
      {"fused", "input 2x2x2 | up 4x4x3 k1 | dense 16x16x1 | dense 2x2x1 embedding | dense 16x16x1 | dense 16x16x1 linear",
       0.01f},
      // 16 inputs (a multiple of 16: layer_o6's first layer reads the caller's inputs directly)
      // and a fused layer of 256 targets below a plain output layer.
      {"dense-16", "input 4x4x1 | dense 4x4x1 | dense 2x2x1 embedding | dense 16x16x1 | dense 4x4x1 linear", 0.01f},
      // Short window rows, which layer_o6 packs for its gradient: an up layer reading 8 channels
      // through 3-pixel rows (24 values, as W2's), a local layer reading 4 channels (rows of
      // 12), and a first layer of 4 channels reading the inputs through rows of 3.
      {"packed", "input 4x4x1 | local 4x4x4 k3 | local 4x4x8 k3 embedding | up 8x8x4 k3 | local 4x4x1 k3 s2 linear",
       0.01f},
      // layer_o6 fuses the backward of a packed window layer above layer 2 and below the output
      // (W2's up layer 3): here an up layer of 512 targets in two blocks, whose windows overlap
      // between tiles, groups and blocks; its neighbours (layers 2 and 4, rows of 24) are packed
      // and not fused. (The packed net above fuses its up layer too.)
      {"fused-window", "input 8x8x1 | local 8x8x8 k3 | local 4x4x8 k3 s2 embedding | up 8x8x8 k3 | local 8x8x1 k3 linear",
       0.01f},
      // The same as on a 16-core machine: 16 blocks of 32 rows (4 pixels of 8 channels), each
      // block's windows covering a few rows of layer 2's pixels, so each of layer 2's tiles sums
      // only the blocks whose windows meet it (Geometry::block_sources).
      {"fused-window-16-blocks",
       "input 8x8x1 | local 8x8x8 k3 | local 4x4x8 k3 s2 embedding | up 8x8x8 k3 | local 8x8x1 k3 linear", 0.01f, 16},
      // An up layer pulling errors from a pixel of 36 channels (layer_o6 lists the pixel's readers
      // once for its five tiles, the last of 4 rows, and prefetches their weights ahead).
      {"listed-pull", "input 6x6x2 | local 6x6x4 k3 | local 3x3x36 k3 s2 embedding | up 6x6x4 k3 | local 6x6x2 k3 linear",
       0.01f},
      // An up layer whose source pixels have 288 readers each (4 groups × 4 pixels × 18
      // channels): layer_o6 walks such a pixel's tiles (8, 8 and 4 channels) together over
      // chunks of its readers (kPullChunk, the last chunk short), keeping the sums in the rows.
      {"chunked-pull", "input 4x4x2 | local 4x4x8 k3 | local 2x2x20 k3 s2 embedding | up 4x4x18 k3 | local 4x4x2 k3 linear",
       0.01f},
      // Unfused dense layers over 1,024 sources (the embedding, and the output layer), which
      // layer_o6 updates by blocks of source columns (4 blocks of 256) instead of by rows.
      {"column-update", "input 4x4x1 | up 16x16x4 k3 | dense 4x4x1 embedding | up 16x16x4 k3 | dense 4x4x1 linear",
       0.01f},
      // The same as on a 16-core machine: a block per core, 16 of 64 sources (8 per thread).
      {"column-update-16-cores",
       "input 4x4x1 | up 16x16x4 k3 | dense 4x4x1 embedding | up 16x16x4 k3 | dense 4x4x1 linear", 0.01f, 16},
      // A fused dense layer above a narrow first layer (a pixel's rows span tiles of two threads).
      {"narrow-fused", "input 3x3x2 | local 3x3x12 k3 | dense 16x16x1 | dense 2x2x1 embedding | dense 3x3x2 linear",
       0.01f},
      // More blocks than threads, as on bigger machines: 3 blocks of 128 rows in two fused layers
      // (fused above fused; thread 0 of 2 owns two blocks), and 16 blocks of 128 rows summed into
      // the errors of a 16-neuron layer.
      {"fused-3-blocks", "input 4x4x1 | dense 4x4x1 | dense 2x2x1 embedding | dense 24x16x1 | dense 24x16x1 linear",
       0.01f, 3},
      {"fused-16-blocks", "input 4x4x1 | dense 4x4x1 | dense 2x2x1 embedding | dense 4x4x1 | dense 64x32x1 linear",
       0.01f, 16},
      // Blocks of 32 rows, as on a 16-core machine (blocks = min(cores, rows / 32); W1's output
      // layer there: 16 blocks of 49 rows): a 128-row layer in 4 blocks under a 200-row output
      // layer in 6 (fused above fused, 3 blocks per thread), and a 64-row dense layer that stays
      // unfused (fewer than kFusedMinRows rows) under the embedding.
      {"fused-32-row-blocks",
       "input 4x4x1 | dense 4x4x1 | dense 8x8x1 | dense 2x2x1 embedding | dense 16x8x1 | dense 20x10x1 linear", 0.01f,
       16},
  };
  return all;
}

// Nets of random shapes (a fixed seed, so every run checks the same ones): 3–5 layers of local
// (k1/k3/k5, stride 1 or 2, the largest or a smaller target), up (×1 to ×3, k1/k3) and dense
// layers, 1–32 channels (16 and 32 whole vectors, 17 and 20 not), a random layer marked as the
// embedding and a linear, sigmoid or leaky output — shapes nobody picked by hand, for the
// geometry each module derives from them (tiles, narrow and packed windows, reader lists). Their
// dense layers (≤ 108 rows) stay under layer_o6's kFusedMinRows; the "fused…" nets cover those.
const std::vector<Net>& random_nets() {
  struct Named {
    std::string name, spec;
  };
  static const std::vector<Named> specs = [] {
    Rng rng(2026, RandomStream::kMisc);
    auto below = [&](int n) { return static_cast<int>(rng.next_u64() % static_cast<std::uint64_t>(n)); };
    const int channel_choices[] = {1, 2, 3, 5, 8, 12, 16, 17, 20, 32};
    std::vector<Named> out;
    for (int n = 0; n < 10; ++n) {
      int w = 2 + below(8), h = 2 + below(8), c = 1 + below(4);
      std::string spec = "input " + std::to_string(w) + "x" + std::to_string(h) + "x" + std::to_string(c);
      const int layers = 3 + below(3);
      const int embedding = 1 + below(layers - 1);
      for (int l = 1; l <= layers; ++l) {
        const int kind = below(3);
        const int channels = channel_choices[below(10)];
        std::string layer;
        if (kind == 0) {  // local
          const int stride = 1 + below(2), kernel = 1 + 2 * below(3);
          const int max_w = (w - 1) / stride + 1, max_h = (h - 1) / stride + 1;
          w = below(2) == 0 ? max_w : 1 + below(max_w);
          h = below(2) == 0 ? max_h : 1 + below(max_h);
          layer = "local " + std::to_string(w) + "x" + std::to_string(h) + "x" + std::to_string(channels) + " k" +
                  std::to_string(kernel) + " s" + std::to_string(stride);
        } else if (kind == 1 && w * 2 <= 16 && h * 2 <= 16) {  // up
          const int factor = 1 + below(w * 3 <= 16 && h * 3 <= 16 ? 3 : 2), kernel = 1 + 2 * below(2);
          w *= factor;
          h *= factor;
          layer = "up " + std::to_string(w) + "x" + std::to_string(h) + "x" + std::to_string(channels) + " k" +
                  std::to_string(kernel);
        } else {  // dense
          w = 1 + below(6);
          h = 1 + below(6);
          layer = "dense " + std::to_string(w) + "x" + std::to_string(h) + "x" + std::to_string(1 + below(3));
        }
        if (l == embedding) layer += " embedding";
        if (l == layers) {
          const int out_kind = below(3);
          if (out_kind == 0) layer += " linear";
          if (out_kind == 1) layer += " sigmoid";
        }
        spec += " | " + layer;
      }
      out.push_back({"random-" + std::to_string(n), spec});
    }
    return out;
  }();
  static const std::vector<Net> all = [] {
    std::vector<Net> out;
    for (const Named& net : specs) out.push_back({net.name.c_str(), net.spec.c_str(), 0.01f});
    return out;
  }();
  return all;
}

std::vector<std::string> optimized_modules() {
  std::vector<std::string> out;
  for (const ModuleInfo& info : registered_modules())
    if (info.family == NetworkFamily::kLayer && std::string(info.name) != "layer") out.push_back(info.name);
  return out;
}

std::unique_ptr<NetworkModule> make(const Net& net, const std::string& module, Executor& executor,
                                    std::uint64_t seed = 11, PhaseProfile* profile = nullptr, int share_tails = -1) {
  ModuleOptions options;
  options.leakage = net.leakage;
  options.planned_cores = net.planned_cores;
  options.phase_profile = profile;
  options.share_tails = share_tails;
  InitOptions init;
  init.scheme = InitScheme::kTorchDefault;  // non-zero biases, so bias paths are exercised
  auto created = create_initialized_module(net.spec, module, options, init, seed, executor);
  if (!created) {
    std::printf("cannot build %s for %s: %s\n", module.c_str(), net.spec, created.message().c_str());
    return nullptr;
  }
  return std::move(*created);
}

std::vector<float> random_values(std::size_t count, std::uint64_t seed) {
  Rng rng(seed, RandomStream::kMisc);
  std::vector<float> v(count);
  for (float& x : v) x = rng.uniform01();
  return v;
}

// Fails the test (with the index and both values) when |got − want| > kTolerance · scale, scale
// being the largest |want| (at least 1e-30).
bool close(const std::vector<float>& got, const std::vector<float>& want, const char* what) {
  if (got.size() != want.size()) {
    std::printf("   %s: %zu values, reference has %zu\n", what, got.size(), want.size());
    return false;
  }
  double scale = 1e-30;
  for (float w : want) scale = std::max(scale, std::fabs(static_cast<double>(w)));
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double diff = std::fabs(static_cast<double>(got[i]) - want[i]);
    if (!(diff <= kTolerance * scale)) {
      std::printf("   %s[%zu]: %.9g, reference %.9g (difference %.3g, allowed %.3g)\n", what, i,
               static_cast<double>(got[i]), static_cast<double>(want[i]), diff, kTolerance * scale);
      return false;
    }
  }
  return true;
}

bool close_scalar(double got, double want, const char* what) {
  const double diff = std::fabs(got - want);
  if (diff <= kTolerance * std::max(1e-30, std::fabs(want))) return true;
  std::printf("   %s: %.12g, reference %.12g\n", what, got, want);
  return false;
}

bool states_close(const ParameterState& got, const ParameterState& want) {
  if (got.moment_count != want.moment_count) {
    std::printf("   moment_count %d, reference %d\n", got.moment_count, want.moment_count);
    return false;
  }
  return close(got.weights, want.weights, "weights") && close(got.biases, want.biases, "biases") &&
         close(got.weight_moment1, want.weight_moment1, "weight_moment1") &&
         close(got.weight_moment2, want.weight_moment2, "weight_moment2") &&
         close(got.bias_moment1, want.bias_moment1, "bias_moment1") &&
         close(got.bias_moment2, want.bias_moment2, "bias_moment2");
}

ParameterState exported(const NetworkModule& module) {
  ParameterState state;
  module.export_state(state);
  return state;
}

std::vector<float> outputs_of(const NetworkModule& module, int batch) {
  std::vector<float> out(module.topology().output_size() * static_cast<std::size_t>(batch));
  module.outputs(out.data());
  return out;
}

// Runs the same optimizer steps (batch sizes `batches`) on a module; records loss and state after
// every step.
struct Trace {
  std::vector<double> losses;
  std::vector<ParameterState> states;
  std::vector<std::vector<float>> outputs;  // outputs of each step's forward pass
};

Trace train(NetworkModule& module, OptimizerConfig optimizer, const std::vector<int>& batches) {
  Trace trace;
  const std::size_t n_in = module.topology().input_size();
  const std::size_t n_out = module.topology().output_size();
  std::uint64_t seed = 100;
  for (int batch : batches) {
    const auto inputs = random_values(n_in * static_cast<std::size_t>(batch), seed++);
    const auto targets = random_values(n_out * static_cast<std::size_t>(batch), seed++);
    trace.losses.push_back(module.train_step(inputs.data(), targets.data(), batch, optimizer));
    trace.outputs.push_back(outputs_of(module, batch));
    trace.states.push_back(exported(module));
    optimizer.step += 1;
  }
  return trace;
}

struct Row {
  std::string module;
  const Net* net;
  int threads;
};

// Every optimized module × net × thread count (1, 2).
// With random shapes: the random nets too (for the checks whose code paths follow the geometry —
// forward, SGD step, thread-count independence — so the suite stays within its time under TSan).
std::vector<Row> rows(bool random_shapes) {
  std::vector<Row> out;
  for (const std::string& module : optimized_modules()) {
    for (const Net& net : nets())
      for (int threads : {1, 2}) out.push_back({module, &net, threads});
    if (random_shapes)
      for (const Net& net : random_nets())
        for (int threads : {1, 2}) out.push_back({module, &net, threads});
  }
  return out;
}

// Runs check(row) for every row; a failed check ends that row only, and the row is named.
template <typename Check>
void for_each_row(Check check, bool random_shapes = false) {
  for (const Row& row : rows(random_shapes)) {
    const bool failed_before = ::dendrite::testing::plain_test_failed();
    ::dendrite::testing::plain_test_failed() = false;
    check(row);
    if (::dendrite::testing::plain_test_failed())
      std::printf("   Row: %s %s %dt\n", row.module.c_str(), row.net->name, row.threads);
    ::dendrite::testing::plain_test_failed() = ::dendrite::testing::plain_test_failed() || failed_before;
  }
}

}  // namespace

PLAIN_TEST(has_optimized_modules) { CHECK(!optimized_modules().empty()); }

// The reference and the row's module on the row's net, with the same initial parameters, on a
// team of the row's thread count (null modules if either cannot be built).
struct Contenders {
  explicit Contenders(const Row& row)
      : executor(row.threads),
        reference(make(*row.net, "layer", executor)),
        variant(make(*row.net, row.module, executor)) {}
  bool built() const { return reference != nullptr && variant != nullptr; }
  Executor executor;
  std::unique_ptr<NetworkModule> reference, variant;
};

OptimizerConfig sgd_config(float learning_rate, float momentum = 0.0f) {
  OptimizerConfig config;
  config.kind = OptimizerKind::kSgd;
  config.learning_rate = learning_rate;
  config.momentum = momentum;
  return config;
}

OptimizerConfig adam_config(float learning_rate, float epsilon = 1e-8f) {
  OptimizerConfig config;
  config.kind = OptimizerKind::kAdam;
  config.learning_rate = learning_rate;
  config.epsilon = epsilon;
  return config;
}

// Canonical ids: every connection's ends, every neuron's incoming range, and single-parameter
// access by id agree with the reference.
static void check_topology_and_parameters_match(const Row& row) {
  Contenders both(row);
  CHECK(both.built());
  auto& reference = both.reference;
  auto& variant = both.variant;
  const Topology& topology = reference->topology();
  CHECK_EQ(variant->topology().connection_count, topology.connection_count);
  for (std::size_t c = 0; c < topology.connection_count; ++c) {
    const ConnectionEnds a = variant->connection(c), b = reference->connection(c);
    CHECK_MSG(a.source == b.source && a.target == b.target,
              "connection " << c << ": " << a.source << "→" << a.target << ", reference " << b.source << "→"
                            << b.target);
  }
  for (std::size_t neuron = 0; neuron < topology.neuron_count; ++neuron)
    CHECK_MSG(variant->incoming(neuron) == reference->incoming(neuron), "incoming connections of neuron " << neuron);
  // Same initial parameters (the initializer goes through export/import) and the same values
  // through single-parameter access.
  CHECK(exported(*variant) == exported(*reference));
  for (std::size_t c = 0; c < topology.connection_count; c += 7)
    CHECK_EQ(variant->weight(c), reference->weight(c));
  const std::size_t probe = topology.connection_count / 2;
  variant->set_parameter({ParameterRef::Kind::kWeight, probe}, {0.625f, 0.0f, 0.0f});
  variant->set_bias(topology.neuron_count - 1, -0.375f);
  const ParameterState after = exported(*variant);
  CHECK_EQ(after.weights[probe], 0.625f);
  CHECK_EQ(after.biases[topology.neuron_count - 1], -0.375f);
}

// Outputs and loss of evaluate() for batches 32, 7 and 256 (the largest evaluate batch), and
// neuron_values for the first and last sample.
static void check_forward_matches(const Row& row) {
  Contenders both(row);
  CHECK(both.built());
  auto& reference = both.reference;
  auto& variant = both.variant;
  const std::size_t n_in = reference->topology().input_size(), n_out = reference->topology().output_size();
  for (int batch : {32, 7, 256, 1}) {
    const auto inputs = random_values(n_in * static_cast<std::size_t>(batch), 1000 + batch);
    const auto targets = random_values(n_out * static_cast<std::size_t>(batch), 2000 + batch);
    std::vector<float> want(n_out * static_cast<std::size_t>(batch)), got(want.size());
    const double want_loss = reference->evaluate(inputs.data(), targets.data(), batch, want.data());
    const double got_loss = variant->evaluate(inputs.data(), targets.data(), batch, got.data());
    CHECK(close(got, want, "outputs"));
    CHECK(close_scalar(got_loss, want_loss, "loss"));
    const std::size_t neurons = reference->topology().neuron_count;
    for (int sample : {0, batch - 1}) {
      std::vector<float> want_values(neurons), got_values(neurons);
      reference->neuron_values(sample, want_values.data());
      variant->neuron_values(sample, got_values.data());
      CHECK(close(got_values, want_values, "neuron_values"));
    }
  }
}

// DESIGN.md §2: loss and parameters after SGD steps at learning rate 1 without momentum (the
// parameter change is then the gradient itself), with a final smaller mini-batch.
static void check_sgd_step_matches(const Row& row) {
  Contenders both(row);
  CHECK(both.built());
  auto& reference = both.reference;
  auto& variant = both.variant;
  const OptimizerConfig sgd = sgd_config(1.0f);
  const std::vector<int> batches = {32, 32, 7, 32};
  // Compare step by step: each step starts from the reference's parameters, so a difference is
  // one step's, not an amplified chain of them.
  std::uint64_t seed = 300;
  for (int batch : batches) {
    CHECK(variant->import_state(exported(*reference)).is_ok());
    const std::size_t n_in = reference->topology().input_size(), n_out = reference->topology().output_size();
    const auto inputs = random_values(n_in * static_cast<std::size_t>(batch), seed++);
    const auto targets = random_values(n_out * static_cast<std::size_t>(batch), seed++);
    const ParameterState before = exported(*reference);
    const double want_loss = reference->train_step(inputs.data(), targets.data(), batch, sgd);
    const double got_loss = variant->train_step(inputs.data(), targets.data(), batch, sgd);
    CHECK(close_scalar(got_loss, want_loss, "loss"));
    CHECK(close(outputs_of(*variant, batch), outputs_of(*reference, batch), "outputs"));
    // The gradient (before − after at lr 1) is compared on its own scale, which is much smaller
    // than the parameters'.
    const ParameterState want = exported(*reference), got = exported(*variant);
    CHECK_EQ(got.moment_count, 0);
    CHECK(got.weight_moment1.empty() && got.weight_moment2.empty());
    std::vector<float> want_gradient(want.weights.size()), got_gradient(want.weights.size());
    for (std::size_t i = 0; i < want.weights.size(); ++i) {
      want_gradient[i] = before.weights[i] - want.weights[i];
      got_gradient[i] = before.weights[i] - got.weights[i];
    }
    CHECK(close(got_gradient, want_gradient, "weight gradient"));
    std::vector<float> want_bias_gradient(want.biases.size()), got_bias_gradient(want.biases.size());
    for (std::size_t i = 0; i < want.biases.size(); ++i) {
      want_bias_gradient[i] = before.biases[i] - want.biases[i];
      got_bias_gradient[i] = before.biases[i] - got.biases[i];
    }
    CHECK(close(got_bias_gradient, want_bias_gradient, "bias gradient"));
    CHECK(states_close(got, want));
  }
}

// Two steps each of SGD with momentum, then Adam (moments allocated on the switch), then plain
// SGD again (moments dropped), over batch sizes 32 and 7.
static void check_momentum_and_adam_match(const Row& row) {
  Contenders both(row);
  CHECK(both.built());
  auto& reference = both.reference;
  auto& variant = both.variant;
  const OptimizerConfig momentum = sgd_config(0.05f, 0.9f);
  const OptimizerConfig adam = adam_config(1e-3f, 1e-3f);  // ε: see the tolerance note at the top
  const OptimizerConfig sgd = sgd_config(0.1f);
  // The whole sequence on both, starting equal, comparing after every step.
  for (const OptimizerConfig& optimizer : {momentum, adam, sgd}) {
    const Trace want = train(*reference, optimizer, {32, 7});
    const Trace got = train(*variant, optimizer, {32, 7});
    for (std::size_t i = 0; i < want.losses.size(); ++i) {
      CHECK(close_scalar(got.losses[i], want.losses[i], "loss"));
      CHECK(close(got.outputs[i], want.outputs[i], "outputs"));
      CHECK(states_close(got.states[i], want.states[i]));
    }
    CHECK_EQ(got.states.back().moment_count, optimizer.moment_count());
    // Re-synchronize so the next optimizer's check measures its own steps.
    CHECK(variant->import_state(exported(*reference)).is_ok());
  }
  CHECK(variant->memory_figures(32).bytes_per_connection > 0);
}

static void check_encode_decode_match(const Row& row) {
  Contenders both(row);
  CHECK(both.built());
  auto& reference = both.reference;
  auto& variant = both.variant;
  const Topology& topology = reference->topology();
  for (int batch : {5, 32}) {
    const auto inputs = random_values(topology.input_size() * static_cast<std::size_t>(batch), 77);
    std::vector<float> want(topology.embedding_size() * static_cast<std::size_t>(batch)), got(want.size());
    reference->encode(inputs.data(), batch, want.data());
    variant->encode(inputs.data(), batch, got.data());
    CHECK(close(got, want, "embedding"));
    const auto embedding = random_values(want.size(), 78);
    std::vector<float> want_out(topology.output_size() * static_cast<std::size_t>(batch)), got_out(want_out.size());
    reference->decode(embedding.data(), batch, want_out.data());
    variant->decode(embedding.data(), batch, got_out.data());
    CHECK(close(got_out, want_out, "decoded"));
    // decode leaves the decoder's values for drawing.
    std::vector<float> want_values(topology.neuron_count), got_values(topology.neuron_count);
    reference->neuron_values(batch - 1, want_values.data());
    variant->neuron_values(batch - 1, got_values.data());
    const LayerInfo& out = topology.layers.back();
    std::vector<float> want_tail(want_values.begin() + static_cast<std::ptrdiff_t>(out.first_neuron), want_values.end());
    std::vector<float> got_tail(got_values.begin() + static_cast<std::ptrdiff_t>(out.first_neuron), got_values.end());
    CHECK(close(got_tail, want_tail, "decoded neuron values"));
  }
}

// A state with every array filled (Adam moments too) goes in and comes out unchanged, and bad
// sizes are refused without changing anything.
static void check_export_import_round_trip(const Row& row) {
  Executor executor(row.threads);
  const Net& n = *row.net;
  const std::string& module = row.module;
  auto variant = make(n, module, executor);
  CHECK(variant != nullptr);
  const Topology& topology = variant->topology();
  ParameterState state;
  state.moment_count = 2;
  state.weights = random_values(topology.connection_count, 5);
  state.weight_moment1 = random_values(topology.connection_count, 6);
  state.weight_moment2 = random_values(topology.connection_count, 7);
  state.biases = random_values(topology.neuron_count, 8);
  state.bias_moment1 = random_values(topology.neuron_count, 9);
  state.bias_moment2 = random_values(topology.neuron_count, 10);
  for (std::size_t i = 0; i < topology.input_size(); ++i)  // input neurons carry no bias
    state.biases[i] = state.bias_moment1[i] = state.bias_moment2[i] = 0.0f;
  CHECK(variant->import_state(state).is_ok());
  CHECK(exported(*variant) == state);
  const std::size_t probe = topology.connection_count - 1;
  const ParameterSlot slot = variant->parameter({ParameterRef::Kind::kWeight, probe});
  CHECK_EQ(slot.value, state.weights[probe]);
  CHECK_EQ(slot.moment1, state.weight_moment1[probe]);
  CHECK_EQ(slot.moment2, state.weight_moment2[probe]);
  ParameterState bad = state;
  bad.weights.pop_back();
  CHECK(!variant->import_state(bad).is_ok());
  bad = state;
  bad.bias_moment2.clear();
  CHECK(!variant->import_state(bad).is_ok());
  CHECK(exported(*variant) == state);
  ParameterState plain = state;
  plain.moment_count = 0;
  plain.weight_moment1.clear();
  plain.weight_moment2.clear();
  plain.bias_moment1.clear();
  plain.bias_moment2.clear();
  CHECK(variant->import_state(plain).is_ok());
  CHECK(exported(*variant) == plain);
  auto fresh = make(n, module, executor);
  CHECK(fresh != nullptr);
  CHECK_EQ(variant->memory_figures(32).bytes_per_connection, fresh->memory_figures(32).bytes_per_connection);
}

// Fixed reduction orders: 1 and 2 threads give bit-identical losses, outputs and parameters.
static void check_thread_count_does_not_change_results(const Row& row) {
  const Net& n = *row.net;
  const std::string& module = row.module;
  Executor one(1), two(2);
  auto a = make(n, module, one);
  CHECK(a != nullptr);
  auto b = make(n, module, two);
  CHECK(b != nullptr);
  // Five threads: more than this machine's cores, so members are preempted mid-phase, and more
  // than layer_o6's fused blocks (one per core), so some members own no block.
  Executor five(5);
  auto c = make(n, module, five);
  CHECK(c != nullptr);
  // layer_o6 with threads taking each other's last tiles of a phase (ModuleOptions::share_tails;
  // these nets are too small for it to be on by default): on five threads members are preempted
  // mid-phase, so tiles do change hands.
  auto d = make(n, module, two, 11, nullptr, 1);
  CHECK(d != nullptr);
  auto e = make(n, module, five, 11, nullptr, 1);
  CHECK(e != nullptr);
  const OptimizerConfig adam = adam_config(1e-3f);
  const OptimizerConfig sgd = sgd_config(0.1f);
  for (const OptimizerConfig& optimizer : {sgd, adam}) {
    const Trace ta = train(*a, optimizer, {32, 32, 7});
    for (NetworkModule* other : {b.get(), c.get(), d.get(), e.get()}) {
      const Trace to = train(*other, optimizer, {32, 32, 7});
      CHECK_EQ(ta.losses, to.losses);
      CHECK_EQ(ta.outputs, to.outputs);
      for (std::size_t i = 0; i < ta.states.size(); ++i) CHECK(ta.states[i] == to.states[i]);
    }
  }
  // set_executor switches teams between calls — first with the batch size of the last step, so
  // no buffer is resized for the batch (layer_o6's per-thread buffers must follow the team).
  a->set_executor(two);
  const Trace ta = train(*a, sgd, {7, 32});
  const Trace tb = train(*b, sgd, {7, 32});
  CHECK_EQ(ta.losses, tb.losses);
  CHECK(ta.states.back() == tb.states.back());
}

// An autoencoder passes its inputs as the targets (one buffer; layer_o6 then reads the targets
// from its input rows): the same steps as with a copy of them, bit for bit.
static void check_targets_may_be_the_inputs(const Row& row) {
  Executor executor(row.threads);
  auto aliased = make(*row.net, row.module, executor);
  CHECK(aliased != nullptr);
  auto copied = make(*row.net, row.module, executor);
  CHECK(copied != nullptr);
  const std::size_t n_in = aliased->topology().input_size();
  if (aliased->topology().output_size() != n_in) return;  // not an autoencoder
  OptimizerConfig optimizer = sgd_config(0.1f);
  std::uint64_t seed = 300;
  for (int batch : {32, 7}) {
    const auto inputs = random_values(n_in * static_cast<std::size_t>(batch), seed++);
    const std::vector<float> targets = inputs;
    CHECK_EQ(aliased->train_step(inputs.data(), inputs.data(), batch, optimizer),
             copied->train_step(inputs.data(), targets.data(), batch, optimizer));
    CHECK_EQ(outputs_of(*aliased, batch), outputs_of(*copied, batch));
    CHECK(exported(*aliased) == exported(*copied));
    optimizer.step += 1;
  }
}

// Saved by each module (reference included) and loaded by every other one: parameters and
// optimizer state arrive exactly, and the loaded modules compute the same outputs.
PLAIN_TEST(model_file_crosses_modules) {
  Executor executor(2);
  std::vector<std::string> modules = optimized_modules();
  modules.insert(modules.begin(), "layer");
  const Net& n = nets()[1];
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("dendrite-equivalence-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  struct Cleanup {
    std::filesystem::path path;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } cleanup{directory};
  for (const std::string& saver : modules) {
    auto module = make(n, saver, executor);
    CHECK(module != nullptr);
    const OptimizerConfig adam = adam_config(1e-3f);
    const Trace trace = train(*module, adam, {32, 7});
    const ParameterState saved = trace.states.back();
    const std::string path = (directory / (saver + ".dendrite")).string();
    const ModelFile model = capture_model(*module, InitOptions{}, adam, TrainerState{});
    CHECK(save_model(real_file_system(), path, model).is_ok());
    auto loaded = load_model(real_file_system(), path);
    CHECK_MSG(loaded.is_ok(), loaded.message());
    CHECK_EQ(loaded->module_name, saver);
    const std::size_t size = module->topology().input_size() * 9;  // autoencoder: outputs = inputs
    const auto inputs = random_values(size, 55);
    std::vector<float> want(size);
    module->evaluate(inputs.data(), inputs.data(), 9, want.data());
    for (const std::string& loader : modules) {
      auto other = instantiate_model(*loaded, loader, executor);
      CHECK_MSG(other.is_ok(), other.message());
      CHECK_EQ(std::string((*other)->module_name()), loader);
      CHECK(exported(**other) == saved);
      std::vector<float> got(want.size());
      (*other)->evaluate(inputs.data(), inputs.data(), 9, got.data());
      CHECK(close(got, want, "outputs after loading"));
    }
  }
}

// layer_o6's default for sharing a phase's last tiles (what the results above do not depend on,
// but the speed does): the benchmark workloads' parameters (weights and biases, 4 bytes each) on
// cores with 2 MiB of L2, as on the Intel machines it was measured on, and the edges of the rule.
PLAIN_TEST(tails_are_shared_where_parameters_outgrow_the_l2) {
  const long l2 = 2L << 20;
  const double w1 = (417792.0 + 2112.0) * 4, w2 = (365328.0 + 8232.0) * 4, w3 = (2036528.0 + 18496.0) * 4;
  auto shares = [&](double bytes, int moments, int threads) {
    return LayerNetO6::tails_worth_sharing(bytes, moments, threads, l2);
  };
  for (int threads : {1, 2, 4, 8, 16}) {
    // SGD: W1 and W2 stay in their cores' L2 and never share; W3 shares from 2 threads on.
    CHECK(!shares(w1, 0, threads));
    CHECK(!shares(w2, 0, threads));
    CHECK(shares(w3, 0, threads) == (threads >= 2));
  }
  // Adam (two moments): W1's and W2's shares outgrow the L2 on 2 threads, not on 4 or more.
  CHECK(shares(w1, 2, 2) && shares(w2, 2, 2));
  CHECK(!shares(w1, 2, 4) && !shares(w2, 2, 16));
  // One thread has no one to share with; an unknown L2 (sysconf's 0 or −1) never shares.
  CHECK(!shares(w3, 2, 1));
  CHECK(!LayerNetO6::tails_worth_sharing(w3, 0, 8, 0) && !LayerNetO6::tails_worth_sharing(w3, 0, 8, -1));
  // From 4 threads on, parameters alone larger than one core's L2 share; on 2 or 3 threads only
  // when a thread's share is.
  CHECK(!shares(3.0 * l2, 0, 3) && shares(3.0 * l2, 0, 4) && shares(1.01 * l2, 0, 16));
  CHECK(!shares(0.99 * l2, 0, 16));
}

// layer_o6 with a phase profile (`bench --phases`): the same numbers as without, and every
// phase of every layer that the net's geometry has, counted once per step.
PLAIN_TEST(phase_profile_records_every_phase_and_changes_nothing) {
  struct Case {
    const char* net;
    std::vector<std::string> phases;  // must have time
    std::vector<std::string> absent;  // must not
  };
  const std::vector<Case> cases = {
      // Layers 2, 4 and 5 fused (dense, 256 rows); 3, the 4-neuron embedding, pulls its errors.
      {"fused", {"load inputs", "forward L1", "  wait: forward L5", "output errors", "fused backward L5",
                 "reduce errors L4", "fused backward L4", "reduce errors L3", "pull errors L3", "update L3",
                 "fused backward L2", "reduce errors L1", "update L1", "dispatch", "join"},
       {"pull errors L5", "update L5", "fused backward L3", "reduce errors L2", "pull errors L4"}},
      // local and up layers only: pulls and updates, no fused layer.
      {"W2-like", {"forward L4", "pull errors L4", "update L4", "pull errors L2", "update L1", "dispatch", "join"},
       {"fused backward L4", "reduce errors L3", "pull errors L1"}},
  };
  for (const Case& c : cases) {
    const auto net =
        std::find_if(nets().begin(), nets().end(), [&](const Net& n) { return n.name == std::string(c.net); });
    CHECK(net != nets().end());
    Executor executor(2);
    PhaseProfile profile;
    auto plain = make(*net, "layer_o6", executor);
    auto profiled = make(*net, "layer_o6", executor, 11, &profile);
    CHECK(plain != nullptr && profiled != nullptr);
    const Trace want = train(*plain, sgd_config(0.1f), {32, 32, 7});
    const Trace got = train(*profiled, sgd_config(0.1f), {32, 32, 7});
    CHECK_EQ(got.losses, want.losses);
    CHECK(got.states.back() == want.states.back());
    CHECK_EQ(profile.steps(), 3L);
    CHECK_EQ(profile.threads(), 2);
    std::vector<std::string> names;
    for (const PhaseProfile::Row& row : profile.rows()) {
      names.push_back(row.name);
      CHECK_MSG(row.mean_us > 0 && row.max_us >= row.mean_us, c.net << ": " << row.name);
    }
    for (const std::string& phase : c.phases)
      CHECK_MSG(std::find(names.begin(), names.end(), phase) != names.end(), c.net << ": no '" << phase << "'");
    for (const std::string& phase : c.absent)
      CHECK_MSG(std::find(names.begin(), names.end(), phase) == names.end(), c.net << ": '" << phase << "'");
    // In step order: forward before backward, the output layer's backward before layer 1's.
    const auto at = [&](const std::string& name) {
      return std::find(names.begin(), names.end(), name) - names.begin();
    };
    CHECK(at("forward L1") < at("output errors"));
    CHECK(at("output errors") < at("update L1"));
  }
}

PLAIN_TEST(topology_and_parameters_match) { for_each_row(check_topology_and_parameters_match); }
PLAIN_TEST(forward_matches) { for_each_row(check_forward_matches, true); }
PLAIN_TEST(sgd_step_matches) { for_each_row(check_sgd_step_matches, true); }
PLAIN_TEST(momentum_and_adam_match) { for_each_row(check_momentum_and_adam_match); }
PLAIN_TEST(encode_decode_match) { for_each_row(check_encode_decode_match); }
PLAIN_TEST(export_import_round_trip) { for_each_row(check_export_import_round_trip); }
PLAIN_TEST(targets_may_be_the_inputs) { for_each_row(check_targets_may_be_the_inputs); }
// Once per module and net: it builds its own 1- and 2-thread teams.
PLAIN_TEST(thread_count_does_not_change_results) {
  for_each_row(
      [](const Row& row) {
        if (row.threads == 1) check_thread_count_does_not_change_results(row);
      },
      true);
}

PLAIN_TEST_MAIN()
