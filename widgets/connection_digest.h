// connection_digest.h — what the network view draws of millions of connections: per layer, the
// top-k connections by |weight|, and bundles (every connection from one region of the source
// layer to one region of the target layer, summarised by mean weight and mean |weight|).
//
// Pure computation over a weight copy, run on a background thread whenever a new copy arrives
// (about 25 ms for W3's two million connections), so the GUI thread only turns the result into
// lines.
//
//   ConnectionDigest d = digest_connections(structure, layout, weights, 1000);
#pragma once

#include <cstdint>
#include <vector>

#include "app/models/network_structure.h"
#include "widgets/network_layout.h"

namespace dendrite {

struct ConnectionBundle {
  int source_layer = 0, target_layer = 0;
  int source_region = 0, target_region = 0;
  std::uint32_t count = 0;
  float mean_weight = 0;
  float mean_abs = 0;
};

struct ConnectionDigest {
  std::vector<ConnectionBundle> bundles;
  std::vector<std::uint32_t> top;     // [entry] connection ids: the top-k by |w| of each layer
  std::vector<float> max_abs;         // [layer] largest |w| among its incoming connections
  std::vector<float> max_bundle_abs;  // [layer] largest bundle mean |w| of its incoming bundles
  int top_k = 0;
};

// `top_k` per target layer (all of a layer's connections when it has fewer).
ConnectionDigest digest_connections(const NetworkStructure& structure, const NetworkLayout& layout,
                                    const std::vector<float>& weights, int top_k);

}  // namespace dendrite
