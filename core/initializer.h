// initializer.h — seeded initial parameters, identical for every module of a family.
//
// Weights are drawn in connection-id order from the kInit random stream, then biases in neuron-id
// order, so every module (reference or optimized) starts from the same numbers for a seed.
//   he-uniform     w ~ U(−√(6/fan_in), +√(6/fan_in)),  b = bias-init
//   torch-default  w ~ U(−1/√fan_in, +1/√fan_in),       b ~ U(−1/√fan_in, +1/√fan_in)
// (PyTorch's nn.Linear default). fan_in is the neuron's actual number of incoming connections,
// which is smaller at the edges of local and up layers since only in-range sources connect.
#pragma once

#include <cstdint>
#include <string>

#include "core/network_module.h"
#include "core/status.h"

namespace dendrite {

enum class InitScheme { kHeUniform, kTorchDefault };

struct InitOptions {
  InitScheme scheme = InitScheme::kHeUniform;
  float bias_init = 0.0f;
};

Result<InitScheme> parse_init_scheme(const std::string& name);
const char* init_scheme_name(InitScheme scheme);

ParameterState initial_parameters(const NetworkModule& module, const InitOptions& options,
                                  std::uint64_t seed);

// Initializes a module in place (export → fill → import).
Status initialize_module(NetworkModule& module, const InitOptions& options, std::uint64_t seed);

}  // namespace dendrite
