// fault_file_system.h — a FileSystem that fails on demand, for tests.
//
// The tests run as root, so the real file system never refuses to list a directory or read a
// file, and no test can fill a disk. FaultFileSystem forwards every call to the real POSIX file
// system, except the ones it has been told to fail: listing or reading chosen paths ("Permission
// denied"), and each step of an atomic write (creating the temp file, writing — half the bytes
// land, then "No space left on device" —, syncing, closing, renaming, syncing the directory).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/file_system.h"

namespace dendrite::testing {

enum class WriteStep { kCreateTemp, kWrite, kSync, kClose, kRename, kSyncDirectory };
const char* write_step_name(WriteStep step);
std::vector<WriteStep> all_write_steps();

class FaultFileSystem final : public FileSystem {
 public:
  FaultFileSystem() : real_(real_file_system()) {}

  // list_directory(path) fails as if the directory were mode 000 and we were not root.
  void deny_directory(const std::string& path) { denied_directories_.insert(path); }
  // read_file(path) fails the same way.
  void deny_file(const std::string& path) { denied_files_.insert(path); }
  // Atomic-write steps of this kind fail, every time until cleared — after letting the next
  // `succeed_first` attempts through (1: the second write of a snapshot fails, not the first).
  void fail_at(WriteStep step, int succeed_first = 0) {
    failing_steps_[step] = attempts(step) + succeed_first;
  }
  void clear_faults() {
    denied_directories_.clear();
    denied_files_.clear();
    failing_steps_.clear();
  }

  // How often each step was attempted, and every temp file created.
  int attempts(WriteStep step) const;
  const std::vector<std::string>& temp_files() const { return temp_files_; }
  // Paths list_directory / read_file were asked for, in order.
  const std::vector<std::string>& listed() const { return listed_; }
  const std::vector<std::string>& read() const { return read_; }

  Result<std::vector<DirectoryEntry>> list_directory(const std::string& path) override;
  Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) override;
  Result<std::uint64_t> file_size(const std::string& path) override { return real_.file_size(path); }
  bool is_directory(const std::string& path) override { return real_.is_directory(path); }
  bool exists(const std::string& path) override { return real_.exists(path); }
  Result<std::unique_ptr<WritableFile>> create_temp(const std::string& directory,
                                                    const std::string& prefix) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status remove(const std::string& path) override { return real_.remove(path); }
  Status sync_directory(const std::string& directory) override;
  Status create_directories(const std::string& path) override {
    return real_.create_directories(path);
  }
  Result<std::string> canonical_path(const std::string& path) override {
    return real_.canonical_path(path);
  }

  // Used by the writable-file wrapper.
  bool should_fail(WriteStep step);

 private:
  FileSystem& real_;
  std::set<std::string> denied_directories_;
  std::set<std::string> denied_files_;
  std::map<WriteStep, int> failing_steps_;  // step → attempts that still succeed before it fails
  std::map<WriteStep, int> attempts_;
  std::vector<std::string> temp_files_;
  std::vector<std::string> listed_;
  std::vector<std::string> read_;
};

}  // namespace dendrite::testing
