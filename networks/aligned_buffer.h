// aligned_buffer.h — std::vector storage that starts on a cache line (64 bytes).
//
// The optimized modules load and store whole 64-byte vectors from rows whose length is a
// multiple of 16 floats; a buffer that starts off a cache line makes every such access span two
// lines. std::vector<float> promises only 16-byte alignment, and which alignment a large buffer
// gets depends on the allocation history (glibc serves it from mmap, page-aligned, until a freed
// mmap chunk raises the threshold and later ones come from the heap): layer_o6 measured W3 about
// 10 % slower in a run whose values were 48 bytes past a line.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace dendrite {

constexpr std::size_t kCacheLine = 64;

template <typename T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(std::size_t n) {
    const std::size_t bytes = (n * sizeof(T) + kCacheLine - 1) / kCacheLine * kCacheLine;
    void* p = std::aligned_alloc(kCacheLine, bytes == 0 ? kCacheLine : bytes);
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
};

using AlignedFloats = std::vector<float, AlignedAllocator<float>>;

}  // namespace dendrite
