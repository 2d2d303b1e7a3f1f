// test_preferences_dialog.cpp — the Preferences dialog (widgets/preferences_dialog.h): invalid
// directories are explained under their row and keep OK disabled; valid changes are stored as
// preferences and the source column says so; "Write to config file" writes the shown value;
// "Forget" falls back to the config file or the default.
//
//   ctest --test-dir build -R test_preferences_dialog --output-on-failure
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "app/models/settings_model.h"
#include "widgets/preferences_dialog.h"

using namespace dendrite;

class TestPreferencesDialog : public QObject {
  Q_OBJECT

 private slots:
  void invalid_values_block_ok_and_say_why() {
    QTemporaryDir dir;
    SettingsModel settings(dir.filePath("s.ini"), dir.filePath("dendrite.conf"));
    PreferencesDialog dialog(&settings, {"dense-ae", "local-ae"});
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    dialog.setEditorValue("input-directory", dir.filePath("missing"));
    QVERIFY(dialog.errorText("input-directory").contains("does not exist"));
    QVERIFY(!dialog.valuesValid());
    QVERIFY(!ok->isEnabled());
    QVERIFY(!dialog.writeToConfigButton("input-directory")->isEnabled());
    QVERIFY(!dialog.apply());
    QVERIFY(!settings.fromPreferences("input-directory"));
    dialog.setEditorValue("network", "input 28x28x1 | dense 16");
    QVERIFY(!dialog.errorText("network").isEmpty());
    dialog.setEditorValue("network", "local-ae");
    QVERIFY(dialog.errorText("network").isEmpty());
    dialog.setEditorValue("input-directory", dir.path());
    QVERIFY(dialog.errorText("input-directory").isEmpty());
    QVERIFY(ok->isEnabled());
  }

  void applying_stores_preferences_and_shows_their_source() {
    QTemporaryDir dir;
    SettingsModel settings(dir.filePath("s.ini"), dir.filePath("dendrite.conf"));
    PreferencesDialog dialog(&settings, {"dense-ae"});
    QCOMPARE(dialog.sourceText("output-directory"), QString("from default"));
    dialog.setEditorValue("output-directory", dir.filePath("out"));
    dialog.setEditorValue("snapshot-interval", "250");
    dialog.setEditorValue("threads", "1");
    QVERIFY(dialog.apply());
    QCOMPARE(settings.outputDirectory(), dir.filePath("out"));
    QCOMPARE(settings.snapshotInterval(), 250);
    QCOMPARE(settings.threads(), 1);
    QCOMPARE(dialog.sourceText("output-directory"), QString("from preferences"));
    QCOMPARE(dialog.sourceText("model-directory"), QString("from default"));  // untouched rows stay

    // Write to config file, then forget the preference: the config file's value shows.
    dialog.setEditorValue("snapshot-interval", "900");
    QTest::mouseClick(dialog.writeToConfigButton("snapshot-interval"), Qt::LeftButton);
    QFile conf(dir.filePath("dendrite.conf"));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    QCOMPARE(conf.readAll(), QByteArray("snapshot-interval=900\n"));
    QCOMPARE(settings.snapshotInterval(), 250);  // the preference still wins
    QVERIFY(dialog.forgetButton("snapshot-interval")->isEnabled());
    QTest::mouseClick(dialog.forgetButton("snapshot-interval"), Qt::LeftButton);
    QCOMPARE(settings.snapshotInterval(), 900);
    QCOMPARE(dialog.editorValue("snapshot-interval"), QString("900"));
    QVERIFY(!dialog.forgetButton("snapshot-interval")->isEnabled());
    QCOMPARE(dialog.sourceText("snapshot-interval"), QString("from config file, line 1"));
  }
};

QTEST_MAIN(TestPreferencesDialog)
#include "test_preferences_dialog.moc"
