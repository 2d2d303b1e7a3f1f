// model_io.h — from a model file or a spec to a running module.
#pragma once

#include <memory>
#include <string>

#include "core/executor.h"
#include "core/initializer.h"
#include "core/model_file.h"
#include "core/network_module.h"
#include "core/status.h"
#include "core/training_worker.h"

namespace dendrite {

// Builds the module named `impl` (empty: the family's default, not necessarily the module that
// saved the file) and loads the model's parameters and optimizer state into it.
Result<std::unique_ptr<NetworkModule>> instantiate_model(const ModelFile& model,
                                                         const std::string& impl,
                                                         Executor& executor);

// Builds a module for a worker's parameter copy and loads the parameters: decoders and exporters
// run on such a private module, so they never race the training thread. `impl` empty: the
// family's default (the fastest validated module), whichever module the copy came from — every
// module of a family holds the same canonical parameters.
Result<std::unique_ptr<NetworkModule>> instantiate_copy(const ParameterCopy& copy, Executor& executor,
                                                        const std::string& impl = {});

// Parses a spec (or preset name), builds the module and initializes it with the seed.
Result<std::unique_ptr<NetworkModule>> create_initialized_module(const std::string& network,
                                                                 const std::string& impl,
                                                                 const ModuleOptions& options,
                                                                 const InitOptions& init,
                                                                 std::uint64_t seed,
                                                                 Executor& executor);

}  // namespace dendrite
