#include "core/executor.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace dendrite {
namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

// Spins for a while (work usually arrives within microseconds during training), then sleeps on
// the atomic until it changes from `old_value`.
template <typename T>
void wait_while_equal(const std::atomic<T>& value, T old_value) {
  for (int spin = 0; spin < 20000; ++spin) {
    if (value.load(std::memory_order_acquire) != old_value) return;
    cpu_relax();
  }
  while (value.load(std::memory_order_acquire) == old_value) value.wait(old_value, std::memory_order_acquire);
}

}  // namespace

Executor::Executor(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  thread_count_ = threads;
  workers_.reserve(static_cast<std::size_t>(threads - 1));
  for (int t = 1; t < threads; ++t) workers_.emplace_back([this, t] { worker_loop(t); });
}

Executor::~Executor() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void Executor::worker_loop(int thread) {
  std::uint64_t seen = 0;
  for (;;) {
    wait_while_equal(generation_, seen);
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    (*job_)(thread);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
  }
}

void Executor::run_on_team(FunctionRef<void(int)> fn) {
  if (thread_count_ == 1) {
    fn(0);
    return;
  }
  job_ = &fn;
  pending_.store(thread_count_ - 1, std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  fn(0);
  for (;;) {
    const int left = pending_.load(std::memory_order_acquire);
    if (left == 0) break;
    wait_while_equal(pending_, left);
  }
  job_ = nullptr;
}

std::pair<std::size_t, std::size_t> Executor::chunk(std::size_t begin, std::size_t end, int thread,
                                                    int thread_count) {
  const std::size_t n = end > begin ? end - begin : 0;
  const auto threads = static_cast<std::size_t>(thread_count);
  const auto t = static_cast<std::size_t>(thread);
  const std::size_t base = n / threads;
  const std::size_t extra = n % threads;
  const std::size_t first = begin + t * base + (t < extra ? t : extra);
  const std::size_t size = base + (t < extra ? 1 : 0);
  return {first, first + size};
}

void Executor::parallel_for(std::size_t begin, std::size_t end,
                            FunctionRef<void(std::size_t, std::size_t, int)> fn) {
  if (end <= begin) return;
  if (thread_count_ == 1 || end - begin == 1) {
    fn(begin, end, 0);
    return;
  }
  const int threads = thread_count_;
  run_on_team([&](int thread) {
    const auto [b, e] = chunk(begin, end, thread, threads);
    if (b < e) fn(b, e, thread);
  });
}

void Executor::barrier() {
  if (thread_count_ == 1) return;
  const std::uint64_t generation = barrier_generation_.load(std::memory_order_acquire);
  if (barrier_count_.fetch_add(1, std::memory_order_acq_rel) == thread_count_ - 1) {
    barrier_count_.store(0, std::memory_order_relaxed);
    barrier_generation_.fetch_add(1, std::memory_order_acq_rel);
    barrier_generation_.notify_all();
    return;
  }
  wait_while_equal(barrier_generation_, generation);
}

}  // namespace dendrite
