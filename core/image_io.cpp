#include "core/image_io.h"

#include "core/pnm_image.h"
#include "core/stb_guard.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <string_view>

namespace dendrite {
namespace {

struct StbFree {
  void operator()(void* p) const { stbi_image_free(p); }
};

int checked_length(const std::string& bytes) {
  return bytes.size() > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(bytes.size());
}

// Size, channels and bit depth from a PNG's IHDR chunk (signature, length 13, "IHDR", then
// big-endian width and height, bit depth, colour type). False when the bytes are not a PNG.
bool png_header_info(const std::string& bytes, ImageInfo* info) {
  static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() < 33 || std::memcmp(bytes.data(), kSignature, 8) != 0 ||
      bytes.compare(12, 4, "IHDR") != 0)
    return false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  auto be32 = [&](std::size_t at) {
    return (std::uint32_t{p[at]} << 24) | (std::uint32_t{p[at + 1]} << 16) |
           (std::uint32_t{p[at + 2]} << 8) | std::uint32_t{p[at + 3]};
  };
  const std::uint32_t width = be32(16), height = be32(20);
  const int channels_by_colour_type[7] = {1, 0, 3, 3, 2, 0, 4};
  const unsigned colour_type = p[25];
  if (width == 0 || height == 0 || width > INT_MAX || height > INT_MAX || colour_type > 6 ||
      channels_by_colour_type[colour_type] == 0)
    return false;
  info->width = static_cast<int>(width);
  info->height = static_cast<int>(height);
  info->channels = channels_by_colour_type[colour_type];
  info->sixteen_bit = p[24] == 16;
  return true;
}

}  // namespace

Result<ImageInfo> probe_image(const std::string& bytes, const std::string& name) {
  if (bytes.empty()) return Error{str_cat("'", name, "' is empty (0 bytes)")};
  if (looks_like_binary_pnm(bytes)) return probe_pnm(bytes, name);
  DENDRITE_TRY(check_stb_safe(bytes, name));  // before any stb_image call sees the bytes
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  ImageInfo info;
  if (!stbi_info_from_memory(data, checked_length(bytes), &info.width, &info.height,
                             &info.channels)) {
    // stb_image refuses PNG headers whose raw size would pass 1 GiB, and then reports only
    // "unknown image type"; read the size from IHDR so the budget check can say what is wrong.
    if (png_header_info(bytes, &info)) return info;
    const char* reason = stbi_failure_reason();
    // check_stb_safe let only a PNG, JPEG, BMP or GIF signature through, so stb's "unknown image
    // type" here means the header after the signature is broken: a damaged file, named as such.
    if (!reason || std::string_view(reason) == "unknown image type") {
      const char* kind = bytes.compare(0, 4, "\x89PNG") == 0 ? "PNG"
                         : bytes.compare(0, 2, "\xFF\xD8") == 0 ? "JPEG"
                         : bytes.compare(0, 2, "BM") == 0    ? "BMP"
                                                              : "GIF";
      return Error{str_cat("'", name, "' is a damaged ", kind, " file: its header cannot be read")};
    }
    return Error{str_cat("'", name, "' is not a readable image (", reason, ")")};
  }
  info.sixteen_bit = stbi_is_16_bit_from_memory(data, checked_length(bytes)) != 0;
  return info;
}

Status check_image_budget(const ImageInfo& info, const std::string& name, const ImageBudget& budget) {
  if (info.width <= 0 || info.height <= 0)
    return Error{str_cat("'", name, "' has no pixels (", info.width, "x", info.height, ")")};
  if (info.width > budget.max_dimension || info.height > budget.max_dimension ||
      static_cast<std::uint64_t>(info.width) * static_cast<std::uint64_t>(info.height) >
          budget.max_pixels)
    return Error{str_cat("'", name, "' claims ", info.width, "x", info.height,
                         " pixels, over the limit of ", budget.max_dimension, " per side and ",
                         budget.max_pixels, " in all; not decoded")};
  return Status::ok();
}

