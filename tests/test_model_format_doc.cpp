// test_model_format_doc.cpp — docs/model-format.md is precise enough: its numpy reader
// (docs/read_model.py, identical to the listing in the document) loads a model this program wrote.
#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include "core/initializer.h"
#include "core/model_file.h"
#include "networks/layer_net.h"

using namespace dendrite;

class TestModelFormatDoc : public QObject {
  Q_OBJECT
 private slots:
  void listingMatchesTheScript() {
    QFile doc(QString(DENDRITE_SOURCE_DIR) + "/docs/model-format.md");
    QFile script(QString(DENDRITE_SOURCE_DIR) + "/docs/read_model.py");
    QVERIFY(doc.open(QIODevice::ReadOnly) && script.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(doc.readAll());
    const qsizetype start = text.indexOf("```python\n") + 10;
    const QString listing = text.mid(start, text.indexOf("```", start) - start);
    QVERIFY(QString::fromUtf8(script.readAll()).endsWith(listing));
  }

  void numpyReaderLoadsAModel() {
    Executor ex(1);
    auto spec = parse_network_spec("input 5x4x3 | local 3x2x2 k3 s2 | dense 2x1x1 | up 6x4x3 k3");
    QVERIFY(spec.is_ok());
    auto module = LayerNet::create(*spec, ModuleOptions{}, ex);
    QVERIFY(initialize_module(**module, {}, 4).is_ok());
    OptimizerConfig adam;
    TrainerState trainer;
    trainer.steps = 17;
    const ModelFile model = capture_model(**module, {}, adam, trainer);
    double sum = 0;
    for (float w : model.parameters.weights) sum += w;
    QTemporaryDir dir;
    const QString path = dir.filePath("m.dendrite");
    QVERIFY(save_model(real_file_system(), path.toStdString(), model).is_ok());
    QProcess python;
    python.start("/usr/bin/python3", {QString(DENDRITE_SOURCE_DIR) + "/docs/read_model.py", path});
    QVERIFY(python.waitForFinished(60000));
    const QString out = QString::fromUtf8(python.readAllStandardOutput());
    QVERIFY2(python.exitCode() == 0, qPrintable(QString::fromUtf8(python.readAllStandardError())));
    QVERIFY(out.startsWith(QString::fromStdString(print_network_spec(*spec, false))));
    const QStringList last = out.trimmed().split('\n').last().split(' ');
    QCOMPARE(last[1].toULongLong(), static_cast<qulonglong>(model.parameters.weights.size()));
    QCOMPARE(last[3].toULongLong(), static_cast<qulonglong>(model.parameters.biases.size()));
    QCOMPARE(last[5], QString("17"));
    QVERIFY(std::abs(last[7].toDouble() - sum) < 1e-9 * std::max(1.0, std::abs(sum)));
  }
};

QTEST_APPLESS_MAIN(TestModelFormatDoc)
#include "test_model_format_doc.moc"
