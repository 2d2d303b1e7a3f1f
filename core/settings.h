// settings.h — the one table of settings shared by the config file, the CLI and the GUI.
//
// Each setting has a name (its config key and its long CLI flag), a type, a range and a default.
// A Settings object holds a value for each, and remembers where the value came from (default,
// config file:line, command-line flag, preferences), so the app can show it and precedence can be
// applied: CLI — flag > config file > default; GUI — preferences > config file > default.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace dendrite {

enum class SettingType { kInt, kFloat, kString, kPath, kBool, kChoice };

struct SettingSpec {
  const char* name;         // config key and long flag, e.g. "learning-rate"
  SettingType type;
  const char* default_value;
  double min = 0;           // for kInt / kFloat
  double max = 0;
  const char* choices = ""; // for kChoice: comma-separated
  const char* help = "";
  const char* short_flag = "";  // extra CLI name, e.g. "--input" for input-directory
};

// All known settings, in display order.
const std::vector<SettingSpec>& setting_specs();
const SettingSpec* find_setting(const std::string& name);
// The known key nearest to `name` by edit distance, or else the only key that `name` begins
// (an abbreviation such as "input-dir"), or "" when none is close.
std::string nearest_setting_name(const std::string& name);

// Checks a textual value against a setting's type and range. The error does not name the
// setting; callers prefix where it came from.
Status validate_setting_value(const SettingSpec& spec, const std::string& value);

enum class SettingSource { kDefault, kConfigFile, kCommandLine, kPreferences };
const char* setting_source_name(SettingSource source);

struct SettingValue {
  std::string text;
  SettingSource source = SettingSource::kDefault;
  std::string origin;  // "dendrite.conf:12" for config-file values
};

class Settings {
 public:
  Settings();  // every setting at its default

  // Sets a value if `source` ranks at least as high as the current value's source
  // (command line / preferences > config file > default). Validates first.
  Status set(const std::string& name, const std::string& value, SettingSource source,
             const std::string& origin = "");

  const SettingValue& value(const std::string& name) const;
  std::string get_string(const std::string& name) const { return value(name).text; }
  std::int64_t get_int(const std::string& name) const;
  double get_float(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  SettingSource source(const std::string& name) const { return value(name).source; }

  const std::map<std::string, SettingValue>& values() const { return values_; }

 private:
  std::map<std::string, SettingValue> values_;
};

bool parse_bool(const std::string& text, bool* out);

}  // namespace dendrite
