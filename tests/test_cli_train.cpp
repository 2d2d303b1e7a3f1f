// test_cli_train.cpp — dendrite-cli end to end: train (gray and RGB), resume, eval, reconstruct,
// encode, decode (including an embedding of the wrong length), info --model, and the
// machine-readable summary / mse= lines.
#include <QtTest/QtTest>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <cmath>

#include "core/dataset.h"
#include "core/image_io.h"
#include "core/model_file.h"
#include "core/random.h"

using namespace dendrite;

namespace {

struct Run {
  int code = -1;
  QString out, err;
};

Run cli(const QStringList& args) {
  QProcess p;
  p.start(DENDRITE_CLI_PATH, args);
  p.waitForFinished(120000);
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

void write_images(const QString& dir, int count, int w, int h, int channels) {
  QDir().mkpath(dir);
  Rng rng(3, RandomStream::kMisc);
  for (int i = 0; i < count; ++i) {
    Image im(w, h, channels);
    const float cx = rng.uniform(0, static_cast<float>(w)), cy = rng.uniform(0, static_cast<float>(h));
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        for (int c = 0; c < channels; ++c)
          im.at(x, y, c) = std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 6.0f) * (c == 1 ? 0.5f : 1.0f);
    const QString path = QString("%1/img-%2.png").arg(dir).arg(i, 3, 10, QChar('0'));
    if (!save_png(path.toStdString(), im)) qFatal("cannot write %s", qPrintable(path));
  }
}

// MSE of predicting every image by the folder's mean image.
double mean_image_mse(const QString& folder) {
  auto data = load_dataset(folder.toStdString());
  if (!data) qFatal("%s", data.message().c_str());
  const std::vector<float> mean = data->mean_sample();
  double sum = 0;
  for (std::size_t i = 0; i < data->size(); ++i)
    for (std::size_t k = 0; k < mean.size(); ++k) sum += std::pow(data->sample(i)[k] - mean[k], 2);
  return sum / static_cast<double>(data->size() * mean.size());
}

double field(const QString& text, const QString& key) {
  const QRegularExpression re(QString("\\b%1=([-0-9.eE+naif]+)").arg(key));
  const auto m = re.match(text);
  return m.hasMatch() ? m.captured(1).toDouble() : std::nan("");
}

}  // namespace

