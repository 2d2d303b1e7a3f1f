// layer_net_o4.cpp — register-tiled GEMM-style micro-kernels; see layer_net_o4.h.
//
// Speedup measured: see the header of layer_net_o4.h and bench/RESULTS.md.
#include "networks/layer_net_o4.h"

#include <algorithm>
#include <cmath>

#include "core/layer_geometry.h"

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

using Run = LayerNetO4::Run;
using TargetTile = LayerNetO4::TargetTile;
using SourceTile = LayerNetO4::SourceTile;

// 16 floats; v16u is the unaligned, aliasing view used for loads and stores.
typedef float v16 __attribute__((vector_size(64)));
typedef float v16u __attribute__((vector_size(64), aligned(4), may_alias));
typedef std::int32_t v16i __attribute__((vector_size(64)));

DENDRITE_INLINE v16 load16(const float* p) { return *reinterpret_cast<const v16u*>(p); }
DENDRITE_INLINE void store16(float* p, v16 v) { *reinterpret_cast<v16u*>(p) = v; }

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

// ---- forward: R targets of one group × 16·NV lanes ----
template <int R, int NV>
DENDRITE_INLINE void forward_rows(const float* const* w, const float* bias, float* const* out, const Run* runs,
                                  std::uint32_t run_count, const float* values, std::size_t stride,
                                  std::size_t lane, Activation activation, float leakage) {
  v16 acc[R][NV];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = v16{} + bias[r];
  for (std::uint32_t i = 0; i < run_count; ++i) {
    const Run run = runs[i];
    const float* x = values + static_cast<std::size_t>(run.source) * stride + lane;  // [run][stride]
    const float* wr[R];
    for (int r = 0; r < R; ++r) wr[r] = w[r] + run.k;
    for (std::uint32_t j = 0; j < run.length; ++j, x += stride) {
      v16 xv[NV];
      for (int v = 0; v < NV; ++v) xv[v] = load16(x + 16 * v);
      for (int r = 0; r < R; ++r) {
        const float weight = wr[r][j];
        for (int v = 0; v < NV; ++v) acc[r][v] += weight * xv[v];
      }
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) store16(out[r] + lane + 16 * v, activate16(activation, leakage, acc[r][v]));
}

template <int R>
DENDRITE_INLINE void forward_rows_all_lanes(const float* const* w, const float* bias, float* const* out,
                                            const Run* runs, std::uint32_t run_count, const float* values,
                                            std::size_t stride, Activation activation, float leakage) {
  std::size_t lane = 0;
  for (; lane + 32 <= stride; lane += 32)
    forward_rows<R, 2>(w, bias, out, runs, run_count, values, stride, lane, activation, leakage);
  if (lane < stride) forward_rows<R, 1>(w, bias, out, runs, run_count, values, stride, lane, activation, leakage);
}

// One target tile, all lanes: signals, activation, values.
DENDRITE_KERNEL void forward_tile(const TargetTile& tile, const Run* runs, const float* weights,
                                  const std::size_t* first, const float* biases, float* values,
                                  std::size_t stride, Activation activation, float leakage) {
  const float* w[LayerNetO4::kTileRows];
  float* out[LayerNetO4::kTileRows];
  float bias[LayerNetO4::kTileRows];
  for (std::uint32_t r = 0; r < tile.rows; ++r) {
    w[r] = weights + first[tile.targets[r]];
    out[r] = values + static_cast<std::size_t>(tile.targets[r]) * stride;
    bias[r] = biases[tile.targets[r]];
  }
  const Run* group_runs = runs + tile.run_begin;
  std::uint32_t r = 0;
  for (; r + 8 <= tile.rows; r += 8)
    forward_rows_all_lanes<8>(w + r, bias + r, out + r, group_runs, tile.run_count, values, stride, activation, leakage);
  if (r + 4 <= tile.rows) {
    forward_rows_all_lanes<4>(w + r, bias + r, out + r, group_runs, tile.run_count, values, stride, activation, leakage);
    r += 4;
  }
  if (r + 2 <= tile.rows) {
    forward_rows_all_lanes<2>(w + r, bias + r, out + r, group_runs, tile.run_count, values, stride, activation, leakage);
    r += 2;
  }
  if (r < tile.rows)
    forward_rows_all_lanes<1>(w + r, bias + r, out + r, group_runs, tile.run_count, values, stride, activation, leakage);
}

// ---- errors: R consecutive source neurons × 16·NV lanes, pulled from their readers ----
struct PullGeometry {
  const int* x_begin;
  const int* x_end;
  const int* y_begin;
  const int* y_end;
  int target_width, target_channels, source_channels;
  std::size_t target_first;
};

template <int R, int NV>
DENDRITE_INLINE void pull_rows(const SourceTile& tile, int c_offset, const PullGeometry& g, const float* weights,
                               const std::size_t* first, const float* errors, float* source_errors,
                               const float* source_values, std::size_t stride, std::size_t lane,
                               Activation activation, float leakage) {
  v16 acc[R][NV];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = v16{};
  const auto target_channels = static_cast<std::size_t>(g.target_channels);
  for (int ty = tile.ty_begin; ty < tile.ty_end; ++ty) {
    for (int tx = tile.tx_begin; tx < tile.tx_end; ++tx) {
      // Offset of the tile's first source inside this target pixel's window.
      const int width = g.x_end[tx] - g.x_begin[tx];
      const std::size_t kb = static_cast<std::size_t>(((tile.y - g.y_begin[ty]) * width + (tile.x - g.x_begin[tx])) *
                                                          g.source_channels + tile.c + c_offset);
      const std::size_t t0 = g.target_first + (static_cast<std::size_t>(ty) * static_cast<std::size_t>(g.target_width) +
                                               static_cast<std::size_t>(tx)) * target_channels;
      const std::size_t k_per_target = first[t0 + 1] - first[t0];
      const float* w = weights + first[t0] + kb;
      const float* e = errors + t0 * stride + lane;
      for (std::size_t ct = 0; ct < target_channels; ++ct, w += k_per_target, e += stride) {
        v16 ev[NV];
        for (int v = 0; v < NV; ++v) ev[v] = load16(e + 16 * v);
        for (int r = 0; r < R; ++r) {
          const float weight = w[r];
          for (int v = 0; v < NV; ++v) acc[r][v] += weight * ev[v];
        }
      }
    }
  }
  for (int r = 0; r < R; ++r) {
    const std::size_t s = (tile.first + static_cast<std::size_t>(c_offset + r)) * stride + lane;
    for (int v = 0; v < NV; ++v)
      store16(source_errors + s + 16 * v,
              derivative_times16(activation, leakage, load16(source_values + s + 16 * v), acc[r][v]));
  }
}

// `errors` holds both layers: target rows are read, source rows written.
template <int R>
DENDRITE_INLINE void pull_rows_all_lanes(const SourceTile& tile, int c_offset, const PullGeometry& g,
                                         const float* weights, const std::size_t* first, float* errors,
                                         const float* values, std::size_t stride, Activation activation,
                                         float leakage) {
  std::size_t lane = 0;
  float* source_errors = errors;
  for (; lane + 32 <= stride; lane += 32)
    pull_rows<R, 2>(tile, c_offset, g, weights, first, errors, source_errors, values, stride, lane, activation, leakage);
  if (lane < stride)
    pull_rows<R, 1>(tile, c_offset, g, weights, first, errors, source_errors, values, stride, lane, activation, leakage);
}

DENDRITE_KERNEL void pull_tile(const SourceTile& tile, const PullGeometry& g, const float* weights,
                               const std::size_t* first, float* errors, const float* values,
                               std::size_t stride, Activation activation, float leakage) {
  int r = 0;
  const int rows = static_cast<int>(tile.rows);
  for (; r + 8 <= rows; r += 8) pull_rows_all_lanes<8>(tile, r, g, weights, first, errors, values, stride, activation, leakage);
  if (r + 4 <= rows) {
    pull_rows_all_lanes<4>(tile, r, g, weights, first, errors, values, stride, activation, leakage);
    r += 4;
  }
  if (r + 2 <= rows) {
    pull_rows_all_lanes<2>(tile, r, g, weights, first, errors, values, stride, activation, leakage);
    r += 2;
  }
  if (r < rows) pull_rows_all_lanes<1>(tile, r, g, weights, first, errors, values, stride, activation, leakage);
}

// ---- gradients and updates: R targets × a run chunk of up to 16·NV sources ----
// Mode: 0 plain SGD, 1 SGD with momentum, 2 Adam — the rule's arithmetic, one lane at a time, in
// a loop the compiler vectorizes.
template <int Mode>
DENDRITE_INLINE void update_lanes(const UpdateRule& rule, float* w, const float* g, float* m1, float* m2, int count) {
  for (int i = 0; i < count; ++i) {
    if constexpr (Mode == 0) rule.apply(w[i], g[i], nullptr, nullptr);
    if constexpr (Mode == 1) rule.apply(w[i], g[i], m1 + i, nullptr);
    if constexpr (Mode == 2) rule.apply(w[i], g[i], m1 + i, m2 + i);
  }
}

template <int Mode, int R, int NV>
DENDRITE_INLINE void gradient_rows(const UpdateRule& rule, const std::size_t* row_first, const float* const* error_rows,
                                   float* weights, float* moment1, float* moment2, const float* vt,
                                   std::size_t vt_stride, int batch, std::size_t k, int valid) {
  v16 acc[R][NV];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = v16{};
  for (int b = 0; b < batch; ++b, vt += vt_stride) {
    v16 xv[NV];
    for (int v = 0; v < NV; ++v) xv[v] = load16(vt + 16 * v);
    for (int r = 0; r < R; ++r) {
      const float e = error_rows[r][b];
      for (int v = 0; v < NV; ++v) acc[r][v] += e * xv[v];
    }
  }
  alignas(64) float g[16 * NV];
  for (int r = 0; r < R; ++r) {
    for (int v = 0; v < NV; ++v) store16(g + 16 * v, acc[r][v]);
    const std::size_t c = row_first[r] + k;
    if (valid == 16 * NV) {
      update_lanes<Mode>(rule, weights + c, g, Mode >= 1 ? moment1 + c : nullptr, Mode >= 2 ? moment2 + c : nullptr, 16 * NV);
    } else {
      update_lanes<Mode>(rule, weights + c, g, Mode >= 1 ? moment1 + c : nullptr, Mode >= 2 ? moment2 + c : nullptr, valid);
    }
  }
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
  std::size_t row_first[LayerNetO4::kTileRows];
  const float* error_rows[LayerNetO4::kTileRows];
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

}  // namespace

Result<std::unique_ptr<NetworkModule>> LayerNetO4::create(const NetworkSpec& spec,
                                                          const ModuleOptions& options,
                                                          Executor& executor) {
  if (spec.family != NetworkFamily::kLayer)
    return Error{"the 'layer_o4' module runs layer networks only"};
  if (!(options.leakage >= 0.0f))
    return Error{str_cat("the 'layer_o4' module needs leakage >= 0 (got ", options.leakage,
                         "): it reads the leaky-ReLU derivative from the sign of the value")};
  Topology topology = layer_network_topology(spec);
  return std::unique_ptr<NetworkModule>(new LayerNetO4(spec, std::move(topology), options, executor));
}

LayerNetO4::LayerNetO4(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor)
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
  for (std::size_t l = 1; l < topology_.layers.size(); ++l) build_geometry(l);
  weights_.assign(connection, 0.0f);
  biases_.assign(topology_.neuron_count, 0.0f);
}

