// fuzz_idx.cpp — fuzz target: the IDX reader (core/idx_reader.h): gunzip when the bytes start with
// the gzip magic (as read_idx does), parse_idx, then idx_to_images as `dendrite-cli train` and
// `import-idx` do.
//
// Decompression is capped at 16 MiB here (read_idx allows 8 bytes per permitted element) to stay
// within libFuzzer's memory limit; the cap check is the same code.
//
// Properties beyond "no crash, no sanitizer report":
//   - a refused input has an error naming it;
//   - gunzip never returns more than its cap;
//   - a parsed array holds exactly the product of its dimensions in values;
//   - images made from it have the array's height, width and channels.
#include <cstdint>
#include <string>

#include "core/idx_reader.h"
#include "fuzz/fuzz_check.h"

using namespace dendrite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  constexpr std::uint64_t kGunzipCap = 16u << 20;
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
    auto inflated = gunzip(bytes, "fuzz.idx.gz", kGunzipCap);
    if (!inflated) {
      FUZZ_CHECK(inflated.message().find("fuzz.idx.gz") != std::string::npos, inflated.message());
      return 0;
    }
    FUZZ_CHECK(inflated->size() <= kGunzipCap, "gunzip passed its cap");
    bytes = std::move(*inflated);
  }
  auto array = parse_idx(bytes, "fuzz.idx");
  if (!array) {
    FUZZ_CHECK(array.message().find("fuzz.idx") != std::string::npos, array.message());
    return 0;
  }
  std::uint64_t elements = 1;
  for (const std::uint32_t d : array->dimensions) elements *= d;
  FUZZ_CHECK(array->values.size() == elements, "value count differs from the dimensions");
  auto images = idx_to_images(*array, 4);
  if (!images) return 0;
  for (const Image& image : *images) {
    FUZZ_CHECK(image.height() == static_cast<int>(array->dimensions[1]) &&
                   image.width() == static_cast<int>(array->dimensions[2]),
               "image size differs from the dimensions");
  }
  return 0;
}
