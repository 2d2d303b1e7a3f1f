#include "core/stb_guard.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace dendrite {
namespace {

// Walks a JPEG's marker segments the way a decoder meets them — including those between the
// scans of a progressive file (entropy-coded data is skipped: inside it 0xFF is followed only by a
// stuffed 0x00 or an RSTn marker) — and checks every DHT (define Huffman table) segment, and that
// every scan (SOS) uses only Huffman tables an earlier DHT defined: stb 2.27 decodes with an
// undefined table's uninitialised memory (a symbol index read far past its 256-entry table;
// found by fuzz/fuzz_image.cpp, fuzz/corpus/image/crash-undefined-huffman-table.jpg).
Status check_jpeg_huffman_tables(const std::string& bytes, const std::string& name) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  bool defined[2][4] = {};   // [class: 0 DC, 1 AC][table id]
  bool progressive = false;  // SOF2: a scan decodes DC or AC coefficients, not both
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
        const unsigned table_class = byte_at(p) >> 4, id = byte_at(p) & 15;
        if (table_class < 2 && id < 4) defined[table_class][id] = true;
        unsigned codes = 0;
        for (std::size_t k = 1; k <= 16; ++k) codes += byte_at(p + k);
        if (codes > 256)
          return Error{str_cat("'", name, "' is a corrupt JPEG: a Huffman table (byte ", p,
                               ") defines ", codes, " codes, more than 256")};
        p += 17 + codes;
      }
    }
    if (marker == 0xC2) progressive = true;
    if (marker == 0xDA && i + 4 < size) {
      // Ns, then per component (selector, DC table << 4 | AC table), then Ss, Se, Ah << 4 | Al.
      const std::size_t count = b[i + 4];
      const std::size_t spectral = i + 5 + 2 * count;
      if (spectral + 2 < size) {
        const bool dc_scan = !progressive || b[spectral] == 0;
        const bool dc_first = !progressive || (b[spectral + 2] >> 4) == 0;  // refinements read raw bits
        const bool ac_scan = !progressive || b[spectral] > 0;
        for (std::size_t c = 0; c < count; ++c) {
          const unsigned dc = b[i + 6 + 2 * c] >> 4, ac = b[i + 6 + 2 * c] & 15;
          // Ids over 3 stb refuses itself.
          if (dc_scan && dc_first && dc < 4 && !defined[0][dc])
            return Error{str_cat("'", name, "' is a corrupt JPEG: the scan at byte ", i,
                                 " uses DC Huffman table ", dc, ", which no table definition before it defines")};
          if (ac_scan && ac < 4 && !defined[1][ac])
            return Error{str_cat("'", name, "' is a corrupt JPEG: the scan at byte ", i,
                                 " uses AC Huffman table ", ac, ", which no table definition before it defines")};
        }
      }
    }
    i += 2 + length;
  }
  return Status::ok();
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

Status check_png_inflated_size(const std::string& bytes, const std::string& name) {
  if (bytes.size() < 8 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n", 8) != 0) return Status::ok();
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  std::uint64_t width = 0, height = 0;
  int bits = 0, channels = 0;
  bool raw_deflate = false;  // Apple's CgBI PNGs store deflate data without the zlib header
  struct Slice {
    const unsigned char* data;
    std::size_t size;
  };
  std::vector<Slice> idat;
  for (std::size_t pos = 8; pos + 8 <= bytes.size();) {
    const std::size_t length = be32(b + pos);
    const std::string type(bytes, pos + 4, 4);
    const std::size_t data = pos + 8;
    const std::size_t available = std::min<std::size_t>(length, bytes.size() - data);
    if (type == "CgBI") raw_deflate = true;
    if (type == "IHDR" && available >= 13) {
      width = be32(b + data);
      height = be32(b + data + 4);
      bits = b[data + 8];
      static const int kChannels[7] = {1, 0, 3, 1, 2, 0, 4};
      channels = b[data + 9] <= 6 ? kChannels[b[data + 9]] : 0;
    }
    // stb grows its IDAT buffer to the chunk's claimed length (doubling, up to 4 GiB) before it
    // finds the file too short: a 439-byte file could make it allocate 2 GiB.
    if (type == "IDAT" && length > bytes.size() - data)
      return Error{str_cat("'", name, "' could not be decoded (corrupt PNG: the IDAT chunk at byte ", pos,
                           " claims ", length, " bytes, the file has ", bytes.size() - data, " left)")};
    if (type == "IDAT") idat.push_back({b + data, available});
    if (type == "IEND" || length > bytes.size()) break;
    pos = data + length + 4;  // data and CRC
  }
  if (width == 0 || height == 0 || bits == 0 || channels == 0 || idat.empty()) return Status::ok();
  // Filtered rows: one filter byte and ceil(width·channels·bits / 8) bytes each; Adam7 interlacing
  // adds at most one filter byte and one partial byte per row of each of its 7 passes.
  const std::uint64_t row_bytes = (width * static_cast<std::uint64_t>(channels) * bits + 7) / 8;
  const std::uint64_t needed = height * (1 + row_bytes) + 7 * 2 * (height + 8);

  z_stream stream{};
  if (inflateInit2(&stream, raw_deflate ? -MAX_WBITS : MAX_WBITS) != Z_OK) return Status::ok();
  std::vector<unsigned char> scratch(1 << 16);  // output is counted, not kept
  std::uint64_t produced = 0;
  bool over = false, done = false;
  for (const Slice& slice : idat) {
    stream.next_in = const_cast<Bytef*>(slice.data);
    stream.avail_in = static_cast<uInt>(slice.size);
    while (stream.avail_in > 0 && !over && !done) {
      stream.next_out = scratch.data();
      stream.avail_out = static_cast<uInt>(scratch.size());
      const int result = inflate(&stream, Z_NO_FLUSH);
      produced += scratch.size() - stream.avail_out;
      over = produced > needed;
      done = result != Z_OK;  // the end of the stream, or an error stb will report
    }
    if (over || done) break;
  }
  inflateEnd(&stream);
  if (over)
    return Error{str_cat("'", name, "' is a corrupt PNG: its pixel data inflates to more than ", needed,
                         " bytes, all that ", width, "x", height, " pixels can use; not decoded")};
  return Status::ok();
}

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
