// test_random.cpp — the project's seeded generator (core/random.h): reproducible, independent
// streams, ranges and an unbiased below().
//
//   ctest --test-dir build -R test_random --output-on-failure
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "core/random.h"

using dendrite::RandomStream;
using dendrite::Rng;

namespace {

std::vector<std::uint64_t> draws(Rng rng, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(rng.next_u64());
  return out;
}

// xoshiro256** as published by Blackman and Vigna, stepped by hand from a given state, to check
// that Rng's output function and state update are the reference ones.
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
std::uint64_t reference_next(std::uint64_t s[4]) {
  const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
  const std::uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}
// SplitMix64 (Vigna), the recommended seeder for xoshiro.
std::uint64_t reference_split_mix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

class TestRandom : public QObject {
  Q_OBJECT

 private slots:
  void matches_the_reference_generator() {
    // Rng(seed) with stream 0 seeds the state with four SplitMix64 outputs of `seed`.
    std::uint64_t x = 12345;
    std::uint64_t state[4];
    for (auto& word : state) word = reference_split_mix(x);
    Rng rng(12345);
    for (int i = 0; i < 1000; ++i) QCOMPARE(rng.next_u64(), reference_next(state));
  }

  void same_seed_same_sequence() {
    QCOMPARE(draws(Rng(7, RandomStream::kInit), 100), draws(Rng(7, RandomStream::kInit), 100));
    QVERIFY(draws(Rng(7, RandomStream::kInit), 100) != draws(Rng(8, RandomStream::kInit), 100));
  }

  void streams_are_independent() {
    const auto init = draws(Rng(7, RandomStream::kInit), 100);
    const auto shuffle = draws(Rng(7, RandomStream::kShuffle), 100);
    const auto split = draws(Rng(7, RandomStream::kValidationSplit), 100);
    QVERIFY(init != shuffle);
    QVERIFY(init != split);
    QVERIFY(shuffle != split);
    QVERIFY(draws(Rng(7, RandomStream::kInit, 1), 100) != init);  // substreams too
    // No shared values at all in the first draws (64-bit collisions would be astronomically rare).
    std::set<std::uint64_t> seen(init.begin(), init.end());
    for (std::uint64_t v : shuffle) QVERIFY(!seen.count(v));
  }

  void uniform_ranges() {
    Rng rng(3);
    double sum = 0;
    const int n = 100000;
    for (int i = 0; i < n; ++i) {
      const float u = rng.uniform01();
      QVERIFY(u >= 0.0f && u < 1.0f);
      const double d = rng.uniform01_double();
      QVERIFY(d >= 0.0 && d < 1.0);
      const float w = rng.uniform(-2.0f, 3.0f);
      QVERIFY(w >= -2.0f && w < 3.0f);
      sum += u;
    }
    QVERIFY2(std::abs(sum / n - 0.5) < 0.01, qPrintable(QString::number(sum / n)));
  }

  void below_is_in_range_and_unbiased() {
    Rng rng(11);
    QCOMPARE(rng.below(0), std::uint64_t{0});
    QCOMPARE(rng.below(1), std::uint64_t{0});
    // n = 3 does not divide 2^64; each value must still come up about a third of the time.
    std::vector<int> counts(3, 0);
    const int n = 300000;
    for (int i = 0; i < n; ++i) {
      const std::uint64_t v = rng.below(3);
      QVERIFY(v < 3);
      counts[v] += 1;
    }
    for (int c : counts) QVERIFY2(std::abs(c - n / 3) < 1500, qPrintable(QString::number(c)));  // ~5.8 sigma
    const std::uint64_t big = (1ull << 63) + 12345;
    for (int i = 0; i < 1000; ++i) QVERIFY(rng.below(big) < big);
  }

  void shuffle_is_a_uniform_permutation() {
    // All 6 orders of 3 items appear about equally often.
    Rng rng(5);
    std::map<std::vector<int>, int> seen;
    const int n = 60000;
    for (int i = 0; i < n; ++i) {
      std::vector<int> items = {0, 1, 2};
      rng.shuffle(std::span<int>(items));
      seen[items] += 1;
    }
    QCOMPARE(seen.size(), std::size_t{6});
    for (const auto& [order, count] : seen) QVERIFY2(std::abs(count - n / 6) < 600, qPrintable(QString::number(count)));
  }
};

QTEST_APPLESS_MAIN(TestRandom)
#include "test_random.moc"
