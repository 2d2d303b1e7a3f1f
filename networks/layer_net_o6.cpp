// layer_net_o6.cpp — o5's kernels plus a fused, thread-owned backward for dense layers; see
// layer_net_o6.h.
//
// Speedup measured: see the header of layer_net_o6.h and bench/RESULTS.md.
#include "networks/layer_net_o6.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/layer_geometry.h"
#include "core/phase_profile.h"

// Kernels are compiled for AVX-512, AVX2 and the baseline, chosen at run time by the loader
// (ifunc), so a portable build (no -march=native) still runs 512-bit code where the CPU has it.
// A build that already targets AVX-512 (-march=native here) needs no clones (and GCC 12 crashes
// cloning an x86-64-v3 version from such a baseline).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__AVX512F__)
#define DENDRITE_KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DENDRITE_KERNEL
#endif
#define DENDRITE_INLINE inline __attribute__((always_inline))

namespace dendrite {
namespace {

using Run = LayerNetO6::Run;
using TargetTile = LayerNetO6::TargetTile;
using SourceTile = LayerNetO6::SourceTile;

// 16 floats; v16u is the unaligned, aliasing view used for loads and stores.
typedef float v16 __attribute__((vector_size(64)));
typedef float v16u __attribute__((vector_size(64), aligned(4), may_alias));
typedef std::int32_t v16i __attribute__((vector_size(64)));
typedef double v8d __attribute__((vector_size(64)));

DENDRITE_INLINE v16 load16(const float* p) { return *reinterpret_cast<const v16u*>(p); }
DENDRITE_INLINE void store16(float* p, v16 v) { *reinterpret_cast<v16u*>(p) = v; }

// NV (1–3) consecutive vectors held in named variables: GCC keeps these in registers, where a
// small array indexed in unrolled loops ended up on the stack (one extra load per FMA).
template <int NV>
struct Lanes {
  v16 a, b, c;
  DENDRITE_INLINE void load(const float* p) {
    a = load16(p);
    if constexpr (NV > 1) b = load16(p + 16);
    if constexpr (NV > 2) c = load16(p + 32);
    pin();
  }
  // An empty asm that takes the vectors in registers: GCC 12 otherwise sometimes parks one on
  // the stack and reloads it for every FMA.
  DENDRITE_INLINE void pin() {
#if defined(__x86_64__) && defined(__AVX512F__)
    asm("" : "+v"(a));
    if constexpr (NV > 1) asm("" : "+v"(b));
    if constexpr (NV > 2) asm("" : "+v"(c));
#endif
  }
};

// acc[0..NV) += w · x
template <int NV>
DENDRITE_INLINE void fma_row(v16* acc, float w, const Lanes<NV>& x) {
  acc[0] += w * x.a;
  if constexpr (NV > 1) acc[1] += w * x.b;
  if constexpr (NV > 2) acc[2] += w * x.c;
}

// 1 where x > 0, else `leakage` (the leaky-ReLU slope); a bit select, because GCC 12 fails on
// vector ?: in some target clones.
DENDRITE_INLINE v16 slope16(v16 x, float leakage) {
  const v16i positive = x > 0.0f;
  const v16i one = reinterpret_cast<v16i>(v16{} + 1.0f), leak = reinterpret_cast<v16i>(v16{} + leakage);
  return reinterpret_cast<v16>((one & positive) | (leak & ~positive));
}

// f(signal) for a vector; sigmoid goes lane by lane (std::exp has no vector form here).
DENDRITE_INLINE v16 activate16(Activation a, float leakage, v16 s) {
  if (a == Activation::kLeakyRelu) return s * slope16(s, leakage);
  if (a == Activation::kSigmoid) {
    for (int i = 0; i < 16; ++i) s[i] = 1.0f / (1.0f + std::exp(-s[i]));
  }
  return s;
}

// error = f'(signal) · sum, with f' read from the value: leaky ReLU has value > 0 exactly when
// signal > 0 (leakage ≥ 0), sigmoid's derivative is v·(1 − v).
DENDRITE_INLINE v16 derivative_times16(Activation a, float leakage, v16 value, v16 sum) {
  if (a == Activation::kLeakyRelu) return sum * slope16(value, leakage);
  if (a == Activation::kSigmoid) return value * (1.0f - value) * sum;
  return sum;
}

// Two-source shuffles for the transpose (indices 0–15 pick from a, 16–31 from b). Written with
// __builtin_shufflevector, which both GCC (≥ 12) and Clang accept.
DENDRITE_INLINE v16 lo32(v16 a, v16 b) { return __builtin_shufflevector(a, b, 0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28, 13, 29); }
DENDRITE_INLINE v16 hi32(v16 a, v16 b) { return __builtin_shufflevector(a, b, 2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27, 14, 30, 15, 31); }
DENDRITE_INLINE v16 lo64(v16 a, v16 b) { return __builtin_shufflevector(a, b, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29); }
DENDRITE_INLINE v16 hi64(v16 a, v16 b) { return __builtin_shufflevector(a, b, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31); }
DENDRITE_INLINE v16 lo128(v16 a, v16 b) { return __builtin_shufflevector(a, b, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23); }
DENDRITE_INLINE v16 hi128(v16 a, v16 b) { return __builtin_shufflevector(a, b, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31); }
DENDRITE_INLINE v16 lo256(v16 a, v16 b) { return __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23); }
DENDRITE_INLINE v16 hi256(v16 a, v16 b) { return __builtin_shufflevector(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31); }

// One 16 × 16 block: dst[c][r] = src[r][c], in registers (4 rounds of 16 two-source shuffles).
DENDRITE_INLINE void transpose_block16(const float* src, std::size_t src_stride, float* dst, std::size_t dst_stride) {
  v16 x[16], t[16];
  for (int i = 0; i < 16; ++i) x[i] = load16(src + static_cast<std::size_t>(i) * src_stride);
  for (int i = 0; i < 16; i += 2) {  // 32-bit interleave of row pairs
    t[i] = lo32(x[i], x[i + 1]);
    t[i + 1] = hi32(x[i], x[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {  // 64-bit interleave: x[i + m] = column 4j + m of rows i..i+3, lane j
    x[i] = lo64(t[i], t[i + 2]);
    x[i + 1] = hi64(t[i], t[i + 2]);
    x[i + 2] = lo64(t[i + 1], t[i + 3]);
    x[i + 3] = hi64(t[i + 1], t[i + 3]);
  }
  for (int m = 0; m < 4; ++m) {  // gather lane j of the four row groups: column 4j + m
    const v16 p_lo = lo128(x[m], x[4 + m]), q_lo = lo128(x[8 + m], x[12 + m]);
    const v16 p_hi = hi128(x[m], x[4 + m]), q_hi = hi128(x[8 + m], x[12 + m]);
    t[m] = lo256(p_lo, q_lo);
    t[4 + m] = hi256(p_lo, q_lo);
    t[8 + m] = lo256(p_hi, q_hi);
    t[12 + m] = hi256(p_hi, q_hi);
  }
  for (int i = 0; i < 16; ++i) store16(dst + static_cast<std::size_t>(i) * dst_stride, t[i]);
}

// dst[c][r] = src[r][c] for a rows × cols block; full 16 × 16 blocks in registers, the edges
// element by element. A tall block (a layer's neurons × the batch, copied sample-major) is walked
// 16 columns at a time down all its rows, so 16 destination rows are written at once: walking 16
// rows at a time across all columns wrote 32 sample rows, 16 KB apart, 64 bytes each per block
// (2026-11-27, one thread, minimums of alternating runs: W3's forward of layer 6, which copies
// the 4,096 neurons of layer 5, 402 → 364 µs, of layers 2 and 3 −12 and −7 µs; W2's of layer 4
// 77 → 74 µs; same values). A wide block (the batch × inputs or outputs) keeps rows outer.
DENDRITE_KERNEL void transpose_fast(const float* src, std::size_t src_stride, float* dst, std::size_t dst_stride,
                                    std::size_t rows, std::size_t cols) {
  const std::size_t full_rows = rows / 16 * 16, full_cols = cols / 16 * 16;
  if (rows > cols) {
    for (std::size_t c0 = 0; c0 < full_cols; c0 += 16)
      for (std::size_t r0 = 0; r0 < full_rows; r0 += 16)
        transpose_block16(src + r0 * src_stride + c0, src_stride, dst + c0 * dst_stride + r0, dst_stride);
  } else {
    for (std::size_t r0 = 0; r0 < full_rows; r0 += 16)
      for (std::size_t c0 = 0; c0 < full_cols; c0 += 16)
        transpose_block16(src + r0 * src_stride + c0, src_stride, dst + c0 * dst_stride + r0, dst_stride);
  }
  for (std::size_t c = full_cols; c < cols; ++c)
    for (std::size_t r = 0; r < full_rows; ++r) dst[c * dst_stride + r] = src[r * src_stride + c];
  for (std::size_t r = full_rows; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) dst[c * dst_stride + r] = src[r * src_stride + c];
}

// ---- forward: R targets of one group × 16·NV lanes ----
template <int R, int NV>
DENDRITE_INLINE void forward_rows(const float* const* w, std::size_t k_stride, const float* bias, float* const* out,
                                  const Run* runs, std::uint32_t run_count, const float* values, std::size_t stride,
                                  std::size_t lane, Activation activation, float leakage) {
  v16 acc[R][NV];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r)
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) acc[r][v] = v16{} + bias[r];
  for (std::uint32_t i = 0; i < run_count; ++i) {
    const Run run = runs[i];
    const float* x = values + static_cast<std::size_t>(run.source) * stride + lane;  // [run][stride]
    const float* wr[R];
    _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) wr[r] = w[r] + run.k * k_stride;
    for (std::uint32_t j = 0; j < run.length; ++j, x += stride) {
      Lanes<NV> xv;
      xv.load(x);
      _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) {
        fma_row<NV>(acc[r], *wr[r], xv);
        wr[r] += k_stride;
      }
    }
  }
  _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r)
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) store16(out[r] + lane + 16 * v, activate16(activation, leakage, acc[r][v]));
}

template <int R>
DENDRITE_INLINE void forward_rows_all_lanes(const float* const* w, std::size_t k_stride, const float* bias,
                                            float* const* out, const Run* runs, std::uint32_t run_count,
                                            const float* values, std::size_t stride, Activation activation,
                                            float leakage) {
  std::size_t lane = 0;
  for (; lane + 32 <= stride; lane += 32)
    forward_rows<R, 2>(w, k_stride, bias, out, runs, run_count, values, stride, lane, activation, leakage);
  if (lane < stride)
    forward_rows<R, 1>(w, k_stride, bias, out, runs, run_count, values, stride, lane, activation, leakage);
}

// One target tile, all lanes: signals, activation, values. A target's weight k = 0 is at
// first[target] (a wide layer), or, when `first` is null, at narrow_base plus the target's
// channel offset in the tile (a narrow tile: consecutive channels of one pixel, whose first
// channel's weight k = 0 is at narrow_base); its weight k is k_stride further per k. (The caller
// used to pass each row's base in an array: a division by the channel count per narrow row —
// W2's forward of layer 1 a sixth slower — and a vector load of eight fresh scalar stores.)
DENDRITE_KERNEL void forward_tile(const TargetTile& tile, const Run* runs, const float* weights,
                                  const std::size_t* first, std::size_t narrow_base, std::size_t k_stride,
                                  const float* biases, const float* sources, float* values, std::size_t stride,
                                  Activation activation, float leakage) {
  const float* w[LayerNetO6::kTileRows];
  float* out[LayerNetO6::kTileRows];
  float bias[LayerNetO6::kTileRows];
  for (std::uint32_t r = 0; r < tile.rows; ++r) {
    w[r] = weights + (first != nullptr ? first[tile.targets[r]] : narrow_base + (tile.targets[r] - tile.targets[0]));
    out[r] = values + static_cast<std::size_t>(tile.targets[r]) * stride;
    bias[r] = biases[tile.targets[r]];
  }
  const Run* group_runs = runs + tile.run_begin;
  std::uint32_t r = 0;
  for (; r + 8 <= tile.rows; r += 8)
    forward_rows_all_lanes<8>(w + r, k_stride, bias + r, out + r, group_runs, tile.run_count, sources, stride, activation, leakage);
  if (r + 4 <= tile.rows) {
    forward_rows_all_lanes<4>(w + r, k_stride, bias + r, out + r, group_runs, tile.run_count, sources, stride, activation, leakage);
    r += 4;
  }
  if (r + 2 <= tile.rows) {
    forward_rows_all_lanes<2>(w + r, k_stride, bias + r, out + r, group_runs, tile.run_count, sources, stride, activation, leakage);
    r += 2;
  }
  if (r < tile.rows)
    forward_rows_all_lanes<1>(w + r, k_stride, bias + r, out + r, group_runs, tile.run_count, sources, stride, activation, leakage);
}

// ---- errors: R consecutive source neurons × 16·NV lanes, pulled from their readers ----
struct PullGeometry {
  const LayerNetO6::Group* groups;
  int group_columns;
  const TargetTile* target_tiles;
  int source_channels;
  // Narrow layers: weight (t, k) at first[t0] + k·k_stride + (t − t0), t0 = the group's first
  // target (k_stride = its channel count); wide layers: first[t] + k (k_stride = 1).
  std::size_t k_stride;
};

// Calls fn(t0, t, kb) for every reader t of a source tile: every target of every group whose
// window holds the tile's pixel — groups in grid order, then their tiles and rows, the order in
// which every error sum is added up — with kb the window offset at which all of the group's
// targets see the pixel's channel c, and t0 the group's first target.
template <typename Fn>
DENDRITE_INLINE void for_each_reader(const SourceTile& tile, const PullGeometry& g, std::size_t c, Fn&& fn) {
  for (int gy = tile.gy_begin; gy < tile.gy_end; ++gy) {
    for (int gx = tile.gx_begin; gx < tile.gx_end; ++gx) {
      const LayerNetO6::Group& group = g.groups[gy * g.group_columns + gx];
      const std::size_t kb =
          static_cast<std::size_t>((tile.y - group.y0) * group.width + (tile.x - group.x0)) * g.source_channels + c;
      const std::size_t t0 = g.target_tiles[group.tile_begin].targets[0];
      for (std::uint32_t i = 0; i < group.tile_count; ++i) {
        const TargetTile& targets = g.target_tiles[group.tile_begin + i];
        for (std::uint32_t r = 0; r < targets.rows; ++r) fn(t0, static_cast<std::size_t>(targets.targets[r]), kb);
      }
    }
  }
}

// A wide layer's readers of one source pixel (or of every source, in a dense layer), in
// for_each_reader's order: reader i's weight for the pixel's channel c at weights[weight[i] + c]
// (a dense layer: weights[weight[i] + s] for source s), its errors in row row[i]. kPullAhead
// entries past `count` repeat the last weight offset, so the walk prefetches without a test.
// Listing prefetches the first kPullAhead readers' weight lines, which the walk's own prefetch
// (kPullAhead entries on) never reaches: a pixel of W2's layer 1 has 18 readers, of which the walk
// prefetched 2 and waited on the rest in turn (2026-11-28, Intel VM, one thread, minimums of 8–12
// alternating rounds: W2's pull into layer 1 61.5 → 54.0 µs, W3's 220.8 → 210.8 and into layer 5
// 257.9 → 249.2; the same results).
struct ReaderList {
  const std::size_t* weight;
  const std::uint32_t* row;
  std::size_t count;
};

