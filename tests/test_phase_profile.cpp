// test_phase_profile.cpp — core/phase_profile.h: marks add the time since a thread's last mark
// to the named phase, per thread, for teams of any size; rows give the per-step mean over
// threads and the slowest thread; "dispatch" counts workers only and "join" thread 0 only. Only
// lower bounds on time are checked (a sleep lasts at least as long as asked; a loaded machine can
// only make it longer).
//
//   ctest --test-dir build -R test_phase_profile --output-on-failure
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/executor.h"
#include "core/phase_profile.h"
#include "tests/support/plain_test.h"

namespace {

using dendrite::Executor;
using dendrite::PhaseProfile;

const PhaseProfile::Row* find(const std::vector<PhaseProfile::Row>& rows, const std::string& name) {
  const auto it = std::find_if(rows.begin(), rows.end(), [&](const PhaseProfile::Row& r) { return r.name == name; });
  return it == rows.end() ? nullptr : &*it;
}

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

PLAIN_TEST(empty_before_a_step) {
  PhaseProfile profile;
  profile.name(0, "work");
  CHECK(profile.rows().empty());
  CHECK_EQ(profile.steps(), 0L);
}

PLAIN_TEST(marks_go_to_their_phase_per_thread) {
  PhaseProfile profile;
  profile.name(0, "slow on thread 1");
  profile.name(1, "never marked");
  profile.name(2, "both");
  Executor team(2);
  for (int step = 0; step < 2; ++step) {
    profile.begin_step(2);
    team.run_on_team([&](int thread) {
      profile.start(thread);
      if (thread == 1) sleep_ms(20);
      profile.mark(thread, 0);
      sleep_ms(5);
      profile.mark(thread, 2);
    });
    profile.end_step();
  }
  CHECK_EQ(profile.steps(), 2L);
  CHECK_EQ(profile.threads(), 2);
  const auto rows = profile.rows();
  CHECK(find(rows, "never marked") == nullptr);
  const PhaseProfile::Row* slow = find(rows, "slow on thread 1");
  const PhaseProfile::Row* both = find(rows, "both");
  CHECK(slow != nullptr && both != nullptr);
  // Per step: thread 1 ≥ 20 ms, thread 0 ~0 → slowest ≥ 20 000 µs, mean ≥ 10 000 µs.
  CHECK_MSG(slow->max_us >= 20000.0, slow->max_us);
  CHECK_MSG(slow->mean_us >= 10000.0 && slow->mean_us <= slow->max_us, slow->mean_us);
  CHECK_MSG(both->mean_us >= 5000.0 && both->max_us >= both->mean_us, both->mean_us);
  // Phase order, then dispatch (thread 1's start after begin_step) and join (thread 0's wait).
  CHECK_EQ(rows.front().name, std::string("slow on thread 1"));
  CHECK(find(rows, "dispatch") != nullptr);
  const PhaseProfile::Row* join = find(rows, "join");
  CHECK(join != nullptr);
  CHECK_EQ(join->mean_us, join->max_us);  // thread 0 alone
}

PLAIN_TEST(out_of_range_marks_are_ignored) {
  PhaseProfile profile;
  profile.name(0, "phase");
  profile.begin_step(3);
  CHECK_EQ(profile.threads(), 3);
  profile.mark(0, -1);
  profile.mark(0, PhaseProfile::kMaxPhases);
  profile.mark(3, 0);  // not a member of a 3-thread step
  profile.mark(-1, 0);
  profile.start(3);
  profile.end_step();
  CHECK(find(profile.rows(), "phase") == nullptr);
}

// Any team size is recorded (no fixed cap): 100 members, each marking its own phase time.
PLAIN_TEST(large_teams_are_recorded) {
  PhaseProfile profile;
  profile.name(0, "phase");
  profile.begin_step(100);
  CHECK_EQ(profile.threads(), 100);
  for (int t = 1; t < 100; ++t) profile.start(t);
  sleep_ms(1);
  for (int t = 0; t < 100; ++t) profile.mark(t, 0);
  profile.end_step();
  const auto rows = profile.rows();  // find() points into it
  const PhaseProfile::Row* row = find(rows, "phase");
  CHECK(row != nullptr);
  CHECK_MSG(row->mean_us >= 1000.0, row->mean_us);  // every member slept ≥ 1 ms before marking
}

PLAIN_TEST_MAIN()
