// Scores of the coalitions of one block, computed stage by stage.
//
// The per-coalition path (LowTables::combine, compute_attributes, attribute_value) builds a full
// state and every attribute of each coalition, then walks the score terms. For top-k over
// millions of coalitions the block path does the same arithmetic column-wise over the block's
// inner table: each quantity the score needs (members, size, weights, rule status, rank ranges,
// position moments) is formed for all coalitions of the block in one simple loop over contiguous
// arrays, then each score term adds coef * value to every score, in term order. Every value is
// the same IEEE expression as in the per-coalition path (the shared formulas of score.hpp, or
// the same operations on the same operands), and every score is summed from 0.0 in term order,
// so both paths give bitwise-identical scores; tests check the top-k scores against the table's
// score column, which the per-coalition path computes.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "bits.hpp"
#include "rule.hpp"
#include "score.hpp"
#include "simd.hpp"

namespace foedus {

namespace bstage {

#define FR FOEDUS_RESTRICT

inline int pop(mask_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_popcountll(x);  // POPCNT in the x86-64-v3 clone
#else
  return popcount(x);
#endif
}

constexpr double kTwo52 = 4503599627370496.0;

// double(x) for 0 <= x < 2^52, exactly (so equal to the conversion), in vectorizable form.
inline double small_to_double(std::int64_t x) {
  const std::uint64_t b = std::uint64_t(x) | 0x4330000000000000ULL;
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d - kTwo52;
}

FOEDUS_CLONES inline void members(mask_t hS, std::int32_t hsize, const mask_t* FR lS,
                                  const std::int32_t* FR lsize, mask_t* FR S,
                                  std::int32_t* FR size, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    S[i] = hS | lS[i];
    size[i] = hsize + lsize[i];
  }
}

FOEDUS_CLONES inline void add_i64(std::int64_t h, const std::int64_t* FR l, std::int64_t* FR out,
                                  std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] = h + l[i];
}

// out = double(x); small: every x is known to lie in [0, 2^52).
FOEDUS_CLONES inline void to_double(const std::int64_t* FR x, bool small, double* FR out,
                                    std::size_t m) {
  if (small)
    for (std::size_t i = 0; i < m; ++i) out[i] = small_to_double(x[i]);
  else
    for (std::size_t i = 0; i < m; ++i) out[i] = double(x[i]);
}

FOEDUS_CLONES inline void rank_range(std::int32_t hmin, std::int32_t hmax,
                                     const std::int32_t* FR lmin, const std::int32_t* FR lmax,
                                     std::int32_t* FR mn, std::int32_t* FR mx, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    mn[i] = std::min(hmin, lmin[i]);
    mx[i] = std::max(hmax, lmax[i]);
  }
}

FOEDUS_CLONES inline void max_double(double h, const double* FR l, double* FR out,
                                     std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] = std::max(h, l[i]);
}

// One quota leaf of an AND of quotas: the coalition reaches q; the complement reaches q.
FOEDUS_CLONES inline void quota_i64(const std::int64_t* FR v, std::int64_t q, std::int64_t total,
                                    std::uint8_t* FR win, std::uint8_t* FR cwin, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    win[i] &= std::uint8_t(v[i] >= q);
    cwin[i] &= std::uint8_t(total - v[i] >= q);
  }
}

FOEDUS_CLONES inline void quota_i32(const std::int32_t* FR v, std::int64_t q, std::int64_t total,
                                    std::uint8_t* FR win, std::uint8_t* FR cwin, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    win[i] &= std::uint8_t(std::int64_t(v[i]) >= q);
    cwin[i] &= std::uint8_t(total - std::int64_t(v[i]) >= q);
  }
}

FOEDUS_CLONES inline void fill_u8(std::uint8_t* FR a, std::uint8_t v, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) a[i] = v;
}

FOEDUS_CLONES inline void negate_u8(std::uint8_t* FR a, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) a[i] ^= 1;
}

