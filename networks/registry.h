// registry.h — network modules by name (`--impl`).
//
// Every module registers here with its family. The default module of a family is the fastest one
// that passes its equivalence test against the reference (see bench/RESULTS.md).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/executor.h"
#include "core/network_module.h"
#include "core/status.h"

namespace dendrite {

struct ModuleInfo {
  const char* name;
  NetworkFamily family;
  const char* summary;
};

const std::vector<ModuleInfo>& registered_modules();
std::string default_module_name(NetworkFamily family);

// Builds a module (parameters all zero; see core/initializer.h). An empty name picks the family's
// default; an unknown name or a module of another family is an error listing the choices.
Result<std::unique_ptr<NetworkModule>> create_module(const std::string& name,
                                                     const NetworkSpec& spec,
                                                     const ModuleOptions& options,
                                                     Executor& executor);

}  // namespace dendrite
