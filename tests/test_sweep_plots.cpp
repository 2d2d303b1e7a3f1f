// test_sweep_plots.cpp — the sweep's curve data (bucketed training loss over seeds, held-out MSE
// per measured step) and the gnuplot script: every data file the script reads is written.
#include <QtTest/QtTest>

#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "app/cli/sweep_plots.h"

using namespace dendrite;
using namespace dendrite::cli;

namespace {

SweepRun run_with_losses(std::size_t point, std::vector<float> losses) {
  SweepRun r;
  r.point = point;
  r.train_loss = std::move(losses);
  r.held_out = {{0, 1.0}, {r.train_loss.size(), static_cast<double>(r.train_loss.back())}};
  return r;
}

}  // namespace

class TestSweepPlots : public QObject {
  Q_OBJECT
 private slots:
  void equalBucketsAreMeansOverSeeds() {
    const SweepRun a = run_with_losses(0, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    const SweepRun b = run_with_losses(0, {3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    const auto buckets = loss_buckets({&a, &b}, 5, false);
    QCOMPARE(buckets.size(), std::size_t{5});
    QCOMPARE(buckets[0].step, 1.5);  // steps 1–2
    QCOMPARE(buckets[0].mean, 2.5);  // seed a 1.5, seed b 3.5
    QCOMPARE(buckets[0].min, 1.5);
    QCOMPARE(buckets[0].max, 3.5);
    QCOMPARE(buckets[4].step, 9.5);
    QCOMPARE(buckets[4].mean, 10.5);
  }

  void logBucketsKeepEarlyDetail() {
    std::vector<float> losses(100);
    for (std::size_t i = 0; i < losses.size(); ++i) losses[i] = static_cast<float>(i + 1);
    const SweepRun a = run_with_losses(0, losses);
    const auto buckets = loss_buckets({&a}, 2, true);
    QCOMPARE(buckets.size(), std::size_t{2});  // steps 1–10 and 11–100
    QVERIFY(std::fabs(buckets[0].step - std::sqrt(10.0)) < 1e-12);
    QCOMPARE(buckets[0].mean, 5.5);
    QVERIFY(std::fabs(buckets[1].step - std::sqrt(11.0 * 100.0)) < 1e-12);
    QCOMPARE(buckets[1].mean, 55.5);
  }

  void nonFiniteLossesAreSkipped() {
    const SweepRun a = run_with_losses(0, {1, NAN, 3, 4});
    const auto buckets = loss_buckets({&a}, 2, false);
    QCOMPARE(buckets[0].mean, 1.0);
  }

  void scriptReadsOnlyWrittenFiles() {
    const std::vector<SweepAxis> axes{*parse_sweep_axis("leakage=0.1,0"), *parse_sweep_axis("learning-rate=0.01,0.003")};
    const auto points = *expand_sweep(axes);
    std::vector<SweepRun> runs;
    for (std::size_t p = 0; p < 3; ++p)  // point 3 never completes: no curve, no panel
      for (int s = 0; s < 2; ++s) runs.push_back(run_with_losses(p, {1.0f + s, 0.5f, 0.25f + 0.01f * p}));
    SweepRun diverged = run_with_losses(3, {1, 100});
    diverged.diverged = true;
    runs.push_back(diverged);
    const auto files = sweep_plot_files(axes, points, runs, "test");
    std::map<std::string, std::string> written;
    for (const SweepFile& f : files) written[f.path] = f.content;
    QVERIFY(written.count("plot.gp"));
    QVERIFY(written.count("curves/leakage-0.1_learning-rate-0.01.dat"));
    QVERIFY(!written.count("curves/leakage-0_learning-rate-0.003.dat"));
    const std::string& gp = written.at("plot.gp");
    const std::regex data_file("'(curves/[^']+)'");
    std::set<std::string> read;
    for (auto it = std::sregex_iterator(gp.begin(), gp.end(), data_file); it != std::sregex_iterator(); ++it)
      read.insert((*it)[1]);
    QVERIFY(read.size() >= 7);
    for (const std::string& path : read) QVERIFY2(written.count(path), path.c_str());
    for (const char* png : {"loss-curves.png", "loss-curves-loglog.png", "test-mse.png", "late-phase.png", "final-mse.png"})
      QVERIFY2(gp.find(std::string("set output '") + png + "'") != std::string::npos, png);
    QVERIFY(gp.find("set logscale y") != std::string::npos);
    // Final MSE per point: mean, std, min, max over seeds, then the label.
    const QStringList final = QString::fromStdString(written.at("curves/final.dat")).trimmed().split('\n');
    QCOMPARE(final.size(), 1 + 3);
    QCOMPARE(final[1], QString("0 0.25 0 0.25 0.25 \"leakage=0.1 learning-rate=0.01\""));
  }
};

QTEST_APPLESS_MAIN(TestSweepPlots)
#include "test_sweep_plots.moc"
