// image_io.h — reading and writing image files (stb_image / stb_image_write).
//
// Reads PNG, JPEG, BMP, GIF (first frame) and binary PGM/PPM, 8 or 16 bits per channel, into
// float images with values in [0, 1]. Binary PGM/PPM go through pnm_image.h instead of
// stb_image (16-bit byte order, maxval, truncation); stb_image's other formats are refused, and
// known stb_image bugs are kept away from it (stb_guard.h). Before anything is decoded, the file size and the
// dimensions stb_image reports from the header are checked against an ImageBudget, so a
// 100000×100000 header costs nothing. Writes 8-bit PNG.
#pragma once

#include <cstdint>
#include <string>

#include "core/file_system.h"
#include "core/image.h"
#include "core/status.h"

namespace dendrite {

struct ImageBudget {
  std::uint64_t max_file_bytes = 256ull << 20;  // 256 MiB
  int max_dimension = 16384;
  std::uint64_t max_pixels = 64ull << 20;       // 64 Mpixel (≈ 1 GiB as float RGB)
};

struct ImageInfo {
  int width = 0;
  int height = 0;
  int channels = 0;
  bool sixteen_bit = false;
};

// Header-only probe of encoded bytes; `name` is used in error messages.
Result<ImageInfo> probe_image(const std::string& bytes, const std::string& name);

// Fails, with a message naming `name`, when the header's size is over the budget (or empty).
Status check_image_budget(const ImageInfo& info, const std::string& name, const ImageBudget& budget);

// Decodes encoded bytes. channels == 0 keeps the file's channel count; otherwise the image is
// converted (gray↔RGB, RGBA→RGB, …, see convert_channels).
Result<Image> decode_image(const std::string& bytes, const std::string& name,
                           const ImageBudget& budget = {}, int channels = 0);

Result<Image> load_image(FileSystem& fs, const std::string& path, const ImageBudget& budget = {},
                         int channels = 0);
inline Result<Image> load_image(const std::string& path, const ImageBudget& budget = {},
                                int channels = 0) {
  return load_image(real_file_system(), path, budget, channels);
}

// 8-bit PNG of an image with 1, 2, 3 or 4 channels; values are clamped to [0, 1].
Result<std::string> encode_png(const Image& image);
Status save_png(FileSystem& fs, const std::string& path, const Image& image);
inline Status save_png(const std::string& path, const Image& image) {
  return save_png(real_file_system(), path, image);
}

// True for the file extensions the dataset scanner treats as images.
bool has_image_extension(const std::string& path);

}  // namespace dendrite
