// network_lod.h — the network view's levels of detail, chosen by how many screen pixels one
// neuron covers at the current zoom:
//   kOverview  < 6 px   every layer is one image (one pixel per neuron, scaled up); connections
//                       as bundles between layer regions
//   kNeurons   6–30 px  cells with grid lines; the top-k connections by |w|
//   kValues    ≥ 30 px  cells show their value as text; only hovered/selected neurons' connections
// Hovered and selected neurons always show their own connections.
#pragma once

namespace dendrite {

enum class NetworkLod { kOverview, kNeurons, kValues };

constexpr double kNeuronLodPixels = 6.0;
constexpr double kValueLodPixels = 30.0;

constexpr NetworkLod lod_for_pixels_per_neuron(double pixels) {
  return pixels >= kValueLodPixels ? NetworkLod::kValues
         : pixels >= kNeuronLodPixels ? NetworkLod::kNeurons
                                      : NetworkLod::kOverview;
}

}  // namespace dendrite
