// test_files.h — small helpers the test suites share: raw file bytes and fixture paths.
#pragma once

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace dendrite::testing {

// tests/data/NAME (the directory comes from CMake as DENDRITE_TEST_DATA_DIR).
inline std::string fixture_path(const std::string& name) {
  return std::string(DENDRITE_TEST_DATA_DIR) + "/" + name;
}

inline bool write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// The whole file, or "" when it cannot be opened (callers compare against expected contents).
inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace dendrite::testing