void LayerNetO4::build_geometry(std::size_t l) {
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
  for (const auto& [py0, py1] : y_groups) {
    for (const auto& [px0, px1] : x_groups) {
      const int x0 = g.x_begin[static_cast<std::size_t>(px0)], x1 = g.x_end[static_cast<std::size_t>(px0)];
      const int y0 = g.y_begin[static_cast<std::size_t>(py0)], y1 = g.y_end[static_cast<std::size_t>(py0)];
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
    }
  }
  // Source tiles: one pixel's channels (its readers see them at consecutive window offsets); a
  // dense layer's readers see every source, so its tiles run across pixels.
  const bool dense = spec_.layers[l].kind == LayerKind::kDense;
  auto reader_range = [](const std::vector<int>& begin, const std::vector<int>& end, int s) {
    int lo = static_cast<int>(begin.size()), hi = 0;
    for (int t = 0; t < static_cast<int>(begin.size()); ++t)
      if (begin[static_cast<std::size_t>(t)] <= s && s < end[static_cast<std::size_t>(t)]) {
        lo = std::min(lo, t);
        hi = t + 1;
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
      const auto [tx0, tx1] = reader_range(g.x_begin, g.x_end, x);
      const auto [ty0, ty1] = reader_range(g.y_begin, g.y_end, y);
      SourceTile tile{};
      tile.first = static_cast<std::uint32_t>(g.source_first + s);
      tile.rows = static_cast<std::uint32_t>(std::min<std::size_t>(kTileRows, tile_span - off));
      tile.x = x;
      tile.y = y;
      tile.c = c;
      tile.tx_begin = tx0;
      tile.tx_end = tx1;
      tile.ty_begin = ty0;
      tile.ty_end = ty1;
      g.source_tiles.push_back(tile);
      g.source_cost.push_back(g.source_cost.back() +
                              static_cast<double>(tile.rows) * (tx1 - tx0) * (ty1 - ty0) * tc + 1.0);
    }
  }
}