DENDRITE_INLINE std::size_t list_readers(const SourceTile& tile, const PullGeometry& g, const std::size_t* first,
                                         const float* weights, std::size_t* weight, std::uint32_t* row) {
  std::size_t n = 0;
  for_each_reader(tile, g, 0, [&](std::size_t, std::size_t t, std::size_t kb) {
    weight[n] = first[t] + kb;
    if (n < LayerNetO6::kPullAhead) __builtin_prefetch(weights + weight[n]);
    row[n] = static_cast<std::uint32_t>(t);
    ++n;
  });
  for (int i = 0; i < LayerNetO6::kPullAhead; ++i) weight[n + static_cast<std::size_t>(i)] = n > 0 ? weight[n - 1] : 0;
  return n;
}

// How pull_rows finds a tile's readers: a narrow layer's through the group grid (channel-minor
// weights), a wide layer's through the grid or through a ReaderList.
enum class Walk { kNarrow, kWide, kListed };

template <Walk How, int R, int NV>
DENDRITE_INLINE void pull_rows(const SourceTile& tile, int c_offset, const PullGeometry& g, const ReaderList& list,
                               std::size_t list_offset, const float* weights, const std::size_t* first,
                               const float* errors, float* source_errors, std::size_t stride, std::size_t lane,
                               bool accumulate) {
  // The tile's sums start at zero, or (accumulate: a later chunk of the pixel's readers) from
  // what the earlier chunks stored in its rows.
  v16 acc[R][NV];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) {
    const std::size_t s = (tile.first + static_cast<std::size_t>(c_offset + r)) * stride + lane;
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) acc[r][v] = accumulate ? load16(source_errors + s + 16 * v) : v16{};
  }
  // `count` readers whose weights for this tile start at w and step by w_step, errors at e.
  auto segment = [&](const float* w, std::size_t w_step, const float* e, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i, w += w_step, e += stride) {
      Lanes<NV> ev;
      ev.load(e);
      if constexpr (How == Walk::kNarrow) {
        _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) fma_row<NV>(acc[r], w[static_cast<std::size_t>(r) * g.k_stride], ev);
      } else {
        _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) fma_row<NV>(acc[r], w[r], ev);
      }
    }
  };
  if constexpr (How == Walk::kNarrow) {
    for_each_reader(tile, g, static_cast<std::size_t>(tile.c + c_offset), [&](std::size_t t0, std::size_t t, std::size_t kb) {
      segment(weights + first[t0] + kb * g.k_stride + (t - t0), 0, errors + t * stride + lane, 1);
    });
  } else if constexpr (How == Walk::kWide) {
    for_each_reader(tile, g, static_cast<std::size_t>(tile.c + c_offset), [&](std::size_t, std::size_t t, std::size_t kb) {
      segment(weights + first[t] + kb, 0, errors + t * stride + lane, 1);
    });
  } else {
    // The weight line kPullAhead readers on is fetched while these FMAs run: a pixel's readers
    // are rows of many tiles and groups, in no order the hardware prefetchers follow, and with
    // W3's 4 MB layer 5 in L3 the walk waited on each reader's weights in turn (with the grid
    // walk, a fifth of pull_tile's perf samples sat on the load right after the first weight
    // broadcast). 16 ahead: W3's pull of layer 5 698 µs (minimum, one thread), 8: 753, 32: 742.
    const float* w = weights + list_offset + static_cast<std::size_t>(c_offset);
    for (std::size_t i = 0; i < list.count; ++i) {
      __builtin_prefetch(w + list.weight[i + LayerNetO6::kPullAhead]);
      segment(w + list.weight[i], 0, errors + list.row[i] * stride + lane, 1);
    }
  }
  // Raw sums; f' is applied by scale_by_derivative (here its constants cost GCC 12 a register
  // and it spilled a loaded vector in the loop above).
  _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) {
    const std::size_t s = (tile.first + static_cast<std::size_t>(c_offset + r)) * stride + lane;
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) store16(source_errors + s + 16 * v, acc[r][v]);
  }
}

// errors[s][:] *= f'(values[s][:]) for `rows` consecutive neurons.
DENDRITE_KERNEL __attribute__((noinline)) void scale_by_derivative(float* errors, const float* values, std::size_t rows,
                                                                 std::size_t stride, Activation activation, float leakage) {
  for (std::size_t i = 0; i < rows * stride; i += 16)
    store16(errors + i, derivative_times16(activation, leakage, load16(values + i), load16(errors + i)));
}

// `errors` holds both layers: target rows are read, source rows written.
template <Walk How, int R>
DENDRITE_INLINE void pull_rows_all_lanes(const SourceTile& tile, int c_offset, const PullGeometry& g,
                                         const ReaderList& list, std::size_t list_offset, const float* weights,
                                         const std::size_t* first, float* errors, std::size_t stride,
                                         bool accumulate) {
  std::size_t lane = 0;
  float* source_errors = errors;
  for (; lane + 32 <= stride; lane += 32)
    pull_rows<How, R, 2>(tile, c_offset, g, list, list_offset, weights, first, errors, source_errors, stride, lane,
                         accumulate);
  if (lane < stride)
    pull_rows<How, R, 1>(tile, c_offset, g, list, list_offset, weights, first, errors, source_errors, stride, lane,
                         accumulate);
}

// The walk for a tile's rows: the list (pull_tile_listed) or the grid, narrow or wide (pull_tile).
template <bool Listed, int R>
DENDRITE_INLINE void pull_rows_walked(const SourceTile& tile, int c_offset, const PullGeometry& g,
                                         const ReaderList& list, std::size_t list_offset, const float* weights,
                                         const std::size_t* first, float* errors, std::size_t stride,
                                         bool accumulate) {
  if constexpr (Listed)
    pull_rows_all_lanes<Walk::kListed, R>(tile, c_offset, g, list, list_offset, weights, first, errors, stride,
                                          accumulate);
  else if (g.k_stride != 1)
    pull_rows_all_lanes<Walk::kNarrow, R>(tile, c_offset, g, list, list_offset, weights, first, errors, stride, false);
  else
    pull_rows_all_lanes<Walk::kWide, R>(tile, c_offset, g, list, list_offset, weights, first, errors, stride, false);
}

// The raw sums of the tile's rows, 8, 4, 2, 1 at a time. Listed: the readers come from `list` (a
// wide layer's, their weights for the tile's first source list_offset past each entry's offset);
// otherwise from the group grid (list unused).
template <bool Listed>
DENDRITE_INLINE void pull_tile_sums(const SourceTile& tile, const PullGeometry& g, const ReaderList& readers,
                                    std::size_t list_offset, const float* weights, const std::size_t* first,
                                    float* errors, std::size_t stride, bool accumulate) {
  int r = 0;
  const int rows = static_cast<int>(tile.rows);
  for (; r + 8 <= rows; r += 8)
    pull_rows_walked<Listed, 8>(tile, r, g, readers, list_offset, weights, first, errors, stride, accumulate);
  if (r + 4 <= rows) {
    pull_rows_walked<Listed, 4>(tile, r, g, readers, list_offset, weights, first, errors, stride, accumulate);
    r += 4;
  }
  if (r + 2 <= rows) {
    pull_rows_walked<Listed, 2>(tile, r, g, readers, list_offset, weights, first, errors, stride, accumulate);
    r += 2;
  }
  if (r < rows) pull_rows_walked<Listed, 1>(tile, r, g, readers, list_offset, weights, first, errors, stride, accumulate);
}

// A tile's sums, then f'.
template <bool Listed>
DENDRITE_INLINE void pull_tile_rows(const SourceTile& tile, const PullGeometry& g, const ReaderList& readers,
                                    std::size_t list_offset, const float* weights, const std::size_t* first,
                                    float* errors, const float* values, std::size_t stride, Activation activation,
                                    float leakage) {
  pull_tile_sums<Listed>(tile, g, readers, list_offset, weights, first, errors, stride, false);
  scale_by_derivative(errors + static_cast<std::size_t>(tile.first) * stride, values + static_cast<std::size_t>(tile.first) * stride,
                      tile.rows, stride, activation, leakage);
}

// Two kernels, so that the grid walk's registers are planned without the list walk beside it
// (in one function GCC kept four of the grid walk's pointers on the stack: W2's pulls +7–15 %).
DENDRITE_KERNEL void pull_tile(const SourceTile& tile, const PullGeometry& g, const float* weights,
                               const std::size_t* first, float* errors, const float* values, std::size_t stride,
                               Activation activation, float leakage) {
  pull_tile_rows<false>(tile, g, ReaderList{nullptr, nullptr, 0}, 0, weights, first, errors, values, stride,
                        activation, leakage);
}

DENDRITE_KERNEL void pull_tile_listed(const SourceTile& tile, const PullGeometry& g, const ReaderList& list,
                                      std::size_t list_offset, const float* weights, const std::size_t* first,
                                      float* errors, const float* values, std::size_t stride, Activation activation,
                                      float leakage) {
  pull_tile_rows<true>(tile, g, list, list_offset, weights, first, errors, values, stride, activation, leakage);
}

// A pixel whose readers' error rows outgrow L1 (W3's layer 5: 576 readers, 72 KB of error rows
// and as many bytes of weights for its 4 tiles): the list is walked kPullChunk readers at a
// time, every tile of the pixel over one chunk before the next, so a chunk's error rows and
// weight lines come from L2 or L3 once and from L1 for the other tiles. Each tile's sums wait in
// its rows between chunks: the same terms in the same order as pull_tile_listed.
DENDRITE_KERNEL void pull_pixel_chunked(const SourceTile* tiles, std::size_t tile_count, const PullGeometry& g,
                                        const ReaderList& list, const float* weights, const std::size_t* first,
                                        float* errors, const float* values, std::size_t stride,
                                        Activation activation, float leakage) {
  std::size_t i0 = 0;
  do {
    const ReaderList chunk{list.weight + i0, list.row + i0,
                           std::min<std::size_t>(LayerNetO6::kPullChunk, list.count - i0)};
    for (std::size_t t = 0; t < tile_count; ++t)
      pull_tile_sums<true>(tiles[t], g, chunk, static_cast<std::size_t>(tiles[t].c), weights, first, errors, stride,
                           i0 > 0);
    i0 += chunk.count;
  } while (i0 < list.count);
  for (std::size_t t = 0; t < tile_count; ++t)
    scale_by_derivative(errors + static_cast<std::size_t>(tiles[t].first) * stride,
                        values + static_cast<std::size_t>(tiles[t].first) * stride, tiles[t].rows, stride, activation,
                        leakage);
}

// ---- errors of a narrow layer 1, sample-major: one pixel, its channels as the lanes ----
// et[b][c] = f'(v[b][c]) · Σ w[t][kb + c] · e[t][b] over the pixel's readers t in for_each_reader's
// order, one FMA per term as in pull_rows: the sums pull_tile and
// scale_by_derivative make, written as the pixel's narrow gradient reads them ([stride][channels],
// in the pixel's own block of errors, which nothing else reads), so update_layer no longer
// transposes each pixel's errors. Weights: a wide layer's, the pixel's channels consecutive in k.
// vt: the pixel's values sample-major (row b at b·vt_stride), rows 32 pages apart and cold by now:
// each pass prefetches its 16 before walking the readers (without: W3's pull of layer 1's errors
// 55 µs slower than pull_tile's, with: even). Rows batch..stride (padding samples) are stored
// zero, as narrow_biases expects. The readers come from the pixel's ReaderList (list_readers, the
// same order), whose weight lines are prefetched kPullAhead entries ahead, as in the listed pull:
// walking the group grid, the load of each reader's weights was a quarter of this kernel's perf
// samples (W3: 1.2 MB of layer-2 weights, each reader's 16 channels on a line of its own).
DENDRITE_KERNEL void pull_pixel(const ReaderList& list, const float* weights, const float* errors, std::size_t stride,
                                std::size_t channels, float* et, const float* vt, std::size_t vt_stride,
                                std::size_t batch, Activation activation, float leakage) {
  for (std::size_t c0 = 0; c0 < channels; c0 += 16) {
    const float* w = weights + c0;
    for (std::size_t b0 = 0; b0 < stride; b0 += 16) {
      v16 acc[16];
      _Pragma("GCC unroll 16") for (int b = 0; b < 16; ++b) acc[b] = v16{};
      for (std::size_t b = b0; b < std::min(b0 + 16, batch); ++b) __builtin_prefetch(vt + b * vt_stride + c0);
      for (std::size_t i = 0; i < list.count; ++i) {
        __builtin_prefetch(w + list.weight[i + LayerNetO6::kPullAhead]);
        const v16 wv = load16(w + list.weight[i]);
        const float* e = errors + static_cast<std::size_t>(list.row[i]) * stride + b0;
        _Pragma("GCC unroll 16") for (int b = 0; b < 16; ++b) acc[b] += wv * e[b];
      }
      _Pragma("GCC unroll 16") for (int b = 0; b < 16; ++b) {
        const std::size_t row = b0 + static_cast<std::size_t>(b);
        store16(et + row * channels + c0,
                row < batch ? derivative_times16(activation, leakage, load16(vt + row * vt_stride + c0), acc[b]) : v16{});
      }
    }
  }
}

// ---- gradients and updates: R targets × a run chunk of up to 16·NV sources ----
// Mode: 0 plain SGD, 1 SGD with momentum, 2 Adam — the rule's arithmetic, one lane at a time, in
// a loop the compiler vectorizes.
template <int Mode>
DENDRITE_INLINE void update_lanes(const UpdateRule& rule, float* w, const float* g, float* m1, float* m2, int count) {
  rule.apply_n(w, g, Mode >= 1 ? m1 : nullptr, Mode >= 2 ? m2 : nullptr, static_cast<std::size_t>(count));
}

// The rule on 16 consecutive weights as vector operations for SGD and momentum (the same fused
// roundings as apply_n: p − lr·g; m = μ·m + g, p − lr·m); Adam through update_lanes. Where the
// count 16 reached update_lanes as a constant inside the narrow chunk, GCC 12 assembled both the
// weights and the gradients from 16 scalar loads and 15 inserts each, for one FMA and one store
// (45 instructions per 16 weights; W3's update of layer 1 151.5 → 134.8 µs, W2's 38.7 → 32.1 with
// this, one thread, 2026-11-27, minimums of 6 alternating rounds; models identical).
template <int Mode>
DENDRITE_INLINE void update16(const UpdateRule& rule, float* w, const float* g, float* m1, float* m2) {
  if constexpr (Mode == 0) {
    store16(w, load16(w) - rule.learning_rate * load16(g));
  } else if constexpr (Mode == 1) {
    const v16 m = rule.momentum * load16(m1) + load16(g);
    store16(m1, m);
    store16(w, load16(w) - rule.learning_rate * m);
  } else {
    update_lanes<Mode>(rule, w, g, m1, m2, 16);
  }
}

