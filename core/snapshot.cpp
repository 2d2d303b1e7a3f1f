#include "core/snapshot.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace dendrite {
namespace {

std::string stem(const std::string& path) {
  std::string name = file_name(path);
  const std::string suffix = ".dendrite";
  if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
    name.resize(name.size() - suffix.size());
  return name;
}

}  // namespace

std::string snapshot_path(const std::string& model_path, std::uint64_t step) {
  return join_path(parent_directory(model_path), str_cat(stem(model_path), "-", step, ".dendrite"));
}

Status write_snapshot(FileSystem& fs, const std::string& model_path, const ModelFile& model,
                      std::uint64_t step, std::uint64_t keep) {
  const std::string bytes = serialize_model(model);
  DENDRITE_TRY(write_file_atomically(fs, model_path, bytes));
  if (keep == 0) return Status::ok();
  DENDRITE_TRY(write_file_atomically(fs, snapshot_path(model_path, step), bytes));
  // Remove kept snapshots beyond the newest `keep`.
  const std::string directory = parent_directory(model_path);
  const std::string prefix = stem(model_path) + "-";
  auto entries = fs.list_directory(directory);
  if (!entries) return Error{entries.message()};
  std::vector<std::pair<std::uint64_t, std::string>> kept;
  for (const DirectoryEntry& e : *entries) {
    if (e.name.rfind(prefix, 0) != 0 || e.name.size() <= prefix.size() + 9) continue;
    const std::string middle = e.name.substr(prefix.size(), e.name.size() - prefix.size() - 9);
    if (e.name.compare(e.name.size() - 9, 9, ".dendrite") != 0 || middle.empty() ||
        !std::all_of(middle.begin(), middle.end(), [](unsigned char c) { return std::isdigit(c); }))
      continue;
    kept.emplace_back(std::stoull(middle), join_path(directory, e.name));
  }
  std::sort(kept.begin(), kept.end());
  while (kept.size() > keep) {
    DENDRITE_TRY(fs.remove(kept.front().second));
    kept.erase(kept.begin());
  }
  return Status::ok();
}

}  // namespace dendrite
