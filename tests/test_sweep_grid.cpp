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

  void networkSpecsAreShortenedForLabels() {
    QCOMPARE(short_setting_value("network", "input 28x28x1 | local 14x14x8 k3 s2 | dense 8x4x1 | dense 14x14x8 | "
                                            "up 28x28x1 k3"),
             std::string("784-L1568-32-1568-U784"));
    QCOMPARE(short_setting_value("network", "input 28x28x1 | dense 8x4x1 | bogus 2x2x1"),
             std::string("input 28x28x1 | dense 8x4x1 | bogus 2x2x1"));  // unparsable: unchanged
    QCOMPARE(short_setting_value("network", "dense-ae"), std::string("dense-ae"));  // presets stay named
    QCOMPARE(short_setting_value("leakage", "0.01"), std::string("0.01"));
    auto a = parse_sweep_axis("network=input 4x4x1 | dense 2x2x1 | dense 4x4x1;input 4x4x1 | dense 2x2x1 | dense 4x4x1 linear");
    auto grid = expand_sweep({*a});
    QCOMPARE((*grid)[0].display_label(), std::string("network=16-4-16"));
    // Equal layer sizes, different specs: the slugs (file names) still differ.
    QVERIFY((*grid)[0].slug() != (*grid)[1].slug());
    QVERIFY((*grid)[0].slug().rfind("network-16-4-16-h", 0) == 0);
  }

  void settingsForPointAppliesValuesAndSeed() {
    auto grid = expand_sweep({*parse_sweep_axis("leakage=0,0.1")});
    auto s = settings_for_point(Settings(), (*grid)[1], 7);
    QVERIFY2(s.is_ok(), s.message().c_str());
    QCOMPARE(s->get_float("leakage"), 0.1);
    QCOMPARE(s->get_int("seed"), std::int64_t{7});
    QCOMPARE(s->source("leakage"), SettingSource::kCommandLine);
  }

  void checkSweepNamesTheBadPoint() {
    auto bad = parse_sweep_axis("network=dense-ae;input 4x4x1 | dense 2x2x1 | dens 4x4x1");
    QVERIFY(bad.is_ok());  // the grammar is fine; the third layer is not
    auto grid = expand_sweep({*bad});
    const Status s = check_sweep(Settings(), {*bad}, *grid);
    QVERIFY(!s.is_ok());
    QVERIFY2(s.message().find("sweep point 'network=input 4x4x1 | dense 2x2x1 | dens 4x4x1'") != std::string::npos,
             s.message().c_str());
    QVERIFY2(s.message().find("dens") != std::string::npos, s.message().c_str());
    QVERIFY(check_sweep(Settings(), {}, *expand_sweep({})).is_ok());
  }

  void biasInitNeedsHeUniform() {
    auto axis = *parse_sweep_axis("bias-init=0,0.1");
    auto grid = *expand_sweep({axis});
    const Status s = check_sweep(Settings(), {axis}, grid);
    QVERIFY(!s.is_ok());
    QVERIFY2(s.message().find("add --init he-uniform") != std::string::npos, s.message().c_str());
    Settings he;
    QVERIFY(he.set("init", "he-uniform", SettingSource::kCommandLine).is_ok());
    QVERIFY(check_sweep(he, {axis}, grid).is_ok());
  }

  void groupsDifferOnlyInTheFirstAxis() {
    const std::vector<SweepAxis> axes{*parse_sweep_axis("leakage=0.1,0.01,0"), *parse_sweep_axis("learning-rate=1e-3,3e-3")};
    const auto grid = *expand_sweep(axes);
    const auto groups = group_by_first_axis(axes, grid);
    QCOMPARE(groups.size(), std::size_t{2});
    QCOMPARE(groups[1].label, std::string("learning-rate=3e-3"));
    QCOMPARE(groups[1].points, (std::vector<std::size_t>{1, 3, 5}));
    for (std::size_t p : groups[1].points) QCOMPARE(grid[p].settings[1].second, std::string("3e-3"));
    const auto one = group_by_first_axis({axes[0]}, *expand_sweep({axes[0]}));
    QCOMPARE(one.size(), std::size_t{1});
    QCOMPARE(one[0].label, std::string("all"));
    QCOMPARE(one[0].points.size(), std::size_t{3});
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
