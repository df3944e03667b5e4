// Optimal coalition structures: a dynamic program over coalitions by size, interleaved with an
// integer-partition branch and bound that uses what the program has computed so far.
//
// Dynamic program (DP). f(S) = max( v(S), max over splits S = T + U of f(T) + f(U) ), where T
// holds the lowest member of S (each unordered split once), computed layer by layer in |S|.
// As in IDP (Rahwan and Jennings 2008) and ODP (Michalak et al. 2016), coalitions with
// 2n/3 < |S| < n are never split: every partition of N either has a block of more than 2n/3
// members (then N = that block + the rest) or can be cut into two groups of whole blocks of at
// most 2n/3 members each, so the best split of N itself, max_T f(T) + f(N \ T), is the optimum
// once the layers up to 2n/3 are done. (Restricting the splits of smaller coalitions by size as
// well, e.g. to a larger part of at most n - |S| members, which is also exact, was measured
// slower: it breaks the locality of the descending submask order, and the loop is bound by
// memory.) A layer runs in parallel blocks of masks; every f(S) is computed by one thread in a
// fixed order, so results are identical for any thread count. No split table is kept: the
// optimal partition is read back by finding, for each coalition on its path, a split whose sum
// reproduces f (memory: the values and f, 16 bytes per coalition).
//
// After each layer k (the design of ODP-IP, Michalak et al., AIJ 2016, which runs ODP and IP
// side by side; here they alternate, which keeps every result independent of the threads):
//  * the best split of N with the current f gives a partition and a lower bound LB;
//  * IP's bound (Rahwan et al., JAIR 2009): UB(m) = the best sum over integer partitions of m
//    where a size used c times takes the c largest values v of that size. UB(n), and the same
//    bound over f, bound the optimum (the anytime upper bound);
//  * a greedy dive (the block holding the lowest agent left maximises v(B) + UB(rest); a
//    remainder of at most k agents is closed with f) often finds the optimum or close to it;
//  * then a depth-first branch and bound over partitions: the block holding the lowest agent
//    left is taken from lists of candidates sorted by v (a block B of a partition better than
//    LB has v(B) + UB(n - |B|) > LB, which is how the lists are chosen), block sizes in order
//    of promise; a branch with value `cur` and m agents left is pruned when
//    cur + v(B) + UB(m - |B|) <= LB, and a remainder of at most k agents is closed exactly
//    with f (the DP's values replace IP's search of the small blocks). The search is
//    sequential, with a budget of an eighth of the next layer's split evaluations in
//    candidates examined; when it runs out the program computes the next layer and the search
//    starts again with the better f. When a search completes, LB is optimal.
//  * after a search that ran out (of budget or of room for candidates), agent prices y are fitted
//    once (lagrange()): every later search runs over w(S) = v(S) - y(S), which has the same
//    optimum (each partition of N loses y(N)) and, on near-additive values, far tighter size
//    bounds. The prices are kept only when they tighten IP's bound.
// The bounds carry a tolerance of 1e-11 relative, so no partition is lost to rounding.
// Measured alternatives that did not pay: lists and bounds over f instead of v (f's maxima are
// looser), pruning whole layers by the sizes of surviving integer partitions (none pruned), and
// enumerating only the splits of ODP's size rule (3x the time per split: locality).
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "parallel.hpp"

namespace foedus::csg {

constexpr int kMaxDpPlayers = 30;

struct Result {
  bool optimal = false;  // proven optimal (false when stopped by the deadline)
  double value = -std::numeric_limits<double>::infinity();  // of the best partition found
  double upper_bound = std::numeric_limits<double>::infinity();
  std::vector<std::uint64_t> blocks;  // the best partition found, as masks (empty: none)
  std::uint64_t evaluated = 0;        // DP split evaluations (including the splits of N)
  std::uint64_t search_work = 0;      // candidate blocks examined by the branch and bound
  int dp_size = 0;                    // the largest coalition size the DP completed
};

class Solver {
 public:
  Solver(const double* v, int n, double seconds, int n_threads, const InterruptCheck& check,
         bool use_search = true)
      : v_(v), n_(n), total_(std::int64_t(1) << n), full_((std::uint64_t(1) << n) - 1),
        threads_(n_threads), check_(check), use_search_(use_search),
        timed_(seconds > 0 && seconds < 1e9),  // beyond 30 years: no limit (no overflow)
        deadline_(clock::now() + std::chrono::duration_cast<clock::duration>(
                                     std::chrono::duration<double>(timed_ ? seconds : 0))) {}

