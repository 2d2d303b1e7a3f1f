// test_tile_claims.cpp — the shared loops of layer_o6 (networks/tile_claims.h): owners walk their
// range from the ends the header says, thieves take from the other end (the neighbour first), and
// under a real team every tile of every stage is computed exactly once, stolen or not, with a
// slow member's tiles taken by the others.
//
// Labelled `threaded`: .ci/run also runs it under ThreadSanitizer (plain harness, see
// tests/support/plain_test.h).
//
//   ctest --test-dir build -R test_tile_claims --output-on-failure
#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>
#include <vector>

#include "core/executor.h"
#include "networks/tile_claims.h"
#include "tests/support/plain_test.h"

using dendrite::Executor;
using dendrite::TileClaims;

namespace {

std::vector<std::pair<std::size_t, std::size_t>> drain_own(TileClaims& claims, int thread, int loop) {
  std::vector<std::pair<std::size_t, std::size_t>> got;
  TileClaims::Tiles tiles;
  while (claims.next(thread, loop, tiles)) got.emplace_back(tiles.begin, tiles.end);
  return got;
}

using Chunks = std::vector<std::pair<std::size_t, std::size_t>>;

}  // namespace

// Even threads take their range first to last, odd threads last to first, a chunk at a time (the
// last chunk what is left).
PLAIN_TEST(owners_walk_from_their_end) {
  TileClaims claims;
  claims.resize(2);
  claims.open(0, 0, 3, 13, 4);
  claims.open(1, 0, 13, 23, 4);
  CHECK(drain_own(claims, 0, 0) == (Chunks{{3, 7}, {7, 11}, {11, 13}}));
  CHECK(drain_own(claims, 1, 0) == (Chunks{{19, 23}, {15, 19}, {13, 15}}));
  TileClaims::Tiles tiles;
  CHECK(!claims.next(0, 0, tiles));
  CHECK(!claims.steal(0, 0, tiles));
  // An empty range and a zero chunk (taken as 1).
  claims.open(0, 1, 5, 5, 0);
  claims.open(1, 1, 5, 7, 0);
  CHECK(drain_own(claims, 0, 1).empty());
  CHECK(drain_own(claims, 1, 1) == (Chunks{{6, 7}, {5, 6}}));
}

// A thief takes from the end the owner reaches last: the tiles next to its own range first.
PLAIN_TEST(thieves_take_the_end_the_owner_reaches_last) {
  TileClaims claims;
  claims.resize(2);
  claims.open(0, 0, 0, 10, 3);
  claims.open(1, 0, 10, 20, 3);
  TileClaims::Tiles tiles;
  CHECK(claims.steal(0, 0, tiles));  // thread 0 from thread 1 (odd: walks down to 10)
  CHECK_EQ(tiles.begin, 10u);
  CHECK_EQ(tiles.end, 13u);
  CHECK(claims.steal(1, 0, tiles));  // thread 1 from thread 0 (even: walks up to 10)
  CHECK_EQ(tiles.begin, 7u);
  CHECK_EQ(tiles.end, 10u);
  CHECK(drain_own(claims, 0, 0) == (Chunks{{0, 3}, {3, 6}, {6, 7}}));
  CHECK(drain_own(claims, 1, 0) == (Chunks{{17, 20}, {14, 17}, {13, 14}}));
  CHECK(!claims.steal(0, 0, tiles));
  CHECK(!claims.steal(1, 0, tiles));
}

// With four threads, thread 2's neighbour is 3; when 3 is empty it takes from 0 or 1.
PLAIN_TEST(thieves_try_the_neighbour_then_the_others) {
  TileClaims claims;
  claims.resize(4);
  claims.open(0, 0, 0, 4, 1);
  claims.open(1, 0, 4, 8, 1);
  claims.open(2, 0, 8, 12, 1);
  claims.open(3, 0, 12, 16, 1);
  TileClaims::Tiles tiles;
  CHECK(claims.steal(2, 0, tiles));
  CHECK_EQ(tiles.begin, 12u);  // thread 3 walks down to 12
  drain_own(claims, 3, 0);
  CHECK(claims.steal(2, 0, tiles));
  CHECK_EQ(tiles.begin, 3u);  // then thread 0 (the next after 2 + 1), from its back
}

// A team runs many stages of two shared loops with the protocol layer_o6 follows (open both,
// own tiles, steal, barrier); member 1 sleeps at the start of some stages. Every tile of every
// stage is done exactly once, and the sleeping member's tiles are taken by others.
PLAIN_TEST(every_tile_once_under_a_team) {
  for (int threads : {2, 3, 4}) {
    Executor team(threads);
    TileClaims claims;
    claims.resize(threads);
    constexpr int kStages = 200;
    constexpr std::size_t kTiles[2] = {37, 101};
    std::vector<std::atomic<int>> done(kStages * (kTiles[0] + kTiles[1]));
    for (auto& d : done) d.store(0);
    std::atomic<int> stolen{0};
    team.run_on_team([&](int thread) {
      for (int stage = 0; stage < kStages; ++stage) {
        auto count = [&](int loop, const TileClaims::Tiles& t) {
          for (std::size_t i = t.begin; i < t.end; ++i)
            done[static_cast<std::size_t>(stage) * (kTiles[0] + kTiles[1]) + (loop == 1 ? kTiles[0] : 0) + i]
                .fetch_add(1);
        };
        for (int loop = 0; loop < 2; ++loop) {
          const auto [b, e] = Executor::chunk(0, kTiles[loop], thread, threads);
          claims.open(thread, loop, b, e, 1 + static_cast<std::size_t>(stage % 3));
        }
        if (thread == 1 && stage % 4 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        TileClaims::Tiles tiles;
        for (int loop = 0; loop < 2; ++loop)
          while (claims.next(thread, loop, tiles)) count(loop, tiles);
        for (int loop = 1; loop >= 0; --loop)
          while (claims.steal(thread, loop, tiles)) {
            count(loop, tiles);
            stolen.fetch_add(1);
          }
        team.barrier();
      }
    });
    for (std::size_t i = 0; i < done.size(); ++i) {
      if (done[i].load() != 1) {
        CHECK_EQ(done[i].load(), 1);
        break;
      }
    }
    CHECK(stolen.load() > 0);
  }
}

PLAIN_TEST_MAIN()
