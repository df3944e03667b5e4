// Bit helpers for coalitions represented as 64-bit masks (bit i = actor i).
#pragma once
#include <cstdint>
#include <limits>

namespace foedus {

using mask_t = std::uint64_t;

inline int popcount(mask_t x) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_popcountll(x);
#else
  int c = 0;
  while (x) { x &= x - 1; ++c; }
  return c;
#endif
}

inline int ctz(mask_t x) noexcept {  // x != 0
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctzll(x);
#else
  int c = 0;
  while (!(x & 1)) { x >>= 1; ++c; }
  return c;
#endif
}

inline mask_t low_bits(int k) noexcept {
  return k >= 64 ? ~mask_t(0) : ((mask_t(1) << k) - 1);
}

// Unsigned 128-bit counter that works without compiler extensions (MSVC).
struct U128 {
  std::uint64_t lo = 0, hi = 0;
  void add(std::uint64_t v) noexcept {
    std::uint64_t old = lo;
    lo += v;
    hi += (lo < old);
  }
  void add(const U128& o) noexcept {
    add(o.lo);
    hi += o.hi;
  }
};

}  // namespace foedus
