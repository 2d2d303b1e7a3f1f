// graph_bench.cpp — `dendrite-graph-bench`: the graph-network benchmarks behind bench/RESULTS.md
// ("Graph networks"). Not a unit test: it prints measurements.
//
//   dendrite-graph-bench speed [--impl graph,graph_o1,graph_o2] [--threads 1,2] [--batch 32]
//                              [--trials 15] [--steps 4] [--partitioner spatial|metis]
//       G1 (graph-ae) train steps, measured in interleaved trials: each trial times `steps`
//       train_steps (and as many forward passes) for every module × thread count in turn, so a
//       burst of load from other processes hits every configuration alike; the best trial is
//       reported (the least disturbed), with the median beside it. Ratios against graph at the
//       same thread count and 1 → 2 thread scaling come from the best trials.
//   dendrite-graph-bench partitions [--threads 2]
//       cut fraction, work balance and partitioning time of the spatial and METIS partitioners
//       on G1 and graph-random, and graph_o2's best G1 step time with each.
//   dendrite-graph-bench convergence [--train FILE] [--test FILE] [--threads 2] [--epochs 1]
//       one epoch of graph-ae (graph_o2) and of dense-ae (layer) on Fashion-MNIST with the same
//       settings (Adam 1e-3, batch 32, seed 1, the default init), test MSE of each next to the MSE of
//       always predicting the mean training image.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/random.h"
#include "core/trainer.h"
#include "networks/graph_net_o2.h"
#include "networks/graph_structure.h"
#include "networks/model_io.h"
#include "networks/partition.h"

using namespace dendrite;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// CPU time of the calling thread: with 1 thread it is the step's time without the other
// processes' share of the core (this machine's 2 cores are shared).
double thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