class TestCliTrain : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString gray_, rgb_, models_, out_;
  const QString spec_ = "input 8x8x1 | local 4x4x4 k3 s2 | dense 2x2x1 embedding | up 8x8x1 k3";

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    if (!qEnvironmentVariableIsEmpty("DENDRITE_KEEP_TEST_FILES")) {
      dir_.setAutoRemove(false);
      qInfo("test files kept in %s", qPrintable(dir_.path()));
    }
    gray_ = dir_.filePath("gray");
    rgb_ = dir_.filePath("rgb");
    models_ = dir_.filePath("models");
    out_ = dir_.filePath("out");
    write_images(gray_, 60, 8, 8, 1);
    write_images(rgb_, 60, 8, 8, 3);
  }

  void trainWritesModelCsvPictureAndSummary() {
    const QString model = models_ + "/gray.dendrite";
    const Run r = cli({"train", "--network", spec_, "--input", gray_, "--epochs", "3", "--batch-size", "8",
                       "--learning-rate", "0.01", "--model", model, "--output", out_, "--threads", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    // 60 images, 6 for validation, 54 for training: 7 steps per full pass.
    QCOMPARE(field(r.out, "steps"), 21.0);
    QCOMPARE(field(r.out, "samples"), 162.0);
    QVERIFY(field(r.out, "samples_per_s") > 0);
    QVERIFY(field(r.out, "val_loss") > 0);
    QVERIFY(r.out.startsWith("summary "));
    QVERIFY(QFile::exists(model));
    QFile csv(out_ + "/loss.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 22);
    QCOMPARE(lines[0], QString("step,train_loss,validation_loss"));
    QVERIFY(!lines[7].split(',')[2].isEmpty());  // validated after the first full pass
    auto picture = load_image((out_ + "/reconstructions.png").toStdString());
    QVERIFY2(picture.is_ok(), picture.message().c_str());
  }

  void resumeContinuesTheStepCount() {
    const QString model = models_ + "/gray.dendrite";
    const Run r = cli({"train", "--resume", "--model", model, "--input", gray_, "--epochs", "1", "--output", out_,
                       "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(field(r.out, "steps"), 7.0);
    auto loaded = load_model(real_file_system(), model.toStdString());
    QVERIFY(loaded.is_ok());
    QCOMPARE(loaded->trainer.steps, std::uint64_t{28});
    QCOMPARE(loaded->trainer.full_passes, std::uint64_t{4});
    QCOMPARE(loaded->optimizer.learning_rate, 0.01f);  // kept from the model
  }

  void evalPrintsMse() {
    const Run r = cli({"eval", "--model", models_ + "/gray.dendrite", "--input", gray_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("images=60"));
    const double mse = field(r.out, "mse");
    QVERIFY(mse > 0 && mse < 0.2);
  }

  void reconstructConvertsAnyImage() {
    // A 20x13 RGB image goes into an 8x8x1 model: converted, and the CLI says so.
    Image big(20, 13, 3, 0.5f);
    const QString path = dir_.filePath("odd.png");
    QVERIFY(save_png(path.toStdString(), big).is_ok());
    const Run r = cli({"reconstruct", "--model", models_ + "/gray.dendrite", path, "--output", out_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.err.contains("channels 3→1"));
    QVERIFY(r.err.contains("size 20x13→8x8"));
    auto result = load_image((out_ + "/odd-reconstruction.png").toStdString());
    QVERIFY(result.is_ok());
    QCOMPARE(result->width(), 8);
  }

  void encodeThenDecode() {
    const QString model = models_ + "/gray.dendrite";
    const Run e = cli({"encode", "--model", model, gray_ + "/img-000.png"});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    const QStringList parts = e.out.trimmed().split(' ');
    QCOMPARE(parts.size(), 1 + 4);  // path + the 2x2x1 embedding
    const QString embedding = parts.mid(1).join(',');
    const QString png = dir_.filePath("decoded.png");
    const Run d = cli({"decode", "--model", model, "--embedding", embedding, "--file", png});
    QVERIFY2(d.code == 0, qPrintable(d.err));
    // Decoding the embedding reproduces the reconstruction of that image.
    const Run r = cli({"reconstruct", "--model", model, gray_ + "/img-000.png", "--output", out_});
    QVERIFY(r.code == 0);
    auto a = load_image(png.toStdString());
    auto b = load_image((out_ + "/img-000-reconstruction.png").toStdString());
    QVERIFY(a.is_ok() && b.is_ok());
    for (std::size_t i = 0; i < a->size(); ++i) QVERIFY(std::abs(a->data()[i] - b->data()[i]) <= 1.0f / 255.0f);
  }

  void decodeRejectsWrongLength() {
    const Run r = cli({"decode", "--model", models_ + "/gray.dendrite", "--embedding", "0.1,0.2,0.3"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("has 3 values") && r.err.contains("has 4"), qPrintable(r.err));
    const Run bad = cli({"decode", "--model", models_ + "/gray.dendrite", "--embedding", "0.1,x,0.3,0.4"});
    QCOMPARE(bad.code, 2);
    QVERIFY(bad.err.contains("value 2 ('x') is not a number"));
    // The whole line `encode` prints (file name first) is named as such.
    const Run pasted = cli({"decode", "--model", models_ + "/gray.dendrite", "--embedding", "img-000.png 0.1 0.2 0.3 0.4"});
    QCOMPARE(pasted.code, 2);
    QVERIFY2(pasted.err.contains("value 1 ('img-000.png') is not a number") && pasted.err.contains("file name first"),
             qPrintable(pasted.err));
    for (const char* value : {"nan", "inf", "1e99"}) {
      const Run odd = cli({"decode", "--model", models_ + "/gray.dendrite", "--embedding", QString("0.1 %1 0.3 0.4").arg(value)});
      QCOMPARE(odd.code, 2);
      QVERIFY2(odd.err.contains(QString("value 2 ('%1') is not a finite number").arg(value)), qPrintable(odd.err));
    }
  }

  void infoDescribesTheModel() {
    const Run r = cli({"info", "--model", models_ + "/gray.dendrite"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("connections: "));
    QVERIFY(r.out.contains("bytes_per_connection: "));
    QVERIFY(r.out.contains("bytes_per_neuron_sample: "));
    QVERIFY(r.out.contains("(embedding)"));
  }

  void rgbWorksEndToEnd() {
    const QString model = models_ + "/rgb.dendrite";
    const Run r = cli({"train", "--network", "input 8x8x3 | local 4x4x6 k3 s2 | dense 2x2x2 | up 8x8x3 k3", "--input", rgb_,
                       "--channels", "3", "--epochs", "100", "--batch-size", "8", "--learning-rate", "0.01",
                       "--validation-fraction", "0",
                       "--model", model, "--output", out_, "--quiet"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const Run e = cli({"eval", "--model", model, "--input", rgb_});
    QVERIFY(e.code == 0);
    // A working RGB autoencoder reproduces its training images far better than always predicting
    // the mean image (60 images are too few to judge generalization; that is the quality bar's job).
    const double baseline = mean_image_mse(rgb_);
    QVERIFY2(field(e.out, "mse") < 0.25 * baseline,
             qPrintable(QString("mse %1 vs mean-image baseline %2").arg(field(e.out, "mse")).arg(baseline)));
    const Run mismatch = cli({"train", "--network", spec_, "--input", rgb_, "--channels", "3", "--model", model + "x"});
    QCOMPARE(mismatch.code, 2);
    QVERIFY(mismatch.err.contains("--channels 3 does not match"));
  }

  void badInputsGiveClearErrors() {
    const Run spec = cli({"train", "--network", "input 8x8x1 | dens 4x4x1", "--input", gray_});
    QCOMPARE(spec.code, 2);
    QVERIFY(spec.err.contains("1:15: unknown layer kind 'dens'"));
    const Run missing = cli({"eval", "--model", dir_.filePath("nope.dendrite"), "--input", gray_});
    QCOMPARE(missing.code, 1);
    QVERIFY(missing.err.contains("nope.dendrite"));
    QFile junk(dir_.filePath("junk.dendrite"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not a model");
    junk.close();
    const Run corrupt = cli({"info", "--model", junk.fileName()});
    QCOMPARE(corrupt.code, 1);
    QVERIFY(corrupt.err.contains("not a valid Dendrite model"));
  }
};

QTEST_APPLESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
