#include "core/stb_guard.h"

#include <cstdint>

namespace dendrite {
namespace {

// Walks a JPEG's marker segments the way a decoder meets them — including those between the
// scans of a progressive file (entropy-coded data is skipped: inside it 0xFF is followed only by a
// stuffed 0x00 or an RSTn marker) — and checks every DHT (define Huffman table) segment.
Status check_jpeg_huffman_tables(const std::string& bytes, const std::string& name) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 2;  // after SOI
  while (i + 1 < size) {
    if (b[i] != 0xFF) {  // entropy-coded data
      ++i;
      continue;
    }
    const unsigned marker = b[i + 1];
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD8) || marker == 0x01) {
      i += 2;  // stuffed 0xFF, RSTn, SOI, TEM: no length
      continue;
    }
    if (marker == 0xD9) break;  // EOI: decoders stop here
    if (i + 4 > size) break;
    const std::size_t length = (std::size_t{b[i + 2]} << 8) | b[i + 3];  // includes its 2 bytes
    if (marker == 0xC4) {
      // One or more tables: class/id byte, 16 code counts, then that many symbol values. stb reads
      // past the end of the bytes as zeros, and so does this count.
      auto byte_at = [&](std::size_t k) -> unsigned { return k < size ? b[k] : 0u; };
      std::size_t p = i + 4;
      const std::size_t end = i + 2 + length;
      while (p < end && p < size) {
        unsigned codes = 0;
        for (std::size_t k = 1; k <= 16; ++k) codes += byte_at(p + k);
        if (codes > 256)
          return Error{str_cat("'", name, "' is a corrupt JPEG: a Huffman table (byte ", p,
                               ") defines ", codes, " codes, more than 256")};
        p += 17 + codes;
      }
    }
    i += 2 + length;
  }
  return Status::ok();
}

}  // namespace

Status check_stb_safe(const std::string& bytes, const std::string& name) {
  auto starts_with = [&](const char* signature, std::size_t length) {
    return bytes.size() >= length && bytes.compare(0, length, signature, length) == 0;
  };
  if (starts_with("\xFF\xD8", 2)) return check_jpeg_huffman_tables(bytes, name);
  if (starts_with("\x89PNG\r\n\x1a\n", 8) || starts_with("BM", 2) || starts_with("GIF87a", 6) ||
      starts_with("GIF89a", 6))
    return Status::ok();
  return Error{str_cat("'", name, "' is not a readable image (unknown format; Dendrite reads PNG, "
                       "JPEG, BMP, GIF and binary PGM/PPM)")};
}

}  // namespace dendrite
