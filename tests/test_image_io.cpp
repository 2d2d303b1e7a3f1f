// test_image_io.cpp — reading and writing image files (core/image_io.h).
//
// Fixtures in tests/data/ come from tests/data/make_fixtures.py; the pixel formulas below are
// the ones documented there.
//
//   ctest --test-dir build -R test_image_io --output-on-failure
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <cmath>
#include <string>

#include "core/image_io.h"
#include "tests/support/test_files.h"

using dendrite::decode_image;
using dendrite::encode_png;
using dendrite::Image;
using dendrite::ImageBudget;
using dendrite::load_image;
using dendrite::probe_image;
using dendrite::testing::fixture_path;
using dendrite::testing::read_bytes;
using dendrite::testing::write_bytes;

namespace {

int gray16(int x, int y) { return (x * 16411 + y * 3001 + 1) % 65536; }
int rgb16(int x, int y, int c) { return (x * 9001 + y * 17011 + c * 21001 + 5) % 65536; }
int rgba16_alpha(int x) { return x == 0 ? 65535 : x == 1 ? 32768 : 0; }
int gray8(int x, int y) { return (x * 50 + y * 30) % 256; }
int rgb8(int x, int y, int c) { return (x * 70 + y * 40 + c * 90) % 256; }

bool close(float a, float b, float tolerance = 1e-6f) { return std::abs(a - b) <= tolerance; }

// Every value of an 8-bit-representable pattern, k/255.
Image pattern_image(int width, int height, int channels) {
  Image image(width, height, channels);
  for (std::size_t i = 0; i < image.size(); ++i)
    image.data()[i] = static_cast<float>((i * 37 + 11) % 256) / 255.0f;
  return image;
}

void verify_in_unit_range(const Image& image) {
  for (float v : image.values()) QVERIFY2(v >= 0.0f && v <= 1.0f, qPrintable(QString::number(v)));
}

}  // namespace

