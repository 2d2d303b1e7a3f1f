// fuzz_config.cpp — fuzz target: the KEY=VALUE config-file parser (core/config_file.h) and the
// settings table it feeds (core/settings.h, core/training_settings.h).
//
// Properties beyond "no crash, no sanitizer report":
//   - a refused file has an error naming the file and a line ("fuzz.conf:N: ...");
//   - every entry the parser accepted is accepted by Settings::set (the parser validated it);
//   - training settings can be derived from any accepted file, or the error says why.
#include <cstdint>
#include <string>

#include "core/config_file.h"
#include "core/settings.h"
#include "core/training_settings.h"
#include "fuzz/fuzz_check.h"

using namespace dendrite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto entries = parse_config(text, "fuzz.conf");
  if (!entries) {
    FUZZ_CHECK(entries.message().rfind("fuzz.conf:", 0) == 0, entries.message());
    return 0;
  }
  Settings settings;
  for (const ConfigEntry& entry : *entries) {
    const Status set = settings.set(entry.key, entry.value, SettingSource::kConfigFile,
                                    str_cat("fuzz.conf:", entry.line));
    FUZZ_CHECK(set.is_ok(), set.message());
    FUZZ_CHECK(settings.get_string(entry.key) == entry.value, entry.key);
  }
  auto training = training_settings_from(settings);
  FUZZ_CHECK(training.is_ok() || !training.message().empty(), "an error without a message");
  return 0;
}