Result<Image> decode_image(const std::string& bytes, const std::string& name,
                           const ImageBudget& budget, int channels) {
  if (bytes.size() > budget.max_file_bytes)
    return Error{str_cat("'", name, "' is ", bytes.size(), " bytes, over the limit of ",
                         budget.max_file_bytes)};
  DENDRITE_ASSIGN_OR_RETURN(const ImageInfo info, probe_image(bytes, name));
  DENDRITE_TRY(check_image_budget(info, name, budget));
  if (channels < 0 || channels > 4096)
    return Error{str_cat("requested channel count ", channels, " is out of range")};

  if (looks_like_binary_pnm(bytes)) {
    DENDRITE_ASSIGN_OR_RETURN(Image image, decode_pnm(bytes, name));
    if (channels != 0 && channels != image.channels()) image = convert_channels(image, channels);
    return image;
  }
  DENDRITE_TRY(check_png_inflated_size(bytes, name));
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  int width = 0, height = 0, file_channels = 0;
  Image image;
  if (info.sixteen_bit) {
    std::unique_ptr<stbi_us, StbFree> pixels(
        stbi_load_16_from_memory(data, checked_length(bytes), &width, &height, &file_channels, 0));
    if (!pixels) {
      const char* reason = stbi_failure_reason();
      return Error{str_cat("'", name, "' could not be decoded (", reason ? reason : "corrupt", ")")};
    }
    image = Image(width, height, file_channels);
    float* out = image.data();
    for (std::size_t i = 0; i < image.size(); ++i) out[i] = pixels.get()[i] * (1.0f / 65535.0f);
  } else {
    std::unique_ptr<stbi_uc, StbFree> pixels(
        stbi_load_from_memory(data, checked_length(bytes), &width, &height, &file_channels, 0));
    if (!pixels) {
      const char* reason = stbi_failure_reason();
      return Error{str_cat("'", name, "' could not be decoded (", reason ? reason : "corrupt", ")")};
    }
    image = Image(width, height, file_channels);
    float* out = image.data();
    for (std::size_t i = 0; i < image.size(); ++i) out[i] = pixels.get()[i] * (1.0f / 255.0f);
  }
  if (channels != 0 && channels != image.channels()) image = convert_channels(image, channels);
  return image;
}

Result<Image> load_image(FileSystem& fs, const std::string& path, const ImageBudget& budget,
                         int channels) {
  DENDRITE_ASSIGN_OR_RETURN(std::string bytes, fs.read_file(path, budget.max_file_bytes));
  return decode_image(bytes, path, budget, channels);
}

Result<std::string> encode_png(const Image& image) {
  const int channels = image.channels();
  if (image.empty() || channels < 1 || channels > 4)
    return Error{str_cat("cannot write a PNG with ", channels, " channels and ", image.width(), "x",
                         image.height(), " pixels")};
  std::vector<unsigned char> pixels(image.size());
  const float* in = image.data();
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    const float v = std::isfinite(in[i]) ? std::clamp(in[i], 0.0f, 1.0f) : 0.0f;
    pixels[i] = static_cast<unsigned char>(std::lround(v * 255.0f));
  }
  std::string encoded;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<std::size_t>(size));
  };
  if (!stbi_write_png_to_func(append, &encoded, image.width(), image.height(), channels,
                              pixels.data(), image.width() * channels))
    return Error{"PNG encoding failed"};
  return encoded;
}

Status save_png(FileSystem& fs, const std::string& path, const Image& image) {
  DENDRITE_ASSIGN_OR_RETURN(std::string encoded, encode_png(image));
  return write_file_atomically(fs, path, encoded);
}

bool has_image_extension(const std::string& path) {
  static const char* const kExtensions[] = {"png", "jpg", "jpeg", "bmp", "pgm", "ppm",
                                            "pnm", "tga", "gif", "psd", "hdr", "pic"};
  const std::string ext = file_extension(path);
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](const char* known) { return ext == known; });
}

}  // namespace dendrite