class TestImageIo : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir temp_;
  std::string temp_path(const char* name) const { return (temp_.path() + "/" + name).toStdString(); }

 private slots:
  void initTestCase() { QVERIFY(temp_.isValid()); }

  void png_8bit_round_trip_data() {
    QTest::addColumn<int>("channels");
    for (int c = 1; c <= 4; ++c) QTest::addRow("%d channels", c) << c;
  }

  void png_8bit_round_trip() {
    QFETCH(int, channels);
    const Image original = pattern_image(7, 5, channels);
    const std::string path = temp_path(qPrintable(QString("round-%1.png").arg(channels)));
    QVERIFY(dendrite::save_png(path, original).is_ok());
    auto info = probe_image(read_bytes(path), path);
    QVERIFY2(info.is_ok(), info.message().c_str());
    QCOMPARE(info->width, 7);
    QCOMPARE(info->height, 5);
    QCOMPARE(info->channels, channels);
    QVERIFY(!info->sixteen_bit);
    auto loaded = load_image(path);
    QVERIFY2(loaded.is_ok(), loaded.message().c_str());
    QCOMPARE(loaded->shape(), original.shape());
    for (std::size_t i = 0; i < original.size(); ++i)
      QVERIFY2(close(loaded->data()[i], original.data()[i]),
               qPrintable(QString("value %1: %2 vs %3").arg(i).arg(loaded->data()[i]).arg(original.data()[i])));
  }

  void png_encoding_clamps_and_rounds() {
    Image image(4, 1, 1);
    image.at(0, 0, 0) = -0.5f;
    image.at(1, 0, 0) = 1.5f;
    image.at(2, 0, 0) = std::nanf("");
    image.at(3, 0, 0) = 0.5f;  // 127.5 rounds to 128
    auto encoded = encode_png(image);
    QVERIFY(encoded.is_ok());
    auto decoded = decode_image(*encoded, "clamped.png");
    QVERIFY2(decoded.is_ok(), decoded.message().c_str());
    QCOMPARE(decoded->at(0, 0, 0), 0.0f);
    QCOMPARE(decoded->at(1, 0, 0), 1.0f);
    QCOMPARE(decoded->at(2, 0, 0), 0.0f);
    QVERIFY(close(decoded->at(3, 0, 0), 128.0f / 255.0f));
  }

  void png_encoding_refuses_unwritable_shapes() {
    QVERIFY(!encode_png(Image()).is_ok());
    auto five = encode_png(Image(2, 2, 5));
    QVERIFY(!five.is_ok());
    QVERIFY2(QString::fromStdString(five.message()).contains("5 channels"), five.message().c_str());
  }

  void png_16bit_gray() {
    auto image = load_image(fixture_path("gray16.png"));
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{5, 3, 1}));
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 5; ++x)
        QVERIFY2(close(image->at(x, y, 0), gray16(x, y) / 65535.0f, 1e-7f),
                 qPrintable(QString("(%1,%2): %3 vs %4").arg(x).arg(y).arg(image->at(x, y, 0))
                                .arg(gray16(x, y) / 65535.0)));
    auto info = probe_image(read_bytes(fixture_path("gray16.png")), "gray16.png");
    QVERIFY(info.is_ok());
    QVERIFY(info->sixteen_bit);
  }

  void png_16bit_rgb() {
    auto image = load_image(fixture_path("rgb16.png"));
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{4, 3, 3}));
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 4; ++x)
        for (int c = 0; c < 3; ++c) QVERIFY(close(image->at(x, y, c), rgb16(x, y, c) / 65535.0f, 1e-7f));
    // 16 bits survive: neighbouring values that share their high byte stay distinct.
    QVERIFY(image->at(0, 0, 0) != image->at(0, 0, 1));
  }

  void png_16bit_rgba_to_rgb_and_gray() {
    const std::string path = fixture_path("rgba16.png");
    auto rgba = load_image(path);
    QVERIFY2(rgba.is_ok(), rgba.message().c_str());
    QCOMPARE(rgba->channels(), 4);
    for (int x = 0; x < 3; ++x) QVERIFY(close(rgba->at(x, 1, 3), rgba16_alpha(x) / 65535.0f, 1e-7f));

    auto rgb = load_image(path, {}, 3);
    QVERIFY2(rgb.is_ok(), rgb.message().c_str());
    QCOMPARE(rgb->shape(), (dendrite::ImageShape{3, 2, 3}));
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        for (int c = 0; c < 3; ++c) {
          const float expected = rgb16(x, y, c) / 65535.0f * (rgba16_alpha(x) / 65535.0f);
          QVERIFY(close(rgb->at(x, y, c), expected, 1e-6f));
        }
    auto gray = load_image(path, {}, 1);
    QVERIFY(gray.is_ok());
    QCOMPARE(gray->channels(), 1);
    QCOMPARE(gray->at(2, 0, 0), 0.0f);  // fully transparent → black
    verify_in_unit_range(*gray);
  }

  void png_16bit_gray_alpha() {
    auto image = load_image(fixture_path("gray_alpha16.png"), {}, 1);
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{2, 2, 1}));
    QVERIFY(close(image->at(0, 1, 0), 20100 / 65535.0f, 1e-6f));  // opaque
    QCOMPARE(image->at(1, 1, 0), 0.0f);                           // transparent
  }

  void gray_and_rgb_convert_on_load() {
    auto gray = load_image(fixture_path("gray16.png"), {}, 3);
    QVERIFY(gray.is_ok());
    QCOMPARE(gray->channels(), 3);
    for (int c = 0; c < 3; ++c) QVERIFY(close(gray->at(4, 2, c), gray16(4, 2) / 65535.0f, 1e-7f));
    auto luma = load_image(fixture_path("rgb16.png"), {}, 1);
    QVERIFY(luma.is_ok());
    QCOMPARE(luma->channels(), 1);
    const float expected =
        (0.299f * rgb16(1, 2, 0) + 0.587f * rgb16(1, 2, 1) + 0.114f * rgb16(1, 2, 2)) / 65535.0f;
    QVERIFY(close(luma->at(1, 2, 0), expected, 1e-5f));
  }

  void pgm_8bit() {
    auto image = load_image(fixture_path("gray8.pgm"));
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{4, 3, 1}));
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 4; ++x) QVERIFY(close(image->at(x, y, 0), gray8(x, y) / 255.0f));
  }

  void pgm_16bit_is_big_endian() {
    // Netpbm stores 16-bit samples most significant byte first.
    auto image = load_image(fixture_path("gray16.pgm"));
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{4, 3, 1}));
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 4; ++x)
        QVERIFY2(close(image->at(x, y, 0), gray16(x, y) / 65535.0f, 1e-7f),
                 qPrintable(QString("(%1,%2): %3 vs %4").arg(x).arg(y).arg(image->at(x, y, 0) * 65535.0f)
                                .arg(gray16(x, y))));
  }

  void pgm_maxval_scales_values() {
    // maxval 15: a sample of 15 is white, 5 is one third.
    const std::string bytes = std::string("P5 3 1 15\n") + '\x00' + '\x05' + '\x0f';
    auto image = decode_image(bytes, "maxval15.pgm");
    QVERIFY2(image.is_ok(), image.message().c_str());
    QVERIFY(close(image->at(0, 0, 0), 0.0f));
    QVERIFY(close(image->at(1, 0, 0), 5.0f / 15.0f));
    QVERIFY(close(image->at(2, 0, 0), 1.0f));
  }

  void ppm_8bit() {
    auto image = load_image(fixture_path("rgb8.ppm"));
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{3, 2, 3}));
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        for (int c = 0; c < 3; ++c) QVERIFY(close(image->at(x, y, c), rgb8(x, y, c) / 255.0f));
  }

  void truncated_pnm_is_refused() {
    // The header promises 4×3 = 12 samples; only 7 follow.
    const std::string full = read_bytes(fixture_path("gray8.pgm"));
    const std::string cut = full.substr(0, full.size() - 5);
    auto image = decode_image(cut, "cut.pgm");
    QVERIFY(!image.is_ok());
    QVERIFY2(QString::fromStdString(image.message()).contains("cut.pgm"), image.message().c_str());
    QVERIFY2(QString::fromStdString(image.message()).contains("truncated"), image.message().c_str());
  }

  void bmp_24bit() {
    auto image = load_image(fixture_path("rgb24.bmp"));
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{3, 2, 3}));
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        for (int c = 0; c < 3; ++c) QVERIFY(close(image->at(x, y, c), rgb8(x, y, c) / 255.0f));
  }

  void jpeg_decodes_close_to_its_source() {
    auto image = load_image(fixture_path("gradient.jpg"));
    QVERIFY2(image.is_ok(), image.message().c_str());
    QCOMPARE(image->shape(), (dendrite::ImageShape{16, 16, 3}));
    float worst = 0.0f;
    for (int y = 0; y < 16; ++y)
      for (int x = 0; x < 16; ++x) {
        const float expected[3] = {(x * 16 + 8) / 255.0f, (y * 16 + 8) / 255.0f, 128 / 255.0f};
        for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(image->at(x, y, c) - expected[c]));
      }
    QVERIFY2(worst <= 6.0f / 255.0f, qPrintable(QString("largest error %1/255").arg(worst * 255)));
    verify_in_unit_range(*image);
  }

  void truncated_png_is_refused_data() {
    QTest::addColumn<int>("keep");
    // Cut inside the signature, inside IHDR, after IHDR, and inside the image data.
    for (int keep : {4, 20, 40, -20}) QTest::addRow("keep %d", keep) << keep;
  }

  void truncated_png_is_refused() {
    QFETCH(int, keep);
    auto encoded = encode_png(pattern_image(32, 32, 3));
    QVERIFY(encoded.is_ok());
    const std::size_t n = keep > 0 ? static_cast<std::size_t>(keep) : encoded->size() / 2;
    const std::string path = temp_path(qPrintable(QString("truncated-%1.png").arg(keep)));
    QVERIFY(write_bytes(path, encoded->substr(0, n)));
    auto image = load_image(path);
    QVERIFY(!image.is_ok());
    QVERIFY2(QString::fromStdString(image.message()).contains(QString::fromStdString(path)),
             image.message().c_str());
  }

  void zero_byte_file_is_refused() {
    const std::string path = temp_path("empty.png");
    QVERIFY(write_bytes(path, ""));
    auto image = load_image(path);
    QVERIFY(!image.is_ok());
    QVERIFY2(QString::fromStdString(image.message()).contains("empty"), image.message().c_str());
    QVERIFY(QString::fromStdString(image.message()).contains(QString::fromStdString(path)));
  }

  void huge_header_is_refused_before_decoding() {
    const std::string path = fixture_path("huge_header.png");
    auto info = probe_image(read_bytes(path), path);
    QVERIFY2(info.is_ok(), info.message().c_str());
    QCOMPARE(info->width, 100000);
    QCOMPARE(info->height, 100000);
    auto image = load_image(path);
    QVERIFY(!image.is_ok());
    const QString message = QString::fromStdString(image.message());
    // The budget message (written before decoding) — not a decoder error such as "outofmem".
    QVERIFY2(message.contains("100000x100000"), qPrintable(message));
    QVERIFY2(message.contains("not decoded"), qPrintable(message));
  }

  void budget_limits_apply() {
    auto encoded = encode_png(pattern_image(17, 3, 1));
    QVERIFY(encoded.is_ok());
    ImageBudget narrow;
    narrow.max_dimension = 16;
    QVERIFY(!decode_image(*encoded, "wide.png", narrow).is_ok());
    ImageBudget few_pixels;
    few_pixels.max_pixels = 50;
    QVERIFY(!decode_image(*encoded, "many.png", few_pixels).is_ok());
    ImageBudget small_file;
    small_file.max_file_bytes = 10;
    const std::string path = temp_path("small-budget.png");
    QVERIFY(write_bytes(path, *encoded));
    auto refused = load_image(path, small_file);
    QVERIFY(!refused.is_ok());
    QVERIFY2(QString::fromStdString(refused.message()).contains("limit"), refused.message().c_str());
    QVERIFY(decode_image(*encoded, "fits.png", ImageBudget{}).is_ok());
  }

  void text_file_named_png_is_refused() {
    const std::string path = temp_path("notes.png");
    QVERIFY(write_bytes(path, "These are my notes, not a picture.\n"));
    auto image = load_image(path);
    QVERIFY(!image.is_ok());
    QVERIFY2(QString::fromStdString(image.message()).contains("not a readable image"),
             image.message().c_str());
  }

  void damaged_header_after_a_valid_signature_is_named() {
    // A PNG signature, then junk: stb_image says only "unknown image type".
    auto png = decode_image(std::string("\x89PNG\r\n\x1a\nthis is not really a PNG file"), "broken.png", ImageBudget{});
    QVERIFY(!png.is_ok());
    QVERIFY2(png.message() == "'broken.png' is a damaged PNG file: its header cannot be read", png.message().c_str());
    // A JPEG that ends (EOI) before any frame header.
    auto jpeg = decode_image(std::string("\xFF\xD8\xFF\xD9", 4), "cut.jpg", ImageBudget{});
    QVERIFY(!jpeg.is_ok());
    QVERIFY2(jpeg.message() == "'cut.jpg' is a damaged JPEG file: its header cannot be read", jpeg.message().c_str());
  }

  void ascii_pgm_is_refused_clearly() {
    // stb_image reads binary Netpbm (P5/P6) only.
    auto image = decode_image("P2\n2 1\n255\n0 255\n", "ascii.pgm");
    QVERIFY(!image.is_ok());
    QVERIFY(QString::fromStdString(image.message()).contains("ascii.pgm"));
  }

  void missing_file_names_the_path() {
    const std::string path = temp_path("does-not-exist.png");
    auto image = load_image(path);
    QVERIFY(!image.is_ok());
    QVERIFY2(QString::fromStdString(image.message()).contains(QString::fromStdString(path)),
             image.message().c_str());
  }

  void bad_channel_request_is_refused() {
    auto image = load_image(fixture_path("rgb8.ppm"), {}, -1);
    QVERIFY(!image.is_ok());
  }

  void only_the_needed_stb_decoders_get_the_bytes_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("error");  // empty: decodes
    QTest::newRow("gif") << "seed-still.gif" << "";
    QTest::newRow("bmp") << "seed-palette.bmp" << "";
    QTest::newRow("progressive jpeg") << "seed-progressive.jpg" << "";
    QTest::newRow("interlaced png") << "seed-interlaced.png" << "";
    QTest::newRow("1-bit png") << "seed-gray1bit.png" << "";
    QTest::newRow("palette png") << "seed-palette.png" << "";
    QTest::newRow("16-bit rgb png") << "seed-rgb16.png" << "";
    QTest::newRow("tga") << "seed-raw.tga" << "unknown format; Dendrite reads PNG, JPEG, BMP, GIF and binary PGM/PPM";
    QTest::newRow("psd") << "seed-image.psd" << "unknown format";
    QTest::newRow("hdr") << "seed-image.hdr" << "unknown format";
    // Inputs fuzzing found (stb_guard.h): stb 2.27 loops forever on the first, and writes past its
    // Huffman tables on the second.
    QTest::newRow("hdr rle hang") << "timeout-hdr-rle-zero-count.hdr" << "unknown format";
    QTest::newRow("jpeg dht overflow") << "crash-dht-over-256-codes.jpg" << "a Huffman table (byte 181) defines 4080 codes, more than 256";
    // A progressive scan using Huffman tables no DHT defined: stb 2.27 decodes with uninitialised
    // tables (an out-of-bounds symbol read under UBSan, depending on what the heap held before).
    QTest::newRow("jpeg undefined huffman table") << "crash-undefined-huffman-table.jpg"
                                                  << "the scan at byte 221 uses AC Huffman table 0, which no table definition before it defines";
    // An IDAT chunk claiming 1.3 GB in a 439-byte file: stb 2.27 grows its buffer to 2 GiB first.
    QTest::newRow("png idat longer than file") << "oom-idat-longer-than-file.png" << "corrupt PNG: the IDAT chunk at byte 208 claims 1291845795 bytes, the file has 223 left";
  }

  void only_the_needed_stb_decoders_get_the_bytes() {
    QFETCH(QString, file);
    QFETCH(QString, error);
    const std::string path = std::string(DENDRITE_SOURCE_DIR) + "/fuzz/corpus/image/" + file.toStdString();
    auto image = load_image(path);
    if (error.isEmpty()) {
      QVERIFY2(image.is_ok(), image.message().c_str());
      QCOMPARE(image->width(), 8);
      verify_in_unit_range(*image);
    } else {
      QVERIFY(!image.is_ok());
      const QString message = QString::fromStdString(image.message());
      QVERIFY2(message.contains(error) && message.contains(file), qPrintable(message));
    }
  }

  void png_decompression_bomb_is_refused() {
    // A 1x1 gray PNG whose IDAT inflates to 64 MiB: stb_image would grow its buffer to hold all of
    // it; the guard counts the inflated bytes first (stb_guard.h).
    std::string zeros(64u << 20, '\0');
    uLongf packed_size = compressBound(static_cast<uLong>(zeros.size()));
    std::string packed(packed_size, '\0');
    QCOMPARE(compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                       reinterpret_cast<const Bytef*>(zeros.data()), static_cast<uLong>(zeros.size()), 9),
             Z_OK);
    packed.resize(packed_size);
    auto chunk = [](const std::string& type, const std::string& payload) {
      std::string out;
      for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((payload.size() >> shift) & 0xFF));
      const std::string body = type + payload;
      const auto crc = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
      out += body;
      for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((crc >> shift) & 0xFF));
      return out;
    };
    const std::string bomb = std::string("\x89PNG\r\n\x1a\n", 8) +
                             chunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\0\0\0\0", 13)) +
                             chunk("IDAT", packed) + chunk("IEND", "");
    QVERIFY(bomb.size() < 100000);
    auto image = decode_image(bomb, "bomb.png");
    QVERIFY(!image.is_ok());
    QVERIFY2(QString::fromStdString(image.message()).contains("'bomb.png' is a corrupt PNG: its pixel data inflates to more than"),
             image.message().c_str());
    // The same pixel with an honest stream decodes.
    std::string row("\0\x80", 2);
    uLongf honest_size = compressBound(2);
    std::string honest(honest_size, '\0');
    compress2(reinterpret_cast<Bytef*>(honest.data()), &honest_size, reinterpret_cast<const Bytef*>(row.data()), 2, 9);
    honest.resize(honest_size);
    auto pixel = decode_image(std::string("\x89PNG\r\n\x1a\n", 8) +
                                  chunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\0\0\0\0", 13)) +
                                  chunk("IDAT", honest) + chunk("IEND", ""),
                              "pixel.png");
    QVERIFY2(pixel.is_ok(), pixel.message().c_str());
    QCOMPARE(pixel->data()[0], 128.0f / 255.0f);
  }

  void image_extensions() {
    for (const char* yes : {"a.png", "b.PNG", "dir/c.jpg", "d.jpeg", "e.bmp", "f.pgm", "g.ppm", "h.JPG"})
      QVERIFY2(dendrite::has_image_extension(yes), yes);
    for (const char* no : {"a.txt", "png", ".png", "dir.png/file", "b.png.tmp", "c"})
      QVERIFY2(!dendrite::has_image_extension(no), no);
  }
};

QTEST_APPLESS_MAIN(TestImageIo)
#include "test_image_io.moc"
