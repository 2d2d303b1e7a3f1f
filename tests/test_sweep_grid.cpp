// test_sweep_grid.cpp — the sweep grammar: axes, seeds, the grid, and clear errors for bad input.
#include <QtTest/QtTest>

#include "core/sweep_grid.h"

using namespace dendrite;

class TestSweepGrid : public QObject {
  Q_OBJECT
 private slots:
  void parsesAnAxis() {
    auto axis = parse_sweep_axis("leakage=0.1, 0.01,0.001,0");
    QVERIFY2(axis.is_ok(), axis.message().c_str());
    QCOMPARE(axis->key, std::string("leakage"));
    QCOMPARE(axis->values, (std::vector<std::string>{"0.1", "0.01", "0.001", "0"}));
  }

  void networksAreSeparatedBySemicolons() {
    auto axis = parse_sweep_axis("network=dense-ae;input 4x4x1 | dense 2x2x1 | dense 4x4x1");
    QVERIFY2(axis.is_ok(), axis.message().c_str());
    QCOMPARE(axis->values.size(), std::size_t{2});
    QCOMPARE(axis->values[1], std::string("input 4x4x1 | dense 2x2x1 | dense 4x4x1"));
  }

  void gridIsTheCartesianProductFirstAxisSlowest() {
    auto a = parse_sweep_axis("leakage=0.1,0");
    auto b = parse_sweep_axis("learning-rate=1e-3,3e-3,1e-2");
    auto grid = expand_sweep({*a, *b});
    QVERIFY(grid.is_ok());
    QCOMPARE(grid->size(), std::size_t{6});
    QCOMPARE((*grid)[0].label(), std::string("leakage=0.1 learning-rate=1e-3"));
    QCOMPARE((*grid)[2].label(), std::string("leakage=0.1 learning-rate=1e-2"));
    QCOMPARE((*grid)[3].label(), std::string("leakage=0 learning-rate=1e-3"));
    QCOMPARE((*grid)[5].slug(), std::string("leakage-0_learning-rate-1e-2"));
    auto none = expand_sweep({});
    QCOMPARE(none->size(), std::size_t{1});
    QCOMPARE(none->front().label(), std::string("default"));
  }

  void slugsAreFileNameSafe() {
    auto a = parse_sweep_axis("network=input 4x4x1 | dense 2x2x1 | dense 4x4x1");
    auto grid = expand_sweep({*a});
    const std::string slug = grid->front().slug();
    QVERIFY(slug.find('/') == std::string::npos && slug.find(' ') == std::string::npos &&
            slug.find('|') == std::string::npos);
  }

  void seeds() {
    auto s = parse_seed_list("1,2, 30");
    QVERIFY(s.is_ok());
    QCOMPARE(*s, (std::vector<std::uint64_t>{1, 2, 30}));
  }

  void badGrammarGivesClearErrors_data() {
    QTest::addColumn<QStringList>("axes");
    QTest::addColumn<QString>("seeds");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("no equals") << QStringList{"leakage 0.1"} << "1" << "expected KEY=V1,V2";
    QTest::newRow("unknown key") << QStringList{"leakge=0.1"} << "1" << "unknown setting 'leakge' (did you mean 'leakage'?)";
    QTest::newRow("bad value") << QStringList{"learning-rate=1e-3,fast"} << "1" << "value 2 for 'learning-rate': 'fast' is not a number";
    QTest::newRow("out of range") << QStringList{"leakage=0.1,2"} << "1" << "value 2 for 'leakage': 2 is out of range";
    QTest::newRow("empty value") << QStringList{"leakage=0.1,,0"} << "1" << "value 2 is empty";
    QTest::newRow("duplicate value") << QStringList{"leakage=0.1,0.1"} << "1" << "listed twice";
    QTest::newRow("bad choice") << QStringList{"optimizer=sgd,rmsprop"} << "1" << "not one of: sgd,adam";
    QTest::newRow("same key twice") << QStringList{"leakage=0.1", "leakage=0"} << "1" << "swept twice";
    QTest::newRow("not sweepable") << QStringList{"threads=1,2"} << "1" << "cannot be swept";
    QTest::newRow("bad seed") << QStringList{} << "1,x" << "'x' is not a seed";
    QTest::newRow("negative seed") << QStringList{} << "-1" << "'-1' is not a seed";
    QTest::newRow("duplicate seed") << QStringList{} << "1,1" << "seed 1 is listed twice";
  }
  void badGrammarGivesClearErrors() {
    QFETCH(QStringList, axes);
    QFETCH(QString, seeds);
    QFETCH(QString, fragment);
    std::string message;
    std::vector<SweepAxis> parsed;
    for (const QString& a : axes) {
      auto axis = parse_sweep_axis(a.toStdString());
      if (!axis) {
        message = axis.message();
        break;
      }
      parsed.push_back(*axis);
    }
    if (message.empty()) {
      auto grid = expand_sweep(parsed);
      if (!grid) message = grid.message();
    }
    if (message.empty()) {
      auto s = parse_seed_list(seeds.toStdString());
      if (!s) message = s.message();
    }
    QVERIFY2(!message.empty(), "expected an error");
    QVERIFY2(QString::fromStdString(message).contains(fragment), message.c_str());
  }
};

QTEST_APPLESS_MAIN(TestSweepGrid)
#include "test_sweep_grid.moc"
