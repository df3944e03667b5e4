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
#include "block_score.hpp"
#include "parallel.hpp"
#include "rule.hpp"
#include "score.hpp"
#include "simd.hpp"

namespace foedus {

// The hot loops of the fast path: simple stage-wise passes over one block's inner table (see
// simd.hpp for how they are compiled).
namespace stage {

template <class I>
FOEDUS_CLONES void init(const I* tsize, I hsize, I lo, I hi, std::uint8_t* ok, std::uint8_t* win,
                        std::uint8_t* tight, std::size_t B) {
  for (std::size_t i = 0; i < B; ++i) {
    const I sz = hsize + tsize[i];
    ok[i] = std::uint8_t((sz >= lo) & (sz <= hi));
    win[i] = 1;
    tight[i] = 0;
  }
}

template <class I>
FOEDUS_CLONES void count_leaf(const I* t, I h, I q, std::uint8_t* win, std::uint8_t* tight,
                              std::size_t B) {
  for (std::size_t i = 0; i < B; ++i) {
    const I v = h + t[i];
    win[i] &= std::uint8_t(v >= q);
    tight[i] |= std::uint8_t(v == q);
  }
}

template <class I>
FOEDUS_CLONES void quota_leaf(const I* t, I h, I q, std::uint8_t* win, std::size_t B) {
  for (std::size_t i = 0; i < B; ++i) win[i] &= std::uint8_t(h + t[i] >= q);
}

template <class I>
FOEDUS_CLONES void complement_leaf(const I* t, I h, I total, I q, std::uint8_t* cw,
                                   std::size_t B) {
  for (std::size_t i = 0; i < B; ++i) cw[i] &= std::uint8_t(total - (h + t[i]) >= q);
}

template <class I>
FOEDUS_CLONES void minimal_weighted(const I* t, I h, I q, const I* tmin, I hmin,
                                    const std::uint8_t* win, const std::uint8_t* tight,
                                    std::uint8_t* ok, std::size_t B) {
  for (std::size_t i = 0; i < B; ++i) {
    const I mn = tmin[i] < hmin ? tmin[i] : hmin;
    ok[i] &= win[i] & (tight[i] | std::uint8_t(h + t[i] - mn < q));
  }
}

FOEDUS_CLONES inline void match(std::uint8_t* ok, const std::uint8_t* flag, std::uint8_t want,
                                std::size_t B) {
  for (std::size_t i = 0; i < B; ++i) ok[i] &= std::uint8_t(flag[i] == want);
}

FOEDUS_CLONES inline void and_both(std::uint8_t* ok, const std::uint8_t* a,
                                   const std::uint8_t* b, std::size_t B) {
  for (std::size_t i = 0; i < B; ++i) ok[i] &= a[i] & b[i];
}

FOEDUS_CLONES inline std::uint64_t sum(const std::uint8_t* ok, std::size_t B) {
  std::uint64_t c = 0;
  for (std::size_t i = 0; i < B; ++i) c += ok[i];
  return c;
}

}  // namespace stage

// Integer tables of the fast path (over the valid low masks, one row per quota leaf).
template <class I>
struct FastTables {
  std::vector<I> size, W, minw;
};

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
    if (high_free_.size() >= 63)
      throw std::invalid_argument("actors: too many free actors for exhaustive enumeration");
    n_blocks_ = std::int64_t(1) << high_free_.size();
    inc_high_ = popcount(F_.include & ~low_bits(L_));
    low_max_size_ = popcount((free | F_.include) & low_bits(L_));
    // Valid low masks in ascending order: included low actors plus any subset of free low ones.
    const mask_t free_low = free & low_all_, inc_low = F_.include & low_all_;
    mask_t sub = 0;
    do {
      low_list_.push_back(inc_low | sub);
      sub = (sub - free_low) & free_low;
    } while (sub != 0);
    for (const auto& t : score_) {
      if (t.code == A_DIAM) score_diameter_ = true;
      if (t.code != A_SIZE && t.code != A_WEIGHT && t.code != A_SHARE && t.code != A_SURPLUS)
        score_full_ = true;
    }
    filter_positions_ = F_.connected >= 0 && F_.connected < P_.d;
    score_positions_ = score_full_ && P_.d > 0;
    std::vector<int> low_actors;
    for (int i = 0; i < L_; ++i) low_actors.push_back(i);
    low_.build(P_, low_actors, P_.d > 0);
    fast_ = fast_filter_applicable();
    if (fast_) {
      if (fits_int32_) build_fast(t32_);
      else build_fast(t64_);
    }
    if (score_full_) {
      block_ = std::make_unique<BlockScorer>(P_, low_, score_, low_list_);
      if (!block_->supported()) block_.reset();
    }
  }

  // The block scorer refers to this engine's tables.
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const Prepared& prepared() const { return P_; }
  std::int64_t n_blocks() const { return n_blocks_; }
  std::size_t block_size() const { return low_list_.size(); }
  bool fast_path() const { return fast_; }

  // ---- counting ---------------------------------------------------------------------------
  // Matching coalitions of blocks [b0, b1) (b1 < 0: to the end), an exact integer whatever
  // the split, so counts of disjoint block ranges add up to the whole count.
  U128 count(int n_threads, const InterruptCheck& check, std::int64_t b0 = 0,
             std::int64_t b1 = -1) const {
    n_threads = resolve_threads(n_threads);
    clamp_range(b0, b1);
    std::vector<U128> per_thread(std::size_t(n_threads) * 8);  // padded against false sharing
    parallel_blocks(b1 - b0, n_threads, check, [&](std::int64_t i, int tid) {
      per_thread[std::size_t(tid) * 8].add(count_block(b0 + i));
    });
    U128 total;
    for (int t = 0; t < n_threads; ++t) total.add(per_thread[std::size_t(t) * 8]);
    return total;
  }

  // ---- collecting matching masks of blocks [b0, b1), ascending --------------------------------
  std::vector<mask_t> collect(std::int64_t b0, std::int64_t b1, int n_threads,
                              const InterruptCheck& check) const {
    n_threads = resolve_threads(n_threads);
    clamp_range(b0, b1);
    std::vector<mask_t> out;
    const std::int64_t seg = std::int64_t(1) << 20;
    for (std::int64_t s0 = b0; s0 < b1; s0 += seg) {
      const std::int64_t s1 = std::min(b1, s0 + seg);
      ProgressStage stage(double(s0 - b0) / double(b1 - b0), double(s1 - b0) / double(b1 - b0));
      std::vector<std::uint32_t> counts(std::size_t(s1 - s0), 0);
      parallel_blocks(s1 - s0, n_threads, check, [&](std::int64_t i, int) {
        counts[std::size_t(i)] = std::uint32_t(count_block(s0 + i));
      });
      std::vector<std::size_t> offset(counts.size() + 1, 0);
      for (std::size_t i = 0; i < counts.size(); ++i) offset[i + 1] = offset[i] + counts[i];
      const std::size_t base = out.size();
      out.resize(base + offset.back());
      parallel_blocks(s1 - s0, n_threads, check, [&](std::int64_t i, int) {
        if (counts[std::size_t(i)] == 0) return;
        mask_t* dst = out.data() + base + offset[std::size_t(i)];
        for_each_match(s0 + i, false, [&](const PartState& hs, std::size_t, mask_t l,
                                          const PartState*) { *dst++ = hs.S | low_.S[l]; });
      });
    }
    return out;
  }

  // ---- top-k by score ---------------------------------------------------------------------
  // The k best of blocks [b0, b1) (b1 < 0: to the end) in the total order `better`, so the k
  // best of the k best of disjoint ranges are the k best of their union.
  std::vector<Scored> top_k(std::size_t k, int n_threads, const InterruptCheck& check,
                            std::int64_t b0 = 0, std::int64_t b1 = -1) const {
    n_threads = resolve_threads(n_threads);
    clamp_range(b0, b1);
    if (k == 0) return {};
    std::vector<std::vector<Scored>> heaps(n_threads);
    auto offer = [k](std::vector<Scored>& heap, const Scored& x) {
      if (heap.size() < k) {
        heap.push_back(x);
        std::push_heap(heap.begin(), heap.end(), better);
      } else if (better(x, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), better);
        heap.back() = x;
        std::push_heap(heap.begin(), heap.end(), better);
      }
    };
    if (block_) {
      parallel_blocks(b1 - b0, n_threads, check, [&](std::int64_t i, int tid) {
        const std::int64_t b = b0 + i;
        if (block_out_of_size(b)) return;
        thread_local std::vector<std::uint8_t> ok;
        thread_local std::vector<double> scores;
        PartState hs, s;
        high_state(b, filter_positions_ || score_positions_, hs);
        const std::size_t B = low_list_.size();
        const std::size_t matches = block_filter(hs, ok);
        auto& heap = heaps[tid];
        if (matches * 16 < B) {  // few matches: score them one by one
          for (std::size_t i = 0; i < B; ++i) {
            if (!ok[i]) continue;
            low_.combine(P_, hs, std::size_t(low_list_[i]), score_positions_, s);
            offer(heap, Scored{score_of(s), s.S});
          }
          return;
        }
        if (scores.size() < B) scores.resize(B);
        block_->score(hs, scores.data());
        for (std::size_t i = 0; i < B; ++i) {
          if (!ok[i]) continue;
          // a full heap whose worst score is a number only takes scores at least as high
          if (heap.size() == k && !std::isnan(heap.front().score) &&
              !(scores[i] >= heap.front().score))
            continue;
          offer(heap, Scored{scores[i], hs.S | low_.S[low_list_[i]]});
        }
      });
    } else {
      parallel_blocks(b1 - b0, n_threads, check, [&](std::int64_t i, int tid) {
        for_each_match(b0 + i, true, [&](const PartState& hs, std::size_t, mask_t l,
                                    const PartState* full) {
          offer(heaps[tid],
                Scored{full ? score_of(*full) : simple_score(hs, l), hs.S | low_.S[l]});
        });
      });
    }
    std::vector<Scored> all;
    for (auto& h : heaps) all.insert(all.end(), h.begin(), h.end());
    std::sort(all.begin(), all.end(), better);
    if (all.size() > k) all.resize(k);
    return all;
  }

  void clamp_range(std::int64_t& b0, std::int64_t& b1) const {
    if (b1 < 0 || b1 > n_blocks_) b1 = n_blocks_;
    b0 = std::min(std::max<std::int64_t>(0, b0), b1);
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
        state_of(masks[r], true, s);
        compute_attributes(P_, s, with_diameter, a);
        sink(r, a);
      }
    });
  }

  void scores_of(const mask_t* masks, std::int64_t m, double* out, int n_threads,
                 const InterruptCheck& check) const {
    n_threads = resolve_threads(n_threads);
    const std::int64_t per = 4096;
    parallel_blocks((m + per - 1) / per, n_threads, check, [&](std::int64_t b, int) {
      PartState s;
      for (std::int64_t r = b * per; r < std::min(m, (b + 1) * per); ++r) {
        state_of(masks[r], score_positions_, s);
        out[r] = score_of(s);
      }
    });
  }

  // Full state of an arbitrary mask, with the same canonical split as the enumeration.
  void state_of(mask_t S, bool positions, PartState& s) const {
    PartState hs;
    hs.clear(P_.k, P_.d);
    for (mask_t f = S & ~low_all_; f; f &= f - 1) hs.add_actor(P_, ctz(f), positions);
    low_.combine(P_, hs, std::size_t(S & low_all_), positions, s);
  }

 private:
  void high_state(std::int64_t b, bool positions, PartState& hs) const {
    mask_t S = F_.include & ~low_all_;
    for (std::size_t j = 0; j < high_free_.size(); ++j)
      if ((std::uint64_t(b) >> j) & 1) S |= mask_t(1) << high_free_[j];
    hs.clear(P_.k, P_.d);
    for (mask_t f = S; f; f &= f - 1) hs.add_actor(P_, ctz(f), positions);
  }

  // Whether no coalition of block b can have an admissible size (cheap skip).
  bool block_out_of_size(std::int64_t b) const {
    const int high = popcount(std::uint64_t(b)) + inc_high_;
    return high > F_.max_size || high + low_max_size_ < F_.min_size;
  }

  std::uint64_t count_block(std::int64_t b) const {
    if (block_out_of_size(b)) return 0;
    if (fast_) {
      PartState hs;
      high_state(b, false, hs);
      thread_local std::vector<std::uint8_t> ok;
      ok.resize(low_list_.size());
      if (fits_int32_) fast_block(t32_, hs, ok.data());
      else fast_block(t64_, hs, ok.data());
      return stage::sum(ok.data(), ok.size());
    }
    std::uint64_t c = 0;
    for_each_match(b, false, [&](const PartState&, std::size_t, mask_t, const PartState*) {
      ++c;
    });
    return c;
  }

  // ok[i] = whether coalition hs | low_list_[i] passes the filter; returns how many do.
  std::size_t block_filter(const PartState& hs, std::vector<std::uint8_t>& ok) const {
    const std::size_t B = low_list_.size();
    ok.resize(B);
    if (fast_) {
      if (fits_int32_) fast_block(t32_, hs, ok.data());
      else fast_block(t64_, hs, ok.data());
      return std::size_t(stage::sum(ok.data(), B));
    }
    PartState s;
    std::size_t m = 0;
    for (std::size_t i = 0; i < B; ++i) {
      ok[i] = passes(hs, low_list_[i], s, false);
      m += ok[i];
    }
    return m;
  }

  // Calls f(high_state, index, low_mask, full_state_or_null) for every coalition of block b
  // that passes the filter, in ascending mask order. The full state is given when the general
  // path computed it or the score needs it (want_score and a non-simple score).
  template <class F>
  void for_each_match(std::int64_t b, bool want_score, F&& f) const {
    if (block_out_of_size(b)) return;
    const bool score_state = want_score && score_full_;
    PartState hs, s;
    high_state(b, filter_positions_ || (score_state && score_positions_), hs);
    const std::size_t B = low_list_.size();
    if (fast_) {
      thread_local std::vector<std::uint8_t> ok;
      ok.resize(B);
      if (fits_int32_) fast_block(t32_, hs, ok.data());
      else fast_block(t64_, hs, ok.data());
      for (std::size_t i = 0; i < B; ++i) {
        if (!ok[i]) continue;
        const mask_t l = low_list_[i];
        if (score_state) {
          low_.combine(P_, hs, std::size_t(l), score_positions_, s);
          f(hs, i, l, &s);
        } else {
          f(hs, i, l, nullptr);
        }
      }
      return;
    }
    for (std::size_t i = 0; i < B; ++i) {
      const mask_t l = low_list_[i];
      if (!passes(hs, l, s, score_state && score_positions_)) continue;
      f(hs, i, l, score_state ? &s : nullptr);
    }
  }

  // The general filter for one coalition high | l; fills s.
  bool passes(const PartState& hs, mask_t l, PartState& s, bool score_positions) const {
    const int size = hs.size + low_.size[std::size_t(l)];
    if (size < F_.min_size || size > F_.max_size || size == 0) return false;
    low_.combine(P_, hs, std::size_t(l), filter_positions_ || score_positions, s);
    mask_t piv = 0;
    if (F_.winning >= 0 || F_.minimal) {
      const bool win = rule_wins(P_, s.S, s.size, s.W, F_.minimal ? &piv : nullptr);
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
    Attributes a;
    if (score_full_) {
      compute_attributes(P_, s, score_diameter_, a);
    } else {
      a.size = s.size;
      for (int c = 0; c < P_.k; ++c) a.W[c] = s.W[c];
    }
    double v = 0.0;
    for (const auto& t : score_) v += t.coef * attribute_value(P_, a, t);
    return v;
  }

  // The same arithmetic as score_of for scores of size, weight, share and surplus only.
  double simple_score(const PartState& hs, mask_t l) const {
    Attributes a;
    const std::size_t Bfull = low_.S.size();
    a.size = hs.size + low_.size[std::size_t(l)];
    for (int c = 0; c < P_.k; ++c) a.W[c] = hs.W[c] + low_.W[c * Bfull + std::size_t(l)];
    double v = 0.0;
    for (const auto& t : score_) v += t.coef * attribute_value(P_, a, t);
    return v;
  }

  // ---- fast path: the rule is one quota or an AND of quotas, and the filters are on rule
  // status, size and include/exclude only (minimal winning: at most one weighted quota).
  bool fast_filter_applicable() {
    if (P_.shape.kind == RuleKind::Generic) return false;
    if (F_.connected >= 0) return false;
    int weighted = 0;
    for (const auto& lf : P_.shape.leaves)
      if (lf.crit != CRIT_SIZE) ++weighted;
    if (F_.minimal && weighted > 1) return false;
    if (P_.shape.leaves.size() > std::size_t(kMaxCriteria)) return false;
    std::int64_t bound = 64;
    for (const auto& lf : P_.shape.leaves)
      if (lf.crit != CRIT_SIZE) bound = std::max({bound, P_.total[lf.crit], lf.q});
    fits_int32_ = bound < (std::int64_t(1) << 30);
    return true;
  }

  template <class I>
  void build_fast(FastTables<I>& T) {
    const auto& leaves = P_.shape.leaves;
    const std::size_t nl = leaves.size(), B = low_list_.size();
    const std::size_t Bfull = std::size_t(1) << L_;
    wleaf_ = -1;
    for (std::size_t j = 0; j < nl; ++j)
      if (leaves[j].crit != CRIT_SIZE) wleaf_ = int(j);
    T.size.resize(B);
    T.W.resize(B * nl);
    T.minw.resize(B);
    for (std::size_t i = 0; i < B; ++i) {
      const mask_t l = low_list_[i];
      T.size[i] = I(low_.size[l]);
      for (std::size_t j = 0; j < nl; ++j)
        T.W[j * B + i] = leaves[j].crit == CRIT_SIZE ? I(low_.size[l])
                                                     : I(low_.W[leaves[j].crit * Bfull + l]);
      I mn = std::numeric_limits<I>::max();
      if (wleaf_ >= 0)
        for (mask_t f = l; f; f &= f - 1)
          mn = std::min<I>(mn, I(P_.weights(leaves[wleaf_].crit)[ctz(f)]));
      T.minw[i] = mn;
    }
  }

  template <class I>
  void fast_block(const FastTables<I>& T, const PartState& hs, std::uint8_t* ok) const {
    const auto& leaves = P_.shape.leaves;
    const int nl = int(leaves.size());
    const std::size_t B = low_list_.size();
    thread_local std::vector<std::uint8_t> win_buf, tight_buf;
    win_buf.resize(B);
    tight_buf.resize(B);
    std::uint8_t* win = win_buf.data();
    std::uint8_t* tight = tight_buf.data();
    I hv[kMaxCriteria];
    for (int j = 0; j < nl; ++j)
      hv[j] = leaves[j].crit == CRIT_SIZE ? I(hs.size) : I(hs.W[leaves[j].crit]);
    stage::init<I>(T.size.data(), I(hs.size), I(std::max(1, F_.min_size)), I(F_.max_size), ok,
                   win, tight, B);
    for (int j = 0; j < nl; ++j) {
      const I* t = &T.W[std::size_t(j) * B];
      if (leaves[j].crit == CRIT_SIZE) stage::count_leaf<I>(t, hv[j], I(leaves[j].q), win, tight, B);
      else stage::quota_leaf<I>(t, hv[j], I(leaves[j].q), win, B);
    }
    if (F_.winning >= 0) stage::match(ok, win, std::uint8_t(F_.winning), B);
    if (F_.minimal) {
      if (wleaf_ >= 0) {
        I hmin = std::numeric_limits<I>::max();
        for (mask_t f = hs.S; f; f &= f - 1)
          hmin = std::min<I>(hmin, I(P_.weights(leaves[wleaf_].crit)[ctz(f)]));
        stage::minimal_weighted<I>(&T.W[std::size_t(wleaf_) * B], hv[wleaf_],
                                   I(leaves[wleaf_].q), T.minw.data(), hmin, win, tight, ok, B);
      } else {
        stage::and_both(ok, win, tight, B);
      }
    }
    if (F_.blocking >= 0) {
      std::uint8_t* cw = tight;  // reuse: complement wins
      std::fill(cw, cw + B, std::uint8_t(1));
      for (int j = 0; j < nl; ++j) {
        const I tot = leaves[j].crit == CRIT_SIZE ? I(P_.n) : I(P_.total[leaves[j].crit]);
        stage::complement_leaf<I>(&T.W[std::size_t(j) * B], hv[j], tot, I(leaves[j].q), cw, B);
      }
      stage::match(ok, cw, std::uint8_t(F_.blocking ^ 1), B);
    }
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
  bool filter_positions_ = false, score_positions_ = false;
  bool score_full_ = false, score_diameter_ = false;
  bool fast_ = false, fits_int32_ = false;
  int wleaf_ = -1;
  int inc_high_ = 0, low_max_size_ = 0;
  FastTables<std::int32_t> t32_;
  FastTables<std::int64_t> t64_;
  std::unique_ptr<BlockScorer> block_;  // top-k scoring by blocks, when the score allows
};

inline bool have_simd_clones() { return FOEDUS_HAVE_CLONES != 0; }

}  // namespace foedus
