// test_executor.cpp — the persistent thread team (core/executor.h): parallel_for covers every
// index exactly once with a static, reproducible split; barriers order every round; the team
// starts and stops cleanly. Labelled `threaded`: .ci/run also runs it under ThreadSanitizer.
//
//   ctest --test-dir build -R test_executor --output-on-failure
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/executor.h"

using dendrite::Executor;

Q_DECLARE_METATYPE(std::size_t)

namespace {

const int kThreadCounts[] = {1, 2, 4, 8};

struct Call {
  std::size_t begin, end;
  int thread;
};

}  // namespace

class TestExecutor : public QObject {
  Q_OBJECT

 private slots:
  void chunks_cover_the_range_in_order() {
    for (int threads = 1; threads <= 9; ++threads) {
      for (std::size_t begin : {std::size_t{0}, std::size_t{5}}) {
        for (std::size_t n : {0, 1, 2, 3, 7, 8, 9, 100, 1001}) {
          std::size_t expected_begin = begin;
          std::size_t smallest = n, largest = 0;
          for (int t = 0; t < threads; ++t) {
            const auto [b, e] = Executor::chunk(begin, begin + n, t, threads);
            QCOMPARE(b, expected_begin);  // contiguous, in thread order
            QVERIFY(e >= b);
            smallest = std::min(smallest, e - b);
            largest = std::max(largest, e - b);
            expected_begin = e;
          }
          QCOMPARE(expected_begin, begin + n);
          QVERIFY2(largest - smallest <= 1, qPrintable(QString("n=%1 threads=%2").arg(n).arg(threads)));
        }
      }
    }
    // An empty or reversed range gives empty chunks.
    const auto [b, e] = Executor::chunk(10, 3, 0, 2);
    QCOMPARE(e - b, std::size_t{0});
  }

  void thread_count() {
    for (int threads : kThreadCounts) QCOMPARE(Executor(threads).thread_count(), threads);
    const int hardware = static_cast<int>(std::thread::hardware_concurrency());
    QCOMPARE(Executor(0).thread_count(), hardware > 0 ? hardware : 1);
  }

  void parallel_for_visits_each_index_once_data() {
    QTest::addColumn<int>("threads");
    for (int threads : kThreadCounts) QTest::addRow("%d threads", threads) << threads;
  }

  void parallel_for_visits_each_index_once() {
    QFETCH(int, threads);
    Executor team(threads);
    for (std::size_t begin : {std::size_t{0}, std::size_t{3}}) {
      for (std::size_t n : {0, 1, 2, 3, 7, 8, 9, 64, 1000, 1001}) {
        const std::size_t end = begin + n;
        std::vector<std::atomic<int>> visits(end + 1);
        std::vector<std::vector<Call>> calls(static_cast<std::size_t>(threads));
        team.parallel_for(begin, end, [&](std::size_t b, std::size_t e, int thread) {
          calls[static_cast<std::size_t>(thread)].push_back({b, e, thread});  // each thread its own list
          for (std::size_t i = b; i < e; ++i) visits[i].fetch_add(1, std::memory_order_relaxed);
        });
        for (std::size_t i = 0; i <= end; ++i) {
          const int expected = (i >= begin && i < end) ? 1 : 0;
          QVERIFY2(visits[i].load() == expected,
                   qPrintable(QString("n=%1 index %2 visited %3 times").arg(n).arg(i).arg(visits[i].load())));
        }
        // The split is the documented static one: thread t gets chunk(begin, end, t, threads).
        for (int t = 0; t < threads; ++t) {
          const auto& mine = calls[static_cast<std::size_t>(t)];
          const auto [b, e] = Executor::chunk(begin, end, t, threads);
          if (b == e || n == 1 || threads == 1) continue;  // small ranges may run inline on thread 0
          QCOMPARE(mine.size(), std::size_t{1});
          QCOMPARE(mine[0].begin, b);
          QCOMPARE(mine[0].end, e);
        }
      }
    }
  }

  void parallel_for_split_is_reproducible() {
    // The same range on the same team size gives every thread the same chunk, run after run, so
    // per-thread partial sums reduced in thread order give bit-identical results.
    for (int threads : kThreadCounts) {
      Executor team(threads);
      std::vector<float> values(10007);
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = 1.0f / static_cast<float>(i + 1);
      auto reduce = [&] {
        std::vector<float> partial(static_cast<std::size_t>(threads), 0.0f);
        team.parallel_for(0, values.size(), [&](std::size_t b, std::size_t e, int thread) {
          float sum = 0.0f;
          for (std::size_t i = b; i < e; ++i) sum += values[i];
          partial[static_cast<std::size_t>(thread)] = sum;
        });
        float total = 0.0f;
        for (float p : partial) total += p;
        return total;
      };
      const float first = reduce();
      for (int run = 0; run < 20; ++run) QCOMPARE(reduce(), first);
      QVERIFY(std::abs(first - 9.7883f) < 1e-3f);  // H(10007) ≈ ln(10007) + γ + 1/(2n) ≈ 9.7883
    }
  }

