// model_file.h — the .dendrite model file (format: docs/model-format.md).
//
// A model file holds the network spec, the module options, every weight and bias, the optimizer
// state and the trainer state, with a CRC-32 over everything. Loading checks every length, count
// and offset against the file size and hard caps before allocating anything, so a corrupt or
// hostile file gives a clear error, never a crash. Saving is atomic (write_file_atomically).
#pragma once

#include <cstdint>
#include <string>

#include "core/file_system.h"
#include "core/initializer.h"
#include "core/network_module.h"
#include "core/network_spec.h"
#include "core/optimizer.h"
#include "core/status.h"
#include "core/trainer_state.h"

namespace dendrite {

constexpr std::uint32_t kModelFormatVersion = 1;

struct ModelFile {
  NetworkSpec spec;
  std::string module_name;  // module that saved it (any module of the family can load it)
  ModuleOptions options;
  InitOptions init;
  OptimizerConfig optimizer;  // optimizer.step is derived from trainer.steps
  TrainerState trainer;
  ParameterState parameters;
};

struct ModelLimits {
  std::uint64_t max_file_bytes = 8ull << 30;
  std::uint32_t max_sections = 64;
  std::uint64_t max_text_bytes = 1 << 20;
  std::uint64_t max_history = 1ull << 28;  // loss-history entries
  bool verify_checksum = true;             // false only in the fuzz build that reaches the parser
  SpecLimits spec;
};

std::string serialize_model(const ModelFile& model);
// `name` (usually the path) is used in error messages.
Result<ModelFile> parse_model(const std::string& bytes, const std::string& name,
                              const ModelLimits& limits = {});

Status save_model(FileSystem& fs, const std::string& path, const ModelFile& model);
Result<ModelFile> load_model(FileSystem& fs, const std::string& path, const ModelLimits& limits = {});

// Captures a module's spec, options and parameters into a model (trainer/optimizer left as given).
ModelFile capture_model(const NetworkModule& module, const InitOptions& init,
                        const OptimizerConfig& optimizer, const TrainerState& trainer);

}  // namespace dendrite
