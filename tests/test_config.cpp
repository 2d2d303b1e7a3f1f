// test_config.cpp — the settings table and the KEY=VALUE config file (core/settings.h,
// core/config_file.h): every kind of bad line, error positions, precedence, rewriting a value.
//
//   ctest --test-dir build -R test_config --output-on-failure
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>
#include <string>
#include <unistd.h>

#include "core/config_file.h"
#include "core/settings.h"
#include "tests/support/test_files.h"

using dendrite::parse_config;
using dendrite::real_file_system;
using dendrite::Settings;
using dendrite::SettingSource;
using dendrite::testing::read_bytes;
using dendrite::testing::write_bytes;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class TestConfig : public QObject {
  Q_OBJECT

 private slots:
  void table_is_consistent() {
    // Every default is a valid value of its own setting, names are unique, ranges are ordered.
    std::set<std::string> names;
    for (const dendrite::SettingSpec& spec : dendrite::setting_specs()) {
      QVERIFY2(names.insert(spec.name).second, spec.name);
      QVERIFY2(dendrite::find_setting(spec.name) == &spec, spec.name);
      if (spec.type == dendrite::SettingType::kInt || spec.type == dendrite::SettingType::kFloat)
        QVERIFY2(spec.min <= spec.max, spec.name);
      if (spec.type != dendrite::SettingType::kString)
        QVERIFY2(dendrite::validate_setting_value(spec, spec.default_value).is_ok(), spec.name);
      QVERIFY2(spec.help[0] != '\0', spec.name);
    }
    for (const char* required : {"input-directory", "model-directory", "output-directory", "learning-rate",
                                 "batch-size", "snapshot-interval", "snapshot-keep", "validation-fraction"})
      QVERIFY2(dendrite::find_setting(required) != nullptr, required);
  }

  void good_file_with_comments_blank_lines_and_spaces() {
    const std::string text =
        "# Dendrite settings\n"
        "\n"
        "   # an indented comment\n"
        "learning-rate = 0.05\n"
        "batch-size=64\r\n"
        "\t optimizer\t=\tsgd  \n"
        "resize=yes\n"
        "impl=\n"
        "input-directory=data/my#images\n";
    auto entries = parse_config(text, "good.conf");
    QVERIFY2(entries.is_ok(), entries.message().c_str());
    QCOMPARE(entries->size(), std::size_t{6});
    QCOMPARE((*entries)[0].key, std::string("learning-rate"));
    QCOMPARE((*entries)[0].value, std::string("0.05"));
    QCOMPARE((*entries)[0].line, 4);
    QCOMPARE((*entries)[1].value, std::string("64"));  // CR stripped
    QCOMPARE((*entries)[2].key, std::string("optimizer"));
    QCOMPARE((*entries)[2].value, std::string("sgd"));
    QCOMPARE((*entries)[4].value, std::string(""));  // an empty string setting is allowed
    QCOMPARE((*entries)[5].value, std::string("data/my#images"));  // '#' only starts a comment line
    QCOMPARE((*entries)[5].line, 9);
    QVERIFY(parse_config("", "empty.conf").is_ok());
  }

  void bad_lines_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");  // part of the message after "bad.conf:3: "
    QTest::addColumn<QString>("key");       // the key the message must name ("" when none)
    QTest::newRow("no equals sign") << "learning-rate 0.1" << "expected KEY=VALUE" << "";
    QTest::newRow("empty key") << " = 5" << "missing key" << "";
    QTest::newRow("unknown key, typo") << "learnin-rate=0.1" << "did you mean 'learning-rate'?" << "learnin-rate";
    QTest::newRow("unknown key, transposed") << "bacth-size=8" << "did you mean 'batch-size'?" << "bacth-size";
    QTest::newRow("unknown key, nothing close") << "colour-scheme=dark" << "unknown key" << "colour-scheme";
    QTest::newRow("bad int") << "batch-size=many" << "is not a whole number" << "batch-size";
    QTest::newRow("fractional int") << "epochs=1.5" << "is not a whole number" << "epochs";
    QTest::newRow("int with trailing text") << "batch-size=32x" << "is not a whole number" << "batch-size";
    QTest::newRow("bad float") << "learning-rate=fast" << "is not a number" << "learning-rate";
    QTest::newRow("nan float") << "leakage=nan" << "is not a number" << "leakage";
    QTest::newRow("bad bool") << "resize=maybe" << "is not true/false" << "resize";
    QTest::newRow("bad choice") << "optimizer=rmsprop" << "is not one of: sgd,adam" << "optimizer";
    QTest::newRow("int below range") << "batch-size=0" << "out of range" << "batch-size";
    QTest::newRow("int above range") << "threads=5000" << "out of range" << "threads";
    QTest::newRow("float below range") << "learning-rate=-1" << "out of range" << "learning-rate";
    QTest::newRow("float above range") << "validation-fraction=0.95" << "out of range" << "validation-fraction";
    QTest::newRow("empty path") << "input-directory=" << "an empty path" << "input-directory";
    QTest::newRow("empty number") << "seed=" << "is not a whole number" << "seed";
  }

  void bad_lines() {
    QFETCH(QString, line);
    QFETCH(QString, expected);
    QFETCH(QString, key);
    // Two good lines first, so the error must be on line 3.
    const std::string text = "# settings\nsnapshot-keep=2\n" + line.toStdString() + "\nimpl=\n";
    auto entries = parse_config(text, "dir/bad.conf");
    QVERIFY2(!entries.is_ok(), "the bad line must be rejected");
    const std::string& message = entries.message();
    QVERIFY2(message.rfind("dir/bad.conf:3: ", 0) == 0, message.c_str());
    QVERIFY2(contains(message, expected.toStdString()), message.c_str());
    if (!key.isEmpty()) QVERIFY2(contains(message, "'" + key.toStdString() + "'"), message.c_str());
  }

  void duplicate_key_names_both_lines() {
    auto entries = parse_config("seed=1\n\n# again:\nseed=2\n", "dup.conf");
    QVERIFY(!entries.is_ok());
    QVERIFY2(contains(entries.message(), "dup.conf:4:"), entries.message().c_str());
    QVERIFY2(contains(entries.message(), "'seed' is already set on line 1"), entries.message().c_str());
  }

  void suggestions_for_every_key() {
    // Dropping one character from any key still suggests a key one edit away.
    for (const dendrite::SettingSpec& spec : dendrite::setting_specs()) {
      std::string typo = spec.name;
      typo.erase(typo.size() / 2, 1);
      const std::string suggestion = dendrite::nearest_setting_name(typo);
      QVERIFY2(suggestion == spec.name, (typo + " -> " + suggestion).c_str());
    }
    QCOMPARE(dendrite::nearest_setting_name("zzzzzzzzzzzzzzzzzzzz"), std::string());
    // Abbreviations: the one key they begin; nothing when several keys share the prefix.
    QCOMPARE(dendrite::nearest_setting_name("input-dir"), std::string("input-directory"));
    QCOMPARE(dendrite::nearest_setting_name("validation-frac"), std::string("validation-fraction"));
    QCOMPARE(dendrite::nearest_setting_name("snapshot-"), std::string());  // -interval or -keep
    QCOMPARE(dendrite::nearest_setting_name("v"), std::string());
  }

  void apply_resolves_relative_paths_and_records_origin() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/dendrite.conf").toStdString();
    QVERIFY(write_bytes(path, "# mine\ninput-directory=pictures\noutput-directory=/tmp/out\nlearning-rate=0.5\n"));
    Settings settings;
    dendrite::Status applied = dendrite::apply_config_file(real_file_system(), path, settings);
    QVERIFY2(applied.is_ok(), applied.message().c_str());
    QCOMPARE(settings.get_string("input-directory"), dir.path().toStdString() + "/pictures");
    QCOMPARE(settings.get_string("output-directory"), std::string("/tmp/out"));
    QCOMPARE(settings.get_float("learning-rate"), 0.5);
    QCOMPARE(settings.source("learning-rate"), SettingSource::kConfigFile);
    QCOMPARE(settings.value("learning-rate").origin, path + ":4");
    QCOMPARE(settings.source("batch-size"), SettingSource::kDefault);
  }

  void apply_reports_file_and_line() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/broken.conf").toStdString();
    QVERIFY(write_bytes(path, "epochs=3\nbatch-size=-4\n"));
    Settings settings;
    dendrite::Status applied = dendrite::apply_config_file(real_file_system(), path, settings);
    QVERIFY(!applied.is_ok());
    QVERIFY2(contains(applied.message(), path + ":2:"), applied.message().c_str());
    QVERIFY2(contains(applied.message(), "batch-size"), applied.message().c_str());
    // Nothing from a broken file is applied.
    QCOMPARE(settings.get_int("epochs"), std::int64_t{1});
    auto missing = dendrite::apply_config_file(real_file_system(), path + ".none", settings);
    QVERIFY(!missing.is_ok());
    QVERIFY(contains(missing.message(), "broken.conf.none"));
  }

  void precedence_default_config_flag() {
    Settings settings;
    QCOMPARE(settings.get_string("learning-rate"), std::string("0.001"));
    QCOMPARE(settings.source("learning-rate"), SettingSource::kDefault);

    QVERIFY(settings.set("learning-rate", "0.1", SettingSource::kConfigFile, "a.conf:1").is_ok());
    QCOMPARE(settings.get_float("learning-rate"), 0.1);
    QVERIFY(settings.set("learning-rate", "0.2", SettingSource::kCommandLine, "--learning-rate").is_ok());
    QCOMPARE(settings.get_float("learning-rate"), 0.2);
    QCOMPARE(settings.source("learning-rate"), SettingSource::kCommandLine);
    // A config file read later does not override a flag, and a default never overrides anything.
    QVERIFY(settings.set("learning-rate", "0.3", SettingSource::kConfigFile, "b.conf:1").is_ok());
    QCOMPARE(settings.get_float("learning-rate"), 0.2);
    QVERIFY(settings.set("learning-rate", "0.4", SettingSource::kDefault).is_ok());
    QCOMPARE(settings.get_float("learning-rate"), 0.2);
    QCOMPARE(settings.value("learning-rate").origin, std::string("--learning-rate"));

    // Preferences (GUI) rank with flags, above the config file.
    QVERIFY(settings.set("batch-size", "16", SettingSource::kConfigFile).is_ok());
    QVERIFY(settings.set("batch-size", "128", SettingSource::kPreferences).is_ok());
    QCOMPARE(settings.get_int("batch-size"), std::int64_t{128});
    QCOMPARE(std::string(dendrite::setting_source_name(settings.source("batch-size"))), std::string("preferences"));
  }

  void set_validates_and_suggests() {
    Settings settings;
    dendrite::Status unknown = settings.set("snapshot-intervall", "5", SettingSource::kCommandLine);
    QVERIFY(!unknown.is_ok());
    QVERIFY2(contains(unknown.message(), "did you mean 'snapshot-interval'"), unknown.message().c_str());
    dendrite::Status bad = settings.set("snapshot-keep", "-1", SettingSource::kCommandLine);
    QVERIFY(!bad.is_ok());
    QVERIFY2(contains(bad.message(), "snapshot-keep"), bad.message().c_str());
    QCOMPARE(settings.get_int("snapshot-keep"), std::int64_t{0});  // unchanged
  }

  void typed_getters() {
    Settings settings;
    QVERIFY(settings.set("resize", "on", SettingSource::kConfigFile).is_ok());
    QVERIFY(settings.get_bool("resize"));
    QVERIFY(settings.set("resize", "0", SettingSource::kCommandLine).is_ok());
    QVERIFY(!settings.get_bool("resize"));
    QVERIFY(settings.set("seed", "9000000000000000000", SettingSource::kCommandLine).is_ok());
    QCOMPARE(settings.get_int("seed"), std::int64_t{9000000000000000000});
    QVERIFY(settings.set("adam-epsilon", "1e-7", SettingSource::kCommandLine).is_ok());
    QCOMPARE(settings.get_float("adam-epsilon"), 1e-7);
  }

  void write_config_value_keeps_everything_else() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/dendrite.conf").toStdString();
    const std::string original =
        "# my settings\n"
        "learning-rate = 0.01   \n"
        "\n"
        "# batches\n"
        "batch-size=32\n";
    QVERIFY(write_bytes(path, original));
    QVERIFY(dendrite::write_config_value(real_file_system(), path, "batch-size", "64").is_ok());
    QCOMPARE(read_bytes(path), std::string("# my settings\nlearning-rate = 0.01   \n\n# batches\nbatch-size=64\n"));
    QVERIFY(dendrite::write_config_value(real_file_system(), path, "epochs", "5").is_ok());
    QCOMPARE(read_bytes(path),
             std::string("# my settings\nlearning-rate = 0.01   \n\n# batches\nbatch-size=64\nepochs=5\n"));
    // The result still parses, and a commented-out key is not mistaken for a setting.
    auto entries = parse_config(read_bytes(path), path);
    QVERIFY2(entries.is_ok(), entries.message().c_str());
    QCOMPARE(entries->size(), std::size_t{3});

    dendrite::Status unknown = dendrite::write_config_value(real_file_system(), path, "colour", "red");
    QVERIFY(!unknown.is_ok());
    dendrite::Status bad = dendrite::write_config_value(real_file_system(), path, "batch-size", "zero");
    QVERIFY(!bad.is_ok());
    QVERIFY(contains(bad.message(), "batch-size"));
    QVERIFY(contains(read_bytes(path), "batch-size=64"));  // untouched by the refused writes

    const std::string fresh = (dir.path() + "/new.conf").toStdString();
    QVERIFY(dendrite::write_config_value(real_file_system(), fresh, "seed", "7").is_ok());
    QCOMPARE(read_bytes(fresh), std::string("seed=7\n"));
  }

  void readme_documents_every_key() {
    // README.md's table of config keys is written by hand; it must not fall behind the table:
    // every key has a row "| `key` | `default` | meaning |" showing its current default.
    const QString readme = QString::fromStdString(read_bytes(std::string(DENDRITE_SOURCE_DIR) + "/README.md"));
    QVERIFY2(!readme.isEmpty(), "README.md not found");
    const QStringList lines = readme.split('\n');
    for (const dendrite::SettingSpec& spec : dendrite::setting_specs()) {
      const QString key = QString("`%1`").arg(spec.name);
      const auto row = std::find_if(lines.begin(), lines.end(),
                                    [&](const QString& line) { return line.startsWith("| ") && line.contains(key); });
      QVERIFY2(row != lines.end(), qPrintable(QString("README.md has no table row for config key %1").arg(key)));
      const QStringList cells = row->split('|');  // "", " `key` ", " `default` ", " meaning ", ""
      QVERIFY2(cells.size() >= 4 && cells[1].contains(key), qPrintable(*row));
      if (spec.default_value[0] != '\0')
        QVERIFY2(cells[2].contains(QString("`%1`").arg(spec.default_value)),
                 qPrintable(QString("README.md's row for %1 does not show its default `%2`: %3")
                                .arg(key, spec.default_value, *row)));
    }
  }

  void default_locations() {
    // Data lives beside the executable, unless it is installed under /usr or /opt (or its folder
    // is read-only): then under $XDG_DATA_HOME/dendrite or ~/.local/share/dendrite.
    const std::string exe_dir = dendrite::executable_directory();
    QVERIFY(QFile::exists(QString::fromStdString(exe_dir) + "/test_config"));
    const bool beside = exe_dir.rfind("/usr/", 0) != 0 && exe_dir.rfind("/opt/", 0) != 0 &&
                        ::access(exe_dir.c_str(), W_OK) == 0;
    if (beside) {
      QCOMPARE(dendrite::default_data_root(), exe_dir);
    } else {
      QVERIFY2(contains(dendrite::default_data_root(), "dendrite"), dendrite::default_data_root().c_str());
    }
    QCOMPARE(dendrite::default_config_path(), dendrite::default_data_root() + "/dendrite.conf");
    QCOMPARE(dendrite::resolve_path("/base", "rel/x"), std::string("/base/rel/x"));
    QCOMPARE(dendrite::resolve_path("/base", "/abs"), std::string("/abs"));
    QCOMPARE(dendrite::resolve_path(".", "rel"), std::string("rel"));
  }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "test_config.moc"
