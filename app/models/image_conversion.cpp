#include "app/models/image_conversion.h"

#include <algorithm>
#include <cmath>

namespace dendrite {
namespace {

uchar to_byte(float v) {
  if (!(v > 0.0f)) return 0;  // also NaN
  if (v >= 1.0f) return 255;
  return static_cast<uchar>(std::lround(v * 255.0f));
}

}  // namespace

QImage to_qimage(const float* values, const ImageShape& shape) {
  if (values == nullptr || shape.width <= 0 || shape.height <= 0 || shape.channels <= 0) return {};
  const bool gray = shape.channels < 3;
  QImage image(shape.width, shape.height, gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
  for (int y = 0; y < shape.height; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < shape.width; ++x) {
      const float* pixel = values + shape.index(x, y, 0);
      if (gray) {
        line[x] = to_byte(pixel[0]);
      } else {
        for (int c = 0; c < 3; ++c) line[3 * x + c] = to_byte(pixel[c]);
      }
    }
  }
  return image;
}

}  // namespace dendrite