  Result run() {
    f_.assign(v_, v_ + total_);
    f_[0] = 0.0;
    set_prices(std::vector<double>(std::size_t(n_), 0.0));
    const int kmax = (2 * n_) / 3;
    grand_splits();
    if (use_search_) {
      size_bounds();
    }
    // progress: each layer's share of the program's split evaluations, C(n, s) 2^(s-1)
    std::vector<double> work(std::size_t(kmax + 1), 0.0);
    double binom = double(n_), cumulative = 0.0;  // C(n, s), from C(n, 1)
    for (int s = 2; s <= kmax; ++s) {
      binom = binom * double(n_ - s + 1) / double(s);
      cumulative += binom * std::ldexp(1.0, s - 1);
      work[std::size_t(s)] = cumulative;
    }
    for (int s = 2; s <= kmax; ++s) {
      ProgressStage stage(work[std::size_t(s - 1)] / cumulative, work[std::size_t(s)] / cumulative);
      if (!layer(s)) return finish(false);
      k_ = s;
      grand_splits();
      if (late()) return finish(false);
      if (s < kmax && use_search_ && attempt_search(s + 1)) return finish(true);
    }
    k_ = std::max(k_, kmax);
    return finish(true);
  }

 private:
  using clock = std::chrono::steady_clock;
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  static constexpr std::int64_t kBlock = 4096;
  // a search may examine (next layer's split evaluations) / kBudgetShare candidates
  static constexpr std::uint64_t kBudgetShare = 8;
  static constexpr double kAlphaMax = 3.0;  // the scale of the prices is sought in [0, 3]
  static constexpr int kGoldenSteps = 16;    // to 3 * 0.618^16 = 0.002

  struct Candidate {
    double val;
    std::uint64_t mask;
  };
  struct Aborted {};

  const double* v_;
  int n_;
  std::int64_t total_;
  std::uint64_t full_;
  int threads_;
  const InterruptCheck& check_;
  bool use_search_;
  bool timed_;
  clock::time_point deadline_;
  std::vector<double> f_;
  int k_ = 1;  // f is exact for coalitions of at most k_ members
  double lb_ = -kInf;
  std::vector<std::uint64_t> lb_blocks_;  // coarse blocks of the best partition (f-expandable)
  double ub_n_ = kInf;
  std::uint64_t evaluated_ = 0, work_ = 0;
  // the branch and bound's state
  std::vector<double> max_f_, vmax_, ub_v_;
  std::vector<std::vector<double>> vtop_;
  std::vector<std::vector<int>> order_;  // by agents left: block sizes in order of promise
  std::vector<std::vector<Candidate>> lists_;  // by (lowest member, size)
  std::vector<std::uint64_t> path_;
  double eps_ = 0;
  std::uint64_t budget_ = 0;
  // The search runs over w(S) = v(S) - y(S) for agent prices y (zero until a search fails):
  // every partition of N has w-value = v-value - y(N), so the optimum is the same, and IP's
  // size bounds over w are far tighter when values are close to additive (see lagrange()).
  static constexpr int kLoBits = 15;
  std::vector<double> ylo_, yhi_;  // y(S) = ylo_[low bits of S] + yhi_[high bits of S]
  double y_full_ = 0.0, y_abs_ = 0.0;
  bool priced_ = false;
  int failures_ = 0;
  clock::time_point last_poll_;

  bool late() const { return timed_ && clock::now() > deadline_; }

  double y_of(std::uint64_t S) const { return ylo_[S & ((1u << kLoBits) - 1)] + yhi_[S >> kLoBits]; }
  double w_of(std::uint64_t S) const { return v_[S] - y_of(S); }

  // Tables of y(S) for prices y (all zero: w = v exactly).
  void set_prices(const std::vector<double>& y) {
    const int lo = std::min(n_, kLoBits), hi = n_ - lo;
    ylo_.assign(std::size_t(1) << lo, 0.0);
    yhi_.assign(std::size_t(1) << hi, 0.0);
    for (std::size_t S = 1; S < ylo_.size(); ++S)
      ylo_[S] = ylo_[S & (S - 1)] + y[std::size_t(__builtin_ctzll(S))];
    for (std::size_t S = 1; S < yhi_.size(); ++S)
      yhi_[S] = yhi_[S & (S - 1)] + y[std::size_t(__builtin_ctzll(S) + lo)];
    y_full_ = y_of(full_);
    y_abs_ = 0.0;
    for (double a : y) y_abs_ += std::fabs(a);
  }