// Applies the rule to R rows × `valid` weights from k on, given their gradients in acc.
template <int Mode, int R, int NV>
DENDRITE_INLINE void apply_rows(const UpdateRule& rule, const v16 (&acc)[R][NV], const std::size_t* row_first,
                                float* weights, float* moment1, float* moment2, std::size_t k, int valid) {
  alignas(64) float g[16 * NV];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) {
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) store16(g + 16 * v, acc[r][v]);
    const std::size_t c = row_first[r] + k;
    if (valid == 16 * NV) {
      update_lanes<Mode>(rule, weights + c, g, Mode >= 1 ? moment1 + c : nullptr, Mode >= 2 ? moment2 + c : nullptr, 16 * NV);
    } else {
      update_lanes<Mode>(rule, weights + c, g, Mode >= 1 ? moment1 + c : nullptr, Mode >= 2 ? moment2 + c : nullptr, valid);
    }
  }
}

template <int Mode, int R, int NV>
DENDRITE_INLINE void gradient_rows(const UpdateRule& rule, const std::size_t* row_first, const float* const* error_rows,
                                   float* weights, float* moment1, float* moment2, const float* vt,
                                   std::size_t vt_stride, int batch, std::size_t k, int valid) {
  // The lines apply_rows reads and writes after the batch loop, fetched during it: W3's up layers
  // keep their weights in L3 (layer 5: 4.4 MB), and each update waited for its rows' lines.
  v16 acc[R][NV];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r)
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) {
      acc[r][v] = v16{};
      __builtin_prefetch(weights + row_first[r] + k + 16 * v, 1);
      if constexpr (Mode >= 1) __builtin_prefetch(moment1 + row_first[r] + k + 16 * v, 1);
      if constexpr (Mode >= 2) __builtin_prefetch(moment2 + row_first[r] + k + 16 * v, 1);
    }
  for (int b = 0; b < batch; ++b, vt += vt_stride) {
    Lanes<NV> xv;
    xv.load(vt);
    _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) fma_row<NV>(acc[r], error_rows[r][b], xv);
  }
  apply_rows<Mode, R, NV>(rule, acc, row_first, weights, moment1, moment2, k, valid);
}

template <int Mode, int R>
DENDRITE_INLINE void gradient_rows_all_runs(const UpdateRule& rule, const std::size_t* row_first,
                                            const float* const* error_rows, float* weights, float* moment1,
                                            float* moment2, const Run* runs, std::uint32_t run_count,
                                            const float* vt, std::size_t source_first, std::size_t vt_stride,
                                            int batch) {
  for (std::uint32_t i = 0; i < run_count; ++i) {
    const Run run = runs[i];
    const float* v = vt + (run.source - source_first);
    std::uint32_t j = 0;
    for (; j + 48 <= run.length; j += 48)
      gradient_rows<Mode, R, 3>(rule, row_first, error_rows, weights, moment1, moment2, v + j, vt_stride, batch, run.k + j, 48);
    const auto left = static_cast<int>(run.length - j);
    if (left > 32)
      gradient_rows<Mode, R, 3>(rule, row_first, error_rows, weights, moment1, moment2, v + j, vt_stride, batch, run.k + j, left);
    else if (left > 16)
      gradient_rows<Mode, R, 2>(rule, row_first, error_rows, weights, moment1, moment2, v + j, vt_stride, batch, run.k + j, left);
    else if (left > 0)
      gradient_rows<Mode, R, 1>(rule, row_first, error_rows, weights, moment1, moment2, v + j, vt_stride, batch, run.k + j, left);
  }
}

template <int Mode>
DENDRITE_INLINE void gradient_tile_mode(const UpdateRule& rule, const TargetTile& tile, const Run* runs,
                                        float* weights, float* moment1, float* moment2, const std::size_t* first,
                                        const float* errors, std::size_t stride, const float* vt,
                                        std::size_t source_first, std::size_t vt_stride, int batch) {
  std::size_t row_first[LayerNetO6::kTileRows];
  const float* error_rows[LayerNetO6::kTileRows];
  for (std::uint32_t r = 0; r < tile.rows; ++r) {
    row_first[r] = first[tile.targets[r]];
    error_rows[r] = errors + static_cast<std::size_t>(tile.targets[r]) * stride;
  }
  const Run* group_runs = runs + tile.run_begin;
  std::uint32_t r = 0;
  for (; r + 8 <= tile.rows; r += 8)
    gradient_rows_all_runs<Mode, 8>(rule, row_first + r, error_rows + r, weights, moment1, moment2, group_runs,
                                    tile.run_count, vt, source_first, vt_stride, batch);
  if (r + 4 <= tile.rows) {
    gradient_rows_all_runs<Mode, 4>(rule, row_first + r, error_rows + r, weights, moment1, moment2, group_runs,
                                    tile.run_count, vt, source_first, vt_stride, batch);
    r += 4;
  }
  if (r + 2 <= tile.rows) {
    gradient_rows_all_runs<Mode, 2>(rule, row_first + r, error_rows + r, weights, moment1, moment2, group_runs,
                                    tile.run_count, vt, source_first, vt_stride, batch);
    r += 2;
  }
  if (r < tile.rows)
    gradient_rows_all_runs<Mode, 1>(rule, row_first + r, error_rows + r, weights, moment1, moment2, group_runs,
                                    tile.run_count, vt, source_first, vt_stride, batch);
}

// A wide layer's tile: gradient and update of every weight of its rows, target t's weight k at
// first[t] + k (looked up here, as forward_tile and fused_chunk do; narrow layers: narrow_group_gradient).
DENDRITE_KERNEL void gradient_tile(const UpdateRule& rule, int mode, const TargetTile& tile, const Run* runs,
                                   float* weights, float* moment1, float* moment2, const std::size_t* first,
                                   const float* errors, std::size_t stride, const float* vt,
                                   std::size_t source_first, std::size_t vt_stride, int batch) {
  if (mode == 0)
    gradient_tile_mode<0>(rule, tile, runs, weights, moment1, moment2, first, errors, stride, vt, source_first, vt_stride, batch);
  else if (mode == 1)
    gradient_tile_mode<1>(rule, tile, runs, weights, moment1, moment2, first, errors, stride, vt, source_first, vt_stride, batch);
  else
    gradient_tile_mode<2>(rule, tile, runs, weights, moment1, moment2, first, errors, stride, vt, source_first, vt_stride, batch);
}

// A group's window rows side by side, per sample: pack[b][0, Σ lengths) from vt[b] at each run's
// sources. Whole vectors: a row's last vector reads up to 15 values past its run (vt's rows and
// block have slack) and writes them where the next row then goes, or into pack's padding (≥ 16
// floats past the window). Returns the packed length.
DENDRITE_KERNEL std::uint32_t pack_window(const Run* runs, std::uint32_t run_count, const float* vt,
                                          std::size_t source_first, std::size_t vt_stride, float* pack,
                                          std::size_t pack_stride, int batch) {
  std::uint32_t offset = 0;
  for (std::uint32_t r = 0; r < run_count; ++r) {
    const Run run = runs[r];
    for (std::size_t b = 0; b < static_cast<std::size_t>(batch); ++b) {
      const float* from = vt + b * vt_stride + (run.source - source_first);
      float* to = pack + b * pack_stride + offset;
      for (std::uint32_t j = 0; j < run.length; j += 16) store16(to + j, load16(from + j));
    }
    offset += run.length;
  }
  return offset;
}

// ---- narrow layers: gradients with the target channels as lanes ----
// One chunk of KC window offsets of one pixel group, channels [c0, c0 + 16): g[k][c] summed over
// the batch from the sample-major source values (vt row b, at offsets off[k]) and the
// sample-major errors (et row b). The KC offsets are held in registers for the batch loop (at
// most kNarrowK of them: with 28, GCC loaded each offset again before each FMA, and kept the
// error vector on the stack — 20 loads and a store per 9 FMAs in W2's layer 1), and a pixel of
// 16 channels or more has a loop without the lane-by-lane load of a partial pixel's errors.
template <int KC, bool Full>
DENDRITE_INLINE void narrow_sums(v16 (&acc)[KC], int valid_c, const std::uint32_t* off, const float* vt,
                                 std::size_t vt_stride, const float* et, std::size_t et_stride, int batch) {
  std::size_t o[KC];
  _Pragma("GCC unroll 32") for (int k = 0; k < KC; ++k) o[k] = off[k];
  for (int b = 0; b < batch; ++b, et += et_stride, vt += vt_stride) {
    v16 e;
    if constexpr (Full) {
      e = load16(et);
    } else {  // the lanes past the pixel's channels belong to a pixel another thread may write
      e = v16{};
      for (int c = 0; c < valid_c; ++c) e[c] = et[c];
    }
    _Pragma("GCC unroll 32") for (int k = 0; k < KC; ++k) acc[k] += vt[o[k]] * e;
  }
}

template <int Mode, int KC>
DENDRITE_INLINE void narrow_chunk(const UpdateRule& rule, float* w, float* m1, float* m2, std::size_t k_stride,
                                  int valid_k, int valid_c, const std::uint32_t* off, const float* vt,
                                  std::size_t vt_stride, const float* et, std::size_t et_stride, int batch) {
  v16 acc[KC];
  _Pragma("GCC unroll 32") for (int k = 0; k < KC; ++k) acc[k] = v16{};
  if (valid_c == 16)
    narrow_sums<KC, true>(acc, valid_c, off, vt, vt_stride, et, et_stride, batch);
  else
    narrow_sums<KC, false>(acc, valid_c, off, vt, vt_stride, et, et_stride, batch);
  // All KC sums leave the registers at constant indices: reading acc[k] for a k known only at
  // run time (valid_k) made GCC keep the whole array on the stack, so every FMA of the loop
  // above loaded and stored its accumulator (this kernel: 4.4 % of a W2 run's samples before,
  // 2.6 % after, 2026-11-27; the same FMAs in the same order).
  alignas(64) float g[KC][16];
  _Pragma("GCC unroll 32") for (int k = 0; k < KC; ++k) store16(g[k], acc[k]);
  for (int k = 0; k < valid_k; ++k) {
    const std::size_t at = static_cast<std::size_t>(k) * k_stride;
    float* m1k = Mode >= 1 ? m1 + at : nullptr;
    float* m2k = Mode >= 2 ? m2 + at : nullptr;
    if (valid_c == 16)
      update16<Mode>(rule, w + at, g[k], m1k, m2k);
    else
      update_lanes<Mode>(rule, w + at, g[k], m1k, m2k, valid_c);
  }
}

template <int Mode>
DENDRITE_INLINE void narrow_group_mode(const UpdateRule& rule, std::size_t base, std::size_t channels, std::size_t k_count,
                                       float* weights, float* moment1, float* moment2, const std::uint32_t* off,
                                       const float* vt, std::size_t vt_stride, const float* et, std::size_t et_stride,
                                       int batch) {
  for (std::size_t c0 = 0; c0 < channels; c0 += 16) {
    const int valid_c = static_cast<int>(std::min<std::size_t>(16, channels - c0));
    for (std::size_t k0 = 0; k0 < k_count; k0 += LayerNetO6::kNarrowK) {
      const int left = static_cast<int>(std::min<std::size_t>(LayerNetO6::kNarrowK, k_count - k0));
      const std::size_t at = base + k0 * channels + c0;
      float* w = weights + at;
      float* m1 = Mode >= 1 ? moment1 + at : nullptr;
      float* m2 = Mode >= 2 ? moment2 + at : nullptr;
      const std::uint32_t* o = off + k0;
      const float* e = et + c0;
      if (left <= 4) narrow_chunk<Mode, 4>(rule, w, m1, m2, channels, left, valid_c, o, vt, vt_stride, e, et_stride, batch);
      else if (left <= 9) narrow_chunk<Mode, 9>(rule, w, m1, m2, channels, left, valid_c, o, vt, vt_stride, e, et_stride, batch);
      else narrow_chunk<Mode, LayerNetO6::kNarrowK>(rule, w, m1, m2, channels, left, valid_c, o, vt, vt_stride, e, et_stride, batch);
    }
  }
}

// One narrow group (one pixel, `channels` targets): every weight of the pixel. vt is the source
// layer's sample-major copy in blocks of 16 neurons ([block][batch][16], vt_block = 16·batch
// floats each); off lists where each window offset's value of sample 0 is in it (padded with 0
// to a whole chunk; padded offsets are summed but never applied), sample b being 16·b further.
// Rows of the whole layer ([batch][neurons]) put each pixel's 32 samples in 32 pages, whose
// lines the hardware prefetchers did not fetch ahead: by the end of a step they were in L3.
DENDRITE_KERNEL void narrow_group_gradient(const UpdateRule& rule, int mode, std::size_t base, std::size_t channels,
                                           const Run* runs, std::uint32_t run_count, std::size_t source_first,
                                           const float* vt, std::size_t vt_block, float* weights, float* moment1,
                                           float* moment2, const float* et, std::size_t et_stride, int batch) {
  std::uint32_t off[LayerNetO6::kMaxNarrowWindow + LayerNetO6::kNarrowK];
  std::size_t k_count = 0;
  for (std::uint32_t i = 0; i < run_count; ++i)
    for (std::uint32_t j = 0; j < runs[i].length; ++j) {
      const std::size_t n = runs[i].source - source_first + j;
      off[k_count++] = static_cast<std::uint32_t>(n / 16 * vt_block + n % 16);
    }
  for (std::size_t k = k_count; k < k_count + LayerNetO6::kNarrowK; ++k) off[k] = 0;
  if (mode == 0)
    narrow_group_mode<0>(rule, base, channels, k_count, weights, moment1, moment2, off, vt, 16, et, et_stride, batch);
  else if (mode == 1)
    narrow_group_mode<1>(rule, base, channels, k_count, weights, moment1, moment2, off, vt, 16, et, et_stride, batch);
  else
    narrow_group_mode<2>(rule, base, channels, k_count, weights, moment1, moment2, off, vt, 16, et, et_stride, batch);
}