// Pivotal members of a weighted leaf: S & heavier(W - q) for winning coalitions, from the
// lookup table T (0 <= W - q < table size whenever the coalition wins and q >= 0).
FOEDUS_CLONES inline void pivotal_table(const std::int64_t* FR W, std::int64_t q,
                                        const mask_t* FR T, const mask_t* FR S,
                                        const std::uint8_t* FR win, mask_t* FR piv,
                                        std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    const std::int64_t t = win[i] ? W[i] - q : 0;
    piv[i] |= S[i] & T[t] & (mask_t(0) - mask_t(win[i]));
  }
}

FOEDUS_CLONES inline void pivotal_size(const std::int32_t* FR size, std::int64_t q,
                                       const mask_t* FR S, const std::uint8_t* FR win,
                                       mask_t* FR piv, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i)
    piv[i] |= S[i] & (mask_t(0) - mask_t(win[i] & std::uint8_t(size[i] == q)));
}

// ---- score terms: out[i] += coef * value[i] -------------------------------------------------

FOEDUS_CLONES inline void add_scaled(double coef, const double* FR v, double* FR out,
                                     std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * v[i];
}

FOEDUS_CLONES inline void add_constant(double coef, double v, double* FR out, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * v;
}

FOEDUS_CLONES inline void add_int(double coef, const std::int32_t* FR v, double* FR out,
                                  std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * double(v[i]);
}

FOEDUS_CLONES inline void add_flag(double coef, const std::uint8_t* FR f, double* FR out,
                                   std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * double(f[i]);
}

// (x - shift) / div (surplus), or x / div when shift is 0 (weight, share): x - 0.0 == x for the
// non-negative x here, so the shortcut is exact.
FOEDUS_CLONES inline void add_ratio(double coef, const double* FR x, double shift, double div,
                                    double* FR out, std::size_t m) {
  if (shift == 0.0)
    for (std::size_t i = 0; i < m; ++i) out[i] += coef * (x[i] / div);
  else
    for (std::size_t i = 0; i < m; ++i) out[i] += coef * ((x[i] - shift) / div);
}

FOEDUS_CLONES inline void add_size_surplus(double coef, const std::int32_t* FR size, double q,
                                           double* FR out, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * (double(size[i]) - q);
}

FOEDUS_CLONES inline void add_popcount(double coef, const mask_t* FR a, mask_t and_mask,
                                       double* FR out, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * double(pop(a[i] & and_mask));
}

FOEDUS_CLONES inline void add_nonpivotal(double coef, const std::int32_t* FR size,
                                         const mask_t* FR piv, double* FR out, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * double(size[i] - pop(piv[i]));
}

FOEDUS_CLONES inline void add_minimal(double coef, const std::uint8_t* FR win,
                                      const mask_t* FR piv, const mask_t* FR S, double* FR out,
                                      std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * double(win[i] & std::uint8_t(piv[i] == S[i]));
}

FOEDUS_CLONES inline void add_blocking_minimal(double coef, const std::uint8_t* FR blk,
                                               const std::uint8_t* FR win, double* FR out,
                                               std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * double(blk[i] & (win[i] ^ 1));
}

FOEDUS_CLONES inline void add_intersects(double coef, const mask_t* FR S, mask_t set,
                                         double* FR out, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * double((S[i] & set) != 0);
}

// range_value: sorted[maxr] - sorted[minr], NaN without a placed member (maxr < 0).
FOEDUS_CLONES inline void add_range(double coef, const std::int32_t* FR minr,
                                    const std::int32_t* FR maxr, const double* FR sorted,
                                    double* FR out, std::size_t m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < m; ++i) {
    const bool none = maxr[i] < 0;
    const double r = sorted[none ? 0 : maxr[i]] - sorted[none ? 0 : minr[i]];
    out[i] += coef * (none ? nan : r);
  }
}

// connected_value and mcw_value; between is the rank-pair table (stride mp, at least 1 entry).
FOEDUS_CLONES inline void add_connected(double coef, const std::int32_t* FR minr,
                                        const std::int32_t* FR maxr, const mask_t* FR between,
                                        std::size_t mp, const mask_t* FR S, double* FR out,
                                        std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    const bool none = maxr[i] < 0;
    const std::size_t at = none ? 0 : std::size_t(minr[i]) * mp + std::size_t(maxr[i]);
    const bool conn = none || (between[at] & ~S[i]) == 0;
    out[i] += coef * double(conn);
  }
}

