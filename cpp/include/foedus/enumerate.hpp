// Exhaustive enumeration of coalitions (n <= 64): counting, collecting, top-k, attributes.
//
// The mask space is split canonically: the low L = min(n, 10) actors form the inner loop (a
// table of 2^L entries), the other actors the outer "blocks". Included actors are fixed and
// excluded actors are skipped, so the loops only visit coalitions that satisfy include/exclude.
// Blocks run in parallel; counts are integer sums, collected masks are written at offsets from
// a prefix sum over blocks, and top-k merges per-thread heaps under a total order, so every
// result is identical for any thread count.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "bits.hpp"
#include "parallel.hpp"
#include "rule.hpp"
#include "score.hpp"

namespace foedus {

struct Scored {
  double score;
  mask_t mask;
};

// Total order for top-k: higher score first, NaN last, ties to the smaller mask.
inline bool better(const Scored& a, const Scored& b) {
  const bool an = std::isnan(a.score), bn = std::isnan(b.score);
  if (an != bn) return bn;
  if (!an && a.score != b.score) return a.score > b.score;
  return a.mask < b.mask;
}

class Engine {
 public:
  Engine(ProblemSpec spec, Filter filter, std::vector<ScoreTerm> score)
      : P_(std::move(spec)), F_(filter), score_(std::move(score)) {
    const int n = P_.n;
    if ((F_.include & F_.exclude) != 0)
      throw std::invalid_argument("include/exclude: an actor cannot be both included and excluded");
    if ((F_.include | F_.exclude) & ~P_.all)
      throw std::invalid_argument("include/exclude: actor index out of range");
    if (F_.connected > P_.d || (F_.connected == P_.d && !P_.spec.has_ties))
      throw std::invalid_argument("connected: no such dimension, or no ties given");
    L_ = std::min(n, kMaxLowBits);
    low_all_ = low_bits(L_);
    const mask_t free = P_.all & ~(F_.include | F_.exclude);
    for (int i = L_; i < n; ++i)
      if ((free >> i) & 1) high_free_.push_back(i);
    // Valid low masks in ascending order: included low actors plus any subset of free low ones.
    const mask_t free_low = free & low_all_, inc_low = F_.include & low_all_;
    mask_t sub = 0;
    do {
      low_list_.push_back(inc_low | sub);
      sub = (sub - free_low) & free_low;
    } while (sub != 0);
    n_blocks_ = std::int64_t(1) << 0;
    if (high_free_.size() >= 63)
      throw std::invalid_argument("actors: too many free actors for exhaustive enumeration");
    n_blocks_ = std::int64_t(1) << high_free_.size();
    for (const auto& t : score_) {
      if (t.code == A_DIAM) score_diameter_ = true;
      if (t.code >= A_RANGE && t.code <= A_MED) score_positions_ = true;
      if (t.code != A_SIZE && t.code != A_WEIGHT && t.code != A_SHARE && t.code != A_SURPLUS)
        score_full_ = true;
    }
    need_positions_ = P_.d > 0;  // tables carry positions whenever there are dimensions
    low_.build(P_, std::vector<int>(range_actors(0, L_)), need_positions_);
    fast_ = fast_count_applicable();
  }

  const Prepared& prepared() const { return P_; }
  std::int64_t n_blocks() const { return n_blocks_; }
  std::size_t block_size() const { return low_list_.size(); }
  int low_bits_count() const { return L_; }

  // ---- counting ---------------------------------------------------------------------------
  U128 count(int n_threads, const InterruptCheck& check) const {
    n_threads = resolve_threads(n_threads);
    std::vector<U128> per_thread(std::size_t(n_threads) * 8);  // padded against false sharing
    if (fast_) {
      if (fits_int32_) run_fast_count<std::int32_t>(n_threads, check, per_thread);
      else run_fast_count<std::int64_t>(n_threads, check, per_thread);
    } else {
      parallel_blocks(n_blocks_, n_threads, check, [&](std::int64_t b, int tid) {
        PartState hs, s;
        high_state(b, hs);
        std::uint64_t c = 0;
        for (mask_t l : low_list_)
          if (passes(hs, l, s)) ++c;
        per_thread[std::size_t(tid) * 8].add(c);
      });
    }
    U128 total;
    for (int t = 0; t < n_threads; ++t) total.add(per_thread[std::size_t(t) * 8]);
    return total;
  }

