// test_cli_sweep.cpp — `dendrite-cli sweep` end to end: one CSV per run with the loss history,
// the summary table and CSV, the curve data, gnuplot's PNGs, and errors for bad grammar.
#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>
#include <cmath>

#include "core/image_io.h"
#include "core/random.h"

using namespace dendrite;

namespace {

struct Run {
  int code = -1;
  QString out, err;
};

Run cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(DENDRITE_CLI_PATH, args);
  p.waitForFinished(120000);
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QStringList read_lines(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll()).trimmed().split('\n');
}

}  // namespace

class TestCliSweep : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    Rng rng(1, RandomStream::kMisc);
    for (const char* sub : {"train", "test"}) {
      QDir().mkpath(dir_.filePath(sub));
      for (int i = 0; i < 30; ++i) {
        Image im(6, 6, 1);
        const float cx = rng.uniform(0, 6), cy = rng.uniform(0, 6);
        for (int y = 0; y < 6; ++y)
          for (int x = 0; x < 6; ++x) im.at(x, y, 0) = std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 5.0f);
        QVERIFY(save_png(dir_.filePath(QString("%1/%2.png").arg(sub).arg(i)).toStdString(), im).is_ok());
      }
    }
  }

  void writesRunsSummaryAndPlots() {
    const Run r = cli({"sweep", "--input", dir_.filePath("train"), "--test", dir_.filePath("test"), "--network",
                       "input 6x6x1 | dense 3x3x1 | dense 6x6x1", "--epochs", "3", "--batch-size", "5",
                       "--validation-fraction", "0", "--sweep", "leakage=0.1,0", "--sweep", "learning-rate=0.01,0.003",
                       "--seeds", "1,2", "--output", dir_.path(), "--name", "s", "--threads", "1", "--parallel", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("sweep runs=8 errors=0"));
    const QString base = dir_.filePath("s");
    // One CSV per run: a row per step (6 per full pass × 3) plus the initial test point.
    const QStringList run = read_lines(base + "/runs/leakage-0.1_learning-rate-0.01_seed2.csv");
    QCOMPARE(run.first(), QString("step,train_loss,validation_loss,test_loss"));
    QCOMPARE(run.size(), 1 + 1 + 18);
    QVERIFY(run[1].startsWith("0,,,"));        // test MSE before training
    QVERIFY(!run[7].split(',')[3].isEmpty());  // after the first full pass
    QVERIFY(run[8].split(',')[3].isEmpty());
    // Summary: a row per run with final and best test MSE, best ≤ final.
    const QStringList summary = read_lines(base + "/summary.csv");
    QCOMPARE(summary.size(), 9);
    QVERIFY(summary[0].startsWith("point,seed,leakage,learning-rate,final_test_mse,best_test_mse"));
    for (int i = 1; i < summary.size(); ++i) {
      const QStringList cells = summary[i].split(',');
      QVERIFY(cells[5].toDouble() <= cells[4].toDouble());
      QVERIFY(cells[4].toDouble() > 0);
    }
    // The markdown table has a row per grid point.
    QCOMPARE(read_lines(base + "/summary.md").size(), 2 + 4);
    QVERIFY(QFile::exists(base + "/curves/leakage-0_learning-rate-0.003.dat"));
    auto png = load_image((base + "/loss-curves.png").toStdString());
    QVERIFY2(png.is_ok(), png.message().c_str());
    QVERIFY(png->width() >= 800);
    for (const char* other : {"test-mse.png", "loss-curves-loglog.png", "late-phase.png", "final-mse.png"})
      QVERIFY2(load_image((base + "/" + other).toStdString()).is_ok(), other);
    // The report and the comparisons: a row per point, a row per pair of leakages per learning rate.
    const QStringList report = read_lines(base + "/report.md");
    QVERIFY(report[0].startsWith("# Sweep 's'"));
    QCOMPARE(report.filter(QRegularExpression("^\\| leakage=")).size(), 4);
    QCOMPARE(report.filter("| best |").size(), 1);
    const QStringList pairs = read_lines(base + "/comparisons.csv");
    QCOMPARE(pairs.size(), 1 + 2);
    QVERIFY(pairs[1].startsWith("learning-rate=0.01,0.1,0,"));
    const double p_value = pairs[1].split(',')[8].toDouble();
    QVERIFY(p_value >= 0 && p_value <= 1);
    // The run CSV's final test MSE is the summary's (point 0 = leakage 0.1, learning rate 0.01).
    const QStringList row = summary.filter(QRegularExpression("^0,2,")).value(0).split(',');
    QCOMPARE(row.value(2), QString("0.1"));
    QCOMPARE(row.value(4).toDouble(), run.last().split(',')[3].toDouble());
  }

  void reportOnlyRebuildsFromTheRunFiles() {
    const QString base = dir_.filePath("s");
    QVERIFY(QFile::exists(base + "/summary.csv"));  // from writesRunsSummaryAndPlots
    const QStringList summary_csv = read_lines(base + "/summary.csv");
    const QStringList summary_md = read_lines(base + "/summary.md");
    QVERIFY(QFile::remove(base + "/report.md"));
    QVERIFY(QFile::remove(base + "/loss-curves.png"));
    const QStringList args{"sweep", "--input", dir_.filePath("train"), "--test", dir_.filePath("test"), "--network",
                           "input 6x6x1 | dense 3x3x1 | dense 6x6x1", "--sweep", "leakage=0.1,0", "--sweep",
                           "learning-rate=0.01,0.003", "--seeds", "1,2", "--output", dir_.path(), "--name", "s",
                           "--report-only"};
    const Run r = cli(args);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("sweep runs=8 errors=0"));
    QCOMPARE(read_lines(base + "/summary.csv"), summary_csv);  // kept as measured
    const QStringList rebuilt = read_lines(base + "/summary.md");
    QCOMPARE(rebuilt.size(), summary_md.size());
    for (int i = 0; i < rebuilt.size(); ++i)  // same points, same seed counts (values may round differently)
      QCOMPARE(rebuilt[i].section('|', 1, 2), summary_md[i].section('|', 1, 2));
    QVERIFY(QFile::exists(base + "/report.md"));
    QVERIFY(load_image((base + "/loss-curves.png").toStdString()).is_ok());
    // A run file that is gone counts as a failed run, named.
    QVERIFY(QFile::remove(base + "/runs/leakage-0_learning-rate-0.003_seed1.csv"));
    const Run missing = cli(args);
    QCOMPARE(missing.code, 1);
    QVERIFY(missing.out.contains("sweep runs=8 errors=1"));
    QVERIFY(read_lines(base + "/report.md").filter("| leakage=0 learning-rate=0.003 | 1 (+1 failed) |").size() == 1);
  }

  void withoutGnuplotCsvsAreStillWritten() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", dir_.filePath("no-such-bin"));  // no gnuplot (nor anything else) on PATH
    const Run r = cli({"sweep", "--input", dir_.filePath("train"), "--network", "input 6x6x1 | dense 3x3x1 | dense 6x6x1",
                       "--epochs", "1", "--batch-size", "5", "--sweep", "leakage=0.1,0", "--seeds", "1,2", "--output",
                       dir_.path(), "--name", "noplot", "--threads", "1"},
                      env);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("gnuplot is not installed") && r.err.contains("apt-get install gnuplot-nox"), qPrintable(r.err));
    const QString base = dir_.filePath("noplot");
    QVERIFY(!QFile::exists(base + "/loss-curves.png"));
    QCOMPARE(read_lines(base + "/summary.csv").size(), 1 + 4);
    QVERIFY(QFile::exists(base + "/runs/leakage-0_seed2.csv"));
    QVERIFY(QFile::exists(base + "/plot.gp"));
    // Without --test the held-out numbers are the validation split's, and say so.
    QVERIFY(read_lines(base + "/summary.md")[0].contains("final validation MSE"));
  }

  void badGrammarFailsBeforeTraining() {
    const Run r = cli({"sweep", "--input", dir_.filePath("train"), "--sweep", "leakge=0.1", "--output", dir_.path()});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("did you mean 'leakage'"));
    const Run s = cli({"sweep", "--input", dir_.filePath("train"), "--seeds", "1,one", "--output", dir_.path()});
    QCOMPARE(s.code, 2);
    QVERIFY(s.err.contains("'one' is not a seed"));
    // A value that parses as a list item but not as a network: named before anything trains.
    const Run n = cli({"sweep", "--input", dir_.filePath("train"), "--sweep",
                       "network=input 6x6x1 | dense 3x3x1 | dense 6x6x1;input 6x6x1 | dense 3x3x1 | dnse 6x6x1",
                       "--output", dir_.path(), "--name", "badnet"});
    QCOMPARE(n.code, 2);
    QVERIFY2(n.err.contains("sweep point 'network=input 6x6x1 | dense 3x3x1 | dnse 6x6x1'"), qPrintable(n.err));
    QVERIFY(!QFile::exists(dir_.filePath("badnet/summary.csv")));
    const Run b = cli({"sweep", "--input", dir_.filePath("train"), "--sweep", "bias-init=0,0.1", "--output", dir_.path()});
    QCOMPARE(b.code, 2);
    QVERIFY2(b.err.contains("--init he-uniform"), qPrintable(b.err));
  }
};

QTEST_APPLESS_MAIN(TestCliSweep)
#include "test_cli_sweep.moc"
