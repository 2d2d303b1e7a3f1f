// replay_main.cpp — runs a libFuzzer entry point over stored inputs, without fuzzing.
//
// Linked with one fuzz_*.cpp into `replay_<target>` by fuzz/CMakeLists.txt for every normal build
// (gcc or clang, sanitizers or not), so CTest feeds each target its committed corpus — the seeds
// and every input that ever crashed it — in every test run:
//
//   replay_model_file fuzz/corpus/model_file [more folders or files...]
//
// Folders are read non-recursively in byte-wise name order. An input that crashes aborts the
// process like it would under libFuzzer; the replay fails when it found no input at all (a
// missing corpus must not pass silently). Prints one line per folder.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool replay_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // libFuzzer hands over a buffer of exactly `size` bytes; copy so ASan sees the same bounds.
  std::vector<std::uint8_t> buffer(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(buffer.data(), buffer.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_FOLDER_OR_FILE...\n", argv[0]);
    return 2;
  }
  std::size_t total = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path = argv[i];
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      if (!replay_file(path)) return 1;
      ++total;
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(path, error))
      if (entry.is_regular_file()) files.push_back(entry.path());
    if (error) {
      std::fprintf(stderr, "replay: cannot list %s: %s\n", path.c_str(), error.message().c_str());
      return 1;
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
      if (!replay_file(file)) return 1;
    std::printf("replayed %zu inputs from %s\n", files.size(), path.c_str());
    total += files.size();
  }
  if (total == 0) {
    std::fprintf(stderr, "replay: no inputs found\n");
    return 1;
  }
  std::printf("replayed %zu inputs in all, no crash\n", total);
  return 0;
}
