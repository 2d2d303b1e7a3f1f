// optimizer.h — per-parameter update rules: SGD (optional momentum) and Adam.
//
// The rules are inline functions on one parameter and its optimizer state, so every network
// module — the reference that accumulates a gradient first and the optimized rungs that fuse the
// gradient into the update — applies exactly the same arithmetic.
//
//   SGD:            v = momentum·v + g;   p -= lr·v          (v unused when momentum == 0)
//   Adam (t ≥ 1):   m = β1·m + (1−β1)·g;  s = β2·s + (1−β2)·g²
//                   p -= lr · (m / (1−β1^t)) / (sqrt(s / (1−β2^t)) + ε)
// Moment 1 holds v (SGD) or m (Adam); moment 2 holds s (Adam).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace dendrite {

enum class OptimizerKind { kSgd, kAdam };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::kAdam;
  float learning_rate = 1e-3f;
  float momentum = 0.0f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
  std::uint64_t step = 1;  // Adam's t: 1 for the first update

  // How many moment arrays the rule needs (0, 1 or 2).
  int moment_count() const {
    if (kind == OptimizerKind::kAdam) return 2;
    return momentum != 0.0f ? 1 : 0;
  }
};

// Precomputed per-step factors, so the per-parameter rule is a few multiply-adds.
struct UpdateRule {
  OptimizerKind kind;
  float learning_rate;
  float momentum;
  float beta1, one_minus_beta1;
  float beta2, one_minus_beta2;
  float epsilon;
  float step_size;            // Adam: lr / (1 − β1^t)
  float inv_bias_correction2; // Adam: 1 / (1 − β2^t)

  explicit UpdateRule(const OptimizerConfig& c)
      : kind(c.kind),
        learning_rate(c.learning_rate),
        momentum(c.momentum),
        beta1(c.beta1),
        one_minus_beta1(1.0f - c.beta1),
        beta2(c.beta2),
        one_minus_beta2(1.0f - c.beta2),
        epsilon(c.epsilon) {
    const double t = static_cast<double>(c.step == 0 ? 1 : c.step);
    step_size = static_cast<float>(c.learning_rate / (1.0 - std::pow(static_cast<double>(c.beta1), t)));
    inv_bias_correction2 = static_cast<float>(1.0 / (1.0 - std::pow(static_cast<double>(c.beta2), t)));
  }

  // Applies gradient g to parameter p; m1/m2 may be null when moment_count() says so.
  inline void apply(float& p, float g, float* m1, float* m2) const { apply_n(&p, &g, m1, m2, 1); }

  // The rule over n consecutive parameters (p[i], g[i], m1[i], m2[i]; the arrays must not
  // overlap). Kernels call it on whole runs so the compiler vectorizes it: a loop calling apply()
  // per parameter decides the rule per parameter and stays scalar (measured: Adam took 4× the
  // time of plain SGD in layer_o5 before its kernels used this). Vectorizing the square root
  // needs -fno-math-errno on the calling file.
  inline void apply_n(float* __restrict p, const float* __restrict g, float* __restrict m1,
                      float* __restrict m2, std::size_t n) const {
    if (kind == OptimizerKind::kSgd) {
      const float lr = learning_rate;
      if (m1 == nullptr) {
        for (std::size_t i = 0; i < n; ++i) p[i] -= lr * g[i];
      } else {
        const float mu = momentum;
        for (std::size_t i = 0; i < n; ++i) {
          m1[i] = mu * m1[i] + g[i];
          p[i] -= lr * m1[i];
        }
      }
      return;
    }
    const float b1 = beta1, ob1 = one_minus_beta1, b2 = beta2, ob2 = one_minus_beta2;
    const float size = step_size, inv2 = inv_bias_correction2, eps = epsilon;
    for (std::size_t i = 0; i < n; ++i) {
      const float gi = g[i];
      const float m = b1 * m1[i] + ob1 * gi;
      const float v = b2 * m2[i] + ob2 * gi * gi;
      m1[i] = m;
      m2[i] = v;
      p[i] -= size * m / (std::sqrt(v * inv2) + eps);
    }
  }
};

const char* optimizer_name(OptimizerKind kind);

}  // namespace dendrite
