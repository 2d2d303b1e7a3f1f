// settings_model.h — the app's settings: the one settings table (core/settings.h) filled with the
// GUI's precedence, Preferences (QSettings) > config file > defaults (DESIGN.md §2), plus values
// given on the app's command line for this run only.
//
// Defaults for the directories are data/input, data/models and data/output under
// default_data_root(): beside the executable in a build tree, ~/.local/share/dendrite when
// installed. The config file is dendrite.conf there unless another one is named. For each key the
// model tells where its value comes from, validates new values (directories must exist or be
// creatable, specs must parse), stores preferences, forgets them, and writes a value into the
// config file (keeping its other lines and comments).
//
//   SettingsModel settings;                       // QSettings() of the application
//   SettingsModel settings("/tmp/t.ini", "/tmp/dendrite.conf");   // tests
//   QString error = settings.validate("output-directory", path);
//   settings.setPreference("output-directory", path);
#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>

#include <memory>

#include "core/settings.h"

namespace dendrite {

class SettingsModel : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString inputDirectory READ inputDirectory NOTIFY changed)
  Q_PROPERTY(QString modelDirectory READ modelDirectory NOTIFY changed)
  Q_PROPERTY(QString outputDirectory READ outputDirectory NOTIFY changed)
  Q_PROPERTY(int snapshotInterval READ snapshotInterval NOTIFY changed)
  Q_PROPERTY(int threads READ threads NOTIFY changed)
  Q_PROPERTY(QString defaultNetwork READ defaultNetwork NOTIFY changed)
  Q_PROPERTY(QString configPath READ configPath CONSTANT)
  Q_PROPERTY(QString configError READ configError NOTIFY changed)

 public:
  // `settings_file`: an INI file instead of the application's QSettings (tests).
  // `config_path`: the config file (default: default_config_path()).
  explicit SettingsModel(const QString& settings_file = {}, const QString& config_path = {},
                         QObject* parent = nullptr);

  // The keys the Preferences dialog edits, in its order.
  static QStringList preferenceKeys();

  QString inputDirectory() const { return value("input-directory"); }
  QString modelDirectory() const { return value("model-directory"); }
  QString outputDirectory() const { return value("output-directory"); }
  int snapshotInterval() const { return static_cast<int>(settings_.get_int("snapshot-interval")); }
  int threads() const { return static_cast<int>(settings_.get_int("threads")); }
  QString defaultNetwork() const { return value("network"); }
  QString configPath() const { return config_path_; }
  // Why the config file could not be used ("" when it was fine or absent).
  QString configError() const { return config_error_; }

  Q_INVOKABLE QString value(const QString& key) const;
  // Where the value comes from, for people: "default", "config file …:3", "preferences", ….
  Q_INVOKABLE QString sourceText(const QString& key) const;
  Q_INVOKABLE bool fromPreferences(const QString& key) const;
  // "" when `value` is acceptable for `key`, else what is wrong with it.
  Q_INVOKABLE QString validate(const QString& key, const QString& value) const;
  // Stores a preference (after validation); returns "" or the error.
  Q_INVOKABLE QString setPreference(const QString& key, const QString& value);
  Q_INVOKABLE void clearPreference(const QString& key);
  // Writes `value` (default: the current value) of `key` into the config file; returns "" or
  // the error. A preference for the key still outranks the file.
  Q_INVOKABLE QString writeToConfigFile(const QString& key, const QString& value = {});

  // A value from the command line of this run (highest rank, not stored).
  QString setCommandLineValue(const QString& key, const QString& value);

  // Other remembered state (window layout, last model file, …), not part of the settings table.
  QVariant uiValue(const QString& name, const QVariant& fallback = {}) const;
  void setUiValue(const QString& name, const QVariant& value);

  const Settings& settings() const { return settings_; }
  void sync();

 public slots:
  void reload();

 signals:
  void changed();

 private:
  std::unique_ptr<QSettings> storage_;
  QString config_path_;
  QString config_error_;
  Settings settings_;
  std::map<std::string, std::string> command_line_;
};

}  // namespace dendrite