// ---- fused dense backward: R targets × a chunk of 16·NV sources, one read of the weights ----
// For b = 0..B−1:  G[r][:]    += e[t_r][b] · vt[b][chunk]     the weights' gradient
//                  P[b][chunk] += e[t_r][b] · W[r][chunk]       this block's share of the sources'
//                                                               error sums (old weights)
// with W[r][chunk] held in registers, then W[r][chunk] is updated from G. `first` starts P from
// zero (the block's first pass over this chunk). Columns past `valid` (the run's end) read zero
// weights and write P's padding, which nobody reads.
template <int Mode, int R, int NV>
DENDRITE_INLINE void fused_rows(const UpdateRule& rule, const std::size_t* row_first, const float* const* error_rows,
                                float* weights, float* moment1, float* moment2, const float* vt,
                                std::size_t vt_stride, float* partial, std::size_t p_stride, int batch,
                                std::size_t k, int valid, bool first, bool padded) {
  v16 wv[R][NV], acc[R][NV];
  _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) {
    const float* w = weights + row_first[r] + k;
    if (valid == 16 * NV || padded) {  // padded: the lanes past `valid` go to sums nobody reads
      _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) wv[r][v] = load16(w + 16 * v);
    } else {
      alignas(64) float tail[16 * NV] = {};
      std::copy(w, w + valid, tail);
      _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) wv[r][v] = load16(tail + 16 * v);
    }
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) acc[r][v] = v16{};
  }
  for (int b = 0; b < batch; ++b, vt += vt_stride, partial += p_stride) {
    Lanes<NV> xv;
    xv.load(vt);
    v16 p[NV];
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) p[v] = first ? v16{} : load16(partial + 16 * v);
    _Pragma("GCC unroll 16") for (int r = 0; r < R; ++r) {
      const float e = error_rows[r][b];
      fma_row<NV>(acc[r], e, xv);
      _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) p[v] += e * wv[r][v];
    }
    _Pragma("GCC unroll 16") for (int v = 0; v < NV; ++v) store16(partial + 16 * v, p[v]);
  }
  apply_rows<Mode, R, NV>(rule, acc, row_first, weights, moment1, moment2, k, valid);
}

// One chunk of a tile's rows: passes of 4 rows (4 × 3 weight vectors, 4 × 3 gradient
// accumulators, 3 value and 3 partial vectors: 30 of 32 registers), then 2 and 1.
template <int Mode, int NV>
DENDRITE_INLINE void fused_tile_chunk(const UpdateRule& rule, const std::size_t* row_first, const float* const* error_rows,
                                      std::uint32_t rows, float* weights, float* moment1, float* moment2,
                                      const float* vt, std::size_t vt_stride, float* partial, std::size_t p_stride,
                                      int batch, std::size_t k, int valid, bool first, bool padded = false) {
  std::uint32_t r = 0;
  for (; r + 4 <= rows; r += 4, first = false)
    fused_rows<Mode, 4, NV>(rule, row_first + r, error_rows + r, weights, moment1, moment2, vt, vt_stride, partial,
                            p_stride, batch, k, valid, first, padded);
  if (r + 2 <= rows) {
    fused_rows<Mode, 2, NV>(rule, row_first + r, error_rows + r, weights, moment1, moment2, vt, vt_stride, partial,
                            p_stride, batch, k, valid, first, padded);
    r += 2;
    first = false;
  }
  if (r < rows)
    fused_rows<Mode, 1, NV>(rule, row_first + r, error_rows + r, weights, moment1, moment2, vt, vt_stride, partial,
                            p_stride, batch, k, valid, first, padded);
}

// One tile's chunk of `valid` ≤ 48 weights from k on: its rows' weights and error rows looked up,
// the vector count picked from `valid` (see fused_tile_chunk for `first` and `padded`).
template <int Mode>
DENDRITE_INLINE void fused_chunk(const UpdateRule& rule, const TargetTile& tile, const std::size_t* first_weight,
                                 const float* errors, std::size_t stride, float* weights, float* moment1,
                                 float* moment2, const float* vt, std::size_t vt_stride, float* partial,
                                 std::size_t p_stride, int batch, std::size_t k, int valid, bool first, bool padded) {
  std::size_t row_first[LayerNetO6::kTileRows];
  const float* error_rows[LayerNetO6::kTileRows];
  for (std::uint32_t r = 0; r < tile.rows; ++r) {
    row_first[r] = first_weight[tile.targets[r]];
    error_rows[r] = errors + static_cast<std::size_t>(tile.targets[r]) * stride;
  }
  if (valid > 32)
    fused_tile_chunk<Mode, 3>(rule, row_first, error_rows, tile.rows, weights, moment1, moment2, vt, vt_stride, partial,
                              p_stride, batch, k, valid, first, padded);
  else if (valid > 16)
    fused_tile_chunk<Mode, 2>(rule, row_first, error_rows, tile.rows, weights, moment1, moment2, vt, vt_stride, partial,
                              p_stride, batch, k, valid, first, padded);
  else
    fused_tile_chunk<Mode, 1>(rule, row_first, error_rows, tile.rows, weights, moment1, moment2, vt, vt_stride, partial,
                              p_stride, batch, k, valid, first, padded);
}

// One block of a dense layer's target tiles [tiles, tiles + count): every weight's gradient and
// update, and the block's partial error sums for every source, P[b][source] ([batch][p_stride]).
// Chunk by chunk of 48 sources, so the chunk's values and partial sums stay in L1 while the
// block's rows stream by; within a chunk the rows are summed in tile order, r ascending. Chunks
// are independent (every sum lies within one), so `descending` walks them last to first with
// the same results: odd blocks do, so that threads running neighbouring blocks at the same time
// do not stream the same values_t lines in lockstep (see fused_backward).
template <int Mode>
DENDRITE_INLINE void fused_block_mode(const UpdateRule& rule, const TargetTile* tiles, std::size_t count,
                                      std::size_t source_count, const std::size_t* first, float* weights,
                                      float* moment1, float* moment2, const float* errors, std::size_t stride,
                                      const float* vt, std::size_t vt_stride, float* partial, std::size_t p_stride,
                                      int batch, bool descending) {
  const std::size_t chunks = (source_count + 47) / 48;
  for (std::size_t c = 0; c < chunks; ++c) {
    const std::size_t j = (descending ? chunks - 1 - c : c) * 48;
    const int valid = static_cast<int>(std::min<std::size_t>(48, source_count - j));
    for (std::size_t i = 0; i < count; ++i)
      fused_chunk<Mode>(rule, tiles[i], first, errors, stride, weights, moment1, moment2, vt + j, vt_stride,
                        partial + j, p_stride, batch, j, valid, i == 0, false);
  }
}

DENDRITE_KERNEL void fused_block(const UpdateRule& rule, int mode, const TargetTile* tiles, std::size_t count,
                                 std::size_t source_count, const std::size_t* first, float* weights, float* moment1,
                                 float* moment2, const float* errors, std::size_t stride, const float* vt,
                                 std::size_t vt_stride, float* partial, std::size_t p_stride, int batch,
                                 bool descending) {
  if (mode == 0)
    fused_block_mode<0>(rule, tiles, count, source_count, first, weights, moment1, moment2, errors, stride, vt,
                        vt_stride, partial, p_stride, batch, descending);
  else if (mode == 1)
    fused_block_mode<1>(rule, tiles, count, source_count, first, weights, moment1, moment2, errors, stride, vt,
                        vt_stride, partial, p_stride, batch, descending);
  else
    fused_block_mode<2>(rule, tiles, count, source_count, first, weights, moment1, moment2, errors, stride, vt,
                        vt_stride, partial, p_stride, batch, descending);
}

// One block of a fused packed layer's target tiles (Geometry::pack_stride: short window rows):
// the gradient and update of every weight and the block's partial error sums of the sources,
// P[b][s − source_first] ([batch][p_stride], its `sources` range zeroed first: windows overlap
// between groups), with the dense layers' chunk kernel (fused_tile_chunk) in one read of the
// weights. Each group's window is packed once into `pack` ([batch][pack_stride]) and every tile
// of the group runs over it as one row — lanes past its end over-read into the next weights and
// the pack's padding and go to sums nobody reads — and the group's sums (`pack_partial`) are
// added into P window row by window row after its last tile. Each source's sum: tiles in order,
// then rows, samples.
template <int Mode>
DENDRITE_INLINE void fused_window_mode(const UpdateRule& rule, const TargetTile* tiles, std::size_t count,
                                       const Run* runs, std::size_t source_first, const std::size_t* first,
                                       float* weights, float* moment1, float* moment2, const float* errors,
                                       std::size_t stride, const float* vt, std::size_t vt_stride, float* partial,
                                       std::size_t p_stride, int batch, float* pack, float* pack_partial,
                                       std::size_t pack_stride) {
  const auto b_count = static_cast<std::size_t>(batch);
  std::uint32_t group = ~0u;  // run_begin of the group whose window `pack` holds
  std::uint32_t length = 0, k0 = 0, run_count = 0;
  // The group's packed partial sums added to the block's, run by run.
  auto flush = [&] {
    if (group == ~0u) return;
    std::uint32_t offset = 0;
    for (std::uint32_t q = 0; q < run_count; ++q) {
      const Run& run = runs[group + q];
      for (std::size_t b = 0; b < b_count; ++b) {
        float* to = partial + b * p_stride + (run.source - source_first);
        const float* from = pack_partial + b * pack_stride + offset;
        for (std::uint32_t j = 0; j < run.length; ++j) to[j] += from[j];
      }
      offset += run.length;
    }
  };
  for (std::size_t i = 0; i < count; ++i) {
    const TargetTile& tile = tiles[i];
    if (tile.run_begin != group) {
      flush();
      group = tile.run_begin;
      run_count = tile.run_count;
      k0 = runs[group].k;
      length = pack_window(runs + group, run_count, vt, source_first, vt_stride, pack, pack_stride, batch);
      std::fill(pack_partial, pack_partial + b_count * pack_stride, 0.0f);
    }
    for (std::uint32_t j = 0; j < length; j += 48)
      fused_chunk<Mode>(rule, tile, first, errors, stride, weights, moment1, moment2, pack + j, pack_stride,
                        pack_partial + j, pack_stride, batch, k0 + j,
                        static_cast<int>(std::min<std::uint32_t>(48, length - j)), false, true);
  }
  flush();
}

DENDRITE_KERNEL void fused_window_block(const UpdateRule& rule, int mode, const TargetTile* tiles, std::size_t count,
                                        const Run* runs, std::size_t source_first, const std::size_t* first,
                                        float* weights, float* moment1, float* moment2, const float* errors,
                                        std::size_t stride, const float* vt, std::size_t vt_stride, float* partial,
                                        std::size_t p_stride, std::pair<std::uint32_t, std::uint32_t> sources,
                                        int batch, float* pack, float* pack_partial, std::size_t pack_stride) {
  // Only the block's own sources: nothing writes the rest of its rows, which stay as allocated
  // (zero), and reduce_tile reads them only where a tile straddles the range's edge.
  for (std::size_t b = 0; b < static_cast<std::size_t>(batch); ++b)
    std::fill(partial + b * p_stride + sources.first, partial + b * p_stride + sources.second, 0.0f);
  if (mode == 0)
    fused_window_mode<0>(rule, tiles, count, runs, source_first, first, weights, moment1, moment2, errors, stride, vt,
                         vt_stride, partial, p_stride, batch, pack, pack_partial, pack_stride);
  else if (mode == 1)
    fused_window_mode<1>(rule, tiles, count, runs, source_first, first, weights, moment1, moment2, errors, stride, vt,
                         vt_stride, partial, p_stride, batch, pack, pack_partial, pack_stride);
  else
    fused_window_mode<2>(rule, tiles, count, runs, source_first, first, weights, moment1, moment2, errors, stride, vt,
                         vt_stride, partial, p_stride, batch, pack, pack_partial, pack_stride);
}

// Errors of one tile of the layer below a fused layer: e[t][b] = f'(v[t][b]) · Σ_blocks P_k[b][t]
// (blocks in order), zero in the padding lanes; t's column in the partial rows is t −
// first_neuron. Only the blocks whose `sources` range meets the tile's columns are read: the
// others' sums there are +0.0 (filled so, never written), and a float sum begun at +0.0 is never
// −0.0 in round-to-nearest, so adding them changed no bit (W2's fused up layer in 16 blocks on
// 16 cores: each of layer 2's tiles lies in the windows of 2–3 of them).
DENDRITE_KERNEL void reduce_tile(const TargetTile& tile, std::size_t first_neuron, const float* partial,
                                 std::size_t block_size, const std::pair<std::uint32_t, std::uint32_t>* sources,
                                 std::size_t blocks, std::size_t p_stride, float* errors, const float* values,
                                 std::size_t stride, int batch, Activation activation, float leakage) {
  bool contiguous = true;
  for (std::uint32_t r = 1; r < tile.rows; ++r) contiguous = contiguous && tile.targets[r] == tile.targets[0] + r;
  const auto b_count = static_cast<std::size_t>(batch);
  // The blocks to add, as offsets into `partial`, in block order.
  auto blocks_meeting = [&](std::size_t lo, std::size_t hi, std::size_t* offsets) {
    std::size_t count = 0;
    for (std::size_t k = 0; k < blocks; ++k)
      if (sources[k].first < hi && lo < sources[k].second) offsets[count++] = k * block_size;
    return count;
  };
  std::size_t offsets[LayerNetO6::kMaxFusedBlocks];
  if (contiguous) {
    // Sums for 16 columns (the tile's rows and its neighbours'), sample-major, 64 samples at a
    // time, transposed into the tile's rows.
    const std::size_t column = tile.targets[0] - first_neuron;
    const std::size_t count = blocks_meeting(column, column + tile.rows, offsets);
    float* rows = errors + static_cast<std::size_t>(tile.targets[0]) * stride;
    alignas(64) float sums[64 * 16];
    for (std::size_t b0 = 0; b0 < b_count; b0 += 64) {
      const std::size_t n = std::min<std::size_t>(64, b_count - b0);
      for (std::size_t b = 0; b < n; ++b) {
        const float* p = partial + (b0 + b) * p_stride + column;
        v16 sum{};
        for (std::size_t k = 0; k < count; ++k) sum += load16(p + offsets[k]);
        store16(sums + b * 16, sum);
      }
      transpose_fast(sums, 16, rows + b0, stride, n, tile.rows);
    }
    for (std::uint32_t r = 0; r < tile.rows; ++r) std::fill(rows + r * stride + b_count, rows + (r + 1) * stride, 0.0f);
    scale_by_derivative(rows, values + static_cast<std::size_t>(tile.targets[0]) * stride, tile.rows, stride,
                        activation, leakage);
    return;
  }
  for (std::uint32_t r = 0; r < tile.rows; ++r) {
    const std::size_t t = tile.targets[r], column = t - first_neuron;
    const std::size_t count = blocks_meeting(column, column + 1, offsets);
    float* row = errors + t * stride;
    for (std::size_t b = 0; b < b_count; ++b) {
      float sum = 0.0f;
      for (std::size_t k = 0; k < count; ++k) sum += partial[offsets[k] + b * p_stride + column];
      row[b] = sum;
    }
    std::fill(row + b_count, row + stride, 0.0f);
    scale_by_derivative(row, values + t * stride, 1, stride, activation, leakage);
  }
}

