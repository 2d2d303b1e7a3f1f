// executor.h — the persistent thread team every network module runs on.
//
// One Executor owns N-1 worker threads; the calling thread is member 0 of the team. Work is
// handed out by bumping a generation counter: workers spin briefly, then sleep on the counter
// (a futex on that word alone), so dispatching a layer costs about a microsecond when the team is
// busy and nothing when it is idle. The split of a range over threads is static and depends only
// on the range and the thread count, so results are reproducible run to run.
//
// Thread placement: with DENDRITE_PIN_THREADS=1 in the environment, member t runs only on the
// t-th CPU the process may use (its affinity mask, so `taskset` chooses the CPUs); member 0 is
// bound on its first dispatch — whichever thread calls run_on_team, and it stays bound. Off by
// default. On a 16-vCPU KVM guest it gained 0–15 % at 2–16 threads (bench/RESULTS.md).
//
//   Executor team(2);
//   team.parallel_for(0, n, [&](std::size_t begin, std::size_t end, int thread) { ... });
//   team.run_on_team([&](int thread) { ...; team.barrier(); ... });
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace dendrite {

// A non-owning reference to a callable (no allocation, unlike std::function).
template <typename Signature>
class FunctionRef;
template <typename R, typename... Args>
class FunctionRef<R(Args...)> {
 public:
  template <typename F,
            typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef>>>
  FunctionRef(F&& f)  // NOLINT: implicit on purpose
      : object_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* object, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(object))(std::forward<Args>(args)...);
        }) {}
  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

class Executor {
 public:
  // threads <= 0 means std::thread::hardware_concurrency().
  explicit Executor(int threads = 0);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  int thread_count() const { return thread_count_; }

  // Runs fn(thread) on every member of the team, the caller as thread 0; returns when all are
  // done. Not reentrant: fn must not call run_on_team or parallel_for.
  void run_on_team(FunctionRef<void(int)> fn);

  // Splits [begin, end) into thread_count() contiguous chunks (sizes differ by at most one) and
  // runs fn(chunk_begin, chunk_end, thread) for each non-empty chunk.
  void parallel_for(std::size_t begin, std::size_t end,
                    FunctionRef<void(std::size_t, std::size_t, int)> fn);

  // The chunk of [begin, end) that `thread` gets in parallel_for.
  static std::pair<std::size_t, std::size_t> chunk(std::size_t begin, std::size_t end, int thread,
                                                   int thread_count);

  // Waits until every team member has reached the barrier; only inside run_on_team.
  void barrier();

 private:
  // A word team members wait on: they spin, then sleep in the kernel on this word alone.
  // 32 bits, because std::atomic<T>::wait on other sizes goes through a proxy futex shared by
  // all atomics of a hash bucket, whose notify woke the sleeping members of every other team in
  // the process too (`dendrite-cli bench` keeps a team per configuration alive: 66k futex calls
  // in a 6-configuration run, 224 now; W1 ran 5× slower on 2 threads than on 1 on a 16-core VM).
  // `sleepers` lets a notify skip the system call while nobody sleeps.
  struct alignas(64) Signal {
    std::atomic<std::uint32_t> value{0};
    std::atomic<int> sleepers{0};
    void wait_while_equal(std::uint32_t old_value);
    void notify_all();  // after changing value (seq_cst)
  };

  void worker_loop(int thread);

  int thread_count_;
  std::vector<std::thread> workers_;
  FunctionRef<void(int)>* job_ = nullptr;
  Signal generation_;          // bumped per dispatch
  Signal pending_;             // workers still running the dispatched job
  alignas(64) std::atomic<int> barrier_count_{0};
  Signal barrier_generation_;  // bumped when the last member reaches a barrier
  std::atomic<bool> stopping_{false};
  int caller_cpu_ = -1;             // DENDRITE_PIN_THREADS: the CPU member 0 is bound to
  std::thread::id pinned_caller_;   // the thread bound there
};

}  // namespace dendrite
