// test_sweep_report.cpp — the sweep's tables from made-up runs: summary.csv (a row per run),
// summary.md (a row per point, mean ± std), report.md (best point, Welch tests, threshold, late
// gain) and comparisons.md/.csv (which first-axis differences are significant).
#include <QtTest/QtTest>

#include <cmath>
#include <map>

#include "app/cli/sweep_report.h"

using namespace dendrite;
using namespace dendrite::cli;

namespace {

// A run of 100 steps whose held-out MSE falls linearly from 1 to `final` (measured every 25 steps).
SweepRun made_up(std::size_t point, std::uint64_t seed, double final) {
  SweepRun r;
  r.point = point;
  r.seed = seed;
  r.train_loss.assign(100, static_cast<float>(final));
  for (std::uint64_t step = 0; step <= 100; step += 25)
    r.held_out.emplace_back(step, 1.0 + (final - 1.0) * static_cast<double>(step) / 100.0);
  r.seconds = 2.0;
  r.samples_per_s = 500;
  return r;
}

std::map<std::string, std::string> by_path(const std::vector<SweepFile>& files) {
  std::map<std::string, std::string> out;
  for (const SweepFile& f : files) out[f.path] = f.content;
  return out;
}

QStringList lines(const std::string& text) { return QString::fromStdString(text).trimmed().split('\n'); }

}  // namespace

class TestSweepReport : public QObject {
  Q_OBJECT
  std::vector<SweepAxis> axes_;
  std::vector<SweepPoint> points_;
  std::vector<SweepRun> runs_;

 private slots:
  void initTestCase() {
    axes_ = {*parse_sweep_axis("leakage=0.1,0"), *parse_sweep_axis("learning-rate=0.01,0.003")};
    points_ = *expand_sweep(axes_);
    // Points: 0 = leak 0.1/lr 0.01, 1 = leak 0.1/lr 0.003, 2 = leak 0/lr 0.01, 3 = leak 0/lr 0.003.
    const double finals[4][3] = {{0.020, 0.021, 0.019}, {0.030, 0.034, 0.026}, {0.010, 0.011, 0.009}, {0.031, 0.027, 0.033}};
    for (std::size_t p = 0; p < 4; ++p)
      for (std::uint64_t s = 0; s < 3; ++s) runs_.push_back(made_up(p, s + 1, finals[p][s]));
    SweepRun diverged = made_up(1, 4, 0.5);
    diverged.diverged = true;
    runs_.push_back(diverged);
    SweepRun failed;
    failed.point = 3;
    failed.seed = 4;
    failed.error = "no such file";
    runs_.push_back(failed);
  }

  void summaryCsvHasARowPerTrainedRun() {
    const auto files = by_path(sweep_tables(axes_, points_, runs_, {}));
    const QStringList csv = lines(files.at("summary.csv"));
    // The first columns are those of the first sweep (scripts read them); new ones only follow.
    QVERIFY(csv[0].startsWith("point,seed,leakage,learning-rate,final_test_mse,best_test_mse,final_train_loss,seconds,"
                              "samples_per_s,diverged,"));
    QCOMPARE(csv.size(), 1 + 12 + 1);  // the failed run has no row, the diverged one has
    const QStringList first = csv[1].split(',');
    QCOMPARE(first[0], QString("0"));
    QCOMPARE(first[1], QString("1"));
    QCOMPARE(first[2], QString("0.1"));
    QCOMPARE(first[3], QString("0.01"));
    QCOMPARE(first[4].toDouble(), 0.02);  // final
    QCOMPARE(first[5].toDouble(), 0.02);  // best (the curve only falls)
    QCOMPARE(first[9], QString("0"));
    QCOMPARE(first[10], QString("100"));  // steps
    QVERIFY(std::fabs(first[11].toDouble() - 0.51) < 1e-9);  // MSE at step 50
    QVERIFY(csv.last().split(',')[9] == "1");                 // the diverged run is flagged
  }

  void summaryMdIsMeanAndStdPerPoint() {
    const auto files = by_path(sweep_tables(axes_, points_, runs_, {}));
    const QStringList md = lines(files.at("summary.md"));
    QCOMPARE(md.size(), 2 + 4);
    QCOMPARE(md[0], QString("| setting | seeds | final test MSE (mean ± std) | best test MSE (mean ± std) | "
                            "training time per run (s) |"));
    QCOMPARE(md[2], QString("| leakage=0.1 learning-rate=0.01 | 3 | 0.02000 ± 0.00100 | 0.02000 ± 0.00100 | 2 |"));
    // The diverged run stays out of the mean: 3 seeds, mean 0.03.
    QCOMPARE(md[3], QString("| leakage=0.1 learning-rate=0.003 | 3 | 0.03000 ± 0.00400 | 0.03000 ± 0.00400 | 2 |"));
  }

