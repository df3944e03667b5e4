// Counting the coalitions of a weighted quota game without enumerating them: dynamic
// programming over weights, exact through residues modulo several primes below 2^62 (the caller
// recombines them with the Chinese remainder theorem into Python ints, so counts of any size are
// exact).
//
// f[s][w] = number of subsets T of the items processed so far with |T| = s and W(T) = w, for
// w <= H (heavier subsets are never queried, so they are dropped). Items are processed in the
// order given (the caller sorts them by descending weight). Before item i is added, the sums of
// f over the weight range [lo_i, hi_i] are accumulated per size: with items sorted by weight,
// these count the coalitions whose lightest free member is i (minimal winning coalitions). At
// the end, prefix sums of f up to each threshold are returned.
//
// Work: items x rows x (H + 1) modular additions per prime; the (prime, row) updates of one item
// run in parallel. Every residue is an exact function of the inputs, so results do not depend
// on the thread count.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "parallel.hpp"
#include "simd.hpp"

namespace foedus {

struct DpCountSpec {
  std::vector<std::int64_t> weights;     // items, in processing order; non-negative
  std::int64_t H = 0;                    // largest weight sum tracked (>= 0)
  int rows = 1;                          // sizes tracked: 0..rows-1; rows == 1: all sizes lumped
  std::vector<std::int64_t> lo, hi;      // per item: weight range of the pre-item query (lo > hi: none)
  std::vector<std::int64_t> thresholds;  // final prefix sums wanted: W(T) <= h (h < 0: none)
  std::vector<std::uint64_t> primes;     // distinct primes in (2^32, 2^62)
};

namespace dpstage {

// out[w] = (a[w] + b[w]) mod p for w < m; operands < p < 2^62.
FOEDUS_CLONES inline void add_mod(std::uint64_t* FOEDUS_RESTRICT out,
                                  const std::uint64_t* FOEDUS_RESTRICT a,
                                  const std::uint64_t* FOEDUS_RESTRICT b, std::int64_t m,
                                  std::uint64_t p) {
  const std::int64_t ps = std::int64_t(p);
  for (std::int64_t w = 0; w < m; ++w) {
    const std::int64_t x = std::int64_t(a[w] + b[w]) - ps;
    out[w] = std::uint64_t(x < 0 ? x + ps : x);
  }
}

inline std::uint64_t sum_mod(const std::uint64_t* a, std::int64_t m, std::uint64_t p) {
  std::uint64_t s = 0;
  for (std::int64_t w = 0; w < m; ++w) {
    s += a[w];
    if (s >= p) s -= p;
  }
  return s;
}

}  // namespace dpstage

// Returns residues indexed [((t * K) + j) * rows + s]: t < thresholds.size() are the prefix
// sums, t == thresholds.size() the accumulated pre-item queries; j the prime, s the size.
inline std::vector<std::uint64_t> dp_count(const DpCountSpec& spec, int n_threads,
                                           const InterruptCheck& check) {
  const std::int64_t H = spec.H;
  const int rows = spec.rows;
  const std::size_t K = spec.primes.size(), n_items = spec.weights.size();
  if (H < 0) throw std::invalid_argument("dp_count: H must be >= 0");
  if (rows < 1) throw std::invalid_argument("dp_count: rows must be >= 1");
  if (spec.lo.size() != n_items || spec.hi.size() != n_items)
    throw std::invalid_argument("dp_count: one query range per item");
  for (auto p : spec.primes)
    if (p < (std::uint64_t(1) << 32) || p >= (std::uint64_t(1) << 62))
      throw std::invalid_argument("dp_count: primes must lie in (2^32, 2^62)");
  for (auto w : spec.weights)
    if (w < 0) throw std::invalid_argument("dp_count: negative weight");
  const std::size_t width = std::size_t(H) + 1;
  const std::size_t T = spec.thresholds.size();
  std::vector<std::uint64_t> out((T + 1) * K * std::size_t(rows), 0);
  // Two buffers of K primes x rows x width: the rows after item i are computed from the rows
  // before it (g[s] = f[s] + f[s - 1] shifted by w), so (prime, row) units run in parallel.
  std::vector<std::uint64_t> fbuf(K * std::size_t(rows) * width, 0), gbuf(fbuf.size(), 0);
  std::uint64_t* f = fbuf.data();
  std::uint64_t* g = gbuf.data();
  auto at = [&](std::uint64_t* base, std::size_t j, int s) {
    return base + (j * std::size_t(rows) + std::size_t(s)) * width;
  };
  for (std::size_t j = 0; j < K; ++j) at(f, j, 0)[0] = at(g, j, 0)[0] = 1;
  using clock = std::chrono::steady_clock;
  auto last = clock::now();
  for (std::size_t i = 0; i < n_items; ++i) {
    if (check && clock::now() - last >= std::chrono::milliseconds(20)) {
      last = clock::now();
      if (check()) throw Interrupted();
    }
    const std::int64_t w = spec.weights[i];
    // sizes reachable after item i: 0..i+1 (rows above stay zero)
    const int top = int(std::min<std::size_t>(std::size_t(rows) - 1, i + 1));
    const std::int64_t a = std::max<std::int64_t>(spec.lo[i], 0);
    const std::int64_t b = std::min(spec.hi[i], H);
    const bool query = a <= b;
    const bool update = w <= H;  // heavier items only make sums above H
    // rows == 1 lumps every size into row 0, which then changes; else row 0 (the empty set)
    // never changes
    const int first = rows == 1 ? 0 : 1;
    const std::int64_t per_prime = top + 1;
    const std::int64_t units = std::int64_t(K) * per_prime;
    const double work = double(units) * double(width);
    parallel_blocks(units, work >= 65536.0 ? n_threads : 1, InterruptCheck(),
                    [&](std::int64_t u, int) {
      const std::size_t j = std::size_t(u / per_prime);
      const int s = int(u % per_prime);
      const std::uint64_t p = spec.primes[j];
      const std::uint64_t* src = at(f, j, s);
      if (query) {
        std::uint64_t& acc = out[((T * K) + j) * std::size_t(rows) + std::size_t(s)];
        acc = (acc + dpstage::sum_mod(src + a, b - a + 1, p)) % p;
      }
      if (s < first) return;
      std::uint64_t* dst = at(g, j, s);
      if (!update) {
        std::copy(src, src + width, dst);
        return;
      }
      const std::uint64_t* below = at(f, j, rows == 1 ? 0 : s - 1);
      std::copy(src, src + w, dst);
      dpstage::add_mod(dst + w, src + w, below, H - w + 1, p);
    });
    std::swap(f, g);
  }
  for (std::size_t t = 0; t < T; ++t) {
    const std::int64_t h = std::min(spec.thresholds[t], H);
    if (h < 0) continue;
    for (std::size_t j = 0; j < K; ++j)
      for (int s = 0; s < rows; ++s)
        out[((t * K) + j) * std::size_t(rows) + std::size_t(s)] =
            dpstage::sum_mod(at(f, j, s), h + 1, spec.primes[j]);
  }
  return out;
}

}  // namespace foedus
