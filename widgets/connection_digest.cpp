#include "widgets/connection_digest.h"

#include <algorithm>
#include <cmath>

namespace dendrite {

ConnectionDigest digest_connections(const NetworkStructure& structure, const NetworkLayout& layout,
                                    const std::vector<float>& weights, int top_k) {
  ConnectionDigest d;
  d.top_k = top_k;
  const Topology& t = structure.topology();
  d.max_abs.assign(t.layers.size(), 0.0f);
  d.max_bundle_abs.assign(t.layers.size(), 0.0f);
  if (weights.size() != structure.connection_count()) return d;

  // region_of: [neuron] the bundle region it belongs to inside its layer.
  std::vector<int> region_of(structure.neuron_count());
  for (const LayerGeometry& g : layout.layers()) {
    const ImageShape& s = g.shape;
    for (int y = 0; y < s.height; ++y)
      for (int x = 0; x < s.width; ++x)
        for (int c = 0; c < s.channels; ++c)
          region_of[g.first_neuron + s.index(x, y, c)] = g.region_of(x, y, c);
  }

  std::vector<float> magnitudes;  // [connection of one layer] |w|, for the top-k threshold
  for (std::size_t l = 0; l < t.layers.size(); ++l) {
    const LayerInfo& info = t.layers[l];
    if (info.connection_count == 0) continue;
    const LayerGeometry& target = layout.layer(static_cast<int>(l));
    const std::vector<int>& sources = structure.source_layers(static_cast<int>(l));

    // Bundles: [source layer slot][source region][target region] sums.
    struct Sum {
      double weight = 0, magnitude = 0;
      std::uint32_t count = 0;
    };
    std::vector<std::vector<Sum>> sums(sources.size());
    for (std::size_t k = 0; k < sources.size(); ++k)
      sums[k].resize(static_cast<std::size_t>(layout.layer(sources[k]).region_count() * target.region_count()));
    auto slot_of = [&](std::size_t neuron) {
      for (std::size_t k = 0; k < sources.size(); ++k) {
        const LayerInfo& s = t.layers[static_cast<std::size_t>(sources[k])];
        if (neuron >= s.first_neuron && neuron < s.first_neuron + s.neuron_count) return k;
      }
      return std::size_t{0};
    };

    float max_abs = 0;
    for (std::size_t n = info.first_neuron; n < info.first_neuron + info.neuron_count; ++n) {
      const int tr = region_of[n];
      for (std::size_t c = structure.incoming_begin(n); c < structure.incoming_end(n); ++c) {
        const std::size_t src = structure.source(c);
        const std::size_t k = sources.size() == 1 ? 0 : slot_of(src);
        const float w = weights[c];
        Sum& s = sums[k][static_cast<std::size_t>(region_of[src] * target.region_count() + tr)];
        s.weight += w;
        s.magnitude += std::abs(w);
        ++s.count;
        max_abs = std::max(max_abs, std::abs(w));
      }
    }
    d.max_abs[l] = max_abs;
    for (std::size_t k = 0; k < sources.size(); ++k) {
      const int regions = target.region_count();
      for (std::size_t i = 0; i < sums[k].size(); ++i) {
        const Sum& s = sums[k][i];
        if (s.count == 0) continue;
        ConnectionBundle b;
        b.source_layer = sources[k];
        b.target_layer = static_cast<int>(l);
        b.source_region = static_cast<int>(i) / regions;
        b.target_region = static_cast<int>(i) % regions;
        b.count = s.count;
        b.mean_weight = static_cast<float>(s.weight / s.count);
        b.mean_abs = static_cast<float>(s.magnitude / s.count);
        d.max_bundle_abs[l] = std::max(d.max_bundle_abs[l], b.mean_abs);
        d.bundles.push_back(b);
      }
    }

    // Top-k: the k-th largest |w| of the layer is the threshold; ties at it fill up to k.
    const std::size_t first = info.first_connection, count = info.connection_count;
    const auto k = static_cast<std::size_t>(std::max(0, top_k));
    if (k == 0) continue;
    if (count <= k) {
      for (std::size_t c = first; c < first + count; ++c) d.top.push_back(static_cast<std::uint32_t>(c));
      continue;
    }
    magnitudes.resize(count);
    for (std::size_t i = 0; i < count; ++i) magnitudes[i] = std::abs(weights[first + i]);
    std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(k - 1), magnitudes.end(),
                     std::greater<float>());
    const float threshold = magnitudes[k - 1];
    std::size_t above = 0;
    for (std::size_t c = first; c < first + count; ++c)
      if (std::abs(weights[c]) > threshold) {
        d.top.push_back(static_cast<std::uint32_t>(c));
        ++above;
      }
    for (std::size_t c = first; c < first + count && above < k; ++c)
      if (std::abs(weights[c]) == threshold) {
        d.top.push_back(static_cast<std::uint32_t>(c));
        ++above;
      }
  }
  return d;
}

}  // namespace dendrite
