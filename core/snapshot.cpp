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

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

Result<std::size_t> remove_interrupted_saves(FileSystem& fs, const std::string& model_path) {
  const std::string directory = parent_directory(model_path);
  const std::string name = file_name(model_path);
  const std::string kept_prefix = "." + stem(model_path) + "-";
  constexpr std::size_t kRandom = 6;  // mkostemp's XXXXXX
  DENDRITE_ASSIGN_OR_RETURN(std::vector<DirectoryEntry> entries, fs.list_directory(directory));
  std::size_t removed = 0;
  for (const DirectoryEntry& e : entries) {
    if (!e.is_regular_file) continue;
    const auto tmp = e.name.rfind(".tmp-");
    if (tmp == std::string::npos || e.name.size() != tmp + 5 + kRandom) continue;
    const std::string saved = e.name.substr(0, tmp);  // ".name.dendrite" or ".name-STEP.dendrite"
    const bool model = saved == "." + name;
    const bool kept = saved.rfind(kept_prefix, 0) == 0 && saved.size() > kept_prefix.size() + 9 &&
                      saved.compare(saved.size() - 9, 9, ".dendrite") == 0 &&
                      all_digits(saved.substr(kept_prefix.size(), saved.size() - kept_prefix.size() - 9));
    if (!model && !kept) continue;
    DENDRITE_TRY(fs.remove(join_path(directory, e.name)));
    ++removed;
  }
  return removed;
}

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
    if (e.name.compare(e.name.size() - 9, 9, ".dendrite") != 0 || !all_digits(middle)) continue;
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
