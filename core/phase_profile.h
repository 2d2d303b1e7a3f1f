// phase_profile.h — wall-clock time per phase of a training step, per thread of the team.
//
// A module that supports it (layer_o6) marks the end of each phase of its train_step on every
// thread — a layer's forward, the barrier after it, a fused backward, … — and the time since the
// thread's previous mark goes to that phase. `dendrite-cli bench --phases` prints the table:
// for every phase the time per step averaged over the threads and the largest thread's, which
// separates work that is spread unevenly (max ≫ mean) from waiting at barriers (docs/performance.md,
// "On 16 cores"). Off unless a profile is handed to the module (ModuleOptions::phase_profile);
// a mark then costs one clock read.
//
//   PhaseProfile profile;
//   profile.name(3, "forward L1");
//   profile.begin_step(threads);              // thread 0, before dispatching the step
//   ... on each thread: profile.start(t); work; profile.mark(t, 3); ...
//   profile.end_step();                       // thread 0, after the team has joined
//   for (const auto& row : profile.rows()) ...
#pragma once

#include <array>
#include <string>
#include <vector>

namespace dendrite {

class PhaseProfile {
 public:
  // Marks of phases past this are ignored (layer_o6 names 2 + 9 per layer: 28 layers).
  static constexpr int kMaxPhases = 256;

  // By convention a phase spent waiting at a barrier has "wait:" in its name (`bench --phases`
  // sums those as the step's waiting).
  void name(int phase, std::string name);
  // Thread 0, before the step's work is dispatched: counts the step and notes when (and makes
  // room for `threads` members the first time a team is that large).
  void begin_step(int threads);
  // Each member at the start of its share of the step; workers' delay after begin_step goes to
  // the "dispatch" row. Members past begin_step's count are ignored, here and in mark.
  void start(int thread);
  // The time since this thread's last mark (or start) goes to `phase`.
  void mark(int thread, int phase);
  // Thread 0 after the team has finished: the time since its last mark goes to "join".
  void end_step();

  struct Row {
    std::string name;
    double mean_us = 0;  // per step, averaged over the threads
    double max_us = 0;   // per step, the thread with the most
  };
  // Named phases that got time, in phase order, then "dispatch" (workers only) and "join"
  // (thread 0 only); empty before a step.
  std::vector<Row> rows() const;
  long steps() const { return steps_; }
  int threads() const { return threads_; }

 private:
  static constexpr int kDispatch = kMaxPhases;      // extra slots after the phases
  static constexpr int kJoin = kMaxPhases + 1;
  struct alignas(64) Clock {
    std::array<double, kMaxPhases + 2> seconds{};
    double last = 0;
  };
  std::vector<Clock> clocks_;  // [member]; grows only in begin_step, before a dispatch
  std::vector<std::string> names_ = std::vector<std::string>(kMaxPhases);
  double dispatched_at_ = 0;
  long steps_ = 0;
  int threads_ = 1;
};

}  // namespace dendrite
