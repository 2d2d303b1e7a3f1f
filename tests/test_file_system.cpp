// test_file_system.cpp — the file layer and atomic writes (core/file_system.h).
//
// A failure at every step of write_file_atomically (injected with FaultFileSystem, since root
// sees no real failures) must leave the previous file intact and no temp file behind.
//
//   ctest --test-dir build -R test_file_system --output-on-failure
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <string>

#include "core/file_system.h"
#include "tests/support/fault_file_system.h"
#include "tests/support/test_files.h"

using dendrite::FileSystem;
using dendrite::real_file_system;
using dendrite::write_file_atomically;
using dendrite::testing::FaultFileSystem;
using dendrite::testing::read_bytes;
using dendrite::testing::write_bytes;
using dendrite::testing::WriteStep;

Q_DECLARE_METATYPE(WriteStep)

namespace {

QStringList entries_of(const QString& directory) {
  return QDir(directory).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                                   QDir::Name);
}

}  // namespace

class TestFileSystem : public QObject {
  Q_OBJECT

 private slots:
  void path_helpers() {
    QCOMPARE(dendrite::parent_directory("a/b/c.png"), std::string("a/b"));
    QCOMPARE(dendrite::parent_directory("c.png"), std::string("."));
    QCOMPARE(dendrite::parent_directory("/c.png"), std::string("/"));
    QCOMPARE(dendrite::file_name("a/b/c.png"), std::string("c.png"));
    QCOMPARE(dendrite::file_name("c.png"), std::string("c.png"));
    QCOMPARE(dendrite::join_path("a", "b"), std::string("a/b"));
    QCOMPARE(dendrite::join_path("a/", "b"), std::string("a/b"));
    QCOMPARE(dendrite::join_path(".", "b"), std::string("b"));
    QCOMPARE(dendrite::join_path("", "b"), std::string("b"));
    QCOMPARE(dendrite::file_extension("x/Photo.JPEG"), std::string("jpeg"));
    QCOMPARE(dendrite::file_extension("archive.tar.gz"), std::string("gz"));
    QCOMPARE(dendrite::file_extension(".hidden"), std::string(""));
    QCOMPARE(dendrite::file_extension("dir.d/noext"), std::string(""));
  }

