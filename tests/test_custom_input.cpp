// test_custom_input.cpp — the custom input model (app/models/custom_input.h): an image file of
// another size and channel count is converted to the network's input and the app says how; it
// runs through the autoencoder without training (the output and embedding equal the network's
// forward pass and encoding of the converted image, and the training parameters do not move); the
// fit modes and inversion; a corrupt or missing file is a clear error that changes nothing;
// export writes both images; another network re-fits the image.
//
//   ctest --test-dir build -R test_custom_input --output-on-failure
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/models/workbench.h"
#include "core/image_io.h"
#include "gui_support/tiny_workloads.h"
#include "networks/model_io.h"

using namespace dendrite;
using namespace dendrite::testing;

namespace {

struct Custom {
  QTemporaryDir dir;
  Workbench* bench = nullptr;
  CustomInput* custom = nullptr;
  SnapshotModule* module = nullptr;
  std::unique_ptr<QSignalSpy> errors;

  Custom() {
    auto* settings = new SettingsModel(dir.filePath("s.ini"), dir.filePath("dendrite.conf"));
    (void)settings->setPreference("output-directory", dir.filePath("output"));
    bench = new Workbench(settings);
    custom = bench->customInput();
    module = bench->snapshotModule();
    errors = std::make_unique<QSignalSpy>(custom, &CustomInput::errorOccurred);
    module->setUser(this, true);
    bench->session()->install_network(tiny_bundle(8, 1, 1));
  }
  ~Custom() { delete bench; }
  bool settle() {
    return QTest::qWaitFor([&] { return module->ready() && !custom->loading() && !module->busy(); }, 20000) &&
           module->waitUntilIdle(20000);
  }
  // A W×H RGB picture: red rises to the right, green downwards, blue constant.
  QString write_rgb(const QString& name, int width, int height) {
    Image im(width, height, 3);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        im.at(x, y, 0) = static_cast<float>(x) / static_cast<float>(width - 1);
        im.at(x, y, 1) = static_cast<float>(y) / static_cast<float>(height - 1);
        im.at(x, y, 2) = 0.25f;
      }
    const QString path = dir.filePath(name);
    if (!save_png(path.toStdString(), im)) qFatal("cannot write %s", qPrintable(path));
    return path;
  }
  QString last_error() const {
    return errors->isEmpty() ? QString() : errors->last().at(0).toString() + ": " + errors->last().at(1).toString();
  }
};

}  // namespace

class TestCustomInput : public QObject {
  Q_OBJECT

 private slots:
  void anImageIsConvertedAndRunThroughTheAutoencoder() {
    Custom c;
    QVERIFY(c.settle());
    const QString path = c.write_rgb("photo.png", 12, 6);
    QSignalSpy output(c.custom, &CustomInput::outputChanged);
    c.custom->open(path);
    QVERIFY(c.settle());
    QVERIFY2(c.errors->isEmpty(), qPrintable(c.last_error()));
    QVERIFY(c.custom->hasImage());
    QCOMPARE(c.custom->fileName(), QString("photo.png"));
    QCOMPARE(c.custom->conversionText(), QString("converted 12×6 RGB → 8×8 gray (stretched)"));
    QCOMPARE(c.custom->inputImage().size(), QSize(8, 8));
    QCOMPARE(c.custom->outputImage().size(), QSize(8, 8));

    // The input is the file fitted like core's fit_image; output and embedding are the network's.
    auto file = load_image(path.toStdString());
    QVERIFY(file.is_ok());
    QCOMPARE(c.custom->input().values(), fit_image(*file, {8, 8, 1}, FitMode::kStretch).image.values());
    Executor executor(1);
    auto twin = instantiate_copy(*c.module->parameters(), executor);  // the same module as the app's
    QVERIFY(twin.is_ok());
    std::vector<float> out(64), embedding(3);
    (*twin)->forward(c.custom->input().data(), 1);
    (*twin)->outputs(out.data());
    (*twin)->encode(c.custom->input().data(), 1, embedding.data());
    QCOMPARE(c.custom->output().values(), out);
    QCOMPARE(c.custom->embedding(), embedding);
    // Without training: no step was taken, and the parameters are the freshly built network's.
    QCOMPARE(c.bench->session()->steps(), qint64{0});
    NetworkBundle untouched = tiny_bundle(8, 1, 1);
    ParameterState fresh;
    untouched.module->export_state(fresh);
    QCOMPARE(c.module->parameters()->parameters.weights, fresh.weights);
    QCOMPARE(c.module->parameters()->parameters.biases, fresh.biases);
  }

  void fitModesAndInversionAreSaid() {
    Custom c;
    QVERIFY(c.settle());
    c.custom->open(c.write_rgb("wide.png", 12, 6));
    QVERIFY(c.settle());
    const std::vector<float> stretched = c.custom->output().values();
    c.custom->setFitMode(FitMode::kCrop);
    QVERIFY(c.settle());
    QCOMPARE(c.custom->conversionText(), QString("converted 12×6 RGB → 8×8 gray (centre cropped)"));
    QVERIFY(c.custom->output().values() != stretched);
    c.custom->setFitMode(FitMode::kPad);
    c.custom->setInverted(true);
    QVERIFY(c.settle());
    QCOMPARE(c.custom->conversionText(), QString("converted 12×6 RGB → 8×8 gray (padded with black), inverted"));
    QCOMPARE(c.custom->input().at(0, 0, 0), 0.0f);  // the pad stays black
    // A gray image of the input's size needs nothing.
    Image gray(8, 8, 1, 0.5f);
    QVERIFY(save_png(c.dir.filePath("fits.png").toStdString(), gray).is_ok());
    c.custom->setInverted(false);
    c.custom->open(c.dir.filePath("fits.png"));
    QVERIFY(c.settle());
    QCOMPARE(c.custom->conversionText(), QString("8×8 gray, as the network expects: no conversion needed."));
  }

