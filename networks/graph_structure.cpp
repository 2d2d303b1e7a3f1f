#include "networks/graph_structure.h"

#include <algorithm>

#include "core/layer_geometry.h"
#include "core/random.h"

namespace dendrite {
namespace {

// Draws `count` distinct sources for one target neuron of a random read (see network_spec.h):
// each draw is long-range with probability p, else inside the near box; when one kind runs out
// the other is used. Rejection sampling, with an ordered enumeration of the free candidates after
// 64 misses so that nearly full sets still finish quickly.
class RandomReader {
 public:
  RandomReader(const ImageShape& source, const SourceSpec& read) : source_(source), read_(read) {
    taken_.assign(source.size(), 0);
  }

  void draw(int cx, int cy, Rng& rng, std::vector<std::uint32_t>& picks) {
    bx0_ = std::max(0, cx - read_.radius);
    bx1_ = std::min(source_.width, cx + read_.radius + 1);
    by0_ = std::max(0, cy - read_.radius);
    by1_ = std::min(source_.height, cy + read_.radius + 1);
    const std::size_t total = source_.size();
    const std::size_t near = static_cast<std::size_t>(bx1_ - bx0_) * static_cast<std::size_t>(by1_ - by0_) *
                             static_cast<std::size_t>(source_.channels);
    const std::size_t far = total - near;
    std::size_t near_taken = 0, far_taken = 0;
    picks.clear();
    for (int k = 0; k < read_.count; ++k) {
      bool long_range = rng.uniform01() < read_.long_range;
      if (near_taken == near) long_range = true;
      if (far_taken == far) long_range = false;
      const std::size_t pick = long_range ? pick_far(rng, far - far_taken) : pick_near(rng, near - near_taken);
      (long_range ? far_taken : near_taken) += 1;
      taken_[pick] = 1;
      picks.push_back(static_cast<std::uint32_t>(pick));
    }
    for (std::uint32_t p : picks) taken_[p] = 0;
    std::sort(picks.begin(), picks.end());
  }

 private:
  bool in_box(std::size_t index) const {
    const std::size_t pixel = index / static_cast<std::size_t>(source_.channels);
    const int x = static_cast<int>(pixel % static_cast<std::size_t>(source_.width));
    const int y = static_cast<int>(pixel / static_cast<std::size_t>(source_.width));
    return x >= bx0_ && x < bx1_ && y >= by0_ && y < by1_;
  }

  std::size_t pick_near(Rng& rng, std::size_t free_count) {
    const auto w = static_cast<std::uint64_t>(bx1_ - bx0_), h = static_cast<std::uint64_t>(by1_ - by0_);
    for (int attempt = 0; attempt < 64; ++attempt) {
      const int x = bx0_ + static_cast<int>(rng.below(w));
      const int y = by0_ + static_cast<int>(rng.below(h));
      const int c = static_cast<int>(rng.below(static_cast<std::uint64_t>(source_.channels)));
      const std::size_t index = source_.index(x, y, c);
      if (!taken_[index]) return index;
    }
    std::size_t nth = rng.below(free_count);
    for (int y = by0_; y < by1_; ++y)
      for (int x = bx0_; x < bx1_; ++x)
        for (int c = 0; c < source_.channels; ++c) {
          const std::size_t index = source_.index(x, y, c);
          if (!taken_[index] && nth-- == 0) return index;
        }
    return 0;  // unreachable: free_count > 0 free candidates exist
  }

  std::size_t pick_far(Rng& rng, std::size_t free_count) {
    for (int attempt = 0; attempt < 64; ++attempt) {
      const std::size_t index = rng.below(source_.size());
      if (!taken_[index] && !in_box(index)) return index;
    }
    std::size_t nth = rng.below(free_count);
    for (std::size_t index = 0; index < source_.size(); ++index)
      if (!taken_[index] && !in_box(index) && nth-- == 0) return index;
    return 0;  // unreachable
  }