FOEDUS_CLONES inline void add_mcw(double coef, const std::int32_t* FR minr,
                                  const std::int32_t* FR maxr, const mask_t* FR between,
                                  std::size_t mp, const mask_t* FR S, const std::uint8_t* FR win,
                                  const mask_t* FR piv, double* FR out, std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) {
    const bool none = maxr[i] < 0;
    const std::size_t at = none ? 0 : std::size_t(minr[i]) * mp + std::size_t(maxr[i]);
    const mask_t btw = none ? mask_t(0) : between[at];
    const mask_t nonpivotal = S[i] & ~piv[i];
    const bool conn = none || (btw & ~S[i]) == 0;
    const bool minimal = nonpivotal == 0 || (!none && (nonpivotal & ~btw) == 0);
    out[i] += coef * double(conn && win[i] && minimal);
  }
}

// largest_share_value and herfindahl_value (and its inverse).
FOEDUS_CLONES inline void add_largest(double coef, const double* FR maxw, const double* FR W,
                                      double* FR out, std::size_t m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < m; ++i) out[i] += coef * (W[i] > 0.0 ? maxw[i] / W[i] : nan);
}

FOEDUS_CLONES inline void add_herfindahl(double coef, bool inverse, const double* FR sw2,
                                         const double* FR W, double* FR out, std::size_t m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (inverse)
    for (std::size_t i = 0; i < m; ++i)
      out[i] += coef * (1.0 / (W[i] > 0.0 ? sw2[i] / (W[i] * W[i]) : nan));
  else
    for (std::size_t i = 0; i < m; ++i)
      out[i] += coef * (W[i] > 0.0 ? sw2[i] / (W[i] * W[i]) : nan);
}

// dispersion_exact with 64-bit moments: numerator, then the double part.
FOEDUS_CLONES inline void dispersion_numerator(const std::int64_t* FR pw,
                                               const std::int64_t* FR sx,
                                               const std::int64_t* FR sxx, double* FR num,
                                               std::size_t m) {
  for (std::size_t i = 0; i < m; ++i) num[i] = double(pw[i] * sxx[i] - sx[i] * sx[i]);
}

FOEDUS_CLONES inline void dispersion_finish(const double* FR num, const double* FR pw,
                                            double scale, double* FR disp, std::size_t m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < m; ++i) {
    const double root = std::sqrt(num[i] > 0.0 ? num[i] : 0.0) / (pw[i] * scale);
    disp[i] = pw[i] == 0.0 ? nan : (num[i] > 0.0 ? root : 0.0);
  }
}

#undef FR

}  // namespace bstage

class BlockScorer {
 public:
  // lows: the block's inner low masks, in the order the scores are wanted.
  BlockScorer(const Prepared& P, const LowTables& low, const std::vector<ScoreTerm>& terms,
              const std::vector<mask_t>& lows)
      : P_(P), low_(low), terms_(terms), B_(lows.size()) {
    need_W_.assign(P.k, false);
    need_Wd_.assign(P.k, false);
    need_rank_.assign(P.d, false);
    need_moments_.assign(P.d, false);
    const int wc = P.spec.weight_crit;
    for (const auto& t : terms_) {
      switch (t.code) {
        case A_WEIGHT: case A_SHARE: need_Wd_[t.param] = true; break;
        case A_SURPLUS: if (t.param >= 0) need_Wd_[t.param] = true; break;
        case A_NPIV: case A_NSURPLUS: case A_MWIN: need_rule_ = need_piv_ = true; break;
        case A_WIN: case A_BLOCK: case A_BMIN: need_rule_ = true; break;
        case A_RANGE: case A_CONN: need_rank_[t.param] = true; break;
        case A_MCW: need_rank_[t.param] = true; need_rule_ = need_piv_ = true; break;
        case A_DISP: need_moments_[t.param] = true; break;
        case A_LARGEST: need_maxw_ = true; need_Wd_[wc] = true; break;
        case A_HHI: case A_EFF: need_sw2_ = true; need_Wd_[wc] = true; break;
        case A_DIAM: case A_CONN_TIES: case A_MCW_TIES: supported_ = false; break;
        default: break;
      }
    }
    if (need_rule_) {
      if (P.shape.kind == RuleKind::Generic) need_W_.assign(P.k, true);
      else
        for (const auto& lf : P.shape.leaves)
          if (lf.crit != CRIT_SIZE) need_W_[lf.crit] = true;
    }
    for (int c = 0; c < P.k; ++c) {
      if (need_Wd_[c]) need_W_[c] = true;
      if (need_W_[c]) crits_.push_back(c);
    }
    build_tables(lows);
  }