  void run_on_team_runs_every_member_once() {
    for (int threads : kThreadCounts) {
      Executor team(threads);
      const std::thread::id caller = std::this_thread::get_id();
      for (int round = 0; round < 200; ++round) {
        std::vector<std::atomic<int>> ran(static_cast<std::size_t>(threads));
        std::vector<std::thread::id> ids(static_cast<std::size_t>(threads));
        team.run_on_team([&](int thread) {
          ran[static_cast<std::size_t>(thread)].fetch_add(1, std::memory_order_relaxed);
          ids[static_cast<std::size_t>(thread)] = std::this_thread::get_id();
        });
        for (int t = 0; t < threads; ++t) QCOMPARE(ran[static_cast<std::size_t>(t)].load(), 1);
        QVERIFY(ids[0] == caller);  // the caller is member 0
        for (int t = 1; t < threads; ++t) QVERIFY(ids[static_cast<std::size_t>(t)] != caller);
      }
    }
  }

  void results_are_visible_after_return() {
    // Plain (non-atomic) writes made by workers must be visible to the caller once run_on_team
    // returns; TSan checks the happens-before edge, the values check the data.
    for (int threads : kThreadCounts) {
      Executor team(threads);
      std::vector<long> cells(static_cast<std::size_t>(threads) * 16, 0);
      for (long round = 1; round <= 500; ++round) {
        team.run_on_team([&](int thread) { cells[static_cast<std::size_t>(thread) * 16] = round * (thread + 1); });
        for (int t = 0; t < threads; ++t) QCOMPARE(cells[static_cast<std::size_t>(t) * 16], round * (t + 1));
      }
    }
  }

  void barrier_orders_every_round_data() {
    QTest::addColumn<int>("threads");
    for (int threads : kThreadCounts) QTest::addRow("%d threads", threads) << threads;
  }

  void barrier_orders_every_round() {
    // Each round every member writes its own slot, waits at the barrier, then reads every slot:
    // all must already hold this round's value. A second barrier keeps the next round's writes
    // from overtaking slower readers. Plain ints, so a missing happens-before shows up in TSan.
    QFETCH(int, threads);
    Executor team(threads);
    const int rounds = threads > 2 ? 60 : 300;  // 8 threads on a 2-core machine take turns
    std::vector<int> cells(static_cast<std::size_t>(threads), -1);
    std::atomic<int> errors{0};
    team.run_on_team([&](int thread) {
      for (int round = 0; round < rounds; ++round) {
        cells[static_cast<std::size_t>(thread)] = round;
        team.barrier();
        for (int other = 0; other < threads; ++other)
          if (cells[static_cast<std::size_t>(other)] != round) errors.fetch_add(1, std::memory_order_relaxed);
        team.barrier();
      }
    });
    QCOMPARE(errors.load(), 0);
    for (int t = 0; t < threads; ++t) QCOMPARE(cells[static_cast<std::size_t>(t)], rounds - 1);
  }

  void barrier_reused_across_dispatches() {
    Executor team(4);
    std::vector<int> stage(4, 0);
    std::atomic<int> errors{0};
    for (int dispatch = 0; dispatch < 50; ++dispatch) {
      team.run_on_team([&](int thread) {
        stage[static_cast<std::size_t>(thread)] = dispatch;
        team.barrier();
        if (stage[static_cast<std::size_t>((thread + 1) % 4)] != dispatch) errors.fetch_add(1);
      });
    }
    QCOMPARE(errors.load(), 0);
  }

  void single_thread_runs_inline() {
    Executor team(1);
    const std::thread::id caller = std::this_thread::get_id();
    bool ran = false;
    team.run_on_team([&](int thread) {
      QCOMPARE(thread, 0);
      team.barrier();  // a no-op with one member
      ran = std::this_thread::get_id() == caller;
    });
    QVERIFY(ran);
    std::size_t covered = 0;
    team.parallel_for(0, 100, [&](std::size_t b, std::size_t e, int) { covered += e - b; });
    QCOMPARE(covered, std::size_t{100});
  }

  void destruction_while_idle() {
    // Right after construction (workers may still be starting), after work, and after the
    // workers have stopped spinning and gone to sleep on the futex.
    for (int repeat = 0; repeat < 20; ++repeat)
      for (int threads : kThreadCounts) Executor team(threads);
    for (int threads : kThreadCounts) {
      Executor team(threads);
      std::atomic<int> sum{0};
      team.parallel_for(0, 100, [&](std::size_t b, std::size_t e, int) { sum += static_cast<int>(e - b); });
      QCOMPARE(sum.load(), 100);
    }
    for (int threads : {2, 4}) {
      Executor team(threads);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::atomic<int> ran{0};
      team.run_on_team([&](int) { ran.fetch_add(1); });  // wakes sleeping workers
      QCOMPARE(ran.load(), threads);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  void function_ref_calls_through() {
    int calls = 0;
    auto add = [&](int x) { calls += x; return calls; };
    dendrite::FunctionRef<int(int)> ref(add);
    QCOMPARE(ref(2), 2);
    QCOMPARE(ref(3), 5);
    QCOMPARE(calls, 5);
  }
};

QTEST_APPLESS_MAIN(TestExecutor)
#include "test_executor.moc"
