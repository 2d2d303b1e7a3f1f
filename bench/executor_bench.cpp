// executor_bench.cpp — what synchronizing the thread team costs, by thread count: the floor under
// a training step that no kernel work can remove (docs/performance.md, "On 16 cores").
//
//   dendrite-executor-bench [--threads 1,2,4,8,16] [--repeat 5] [--passes 30]
//
// For every thread count, on one core::Executor kept warm (its workers spinning, as during
// training), the best of --repeat rounds of:
//   dispatch   run_on_team with an empty job: hand out work and wait for every member (µs per call)
//   barrier    Executor::barrier() inside one job, many times in a row (µs per barrier)
//   exchange N one layer boundary of a batch-32 layer of N neurons: every member writes its share
//              of an N × 32 float array, a barrier, then every member reads the whole array, as a
//              dense layer reads the layer below (µs per boundary; 256 and 784 are W1's layers)
//   rotated    the same for 784, but every member reads from its own share onwards and wraps
//              around, so the members do not all ask one core for the same lines at once
//   prefetched the same for 784, the readers asking for lines 16 ahead of the one they add
//              (software prefetch: more of the other cores' lines in flight at once)
//   demoted    the same for 784, every writer pushing its freshly written lines out of its own
//              core's caches (CLDEMOTE, a hint; a no-op where the CPU lacks it) before the
//              barrier, so readers find them in the shared cache instead of snooping its L2
//   prefetchw  the same for 784, every writer first asking for all of its share's lines for
//              writing at once (PREFETCHW), which other members still hold from the last read
// (the last three: cache hints tried for o6's layer exchanges; RESULTS "Cache hints for the
// layer exchanges")
// and, in a second table, what the machine's own unevenness costs:
//   work       every member repeats the same fixed work (--passes over a private 256 KB buffer,
//              kept in its L2 like a thread's weight rows), each piece followed by a barrier;
//              `work` is the mean piece, `slowest` the mean piece of the slowest member (equal
//              work, yet on a shared VM one core can run 20 % slower than another for seconds),
//              `p90/p50` how much longer the slowest tenth of pieces take, and `wait` how much
//              longer a round (piece + barrier) takes than the mean piece — the barrier plus
//              waiting for whichever member the machine ran slowest: what every barrier of a
//              training step pays on top of its kernels, whatever they do (median of --repeat);
//              `scaling` = n · work / (work + wait): how much faster n members get through n
//              pieces than one member at the same speed gets through them one after another —
//              the most a step split evenly into barrier-separated phases of that length can
//              scale on this machine, before any cost of sharing data.
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

constexpr const char* kUsage =
    "usage: dendrite-executor-bench [--threads 1,2,4] [--repeat 5] [--passes 30]\n"
    "  times the thread team's dispatch, barrier and layer exchange, then how long equal work\n"
    "  waits at a barrier for the slowest thread (--passes: size of a piece of work)\n";

// A whole positive number, or 0 when `text` is not one.
int parse_positive(const std::string& text) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  return end != text.c_str() && *end == '\0' && value >= 1 && value <= 1000000 ? static_cast<int>(value) : 0;
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

// A cache line of floats, and its view for loads from any float address.
typedef float Line __attribute__((vector_size(64)));
typedef float UnalignedLine __attribute__((vector_size(64), aligned(4), may_alias));

// How the members of an exchange read and write (see the header).
enum class Exchange { kPlain, kRotated, kPrefetched, kDemoted, kOwned };

// Asks for the cache line at `p` for writing (0F 0D /1; x86-64 CPUs of this century run it).
inline void own_line(const void* p) {
#if defined(__x86_64__) && defined(__GNUC__)
  asm volatile("prefetchw (%0)" : : "r"(p));
#else
  (void)p;
#endif
}

