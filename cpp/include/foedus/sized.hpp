// Size-bounded enumeration for any number of actors: every coalition with min_size..max_size
// members (include and exclude respected) that passes the filters, listed by size and then in
// colex order (ascending bitset value within a size), counted, collected or ranked (top-k).
//
// The combinations of each size are cut into blocks of kSizedBlock consecutive colex ranks; a
// block starts by unranking its first combination (combinatorial number system) and walks the
// colex successors. Blocks run in parallel; counts are integer sums, collected coalitions are
// concatenated in block order and top-k merges per-thread heaps under a total order, so every
// result is identical for any thread count.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "bits.hpp"
#include "parallel.hpp"
#include "score.hpp"
#include "wide.hpp"

namespace foedus {

#if !FOEDUS_HAVE_INT128
#error "size-bounded enumeration needs 128-bit integers"
#endif
using u128 = unsigned __int128;

constexpr std::int64_t kSizedBlock = 1 << 14;
// Largest number of coalitions of one size that may be enumerated (block indices are signed
// 64-bit, and 2^62 coalitions could never be visited anyway).
constexpr std::uint64_t kMaxSizedPerLevel = std::uint64_t(1) << 62;

// C(c, k), saturating at 2^126.
inline u128 binomial_sat(std::int64_t c, std::int64_t k) {
  if (k < 0 || k > c) return 0;
  k = std::min(k, c - k);
  const u128 cap = u128(1) << 126;
  u128 r = 1;
  for (std::int64_t j = 1; j <= k; ++j) {
    const u128 f = u128(c - k + j);
    if (r > cap / f) return cap;
    r = r * f / u128(j);
  }
  return r;
}

struct WideFilter {
  int winning = -1;    // -1 any, 0 losing, 1 winning
  bool minimal = false;
  int blocking = -1;
  int connected = -1;  // -1 none, 0..d-1 a dimension, d = the ties graph
  int min_size = 1;
  int max_size = 1;
  std::vector<std::uint64_t> include, exclude;  // words each
};

struct WideScored {
  double score;
  std::vector<std::uint64_t> mask;
};

// Total order for top-k: higher score first, NaN last, ties to the smaller bitset.
inline bool wide_better(const WideScored& a, const WideScored& b) {
  const bool an = std::isnan(a.score), bn = std::isnan(b.score);
  if (an != bn) return bn;
  if (!an && a.score != b.score) return a.score > b.score;
  for (std::size_t w = a.mask.size(); w-- > 0;)
    if (a.mask[w] != b.mask[w]) return a.mask[w] < b.mask[w];
  return false;
}

class SizedEnum {
 public:
  SizedEnum(WideSpec spec, WideFilter f, std::vector<ScoreTerm> score)
      : P_(std::move(spec)), F_(std::move(f)), score_(std::move(score)) {
    const int n = P_.n, words = P_.words;
    if (int(F_.include.size()) != words || int(F_.exclude.size()) != words)
      throw std::invalid_argument("include/exclude: expected one bitset each");
    for (int i = 0; i < n; ++i) {
      const bool in = bit_of(F_.include.data(), i), ex = bit_of(F_.exclude.data(), i);
      if (in && ex)
        throw std::invalid_argument("include/exclude: an actor cannot be both included and excluded");
      if (in) inc_.push_back(i);
      else if (!ex) free_.push_back(i);
    }
    for (int w = 0; w < words; ++w) {
      const std::uint64_t valid = (w == words - 1 && n % 64) ? (std::uint64_t(1) << (n % 64)) - 1
                                                              : ~std::uint64_t(0);
      if ((F_.include[std::size_t(w)] | F_.exclude[std::size_t(w)]) & ~valid)
        throw std::invalid_argument("include/exclude: actor index out of range");
    }
    if (F_.connected > P_.d || (F_.connected == P_.d && !P_.spec.has_ties))
      throw std::invalid_argument("connected: no such dimension, or no ties given");
    const int F = int(free_.size()), I = int(inc_.size());
    first_block_.push_back(0);
    for (int s = std::max(1, F_.min_size); s <= F_.max_size; ++s) {
      const int t = s - I;
      if (t < 0 || t > F) continue;
      const u128 c = binomial_sat(F, t);
      if (c > u128(kMaxSizedPerLevel))
        throw std::invalid_argument(
            "max_size: the coalitions of " + std::to_string(s) + " members out of " +
            std::to_string(n) + " actors are too many to enumerate (2^62 or more); lower max_size");
      levels_.push_back({t, std::uint64_t(c)});
      first_block_.push_back(first_block_.back() +
                             std::int64_t((std::uint64_t(c) + kSizedBlock - 1) / kSizedBlock));
    }
    for (const auto& t : score_)
      if (t.code == A_DIAM) score_diameter_ = true;
    rule_filtered_ = F_.winning >= 0 || F_.minimal || F_.blocking >= 0 || F_.connected >= 0;
    const RuleShape shape = rule_shape(P_.spec.rule);
    if (shape.kind != RuleKind::Generic && !F_.minimal && F_.connected < 0)
      quota_leaves_ = shape.leaves;  // winning and blocking from the leaves' sums alone
  }

