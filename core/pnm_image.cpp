#include "core/pnm_image.h"

#include <algorithm>
#include <climits>
#include <cstdint>

namespace dendrite {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

struct PnmHeader {
  int width = 0;
  int height = 0;
  int channels = 0;
  int maxval = 0;
  std::size_t raster_offset = 0;  // first byte of the pixel data
};

// Skips whitespace and comments; returns false at the end of the bytes.
bool skip_space_and_comments(const std::string& bytes, std::size_t& pos) {
  while (pos < bytes.size()) {
    if (is_space(bytes[pos])) {
      ++pos;
    } else if (bytes[pos] == '#') {
      while (pos < bytes.size() && bytes[pos] != '\n' && bytes[pos] != '\r') ++pos;
    } else {
      return true;
    }
  }
  return false;
}

Result<int> read_header_number(const std::string& bytes, std::size_t& pos, const std::string& name,
                               const char* what, long long max) {
  if (!skip_space_and_comments(bytes, pos))
    return Error{str_cat("'", name, "' is truncated inside its Netpbm header (no ", what, ")")};
  long long value = 0;
  const std::size_t start = pos;
  while (pos < bytes.size() && bytes[pos] >= '0' && bytes[pos] <= '9') {
    value = value * 10 + (bytes[pos] - '0');
    if (value > max)
      return Error{str_cat("'", name, "': Netpbm ", what, " is larger than ", max)};
    ++pos;
  }
  if (pos == start)
    return Error{str_cat("'", name, "': Netpbm ", what, " is not a number (byte ", start, ")")};
  if (pos < bytes.size() && !is_space(bytes[pos]) && bytes[pos] != '#')
    return Error{str_cat("'", name, "': Netpbm ", what, " is followed by '", bytes[pos], "' (byte ", pos, ")")};
  return static_cast<int>(value);
}

Result<PnmHeader> parse_header(const std::string& bytes, const std::string& name) {
  if (!looks_like_binary_pnm(bytes)) return Error{str_cat("'", name, "' is not a binary PGM/PPM file")};
  PnmHeader header;
  header.channels = bytes[1] == '5' ? 1 : 3;
  std::size_t pos = 2;
  DENDRITE_ASSIGN_OR_RETURN(header.width, read_header_number(bytes, pos, name, "width", INT_MAX));
  DENDRITE_ASSIGN_OR_RETURN(header.height, read_header_number(bytes, pos, name, "height", INT_MAX));
  DENDRITE_ASSIGN_OR_RETURN(header.maxval, read_header_number(bytes, pos, name, "maxval", 65535));
  if (header.width == 0 || header.height == 0)
    return Error{str_cat("'", name, "' has no pixels (", header.width, "x", header.height, ")")};
  if (header.maxval == 0) return Error{str_cat("'", name, "': Netpbm maxval must be 1..65535, not 0")};
  // Exactly one whitespace character separates the header from the raster.
  if (pos >= bytes.size()) return Error{str_cat("'", name, "' is truncated: it has no pixel data")};
  header.raster_offset = pos + 1;
  return header;
}

}  // namespace

bool looks_like_binary_pnm(const std::string& bytes) {
  return bytes.size() >= 3 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6') &&
         (is_space(bytes[2]) || bytes[2] == '#');
}

Result<ImageInfo> probe_pnm(const std::string& bytes, const std::string& name) {
  DENDRITE_ASSIGN_OR_RETURN(const PnmHeader header, parse_header(bytes, name));
  ImageInfo info;
  info.width = header.width;
  info.height = header.height;
  info.channels = header.channels;
  info.sixteen_bit = header.maxval > 255;
  return info;
}

Result<Image> decode_pnm(const std::string& bytes, const std::string& name) {
  DENDRITE_ASSIGN_OR_RETURN(const PnmHeader header, parse_header(bytes, name));
  const std::uint64_t bytes_per_sample = header.maxval > 255 ? 2 : 1;
  const std::uint64_t samples =
      static_cast<std::uint64_t>(header.width) * static_cast<std::uint64_t>(header.height) * header.channels;
  const std::uint64_t needed = samples * bytes_per_sample;
  const std::uint64_t available = bytes.size() - header.raster_offset;
  if (available < needed)
    return Error{str_cat("'", name, "' is truncated: its header promises ", needed, " bytes of pixels (",
                         header.width, "x", header.height, "x", header.channels, "), the file holds ",
                         available)};
  Image image(header.width, header.height, header.channels);
  const auto* raster = reinterpret_cast<const unsigned char*>(bytes.data() + header.raster_offset);
  float* out = image.data();
  for (std::size_t i = 0; i < image.size(); ++i) {
    const unsigned sample = bytes_per_sample == 2 ? (unsigned{raster[2 * i]} << 8) | raster[2 * i + 1]
                                                  : unsigned{raster[i]};
    out[i] = std::min(1.0f, static_cast<float>(sample) / static_cast<float>(header.maxval));
  }
  return image;
}

}  // namespace dendrite
