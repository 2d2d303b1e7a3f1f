// layer_net_o6.h — ladder rung 6 (`--impl layer_o6`): dense layers get a fused backward in which
// every thread touches only the weight rows it owns.
//
// Change from layer_net_o5: o5 split a dense layer's weights by target rows for the forward pass
// and the update, but by source columns for the error pull, so in every step each core read the
// half of every row that the other core had just updated (and the update then invalidated the
// other core's copy): W1's backprop scaled 1.68× from 1 to 2 threads. Here a dense layer above
// layer 1 with ≥ 128 rows (kFusedMinRows) runs its backward as one pass per block of target tiles
// (one block per core, each of ≥ 32 rows, kFusedRowsPerBlock):
//
//   for each chunk of 48 sources, for each row r of the block, for b = 0..B−1:
//     G[r][chunk]  += e[t_r][b] · values_t[b][chunk]        gradient (as o4/o5)
//     P[b][chunk]  += e[t_r][b] · W[r][chunk]               the block's share of the source errors
//   then W[r][chunk] is updated from G — one read and one write of each weight per step,
//
// and the source errors are e[s][b] = f'(v[s][b]) · Σ_blocks P_k[b][s], summed by the thread that
// owns row s of the layer below, right before it uses it (no extra barrier when that layer is
// fused too). Blocks are fixed per layer from the machine's core count (not the team's thread
// count; ModuleOptions::planned_cores sets another), and summed in block order, so results stay
// bit-identical with any --threads on one machine. A thread owns whole blocks in every phase
// (forward, output errors, backward), so its weight rows stay in its own L2.
//
// Also: with a dense layer 1 each thread transposes all inputs into its own rows (no barrier
// before layer 1, no lines written that the other core read); layer 1's gradient reads the
// caller's sample-major inputs directly when their count is a multiple of 16 (no copy); the
// output layer's squared errors are summed in double vectors (a scalar chain of dependent adds
// was 4 % of a W1 step); every large array starts on a cache line (aligned_buffer.h); a tile's
// bias sums are folded in shuffles, 8 rows at once, with the same adds (2026-11-27: the bias
// update fell from 3.8 % to 2.4 % of a W2 run's samples; what is left is reading the errors); a
// group whose window rows are short (W2's up layer: 3 rows of 24 values) has its gradient read
// the window packed into one run of 72, 5 vectors per sample instead of 6 (pack_window; the same
// sums in the same order — 2026-11-27, three A/B runs: W2 +1–3 % on one thread, −0.3 to +4 % on
// two); a narrow layer's gradient reads each pixel's errors from a per-thread scratch and the
// layer below from a copy in blocks of 16 neurons, [block][batch][16], instead of rows of the
// whole layer, whose 32 samples lay in 32 pages gone cold by the end of the step; and the output
// errors read an autoencoder's targets (its inputs buffer) from the input rows instead of a
// transposed copy (the same sums — 2026-11-27: W2's update of layer 1 91 → 63 µs, W3's 419 → 230
// µs, W3's output errors 78 → 36 µs; one thread's step W2 −9 %, W3 −6 %, paired medians on a
// disturbed machine; bench/RESULTS.md "Cold rows in the narrow gradient"). A narrow pixel's
// biases are summed from those sample-major errors, channels as lanes, in update_biases's tree
// (narrow_biases), instead of reading the errors again and folding each row in shuffles. When
// that narrow layer is layer 1 (W2, W3) under a wide, unfused layer 2, layer 2's pull writes
// layer 1's errors sample-major itself, a pixel's channels as the lanes (pull_pixel: the same
// terms in the same order), so its update transposes nothing (2026-11-27: W2's update of layer 1
// 52.5 → 40.4 µs, one thread's step −1.7 %; W3 −1.2 %; bench/RESULTS.md "Layer 1's errors
// pulled sample-major"). The error pull of a layer whose source pixels span ≥ 2 tiles (≥ 16
// channels) or that is dense walks a list of the pixel's readers made once for all its tiles
// (ReaderList; a dense layer's once per pass), prefetching the weights of the reader kPullAhead
// entries on — the same terms in the same order (2026-11-27, W3, 1 thread, minimums of 8
// alternating runs on a disturbed machine: pull of layer 5, its 4 MB of weights in L3, 969 →
// 753 µs; of the dense layer 3, 225 → 146 µs; on 2 threads 405 → 357 and 101 → 65; with pixels
// of 16 channels too, W3's pull of layer 6 309 → 294 and W2's of layer 4 89.5 → 86.2; bench/
// RESULTS.md "Reader lists for the error pull"; pull_pixel walks such a list too since
// 2026-11-27: on the Intel VM W3's pull of layer 1's errors 248 → 210 µs on one thread, 125.6 →
// 110.6 on two, W2's 63.8 → 59.8, same models). The sample-major copies walk a
// tall block 16 samples at a time down all its neurons (16 rows written at once, not 32: W3's
// forward of layer 6 402 → 364 µs), and a narrow layer's SGD update is one vector operation per
// 16 weights (GCC had built each from 32 scalar loads: W3's update of layer 1 151.5 → 134.8 µs,
// W2's 38.7 → 32.1). The forward kernel finds each row's weights itself (a narrow tile's from
// its first channel's, one float per channel on) instead of from an array of row bases the
// caller filled — a division by the channel count per narrow row and a vector load of eight
// fresh scalar stores per tile — and the wide gradient prefetches, before its batch loop, the
// weight (and moment) lines its update writes after it (the same arithmetic: Intel VM,
// 2026-11-27, one thread, minimums of 8 alternating rounds: W2's forward of layer 1 37.8 → 28.8
// µs, W3's 92.6 → 76.0 and of layer 2 188 → 167; W3's update of layer 5, its 4.4 MB of weights
// in L3, 526 → 491 µs and of layer 6 236 → 222; bench/RESULTS.md "Per-tile set-up").
//
// Shared tails (2026-11-27): when a thread's share of the parameters and optimizer moments
// outgrows its core's L2 (W3 on 2 threads: 4 MB each against 2 MB; W1 and W2 with Adam's two
// moments), the forward, error pull and update of every unfused layer let a thread done with its
// own tiles take the last ones of another's (core/work_claims.h; ModuleOptions::share_tails).
// Each tile is still computed whole by one thread, so results are unchanged; whoever runs a tile
// streams its rows from L3 anyway, and the waits at barriers go (W3, two threads, Intel VM,
// medians: 255 → 49 µs per step; paired samples/s median 1.069, ahead in 16 of 24 rounds; W1/W2
// with Adam 1.016 / 1.057). Where the rows stay in L2 (W1, W2 with SGD) a taken tile's lines
// moved to the other core and back and cost what the wait saved, so there it stays off
// (bench/RESULTS.md "Sharing a phase's last tiles…"). From 4 threads on, a module whose
// parameters alone outgrow one core's L2 shares as well (tails_worth_sharing): on the 16-core
// device W3 gained at 4–16 threads (paired medians 1.07–1.12 at 8 and 16, ahead in 36 of 42
// rounds), W1 and W2 did not (bench/RESULTS.md "Sharing tails on 16 cores", 2026-11-28).
//
// Blocks that meet a tile (2026-11-28): the layer below a fused window layer sums, per tile, only
// the blocks whose windows reach it (Geometry::block_sources), and a window block zeroes only
// its own sources' partial sums; the skipped terms were +0.0, so results are unchanged. Blocks
// follow the machine's cores, so on 16 cores W2's up layer has 16 blocks of which 2–3 meet any
// tile of layer 2: its reduce there 43–48 → 15–19 µs on one and two threads, 15 → 7 on 16, and
// the fused pass 197 → 147 µs on two (minimums; bench/RESULTS.md "Summing only the blocks that
// meet a tile"). On 2 cores each block covers half the sources: 7.5 → 6.6 µs.
//
// Chunked pulls (2026-11-28): a pixel with more than kPullChunkAbove readers (W3's layer 5: 576,
// whose error rows and weight lines, 72 KB each per tile, outgrow L1) walks its reader list in
// chunks of kPullChunk, all its tiles over a chunk before the next, each tile's sums kept in its
// rows between chunks — the same terms in the same order (W3's pull of layer 5, minimums of 12–16
// alternating rounds: one thread 613 → 564 µs, two 315 → 287; bench/RESULTS.md "A pixel's error
// pull in chunks of its readers").
//
// Column-split updates (2026-11-28): an unfused dense layer above layer 1 over ≥ 4 blocks of 256
// sources (W3's 2048 → 64) updates every row by blocks of source columns, a thread's own first —
// the columns it just pulled errors through — instead of by rows, half of whose lines the other
// core's pull had read (W3's update of layer 3 on two threads 58.0 → 42.5 µs, one thread 61.4 →
// 63.3; the same sums; bench/RESULTS.md "W3's embedding layer updated by columns"). At least one
// block per core (kSplitMinColumns): on 16 cores 8 blocks left half the threads idle there.
//
// Narrow gradients with their offsets in registers (2026-11-28): the narrow gradient's batch loop
// walked up to 28 window offsets, and GCC loaded each offset again before every FMA and kept the
// error vector on the stack (20 loads and a store per 9 FMAs in W2's layer 1); chunks of at most
// kNarrowK = 10 offsets held in registers, and a loop of its own for whole 16-channel vectors,
// make it one load per FMA (the same sums: each weight's gradient is one sum over the batch).
// Intel VM, one thread, minimums of 8–10 alternating rounds: W2's update of layer 1 35.4 → 31.2
// µs, W3's 114.0 → 101.6.
//
// Packed window layers fused too (2026-11-27): a local or up layer whose gradient reads packed
// windows (Geometry::pack_stride, W2's up layer 3), above layer 2 and below the output, with
// ≥ kFusedMinRows targets, runs its backward as the dense layers do — fixed blocks, each thread
// its own: per group, its window packed once ([batch][72] for W2), then per tile the gradient,
// update and the group's partial error sums of the window's sources in one read of the weights
// (fused_tile_chunk, over-reading into the pack's padding instead of copying a tail), the group's
// sums added into the block's P[b][source] (fused_window_block), the layer below summing the
// blocks. Its error pull had read, near the boundary between two threads' sources, the weight
// rows the other thread then updated: on the Intel VM of 2026-11-27 a third of that update (31
// of 103 µs per 2-thread step) was the other core's pull. Per-phase minimums, W2 (`bench
// --phases`, 8 and 5 alternating rounds): two threads, pull + update of layer 3 71.1 + 102.4 µs →
// fused 124.7 + reduce 7.7, the whole step 520 → 438 µs; one thread 127.1 + 128.1 → 235.7 + 9.8
// (step unchanged). Error sums change order (per block, then across blocks), so results differ
// from before in rounding, and stay the same with any thread count on one machine.
//
// Measured (bench/RESULTS.md "layer_o6 against layer_o5", batch 32, `chrt -f 10
// build/bin/dendrite-cli bench --workload W1,W2,W3 --impl layer_o5,layer_o6 --threads 1,2
// --seconds 0.3 --repeat 15`, 2026-11-26 21:32 UTC): samples/s, 1 / 2 threads — W1 49,645 / 89,461
// (o5 47,686 / 84,349: +4 % / +6 %), W2 33,839 / 63,250 (+3 % / +4 %; no dense layer, the aligned
// arrays and the loss sums), W3 5,572 / 13,169 (−9 % / +8 %; equal within the ±10 % this machine
// gives W3 between runs). W1's backprop from 1 to 2 threads: 1.77× (o5 1.68–1.74×); the fused
// output layer's backward alone: 266 µs on one thread, 135 + 153 µs on two (one block slower).
// That slower block was the two threads walking their blocks' source chunks in lockstep over the
// same values_t lines; odd blocks now walk them last to first (same sums, 2026-11-27): 125 + 125
// µs on two threads, W1's 2-thread backprop 0.229–0.233 → 0.218–0.222 ms (A/B medians).
//
// ---- o5's description, still true of the layers that are not fused ----
//
// o5 — a second weight layout for layers that mix few values per window row (narrow sources),
// chosen per layer.
//
// Change from layer_net_o4: o4 computes weight gradients with 16 window offsets per vector, which
// assumes a window row holds ≥ 16 values. A local layer reading 1 or 3 channels through a 3-wide
// window has rows of 3 or 9 values (W2's and W3's first layers), so 13 or 7 of 16 lanes idled,
// and the update rule ran lane by lane on the leftovers. Such *narrow* layers (local, every pixel
// its own window, window rows < 16 values, ≥ 8 channels) now store each pixel's weights
// channel-minor, `[k][channel]`, instead of the canonical `[channel][k]`, and compute the
// gradient with the target channels as the vector lanes:
//
//   g[k][c..c+16] += values[s_k][b] · errors_t[b][c..c+16]   for b = 0..B−1, k in the window,
//
// against a sample-major copy of the pixel's errors (errors_t), then apply the rule to 16
// channels at once. Forward and error kernels read the same layout through a k-stride (the
// channel count) instead of 1. "Use different tiling … based on whether or not values are being
// mixed" (the notes): a layer that mixes many values per window row keeps o4's layout, one that
// mixes few gets this one. Model files and canonical ids are unchanged (export/import permute).
//
// Everything else is o4's (below): GEMM-style register tiles, pull over window groups, runtime
// SIMD dispatch, fixed reduction orders.
//
// Measured (bench/RESULTS.md, run of 2026-11-26 16:58 UTC, batch 32,
// `chrt -f 10 build/bin/dendrite-cli bench --workload W1,W2,W3 --impl all --threads 1,2 --batch-size 32 --seconds 0.3 --repeat 8`):
// samples/s, 1 / 2 threads — W2 32,828 / 60,365 (o4: 1.02× / 1.01×; in a CPU-time A/B of the two
// modules, 4–6 % on W2, where the first layer's gradient fell from 0.15 to 0.08 ms), W3 6,050 /
// 12,602 (1.01× at 1 thread), W1 46,263 / 79,428 (no narrow layer: o4's code, within noise).
//
// ---- o4's description, still true of the wide layers ----
//
// Change from layer_net_o3: the per-connection loops become three register-tiled kernels, each
// a small matrix product whose operands stay in vector registers:
//
//   forward   targets that read the same window (a dense layer's targets, a local pixel's
//             channels, an up layer's f×f block of pixels) are a *group*; R of them at a time
//             keep [R][32] signals in registers while the window's sources stream by:
//             acc[r][:] += w[r][k] · values[s_k][:]       (2·R FMAs per 2 loads + R broadcasts)
//   errors    pulled per tile of R source neurons that every reader sees at the same window
//             offset (one pixel's channels; a dense layer's neighbours), over the readers found by
//             inverting the window geometry (no back-target index):
//             acc[r][:] += w[t][k_r] · error[t][:]
//   gradient  weight gradients are batch sums, so they are computed with the batch as the
//             reduction loop against a sample-major copy of the source values (values_t_):
//             g[r][k..k+48] += error[t_r][b] · values_t[b][s_k..s_k+48]  for b = 0..B−1,
//             then the update rule is applied to 16 weights at a time.
//
// The o1–o3 gradient was a dot product over the batch per connection: a chain of B dependent
// adds that vectorizes only across connections. Here no horizontal sums remain. Kernels use GCC
// vector extensions (16 floats) and are compiled for x86-64-v4 (AVX-512), x86-64-v3 (AVX2) and
// the baseline, picked at run time (target_clones), so the portable build runs them too.
//
// Layout: values_ and errors_ are `[neuron][stride]` with stride = batch rounded up to 16 (the
// padding lanes hold zero errors, so they add nothing to any sum); values_t_ is `[batch][neuron]`
// per layer. The leaky-ReLU derivative is read from the value's sign (leakage ≥ 0), so signals
// are not kept. Each output element is summed by one thread in a fixed order (k ascending for
// signals, target id ascending for errors, b ascending for gradients), so results do not depend
// on the thread count; the work split only decides which thread computes it.
//
// Threads: a training step is one team pass (inputs, forward layers, output errors, backward
// layers) with a barrier after each stage. Backward, layer l: [errors of l−1 (reads W_l)] barrier [update W_l; errors of l−2
// (reads W_{l−1})] barrier … — so the update of a layer never races its readers.
//
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/network_module.h"
#include "core/work_claims.h"
#include "networks/aligned_buffer.h"