  void atomic_write_creates_and_replaces() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = (dir.path() + "/model.bin").toStdString();
    QVERIFY(write_file_atomically(real_file_system(), path, "first version").is_ok());
    QCOMPARE(read_bytes(path), std::string("first version"));
    const std::string big(300000, 'x');
    QVERIFY(write_file_atomically(real_file_system(), path, big).is_ok());
    QCOMPARE(read_bytes(path), big);
    QVERIFY(write_file_atomically(real_file_system(), path, "").is_ok());
    QCOMPARE(read_bytes(path), std::string());
    QCOMPARE(entries_of(dir.path()), QStringList{"model.bin"});  // no temp files left
  }

  void atomic_write_gives_new_files_the_usual_permissions() {
    // Not mkostemp's 0600: what any new file gets, 0666 less the umask.
    QTemporaryDir dir;
    const std::string path = dir.filePath("shared.png").toStdString();
    const mode_t mask = ::umask(027);
    const dendrite::Status written = write_file_atomically(real_file_system(), path, "bytes");
    ::umask(mask);
    QVERIFY(written.is_ok());
    struct stat info {};
    QCOMPARE(::stat(path.c_str(), &info), 0);
    QCOMPARE(info.st_mode & 0777, static_cast<mode_t>(0640));
  }

  void atomic_write_into_missing_directory_fails_clearly() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/no/such/dir/model.bin").toStdString();
    dendrite::Status status = write_file_atomically(real_file_system(), path, "data");
    QVERIFY(!status.is_ok());
    QVERIFY2(QString::fromStdString(status.message()).contains(QString::fromStdString(path)),
             status.message().c_str());
  }

  void failure_at_each_step_keeps_the_old_file_data() {
    QTest::addColumn<WriteStep>("step");
    for (WriteStep step : dendrite::testing::all_write_steps())
      QTest::newRow(dendrite::testing::write_step_name(step)) << step;
  }

  void failure_at_each_step_keeps_the_old_file() {
    QFETCH(WriteStep, step);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = (dir.path() + "/model.bin").toStdString();
    const std::string old_contents = "the previous model, which must survive";
    QVERIFY(write_bytes(path, old_contents));

    FaultFileSystem fs;
    fs.fail_at(step);
    const std::string new_contents(100000, 'n');
    dendrite::Status status = write_file_atomically(fs, path, new_contents);
    QVERIFY2(!status.is_ok(), "an injected failure must be reported");
    const QString message = QString::fromStdString(status.message());
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    QVERIFY(fs.attempts(step) >= 1);  // the failing step was reached

    if (step == WriteStep::kSyncDirectory) {
      // The rename happened: the new file is in place, and the message says so.
      QVERIFY2(message.contains("saved"), qPrintable(message));
      QCOMPARE(read_bytes(path), new_contents);
    } else {
      QVERIFY2(message.contains("unchanged"), qPrintable(message));
      QCOMPARE(read_bytes(path), old_contents);
    }
    // Whatever failed, the temp file is gone.
    QCOMPARE(entries_of(dir.path()), QStringList{"model.bin"});
    for (const std::string& temp : fs.temp_files())
      QVERIFY2(!QFile::exists(QString::fromStdString(temp)), temp.c_str());
  }

  void failure_on_a_new_file_leaves_nothing() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/new.bin").toStdString();
    FaultFileSystem fs;
    fs.fail_at(WriteStep::kWrite);
    QVERIFY(!write_file_atomically(fs, path, std::string(5000, 'a')).is_ok());
    QVERIFY(entries_of(dir.path()).isEmpty());
  }

  void read_file_limits_and_errors() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/data.bin").toStdString();
    QVERIFY(write_bytes(path, std::string(1000, 'z')));
    FileSystem& fs = real_file_system();
    auto whole = fs.read_file(path, 1000);
    QVERIFY(whole.is_ok());
    QCOMPARE(whole->size(), std::size_t{1000});
    auto too_big = fs.read_file(path, 999);
    QVERIFY(!too_big.is_ok());
    QVERIFY2(QString::fromStdString(too_big.message()).contains("limit"), too_big.message().c_str());
    auto directory = fs.read_file(dir.path().toStdString(), 1 << 20);
    QVERIFY(!directory.is_ok());
    QVERIFY(QString::fromStdString(directory.message()).contains("directory"));
    auto missing = fs.read_file(path + ".missing", 1 << 20);
    QVERIFY(!missing.is_ok());
    QVERIFY(QString::fromStdString(missing.message()).contains("data.bin.missing"));
    QCOMPARE(*fs.file_size(path), std::uint64_t{1000});
  }

  void list_directory_is_sorted_with_kinds_and_sizes() {
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(QDir(root).mkpath("sub"));
    QVERIFY(write_bytes((root + "/b.txt").toStdString(), "12345"));
    QVERIFY(write_bytes((root + "/A.txt").toStdString(), "1"));
    QVERIFY(write_bytes((root + "/a.txt").toStdString(), "12"));
    auto entries = real_file_system().list_directory(root.toStdString());
    QVERIFY2(entries.is_ok(), entries.message().c_str());
    QCOMPARE(entries->size(), std::size_t{4});
    // Byte-wise order: upper case before lower case.
    const char* names[] = {"A.txt", "a.txt", "b.txt", "sub"};
    for (int i = 0; i < 4; ++i) QCOMPARE((*entries)[i].name, std::string(names[i]));
    QCOMPARE((*entries)[2].size, std::uint64_t{5});
    QVERIFY((*entries)[2].is_regular_file);
    QVERIFY((*entries)[3].is_directory);
    QVERIFY(!real_file_system().list_directory((root + "/none").toStdString()).is_ok());
  }

  void create_directories() {
    QTemporaryDir dir;
    FileSystem& fs = real_file_system();
    const std::string nested = (dir.path() + "/a/b/c").toStdString();
    QVERIFY(fs.create_directories(nested).is_ok());
    QVERIFY(fs.is_directory(nested));
    QVERIFY(fs.create_directories(nested).is_ok());        // already there
    QVERIFY(fs.create_directories(nested + "/").is_ok());  // trailing slash
    const std::string file = (dir.path() + "/plain").toStdString();
    QVERIFY(write_bytes(file, "x"));
    dendrite::Status blocked = fs.create_directories(file + "/below");
    QVERIFY(!blocked.is_ok());
    QVERIFY2(QString::fromStdString(blocked.message()).contains("plain"), blocked.message().c_str());
    QVERIFY(!fs.create_directories(file).is_ok());  // exists, but is not a directory
  }

  void fault_file_system_denies_listed_paths() {
    QTemporaryDir dir;
    FaultFileSystem fs;
    fs.deny_directory(dir.path().toStdString());
    auto listed = fs.list_directory(dir.path().toStdString());
    QVERIFY(!listed.is_ok());
    QVERIFY(QString::fromStdString(listed.message()).contains("Permission denied"));
    const std::string file = (dir.path() + "/f").toStdString();
    QVERIFY(write_bytes(file, "abc"));
    QVERIFY(fs.read_file(file, 100).is_ok());
    fs.deny_file(file);
    QVERIFY(!fs.read_file(file, 100).is_ok());
    fs.clear_faults();
    QVERIFY(fs.read_file(file, 100).is_ok());
  }
};

QTEST_APPLESS_MAIN(TestFileSystem)
#include "test_file_system.moc"
