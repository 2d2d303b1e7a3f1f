// test_crash_consistency.cpp — the model file survives crashes and full disks (DESIGN.md §6).
//
// killAtRandomMoments: `dendrite-cli train` rewrites its model file after every step
// (--snapshot-interval 1, --snapshot-keep 2) on a tiny network and is killed with SIGKILL at
// random moments, at least 200 times. Every other run resumes from whatever the kill left. After
// each kill the model file, and every kept NAME-STEP.dendrite, must load (the CRC holds) and be
// exactly the snapshot of an uninterrupted run with the same seed at the same step — compared as
// canonical bytes (the file with its wall-clock training-seconds zeroed), so a file mixing two
// steps, or resumed training that drifted from the uninterrupted run, fails. The temp files that
// killed saves leave are removed by the next run (and nothing else is).
//
// terminationSavesTheModel: SIGTERM, SIGHUP and SIGINT stop training after the current step and
// save the model (exit 0), so a run without snapshots survives a plain `kill`.
//
// diskErrorsWhileTraining: a child whose files may not grow past half a model (RLIMIT_FSIZE, with
// SIGXFSZ ignored so write() fails with EFBIG as on a full disk) resumes training with a snapshot
// every step. Decided behaviour (docs/reliability.md): each failed snapshot is reported (once per
// run of failures), training goes on, the final save fails with exit code 1 and a message saying
// what the file still holds, and the previous model file is byte for byte unchanged, with no
// temporary files left behind.
//
// The kill moments come from a seeded generator: DENDRITE_CRASH_SEED=N (default 20240611) and
// DENDRITE_CRASH_KILLS=N (default 200). The moments are reproducible, what the child was doing at
// each moment depends on the machine's speed; a failure names the seed, the run and the delay.
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <functional>
#include <algorithm>
#include <map>
#include <thread>

#include "core/image_io.h"
#include "core/model_file.h"
#include "core/random.h"
#include "tests/support/test_files.h"

using namespace dendrite;
using dendrite::testing::write_bytes;

namespace {

const char* const kNetwork = "input 4x4x1 | dense 2x2x1 | dense 4x4x1";
constexpr int kEpochsPerRun = 6;  // 9 training images, batch 4: 3 steps per full pass

struct Run {
  int exit_code = -1;
  bool crashed = false;
  QString err;
};

QStringList train_arguments(const QString& input, const QString& model, const QString& output,
                            int epochs) {
  return {"train", "--network", kNetwork, "--input", input, "--model", model, "--output", output,
          "--epochs", QString::number(epochs), "--batch-size", "4", "--validation-fraction", "0.25",
          "--optimizer", "adam", "--learning-rate", "0.01", "--seed", "5", "--threads", "1",
          "--snapshot-interval", "1", "--quiet"};
}

Run run_cli(const QStringList& arguments, std::function<void()> in_child = nullptr) {
  QProcess process;
  if (in_child) process.setChildProcessModifier(in_child);
  process.start(DENDRITE_CLI_PATH, arguments);
  Run run;
  if (!process.waitForStarted(30000) || !process.waitForFinished(300000)) {
    run.err = "did not start or finish: " + process.errorString();
    return run;
  }
  run.err = QString::fromUtf8(process.readAllStandardError());
  run.crashed = process.exitStatus() != QProcess::NormalExit;
  run.exit_code = process.exitCode();
  return run;
}

// The model's bytes with the one field that differs between identical runs (wall-clock training
// seconds) zeroed: equal canonical bytes mean equal spec, parameters, optimizer and trainer state.
QByteArray canonical(const ModelFile& model) {
  ModelFile copy = model;
  copy.trainer.training_seconds = 0;
  const std::string bytes = serialize_model(copy);
  return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

QString short_hash(const QByteArray& bytes) {
  return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().left(12));
}

// Step number of "NAME-STEP.dendrite", or -1.
long long kept_step(const QString& file, const QString& stem) {
  if (!file.startsWith(stem + "-") || !file.endsWith(".dendrite")) return -1;
  bool ok = false;
  const long long step = file.mid(stem.size() + 1, file.size() - stem.size() - 10).toLongLong(&ok);
  return ok ? step : -1;
}

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : fallback;
}

}  // namespace

