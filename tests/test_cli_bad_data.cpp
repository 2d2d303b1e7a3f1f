// test_cli_bad_data.cpp — a folder nobody curated, end to end through dendrite-cli (DESIGN.md §6).
//
// The folder holds 20 good 8×8 gray PNGs and: a truncated PNG (intact header, half the data), a
// zero-byte file, a PNG whose header claims 60000×60000, a text file named .png, an image of
// another size, and a 16-bit PNG of the right size. `train` and `info` must report each bad file
// exactly once, with its reason, and never crash; `train` trains on the 21 usable images, the
// 16-bit one included.
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include "core/image_io.h"
#include "core/random.h"
#include "tests/support/test_files.h"

using namespace dendrite;
using dendrite::testing::write_bytes;

namespace {

struct Run {
  int exit_code = -1;
  bool crashed = false;
  QString out, err;
};

Run cli(const QStringList& arguments) {
  QProcess process;
  process.start(DENDRITE_CLI_PATH, arguments);
  Run run;
  if (!process.waitForStarted(30000) || !process.waitForFinished(300000)) {
    run.err = "did not start or finish: " + process.errorString();
    return run;
  }
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  run.crashed = process.exitStatus() != QProcess::NormalExit;
  run.exit_code = process.exitCode();
  return run;
}

void append_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void append_chunk(std::string& png, const char* type, const std::string& payload) {
  append_be32(png, static_cast<std::uint32_t>(payload.size()));
  const std::string body = std::string(type, 4) + payload;
  png += body;
  append_be32(png, static_cast<std::uint32_t>(
                       crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

// A gray PNG of any size with 8 or 16 bits per sample; `value` gives each sample.
std::string gray_png(std::uint32_t width, std::uint32_t height, int bits, std::uint16_t (*value)(int, int),
                     bool with_data = true) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  append_be32(header, width);
  append_be32(header, height);
  header += std::string{static_cast<char>(bits), 0, 0, 0, 0};  // gray, deflate, no filter, no interlace
  append_chunk(png, "IHDR", header);
  if (with_data) {
    std::string raw;  // rows: filter byte 0, then samples big-endian
    for (std::uint32_t y = 0; y < height; ++y) {
      raw.push_back('\0');
      for (std::uint32_t x = 0; x < width; ++x) {
        const std::uint16_t v = value(static_cast<int>(x), static_cast<int>(y));
        if (bits == 16) raw.push_back(static_cast<char>(v >> 8));
        raw.push_back(static_cast<char>(v & 0xFF));
      }
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string compressed(size, '\0');
    compress(reinterpret_cast<Bytef*>(compressed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
             static_cast<uLong>(raw.size()));
    compressed.resize(size);
    append_chunk(png, "IDAT", compressed);
  } else {
    append_chunk(png, "IDAT", std::string(16, '\0'));
  }
  append_chunk(png, "IEND", "");
  return png;
}

std::uint16_t ramp16(int x, int y) { return static_cast<std::uint16_t>((x * 8 + y) * 1021); }

}  // namespace

class TestCliBadData : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString folder_;
  const QStringList bad_ = {"truncated.png", "zero.png", "huge.png", "notes.png", "other-size.png"};

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    folder_ = dir_.filePath("uncurated");
    QVERIFY(QDir().mkpath(folder_));
    Rng rng(21, RandomStream::kMisc);
    for (int i = 0; i < 20; ++i) {
      Image image(8, 8, 1);
      for (std::size_t k = 0; k < image.size(); ++k) image.data()[k] = rng.uniform01();
      QVERIFY(save_png(QString("%1/good-%2.png").arg(folder_).arg(i, 2, 10, QChar('0')).toStdString(), image).is_ok());
    }
    const std::string good = testing::read_bytes((folder_ + "/good-00.png").toStdString());
    QVERIFY(good.size() > 60);
    const auto at = [&](const QString& name) { return (folder_ + "/" + name).toStdString(); };
    QVERIFY(write_bytes(at("truncated.png"), good.substr(0, good.size() / 2)));
    QVERIFY(write_bytes(at("zero.png"), ""));
    QVERIFY(write_bytes(at("huge.png"), gray_png(60000, 60000, 8, ramp16, false)));
    QVERIFY(write_bytes(at("notes.png"), "these are my notes, not an image\n"));
    QVERIFY(save_png(at("other-size.png"), Image(12, 10, 1, 0.5f)).is_ok());
    QVERIFY(write_bytes(at("deep.png"), gray_png(8, 8, 16, ramp16)));
    // The 16-bit file really is 16-bit and decodes on its own.
    auto deep = load_image(at("deep.png"));
    QVERIFY2(deep.is_ok(), deep.message().c_str());
    QCOMPARE(deep->data()[1], static_cast<float>(ramp16(1, 0)) / 65535.0f);
  }

  void trainReportsEachBadFileOnceAndTrainsOnTheRest() {
    const Run run = cli({"train", "--network", "input 8x8x1 | dense 2x2x1 | dense 8x8x1", "--input", folder_,
                         "--epochs", "2", "--batch-size", "4", "--model", dir_.filePath("m.dendrite"),
                         "--output", dir_.filePath("out"), "--threads", "1"});
    QVERIFY2(!run.crashed && run.exit_code == 0, qPrintable(run.err));
    for (const QString& name : bad_)
      QVERIFY2(run.err.count(name) == 1, qPrintable(QString("%1 named %2 times:\n%3").arg(name).arg(run.err.count(name)).arg(run.err)));
    QVERIFY2(!run.err.contains("deep.png"), qPrintable(run.err));
    // Each with its reason.
    QVERIFY(run.err.contains(QRegularExpression("skipped: .*truncated.png: could not be decoded")));
    QVERIFY(run.err.contains(QRegularExpression("skipped: .*zero.png: is empty \\(0 bytes\\)")));
    QVERIFY(run.err.contains(QRegularExpression("skipped: .*huge.png: claims 60000x60000 pixels, over the limit")));
    QVERIFY(run.err.contains(QRegularExpression("skipped: .*notes.png: is not a readable image")));
    QVERIFY(run.err.contains(QRegularExpression("skipped: .*other-size.png: is 12x10, not 8x8")));
    // 20 good images and the 16-bit one.
    QVERIFY2(run.err.contains("loaded 21 images of 8x8x1"), qPrintable(run.err));
    QVERIFY2(run.out.startsWith("summary steps="), qPrintable(run.out));
  }

  void infoReportsEachBadFileOnce() {
    const Run run = cli({"info", "--input", folder_});
    QVERIFY2(!run.crashed && run.exit_code == 0, qPrintable(run.err));
    const QString all = run.out + run.err;
    for (const QString& name : QStringList{"truncated.png", "zero.png", "huge.png", "notes.png"}) {
      QVERIFY2(all.count(name) == 1, qPrintable(QString("%1 named %2 times:\n%3").arg(name).arg(all.count(name)).arg(all)));
      QVERIFY2(run.out.contains(QRegularExpression("problem: .*" + QRegularExpression::escape(name))), qPrintable(all));
    }
    QVERIFY2(!all.contains("deep.png"), qPrintable(all));
    // Every file counts; the sizes are those of the files that decode.
    QVERIFY2(run.out.contains("files: 26\n"), qPrintable(run.out));
    QVERIFY2(run.out.contains("image size: 8x8 (21 files)\n"), qPrintable(run.out));
    QVERIFY2(run.out.contains("image size: 12x10 (1 files)\n"), qPrintable(run.out));
    QVERIFY2(run.out.contains("majority: 8x8x1\n"), qPrintable(run.out));
  }

  void resizeTakesTheOtherSizeToo() {
    const Run run = cli({"train", "--network", "input 8x8x1 | dense 2x2x1 | dense 8x8x1", "--input", folder_,
                         "--epochs", "1", "--resize", "true", "--model", dir_.filePath("r.dendrite"),
                         "--output", dir_.filePath("out"), "--threads", "1", "--quiet"});
    QVERIFY2(!run.crashed && run.exit_code == 0, qPrintable(run.err));
    const Run eval = cli({"eval", "--model", dir_.filePath("r.dendrite"), "--input", folder_, "--resize", "true"});
    QVERIFY2(!eval.crashed && eval.exit_code == 0, qPrintable(eval.err));
    QVERIFY2(eval.out.contains("images=22"), qPrintable(eval.out + eval.err));
  }
};

QTEST_APPLESS_MAIN(TestCliBadData)
#include "test_cli_bad_data.moc"
