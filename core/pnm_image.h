// pnm_image.h — binary Netpbm images (P5 gray, P6 RGB), decoded here rather than by stb_image.
//
// stb_image 2.27 (Debian 12's libstb) gets three things wrong for these files: it reads 16-bit
// samples in host byte order (Netpbm stores them most significant byte first), it ignores maxval
// (a maxval-15 file comes out nearly black), and it fills the missing part of a truncated file
// with uninitialised memory instead of failing. This decoder follows the Netpbm specification:
//
//   "P5" or "P6", whitespace, width, whitespace, height, whitespace, maxval (1..65535), one
//   whitespace character, then height rows of width pixels of 1 (P5) or 3 (P6) samples, each
//   one byte when maxval < 256 and two bytes, big-endian, otherwise. '#' starts a comment that
//   runs to the end of the line, anywhere in the header.
//
// Values are sample / maxval, so they lie in [0, 1] (samples above maxval are clamped).
#pragma once

#include <string>

#include "core/image.h"
#include "core/image_io.h"
#include "core/status.h"

namespace dendrite {

// True when the bytes start like a binary PGM or PPM ("P5" / "P6" and whitespace).
bool looks_like_binary_pnm(const std::string& bytes);

// Header only: size, channels, and whether samples are 16-bit. `name` is used in errors.
Result<ImageInfo> probe_pnm(const std::string& bytes, const std::string& name);

// The whole image; fails when the raster is shorter than the header promises. Callers check the
// header against their ImageBudget first (decode_image does).
Result<Image> decode_pnm(const std::string& bytes, const std::string& name);

}  // namespace dendrite
