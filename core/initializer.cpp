#include "core/initializer.h"

#include <cmath>

#include "core/random.h"

namespace dendrite {

Result<InitScheme> parse_init_scheme(const std::string& name) {
  if (name == "he-uniform") return InitScheme::kHeUniform;
  if (name == "torch-default") return InitScheme::kTorchDefault;
  return Error{str_cat("unknown init scheme '", name, "' (expected he-uniform or torch-default)")};
}

const char* init_scheme_name(InitScheme scheme) {
  return scheme == InitScheme::kHeUniform ? "he-uniform" : "torch-default";
}

ParameterState initial_parameters(const NetworkModule& module, const InitOptions& options,
                                  std::uint64_t seed) {
  const Topology& topology = module.topology();
  ParameterState state;
  state.weights.resize(topology.connection_count);
  state.biases.assign(topology.neuron_count, 0.0f);
  Rng rng(seed, RandomStream::kInit);
  const std::size_t first_hidden = topology.input_size();
  for (std::size_t neuron = first_hidden; neuron < topology.neuron_count; ++neuron) {
    const auto [first, count] = module.incoming(neuron);
    if (count == 0) continue;
    const double fan_in = static_cast<double>(count);
    const float bound = options.scheme == InitScheme::kHeUniform
                            ? static_cast<float>(std::sqrt(6.0 / fan_in))
                            : static_cast<float>(1.0 / std::sqrt(fan_in));
    for (std::size_t c = first; c < first + count; ++c) state.weights[c] = rng.uniform(-bound, bound);
  }
  for (std::size_t neuron = first_hidden; neuron < topology.neuron_count; ++neuron) {
    if (options.scheme == InitScheme::kHeUniform) {
      state.biases[neuron] = options.bias_init;
    } else {
      const auto count = module.incoming(neuron).second;
      const float bound = count == 0 ? 0.0f : static_cast<float>(1.0 / std::sqrt(static_cast<double>(count)));
      state.biases[neuron] = rng.uniform(-bound, bound);
    }
  }
  return state;
}

Status initialize_module(NetworkModule& module, const InitOptions& options, std::uint64_t seed) {
  return module.import_state(initial_parameters(module, options, seed));
}

}  // namespace dendrite
