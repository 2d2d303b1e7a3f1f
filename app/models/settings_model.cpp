#include "app/models/settings_model.h"

#include <QDir>
#include <QFileInfo>

#include "core/config_file.h"
#include "core/dataset.h"
#include "core/file_system.h"
#include "core/network_spec.h"

namespace dendrite {
namespace {

const char* kPreferenceGroup = "preferences/";
const char* kUiGroup = "ui/";

}  // namespace

SettingsModel::SettingsModel(const QString& settings_file, const QString& config_path, QObject* parent)
    : QObject(parent),
      storage_(settings_file.isEmpty() ? std::make_unique<QSettings>()
                                       : std::make_unique<QSettings>(settings_file, QSettings::IniFormat)),
      config_path_(config_path.isEmpty() ? QString::fromStdString(default_config_path()) : config_path) {
  reload();
}

QStringList SettingsModel::preferenceKeys() {
  return {"input-directory", "model-directory", "output-directory", "snapshot-interval", "threads",
          "network", "learning-rate", "batch-size"};
}

void SettingsModel::reload() {
  Settings s;
  const std::string root = default_data_root();
  for (const SettingSpec& spec : setting_specs())
    if (spec.type == SettingType::kPath)
      (void)s.set(spec.name, resolve_path(root, spec.default_value), SettingSource::kDefault);

  config_error_.clear();
  FileSystem& fs = real_file_system();
  const std::string config = config_path_.toStdString();
  if (fs.exists(config)) {
    // The file is checked as a whole before any of it applies, so a bad line leaves defaults.
    Settings trial = s;
    if (Status applied = apply_config_file(fs, config, trial); applied) s = trial;
    else config_error_ = QString::fromStdString(applied.message());
  }

  for (const SettingSpec& spec : setting_specs()) {
    const QString key = QString::fromLatin1(kPreferenceGroup) + QString::fromLatin1(spec.name);
    if (!storage_->contains(key)) continue;
    // A value that no longer validates (edited by hand, range changed) is ignored.
    (void)s.set(spec.name, storage_->value(key).toString().toStdString(), SettingSource::kPreferences,
                "preferences");
  }
  for (const auto& [name, value] : command_line_)
    (void)s.set(name, value, SettingSource::kCommandLine, "--" + name);
  settings_ = std::move(s);
  emit changed();
}

QString SettingsModel::value(const QString& key) const {
  return QString::fromStdString(settings_.get_string(key.toStdString()));
}

bool SettingsModel::fromPreferences(const QString& key) const {
  return settings_.source(key.toStdString()) == SettingSource::kPreferences;
}

QString SettingsModel::sourceText(const QString& key) const {
  const SettingValue& v = settings_.value(key.toStdString());
  switch (v.source) {
    case SettingSource::kDefault: return tr("default");
    case SettingSource::kConfigFile: {
      // origin is "path:line"; the path is the config file the dialog names already.
      const QString origin = QString::fromStdString(v.origin);
      return tr("config file, line %1").arg(origin.section(QLatin1Char(':'), -1));
    }
    case SettingSource::kCommandLine: return tr("command line (%1)").arg(QString::fromStdString(v.origin));
    case SettingSource::kPreferences: return tr("preferences");
  }
  return {};
}

QString SettingsModel::validate(const QString& key, const QString& value) const {
  const SettingSpec* spec = find_setting(key.toStdString());
  if (spec == nullptr) return tr("Unknown setting “%1”.").arg(key);
  const std::string text = value.trimmed().toStdString();
  if (Status ok = validate_setting_value(*spec, text); !ok)
    return QString::fromStdString(ok.message());
  if (key == "input-directory") {
    const QFileInfo info(value);
    if (!info.exists()) return tr("The folder %1 does not exist.").arg(value);
    if (info.isDir() && !(info.isReadable() && info.isExecutable()))
      return tr("The folder %1 cannot be read.").arg(value);
    if (!info.isDir() && !looks_like_idx(text))
      return tr("%1 is neither a folder of images nor an IDX file.").arg(value);
    return {};
  }
  if (key == "model-directory" || key == "output-directory") {
    const QFileInfo info(value);
    if (info.exists()) {
      if (!info.isDir()) return tr("%1 is a file, not a folder.").arg(value);
      if (!info.isWritable()) return tr("The folder %1 is not writable.").arg(value);
      return {};
    }
    // It will be created: the nearest existing ancestor must be a writable folder.
    QFileInfo ancestor(info.absoluteFilePath());
    while (!ancestor.exists() && ancestor.absoluteFilePath() != ancestor.absolutePath())
      ancestor = QFileInfo(ancestor.absolutePath());
    if (!ancestor.isDir())
      return tr("The folder %1 cannot be created: %2 is a file.").arg(value, ancestor.absoluteFilePath());
    if (!ancestor.isWritable())
      return tr("The folder %1 does not exist and cannot be created in %2.").arg(value, ancestor.absoluteFilePath());
    return {};
  }
  if (key == "network") {
    auto parsed = parse_network_spec(text, "network");
    if (!parsed) return QString::fromStdString(parsed.message());
  }
  return {};
}

QString SettingsModel::setPreference(const QString& key, const QString& value) {
  if (QString error = validate(key, value); !error.isEmpty()) return error;
  QString stored = value.trimmed();
  if (const SettingSpec* spec = find_setting(key.toStdString()); spec->type == SettingType::kPath)
    stored = QFileInfo(stored).absoluteFilePath();
  storage_->setValue(QString::fromLatin1(kPreferenceGroup) + key, stored);
  reload();
  return {};
}

void SettingsModel::clearPreference(const QString& key) {
  storage_->remove(QString::fromLatin1(kPreferenceGroup) + key);
  reload();
}

QString SettingsModel::writeToConfigFile(const QString& key, const QString& value) {
  QString text = value.isEmpty() ? this->value(key) : value.trimmed();
  if (QString error = validate(key, text); !error.isEmpty()) return error;
  if (const SettingSpec* spec = find_setting(key.toStdString()); spec->type == SettingType::kPath)
    text = QFileInfo(text).absoluteFilePath();
  if (!QDir().mkpath(QFileInfo(config_path_).absolutePath()))
    return tr("Cannot create the folder of %1.").arg(config_path_);
  Status written = write_config_value(real_file_system(), config_path_.toStdString(), key.toStdString(),
                                      text.toStdString());
  if (!written) return QString::fromStdString(written.message());
  reload();
  return {};
}

QString SettingsModel::setCommandLineValue(const QString& key, const QString& value) {
  const SettingSpec* spec = find_setting(key.toStdString());
  if (spec == nullptr) return tr("Unknown setting “%1”.").arg(key);
  if (Status ok = validate_setting_value(*spec, value.toStdString()); !ok)
    return tr("--%1: %2").arg(key, QString::fromStdString(ok.message()));
  QString stored = value;
  if (spec->type == SettingType::kPath) stored = QFileInfo(value).absoluteFilePath();
  command_line_[key.toStdString()] = stored.toStdString();
  reload();
  return {};
}

QVariant SettingsModel::uiValue(const QString& name, const QVariant& fallback) const {
  return storage_->value(QString::fromLatin1(kUiGroup) + name, fallback);
}

void SettingsModel::setUiValue(const QString& name, const QVariant& value) {
  storage_->setValue(QString::fromLatin1(kUiGroup) + name, value);
}

void SettingsModel::sync() { storage_->sync(); }

}  // namespace dendrite
