// test_snapshot.cpp — write_snapshot (core/snapshot.h) when the disk fails (DESIGN.md §6).
//
// The fault-injecting FileSystem fails each step of the atomic write in turn (create the temp
// file, write — half the bytes land —, sync, close, rename, sync the directory), for the model
// file and for the kept NAME-STEP.dendrite copy. Whatever fails, the model file is one whole
// model (the previous one, or the new one when only the final directory sync failed), no temp
// file is left behind, and the error names the file and says whether the previous one is intact.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "core/executor.h"
#include "core/model_file.h"
#include "core/snapshot.h"
#include "networks/model_io.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/test_files.h"

using namespace dendrite;
using dendrite::testing::FaultFileSystem;
using dendrite::testing::WriteStep;

namespace {

ModelFile model_at(std::uint64_t step) {
  static Executor executor(1);
  auto module = create_initialized_module("input 4x4x1 | dense 2x2x1 | dense 4x4x1", "layer",
                                          ModuleOptions{}, InitOptions{}, step, executor);
  if (!module) qFatal("%s", module.message().c_str());
  TrainerState trainer;
  trainer.steps = step;
  trainer.loss_history.assign(static_cast<std::size_t>(step), 0.5f);
  return capture_model(**module, InitOptions{}, OptimizerConfig{}, trainer);
}

QStringList hidden_files(const QString& directory) {
  return QDir(directory).entryList({".*"}, QDir::Files | QDir::Hidden);
}

}  // namespace

class TestSnapshot : public QObject {
  Q_OBJECT

 private slots:
  void failureAtEachStep_data() {
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("keep");
    for (const WriteStep step : testing::all_write_steps())
      for (const int keep : {0, 2})
        QTest::addRow("%s keep=%d", testing::write_step_name(step), keep) << static_cast<int>(step) << keep;
  }

  void failureAtEachStep() {
    QFETCH(int, step);
    QFETCH(int, keep);
    const auto failing = static_cast<WriteStep>(step);
    QTemporaryDir dir;
    const std::string path = dir.filePath("net.dendrite").toStdString();
    FaultFileSystem fs;
    QVERIFY(write_snapshot(fs, path, model_at(10), 10, static_cast<std::uint64_t>(keep)).is_ok());
    const std::string before = testing::read_bytes(path);

    fs.fail_at(failing);
    const Status status = write_snapshot(fs, path, model_at(20), 20, static_cast<std::uint64_t>(keep));
    QVERIFY(!status.is_ok());
    const QString message = QString::fromStdString(status.message());
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    auto loaded = load_model(real_file_system(), path);
    QVERIFY2(loaded.is_ok(), loaded.message().c_str());
    if (failing == WriteStep::kSyncDirectory) {
      // The rename happened: the new model is in place, whole; the error says durability is unsure.
      QVERIFY2(message.contains("saved '") && message.contains("cannot sync directory"), qPrintable(message));
      QCOMPARE(loaded->trainer.steps, std::uint64_t{20});
    } else {
      QVERIFY2(message.contains("failed (the previous file is unchanged)"), qPrintable(message));
      QVERIFY(testing::read_bytes(path) == before);
      QVERIFY(!QFile::exists(dir.filePath("net-20.dendrite")));
    }
    QCOMPARE(hidden_files(dir.path()), QStringList{});
    if (keep > 0) QVERIFY(load_model(real_file_system(), dir.filePath("net-10.dendrite").toStdString()).is_ok());
  }

  void keptCopyFailureLeavesTheNewModel_data() {
    QTest::addColumn<int>("step");
    for (const WriteStep step : testing::all_write_steps())
      QTest::addRow("%s", testing::write_step_name(step)) << static_cast<int>(step);
  }

  void keptCopyFailureLeavesTheNewModel() {
    // The model file is written first, then the kept copy: when only the copy fails, the model
    // file is the new one and the error names the copy.
    QFETCH(int, step);
    QTemporaryDir dir;
    const std::string path = dir.filePath("net.dendrite").toStdString();
    FaultFileSystem fs;
    QVERIFY(write_snapshot(fs, path, model_at(10), 10, 2).is_ok());
    fs.fail_at(static_cast<WriteStep>(step), 1);
    const Status status = write_snapshot(fs, path, model_at(20), 20, 2);
    QVERIFY(!status.is_ok());
    const QString message = QString::fromStdString(status.message());
    QVERIFY2(message.contains(dir.filePath("net-20.dendrite")), qPrintable(message));
    auto model = load_model(real_file_system(), path);
    QVERIFY(model.is_ok());
    QCOMPARE(model->trainer.steps, std::uint64_t{20});
    QVERIFY(load_model(real_file_system(), dir.filePath("net-10.dendrite").toStdString()).is_ok());
    QCOMPARE(hidden_files(dir.path()), QStringList{});
  }

  void retryAfterAFailureSucceeds() {
    // Training goes on after a failed snapshot; the next one, with the disk back, writes normally.
    QTemporaryDir dir;
    const std::string path = dir.filePath("net.dendrite").toStdString();
    FaultFileSystem fs;
    fs.fail_at(WriteStep::kWrite);
    QVERIFY(!write_snapshot(fs, path, model_at(1), 1, 1).is_ok());
    QVERIFY(!QFile::exists(QString::fromStdString(path)));
    fs.clear_faults();
    QVERIFY(write_snapshot(fs, path, model_at(2), 2, 1).is_ok());
    QCOMPARE(load_model(real_file_system(), path)->trainer.steps, std::uint64_t{2});
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             (QStringList{"net-2.dendrite", "net.dendrite"}));
  }
};

QTEST_APPLESS_MAIN(TestSnapshot)
#include "test_snapshot.moc"
