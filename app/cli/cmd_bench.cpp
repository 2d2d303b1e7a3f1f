// bench: training speed of network modules on the fixed benchmark workloads (DESIGN.md §5).
//
//   dendrite-cli bench [--workload W1,W2,W3,G1] [--impl layer,layer_o1,…|all] [--threads 1,2]
//                      [--batch-size 32] [--seconds 2] [--repeat 1] [--csv] [--phases]
//                      [--optimizer sgd|momentum|adam] [--share-tails auto|on|off]
//
// For every workload × module × thread count it builds the module (seeded init), feeds fixed
// pseudo-random images and times train_step (SGD, learning rate 1e-4, so the parameters stay
// tame) for at least --seconds after warm-up, and forward alone for the forward/backprop split.
// The workloads are defined with SGD (DESIGN.md §5); --optimizer momentum (0.9) or adam times the
// same steps with the optimizer's moments (`train`'s default is Adam), at the same learning rate.
// --repeat N measures every configuration N times in interleaved rounds (all configurations once,
// then again, …) and reports each one's best round (highest samples/s, lowest forward time): on
// a machine shared with other work, the best round is the one least disturbed, and interleaving
// spreads any slow period over every configuration instead of one.
// --share-tails on|off forces layer_o6's sharing of a phase's last tiles between threads
// (ModuleOptions::share_tails; results do not change) where `auto`, the default, lets the module
// decide from its L2 cache — for measuring that policy on other machines.
// --csv prints one line per run with these fixed columns (a stable interface; scripts read it):
//   workload,module,threads,batch,samples_per_s,cups,ceiling_pct,forward_ms,backprop_ms,step_ms,
//   connections,bytes_per_connection,bytes_per_neuron_sample,iteration_losses
// --phases also prints, per configuration, where its training steps spent their time
// (core/phase_profile.h; modules that record it: layer_o6): every phase's time per step averaged
// over the threads and the slowest thread's, over every step timed — on stderr with --csv.
// cups = connection-updates/s = connections (per iteration, × iterations for graphs) × samples/s.
// ceiling_pct relates cups to the machine's FP32 FMA peak at 6 FLOP per connection-update
// (--ceiling-gcups-per-core, default 43.5 ≈ 263 GFLOP/s / 6, DESIGN.md §5) times the threads used.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "core/phase_profile.h"
#include "core/random.h"
#include "networks/model_io.h"
#include "networks/registry.h"