  SizedEnum(const SizedEnum&) = delete;
  SizedEnum& operator=(const SizedEnum&) = delete;

  const WidePrepared& prepared() const { return P_; }
  std::int64_t n_blocks() const { return first_block_.back(); }
  std::int64_t block_size() const { return kSizedBlock; }

  // Number of coalitions of the blocks [b0, b1) that pass the filters.
  u128 count(int n_threads, const InterruptCheck& check, std::int64_t b0 = 0,
             std::int64_t b1 = -1) const {
    n_threads = resolve_threads(n_threads);
    clamp_range(b0, b1);
    if (!rule_filtered_ && b0 == 0 && b1 == n_blocks()) {  // every combination passes
      u128 total = 0;
      for (const auto& L : levels_) total += L.count;
      return total;
    }
    std::vector<u128> per(std::size_t(n_threads) * 4, 0);  // padded
    parallel_blocks(b1 - b0, n_threads, check, [&](std::int64_t i, int tid) {
      std::uint64_t c = 0;
      walk(b0 + i, false, [&](const Walk&) { ++c; });
      per[std::size_t(tid) * 4] += c;
    });
    u128 total = 0;
    for (int t = 0; t < n_threads; ++t) total += per[std::size_t(t) * 4];
    return total;
  }

  // The passing coalitions of blocks [b0, b1), in order, as bitsets (m x words).
  std::vector<std::uint64_t> collect(std::int64_t b0, std::int64_t b1, int n_threads,
                                     const InterruptCheck& check) const {
    n_threads = resolve_threads(n_threads);
    clamp_range(b0, b1);
    if (b1 <= b0) return {};
    std::vector<std::vector<std::uint64_t>> per(std::size_t(b1 - b0));
    parallel_blocks(b1 - b0, n_threads, check, [&](std::int64_t i, int) {
      auto& out = per[std::size_t(i)];
      walk(b0 + i, false, [&](const Walk& w) { out.insert(out.end(), w.S.begin(), w.S.end()); });
    });
    std::vector<std::uint64_t> all;
    for (auto& v : per) all.insert(all.end(), v.begin(), v.end());
    return all;
  }