namespace dendrite {

class LayerNetO6 final : public NetworkModule {
 public:
  static Result<std::unique_ptr<NetworkModule>> create(const NetworkSpec& spec,
                                                       const ModuleOptions& options,
                                                       Executor& executor);

  const char* module_name() const override { return "layer_o6"; }

  ConnectionEnds connection(std::size_t id) const override;
  std::pair<std::size_t, std::size_t> incoming(std::size_t neuron) const override;
  ParameterSlot parameter(ParameterRef ref) const override;
  void set_parameter(ParameterRef ref, const ParameterSlot& slot) override;
  void export_state(ParameterState& out) const override;
  Status import_state(const ParameterState& state) override;

  void forward(const float* inputs, int batch) override;
  void outputs(float* out) const override;
  void neuron_values(int sample, float* values) const override;
  double train_step(const float* inputs, const float* targets, int batch,
                    const OptimizerConfig& optimizer) override;
  void encode(const float* inputs, int batch, float* embedding) override;
  void decode(const float* embedding, int batch, float* outputs) override;
  void set_executor(Executor& executor) override;
  MemoryFigures memory_figures(int batch) const override;

  // Whether a phase's last tiles are shared between threads by default (ModuleOptions::share_tails
  // −1): parameters of `parameter_bytes` (weights and biases) with `moment_count` optimizer
  // moments each, on `threads` threads of cores with `l2_bytes` of L2 each (≤ 0: unknown, never).
  static bool tails_worth_sharing(double parameter_bytes, int moment_count, int threads, long l2_bytes);