std::pair<std::size_t, std::size_t> LayerNetO4::share(const std::vector<double>& cost, int thread, int threads) {
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

ConnectionEnds LayerNetO4::connection(std::size_t id) const {
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

std::pair<std::size_t, std::size_t> LayerNetO4::incoming(std::size_t neuron) const {
  return {first_[neuron], first_[neuron + 1] - first_[neuron]};
}

ParameterSlot LayerNetO4::parameter(ParameterRef ref) const {
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  const std::vector<float>& value = bias ? biases_ : weights_;
  const std::vector<float>& m1 = bias ? bias_moment1_ : weight_moment1_;
  const std::vector<float>& m2 = bias ? bias_moment2_ : weight_moment2_;
  return {value[ref.index], m1.empty() ? 0.0f : m1[ref.index], m2.empty() ? 0.0f : m2[ref.index]};
}

void LayerNetO4::set_parameter(ParameterRef ref, const ParameterSlot& slot) {
  const bool bias = ref.kind == ParameterRef::Kind::kBias;
  (bias ? biases_ : weights_)[ref.index] = slot.value;
  std::vector<float>& m1 = bias ? bias_moment1_ : weight_moment1_;
  std::vector<float>& m2 = bias ? bias_moment2_ : weight_moment2_;
  if (!m1.empty()) m1[ref.index] = slot.moment1;
  if (!m2.empty()) m2[ref.index] = slot.moment2;
}

void LayerNetO4::export_state(ParameterState& out) const {
  out.moment_count = moment_count_;
  out.weights = weights_;
  out.biases = biases_;
  out.weight_moment1 = weight_moment1_;
  out.weight_moment2 = weight_moment2_;
  out.bias_moment1 = bias_moment1_;
  out.bias_moment2 = bias_moment2_;
  const std::size_t n_in = topology_.input_size();
  std::fill_n(out.biases.begin(), n_in, 0.0f);
  if (!out.bias_moment1.empty()) std::fill_n(out.bias_moment1.begin(), n_in, 0.0f);
  if (!out.bias_moment2.empty()) std::fill_n(out.bias_moment2.begin(), n_in, 0.0f);
}

Status LayerNetO4::import_state(const ParameterState& state) {
  const std::size_t nc = topology_.connection_count, nn = topology_.neuron_count;
  if (state.weights.size() != nc || state.biases.size() != nn)
    return Error{str_cat("parameter arrays of ", state.weights.size(), " weights and ",
                         state.biases.size(), " biases do not fit a network of ", nc,
                         " connections and ", nn, " neurons")};
  const int mc = state.moment_count;
  if (mc < 0 || mc > 2 || (mc >= 1 && (state.weight_moment1.size() != nc || state.bias_moment1.size() != nn)) ||
      (mc >= 2 && (state.weight_moment2.size() != nc || state.bias_moment2.size() != nn)))
    return Error{"optimizer state arrays do not fit the network"};
  weights_ = state.weights;
  biases_ = state.biases;
  moment_count_ = mc;
  weight_moment1_ = mc >= 1 ? state.weight_moment1 : std::vector<float>{};
  bias_moment1_ = mc >= 1 ? state.bias_moment1 : std::vector<float>{};
  weight_moment2_ = mc >= 2 ? state.weight_moment2 : std::vector<float>{};
  bias_moment2_ = mc >= 2 ? state.bias_moment2 : std::vector<float>{};
  return Status::ok();
}

void LayerNetO4::resize_histories(int batch) {
  if (batch == batch_) return;
  batch_ = batch;
  stride_ = (static_cast<std::size_t>(batch) + 15) / 16 * 16;
  values_.assign(topology_.neuron_count * stride_, 0.0f);
  errors_.assign(topology_.neuron_count * stride_, 0.0f);
  values_t_first_.assign(topology_.layers.size(), 0);
  std::size_t size = 0;
  for (std::size_t l = 0; l + 1 < topology_.layers.size(); ++l) {  // the output layer is no source
    values_t_first_[l] = size;
    size += topology_.layers[l].neuron_count * static_cast<std::size_t>(batch) + 16;  // 16: over-read slack
  }
  values_t_.assign(size, 0.0f);
}

void LayerNetO4::set_moment_count(int count) {
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

void LayerNetO4::load_inputs(const float* inputs, bool keep_transposed) {
  const std::size_t n_in = topology_.input_size();
  const auto batch = static_cast<std::size_t>(batch_);
  for (std::size_t i = 0; i < n_in; ++i) {
    float* row = &values_[i * stride_];
    for (std::size_t b = 0; b < batch; ++b) row[b] = inputs[b * n_in + i];
    std::fill(row + batch, row + stride_, 0.0f);
  }
  if (keep_transposed) std::copy_n(inputs, n_in * batch, values_t_.begin());
}

void LayerNetO4::forward_layer(std::size_t l, int thread, int threads, bool training) {
  const Geometry& g = geometry_[l];
  const LayerInfo& layer = topology_.layers[l];
  const auto [begin, end] = share(g.target_cost, thread, threads);
  const auto batch = static_cast<std::size_t>(batch_);
  const bool transpose = training && l + 1 < topology_.layers.size();
  float* vt = transpose ? &values_t_[values_t_first_[l]] : nullptr;  // [batch][layer neurons]
  for (std::size_t i = begin; i < end; ++i) {
    const TargetTile& tile = g.target_tiles[i];
    forward_tile(tile, g.runs.data(), weights_.data(), first_.data(), biases_.data(), values_.data(), stride_,
                 layer.activation, options_.leakage);
    if (transpose) {
      for (std::uint32_t r = 0; r < tile.rows; ++r) {
        const std::size_t t = tile.targets[r];
        const float* row = &values_[t * stride_];
        for (std::size_t b = 0; b < batch; ++b) vt[b * layer.neuron_count + (t - layer.first_neuron)] = row[b];
      }
    }
  }
}

void LayerNetO4::forward_layers(std::size_t first_layer, std::size_t last_layer, bool training) {
  const int threads = executor_->thread_count();
  executor_->run_on_team([&](int thread) {
    for (std::size_t l = first_layer; l <= last_layer; ++l) {
      forward_layer(l, thread, threads, training);
      executor_->barrier();
    }
  });
}

void LayerNetO4::forward(const float* inputs, int batch) {
  resize_histories(batch);
  load_inputs(inputs, false);
  forward_layers(1, topology_.layers.size() - 1, false);
}

void LayerNetO4::outputs(float* out) const {
  const LayerInfo& layer = topology_.layers.back();
  const auto batch = static_cast<std::size_t>(batch_);
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (std::size_t b = 0; b < batch; ++b)
      out[b * layer.neuron_count + i] = values_[(layer.first_neuron + i) * stride_ + b];
}

void LayerNetO4::neuron_values(int sample, float* values) const {
  for (std::size_t n = 0; n < topology_.neuron_count; ++n)
    values[n] = sample >= 0 && sample < batch_ ? values_[n * stride_ + static_cast<std::size_t>(sample)] : 0.0f;
}

void LayerNetO4::output_errors(const float* targets, int thread, int threads) {
  const LayerInfo& out_layer = topology_.layers.back();
  const std::size_t n_out = out_layer.neuron_count;
  const auto batch = static_cast<std::size_t>(batch_);
  const float scale = 2.0f / static_cast<float>(batch * n_out);
  const auto [begin, end] = Executor::chunk(0, n_out, thread, threads);
  for (std::size_t i = begin; i < end; ++i) {
    const std::size_t n = out_layer.first_neuron + i;
    const float* value = &values_[n * stride_];
    float* error = &errors_[n * stride_];
    double sum = 0.0;
    for (std::size_t b = 0; b < batch; ++b) {
      const float v = value[b];
      const float diff = v - targets[b * n_out + i];
      sum += static_cast<double>(diff) * diff;
      float d = 1.0f;
      if (out_layer.activation == Activation::kLeakyRelu) d = v > 0.0f ? 1.0f : options_.leakage;
      if (out_layer.activation == Activation::kSigmoid) d = v * (1.0f - v);
      error[b] = diff * d * scale;
    }
    std::fill(error + batch, error + stride_, 0.0f);  // padding lanes add nothing downstream
    squared_[i] = sum;
  }
}

void LayerNetO4::pull_errors(std::size_t l, int thread, int threads) {
  const Geometry& g = geometry_[l];
  const LayerInfo& layer = topology_.layers[l];
  const PullGeometry pg{g.x_begin.data(), g.x_end.data(), g.y_begin.data(), g.y_end.data(),
                        g.target.width, g.target.channels, g.source.channels, layer.first_neuron};
  const Activation activation = topology_.layers[l - 1].activation;
  const auto [begin, end] = share(g.source_cost, thread, threads);
  for (std::size_t i = begin; i < end; ++i)
    pull_tile(g.source_tiles[i], pg, weights_.data(), first_.data(), errors_.data(), values_.data(), stride_,
              activation, options_.leakage);
}

void LayerNetO4::update_layer(std::size_t l, const UpdateRule& rule, int thread, int threads) {
  const Geometry& g = geometry_[l];
  const LayerInfo& below = topology_.layers[l - 1];
  const int mode = moment_count_;
  const auto [begin, end] = share(g.target_cost, thread, threads);
  const float* vt = &values_t_[values_t_first_[l - 1]];  // [batch][source neurons]
  for (std::size_t i = begin; i < end; ++i) {
    const TargetTile& tile = g.target_tiles[i];
    gradient_tile(rule, mode, tile, g.runs.data(), weights_.data(), weight_moment1_.data(), weight_moment2_.data(),
                  first_.data(), errors_.data(), stride_, vt, g.source_first, below.neuron_count, batch_);
    for (std::uint32_t r = 0; r < tile.rows; ++r) {
      const std::size_t t = tile.targets[r];
      const float* error = &errors_[t * stride_];
      float bias_gradient = 0.0f;
      for (int b = 0; b < batch_; ++b) bias_gradient += error[b];
      rule.apply(biases_[t], bias_gradient, mode >= 1 ? &bias_moment1_[t] : nullptr,
                 mode >= 2 ? &bias_moment2_[t] : nullptr);
    }
  }
}

double LayerNetO4::train_step(const float* inputs, const float* targets, int batch,
                              const OptimizerConfig& optimizer) {
  resize_histories(batch);
  set_moment_count(optimizer.moment_count());
  const UpdateRule rule(optimizer);
  load_inputs(inputs, true);
  squared_.assign(topology_.output_size(), 0.0);
  const std::size_t last = topology_.layers.size() - 1;
  const int threads = executor_->thread_count();
  executor_->run_on_team([&](int thread) {
    for (std::size_t l = 1; l <= last; ++l) {
      forward_layer(l, thread, threads, true);
      executor_->barrier();
    }
    output_errors(targets, thread, threads);
    executor_->barrier();
    for (std::size_t l = last; l >= 1; --l) {
      if (l >= 2) pull_errors(l, thread, threads);  // reads W_l before anyone updates it
      executor_->barrier();
      update_layer(l, rule, thread, threads);
    }
  });
  double loss = 0.0;
  for (double s : squared_) loss += s;
  return loss / static_cast<double>(static_cast<std::size_t>(batch) * topology_.output_size());
}

void LayerNetO4::encode(const float* inputs, int batch, float* embedding) {
  resize_histories(batch);
  load_inputs(inputs, false);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  forward_layers(1, e, false);
  const LayerInfo& layer = topology_.layers[e];
  const auto b_count = static_cast<std::size_t>(batch);
  for (std::size_t i = 0; i < layer.neuron_count; ++i)
    for (std::size_t b = 0; b < b_count; ++b)
      embedding[b * layer.neuron_count + i] = values_[(layer.first_neuron + i) * stride_ + b];
}

void LayerNetO4::decode(const float* embedding, int batch, float* out) {
  resize_histories(batch);
  const auto e = static_cast<std::size_t>(topology_.embedding_layer);
  const LayerInfo& layer = topology_.layers[e];
  const auto b_count = static_cast<std::size_t>(batch);
  for (std::size_t i = 0; i < layer.neuron_count; ++i) {
    float* row = &values_[(layer.first_neuron + i) * stride_];
    for (std::size_t b = 0; b < b_count; ++b) row[b] = embedding[b * layer.neuron_count + i];
    std::fill(row + b_count, row + stride_, 0.0f);
  }
  if (e + 1 < topology_.layers.size()) forward_layers(e + 1, topology_.layers.size() - 1, false);
  outputs(out);
}

MemoryFigures LayerNetO4::memory_figures(int batch) const {
  MemoryFigures figures;
  const std::size_t nc = topology_.connection_count;
  // Per connection: the weight and the optimizer's moments.
  const double bytes = static_cast<double>(nc) * sizeof(float) +
                       static_cast<double>(weight_moment1_.size() + weight_moment2_.size()) * sizeof(float);
  figures.bytes_per_connection = bytes / static_cast<double>(std::max<std::size_t>(1, nc));
  // Values and errors [neuron][stride], the sample-major copy of the values.
  figures.bytes_per_neuron_sample = 3.0 * sizeof(float);
  (void)batch;
  figures.parameter_bytes = (nc + topology_.neuron_count) * sizeof(float);
  return figures;
}

}  // namespace dendrite
