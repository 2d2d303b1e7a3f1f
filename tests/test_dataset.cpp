// test_dataset.cpp — image-folder datasets (core/dataset.h): scanning, stats, loading, batches.
//
// Unreadable directories and files are simulated with FaultFileSystem: the tests run as root,
// for whom chmod 000 changes nothing.
//
//   ctest --test-dir build -R test_dataset --output-on-failure
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>
#include <unistd.h>
#include <vector>

#include "core/dataset.h"
#include "core/image_io.h"
#include "core/random.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/test_files.h"

using dendrite::DatasetOptions;
using dendrite::FolderScan;
using dendrite::Image;
using dendrite::ImageDataset;
using dendrite::ImageShape;
using dendrite::real_file_system;
using dendrite::Rng;
using dendrite::testing::FaultFileSystem;
using dendrite::testing::write_bytes;

namespace {

// A distinct, 8-bit-exact pattern per `seed`.
Image pattern(int width, int height, int channels, int seed) {
  Image image(width, height, channels);
  for (std::size_t i = 0; i < image.size(); ++i)
    image.data()[i] = static_cast<float>((seed * 41 + i * 13) % 256) / 255.0f;
  return image;
}

class Tree {
 public:
  Tree() { QVERIFY(dir_.isValid()); }
  std::string root() const { return dir_.path().toStdString(); }
  std::string path(const std::string& relative) const { return root() + "/" + relative; }

  Image png(const std::string& relative, int width, int height, int channels, int seed = 0) {
    const std::string full = path(relative);
    QDir().mkpath(QString::fromStdString(dendrite::parent_directory(full)));
    Image image = pattern(width, height, channels, seed);
    const dendrite::Status saved = dendrite::save_png(full, image);
    if (!saved) qFatal("cannot write fixture %s: %s", full.c_str(), saved.message().c_str());
    return image;
  }
  void raw(const std::string& relative, const std::string& bytes) {
    const std::string full = path(relative);
    QDir().mkpath(QString::fromStdString(dendrite::parent_directory(full)));
    if (!write_bytes(full, bytes)) qFatal("cannot write %s", full.c_str());
  }
  std::uint64_t size_of(const std::string& relative) const {
    return static_cast<std::uint64_t>(QFile(QString::fromStdString(path(relative))).size());
  }

 private:
  QTemporaryDir dir_;
};

std::vector<std::string> scanned_paths(const FolderScan& scan) {
  std::vector<std::string> paths;
  for (const auto& file : scan.files) paths.push_back(file.path);
  return paths;
}

int problems_naming(const std::vector<dendrite::DatasetProblem>& problems, const std::string& path) {
  return static_cast<int>(std::count_if(problems.begin(), problems.end(),
                                        [&](const auto& p) { return p.path == path; }));
}

std::string describe(const std::vector<dendrite::DatasetProblem>& problems) {
  std::string text;
  for (const auto& p : problems) text += p.path + ": " + p.message + "\n";
  return text;
}

// Element-wise equality up to float rounding (decoding multiplies by 1/255, pattern() divides).
bool same_values(const Image& a, const Image& b) {
  if (a.shape() != b.shape()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::abs(a.data()[i] - b.data()[i]) > 1e-6f) return false;
  return true;
}

// Big-endian u32.
std::string be32(std::uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

}  // namespace

class TestDataset : public QObject {
  Q_OBJECT

 private slots:
  void scan_is_recursive_and_deterministic() {
    Tree tree;
    // Created out of order on purpose.
    tree.png("b/2.png", 4, 4, 1);
    tree.png("a/1.png", 4, 4, 1);
    tree.png("c.png", 4, 4, 1);
    tree.png("a/sub/0.png", 4, 4, 1);
    tree.png("A.png", 4, 4, 1);
    tree.raw("notes.txt", "not an image, not counted");
    tree.raw("a/readme.md", "# nor this");
    auto scan = dendrite::scan_image_folder(real_file_system(), tree.root());
    QVERIFY2(scan.is_ok(), scan.message().c_str());
    const std::vector<std::string> expected = {tree.path("A.png"), tree.path("a/1.png"),
                                               tree.path("a/sub/0.png"), tree.path("b/2.png"),
                                               tree.path("c.png")};
    QCOMPARE(scanned_paths(*scan), expected);
    auto again = dendrite::scan_image_folder(real_file_system(), tree.root());
    QVERIFY(again.is_ok());
    QCOMPARE(scanned_paths(*again), expected);
    QVERIFY(scan->problems.empty());
  }

