#include "core/phase_profile.h"

#include <algorithm>
#include <chrono>

namespace dendrite {
namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

}  // namespace

void PhaseProfile::name(int phase, std::string name) {
  if (phase >= 0 && phase < kMaxPhases) names_[static_cast<std::size_t>(phase)] = std::move(name);
}

void PhaseProfile::begin_step(int threads) {
  threads_ = std::max(threads, 1);
  if (clocks_.size() < static_cast<std::size_t>(threads_)) clocks_.resize(static_cast<std::size_t>(threads_));
  ++steps_;
  dispatched_at_ = now();
  clocks_[0].last = dispatched_at_;
}

void PhaseProfile::start(int thread) {
  if (thread <= 0 || thread >= threads_) return;  // thread 0 starts in begin_step
  Clock& clock = clocks_[static_cast<std::size_t>(thread)];
  clock.last = now();
  clock.seconds[kDispatch] += clock.last - dispatched_at_;
}

void PhaseProfile::mark(int thread, int phase) {
  if (thread < 0 || thread >= threads_ || phase < 0 || phase >= kMaxPhases) return;
  Clock& clock = clocks_[static_cast<std::size_t>(thread)];
  const double t = now();
  clock.seconds[static_cast<std::size_t>(phase)] += t - clock.last;
  clock.last = t;
}

void PhaseProfile::end_step() {
  if (clocks_.empty()) return;
  Clock& clock = clocks_[0];
  const double t = now();
  clock.seconds[kJoin] += t - clock.last;
  clock.last = t;
}

std::vector<PhaseProfile::Row> PhaseProfile::rows() const {
  std::vector<Row> out;
  if (steps_ == 0) return out;
  const double per_step = 1e6 / static_cast<double>(steps_);
  auto row = [&](int slot, std::string name, int first_thread, int end_thread) {
    double sum = 0, most = 0;
    for (int t = first_thread; t < end_thread; ++t) {
      const double s = clocks_[static_cast<std::size_t>(t)].seconds[static_cast<std::size_t>(slot)];
      sum += s;
      most = std::max(most, s);
    }
    const int counted = end_thread - first_thread;
    if (counted <= 0 || most == 0) return;
    out.push_back({std::move(name), sum / counted * per_step, most * per_step});
  };
  for (int phase = 0; phase < kMaxPhases; ++phase)
    if (const std::string& name = names_[static_cast<std::size_t>(phase)]; !name.empty()) row(phase, name, 0, threads_);
  row(kDispatch, "dispatch", 1, threads_);
  row(kJoin, "join", 0, 1);  // thread 0 alone waits for the team
  return out;
}

}  // namespace dendrite
