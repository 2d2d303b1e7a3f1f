// test_executor.cpp — the persistent thread team (core/executor.h): parallel_for covers every
// index exactly once with a static, reproducible split; barriers order every round; the team
// starts and stops cleanly, for 1, 2, 4 and 8 threads; a sleeping team stays asleep while another
// team works; DENDRITE_PIN_THREADS=1 binds member t to the t-th allowed CPU.
//
// Labelled `threaded`: .ci/run also runs it in a ThreadSanitizer build, so it uses the plain
// harness (tests/support/plain_test.h) instead of Qt Test, whose watchdog thread lives in
// uninstrumented Qt and makes TSan report races that are not ours.
//
//   ctest --test-dir build -R test_executor --output-on-failure
//   build/tests/test_executor barrier_orders_every_round     # one test
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/executor.h"
#include "tests/support/plain_test.h"

using dendrite::Executor;

namespace {

const int kThreadCounts[] = {1, 2, 4, 8};
const std::size_t kRangeSizes[] = {0, 1, 2, 3, 7, 8, 9, 64, 1000, 1001};

struct Call {
  std::size_t begin, end;
};

std::size_t at(int i) { return static_cast<std::size_t>(i); }

// Voluntary context switches (a thread going to sleep) of every thread of this process but the
// caller, by thread id, from /proc.
std::map<long, long> sleeps_of_other_threads() {
  std::map<long, long> sleeps;
  const long self = static_cast<long>(gettid());
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    const long tid = std::stol(entry.path().filename().string());
    if (tid == self) continue;
    std::ifstream status(entry.path() / "status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("voluntary_ctxt_switches:", 0) == 0) sleeps[tid] = std::stol(line.substr(24));
  }
  return sleeps;
}

std::vector<int> cpus_of(pthread_t thread) {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (pthread_getaffinity_np(thread, sizeof(set), &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  return cpus;
}

}  // namespace

PLAIN_TEST(chunks_cover_the_range_in_order) {
  for (int threads = 1; threads <= 9; ++threads) {
    for (std::size_t begin : {std::size_t{0}, std::size_t{5}}) {
      for (std::size_t n : kRangeSizes) {
        std::size_t expected_begin = begin;
        std::size_t smallest = n, largest = 0;
        for (int t = 0; t < threads; ++t) {
          const auto [b, e] = Executor::chunk(begin, begin + n, t, threads);
          CHECK_MSG(b == expected_begin, "contiguous, in thread order: n=" << n << " threads=" << threads);
          CHECK(e >= b);
          smallest = std::min(smallest, e - b);
          largest = std::max(largest, e - b);
          expected_begin = e;
        }
        CHECK_EQ(expected_begin, begin + n);
        CHECK_MSG(largest - smallest <= 1, "n=" << n << " threads=" << threads);
      }
    }
  }
  const auto [b, e] = Executor::chunk(10, 3, 0, 2);  // a reversed range gives empty chunks
  CHECK_EQ(e - b, std::size_t{0});
}

PLAIN_TEST(thread_count) {
  for (int threads : kThreadCounts) CHECK_EQ(Executor(threads).thread_count(), threads);
  const int hardware = static_cast<int>(std::thread::hardware_concurrency());
  CHECK_EQ(Executor(0).thread_count(), hardware > 0 ? hardware : 1);
  CHECK_EQ(Executor(-3).thread_count(), hardware > 0 ? hardware : 1);
}

PLAIN_TEST(parallel_for_visits_each_index_once) {
  for (int threads : kThreadCounts) {
    Executor team(threads);
    for (std::size_t begin : {std::size_t{0}, std::size_t{3}}) {
      for (std::size_t n : kRangeSizes) {
        const std::size_t end = begin + n;
        std::vector<std::atomic<int>> visits(end + 1);
        std::vector<std::vector<Call>> calls(at(threads));  // each thread appends to its own list
        std::atomic<int> bad_thread_ids{0};
        team.parallel_for(begin, end, [&](std::size_t b, std::size_t e, int thread) {
          if (thread < 0 || thread >= threads) {
            bad_thread_ids.fetch_add(1);
            return;
          }
          calls[at(thread)].push_back({b, e});
          for (std::size_t i = b; i < e; ++i) visits[i].fetch_add(1, std::memory_order_relaxed);
        });
        CHECK_EQ(bad_thread_ids.load(), 0);
        for (std::size_t i = 0; i <= end; ++i) {
          const int expected = (i >= begin && i < end) ? 1 : 0;
          CHECK_MSG(visits[i].load() == expected, "threads=" << threads << " n=" << n << " index " << i
                                                             << " visited " << visits[i].load() << " times");
        }
        // The split is the documented static one: thread t gets chunk(begin, end, t, threads),
        // once (a range of one runs inline on thread 0).
        if (n <= 1 || threads == 1) continue;
        for (int t = 0; t < threads; ++t) {
          const auto [b, e] = Executor::chunk(begin, end, t, threads);
          const auto& mine = calls[at(t)];
          if (b == e) {
            CHECK_MSG(mine.empty(), "thread " << t << " got work from an empty chunk");
            continue;
          }
          CHECK_MSG(mine.size() == 1, "threads=" << threads << " n=" << n << " thread " << t << " calls " << mine.size());
          CHECK_EQ(mine[0].begin, b);
          CHECK_EQ(mine[0].end, e);
        }
      }
    }
  }
}

PLAIN_TEST(parallel_for_split_is_reproducible) {
  // Same range, same team size: same chunks every run, so per-thread partial sums reduced in
  // thread order are bit-identical run to run.
  std::vector<float> values(10007);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 1.0f / static_cast<float>(i + 1);
  for (int threads : kThreadCounts) {
    Executor team(threads);
    auto reduce = [&] {
      std::vector<float> partial(at(threads), 0.0f);
      team.parallel_for(0, values.size(), [&](std::size_t b, std::size_t e, int thread) {
        float sum = 0.0f;
        for (std::size_t i = b; i < e; ++i) sum += values[i];
        partial[at(thread)] = sum;
      });
      float total = 0.0f;
      for (float p : partial) total += p;
      return total;
    };
    const float first = reduce();
    for (int run = 0; run < 20; ++run) CHECK_EQ(reduce(), first);
    // H(10007) ≈ ln(10007) + γ + 1/(2·10007) ≈ 9.7883
    CHECK_MSG(std::abs(first - 9.7883f) < 1e-3f, "threads=" << threads << " sum=" << first);
  }
}

PLAIN_TEST(run_on_team_runs_every_member_once) {
  const std::thread::id caller = std::this_thread::get_id();
  for (int threads : kThreadCounts) {
    Executor team(threads);
    const int rounds = threads > 2 ? 50 : 200;  // more threads than cores: each dispatch waits for turns
    for (int round = 0; round < rounds; ++round) {
      std::vector<std::atomic<int>> ran(at(threads));
      std::vector<std::thread::id> ids(at(threads));
      team.run_on_team([&](int thread) {
        ran[at(thread)].fetch_add(1, std::memory_order_relaxed);
        ids[at(thread)] = std::this_thread::get_id();
      });
      for (int t = 0; t < threads; ++t) CHECK_MSG(ran[at(t)].load() == 1, "threads=" << threads << " member " << t);
      CHECK_MSG(ids[0] == caller, "the caller is member 0");
      for (int t = 1; t < threads; ++t) CHECK_MSG(ids[at(t)] != caller, "member " << t << " ran on the caller");
    }
  }
}

PLAIN_TEST(results_are_visible_after_return) {
  // Plain (non-atomic) writes by the workers must be visible to the caller once run_on_team
  // returns: TSan checks the happens-before edge, the values check the data.
  for (int threads : kThreadCounts) {
    Executor team(threads);
    std::vector<long> cells(at(threads) * 16, 0);  // 16 longs apart: no false sharing
    const long rounds = threads > 2 ? 100 : 500;
    for (long round = 1; round <= rounds; ++round) {
      team.run_on_team([&](int thread) { cells[at(thread) * 16] = round * (thread + 1); });
      for (int t = 0; t < threads; ++t) CHECK_EQ(cells[at(t) * 16], round * (t + 1));
    }
  }
}

PLAIN_TEST(barrier_orders_every_round) {
  // Each round every member writes its own cell, waits at the barrier, then reads every cell:
  // all must hold this round's value. A second barrier keeps the next round's writes from
  // overtaking slower readers. Plain ints, so a missing happens-before shows up under TSan.
  for (int threads : kThreadCounts) {
    Executor team(threads);
    const int rounds = threads > 2 ? 60 : 300;  // 8 threads on a 2-core machine take turns
    std::vector<int> cells(at(threads), -1);
    std::atomic<int> errors{0};
    team.run_on_team([&](int thread) {
      for (int round = 0; round < rounds; ++round) {
        cells[at(thread)] = round;
        team.barrier();
        for (int other = 0; other < threads; ++other)
          if (cells[at(other)] != round) errors.fetch_add(1, std::memory_order_relaxed);
        team.barrier();
      }
    });
    CHECK_MSG(errors.load() == 0, "threads=" << threads << ": " << errors.load() << " stale reads");
    for (int t = 0; t < threads; ++t) CHECK_EQ(cells[at(t)], rounds - 1);
  }
}

PLAIN_TEST(barrier_reused_across_dispatches) {
  Executor team(4);
  std::vector<int> stage(4, 0);
  std::atomic<int> errors{0};
  for (int dispatch = 1; dispatch <= 50; ++dispatch) {
    team.run_on_team([&](int thread) {
      stage[at(thread)] = dispatch;
      team.barrier();
      if (stage[at((thread + 1) % 4)] != dispatch) errors.fetch_add(1);
    });
  }
  CHECK_EQ(errors.load(), 0);
}

PLAIN_TEST(single_thread_runs_inline) {
  Executor team(1);
  const std::thread::id caller = std::this_thread::get_id();
  int member = -1;
  bool on_caller = false;
  team.run_on_team([&](int thread) {
    member = thread;
    team.barrier();  // a no-op with one member
    on_caller = std::this_thread::get_id() == caller;
  });
  CHECK_EQ(member, 0);
  CHECK(on_caller);
  std::size_t covered = 0;
  team.parallel_for(0, 100, [&](std::size_t b, std::size_t e, int) { covered += e - b; });
  CHECK_EQ(covered, std::size_t{100});
}

PLAIN_TEST(destruction_while_idle) {
  // Right after construction (workers may still be starting), after work, and after the
  // workers have stopped spinning and gone to sleep on the futex.
  for (int repeat = 0; repeat < 20; ++repeat)
    for (int threads : kThreadCounts) Executor team(threads);
  for (int threads : kThreadCounts) {
    Executor team(threads);
    std::atomic<int> sum{0};
    team.parallel_for(0, 100, [&](std::size_t b, std::size_t e, int) { sum += static_cast<int>(e - b); });
    CHECK_EQ(sum.load(), 100);
  }
  for (int threads : {2, 4}) {
    Executor team(threads);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::atomic<int> ran{0};
    team.run_on_team([&](int) { ran.fetch_add(1); });  // wakes sleeping workers
    CHECK_EQ(ran.load(), threads);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

PLAIN_TEST(function_ref_calls_through) {
  int calls = 0;
  auto add = [&](int x) {
    calls += x;
    return calls;
  };
  dendrite::FunctionRef<int(int)> ref(add);
  CHECK_EQ(ref(2), 2);
  CHECK_EQ(ref(3), 5);
  CHECK_EQ(calls, 5);
}

PLAIN_TEST(idle_teams_sleep_through_another_teams_work) {
  // Many idle teams (bench keeps one per configuration) must not be woken by the dispatches and
  // barriers of the one that works. With 64-bit std::atomic waits they were: those sleep on a
  // proxy word per hash bucket, and each notify woke every sleeper of the bucket (66k futex
  // calls in a short bench run; 2 and 4 threads ran slower than 1 on a 16-core VM).
  const std::map<long, long> existing = sleeps_of_other_threads();  // sanitizer threads, say
  std::vector<std::unique_ptr<Executor>> idle;
  for (int i = 0; i < 32; ++i) {
    idle.push_back(std::make_unique<Executor>(2));
    idle.back()->run_on_team([](int) {});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // past the spin: asleep
  std::map<long, long> before = sleeps_of_other_threads();  // the idle workers only
  for (const auto& entry : existing) before.erase(entry.first);
  CHECK_EQ(before.size(), std::size_t{32});
  Executor busy(2);
  std::atomic<int> rounds{0};
  for (int dispatch = 0; dispatch < 3000; ++dispatch) {
    busy.run_on_team([&](int thread) {
      busy.barrier();
      if (thread == 0) rounds.fetch_add(1, std::memory_order_relaxed);
      busy.barrier();
    });
  }
  CHECK_EQ(rounds.load(), 3000);
  const std::map<long, long> after = sleeps_of_other_threads();
  long woken = 0;
  for (const auto& [tid, count] : before) {
    const auto it = after.find(tid);
    if (it != after.end()) woken += it->second - count;
  }
  // 32 idle workers; 9,000 notifications went by. A stray wake-up or two is the kernel's.
  CHECK(woken < 32);
  if (woken >= 32) std::fprintf(stderr, "idle workers went back to sleep %ld times\n", woken);
}

PLAIN_TEST(pinned_members_run_on_their_cpus) {
  std::vector<int> allowed = cpus_of(pthread_self());
  CHECK(!allowed.empty());
  if (allowed.empty()) return;
  setenv("DENDRITE_PIN_THREADS", "1", 1);
  {
    Executor team(3);
    std::vector<std::vector<int>> seen(3);
    team.run_on_team([&](int thread) { seen[at(thread)] = cpus_of(pthread_self()); });
    for (int t = 0; t < 3; ++t) {
      CHECK_EQ(seen[at(t)].size(), std::size_t{1});
      if (seen[at(t)].size() == 1) CHECK_EQ(seen[at(t)][0], allowed[at(t) % allowed.size()]);
    }
  }
  unsetenv("DENDRITE_PIN_THREADS");
  // Member 0 stays bound after the team; a second pinned team created from it still spreads
  // over the process's CPUs, not over the one it now has.
  CHECK_EQ(cpus_of(pthread_self()).size(), std::size_t{1});
  setenv("DENDRITE_PIN_THREADS", "1", 1);
  {
    Executor team(2);
    int worker_cpu = -1;
    team.run_on_team([&](int thread) {
      const std::vector<int> cpus = cpus_of(pthread_self());
      if (thread == 1 && cpus.size() == 1) worker_cpu = cpus[0];
    });
    CHECK_EQ(worker_cpu, allowed[1 % allowed.size()]);
  }
  unsetenv("DENDRITE_PIN_THREADS");
  // Give the test's thread its CPUs back; a team not asked to pin leaves them as they are.
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : allowed) CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
  {
    Executor team(2);
    std::vector<int> worker;
    team.run_on_team([&](int thread) {
      if (thread == 1) worker = cpus_of(pthread_self());
    });
    CHECK(worker == allowed);
    CHECK(cpus_of(pthread_self()) == allowed);
  }
}

PLAIN_TEST_MAIN()
