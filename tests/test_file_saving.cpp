// test_file_saving.cpp — the desktop app's own saves (app/models/file_saving.h, QSaveFile) when the
// disk fills up: the previous file survives byte for byte and the error names the file.
//
// Tests run as root, so a full disk is simulated with RLIMIT_FSIZE in a forked child (SIGXFSZ
// ignored, so the write fails with EFBIG instead of killing the child).
//
//   ctest --test-dir build -R test_file_saving --output-on-failure
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/models/file_saving.h"
#include "tests/support/test_files.h"

using namespace dendrite;

class TestFileSaving : public QObject {
  Q_OBJECT

 private slots:
  void saves_and_replaces() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("sub/model.dendrite");
    QCOMPARE(save_bytes_atomically(path, "first"), QString());
    QCOMPARE(testing::read_bytes(path.toStdString()), std::string("first"));
    QCOMPARE(save_bytes_atomically(path, "second"), QString());
    QCOMPARE(testing::read_bytes(path.toStdString()), std::string("second"));
  }

  void full_disk_keeps_the_previous_file() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("model.dendrite");
    const std::string previous(4096, 'p');
    QVERIFY(testing::write_bytes(path.toStdString(), previous));
    const QString report = dir.filePath("report.txt");
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
      std::signal(SIGXFSZ, SIG_IGN);
      rlimit fsize{};
      fsize.rlim_cur = fsize.rlim_max = 1024;  // any file may grow to 1 KiB, the new model is 64 KiB
      setrlimit(RLIMIT_FSIZE, &fsize);
      const QString error = save_bytes_atomically(path, std::string(65536, 'n'));
      // The report itself is short enough to fit under the limit.
      const bool written = testing::write_bytes(report.toStdString(), error.toStdString());
      _exit(written ? 0 : 3);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
    const QString error = QString::fromStdString(testing::read_bytes(report.toStdString()));
    QVERIFY2(!error.isEmpty(), "the save into a full disk reported success");
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(testing::read_bytes(path.toStdString()), previous);
    // No temporary file is left beside it.
    const QStringList left = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(left, QStringList({"model.dendrite", "report.txt"}));
  }
};

QTEST_APPLESS_MAIN(TestFileSaving)
#include "test_file_saving.moc"
