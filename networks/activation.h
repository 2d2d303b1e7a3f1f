// activation.h — the activation functions and their derivatives, one sample at a time, as every
// module that works sample by sample computes them (the references and the early ladder rungs;
// the vector kernels of layer_o4… have their own lane-wise forms). Inline so inner loops can use
// them. The derivative takes the signal (leaky ReLU) and the value (sigmoid: v·(1 − v)).
#pragma once

#include <cmath>

#include "core/network_spec.h"

namespace dendrite {

inline float activate(Activation a, float signal, float leakage) {
  switch (a) {
    case Activation::kLeakyRelu: return signal > 0.0f ? signal : leakage * signal;
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-signal));
    case Activation::kLinear: return signal;
  }
  return signal;
}
inline float activation_derivative(Activation a, float signal, float value, float leakage) {
  switch (a) {
    case Activation::kLeakyRelu: return signal > 0.0f ? 1.0f : leakage;
    case Activation::kSigmoid: return value * (1.0f - value);
    case Activation::kLinear: return 1.0f;
  }
  return 1.0f;
}

}  // namespace dendrite
