// test_idx_reader.cpp — the IDX format, plain and gzip (core/idx_reader.h), including the real
// Fashion-MNIST test set from Debian's dataset-fashion-mnist (scripts/setup.sh installs it; the
// test fails, rather than skips, when it is missing).
//
//   ctest --test-dir build -R test_idx_reader --output-on-failure
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>

#include "core/idx_reader.h"
#include "tests/support/test_files.h"

using dendrite::IdxArray;
using dendrite::parse_idx;
using dendrite::read_idx;
using dendrite::real_file_system;
using dendrite::testing::write_bytes;

namespace {

const char* const kFashionImages = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
const char* const kFashionLabels = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz";

std::string be32(std::uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

std::string header(std::uint8_t type, std::initializer_list<std::uint32_t> dims) {
  std::string bytes{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) bytes += be32(d);
  return bytes;
}

// 2 images of 3 (w) × 2 (h), u8, values 0, 20, 40, ...
std::string small_u8_idx() {
  std::string bytes = header(0x08, {2, 2, 3});
  for (int i = 0; i < 12; ++i) bytes += static_cast<char>(i * 20);
  return bytes;
}

std::string gzip(const std::string& bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, bytes.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END ? out : std::string();
}

bool contains(const std::string& message, const char* part) { return message.find(part) != std::string::npos; }

}  // namespace

class TestIdxReader : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir temp_;
  std::string temp_path(const char* name) const { return (temp_.path() + "/" + name).toStdString(); }

 private slots:
  void initTestCase() { QVERIFY(temp_.isValid()); }

  void parses_u8_images() {
    auto array = parse_idx(small_u8_idx(), "small");
    QVERIFY2(array.is_ok(), array.message().c_str());
    QCOMPARE(array->type, std::uint8_t{0x08});
    QCOMPARE(array->dimensions, (std::vector<std::uint32_t>{2, 2, 3}));
    QCOMPARE(array->values.size(), std::size_t{12});
    QCOMPARE(array->values[11], 220.0f);
    auto images = dendrite::idx_to_images(*array);
    QVERIFY(images.is_ok());
    QCOMPARE(images->size(), std::size_t{2});
    const dendrite::Image& second = (*images)[1];
    QCOMPARE(second.shape(), (dendrite::ImageShape{3, 2, 1}));
    // Row-major [n][h][w]: image 1, row 1, column 2 is element 6 + 3 + 2 = 11.
    QCOMPARE(second.at(2, 1, 0), 220.0f / 255.0f);
    QCOMPARE(second.at(0, 0, 0), 120.0f / 255.0f);
    auto limited = dendrite::idx_to_images(*array, 1);
    QVERIFY(limited.is_ok());
    QCOMPARE(limited->size(), std::size_t{1});
  }

  void parses_every_element_type() {
    // i8: -2, 127
    auto i8 = parse_idx(header(0x09, {2}) + std::string{'\xfe', '\x7f'}, "i8");
    QVERIFY2(i8.is_ok(), i8.message().c_str());
    QCOMPARE(i8->values, (std::vector<float>{-2.0f, 127.0f}));
    // i16 big-endian: 0x0102 = 258, 0xFFFF = -1
    auto i16 = parse_idx(header(0x0B, {2}) + std::string{'\x01', '\x02', '\xff', '\xff'}, "i16");
    QVERIFY2(i16.is_ok(), i16.message().c_str());
    QCOMPARE(i16->values, (std::vector<float>{258.0f, -1.0f}));
    // i32: 70000, -70000
    auto i32 = parse_idx(header(0x0C, {2}) + be32(70000) + be32(static_cast<std::uint32_t>(-70000)), "i32");
    QVERIFY2(i32.is_ok(), i32.message().c_str());
    QCOMPARE(i32->values, (std::vector<float>{70000.0f, -70000.0f}));
    // f32: 1.5 = 0x3FC00000
    auto f32 = parse_idx(header(0x0D, {1}) + be32(0x3FC00000u), "f32");
    QVERIFY2(f32.is_ok(), f32.message().c_str());
    QCOMPARE(f32->values, (std::vector<float>{1.5f}));
    // f64: -0.25 = 0xBFD0000000000000
    auto f64 = parse_idx(header(0x0E, {1}) + be32(0xBFD00000u) + be32(0), "f64");
    QVERIFY2(f64.is_ok(), f64.message().c_str());
    QCOMPARE(f64->values, (std::vector<float>{-0.25f}));
    // Non-u8 data is not scaled when made into images.
    auto images = dendrite::idx_to_images(*parse_idx(header(0x0D, {1, 1, 1}) + be32(0x3FC00000u), "f"));
    QVERIFY(images.is_ok());
    QCOMPARE((*images)[0].at(0, 0, 0), 1.5f);
  }

  void four_dimensions_are_channels() {
    std::string bytes = header(0x08, {1, 2, 2, 3});
    for (int i = 0; i < 12; ++i) bytes += static_cast<char>(i);
    auto array = parse_idx(bytes, "rgb");
    QVERIFY(array.is_ok());
    auto images = dendrite::idx_to_images(*array);
    QVERIFY2(images.is_ok(), images.message().c_str());
    QCOMPARE((*images)[0].shape(), (dendrite::ImageShape{2, 2, 3}));
    QCOMPARE((*images)[0].at(1, 1, 2), 11.0f / 255.0f);
  }

