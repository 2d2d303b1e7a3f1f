// cli_common.h — pieces several sub-commands share: opening models, loading input images.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/executor.h"
#include "core/image.h"
#include "core/model_file.h"
#include "core/network_module.h"
#include "core/settings.h"
#include "core/status.h"

namespace dendrite::cli {

// A module ready to run, with the thread team it runs on and the model file it came from.
struct OpenModel {
  std::unique_ptr<Executor> executor;
  std::unique_ptr<NetworkModule> module;
  ModelFile model;
};

Result<OpenModel> open_model(const std::string& path, const std::string& impl, int threads);

// The model path: --model when given, else MODEL-DIRECTORY/<preset or "network">.dendrite.
std::string model_path_for(const std::string& model_flag, const Settings& settings);

// Loads a dataset shaped for a network's input (size and channels), reporting skipped files.
Result<ImageDataset> load_input_dataset(const std::string& input, const ImageShape& shape,
                                        const Settings& settings, bool quiet = false);

// Loads image files and converts them to `shape`; says what it converted on stderr.
Result<std::vector<Image>> load_images_as(const std::vector<std::string>& paths,
                                          const ImageShape& shape);

// Prints "error: message" to stderr and returns `code`.
int fail(const std::string& message, int code = 1);

}  // namespace dendrite::cli