// Pushes the cache line at `p` towards the shared cache (CLDEMOTE; a hint, executed as a no-op
// by x86 CPUs without it, so it needs no CPU check).
inline void demote_line(const void* p) {
#if defined(__x86_64__) && defined(__GNUC__)
  asm volatile(".byte 0x0f, 0x1c, 0x00" : : "a"(p) : "memory");  // cldemote (%rax)
#else
  (void)p;
#endif
}

// µs per layer boundary of `neurons` × 32 floats: write a share, barrier, read everything, barrier
// (the second barrier stands for the next layer's boundary, before the array is written again).
// A template, so the plain exchange's loops carry no test of which variant runs.
template <Exchange How>
double time_exchange(Executor& team, std::size_t neurons) {
  constexpr std::size_t kPrefetchAhead = 16 * 16;  // floats: 16 cache lines
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
      if constexpr (How == Exchange::kOwned)
        for (std::size_t i = begin * 16; i < end * 16; i += 16) own_line(&layer[i]);
      for (std::size_t i = begin * 16; i < end * 16; ++i) layer[i] = static_cast<float>(round) + sum;
      if constexpr (How == Exchange::kDemoted)
        for (std::size_t i = begin * 16; i < end * 16; i += 16) demote_line(&layer[i]);
      team.barrier();
      // One 64-byte load and add per line, written out, so every variant runs the same loop
      // (left to the vectorizer, the plain loop compiled to a faster shape than the others).
      Line s{};
      const std::size_t first = How == Exchange::kRotated ? begin * 16 : 0;
      for (std::size_t n = 0; n < floats; n += 16) {
        const std::size_t i = first + n < floats ? first + n : first + n - floats;
        if constexpr (How == Exchange::kPrefetched)
          if (i + kPrefetchAhead < floats) __builtin_prefetch(&layer[i + kPrefetchAhead]);
        s += *reinterpret_cast<const UnalignedLine*>(&layer[i]);
      }
      for (int k = 0; k < 16; ++k) sum += s[k];
      sum *= 1e-9f;
      team.barrier();
    }
    sinks[static_cast<std::size_t>(thread) * 16] = sum;
  });
  return (now() - start) / rounds * 1e6;
}

// The first table's columns after `threads`: each the best of --repeat rounds, µs.
struct Column {
  const char* name;
  double (*time)(Executor&);
};
constexpr Column kColumns[] = {
    {"dispatch µs", time_dispatch},
    {"barrier µs", time_barrier},
    {"exchange 256", [](Executor& team) { return time_exchange<Exchange::kPlain>(team, 256); }},
    {"exchange 784", [](Executor& team) { return time_exchange<Exchange::kPlain>(team, 784); }},
    {"784 rotated", [](Executor& team) { return time_exchange<Exchange::kRotated>(team, 784); }},
    {"784 prefetched", [](Executor& team) { return time_exchange<Exchange::kPrefetched>(team, 784); }},
    {"784 demoted", [](Executor& team) { return time_exchange<Exchange::kDemoted>(team, 784); }},
    {"784 prefetchw", [](Executor& team) { return time_exchange<Exchange::kOwned>(team, 784); }},
};
constexpr std::size_t kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

struct Unevenness {
  double work_us = 0, slowest_us = 0, p90_over_p50 = 0, wait_us = 0;
};

