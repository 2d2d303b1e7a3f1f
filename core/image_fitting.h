// image_fitting.h — any image brought to a network's input size and channels (the app's custom
// input, DESIGN.md §4), and a record of what was done so the app can say it:
// "converted 512×340 RGB → 28×28 gray (centre 340×340 cropped)".
//
//   ImageFit fit = fit_image(*load_image(path), network_input_shape, FitMode::kCrop);
//   module.forward(fit.image.data(), 1);
//
// Order: channels first (convert_channels: RGB → gray by Rec. 601 luma, alpha composited on
// black), then the optional inversion (1 − v, for photos of dark things on light ground fed to a
// network trained on light things on black, like Fashion-MNIST), then the geometry:
//   kStretch  resize the whole image to W×H (aspect ratio not kept; what dendrite-cli does)
//   kCrop     cut the largest centred region with the target's aspect ratio, then resize
//   kPad      resize to fit inside W×H keeping the aspect ratio, centred on black (0)
// Resizing is core's resize_image (area averaging when shrinking, bilinear when growing).
#pragma once

#include "core/image.h"

namespace dendrite {

enum class FitMode { kStretch, kCrop, kPad };

struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
  bool operator==(const PixelRect&) const = default;
};

struct ImageFit {
  Image image;          // the target shape
  ImageShape source;    // the image as it came
  FitMode mode = FitMode::kStretch;
  bool inverted = false;
  PixelRect used;       // the part of the source that was used (kCrop: the centred cut)
  PixelRect placed;     // where it went in the target (kPad: the centred inner rectangle)

  bool channels_changed() const { return source.channels != image.channels(); }
  bool size_changed() const { return source.width != image.width() || source.height != image.height(); }
  bool changed() const { return channels_changed() || size_changed() || inverted; }
};

// `target` must have positive dimensions; an empty source gives a black image of the target shape.
ImageFit fit_image(const Image& source, const ImageShape& target, FitMode mode, bool invert = false);

}  // namespace dendrite
