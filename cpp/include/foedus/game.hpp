// Kernels over the characteristic function of a TU game, v[S] for all 2^n masks S.
//
// bit_sums: for c[S] = alpha[|S|] v[S], the sums over coalitions containing i (and i and j), and
// the total of beta[|S|] v[S]. Semivalues (Shapley, Banzhaf, any weights by size) and the
// interaction indices reduce to them: psi_i = sum_{S not i} p(|S|) (v(S+i) - v(S)) equals
// sum_{S ni i} (p(|S|-1) + p(|S|)) v(S) - sum_S p(|S|) v(S). The masks are cut into chunks of
// 2^L (L = min(n, 14)): bits below L are summed inside the chunk's buffer, bits at or above L
// take the chunk's total when the chunk index has them. Partial sums per chunk are combined in
// chunk order, so results are identical for every thread count.
//
// moebius: Harsanyi dividends in place (and back), one butterfly pass per bit; the bits below L
// are done chunk by chunk in cache.
//
// superadditive_violation: the smallest S (as a mask) with v(S) < v(T) + v(S - T) - rel (|v(S)|
// + |v(T)| + |v(S - T)|) for a split T, over all 3^n pairs, chunks stopping once a smaller
// violation is known.
//
// graph_restricted: Myerson's graph-restricted game, v^g(S) = sum of v over the components of
// S in the graph (adjacency masks), each component found by a flood fill over masks.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "bits.hpp"
#include "parallel.hpp"

namespace foedus::game {

constexpr int kMaxGamePlayers = 34;
constexpr int kChunkBits = 14;

inline int popcnt(std::uint64_t x) { return __builtin_popcountll(x); }

struct BitSums {
  std::vector<double> singles;  // n
  std::vector<double> pairs;    // n x n (i < j filled and mirrored), or empty
  double total = 0.0;
};

inline BitSums bit_sums(const double* v, int n, const double* alpha, const double* beta,
                        bool pairs, int n_threads, const InterruptCheck& check) {
  const int L = std::min(n, kChunkBits);
  const std::int64_t chunk = std::int64_t(1) << L;
  const std::int64_t n_chunks = std::int64_t(1) << (n - L);
  const std::size_t per = std::size_t(n) + 1 + (pairs ? std::size_t(n) * std::size_t(n) : 0);
  std::vector<double> part(static_cast<std::size_t>(n_chunks) * per, 0.0);
  parallel_blocks(n_chunks, n_threads, check, [&](std::int64_t h, int) {
    std::vector<double> c(static_cast<std::size_t>(chunk));
    double* out = part.data() + std::size_t(h) * per;
    const int high_pop = popcnt(std::uint64_t(h));
    const std::int64_t base = h << L;
    double tb = 0.0, tc = 0.0;
    for (std::int64_t t = 0; t < chunk; ++t) {
      const int s = high_pop + popcnt(std::uint64_t(t));
      const double val = v[base + t];
      c[std::size_t(t)] = alpha[s] * val;
      tc += c[std::size_t(t)];
      tb += beta[s] * val;
    }
    out[n] = tb;
    std::vector<double> low(static_cast<std::size_t>(L), 0.0);
    for (int i = 0; i < L; ++i) {  // masks with bit i: runs of 2^i every 2^(i+1)
      double s = 0.0;
      const std::int64_t step = std::int64_t(1) << i;
      for (std::int64_t b = step; b < chunk; b += 2 * step)
        for (std::int64_t t = 0; t < step; ++t) s += c[std::size_t(b + t)];
      low[std::size_t(i)] = s;
      out[i] = s;
    }
    for (int i = L; i < n; ++i)
      if ((h >> (i - L)) & 1) out[i] = tc;
    if (!pairs) return;
    double* P = out + n + 1;
    for (int i = 0; i < L; ++i)
      for (int j = i + 1; j < L; ++j) {  // both low: masks with bits i and j
        double s = 0.0;
        const std::int64_t bi = std::int64_t(1) << i, bj = std::int64_t(1) << j;
        for (std::int64_t b = bj; b < chunk; b += 2 * bj)      // bit j set
          for (std::int64_t a = bi; a < bj; a += 2 * bi)       // bit i set below j
            for (std::int64_t t = 0; t < bi; ++t) s += c[std::size_t(b + a + t)];
        P[i * n + j] = s;
      }
    for (int j = L; j < n; ++j) {
      if (!((h >> (j - L)) & 1)) continue;
      for (int i = 0; i < L; ++i) P[i * n + j] = low[std::size_t(i)];
      for (int i = L; i < j; ++i)
        if ((h >> (i - L)) & 1) P[i * n + j] = tc;
    }
  });
  BitSums r;
  r.singles.assign(std::size_t(n), 0.0);
  if (pairs) r.pairs.assign(std::size_t(n) * std::size_t(n), 0.0);
  for (std::int64_t h = 0; h < n_chunks; ++h) {  // fixed order
    const double* out = part.data() + std::size_t(h) * per;
    for (int i = 0; i < n; ++i) r.singles[std::size_t(i)] += out[i];
    r.total += out[n];
    if (pairs)
      for (std::size_t k = 0; k < std::size_t(n) * std::size_t(n); ++k)
        r.pairs[k] += out[std::size_t(n) + 1 + k];
  }
  if (pairs)
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j)
        r.pairs[std::size_t(j * n + i)] = r.pairs[std::size_t(i * n + j)];
  return r;
}