  bool supported() const { return supported_; }

  // out[i] = score of hs | lows[i] for every i < block size.
  void score(const PartState& hs, double* out) const {
    thread_local Workspace ws;
    const std::size_t m = B_;
    ws.reserve(m, P_.k, P_.d);
    bstage::members(hs.S, hs.size, T_.S.data(), T_.size.data(), ws.S.data(), ws.size.data(), m);
    for (int c : crits_) {
      bstage::add_i64(hs.W[c], row(T_.W, c), ws.row(ws.W, c), m);
      if (need_Wd_[c]) bstage::to_double(ws.row(ws.W, c), small_W_[c], ws.row(ws.Wd, c), m);
    }
    if (need_rule_) rule_stage(m, ws);
    for (int j = 0; j < P_.d; ++j) {
      if (need_rank_[j])
        bstage::rank_range(hs.minr[j], hs.maxr[j], row(T_.minr, j), row(T_.maxr, j),
                           ws.row(ws.minr, j), ws.row(ws.maxr, j), m);
      if (need_moments_[j]) moment_stage(hs, j, m, ws);
    }
    if (need_maxw_) bstage::max_double(double(hs.maxw), T_.maxw.data(), ws.maxw.data(), m);
    if (need_sw2_) sw2_stage(hs, m, ws);
    std::fill(out, out + m, 0.0);
    for (const auto& t : terms_) add_term(t, m, ws, out);
  }

 private:
  // Inner-table quantities in the block's order (rows of B_ values).
  struct Tables {
    std::vector<mask_t> S;
    std::vector<std::int32_t> size;
    std::vector<std::int64_t> W;             // k rows
    std::vector<std::int32_t> minr, maxr;    // d rows
    std::vector<std::int64_t> pw, sx, sxx;   // d rows (sx, sxx: 64-bit moment dimensions)
    std::vector<double> maxw;
    std::vector<std::int64_t> sw2;           // when every sum of squares fits 63 bits
    std::vector<std::uint32_t> low;          // the low masks (index into LowTables)
  };

  struct Workspace {
    std::vector<mask_t> S, piv;
    std::vector<std::int32_t> size;
    std::vector<std::int64_t> W, pw, sx, sxx, sw2i;  // k rows; d rows; the rest one row
    std::vector<double> Wd, pwd, num, maxw, sw2, disp;  // k rows; ...; disp d rows
    std::vector<std::int32_t> minr, maxr;       // d rows
    std::vector<std::uint8_t> win, blk;
    std::size_t cap = 0;

    // Rows are cap long; the workspace is shared by every scorer on this thread.
    void reserve(std::size_t m, int k, int d) {
      if (m > cap) cap = std::max<std::size_t>(m, 1024);
      const std::size_t kk = std::size_t(k) * cap, dd = std::size_t(std::max(d, 1)) * cap;
      grow(S, cap), grow(piv, cap), grow(size, cap), grow(W, kk), grow(Wd, kk);
      grow(pw, cap), grow(sx, cap), grow(sxx, cap), grow(sw2i, cap), grow(pwd, cap);
      grow(num, cap);
      grow(maxw, cap), grow(sw2, cap), grow(disp, dd), grow(minr, dd), grow(maxr, dd);
      grow(win, cap), grow(blk, cap);
    }
    template <class V>
    static void grow(V& v, std::size_t n) {
      if (v.size() < n) v.resize(n);
    }
    template <class T>
    T* row(std::vector<T>& v, int r) {
      return v.data() + std::size_t(r) * cap;
    }
  };

  template <class T>
  const T* row(const std::vector<T>& v, int r) const {
    return v.data() + std::size_t(r) * B_;
  }

