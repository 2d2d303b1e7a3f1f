// file_system.h — the injectable file layer.
//
// Every file the engine reads or writes goes through a FileSystem, so tests can make a directory
// unreadable, a write fail half-way or a disk fill up — failures the root user running the tests
// would never see from the real file system. `real_file_system()` is the POSIX implementation.
//
// write_file_atomically() is how models, snapshots and exports are saved: a temp file in the same
// directory, every byte written and fsync'ed, renamed over the target, then the directory fsync'ed.
// A crash or an I/O error at any point leaves either the old file or the new one, never a mix.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace dendrite {

struct DirectoryEntry {
  std::string name;  // file name only
  bool is_directory = false;
  bool is_regular_file = false;
  std::uint64_t size = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status write(const void* data, std::size_t size) = 0;
  virtual Status sync() = 0;
  virtual Status close() = 0;
  virtual const std::string& path() const = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Result<std::vector<DirectoryEntry>> list_directory(const std::string& path) = 0;
  // Reads a whole file; fails when it is larger than max_bytes (nothing is allocated then).
  virtual Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) = 0;
  virtual Result<std::uint64_t> file_size(const std::string& path) = 0;
  virtual bool is_directory(const std::string& path) = 0;
  virtual bool exists(const std::string& path) = 0;
  // Creates a new, empty file with a unique name in `directory`, starting with `prefix`.
  virtual Result<std::unique_ptr<WritableFile>> create_temp(const std::string& directory,
                                                            const std::string& prefix) = 0;
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  virtual Status remove(const std::string& path) = 0;
  virtual Status sync_directory(const std::string& directory) = 0;
  virtual Status create_directories(const std::string& path) = 0;
  // The path with symbolic links, "." and ".." resolved (realpath), so a folder reached twice
  // (a symlink loop, or two links to one folder) is recognised. The default returns `path`.
  virtual Result<std::string> canonical_path(const std::string& path) { return path; }
};

FileSystem& real_file_system();

// Directory part of a path ("." when there is none) and file-name part.
std::string parent_directory(const std::string& path);
std::string file_name(const std::string& path);
std::string join_path(const std::string& directory, const std::string& name);
// Lower-case extension without the dot ("png"), or "".
std::string file_extension(const std::string& path);

// Atomic replace of `path` with `bytes` (see the header comment). On failure the temp file is
// removed and `path` is untouched.
Status write_file_atomically(FileSystem& fs, const std::string& path, const std::string& bytes);

}  // namespace dendrite