  void stats_count_files_bytes_sizes_and_channels() {
    Tree tree;
    tree.png("g1.png", 8, 6, 1);
    tree.png("g2.png", 8, 6, 2);  // gray + alpha counts as gray
    tree.png("rgb.png", 8, 6, 3);
    tree.png("rgba.png", 10, 6, 4);  // RGBA counts as RGB
    tree.png("deep/x/y/z.png", 3, 3, 3);
    auto scan = dendrite::scan_image_folder(real_file_system(), tree.root());
    QVERIFY2(scan.is_ok(), scan.message().c_str());
    const auto& stats = scan->stats;
    QCOMPARE(stats.file_count, std::size_t{5});
    const std::uint64_t bytes = tree.size_of("g1.png") + tree.size_of("g2.png") + tree.size_of("rgb.png") +
                                tree.size_of("rgba.png") + tree.size_of("deep/x/y/z.png");
    QCOMPARE(stats.total_bytes, bytes);
    QVERIFY(std::abs(stats.total_mib() - bytes / 1048576.0) < 1e-12);
    QCOMPARE(stats.sizes.size(), std::size_t{3});
    QCOMPARE(stats.sizes.at({8, 6}), std::size_t{3});
    QCOMPARE(stats.sizes.at({10, 6}), std::size_t{1});
    QCOMPARE(stats.sizes.at({3, 3}), std::size_t{1});
    QCOMPARE(stats.channels.at(1), std::size_t{2});
    QCOMPARE(stats.channels.at(3), std::size_t{3});
    QCOMPARE(stats.majority_size(), (std::pair<int, int>{8, 6}));
    QCOMPARE(stats.majority_channels(), 3);
  }

  void majority_ties_pick_the_smaller() {
    dendrite::DatasetStats stats;
    stats.sizes[{8, 8}] = 2;
    stats.sizes[{4, 4}] = 2;
    stats.sizes[{16, 2}] = 1;
    stats.channels[3] = 4;
    stats.channels[1] = 4;
    QCOMPARE(stats.majority_size(), (std::pair<int, int>{4, 4}));
    QCOMPARE(stats.majority_channels(), 1);
    QCOMPARE(dendrite::DatasetStats{}.majority_size(), (std::pair<int, int>{0, 0}));
    QCOMPARE(dendrite::DatasetStats{}.majority_channels(), 0);
  }

  void mixed_sizes_are_skipped_and_reported_once_each() {
    Tree tree;
    tree.png("m1.png", 8, 8, 1, 1);
    tree.png("m2.png", 8, 8, 1, 2);
    tree.png("m3.png", 8, 8, 1, 3);
    tree.png("odd/s1.png", 4, 4, 1, 4);
    tree.png("odd/s2.png", 4, 4, 1, 5);
    tree.png("odd/w.png", 6, 5, 1, 6);
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root());
    QVERIFY2(dataset.is_ok(), dataset.message().c_str());
    QCOMPARE(dataset->shape(), (ImageShape{8, 8, 1}));
    QCOMPARE(dataset->size(), std::size_t{3});
    QCOMPARE(dataset->problems().size(), std::size_t{3});
    for (const char* skipped : {"odd/s1.png", "odd/s2.png", "odd/w.png"}) {
      QVERIFY2(problems_naming(dataset->problems(), tree.path(skipped)) == 1,
               describe(dataset->problems()).c_str());
    }
    const auto& odd = dataset->problems();
    QVERIFY2(std::any_of(odd.begin(), odd.end(), [](const auto& p) {
               return p.message.find("6x5") != std::string::npos && p.message.find("8x8") != std::string::npos;
             }), describe(odd).c_str());
    // The loaded samples are the 8×8 files, in scan order, exactly.
    QCOMPARE(dataset->path(0), tree.path("m1.png"));
    QCOMPARE(dataset->path(2), tree.path("m3.png"));
    QVERIFY(same_values(dataset->image(1), pattern(8, 8, 1, 2)));
  }

