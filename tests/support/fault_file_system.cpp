#include "tests/support/fault_file_system.h"

#include <utility>

namespace dendrite::testing {
namespace {

class FaultWritableFile final : public WritableFile {
 public:
  FaultWritableFile(FaultFileSystem& fs, std::unique_ptr<WritableFile> real)
      : fs_(fs), real_(std::move(real)) {}

  Status write(const void* data, std::size_t size) override {
    if (fs_.should_fail(WriteStep::kWrite)) {
      // A disk that fills up half-way: some bytes land in the temp file, then the write fails.
      Status partial = real_->write(data, size / 2);
      if (!partial) return partial;
      return Error{str_cat("cannot write '", real_->path(), "': No space left on device")};
    }
    return real_->write(data, size);
  }
  Status sync() override {
    if (fs_.should_fail(WriteStep::kSync))
      return Error{str_cat("cannot sync '", real_->path(), "': Input/output error")};
    return real_->sync();
  }
  Status close() override {
    if (fs_.should_fail(WriteStep::kClose)) {
      (void)real_->close();  // the descriptor is gone either way, as with close(2)
      return Error{str_cat("cannot close '", real_->path(), "': Input/output error")};
    }
    return real_->close();
  }
  const std::string& path() const override { return real_->path(); }

 private:
  FaultFileSystem& fs_;
  std::unique_ptr<WritableFile> real_;
};

}  // namespace

const char* write_step_name(WriteStep step) {
  switch (step) {
    case WriteStep::kCreateTemp: return "create-temp";
    case WriteStep::kWrite: return "write";
    case WriteStep::kSync: return "sync";
    case WriteStep::kClose: return "close";
    case WriteStep::kRename: return "rename";
    case WriteStep::kSyncDirectory: return "sync-directory";
  }
  return "?";
}

std::vector<WriteStep> all_write_steps() {
  return {WriteStep::kCreateTemp, WriteStep::kWrite,  WriteStep::kSync,
          WriteStep::kClose,      WriteStep::kRename, WriteStep::kSyncDirectory};
}

int FaultFileSystem::attempts(WriteStep step) const {
  const auto it = attempts_.find(step);
  return it == attempts_.end() ? 0 : it->second;
}

bool FaultFileSystem::should_fail(WriteStep step) {
  const int attempt = ++attempts_[step];
  const auto failing = failing_steps_.find(step);
  return failing != failing_steps_.end() && attempt > failing->second;
}

Result<std::vector<DirectoryEntry>> FaultFileSystem::list_directory(const std::string& path) {
  listed_.push_back(path);
  if (denied_directories_.count(path) != 0)
    return Error{str_cat("cannot open directory '", path, "': Permission denied")};
  return real_.list_directory(path);
}

Result<std::string> FaultFileSystem::read_file(const std::string& path, std::uint64_t max_bytes) {
  read_.push_back(path);
  if (denied_files_.count(path) != 0)
    return Error{str_cat("cannot open '", path, "': Permission denied")};
  return real_.read_file(path, max_bytes);
}

Result<std::unique_ptr<WritableFile>> FaultFileSystem::create_temp(const std::string& directory,
                                                                  const std::string& prefix) {
  if (should_fail(WriteStep::kCreateTemp))
    return Error{str_cat("cannot create a temporary file in '", directory,
                         "': No space left on device")};
  auto real = real_.create_temp(directory, prefix);
  if (!real) return Error{real.message()};
  temp_files_.push_back((*real)->path());
  return std::unique_ptr<WritableFile>(new FaultWritableFile(*this, std::move(*real)));
}

Status FaultFileSystem::rename(const std::string& from, const std::string& to) {
  if (should_fail(WriteStep::kRename))
    return Error{str_cat("cannot rename to '", to, "': Read-only file system")};
  return real_.rename(from, to);
}

Status FaultFileSystem::sync_directory(const std::string& directory) {
  if (should_fail(WriteStep::kSyncDirectory))
    return Error{str_cat("cannot sync directory '", directory, "': Input/output error")};
  return real_.sync_directory(directory);
}

}  // namespace dendrite::testing