  std::vector<WideScored> top_k(std::size_t k, int n_threads, const InterruptCheck& check,
                                std::int64_t b0 = 0, std::int64_t b1 = -1) const {
    n_threads = resolve_threads(n_threads);
    clamp_range(b0, b1);
    if (k == 0) return {};
    std::vector<std::vector<WideScored>> heaps(static_cast<std::size_t>(n_threads));
    parallel_blocks(b1 - b0, n_threads, check, [&](std::int64_t i, int tid) {
      auto& heap = heaps[std::size_t(tid)];
      walk(b0 + i, true, [&](const Walk& w) {
        if (heap.size() == k) {
          const WideScored& worst = heap.front();
          const bool wn = std::isnan(worst.score), xn = std::isnan(w.score);
          // cheap rejections before building an entry
          if (!wn && (xn || w.score < worst.score)) return;
        }
        WideScored x{w.score, w.S};
        if (heap.size() < k) {
          heap.push_back(std::move(x));
          std::push_heap(heap.begin(), heap.end(), wide_better);
        } else if (wide_better(x, heap.front())) {
          std::pop_heap(heap.begin(), heap.end(), wide_better);
          heap.back() = std::move(x);
          std::push_heap(heap.begin(), heap.end(), wide_better);
        }
      });
    });
    std::vector<WideScored> all;
    for (auto& h : heaps)
      for (auto& x : h) all.push_back(std::move(x));
    std::sort(all.begin(), all.end(), wide_better);
    if (all.size() > k) all.resize(k);
    return all;
  }

  void clamp_range(std::int64_t& b0, std::int64_t& b1) const {
    if (b1 < 0 || b1 > n_blocks()) b1 = n_blocks();
    b0 = std::min(std::max<std::int64_t>(0, b0), b1);
  }

  // Scores of given bitsets (m x words).
  void scores_of(const std::uint64_t* masks, std::int64_t m, double* out, int n_threads,
                 const InterruptCheck& check) const {
    for_each_bitset(P_, masks, m, n_threads, check,
                    [&](std::int64_t r, const std::uint64_t* S, WideScratch& sc,
                        Attributes& a) { out[r] = score_of(S, sc, a); });
  }

 private:
  struct Level {
    int t;                // free members
    std::uint64_t count;  // C(F, t)
  };

  struct Walk {
    std::vector<std::uint64_t> S;  // the coalition
    double score = 0.0;
  };

  double score_of(const std::uint64_t* S, WideScratch& sc, Attributes& a) const {
    wide_attributes_of_members(P_, S, score_diameter_, sc, a);
    double v = 0.0;
    for (const auto& t : score_) v += t.coef * attribute_value(P_, a, t);
    return v;
  }

  // Winning / blocking filters of a one-quota or AND-of-quotas rule, from the leaves' sums.
  bool passes_quotas(const WideScratch& sc) const {
    bool win = true, cwin = true;
    const std::int64_t size = std::int64_t(sc.mem.size());
    for (const auto& lf : quota_leaves_) {
      std::int64_t v = size, tot = P_.n;
      if (lf.crit != CRIT_SIZE) {
        const std::int64_t* w = P_.weights(lf.crit);
        v = 0;
        for (int i : sc.mem) v += w[i];
        tot = P_.total[std::size_t(lf.crit)];
      }
      win = win && v >= lf.q;
      cwin = cwin && tot - v >= lf.q;
    }
    if (F_.winning >= 0 && int(win) != F_.winning) return false;
    if (F_.blocking >= 0 && int(!cwin) != F_.blocking) return false;
    return true;
  }

  // The filter on the coalition S with members sc.mem.
  bool passes(const std::uint64_t* S, WideScratch& sc, Attributes& a) const {
    if (!rule_filtered_) return true;
    if (!quota_leaves_.empty()) return passes_quotas(sc);
    wide_weights(P_, sc, a);
    const bool need_pivotal = F_.minimal;
    wide_rule_status(P_, S, sc, need_pivotal, a, F_.blocking >= 0);
    if (F_.winning >= 0 && int(a.winning) != F_.winning) return false;
    if (F_.minimal && !a.winning) return false;
    if (F_.blocking >= 0 && int(a.blocking) != F_.blocking) return false;
    if (F_.connected >= 0 && F_.connected < P_.d) {
      wide_dimension(P_, F_.connected, sc, a);
      if (!a.connected[F_.connected]) return false;
      if (F_.minimal && !a.mcw[F_.connected]) return false;
    } else if (F_.connected == P_.d) {
      wide_ties(P_, S, sc, a);
      if (!a.connected_ties) return false;
      if (F_.minimal && !a.mcw_ties) return false;
    } else if (F_.minimal && !a.minimal_winning) {
      return false;
    }
    return true;
  }

