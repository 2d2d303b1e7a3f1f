// kernel_mix.cpp — how fast layer_o6's inner loops can run on this core: each loop's instruction
// mix alone, against the FMA peak measured in the same run.
//
//   dendrite-kernel-mix [--kib 16,512] [--repeat 5]
//
// A mix is one kernel's innermost loop with its loads, broadcasts, FMAs and stores, over data the
// size of --kib (16 KiB: in L1; 512 KiB: streamed from L2), written with the same vector types
// and idioms as networks/layer_net_o6.cpp so GCC compiles it the same way:
//
//   rows8x2   2 vector loads, 8 broadcasts, 16 FMAs   forward, error-pull and gradient tiles
//   rows4x2   2 vector loads, 4 broadcasts,  8 FMAs   W2's output layer (4 targets per window)
//   fused4x3  3 value + 3 partial-sum loads, 4 broadcasts, 24 FMAs, 3 stores   the fused backward
//   bcast16   1 vector load, 16 FMAs with a broadcast operand each   pull_pixel, narrow gradient
//
// Prints `fma_peak gfma_per_s=…` (512-bit FMAs per second, best of --repeat) and per mix and
// size `mix=NAME kib=N gfma_per_s=… of_peak=…`. What a training step loses beyond these rates
// is outside its inner loops (docs/performance.md, "Where it goes"). Needs AVX-512 (exit 77
// without it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/fma_peak.h"

namespace {

typedef float v16 __attribute__((vector_size(64)));
typedef float v16u __attribute__((vector_size(64), aligned(4), may_alias));

#define MIX_TARGET __attribute__((noinline, target("avx512f,avx512vl,avx512dq,avx512bw,fma")))
#define MIX_INLINE inline __attribute__((always_inline, target("avx512f,avx512vl,avx512dq,avx512bw,fma")))

MIX_INLINE v16 load16(const float* p) { return *reinterpret_cast<const v16u*>(p); }
MIX_INLINE void store16(float* p, v16 v) { *reinterpret_cast<v16u*>(p) = v; }
// Keeps a loaded vector in a register, as o6's Lanes::pin does.
#define PIN(x) asm("" : "+v"(x))

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// The data a mix walks: `floats` values (a power of two) and 4,096 weights, all small and finite.
struct Data {
  std::vector<float> values, partial, weights;
  std::size_t mask;  // floats − 1
};

// R rows × 2 vectors: per step two vectors of values and R scalar weights broadcast.
template <int R>
MIX_TARGET float rows_x2(const Data& d, long steps) {
  v16 acc[R][2] = {};
  const float* x = d.values.data();
  const float* w = d.weights.data();
  for (long i = 0; i < steps; ++i) {
    const float* xp = x + ((static_cast<std::size_t>(i) * 32) & d.mask);
    v16 a = load16(xp), b = load16(xp + 16);
    PIN(a);
    PIN(b);
    const float* wp = w + (i & 511) * 8;
    _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) {
      acc[r][0] += wp[r] * a;
      acc[r][1] += wp[r] * b;
    }
  }
  v16 sum = {};
  for (int r = 0; r < R; ++r) sum += acc[r][0] + acc[r][1];
  return sum[0];
}

// The fused backward's pass of 4 rows × 3 vectors: weights in registers, per sample the values
// and the partial sums loaded, 24 FMAs, the partial sums stored.
MIX_TARGET float fused4x3(Data& d, long steps) {
  v16 wv[4][3], acc[4][3] = {};
  for (int r = 0; r < 4; ++r)
    for (int v = 0; v < 3; ++v) wv[r][v] = load16(d.weights.data() + 48 * r + 16 * v);
  const float* x = d.values.data();
  float* part = d.partial.data();
  const float* e = d.weights.data();
  for (long i = 0; i < steps; ++i) {
    const std::size_t o = (static_cast<std::size_t>(i) * 64) & d.mask;  // rows of 64 floats
    v16 a = load16(x + o), b = load16(x + o + 16), c = load16(x + o + 32);
    PIN(a);
    PIN(b);
    PIN(c);
    v16 p0 = load16(part + o), p1 = load16(part + o + 16), p2 = load16(part + o + 32);
    const float* ep = e + (i & 31);
    _Pragma("GCC unroll 4") for (int r = 0; r < 4; ++r) {
      const float s = ep[r * 64];
      acc[r][0] += s * a;
      acc[r][1] += s * b;
      acc[r][2] += s * c;
      p0 += s * wv[r][0];
      p1 += s * wv[r][1];
      p2 += s * wv[r][2];
    }
    store16(part + o, p0);
    store16(part + o + 16, p1);
    store16(part + o + 32, p2);
  }
  v16 sum = {};
  for (int r = 0; r < 4; ++r) sum += acc[r][0] + acc[r][1] + acc[r][2];
  return sum[0];
}