// Biases of a tile's rows: each row's errors summed over the batch lanes, then the rule. The 16
// lanes of a row's sum are folded in halves — lanes i and i + 8, then i + 4, i + 2, i + 1 — and
// the rows' folds run side by side in shuffles (8 rows in 4 rounds), with exactly the adds of
// folding each row alone. (Folding one row at a time through its lanes went through the stack
// with a store-forwarding stall per lane: 3.8 % of a W2 run's `perf record -e cpu-clock`
// samples, 2.4 % now; the models after an epoch of W1–W3 with SGD and Adam are bit-identical.)
DENDRITE_KERNEL void update_biases(const UpdateRule& rule, int mode, const TargetTile& tile, const float* errors,
                                   std::size_t stride, float* biases, float* moment1, float* moment2) {
  v16 s[LayerNetO6::kTileRows];
  for (std::uint32_t r = 0; r < LayerNetO6::kTileRows; ++r) {
    s[r] = v16{};
    if (r >= tile.rows) continue;
    const float* row = errors + tile.targets[r] * stride;
    s[r] = load16(row);
    for (std::size_t i = 16; i < stride; i += 16) s[r] += load16(row + i);
  }
  // Lanes i + 8 onto i: rows r and r + 1 share a vector (r in lanes 0–7, r + 1 in 8–15).
  v16 h[4];
  for (int p = 0; p < 4; ++p)
    h[p] = lo256(s[2 * p], s[2 * p + 1]) + hi256(s[2 * p], s[2 * p + 1]);
  // Lanes i + 4 onto i: rows (0, 2, 1, 3) and (4, 6, 5, 7) in quarters.
  v16 q[2];
  for (int p = 0; p < 2; ++p)
    q[p] = __builtin_shufflevector(h[2 * p], h[2 * p + 1], 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27) +
           __builtin_shufflevector(h[2 * p], h[2 * p + 1], 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
  // Lanes i + 2 onto i: rows 0, 4, 2, 6, 1, 5, 3, 7 in lane pairs; then i + 1 onto i.
  const v16 e = __builtin_shufflevector(q[0], q[1], 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29) +
                __builtin_shufflevector(q[0], q[1], 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
  const v16 sums = e + __builtin_shufflevector(e, e, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
  constexpr int kLane[LayerNetO6::kTileRows] = {0, 8, 4, 12, 2, 10, 6, 14};  // row r's sum
  alignas(64) float out[16];
  store16(out, sums);
  for (std::uint32_t r = 0; r < tile.rows; ++r) {
    const std::size_t t = tile.targets[r];
    rule.apply(biases[t], out[kLane[r]], mode >= 1 ? moment1 + t : nullptr, mode >= 2 ? moment2 + t : nullptr);
  }
}

// A narrow pixel's biases from its sample-major errors et ([stride][et stride], rows past the
// batch zero): per channel the same adds in the same tree as update_biases — lanes b, b + 16, …
// of a row first, then lanes i + 8, i + 4, i + 2, i + 1 onto i — with the channels as lanes,
// where update_biases reads the errors again and folds each row's lanes in shuffles.
DENDRITE_KERNEL void narrow_biases(const UpdateRule& rule, float* biases, float* moment1, float* moment2,
                                   std::size_t channels, const float* et, std::size_t et_stride, std::size_t stride) {
  for (std::size_t c0 = 0; c0 < channels; c0 += 16) {
    v16 s[16];
    for (int i = 0; i < 16; ++i) {
      s[i] = load16(et + static_cast<std::size_t>(i) * et_stride + c0);
      for (std::size_t b = static_cast<std::size_t>(i) + 16; b < stride; b += 16) s[i] += load16(et + b * et_stride + c0);
    }
    for (int i = 0; i < 8; ++i) s[i] += s[i + 8];
    for (int i = 0; i < 4; ++i) s[i] += s[i + 4];
    for (int i = 0; i < 2; ++i) s[i] += s[i + 2];
    alignas(64) float sums[16];
    store16(sums, s[0] + s[1]);
    const std::size_t valid = std::min<std::size_t>(16, channels - c0);
    rule.apply_n(biases + c0, sums, moment1 != nullptr ? moment1 + c0 : nullptr,
                 moment2 != nullptr ? moment2 + c0 : nullptr, valid);
  }
}

// Output errors (v − t)·f'·scale for `rows` outputs, zero in the padding lanes, and each output's
// squared error summed over the batch in sample order (double, as the reference).
DENDRITE_KERNEL void output_error_rows(const float* values, const float* targets, float* errors, double* squared,
                                       std::size_t rows, std::size_t stride, int batch, Activation activation,
                                       float leakage, float scale) {
  // Squared errors are summed in double, 16 lanes at a time (two vectors of 8), then across the
  // lanes in a fixed order: a chain of one double add per sample, as o5 had, was 4 % of a W1 step.
  v16i lane_index;
  for (int j = 0; j < 16; ++j) lane_index[j] = j;
  for (std::size_t i = 0; i < rows; ++i, values += stride, targets += stride, errors += stride) {
    v8d low{}, high{};
    for (std::size_t lane = 0; lane < stride; lane += 16) {
      const v16i in_batch = lane_index < static_cast<int>(static_cast<int>(lane) < batch ? batch - static_cast<int>(lane) : 0);
      const v16 v = load16(values + lane);
      const v16 diff = reinterpret_cast<v16>(reinterpret_cast<v16i>(v - load16(targets + lane)) & in_batch);
      const v8d d_low = __builtin_convertvector(__builtin_shufflevector(diff, diff, 0, 1, 2, 3, 4, 5, 6, 7), v8d);
      const v8d d_high = __builtin_convertvector(__builtin_shufflevector(diff, diff, 8, 9, 10, 11, 12, 13, 14, 15), v8d);
      low += d_low * d_low;
      high += d_high * d_high;
      const v16 error = derivative_times16(activation, leakage, v, diff) * scale;
      store16(errors + lane, reinterpret_cast<v16>(reinterpret_cast<v16i>(error) & in_batch));  // padding: 0
    }
    const v8d both = low + high;
    squared[i] = ((both[0] + both[1]) + (both[2] + both[3])) + ((both[4] + both[5]) + (both[6] + both[7]));
  }
}

}  // namespace

Result<std::unique_ptr<NetworkModule>> LayerNetO6::create(const NetworkSpec& spec,
                                                          const ModuleOptions& options,
                                                          Executor& executor) {
  if (spec.family != NetworkFamily::kLayer)
    return Error{"the 'layer_o6' module runs layer networks only"};
  if (!(options.leakage >= 0.0f))
    return Error{str_cat("the 'layer_o6' module needs leakage >= 0 (got ", options.leakage,
                         "): it reads the leaky-ReLU derivative from the sign of the value")};
  Topology topology = layer_network_topology(spec);
  return std::unique_ptr<NetworkModule>(new LayerNetO6(spec, std::move(topology), options, executor));
}

LayerNetO6::LayerNetO6(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
    : NetworkModule(std::move(spec), std::move(topology), std::move(options), executor) {
  geometry_.resize(topology_.layers.size());
  first_.assign(topology_.neuron_count + 1, 0);
  std::size_t connection = 0;
  for (std::size_t l = 0; l < topology_.layers.size(); ++l) {
    const LayerInfo& layer = topology_.layers[l];
    if (l > 0) {
      Geometry& g = geometry_[l];
      g.source = topology_.layers[l - 1].shape;
      g.target = layer.shape;
      g.source_first = topology_.layers[l - 1].first_neuron;
      for (int x = 0; x < g.target.width; ++x) {
        const SourceWindow w = source_window(spec_.layers[l], g.source, x, 0);
        g.x_begin.push_back(w.x_begin);
        g.x_end.push_back(w.x_end);
      }
      for (int y = 0; y < g.target.height; ++y) {
        const SourceWindow w = source_window(spec_.layers[l], g.source, 0, y);
        g.y_begin.push_back(w.y_begin);
        g.y_end.push_back(w.y_end);
      }
    }
    for (std::size_t i = 0; i < layer.neuron_count; ++i) {
      const std::size_t n = layer.first_neuron + i;
      first_[n] = connection;
      if (l > 0) {
        const Geometry& g = geometry_[l];
        const std::size_t pixel = i / static_cast<std::size_t>(layer.shape.channels);
        const auto x = pixel % static_cast<std::size_t>(layer.shape.width);
        const auto y = pixel / static_cast<std::size_t>(layer.shape.width);
        connection += static_cast<std::size_t>(g.x_end[x] - g.x_begin[x]) *
                      static_cast<std::size_t>(g.y_end[y] - g.y_begin[y]) * static_cast<std::size_t>(g.source.channels);
      }
    }
  }
  first_[topology_.neuron_count] = connection;
  layer_of_.resize(topology_.neuron_count);
  for (std::size_t l = 0; l < topology_.layers.size(); ++l)
    std::fill_n(layer_of_.begin() + static_cast<std::ptrdiff_t>(topology_.layers[l].first_neuron),
                topology_.layers[l].neuron_count, static_cast<std::uint8_t>(l));
  // Fused blocks follow the machine's core count (or the planned one), never the team's thread
  // count, so the partial sums — and results — are the same with any --threads on one machine.
  const unsigned cores = options_.planned_cores > 0 ? static_cast<unsigned>(options_.planned_cores)
                                                     : std::thread::hardware_concurrency();
  fused_blocks_ = static_cast<int>(std::clamp(cores, 2u, static_cast<unsigned>(kMaxFusedBlocks)));
  for (std::size_t l = 1; l < topology_.layers.size(); ++l) build_geometry(l);
  // Reader lists: per thread, the most readers of any source tile (the batch does not matter).
  for (const Geometry& g : geometry_) reader_block_ = std::max(reader_block_, g.max_readers + kPullAhead);
  if (topology_.layers.size() > 1) {
    const Geometry& g = geometry_[1];
    inputs_are_rows_ = g.whole_source && g.source.size() % 16 == 0;
    private_inputs_ = g.whole_source;
  }
  if (topology_.layers.size() > 2) {
    const Geometry& above = geometry_[2];
    sample_major_errors_ = geometry_[1].narrow && geometry_[1].target.channels % 16 == 0 && !above.narrow &&
                           !above.fused;
  }
  weights_.assign(connection, 0.0f);
  biases_.assign(topology_.neuron_count, 0.0f);
  if (options_.phase_profile != nullptr) name_phases();
}

void LayerNetO6::name_phases() {
  PhaseProfile* profile = options_.phase_profile;
  const std::size_t last = topology_.layers.size() - 1;
  phase_ids_.assign(topology_.layers.size(), {});
  int id = 0;
  auto add = [&](std::size_t l, Phase phase, const std::string& name) {
    phase_ids_[l][phase] = id;
    profile->name(id++, name);
  };
  // (appended, not `"…" + std::to_string(l)`: GCC 12 warns falsely about that, -Wrestrict)
  auto label = [](const char* prefix, std::size_t l) {
    std::string text(prefix);
    text += std::to_string(l);
    return text;
  };
  add(0, kLoad, "load inputs");
  add(0, kLoadWait, "  wait: inputs");
  for (std::size_t l = 1; l <= last; ++l) {
    add(l, kForward, label("forward L", l));
    add(l, kForwardWait, label("  wait: forward L", l));
  }
  add(last, kOutput, "output errors");
  add(last, kOutputWait, "  wait: output errors");
  for (std::size_t l = last; l >= 1; --l) {
    add(l, kReduce, label("reduce errors L", l));
    add(l, kReduceWait, label("  wait: reduce L", l));
    add(l, kFused, label("fused backward L", l));
    add(l, kFusedWait, label("  wait: fused L", l));
    add(l, kPull, label("pull errors L", l));
    add(l, kPullWait, label("  wait: pull L", l));
    add(l, kUpdate, label("update L", l));
  }
}

void LayerNetO6::mark(int thread, std::size_t l, Phase phase) const {
  if (options_.phase_profile != nullptr) options_.phase_profile->mark(thread, phase_ids_[l][phase]);
}

void LayerNetO6::build_geometry(std::size_t l) {
  Geometry& g = geometry_[l];
  const LayerInfo& layer = topology_.layers[l];
  const int sc = g.source.channels, tc = g.target.channels;
  // Groups: maximal blocks of target columns (rows) with the same window.
  auto axis_groups = [](const std::vector<int>& begin, const std::vector<int>& end) {
    std::vector<std::pair<int, int>> groups;  // [first, last) coordinates
    for (int i = 0; i < static_cast<int>(begin.size()); ++i) {
      if (!groups.empty() && begin[static_cast<std::size_t>(i)] == begin[static_cast<std::size_t>(groups.back().first)] &&
          end[static_cast<std::size_t>(i)] == end[static_cast<std::size_t>(groups.back().first)])
        groups.back().second = i + 1;
      else
        groups.push_back({i, i + 1});
    }
    return groups;
  };
  const auto x_groups = axis_groups(g.x_begin, g.x_end);
  const auto y_groups = axis_groups(g.y_begin, g.y_end);
  g.target_cost.assign(1, 0.0);
  g.group_columns = static_cast<int>(x_groups.size());
  for (const auto& [py0, py1] : y_groups) {
    for (const auto& [px0, px1] : x_groups) {
      const int x0 = g.x_begin[static_cast<std::size_t>(px0)], x1 = g.x_end[static_cast<std::size_t>(px0)];
      const int y0 = g.y_begin[static_cast<std::size_t>(py0)], y1 = g.y_end[static_cast<std::size_t>(py0)];
      g.groups.push_back({x0, y0, x1 - x0, static_cast<std::uint32_t>(g.target_tiles.size()), 0});
      const auto run_begin = static_cast<std::uint32_t>(g.runs.size());
      const auto row_length = static_cast<std::uint32_t>((x1 - x0) * sc);
      const auto source_row = [&](int sy) {
        return static_cast<std::uint32_t>(g.source_first + g.source.index(x0, sy, 0));
      };
      if (x1 - x0 == g.source.width) {  // whole rows: one contiguous run
        g.runs.push_back({source_row(y0), 0, row_length * static_cast<std::uint32_t>(y1 - y0)});
      } else {
        for (int sy = y0; sy < y1; ++sy)
          g.runs.push_back({source_row(sy), row_length * static_cast<std::uint32_t>(sy - y0), row_length});
      }
      const auto run_count = static_cast<std::uint32_t>(g.runs.size()) - run_begin;
      const double k = static_cast<double>(row_length) * (y1 - y0);
      TargetTile tile{run_begin, run_count, 0, {}};
      for (int py = py0; py < py1; ++py)
        for (int px = px0; px < px1; ++px)
          for (int c = 0; c < tc; ++c) {
            tile.targets[tile.rows++] = static_cast<std::uint32_t>(layer.first_neuron + g.target.index(px, py, c));
            if (tile.rows == kTileRows) {
              g.target_tiles.push_back(tile);
              g.target_cost.push_back(g.target_cost.back() + tile.rows * k);
              tile.rows = 0;
            }
          }
      if (tile.rows > 0) {
        g.target_tiles.push_back(tile);
        g.target_cost.push_back(g.target_cost.back() + tile.rows * k);
      }
      g.groups.back().tile_count = static_cast<std::uint32_t>(g.target_tiles.size()) - g.groups.back().tile_begin;
    }
  }
  // Source tiles: one pixel's channels (its readers see them at consecutive window offsets); a
  // dense layer's readers see every source, so its tiles run across pixels.
  const bool dense = spec_.layers[l].kind == LayerKind::kDense;
  // The groups (along one axis) whose window holds source coordinate s: a contiguous range.
  auto reader_range = [](const std::vector<std::pair<int, int>>& axis, const std::vector<int>& begin,
                         const std::vector<int>& end, int s) {
    int lo = static_cast<int>(axis.size()), hi = 0;
    for (int i = 0; i < static_cast<int>(axis.size()); ++i) {
      const auto first = static_cast<std::size_t>(axis[static_cast<std::size_t>(i)].first);
      if (begin[first] <= s && s < end[first]) {
        lo = std::min(lo, i);
        hi = i + 1;
      }
    }
    return lo < hi ? std::pair<int, int>{lo, hi} : std::pair<int, int>{0, 0};
  };
  g.source_cost.assign(1, 0.0);
  const std::size_t source_count = g.source.size();
  const std::size_t tile_span = dense ? source_count : static_cast<std::size_t>(sc);
  for (std::size_t start = 0; start < source_count; start += tile_span) {
    for (std::size_t off = 0; off < tile_span; off += kTileRows) {
      const std::size_t s = start + off;
      const int c = static_cast<int>(s % static_cast<std::size_t>(sc));
      const auto pixel = s / static_cast<std::size_t>(sc);
      const int x = static_cast<int>(pixel % static_cast<std::size_t>(g.source.width));
      const int y = static_cast<int>(pixel / static_cast<std::size_t>(g.source.width));
      const auto [gx0, gx1] = reader_range(x_groups, g.x_begin, g.x_end, x);
      const auto [gy0, gy1] = reader_range(y_groups, g.y_begin, g.y_end, y);
      SourceTile tile{};
      tile.first = static_cast<std::uint32_t>(g.source_first + s);
      tile.rows = static_cast<std::uint32_t>(std::min<std::size_t>(kTileRows, tile_span - off));
      tile.x = x;
      tile.y = y;
      tile.c = c;
      tile.gx_begin = gx0;
      tile.gx_end = gx1;
      tile.gy_begin = gy0;
      tile.gy_end = gy1;
      g.source_tiles.push_back(tile);
      double readers = 0;
      for (int gy = gy0; gy < gy1; ++gy)
        for (int gx = gx0; gx < gx1; ++gx) {
          const Group& group = g.groups[static_cast<std::size_t>(gy * g.group_columns + gx)];
          for (std::uint32_t i = 0; i < group.tile_count; ++i) readers += g.target_tiles[group.tile_begin + i].rows;
        }
      g.source_cost.push_back(g.source_cost.back() + static_cast<double>(tile.rows) * readers + 1.0);
      g.max_readers = std::max(g.max_readers, static_cast<std::size_t>(readers));
    }
  }
  // Narrow: a local layer whose every pixel is its own group and whose window rows hold fewer
  // than 16 values, with channels enough to fill at least half a vector.
  bool single_pixels = true;
  for (const Group& group : g.groups) {
    std::uint32_t rows = 0;
    for (std::uint32_t i = 0; i < group.tile_count; ++i) rows += g.target_tiles[group.tile_begin + i].rows;
    single_pixels = single_pixels && rows == static_cast<std::uint32_t>(tc);
  }
  int widest = 0;
  for (std::size_t x = 0; x < g.x_begin.size(); ++x) widest = std::max(widest, g.x_end[x] - g.x_begin[x]);
  int tallest = 0;
  for (std::size_t y = 0; y < g.y_begin.size(); ++y) tallest = std::max(tallest, g.y_end[y] - g.y_begin[y]);
  g.narrow = spec_.layers[l].kind == LayerKind::kLocal && single_pixels && widest * sc < 16 && tc >= 8 &&
             widest * sc * tallest <= kMaxNarrowWindow;
  g.k_stride = g.narrow ? static_cast<std::size_t>(tc) : 1;
  g.listed_pull = !g.narrow && (dense || sc >= 2 * kTileRows);
  // Fused: dense (one group reading the whole source layer in one run), above layer 1 (its
  // sources need errors), with at least kFusedMinRows rows, kFusedRowsPerBlock rows per block
  // and two blocks.
  const std::size_t tiles = g.target_tiles.size();
  const auto blocks = static_cast<std::size_t>(
      std::min<std::size_t>(static_cast<std::size_t>(fused_blocks_), layer.neuron_count / kFusedRowsPerBlock));
  g.whole_source = dense && g.groups.size() == 1 && g.runs.size() == 1 && g.runs[0].k == 0 &&
                   g.runs[0].length == g.source.size();
  g.fused = g.whole_source && l >= 2 && layer.neuron_count >= kFusedMinRows && blocks >= 2 && tiles >= blocks;
  // Packed windows: worth a copy per group when the gradient's vectors shrink by 10 % or more.
  // A group's runs are consecutive in k (row by row of its window), so packed they are one run.
  if (!g.narrow && !g.whole_source) {
    std::size_t split = 0, packed = 0, widest_window = 0;
    for (const Group& group : g.groups) {
      const TargetTile& first_tile = g.target_tiles[group.tile_begin];
      std::size_t total = 0;
      for (std::uint32_t i = 0; i < first_tile.run_count; ++i) {
        const std::size_t length = g.runs[first_tile.run_begin + i].length;
        split += (length + 15) / 16;
        total += length;
      }
      packed += (total + 15) / 16;
      widest_window = std::max(widest_window, total);
    }
    if (packed * 10 <= split * 9) g.pack_stride = (widest_window + 15) / 16 * 16 + 16;  // + 16: see pack_window
  }
  // Fused windows: a packed local or up layer above layer 2 and below the output, the same
  // blocks. Its pull read the weights of every reader of a source, so near the boundary between
  // two threads' sources each read rows the other then updated (see fused_window_block).
  if (g.pack_stride != 0 && l >= 3 && l + 1 < topology_.layers.size() &&
      layer.neuron_count >= kFusedMinRows && blocks >= 2 && tiles >= blocks)
    g.fused = true;
  if (g.fused) {
    for (std::size_t k = 0; k <= blocks; ++k)
      g.block_first.push_back(share(g.target_cost, static_cast<int>(k), static_cast<int>(blocks)).first);
    g.block_first.back() = tiles;
    for (std::size_t k = 0; k < blocks; ++k) {
      auto lo = static_cast<std::uint32_t>(g.source.size()), hi = 0u;
      for (std::size_t i = g.block_first[k]; i < g.block_first[k + 1]; ++i)
        for (std::uint32_t q = 0; q < g.target_tiles[i].run_count; ++q) {
          const Run& run = g.runs[g.target_tiles[i].run_begin + q];
          lo = std::min(lo, static_cast<std::uint32_t>(run.source - g.source_first));
          hi = std::max(hi, static_cast<std::uint32_t>(run.source - g.source_first + run.length));
        }
      g.block_sources.push_back({lo, std::max(lo, hi)});
    }
  }
  // Column-split update: boundaries on 16 sources, as the values_t copies are made; at least one
  // block per core where the blocks keep kSplitMinColumns (the partition does not change a sum).
  const std::size_t n = g.source.size();
  std::size_t columns = n / kSplitColumns;
  if (g.whole_source && !g.fused && l >= 2 && columns >= kSplitMinBlocks) {
    columns = std::max(columns, std::min(static_cast<std::size_t>(fused_blocks_), n / kSplitMinColumns));
    for (std::size_t k = 0; k < columns; ++k) g.column_first.push_back(k * n / columns / 16 * 16);
    g.column_first.push_back(n);
  }
}

std::pair<std::size_t, std::size_t> LayerNetO6::share(const std::vector<double>& cost, int thread, int threads) {
  const std::size_t tiles = cost.size() - 1;
  const double total = cost.back();
  auto boundary = [&](int k) -> std::size_t {
    if (k <= 0) return 0;
    if (k >= threads) return tiles;
    const double at = total * k / threads;
    return static_cast<std::size_t>(std::lower_bound(cost.begin(), cost.end(), at) - cost.begin());
  };
  return {std::min(boundary(thread), tiles), std::min(boundary(thread + 1), tiles)};
}

// Sharing a phase's last tiles pays where a thread's rows do not stay in its L2 from one step to
// the next anyway (W3: 8 MB of weights, 4 MB per thread on two, 2 MB of L2 each): whoever runs a
// tile reads its lines from L3, and the waits at barriers go. Where they do stay (W1, W2 with
// SGD), a taken tile's lines move to the other core and back, which cost as much as the waits
// saved (bench/RESULTS.md "Work stealing within a phase"; "… where the rows stream from L3").
// From 4 threads on, a module whose parameters alone outgrow one core's L2 shares too: on the
// 16-core device W3 gained at 8 and 16 threads, where its share fits (8 MB / 16), in 13 of 14 and
// 10 of 14 pinned rounds and 13 of 14 free ones (paired medians 1.07–1.12; at 4 threads 13 of
// 18), its waits at barriers at 16 threads 167–213 → 66–84 µs per step; W1 and W2 gained nothing
// there, W2 lost at 16 threads (0.94, ahead in 7 of 21; bench/RESULTS.md "Sharing tails on 16
// cores").
bool LayerNetO6::tails_worth_sharing(double parameter_bytes, int moment_count, int threads, long l2_bytes) {
  if (threads < 2 || l2_bytes <= 0) return false;
  const auto l2 = static_cast<double>(l2_bytes);
  return parameter_bytes * (1 + moment_count) / threads > l2 || (threads >= 4 && parameter_bytes > l2);
}

bool LayerNetO6::share_tails(int moment_count) const {
  if (options_.share_tails >= 0) return options_.share_tails > 0;
  static const long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);  // per core; 0 or −1 when unknown (a CPUID: once)
  return tails_worth_sharing(static_cast<double>(topology_.connection_count + topology_.neuron_count) * sizeof(float),
                             moment_count, executor_->thread_count(), l2);
}

std::pair<std::size_t, std::size_t> LayerNetO6::owned_tiles(std::size_t l, int thread, int threads) const {
  const Geometry& g = geometry_[l];
  if (!g.fused) return share(g.target_cost, thread, threads);
  const auto [b0, b1] = Executor::chunk(0, g.block_first.size() - 1, thread, threads);
  return {g.block_first[b0], g.block_first[b1]};
}

std::size_t LayerNetO6::row_base(std::size_t l, std::size_t t) const {
  const Geometry& g = geometry_[l];
  if (!g.narrow) return first_[t];
  const std::size_t c = (t - topology_.layers[l].first_neuron) % static_cast<std::size_t>(g.target.channels);
  return first_[t - c] + c;
}

std::size_t LayerNetO6::internal_index(std::size_t id) const {
  const auto it = std::upper_bound(first_.begin(), first_.end(), id);
  const auto t = static_cast<std::size_t>(it - first_.begin()) - 1;
  const std::size_t l = layer_of_[t];
  return row_base(l, t) + (id - first_[t]) * geometry_[l].k_stride;
}

template <typename Fn>
void LayerNetO6::for_each_weight(std::size_t t, Fn&& fn) const {
  const std::size_t l = layer_of_[t];
  const std::size_t base = row_base(l, t), step = geometry_[l].k_stride;
  for (std::size_t id = first_[t], k = 0; id < first_[t + 1]; ++id, ++k) fn(id, base + k * step);
}

ConnectionEnds LayerNetO6::connection(std::size_t id) const {
  const auto it = std::upper_bound(first_.begin(), first_.end(), id);
  const auto target = static_cast<std::size_t>(it - first_.begin()) - 1;
  const auto l = static_cast<std::size_t>(topology_.layer_of_neuron(target));
  const Geometry& g = geometry_[l];
  const std::size_t i = target - topology_.layers[l].first_neuron;
  const std::size_t pixel = i / static_cast<std::size_t>(g.target.channels);
  const auto x = pixel % static_cast<std::size_t>(g.target.width);
  const auto y = pixel / static_cast<std::size_t>(g.target.width);
  const std::size_t k = id - first_[target];
  const auto row = static_cast<std::size_t>(g.x_end[x] - g.x_begin[x]) * static_cast<std::size_t>(g.source.channels);
  const int sy = g.y_begin[y] + static_cast<int>(k / row);
  const std::size_t in_row = k % row;
  const int sx = g.x_begin[x] + static_cast<int>(in_row / static_cast<std::size_t>(g.source.channels));
  const int sc = static_cast<int>(in_row % static_cast<std::size_t>(g.source.channels));
  return {g.source_first + g.source.index(sx, sy, sc), target};
}

std::pair<std::size_t, std::size_t> LayerNetO6::incoming(std::size_t neuron) const {
  return {first_[neuron], first_[neuron + 1] - first_[neuron]};
}

ParameterSlot LayerNetO6::parameter(ParameterRef ref) const {
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  const std::size_t i = bias ? ref.index : internal_index(ref.index);
  const AlignedFloats& value = bias ? biases_ : weights_;
  const AlignedFloats& m1 = bias ? bias_moment1_ : weight_moment1_;
  const AlignedFloats& m2 = bias ? bias_moment2_ : weight_moment2_;
  return {value[i], m1.empty() ? 0.0f : m1[i], m2.empty() ? 0.0f : m2[i]};
}

void LayerNetO6::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  const std::size_t i = bias ? ref.index : internal_index(ref.index);
  (bias ? biases_ : weights_)[i] = slot.value;
  AlignedFloats& m1 = bias ? bias_moment1_ : weight_moment1_;
  AlignedFloats& m2 = bias ? bias_moment2_ : weight_moment2_;
  if (!m1.empty()) m1[i] = slot.moment1;
  if (!m2.empty()) m2[i] = slot.moment2;
}

void LayerNetO6::export_state(ParameterState& out) const {
  out.moment_count = moment_count_;
  out.biases.assign(biases_.begin(), biases_.end());
  out.bias_moment1.assign(bias_moment1_.begin(), bias_moment1_.end());
  out.bias_moment2.assign(bias_moment2_.begin(), bias_moment2_.end());
  // Canonical order from the internal one (they differ in narrow layers only).
  const std::size_t nc = topology_.connection_count;
  out.weights.resize(nc);
  out.weight_moment1.resize(weight_moment1_.empty() ? 0 : nc);
  out.weight_moment2.resize(weight_moment2_.empty() ? 0 : nc);
  for (std::size_t t = topology_.input_size(); t < topology_.neuron_count; ++t)
    for_each_weight(t, [&](std::size_t id, std::size_t at) {
      out.weights[id] = weights_[at];
      if (!weight_moment1_.empty()) out.weight_moment1[id] = weight_moment1_[at];
      if (!weight_moment2_.empty()) out.weight_moment2[id] = weight_moment2_[at];
    });
  const std::size_t n_in = topology_.input_size();
  std::fill_n(out.biases.begin(), n_in, 0.0f);
  if (!out.bias_moment1.empty()) std::fill_n(out.bias_moment1.begin(), n_in, 0.0f);
  if (!out.bias_moment2.empty()) std::fill_n(out.bias_moment2.begin(), n_in, 0.0f);
}

Status LayerNetO6::import_state(const ParameterState& state) {
  DENDRITE_TRY(state.check_shape(topology_.connection_count, topology_.neuron_count));
  const std::size_t nc = topology_.connection_count;
  const int mc = state.moment_count;
  biases_.assign(state.biases.begin(), state.biases.end());
  moment_count_ = mc;
  bias_moment1_.clear();
  bias_moment2_.clear();
  if (mc >= 1) bias_moment1_.assign(state.bias_moment1.begin(), state.bias_moment1.end());
  if (mc >= 2) bias_moment2_.assign(state.bias_moment2.begin(), state.bias_moment2.end());
  weights_.resize(nc);
  weight_moment1_.assign(mc >= 1 ? nc : 0, 0.0f);
  weight_moment2_.assign(mc >= 2 ? nc : 0, 0.0f);
  for (std::size_t t = topology_.input_size(); t < topology_.neuron_count; ++t)
    for_each_weight(t, [&](std::size_t id, std::size_t at) {
      weights_[at] = state.weights[id];
      if (mc >= 1) weight_moment1_[at] = state.weight_moment1[id];
      if (mc >= 2) weight_moment2_[at] = state.weight_moment2[id];
    });
  return Status::ok();
}

void LayerNetO6::resize_histories(int batch) {
  if (batch == batch_) return;
  batch_ = batch;
  stride_ = (static_cast<std::size_t>(batch) + 15) / 16 * 16;
  values_.assign(topology_.neuron_count * stride_, 0.0f);
  errors_.assign(topology_.neuron_count * stride_, 0.0f);
  values_t_first_.assign(topology_.layers.size(), 0);
  values_t_stride_.assign(topology_.layers.size(), 0);
  std::size_t size = 0;
  for (std::size_t l = 0; l + 1 < topology_.layers.size(); ++l) {  // the output layer is no source
    values_t_first_[l] = size;
    if (geometry_[l + 1].narrow) {  // blocked, see values_t_stride_
      values_t_stride_[l] = 16;
      size += (topology_.layers[l].neuron_count + 15) / 16 * 16 * static_cast<std::size_t>(batch) + 48;
      continue;
    }
    // Rows padded past a multiple of 16 floats: with power-of-two layer sizes, rows a multiple of
    // 4 KiB apart would all fall into the same L1 sets while the gradient kernel walks down them.
    values_t_stride_[l] = (topology_.layers[l].neuron_count + 15) / 16 * 16 + 16;
    size += values_t_stride_[l] * static_cast<std::size_t>(batch) + 48;  // 48: over-read slack
  }
  values_t_.assign(size, 0.0f);
  // Fused layers' partial sums: per block [batch][the source layer's values_t stride].
  partials_first_.assign(topology_.layers.size(), 0);
  partials_block_.assign(topology_.layers.size(), 0);
  size = 0;
  for (std::size_t l = 2; l < topology_.layers.size(); ++l) {
    const Geometry& g = geometry_[l];
    if (!g.fused) continue;
    partials_first_[l] = size;
    partials_block_[l] = values_t_stride_[l - 1] * static_cast<std::size_t>(batch);
    size += partials_block_[l] * (g.block_first.size() - 1) + 48;  // 48: over-read slack
  }
  partials_.assign(size, 0.0f);
  targets_t_.assign(topology_.output_size() * stride_, 0.0f);
  scratch_block_ = 0;
  for (const Geometry& g : geometry_) {
    // narrow: [stride][channels] (narrow_biases reads the padding rows too); packed: [batch][pack_stride],
    // twice in a fused packed layer (the window and the group's partial sums)
    std::size_t floats = g.narrow ? narrow_errors_stride(g) * stride_ : g.pack_stride * static_cast<std::size_t>(batch);
    if (g.fused && !g.whole_source) floats *= 2;  // packed values and packed partial sums
    scratch_block_ = std::max(scratch_block_, floats);
  }
  size_thread_buffers();
}

// Everything kept per thread of the team, sized for its thread count (and the batch, once known).
void LayerNetO6::size_thread_buffers() {
  const auto threads = static_cast<std::size_t>(executor_->thread_count());
  claims_.resize(executor_->thread_count());
  scratch_.assign(threads * scratch_block_, 0.0f);
  reader_weights_.assign(threads * reader_block_, 0);
  reader_rows_.assign(threads * reader_block_, 0);
  if (private_inputs_) thread_inputs_.assign((threads - 1) * topology_.input_size() * stride_, 0.0f);
}

// A team of another size needs buffers for its threads even when the next batch is the size of
// the last (resize_histories sizes them only when the batch changes).
void LayerNetO6::set_executor(Executor& executor) {
  NetworkModule::set_executor(executor);
  size_thread_buffers();
}

void LayerNetO6::set_moment_count(int count) {
  if (count == moment_count_) return;
  const std::size_t nc = topology_.connection_count, nn = topology_.neuron_count;
  weight_moment1_.assign(count >= 1 ? nc : 0, 0.0f);
  bias_moment1_.assign(count >= 1 ? nn : 0, 0.0f);
  weight_moment2_.assign(count >= 2 ? nc : 0, 0.0f);
  bias_moment2_.assign(count >= 2 ? nn : 0, 0.0f);
  weight_moment1_.shrink_to_fit();
  weight_moment2_.shrink_to_fit();
  moment_count_ = count;
}

float* LayerNetO6::input_rows(int thread) {
  if (!private_inputs_ || thread == 0) return values_.data();
  return &thread_inputs_[static_cast<std::size_t>(thread - 1) * topology_.input_size() * stride_];
}

void LayerNetO6::load_inputs(const float* inputs, bool keep_transposed, int thread, int threads) {
  const std::size_t n_in = topology_.input_size();
  const auto batch = static_cast<std::size_t>(batch_);
  // Private inputs: every thread transposes all inputs into its own rows (thread 0 into values_),
  // so no thread writes lines the other core read in the last step. Otherwise a share each of
  // values_ (the caller then needs a barrier).
  const auto [r0, r1] = private_inputs_ ? std::pair<std::size_t, std::size_t>{0, (n_in + 15) / 16}
                                        : Executor::chunk(0, (n_in + 15) / 16, thread, threads);
  const std::size_t n0 = r0 * 16, n1 = std::min(n_in, r1 * 16);
  float* rows = input_rows(thread);
  if (n0 < n1) transpose_fast(inputs + n0, n_in, rows + n0 * stride_, stride_, batch, n1 - n0);
  if (batch < stride_)
    for (std::size_t i = n0; i < n1; ++i) std::fill(rows + i * stride_ + batch, rows + (i + 1) * stride_, 0.0f);
  // The sample-major copy for layer 1's gradient (read after later barriers): a share each.
  const auto [b0, b1] = Executor::chunk(0, (n_in + 15) / 16, thread, threads);
  const std::size_t i0 = b0 * 16, i1 = std::min(n_in, b1 * 16);
  if (!keep_transposed || inputs_are_rows_ || i0 >= i1) return;
  if (geometry_[1].narrow) {  // blocked: [16-input block][batch][16]
    // Eight blocks at a time, each sample's 128 inputs read as one piece: a block at a time read
    // 64 bytes from each of 32 rows in turn, more streams than the prefetchers follow.
    const std::size_t whole = i0 + (i1 - i0) / 16 * 16;
    for (std::size_t c0 = i0; c0 < whole; c0 += 128) {
      const std::size_t c1 = std::min(c0 + 128, whole);
      for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t n = c0; n < c1; n += 16) store16(&values_t_[n * batch + b * 16], load16(inputs + b * n_in + n));
    }
    if (whole < i1)
      for (std::size_t b = 0; b < batch; ++b)
        std::copy(inputs + b * n_in + whole, inputs + b * n_in + i1, &values_t_[whole * batch + b * 16]);
    return;
  }
  for (std::size_t b = 0; b < batch; ++b)
    std::copy(inputs + b * n_in + i0, inputs + b * n_in + i1, &values_t_[b * values_t_stride_[0] + i0]);
}

