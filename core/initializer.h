// initializer.h — seeded initial parameters, identical for every module of a family.
//
// Weights are drawn in connection-id order from the kInit random stream, then biases in neuron-id
// order, so every module (reference or optimized) starts from the same numbers for a seed.
//   torch-default  w ~ U(−1/√fan_in, +1/√fan_in),  b ~ U(−1/√fan_in, +1/√fan_in)   (the default)
//   he-uniform     w ~ U(−gain·√(3/fan_in), +gain·√(3/fan_in)),  b = bias-init,
//                  gain² = 2/(1+α²) for leaky-ReLU neurons, 1 for linear and sigmoid ones
// torch-default is PyTorch's nn.Linear default. It is the default here because it trains dense-ae
// to PyTorch's quality while He-uniform does not (bench/RESULTS.md, "Quality bar": test MSE after
// one epoch 0.0148 vs 0.0235–0.0244 with He-uniform, seed 1). fan_in is the neuron's actual number
// of incoming connections, smaller at the edges of local and up layers (in-range sources only).
#pragma once

#include <cstdint>
#include <string>

#include "core/network_module.h"
#include "core/status.h"

namespace dendrite {

enum class InitScheme { kHeUniform, kTorchDefault };

struct InitOptions {
  InitScheme scheme = InitScheme::kTorchDefault;
  float bias_init = 0.0f;
};

Result<InitScheme> parse_init_scheme(const std::string& name);
const char* init_scheme_name(InitScheme scheme);

ParameterState initial_parameters(const NetworkModule& module, const InitOptions& options,
                                  std::uint64_t seed);

// Initializes a module in place (export → fill → import).
Status initialize_module(NetworkModule& module, const InitOptions& options, std::uint64_t seed);

}  // namespace dendrite
