// image_grid.h — tiles images into one picture (e.g. inputs above their reconstructions).
#pragma once

#include <vector>

#include "core/image.h"

namespace dendrite {

// Lays `images` out row by row, `columns` per row, separated by `padding` pixels of `background`.
// Images may differ in size; each cell is as large as the largest image. Channels are converted
// to the largest channel count among the images (gray → RGB when mixed).
Image make_image_grid(const std::vector<Image>& images, int columns, int padding = 2,
                      float background = 0.25f);

// Nearest-neighbour enlargement by an integer factor (small images stay crisp when viewed).
Image scale_nearest(const Image& image, int factor);

}  // namespace dendrite
