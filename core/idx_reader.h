// idx_reader.h — the IDX array format of (Fashion-)MNIST, plain or gzip-compressed.
//
// An IDX file is: two zero bytes, a type byte (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32,
// 0x0E f64), a dimension count, then that many big-endian u32 sizes, then the elements
// big-endian in row-major order. Debian's dataset-fashion-mnist ships
// /usr/share/datasets/fashion-mnist/{train,t10k}-images-idx3-ubyte.gz.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/image.h"
#include "core/status.h"

namespace dendrite {

struct IdxArray {
  std::uint8_t type = 0;
  std::vector<std::uint32_t> dimensions;
  std::vector<float> values;  // element values converted to float, row-major
};

struct IdxLimits {
  std::uint64_t max_file_bytes = 512ull << 20;
  std::uint64_t max_elements = 512ull << 20;  // after decompression
};

// Parses IDX bytes (already decompressed). `name` appears in error messages.
Result<IdxArray> parse_idx(const std::string& bytes, const std::string& name,
                           const IdxLimits& limits = {});
// Decompresses gzip bytes, refusing to produce more than max_bytes.
Result<std::string> gunzip(const std::string& bytes, const std::string& name,
                           std::uint64_t max_bytes);
// Reads a .idx or .idx.gz file (gzip is detected by its magic bytes, not by the name).
Result<IdxArray> read_idx(FileSystem& fs, const std::string& path, const IdxLimits& limits = {});

// Images from an array of shape [n][h][w] or [n][h][w][c]; u8 data is scaled by 1/255.
// limit == 0 takes all.
Result<std::vector<Image>> idx_to_images(const IdxArray& array, std::size_t limit = 0);

}  // namespace dendrite