  void aBadFileIsAClearErrorAndChangesNothing() {
    Custom c;
    QVERIFY(c.settle());
    c.custom->open(c.write_rgb("good.png", 10, 10));
    QVERIFY(c.settle());
    const std::vector<float> input = c.custom->input().values(), output = c.custom->output().values();
    QSignalSpy image(c.custom, &CustomInput::imageChanged);
    QSignalSpy out(c.custom, &CustomInput::outputChanged);

    QFile bad(c.dir.filePath("broken.png"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("\x89PNG\r\n\x1a\nthis is not really a PNG file");
    bad.close();
    c.custom->open(bad.fileName());
    QVERIFY(c.settle());
    QCOMPARE(c.errors->count(), 1);
    QCOMPARE(c.errors->last().at(0).toString(), QString("Cannot open the image"));
    QVERIFY2(c.errors->last().at(1).toString().contains("broken.png"), qPrintable(c.last_error()));

    c.custom->open(c.dir.filePath("missing.jpg"));
    QCOMPARE(c.errors->count(), 2);
    QVERIFY2(c.last_error().contains("missing.jpg") && c.last_error().contains("not a file"), qPrintable(c.last_error()));

    // An image far over the budget is refused from its header, before anything is decoded.
    QFile huge(c.dir.filePath("huge.pgm"));
    QVERIFY(huge.open(QIODevice::WriteOnly));
    huge.write("P5\n100000 100000\n255\n");
    huge.close();
    c.custom->open(huge.fileName());
    QVERIFY(c.settle());
    QCOMPARE(c.errors->count(), 3);
    QVERIFY2(c.last_error().contains("huge.pgm"), qPrintable(c.last_error()));

    QCOMPARE(image.count(), 0);
    QCOMPARE(out.count(), 0);
    QCOMPARE(c.custom->fileName(), QString("good.png"));
    QCOMPARE(c.custom->input().values(), input);
    QCOMPARE(c.custom->output().values(), output);
  }

  void exportWritesTheInputAndTheOutput() {
    Custom c;
    QVERIFY(c.settle());
    QSignalSpy errors(c.custom, &CustomInput::errorOccurred);
    QVERIFY(c.custom->exportImages().isEmpty());  // nothing yet
    QCOMPARE(errors.count(), 1);
    c.custom->open(c.write_rgb("shirt.png", 16, 16));
    QVERIFY(c.settle());
    const QString output = c.custom->exportImages();
    QVERIFY(output.endsWith("custom-shirt-output-step0.png"));
    const QString input = c.dir.filePath("output/custom-shirt-input.png");
    QVERIFY(QFile::exists(input));
    auto in = load_image(input.toStdString());
    auto out = load_image(output.toStdString());
    QVERIFY(in.is_ok() && out.is_ok());
    QCOMPARE(in->shape(), (ImageShape{8, 8, 1}));
    QCOMPARE(out->shape(), (ImageShape{8, 8, 1}));
    QVERIFY(c.custom->exportImages().endsWith("custom-shirt-output-step0-2.png"));
  }

  void anotherNetworkRefitsTheImage() {
    Custom c;
    QVERIFY(c.settle());
    c.custom->open(c.write_rgb("photo.png", 12, 6));
    QVERIFY(c.settle());
    QSignalSpy image(c.custom, &CustomInput::imageChanged);
    c.bench->session()->install_network(tiny_bundle(6, 2, 1));
    QTRY_COMPARE_WITH_TIMEOUT(c.custom->input().shape(), (ImageShape{6, 6, 1}), 20000);
    QVERIFY(c.settle());
    QVERIFY(image.count() >= 1);
    QCOMPARE(c.custom->conversionText(), QString("converted 12×6 RGB → 6×6 gray (stretched)"));
    QCOMPARE(c.custom->output().shape(), (ImageShape{6, 6, 1}));
    Executor executor(1);
    auto twin = instantiate_copy(*c.module->parameters(), executor);
    QVERIFY(twin.is_ok());
    std::vector<float> out(36);
    (*twin)->forward(c.custom->input().data(), 1);
    (*twin)->outputs(out.data());
    QCOMPARE(c.custom->output().values(), out);
  }

  void looksLikeImageByExtension() {
    QVERIFY(CustomInput::looksLikeImage("/a/b/photo.JPG") || CustomInput::looksLikeImage("/a/b/photo.jpg"));
    QVERIFY(CustomInput::looksLikeImage("x.png"));
    QVERIFY(!CustomInput::looksLikeImage("model.dendrite"));
    QVERIFY(!CustomInput::looksLikeImage("train-images-idx3-ubyte.gz"));
  }
};

QTEST_MAIN(TestCustomInput)
#include "test_custom_input.moc"
