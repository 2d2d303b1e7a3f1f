#include "core/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dendrite {
namespace {

// The process umask, read without changing it (umask(2) can only set it, which would race with
// other threads creating files): Linux reports it in /proc/self/status. 022 when unknown.
mode_t current_umask() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return 022;
  char line[256];
  unsigned mask = 022;
  while (std::fgets(line, sizeof(line), status) != nullptr)
    if (std::sscanf(line, "Umask: %o", &mask) == 1) break;
  std::fclose(status);
  return static_cast<mode_t>(mask);
}

Error errno_error(const std::string& what, const std::string& path, int error_number) {
  return Error{str_cat(what, " '", path, "': ", std::strerror(error_number))};
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status write(const void* data, std::size_t size) override {
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
      const ssize_t written = ::write(fd_, bytes, size);
      if (written < 0) {
        if (errno == EINTR) continue;
        return errno_error("cannot write", path_, errno);
      }
      bytes += written;
      size -= static_cast<std::size_t>(written);
    }
    return Status::ok();
  }
  Status sync() override {
    if (::fsync(fd_) != 0) return errno_error("cannot sync", path_, errno);
    return Status::ok();
  }
  Status close() override {
    if (fd_ < 0) return Status::ok();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return errno_error("cannot close", path_, errno);
    return Status::ok();
  }
  const std::string& path() const override { return path_; }

 private:
  int fd_;
  std::string path_;
};

class PosixFileSystem final : public FileSystem {
 public:
  Result<std::vector<DirectoryEntry>> list_directory(const std::string& path) override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return errno_error("cannot open directory", path, errno);
    std::vector<DirectoryEntry> entries;
    errno = 0;
    while (dirent* item = ::readdir(dir)) {
      const std::string name = item->d_name;
      if (name == "." || name == "..") continue;
      DirectoryEntry entry;
      entry.name = name;
      struct stat info {};
      if (::stat(join_path(path, name).c_str(), &info) == 0) {
        entry.is_directory = S_ISDIR(info.st_mode);
        entry.is_regular_file = S_ISREG(info.st_mode);
        entry.size = static_cast<std::uint64_t>(info.st_size);
      }
      entries.push_back(std::move(entry));
    }
    const int read_error = errno;
    ::closedir(dir);
    if (read_error != 0) return errno_error("cannot read directory", path, read_error);
    std::sort(entries.begin(), entries.end(),
              [](const DirectoryEntry& a, const DirectoryEntry& b) { return a.name < b.name; });
    return entries;
  }

  Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno_error("cannot open", path, errno);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      const int e = errno;
      ::close(fd);
      return errno_error("cannot stat", path, e);
    }
    if (S_ISDIR(info.st_mode)) {
      ::close(fd);
      return Error{str_cat("'", path, "' is a directory, not a file")};
    }
    if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
      ::close(fd);
      return Error{str_cat("'", path, "' is ", info.st_size, " bytes, more than the limit of ",
                           max_bytes)};
    }
    std::string bytes;
    bytes.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (got < 0) {
        if (errno == EINTR) continue;
        const int e = errno;
        ::close(fd);
        return errno_error("cannot read", path, e);
      }
      if (got == 0) break;  // the file shrank while we read it
      done += static_cast<std::size_t>(got);
    }
    bytes.resize(done);
    ::close(fd);
    return bytes;
  }

  Result<std::uint64_t> file_size(const std::string& path) override {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return errno_error("cannot stat", path, errno);
    return static_cast<std::uint64_t>(info.st_size);
  }

  bool is_directory(const std::string& path) override {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
  }

  bool exists(const std::string& path) override {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
  }

  Result<std::unique_ptr<WritableFile>> create_temp(const std::string& directory,
                                                    const std::string& prefix) override {
    std::string pattern = join_path(directory, "." + prefix + ".tmp-XXXXXX");
    const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) return errno_error("cannot create a temporary file in", directory, errno);
    // mkostemp creates the file 0600; a saved model or picture should get the permissions any
    // new file gets (0666 less the umask), as it would without the temp-file detour.
    if (::fchmod(fd, 0666 & ~current_umask()) != 0) {
      const int e = errno;
      ::close(fd);
      ::unlink(pattern.c_str());
      return errno_error("cannot set the permissions of", pattern, e);
    }
    return std::unique_ptr<WritableFile>(new PosixWritableFile(fd, pattern));
  }

  Status rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return errno_error("cannot rename to", to, errno);
    return Status::ok();
  }

  Status remove(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return errno_error("cannot remove", path, errno);
    return Status::ok();
  }

  Status sync_directory(const std::string& directory) override {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno_error("cannot open directory", directory, errno);
    const int result = ::fsync(fd);
    const int e = errno;
    ::close(fd);
    if (result != 0) return errno_error("cannot sync directory", directory, e);
    return Status::ok();
  }

  Result<std::string> canonical_path(const std::string& path) override {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (resolved == nullptr) return errno_error("cannot resolve", path, errno);
    std::string result = resolved;
    std::free(resolved);
    return result;
  }

  Status create_directories(const std::string& path) override {
    if (path.empty()) return Status::ok();
    std::string partial;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
      pos = path.find('/', pos + 1);
      partial = path.substr(0, pos);
      if (partial.empty()) continue;
      if (::mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST)
        return errno_error("cannot create directory", partial, errno);
    }
    if (!is_directory(path)) return Error{str_cat("'", path, "' exists and is not a directory")};
    return Status::ok();
  }
};

}  // namespace

FileSystem& real_file_system() {
  static PosixFileSystem instance;
  return instance;
}

std::string parent_directory(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string file_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string join_path(const std::string& directory, const std::string& name) {
  if (directory.empty() || directory == ".") return name;
  if (directory.back() == '/') return directory + name;
  return directory + "/" + name;
}

std::string file_extension(const std::string& path) {
  const std::string name = file_name(path);
  const auto dot = name.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return "";
  std::string ext = name.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return ext;
}

Status write_file_atomically(FileSystem& fs, const std::string& path, const std::string& bytes) {
  const std::string directory = parent_directory(path);
  auto temp = fs.create_temp(directory, file_name(path));
  if (!temp)
    return Error{str_cat("saving '", path, "' failed (the previous file is unchanged): ",
                         temp.message())};
  WritableFile& file = **temp;
  const std::string temp_path = file.path();
  Status status = file.write(bytes.data(), bytes.size());
  if (status) status = file.sync();
  if (status) status = file.close();
  if (status) status = fs.rename(temp_path, path);
  if (!status) {
    (void)file.close();
    (void)fs.remove(temp_path);
    return Error{str_cat("saving '", path, "' failed (the previous file is unchanged): ",
                         status.message())};
  }
  status = fs.sync_directory(directory);
  if (!status) return Error{str_cat("saved '", path, "' but ", status.message())};
  return Status::ok();
}

}  // namespace dendrite
