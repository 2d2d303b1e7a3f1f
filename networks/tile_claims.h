// tile_claims.h — balancing the stages of a team pass. Every thread walks a range of tiles it
// owns (so its weights and rows stay in its core's caches) and, when it runs out, takes tiles
// from another thread's range instead of waiting at the barrier that ends the stage.
//
// A stage has at most kLoops shared loops (an update and the pull after it), each with a slot per
// thread: `open` publishes the thread's range at the start of the stage, `next` takes the next
// chunk of it, `steal` a chunk of another's. Even threads walk their range first to last, odd
// threads last to first, and a thief takes from the end the owner reaches last — for thread t and
// t ^ 1 the tiles at their common boundary, which both have partly in cache.
//
// Protocol (the caller's): every thread opens a loop's slot before it runs any loop of the stage,
// takes chunks with `next` until it gets none, then may `steal` from the stage's loops, and meets
// the others at a barrier. So at every barrier every slot is empty, and a thief that finds a
// range finds one of its own stage (a slot not yet opened is still empty). Which thread computes
// a tile changes nothing in its results: every output of a tile is summed by one thread in a
// fixed order.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace dendrite {

class TileClaims {
 public:
  static constexpr int kLoops = 2;

  struct Tiles {
    std::size_t begin = 0, end = 0;
  };

  // Slots for a team of `threads`; not while a pass runs.
  void resize(int threads);
  // `thread`'s range [begin, end) of the stage's loop `loop`, taken `chunk` tiles at a time.
  void open(int thread, int loop, std::size_t begin, std::size_t end, std::size_t chunk);
  // The next chunk of `thread`'s own range; false when it is empty.
  bool next(int thread, int loop, Tiles& tiles);
  // A chunk of another thread's range of `loop`, the neighbour thread ^ 1 first; false when all
  // are empty.
  bool steal(int thread, int loop, Tiles& tiles);

 private:
  // front in the low 32 bits, back in the high 32: one word, so owner and thief claim by CAS.
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> range{0};
    std::atomic<std::uint32_t> chunk{1};
  };
  // Takes up to a chunk from the front (from_front) or the back of `slot`.
  static bool take(Slot& slot, bool from_front, Tiles& tiles);
  Slot& slot(int thread, int loop) { return slots_[static_cast<std::size_t>(thread) * kLoops + static_cast<std::size_t>(loop)]; }

  std::unique_ptr<Slot[]> slots_;
  int threads_ = 0;
};

}  // namespace dendrite