// 16 sums, one weight vector per step, each sum's FMA with a broadcast value.
MIX_TARGET float bcast16(const Data& d, long steps) {
  v16 acc[16] = {};
  const float* w = d.weights.data();
  const float* e = d.values.data();
  for (long i = 0; i < steps; ++i) {
    const v16 wv = load16(w + (i & 255) * 16);
    const float* ep = e + ((static_cast<std::size_t>(i) * 16) & d.mask);
    _Pragma("GCC unroll 16") for (int b = 0; b < 16; ++b) acc[b] += wv * ep[b];
  }
  v16 sum = {};
  for (int b = 0; b < 16; ++b) sum += acc[b];
  return sum[0];
}

struct Mix {
  const char* name;
  int fmas_per_step;
  float (*run)(Data&, long);
};

const Mix kMixes[] = {
    {"rows8x2", 16, [](Data& d, long n) { return rows_x2<8>(d, n); }},
    {"rows4x2", 8, [](Data& d, long n) { return rows_x2<4>(d, n); }},
    {"fused4x3", 24, [](Data& d, long n) { return fused4x3(d, n); }},
    {"bcast16", 16, [](Data& d, long n) { return bcast16(d, n); }},
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<long> kibs = {16, 512};
  int repeat = 5;
  CLI::App app{"dendrite-kernel-mix: layer_o6's inner-loop instruction mixes against the FMA peak"};
  app.add_option("--kib", kibs, "working sets in KiB, powers of two")
      ->delimiter(',')
      ->check(CLI::Validator(
          [](std::string& v) {
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 4 || n > (1L << 20) || (n & (n - 1)) != 0)
              return "not a power of two from 4 to 1048576: " + v;
            return std::string();
          },
          "POWER_OF_TWO"));
  app.add_option("--repeat", repeat, "runs of each measurement; the best is kept")->check(CLI::Range(1, 1000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return e.get_exit_code() == 0 ? 0 : 2;  // --help: 0; a bad argument: 2, as the other bench tools
  }
  if (!__builtin_cpu_supports("avx512f")) {
    std::fprintf(stderr, "the mixes are AVX-512 loops; this CPU has no AVX-512F\n");
    return 77;
  }
  double peak = 0;  // 512-bit FMAs per second
  for (int r = 0; r < repeat; ++r) {
    const double start = now();
    const double flop = dendrite::bench::fma_avx512(4000000);
    peak = std::max(peak, flop / 32 / (now() - start));
  }
  std::printf("fma_peak gfma_per_s=%.2f\n", peak / 1e9);
  const long steps = 20000000;
  float sink = 0;
  for (long kib : kibs) {
    Data d;
    const auto floats = static_cast<std::size_t>(kib) * 256;
    d.values.assign(floats + 64, 1e-3f);
    d.partial.assign(floats + 64, 1e-3f);
    d.weights.assign(4096 + 64, 1e-3f);
    d.mask = floats - 1;
    for (const Mix& mix : kMixes) {
      double best = 0;
      for (int r = 0; r < repeat; ++r) {
        const double start = now();
        sink += mix.run(d, steps);
        best = std::max(best, static_cast<double>(steps) * mix.fmas_per_step / (now() - start));
      }
      std::printf("mix=%s kib=%ld gfma_per_s=%.2f of_peak=%.2f\n", mix.name, kib, best / 1e9, best / peak);
    }
  }
  volatile float keep = sink;
  (void)keep;
  return 0;
}