  // Calls f(walk) for every passing coalition of block b, in colex order.
  template <class Visit>
  void walk(std::int64_t b, bool scored, Visit&& f) const {
    const std::size_t li =
        std::size_t(std::upper_bound(first_block_.begin(), first_block_.end(), b) -
                    first_block_.begin()) - 1;
    const Level& L = levels_[li];
    const std::uint64_t r0 = std::uint64_t(b - first_block_[li]) * std::uint64_t(kSizedBlock);
    const std::uint64_t r1 = std::min<std::uint64_t>(L.count, r0 + kSizedBlock);
    const int t = L.t, nfree = int(free_.size()), words = P_.words;
    // unrank r0 in colex order: c[t-1] > ... > c[0], r0 = sum C(c[i], i + 1)
    std::vector<int> c(static_cast<std::size_t>(t));
    u128 r = r0;
    for (int i = t - 1; i >= 0; --i) {
      int lo = i, hi = nfree - 1;  // largest x in [i, nfree - 1] with C(x, i + 1) <= r
      while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (binomial_sat(mid, i + 1) <= r) lo = mid;
        else hi = mid - 1;
      }
      c[std::size_t(i)] = lo;
      r -= binomial_sat(lo, i + 1);
    }
    Walk w;
    w.S.assign(std::size_t(words), 0);
    auto flip = [&](int pos) {
      const int actor = free_[std::size_t(pos)];
      w.S[std::size_t(actor >> 6)] ^= std::uint64_t(1) << (actor & 63);
    };
    for (int i : inc_) w.S[std::size_t(i >> 6)] |= std::uint64_t(1) << (i & 63);
    for (int x = 0; x < t; ++x) flip(c[std::size_t(x)]);
    WideScratch sc;
    Attributes a;
    for (std::uint64_t rank = r0; rank < r1; ++rank) {
      // members: the included actors and the chosen free ones, ascending
      sc.mem.clear();
      std::size_t ii = 0;
      for (int x = 0; x < t; ++x) {
        const int actor = free_[std::size_t(c[std::size_t(x)])];
        while (ii < inc_.size() && inc_[ii] < actor) sc.mem.push_back(inc_[ii++]);
        sc.mem.push_back(actor);
      }
      while (ii < inc_.size()) sc.mem.push_back(inc_[ii++]);
      if (passes(w.S.data(), sc, a)) {
        if (scored) w.score = score_of(w.S.data(), sc, a);
        f(w);
      }
      // colex successor
      int i = 0;
      while (i < t && c[std::size_t(i)] + 1 == (i + 1 < t ? c[std::size_t(i) + 1] : nfree)) ++i;
      if (i == t) break;
      for (int j = 0; j <= i; ++j) flip(c[std::size_t(j)]);  // S follows the change
      ++c[std::size_t(i)];
      for (int j = 0; j < i; ++j) c[std::size_t(j)] = j;
      for (int j = 0; j <= i; ++j) flip(c[std::size_t(j)]);
    }
  }

  WidePrepared P_;
  WideFilter F_;
  std::vector<ScoreTerm> score_;
  std::vector<int> inc_, free_;
  std::vector<Level> levels_;
  std::vector<std::int64_t> first_block_;
  bool score_diameter_ = false, rule_filtered_ = false;
  std::vector<RuleNode> quota_leaves_;  // non-empty: the filter needs only these leaves' sums
};

}  // namespace foedus