struct Args {
  std::vector<std::string> words;
  std::string get(const std::string& flag, const std::string& fallback) const {
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
      if (words[i] == flag) return words[i + 1];
    return fallback;
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

struct Config {
  std::string impl;
  int threads;
  std::unique_ptr<Executor> executor;
  std::unique_ptr<NetworkModule> module;
  std::vector<double> step_ms, forward_ms, step_cpu_ms;
};

int speed(const Args& args) {
  const auto impls = split(args.get("--impl", "graph,graph_o1,graph_o2"));
  const auto thread_list = split(args.get("--threads", "1,2"));
  const int batch = std::atoi(args.get("--batch", "32").c_str());
  const int trials = std::atoi(args.get("--trials", "15").c_str());
  const int steps = std::atoi(args.get("--steps", "4").c_str());
  const std::string partitioner = args.get("--partitioner", "default");
  std::optional<PartitionMethod> method;
  if (partitioner != "default") {
    auto parsed = parse_partition_method(partitioner);
    if (!parsed) return std::fprintf(stderr, "%s\n", parsed.message().c_str()), 2;
    method = *parsed;
  }
  std::vector<Config> configs;
  for (const std::string& impl : impls)
    for (const std::string& t : thread_list) {
      Config c{impl, std::atoi(t.c_str()), nullptr, nullptr, {}, {}, {}};
      c.executor = std::make_unique<Executor>(c.threads);
      auto module = create_initialized_module("graph-ae", impl, ModuleOptions{}, InitOptions{}, 1, *c.executor);
      if (!module) return std::fprintf(stderr, "%s\n", module.message().c_str()), 2;
      c.module = std::move(*module);
      if (auto* o2 = dynamic_cast<GraphNetO2*>(c.module.get()); o2 != nullptr && method) {
        if (Status s = o2->set_partition_method(*method); !s) return std::fprintf(stderr, "%s\n", s.message().c_str()), 2;
      }
      configs.push_back(std::move(c));
    }
  std::vector<float> data(784 * static_cast<std::size_t>(batch));
  Rng rng(7, RandomStream::kMisc);
  for (float& v : data) v = rng.uniform01();
  OptimizerConfig sgd;
  sgd.kind = OptimizerKind::kSgd;
  sgd.learning_rate = 1e-4f;
  for (Config& c : configs) c.module->train_step(data.data(), data.data(), batch, sgd);  // warm-up
  for (int trial = 0; trial < trials; ++trial) {
    for (Config& c : configs) {
      // The reference is ~30x slower: one step per trial keeps its share of the run reasonable.
      const int n = c.impl == "graph" ? 1 : steps;
      double start = now();
      const double cpu_start = thread_cpu();
      for (int s = 0; s < n; ++s) c.module->train_step(data.data(), data.data(), batch, sgd);
      c.step_ms.push_back((now() - start) / n * 1e3);
      c.step_cpu_ms.push_back((thread_cpu() - cpu_start) / n * 1e3);
      start = now();
      for (int s = 0; s < n; ++s) c.module->forward(data.data(), batch);
      c.forward_ms.push_back((now() - start) / n * 1e3);
    }
  }
  const double connections = 855412.0 * configs.front().module->options().iterations;
  std::printf("G1 graph-ae, batch %d, T %d, %d trials (best / median), partitioner %s\n", batch,
              configs.front().module->options().iterations, trials, partitioner.c_str());
  std::printf("%-9s %3s %10s %10s %10s %10s %12s %9s %9s %12s\n", "module", "thr", "step ms", "median", "fwd ms",
              "bwd ms", "samples/s", "GCUPS", "vs graph", "main cpu ms");
  for (const Config& c : configs) {
    const double best = *std::min_element(c.step_ms.begin(), c.step_ms.end());
    const double fwd = *std::min_element(c.forward_ms.begin(), c.forward_ms.end());
    double reference = 0;
    for (const Config& r : configs)
      if (r.impl == "graph" && r.threads == c.threads) reference = *std::min_element(r.step_ms.begin(), r.step_ms.end());
    const double sps = batch / best * 1e3;
    std::printf("%-9s %3d %10.2f %10.2f %10.2f %10.2f %12.1f %9.3f %9s %12.2f\n", c.impl.c_str(), c.threads, best,
                median(c.step_ms), fwd, best - fwd, sps, connections * sps / 1e9,
                reference > 0 ? (std::to_string(reference / best).substr(0, 5) + "x").c_str() : "-",
                *std::min_element(c.step_cpu_ms.begin(), c.step_cpu_ms.end()));
  }
  for (const Config& c : configs) {
    if (c.threads != 1) continue;
    for (const Config& d : configs)
      if (d.impl == c.impl && d.threads == 2)
        std::printf("%s 1 -> 2 threads: step %.2fx (best trials), %.2fx (medians); forward %.2fx\n", c.impl.c_str(),
                    *std::min_element(c.step_ms.begin(), c.step_ms.end()) / *std::min_element(d.step_ms.begin(), d.step_ms.end()),
                    median(c.step_ms) / median(d.step_ms),
                    *std::min_element(c.forward_ms.begin(), c.forward_ms.end()) /
                        *std::min_element(d.forward_ms.begin(), d.forward_ms.end()));
  }
  return 0;
}

int partitions(const Args& args) {
  const int threads = std::atoi(args.get("--threads", "2").c_str());
  std::printf("%-13s %-8s %5s %10s %12s %12s %10s\n", "spec", "method", "parts", "cut", "work max/avg",
              "time ms", "o2 step ms");
  for (const char* preset : {"graph-ae", "graph-random"}) {
    auto spec = parse_network_spec(preset);
    const Topology topology = graph_network_topology(*spec);
    const ConnectionList connections = build_graph_connections(*spec, topology);
    for (PartitionMethod method : {PartitionMethod::kSpatial, PartitionMethod::kMetis}) {
      for (int parts : {2, 4}) {
        const double start = now();
        auto partition = partition_neurons(topology, connections, parts, method);
        const double ms = (now() - start) * 1e3;
        if (!partition) return std::fprintf(stderr, "%s\n", partition.message().c_str()), 1;
        std::uint64_t total = 0, most = 0;
        for (std::uint64_t w : partition->work) {
          total += w;
          most = std::max(most, w);
        }
        std::string step = "-";
        if (parts == threads) {
          Executor executor(threads);
          auto module = create_initialized_module(preset, "graph_o2", ModuleOptions{}, InitOptions{}, 1, executor);
          auto* o2 = dynamic_cast<GraphNetO2*>(module->get());
          (void)o2->set_partition_method(method);
          std::vector<float> data(784 * 32);
          Rng rng(7, RandomStream::kMisc);
          for (float& v : data) v = rng.uniform01();
          OptimizerConfig sgd;
          sgd.kind = OptimizerKind::kSgd;
          sgd.learning_rate = 1e-4f;
          std::vector<double> times;
          for (int trial = 0; trial < 20; ++trial) {
            const double t0 = now();
            o2->train_step(data.data(), data.data(), 32, sgd);
            times.push_back((now() - t0) * 1e3);
          }
          step = std::to_string(*std::min_element(times.begin(), times.end())).substr(0, 6);
        }
        std::printf("%-13s %-8s %5d %9.2f%% %12.3f %12.1f %10s\n", preset, partition_method_name(method), parts,
                    100.0 * partition->cut_fraction, static_cast<double>(most) * parts / static_cast<double>(total), ms,
                    step.c_str());
      }
    }
  }
  return 0;
}

double test_mse(NetworkModule& module, const ImageDataset& test) {
  const std::size_t chunk = 256, size = test.sample_size();
  std::vector<float> batch;
  std::vector<std::size_t> indices;
  double sum = 0;
  for (std::size_t start = 0; start < test.size(); start += chunk) {
    const std::size_t count = std::min(chunk, test.size() - start);
    indices.resize(count);
    for (std::size_t i = 0; i < count; ++i) indices[i] = start + i;
    batch.resize(count * size);
    test.assemble_batch(indices.data(), count, batch.data());
    sum += module.evaluate(batch.data(), batch.data(), static_cast<int>(count), nullptr) * static_cast<double>(count);
  }
  return sum / static_cast<double>(test.size());
}

int convergence(const Args& args) {
  const std::string train_path = args.get("--train", "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
  const std::string test_path = args.get("--test", "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
  const int threads = std::atoi(args.get("--threads", "2").c_str());
  const int epochs = std::atoi(args.get("--epochs", "1").c_str());
  auto train = load_dataset(train_path);
  auto test = load_dataset(test_path);
  if (!train || !test) return std::fprintf(stderr, "%s%s\n", train.message().c_str(), test.message().c_str()), 1;
  // Baseline: always predict the mean training image.
  const std::vector<float> mean = train->mean_sample();
  double baseline = 0;
  for (std::size_t i = 0; i < test->size(); ++i)
    for (std::size_t j = 0; j < mean.size(); ++j) {
      const double d = double(test->sample(i)[j]) - mean[j];
      baseline += d * d;
    }
  baseline /= static_cast<double>(test->size() * mean.size());
  std::printf("Fashion-MNIST: %zu training, %zu test images; mean-image test MSE %.6f (half: %.6f)\n",
              train->size(), test->size(), baseline, baseline / 2);
  std::printf("%-10s %-9s %7s %10s %10s %12s %10s\n", "network", "module", "epochs", "seconds", "test MSE",
              "vs baseline", "< half?");
  for (const auto& [network, impl] : {std::pair<std::string, std::string>{"graph-ae", "graph_o2"},
                                      std::pair<std::string, std::string>{"dense-ae", "layer"}}) {
    Executor executor(threads);
    auto module = create_initialized_module(network, impl, ModuleOptions{}, InitOptions{}, 1, executor);
    if (!module) return std::fprintf(stderr, "%s\n", module.message().c_str()), 1;
    TrainerConfig config;
    config.batch_size = 32;
    config.validation_fraction = 0.0;
    config.seed = 1;
    auto trainer = Trainer::create(**module, *train, config);
    if (!trainer) return std::fprintf(stderr, "%s\n", trainer.message().c_str()), 1;
    const double start = now();
    while (trainer->state().full_passes < static_cast<std::uint64_t>(epochs)) trainer->step();
    const double seconds = now() - start;
    const double mse = test_mse(**module, *test);
    std::printf("%-10s %-9s %7d %10.1f %10.6f %11.3fx %10s\n", network.c_str(), impl.c_str(), epochs, seconds, mse,
                mse / baseline, mse < baseline / 2 ? "yes" : "NO");
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 2; i < argc; ++i) args.words.push_back(argv[i]);
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "speed") return speed(args);
  if (command == "partitions") return partitions(args);
  if (command == "convergence") return convergence(args);
  std::fprintf(stderr, "usage: dendrite-graph-bench speed|partitions|convergence [options] (see graph_bench.cpp)\n");
  return 2;
}
