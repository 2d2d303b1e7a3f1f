#include "core/image.h"

#include <algorithm>
#include <cmath>

namespace dendrite {

Image convert_channels(const Image& image, int channels) {
  const int in_c = image.channels();
  if (in_c == channels) return image;
  Image out(image.width(), image.height(), channels);
  const std::size_t pixels = image.shape().pixel_count();
  const float* src = image.data();
  float* dst = out.data();
  for (std::size_t p = 0; p < pixels; ++p) {
    const float* s = src + p * in_c;
    float* d = dst + p * channels;
    if (in_c == 1 && channels == 3) {
      d[0] = d[1] = d[2] = s[0];
    } else if ((in_c == 3 || in_c == 4) && channels == 1) {
      const float alpha = in_c == 4 ? s[3] : 1.0f;
      d[0] = (0.299f * s[0] + 0.587f * s[1] + 0.114f * s[2]) * alpha;
    } else if (in_c == 4 && channels == 3) {
      d[0] = s[0] * s[3];
      d[1] = s[1] * s[3];
      d[2] = s[2] * s[3];
    } else if (in_c == 2 && channels == 1) {
      d[0] = s[0] * s[1];
    } else if (in_c == 2 && channels == 3) {
      d[0] = d[1] = d[2] = s[0] * s[1];
    } else {
      const int common = std::min(in_c, channels);
      for (int c = 0; c < common; ++c) d[c] = s[c];
    }
  }
  return out;
}

namespace {

// Weights that map `in_size` samples to `out_size` samples along one axis.
struct AxisTap {
  int first;                  // first input sample
  std::vector<float> weights;  // weights of input samples first, first+1, ...
};

std::vector<AxisTap> axis_taps(int in_size, int out_size) {
  std::vector<AxisTap> taps(out_size);
  const double scale = static_cast<double>(in_size) / out_size;
  for (int i = 0; i < out_size; ++i) {
    AxisTap& tap = taps[i];
    if (scale > 1.0) {
      // Area average over [i*scale, (i+1)*scale).
      const double lo = i * scale;
      const double hi = (i + 1) * scale;
      tap.first = static_cast<int>(std::floor(lo));
      const int last = std::min(in_size - 1, static_cast<int>(std::ceil(hi)) - 1);
      for (int j = tap.first; j <= last; ++j) {
        const double overlap = std::min<double>(hi, j + 1) - std::max<double>(lo, j);
        tap.weights.push_back(static_cast<float>(overlap / scale));
      }
    } else {
      // Bilinear between the two nearest sample centres.
      const double src = (i + 0.5) * scale - 0.5;
      const int j0 = std::clamp(static_cast<int>(std::floor(src)), 0, in_size - 1);
      const int j1 = std::min(j0 + 1, in_size - 1);
      const float t = static_cast<float>(std::clamp(src - j0, 0.0, 1.0));
      tap.first = j0;
      if (j1 == j0) {
        tap.weights = {1.0f};
      } else {
        tap.weights = {1.0f - t, t};
      }
    }
  }
  return taps;
}

}  // namespace

Image resize_image(const Image& image, int width, int height) {
  if (image.width() == width && image.height() == height) return image;
  const int channels = image.channels();
  // Nothing to sample from, or nothing to produce: a zero image of the asked size (the taps
  // below assume at least one source and one target sample per axis).
  if (image.empty() || width <= 0 || height <= 0)
    return Image(std::max(width, 0), std::max(height, 0), channels);
  const auto x_taps = axis_taps(image.width(), width);
  const auto y_taps = axis_taps(image.height(), height);
  // Horizontal pass: in_h rows × width.
  Image horizontal(width, image.height(), channels);
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < width; ++x) {
      const AxisTap& tap = x_taps[x];
      for (int c = 0; c < channels; ++c) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < tap.weights.size(); ++k)
          sum += tap.weights[k] * image.at(tap.first + static_cast<int>(k), y, c);
        horizontal.at(x, y, c) = sum;
      }
    }
  }
  Image out(width, height, channels);
  for (int y = 0; y < height; ++y) {
    const AxisTap& tap = y_taps[y];
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < tap.weights.size(); ++k)
          sum += tap.weights[k] * horizontal.at(x, tap.first + static_cast<int>(k), c);
        out.at(x, y, c) = std::clamp(sum, 0.0f, 1.0f);
      }
    }
  }
  return out;
}

}  // namespace dendrite
