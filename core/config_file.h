// config_file.h — the KEY=VALUE config file (the notes' "newline delimited KEY=VALUE pairs").
//
//   # comment
//   input-directory = data/input
//   learning-rate=0.001
//
// Blank lines and lines starting with '#' are ignored; spaces around the key and value are
// trimmed. Every key must be a known setting (settings.h) with a valid value; an error names
// file:line and the key, and suggests the nearest known key for a typo. Relative directory paths
// are resolved against the config file's directory.
#pragma once

#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/settings.h"
#include "core/status.h"

namespace dendrite {

struct ConfigEntry {
  std::string key;
  std::string value;
  int line = 0;
};

// Parses config text; `file_name` is used in messages. Stops at the first error.
Result<std::vector<ConfigEntry>> parse_config(const std::string& text, const std::string& file_name);

// Reads and parses a config file and applies it to `settings` with source kConfigFile.
Status apply_config_file(FileSystem& fs, const std::string& path, Settings& settings);

// Writes one key in a config file, keeping every other line (and comments) as they are; appends
// the key when it is not there. Creates the file when missing.
Status write_config_value(FileSystem& fs, const std::string& path, const std::string& key,
                          const std::string& value);

// Where the executable lives (/proc/self/exe), and the default config-file and data locations:
// next to the executable, or under $XDG_DATA_HOME/dendrite (~/.local/share/dendrite) when the
// executable's directory is not writable (an installed system package).
std::string executable_directory();
std::string default_data_root();
std::string default_config_path();

// Makes a relative path absolute against `base` (absolute paths are returned as is).
std::string resolve_path(const std::string& base, const std::string& path);

}  // namespace dendrite
