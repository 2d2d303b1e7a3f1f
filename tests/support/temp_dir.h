// temp_dir.h — a temporary directory removed with everything in it when the object goes away;
// for plain-harness suites, which link no Qt (QTemporaryDir is the Qt Test suites' choice).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace dendrite::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dendrite-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool valid() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace dendrite::testing