  void build_tables(const std::vector<mask_t>& lows) {
    const std::size_t B = B_, Bfull = low_.S.size();
    const int k = P_.k, d = P_.d;
    T_.low.resize(B);
    T_.S.resize(B);
    T_.size.resize(B);
    T_.W.resize(std::size_t(k) * B);
    T_.minr.resize(std::size_t(d) * B);
    T_.maxr.resize(std::size_t(d) * B);
    T_.pw.resize(std::size_t(d) * B);
    T_.sx.resize(std::size_t(d) * B);
    T_.sxx.resize(std::size_t(d) * B);
    T_.maxw.resize(B);
    {
      sq_t all = 0;  // the largest sum of squares: every actor's
      const std::int64_t* wc = P_.weights(P_.spec.weight_crit);
      for (int i = 0; i < P_.n; ++i) all += sq_t(wc[i]) * sq_t(wc[i]);
      sw2_fits64_ = all <= sq_t(std::uint64_t(9223372036854775807ULL));  // 2^63 - 1
      sw2_small_ = all < sq_t(std::uint64_t(4503599627370496ULL));        // 2^52
    }
    if (sw2_fits64_) T_.sw2.resize(B);
    fits64_.assign(d, false);
    small_W_.assign(k, false);
    for (int c = 0; c < k; ++c) small_W_[c] = P_.total[c] < (std::int64_t(1) << 52);
    small_pw_ = P_.total[P_.spec.weight_crit] < (std::int64_t(1) << 52);
    for (int j = 0; j < d; ++j) fits64_[j] = moments_fit_64(j);
    for (std::size_t i = 0; i < B; ++i) {
      const std::size_t l = std::size_t(lows[i]);
      T_.low[i] = std::uint32_t(l);
      T_.S[i] = low_.S[l];
      T_.size[i] = low_.size[l];
      for (int c = 0; c < k; ++c) T_.W[c * B + i] = low_.W[c * Bfull + l];
      T_.maxw[i] = double(low_.maxw[l]);
      if (sw2_fits64_) T_.sw2[i] = std::int64_t(low_.sw2[l]);
      for (int j = 0; j < d; ++j) {
        const std::size_t o = std::size_t(j) * Bfull + l, r = std::size_t(j) * B + i;
        T_.minr[r] = low_.minr[o];
        T_.maxr[r] = low_.maxr[o];
        T_.pw[r] = low_.pw[o];
#if FOEDUS_HAVE_INT128
        if (fits64_[j]) {
          T_.sx[r] = std::int64_t(low_.pwx[o].i);
          T_.sxx[r] = std::int64_t(low_.pwxx[o].i);
        }
#endif
      }
    }
    empty_between_.assign(1, 0);
    zero_positions_.assign(1, 0.0);
  }

  // Sums of squared weights into the sw2 row, as the same double as herfindahl_value's
  // double(sw2): 64-bit integer adds when they fit, else 128-bit per coalition.
  void sw2_stage(const PartState& hs, std::size_t m, Workspace& ws) const {
    double* out = ws.sw2.data();
    if (sw2_fits64_) {
      bstage::add_i64(std::int64_t(hs.sw2), T_.sw2.data(), ws.sw2i.data(), m);
      bstage::to_double(ws.sw2i.data(), sw2_small_, out, m);
      return;
    }
    for (std::size_t i = 0; i < m; ++i) out[i] = double(hs.sw2 + low_.sw2[T_.low[i]]);
  }

  // Exact moments whose products W Sxx and Sx^2 stay below 2^62 for every coalition.
  bool moments_fit_64(int j) const {
    if (!P_.dims[j].exact) return false;
    const std::int64_t* w = P_.weights(P_.spec.weight_crit);
    double wtot = 0.0, xmax = 0.0;
    for (int i = 0; i < P_.n; ++i) {
      if (P_.dims[j].rank[i] < 0) continue;
      wtot += double(w[i]);
      xmax = std::max(xmax, std::fabs(double(P_.dims[j].ipos[std::size_t(i)])));
    }
    return wtot * xmax < 2147483648.0 * 0.99;  // (W_total x_max)^2 < 2^62
  }