void LayerNetO6::forward_layer(std::size_t l, int thread, int threads, bool training) {
  const Geometry& g = geometry_[l];
  const LayerInfo& layer = topology_.layers[l];
  if (training && l >= 2) {
    // The sample-major copy of the layer below (complete since the last barrier), which the
    // gradients of this layer read: this thread's share of its 16-neuron blocks.
    const LayerInfo& below = topology_.layers[l - 1];
    const auto [b0, b1] = Executor::chunk(0, (below.neuron_count + 15) / 16, thread, threads);
    const std::size_t n0 = b0 * 16, n1 = std::min(below.neuron_count, b1 * 16);
    const auto batch = static_cast<std::size_t>(batch_);
    if (g.narrow) {  // blocked: [16-neuron block][batch][16]
      for (std::size_t n = n0; n < n1; n += 16)
        transpose_fast(&values_[(below.first_neuron + n) * stride_], stride_, &values_t_[values_t_first_[l - 1] + n * batch],
                       16, std::min<std::size_t>(16, n1 - n), batch);
    } else if (n0 < n1) {
      transpose_fast(&values_[(below.first_neuron + n0) * stride_], stride_, &values_t_[values_t_first_[l - 1] + n0],
                     values_t_stride_[l - 1], n1 - n0, batch);
    }
  }
  const float* sources = l == 1 ? input_rows(thread) : values_.data();
  const auto [begin, end] = owned_tiles(l, thread, threads);
  claims_.run(thread, claim_phase(l, kForward), begin, end, [&](std::size_t i) {
    const TargetTile& tile = g.target_tiles[i];
    forward_tile(tile, g.runs.data(), weights_.data(), g.narrow ? nullptr : first_.data(),
                 g.narrow ? row_base(l, tile.targets[0]) : 0, g.k_stride, biases_.data(), sources, values_.data(),
                 stride_, layer.activation, options_.leakage);
  });
}

