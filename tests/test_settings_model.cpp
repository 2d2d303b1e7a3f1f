// test_settings_model.cpp — the app's settings (app/models/settings_model.h): defaults under the
// data root, the config file over defaults, preferences (QSettings) over the config file, each
// value's source, a QSettings round trip through a temporary INI file, validation of directories
// and specs, writing a value into the config file, and a broken config file.
//
//   ctest --test-dir build -R test_settings_model --output-on-failure
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/models/settings_model.h"
#include "core/config_file.h"

using dendrite::SettingsModel;

namespace {

void write_text(const QString& path, const QByteArray& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text);
}

QByteArray read_text(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestSettingsModel : public QObject {
  Q_OBJECT

 private slots:
  void defaults_come_from_the_data_root() {
    QTemporaryDir dir;
    SettingsModel s(dir.filePath("s.ini"), dir.filePath("missing.conf"));
    const QString root = QString::fromStdString(dendrite::default_data_root());
    QCOMPARE(s.inputDirectory(), QDir(root).filePath("data/input"));
    QCOMPARE(s.outputDirectory(), QDir(root).filePath("data/output"));
    QCOMPARE(s.sourceText("input-directory"), QString("default"));
    QCOMPARE(s.defaultNetwork(), QString("dense-ae"));
    QVERIFY(s.configError().isEmpty());
    QCOMPARE(s.configPath(), dir.filePath("missing.conf"));
  }

  void preferences_outrank_the_config_file_which_outranks_defaults() {
    QTemporaryDir dir;
    const QString conf = dir.filePath("dendrite.conf");
    write_text(conf, "# my settings\nlearning-rate = 0.01\ninput-directory = images\nthreads=1\n");
    const QString ini = dir.filePath("prefs.ini");
    {
      SettingsModel s(ini, conf);
      QCOMPARE(s.value("learning-rate"), QString("0.01"));
      QCOMPARE(s.sourceText("learning-rate"), QString("config file, line 2"));
      QCOMPARE(s.inputDirectory(), dir.filePath("images"));  // relative to the config file
      QCOMPARE(s.threads(), 1);
      QSignalSpy changed(&s, &SettingsModel::changed);
      QCOMPARE(s.setPreference("learning-rate", "0.05"), QString());
      QCOMPARE(changed.count(), 1);
      QCOMPARE(s.value("learning-rate"), QString("0.05"));
      QCOMPARE(s.sourceText("learning-rate"), QString("preferences"));
      QVERIFY(s.fromPreferences("learning-rate"));
      QCOMPARE(s.setPreference("output-directory", dir.filePath("out")), QString());
      s.setUiValue("geometry", QByteArray("abc"));
      s.sync();
    }
    // Round trip: a new model on the same QSettings file sees the same preferences.
    SettingsModel again(ini, conf);
    QCOMPARE(again.value("learning-rate"), QString("0.05"));
    QCOMPARE(again.outputDirectory(), dir.filePath("out"));
    QCOMPARE(again.uiValue("geometry").toByteArray(), QByteArray("abc"));
    QCOMPARE(again.threads(), 1);  // still from the config file
    again.clearPreference("learning-rate");
    QCOMPARE(again.value("learning-rate"), QString("0.01"));
    QVERIFY(!again.fromPreferences("learning-rate"));
    // The command line outranks everything, for this run only.
    QCOMPARE(again.setCommandLineValue("threads", "2"), QString());
    QCOMPARE(again.threads(), 2);
    QVERIFY(again.sourceText("threads").startsWith("command line"));
    QVERIFY(!again.setCommandLineValue("threads", "lots").isEmpty());
    SettingsModel third(ini, conf);
    QCOMPARE(third.threads(), 1);
  }

  void validation_names_the_problem() {
    QTemporaryDir dir;
    SettingsModel s(dir.filePath("s.ini"), dir.filePath("d.conf"));
    QVERIFY(s.validate("input-directory", dir.path()).isEmpty());
    QVERIFY(s.validate("input-directory", dir.filePath("nope")).contains("does not exist"));
    write_text(dir.filePath("notes.txt"), "x");
    QVERIFY(s.validate("input-directory", dir.filePath("notes.txt")).contains("neither a folder"));
    write_text(dir.filePath("train-images-idx3-ubyte.gz"), "x");
    QVERIFY(s.validate("input-directory", dir.filePath("train-images-idx3-ubyte.gz")).isEmpty());
    // Output folders may be created, but not inside a file.
    QVERIFY(s.validate("output-directory", dir.filePath("new/deeper")).isEmpty());
    QVERIFY(s.validate("output-directory", dir.filePath("notes.txt")).contains("is a file"));
    QVERIFY(s.validate("model-directory", dir.filePath("notes.txt/models")).contains("is a file"));
    QVERIFY(!s.validate("snapshot-interval", "-3").isEmpty());
    QVERIFY(!s.validate("threads", "two").isEmpty());
    QVERIFY(s.validate("network", "local-ae").isEmpty());
    const QString spec_error = s.validate("network", "input 28x28x1 | dense 0x4x1");
    QVERIFY2(!spec_error.isEmpty(), "a bad spec must be refused");
    QVERIFY(!s.validate("no-such-key", "1").isEmpty());
    // Refused values are not stored.
    QVERIFY(!s.setPreference("input-directory", dir.filePath("nope")).isEmpty());
    QVERIFY(!s.fromPreferences("input-directory"));
  }

  void writes_a_value_into_the_config_file_keeping_the_rest() {
    QTemporaryDir dir;
    const QString conf = dir.filePath("sub/dendrite.conf");
    QVERIFY(QDir().mkpath(dir.filePath("sub")));
    write_text(conf, "# keep me\nepochs=3\n");
    SettingsModel s(dir.filePath("s.ini"), conf);
    QCOMPARE(s.writeToConfigFile("snapshot-interval", "500"), QString());
    QCOMPARE(s.writeToConfigFile("epochs", "4"), QString());
    const QByteArray text = read_text(conf);
    QVERIFY(text.contains("# keep me\n"));
    QVERIFY(text.contains("epochs=4\n"));
    QVERIFY(text.contains("snapshot-interval=500\n"));
    QCOMPARE(s.snapshotInterval(), 500);
    QCOMPARE(s.sourceText("snapshot-interval"), QString("config file, line 3"));
    QVERIFY(!s.writeToConfigFile("snapshot-interval", "soon").isEmpty());
    // A missing config file (and its folder) is created.
    SettingsModel fresh(dir.filePath("t.ini"), dir.filePath("new/dendrite.conf"));
    QCOMPARE(fresh.writeToConfigFile("threads", "2"), QString());
    QCOMPARE(read_text(dir.filePath("new/dendrite.conf")), QByteArray("threads=2\n"));
  }

  void a_broken_config_file_is_reported_and_ignored() {
    QTemporaryDir dir;
    const QString conf = dir.filePath("dendrite.conf");
    write_text(conf, "learning-rate=0.5\nlerning-rate=0.1\n");
    SettingsModel s(dir.filePath("s.ini"), conf);
    QVERIFY(s.configError().contains("line 2") || s.configError().contains(":2"));
    QVERIFY(s.configError().contains("learning-rate"));  // the suggestion
    QCOMPARE(s.value("learning-rate"), QString("0.001"));  // nothing of the file applied
  }
};

QTEST_GUILESS_MAIN(TestSettingsModel)
#include "test_settings_model.moc"
