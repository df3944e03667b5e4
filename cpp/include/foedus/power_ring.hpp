// Arithmetic for the power-index dynamic programmes.
//
// Every power DP adds players one at a time to a table over weights: an added player is either
// absent (the table is multiplied by `a`) or present (the table, shifted by the player's weight,
// is multiplied by `b`). Three rings implement this:
//   RealRing  doubles, any positive a, b (probability weights, quadrature nodes);
//   ModRing   residues modulo a prime p < 2^62, any a, b (Shoup multiplication);
//   WrapRing  residues modulo 2^64 (plain unsigned wrap-around), a = b = 1.
// Every stage is a fixed-order loop, so results are bitwise identical on every run, CPU clone
// and thread count.
#pragma once
#include <cstdint>

#include "simd.hpp"

namespace foedus::power {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

namespace ring_stage {

FOEDUS_CLONES inline void real_step(double* FOEDUS_RESTRICT out, const double* FOEDUS_RESTRICT f,
                                    const double* FOEDUS_RESTRICT g, std::int64_t m, double a,
                                    double b) {
  for (std::int64_t k = 0; k < m; ++k) out[k] = a * f[k] + b * g[k];
}

FOEDUS_CLONES inline void real_scale(double* FOEDUS_RESTRICT out, const double* FOEDUS_RESTRICT f,
                                     std::int64_t m, double a) {
  for (std::int64_t k = 0; k < m; ++k) out[k] = a * f[k];
}

FOEDUS_CLONES inline void wrap_step(u64* FOEDUS_RESTRICT out, const u64* FOEDUS_RESTRICT f,
                                    const u64* FOEDUS_RESTRICT g, std::int64_t m) {
  for (std::int64_t k = 0; k < m; ++k) out[k] = f[k] + g[k];
}

FOEDUS_CLONES inline void mod_add_step(u64* FOEDUS_RESTRICT out, const u64* FOEDUS_RESTRICT f,
                                       const u64* FOEDUS_RESTRICT g, std::int64_t m, u64 p) {
  const std::int64_t ps = std::int64_t(p);
  for (std::int64_t k = 0; k < m; ++k) {
    const std::int64_t x = std::int64_t(f[k] + g[k]) - ps;
    out[k] = u64(x < 0 ? x + ps : x);
  }
}

}  // namespace ring_stage

struct RealRing {
  using T = double;
  double a = 1.0, b = 1.0;
  static T zero() { return 0.0; }
  T one() const { return 1.0; }
  static T add(T x, T y) { return x + y; }
  static T mul(T x, T y) { return x * y; }
  T times_a(T x) const { return a * x; }
  T times_b(T x) const { return b * x; }
  // out[k] = a f[k] + b g[k]
  void step(T* out, const T* f, const T* g, std::int64_t m) const {
    ring_stage::real_step(out, f, g, m, a, b);
  }
  void scale_a(T* out, const T* f, std::int64_t m) const { ring_stage::real_scale(out, f, m, a); }
};

// Shoup's multiplication by a fixed w < p < 2^63: w' = floor(w 2^64 / p).
struct ShoupMul {
  u64 w = 0, wp = 0;
  ShoupMul() = default;
  ShoupMul(u64 w_, u64 p) : w(w_), wp(u64((u128(w_) << 64) / p)) {}
  u64 operator()(u64 x, u64 p) const {
    const u64 qt = u64((u128(wp) * x) >> 64);
    u64 r = w * x - qt * p;
    return r >= p ? r - p : r;
  }
};

struct ModRing {
  using T = u64;
  u64 p = 0;
  ShoupMul ma, mb;
  bool unit = true;  // a == b == 1
  ModRing() = default;
  ModRing(u64 p_, u64 a, u64 b) : p(p_), ma(a % p_, p_), mb(b % p_, p_), unit(a == 1 && b == 1) {}
  static T zero() { return 0; }
  T one() const { return 1; }
  T add(T x, T y) const {
    const u64 s = x + y;
    return s >= p ? s - p : s;
  }
  T mul(T x, T y) const { return u64((u128(x) * y) % p); }
  T times_a(T x) const { return unit ? x : ma(x, p); }
  T times_b(T x) const { return unit ? x : mb(x, p); }
  void step(T* out, const T* f, const T* g, std::int64_t m) const {
    if (unit) {
      ring_stage::mod_add_step(out, f, g, m, p);
      return;
    }
    for (std::int64_t k = 0; k < m; ++k) out[k] = add(ma(f[k], p), mb(g[k], p));
  }
  void scale_a(T* out, const T* f, std::int64_t m) const {
    if (unit) {
      for (std::int64_t k = 0; k < m; ++k) out[k] = f[k];
      return;
    }
    for (std::int64_t k = 0; k < m; ++k) out[k] = ma(f[k], p);
  }
};

struct WrapRing {
  using T = u64;
  static T zero() { return 0; }
  static T one() { return 1; }
  static T add(T x, T y) { return x + y; }
  static T mul(T x, T y) { return x * y; }
  static T times_a(T x) { return x; }
  static T times_b(T x) { return x; }
  static void step(T* out, const T* f, const T* g, std::int64_t m) {
    ring_stage::wrap_step(out, f, g, m);
  }
  static void scale_a(T* out, const T* f, std::int64_t m) {
    for (std::int64_t k = 0; k < m; ++k) out[k] = f[k];
  }
};

// Fixed-order sum of m values (the order never depends on threads).
template <class R>
typename R::T ring_sum(const R& r, const typename R::T* f, std::int64_t m) {
  typename R::T s = R::zero();
  for (std::int64_t k = 0; k < m; ++k) s = r.add(s, f[k]);
  return s;
}

}  // namespace foedus::power
