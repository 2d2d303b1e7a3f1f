// test_work_claims.cpp — a team's shares with the tail taken by whoever is free
// (core/work_claims.h): every item of every share runs exactly once, with any team size and with
// phases back to back without barriers; a member that is held up has the rest of its share taken
// by the others; a member still in one phase never takes the next phase's items.
//
// Labelled `threaded`: .ci/run also runs it under ThreadSanitizer (plain harness, no Qt).
//
//   ctest --test-dir build -R test_work_claims --output-on-failure
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "core/executor.h"
#include "core/work_claims.h"
#include "tests/support/plain_test.h"

using dendrite::Executor;
using dendrite::WorkClaims;

namespace {

void spin_until(const std::atomic<bool>& flag) {
  while (!flag.load(std::memory_order_acquire)) std::this_thread::yield();
}

}  // namespace

PLAIN_TEST(every_item_runs_exactly_once) {
  for (int threads : {1, 2, 3, 4, 8}) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{17}, std::size_t{1000}}) {
      Executor team(threads);
      WorkClaims claims(threads);
      const int phases = 6;
      std::vector<std::unique_ptr<std::atomic<int>[]>> runs;
      for (int p = 0; p < phases; ++p) runs.push_back(std::make_unique<std::atomic<int>[]>(n + 1));  // zeroed per step
      for (int step = 0; step < 3; ++step) {
        for (int p = 0; p < phases; ++p)
          for (std::size_t i = 0; i < n; ++i) runs[p][i] = 0;
        team.run_on_team([&](int thread) {
          for (int p = 0; p < phases; ++p) {
            // Shares of unequal size (one member may have none); phases 1, 3 and 5 follow the
            // one before without a barrier.
            const auto [b, e] = Executor::chunk(0, n, (thread + p) % threads, threads);
            const std::size_t end = thread == 0 && p == 2 ? b : e;  // member 0 gives phase 2's up
            claims.run(thread, static_cast<std::uint32_t>(p), b, end, [&](std::size_t i) {
              runs[p][i].fetch_add(1, std::memory_order_relaxed);
            });
            if (p % 2 == 0) team.barrier();
          }
        });
        for (int p = 0; p < phases; ++p) {
          for (std::size_t i = 0; i < n; ++i) {
            const auto [b, e] = Executor::chunk(0, n, (0 + p) % threads, threads);
            const bool given_up = p == 2 && i >= b && i < e && b < e;
            CHECK_MSG(runs[p][i].load() == (given_up ? 0 : 1), "threads=" << threads << " n=" << n << " step=" << step
                                                                          << " phase=" << p << " item=" << i
                                                                          << " ran " << runs[p][i].load() << " times");
          }
        }
      }
    }
  }
}

// Member 1 is held up in its first item; member 0, with nothing of its own, takes the rest of
// member 1's share from the back, and member 1 then finds it gone.
PLAIN_TEST(a_held_up_members_tail_is_taken_by_the_others) {
  Executor team(2);
  WorkClaims claims(2);
  const std::size_t n = 64;
  std::vector<int> ran_by(n, -1);
  std::atomic<bool> started{false}, taken{false};
  std::atomic<int> taken_by_0{0};
  team.run_on_team([&](int thread) {
    if (thread == 1) {
      claims.run(1, 7, 0, n, [&](std::size_t i) {
        ran_by[i] = 1;
        if (i == 0) {
          started.store(true, std::memory_order_release);
          spin_until(taken);
        }
      });
    } else {
      spin_until(started);
      claims.run(0, 7, 0, 0, [&](std::size_t i) {
        ran_by[i] = 0;
        taken_by_0.fetch_add(1, std::memory_order_relaxed);
      });
      taken.store(true, std::memory_order_release);
    }
    team.barrier();
  });
  // Member 1 took its first chunk (n / kChunksPerShare items) before it was held up; member 0
  // took all the rest.
  const std::size_t first_chunk = n / WorkClaims::kChunksPerShare;
  CHECK_EQ(taken_by_0.load(), static_cast<int>(n - first_chunk));
  for (std::size_t i = 0; i < n; ++i) CHECK_MSG(ran_by[i] == (i < first_chunk ? 1 : 0), "item " << i << " ran by " << ran_by[i]);
}

// Member 0 moves on to phase B (no barrier) while member 1 is still in phase A: member 1 must
// not take phase B's items with phase A's function, and phase B's items all run once.
PLAIN_TEST(a_member_in_one_phase_never_takes_the_next_phases_items) {
  for (int round = 0; round < 20; ++round) {
    Executor team(2);
    WorkClaims claims(2);
    constexpr std::size_t kA = 0, kB = 1000, n = 50;
    std::atomic<int> wrong{0}, runs_b{0};
    std::atomic<bool> zero_in_b{false}, one_done_a{false};
    team.run_on_team([&](int thread) {
      if (thread == 0) {
        claims.run(0, 1, kA, kA, [&](std::size_t) {});  // nothing of phase A
        claims.run(0, 2, kB, kB + n, [&](std::size_t i) {
          if (i < kB) wrong.fetch_add(1);
          runs_b.fetch_add(1);
          if (i == kB) {
            zero_in_b.store(true, std::memory_order_release);
            spin_until(one_done_a);  // member 1 finishes phase A while this share is open
          }
        });
      } else {
        spin_until(zero_in_b);
        claims.run(1, 1, kA + n, kA + 2 * n, [&](std::size_t i) {
          if (i >= kB) wrong.fetch_add(1);  // a phase B item run as phase A
        });
        one_done_a.store(true, std::memory_order_release);
        claims.run(1, 2, kB + n, kB + n, [&](std::size_t i) {  // phase B: may take member 0's tail
          if (i < kB) wrong.fetch_add(1);
          runs_b.fetch_add(1);
        });
      }
      team.barrier();
    });
    CHECK_EQ(wrong.load(), 0);
    CHECK_EQ(runs_b.load(), static_cast<int>(n));
  }
}

PLAIN_TEST(a_member_outside_the_team_runs_its_share_alone) {
  WorkClaims claims(2);
  std::vector<int> seen;
  claims.run(5, 3, 10, 14, [&](std::size_t i) { seen.push_back(static_cast<int>(i)); });
  CHECK_EQ(seen, (std::vector<int>{10, 11, 12, 13}));
}

PLAIN_TEST_MAIN()
