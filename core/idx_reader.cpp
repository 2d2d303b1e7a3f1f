#include "core/idx_reader.h"

#include <zlib.h>

#include <cstring>
#include <optional>

namespace dendrite {
namespace {

std::uint32_t read_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

int element_size(std::uint8_t type) {
  switch (type) {
    case 0x08: case 0x09: return 1;
    case 0x0B: return 2;
    case 0x0C: case 0x0D: return 4;
    case 0x0E: return 8;
    default: return 0;
  }
}

float read_element(std::uint8_t type, const unsigned char* p) {
  switch (type) {
    case 0x08: return static_cast<float>(p[0]);
    case 0x09: return static_cast<float>(static_cast<std::int8_t>(p[0]));
    case 0x0B: return static_cast<float>(static_cast<std::int16_t>((p[0] << 8) | p[1]));
    case 0x0C: return static_cast<float>(static_cast<std::int32_t>(read_be32(p)));
    case 0x0D: {
      const std::uint32_t bits = read_be32(p);
      float f;
      std::memcpy(&f, &bits, 4);
      return f;
    }
    case 0x0E: {
      const std::uint64_t bits = (std::uint64_t{read_be32(p)} << 32) | read_be32(p + 4);
      double d;
      std::memcpy(&d, &bits, 8);
      return static_cast<float>(d);
    }
    default: return 0.0f;
  }
}

// Inflates gzip bytes. More than max_bytes of output is an error, unless `prefix_only`: then the
// first max_bytes are the result (for reading a header without inflating the rest).
Result<std::string> inflate_gzip(const std::string& bytes, const std::string& name,
                                 std::uint64_t max_bytes, bool prefix_only) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
    return Error{str_cat("'", name, "': cannot start gzip decompression")};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[1 << 16];
  int result = Z_OK;
  while (result != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    result = inflate(&stream, Z_NO_FLUSH);
    if (result != Z_OK && result != Z_STREAM_END) {
      inflateEnd(&stream);
      return Error{str_cat("'", name, "' is not valid gzip data (",
                           stream.msg ? stream.msg : "truncated or corrupt", ")")};
    }
    const std::size_t produced = sizeof(buffer) - stream.avail_out;
    if (out.size() + produced > max_bytes) {
      inflateEnd(&stream);
      if (prefix_only) return out.append(buffer, static_cast<std::size_t>(max_bytes - out.size()));
      return Error{str_cat("'", name, "' decompresses to more than ", max_bytes, " bytes")};
    }
    out.append(buffer, produced);
    if (result == Z_OK && produced == 0 && stream.avail_in == 0) {
      inflateEnd(&stream);
      if (prefix_only) return out;
      return Error{str_cat("'", name, "' is a truncated gzip stream")};
    }
  }
  inflateEnd(&stream);
  return out;
}

// Total size (header and data) an IDX header announces, when the bytes start with a valid one.
std::optional<std::uint64_t> idx_size_from_header(const std::string& head, const IdxLimits& limits) {
  const auto* p = reinterpret_cast<const unsigned char*>(head.data());
  if (head.size() < 4 || p[0] != 0 || p[1] != 0 || element_size(p[2]) == 0 || p[3] == 0 || p[3] > 8)
    return std::nullopt;
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(p[3]);
  if (head.size() < header) return std::nullopt;
  std::uint64_t elements = 1;
  for (int d = 0; d < p[3]; ++d) {
    elements *= read_be32(p + 4 + 4 * d);
    if (elements > limits.max_elements) return std::nullopt;
  }
  return header + elements * static_cast<std::uint64_t>(element_size(p[2]));
}

}  // namespace

Result<std::string> gunzip(const std::string& bytes, const std::string& name,
                           std::uint64_t max_bytes) {
  return inflate_gzip(bytes, name, max_bytes, false);
}

