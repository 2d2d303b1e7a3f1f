#include "core/image_grid.h"

#include <algorithm>

namespace dendrite {

Image make_image_grid(const std::vector<Image>& images, int columns, int padding, float background) {
  if (images.empty() || columns < 1) return Image();
  int cell_w = 0, cell_h = 0, channels = 1;
  for (const Image& im : images) {
    cell_w = std::max(cell_w, im.width());
    cell_h = std::max(cell_h, im.height());
    channels = std::max(channels, im.channels() == 4 ? 3 : im.channels());
  }
  channels = channels > 1 ? 3 : 1;
  const int rows = (static_cast<int>(images.size()) + columns - 1) / columns;
  const int cols = std::min<int>(columns, static_cast<int>(images.size()));
  Image grid(padding + cols * (cell_w + padding), padding + rows * (cell_h + padding), channels, background);
  for (std::size_t i = 0; i < images.size(); ++i) {
    const Image im = convert_channels(images[i], channels);
    const int x0 = padding + static_cast<int>(i % static_cast<std::size_t>(columns)) * (cell_w + padding);
    const int y0 = padding + static_cast<int>(i / static_cast<std::size_t>(columns)) * (cell_h + padding);
    for (int y = 0; y < im.height(); ++y)
      for (int x = 0; x < im.width(); ++x)
        for (int c = 0; c < channels; ++c) grid.at(x0 + x, y0 + y, c) = im.at(x, y, c);
  }
  return grid;
}

Image scale_nearest(const Image& image, int factor) {
  if (factor <= 1) return image;
  Image out(image.width() * factor, image.height() * factor, image.channels());
  for (int y = 0; y < out.height(); ++y)
    for (int x = 0; x < out.width(); ++x)
      for (int c = 0; c < image.channels(); ++c) out.at(x, y, c) = image.at(x / factor, y / factor, c);
  return out;
}

}  // namespace dendrite
