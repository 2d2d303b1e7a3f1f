// tile_claims.cpp — see tile_claims.h.
#include "networks/tile_claims.h"

#include <algorithm>

namespace dendrite {

namespace {

constexpr std::uint64_t pack(std::uint64_t front, std::uint64_t back) { return front | (back << 32); }
constexpr std::uint64_t front_of(std::uint64_t range) { return range & 0xFFFFFFFFu; }
constexpr std::uint64_t back_of(std::uint64_t range) { return range >> 32; }

}  // namespace

void TileClaims::resize(int threads) {
  if (threads == threads_) return;
  threads_ = threads;
  slots_ = std::make_unique<Slot[]>(static_cast<std::size_t>(threads) * kLoops);
}

void TileClaims::open(int thread, int loop, std::size_t begin, std::size_t end, std::size_t chunk) {
  Slot& s = slot(thread, loop);
  s.chunk.store(static_cast<std::uint32_t>(std::max<std::size_t>(chunk, 1)), std::memory_order_relaxed);
  s.range.store(pack(begin, std::max(begin, end)), std::memory_order_release);
}

bool TileClaims::take(Slot& slot, bool from_front, Tiles& tiles) {
  std::uint64_t range = slot.range.load(std::memory_order_acquire);
  for (;;) {
    const std::uint64_t front = front_of(range), back = back_of(range);
    if (front >= back) return false;
    const std::uint64_t n = std::min<std::uint64_t>(slot.chunk.load(std::memory_order_relaxed), back - front);
    const std::uint64_t claimed = from_front ? pack(front + n, back) : pack(front, back - n);
    if (slot.range.compare_exchange_weak(range, claimed, std::memory_order_acq_rel, std::memory_order_acquire)) {
      tiles = from_front ? Tiles{front, front + n} : Tiles{back - n, back};
      return true;
    }
  }
}

bool TileClaims::next(int thread, int loop, Tiles& tiles) {
  return take(slot(thread, loop), thread % 2 == 0, tiles);
}

bool TileClaims::steal(int thread, int loop, Tiles& tiles) {
  // The neighbour whose range meets this thread's first, then the others in order.
  const int partner = thread ^ 1;
  if (partner < threads_ && take(slot(partner, loop), partner % 2 == 1, tiles)) return true;
  for (int d = 1; d < threads_; ++d) {
    const int victim = (thread + d) % threads_;
    if (victim != partner && take(slot(victim, loop), victim % 2 == 1, tiles)) return true;
  }
  return false;
}

}  // namespace dendrite