  // Winning, blocking and pivotal members, as rule_status computes them.
  void rule_stage(std::size_t m, Workspace& ws) const {
    std::uint8_t* win = ws.win.data();
    std::uint8_t* blk = ws.blk.data();
    mask_t* piv = ws.piv.data();
    const mask_t* S = ws.S.data();
    const std::int32_t* size = ws.size.data();
    if (P_.shape.kind == RuleKind::Generic) {
      std::int64_t W[kMaxCriteria];
      for (std::size_t i = 0; i < m; ++i) {
        for (int c = 0; c < P_.k; ++c) W[c] = ws.row(ws.W, c)[i];
        bool w = false, b = false;
        rule_status(P_, S[i], size[i], W, w, piv[i], b);
        win[i] = w;
        blk[i] = b;
      }
      return;
    }
    std::uint8_t* cwin = blk;  // the complement wins; negated at the end
    bstage::fill_u8(win, 1, m);
    bstage::fill_u8(cwin, 1, m);
    for (const auto& lf : P_.shape.leaves) {
      if (lf.crit == CRIT_SIZE) bstage::quota_i32(size, lf.q, P_.n, win, cwin, m);
      else bstage::quota_i64(ws.row(ws.W, lf.crit), lf.q, P_.total[lf.crit], win, cwin, m);
    }
    bstage::negate_u8(blk, m);
    if (!need_piv_) return;
    std::fill(piv, piv + m, mask_t(0));
    for (const auto& lf : P_.shape.leaves) {
      if (lf.crit == CRIT_SIZE) {
        bstage::pivotal_size(size, lf.q, S, win, piv, m);
        continue;
      }
      const std::int64_t* W = ws.row(ws.W, lf.crit);
      const auto& tab = P_.heavier_table[lf.crit];
      if (!tab.empty() && lf.q >= 0) {  // then W - q <= total: inside the table
        bstage::pivotal_table(W, lf.q, tab.data(), S, win, piv, m);
      } else {
        for (std::size_t i = 0; i < m; ++i)
          if (win[i]) piv[i] |= S[i] & P_.heavier(lf.crit, W[i] - lf.q);
      }
    }
  }

