// test_cli.cpp — dendrite-cli as a user runs it (app/cli): --help and --version, import-idx,
// info, config-file precedence (flag > config file > default) and config errors, and the bundled
// sample data in resources/sample-data/.
//
//   ctest --test-dir build -R test_cli --output-on-failure
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "core/idx_reader.h"
#include "core/image_io.h"
#include "tests/support/test_files.h"

using dendrite::testing::write_bytes;

namespace {

const char* const kFashionImages = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

struct Run {
  int exit_code = -1;
  QString out;
  QString err;
  QString all() const { return out + err; }
};

Run run_program(const QString& program, const QStringList& arguments) {
  QProcess process;
  process.start(program, arguments);
  Run run;
  if (!process.waitForStarted(30000)) {
    run.err = "could not start " + program;
    return run;
  }
  process.waitForFinished(300000);
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  if (process.exitStatus() != QProcess::NormalExit) {
    run.err += "\n[crashed]";
    run.exit_code = -2;  // a crash is never an acceptable answer to bad input
    return run;
  }
  run.exit_code = process.exitCode();
  return run;
}

Run cli(const QStringList& arguments) { return run_program(DENDRITE_CLI_PATH, arguments); }

QString describe(const Run& run) {
  return QString("exit %1\n--- stdout\n%2--- stderr\n%3").arg(run.exit_code).arg(run.out, run.err);
}

QStringList png_files(const QString& directory) {
  return QDir(directory).entryList({"*.png"}, QDir::Files, QDir::Name);
}

void write_pngs(const QString& directory, int count, int width, int height, int channels) {
  QDir().mkpath(directory);
  for (int i = 0; i < count; ++i) {
    dendrite::Image image(width, height, channels, static_cast<float>(i) / 10.0f);
    const auto saved = dendrite::save_png(QString("%1/%2.png").arg(directory).arg(i).toStdString(), image);
    QVERIFY2(saved.is_ok(), saved.message().c_str());
  }
}

std::string be32(std::uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir temp_;
  QString temp(const QString& name) const { return temp_.path() + "/" + name; }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    QVERIFY2(QFile::exists(DENDRITE_CLI_PATH), DENDRITE_CLI_PATH);
  }

  void version() {
    const Run run = cli({"--version"});
    QVERIFY2(run.exit_code == 0, qPrintable(describe(run)));
    QCOMPARE(run.out.trimmed(), QString("dendrite-cli ") + DENDRITE_VERSION);
  }