Result<IdxArray> parse_idx(const std::string& bytes, const std::string& name,
                           const IdxLimits& limits) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < 4)
    return Error{str_cat("'", name, "' is too short for an IDX header (", bytes.size(), " bytes)")};
  if (p[0] != 0 || p[1] != 0)
    return Error{str_cat("'", name, "' is not an IDX file (the first two bytes must be zero)")};
  IdxArray array;
  array.type = p[2];
  const int size = element_size(array.type);
  if (size == 0)
    return Error{str_cat("'", name, "': unknown IDX element type 0x", std::hex, int{p[2]})};
  const int dims = p[3];
  if (dims == 0 || dims > 8)
    return Error{str_cat("'", name, "': IDX dimension count ", dims, " is not in 1..8")};
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(dims);
  if (bytes.size() < header)
    return Error{str_cat("'", name, "': truncated IDX header (", bytes.size(), " of ", header,
                         " bytes)")};
  std::uint64_t elements = 1;
  for (int d = 0; d < dims; ++d) {
    const std::uint32_t extent = read_be32(p + 4 + 4 * d);
    array.dimensions.push_back(extent);
    elements *= extent;
    if (elements > limits.max_elements)
      return Error{str_cat("'", name, "': IDX array has more than ", limits.max_elements,
                           " elements")};
  }
  const std::uint64_t expected = header + elements * static_cast<std::uint64_t>(size);
  if (bytes.size() < expected)
    return Error{str_cat("'", name, "': IDX data is truncated (", bytes.size(), " bytes, the header",
                         " needs ", expected, ")")};
  if (bytes.size() > expected)
    return Error{str_cat("'", name, "': ", bytes.size() - expected,
                         " unexpected bytes after the IDX data")};
  array.values.resize(static_cast<std::size_t>(elements));
  for (std::size_t i = 0; i < array.values.size(); ++i)
    array.values[i] = read_element(array.type, p + header + i * static_cast<std::size_t>(size));
  return array;
}

Result<IdxArray> read_idx(FileSystem& fs, const std::string& path, const IdxLimits& limits) {
  DENDRITE_ASSIGN_OR_RETURN(std::string bytes, fs.read_file(path, limits.max_file_bytes));
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
      static_cast<unsigned char>(bytes[1]) == 0x8b) {
    // Inflate no more than the header announces (a small .gz can inflate to gigabytes); with no
    // valid header, no more than the limits allow, and parse_idx says what is wrong.
    std::uint64_t cap = limits.max_elements * 8 + 4096;
    DENDRITE_ASSIGN_OR_RETURN(const std::string head, inflate_gzip(bytes, path, 4 + 4 * 8, true));
    if (const auto announced = idx_size_from_header(head, limits)) cap = *announced;
    DENDRITE_ASSIGN_OR_RETURN(bytes, gunzip(bytes, path, cap));
  }
  return parse_idx(bytes, path, limits);
}

Result<std::vector<Image>> idx_to_images(const IdxArray& array, std::size_t limit) {
  const auto& d = array.dimensions;
  if (d.size() != 3 && d.size() != 4)
    return Error{str_cat("an IDX array of ", d.size(),
                         " dimensions is not a stack of images (need [n][h][w] or [n][h][w][c])")};
  const std::size_t count = limit == 0 ? d[0] : std::min<std::size_t>(limit, d[0]);
  const int height = static_cast<int>(d[1]);
  const int width = static_cast<int>(d[2]);
  const int channels = d.size() == 4 ? static_cast<int>(d[3]) : 1;
  if (height <= 0 || width <= 0 || channels <= 0)
    return Error{"an IDX image stack has an empty dimension"};
  const float scale = array.type == 0x08 ? 1.0f / 255.0f : 1.0f;
  std::vector<Image> images;
  images.reserve(count);
  const std::size_t per_image = static_cast<std::size_t>(height) * width * channels;
  for (std::size_t i = 0; i < count; ++i) {
    Image image(width, height, channels);
    const float* src = array.values.data() + i * per_image;
    for (std::size_t k = 0; k < per_image; ++k) image.data()[k] = src[k] * scale;
    images.push_back(std::move(image));
  }
  return images;
}

}  // namespace dendrite
