// test_graph_variants.cpp — every optimized graph module against the reference (`graph`), at 1 and 2
// threads, before anything is timed (DESIGN.md §2, llm.c's validate_result): outputs of a forward
// pass, per-iteration and weighted losses, the parameters after one SGD step at learning rate 1
// (which covers graph_o2's gradient fused into the update), optimizer moments after a momentum
// step, and encode/decode. graph_o2 runs with both partitioners. Labelled `threaded`: it uses the
// plain harness (tests/support/plain_test.h), so TSan in CI sees only our threads.
//
// Tolerances: values and errors are summed in the reference's order, so forward outputs agree to
// float rounding (relative 1e-5); weight gradients are summed in 16 lanes by the optimized
// modules, so parameters after the lr-1 step agree within 1e-5 of the largest gradient. Results of
// one module must not depend on its thread count or partition at all (compared exactly).
//
//   ctest --test-dir build -R test_graph_variants --output-on-failure
#include <algorithm>
#include <cmath>
#include <string>

#include "core/random.h"
#include "networks/graph_net_o2.h"
#include "networks/model_io.h"
#include "tests/support/plain_test.h"

using namespace dendrite;

namespace {

struct Case {
  const char* name;
  const char* spec;
  int batch;
  int iterations;
  const char* weighting;
};

const Case kCases[] = {
    {"recurrent", "graph | i: input 3x3 | h: image 2x2x2 <- i local k3, h local k3, o local k3 | "
                  "g: image 3x3 sigmoid embedding <- h random k3 r1 p0.5, g local k1, i local k1 | "
                  "o: output 3x3 <- h dense, g local k3, o local k1",
     5, 4, "ramp"},
    {"graph-ae", "graph-ae", 3, 4, "uniform"},
    {"graph-random batch 17", "graph-random", 17, 3, "last"},
};

struct Variant {
  const char* impl;
  PartitionMethod partitioner;
};
const Variant kVariants[] = {
    {"graph_o1", PartitionMethod::kSpatial},
    {"graph_o2", PartitionMethod::kSpatial},
    {"graph_o2", PartitionMethod::kMetis},
};

std::unique_ptr<NetworkModule> build(const char* impl, const Case& c, Executor& executor,
                                     PartitionMethod partitioner = PartitionMethod::kSpatial) {
  ModuleOptions options;
  options.iterations = c.iterations;
  options.loss_weighting = c.weighting;
  InitOptions init;
  init.scheme = InitScheme::kHeUniform;
  init.bias_init = 0.01f;
  auto module = create_initialized_module(c.spec, impl, options, init, 17, executor);
  if (!module) return nullptr;
  if (auto* o2 = dynamic_cast<GraphNetO2*>(module->get())) {
    if (!o2->set_partition_method(partitioner)) return nullptr;
  }
  return std::move(*module);
}

std::vector<float> random_values(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, RandomStream::kMisc);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform01();
  return v;
}

// Everything a run produces, for comparison.
struct Run {
  std::vector<float> outputs;
  double loss = 0;
  std::vector<double> iteration_losses;
  ParameterState after_sgd;
  ParameterState after_momentum;
  std::vector<float> code, decoded;
};

Run run(NetworkModule& module, const Case& c) {
  const std::size_t n_in = module.topology().input_size();
  const std::size_t n_embed = module.topology().embedding_size();
  const auto x = random_values(n_in * static_cast<std::size_t>(c.batch), 101);
  Run r;
  r.outputs.resize(x.size());
  module.forward(x.data(), c.batch);
  module.outputs(r.outputs.data());
  OptimizerConfig sgd;
  sgd.kind = OptimizerKind::kSgd;
  sgd.learning_rate = 1.0f;
  r.loss = module.train_step(x.data(), x.data(), c.batch, sgd);
  r.iteration_losses = module.iteration_losses();
  module.export_state(r.after_sgd);
  sgd.learning_rate = 1e-3f;
  sgd.momentum = 0.9f;
  module.train_step(x.data(), x.data(), c.batch, sgd);
  module.export_state(r.after_momentum);
  r.code.resize(n_embed * static_cast<std::size_t>(c.batch));
  module.encode(x.data(), c.batch, r.code.data());
  r.decoded.resize(x.size());
  module.decode(r.code.data(), c.batch, r.decoded.data());
  return r;
}

double largest_change(const ParameterState& before, const ParameterState& after) {
  double largest = 0;
  for (std::size_t i = 0; i < before.weights.size(); ++i)
    largest = std::max(largest, std::abs(double(before.weights[i]) - after.weights[i]));
  for (std::size_t i = 0; i < before.biases.size(); ++i)
    largest = std::max(largest, std::abs(double(before.biases[i]) - after.biases[i]));
  return largest;
}