// Rounds of equal work and a barrier (see the header): mean work, its p90/p50 over all members'
// pieces, and the time per round beyond the mean work.
Unevenness time_unevenness(Executor& team, int passes) {
  const int rounds = 1500;
  const std::size_t floats = 64 * 1024;  // 256 KB per member
  const int threads = team.thread_count();
  std::vector<std::vector<float>> buffers(static_cast<std::size_t>(threads), std::vector<float>(floats, 1.0f));
  std::vector<std::vector<double>> work(static_cast<std::size_t>(threads), std::vector<double>(rounds));
  const double start = now();
  team.run_on_team([&](int thread) {
    std::vector<float>& buffer = buffers[static_cast<std::size_t>(thread)];
    std::vector<double>& times = work[static_cast<std::size_t>(thread)];
    for (int round = 0; round < rounds; ++round) {
      const double t0 = now();
      for (int pass = 0; pass < passes; ++pass)
        for (std::size_t i = 0; i < floats; ++i) buffer[i] = buffer[i] * 0.999f + 0.001f;
      times[static_cast<std::size_t>(round)] = now() - t0;
      team.barrier();
    }
  });
  const double per_round = (now() - start) / rounds;
  std::vector<double> all;
  double slowest = 0;
  for (const auto& times : work) {
    all.insert(all.end(), times.begin(), times.end());
    double member = 0;
    for (double t : times) member += t;
    slowest = std::max(slowest, member / rounds);
  }
  double sum = 0;
  for (double t : all) sum += t;
  std::sort(all.begin(), all.end());
  Unevenness out;
  out.work_us = sum / static_cast<double>(all.size()) * 1e6;
  out.slowest_us = slowest * 1e6;
  out.p90_over_p50 = all[all.size() * 9 / 10] / all[all.size() / 2];
  out.wait_us = per_round * 1e6 - out.work_us;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string threads_text = "1,2";
  int repeat = 5;
  int passes = 30;  // about 80 µs per piece of the unevenness table on a Zen 4 core (AVX-512)
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads_text = argv[++i];
    } else if ((arg == "--repeat" || arg == "--passes") && i + 1 < argc) {
      const int value = parse_positive(argv[++i]);
      if (value == 0) {
        std::fprintf(stderr, "%s: expected a whole number of at least 1, got '%s'\n", arg.c_str(), argv[i]);
        return 2;
      }
      (arg == "--repeat" ? repeat : passes) = value;
    } else if (arg == "--help" || arg == "-h") {
      std::printf("%s", kUsage);
      return 0;
    } else {
      std::fprintf(stderr, "%s", kUsage);
      return 2;
    }
  }
  const std::vector<int> counts = parse_threads(threads_text);
  if (counts.empty()) {
    std::fprintf(stderr, "--threads: no thread count in '%s'\n", threads_text.c_str());
    return 2;
  }
  std::printf("%7s", "threads");
  for (const Column& column : kColumns) std::printf(" %14s", column.name);
  std::printf("\n");
  std::vector<Unevenness> unevenness;
  for (int threads : counts) {
    Executor team(threads);
    double best[kColumnCount];
    std::fill(best, best + kColumnCount, 1e30);
    std::vector<Unevenness> rounds;
    for (int r = 0; r < repeat; ++r) {
      for (std::size_t c = 0; c < kColumnCount; ++c) best[c] = std::min(best[c], kColumns[c].time(team));
      rounds.push_back(time_unevenness(team, passes));
    }
    // The median round by wait: unevenness is what is measured, so not the least disturbed one.
    std::sort(rounds.begin(), rounds.end(), [](const Unevenness& a, const Unevenness& b) { return a.wait_us < b.wait_us; });
    unevenness.push_back(rounds[rounds.size() / 2]);
    std::printf("%7d", threads);
    for (double time : best) std::printf(" %14.3f", time);
    std::printf("\n");
    std::fflush(stdout);
  }
  std::printf("\n%7s %10s %12s %9s %9s %8s %9s\n", "threads", "work µs", "slowest µs", "p90/p50", "wait µs", "wait %",
              "scaling");
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const Unevenness& j = unevenness[i];
    // n pieces per round, against one piece per mean piece: the unevenness alone, not the
    // difference in speed between runs with different team sizes (clock boost, neighbours).
    const double scaling = counts[i] * j.work_us / (j.work_us + j.wait_us);
    std::printf("%7d %10.2f %12.2f %9.3f %9.2f %8.1f %9.2f\n", counts[i], j.work_us, j.slowest_us, j.p90_over_p50,
                j.wait_us, 100.0 * j.wait_us / j.work_us, scaling);
  }
  return 0;
}
