#include "app/models/loss_history.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dendrite {

LossHistory::LossHistory(QObject* parent) : QObject(parent) {
  prefix_sum_.push_back(0.0);
  prefix_n_.push_back(0);
}

void LossHistory::setAverageWindow(int steps) {
  steps = std::max(1, steps);
  if (steps == average_window_) return;
  average_window_ = steps;
  emit averageWindowChanged();
}

void LossHistory::clear() {
  losses_.clear();
  prefix_sum_.assign(1, 0.0);
  prefix_n_.assign(1, 0);
  blocks_.clear();
  validation_.clear();
  pass_ends_.clear();
  emit cleared();
  emit changed();
}

void LossHistory::truncate(std::uint64_t steps) {
  if (steps >= losses_.size()) return;
  losses_.resize(steps);
  prefix_sum_.resize(steps + 1);
  prefix_n_.resize(steps + 1);
  // Rebuild the last, now partial, block from its remaining losses.
  blocks_.resize((steps + kBlock - 1) / kBlock);
  if (!blocks_.empty() && steps % kBlock != 0) {
    const std::uint64_t start = (blocks_.size() - 1) * kBlock;
    blocks_.back() = Block{};
    std::vector<float> tail(losses_.begin() + static_cast<std::ptrdiff_t>(start), losses_.end());
    losses_.resize(start);
    prefix_sum_.resize(start + 1);
    prefix_n_.resize(start + 1);
    blocks_.pop_back();
    for (float v : tail) push(v);
  }
  while (!validation_.empty() && validation_.back().x() > static_cast<double>(steps)) validation_.pop_back();
  while (!pass_ends_.empty() && pass_ends_.back() > steps) pass_ends_.pop_back();
}

void LossHistory::push(float loss) {
  const std::uint64_t index = losses_.size();
  losses_.push_back(loss);
  const bool finite = std::isfinite(loss);
  prefix_sum_.push_back(prefix_sum_.back() + (finite ? static_cast<double>(loss) : 0.0));
  prefix_n_.push_back(prefix_n_.back() + (finite ? 1u : 0u));
  if (index % kBlock == 0) blocks_.push_back(Block{});
  Block& b = blocks_.back();
  if (!finite) return;
  const auto offset = static_cast<std::uint32_t>(index % kBlock);
  if (!b.any) {
    b = Block{loss, loss, offset, offset, true};
    return;
  }
  if (loss < b.min) { b.min = loss; b.min_at = offset; }
  if (loss > b.max) { b.max = loss; b.max_at = offset; }
}

void LossHistory::append(std::uint64_t first_step, const std::vector<float>& losses) {
  if (first_step == 0) first_step = 1;
  if (first_step <= losses_.size()) truncate(first_step - 1);
  while (losses_.size() + 1 < first_step) push(std::numeric_limits<float>::quiet_NaN());
  for (float v : losses) push(v);
}

void LossHistory::add_validation(std::uint64_t step, double loss) {
  if (std::isfinite(loss)) validation_.emplace_back(static_cast<double>(step), loss);
}

void LossHistory::add_full_pass_end(std::uint64_t step) { pass_ends_.push_back(step); }

double LossHistory::moving_average(std::uint64_t step, std::uint64_t window) const {
  step = std::min<std::uint64_t>(step, losses_.size());
  const std::uint64_t from = step > window ? step - window : 0;
  const std::uint32_t n = prefix_n_[step] - prefix_n_[from];
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  return (prefix_sum_[step] - prefix_sum_[from]) / n;
}

double LossHistory::centered_average(std::uint64_t step, std::uint64_t window) const {
  const std::uint64_t n = losses_.size();
  if (n == 0 || window == 0) return std::numeric_limits<double>::quiet_NaN();
  step = std::clamp<std::uint64_t>(step, 1, n);
  // Symmetric around the step, and narrowed near the start so the curve follows the first
  // steps' quick fall instead of averaging them with later ones. Near the newest step the window
  // is cut on the right only: narrowing it there would make the curve jump as steps arrive.
  const std::uint64_t half = std::min(window / 2, step - 1);
  const std::uint64_t from = step - half - 1;  // prefix index (exclusive)
  const std::uint64_t to = std::min(n, step + half);
  if (to <= from) return std::numeric_limits<double>::quiet_NaN();
  const std::uint32_t count = prefix_n_[to] - prefix_n_[from];
  if (count == 0) return std::numeric_limits<double>::quiet_NaN();
  return (prefix_sum_[to] - prefix_sum_[from]) / count;
}

