// split_balancer.h — moves the boundaries of a static work split toward equal measured time.
//
// A layer's tiles are split between the threads of a team once per step, by cost (prefix sums
// of an estimate such as rows × window size). On a shared machine the threads do not run equally
// fast: with the same work on private buffers, one core of this 2-core VM ran 20 % slower than
// the other for seconds at a time, and one of 16 on a 16-core KVM guest did too
// (`dendrite-executor-bench`, second table) — and a barrier makes every thread wait for the
// slowest. A SplitBalancer keeps the split, collects each thread's time on its share over a
// period of steps (the median step, so that one step the machine stalled does not count), and
// then moves the boundaries so that, at the rates just measured, every
// thread would take equally long: halfway there (so a disturbance that passes does not swing the
// split back and forth), and only when the slowest thread's time would fall by a visible amount.
//
//   SplitBalancer balance;
//   balance.reset(cost, threads);                 // even split by cost
//   ... in the team: auto [b, e] = balance.range(thread); work; balance.add(thread, seconds);
//                    (and balance.add_fixed(thread, seconds) for unmovable work before it)
//   ... after the team pass: balance.end_step();  // every `period` steps it may move bounds
//
// Which thread computes a tile never changes a result in the modules that use it (every output
// is summed by one thread in a fixed order), so a split may move at any step boundary.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace dendrite {

// New boundaries for a split of the tiles whose costs are the prefix sums `cost` ([tiles + 1]):
// `bounds` ([threads + 1], bounds[0] = 0, bounds[threads] = tiles) is the split under which
// thread t spent seconds[t] on its share and fixed[t] on other work in the same interval. Each
// thread's rate (seconds per unit of cost) is taken as measured, a thread without work or time
// gets the mean rate of the others, and each share moves halfway toward the one that makes
// fixed[t] + rate[t] · share[t] equal for all threads (no share below zero). Returns `bounds`
// unchanged unless the predicted slowest interval falls by more than `min_gain` (a fraction of
// the measured slowest).
std::vector<std::size_t> balanced_bounds(const std::vector<double>& cost, const std::vector<std::size_t>& bounds,
                                         const std::vector<double>& seconds, const std::vector<double>& fixed,
                                         double min_gain);

class SplitBalancer {
 public:
  static constexpr int kPeriod = 16;        // steps per measurement
  static constexpr double kMinGain = 0.02;  // move only to gain more than 2 % of the slowest

  // Splits the tiles of `cost` (prefix sums, kept by the caller and unchanged while in use)
  // evenly by cost between `threads` threads and forgets what was measured.
  void reset(const std::vector<double>* cost, int threads);
  int threads() const { return static_cast<int>(bounds_.size()) - 1; }
  std::pair<std::size_t, std::size_t> range(int thread) const {
    const auto t = static_cast<std::size_t>(thread);
    return {bounds_[t], bounds_[t + 1]};
  }
  const std::vector<std::size_t>& bounds() const { return bounds_; }
  // Only by `thread` itself, inside the team pass.
  void add(int thread, double seconds) { spent_[static_cast<std::size_t>(thread)].seconds += seconds; }
  void add_fixed(int thread, double seconds) { spent_[static_cast<std::size_t>(thread)].fixed += seconds; }
  // After a team pass (one thread): every kPeriod calls, rebalances; true when bounds moved.
  bool end_step();
  // Sets the bounds (tests; what a rebalance could do at any step).
  void set_bounds(std::vector<std::size_t> bounds);

 private:
  struct alignas(64) Slot {  // one cache line per thread: threads add to their own
    double seconds = 0;
    double fixed = 0;
  };
  const std::vector<double>* cost_ = nullptr;
  std::vector<std::size_t> bounds_{0, 0};
  std::vector<Slot> spent_;                // this step's
  std::vector<double> history_, history_fixed_;  // [step of the period][thread]
  int steps_ = 0;
};

}  // namespace dendrite