  static std::uint64_t binom(int a, int b) {
    if (b < 0 || b > a) return 0;
    std::uint64_t r = 1;
    for (int i = 1; i <= b; ++i) r = r * std::uint64_t(a - b + i) / std::uint64_t(i);
    return r;
  }

  // One DP layer: f(S) for every |S| = s. False when the deadline passed (f of the layer is
  // then incomplete and k_ is not advanced).
  bool layer(int s) {
    const std::int64_t nb = (total_ + kBlock - 1) / kBlock;
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(nb), 0);
    std::atomic<bool> stopped{false};
    double* f = f_.data();
    parallel_blocks(nb, threads_, check_, [&](std::int64_t b, int) {
      if (stopped.load(std::memory_order_relaxed)) return;
      if (late()) {
        stopped.store(true);
        return;
      }
      const std::int64_t end = std::min(total_, (b + 1) * kBlock);
      std::uint64_t evals = 0;
      for (std::int64_t S = std::max<std::int64_t>(1, b * kBlock); S < end; ++S) {
        const auto m = std::uint64_t(S);
        if (__builtin_popcountll(m) != s) continue;
        const std::uint64_t low = m & (~m + 1), rest = m ^ low;
        // submasks r of rest below rest, descending; T = low | r. Four running maxima break
        // the dependency chain of max (a latency chain otherwise).
        std::uint64_t left = (std::uint64_t(1) << (s - 1)) - 1;
        evals += left;
        double b0 = f[S], b1 = b0, b2 = b0, b3 = b0;
        std::uint64_t r = (rest - 1) & rest;
        while (left >= 4) {
          const std::uint64_t r1 = (r - 1) & rest, r2 = (r1 - 1) & rest, r3 = (r2 - 1) & rest;
          b0 = std::max(b0, f[low | r] + f[m ^ (low | r)]);
          b1 = std::max(b1, f[low | r1] + f[m ^ (low | r1)]);
          b2 = std::max(b2, f[low | r2] + f[m ^ (low | r2)]);
          b3 = std::max(b3, f[low | r3] + f[m ^ (low | r3)]);
          r = (r3 - 1) & rest;
          left -= 4;
        }
        for (; left > 0; --left, r = (r - 1) & rest) b0 = std::max(b0, f[low | r] + f[m ^ (low | r)]);
        f[S] = std::max(std::max(b0, b1), std::max(b2, b3));
      }
      counts[std::size_t(b)] = evals;
    });
    for (auto c : counts) evaluated_ += c;
    return !stopped.load();
  }

  // The best split of N with the current f (and N itself): a partition, kept when it beats LB.
  void grand_splits() {
    const std::uint64_t top = std::uint64_t(1) << (n_ - 1);  // T holds the last agent
    const std::int64_t half = std::int64_t(top);
    const std::int64_t nb = (half + kBlock - 1) / kBlock;
    std::vector<double> best(static_cast<std::size_t>(nb), -kInf);
    std::vector<std::uint64_t> arg(static_cast<std::size_t>(nb), 0);
    const double* f = f_.data();
    parallel_blocks(nb, threads_, check_, [&](std::int64_t b, int) {
      const std::int64_t end = std::min(half, (b + 1) * kBlock);
      double bv = -kInf;
      std::uint64_t ba = 0;
      for (std::int64_t i = b * kBlock; i < end; ++i) {
        const std::uint64_t T = top | std::uint64_t(i);
        const double c = f[T] + f[full_ ^ T];
        if (c > bv) {
          bv = c;
          ba = T;
        }
      }
      best[std::size_t(b)] = bv;
      arg[std::size_t(b)] = ba;
    });
    evaluated_ += top;
    for (std::size_t b = 0; b < best.size(); ++b) {
      if (best[b] > lb_) {
        lb_ = best[b];
        lb_blocks_.clear();
        lb_blocks_.push_back(arg[b]);
        if (arg[b] != full_) lb_blocks_.push_back(full_ ^ arg[b]);
      }
    }
  }

  // IP's bounds over w: the largest w of each size and UB(m) for every m.
  void size_bounds() {
    vtop_ = top_values(v_, priced_);
    vmax_.assign(std::size_t(n_ + 1), 0.0);
    for (int t = 1; t <= n_; ++t) vmax_[t] = vtop_[t][0];
    ub_v_ = knapsack(vtop_);
  }

