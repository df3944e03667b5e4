// Optimal coalition structures: the dynamic program over all 2^n coalitions.
//
// f(S) = max( v(S), max over splits S = T + U of f(T) + f(U) ), where T holds the lowest member
// of S (each unordered split once). A split of S (S != N) is evaluated only when its larger
// part has at most n - |S| members: a size rule that, like ODP's (Michalak et al. 2016),
// removes redundant splits, and that contains IDP's rule (Rahwan and Jennings 2008) that
// coalitions with 2n/3 < |S| < n are not split at all. Why it is exact: for any partition of N, merge its blocks bottom-up, always
// the two smallest groups, until two remain, which form N. When C = C1 + C2 (|C1| <= |C2|) is
// formed, some third group exists and is at least as large as C2, so |C2| <= n - |C|: every
// merge is an evaluated split, hence f(N) reaches every partition's value (and f values are
// always values of partitions). About 38 % of the plain program's 3^n / 2 evaluations remain
// (n = 20..25). Coalitions are processed by size, a layer in parallel blocks of masks; every
// f(S) is computed by one
// thread in a fixed order (ties keep the first best split), so results are identical for any
// thread count. The best split of every S is kept, and the optimal partition read back from it.
// With a deadline the program stops between blocks and reports that it did not finish.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <vector>

#include "parallel.hpp"

namespace foedus::csg {

constexpr int kMaxDpPlayers = 30;

struct DpResult {
  bool finished = false;
  double value = -std::numeric_limits<double>::infinity();
  std::vector<std::uint64_t> blocks;  // the optimal partition, as masks
  std::uint64_t evaluated = 0;        // splits evaluated
};

inline DpResult solve_dp(const double* v, int n, double seconds, int n_threads,
                         const InterruptCheck& check) {
  using clock = std::chrono::steady_clock;
  const bool timed = seconds > 0 && seconds < 1e9;  // beyond 30 years: no limit (no overflow)
  const auto deadline = clock::now() + std::chrono::duration_cast<clock::duration>(
                                           std::chrono::duration<double>(timed ? seconds : 0));
  const std::int64_t total = std::int64_t(1) << n;
  std::vector<double> f(static_cast<std::size_t>(total));
  std::vector<std::uint64_t> split(static_cast<std::size_t>(total), 0);
  f[0] = 0.0;
  DpResult res;
  const std::int64_t block = 4096;
  const std::int64_t nb = (total + block - 1) / block;
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(nb), 0);
  std::atomic<bool> late{false};
  for (int s = 1; s <= n && !late.load(); ++s) {
    // the sizes of T (the part with S's lowest member) whose splits are evaluated
    const int lo = s == n ? 1 : std::max(1, s - (n - s));
    const int hi = s == n ? s - 1 : std::min(s - 1, n - s);
    const bool skip = lo > hi;
    parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
      if (timed && clock::now() > deadline) {
        late.store(true);
        return;
      }
      const std::int64_t s1 = std::min(total, (b + 1) * block);
      std::uint64_t evals = 0;
      for (std::int64_t S = std::max<std::int64_t>(1, b * block); S < s1; ++S) {
        const auto m = std::uint64_t(S);
        if (__builtin_popcountll(m) != s) continue;
        double best = v[S];
        std::uint64_t arg = 0;
        const std::uint64_t low = m & (~m + 1), rest = m ^ low;
        if (rest && !skip) {
          for (std::uint64_t r = (rest - 1) & rest;; r = (r - 1) & rest) {
            const int t = 1 + __builtin_popcountll(r);
            if (t >= lo && t <= hi) {
              const std::uint64_t T = low | r;
              const double cand = f[T] + f[m ^ T];
              ++evals;
              if (cand > best) {
                best = cand;
                arg = T;
              }
            }
            if (r == 0) break;
          }
        }
        f[S] = best;
        split[S] = arg;
      }
      counts[std::size_t(b)] += evals;
    });
  }
  for (auto c : counts) res.evaluated += c;
  if (late.load()) return res;
  res.finished = true;
  res.value = f[total - 1];
  std::vector<std::uint64_t> stack{std::uint64_t(total - 1)};
  while (!stack.empty()) {
    const std::uint64_t S = stack.back();
    stack.pop_back();
    if (split[S] == 0) {
      res.blocks.push_back(S);
    } else {
      stack.push_back(split[S]);
      stack.push_back(S ^ split[S]);
    }
  }
  return res;
}

}  // namespace foedus::csg
