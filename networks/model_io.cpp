#include "networks/model_io.h"

#include "networks/registry.h"

namespace dendrite {

Result<std::unique_ptr<NetworkModule>> instantiate_model(const ModelFile& model,
                                                         const std::string& impl,
                                                         Executor& executor) {
  DENDRITE_ASSIGN_OR_RETURN(auto module, create_module(impl, model.spec, model.options, executor));
  DENDRITE_TRY(module->import_state(model.parameters));
  return module;
}

Result<std::unique_ptr<NetworkModule>> instantiate_copy(const ParameterCopy& copy, Executor& executor,
                                                        const std::string& impl) {
  DENDRITE_ASSIGN_OR_RETURN(auto module, create_module(impl, copy.spec, copy.options, executor));
  DENDRITE_TRY(module->import_state(copy.parameters));
  return module;
}

Result<std::unique_ptr<NetworkModule>> create_initialized_module(const std::string& network,
                                                                 const std::string& impl,
                                                                 const ModuleOptions& options,
                                                                 const InitOptions& init,
                                                                 std::uint64_t seed,
                                                                 Executor& executor) {
  DENDRITE_ASSIGN_OR_RETURN(NetworkSpec spec, parse_network_spec(network, "network"));
  DENDRITE_ASSIGN_OR_RETURN(auto module, create_module(impl, spec, options, executor));
  DENDRITE_TRY(initialize_module(*module, init, seed));
  return module;
}

}  // namespace dendrite
