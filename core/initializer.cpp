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
  // He-uniform keeps each layer's signal variance: Var(w) = gain² / fan_in, with gain² = 2/(1+α²)
  // for leaky-ReLU neurons and 1 for linear or sigmoid ones, i.e. bound = gain·√(3/fan_in).
  const double leaky_gain2 = 2.0 / (1.0 + static_cast<double>(module.options().leakage) * module.options().leakage);
  for (std::size_t neuron = first_hidden; neuron < topology.neuron_count; ++neuron) {
    const auto [first, count] = module.incoming(neuron);
    if (count == 0) continue;
    const double fan_in = static_cast<double>(count);
    const int layer = topology.layer_of_neuron(neuron);
    const bool leaky = layer >= 0 && topology.layers[static_cast<std::size_t>(layer)].activation == Activation::kLeakyRelu;
    const double gain2 = leaky ? leaky_gain2 : 1.0;
    const float bound = options.scheme == InitScheme::kHeUniform
                            ? static_cast<float>(std::sqrt(3.0 * gain2 / fan_in))
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
