#include "networks/split_balancer.h"

#include <algorithm>
#include <cmath>

namespace dendrite {

std::vector<std::size_t> balanced_bounds(const std::vector<double>& cost, const std::vector<std::size_t>& bounds,
                                         const std::vector<double>& seconds, const std::vector<double>& fixed,
                                         double min_gain) {
  const std::size_t threads = bounds.size() - 1;
  if (threads < 2 || seconds.size() != threads || fixed.size() != threads || cost.size() < 2) return bounds;
  const std::size_t tiles = cost.size() - 1;
  const double total = cost.back() - cost.front();
  if (!(total > 0)) return bounds;
  // Rates (seconds per unit of cost) as measured; threads without work or time get the mean.
  std::vector<double> rate(threads, 0.0);
  double rate_sum = 0;
  int known = 0;
  double slowest = 0;
  for (std::size_t t = 0; t < threads; ++t) {
    if (!std::isfinite(seconds[t]) || !std::isfinite(fixed[t]) || seconds[t] < 0 || fixed[t] < 0) return bounds;
    const double share = cost[bounds[t + 1]] - cost[bounds[t]];
    slowest = std::max(slowest, fixed[t] + seconds[t]);
    if (share > 0 && seconds[t] > 0) {
      rate[t] = seconds[t] / share;
      rate_sum += rate[t];
      ++known;
    }
  }
  if (known == 0 || !(slowest > 0)) return bounds;
  for (std::size_t t = 0; t < threads; ++t)
    if (rate[t] == 0) rate[t] = rate_sum / known;
  // The interval length T at which the shares (T − fixed[t]) / rate[t], none below zero, add up
  // to the whole: the shares grow with T, so bisect.
  auto shares_at = [&](double T) {
    double sum = 0;
    for (std::size_t t = 0; t < threads; ++t) sum += std::max(0.0, (T - fixed[t]) / rate[t]);
    return sum;
  };
  double lo = 0, hi = slowest;
  while (shares_at(hi) < total) hi *= 2;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (shares_at(mid) < total ? lo : hi) = mid;
  }
  std::vector<std::size_t> out(threads + 1, 0);
  out[threads] = tiles;
  double at = cost.front();
  for (std::size_t t = 0; t + 1 < threads; ++t) {
    const double now = cost[bounds[t + 1]] - cost[bounds[t]];
    const double equal = std::max(0.0, (hi - fixed[t]) / rate[t]);
    at += now + 0.5 * (equal - now);  // halfway
    // The tile boundary nearest to `at`, not before the previous bound.
    auto it = std::lower_bound(cost.begin(), cost.end(), at);
    std::size_t b = static_cast<std::size_t>(it - cost.begin());
    if (b > 0 && (b > tiles || at - cost[b - 1] < cost[b] - at)) --b;
    out[t + 1] = std::clamp(b, out[t], tiles);
  }
  // Worth it only when the slowest predicted interval is visibly shorter.
  double predicted = 0;
  for (std::size_t t = 0; t < threads; ++t)
    predicted = std::max(predicted, fixed[t] + rate[t] * (cost[out[t + 1]] - cost[out[t]]));
  if (slowest - predicted <= min_gain * slowest) return bounds;
  return out;
}

void SplitBalancer::reset(const std::vector<double>* cost, int threads) {
  cost_ = cost;
  const auto n = static_cast<std::size_t>(std::max(threads, 1));
  const std::size_t tiles = cost->size() - 1;
  const double total = cost->back();
  bounds_.assign(n + 1, 0);
  for (std::size_t t = 1; t < n; ++t)
    bounds_[t] = static_cast<std::size_t>(
        std::lower_bound(cost->begin(), cost->end(), total * static_cast<double>(t) / static_cast<double>(n)) -
        cost->begin());
  bounds_[n] = tiles;
  for (std::size_t t = 1; t < n; ++t) bounds_[t] = std::min(bounds_[t], tiles);
  spent_.assign(n, Slot{});
  steps_ = 0;
}

bool SplitBalancer::end_step() {
  if (cost_ == nullptr) return false;
  const std::size_t threads = spent_.size();
  history_.resize(static_cast<std::size_t>(kPeriod) * threads);
  history_fixed_.resize(history_.size());
  for (std::size_t t = 0; t < threads; ++t) {
    history_[static_cast<std::size_t>(steps_) * threads + t] = spent_[t].seconds;
    history_fixed_[static_cast<std::size_t>(steps_) * threads + t] = spent_[t].fixed;
  }
  spent_.assign(threads, Slot{});
  if (++steps_ < kPeriod) return false;
  steps_ = 0;
  // Each thread's median step.
  auto median = [&](const std::vector<double>& history, std::size_t t) {
    std::vector<double> column(static_cast<std::size_t>(kPeriod));
    for (std::size_t i = 0; i < column.size(); ++i) column[i] = history[i * threads + t];
    std::nth_element(column.begin(), column.begin() + kPeriod / 2, column.end());
    return column[kPeriod / 2];
  };
  std::vector<double> seconds(threads), fixed(threads);
  for (std::size_t t = 0; t < threads; ++t) {
    seconds[t] = median(history_, t);
    fixed[t] = median(history_fixed_, t);
  }
  std::vector<std::size_t> next = balanced_bounds(*cost_, bounds_, seconds, fixed, kMinGain);
  if (next == bounds_) return false;
  bounds_ = std::move(next);
  return true;
}

void SplitBalancer::set_bounds(std::vector<std::size_t> bounds) {
  bounds_ = std::move(bounds);
  spent_.assign(bounds_.size() - 1, Slot{});
  steps_ = 0;
}

}  // namespace dendrite
