// machine_peak.cpp — the machine's ceilings for the roofline in docs/performance.md.
//
//   dendrite-machine-peak [--threads 1,2] [--repeat 20]
//
// Prints the FP32 FMA peak (GFLOP/s; 12 independent FMA chains, the best of --repeat runs) and the
// read bandwidth (GB/s) for working sets from L1 to DRAM, each for every thread count (threads
// run the same kernel on private data at once). AVX-512 is used where the CPU has it (checked at
// run time), AVX2+FMA otherwise, so the portable build measures the same thing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <immintrin.h>

#include "bench/fma_peak.h"

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

__attribute__((noinline, target("avx2"))) float read_pass(const float* p, std::size_t n) {
  __m256 a = _mm256_setzero_ps(), b = a, c = a, d = a;
  for (std::size_t i = 0; i < n; i += 32) {
    a = _mm256_add_ps(a, _mm256_loadu_ps(p + i));
    b = _mm256_add_ps(b, _mm256_loadu_ps(p + i + 8));
    c = _mm256_add_ps(c, _mm256_loadu_ps(p + i + 16));
    d = _mm256_add_ps(d, _mm256_loadu_ps(p + i + 24));
  }
  float lanes[8];
  _mm256_storeu_ps(lanes, _mm256_add_ps(_mm256_add_ps(a, b), _mm256_add_ps(c, d)));
  return lanes[0];
}

// Runs fn(thread) on `threads` threads at once; returns the sum of their rates.
template <typename Fn>
double together(int threads, Fn fn) {
  std::vector<double> rate(static_cast<std::size_t>(threads));
  std::vector<std::thread> team;
  for (int t = 1; t < threads; ++t) team.emplace_back([&, t] { rate[static_cast<std::size_t>(t)] = fn(t); });
  rate[0] = fn(0);
  for (auto& th : team) th.join();
  double sum = 0;
  for (double r : rate) sum += r;
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> thread_counts = {1, 2};
  int repeat = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) {
      thread_counts.clear();
      std::stringstream in(argv[i + 1]);
      std::string item;
      while (std::getline(in, item, ',')) thread_counts.push_back(std::atoi(item.c_str()));
    } else if (std::strcmp(argv[i], "--repeat") == 0) {
      repeat = std::max(1, std::atoi(argv[i + 1]));
    } else {
      std::fprintf(stderr, "usage: %s [--threads 1,2] [--repeat 20]\n", argv[0]);
      return 2;
    }
  }
  const bool avx512 = __builtin_cpu_supports("avx512f");
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (!avx512 && !avx2) {
    std::fprintf(stderr, "neither AVX-512 nor AVX2+FMA: nothing to measure\n");
    return 1;
  }
  std::printf("isa=%s\n", avx512 ? "avx512" : "avx2");
  for (int threads : thread_counts) {
    double best = 0;
    for (int r = 0; r < repeat; ++r)
      best = std::max(best, together(threads, [&](int) {
                        const double start = now();
                        const double flop = avx512 ? dendrite::bench::fma_avx512(4000000) : dendrite::bench::fma_avx2(4000000);
                        return flop / (now() - start) / 1e9;
                      }));
    std::printf("fma_gflops threads=%d %.1f\n", threads, best);
  }
  for (std::size_t kib : {16, 256, 4096, 16384, 262144}) {
    for (int threads : thread_counts) {
      const std::size_t n = kib * 256;
      std::vector<std::vector<float>> data(static_cast<std::size_t>(threads), std::vector<float>(n, 1.0f));
      const int passes = static_cast<int>(std::max<std::size_t>(1, (std::size_t{1} << 29) / (n * 4)));
      double best = 0;
      for (int r = 0; r < std::max(3, repeat / 4); ++r)
        best = std::max(best, together(threads, [&](int t) {
                          const float* p = data[static_cast<std::size_t>(t)].data();
                          float sink = 0;
                          const double start = now();
                          for (int k = 0; k < passes; ++k) {
                            asm volatile("" : "+r"(p) : : "memory");
                            sink += read_pass(p, n);
                          }
                          const double seconds = now() - start;
                          volatile float keep = sink;
                          (void)keep;
                          return static_cast<double>(n) * 4 * passes / seconds / 1e9;
                        }));
      std::printf("read_gbps kib_per_thread=%zu threads=%d %.1f\n", kib, threads, best);
    }
  }
  return 0;
}