  // top[t][j]: the j-th largest of x (x - y when `shift`) over coalitions of t members, for
  // j < n / t.
  std::vector<std::vector<double>> top_values(const double* x, bool shift) {
    const std::int64_t nb = (total_ + kBlock - 1) / kBlock;
    const int w = n_ + 1;
    std::vector<int> cap(std::size_t(w), 0), off(std::size_t(w) + 1, 0);
    for (int t = 1; t < w; ++t) cap[t] = n_ / t;
    for (int t = 0; t < w; ++t) off[t + 1] = off[t] + cap[t];
    const int width = off[w];
    std::vector<double> part(static_cast<std::size_t>(nb * width), -kInf);
    parallel_blocks(nb, threads_, check_, [&](std::int64_t b, int) {
      double* top = part.data() + b * width;
      const std::int64_t end = std::min(total_, (b + 1) * kBlock);
      for (std::int64_t S = std::max<std::int64_t>(1, b * kBlock); S < end; ++S) {
        const int t = __builtin_popcountll(std::uint64_t(S));
        double* L = top + off[t];
        const double y = shift ? x[S] - y_of(std::uint64_t(S)) : x[S];
        int j = cap[t] - 1;
        if (!(y > L[j])) continue;
        while (j > 0 && y > L[j - 1]) {  // insertion into the sorted top list
          L[j] = L[j - 1];
          --j;
        }
        L[j] = y;
      }
    });
    std::vector<std::vector<double>> out(static_cast<std::size_t>(w));
    std::vector<double> all;
    for (int t = 1; t < w; ++t) {
      all.clear();
      for (std::int64_t b = 0; b < nb; ++b)
        for (int j = 0; j < cap[t]; ++j) all.push_back(part[std::size_t(b * width + off[t] + j)]);
      std::partial_sort(all.begin(), all.begin() + cap[t], all.end(), std::greater<double>());
      out[t].assign(all.begin(), all.begin() + cap[t]);
    }
    return out;
  }

  // Agent prices for the search (a Lagrangian relaxation of IP's bound). For any prices y,
  // the optimum is at most y(N) + IP's bound over w = v - y, and the right side is convex in
  // y. The direction is the least-squares additive fit of v (additive_fit); its scale alpha in
  // [0, kAlphaMax] is chosen by golden-section search on the bound, and the prices are kept
  // only when they close at least a tenth of the gap between the bound over v and LB. Values
  // made of one draw per member (the agent-based distributions) have bounds over v some 50 %
  // above the optimum; over w the gap is a few percent, and the search proves the optimum
  // after a few layers instead of the whole program. The scale search runs over the few
  // coalitions that can be among the top values of their size for some alpha (lines()).
  void lagrange() {
    priced_ = true;  // tried once, kept or not
    const std::vector<double> dir = additive_fit();
    set_prices(dir);
    const double dir_full = y_full_;
    std::vector<std::vector<Line>> cand;
    const bool few = lines(cand);
    const int w = n_ + 1;
    std::vector<std::vector<double>> top(static_cast<std::size_t>(w));
    std::vector<double> y(static_cast<std::size_t>(n_));
    auto bound_at = [&](double alpha) {
      double u;
      if (few) {
        for (int t = 1; t < w; ++t) {
          const std::size_t c = std::size_t(n_ / t);
          auto& T = top[std::size_t(t)];
          T.clear();
          for (const Line& l : cand[std::size_t(t)]) T.push_back(l.v - alpha * l.d);
          const std::size_t keep = std::min(c, T.size());
          std::partial_sort(T.begin(), T.begin() + std::ptrdiff_t(keep), T.end(),
                            std::greater<double>());
          T.resize(c, -kInf);
        }
        u = alpha * dir_full + knapsack(top)[std::size_t(n_)];
      } else {  // too many lines to keep: a pass over all coalitions per evaluation
        for (int a = 0; a < n_; ++a) y[std::size_t(a)] = alpha * dir[std::size_t(a)];
        set_prices(y);
        u = y_full_ + knapsack(top_values(v_, true))[std::size_t(n_)];
      }
      return std::isnan(u) ? kInf : u;
    };
    const double base = ub_v_[std::size_t(n_)];  // alpha = 0: v itself
    double lo = 0.0, hi = kAlphaMax;
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    double f1 = bound_at(x1), f2 = bound_at(x2);
    for (int it = 0; it < kGoldenSteps; ++it) {
      if (f1 <= f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - g * (hi - lo);
        f1 = bound_at(x1);
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + g * (hi - lo);
        f2 = bound_at(x2);
      }
    }
    const double alpha = f1 <= f2 ? x1 : x2, best = std::min(f1, f2);
    const bool keep = std::isfinite(lb_) && best < base - 0.1 * (base - lb_);
    for (int a = 0; a < n_; ++a) y[std::size_t(a)] = keep ? alpha * dir[std::size_t(a)] : 0.0;
    set_prices(y);
    size_bounds();  // exact bounds over w (the scale search may have used fewer coalitions)
  }

