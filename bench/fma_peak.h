// fma_peak.h — the FP32 FMA peak loops that dendrite-machine-peak and dendrite-kernel-mix time:
// 12 independent FMA chains, no loads. Each returns the FLOP it executed (2 per FMA lane).
#pragma once

#include <immintrin.h>

namespace dendrite::bench {

// FLOP per iteration: 12 FMAs × lanes × 2.
__attribute__((target("avx512f"))) inline double fma_avx512(long iterations) {
  __m512 x = _mm512_set1_ps(1.0000001f), y = _mm512_set1_ps(0.9999999f);
  __m512 a[12];
  for (int i = 0; i < 12; ++i) a[i] = _mm512_set1_ps(static_cast<float>(i));
  for (long k = 0; k < iterations; ++k)
    for (int i = 0; i < 12; ++i) a[i] = _mm512_fmadd_ps(a[i], x, y);
  __m512 sum = a[0];
  for (int i = 1; i < 12; ++i) sum = _mm512_add_ps(sum, a[i]);
  float lanes[16];
  _mm512_storeu_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return static_cast<double>(iterations) * 12 * 16 * 2;
}

__attribute__((target("avx2,fma"))) inline double fma_avx2(long iterations) {
  __m256 x = _mm256_set1_ps(1.0000001f), y = _mm256_set1_ps(0.9999999f);
  __m256 a[12];
  for (int i = 0; i < 12; ++i) a[i] = _mm256_set1_ps(static_cast<float>(i));
  for (long k = 0; k < iterations; ++k)
    for (int i = 0; i < 12; ++i) a[i] = _mm256_fmadd_ps(a[i], x, y);
  __m256 sum = a[0];
  for (int i = 1; i < 12; ++i) sum = _mm256_add_ps(sum, a[i]);
  float lanes[8];
  _mm256_storeu_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return static_cast<double>(iterations) * 12 * 8 * 2;
}

}  // namespace dendrite::bench