  void not_a_stack_of_images() {
    auto vector = parse_idx(header(0x08, {3}) + std::string(3, '\1'), "labels");
    QVERIFY(vector.is_ok());
    auto images = dendrite::idx_to_images(*vector);
    QVERIFY(!images.is_ok());
    QVERIFY(contains(images.message(), "not a stack of images"));
    auto empty = parse_idx(header(0x08, {0, 28, 28}), "none");
    QVERIFY2(empty.is_ok(), empty.message().c_str());
    auto no_images = dendrite::idx_to_images(*empty);
    QVERIFY(no_images.is_ok());
    QVERIFY(no_images->empty());
  }

  void plain_and_gzip_files_read_the_same() {
    const std::string plain_path = temp_path("small-idx3-ubyte");
    const std::string gz_path = temp_path("small-idx3-ubyte.gz");
    const std::string compressed = gzip(small_u8_idx());
    QVERIFY(!compressed.empty());
    QVERIFY(write_bytes(plain_path, small_u8_idx()));
    QVERIFY(write_bytes(gz_path, compressed));
    auto plain = read_idx(real_file_system(), plain_path);
    auto zipped = read_idx(real_file_system(), gz_path);
    QVERIFY2(plain.is_ok(), plain.message().c_str());
    QVERIFY2(zipped.is_ok(), zipped.message().c_str());
    QCOMPARE(zipped->dimensions, plain->dimensions);
    QCOMPARE(zipped->values, plain->values);
    // gzip is recognised by its magic bytes, not by the name.
    const std::string misnamed = temp_path("really-gzip.idx");
    QVERIFY(write_bytes(misnamed, compressed));
    auto sniffed = read_idx(real_file_system(), misnamed);
    QVERIFY2(sniffed.is_ok(), sniffed.message().c_str());
    QCOMPARE(sniffed->values, plain->values);
  }

  void truncated_payload() {
    const std::string full = small_u8_idx();
    auto cut = parse_idx(full.substr(0, full.size() - 1), "cut.idx");
    QVERIFY(!cut.is_ok());
    QVERIFY2(contains(cut.message(), "cut.idx") && contains(cut.message(), "truncated"), cut.message().c_str());
    auto cut_header = parse_idx(full.substr(0, 9), "cut-header.idx");
    QVERIFY(!cut_header.is_ok());
    QVERIFY2(contains(cut_header.message(), "truncated IDX header"), cut_header.message().c_str());
    auto tiny = parse_idx(std::string("\0\0", 2), "tiny.idx");
    QVERIFY(!tiny.is_ok());
    QVERIFY(contains(tiny.message(), "too short"));
    auto nothing = parse_idx("", "nothing.idx");
    QVERIFY(!nothing.is_ok());
  }

  void truncated_gzip() {
    const std::string compressed = gzip(small_u8_idx());
    const std::string path = temp_path("cut-idx3-ubyte.gz");
    QVERIFY(write_bytes(path, compressed.substr(0, compressed.size() / 2)));
    auto array = read_idx(real_file_system(), path);
    QVERIFY(!array.is_ok());
    QVERIFY2(contains(array.message(), "cut-idx3-ubyte.gz"), array.message().c_str());
    std::string corrupt = compressed;
    corrupt[12] = static_cast<char>(corrupt[12] ^ 0x5a);
    corrupt[13] = static_cast<char>(corrupt[13] ^ 0xa5);
    QVERIFY(write_bytes(path, corrupt));
    QVERIFY(!read_idx(real_file_system(), path).is_ok());
  }

  void gzip_bomb_is_refused() {
    const std::string zeros(1 << 20, '\0');
    auto out = dendrite::gunzip(gzip(zeros), "bomb.gz", 1000);
    QVERIFY(!out.is_ok());
    QVERIFY2(contains(out.message(), "more than 1000 bytes"), out.message().c_str());
    auto fits = dendrite::gunzip(gzip(zeros), "ok.gz", zeros.size());
    QVERIFY2(fits.is_ok(), fits.message().c_str());
    QCOMPARE(fits->size(), zeros.size());
  }

  void gzip_inflates_no_more_than_the_header_announces() {
    // A [1][2][2] u8 header (20 bytes in all) followed by 64 MiB of zeros, gzip'ed to a few
    // KiB: read_idx stops inflating after the 20 announced bytes instead of holding 64 MiB.
    std::string bytes = std::string("\0\0\x08\x03", 4) + std::string("\0\0\0\1\0\0\0\2\0\0\0\2", 12) +
                        std::string(64u << 20, '\0');
    const std::string path = temp_path("bomb-idx3-ubyte.gz");
    QVERIFY(write_bytes(path, gzip(bytes)));
    auto array = read_idx(real_file_system(), path);
    QVERIFY(!array.is_ok());
    QVERIFY2(contains(array.message(), "bomb-idx3-ubyte.gz' decompresses to more than 20 bytes"), array.message().c_str());
    // The honest file reads.
    bytes.resize(20);
    QVERIFY(write_bytes(path, gzip(bytes)));
    auto honest = read_idx(real_file_system(), path);
    QVERIFY2(honest.is_ok(), honest.message().c_str());
    QCOMPARE(honest->values.size(), std::size_t{4});
  }

