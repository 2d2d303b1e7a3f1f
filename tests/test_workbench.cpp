// test_workbench.cpp — the File-menu actions as model operations (app/models/workbench.h):
// opening good and bad dataset folders, new networks from specs (and bad specs), a dataset that
// does not fit the network, saving and re-opening a model (QSaveFile), a corrupt model file, and
// exporting the shown output and every reconstruction as PNG. Errors must arrive as
// errorOccurred(title, message) naming the file — never as a crash.
//
//   ctest --test-dir build -R test_workbench --output-on-failure
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/models/workbench.h"
#include "core/model_file.h"
#include "networks/registry.h"
#include "gui_support/tiny_workloads.h"
#include "tests/support/uncurated_folder.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

struct Bench {
  QTemporaryDir dir;
  Workbench* bench = nullptr;
  std::unique_ptr<QSignalSpy> errors;
  Bench() {
    auto* settings = new SettingsModel(dir.filePath("s.ini"), dir.filePath("dendrite.conf"));
    (void)settings->setPreference("model-directory", dir.filePath("models"));
    (void)settings->setPreference("output-directory", dir.filePath("output"));
    (void)settings->setPreference("threads", "1");
    (void)settings->setPreference("batch-size", "8");
    bench = new Workbench(settings);
    errors = std::make_unique<QSignalSpy>(bench, &Workbench::errorOccurred);
  }
  ~Bench() { delete bench; }
  QString last_error() const {
    return errors->isEmpty() ? QString() : errors->last().at(0).toString() + ": " + errors->last().at(1).toString();
  }
  void ready_with_images(int size = 8, int count = 40) {
    QVERIFY(write_tiny_png_folder(dir.filePath("images"), size, count));
    bench->newNetwork(QString::fromStdString(tiny_spec(size)));
    bench->openDataset(dir.filePath("images"));
    QTRY_VERIFY_WITH_TIMEOUT(bench->session()->ready(), 20000);
    QVERIFY2(errors->isEmpty(), qPrintable(last_error()));
  }
};

}  // namespace

class TestWorkbench : public QObject {
  Q_OBJECT

 private slots:
  void opens_a_folder_of_images() {
    Bench b;
    b.ready_with_images();
    DatasetModel* d = b.bench->dataset();
    QCOMPARE(d->fileCount(), 40);
    QCOMPARE(d->sampleCount(), 40);
    QVERIFY(d->mib() > 0);
    QCOMPARE(d->imageSize(), QString("8×8×1"));
    QCOMPARE(d->channels(), 1);
    QVERIFY(d->problems().isEmpty());
    QCOMPARE(b.bench->network()->neuronCount(), qint64{64 + 3 + 64});
    QCOMPARE(b.bench->network()->connectionCount(), qint64{64 * 3 * 2});
    QCOMPARE(b.bench->network()->layerCount(), 3);
    QCOMPARE(b.bench->network()->moduleName(), QString::fromStdString(default_module_name(NetworkFamily::kLayer)));
    // The folder becomes the input-directory preference (the last one used).
    QCOMPARE(b.bench->settings()->inputDirectory(), b.dir.filePath("images"));
    // The current sample follows requests.
    d->setCurrentSample(5);
    QTRY_COMPARE(d->currentSample(), 5);
    QCOMPARE(d->currentSampleName(), QString("img005.png"));
  }