  ImageShape source_;
  SourceSpec read_;
  std::vector<char> taken_;  // [source neuron] drawn for the current target neuron
  int bx0_ = 0, bx1_ = 0, by0_ = 0, by1_ = 0;
};

}  // namespace

Topology graph_network_topology(const NetworkSpec& spec) {
  Topology topology;
  std::size_t neuron = 0, connection = 0;
  for (std::size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& image = spec.layers[l];
    LayerInfo info;
    info.label = spec.layer_label(l);
    info.kind = image.kind;
    info.shape = image.shape;
    info.activation = image.kind == LayerKind::kInput ? Activation::kLinear : image.activation;
    info.first_neuron = neuron;
    info.neuron_count = image.shape.size();
    info.first_connection = connection;
    for (const SourceSpec& read : image.sources)
      info.connection_count += static_cast<std::size_t>(
          read_connection_count(image, read, spec.layers[static_cast<std::size_t>(read.image)]));
    neuron += info.neuron_count;
    connection += info.connection_count;
    topology.layers.push_back(std::move(info));
  }
  topology.neuron_count = neuron;
  topology.connection_count = connection;
  topology.embedding_layer = spec.embedding_layer;
  topology.input_layer = 0;
  topology.output_layer = static_cast<int>(spec.layers.size()) - 1;
  return topology;
}

ConnectionList build_graph_connections(const NetworkSpec& spec, const Topology& topology) {
  ConnectionList list;
  list.sources.reserve(topology.connection_count);
  list.first.reserve(topology.neuron_count + 1);
  list.first.push_back(0);
  std::vector<std::uint32_t> picks;
  for (std::size_t l = 0; l < spec.layers.size(); ++l) {
    const LayerSpec& image = spec.layers[l];
    // Reads in source-image order, so that merged sources ascend.
    std::vector<SourceSpec> reads = image.sources;
    std::sort(reads.begin(), reads.end(),
              [](const SourceSpec& a, const SourceSpec& b) { return a.image < b.image; });
    std::vector<Rng> rngs;
    std::vector<RandomReader> random_readers;
    std::vector<LayerSpec> windows;
    for (const SourceSpec& read : reads) {
      const auto s = static_cast<std::size_t>(read.image);
      rngs.emplace_back(spec.graph.seed, RandomStream::kGraphGenerator, (l << 16) + s);
      random_readers.emplace_back(read.kind == ReadKind::kRandom ? spec.layers[s].shape : ImageShape{},
                                  read);
      windows.push_back(read_window(image, read));
    }
    const ImageShape& ts = image.shape;
    for (int y = 0; y < ts.height; ++y) {
      for (int x = 0; x < ts.width; ++x) {
        for (int c = 0; c < ts.channels; ++c) {
          for (std::size_t r = 0; r < reads.size(); ++r) {
            const SourceSpec& read = reads[r];
            const LayerInfo& source_info = topology.layers[static_cast<std::size_t>(read.image)];
            const ImageShape& ss = source_info.shape;
            if (read.kind == ReadKind::kRandom) {
              const int cx = static_cast<int>(static_cast<long long>(x) * ss.width / ts.width);
              const int cy = static_cast<int>(static_cast<long long>(y) * ss.height / ts.height);
              random_readers[r].draw(cx, cy, rngs[r], picks);
              for (std::uint32_t p : picks)
                list.sources.push_back(static_cast<std::uint32_t>(source_info.first_neuron + p));
              continue;
            }
            const SourceWindow w = source_window(windows[r], ss, x, y);
            for (int sy = w.y_begin; sy < w.y_end; ++sy)
              for (int sx = w.x_begin; sx < w.x_end; ++sx)
                for (int sc = 0; sc < ss.channels; ++sc)
                  list.sources.push_back(
                      static_cast<std::uint32_t>(source_info.first_neuron + ss.index(sx, sy, sc)));
          }
          list.first.push_back(list.sources.size());
        }
      }
    }
  }
  return list;
}

BackTargetList build_back_targets(const ConnectionList& list, std::size_t neuron_count) {
  BackTargetList back;
  back.first.assign(neuron_count + 1, 0);
  for (std::uint32_t source : list.sources) ++back.first[source + 1];
  for (std::size_t n = 0; n < neuron_count; ++n) back.first[n + 1] += back.first[n];
  back.connection.resize(list.sources.size());
  back.target.resize(list.sources.size());
  std::vector<std::size_t> fill(back.first.begin(), back.first.end() - 1);
  for (std::size_t target = 0; target + 1 < list.first.size(); ++target) {
    for (std::size_t c = list.first[target]; c < list.first[target + 1]; ++c) {
      const std::size_t slot = fill[list.sources[c]]++;
      back.connection[slot] = static_cast<std::uint32_t>(c);
      back.target[slot] = static_cast<std::uint32_t>(target);
    }
  }
  return back;
}

Result<ModuleOptions> graph_module_options(const NetworkSpec& spec, const ModuleOptions& options) {
  ModuleOptions effective = options;
  if (spec.graph.iterations > 0) effective.iterations = spec.graph.iterations;
  if (!spec.graph.loss_weighting.empty()) effective.loss_weighting = spec.graph.loss_weighting;
  if (effective.iterations < 1 || effective.iterations > 1000)
    return Error{str_cat("graph networks need 1 to 1000 iterations, not ", effective.iterations)};
  if (!is_loss_weighting(effective.loss_weighting))
    return Error{str_cat("unknown loss weighting '", effective.loss_weighting,
                         "' (expected last, uniform or ramp)")};
  return effective;
}

Status check_graph_spec(const NetworkSpec& spec, const char* module) {
  if (spec.family != NetworkFamily::kGraph)
    return Error{str_cat("the '", module, "' module runs graph networks only")};
  if (spec_neuron_count(spec) >= (1ull << 32) || spec_connection_count(spec) >= (1ull << 32))
    return Error{str_cat("the '", module, "' module keeps 32-bit neuron and connection ids")};
  return Status::ok();
}

}  // namespace dendrite