  void mixed_sizes_are_resized_when_asked() {
    Tree tree;
    tree.png("m1.png", 8, 8, 1, 1);
    tree.png("m2.png", 8, 8, 1, 2);
    tree.png("s.png", 4, 4, 1, 3);
    tree.raw("flat.png", "");  // unreadable, reported once, not resized
    DatasetOptions options;
    options.resize = true;
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root(), options);
    QVERIFY2(dataset.is_ok(), dataset.message().c_str());
    QCOMPARE(dataset->size(), std::size_t{3});
    QCOMPARE(dataset->shape(), (ImageShape{8, 8, 1}));
    QCOMPARE(dataset->problems().size(), std::size_t{1});
    QCOMPARE(problems_naming(dataset->problems(), tree.path("flat.png")), 1);
    const Image resized = dendrite::resize_image(pattern(4, 4, 1, 3), 8, 8);
    const Image loaded = dataset->image(2);
    for (std::size_t i = 0; i < loaded.size(); ++i) QVERIFY(std::abs(loaded.data()[i] - resized.data()[i]) < 1e-6f);
  }

  void requested_size_overrides_the_majority() {
    Tree tree;
    tree.png("a.png", 8, 8, 1);
    tree.png("b.png", 8, 8, 1);
    tree.png("c.png", 4, 4, 1);
    DatasetOptions options;
    options.width = 4;
    options.height = 4;
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root(), options);
    QVERIFY2(dataset.is_ok(), dataset.message().c_str());
    QCOMPARE(dataset->size(), std::size_t{1});
    QCOMPARE(dataset->shape(), (ImageShape{4, 4, 1}));
    QCOMPARE(dataset->problems().size(), std::size_t{2});
    options.width = options.height = 5;
    auto none = dendrite::load_image_folder(real_file_system(), tree.root(), options);
    QVERIFY(!none.is_ok());
    QVERIFY2(QString::fromStdString(none.message()).contains("5x5"), none.message().c_str());
  }

  void unreadable_files_are_reported_once_and_skipped() {
    Tree tree;
    tree.png("good1.png", 5, 5, 3, 1);
    tree.png("good2.png", 5, 5, 3, 2);
    tree.raw("text.png", "hello, not a PNG");
    tree.raw("empty.jpg", "");
    auto encoded = dendrite::encode_png(pattern(5, 5, 3, 9));
    QVERIFY(encoded.is_ok());
    tree.raw("truncated.png", encoded->substr(0, encoded->size() / 2));
    tree.png("denied.png", 5, 5, 3, 3);
    tree.raw("huge.png", dendrite::testing::read_bytes(dendrite::testing::fixture_path("huge_header.png")));
    FaultFileSystem fs;
    fs.deny_file(tree.path("denied.png"));
    auto dataset = dendrite::load_image_folder(fs, tree.root());
    QVERIFY2(dataset.is_ok(), dataset.message().c_str());
    QCOMPARE(dataset->size(), std::size_t{2});
    QCOMPARE(dataset->stats().file_count, std::size_t{7});
    QCOMPARE(dataset->stats().sizes.size(), std::size_t{1});  // the 100000x100000 claim is not a size
    for (const char* bad : {"text.png", "empty.jpg", "denied.png", "huge.png"})
      QVERIFY2(problems_naming(dataset->problems(), tree.path(bad)) == 1,
               (std::string(bad) + "\n" + describe(dataset->problems())).c_str());
    // A PNG cut in half passes the header probe; the decoder then refuses it, once.
    QCOMPARE(problems_naming(dataset->problems(), tree.path("truncated.png")), 1);
    QCOMPARE(dataset->problems().size(), std::size_t{5});
  }

  void unreadable_subdirectory_is_reported_and_skipped() {
    Tree tree;
    tree.png("a/1.png", 4, 4, 1, 1);
    tree.png("b/2.png", 4, 4, 1, 2);
    tree.png("b/3.png", 4, 4, 1, 3);
    tree.png("c/4.png", 4, 4, 1, 4);
    FaultFileSystem fs;
    fs.deny_directory(tree.path("b"));
    auto scan = dendrite::scan_image_folder(fs, tree.root());
    QVERIFY2(scan.is_ok(), scan.message().c_str());
    QCOMPARE(scanned_paths(*scan), (std::vector<std::string>{tree.path("a/1.png"), tree.path("c/4.png")}));
    QCOMPARE(scan->problems.size(), std::size_t{1});
    QCOMPARE(scan->problems[0].path, tree.path("b"));
    QVERIFY(scan->problems[0].message.find("Permission denied") != std::string::npos);
    auto dataset = dendrite::load_image_folder(fs, tree.root());
    QVERIFY2(dataset.is_ok(), dataset.message().c_str());
    QCOMPARE(dataset->size(), std::size_t{2});
    QCOMPARE(problems_naming(dataset->problems(), tree.path("b")), 1);
  }

  void unreadable_top_directory_is_an_error() {
    Tree tree;
    tree.png("1.png", 4, 4, 1);
    FaultFileSystem fs;
    fs.deny_directory(tree.root());
    auto scan = dendrite::scan_image_folder(fs, tree.root());
    QVERIFY(!scan.is_ok());
    QVERIFY2(QString::fromStdString(scan.message()).contains(QString::fromStdString(tree.root())),
             scan.message().c_str());
    QVERIFY(!dendrite::load_image_folder(fs, tree.root()).is_ok());
    auto missing = dendrite::scan_image_folder(real_file_system(), tree.path("nope"));
    QVERIFY(!missing.is_ok());
    QVERIFY(QString::fromStdString(missing.message()).contains("not a directory"));
  }

  void empty_folder_is_an_error() {
    Tree tree;
    tree.raw("readme.txt", "no images here");
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root());
    QVERIFY(!dataset.is_ok());
    QVERIFY2(QString::fromStdString(dataset.message()).contains("no readable images"), dataset.message().c_str());
  }

  void symlink_loop_visits_each_folder_once() {
    Tree tree;
    tree.png("1.png", 4, 4, 1, 1);
    tree.png("sub/2.png", 4, 4, 1, 2);
    QVERIFY(::symlink("..", tree.path("sub/up").c_str()) == 0);        // sub/up → root: a loop
    QVERIFY(::symlink("sub", tree.path("alias").c_str()) == 0);        // alias → sub: same folder twice
    auto scan = dendrite::scan_image_folder(real_file_system(), tree.root());
    QVERIFY2(scan.is_ok(), scan.message().c_str());
    QCOMPARE(scan->stats.file_count, std::size_t{2});
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root());
    QVERIFY2(dataset.is_ok(), dataset.message().c_str());
    QCOMPARE(dataset->size(), std::size_t{2});
    QVERIFY(same_values(dataset->image(0), pattern(4, 4, 1, 1)));
    QVERIFY(same_values(dataset->image(1), pattern(4, 4, 1, 2)));
  }

  void requested_channels_convert() {
    Tree tree;
    const Image rgb = tree.png("rgb.png", 3, 2, 3, 1);
    const Image gray = tree.png("gray.png", 3, 2, 1, 2);
    DatasetOptions options;
    options.channels = 1;
    auto as_gray = dendrite::load_image_folder(real_file_system(), tree.root(), options);
    QVERIFY2(as_gray.is_ok(), as_gray.message().c_str());
    QCOMPARE(as_gray->shape(), (ImageShape{3, 2, 1}));
    QCOMPARE(as_gray->size(), std::size_t{2});
    // Scan order: gray.png, rgb.png.
    QVERIFY(same_values(as_gray->image(0), gray));
    const Image luma = dendrite::convert_channels(rgb, 1);
    for (std::size_t i = 0; i < luma.size(); ++i)
      QVERIFY(std::abs(as_gray->image(1).data()[i] - luma.data()[i]) < 1e-6f);
    options.channels = 3;
    auto as_rgb = dendrite::load_image_folder(real_file_system(), tree.root(), options);
    QVERIFY(as_rgb.is_ok());
    QCOMPARE(as_rgb->shape(), (ImageShape{3, 2, 3}));
    QVERIFY(same_values(as_rgb->image(0), dendrite::convert_channels(gray, 3)));
    QVERIFY(same_values(as_rgb->image(1), rgb));
  }

  void majority_channels_when_not_requested() {
    Tree tree;
    tree.png("g1.png", 2, 2, 1);
    tree.png("g2.png", 2, 2, 1);
    tree.png("c.png", 2, 2, 4);
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root());
    QVERIFY(dataset.is_ok());
    QCOMPARE(dataset->shape().channels, 1);
    QCOMPARE(dataset->size(), std::size_t{3});
  }

  void limit_stops_early() {
    Tree tree;
    for (int i = 0; i < 6; ++i) tree.png("f" + std::to_string(i) + ".png", 2, 2, 1, i);
    DatasetOptions options;
    options.limit = 4;
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root(), options);
    QVERIFY(dataset.is_ok());
    QCOMPARE(dataset->size(), std::size_t{4});
    QVERIFY(same_values(dataset->image(3), pattern(2, 2, 1, 3)));
  }

  void assemble_batch_layout() {
    Tree tree;
    std::vector<Image> images;
    for (int i = 0; i < 4; ++i) images.push_back(tree.png("s" + std::to_string(i) + ".png", 3, 2, 3, 10 + i));
    auto dataset = dendrite::load_image_folder(real_file_system(), tree.root());
    QVERIFY(dataset.is_ok());
    const std::size_t n = dataset->sample_size();
    QCOMPARE(n, std::size_t{3 * 2 * 3});
    const std::size_t indices[] = {3, 1, 3, 0};
    std::vector<float> batch(4 * n, -1.0f);
    dataset->assemble_batch(indices, 4, batch.data());
    // batch: [sample-in-batch][y][x][c]
    const ImageShape& shape = dataset->shape();
    for (std::size_t b = 0; b < 4; ++b)
      for (int y = 0; y < shape.height; ++y)
        for (int x = 0; x < shape.width; ++x)
          for (int c = 0; c < shape.channels; ++c)
            QCOMPARE(batch[b * n + shape.index(x, y, c)], images[indices[b]].at(x, y, c));
    QCOMPARE(std::memcmp(dataset->sample(3), batch.data(), n * sizeof(float)), 0);
  }

  void seeded_shuffle_is_deterministic() {
    std::vector<std::size_t> order(200);
    std::iota(order.begin(), order.end(), 0);
    auto shuffled = [&](std::uint64_t seed, dendrite::RandomStream stream) {
      std::vector<std::size_t> copy = order;
      Rng rng(seed, stream);
      rng.shuffle(std::span<std::size_t>(copy));
      return copy;
    };
    const auto first = shuffled(42, dendrite::RandomStream::kShuffle);
    QCOMPARE(shuffled(42, dendrite::RandomStream::kShuffle), first);
    QVERIFY(first != order);
    QVERIFY(shuffled(43, dendrite::RandomStream::kShuffle) != first);
    QVERIFY(shuffled(42, dendrite::RandomStream::kInit) != first);
    std::vector<std::size_t> sorted = first;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sorted, order);  // a permutation

    // A shuffled epoch assembled into batches is the same every time.
    std::vector<Image> images;
    for (int i = 0; i < 10; ++i) images.push_back(pattern(2, 2, 1, i));
    const ImageDataset dataset = ImageDataset::from_images(images, ImageShape{2, 2, 1}, "memory");
    auto epoch = [&](std::uint64_t seed) {
      std::vector<std::size_t> indices(dataset.size());
      std::iota(indices.begin(), indices.end(), 0);
      Rng rng(seed, dendrite::RandomStream::kShuffle);
      rng.shuffle(std::span<std::size_t>(indices));
      std::vector<float> batch(indices.size() * dataset.sample_size());
      dataset.assemble_batch(indices.data(), indices.size(), batch.data());
      return batch;
    };
    QCOMPARE(epoch(7), epoch(7));
    QVERIFY(epoch(7) != epoch(8));
  }

  void from_images_converts_to_the_shape() {
    std::vector<Image> images = {pattern(4, 4, 3, 1), pattern(8, 8, 1, 2)};
    const ImageDataset dataset = ImageDataset::from_images(images, ImageShape{4, 4, 1}, "memory");
    QCOMPARE(dataset.size(), std::size_t{2});
    QVERIFY(same_values(dataset.image(0), dendrite::convert_channels(images[0], 1)));
    QVERIFY(same_values(dataset.image(1), dendrite::resize_image(images[1], 4, 4)));
    QCOMPARE(dataset.source(), std::string("memory"));
    QCOMPARE(dataset.path(0), std::string());
  }

  void mean_sample() {
    std::vector<Image> images = {Image(2, 1, 1, 0.2f), Image(2, 1, 1, 0.4f), Image(2, 1, 1, 0.9f)};
    images[2].at(1, 0, 0) = 0.0f;
    const ImageDataset dataset = ImageDataset::from_images(images, ImageShape{2, 1, 1}, "memory");
    const std::vector<float> mean = dataset.mean_sample();
    QCOMPARE(mean.size(), std::size_t{2});
    QVERIFY(std::abs(mean[0] - 0.5f) < 1e-6f);
    QVERIFY(std::abs(mean[1] - 0.2f) < 1e-6f);
  }

  void load_dataset_reads_idx_files() {
    Tree tree;
    // 3 images of 4 (w) × 2 (h), u8.
    std::string idx = std::string("\0\0\x08\x03", 4) + be32(3) + be32(2) + be32(4);
    for (int i = 0; i < 3 * 8; ++i) idx += static_cast<char>(i * 10);
    tree.raw("tiny-images-idx3-ubyte", idx);
    DatasetOptions options;
    auto dataset = dendrite::load_dataset(real_file_system(), tree.path("tiny-images-idx3-ubyte"), options);
    QVERIFY2(dataset.is_ok(), dataset.message().c_str());
    QCOMPARE(dataset->size(), std::size_t{3});
    QCOMPARE(dataset->shape(), (ImageShape{4, 2, 1}));
    QCOMPARE(dataset->image(1).at(1, 0, 0), 90.0f / 255.0f);  // sample 1 starts at byte 8: 80, 90, ...
    QCOMPARE(dataset->stats().total_bytes, std::uint64_t{idx.size()});
    options.channels = 3;
    options.limit = 2;
    auto rgb = dendrite::load_dataset(real_file_system(), tree.path("tiny-images-idx3-ubyte"), options);
    QVERIFY(rgb.is_ok());
    QCOMPARE(rgb->size(), std::size_t{2});
    QCOMPARE(rgb->shape(), (ImageShape{4, 2, 3}));

    tree.raw("photo.dat", "whatever");
    auto neither = dendrite::load_dataset(real_file_system(), tree.path("photo.dat"));
    QVERIFY(!neither.is_ok());
    QVERIFY(QString::fromStdString(neither.message()).contains("neither"));
    auto missing = dendrite::load_dataset(real_file_system(), tree.path("gone"));
    QVERIFY(!missing.is_ok());
    QVERIFY(QString::fromStdString(missing.message()).contains("does not exist"));
  }

  void idx_names() {
    for (const char* yes : {"train-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz", "x.idx", "y.idx3.gz"})
      QVERIFY2(dendrite::looks_like_idx(yes), yes);
    for (const char* no : {"image.png", "data.gz", "ubyte.txt"}) QVERIFY2(!dendrite::looks_like_idx(no), no);
  }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "test_dataset.moc"
