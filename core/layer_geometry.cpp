#include "core/layer_geometry.h"

#include <algorithm>

namespace dendrite {
namespace {

// One axis of the window: centre and half-width, clipped to [0, size).
void clip_axis(int centre, int half, int size, int* begin, int* end) {
  *begin = std::max(0, centre - half);
  *end = std::min(size, centre + half + 1);
}

int window_centre(const LayerSpec& target, int coordinate, int target_size, int source_size) {
  if (target.kind == LayerKind::kLocal) return coordinate * target.stride;
  const int factor = target_size / source_size;  // kUp: integer by validation
  return coordinate / factor;
}

}  // namespace

SourceWindow source_window(const LayerSpec& target, const ImageShape& source, int x, int y) {
  SourceWindow w{0, source.width, 0, source.height};
  if (target.kind == LayerKind::kDense || target.kind == LayerKind::kInput) return w;
  const int half = target.kernel / 2;
  clip_axis(window_centre(target, x, target.shape.width, source.width), half, source.width,
            &w.x_begin, &w.x_end);
  clip_axis(window_centre(target, y, target.shape.height, source.height), half, source.height,
            &w.y_begin, &w.y_end);
  return w;
}

std::uint64_t window_width_sum(const LayerSpec& target, const ImageShape& source) {
  std::uint64_t sum = 0;
  for (int x = 0; x < target.shape.width; ++x) sum += static_cast<std::uint64_t>(source_window(target, source, x, 0).width());
  return sum;
}

std::uint64_t window_height_sum(const LayerSpec& target, const ImageShape& source) {
  std::uint64_t sum = 0;
  for (int y = 0; y < target.shape.height; ++y) sum += static_cast<std::uint64_t>(source_window(target, source, 0, y).height());
  return sum;
}

}  // namespace dendrite
