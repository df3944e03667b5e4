// Bit helpers for coalitions represented as 64-bit masks (bit i = actor i).
#pragma once
#include <cstdint>
#include <limits>

namespace foedus {

using mask_t = std::uint64_t;

inline int popcount(mask_t x) noexcept {
#if defined(__POPCNT__) || (defined(__GNUC__) && !defined(__x86_64__))
  return __builtin_popcountll(x);
#else
  // SWAR: no library call on the x86-64 baseline (which has no POPCNT instruction)
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return int((x * 0x0101010101010101ULL) >> 56);
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

// Double-double numbers: an unevaluated sum hi + lo carrying about 106 bits, formed with
// error-free transformations (Knuth's TwoSum, Dekker's product). Used for sums of weighted
// positions, where plain doubles would cancel catastrophically in a variance.
struct DD {
  double hi = 0.0, lo = 0.0;
};

inline DD two_sum(double a, double b) noexcept {
  const double s = a + b;
  const double bb = s - a;
  const double e = (a - (s - bb)) + (b - bb);
  return {s, e};
}

inline DD dd_add(DD a, DD b) noexcept {
  DD s = two_sum(a.hi, b.hi);
  DD t = two_sum(a.lo, b.lo);
  s.lo += t.hi;
  s = two_sum(s.hi, s.lo);
  s.lo += t.lo;
  return two_sum(s.hi, s.lo);
}

inline DD two_prod(double a, double b) noexcept {  // exact a * b (no FMA needed)
  const double split = 134217729.0;  // 2^27 + 1
  const double p = a * b;
  double t = split * a;
  const double ah = t - (t - a), al = a - ah;
  t = split * b;
  const double bh = t - (t - b), bl = b - bh;
  const double e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return {p, e};
}

// An integer as an exact double-double (|v| < 2^106).
inline DD dd_from_int(std::int64_t v) noexcept {
  const double hi = double(v);
  const double lo = double(v - std::int64_t(hi));  // exact: the remainder has < 53 bits
  return {hi, lo};
}

inline DD dd_mul(DD a, double b) noexcept {
  DD p = two_prod(a.hi, b);
  p.lo += a.lo * b;
  return two_sum(p.hi, p.lo);
}

inline DD dd_mul(DD a, DD b) noexcept {
  DD p = two_prod(a.hi, b.hi);
  p.lo += a.hi * b.lo + a.lo * b.hi;
  return two_sum(p.hi, p.lo);
}

inline DD dd_div(DD a, DD b) noexcept {
  const double q1 = a.hi / b.hi;
  DD r = dd_add(a, DD{-dd_mul(b, q1).hi, -dd_mul(b, q1).lo});
  const double q2 = r.hi / b.hi;
  return two_sum(q1, q2);
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
