// random.h — the project's own seeded random numbers.
//
// std:: distributions give different sequences on different standard libraries, so initial
// weights, shuffles and validation splits would not be reproducible across machines. Every random
// number in Dendrite comes from this xoshiro256** generator, seeded through SplitMix64 from
// (seed, stream). Separate streams keep init, shuffling and the validation split independent:
// changing the number of epochs never changes the initial weights.
#pragma once

#include <cstdint>
#include <span>
#include <utility>

namespace dendrite {

enum class RandomStream : std::uint64_t {
  kInit = 1,
  kShuffle = 2,
  kValidationSplit = 3,
  kGraphGenerator = 4,
  kMisc = 5,
};

class Rng {
  __extension__ typedef unsigned __int128 Wide;

 public:
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0, std::uint64_t substream = 0) {
    std::uint64_t x = seed ^ (stream * 0x9E3779B97F4A7C15ull) ^ (substream * 0xD1B54A32D192ED03ull);
    for (auto& word : state_) word = split_mix(x);
  }
  Rng(std::uint64_t seed, RandomStream stream, std::uint64_t substream = 0)
      : Rng(seed, static_cast<std::uint64_t>(stream), substream) {}

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 24 random bits (exactly representable as float).
  float uniform01() { return static_cast<float>(next_u64() >> 40) * (1.0f / 16777216.0f); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform01_double() { return static_cast<double>(next_u64() >> 11) * (1.0 / 9007199254740992.0); }
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform01(); }

  // Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject).
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    for (;;) {
      const Wide m = static_cast<Wide>(next_u64()) * n;
      const auto low = static_cast<std::uint64_t>(m);
      if (low >= n || low >= (0 - n) % n) return static_cast<std::uint64_t>(m >> 64);
    }
  }

  // Fisher–Yates shuffle.
  template <typename T>
  void shuffle(std::span<T> items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      const std::size_t j = below(i);
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t split_mix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t state_[4];
};

}  // namespace dendrite
