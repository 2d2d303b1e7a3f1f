// test_run_comparison.cpp — reading a previous run's loss CSV for the error chart's comparison
// (app/models/run_comparison.h): both CSV flavours, empty cells, diverged steps, bucket means, and
// errors that name the line and the column.
#include <QTemporaryDir>
#include <QtTest>

#include "app/models/run_comparison.h"

using dendrite::RunComparison;

class TestRunComparison : public QObject {
  Q_OBJECT

 private slots:
  void readsTrainLossCsv() {
    const auto r = RunComparison::parse("step,train_loss,validation_loss\n1,0.5,\n2,0.4,0.45\n3,nan,\n4,0.2,\n", "loss.csv");
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.train.size(), 3);  // the diverged (NaN) step is left out
    QCOMPARE(r.train[2], QPointF(4, 0.2));
    QCOMPARE(r.validation.size(), 1);
    QCOMPARE(r.validation[0], QPointF(2, 0.45));
    QVERIFY(r.test.isEmpty());
    QCOMPARE(r.last_step(), 4.0);
  }

  void readsSweepRunCsvWithTestColumn() {
    const auto r = RunComparison::parse("step,train_loss,validation_loss,test_loss\n0,,,0.9\n1,0.8,,\n2,0.6,,0.5\n", "s.csv");
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.test.size(), 2);
    QCOMPARE(r.test[0], QPointF(0, 0.9));
    QCOMPARE(r.train.size(), 2);
  }

  void readsAFileAndNamesIt() {
    QTemporaryDir dir;
    QFile f(dir.filePath("leakage-0_seed1.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("step,train_loss,validation_loss\n1,0.3,\n");
    f.close();
    const auto r = RunComparison::read(f.fileName());
    QVERIFY(r.ok);
    QCOMPARE(r.name, QString("leakage-0_seed1"));
    const auto missing = RunComparison::read(dir.filePath("nope.csv"));
    QVERIFY(!missing.ok);
    QVERIFY(missing.error.contains("nope.csv"));
  }

  void averagesBucketsOfSteps() {
    QString csv = "step,train_loss\n";
    for (int s = 1; s <= 10; ++s) csv += QString("%1,%2\n").arg(s).arg(s);
    const auto r = RunComparison::parse(csv, "x");
    const QList<QPointF> a = r.average(5);
    QCOMPARE(a.size(), 5);
    QCOMPARE(a[0], QPointF(1.5, 1.5));
    QCOMPARE(a[4], QPointF(9.5, 9.5));
    QCOMPARE(r.average(100).size(), 10);
  }

  void errorsNameLineAndColumn_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("empty") << "" << "x:1: empty file";
    QTest::newRow("not a loss csv") << "a,b\n1,2\n" << "x:1: header 'a,b' has no 'step' and 'train_loss'";
    QTest::newRow("bad number") << "step,train_loss\n1,0.5\n2,abc\n" << "x:3: column 'train_loss': 'abc' is not a number";
    QTest::newRow("bad step") << "step,train_loss\nfirst,0.5\n" << "x:2: column 'step': 'first' is not a step number";
    QTest::newRow("steps out of order") << "step,train_loss\n2,0.5\n2,0.4\n" << "x:3: column 'step': 2 does not follow 2";
    QTest::newRow("short row") << "step,train_loss,validation_loss\n1,0.5\n" << "x:2: 2 cells, the header has 3";
    QTest::newRow("no losses") << "step,train_loss\n" << "no losses";
  }
  void errorsNameLineAndColumn() {
    QFETCH(QString, text);
    QFETCH(QString, fragment);
    const auto r = RunComparison::parse(text, "x");
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(fragment), qPrintable(r.error));
    QVERIFY(r.train.isEmpty());
  }
};

QTEST_APPLESS_MAIN(TestRunComparison)
#include "test_run_comparison.moc"
