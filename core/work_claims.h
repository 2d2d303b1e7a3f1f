// work_claims.h — a team's static shares of a phase's work items, with the tail taken by whoever
// is free first.
//
// Each member of a thread team starts a phase on its own share of items [begin, end) — the same
// share every step, so the data those items touch stays in its core's caches — and takes it from
// the front in chunks. A member whose share is used up takes chunks from the back of the others'
// shares, so a member slowed down for a moment (another tenant on the core, an interrupt, a page
// of cold lines) no longer holds the whole team at the next barrier. Every item is run exactly
// once. Which member runs an item changes nothing a caller computes as long as each item writes
// only what belongs to it, so results stay bit-identical.
//
// A share lives in one 64-bit word per member, on its own cache line: a phase tag (12 bits), the
// front and the back (26 bits each). Members take items with a compare-and-swap on that word;
// the tag keeps a member that is still in the previous phase (no barrier in between) from taking
// the next phase's items, or a member already in the next phase from taking stale ones. A share
// is always used up by the end of its phase (its owner takes everything left), so an old word
// never holds items.
//
//   WorkClaims claims(team.thread_count());
//   team.run_on_team([&](int thread) {
//     claims.run(thread, /*phase=*/1, share_begin, share_end, [&](std::size_t i) { work(i); });
//     team.barrier();   // every item of phase 1 is done here
//   });
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace dendrite {

class WorkClaims {
 public:
  // Items per share at most (26 bits); a larger share is run by its owner alone, unshared.
  static constexpr std::size_t kMaxItems = (std::size_t{1} << 26) - 1;
  // A share is taken in about this many chunks by its owner (fewer compare-and-swaps than one
  // per item; small enough that the tail others can take is short).
  static constexpr std::size_t kChunksPerShare = 16;

  explicit WorkClaims(int threads = 1) { resize(threads); }

  int thread_count() const { return threads_; }
  // Off: run() runs each member's own share only, as a static split would (set between phases,
  // not while a member is in run()).
  void share(bool on) { sharing_ = on; }
  void resize(int threads) {
    threads_ = std::max(1, threads);
    slots_ = std::make_unique<Slot[]>(static_cast<std::size_t>(threads_));
  }

  // Runs fn(i) for items of this member's share [begin, end) and, when sharing and that is used
  // up, for items of other members' shares of the same phase that nobody has taken yet. `phase`
  // must differ between phases that are not separated by a barrier (only its low 12 bits are
  // kept). Whatever a member wrote before opening its share is visible to whoever takes an item
  // of it (release on opening, acquire on taking). A member outside [0, thread_count()) runs its
  // own share alone.
  template <typename Fn>
  void run(int thread, std::uint32_t phase, std::size_t begin, std::size_t end, Fn&& fn) {
    const std::uint64_t tag = phase & kTagMask;
    if (!sharing_ || threads_ == 1 || thread < 0 || thread >= threads_ || end > kMaxItems) {  // unshared
      for (std::size_t i = begin; i < end; ++i) fn(i);
      return;
    }
    std::atomic<std::uint64_t>& own = slots_[static_cast<std::size_t>(thread)].word;
    own.store(pack(tag, begin, std::max(begin, end)), std::memory_order_release);
    const std::size_t chunk = std::max<std::size_t>(1, (end - std::min(begin, end)) / kChunksPerShare);
    std::size_t b = 0, e = 0;
    while (take(own, tag, chunk, true, b, e))
      for (std::size_t i = b; i < e; ++i) fn(i);
    for (int k = 1; k < threads_; ++k) {
      std::atomic<std::uint64_t>& other = slots_[static_cast<std::size_t>((thread + k) % threads_)].word;
      while (take(other, tag, 0, false, b, e))
        for (std::size_t i = b; i < e; ++i) fn(i);
    }
  }

 private:
  static constexpr std::uint64_t kTagMask = 0xfff;
  static constexpr std::uint64_t kIndexMask = kMaxItems;

  struct alignas(64) Slot {
    std::atomic<std::uint64_t> word{0};  // tag 0, empty
  };

  static std::uint64_t pack(std::uint64_t tag, std::size_t front, std::size_t back) {
    return tag << 52 | static_cast<std::uint64_t>(back) << 26 | static_cast<std::uint64_t>(front);
  }

  // Takes [b, e) from the front of `word` (its owner: `chunk` items) or from its back (another
  // member: a quarter of what is left, at least one item); false when the share holds nothing
  // of phase `tag`.
  static bool take(std::atomic<std::uint64_t>& word, std::uint64_t tag, std::size_t chunk, bool front,
                   std::size_t& b, std::size_t& e) {
    std::uint64_t old = word.load(std::memory_order_acquire);
    for (;;) {
      const std::size_t f = old & kIndexMask, k = (old >> 26) & kIndexMask;
      if ((old >> 52) != tag || f >= k) return false;
      const std::size_t n = front ? std::min(chunk, k - f) : std::max<std::size_t>(1, (k - f) / 4);
      const std::uint64_t next = front ? pack(tag, f + n, k) : pack(tag, f, k - n);
      if (word.compare_exchange_weak(old, next, std::memory_order_acq_rel, std::memory_order_acquire)) {
        b = front ? f : k - n;
        e = front ? f + n : k;
        return true;
      }
    }
  }

  int threads_ = 1;
  bool sharing_ = true;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace dendrite