  void bad_magic() {
    std::string bytes = small_u8_idx();
    bytes[0] = 'P';
    auto first = parse_idx(bytes, "photo.png");
    QVERIFY(!first.is_ok());
    QVERIFY2(contains(first.message(), "not an IDX file") && contains(first.message(), "photo.png"),
             first.message().c_str());
    bytes = small_u8_idx();
    bytes[2] = 0x07;
    auto type = parse_idx(bytes, "type.idx");
    QVERIFY(!type.is_ok());
    QVERIFY2(contains(type.message(), "unknown IDX element type 0x7"), type.message().c_str());
    bytes = small_u8_idx();
    bytes[3] = 0;
    QVERIFY(!parse_idx(bytes, "zero-dims.idx").is_ok());
    bytes[3] = 9;
    auto many = parse_idx(bytes, "nine-dims.idx");
    QVERIFY(!many.is_ok());
    QVERIFY(contains(many.message(), "not in 1..8"));
  }

  void wrong_sizes() {
    auto extra = parse_idx(small_u8_idx() + "xyz", "extra.idx");
    QVERIFY(!extra.is_ok());
    QVERIFY2(contains(extra.message(), "3 unexpected bytes"), extra.message().c_str());
    // The header claims 4 images; the data holds 2.
    std::string claims = header(0x08, {4, 2, 3}) + small_u8_idx().substr(16);
    auto short_data = parse_idx(claims, "claims.idx");
    QVERIFY(!short_data.is_ok());
    QVERIFY2(contains(short_data.message(), "truncated"), short_data.message().c_str());
    // Enormous dimensions are refused from the header, before any allocation.
    dendrite::IdxLimits limits;
    limits.max_elements = 1000;
    auto huge = parse_idx(header(0x08, {100000, 28, 28}), "huge.idx", limits);
    QVERIFY(!huge.is_ok());
    QVERIFY2(contains(huge.message(), "more than 1000 elements"), huge.message().c_str());
    auto huge_default = parse_idx(header(0x0E, {0xFFFFFFFFu, 0xFFFFFFFFu}), "huge2.idx");
    QVERIFY(!huge_default.is_ok());
  }

  void missing_file() {
    auto array = read_idx(real_file_system(), temp_path("absent-idx3-ubyte.gz"));
    QVERIFY(!array.is_ok());
    QVERIFY(contains(array.message(), "absent-idx3-ubyte.gz"));
  }

  void real_fashion_mnist_test_set() {
    if (!QFile::exists(kFashionImages))
      QFAIL("Fashion-MNIST is missing: install Debian's dataset-fashion-mnist (bash scripts/setup.sh)");
    auto array = read_idx(real_file_system(), kFashionImages);
    QVERIFY2(array.is_ok(), array.message().c_str());
    QCOMPARE(array->type, std::uint8_t{0x08});
    QCOMPARE(array->dimensions, (std::vector<std::uint32_t>{10000, 28, 28}));
    QCOMPARE(array->values.size(), std::size_t{10000 * 28 * 28});
    const auto [lo, hi] = std::minmax_element(array->values.begin(), array->values.end());
    QCOMPARE(*lo, 0.0f);
    QCOMPARE(*hi, 255.0f);
    auto images = dendrite::idx_to_images(*array, 5);
    QVERIFY(images.is_ok());
    QCOMPARE(images->size(), std::size_t{5});
    for (const dendrite::Image& image : *images) {
      QCOMPARE(image.shape(), (dendrite::ImageShape{28, 28, 1}));
      const auto nonzero = std::count_if(image.values().begin(), image.values().end(), [](float v) { return v > 0; });
      QVERIFY2(nonzero > 50 && nonzero < 784, qPrintable(QString::number(nonzero)));  // an object on black
    }
  }

  void real_fashion_mnist_test_labels() {
    if (!QFile::exists(kFashionLabels))
      QFAIL("Fashion-MNIST is missing: install Debian's dataset-fashion-mnist (bash scripts/setup.sh)");
    auto labels = read_idx(real_file_system(), kFashionLabels);
    QVERIFY2(labels.is_ok(), labels.message().c_str());
    QCOMPARE(labels->dimensions, (std::vector<std::uint32_t>{10000}));
    // The test set is balanced: 1000 images of each of the 10 classes; the first is an ankle boot (9).
    std::map<int, int> per_class;
    for (float v : labels->values) per_class[static_cast<int>(v)] += 1;
    QCOMPARE(per_class.size(), std::size_t{10});
    for (const auto& [label, count] : per_class) {
      QVERIFY(label >= 0 && label <= 9);
      QCOMPARE(count, 1000);
    }
    QCOMPARE(labels->values[0], 9.0f);
  }
};

QTEST_APPLESS_MAIN(TestIdxReader)
#include "test_idx_reader.moc"
