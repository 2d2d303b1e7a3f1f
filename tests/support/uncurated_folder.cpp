#include "tests/support/uncurated_folder.h"

#include <zlib.h>

#include "core/file_system.h"
#include "core/image.h"
#include "core/image_io.h"
#include "core/random.h"
#include "tests/support/test_files.h"

namespace dendrite::testing {

namespace {

void append_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void append_chunk(std::string& png, const char* type, const std::string& payload) {
  append_be32(png, static_cast<std::uint32_t>(payload.size()));
  const std::string body = std::string(type, 4) + payload;
  png += body;
  append_be32(png, static_cast<std::uint32_t>(
                       crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

}  // namespace

std::string gray_png(std::uint32_t width, std::uint32_t height, int bits, std::uint16_t (*value)(int, int),
                     bool with_data) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  append_be32(header, width);
  append_be32(header, height);
  header += std::string{static_cast<char>(bits), 0, 0, 0, 0};  // gray, deflate, no filter, no interlace
  append_chunk(png, "IHDR", header);
  if (with_data) {
    std::string raw;  // rows: filter byte 0, then samples big-endian
    for (std::uint32_t y = 0; y < height; ++y) {
      raw.push_back('\0');
      for (std::uint32_t x = 0; x < width; ++x) {
        const std::uint16_t v = value(static_cast<int>(x), static_cast<int>(y));
        if (bits == 16) raw.push_back(static_cast<char>(v >> 8));
        raw.push_back(static_cast<char>(v & 0xFF));
      }
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string compressed(size, '\0');
    compress(reinterpret_cast<Bytef*>(compressed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
             static_cast<uLong>(raw.size()));
    compressed.resize(size);
    append_chunk(png, "IDAT", compressed);
  } else {
    append_chunk(png, "IDAT", std::string(16, '\0'));
  }
  append_chunk(png, "IEND", "");
  return png;
}

std::uint16_t uncurated_ramp16(int x, int y) { return static_cast<std::uint16_t>((x * 8 + y) * 1021); }


const std::vector<std::string>& uncurated_bad_files() {
  static const std::vector<std::string> names = {"truncated.png", "zero.png", "huge.png", "notes.png",
                                                 "other-size.png"};
  return names;
}

Status make_uncurated_folder(const std::string& folder) {
  DENDRITE_TRY(real_file_system().create_directories(folder));
  const auto at = [&](const std::string& name) { return folder + "/" + name; };
  Rng rng(21, RandomStream::kMisc);
  for (int i = 0; i < 20; ++i) {
    Image image(8, 8, 1);
    for (std::size_t k = 0; k < image.size(); ++k) image.data()[k] = rng.uniform01();
    DENDRITE_TRY(save_png(at(str_cat("good-", i < 10 ? "0" : "", i, ".png")), image));
  }
  const std::string good = read_bytes(at("good-00.png"));
  if (good.size() <= 60) return Error{"good-00.png came out too small to truncate"};
  bool written = write_bytes(at("truncated.png"), good.substr(0, good.size() / 2)) &&
                 write_bytes(at("zero.png"), "") &&
                 write_bytes(at("huge.png"), gray_png(60000, 60000, 8, uncurated_ramp16, false)) &&
                 write_bytes(at("notes.png"), "these are my notes, not an image\n") &&
                 write_bytes(at("deep.png"), gray_png(8, 8, 16, uncurated_ramp16));
  if (!written) return Error{str_cat("cannot write the bad files into ", folder)};
  return save_png(at("other-size.png"), Image(12, 10, 1, 0.5f));
}

}  // namespace dendrite::testing