class TestCrashConsistency : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString input_, output_;
  std::map<std::uint64_t, QByteArray> reference_;  // step → canonical bytes of the snapshot

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    input_ = dir_.filePath("images");
    output_ = dir_.filePath("out");
    QVERIFY(QDir().mkpath(input_));
    Rng rng(11, RandomStream::kMisc);
    for (int i = 0; i < 12; ++i) {
      Image image(4, 4, 1);
      for (std::size_t k = 0; k < image.size(); ++k) image.data()[k] = rng.uniform01();
      QVERIFY(save_png(QString("%1/i%2.png").arg(input_).arg(i).toStdString(), image).is_ok());
    }
    // The uninterrupted run: twice the epochs of a killed run (a resumed run goes on from where a
    // fresh one stopped), keeping every snapshot.
    const QString reference_dir = dir_.filePath("reference");
    QVERIFY(QDir().mkpath(reference_dir));
    QStringList arguments = train_arguments(input_, reference_dir + "/m.dendrite", output_, 2 * kEpochsPerRun);
    arguments << "--snapshot-keep" << "1000000";
    const Run run = run_cli(arguments);
    QVERIFY2(run.exit_code == 0 && !run.crashed, qPrintable(run.err));
    for (const QString& file : QDir(reference_dir).entryList({"m-*.dendrite"}, QDir::Files)) {
      auto model = load_model(real_file_system(), (reference_dir + "/" + file).toStdString());
      QVERIFY2(model.is_ok(), model.message().c_str());
      QCOMPARE(static_cast<long long>(model->trainer.steps), kept_step(file, "m"));
      reference_[model->trainer.steps] = canonical(*model);
    }
    QCOMPARE(reference_.size(), std::size_t{2 * kEpochsPerRun * 3});
    QCOMPARE(reference_.begin()->first, std::uint64_t{1});
    // The final save holds the same state as the last snapshot.
    auto last = load_model(real_file_system(), (reference_dir + "/m.dendrite").toStdString());
    QVERIFY(last.is_ok());
    QVERIFY(canonical(*last) == reference_.rbegin()->second);
  }

  void killAtRandomMoments() {
    const std::uint64_t seed = env_number("DENDRITE_CRASH_SEED", 20240611);
    const std::uint64_t wanted_kills = env_number("DENDRITE_CRASH_KILLS", 200);
    const QString work = dir_.filePath("killed");
    QVERIFY(QDir().mkpath(work));
    const QString model_path = work + "/m.dendrite";

    // How long a whole fresh run takes here: kill moments are spread over [0, 1.2 × that].
    QElapsedTimer timer;
    timer.start();
    const Run whole = run_cli(train_arguments(input_, model_path, output_, kEpochsPerRun));
    const double run_ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    QVERIFY2(whole.exit_code == 0, qPrintable(whole.err));

    Rng rng(seed, RandomStream::kMisc);
    std::uint64_t kills = 0, attempts = 0, resumed = 0, finished_first = 0, max_temp_files = 0;
    std::map<std::uint64_t, int> steps_seen;
    while (kills < wanted_kills && attempts < 3 * wanted_kills) {
      const std::uint64_t run_number = attempts++;
      // Odd runs resume from what the last kill left (if that is within a fresh run's epochs, so
      // the reference covers where it goes); even runs start afresh over the same file.
      auto before = load_model(real_file_system(), model_path.toStdString());
      const bool resume = run_number % 2 == 1 && before.is_ok() &&
                          before->trainer.full_passes <= static_cast<std::uint64_t>(kEpochsPerRun);
      QStringList arguments = train_arguments(input_, model_path, output_, kEpochsPerRun);
      arguments << "--snapshot-keep" << "2";
      if (resume) arguments << "--resume";
      resumed += resume ? 1 : 0;
      const int delay_us = static_cast<int>(rng.uniform01_double() * 1.2 * run_ms * 1000.0);
      const QString where = QString("seed %1, run %2, kill after %3 us%4")
                                .arg(seed).arg(run_number).arg(delay_us).arg(resume ? " (resumed)" : "");

      QProcess process;
      process.setStandardOutputFile(QProcess::nullDevice());
      process.setStandardErrorFile(QProcess::nullDevice());
      process.start(DENDRITE_CLI_PATH, arguments);
      QVERIFY2(process.waitForStarted(30000), qPrintable(where));
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
      if (process.state() == QProcess::Running) {
        process.kill();  // SIGKILL
        ++kills;
      } else {
        ++finished_first;
      }
      QVERIFY2(process.waitForFinished(60000), qPrintable(where));

      // Whatever the moment, the model file is one whole snapshot of the uninterrupted run.
      QDir directory(work);
      std::uint64_t temp_files = 0;
      for (const QString& file : directory.entryList(QDir::Files | QDir::Hidden)) {
        const QString path = work + "/" + file;
        if (file.startsWith(".m.dendrite.tmp-") || file.startsWith(".m-")) {
          ++temp_files;  // a save the kill interrupted; the next run removes it
          continue;
        }
        auto model = load_model(real_file_system(), path.toStdString());
        QVERIFY2(model.is_ok(), qPrintable(QString("%1: %2").arg(where, model.message().c_str())));
        const std::uint64_t step = model->trainer.steps;
        if (file != "m.dendrite")
          QVERIFY2(kept_step(file, "m") == static_cast<long long>(step), qPrintable(where + ": " + file));
        const auto expected = reference_.find(step);
        QVERIFY2(expected != reference_.end(),
                 qPrintable(QString("%1: %2 holds step %3, beyond the reference").arg(where, file).arg(step)));
        const QByteArray got = canonical(*model);
        QVERIFY2(got == expected->second,
                 qPrintable(QString("%1: %2 at step %3 has content %4, the uninterrupted run had %5")
                                .arg(where, file).arg(step).arg(short_hash(got), short_hash(expected->second))));
        if (file == "m.dendrite") steps_seen[step] += 1;
      }
      max_temp_files = std::max(max_temp_files, temp_files);
    }
    qInfo("seed %llu: %llu kills in %llu runs (%llu resumed, %llu finished before their kill moment); "
          "a whole run takes %.0f ms; model files at %zu distinct steps; at most %llu temp files left at once",
          static_cast<unsigned long long>(seed), static_cast<unsigned long long>(kills),
          static_cast<unsigned long long>(attempts), static_cast<unsigned long long>(resumed),
          static_cast<unsigned long long>(finished_first), run_ms, steps_seen.size(),
          static_cast<unsigned long long>(max_temp_files));
    QVERIFY2(kills >= wanted_kills, "too many runs finished before their kill moment");
    // The kills landed all over training, not only before the first snapshot.
    QVERIFY2(steps_seen.size() >= 10, qPrintable(QString("only %1 distinct steps").arg(steps_seen.size())));
    QVERIFY2(max_temp_files > 0, "no kill interrupted a save: the kill moments miss the writes");

    // An uninterrupted run removes what interrupted saves left behind, and nothing else.
    const QStringList before = QDir(work).entryList({".m*.tmp-*"}, QDir::Files | QDir::Hidden);
    QVERIFY(write_bytes((work + "/.other.dendrite.tmp-abcdef").toStdString(), "another model's save"));
    const Run clean = run_cli(train_arguments(input_, model_path, output_, 1));
    QVERIFY2(clean.exit_code == 0, qPrintable(clean.err));
    if (!before.isEmpty())
      QVERIFY2(clean.err.contains(QString("removed %1 temporary file(s) left by an interrupted save of %2")
                                      .arg(before.size()).arg(model_path)),
               qPrintable(clean.err));
    QCOMPARE(QDir(work).entryList(QDir::Files | QDir::Hidden).filter(".tmp-"), QStringList{".other.dendrite.tmp-abcdef"});
  }

  void terminationSavesTheModel_data() {
    QTest::addColumn<int>("signal_number");
    QTest::addColumn<QString>("name");
    QTest::newRow("SIGTERM") << static_cast<int>(SIGTERM) << "Terminated";
    QTest::newRow("SIGHUP") << static_cast<int>(SIGHUP) << "Hangup";
    QTest::newRow("SIGINT") << static_cast<int>(SIGINT) << "Interrupt";
  }

  void terminationSavesTheModel() {
    // Without snapshots, `kill` (or a closed terminal, or Ctrl-C) must not lose the run: train
    // stops after the current step and saves.
    QFETCH(int, signal_number);
    QFETCH(QString, name);
    const QString model_path = dir_.filePath(QString("terminated-%1.dendrite").arg(name));
    QStringList arguments = train_arguments(input_, model_path, output_, 1000000);
    arguments.replace(arguments.indexOf("--snapshot-interval") + 1, "0");
    arguments.removeAll("--quiet");
    QProcess process;
    process.start(DENDRITE_CLI_PATH, arguments);
    QVERIFY(process.waitForStarted(30000));
    // Training has begun once the data summary is out; give it a few hundred steps.
    QString err;
    QElapsedTimer waited;
    waited.start();
    while (!err.contains("training and") && waited.elapsed() < 60000) {
      process.waitForReadyRead(1000);
      err += QString::fromUtf8(process.readAllStandardError());
    }
    QVERIFY2(err.contains("training and"), qPrintable(err));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), signal_number), 0);
    QVERIFY(process.waitForFinished(60000));
    err += QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QRegularExpression said(QString("interrupted \\(%1\\): saving the model after step (\\d+)").arg(name));
    const auto match = said.match(err);
    QVERIFY2(match.hasMatch(), qPrintable(err));
    auto model = load_model(real_file_system(), model_path.toStdString());
    QVERIFY2(model.is_ok(), model.message().c_str());
    QCOMPARE(model->trainer.steps, match.captured(1).toULongLong());
    QVERIFY(model->trainer.steps > 0);
    // The saved state is the uninterrupted run's at that step, where the reference reaches.
    if (const auto expected = reference_.find(model->trainer.steps); expected != reference_.end())
      QVERIFY(canonical(*model) == expected->second);
  }

  void diskErrorsWhileTraining() {
    const QString work = dir_.filePath("full-disk");
    QVERIFY(QDir().mkpath(work));
    const QString model_path = work + "/m.dendrite";
    const Run first = run_cli(train_arguments(input_, model_path, output_, 1));
    QVERIFY2(first.exit_code == 0, qPrintable(first.err));
    const std::string before = testing::read_bytes(model_path.toStdString());
    QVERIFY(!before.empty());

    // Files may not grow past half the model; write() then fails with EFBIG ("File too large").
    const rlim_t limit = static_cast<rlim_t>(before.size() / 2);
    QStringList arguments = train_arguments(input_, model_path, output_, 2);
    arguments << "--resume";
    const Run full = run_cli(arguments, [limit] {
      std::signal(SIGXFSZ, SIG_IGN);  // inherited across exec
      const rlimit fsize{limit, limit};
      setrlimit(RLIMIT_FSIZE, &fsize);
    });
    QVERIFY2(!full.crashed, qPrintable(full.err));
    QCOMPARE(full.exit_code, 1);
    // The first failed snapshot is reported once, with the reason and what the file still holds.
    QCOMPARE(full.err.count("warning: the snapshot at step"), 1);
    QVERIFY2(full.err.contains("warning: the snapshot at step 4 failed: saving '" + model_path +
                               "' failed (the previous file is unchanged)"),
             qPrintable(full.err));
    QVERIFY2(full.err.contains("File too large"), qPrintable(full.err));
    QVERIFY2(full.err.contains("training goes on and the next snapshot tries again; the model file "
                               "still holds step 3 (where this run resumed)"),
             qPrintable(full.err));
    QVERIFY2(full.err.contains("6 snapshot(s) failed during this run"), qPrintable(full.err));
    QVERIFY2(full.err.contains("error: saving '" + model_path + "' failed (the previous file is unchanged)") &&
                 full.err.contains("; the model file still holds step 3 (where this run resumed)"),
             qPrintable(full.err));
    // Nothing was lost and nothing was left behind.
    QVERIFY(testing::read_bytes(model_path.toStdString()) == before);
    QCOMPARE(QDir(work).entryList(QDir::Files | QDir::Hidden), QStringList{"m.dendrite"});

    // With space again, the same command resumes from the intact file.
    const Run again = run_cli(arguments);
    QVERIFY2(again.exit_code == 0, qPrintable(again.err));
    auto after = load_model(real_file_system(), model_path.toStdString());
    QVERIFY(after.is_ok());
    QCOMPARE(after->trainer.steps, std::uint64_t{9});
  }
};

QTEST_APPLESS_MAIN(TestCrashConsistency)
#include "test_crash_consistency.moc"
