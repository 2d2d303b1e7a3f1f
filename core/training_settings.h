// training_settings.h — typed training options read from the settings table (settings.h).
//
// The CLI and the app both turn Settings (defaults < config file < flags/preferences) into these
// structs, so a key means the same thing everywhere.
#pragma once

#include <cstdint>
#include <string>

#include "core/initializer.h"
#include "core/network_module.h"
#include "core/settings.h"
#include "core/status.h"
#include "core/trainer.h"

namespace dendrite {

struct TrainingSettings {
  std::string network;  // spec text or preset name
  std::string impl;     // module name, "" = the family's default
  ModuleOptions module;
  InitOptions init;
  TrainerConfig trainer;
  std::uint64_t epochs = 1;
  int threads = 0;
  int channels = 0;
  std::uint64_t snapshot_interval = 0;
  std::uint64_t snapshot_keep = 0;
};

Result<TrainingSettings> training_settings_from(const Settings& settings);
OptimizerConfig optimizer_from(const Settings& settings);

}  // namespace dendrite