LossHistory::Decimated LossHistory::decimate(std::uint64_t first, std::uint64_t last, int buckets) const {
  Decimated d;
  if (losses_.empty() || buckets < 1) return d;
  first = std::max<std::uint64_t>(first, 1);
  last = std::min<std::uint64_t>(last, losses_.size());
  if (first > last) return d;
  d.min = std::numeric_limits<double>::infinity();
  d.max = -std::numeric_limits<double>::infinity();
  d.min_positive = std::numeric_limits<double>::infinity();
  auto note = [&](double v) {
    d.min = std::min(d.min, v);
    d.max = std::max(d.max, v);
    if (v > 0) d.min_positive = std::min(d.min_positive, v);
    d.empty = false;
  };
  const std::uint64_t n = last - first + 1;
  const std::uint64_t window = static_cast<std::uint64_t>(average_window_);

  if (n <= 2 * static_cast<std::uint64_t>(buckets)) {
    // Few enough points to draw each one.
    d.envelope.reserve(static_cast<qsizetype>(n));
    d.average.reserve(static_cast<qsizetype>(n));
    for (std::uint64_t s = first; s <= last; ++s) {
      const float v = losses_[s - 1];
      if (!std::isfinite(v)) continue;
      d.envelope.append(QPointF(static_cast<double>(s), v));
      note(v);
      const double a = centered_average(s, window);
      if (std::isfinite(a)) d.average.append(QPointF(static_cast<double>(s), a));
    }
  } else {
    std::uint64_t span = (n + static_cast<std::uint64_t>(buckets) - 1) / static_cast<std::uint64_t>(buckets);
    std::uint64_t start = first - 1;  // 0-based index of the first bucket's first step
    const bool by_blocks = span >= kBlock;
    if (by_blocks) {
      // Whole blocks per bucket: a million steps cost a few thousand block reads.
      span = (span + kBlock - 1) / kBlock * kBlock;
      start = start / kBlock * kBlock;
    }
    d.envelope.reserve(2 * buckets + 2);
    d.average.reserve(buckets + 1);
    for (std::uint64_t b0 = start; b0 < last; b0 += span) {
      const std::uint64_t lo = std::max<std::uint64_t>(b0, first - 1);
      const std::uint64_t hi = std::min<std::uint64_t>(b0 + span, last);  // exclusive, 0-based
      float mn = std::numeric_limits<float>::infinity(), mx = -mn;
      std::uint64_t mn_at = 0, mx_at = 0;
      auto take = [&](float v, std::uint64_t at) {
        if (v < mn) { mn = v; mn_at = at; }
        if (v > mx) { mx = v; mx_at = at; }
      };
      std::uint64_t i = lo;
      while (i < hi) {
        if (by_blocks && i % kBlock == 0 && i + kBlock <= hi) {
          const Block& blk = blocks_[i / kBlock];
          if (blk.any) {
            take(blk.min, i + blk.min_at);
            take(blk.max, i + blk.max_at);
          }
          i += kBlock;
        } else {
          if (std::isfinite(losses_[i])) take(losses_[i], i);
          ++i;
        }
      }
      if (mn <= mx) {
        const bool min_first = mn_at <= mx_at;
        const std::uint64_t a = min_first ? mn_at : mx_at, b = min_first ? mx_at : mn_at;
        const float va = min_first ? mn : mx, vb = min_first ? mx : mn;
        d.envelope.append(QPointF(static_cast<double>(a + 1), va));
        if (b != a) d.envelope.append(QPointF(static_cast<double>(b + 1), vb));
        note(mn);
        note(mx);
      }
      // The average over the larger of the window and the bucket, so it stays smooth zoomed out.
      const std::uint64_t centre = (lo + hi + 1) / 2;
      const double avg = centered_average(centre, std::max(window, span));
      if (std::isfinite(avg)) d.average.append(QPointF(static_cast<double>(centre), avg));
    }
  }
  for (const QPointF& v : validation_)
    if (v.x() >= static_cast<double>(first) && v.x() <= static_cast<double>(last)) note(v.y());
  if (d.empty) {
    d.min = d.max = 0;
    d.min_positive = 0;
  } else if (!std::isfinite(d.min_positive)) {
    d.min_positive = 0;
  }
  return d;
}

}  // namespace dendrite
