// layer_geometry.h — which source neurons a target neuron of a push layer reads (DESIGN.md §2).
//
// A target neuron (x, y, c) of a dense, local or up layer reads every channel of a rectangular
// window of source pixels, the same window for every target channel. Windows are clipped to the
// source grid: only in-range sources are connected. Because windows are separable, a layer's
// connection count is C_target · C_source · (Σ_x window width) · (Σ_y window height).
//
// Canonical connection order (connection ids, model files, every module): by target neuron id,
// then by source neuron id ascending, i.e. window row, window column, source channel.
#pragma once

#include <cstdint>

#include "core/image.h"
#include "core/network_spec.h"

namespace dendrite {

struct SourceWindow {
  int x_begin, x_end;  // source columns [x_begin, x_end)
  int y_begin, y_end;  // source rows [y_begin, y_end)
  int width() const { return x_end - x_begin; }
  int height() const { return y_end - y_begin; }
};

// The window for target pixel (x, y) of `target` (kind dense, local or up) reading `source`.
SourceWindow source_window(const LayerSpec& target, const ImageShape& source, int x, int y);

// Σ over target columns of the window width (rows: heights), for the separable count.
std::uint64_t window_width_sum(const LayerSpec& target, const ImageShape& source);
std::uint64_t window_height_sum(const LayerSpec& target, const ImageShape& source);

}  // namespace dendrite