// "" when equal within |got − want| ≤ absolute + relative·|want|, else the first difference.
std::string compare_floats(const std::vector<float>& got, const std::vector<float>& want, double relative,
                           double absolute, const std::string& what) {
  if (got.size() != want.size()) return what + ": sizes differ";
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double tolerance = absolute + relative * std::abs(double(want[i]));
    if (!(std::abs(double(got[i]) - want[i]) <= tolerance))
      return what + "[" + std::to_string(i) + "]: " + std::to_string(got[i]) + " vs reference " +
             std::to_string(want[i]);
  }
  return "";
}

}  // namespace

PLAIN_TEST(matches_the_reference) {
  for (const Case& c : kCases) {
    Executor one(1), two(2);
    auto reference = build("graph", c, one);
    CHECK_MSG(reference != nullptr, c.name);
    ParameterState initial;
    reference->export_state(initial);
    const Run want = run(*reference, c);
    // The reference itself does not depend on the thread count.
    {
      auto reference2 = build("graph", c, two);
      CHECK(reference2 != nullptr);
      const Run again = run(*reference2, c);
      CHECK_MSG(again.outputs == want.outputs && again.after_sgd == want.after_sgd && again.decoded == want.decoded,
                c.name << ": the reference at 2 threads differs from 1 thread");
    }
    const double step = largest_change(initial, want.after_sgd);
    CHECK_MSG(step > 1e-4, c.name << ": the step did not move the parameters");
    for (const Variant& v : kVariants) {
      std::vector<Run> runs;
      for (Executor* executor : {&one, &two}) {
        const std::string label = std::string(c.name) + ": " + v.impl + " " + partition_method_name(v.partitioner) +
                                  " " + std::to_string(executor->thread_count()) + " thread(s)";
        auto module = build(v.impl, c, *executor, v.partitioner);
        CHECK_MSG(module != nullptr, label);
        const Run got = run(*module, c);
        std::string problem = compare_floats(got.outputs, want.outputs, 1e-5, 1e-6, label + " outputs");
        CHECK_MSG(problem.empty(), problem);
        CHECK_MSG(std::abs(got.loss - want.loss) <= 1e-6 * want.loss, label << " loss " << got.loss << " vs " << want.loss);
        CHECK_MSG(got.iteration_losses.size() == want.iteration_losses.size(), label);
        for (std::size_t t = 0; t < got.iteration_losses.size(); ++t)
          CHECK_MSG(std::abs(got.iteration_losses[t] - want.iteration_losses[t]) <= 1e-6 * want.iteration_losses[t],
                    label << " iteration loss " << t);
        problem = compare_floats(got.after_sgd.weights, want.after_sgd.weights, 0, 1e-5 * step, label + " weights");
        CHECK_MSG(problem.empty(), problem);
        problem = compare_floats(got.after_sgd.biases, want.after_sgd.biases, 0, 1e-5 * step, label + " biases");
        CHECK_MSG(problem.empty(), problem);
        CHECK_MSG(got.after_momentum.moment_count == 1, label);
        const double momentum_step = largest_change(want.after_sgd, want.after_momentum);
        problem = compare_floats(got.after_momentum.weight_moment1, want.after_momentum.weight_moment1, 1e-4,
                                 1e-4 * step, label + " velocity");
        CHECK_MSG(problem.empty(), problem);
        problem = compare_floats(got.after_momentum.weights, want.after_momentum.weights, 0,
                                 1e-5 * step + 1e-3 * momentum_step, label + " weights after momentum");
        CHECK_MSG(problem.empty(), problem);
        problem = compare_floats(got.code, want.code, 1e-4, 1e-5, label + " code");
        CHECK_MSG(problem.empty(), problem);
        problem = compare_floats(got.decoded, want.decoded, 1e-4, 1e-5, label + " decoded");
        CHECK_MSG(problem.empty(), problem);
        runs.push_back(got);
      }
      // One module, any thread count: the same numbers (the loss may differ in its last bits).
      CHECK_MSG(runs[0].outputs == runs[1].outputs && runs[0].after_sgd == runs[1].after_sgd &&
                    runs[0].after_momentum == runs[1].after_momentum && runs[0].decoded == runs[1].decoded,
                c.name << ": " << v.impl << " differs between 1 and 2 threads");
    }
  }
}

PLAIN_TEST(o2_results_do_not_depend_on_the_partition) {
  const Case& c = kCases[1];
  Executor two(2);
  auto spatial = build("graph_o2", c, two, PartitionMethod::kSpatial);
  auto metis = build("graph_o2", c, two, PartitionMethod::kMetis);
  auto* a = dynamic_cast<GraphNetO2*>(spatial.get());
  auto* b = dynamic_cast<GraphNetO2*>(metis.get());
  CHECK(a != nullptr && b != nullptr);
  CHECK(a->partition().part_of != b->partition().part_of);
  const Run ra = run(*spatial, c), rb = run(*metis, c);
  CHECK(ra.outputs == rb.outputs);
  CHECK(ra.after_sgd == rb.after_sgd);
  CHECK(ra.after_momentum == rb.after_momentum);
}

PLAIN_TEST_MAIN()
