#include "widgets/neuron_colours.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace dendrite {
namespace {

struct Stop {
  float t;
  int r, g, b;
};

// Hand-picked so that equal steps in |t| look like roughly equal steps in brightness on both
// sides, and so that the two signs never share a hue.
constexpr Stop kStops[] = {
    {-1.00f, 0xa6, 0xec, 0xff}, {-0.65f, 0x3f, 0x9c, 0xf0}, {-0.30f, 0x24, 0x4f, 0x96},
    {0.00f, 0x2a, 0x2e, 0x37},  {0.30f, 0x8c, 0x2c, 0x2a},  {0.65f, 0xea, 0x5f, 0x2c},
    {1.00f, 0xff, 0xe6, 0x94},
};

std::array<QRgb, NeuronColours::kSteps> make_table() {
  std::array<QRgb, NeuronColours::kSteps> table{};
  for (int i = 0; i < NeuronColours::kSteps; ++i) {
    const float t = -1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(NeuronColours::kSteps - 1);
    std::size_t k = 0;
    while (k + 2 < std::size(kStops) && t > kStops[k + 1].t) ++k;
    const Stop& a = kStops[k];
    const Stop& b = kStops[k + 1];
    const float f = std::clamp((t - a.t) / (b.t - a.t), 0.0f, 1.0f);
    auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
    table[static_cast<std::size_t>(i)] = qRgb(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
  }
  return table;
}

}  // namespace

QRgb NeuronColours::at(float t) {
  static const std::array<QRgb, kSteps> table = make_table();
  if (std::isnan(t)) return missing().rgb();
  t = std::clamp(t, -1.0f, 1.0f);
  const auto i = static_cast<std::size_t>(std::lround((t + 1.0f) * 0.5f * static_cast<float>(kSteps - 1)));
  return table[i];
}

QRgb NeuronColours::colour(float value, float scale) {
  if (std::isnan(value)) return missing().rgb();
  if (!(scale > 0.0f) || !std::isfinite(scale)) return at(value == 0.0f ? 0.0f : (value > 0 ? 1.0f : -1.0f));
  return at(value / scale);
}

}  // namespace dendrite
