#include "networks/push_layer.h"

#include "core/layer_geometry.h"

namespace dendrite {

void push_layer(const LayerSpec& target, const LayerInfo& source_info, ConnectionList& list) {
  const ImageShape& ts = target.shape;
  const ImageShape& ss = source_info.shape;
  if (list.first.empty()) list.first.push_back(0);
  for (int y = 0; y < ts.height; ++y) {
    for (int x = 0; x < ts.width; ++x) {
      const SourceWindow w = source_window(target, ss, x, y);
      for (int c = 0; c < ts.channels; ++c) {
        for (int sy = w.y_begin; sy < w.y_end; ++sy)
          for (int sx = w.x_begin; sx < w.x_end; ++sx)
            for (int sc = 0; sc < ss.channels; ++sc)
              list.sources.push_back(
                  static_cast<std::uint32_t>(source_info.first_neuron + ss.index(sx, sy, sc)));
        list.first.push_back(list.sources.size());
      }
    }
  }
}

ConnectionList build_layer_connections(const NetworkSpec& spec, const Topology& topology) {
  ConnectionList list;
  list.sources.reserve(topology.connection_count);
  list.first.reserve(topology.neuron_count + 1);
  list.first.push_back(0);
  for (std::size_t n = 0; n < topology.layers[0].neuron_count; ++n) list.first.push_back(0);
  for (std::size_t l = 1; l < spec.layers.size(); ++l)
    push_layer(spec.layers[l], topology.layers[l - 1], list);
  return list;
}

}  // namespace dendrite