  // The least-squares fit of v(S) by a sum of agent terms over all coalitions (those with
  // v = -inf left out): for the all-subsets design the normal equations give
  // y = (s - sum(s) / (n + 1)) / 2^(n-2), s_a the sum of v over the coalitions holding a.
  // Sums run by low pattern (the 2^12 masks of a block) and by block, in fixed chunks, so the
  // result does not depend on the threads.
  std::vector<double> additive_fit() {
    const std::int64_t width = std::min<std::int64_t>(total_, kBlock);
    const int lo = __builtin_ctzll(std::uint64_t(width));
    const std::int64_t nb = total_ / width;
    const std::int64_t per = 64, chunks = (nb + per - 1) / per;
    std::vector<double> low(static_cast<std::size_t>(chunks * width), 0.0);
    std::vector<double> block(static_cast<std::size_t>(nb), 0.0);
    parallel_blocks(chunks, threads_, check_, [&](std::int64_t c, int) {
      double* L = low.data() + c * width;
      for (std::int64_t b = c * per; b < std::min(nb, (c + 1) * per); ++b) {
        const double* x = v_ + b * width;
        double sum = 0.0;
        for (std::int64_t l = (b == 0); l < width; ++l) {
          const double xl = std::isfinite(x[l]) ? x[l] : 0.0;
          L[l] += xl;
          sum += xl;
        }
        block[std::size_t(b)] = sum;
      }
    });
    std::vector<double> by_low(static_cast<std::size_t>(width), 0.0);
    for (std::int64_t c = 0; c < chunks; ++c)
      for (std::int64_t l = 0; l < width; ++l) by_low[std::size_t(l)] += low[std::size_t(c * width + l)];
    std::vector<double> s(static_cast<std::size_t>(n_), 0.0);
    for (std::int64_t l = 1; l < width; ++l)
      for (std::uint64_t r = std::uint64_t(l); r; r &= r - 1) s[std::size_t(__builtin_ctzll(r))] += by_low[std::size_t(l)];
    for (std::int64_t b = 1; b < nb; ++b)
      for (std::uint64_t r = std::uint64_t(b); r; r &= r - 1)
        s[std::size_t(__builtin_ctzll(r) + lo)] += block[std::size_t(b)];
    double total_s = 0.0;
    for (double x : s) total_s += x;
    const double scale = std::ldexp(1.0, -(n_ - 2));
    for (double& x : s) x = (x - total_s / (n_ + 1)) * scale;
    return s;
  }

  struct Line {
    double v, d;  // w(alpha) = v - alpha d
  };

