// test_loss_history.cpp — the error chart's data (app/models/loss_history.h): appends in step
// order, gaps and overlaps, moving averages, and decimation that keeps every spike and the
// global min/max while drawing at most ~2 points per bucket, also for a million steps.
//
//   ctest --test-dir build -R test_loss_history --output-on-failure
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <limits>

#include "app/models/loss_history.h"

using dendrite::LossHistory;

class TestLossHistory : public QObject {
  Q_OBJECT

 private slots:
  void appends_in_step_order() {
    LossHistory h;
    h.append(1, {4.0f, 3.0f});
    h.append(3, {2.0f});
    QCOMPARE(h.count(), qint64{3});
    QCOMPARE(h.loss(1), 4.0f);
    QCOMPARE(h.loss(3), 2.0f);
    // A gap is filled with NaN (not drawn); an overlap replaces from its first step.
    h.append(6, {1.0f});
    QCOMPARE(h.count(), qint64{6});
    QVERIFY(std::isnan(h.loss(4)));
    h.append(2, {9.0f});
    QCOMPARE(h.count(), qint64{2});
    QCOMPARE(h.loss(2), 9.0f);
    QSignalSpy cleared(&h, &LossHistory::cleared);
    h.clear();
    QCOMPARE(cleared.count(), 1);
    QCOMPARE(h.count(), qint64{0});
  }

  void moving_averages_skip_non_finite_losses() {
    LossHistory h;
    h.append(1, {1.0f, 2.0f, 3.0f, std::numeric_limits<float>::quiet_NaN(), 5.0f});
    QCOMPARE(h.moving_average(3, 2), 2.5);
    QCOMPARE(h.moving_average(5, 2), 5.0);         // the NaN step is skipped
    QCOMPARE(h.moving_average(5, 100), 11.0 / 4);  // window longer than the history
    QCOMPARE(h.centered_average(3, 3), 2.5);       // steps 2..4 → (2 + 3) / 2, NaN skipped
    QCOMPARE(h.centered_average(2, 3), 2.0);       // steps 1..3
    QCOMPARE(h.centered_average(1, 9), 1.0);       // narrowed at the start: step 1 only
    QCOMPARE(h.centered_average(2, 9), 2.0);       // steps 1..3
    QCOMPARE(h.centered_average(5, 4), 4.0);       // steps 3..5 (cut at the end), NaN skipped
  }

  void small_histories_are_drawn_point_by_point() {
    LossHistory h;
    h.append(1, {0.5f, 0.4f, 0.3f});
    const auto d = h.decimate(1, 3, 100);
    QCOMPARE(d.envelope.size(), 3);
    QCOMPARE(d.envelope[1], QPointF(2, 0.4f));
    QCOMPARE(d.min, static_cast<double>(0.3f));
    QCOMPARE(d.max, 0.5);
  }

  void a_million_steps_decimate_to_the_plot_width_and_keep_spikes() {
    LossHistory h;
    const std::uint64_t n = 1'000'000;
    std::vector<float> losses(n);
    for (std::uint64_t i = 0; i < n; ++i) losses[i] = 1.0f / static_cast<float>(1 + i / 1000) + 0.001f * static_cast<float>(i % 7);
    losses[123'457] = 50.0f;  // one diverging step
    losses[987'654] = 1e-6f;  // one very good step
    h.append(1, losses);
    QElapsedTimer timer;
    timer.start();
    const auto d = h.decimate(1, n, 800);
    const qint64 ns = timer.nsecsElapsed();
    qInfo("decimating 1,000,000 steps into 800 buckets: %.3f ms", static_cast<double>(ns) / 1e6);
    QVERIFY(d.envelope.size() <= 2 * 800 + 2);
    QVERIFY(d.envelope.size() >= 400);
    QCOMPARE(d.max, 50.0);
    QCOMPARE(d.min, static_cast<double>(1e-6f));
    bool spike = false, dip = false;
    for (const QPointF& p : d.envelope) {
      if (p.y() == 50.0) spike = qFuzzyCompare(p.x(), 123'458.0);
      if (p.y() == static_cast<double>(1e-6f)) dip = qFuzzyCompare(p.x(), 987'655.0);
    }
    QVERIFY(spike);
    QVERIFY(dip);
    for (int i = 1; i < d.envelope.size(); ++i) QVERIFY(d.envelope[i].x() >= d.envelope[i - 1].x());
    QVERIFY(!d.average.isEmpty());
    QVERIFY(d.average.size() <= 801);
    // A sub-range decimates the same way and stays inside it.
    const auto part = h.decimate(100'000, 200'000, 100);
    QVERIFY(part.envelope.front().x() >= 100'000);
    QVERIFY(part.envelope.back().x() <= 200'000);
    QCOMPARE(part.max, 50.0);
  }

  void validation_and_pass_markers() {
    LossHistory h;
    h.append(1, {0.5f, 0.4f});
    h.add_validation(2, 0.45);
    h.add_validation(2, std::numeric_limits<double>::infinity());  // never drawn
    h.add_full_pass_end(2);
    QCOMPARE(h.validation().size(), std::size_t{1});
    QCOMPARE(h.full_pass_ends().size(), std::size_t{1});
    // Validation losses count for the y range.
    h.add_validation(1, 9.0);
    QCOMPARE(h.decimate(1, 2, 10).max, 9.0);
    // Replacing steps drops markers beyond the new end.
    h.append(2, {});
    QCOMPARE(h.count(), qint64{1});
    QVERIFY(h.full_pass_ends().empty());
  }
};

QTEST_GUILESS_MAIN(TestLossHistory)
#include "test_loss_history.moc"