  // ---- collecting matching masks of blocks [b0, b1), ascending --------------------------------
  std::vector<mask_t> collect(std::int64_t b0, std::int64_t b1, int n_threads,
                              const InterruptCheck& check) const {
    n_threads = resolve_threads(n_threads);
    b0 = std::max<std::int64_t>(0, b0);
    b1 = std::min(b1, n_blocks_);
    std::vector<mask_t> out;
    const std::int64_t seg = std::int64_t(1) << 20;
    for (std::int64_t s0 = b0; s0 < b1; s0 += seg) {
      const std::int64_t s1 = std::min(b1, s0 + seg);
      std::vector<std::uint32_t> counts(std::size_t(s1 - s0), 0);
      parallel_blocks(s1 - s0, n_threads, check, [&](std::int64_t i, int) {
        PartState hs, s;
        high_state(s0 + i, hs);
        std::uint32_t c = 0;
        for (mask_t l : low_list_)
          if (passes(hs, l, s)) ++c;
        counts[std::size_t(i)] = c;
      });
      std::vector<std::size_t> offset(counts.size() + 1, 0);
      for (std::size_t i = 0; i < counts.size(); ++i) offset[i + 1] = offset[i] + counts[i];
      const std::size_t base = out.size();
      out.resize(base + offset.back());
      parallel_blocks(s1 - s0, n_threads, check, [&](std::int64_t i, int) {
        if (counts[std::size_t(i)] == 0) return;
        PartState hs, s;
        high_state(s0 + i, hs);
        std::size_t pos = base + offset[std::size_t(i)];
        for (mask_t l : low_list_)
          if (passes(hs, l, s)) out[pos++] = s.S;
      });
    }
    return out;
  }

  // ---- top-k by score ---------------------------------------------------------------------
  std::vector<Scored> top_k(std::size_t k, int n_threads, const InterruptCheck& check) const {
    n_threads = resolve_threads(n_threads);
    std::vector<std::vector<Scored>> heaps(n_threads);
    if (k == 0) return {};
    parallel_blocks(n_blocks_, n_threads, check, [&](std::int64_t b, int tid) {
      auto& heap = heaps[tid];
      PartState hs, s;
      high_state(b, hs);
      for (mask_t l : low_list_) {
        if (!passes(hs, l, s)) continue;
        Scored x{score_of(s), s.S};
        if (heap.size() < k) {
          heap.push_back(x);
          std::push_heap(heap.begin(), heap.end(), better);
        } else if (better(x, heap.front())) {
          std::pop_heap(heap.begin(), heap.end(), better);
          heap.back() = x;
          std::push_heap(heap.begin(), heap.end(), better);
        }
      }
    });
    std::vector<Scored> all;
    for (auto& h : heaps) all.insert(all.end(), h.begin(), h.end());
    std::sort(all.begin(), all.end(), better);
    if (all.size() > k) all.resize(k);
    return all;
  }

