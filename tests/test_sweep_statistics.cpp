// test_sweep_statistics.cpp — the sweep's numbers: spread over seeds, Welch's t-test (against
// values computed independently with mpmath's regularized incomplete beta), curve read-outs.
#include <QtTest/QtTest>

#include <cmath>

#include "app/cli/sweep_statistics.h"

using namespace dendrite::cli;

class TestSweepStatistics : public QObject {
  Q_OBJECT
 private slots:
  void spreadIsMeanSampleStdAndRange() {
    const Spread s = spread_of({2, 4, 4, 4, 5, 5, 7, 9});
    QCOMPARE(s.n, std::size_t{8});
    QCOMPARE(s.mean, 5.0);
    QVERIFY(std::fabs(s.stddev - std::sqrt(32.0 / 7.0)) < 1e-12);  // n − 1, not n
    QCOMPARE(s.min, 2.0);
    QCOMPARE(s.max, 9.0);
    const Spread one = spread_of({0.5});
    QCOMPARE(one.stddev, 0.0);
    QCOMPARE(spread_of({}).n, std::size_t{0});
  }

  void rangesApart() {
    QVERIFY(ranges_apart(spread_of({1, 2}), spread_of({2.5, 3})));
    QVERIFY(!ranges_apart(spread_of({1, 2}), spread_of({2, 3})));  // touching ranges share a value
    QVERIFY(!ranges_apart(spread_of({1, 5}), spread_of({2, 3})));
  }

  void welchMatchesAnIndependentComputation_data() {
    QTest::addColumn<std::vector<double>>("a");
    QTest::addColumn<std::vector<double>>("b");
    QTest::addColumn<double>("t");
    QTest::addColumn<double>("df");
    QTest::addColumn<double>("p");
    // Reference: t, Welch–Satterthwaite df, p = I_{df/(df+t²)}(df/2, 1/2) in mpmath.
    QTest::newRow("unequal sizes") << std::vector<double>{1, 2, 3, 4} << std::vector<double>{2, 4, 6, 9, 11}
                                   << -2.22343472399 << 5.181755699189826 << 0.0749127450566;
    QTest::newRow("differ") << std::vector<double>{0.0121, 0.0124, 0.0119} << std::vector<double>{0.0131, 0.0135, 0.0128}
                            << -4.00891862869 << 3.6254335260115593 << 0.0194127762885;
    QTest::newRow("overlap") << std::vector<double>{0.0121, 0.0124, 0.0119}
                             << std::vector<double>{0.0122, 0.0118, 0.0125} << -0.133630620956 << 3.625433526011554
                             << 0.900778666856;
  }
  void welchMatchesAnIndependentComputation() {
    QFETCH(std::vector<double>, a);
    QFETCH(std::vector<double>, b);
    QFETCH(double, t);
    QFETCH(double, df);
    QFETCH(double, p);
    const WelchTest w = welch_t_test(a, b);
    QVERIFY(w.valid);
    QVERIFY2(std::fabs(w.t - t) < 1e-8, qPrintable(QString::number(w.t, 'g', 12)));
    QVERIFY2(std::fabs(w.df - df) < 1e-8, qPrintable(QString::number(w.df, 'g', 12)));
    QVERIFY2(std::fabs(w.p - p) < 1e-8, qPrintable(QString::number(w.p, 'g', 12)));
    const WelchTest swapped = welch_t_test(b, a);
    QVERIFY(std::fabs(swapped.t + t) < 1e-8 && std::fabs(swapped.p - p) < 1e-8);
  }

  void welchEdgeCases() {
    QVERIFY(!welch_t_test({1}, {1, 2}).valid);  // one seed: no variance estimate
    const WelchTest same = welch_t_test({1, 1}, {1, 1});
    QVERIFY(same.valid);
    QCOMPARE(same.p, 1.0);
    const WelchTest exact = welch_t_test({1, 1}, {2, 2});
    QCOMPARE(exact.p, 0.0);
    QVERIFY(std::isinf(exact.t) && exact.t < 0);
  }

  void curveReadOuts() {
    const Curve c{{0, 0.5}, {10, 0.2}, {20, 0.1}, {30, 0.12}};
    QCOMPARE(first_step_at_or_below(c, 0.2).value(), std::uint64_t{10});
    QCOMPARE(first_step_at_or_below(c, 0.11).value(), std::uint64_t{20});
    QVERIFY(!first_step_at_or_below(c, 0.05).has_value());
    QCOMPARE(value_near_step(c, 14).value(), 0.2);
    QCOMPARE(value_near_step(c, 15).value(), 0.2);  // tie: the earlier step
    QCOMPARE(value_near_step(c, 100).value(), 0.12);
    QVERIFY(!value_near_step({}, 3).has_value());
  }
};

QTEST_APPLESS_MAIN(TestSweepStatistics)
#include "test_sweep_statistics.moc"
