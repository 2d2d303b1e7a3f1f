// test_cli_bad_data.cpp — a folder nobody curated, end to end through dendrite-cli (DESIGN.md §6).
//
// The folder holds 20 good 8×8 gray PNGs and: a truncated PNG (intact header, half the data), a
// zero-byte file, a PNG whose header claims 60000×60000, a text file named .png, an image of
// another size, and a 16-bit PNG of the right size. `train` and `info` must report each bad file
// exactly once, with its reason, and never crash; `train` trains on the 21 usable images, the
// 16-bit one included.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "core/image_io.h"
#include "core/random.h"
#include "tests/support/test_files.h"
#include "tests/support/uncurated_folder.h"

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

}  // namespace

class TestCliBadData : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString folder_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    folder_ = dir_.filePath("uncurated");
    const auto status = testing::make_uncurated_folder(folder_.toStdString());
    QVERIFY2(status.is_ok(), status.message().c_str());
    const auto at = [&](const QString& name) { return (folder_ + "/" + name).toStdString(); };
    // The 16-bit file really is 16-bit and decodes on its own.
    auto deep = load_image(at("deep.png"));
    QVERIFY2(deep.is_ok(), deep.message().c_str());
    QCOMPARE(deep->data()[1], static_cast<float>(testing::uncurated_ramp16(1, 0)) / 65535.0f);
  }

  void trainReportsEachBadFileOnceAndTrainsOnTheRest() {
    const Run run = cli({"train", "--network", "input 8x8x1 | dense 2x2x1 | dense 8x8x1", "--input", folder_,
                         "--epochs", "2", "--batch-size", "4", "--model", dir_.filePath("m.dendrite"),
                         "--output", dir_.filePath("out"), "--threads", "1"});
    QVERIFY2(!run.crashed && run.exit_code == 0, qPrintable(run.err));
    for (const std::string& bad : testing::uncurated_bad_files()) {
      const QString name = QString::fromStdString(bad);
      QVERIFY2(run.err.count(name) == 1, qPrintable(QString("%1 named %2 times:\n%3").arg(name).arg(run.err.count(name)).arg(run.err)));
    }
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