  void reportMarksTheBestPointAndTests() {
    SweepReportOptions options;
    options.measured = "validation";
    options.heading = "# my sweep";
    const auto files = by_path(sweep_tables(axes_, points_, runs_, options));
    const std::string& md = files.at("report.md");
    QVERIFY(md.rfind("# my sweep\n", 0) == 0);
    QVERIFY(md.find("final validation MSE") != std::string::npos);
    QVERIFY2(md.find("| leakage=0 learning-rate=0.01 | 3 | 0.01 ± 0.001 | 0.009 – 0.011 |") != std::string::npos, md.c_str());
    QVERIFY(md.find("| best |") != std::string::npos);
    QVERIFY(md.find("3 (+1 diverged)") != std::string::npos);
    QVERIFY(md.find("3 (+1 failed)") != std::string::npos);
    // Automatic threshold: the median of the points' mean final MSEs (0.01, 0.02, 0.03, 0.030333).
    QVERIFY2(md.find("T = 0.025 (automatic") != std::string::npos, md.c_str());
    QCOMPARE(automatic_threshold(runs_, 4), 0.025);
    // Points 1 and 3 end above it in the mean; the seeds that end above never reach it.
    QVERIFY(md.find("not reached (0/3)") != std::string::npos);
    // Late gain of the best point: MSE at step 50 ÷ final = (1 + f) / 2 / f per seed.
    QVERIFY(md.find("| 50.8 ± ") != std::string::npos);  // (50.5 + 45.95 + 56.06) / 3
  }

  void comparisonsSayWhatIsSignificant() {
    const auto files = by_path(sweep_tables(axes_, points_, runs_, {}));
    const QStringList cmp = lines(files.at("comparisons.csv"));
    QCOMPARE(cmp.size(), 1 + 2);  // one pair of leakages per learning rate
    const QStringList at_fast = cmp[1].split(',');
    QCOMPARE(at_fast[0], QString("learning-rate=0.01"));
    QCOMPARE(at_fast[1], QString("0.1"));
    QCOMPARE(at_fast[2], QString("0"));
    QVERIFY(std::fabs(at_fast[5].toDouble() + 0.5) < 1e-9);  // leakage 0 halves the MSE
    QVERIFY(at_fast[8].toDouble() < 0.05);
    QCOMPARE(at_fast[9], QString("1"));  // ranges apart
    QVERIFY(cmp[2].split(',')[8].toDouble() > 0.5);
    const std::string& md = files.at("comparisons.md");
    QVERIFY(md.find("significant: leakage=0 lower") != std::string::npos);
    QVERIFY(md.find("| overlap | not significant |") != std::string::npos);
  }

  void givenThresholdCountsSteps() {
    SweepReportOptions options;
    options.threshold = 0.5;
    const auto files = by_path(sweep_tables(axes_, points_, runs_, options));
    // Every curve is measured every 25 steps and passes 0.5 between step 50 and 75.
    QVERIFY(lines(files.at("summary.csv"))[1].endsWith(",75"));
    QVERIFY(files.at("report.md").find("T = 0.5 (--threshold)") != std::string::npos);
  }

  void networkSpecsDoNotSplitMarkdownCells() {
    const std::vector<SweepAxis> axes{*parse_sweep_axis("network=input 4x4x1 | dense 2x2x1 | dense 4x4x1;dense-ae")};
    const auto points = *expand_sweep(axes);
    std::vector<SweepRun> runs{made_up(0, 1, 0.1), made_up(0, 2, 0.11), made_up(1, 1, 0.2), made_up(1, 2, 0.21)};
    const auto files = by_path(sweep_tables(axes, points, runs, {}));
    const QStringList summary = lines(files.at("summary.md"));
    QVERIFY2(summary[2].startsWith("| network=input 4x4x1 \\| dense 2x2x1 \\| dense 4x4x1 | 2 |"), qPrintable(summary[2]));
    // report.md and comparisons.md show specs by their layer sizes.
    QVERIFY(files.at("report.md").find("| network=16-4-16 | 2 |") != std::string::npos);
    QVERIFY(files.at("comparisons.md").find("| all | 16-4-16 | dense-ae |") != std::string::npos);
    // Unescaped '|' per row: exactly the column separators.
    for (const QString& row : lines(files.at("summary.md")))
      QCOMPARE(row.count(QRegularExpression("(?<!\\\\)\\|")), 6);
  }

  void lateGainIsHalfOverFinal() {
    const SweepRun r = made_up(0, 1, 0.2);
    QVERIFY(std::fabs(late_gain(r) - 0.6 / 0.2) < 1e-12);
    QVERIFY(std::isnan(late_gain(SweepRun{})));
  }
};

QTEST_APPLESS_MAIN(TestSweepReport)
#include "test_sweep_report.moc"