  // Dispersion on dimension j into the disp row j, with dim_dispersion's formulas.
  void moment_stage(const PartState& hs, int j, std::size_t m, Workspace& ws) const {
    const DimensionInfo& D = P_.dims[j];
    double* disp = ws.row(ws.disp, j);
    std::int64_t* pw = ws.pw.data();
    bstage::add_i64(hs.pw[j], row(T_.pw, j), pw, m);
#if FOEDUS_HAVE_INT128
    if (fits64_[j]) {
      bstage::add_i64(std::int64_t(hs.pwx[j].i), row(T_.sx, j), ws.sx.data(), m);
      bstage::add_i64(std::int64_t(hs.pwxx[j].i), row(T_.sxx, j), ws.sxx.data(), m);
      bstage::dispersion_numerator(pw, ws.sx.data(), ws.sxx.data(), ws.num.data(), m);
      bstage::to_double(pw, small_pw_, ws.pwd.data(), m);
      bstage::dispersion_finish(ws.num.data(), ws.pwd.data(), D.pos_scale, disp, m);
      return;
    }
#endif
    const std::size_t Bfull = low_.S.size();
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t li = std::size_t(j) * Bfull + T_.low[i];
#if FOEDUS_HAVE_INT128
      if (D.exact) {
        disp[i] = dispersion_exact<i128>(pw[i], hs.pwx[j].i + low_.pwx[li].i,
                                         hs.pwxx[j].i + low_.pwxx[li].i, D.pos_scale);
        continue;
      }
#endif
      Acc sx = hs.pwx[j], sxx = hs.pwxx[j];
      acc_add(sx, low_.pwx[li], false);
      acc_add(sxx, low_.pwxx[li], false);
      disp[i] = dispersion_dd(D, std::min(hs.minrp[j], low_.minrp[li]),
                              std::max(hs.maxrp[j], low_.maxrp[li]), pw[i], sx.d, sxx.d);
    }
  }

  // out[i] += t.coef * (value of term t), with attribute_value's formulas.
  void add_term(const ScoreTerm& t, std::size_t m, Workspace& ws, double* out) const {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double coef = t.coef;
    const mask_t* S = ws.S.data();
    const mask_t* piv = ws.piv.data();
    const std::int32_t* size = ws.size.data();
    const std::uint8_t* win = ws.win.data();
    const std::uint8_t* blk = ws.blk.data();
    const int p = t.param;
    switch (t.code) {
      case A_SIZE: bstage::add_int(coef, size, out, m); return;
      case A_WEIGHT:
        bstage::add_ratio(coef, ws.row(ws.Wd, p), 0.0, P_.spec.scale[p], out, m);
        return;
      case A_SHARE:
        if (P_.total[p] > 0)
          bstage::add_ratio(coef, ws.row(ws.Wd, p), 0.0, double(P_.total[p]), out, m);
        else bstage::add_constant(coef, nan, out, m);
        return;
      case A_SURPLUS:
        if (p == -2) bstage::add_constant(coef, nan, out, m);
        else if (p == CRIT_SIZE) bstage::add_size_surplus(coef, size, t.q, out, m);
        else bstage::add_ratio(coef, ws.row(ws.Wd, p), t.q, P_.spec.scale[p], out, m);
        return;
      case A_NPIV: bstage::add_popcount(coef, piv, ~mask_t(0), out, m); return;
      case A_NSURPLUS: bstage::add_nonpivotal(coef, size, piv, out, m); return;
      case A_WIN: bstage::add_flag(coef, win, out, m); return;
      case A_MWIN: bstage::add_minimal(coef, win, piv, S, out, m); return;
      case A_BLOCK: bstage::add_flag(coef, blk, out, m); return;
      case A_BMIN: bstage::add_blocking_minimal(coef, blk, win, out, m); return;
      case A_RANGE: {
        const auto& sp = P_.dims[p].sorted_pos;
        bstage::add_range(coef, ws.row(ws.minr, p), ws.row(ws.maxr, p),
                          sp.empty() ? zero_positions_.data() : sp.data(), out, m);
        return;
      }
      case A_DISP: bstage::add_scaled(coef, ws.row(ws.disp, p), out, m); return;
      case A_UNPL: bstage::add_popcount(coef, S, P_.dims[p].unplaced, out, m); return;
      case A_CONN: case A_MCW: {
        const DimensionInfo& D = P_.dims[p];
        const mask_t* btw = D.between.empty() ? empty_between_.data() : D.between.data();
        const std::size_t mp = D.sorted_pos.size();
        if (t.code == A_CONN)
          bstage::add_connected(coef, ws.row(ws.minr, p), ws.row(ws.maxr, p), btw, mp, S, out, m);
        else
          bstage::add_mcw(coef, ws.row(ws.minr, p), ws.row(ws.maxr, p), btw, mp, S, win, piv,
                          out, m);
        return;
      }
      case A_MED: bstage::add_intersects(coef, S, P_.dims[p].median, out, m); return;
      case A_LARGEST:
        bstage::add_largest(coef, ws.maxw.data(), ws.row(ws.Wd, P_.spec.weight_crit), out, m);
        return;
      case A_HHI: case A_EFF:
        bstage::add_herfindahl(coef, t.code == A_EFF, ws.sw2.data(),
                               ws.row(ws.Wd, P_.spec.weight_crit), out, m);
        return;
      case A_INCL_LARGEST: bstage::add_intersects(coef, S, P_.largest, out, m); return;
      default: bstage::add_constant(coef, nan, out, m); return;
    }
  }

  const Prepared& P_;
  const LowTables& low_;
  const std::vector<ScoreTerm>& terms_;
  std::size_t B_;
  Tables T_;
  bool supported_ = true;
  bool need_rule_ = false, need_piv_ = false, need_maxw_ = false, need_sw2_ = false;
  bool small_pw_ = false, sw2_fits64_ = false, sw2_small_ = false;
  std::vector<bool> need_W_, need_Wd_, need_rank_, need_moments_, fits64_, small_W_;
  std::vector<int> crits_;
  std::vector<mask_t> empty_between_;
  std::vector<double> zero_positions_;
};

}  // namespace foedus