  // With y_of = the direction d: by size, the coalitions whose line v - alpha d can be among
  // the top n/t of its size for some alpha in [0, kAlphaMax]. Witnesses are the top lines at
  // the midpoint; a line below the lowest witness at both ends is below it on the whole
  // interval (their difference is convex in alpha), and the witnesses are n/t lines above it.
  // False when that leaves too many coalitions to keep (more than 1/16 of them).
  bool lines(std::vector<std::vector<Line>>& out) {
    const std::int64_t nb = (total_ + kBlock - 1) / kBlock;
    const int w = n_ + 1;
    const double mid = 0.5 * kAlphaMax;
    std::vector<int> cap(std::size_t(w), 0), off(std::size_t(w) + 1, 0);
    for (int t = 1; t < w; ++t) cap[t] = n_ / t;
    for (int t = 0; t < w; ++t) off[t + 1] = off[t] + cap[t];
    const int width = off[w];
    std::vector<Line> part(static_cast<std::size_t>(nb * width), Line{-kInf, 0.0});
    parallel_blocks(nb, threads_, check_, [&](std::int64_t b, int) {
      Line* top = part.data() + b * width;
      const std::int64_t end = std::min(total_, (b + 1) * kBlock);
      for (std::int64_t S = std::max<std::int64_t>(1, b * kBlock); S < end; ++S) {
        const double x = v_[S];
        if (!std::isfinite(x)) continue;
        const double d = y_of(std::uint64_t(S)), at = x - mid * d;
        const int t = __builtin_popcountll(std::uint64_t(S));
        Line* L = top + off[t];
        int j = cap[t] - 1;
        if (!(at > L[j].v - mid * L[j].d)) continue;
        while (j > 0 && at > L[j - 1].v - mid * L[j - 1].d) {
          L[j] = L[j - 1];
          --j;
        }
        L[j] = Line{x, d};
      }
    });
    std::vector<double> thr0(std::size_t(w), -kInf), thr1(std::size_t(w), -kInf);
    std::vector<Line> all;
    for (int t = 1; t < w; ++t) {
      all.clear();
      for (std::int64_t b = 0; b < nb; ++b)
        for (int j = 0; j < cap[t]; ++j) {
          const Line& l = part[std::size_t(b * width + off[t] + j)];
          if (std::isfinite(l.v)) all.push_back(l);
        }
      if (all.size() < std::size_t(cap[t])) continue;  // keep every finite line of this size
      std::partial_sort(all.begin(), all.begin() + cap[t], all.end(),
                        [&](const Line& a, const Line& b) { return a.v - mid * a.d > b.v - mid * b.d; });
      thr0[t] = thr1[t] = kInf;
      for (int j = 0; j < cap[t]; ++j) {
        thr0[t] = std::min(thr0[t], all[std::size_t(j)].v);
        thr1[t] = std::min(thr1[t], all[std::size_t(j)].v - kAlphaMax * all[std::size_t(j)].d);
      }
    }
    auto kept = [&](std::int64_t S) {
      const double x = v_[S];
      if (!std::isfinite(x)) return false;
      const int t = __builtin_popcountll(std::uint64_t(S));
      return x >= thr0[t] || x - kAlphaMax * y_of(std::uint64_t(S)) >= thr1[t];
    };
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(nb), 0);
    parallel_blocks(nb, threads_, check_, [&](std::int64_t b, int) {
      const std::int64_t end = std::min(total_, (b + 1) * kBlock);
      std::uint64_t c = 0;
      for (std::int64_t S = std::max<std::int64_t>(1, b * kBlock); S < end; ++S) c += kept(S);
      counts[std::size_t(b)] = c;
    });
    std::uint64_t total = 0;
    for (auto c : counts) total += c;
    if (total > std::uint64_t(total_) / 16) return false;
    out.assign(std::size_t(w), {});
    for (std::int64_t b = 0; b < nb; ++b) {  // sequential: few coalitions pass
      if (counts[std::size_t(b)] == 0) continue;
      const std::int64_t end = std::min(total_, (b + 1) * kBlock);
      for (std::int64_t S = std::max<std::int64_t>(1, b * kBlock); S < end; ++S)
        if (kept(S))
          out[std::size_t(__builtin_popcountll(std::uint64_t(S)))].push_back(
              Line{v_[S], y_of(std::uint64_t(S))});
    }
    return true;
  }

  // With f exact up to k_: M_f[t], the largest f of t agents, and the anytime upper bound.
  void bounds() {
    const auto top = top_values(f_.data(), priced_);
    max_f_.assign(std::size_t(n_ + 1), 0.0);
    for (int t = 1; t <= n_; ++t) max_f_[t] = top[t][0];
    ub_n_ = std::min(std::min(ub_n_, y_full_ + knapsack(top)[std::size_t(n_)]),
                     ub_v_.empty() ? kInf : y_full_ + ub_v_[std::size_t(n_)]);
  }

  // UB(m): the best sum over integer partitions of m where a size used c times takes its c
  // largest values (the bound of IP, Rahwan et al. 2009).
  std::vector<double> knapsack(const std::vector<std::vector<double>>& top) const {
    const int w = n_ + 1;
    std::vector<double> g(static_cast<std::size_t>(w), -kInf), h;
    g[0] = 0.0;
    for (int t = 1; t < w; ++t) {
      h = g;
      double sum = 0.0;
      for (int c = 1; c <= n_ / t; ++c) {
        sum += top[t][c - 1];
        if (!(sum > -kInf)) break;
        for (int m = c * t; m < w; ++m) h[m] = std::max(h[m], g[m - c * t] + sum);
      }
      g.swap(h);
    }
    return g;
  }

  double rest_bound(int m) const { return m <= k_ ? std::min(max_f_[m], ub_v_[m]) : ub_v_[m]; }

  // Branch and bound with f exact up to k_ (the next layer being `next`); true when it proved
  // the optimum.
  bool attempt_search(int next) {
    const std::uint64_t next_cost = binom(n_, next) * ((std::uint64_t(1) << (next - 1)) - 1);
    if (next_cost < std::uint64_t(total_)) return false;  // the next layer is cheaper
    if (failures_ > 0 && !priced_) lagrange();
    bounds();
    if (!std::isfinite(lb_)) return false;
    dive();
    eps_ = 1e-11 * std::max({1.0, std::fabs(ub_n_), std::fabs(lb_), y_abs_});
    if (lb_ >= ub_n_ - eps_) return true;  // the bound meets the best partition found
    ++failures_;  // until proven otherwise below
    // candidates: a block B of a partition better than LB has w(B) + UB(n - |B|) > LB - y(N)
    const std::int64_t nb = (total_ + kBlock - 1) / kBlock;
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(nb), 0);
    std::vector<double> thr(std::size_t(n_ + 1));
    for (int t = 0; t <= n_; ++t) thr[t] = lb_ - y_full_ - ub_v_[n_ - t] - eps_;
    parallel_blocks(nb, threads_, check_, [&](std::int64_t b, int) {
      const std::int64_t end = std::min(total_, (b + 1) * kBlock);
      std::uint64_t c = 0;
      for (std::int64_t S = std::max<std::int64_t>(1, b * kBlock); S < end; ++S)
        c += w_of(std::uint64_t(S)) > thr[__builtin_popcountll(std::uint64_t(S))];
      counts[std::size_t(b)] = c;
    });
    std::uint64_t n_cand = 0;
    std::vector<std::uint64_t> offset(counts.size());
    for (std::size_t b = 0; b < counts.size(); ++b) {
      offset[b] = n_cand;
      n_cand += counts[b];
    }
    if (n_cand > std::uint64_t(total_) / 4 || n_cand > next_cost / 8) return false;
    std::vector<std::uint64_t> cand(n_cand);
    parallel_blocks(nb, threads_, check_, [&](std::int64_t b, int) {
      const std::int64_t end = std::min(total_, (b + 1) * kBlock);
      std::uint64_t at = offset[std::size_t(b)];
      for (std::int64_t S = std::max<std::int64_t>(1, b * kBlock); S < end; ++S)
        if (w_of(std::uint64_t(S)) > thr[__builtin_popcountll(std::uint64_t(S))])
          cand[at++] = std::uint64_t(S);
    });
    const int w = n_ + 1;
    lists_.assign(std::size_t(n_ * w), {});
    for (auto S : cand)
      lists_[std::size_t(__builtin_ctzll(S) * w + __builtin_popcountll(S))].push_back({w_of(S), S});
    for (auto& L : lists_)
      std::sort(L.begin(), L.end(), [](const Candidate& x, const Candidate& y) {
        return x.val > y.val || (x.val == y.val && x.mask < y.mask);
      });
    // block sizes by promise (the best block of that size plus the bound on the rest)
    order_.assign(std::size_t(w), {});
    for (int m = k_ + 1; m < w; ++m) {
      auto& o = order_[std::size_t(m)];
      for (int t = 1; t <= m; ++t)
        if (std::isfinite(vmax_[t] + rest_bound(m - t))) o.push_back(t);
      std::sort(o.begin(), o.end(), [&](int x, int y) {
        const double px = vmax_[x] + rest_bound(m - x), py = vmax_[y] + rest_bound(m - y);
        return px > py || (px == py && x > y);
      });
    }
    budget_ = work_ + std::max<std::uint64_t>(std::uint64_t(1) << 20, next_cost / kBudgetShare);
    path_.assign(std::size_t(n_ + 1), 0);
    last_poll_ = clock::now();
    bool done = true;
    try {
      dfs(full_, 0.0, 0);
    } catch (const Aborted&) {
      done = false;
    }
    lists_.clear();
    if (done) failures_ = 0;
    return done;
  }

  // A greedy dive for a lower bound: the block holding the lowest agent left is the one with
  // the best v(B) + UB(rest); a remainder of at most k_ agents is closed with f.
  void dive() {
    std::uint64_t rest = full_;
    double cur = 0.0;
    std::vector<std::uint64_t> blocks;
    while (__builtin_popcountll(rest) > k_) {
      const int m = __builtin_popcountll(rest);
      const std::uint64_t low = rest & (~rest + 1), others = rest ^ low;
      double best = -kInf;
      std::uint64_t arg = 0;
      for (std::uint64_t r = others;; r = (r - 1) & others) {
        const std::uint64_t B = low | r;
        const double score = w_of(B) + rest_bound(m - __builtin_popcountll(B));
        if (score > best) {
          best = score;
          arg = B;
        }
        if (r == 0) break;
      }
      if (!(best > -kInf)) return;
      blocks.push_back(arg);
      cur += v_[arg];
      rest ^= arg;
    }
    const double value = cur + f_[rest];  // v-value
    if (value > lb_) {
      lb_ = value;
      lb_blocks_ = blocks;
      if (rest) lb_blocks_.push_back(rest);
    }
  }

  void poll() {
    const auto now = clock::now();
    if (now - last_poll_ < std::chrono::milliseconds(20)) return;
    last_poll_ = now;
    if (check_ && check_()) throw Interrupted();
    if (timed_ && now > deadline_) throw Aborted();
  }

  // rest: agents left; cur: w-value of the blocks chosen (path_[0, depth)).
  void dfs(std::uint64_t rest, double cur, int depth) {
    const int m = __builtin_popcountll(rest);
    if (m <= k_) {  // closed exactly by the dynamic program
      if (cur + (f_[rest] - y_of(rest)) <= lb_ - y_full_ - eps_) return;
      double value = 0.0;  // the v-value, summed as the unshifted search sums it
      for (int i = 0; i < depth; ++i) value += v_[path_[std::size_t(i)]];
      value += f_[rest];
      if (value > lb_) {
        lb_ = value;
        lb_blocks_.assign(path_.begin(), path_.begin() + depth);
        if (rest) lb_blocks_.push_back(rest);
      }
      return;
    }
    const int a = __builtin_ctzll(rest);
    for (int t : order_[std::size_t(m)]) {
      const double rb = rest_bound(m - t);
      if (cur + vmax_[t] + rb <= lb_ - y_full_ - eps_) break;  // sizes in order of promise
      const auto& L = lists_[std::size_t(a * (n_ + 1) + t)];
      double limit = lb_ - y_full_ - eps_ - cur - rb;
      for (const Candidate& c : L) {
        if (c.val <= limit) break;
        if ((++work_ & 0xffff) == 0) {
          if (work_ >= budget_) throw Aborted();
          poll();
        }
        if (c.mask & ~rest) continue;
        path_[std::size_t(depth)] = c.mask;
        dfs(rest ^ c.mask, cur + c.val, depth + 1);
        limit = lb_ - y_full_ - eps_ - cur - rb;
      }
    }
  }

  // The blocks of an optimal partition of S under the current f (|S| <= k_ or f(S) = v(S)).
  void expand(std::uint64_t S, std::vector<std::uint64_t>& out) const {
    std::vector<std::uint64_t> stack{S};
    while (!stack.empty()) {
      const std::uint64_t m = stack.back();
      stack.pop_back();
      if (f_[m] == v_[m] || __builtin_popcountll(m) == 1) {
        out.push_back(m);
        continue;
      }
      const std::uint64_t low = m & (~m + 1), rest = m ^ low;
      std::uint64_t found = 0;
      for (std::uint64_t r = (rest - 1) & rest;; r = (r - 1) & rest) {
        const std::uint64_t T = low | r;
        if (f_[T] + f_[m ^ T] == f_[m]) {
          found = T;
          break;
        }
        if (r == 0) break;
      }
      if (found == 0) {  // cannot happen: f(m) is one of its splits' sums
        out.push_back(m);
        continue;
      }
      stack.push_back(found);
      stack.push_back(m ^ found);
    }
  }

  Result finish(bool optimal) {
    Result res;
    res.optimal = optimal;
    res.value = lb_;
    res.evaluated = evaluated_;
    res.search_work = work_;
    res.dp_size = k_;
    if (optimal) {
      res.upper_bound = lb_;
    } else {
      if (ub_n_ == kInf) bounds();
      res.upper_bound = std::max(lb_, ub_n_);
    }
    if (std::isfinite(lb_))
      for (auto B : lb_blocks_) expand(B, res.blocks);
    std::sort(res.blocks.begin(), res.blocks.end(),
              [](std::uint64_t a, std::uint64_t b) { return (a & (~a + 1)) < (b & (~b + 1)); });
    return res;
  }
};

inline Result solve(const double* v, int n, double seconds, int n_threads,
                    const InterruptCheck& check, bool use_search = true) {
  return Solver(v, n, seconds, n_threads, check, use_search).run();
}

}  // namespace foedus::csg
