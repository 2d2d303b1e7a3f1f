// image_conversion.h — engine float images ([y][x][c], values nominally in [0, 1]) as QImages.
//
// Values are clamped to [0, 1] and rounded to 8 bits, the same way the PNG export does, so what
// the panels show is what gets saved. 1 channel → Grayscale8, 3 → RGB888, 2 and 4 channels keep
// their first (gray) or first three (RGB) channels.
#pragma once

#include <QImage>

#include "core/image.h"

namespace dendrite {

QImage to_qimage(const float* values, const ImageShape& shape);
inline QImage to_qimage(const Image& image) { return to_qimage(image.data(), image.shape()); }

}  // namespace dendrite