  static constexpr int kTileRows = 8;  // targets (forward, gradient) or sources (errors) per tile
  static constexpr int kNarrowK = 10;  // window offsets per narrow gradient chunk (offsets in registers)
  // Fused layers: at least kFusedMinRows targets (W3's 64-row embedding layer ran 4 % slower
  // fused than pulled on 2 cores, and no faster on 16: 31.6k vs 33.9k samples/s), in blocks of
  // at least kFusedRowsPerBlock rows, one per core. Blocks of ≥ 128 rows (until 2026-11-27)
  // left 10 of 16 cores idle in W1's output layer; 32 rows per block took W1 from 174k to 235k
  // samples/s on 16 cores (bench/RESULTS.md, "Thread scaling to 16 cores, second device run"),
  // the same blocks as before on 2.
  static constexpr int kFusedMinRows = 128;
  static constexpr int kMaxFusedBlocks = 64;  // blocks per fused layer at most (the cores, clamped)
  static constexpr int kFusedRowsPerBlock = 32;
  // Column-split updates (Geometry::column_first): blocks of about kSplitColumns sources, at
  // least kSplitMinBlocks of them, and at least one per core while a block keeps
  // kSplitMinColumns (W3's 2048 sources: 8 blocks on 2 cores, 16 of 128 on 16, where 8 blocks
  // left half the threads idle: slowest thread 35.6 µs, rows 29.8, 16 blocks 23.5).
  static constexpr std::size_t kSplitColumns = 256;
  static constexpr std::size_t kSplitMinBlocks = 4;
  static constexpr std::size_t kSplitMinColumns = 64;
  static constexpr int kMaxNarrowWindow = 1024;  // window offsets of a narrow layer, at most
  static constexpr int kPullAhead = 16;  // readers between a weight line's prefetch and its use
  // A listed pull whose pixels have more than kPullChunkAbove readers (a walk over 32 lanes of
  // their error rows: 32 KB of L1's 48) walks each pixel's tiles together, kPullChunk readers at
  // a time (pull_pixel_chunked; W3's layer 5, 576 readers: chunks of 32, 64 and 128 all 3–12 %
  // below walking each tile over every reader in alternating rounds, 64 the middle).
  static constexpr std::size_t kPullChunkAbove = 256;
  static constexpr std::size_t kPullChunk = 64;

