// sweep_statistics.h — the numbers `dendrite-cli sweep` reports about a grid point's seeds:
// mean ± sample standard deviation and range, Welch's unequal-variance t-test between two
// points, and read-outs of a loss curve (the first step at or below a threshold, the loss at a
// given step).
//
//   Spread s = spread_of({0.0121, 0.0124, 0.0119});          // mean, std (n−1), min, max
//   WelchTest w = welch_t_test(finals_a, finals_b);           // w.p < 0.05: means differ
//
// Welch's test is used because seeds of different settings need not vary equally; its two-sided
// p-value comes from Boost.Math's Student t distribution (not hand-written). With 3 seeds per
// point the test has little power: a p ≥ 0.05 means "not shown to differ", not "equal".
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace dendrite::cli {

struct Spread {
  std::size_t n = 0;
  double mean = 0, stddev = 0;  // stddev: sample standard deviation (n − 1); 0 for n < 2
  double min = 0, max = 0;
};
Spread spread_of(const std::vector<double>& values);

// True when the [min, max] ranges of the two samples share no value.
bool ranges_apart(const Spread& a, const Spread& b);

struct WelchTest {
  bool valid = false;  // false when either side has fewer than 2 values
  double t = 0;        // (mean_a − mean_b) / standard error; ±inf when both variances are 0
  double df = 0;       // Welch–Satterthwaite degrees of freedom
  double p = 1;        // two-sided p-value
};
WelchTest welch_t_test(const std::vector<double>& a, const std::vector<double>& b);

// A measured curve: (step, value) in step order.
using Curve = std::vector<std::pair<std::uint64_t, double>>;

// The first step whose value is ≤ threshold (its resolution is the curve's spacing).
std::optional<std::uint64_t> first_step_at_or_below(const Curve& curve, double threshold);
// The value at the measured step closest to `step` (ties: the earlier one); nullopt when empty.
std::optional<double> value_near_step(const Curve& curve, std::uint64_t step);

}  // namespace dendrite::cli
