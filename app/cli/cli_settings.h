// cli_settings.h — binds the settings table (core/settings.h) to CLI11 options.
//
// Each sub-command declares which settings it takes; each becomes `--NAME VALUE` (plus its short
// flag, e.g. `--input` for input-directory). After parsing, resolve() loads the config file
// (`--config PATH`, or dendrite.conf next to the executable when present) and applies the flags
// on top: flag > config file > default.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "core/settings.h"
#include "core/status.h"

namespace dendrite::cli {

class CliSettings {
 public:
  // Adds --config and one option per named setting to `command`.
  void bind(CLI::App* command, const std::vector<std::string>& names);

  // Config file + flags → settings. Relative directory defaults are resolved against the data
  // root (next to the executable); relative flag paths against the working directory.
  Result<Settings> resolve() const;

  const std::string& config_path() const { return config_path_; }

 private:
  struct Bound {
    CLI::Option* option = nullptr;
    std::string value;
  };
  std::string config_path_;
  CLI::Option* config_option_ = nullptr;
  std::map<std::string, Bound> bound_;
};

}  // namespace dendrite::cli