  // A window row: `length` source neurons from `source` (contiguous ids) read through weights
  // [k, k + length) of every target of the group.
  struct Run {
    std::uint32_t source;
    std::uint32_t k;
    std::uint32_t length;
  };
  // Up to kTileRows targets of one group.
  struct TargetTile {
    std::uint32_t run_begin, run_count;  // the group's runs in runs_
    std::uint32_t rows;
    std::uint32_t targets[kTileRows];
  };
  // Targets that read one window: its position and its target tiles.
  struct Group {
    std::int32_t x0, y0, width;           // window origin and width (source pixels)
    std::uint32_t tile_begin, tile_count;  // its tiles in target_tiles
  };
  // Up to kTileRows consecutive source neurons that every reader sees at consecutive offsets,
  // and the rectangle of groups (group_columns × rows of the group grid) that read them.
  struct SourceTile {
    std::uint32_t first, rows;
    std::int32_t x, y, c;          // source pixel and first channel
    std::int32_t gx_begin, gx_end, gy_begin, gy_end;
  };

 private:
  struct Geometry {
    ImageShape source, target;
    std::size_t source_first = 0;
    std::vector<int> x_begin, x_end;  // [target column] source window columns
    std::vector<int> y_begin, y_end;  // [target row] source window rows
    std::vector<Run> runs;                   // all groups' runs
    std::vector<Group> groups;               // [group row][group column]
    int group_columns = 0;
    std::vector<TargetTile> target_tiles;    // in target order
    std::vector<double> target_cost;         // [tile + 1] prefix sums of rows·K
    std::vector<SourceTile> source_tiles;    // in source order
    std::vector<double> source_cost;         // [tile + 1] prefix sums of rows·readers
    std::size_t max_readers = 0;             // readers of one source tile, at most
    // The error pull walks a list of each pixel's readers (ReaderList), made once for the pixel's
    // ≥ 2 tiles (a dense layer's once for all), with each reader's weights prefetched ahead.
    bool listed_pull = false;
    // Narrow layer: every group one pixel whose weights are stored [k][channel]; a weight (t, k)
    // is at first_[pixel's first target] + k·channels + channel (see internal_index).
    bool narrow = false;
    std::size_t k_stride = 1;                // distance between a target's consecutive weights
    bool whole_source = false;               // dense: one group reading every source in one run
    // Packed windows: when a group's window rows are short (W2's up layer: 3 rows of 24 values,
    // 8 lanes of each row's second vector idle), its gradient reads a copy of the window with
    // the rows side by side, [batch][pack_stride], as one run (its weights are contiguous in k
    // already). 0: not packed (fewer than 10 % of the gradient's vectors to save).
    std::size_t pack_stride = 0;
    // Fused: a dense layer above layer 1, or a packed one above layer 2 and below the output, with
    // rows enough (kFusedMinRows, kFusedRowsPerBlock) whose backward is one pass per block of
    // target tiles (gradient, update, partial error sums; fused_block, fused_window_block).
    bool fused = false;
    std::vector<std::size_t> block_first;    // [block + 1] first target tile of each block
    // [block]: the sources (from source_first) whose partial error sums the block can make non-zero
    // — every source for a dense layer, its groups' windows for a window layer — so the layer
    // below sums, per tile, only the blocks whose range meets the tile (reduce_tile).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> block_sources;
    // Column-split update: an unfused dense layer above layer 1 with sources for kSplitMinBlocks
    // blocks of kSplitColumns (W3's 2048 → 64) updates every row by blocks of source columns, a
    // thread's own first, instead of by rows — the columns of the sources whose errors the same
    // thread has just pulled through those weights, and whose values_t copy it made. Empty: by
    // rows. Each weight's gradient is the same sum either way.
    std::vector<std::size_t> column_first;   // [block + 1] first source of each column block (from 0)
  };

