// graph_kernels.h — the row kernels of the optimized graph modules (graph_o1, graph_o2).
//
// A *row* is one neuron's values (or errors) for a whole mini-batch: [batch], padded with zeros
// to a multiple of kRowLanes floats and 64-byte aligned, so that each connection costs a few
// whole-vector multiply-adds on a contiguous row instead of one scalar per sample. Up to four
// vectors (64 samples) are kept in registers for a whole connection list, so every weight and
// source index is read once per mini-batch block.
//
//   accumulate_rows(out, lanes, count, init, weight_at, row_at):
//     out[j] = init(j) + Σ_k weight_at(k) · row_at(k)[j]  for j < lanes, summed in k order
//   accumulate_dot(acc, a, b, lanes); horizontal_sum(acc): Σ_j a[j]·b[j] in kRowLanes partial sums
//
// Vectors are GCC/Clang vector extensions: AVX-512 with -march=native on this machine, split into
// narrower instructions by the compiler on a portable build.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/network_spec.h"
#include "networks/aligned_buffer.h"

namespace dendrite {

constexpr std::size_t kRowLanes = 16;

typedef float RowVector __attribute__((vector_size(kRowLanes * sizeof(float))));

inline std::size_t padded_lanes(int batch) {
  return (static_cast<std::size_t>(batch) + kRowLanes - 1) / kRowLanes * kRowLanes;
}

// Rows start on a cache line.
using RowBuffer = AlignedFloats;

inline RowVector load_row_vector(const float* p) { return *reinterpret_cast<const RowVector*>(p); }
inline void store_row_vector(float* p, RowVector v) { *reinterpret_cast<RowVector*>(p) = v; }

namespace detail {

template <int kBlocks, typename Init, typename WeightAt, typename RowAt>
inline void accumulate_block(float* out, std::size_t offset, std::size_t count, const Init& init,
                             const WeightAt& weight_at, const RowAt& row_at) {
  RowVector acc[kBlocks];
  for (int j = 0; j < kBlocks; ++j) acc[j] = init(offset + static_cast<std::size_t>(j) * kRowLanes);
  for (std::size_t k = 0; k < count; ++k) {
    const float w = weight_at(k);
    const float* row = row_at(k) + offset;
    for (int j = 0; j < kBlocks; ++j) acc[j] += w * load_row_vector(row + static_cast<std::size_t>(j) * kRowLanes);
  }
  for (int j = 0; j < kBlocks; ++j) store_row_vector(out + offset + static_cast<std::size_t>(j) * kRowLanes, acc[j]);
}

}  // namespace detail

// init(offset) returns the RowVector that starts lanes [offset, offset + kRowLanes).
template <typename Init, typename WeightAt, typename RowAt>
inline void accumulate_rows(float* out, std::size_t lanes, std::size_t count, const Init& init,
                            const WeightAt& weight_at, const RowAt& row_at) {
  std::size_t offset = 0;
  for (; offset + 4 * kRowLanes <= lanes; offset += 4 * kRowLanes)
    detail::accumulate_block<4>(out, offset, count, init, weight_at, row_at);
  switch ((lanes - offset) / kRowLanes) {
    case 3: detail::accumulate_block<3>(out, offset, count, init, weight_at, row_at); break;
    case 2: detail::accumulate_block<2>(out, offset, count, init, weight_at, row_at); break;
    case 1: detail::accumulate_block<1>(out, offset, count, init, weight_at, row_at); break;
    default: break;
  }
}

inline RowVector broadcast(float value) { return RowVector{} + value; }

// Pairwise (tree) sum of the lanes: (j, j+8), then (j, j+4), (j, j+2), (0, 1), in registers.
inline float horizontal_sum(RowVector v) {
  static_assert(kRowLanes == 16, "the tree below halves 16 lanes");
  const auto eight = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
                     __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
  const auto four = __builtin_shufflevector(eight, eight, 0, 1, 2, 3) + __builtin_shufflevector(eight, eight, 4, 5, 6, 7);
  return (four[0] + four[2]) + (four[1] + four[3]);
}

// acc += Σ_j a[j]·b[j] lane-wise (reduce once with horizontal_sum when all rows are in).
inline void accumulate_dot(RowVector& acc, const float* a, const float* b, std::size_t lanes) {
  for (std::size_t j = 0; j < lanes; j += kRowLanes) acc += load_row_vector(a + j) * load_row_vector(b + j);
}

// value = f(signal) over a row (f as in the reference modules).
inline void activate_row(Activation a, const float* signal, float* value, std::size_t lanes, float leakage) {
  for (std::size_t j = 0; j < lanes; j += kRowLanes) {
    const RowVector s = load_row_vector(signal + j);
    RowVector v = s;
    if (a == Activation::kLeakyRelu) {
      v = s > 0.0f ? s : s * leakage;
    } else if (a == Activation::kSigmoid) {
      for (std::size_t i = 0; i < kRowLanes; ++i) v[i] = 1.0f / (1.0f + std::exp(-s[i]));
    }
    store_row_vector(value + j, v);
  }
}

// error *= f'(signal) over a row (value = f(signal), used by the sigmoid).
inline void scale_by_derivative(Activation a, float* error, const float* signal, const float* value,
                                std::size_t lanes, float leakage) {
  if (a == Activation::kLinear) return;
  for (std::size_t j = 0; j < lanes; j += kRowLanes) {
    const RowVector s = load_row_vector(signal + j);
    RowVector d;
    if (a == Activation::kLeakyRelu) {
      d = s > 0.0f ? broadcast(1.0f) : broadcast(leakage);
    } else {
      const RowVector v = load_row_vector(value + j);
      d = v * (1.0f - v);
    }
    store_row_vector(error + j, load_row_vector(error + j) * d);
  }
}

}  // namespace dendrite