  void help_on_every_command_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("top") << QStringList{"--help"} << QStringList{"info", "import-idx", "--version"};
    QTest::newRow("info") << QStringList{"info", "--help"} << QStringList{"--input", "--config"};
    QTest::newRow("import-idx") << QStringList{"import-idx", "--help"} << QStringList{"--output", "--limit"};
  }

  void help_on_every_command() {
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, mentions);
    const Run run = cli(arguments);
    QVERIFY2(run.exit_code == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains("Usage"), qPrintable(describe(run)));
    for (const QString& word : mentions) QVERIFY2(run.out.contains(word), qPrintable(word + "\n" + describe(run)));
  }

  // bench: the --csv columns (a stable interface), and --phases, whose table goes to stderr with
  // --csv so the CSV stays parseable.
  void bench_csv_and_phases() {
    const Run csv = cli({"bench", "--workload", "W1", "--impl", "layer_o5,layer_o6", "--threads", "1,2", "--seconds",
                         "0.02", "--csv", "--phases"});
    QVERIFY2(csv.exit_code == 0, qPrintable(describe(csv)));
    const QStringList lines = csv.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines[0], QString("workload,module,threads,batch,samples_per_s,cups,ceiling_pct,forward_ms,backprop_ms,"
                               "step_ms,connections,bytes_per_connection,bytes_per_neuron_sample,iteration_losses"));
    QStringList seen;
    for (int i = 1; i < lines.size(); ++i) {
      const QStringList fields = lines[i].split(',');
      QVERIFY2(fields.size() == 14, qPrintable(lines[i]));
      QCOMPARE(fields[0], QString("W1"));
      QCOMPARE(fields[3], QString("32"));
      QCOMPARE(fields[10], QString("417792"));  // W1's connections (DESIGN.md §5)
      QVERIFY2(fields[4].toDouble() > 0, qPrintable(lines[i]));
      seen << fields[1] + "/" + fields[2];
    }
    QCOMPARE(seen, (QStringList{"layer_o5/1", "layer_o5/2", "layer_o6/1", "layer_o6/2"}));
    QVERIFY2(!csv.out.contains("phases"), qPrintable(describe(csv)));
    for (const char* expected : {"phases of W1 layer_o6, 2 threads", "forward L1", "fused backward L4",
                                 "wait: fused L4", "update L1", "waiting at barriers", "(layer_o5 records no phases)"})
      QVERIFY2(csv.err.contains(expected), qPrintable(QString(expected) + "\n" + describe(csv)));
    // Without --csv the table follows each result line on stdout.
    const Run table = cli({"bench", "--workload", "W1", "--impl", "layer_o6", "--threads", "1", "--seconds", "0.02",
                           "--phases"});
    QVERIFY2(table.exit_code == 0, qPrintable(describe(table)));
    QVERIFY2(table.out.contains("phases of W1 layer_o6, 1 threads") && table.out.contains("output errors"),
             qPrintable(describe(table)));
    // Bad values name the flag.
    const Run bad = cli({"bench", "--workload", "W1", "--threads", "0"});
    QVERIFY2(bad.exit_code == 2 && bad.err.contains("--threads"), qPrintable(describe(bad)));
  }

  // bench --optimizer: the same steps with the optimizer's moments, which the bytes per
  // connection count (4 for the weight, 4 per moment); SGD unless asked.
  void bench_optimizer() {
    for (const auto& [optimizer, bytes] :
         std::vector<std::pair<QString, QString>>{{"", "4.00"}, {"sgd", "4.00"}, {"momentum", "8.00"}, {"adam", "12.00"}}) {
      QStringList arguments{"bench", "--workload", "W2", "--impl", "layer_o6", "--threads", "2", "--seconds", "0.02",
                            "--csv"};
      if (!optimizer.isEmpty()) arguments << "--optimizer" << optimizer;
      const Run run = cli(arguments);
      QVERIFY2(run.exit_code == 0, qPrintable(describe(run)));
      const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
      QCOMPARE(lines.size(), 2);
      const QStringList fields = lines[1].split(',');
      QVERIFY2(fields.size() == 14, qPrintable(lines[1]));
      QVERIFY2(fields[11] == bytes, qPrintable(optimizer + ": " + lines[1]));
      QVERIFY2(fields[4].toDouble() > 0, qPrintable(lines[1]));
    }
    const Run bad = cli({"bench", "--workload", "W2", "--optimizer", "rmsprop"});
    QVERIFY2(bad.exit_code == 2 && bad.err.contains("--optimizer"), qPrintable(describe(bad)));
  }

  // bench --share-tails: layer_o6's tail sharing forced on or off (auto by default), the same
  // columns (that sharing never changes a result is test_layer_equivalence's); anything else is
  // refused naming the flag.
  void bench_share_tails() {
    for (const QString mode : {"auto", "on", "off"}) {
      const Run run = cli({"bench", "--workload", "W2", "--impl", "layer_o6", "--threads", "2", "--seconds", "0.02",
                           "--csv", "--share-tails", mode});
      QVERIFY2(run.exit_code == 0, qPrintable(mode + "\n" + describe(run)));
      const QStringList lines = run.out.split('\n', Qt::SkipEmptyParts);
      QCOMPARE(lines.size(), 2);
      const QStringList fields = lines[1].split(',');
      QVERIFY2(fields.size() == 14 && fields[4].toDouble() > 0, qPrintable(mode + ": " + lines[1]));
    }
    const Run bad = cli({"bench", "--workload", "W2", "--share-tails", "sometimes"});
    QVERIFY2(bad.exit_code == 2 && bad.err.contains("--share-tails"), qPrintable(describe(bad)));
  }

  void usage_errors_exit_nonzero() {
    for (const QStringList& arguments :
         {QStringList{}, QStringList{"frobnicate"}, QStringList{"import-idx", kFashionImages},
          QStringList{"info", "--no-such-flag"}, QStringList{"import-idx", "x", "--output", "y", "--limit", "ten"}}) {
      const Run run = cli(arguments);
      QVERIFY2(run.exit_code > 0, qPrintable(arguments.join(' ') + "\n" + describe(run)));
      QVERIFY2(!run.err.isEmpty(), qPrintable(describe(run)));
    }
  }

  void import_idx_writes_limit_pngs_and_info_counts_them() {
    if (!QFile::exists(kFashionImages))
      QFAIL("Fashion-MNIST is missing: install Debian's dataset-fashion-mnist (bash scripts/setup.sh)");
    const QString out = temp("fm");
    const Run run = cli({"import-idx", kFashionImages, "--output", out, "--limit", "25"});
    QVERIFY2(run.exit_code == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains("wrote 25 PNG images of 28x28x1"), qPrintable(describe(run)));
    const QStringList files = png_files(out);
    QCOMPARE(files.size(), 25);
    QCOMPARE(files.first(), QString("image-00.png"));
    QCOMPARE(files.last(), QString("image-24.png"));

    // The first PNG holds exactly the first IDX image (u8 → /255 → 8-bit PNG is lossless).
    auto array = dendrite::read_idx(dendrite::real_file_system(), kFashionImages);
    QVERIFY2(array.is_ok(), array.message().c_str());
    auto first = dendrite::load_image((out + "/image-00.png").toStdString());
    QVERIFY2(first.is_ok(), first.message().c_str());
    QCOMPARE(first->shape(), (dendrite::ImageShape{28, 28, 1}));
    for (std::size_t i = 0; i < 784; ++i) QCOMPARE(first->data()[i], array->values[i] / 255.0f);

    const Run info = cli({"info", "--input", out});
    QVERIFY2(info.exit_code == 0, qPrintable(describe(info)));
    QVERIFY2(info.out.contains("files: 25\n"), qPrintable(describe(info)));
    QVERIFY2(info.out.contains("image size: 28x28 (25 files)"), qPrintable(describe(info)));
    QVERIFY2(info.out.contains("channels: 1 (25 files)"), qPrintable(describe(info)));
    QVERIFY2(info.out.contains("majority: 28x28x1"), qPrintable(describe(info)));
    QVERIFY2(!info.out.contains("problem"), qPrintable(describe(info)));
  }

  void import_idx_small_file_without_limit() {
    // 3 images of 4 (w) × 2 (h).
    std::string idx = std::string("\0\0\x08\x03", 4) + be32(3) + be32(2) + be32(4);
    for (int i = 0; i < 24; ++i) idx += static_cast<char>(i * 10);
    const QString input = temp("tiny-images-idx3-ubyte");
    QVERIFY(write_bytes(input.toStdString(), idx));
    const QString out = temp("tiny");
    const Run run = cli({"import-idx", input, "--output", out});
    QVERIFY2(run.exit_code == 0, qPrintable(describe(run)));
    QCOMPARE(png_files(out), (QStringList{"image-0.png", "image-1.png", "image-2.png"}));
    auto last = dendrite::load_image((out + "/image-2.png").toStdString());
    QVERIFY(last.is_ok());
    QCOMPARE(last->shape(), (dendrite::ImageShape{4, 2, 1}));
    QCOMPARE(last->at(3, 1, 0), 230.0f / 255.0f);  // element 16 + 4 + 3 = 23

    // info also reads IDX files directly.
    const Run info = cli({"info", "--input", input});
    QVERIFY2(info.exit_code == 0, qPrintable(describe(info)));
    QVERIFY2(info.out.contains("images: 3 of 4x2x1"), qPrintable(describe(info)));
  }

  void import_idx_bad_inputs_fail_cleanly() {
    const QString text = temp("notes-idx3-ubyte");
    QVERIFY(write_bytes(text.toStdString(), "hello"));
    const QString empty = temp("empty-idx3-ubyte");
    QVERIFY(write_bytes(empty.toStdString(), std::string("\0\0\x08\x03", 4) + be32(0) + be32(28) + be32(28)));
    const QString labels = temp("labels-idx1-ubyte");
    QVERIFY(write_bytes(labels.toStdString(), std::string("\0\0\x08\x01", 4) + be32(2) + "\x01\x02"));
    const QString missing = temp("missing-idx3-ubyte.gz");
    const struct {
      QString input;
      const char* says;
    } cases[] = {{text, "not an IDX file"}, {empty, "no images"}, {labels, "not a stack of images"}, {missing, "missing"}};
    for (const auto& c : cases) {
      const Run run = cli({"import-idx", c.input, "--output", temp("bad-out")});
      QVERIFY2(run.exit_code == 1, qPrintable(c.input + "\n" + describe(run)));
      QVERIFY2(run.err.contains(c.says), qPrintable(describe(run)));
      QVERIFY2(run.err.contains(QFileInfo(c.input).fileName()), qPrintable(describe(run)));
    }
  }

  void info_reports_problems_and_missing_folders() {
    const QString folder = temp("mixed");
    write_pngs(folder, 2, 5, 5, 3);
    QVERIFY(write_bytes((folder + "/text.png").toStdString(), "not a picture"));
    const Run run = cli({"info", "--input", folder});
    QVERIFY2(run.exit_code == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains("files: 3\n"), qPrintable(describe(run)));
    QVERIFY2(run.out.contains("image size: 5x5 (2 files)"), qPrintable(describe(run)));
    QVERIFY2(run.out.contains("channels: 3 (2 files)"), qPrintable(describe(run)));
    QVERIFY2(run.out.contains("problem: " + folder + "/text.png"), qPrintable(describe(run)));

    const Run missing = cli({"info", "--input", temp("nowhere")});
    QCOMPARE(missing.exit_code, 1);
    QVERIFY2(missing.err.contains(temp("nowhere")), qPrintable(describe(missing)));
    const Run empty_flag = cli({"info", "--input", ""});
    QVERIFY2(empty_flag.exit_code != 0 && empty_flag.err.contains("--input-directory"), qPrintable(describe(empty_flag)));
  }

  void config_precedence_flag_over_file_over_default() {
    // A private copy of the program, so dendrite.conf and data/ next to it are ours.
    const QString bin = temp("app");
    QVERIFY(QDir().mkpath(bin));
    const QString program = bin + "/dendrite-cli";
    QVERIFY(QFile::copy(DENDRITE_CLI_PATH, program));
    QVERIFY(QFile::setPermissions(program, QFile::permissions(DENDRITE_CLI_PATH)));
    write_pngs(bin + "/set-a", 2, 4, 4, 1);
    write_pngs(temp("set-b"), 3, 4, 4, 1);
    write_pngs(temp("elsewhere/set-c"), 1, 4, 4, 1);

    // Default: data/input next to the executable.
    Run run = run_program(program, {"info"});
    QCOMPARE(run.exit_code, 1);
    QVERIFY2(run.err.contains(bin + "/data/input"), qPrintable(describe(run)));
    write_pngs(bin + "/data/input", 4, 4, 4, 1);
    run = run_program(program, {"info"});
    QVERIFY2(run.exit_code == 0 && run.out.contains("input: " + bin + "/data/input\n") &&
                 run.out.contains("files: 4\n"), qPrintable(describe(run)));

    // dendrite.conf next to the executable beats the default; relative paths are resolved
    // against the config file's folder.
    QVERIFY(write_bytes((bin + "/dendrite.conf").toStdString(), "# test\ninput-directory = set-a\n"));
    run = run_program(program, {"info"});
    QVERIFY2(run.exit_code == 0 && run.out.contains("input: " + bin + "/set-a\n") &&
                 run.out.contains("files: 2\n"), qPrintable(describe(run)));

    // A flag beats the config file.
    run = run_program(program, {"info", "--input", temp("set-b")});
    QVERIFY2(run.exit_code == 0 && run.out.contains("files: 3\n"), qPrintable(describe(run)));
    run = run_program(program, {"info", "--input-directory", temp("set-b")});
    QVERIFY2(run.exit_code == 0 && run.out.contains("files: 3\n"), qPrintable(describe(run)));

    // --config names another file, whose relative paths resolve against its own folder.
    QVERIFY(write_bytes(temp("elsewhere/other.conf").toStdString(), "input-directory=set-c\n"));
    run = run_program(program, {"info", "--config", temp("elsewhere/other.conf")});
    QVERIFY2(run.exit_code == 0 && run.out.contains("input: " + temp("elsewhere/set-c")) &&
                 run.out.contains("files: 1\n"), qPrintable(describe(run)));

    run = run_program(program, {"info", "--config", temp("elsewhere/none.conf")});
    QVERIFY2(run.exit_code != 0 && run.err.contains("does not exist"), qPrintable(describe(run)));

    // A bad line: nonzero exit, the error names file:line and the key, with a suggestion.
    QVERIFY(write_bytes((bin + "/dendrite.conf").toStdString(), "# test\n\ninput-dir = set-a\n"));
    run = run_program(program, {"info"});
    QVERIFY2(run.exit_code != 0, qPrintable(describe(run)));
    QVERIFY2(run.err.contains(bin + "/dendrite.conf:3:"), qPrintable(describe(run)));
    QVERIFY2(run.err.contains("'input-dir'") && run.err.contains("did you mean 'input-directory'"),
             qPrintable(describe(run)));
    // ... even when a flag would have overridden the key: a broken config file is never ignored.
    run = run_program(program, {"info", "--input", temp("set-b")});
    QVERIFY2(run.exit_code != 0 && run.err.contains("dendrite.conf:3:"), qPrintable(describe(run)));
  }

  void bundled_sample_images() {
    const QString root = QString(DENDRITE_SOURCE_DIR) + "/resources/sample-data";
    const Run fashion = cli({"info", "--input", root + "/fashion-mnist"});
    QVERIFY2(fashion.exit_code == 0, qPrintable(describe(fashion)));
    QVERIFY2(fashion.out.contains("files: 300\n") && fashion.out.contains("image size: 28x28 (300 files)") &&
                 fashion.out.contains("channels: 1 (300 files)") && !fashion.out.contains("problem"),
             qPrintable(describe(fashion)));
    const Run rgb = cli({"info", "--input", root + "/rgb-crops"});
    QVERIFY2(rgb.exit_code == 0, qPrintable(describe(rgb)));
    const QRegularExpression files("files: (\\d+)\n");
    const auto match = files.match(rgb.out);
    QVERIFY2(match.hasMatch(), qPrintable(describe(rgb)));
    const int count = match.captured(1).toInt();
    QVERIFY2(count >= 24, qPrintable(describe(rgb)));  // "a few dozen"
    QVERIFY2(rgb.out.contains(QString("image size: 32x32 (%1 files)").arg(count)) &&
                 rgb.out.contains(QString("channels: 3 (%1 files)").arg(count)) && !rgb.out.contains("problem"),
             qPrintable(describe(rgb)));
    for (const char* readme : {"/fashion-mnist/README.md", "/rgb-crops/README.md"})
      QVERIFY2(QFile::exists(root + readme), readme);
    // 3 MB at most in all.
    qint64 bytes = 0;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) bytes += QFileInfo(it.next()).size();
    QVERIFY2(bytes <= 3 * 1024 * 1024, qPrintable(QString("%1 bytes").arg(bytes)));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