  // Row length of a narrow layer's sample-major pixel errors: its channels, whole vectors.
  static std::size_t narrow_errors_stride(const Geometry& g) {
    return (static_cast<std::size_t>(g.target.channels) + 15) / 16 * 16;
  }

  LayerNetO6(NetworkSpec spec, Topology topology, ModuleOptions options, Executor& executor);
  void build_geometry(std::size_t layer);
  // Where connection `id` (canonical) lives in weights_ and the moment arrays.
  std::size_t internal_index(std::size_t id) const;
  // Calls fn(canonical id, internal index) for every connection of target t.
  template <typename Fn>
  void for_each_weight(std::size_t t, Fn&& fn) const;
  std::size_t row_base(std::size_t layer, std::size_t t) const;  // internal index of (t, k = 0)

  void resize_histories(int batch);
  void size_thread_buffers();
  void set_moment_count(int count);
  // This thread's share of the inputs into values_ (and values_t_ when keep_transposed).
  void load_inputs(const float* inputs, bool keep_transposed, int thread, int threads);
  float* input_rows(int thread);  // where `thread` keeps its transposed inputs [input][stride]
  // Forward through layers [first, last], loading `inputs` first when given; `training` also
  // fills values_t_ for the gradients.
  void forward_layers(std::size_t first_layer, std::size_t last_layer, bool training,
                      const float* inputs = nullptr);
  void forward_layer(std::size_t layer, int thread, int threads, bool training);
  // `inputs`: the step's; when `targets` is the same buffer (an autoencoder), the output-major
  // targets are the input rows load_inputs already made.
  void output_errors(const float* targets, const float* inputs, int thread, int threads);
  void pull_errors(std::size_t layer, int thread, int threads);   // errors of layer − 1
  // `inputs`: train_step's, which layer 1's gradient reads directly when inputs_are_rows_.
  // `errors_complete`: every thread's errors of `layer` are there (a barrier since they were
  // made); otherwise this thread updates exactly the tiles it owns, whose errors it made.
  void update_layer(std::size_t layer, const UpdateRule& rule, const float* inputs, bool errors_complete,
                    int thread, int threads);
  // Fused dense layers: this thread's blocks — gradients, updates and the partial error sums of
  // the layer below (partials_ of `layer`).
  void fused_backward(std::size_t layer, const UpdateRule& rule, int thread, int threads);
  // Errors of this thread's tiles of `layer` from the partial sums left by the fused layer above.
  void reduce_errors(std::size_t layer, int thread, int threads);
  // The target tiles of `layer` that `thread` owns in every phase (forward, backward): whole
  // blocks in fused layers, an equal share of the cost elsewhere.
  std::pair<std::size_t, std::size_t> owned_tiles(std::size_t layer, int thread, int threads) const;
  // The tiles [begin, end) of `cost` (prefix sums) that `thread` of `threads` takes.
  static std::pair<std::size_t, std::size_t> share(const std::vector<double>& cost, int thread, int threads);

