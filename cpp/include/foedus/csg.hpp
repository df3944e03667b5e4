// Optimal coalition structures: the dynamic program over all 2^n coalitions.
//
// f(S) = max( v(S), max over splits S = T + U of f(T) + f(U) ), where T holds the lowest member
// of S (each unordered split once). As in IDP (Rahwan and Jennings 2008), coalitions with
// 2n/3 < |S| < n are not split: every partition of N either has a block of more than 2n/3
// members (then N = that block + the rest, the rest smaller than n/3) or can be cut into two
// groups of whole blocks of at most 2n/3 members each (take a block of at least n/3 members,
// or add blocks smaller than n/3 until the group reaches n/3), so f(N) is still the optimum;
// this halves the 3^n / 2 split evaluations of the plain program. (Restricting the splits of
// smaller coalitions by size as well, e.g. to a larger part of at most n - |S| members, which
// is also exact, was measured slower: it breaks the locality of the descending submask
// order, and the loop is bound by memory.) Coalitions
// are processed by size, a layer in parallel blocks of masks; every f(S) is computed by one
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
    const bool skip = 3 * s > 2 * n && s < n;  // IDP: no splits of these sizes
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
            const std::uint64_t T = low | r;
            const double cand = f[T] + f[m ^ T];
            ++evals;
            if (cand > best) {
              best = cand;
              arg = T;
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
