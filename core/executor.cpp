#include "core/executor.h"

#include <pthread.h>
#include <sched.h>

#include <cstdlib>
#include <cstring>

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

// The CPUs this process may run on, in order (empty when the mask cannot be read). Read once,
// before any team has pinned a thread: a pinned dispatching thread's own mask is one CPU, and
// threads it creates inherit that.
const std::vector<int>& allowed_cpus() {
  static const std::vector<int> cpus = [] {
    std::vector<int> list;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return list;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) list.push_back(cpu);
    return list;
  }();
  return cpus;
}

bool pinning_requested() {
  const char* value = std::getenv("DENDRITE_PIN_THREADS");
  return value != nullptr && std::strcmp(value, "1") == 0;
}

// Restricts the calling thread to one CPU; a failure leaves it where it was (placement is a hint).
void pin_current_thread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

}  // namespace

// Spins for a while (work usually arrives within microseconds during training), then sleeps
// until `value` changes from `old_value`. The sleeper count is raised before the last look at
// the value, and notify_all reads it after the change (both seq_cst): either the waiter sees the
// new value or the notifier sees the sleeper.
void Executor::Signal::wait_while_equal(std::uint32_t old_value) {
  for (int spin = 0; spin < 20000; ++spin) {
    if (value.load(std::memory_order_acquire) != old_value) return;
    cpu_relax();
  }
  sleepers.fetch_add(1, std::memory_order_seq_cst);
  while (value.load(std::memory_order_seq_cst) == old_value) value.wait(old_value, std::memory_order_seq_cst);
  sleepers.fetch_sub(1, std::memory_order_relaxed);
}

void Executor::Signal::notify_all() {
  if (sleepers.load(std::memory_order_seq_cst) > 0) value.notify_all();
}

Executor::Executor(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  thread_count_ = threads;
  const std::vector<int> none;
  const std::vector<int>& cpus = pinning_requested() ? allowed_cpus() : none;
  if (!cpus.empty() && threads > 1) caller_cpu_ = cpus[0];
  workers_.reserve(static_cast<std::size_t>(threads - 1));
  for (int t = 1; t < threads; ++t) {
    const int cpu = cpus.empty() ? -1 : cpus[static_cast<std::size_t>(t) % cpus.size()];
    workers_.emplace_back([this, t, cpu] {
      if (cpu >= 0) pin_current_thread(cpu);
      worker_loop(t);
    });
  }
}

Executor::~Executor() {
  stopping_.store(true, std::memory_order_release);
  generation_.value.fetch_add(1);
  generation_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void Executor::worker_loop(int thread) {
  std::uint32_t seen = 0;
  for (;;) {
    generation_.wait_while_equal(seen);
    seen = generation_.value.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    (*job_)(thread);
    if (pending_.value.fetch_sub(1) == 1) pending_.notify_all();
  }
}

void Executor::run_on_team(FunctionRef<void(int)> fn) {
  if (thread_count_ == 1) {
    fn(0);
    return;
  }
  // Left to itself, member 0 was seen sharing a worker's CPU; bind whichever thread dispatches.
  if (caller_cpu_ >= 0 && pinned_caller_ != std::this_thread::get_id()) {
    pin_current_thread(caller_cpu_);
    pinned_caller_ = std::this_thread::get_id();
  }
  job_ = &fn;
  pending_.value.store(static_cast<std::uint32_t>(thread_count_ - 1), std::memory_order_relaxed);
  generation_.value.fetch_add(1);
  generation_.notify_all();
  fn(0);
  for (;;) {
    const std::uint32_t left = pending_.value.load(std::memory_order_acquire);
    if (left == 0) break;
    pending_.wait_while_equal(left);
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
  const std::uint32_t generation = barrier_generation_.value.load(std::memory_order_acquire);
  if (barrier_count_.fetch_add(1, std::memory_order_acq_rel) == thread_count_ - 1) {
    barrier_count_.store(0, std::memory_order_relaxed);
    barrier_generation_.value.fetch_add(1);
    barrier_generation_.notify_all();
    return;
  }
  barrier_generation_.wait_while_equal(generation);
}

}  // namespace dendrite