  // ---- attributes of given masks ----------------------------------------------------------
  template <class Sink>
  void attributes(const mask_t* masks, std::int64_t m, bool with_diameter, int n_threads,
                  const InterruptCheck& check, Sink&& sink) const {
    n_threads = resolve_threads(n_threads);
    const std::int64_t per = 4096;
    const std::int64_t nb = (m + per - 1) / per;
    parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
      PartState s;
      Attributes a;
      for (std::int64_t r = b * per; r < std::min(m, (b + 1) * per); ++r) {
        state_of(masks[r], s);
        compute_attributes(P_, s, with_diameter, a);
        sink(r, a);
      }
    });
  }

  std::vector<double> scores_of(const mask_t* masks, std::int64_t m) const {
    std::vector<double> out(static_cast<std::size_t>(m));
    PartState s;
    for (std::int64_t r = 0; r < m; ++r) {
      state_of(masks[r], s);
      out[std::size_t(r)] = score_of(s);
    }
    return out;
  }

  // Full state of an arbitrary mask, with the same canonical split as the enumeration.
  void state_of(mask_t S, PartState& s) const {
    PartState hs;
    hs.clear(P_.k, P_.d);
    for (mask_t f = S & ~low_all_; f; f &= f - 1) hs.add_actor(P_, ctz(f), need_positions_);
    low_.combine(P_, hs, std::size_t(S & low_all_), need_positions_, s);
  }

  bool fast_path() const { return fast_; }

 private:
  static std::vector<int> range_actors(int a, int b) {
    std::vector<int> v;
    for (int i = a; i < b; ++i) v.push_back(i);
    return v;
  }

  void high_state(std::int64_t b, PartState& hs) const {
    mask_t S = F_.include & ~low_all_;
    for (std::size_t j = 0; j < high_free_.size(); ++j)
      if ((std::uint64_t(b) >> j) & 1) S |= mask_t(1) << high_free_[j];
    hs.clear(P_.k, P_.d);
    for (mask_t f = S; f; f &= f - 1) hs.add_actor(P_, ctz(f), need_positions_);
  }

  // The general filter for one coalition high | l; fills s.
  bool passes(const PartState& hs, mask_t l, PartState& s) const {
    const int size = hs.size + low_.size[std::size_t(l)];
    if (size < F_.min_size || size > F_.max_size || size == 0) return false;
    low_.combine(P_, hs, std::size_t(l), need_positions_, s);
    const bool need_piv = F_.minimal;
    mask_t piv = 0;
    if (F_.winning >= 0 || F_.minimal) {
      const bool win = rule_wins(P_, s.S, s.size, s.W, need_piv ? &piv : nullptr);
      if (F_.winning >= 0 && int(win) != F_.winning) return false;
      if (F_.minimal && !win) return false;
    }
    if (F_.connected >= 0) {
      const bool conn = F_.connected < P_.d ? dim_connected(P_, s, F_.connected)
                                            : ties_connected(P_, s.S);
      if (!conn) return false;
    }
    if (F_.minimal) {
      if (F_.connected < 0) {
        if (piv != s.S) return false;
      } else if (F_.connected < P_.d) {
        if (!dim_mcw(P_, s, F_.connected, piv)) return false;
      } else if (!ties_mcw(P_, s.S, piv)) {
        return false;
      }
    }
    if (F_.blocking >= 0) {
      const bool blk = !rule_wins_complement(P_, s.S, s.size, s.W);
      if (int(blk) != F_.blocking) return false;
    }
    return true;
  }

  double score_of(const PartState& s) const {
    if (score_full_) {
      Attributes a;
      compute_attributes(P_, s, score_diameter_, a);
      double v = 0.0;
      for (const auto& t : score_) v += t.coef * attribute_value(P_, a, t);
      return v;
    }
    Attributes a;
    a.size = s.size;
    for (int c = 0; c < P_.k; ++c) a.W[c] = s.W[c];
    double v = 0.0;
    for (const auto& t : score_) v += t.coef * attribute_value(P_, a, t);
    return v;
  }

  // ---- fast counting path: rule = one quota or an AND of quotas, filters on rule status,
  // size and include/exclude only. Stage-wise loops over the inner table vectorise.
  bool fast_count_applicable() {
    if (P_.shape.kind == RuleKind::Generic) return false;
    if (F_.connected >= 0) return false;
    int weighted = 0;
    for (const auto& lf : P_.shape.leaves)
      if (lf.crit != CRIT_SIZE) ++weighted;
    if (F_.minimal && weighted > 1) return false;
    std::int64_t bound = 64;
    for (const auto& lf : P_.shape.leaves)
      if (lf.crit != CRIT_SIZE) bound = std::max({bound, P_.total[lf.crit], lf.q});
    fits_int32_ = bound < (std::int64_t(1) << 30);
    return true;
  }

  template <class I>
  void run_fast_count(int n_threads, const InterruptCheck& check,
                      std::vector<U128>& per_thread) const {
    const auto& leaves = P_.shape.leaves;
    const int nl = int(leaves.size());
    const std::size_t B = low_list_.size();
    // Compact per-leaf tables over the valid low masks.
    std::vector<I> tsize(B), tW(B * nl), tmin(B);
    int wleaf = -1;
    for (int j = 0; j < nl; ++j)
      if (leaves[j].crit != CRIT_SIZE) wleaf = j;
    const std::size_t Bfull = std::size_t(1) << L_;
    for (std::size_t i = 0; i < B; ++i) {
      const mask_t l = low_list_[i];
      tsize[i] = I(low_.size[l]);
      for (int j = 0; j < nl; ++j)
        tW[j * B + i] = leaves[j].crit == CRIT_SIZE ? I(low_.size[l])
                                                    : I(low_.W[leaves[j].crit * Bfull + l]);
      I mn = std::numeric_limits<I>::max();
      if (wleaf >= 0)
        for (mask_t f = l; f; f &= f - 1)
          mn = std::min<I>(mn, I(P_.weights(leaves[wleaf].crit)[ctz(f)]));
      tmin[i] = mn;
    }
    const I lo_size = I(std::max(1, F_.min_size)), hi_size = I(F_.max_size);
    const int want_win = F_.winning, want_blk = F_.blocking;
    const bool minimal = F_.minimal;
    parallel_blocks(n_blocks_, n_threads, check, [&](std::int64_t b, int tid) {
      PartState hs;
      high_state(b, hs);
      I hv[kMaxCriteria + 1];
      for (int j = 0; j < nl; ++j)
        hv[j] = leaves[j].crit == CRIT_SIZE ? I(hs.size) : I(hs.W[leaves[j].crit]);
      I hmin = std::numeric_limits<I>::max();
      if (wleaf >= 0)
        for (mask_t f = hs.S; f; f &= f - 1)
          hmin = std::min<I>(hmin, I(P_.weights(leaves[wleaf].crit)[ctz(f)]));
      const I hsize = I(hs.size);
      thread_local std::vector<std::uint8_t> ok_buf, win_buf, tight_buf;
      ok_buf.resize(B);
      win_buf.resize(B);
      tight_buf.resize(B);
      std::uint8_t* ok = ok_buf.data();
      std::uint8_t* win = win_buf.data();
      std::uint8_t* tight = tight_buf.data();
      for (std::size_t i = 0; i < B; ++i) {
        const I sz = hsize + tsize[i];
        ok[i] = std::uint8_t((sz >= lo_size) & (sz <= hi_size));
        win[i] = 1;
        tight[i] = 0;
      }
      for (int j = 0; j < nl; ++j) {
        const I h = hv[j], q = I(leaves[j].q);
        const I* t = &tW[std::size_t(j) * B];
        if (leaves[j].crit == CRIT_SIZE) {
          for (std::size_t i = 0; i < B; ++i) {
            const I v = h + t[i];
            win[i] &= std::uint8_t(v >= q);
            tight[i] |= std::uint8_t(v == q);
          }
        } else {
          for (std::size_t i = 0; i < B; ++i) win[i] &= std::uint8_t(h + t[i] >= q);
        }
      }
      if (want_win >= 0)
        for (std::size_t i = 0; i < B; ++i) ok[i] &= std::uint8_t(win[i] == want_win);
      if (minimal) {
        if (wleaf >= 0) {
          const I h = hv[wleaf], q = I(leaves[wleaf].q);
          const I* t = &tW[std::size_t(wleaf) * B];
          for (std::size_t i = 0; i < B; ++i) {
            const I mn = std::min(hmin, tmin[i]);
            const I w = h + t[i];
            ok[i] &= win[i] & (tight[i] | std::uint8_t(w - mn < q));
          }
        } else {
          for (std::size_t i = 0; i < B; ++i) ok[i] &= win[i] & tight[i];
        }
      }
      if (want_blk >= 0) {
        // blocking: the complement loses.
        std::uint8_t* cw = tight;  // reuse the buffer
        for (std::size_t i = 0; i < B; ++i) cw[i] = 1;
        for (int j = 0; j < nl; ++j) {
          const I tot = leaves[j].crit == CRIT_SIZE ? I(P_.n) : I(P_.total[leaves[j].crit]);
          const I h = hv[j], q = I(leaves[j].q);
          const I* t = &tW[std::size_t(j) * B];
          for (std::size_t i = 0; i < B; ++i) cw[i] &= std::uint8_t(tot - (h + t[i]) >= q);
        }
        for (std::size_t i = 0; i < B; ++i) ok[i] &= std::uint8_t((cw[i] ^ 1) == want_blk);
      }
      std::uint64_t c = 0;
      for (std::size_t i = 0; i < B; ++i) c += ok[i];
      per_thread[std::size_t(tid) * 8].add(c);
    });
  }

  Prepared P_;
  Filter F_;
  std::vector<ScoreTerm> score_;
  int L_ = 0;
  mask_t low_all_ = 0;
  std::vector<int> high_free_;
  std::vector<mask_t> low_list_;
  std::int64_t n_blocks_ = 0;
  LowTables low_;
  bool need_positions_ = false;
  bool score_full_ = false, score_diameter_ = false, score_positions_ = false;
  bool fast_ = false, fits_int32_ = false;
};

}  // namespace foedus
