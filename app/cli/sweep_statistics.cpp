#include "app/cli/sweep_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

namespace dendrite::cli {

Spread spread_of(const std::vector<double>& values) {
  Spread s;
  s.n = values.size();
  if (values.empty()) return s;
  s.min = *std::min_element(values.begin(), values.end());
  s.max = *std::max_element(values.begin(), values.end());
  for (double v : values) s.mean += v;
  s.mean /= static_cast<double>(values.size());
  if (values.size() > 1) {
    double squares = 0;
    for (double v : values) squares += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(squares / static_cast<double>(values.size() - 1));
  }
  return s;
}

bool ranges_apart(const Spread& a, const Spread& b) { return a.max < b.min || b.max < a.min; }

WelchTest welch_t_test(const std::vector<double>& a, const std::vector<double>& b) {
  WelchTest w;
  if (a.size() < 2 || b.size() < 2) return w;
  const Spread sa = spread_of(a), sb = spread_of(b);
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double va = sa.stddev * sa.stddev / na, vb = sb.stddev * sb.stddev / nb;  // squared standard errors
  w.valid = true;
  const double difference = sa.mean - sb.mean;
  if (va + vb == 0) {
    // No spread on either side: any difference is exact, none means no evidence of one.
    w.df = na + nb - 2;
    w.t = difference == 0 ? 0 : std::copysign(std::numeric_limits<double>::infinity(), difference);
    w.p = difference == 0 ? 1 : 0;
    return w;
  }
  w.t = difference / std::sqrt(va + vb);
  w.df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  const boost::math::students_t distribution(w.df);
  w.p = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(distribution, std::fabs(w.t))));
  return w;
}

std::optional<std::uint64_t> first_step_at_or_below(const Curve& curve, double threshold) {
  for (const auto& [step, value] : curve)
    if (value <= threshold) return step;
  return std::nullopt;
}

std::optional<double> value_near_step(const Curve& curve, std::uint64_t step) {
  std::optional<double> best;
  std::uint64_t best_distance = 0;
  for (const auto& [s, value] : curve) {
    const std::uint64_t distance = s > step ? s - step : step - s;
    if (!best || distance < best_distance) {
      best = value;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace dendrite::cli