  // Phases of train_step for ModuleOptions::phase_profile, per layer, numbered in step order.
  enum Phase { kLoad, kLoadWait, kForward, kForwardWait, kOutput, kOutputWait, kReduce, kReduceWait,
               kFused, kFusedWait, kPull, kPullWait, kUpdate, kPhaseCount };
  void name_phases();
  // The time since this thread's last mark was spent in `phase` of `layer` (when profiling).
  void mark(int thread, std::size_t layer, Phase phase) const;
  std::vector<std::array<int, kPhaseCount>> phase_ids_;  // [layer][phase]
  // The forward, pull and update of a layer: each thread starts on the tiles it owns (owned_tiles,
  // or the pull's share of sources) and then takes what the others have not reached
  // (core/work_claims.h) — the same arithmetic per tile whoever runs it.
  static std::uint32_t claim_phase(std::size_t layer, Phase phase) {
    return static_cast<std::uint32_t>(layer * kPhaseCount + phase);
  }
  WorkClaims claims_;
  // Whether claims_ shares tails in a step with `moment_count` optimizer moments (ModuleOptions::share_tails).
  bool share_tails(int moment_count) const;

  std::vector<Geometry> geometry_;     // [layer]; entry 0 unused
  AlignedFloats weights_;         // [connection], canonical order
  AlignedFloats weight_moment1_;  // [connection] only while the optimizer needs it
  AlignedFloats weight_moment2_;  // [connection] Adam only
  std::vector<std::size_t> first_;     // [neuron + 1] first incoming connection id
  AlignedFloats biases_;          // [neuron]
  AlignedFloats bias_moment1_;    // [neuron] only while needed
  AlignedFloats bias_moment2_;    // [neuron] Adam only
  AlignedFloats values_;          // [neuron][stride]
  AlignedFloats errors_;          // [neuron][stride]
  // Per layer, the sample-major copy of its values that the layer above's gradient reads:
  // [batch][vt stride ≥ layer neurons] + slack, or — below a narrow layer — in blocks of 16
  // neurons, [block][batch][16] (vt stride 16: the step from one sample to the next).
  AlignedFloats values_t_;
  std::vector<std::size_t> values_t_first_;   // [layer] offset of the layer's block in values_t_
  std::vector<std::size_t> values_t_stride_;  // [layer] floats from one sample's row to the next
  std::vector<std::uint8_t> layer_of_;       // [neuron] its layer index
  // Fused layers: per block, the sources' partial error sums [block][batch][values_t stride of
  // the source layer]; partials_first_[layer] is the layer's offset, partials_block_ one block's size.
  AlignedFloats partials_;
  std::vector<std::size_t> partials_first_;
  std::vector<std::size_t> partials_block_;
  // Layer 1's gradient reads the caller's inputs ([batch][inputs], sample-major already) instead
  // of a copy when the input count is a multiple of 16 (its vector loads then stay inside each
  // row): with two threads the copy cost W1 as much as the transpose, both writing lines the
  // other core had read.
  bool inputs_are_rows_ = false;
  // A dense layer 1 (every thread reads every input): each thread transposes all inputs into its
  // own rows, threads 1…n−1 into thread_inputs_. A local layer 1 reads a strip of them: a share
  // each in values_, then a barrier (fewer lines cross cores than a full copy each costs).
  bool private_inputs_ = false;
  AlignedFloats thread_inputs_;  // [thread − 1][input][stride]
  // Layer 1 narrow, its channels whole vectors, its errors pulled from a wide layer 2 that is not
  // fused: the pull writes each pixel's errors sample-major, [stride][channels], in the pixel's
  // block of errors_ (pull_pixel) — the layout layer 1's gradient reads; nothing reads its rows.
  bool sample_major_errors_ = false;
  // Per thread: a group's packed window ([batch][pack_stride]; in a fused layer also the group's
  // partial error sums, a second such block) or, in a narrow layer, one pixel's
  // errors sample-major ([stride][its channels rounded up to 16], padding samples zero, which
  // narrow_biases reads) — a few KB that stay in L1, rewritten for every group or pixel.
  AlignedFloats scratch_;
  std::size_t scratch_block_ = 0;  // one thread's share of scratch_
  // Per thread: the readers of the source pixel a wide layer's pull is at (ReaderList) — weight
  // offsets and error rows, kPullAhead entries of padding; reader_block_ entries each (sized in the
  // constructor: the geometry and the team's size fix it).
  std::vector<std::size_t> reader_weights_;
  std::vector<std::uint32_t> reader_rows_;
  std::size_t reader_block_ = 0;
  int fused_blocks_ = 2;               // blocks per fused layer (the machine's cores, not the team's)
  AlignedFloats targets_t_;       // [output neuron][stride] the step's targets, output-major
  std::vector<double> squared_;        // [output neuron] squared errors of the last step
  int batch_ = 0;
  std::size_t stride_ = 0;             // batch rounded up to 16 lanes
  int moment_count_ = 0;
};

}  // namespace dendrite
