// dataset.h — a folder of images (or an IDX file) as float samples in memory.
//
// Scanning walks the folder recursively in a deterministic order (paths sorted byte-wise at each
// level), keeps files with image extensions and reads each header to gather the stats shown by
// `dendrite-cli info` and the app: number of files, total MiB, the W×H sizes and channel counts.
// Symbolic links are followed, but each folder is scanned once (the first path that reaches it
// wins), so a link back to a parent folder cannot loop. Files whose header is over the
// ImageBudget are problems from the start.
//
// Loading decides the sample shape — the requested size and channels, or else the majority size
// and majority channel count — then decodes every file into one contiguous buffer
//   samples: [sample][y][x][c]   (each sample is an ImageShape-sized block, see image.h)
// Files of another size are skipped (or resized when asked); unreadable or corrupt files are
// skipped. Each skipped file is reported once, in problems(), with the reason.
//
// assemble_batch() copies chosen samples into a mini-batch buffer with the same layout,
//   batch: [sample-in-batch][y][x][c]
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/file_system.h"
#include "core/image.h"
#include "core/image_io.h"
#include "core/status.h"

namespace dendrite {

struct DatasetProblem {
  std::string path;
  std::string message;
  // One line for the user that names the path once: "path: what is wrong".
  std::string describe() const;
};

struct DatasetStats {
  std::size_t file_count = 0;           // image files found
  std::uint64_t total_bytes = 0;        // their total size on disk
  std::map<std::pair<int, int>, std::size_t> sizes;  // (width, height) → files
  std::map<int, std::size_t> channels;               // channel count → files
  double total_mib() const { return static_cast<double>(total_bytes) / (1024.0 * 1024.0); }
  // The most common size and channel count (ties: the smaller value); {0,0} / 0 when empty.
  std::pair<int, int> majority_size() const;
  int majority_channels() const;
};

struct ScannedFile {
  std::string path;
  std::uint64_t bytes = 0;
  ImageInfo info;  // valid when readable
  bool readable = false;
};

struct FolderScan {
  std::string directory;
  std::vector<ScannedFile> files;  // deterministic order
  DatasetStats stats;              // over readable files (file_count, total_bytes over all)
  std::vector<DatasetProblem> problems;
};

// Recursively lists and probes image files. Fails only when `directory` itself cannot be read;
// unreadable subfolders and files become problems.
Result<FolderScan> scan_image_folder(FileSystem& fs, const std::string& directory,
                                     const ImageBudget& budget = {});

// Decodes every readable file of a scan (keeping nothing) and turns each that fails into a
// problem, taking it out of the stats' sizes and channels: a truncated file whose header is
// intact passes the scan but not this. For `dendrite-cli info`; loading a dataset decodes anyway.
void verify_scanned_images(FileSystem& fs, FolderScan& scan, const ImageBudget& budget = {});

struct DatasetOptions {
  int width = 0;      // 0: the majority width
  int height = 0;     // 0: the majority height
  int channels = 0;   // 0: the majority channel count (RGBA counts as 3, gray+alpha as 1)
  bool resize = false;  // resize files of another size instead of skipping them
  std::size_t limit = 0;  // load at most this many samples (0: all)
  ImageBudget budget;
};

class ImageDataset {
 public:
  ImageDataset() = default;
  // Builds a dataset from images already in memory (all converted to `shape`).
  static ImageDataset from_images(const std::vector<Image>& images, ImageShape shape,
                                  std::string source);

  const ImageShape& shape() const { return shape_; }
  std::size_t size() const { return count_; }
  std::size_t sample_size() const { return shape_.size(); }
  const float* sample(std::size_t i) const { return samples_.data() + i * shape_.size(); }
  Image image(std::size_t i) const;
  const std::string& source() const { return source_; }
  // Path of sample i (empty for in-memory or IDX data).
  const std::string& path(std::size_t i) const;
  const DatasetStats& stats() const { return stats_; }
  const std::vector<DatasetProblem>& problems() const { return problems_; }

  // out: [indices.size()][sample_size()]
  void assemble_batch(const std::size_t* indices, std::size_t count, float* out) const;

  // Per-value mean over all samples (the "predict the mean image" baseline).
  std::vector<float> mean_sample() const;

 private:
  friend Result<ImageDataset> load_image_folder(FileSystem&, const std::string&,
                                                const DatasetOptions&);
  friend Result<ImageDataset> load_dataset(FileSystem&, const std::string&, const DatasetOptions&);
  ImageShape shape_;
  std::size_t count_ = 0;
  std::vector<float> samples_;  // [sample][y][x][c]
  std::vector<std::string> paths_;
  std::string source_;
  DatasetStats stats_;
  std::vector<DatasetProblem> problems_;
};

Result<ImageDataset> load_image_folder(FileSystem& fs, const std::string& directory,
                                       const DatasetOptions& options = {});

// A folder of images, or an IDX / IDX.gz file (e.g. Fashion-MNIST straight from Debian's package).
Result<ImageDataset> load_dataset(FileSystem& fs, const std::string& path,
                                  const DatasetOptions& options = {});
inline Result<ImageDataset> load_dataset(const std::string& path, const DatasetOptions& options = {}) {
  return load_dataset(real_file_system(), path, options);
}

// True when `path` names an IDX file (by name: *.idx, *-ubyte, *.idx*.gz, *-ubyte.gz).
bool looks_like_idx(const std::string& path);

}  // namespace dendrite
