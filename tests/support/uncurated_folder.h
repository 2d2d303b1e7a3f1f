// uncurated_folder.h — the folder nobody curated (DESIGN.md §6), for the end-to-end bad-data tests
// of the CLI and the desktop app.
//
// make_uncurated_folder(folder) writes 20 good 8×8 gray PNGs (good-00.png … good-19.png) and:
// truncated.png (intact header, half the data), zero.png (0 bytes), huge.png (a header claiming
// 60000×60000), notes.png (a text file), other-size.png (12×10), and deep.png (a 16-bit 8×8 PNG
// that must load). 21 images are usable at 8×8; 22 when resizing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace dendrite::testing {

// The five files that must be reported (each exactly once) and skipped at 8×8.
const std::vector<std::string>& uncurated_bad_files();

// Sample (x, y) of deep.png, the 16-bit image (its values use the low byte too).
std::uint16_t uncurated_ramp16(int x, int y);

// A gray PNG of any size with 8 or 16 bits per sample; `value` gives each sample. Without data,
// the IDAT chunk holds 16 zero bytes (for headers that must be refused before decoding).
std::string gray_png(std::uint32_t width, std::uint32_t height, int bits, std::uint16_t (*value)(int, int),
                     bool with_data = true);

Status make_uncurated_folder(const std::string& folder);

}  // namespace dendrite::testing
