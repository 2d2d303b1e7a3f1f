#include "core/image_fitting.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace dendrite {
namespace {

Image crop(const Image& image, const PixelRect& r) {
  Image out(r.width, r.height, image.channels());
  const auto row = static_cast<std::size_t>(r.width) * image.channels();
  for (int y = 0; y < r.height; ++y)
    std::copy_n(image.data() + image.shape().index(r.x, r.y + y, 0), row, out.data() + out.shape().index(0, y, 0));
  return out;
}

// The largest w×h (w, h ≥ 1) with w/h as close as rounding allows to tw/th that fits in sw×sh.
std::pair<int, int> fit_aspect(int sw, int sh, int tw, int th) {
  // Compare sw/sh with tw/th without rounding: sw·th vs sh·tw.
  const std::int64_t lhs = static_cast<std::int64_t>(sw) * th, rhs = static_cast<std::int64_t>(sh) * tw;
  if (lhs > rhs) {  // the source is wider: keep its height
    const int w = static_cast<int>(std::lround(static_cast<double>(sh) * tw / th));
    return {std::clamp(w, 1, sw), sh};
  }
  const int h = static_cast<int>(std::lround(static_cast<double>(sw) * th / tw));
  return {sw, std::clamp(h, 1, sh)};
}

}  // namespace

ImageFit fit_image(const Image& source, const ImageShape& target, FitMode mode, bool invert) {
  ImageFit fit;
  fit.source = source.shape();
  fit.mode = mode;
  fit.inverted = invert;
  fit.used = {0, 0, source.width(), source.height()};
  fit.placed = {0, 0, target.width, target.height};
  if (source.empty()) {
    fit.image = Image(target);
    fit.used = {};
    return fit;
  }
  Image image = source.channels() == target.channels ? source : convert_channels(source, target.channels);
  if (invert)
    for (float& v : image.values()) v = 1.0f - std::clamp(v, 0.0f, 1.0f);

  switch (mode) {
    case FitMode::kStretch:
      fit.image = resize_image(image, target.width, target.height);
      break;
    case FitMode::kCrop: {
      const auto [w, h] = fit_aspect(image.width(), image.height(), target.width, target.height);
      fit.used = {(image.width() - w) / 2, (image.height() - h) / 2, w, h};
      const Image cut = (w == image.width() && h == image.height()) ? image : crop(image, fit.used);
      fit.image = resize_image(cut, target.width, target.height);
      break;
    }
    case FitMode::kPad: {
      // The inner rectangle has the source's aspect ratio inside the target.
      const auto [w, h] = fit_aspect(target.width, target.height, image.width(), image.height());
      fit.placed = {(target.width - w) / 2, (target.height - h) / 2, w, h};
      const Image inner = resize_image(image, w, h);
      fit.image = Image(target);
      const auto row = static_cast<std::size_t>(w) * target.channels;
      for (int y = 0; y < h; ++y)
        std::copy_n(inner.data() + inner.shape().index(0, y, 0), row,
                    fit.image.data() + target.index(fit.placed.x, fit.placed.y + y, 0));
      break;
    }
  }
  return fit;
}

}  // namespace dendrite