// In place: dividends d(S) = sum_{T subset S} (-1)^{|S|-|T|} v(T) (inverse = false), or back
// v(S) = sum_{T subset S} d(T) (inverse = true).
inline void moebius(double* v, int n, bool inverse, int n_threads, const InterruptCheck& check) {
  const int L = std::min(n, kChunkBits);
  const std::int64_t chunk = std::int64_t(1) << L;
  const std::int64_t n_chunks = std::int64_t(1) << (n - L);
  const double sign = inverse ? 1.0 : -1.0;
  parallel_blocks(n_chunks, n_threads, check, [&](std::int64_t h, int) {
    double* c = v + (h << L);
    for (int i = 0; i < L; ++i) {
      const std::int64_t step = std::int64_t(1) << i;
      for (std::int64_t b = step; b < chunk; b += 2 * step)
        for (std::int64_t t = 0; t < step; ++t) c[b + t] += sign * c[b + t - step];
    }
  });
  for (int i = L; i < n; ++i) {  // high bits: chunk pairs (h without bit, h with bit)
    const std::int64_t hb = std::int64_t(1) << (i - L);
    parallel_blocks(n_chunks / 2, n_threads, check, [&](std::int64_t u, int) {
      // the u-th chunk index without bit (i - L): spread u around that bit
      const std::int64_t lo = u & (hb - 1), hi = (u >> (i - L)) << (i - L + 1);
      const std::int64_t h0 = hi | lo, h1 = h0 | hb;
      double* a = v + (h0 << L);
      double* b = v + (h1 << L);
      for (std::int64_t t = 0; t < chunk; ++t) b[t] += sign * a[t];
    });
  }
}

// The smallest coalition S (mask) that some split T, S - T violates v(S) >= v(T) + v(S - T) by
// more than rel times the magnitudes involved; -1 if none. With it, the split T (the first in
// submask order containing S's lowest member).
inline std::pair<std::int64_t, std::int64_t> superadditive_violation(
    const double* v, int n, double tol, int n_threads, const InterruptCheck& check) {
  const std::int64_t total = std::int64_t(1) << n;
  const std::int64_t block = 1024;
  const std::int64_t nb = (total + block - 1) / block;
  std::atomic<std::int64_t> best{std::numeric_limits<std::int64_t>::max()};
  std::vector<std::int64_t> split(static_cast<std::size_t>(nb), -1), where(split.size(), -1);
  parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
    const std::int64_t s0 = b * block, s1 = std::min(total, s0 + block);
    for (std::int64_t S = s0; S < s1; ++S) {
      if (S >= best.load(std::memory_order_relaxed)) return;
      const std::uint64_t s = std::uint64_t(S);
      if (popcnt(s) < 2) continue;
      const std::uint64_t low = s & (~s + 1), rest = s ^ low;
      // T = low + any proper submask of rest (T != S)
      for (std::uint64_t r = (rest - 1) & rest;; r = (r - 1) & rest) {
        const std::uint64_t T = low | r;
        const double whole = v[S], part = v[T], rest_v = v[s ^ T];
        if (whole < part + rest_v -
                        tol * (std::fabs(whole) + std::fabs(part) + std::fabs(rest_v))) {
          where[std::size_t(b)] = S;
          split[std::size_t(b)] = std::int64_t(T);
          std::int64_t cur = best.load();
          while (S < cur && !best.compare_exchange_weak(cur, S)) {
          }
          return;
        }
        if (r == 0) break;
      }
    }
  });
  for (std::size_t b = 0; b < where.size(); ++b)
    if (where[b] >= 0) return {where[b], split[b]};
  return {-1, -1};
}

// v^g(S) = sum over the connected components C of S in the graph of v(C).
inline void graph_restricted(const double* v, int n, const std::uint64_t* adjacent, double* out,
                             int n_threads, const InterruptCheck& check) {
  const std::int64_t total = std::int64_t(1) << n;
  const std::int64_t block = 4096;
  const std::int64_t nb = (total + block - 1) / block;
  parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
    const std::int64_t s1 = std::min(total, (b + 1) * block);
    for (std::int64_t S = b * block; S < s1; ++S) {
      std::uint64_t left = std::uint64_t(S);
      double sum = 0.0;
      while (left) {
        std::uint64_t comp = left & (~left + 1), frontier = comp;
        while (frontier) {
          std::uint64_t next = 0, f = frontier;
          while (f) {
            const int i = __builtin_ctzll(f);
            f &= f - 1;
            next |= adjacent[i];
          }
          next &= left & ~comp;
          comp |= next;
          frontier = next;
        }
        sum += v[comp];
        left &= ~comp;
      }
      out[S] = sum;
    }
  });
}

}  // namespace foedus::game
