// graph_eval64.h — an independent float64 evaluation of a graph network, for the graph tests.
//
// It reads the graph only through the module interface (connection(), incoming(), export_state(),
// topology, options) and computes the documented semantics (networks/graph_net.h) in double:
// clamped images keep their values at every iteration, every other value starts at 0, T
// synchronous iterations, the loss at every iteration and the weighted loss. Finite differences of
// weighted_loss() give the gradients the modules are checked against.
#pragma once

#include <cmath>
#include <vector>

#include "core/network_module.h"

namespace dendrite::test {

class GraphEval64 {
 public:
  explicit GraphEval64(const NetworkModule& module) : topology_(module.topology()) {
    ParameterState state;
    module.export_state(state);
    weights_.assign(state.weights.begin(), state.weights.end());
    biases_.assign(state.biases.begin(), state.biases.end());
    iterations_ = module.options().iterations;
    leakage_ = module.options().leakage;
    weighting_ = loss_weights(module.options().loss_weighting, iterations_);
    sources_.resize(topology_.connection_count);
    first_.resize(topology_.neuron_count + 1, 0);
    for (std::size_t n = 0; n < topology_.neuron_count; ++n) {
      const auto [first, count] = module.incoming(n);
      first_[n] = first;
      first_[n + 1] = first + count;
    }
    for (std::size_t c = 0; c < topology_.connection_count; ++c) sources_[c] = module.connection(c).source;
  }

  std::vector<double>& weights() { return weights_; }
  std::vector<double>& biases() { return biases_; }

  // values[t][n] for one sample; `clamped` lists image indices with their values ([image neuron]).
  std::vector<std::vector<double>> run(const std::vector<std::pair<std::size_t, std::vector<double>>>& clamped) const {
    const std::size_t n_neurons = topology_.neuron_count;
    std::vector<char> is_clamped(n_neurons, 0);
    std::vector<std::vector<double>> v(static_cast<std::size_t>(iterations_) + 1, std::vector<double>(n_neurons, 0.0));
    for (const auto& [image, values] : clamped) {
      const LayerInfo& info = topology_.layers[image];
      for (std::size_t i = 0; i < info.neuron_count; ++i) {
        is_clamped[info.first_neuron + i] = 1;
        for (auto& at_t : v) at_t[info.first_neuron + i] = values[i];
      }
    }
    for (int t = 1; t <= iterations_; ++t) {
      for (std::size_t l = 0; l < topology_.layers.size(); ++l) {
        const LayerInfo& info = topology_.layers[l];
        for (std::size_t n = info.first_neuron; n < info.first_neuron + info.neuron_count; ++n) {
          if (is_clamped[n]) continue;
          double s = biases_[n];
          for (std::size_t c = first_[n]; c < first_[n + 1]; ++c) s += weights_[c] * v[t - 1][sources_[c]];
          v[t][n] = activate(info.activation, s);
        }
      }
    }
    return v;
  }

  // Forward pass with the input clamped to each sample ([batch][input]); iteration losses L_t.
  std::vector<double> iteration_losses(const std::vector<float>& inputs, const std::vector<float>& targets,
                                       int batch) const {
    const std::size_t n_in = topology_.input_size(), n_out = topology_.output_size();
    const LayerInfo& out = topology_.layers.back();
    std::vector<double> losses(static_cast<std::size_t>(iterations_), 0.0);
    for (int b = 0; b < batch; ++b) {
      std::vector<double> x(inputs.begin() + static_cast<std::ptrdiff_t>(b * n_in),
                            inputs.begin() + static_cast<std::ptrdiff_t>((b + 1) * n_in));
      const auto v = run({{0, x}});
      for (int t = 1; t <= iterations_; ++t)
        for (std::size_t i = 0; i < n_out; ++i) {
          const double d = v[static_cast<std::size_t>(t)][out.first_neuron + i] - targets[static_cast<std::size_t>(b) * n_out + i];
          losses[static_cast<std::size_t>(t - 1)] += d * d;
        }
    }
    for (double& l : losses) l /= static_cast<double>(n_out) * batch;
    return losses;
  }

  double weighted_loss(const std::vector<float>& inputs, const std::vector<float>& targets, int batch) const {
    const std::vector<double> losses = iteration_losses(inputs, targets, batch);
    double sum = 0.0;
    for (std::size_t t = 0; t < losses.size(); ++t) sum += weighting_[t] * losses[t];
    return sum;
  }

  // Central finite differences of the weighted loss for every weight and bias (inputs excluded).
  void finite_difference_gradients(const std::vector<float>& inputs, const std::vector<float>& targets, int batch,
                                   double h, std::vector<double>& weight_gradients,
                                   std::vector<double>& bias_gradients) {
    auto differentiate = [&](double& p) {
      const double saved = p;
      p = saved + h;
      const double up = weighted_loss(inputs, targets, batch);
      p = saved - h;
      const double down = weighted_loss(inputs, targets, batch);
      p = saved;
      return (up - down) / (2 * h);
    };
    weight_gradients.assign(weights_.size(), 0.0);
    bias_gradients.assign(biases_.size(), 0.0);
    for (std::size_t c = 0; c < weights_.size(); ++c) weight_gradients[c] = differentiate(weights_[c]);
    for (std::size_t n = topology_.input_size(); n < biases_.size(); ++n) bias_gradients[n] = differentiate(biases_[n]);
  }

 private:
  double activate(Activation a, double s) const {
    switch (a) {
      case Activation::kLeakyRelu: return s > 0 ? s : leakage_ * s;
      case Activation::kSigmoid: return 1.0 / (1.0 + std::exp(-s));
      case Activation::kLinear: return s;
    }
    return s;
  }

  Topology topology_;
  std::vector<double> weights_, biases_;
  std::vector<std::size_t> sources_, first_;
  std::vector<double> weighting_;
  int iterations_ = 1;
  double leakage_ = 0.01;
};

}  // namespace dendrite::test