void LayerNetO6::forward_layers(std::size_t first_layer, std::size_t last_layer, bool training, const float* inputs) {
  const int threads = executor_->thread_count();
  claims_.share(share_tails(0));
  executor_->run_on_team([&](int thread) {
    if (inputs != nullptr) {
      load_inputs(inputs, training, thread, threads);
      if (!private_inputs_) executor_->barrier();
    }
    for (std::size_t l = first_layer; l <= last_layer; ++l) {
      forward_layer(l, thread, threads, training);
      executor_->barrier();
    }
  });
}

void LayerNetO6::forward(const float* inputs, int batch) {
  resize_histories(batch);
  forward_layers(1, topology_.layers.size() - 1, false, inputs);
}

void LayerNetO6::outputs(float* out) const {
  const LayerInfo& layer = topology_.layers.back();
  transpose_fast(&values_[layer.first_neuron * stride_], stride_, out, layer.neuron_count, layer.neuron_count,
                 static_cast<std::size_t>(batch_));
}

void LayerNetO6::neuron_values(int sample, float* values) const {
  for (std::size_t n = 0; n < topology_.neuron_count; ++n)
    values[n] = sample >= 0 && sample < batch_ ? values_[n * stride_ + static_cast<std::size_t>(sample)] : 0.0f;
}

void LayerNetO6::output_errors(const float* targets, const float* inputs, int thread, int threads) {
  const LayerInfo& out_layer = topology_.layers.back();
  const std::size_t n_out = out_layer.neuron_count;
  const auto batch = static_cast<std::size_t>(batch_);
  const float scale = 2.0f / static_cast<float>(batch * n_out);
  std::size_t i_begin = 0, i_end = 0;
  const Geometry& g = geometry_.back();
  if (g.fused) {  // the rows this thread owns in the output layer's backward (contiguous: dense)
    const auto [begin, end] = owned_tiles(geometry_.size() - 1, thread, threads);
    if (begin < end) {
      i_begin = g.target_tiles[begin].targets[0] - out_layer.first_neuron;
      const TargetTile& last = g.target_tiles[end - 1];
      i_end = last.targets[last.rows - 1] + 1 - out_layer.first_neuron;
    }
  } else {
    const auto [begin, end] = Executor::chunk(0, (n_out + 15) / 16, thread, threads);  // blocks of 16 outputs
    i_begin = begin * 16;
    i_end = std::min(n_out, end * 16);
  }
  if (i_begin >= i_end) return;
  // This thread's targets, output-major like the values: [output][stride], zero padding lanes.
  // An autoencoder's targets are its inputs: the rows load_inputs made for this thread (complete
  // since the barriers of the forward pass, padding lanes zero) are those, with no copy (W3's
  // output errors per step 78 → 36 µs without the fill and transpose).
  const float* t_rows = nullptr;
  if (targets == inputs && n_out == topology_.input_size()) {
    t_rows = input_rows(thread) + i_begin * stride_;
  } else {
    float* rows = &targets_t_[i_begin * stride_];
    std::fill(rows, rows + (i_end - i_begin) * stride_, 0.0f);
    transpose_fast(targets + i_begin, n_out, rows, stride_, batch, i_end - i_begin);
    t_rows = rows;
  }
  output_error_rows(&values_[(out_layer.first_neuron + i_begin) * stride_], t_rows,
                    &errors_[(out_layer.first_neuron + i_begin) * stride_], &squared_[i_begin], i_end - i_begin,
                    stride_, batch_, out_layer.activation, options_.leakage, scale);
}

void LayerNetO6::pull_errors(std::size_t l, int thread, int threads) {
  const Geometry& g = geometry_[l];
  const PullGeometry pg{g.groups.data(), g.group_columns, g.target_tiles.data(), g.source.channels, g.k_stride};
  const Activation activation = topology_.layers[l - 1].activation;
  const auto [begin, end] = share(g.source_cost, thread, threads);
  std::size_t* weight = &reader_weights_[static_cast<std::size_t>(thread) * reader_block_];
  std::uint32_t* row = &reader_rows_[static_cast<std::size_t>(thread) * reader_block_];
  ReaderList list{weight, row, 0};
  if (l == 2 && sample_major_errors_) {
    // Layer 1's errors, a pixel at a time (by the thread that takes its first tile), sample-major.
    const float* vt = &values_t_[values_t_first_[1]];  // [batch][vt stride]: layer 2 is not narrow
    const std::size_t first_neuron = topology_.layers[1].first_neuron;
    claims_.run(thread, claim_phase(l, kPull), begin, end, [&](std::size_t i) {
      const SourceTile& tile = g.source_tiles[i];
      if (tile.c != 0) return;
      list.count = list_readers(tile, pg, first_.data(), weights_.data(), weight, row);
      pull_pixel(list, weights_.data(), errors_.data(), stride_, static_cast<std::size_t>(g.source.channels),
                 &errors_[tile.first * stride_], vt + (tile.first - first_neuron), values_t_stride_[1],
                 static_cast<std::size_t>(batch_), activation, options_.leakage);
    });
    return;
  }
  if (!g.listed_pull) {
    claims_.run(thread, claim_phase(l, kPull), begin, end, [&](std::size_t i) {
      pull_tile(g.source_tiles[i], pg, weights_.data(), first_.data(), errors_.data(), values_.data(), stride_,
                activation, options_.leakage);
    });
    return;
  }
  if (!g.whole_source && g.max_readers > kPullChunkAbove) {
    // A pixel at a time, in chunks of its readers (by the thread that takes its first tile).
    claims_.run(thread, claim_phase(l, kPull), begin, end, [&](std::size_t i) {
      const SourceTile& tile = g.source_tiles[i];
      if (tile.c != 0) return;
      std::size_t n = 1;
      while (i + n < g.source_tiles.size() && g.source_tiles[i + n].c != 0) ++n;
      list.count = list_readers(tile, pg, first_.data(), weights_.data(), weight, row);
      pull_pixel_chunked(&tile, n, pg, list, weights_.data(), first_.data(), errors_.data(), values_.data(), stride_,
                         activation, options_.leakage);
    });
    return;
  }
  // A pixel's readers listed once for its tiles (a dense layer's once for all of them).
  std::size_t listed = ~std::size_t{0};  // first neuron of the pixel listed; 0 for a whole source
  claims_.run(thread, claim_phase(l, kPull), begin, end, [&](std::size_t i) {
    const SourceTile& tile = g.source_tiles[i];
    // Every source of a dense layer has the same readers: listed once, at source 0.
    const std::size_t key = g.whole_source ? 0 : tile.first - static_cast<std::size_t>(tile.c);
    const std::size_t offset = g.whole_source ? tile.first - g.source_first : static_cast<std::size_t>(tile.c);
    if (key != listed) {
      SourceTile pixel = tile;
      if (g.whole_source) pixel.x = pixel.y = 0;
      list.count = list_readers(pixel, pg, first_.data(), weights_.data(), weight, row);
      listed = key;
    }
    pull_tile_listed(tile, pg, list, offset, weights_.data(), first_.data(), errors_.data(), values_.data(), stride_,
                     activation, options_.leakage);
  });
}