  void bad_folders_are_clear_errors() {
    Bench b;
    b.bench->openDataset(b.dir.filePath("missing"));
    QCOMPARE(b.errors->count(), 1);
    QVERIFY(b.last_error().contains("does not exist"));
    QVERIFY(QDir().mkpath(b.dir.filePath("empty")));
    QFile junk(b.dir.filePath("empty/broken.png"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not a png at all");
    junk.close();
    b.bench->openDataset(b.dir.filePath("empty"));
    QTRY_COMPARE(b.errors->count(), 2);
    QVERIFY2(b.last_error().startsWith("Cannot open the dataset"), qPrintable(b.last_error()));
    QVERIFY(b.last_error().contains("empty"));
    QVERIFY(!b.bench->dataset()->loaded());
  }

  // The folder of test_cli_bad_data through the app: each bad file is listed exactly once, with
  // its path said once, and the 21 usable images (the 16-bit one included) are loaded and train.
  void uncurated_folder_lists_each_bad_file_once() {
    Bench b;
    const QString folder = b.dir.filePath("uncurated");
    const Status made = make_uncurated_folder(folder.toStdString());
    QVERIFY2(made.is_ok(), made.message().c_str());
    b.bench->newNetwork(QString::fromStdString(tiny_spec(8)));
    b.bench->openDataset(folder);
    QTRY_VERIFY_WITH_TIMEOUT(b.bench->session()->ready(), 20000);
    DatasetModel* d = b.bench->dataset();
    QCOMPARE(d->sampleCount(), 21);
    const QStringList problems = d->problems();
    const QString all = problems.join('\n');
    QCOMPARE(problems.size(), static_cast<qsizetype>(uncurated_bad_files().size()));
    for (const std::string& name : uncurated_bad_files()) {
      const QString n = QString::fromStdString(name);
      QVERIFY2(all.count(n) == 1, qPrintable(QString("%1 named %2 times:\n%3").arg(n).arg(all.count(n)).arg(all)));
    }
    QVERIFY2(!all.contains("deep.png") && !all.contains("good-"), qPrintable(all));
    QVERIFY2(all.contains("zero.png: is empty (0 bytes)"), qPrintable(all));
    QVERIFY2(all.contains("huge.png: claims 60000x60000 pixels"), qPrintable(all));
    b.bench->session()->step();
    QTRY_COMPARE(b.bench->session()->steps(), qint64{1});
  }

  void bad_specs_and_mismatched_images() {
    Bench b;
    b.bench->newNetwork("input 8x8x1 | dense 0x3x1");
    QCOMPARE(b.errors->count(), 1);
    QVERIFY(b.last_error().startsWith("Cannot create the network"));
    QVERIFY(!b.bench->specError("input 8x8x1 | dense 0x3x1").isEmpty());
    QVERIFY(b.bench->specError("dense-ae").isEmpty());
    b.errors->clear();
    QVERIFY(b.bench->describeSpec("dense-ae").contains(QLocale().toString(417792)));
    b.ready_with_images(8);
    // A network for 4×4 images: the 8×8 folder does not fit, and the message says both sizes.
    b.bench->newNetwork(QString::fromStdString(tiny_spec(4)));
    QTRY_VERIFY_WITH_TIMEOUT(b.errors->count() >= 1, 20000);
    QVERIFY2(b.last_error().contains("8×8×1") && b.last_error().contains("4×4×1"), qPrintable(b.last_error()));
    QTRY_VERIFY(!b.bench->session()->ready());
    QVERIFY(b.bench->session()->problem().contains("8x8x1"));
  }

  void saves_and_reopens_a_model() {
    Bench b;
    b.ready_with_images();
    b.bench->session()->step();
    b.bench->session()->step();
    QTRY_COMPARE(b.bench->session()->steps(), qint64{2});
    QSignalSpy saved(b.bench, &Workbench::modelSaved);
    const QString path = b.dir.filePath("models/mine.dendrite");
    b.bench->saveModel(path);
    QTRY_COMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toString(), path);
    QCOMPARE(b.bench->network()->modelPath(), path);
    auto model = load_model(real_file_system(), path.toStdString());
    QVERIFY2(model.is_ok(), model.message().c_str());
    QCOMPARE(model->trainer.steps, std::uint64_t{2});
    // Reopen: the run continues at step 2 with its history.
    b.bench->session()->reset();
    QTRY_COMPARE(b.bench->session()->steps(), qint64{0});
    b.bench->openModel(path);
    QTRY_COMPARE(b.bench->session()->steps(), qint64{2});
    QCOMPARE(b.bench->session()->lossHistory()->count(), qint64{2});
    QVERIFY(b.errors->isEmpty());
    // A corrupt file is an error naming it.
    QFile bad(b.dir.filePath("models/bad.dendrite"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(QByteArray(200, 'x'));
    bad.close();
    b.bench->openModel(bad.fileName());
    QTRY_COMPARE(b.errors->count(), 1);
    QVERIFY2(b.last_error().startsWith("Cannot open the model") && b.last_error().contains("bad.dendrite"),
             qPrintable(b.last_error()));
    QCOMPARE(b.bench->session()->steps(), qint64{2});  // the open model is untouched
    // Saving into a folder that cannot exist is an error too.
    b.bench->saveModel(b.dir.filePath("models/bad.dendrite/inside.dendrite"));
    QTRY_COMPARE(b.errors->count(), 2);
    QVERIFY(b.last_error().startsWith("Cannot save the model"));
  }

  void exports_output_images() {
    Bench b;
    b.ready_with_images(8, 40);
    QTRY_VERIFY(!b.bench->session()->currentOutput().isNull());
    const QString shown = b.bench->exportShownOutput();
    QVERIFY2(!shown.isEmpty(), qPrintable(b.last_error()));
    QVERIFY(shown.startsWith(b.dir.filePath("output")));
    QImage image(shown);
    QCOMPARE(image.size(), QSize(8, 8));
    QSignalSpy exported(b.bench, &Workbench::exported);
    b.bench->exportAllReconstructions();
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 20000);
    const QString folder = exported.first().first().toString();
    QCOMPARE(exported.first().at(1).toInt(), 40);
    const QStringList files = QDir(folder).entryList({"*.png"}, QDir::Files);
    QCOMPARE(files.size(), 40);
    QVERIFY(files.contains("00000-img000.png"));
    QCOMPARE(QImage(QDir(folder).filePath(files.first())).size(), QSize(8, 8));
    QVERIFY(!b.bench->exporting());
  }
};

QTEST_GUILESS_MAIN(TestWorkbench)
#include "test_workbench.moc"
