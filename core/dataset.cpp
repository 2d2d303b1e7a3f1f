#include "core/dataset.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "core/idx_reader.h"

namespace dendrite {
namespace {

int effective_channels(int file_channels) {
  if (file_channels == 4) return 3;
  if (file_channels == 2) return 1;
  return file_channels;
}

// `visited` holds the canonical path of every folder scanned so far: a symlink back to a parent
// folder would otherwise be followed until paths grow too long (exponentially many visits when a
// folder is reachable two ways), and a folder linked twice would count its images twice.
void scan_recursive(FileSystem& fs, const std::string& directory, const ImageBudget& budget,
                    FolderScan& scan, std::set<std::string>& visited) {
  auto canonical = fs.canonical_path(directory);
  if (!visited.insert(canonical ? *canonical : directory).second) return;
  auto entries = fs.list_directory(directory);
  if (!entries) {
    scan.problems.push_back({directory, entries.message()});
    return;
  }
  for (const DirectoryEntry& entry : *entries) {
    const std::string path = join_path(directory, entry.name);
    if (entry.is_directory) {
      scan_recursive(fs, path, budget, scan, visited);
      continue;
    }
    if (!has_image_extension(entry.name)) continue;
    ScannedFile file;
    file.path = path;
    file.bytes = entry.size;
    scan.stats.file_count += 1;
    scan.stats.total_bytes += entry.size;
    auto bytes = fs.read_file(path, budget.max_file_bytes);
    if (!bytes) {
      scan.problems.push_back({path, bytes.message()});
    } else if (auto info = probe_image(*bytes, path); !info) {
      scan.problems.push_back({path, info.message()});
    } else if (Status fits = check_image_budget(*info, path, budget); !fits) {
      scan.problems.push_back({path, fits.message()});
    } else {
      file.info = *info;
      file.readable = true;
      scan.stats.sizes[{info->width, info->height}] += 1;
      scan.stats.channels[effective_channels(info->channels)] += 1;
    }
    scan.files.push_back(std::move(file));
  }
}

}  // namespace

std::string DatasetProblem::describe() const {
  // Messages from the loaders usually start "'PATH' is ..."; say the path once.
  const std::string quoted = "'" + path + "' ";
  if (message.rfind(quoted, 0) == 0) return str_cat(path, ": ", message.substr(quoted.size()));
  if (message.find(path) != std::string::npos) return message;
  return str_cat(path, ": ", message);
}

std::pair<int, int> DatasetStats::majority_size() const {
  std::pair<int, int> best{0, 0};
  std::size_t best_count = 0;
  for (const auto& [size, count] : sizes) {
    if (count > best_count) {
      best = size;
      best_count = count;
    }
  }
  return best;
}

int DatasetStats::majority_channels() const {
  int best = 0;
  std::size_t best_count = 0;
  for (const auto& [c, count] : channels) {
    if (count > best_count) {
      best = c;
      best_count = count;
    }
  }
  return best;
}

Result<FolderScan> scan_image_folder(FileSystem& fs, const std::string& directory,
                                     const ImageBudget& budget) {
  if (!fs.is_directory(directory))
    return Error{str_cat("'", directory, "' is not a directory")};
  FolderScan scan;
  scan.directory = directory;
  auto top = fs.list_directory(directory);
  if (!top) return Error{top.message()};
  std::set<std::string> visited;
  scan_recursive(fs, directory, budget, scan, visited);
  return scan;
}

void verify_scanned_images(FileSystem& fs, FolderScan& scan, const ImageBudget& budget) {
  auto forget = [](auto& counts, const auto& key) {
    const auto it = counts.find(key);
    if (it != counts.end() && --it->second == 0) counts.erase(it);
  };
  for (ScannedFile& file : scan.files) {
    if (!file.readable) continue;
    auto image = load_image(fs, file.path, budget);
    if (image) continue;
    file.readable = false;
    scan.problems.push_back({file.path, image.message()});
    forget(scan.stats.sizes, std::pair<int, int>{file.info.width, file.info.height});
    forget(scan.stats.channels, effective_channels(file.info.channels));
  }
}

ImageDataset ImageDataset::from_images(const std::vector<Image>& images, ImageShape shape,
                                       std::string source) {
  ImageDataset dataset;
  dataset.shape_ = shape;
  dataset.source_ = std::move(source);
  dataset.samples_.reserve(images.size() * shape.size());
  for (const Image& original : images) {
    Image image = original;
    if (image.channels() != shape.channels) image = convert_channels(image, shape.channels);
    if (image.width() != shape.width || image.height() != shape.height)
      image = resize_image(image, shape.width, shape.height);
    dataset.samples_.insert(dataset.samples_.end(), image.values().begin(), image.values().end());
  }
  dataset.count_ = images.size();
  dataset.stats_.file_count = images.size();
  if (!images.empty()) {
    dataset.stats_.sizes[{shape.width, shape.height}] = images.size();
    dataset.stats_.channels[shape.channels] = images.size();
  }
  return dataset;
}

Image ImageDataset::image(std::size_t i) const {
  Image out(shape_);
  std::memcpy(out.data(), sample(i), shape_.size() * sizeof(float));
  return out;
}

const std::string& ImageDataset::path(std::size_t i) const {
  static const std::string none;
  return i < paths_.size() ? paths_[i] : none;
}

void ImageDataset::assemble_batch(const std::size_t* indices, std::size_t count, float* out) const {
  const std::size_t n = shape_.size();
  for (std::size_t b = 0; b < count; ++b) std::memcpy(out + b * n, sample(indices[b]), n * sizeof(float));
}

std::vector<float> ImageDataset::mean_sample() const {
  std::vector<double> sum(shape_.size(), 0.0);
  for (std::size_t i = 0; i < count_; ++i) {
    const float* s = sample(i);
    for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += s[k];
  }
  std::vector<float> mean(sum.size(), 0.0f);
  if (count_ > 0)
    for (std::size_t k = 0; k < sum.size(); ++k) mean[k] = static_cast<float>(sum[k] / count_);
  return mean;
}

Result<ImageDataset> load_image_folder(FileSystem& fs, const std::string& directory,
                                       const DatasetOptions& options) {
  DENDRITE_ASSIGN_OR_RETURN(FolderScan scan, scan_image_folder(fs, directory, options.budget));
  ImageDataset dataset;
  dataset.source_ = directory;
  dataset.stats_ = scan.stats;
  dataset.problems_ = scan.problems;
  if (scan.stats.sizes.empty())
    return Error{str_cat("'", directory, "' holds no readable images (",
                         scan.stats.file_count, " image files found",
                         scan.problems.empty() ? "" : ", see the problems reported", ")")};
  const auto [majority_w, majority_h] = scan.stats.majority_size();
  ImageShape shape;
  shape.width = options.width > 0 ? options.width : majority_w;
  shape.height = options.height > 0 ? options.height : majority_h;
  shape.channels = options.channels > 0 ? options.channels : scan.stats.majority_channels();
  dataset.shape_ = shape;

  for (const ScannedFile& file : scan.files) {
    if (!file.readable) continue;
    if (options.limit != 0 && dataset.count_ >= options.limit) break;
    const bool size_matches = file.info.width == shape.width && file.info.height == shape.height;
    if (!size_matches && !options.resize) {
      dataset.problems_.push_back(
          {file.path, str_cat("is ", file.info.width, "x", file.info.height, ", not ", shape.width,
                              "x", shape.height, "; skipped (use resize to include it)")});
      continue;
    }
    auto image = load_image(fs, file.path, options.budget, shape.channels);
    if (!image) {
      dataset.problems_.push_back({file.path, image.message()});
      continue;
    }
    if (!size_matches) *image = resize_image(*image, shape.width, shape.height);
    dataset.samples_.insert(dataset.samples_.end(), image->values().begin(), image->values().end());
    dataset.paths_.push_back(file.path);
    dataset.count_ += 1;
  }
  if (dataset.count_ == 0)
    return Error{str_cat("'", directory, "' holds no usable ", shape.width, "x", shape.height,
                         " images")};
  return dataset;
}

bool looks_like_idx(const std::string& path) {
  std::string name = file_name(path);
  if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0)
    name = name.substr(0, name.size() - 3);
  auto ends_with = [&](const char* suffix) {
    const std::size_t n = std::strlen(suffix);
    return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
  };
  return ends_with(".idx") || ends_with("-ubyte") || name.find(".idx") != std::string::npos;
}

Result<ImageDataset> load_dataset(FileSystem& fs, const std::string& path,
                                  const DatasetOptions& options) {
  if (fs.is_directory(path)) return load_image_folder(fs, path, options);
  if (!fs.exists(path)) return Error{str_cat("input '", path, "' does not exist")};
  if (!looks_like_idx(path))
    return Error{str_cat("input '", path,
                         "' is neither a directory of images nor an IDX file (.idx, -ubyte, .gz)")};
  DENDRITE_ASSIGN_OR_RETURN(IdxArray array, read_idx(fs, path));
  DENDRITE_ASSIGN_OR_RETURN(std::vector<Image> images, idx_to_images(array, options.limit));
  if (images.empty()) return Error{str_cat("'", path, "' holds no images")};
  ImageShape shape = images.front().shape();
  if (options.width > 0) shape.width = options.width;
  if (options.height > 0) shape.height = options.height;
  if (options.channels > 0) shape.channels = options.channels;
  ImageDataset dataset = ImageDataset::from_images(images, shape, path);
  auto size = fs.file_size(path);
  dataset.stats_.total_bytes = size ? *size : 0;
  return dataset;
}

}  // namespace dendrite
