// executor_bench.cpp — what synchronizing the thread team costs, by thread count: the floor under
// a training step that no kernel work can remove (docs/performance.md, "On 16 cores").
//
//   dendrite-executor-bench [--threads 1,2,4,8,16] [--repeat 5]
//
// For every thread count, on one core::Executor kept warm (its workers spinning, as during
// training), the best of --repeat rounds of:
//   dispatch   run_on_team with an empty job: hand out work and wait for every member (µs per call)
//   barrier    Executor::barrier() inside one job, many times in a row (µs per barrier)
//   exchange N one layer boundary of a batch-32 layer of N neurons: every member writes its share
//              of an N × 32 float array, a barrier, then every member reads the whole array, as a
//              dense layer reads the layer below (µs per boundary; 256 and 784 are W1's layers)
// A layer-network training step of W1 has one dispatch, about a dozen barriers and four exchanges.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "core/executor.h"

namespace {

using dendrite::Executor;

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

std::vector<int> parse_threads(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const int n = std::atoi(item.c_str());
    if (n >= 1 && n <= 1024) out.push_back(n);
  }
  return out;
}

// µs per dispatch of an empty job.
double time_dispatch(Executor& team) {
  const int calls = 2000;
  team.run_on_team([](int) {});
  const double start = now();
  for (int i = 0; i < calls; ++i) team.run_on_team([](int) {});
  return (now() - start) / calls * 1e6;
}

// µs per barrier, many in one job.
double time_barrier(Executor& team) {
  const int barriers = 5000;
  const double start = now();
  team.run_on_team([&](int) {
    for (int i = 0; i < barriers; ++i) team.barrier();
  });
  return (now() - start) / barriers * 1e6;
}

// µs per layer boundary of `neurons` × 32 floats: write a share, barrier, read everything, barrier
// (the second barrier stands for the next layer's boundary, before the array is written again).
double time_exchange(Executor& team, std::size_t neurons) {
  const std::size_t floats = neurons * 32;
  std::vector<float> layer(floats, 1.0f);
  const int threads = team.thread_count();
  std::vector<float> sinks(static_cast<std::size_t>(threads) * 16, 0.0f);
  const int rounds = 1000;
  const double start = now();
  team.run_on_team([&](int thread) {
    const auto [begin, end] = Executor::chunk(0, floats / 16, thread, threads);
    float sum = 0.0f;
    for (int round = 0; round < rounds; ++round) {
      for (std::size_t i = begin * 16; i < end * 16; ++i) layer[i] = static_cast<float>(round) + sum;
      team.barrier();
      float s[16] = {};
      for (std::size_t i = 0; i < floats; i += 16)
        for (int k = 0; k < 16; ++k) s[k] += layer[i + static_cast<std::size_t>(k)];
      for (float v : s) sum += v;
      sum *= 1e-9f;
      team.barrier();
    }
    sinks[static_cast<std::size_t>(thread) * 16] = sum;
  });
  return (now() - start) / rounds * 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::string threads_text = "1,2";
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads_text = argv[++i];
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: dendrite-executor-bench [--threads 1,2,4] [--repeat 5]\n");
      return 2;
    }
  }
  const std::vector<int> counts = parse_threads(threads_text);
  if (counts.empty()) {
    std::fprintf(stderr, "--threads: no thread count in '%s'\n", threads_text.c_str());
    return 2;
  }
  std::printf("%7s %12s %11s %14s %14s\n", "threads", "dispatch µs", "barrier µs", "exchange 256", "exchange 784");
  for (int threads : counts) {
    Executor team(threads);
    double dispatch = 1e30, barrier = 1e30, exchange_256 = 1e30, exchange_784 = 1e30;
    for (int r = 0; r < repeat; ++r) {
      dispatch = std::min(dispatch, time_dispatch(team));
      barrier = std::min(barrier, time_barrier(team));
      exchange_256 = std::min(exchange_256, time_exchange(team, 256));
      exchange_784 = std::min(exchange_784, time_exchange(team, 784));
    }
    std::printf("%7d %12.3f %11.3f %14.3f %14.3f\n", threads, dispatch, barrier, exchange_256, exchange_784);
    std::fflush(stdout);
  }
  return 0;
}
