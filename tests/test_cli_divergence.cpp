// test_cli_divergence.cpp — a learning rate that makes the loss explode, through dendrite-cli
// (DESIGN.md §2 trainer, §6).
//
// With --learning-rate 1e3 the blow-up is caught within one mini-batch of the update that caused
// it, the parameters go back to the last good state (here: the initial ones), `train` says what
// happened and how to go on, saves the restored model and exits with code 3; resuming that model
// at a lower rate trains normally. With a snapshot after every step, the snapshot check catches the
// blow-up before any file holds the exploded parameters.
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "core/image_io.h"
#include "core/model_file.h"
#include "core/random.h"

using namespace dendrite;

namespace {

struct Run {
  int exit_code = -1;
  bool crashed = false;
  QString out, err;
};

Run cli(const QStringList& arguments) {
  QProcess process;
  process.start(DENDRITE_CLI_PATH, arguments);
  Run run;
  if (!process.waitForStarted(30000) || !process.waitForFinished(300000)) {
    run.err = "did not start or finish: " + process.errorString();
    return run;
  }
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  run.crashed = process.exitStatus() != QProcess::NormalExit;
  run.exit_code = process.exitCode();
  return run;
}

double field(const QString& text, const QString& key) {
  const auto match = QRegularExpression(QString("\\b%1=([-0-9.eE+naif]+)").arg(key)).match(text);
  return match.hasMatch() ? match.captured(1).toDouble() : std::nan("");
}

bool all_finite(const std::vector<float>& values) {
  for (const float v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

}  // namespace

class TestCliDivergence : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString input_;
  ParameterState initial_;

  QStringList train(const QString& model, const QString& rate, int epochs) const {
    return {"train", "--network", "input 8x8x1 | local 4x4x2 k3 s2 | dense 2x2x1 | up 8x8x1 k3", "--input", input_,
            "--model", model, "--output", dir_.filePath("out"), "--learning-rate", rate,
            "--epochs", QString::number(epochs), "--batch-size", "8", "--seed", "4", "--threads", "1"};
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    input_ = dir_.filePath("images");
    QVERIFY(QDir().mkpath(input_));
    Rng rng(8, RandomStream::kMisc);
    for (int i = 0; i < 40; ++i) {
      Image image(8, 8, 1);
      const float cx = rng.uniform(0, 8), cy = rng.uniform(0, 8);
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
          image.at(x, y, 0) = std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 5.0f);
      QVERIFY(save_png(QString("%1/b%2.png").arg(input_).arg(i).toStdString(), image).is_ok());
    }
    // The parameters every run with this seed starts from.
    const QString initial = dir_.filePath("initial.dendrite");
    const Run run = cli(train(initial, "0.001", 0));
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    auto model = load_model(real_file_system(), initial.toStdString());
    QVERIFY(model.is_ok());
    initial_ = model->parameters;
  }

  void explodingRateIsCaughtRestoredAndExplained() {
    const QString path = dir_.filePath("hot.dendrite");
    const Run run = cli(train(path, "1e3", 3));
    QVERIFY2(!run.crashed, qPrintable(run.err));
    QCOMPARE(run.exit_code, 3);
    // Step 1's loss comes from sane parameters; step 1's update blows them up; step 2's loss shows it.
    QVERIFY2(run.err.contains(QRegularExpression(
                 "diverged: the loss (became NaN|became infinite|exploded to [^ ]+ \\([^)]+ times its recent average\\)) at step 2; "
                 "parameters were restored to their state after step 0\\. Lower the learning rate \\(now 1000\\) and continue\\.")),
             qPrintable(run.err));
    QVERIFY2(run.err.contains("saved " + path), qPrintable(run.err));
    QVERIFY2(run.err.contains("to continue from there at a lower learning rate (a tenth of this one, or less): "
                              "dendrite-cli train --resume --model " + path + " --learning-rate 100"),
             qPrintable(run.err));
    QVERIFY2(run.out.startsWith("summary steps=2 "), qPrintable(run.out));
    auto model = load_model(real_file_system(), path.toStdString());
    QVERIFY2(model.is_ok(), model.message().c_str());
    QVERIFY(model->parameters == initial_);  // back to the last good state, optimizer moments included
    QCOMPARE(model->trainer.steps, std::uint64_t{2});

    // Training goes on at a lower rate.
    QStringList resume = train(path, "0.01", 2);
    resume << "--resume";
    const Run cooler = cli(resume);
    QVERIFY2(!cooler.crashed && cooler.exit_code == 0, qPrintable(cooler.err));
    QVERIFY2(!cooler.err.contains("diverged"), qPrintable(cooler.err));
    QVERIFY(std::isfinite(field(cooler.out, "train_loss")) && std::isfinite(field(cooler.out, "val_loss")));
    auto after = load_model(real_file_system(), path.toStdString());
    QVERIFY(after.is_ok());
    // 36 training images, batch 8: 5 steps a pass; --epochs 2 finishes the pass the divergence
    // interrupted (3 more steps) and runs one more.
    QCOMPARE(after->trainer.steps, std::uint64_t{2 + 3 + 5});
    QVERIFY(all_finite(after->parameters.weights) && all_finite(after->parameters.biases));
    QVERIFY(after->parameters != initial_);
    QCOMPARE(after->optimizer.learning_rate, 0.01f);
  }

  void snapshotsNeverHoldExplodedParameters() {
    const QString path = dir_.filePath("hot-snapshots.dendrite");
    QStringList arguments = train(path, "1e3", 3);
    arguments << "--snapshot-interval" << "1" << "--snapshot-keep" << "10";
    const Run run = cli(arguments);
    QVERIFY2(!run.crashed, qPrintable(run.err));
    QCOMPARE(run.exit_code, 3);
    // The check before step 1's snapshot judges step 1's update.
    QVERIFY2(run.err.contains(QRegularExpression("diverged: the loss .* after the update of step 1; parameters were "
                                                 "restored to their state after step 0")),
             qPrintable(run.err));
    QCOMPARE(QDir(dir_.path()).entryList({"hot-snapshots-*.dendrite"}, QDir::Files), QStringList{});
    auto model = load_model(real_file_system(), path.toStdString());
    QVERIFY(model.is_ok());
    QVERIFY(model->parameters == initial_);
  }
};

QTEST_APPLESS_MAIN(TestCliDivergence)
#include "test_cli_divergence.moc"