// Odd blocks walk their source chunks last to first (same results): with every block walking
// first to last, two threads ran their blocks in lockstep over the same values_t lines and the
// second block's pass took 10–15 % longer than the first's on 2 cores (W1's output layer: 125 +
// 136–147 µs, each 124.5 µs alone); alternating took W1's 2-thread backprop from 0.229–0.233 to
// 0.218–0.222 ms (medians of two A/B runs of 8 and 10 rounds), both blocks 125 µs.
void LayerNetO6::fused_backward(std::size_t l, const UpdateRule& rule, int thread, int threads) {
  const Geometry& g = geometry_[l];
  const auto [b0, b1] = Executor::chunk(0, g.block_first.size() - 1, thread, threads);
  const float* vt = &values_t_[values_t_first_[l - 1]];  // [batch][vt stride]
  float* scratch = scratch_.data() + static_cast<std::size_t>(thread) * scratch_block_;  // windows: packed values, sums
  const auto batch = static_cast<std::size_t>(batch_);
  for (std::size_t k = b0; k < b1; ++k) {
    const std::size_t begin = g.block_first[k], end = g.block_first[k + 1];
    float* partial = &partials_[partials_first_[l] + k * partials_block_[l]];
    if (g.whole_source)
      fused_block(rule, moment_count_, &g.target_tiles[begin], end - begin, g.source.size(), first_.data(),
                  weights_.data(), weight_moment1_.data(), weight_moment2_.data(), errors_.data(), stride_, vt,
                  values_t_stride_[l - 1], partial, values_t_stride_[l - 1], batch_, k % 2 == 1);
    else
      fused_window_block(rule, moment_count_, &g.target_tiles[begin], end - begin, g.runs.data(), g.source_first,
                         first_.data(), weights_.data(), weight_moment1_.data(), weight_moment2_.data(),
                         errors_.data(), stride_, vt, values_t_stride_[l - 1], partial, values_t_stride_[l - 1],
                         g.block_sources[k], batch_, scratch, scratch + g.pack_stride * batch, g.pack_stride);
    for (std::size_t i = begin; i < end; ++i)
      update_biases(rule, moment_count_, g.target_tiles[i], errors_.data(), stride_, biases_.data(),
                    bias_moment1_.data(), bias_moment2_.data());
  }
}

void LayerNetO6::reduce_errors(std::size_t l, int thread, int threads) {
  const Geometry& above = geometry_[l + 1];
  const LayerInfo& layer = topology_.layers[l];
  const auto [begin, end] = owned_tiles(l, thread, threads);
  for (std::size_t i = begin; i < end; ++i)
    reduce_tile(geometry_[l].target_tiles[i], layer.first_neuron, &partials_[partials_first_[l + 1]],
                partials_block_[l + 1], above.block_sources.data(), above.block_sources.size(), values_t_stride_[l],
                errors_.data(), values_.data(), stride_, batch_, layer.activation, options_.leakage);
}

void LayerNetO6::update_layer(std::size_t l, const UpdateRule& rule, const float* inputs, bool errors_complete,
                              int thread, int threads) {
  const Geometry& g = geometry_[l];
  const LayerInfo& layer = topology_.layers[l];
  const int mode = moment_count_;
  const auto [begin, end] = owned_tiles(l, thread, threads);
  // [batch][vt stride]: the caller's inputs themselves for layer 1 when their rows can be read
  // by whole vectors (see inputs_are_rows_).
  const bool direct = l == 1 && inputs_are_rows_;
  const float* vt = direct ? inputs : &values_t_[values_t_first_[l - 1]];
  const std::size_t vt_stride = direct ? topology_.input_size() : values_t_stride_[l - 1];
  // Packed windows (Geometry::pack_stride): this thread's buffer. Never over the caller's inputs,
  // which pack_window would read past their end — only a dense layer 1 reads those
  // (inputs_are_rows_) and dense layers are not packed; `!direct` keeps it so if either changes.
  float* scratch = scratch_.data() + static_cast<std::size_t>(thread) * scratch_block_;  // data(): empty when no layer packs or is narrow
  float* pack = g.pack_stride != 0 && !direct ? scratch : nullptr;
  std::uint32_t packed_group = ~0u;  // run_begin of the group whose window `pack` holds
  Run packed_run{};
  auto update_tile = [&](std::size_t i) {
    const TargetTile& tile = g.target_tiles[i];
    if (g.narrow) {
      // A whole pixel at a time, by the thread that takes its first tile.
      const std::size_t t0 = tile.targets[0];
      const std::size_t channels = static_cast<std::size_t>(g.target.channels);
      if ((t0 - layer.first_neuron) % channels == 0) {
        // The pixel's errors, sample-major: left so by the pull (layer 1, sample_major_errors_) or
        // transposed into this thread's scratch (hot in L1; a layer-wide copy put each pixel's 32
        // rows in 32 pages whose lines were cold by the end of the step).
        std::size_t et_stride = narrow_errors_stride(g);
        float* et = scratch;  // [stride][et stride]
        if (l == 1 && sample_major_errors_) {  // in the pixel's block of errors_
          et = &errors_[t0 * stride_];
          et_stride = channels;
        } else {
          transpose_fast(&errors_[t0 * stride_], stride_, et, et_stride, channels, static_cast<std::size_t>(batch_));
          std::fill(et + static_cast<std::size_t>(batch_) * et_stride, et + stride_ * et_stride, 0.0f);  // padding rows
        }
        narrow_biases(rule, &biases_[t0], mode >= 1 ? &bias_moment1_[t0] : nullptr,
                      mode >= 2 ? &bias_moment2_[t0] : nullptr, channels, et, et_stride, stride_);
        narrow_group_gradient(rule, mode, first_[t0], channels, g.runs.data() + tile.run_begin, tile.run_count,
                              g.source_first, vt, 16 * static_cast<std::size_t>(batch_), weights_.data(), weight_moment1_.data(),
                              weight_moment2_.data(), et, et_stride, batch_);
      }
    } else {
      if (pack == nullptr) {
        gradient_tile(rule, mode, tile, g.runs.data(), weights_.data(), weight_moment1_.data(),
                      weight_moment2_.data(), first_.data(), errors_.data(), stride_, vt, g.source_first, vt_stride, batch_);
      } else {
        // The group's window, rows side by side (once per group: its tiles are consecutive), read
        // as one run.
        if (tile.run_begin != packed_group) {
          packed_group = tile.run_begin;
          packed_run = {0, g.runs[tile.run_begin].k,
                        pack_window(g.runs.data() + tile.run_begin, tile.run_count, vt, g.source_first, vt_stride,
                                    pack, g.pack_stride, batch_)};
        }
        TargetTile one_run = tile;
        one_run.run_begin = 0;
        one_run.run_count = 1;
        gradient_tile(rule, mode, one_run, &packed_run, weights_.data(), weight_moment1_.data(),
                      weight_moment2_.data(), first_.data(), errors_.data(), stride_, pack, 0, g.pack_stride, batch_);
      }
    }
    if (!g.narrow)  // a narrow pixel's biases went with its first tile (narrow_biases)
      update_biases(rule, mode, tile, errors_.data(), stride_, biases_.data(), bias_moment1_.data(), bias_moment2_.data());
  };
  if (!g.column_first.empty() && errors_complete) {
    // Every row by column blocks, a thread's own first (Geometry::column_first); biases by rows.
    const auto [b0, b1] = Executor::chunk(0, g.column_first.size() - 1, thread, threads);
    claims_.run(thread, claim_phase(l, kUpdate), b0, b1, [&](std::size_t k) {
      const std::size_t c0 = g.column_first[k];
      const Run columns{static_cast<std::uint32_t>(g.source_first + c0), static_cast<std::uint32_t>(c0),
                        static_cast<std::uint32_t>(g.column_first[k + 1] - c0)};
      for (TargetTile tile : g.target_tiles) {
        tile.run_begin = 0;
        tile.run_count = 1;
        gradient_tile(rule, mode, tile, &columns, weights_.data(), weight_moment1_.data(), weight_moment2_.data(),
                      first_.data(), errors_.data(), stride_, vt, g.source_first, vt_stride, batch_);
      }
    });
    for (std::size_t i = begin; i < end; ++i)
      update_biases(rule, mode, g.target_tiles[i], errors_.data(), stride_, biases_.data(), bias_moment1_.data(),
                    bias_moment2_.data());
    return;
  }
  if (errors_complete) {
    claims_.run(thread, claim_phase(l, kUpdate), begin, end, update_tile);
  } else {
    for (std::size_t i = begin; i < end; ++i) update_tile(i);
  }
}

double LayerNetO6::train_step(const float* inputs, const float* targets, int batch,
                              const OptimizerConfig& optimizer) {
  resize_histories(batch);
  set_moment_count(optimizer.moment_count());
  claims_.share(share_tails(moment_count_));
  const UpdateRule rule(optimizer);
  squared_.assign(topology_.output_size(), 0.0);
  const std::size_t last = topology_.layers.size() - 1;
  const int threads = executor_->thread_count();
  PhaseProfile* profile = options_.phase_profile;
  if (profile != nullptr) profile->begin_step(threads);
  executor_->run_on_team([&](int thread) {
    if (profile != nullptr) profile->start(thread);
    load_inputs(inputs, true, thread, threads);
    mark(thread, 0, kLoad);
    if (!private_inputs_) executor_->barrier();
    mark(thread, 0, kLoadWait);
    for (std::size_t l = 1; l <= last; ++l) {
      forward_layer(l, thread, threads, true);
      mark(thread, l, kForward);
      executor_->barrier();
      mark(thread, l, kForwardWait);
    }
    output_errors(targets, inputs, thread, threads);
    mark(thread, last, kOutput);
    // A fused output layer reads only the rows this thread just wrote.
    if (!geometry_[last].fused) executor_->barrier();
    mark(thread, last, kOutputWait);
    for (std::size_t l = last; l >= 1; --l) {
      const Geometry& g = geometry_[l];
      // Errors of layer l still in partial sums (the layer above is fused): this thread's rows,
      // which its own phases below read — except a pull, which reads every row.
      if (l < last && geometry_[l + 1].fused) {
        reduce_errors(l, thread, threads);
        mark(thread, l, kReduce);
        if (!g.fused && (l >= 2 || g.narrow)) executor_->barrier();  // narrow: a pixel's rows span tiles
        mark(thread, l, kReduceWait);
      }
      if (g.fused) {
        fused_backward(l, rule, thread, threads);
        mark(thread, l, kFused);
        executor_->barrier();
        mark(thread, l, kFusedWait);
        continue;
      }
      if (l >= 2) {
        pull_errors(l, thread, threads);  // reads W_l before anyone updates it
        mark(thread, l, kPull);
        executor_->barrier();
        mark(thread, l, kPullWait);
      }
      // Layer l's errors are all there (after a barrier) unless they came from reduce_errors just
      // now, with none after it (a dense layer 1 under a fused layer 2): then this thread
      // updates the rows whose errors it summed, and no others.
      const bool errors_complete = !(l == 1 && !g.narrow && l < last && geometry_[l + 1].fused);
      update_layer(l, rule, inputs, errors_complete, thread, threads);
      mark(thread, l, kUpdate);
    }
  });
  if (profile != nullptr) profile->end_step();
  double loss = 0.0;
  for (double s : squared_) loss += s;
  return loss / static_cast<double>(static_cast<std::size_t>(batch) * topology_.output_size());
}

void LayerNetO6::encode(const float* inputs, int batch, float* embedding) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  forward_layers(1, e, false, inputs);
  const LayerInfo& layer = topology_.layers[e];
  transpose_fast(&values_[layer.first_neuron * stride_], stride_, embedding, layer.neuron_count, layer.neuron_count,
                 static_cast<std::size_t>(batch));
}

void LayerNetO6::decode(const float* embedding, int batch, float* out) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  const LayerInfo& layer = topology_.layers[e];
  const auto b_count = static_cast<std::size_t>(batch);
  float* rows = &values_[layer.first_neuron * stride_];  // [embedding neuron][stride], padding 0
  transpose_fast(embedding, layer.neuron_count, rows, stride_, b_count, layer.neuron_count);
  if (b_count < stride_)
    for (std::size_t i = 0; i < layer.neuron_count; ++i)
      std::fill(rows + i * stride_ + b_count, rows + (i + 1) * stride_, 0.0f);
  if (e + 1 < topology_.layers.size()) forward_layers(e + 1, topology_.layers.size() - 1, false);
  outputs(out);
}

MemoryFigures LayerNetO6::memory_figures(int batch) const {
  MemoryFigures figures;
  const std::size_t nc = topology_.connection_count;
  // Per connection: the weight and the optimizer's moments.
  const double bytes = static_cast<double>(nc) * sizeof(float) +
                       static_cast<double>(weight_moment1_.size() + weight_moment2_.size()) * sizeof(float);
  figures.bytes_per_connection = bytes / static_cast<double>(std::max<std::size_t>(1, nc));
  // Values and errors [neuron][stride] and the sample-major copy of the values.
  // Fused layers add their blocks' partial sums of the layer below ([block][batch][source]), a
  // dense first layer the other threads' copies of the inputs; both counted per neuron and sample.
  double extra = static_cast<double>(executor_->thread_count() - 1) * (private_inputs_ ? topology_.input_size() : 0);
  for (std::size_t l = 2; l < topology_.layers.size(); ++l)
    if (geometry_[l].fused)
      extra += static_cast<double>(geometry_[l].block_first.size() - 1) *
               static_cast<double>(topology_.layers[l - 1].neuron_count);
  const double neurons = static_cast<double>(std::max<std::size_t>(1, topology_.neuron_count));
  figures.bytes_per_neuron_sample = (3.0 + extra / neurons) * sizeof(float);
  (void)batch;
  figures.parameter_bytes = (nc + topology_.neuron_count) * sizeof(float);
  return figures;
}

}  // namespace dendrite
