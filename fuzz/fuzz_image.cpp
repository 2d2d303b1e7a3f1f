// fuzz_image.cpp — fuzz target: the image loader (core/image_io.h decode_image, which probes the
// header, checks it against an ImageBudget, then decodes with stb_image or core/pnm_image.h).
//
// The budget here is far smaller than the default (16 Kpixel, 512 per side) so that a header the
// budget accepts decodes quickly (stb decodes a corrupt file's claimed size in full) and within
// libFuzzer's memory limit; the checks are the same code.
//
// Properties beyond "no crash, no sanitizer report":
//   - a refused input has an error naming it;
//   - a decoded image has the size the header promised (so the budget check saw the real size),
//     stays within the budget, and every value lies in [0, 1];
//   - it converts to 1 and 3 channels.
#include <cmath>
#include <cstdint>
#include <string>

#include "core/image.h"
#include "core/image_io.h"
#include "fuzz/fuzz_check.h"

using namespace dendrite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  ImageBudget budget;
  budget.max_dimension = 512;
  budget.max_pixels = 1u << 14;
  auto image = decode_image(bytes, "fuzz.img", budget);
  if (!image) {
    FUZZ_CHECK(image.message().find("fuzz.img") != std::string::npos, image.message());
    return 0;
  }
  auto info = probe_image(bytes, "fuzz.img");
  FUZZ_CHECK(info.is_ok(), info.message());
  FUZZ_CHECK(image->width() == info->width && image->height() == info->height,
             str_cat("header says ", info->width, "x", info->height, ", decoded ", image->width(),
                     "x", image->height()));
  FUZZ_CHECK(image->width() <= budget.max_dimension && image->height() <= budget.max_dimension,
             "over the budget");
  const float* values = image->data();
  for (std::size_t i = 0; i < image->size(); ++i)
    FUZZ_CHECK(values[i] >= 0.0f && values[i] <= 1.0f, str_cat("value ", values[i], " at ", i));
  for (const int channels : {1, 3}) {
    const Image converted = convert_channels(*image, channels);
    FUZZ_CHECK(converted.channels() == channels && converted.width() == image->width(),
               "convert_channels");
  }
  return 0;
}