namespace dendrite::cli {
namespace {

struct BenchOptions {
  std::string workloads = "W1,W2,W3";
  std::string impls = "all";
  std::string threads = "1,2";
  int batch = 32;
  double seconds = 2.0;
  int repeat = 1;
  double ceiling_gcups_per_core = 43.5;
  bool csv = false;
  bool phases = false;
  std::string optimizer = "sgd";  // sgd, momentum or adam
  std::string share_tails = "auto";  // auto, on or off (ModuleOptions::share_tails −1, 1, 0)
};

// --optimizer's rule, at bench's learning rate; nullopt for a name it does not know.
std::optional<OptimizerConfig> bench_optimizer(const std::string& name) {
  if (name != "sgd" && name != "momentum" && name != "adam") return std::nullopt;
  OptimizerConfig config;
  config.kind = name == "adam" ? OptimizerKind::kAdam : OptimizerKind::kSgd;
  config.learning_rate = 1e-4f;
  if (name == "momentum") config.momentum = 0.9f;
  return config;
}

struct Workload {
  std::string id;
  std::string preset;
};

const std::vector<Workload>& workloads() {
  static const std::vector<Workload> all = {
      {"W1", "dense-ae"}, {"W2", "local-ae"}, {"W3", "rgb-ae"}, {"G1", "graph-ae"}};
  return all;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Measurement {
  double samples_per_s = 0;
  double step_ms = 0;
  double forward_ms = 0;
  std::vector<double> iteration_losses;
};

Measurement measure(NetworkModule& module, const std::vector<float>& data, int batch, double seconds,
                    const OptimizerConfig& optimizer) {
  for (int i = 0; i < 3; ++i) module.train_step(data.data(), data.data(), batch, optimizer);
  Measurement m;
  // Training steps.
  std::size_t steps = 0;
  double start = now_seconds(), elapsed = 0;
  while (elapsed < seconds || steps < 5) {
    module.train_step(data.data(), data.data(), batch, optimizer);
    ++steps;
    elapsed = now_seconds() - start;
  }
  m.step_ms = elapsed / static_cast<double>(steps) * 1e3;
  m.samples_per_s = static_cast<double>(steps) * batch / elapsed;
  m.iteration_losses = module.iteration_losses();
  // Forward alone, for the split.
  std::size_t forwards = 0;
  start = now_seconds();
  elapsed = 0;
  while (elapsed < seconds / 2 || forwards < 5) {
    module.forward(data.data(), batch);
    ++forwards;
    elapsed = now_seconds() - start;
  }
  m.forward_ms = elapsed / static_cast<double>(forwards) * 1e3;
  return m;
}

// One workload × module × thread count, kept alive across rounds.
struct Config {
  std::string workload;
  NetworkFamily family = NetworkFamily::kLayer;
  std::string module_name;
  int threads = 1;
  std::unique_ptr<Executor> executor;
  std::unique_ptr<PhaseProfile> profile;  // --phases
  std::unique_ptr<NetworkModule> module;
  const std::vector<float>* data = nullptr;
  Measurement best;
  bool measured = false;
};

void print_result(const BenchOptions& options, const Config& config) {
  const Measurement& m = config.best;
  const Topology& topology = config.module->topology();
  const double iterations = config.family == NetworkFamily::kGraph ? config.module->options().iterations : 1.0;
  const double cups = static_cast<double>(topology.connection_count) * iterations * m.samples_per_s;
  const double ceiling = options.ceiling_gcups_per_core * 1e9 * config.threads;
  const MemoryFigures memory = config.module->memory_figures(options.batch);
  std::string losses;
  for (double l : m.iteration_losses) losses += (losses.empty() ? "" : ";") + str_cat(l);
  if (options.csv) {
    std::printf("%s,%s,%d,%d,%.1f,%.4g,%.2f,%.4f,%.4f,%.4f,%zu,%.2f,%.2f,%s\n", config.workload.c_str(),
                config.module_name.c_str(), config.threads, options.batch, m.samples_per_s, cups, 100.0 * cups / ceiling,
                m.forward_ms, m.step_ms - m.forward_ms, m.step_ms, topology.connection_count,
                memory.bytes_per_connection, memory.bytes_per_neuron_sample, losses.c_str());
  } else {
    std::printf("%-4s %-10s %3d %12.1f %10.3f %8.2f %10.3f %11.3f %10.2f %8.2f\n", config.workload.c_str(),
                config.module_name.c_str(), config.threads, m.samples_per_s, cups / 1e9, 100.0 * cups / ceiling,
                m.forward_ms, m.step_ms - m.forward_ms, memory.bytes_per_connection, memory.bytes_per_neuron_sample);
  }
  std::fflush(stdout);
}

void print_phases(const BenchOptions& options, const Config& config) {
  const std::vector<PhaseProfile::Row> rows = config.profile->rows();
  std::FILE* out = options.csv ? stderr : stdout;
  if (rows.empty()) {
    std::fprintf(out, "  (%s records no phases)\n", config.module_name.c_str());
    return;
  }
  std::fprintf(out, "  phases of %s %s, %d threads, %ld steps: µs per step, mean over threads / slowest thread\n",
               config.workload.c_str(), config.module_name.c_str(), config.threads, config.profile->steps());
  double mean_total = 0, waits = 0;
  for (const PhaseProfile::Row& row : rows) {
    std::fprintf(out, "    %-28s %9.2f %9.2f\n", row.name.c_str(), row.mean_us, row.max_us);
    if (row.name != "dispatch" && row.name != "join") mean_total += row.mean_us;
    if (row.name.find("wait:") != std::string::npos) waits += row.mean_us;
  }
  std::fprintf(out, "    %-28s %9.2f (waiting at barriers %.2f, %.0f %%)\n", "sum of phases", mean_total, waits,
               mean_total > 0 ? 100.0 * waits / mean_total : 0.0);
  std::fflush(out);
}

int run_bench(const BenchOptions& options) {
  std::vector<std::string> wanted_workloads = split_list(options.workloads);
  std::vector<int> thread_counts;
  for (const std::string& t : split_list(options.threads)) {
    const int n = std::atoi(t.c_str());
    if (n < 1 || n > 1024) return fail(str_cat("--threads: '", t, "' is not a thread count"), 2);
    thread_counts.push_back(n);
  }
  if (options.batch < 1) return fail("--batch-size must be at least 1", 2);
  if (options.repeat < 1) return fail("--repeat must be at least 1", 2);
  const std::optional<OptimizerConfig> optimizer = bench_optimizer(options.optimizer);
  if (!optimizer) return fail(str_cat("--optimizer: '", options.optimizer, "' is not sgd, momentum or adam"), 2);
  const int share_tails = options.share_tails == "on" ? 1 : options.share_tails == "off" ? 0 : -1;
  if (share_tails < 0 && options.share_tails != "auto")
    return fail(str_cat("--share-tails: '", options.share_tails, "' is not auto, on or off"), 2);
  if (options.csv)
    std::printf("workload,module,threads,batch,samples_per_s,cups,ceiling_pct,forward_ms,backprop_ms,"
                "step_ms,connections,bytes_per_connection,bytes_per_neuron_sample,iteration_losses\n");
  else
    std::printf("%-4s %-10s %3s %12s %10s %8s %10s %11s %10s %8s\n", "work", "module", "thr", "samples/s",
                "GCUPS", "ceil%", "fwd ms", "backprop ms", "B/conn", "B/n·s");
  std::vector<std::unique_ptr<std::vector<float>>> inputs;  // one per workload
  std::vector<Config> configs;
  for (const std::string& id : wanted_workloads) {
    const auto it = std::find_if(workloads().begin(), workloads().end(), [&](const Workload& w) { return w.id == id; });
    if (it == workloads().end()) return fail(str_cat("unknown workload '", id, "' (W1, W2, W3, G1)"), 2);
    auto spec = parse_network_spec(it->preset, it->preset);
    if (!spec) {
      std::cerr << "skipping " << id << ": " << spec.message() << "\n";
      continue;
    }
    std::vector<std::string> modules;
    if (options.impls == "all") {
      for (const ModuleInfo& info : registered_modules())
        if (info.family == spec->family) modules.push_back(info.name);
    } else {
      modules = split_list(options.impls);
    }
    // Fixed pseudo-random images in [0, 1].
    const std::size_t input_size = spec->input().shape.size();
    auto data = std::make_unique<std::vector<float>>(input_size * static_cast<std::size_t>(options.batch));
    Rng rng(7, RandomStream::kMisc);
    for (float& v : *data) v = rng.uniform01();
    for (const std::string& name : modules) {
      for (int threads : thread_counts) {
        Config config;
        config.workload = id;
        config.family = spec->family;
        config.module_name = name;
        config.threads = threads;
        config.executor = std::make_unique<Executor>(threads);
        ModuleOptions module_options;
        module_options.share_tails = share_tails;
        if (options.phases) {
          config.profile = std::make_unique<PhaseProfile>();
          module_options.phase_profile = config.profile.get();
        }
        auto module = create_initialized_module(it->preset, name, module_options, InitOptions{}, 1, *config.executor);
        if (!module) {
          if (options.impls != "all") return fail(module.message());
          continue;  // a module of another family
        }
        config.module = std::move(*module);
        config.data = data.get();
        configs.push_back(std::move(config));
      }
    }
    inputs.push_back(std::move(data));
  }
  for (int round = 0; round < options.repeat; ++round) {
    for (Config& config : configs) {
      const Measurement m = measure(*config.module, *config.data, options.batch, options.seconds, *optimizer);
      if (!config.measured) {
        config.best = m;
      } else {
        if (m.samples_per_s > config.best.samples_per_s) {
          config.best.samples_per_s = m.samples_per_s;
          config.best.step_ms = m.step_ms;
          config.best.iteration_losses = m.iteration_losses;
        }
        config.best.forward_ms = std::min(config.best.forward_ms, m.forward_ms);
      }
      config.measured = true;
      if (round + 1 == options.repeat) {
        print_result(options, config);
        if (options.phases) print_phases(options, config);
      }
    }
  }
  return 0;
}

}  // namespace

void add_bench_command(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* command = app.add_subcommand("bench", "training speed of network modules on the benchmark workloads");
  command->add_option("--workload", options->workloads, "comma-separated: W1 (dense-ae), W2 (local-ae), W3 (rgb-ae), G1 (graph-ae)");
  command->add_option("--impl", options->impls, "comma-separated module names, or 'all'");
  command->add_option("--threads", options->threads, "comma-separated thread counts");
  command->add_option("--batch-size", options->batch, "samples per step");
  command->add_option("--seconds", options->seconds, "time each measurement at least this long");
  command->add_option("--repeat", options->repeat,
                      "measure every configuration this many times in interleaved rounds; report the best");
  command->add_option("--ceiling-gcups-per-core", options->ceiling_gcups_per_core,
                      "machine ceiling in G connection-updates/s per core (FP32 FMA peak / 6)");
  command->add_flag("--csv", options->csv, "one CSV line per run with fixed columns");
  command->add_flag("--phases", options->phases,
                    "also print each configuration's time per phase of a step (layer_o6), per thread");
  command->add_option("--optimizer", options->optimizer,
                      "sgd (the workloads' definition), momentum (0.9) or adam; learning rate 1e-4");
  command->add_option("--share-tails", options->share_tails,
                      "layer_o6: auto (by its L2 cache), on or off — threads done with a phase take others' last tiles");
  command->callback([options, exit_code] { *exit_code = run_bench(*options); });
}

}  // namespace dendrite::cli
