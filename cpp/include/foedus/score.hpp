// Per-coalition attributes: weights, rule status, pivotal members, positions, connectedness,
// concentration.
//
// A coalition mask S is split into a "high" part (included actors and the free actors above the
// lowest L free ones) and a "low" part (subsets of the lowest L free actors). Every additive or
// min/max quantity is the combination of a per-block high state, computed from scratch in
// ascending actor order, and a precomputed low table. The split depends only on the problem
// (never on threads or chunking), so floating-point sums are formed in a fixed order and every
// result is bitwise reproducible.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "bits.hpp"
#include "rule.hpp"

namespace foedus {

#if defined(__GNUC__)
#define FOEDUS_INLINE inline __attribute__((always_inline))
#else
#define FOEDUS_INLINE inline
#endif

constexpr int kMaxCriteria = 16;
constexpr int kMaxDimensions = 16;
constexpr int kMaxLowBits = 10;

struct ProblemSpec {
  int n = 0;
  int k = 0;                          // number of weight criteria
  std::vector<std::int64_t> weights;  // k * n, criterion-major, non-negative integers
  std::vector<double> scale;          // k: reported weight = integer / scale
  std::vector<RuleNode> rule;
  int d = 0;                          // number of position dimensions
  std::vector<double> positions;      // d * n, dimension-major; NaN = unplaced
  bool has_ties = false;
  std::vector<mask_t> adjacency;      // n neighbour masks (symmetric, no self loops)
  int weight_crit = 0;                // criterion for concentration and position weighting
};

struct Filter {
  int winning = -1;   // -1 any, 0 losing only, 1 winning only
  bool minimal = false;
  int blocking = -1;  // -1 any, 0 non-blocking only, 1 blocking only
  int connected = -1; // -1 none, 0..d-1 a dimension, d = the ties graph
  int min_size = 1;
  int max_size = 64;
  mask_t include = 0;
  mask_t exclude = 0;
};

enum AttrCode : int {
  A_SIZE = 0, A_WEIGHT, A_SHARE, A_SURPLUS, A_NPIV, A_NSURPLUS, A_WIN, A_MWIN, A_BLOCK, A_BMIN,
  A_RANGE, A_DISP, A_UNPL, A_CONN, A_MCW, A_MED, A_DIAM, A_CONN_TIES, A_MCW_TIES, A_LARGEST,
  A_HHI, A_EFF, A_INCL_LARGEST, A_COUNT_
};

// One term of a linear score. A_WEIGHT/A_SHARE: param = criterion; position attributes:
// param = dimension; A_SURPLUS: param = criterion or CRIT_SIZE and q the exact threshold in
// the criterion's integer units (as a double), param = -2 means "undefined for this rule" (NaN).
struct ScoreTerm {
  int code = A_SIZE;
  int param = 0;
  double q = 0.0;
  double coef = 1.0;
};

constexpr int kNoRank = std::numeric_limits<int>::max();

#if defined(__SIZEOF_INT128__)
#define FOEDUS_HAVE_INT128 1
using i128 = __int128;
// Sums of squared weights, exact: every weight is below 2^62 and W(N) below 2^63, so a sum
// of squares stays below W(N)^2 < 2^126. Every path (per coalition, by blocks, bitsets) adds
// the same integers, so the Herfindahl index is the same double whatever the order.
using sq_t = unsigned __int128;
#else
#define FOEDUS_HAVE_INT128 0
using sq_t = double;
#endif

// A sum of weighted positions (or squared positions): an exact 128-bit integer when the
// dimension's positions are decimals that scale to integers, else a double-double.
union Acc {
#if FOEDUS_HAVE_INT128
  i128 i;
#endif
  DD d;
  Acc() : d() {
#if FOEDUS_HAVE_INT128
    i = 0;
#endif
  }
};

inline void acc_add(Acc& a, const Acc& b, bool exact) {
#if FOEDUS_HAVE_INT128
  if (exact) {
    a.i += b.i;
    return;
  }
#else
  (void)exact;
#endif
  a.d = dd_add(a.d, b.d);
}

// One position dimension, without masks (any number of actors): ranks of the placed actors,
// rank neighbourhoods, median actors and the exact integer representation of positions.
struct DimensionCore {
  std::vector<int> rank;           // n: rank among placed actors, -1 if unplaced
  std::vector<int> order;          // m: actor at each rank
  std::vector<double> sorted_pos;  // m placed positions in rank order
  std::vector<int> above;          // m: first rank with position > sorted_pos[r]
  std::vector<int> from;           // m: first rank with position >= sorted_pos[r]
  std::vector<char> is_median;     // n
  bool exact = false;              // positions are integers / pos_scale (moments exact)
  double pos_scale = 1.0;
  std::vector<std::int64_t> ipos;  // n: position * pos_scale (exact path)

  // x: n positions (NaN = unplaced); w: the weighting criterion's n weights.
  DimensionCore(const double* x, const std::int64_t* w, int n) {
    rank.assign(n, -1);
    is_median.assign(n, 0);
    for (int i = 0; i < n; ++i) {
      if (std::isnan(x[i])) continue;
      if (!std::isfinite(x[i])) throw std::invalid_argument("positions: infinite position");
      order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return x[a] < x[b]; });
    const int m = int(order.size());
    sorted_pos.resize(m);
    for (int r = 0; r < m; ++r) {
      rank[order[r]] = r;
      sorted_pos[r] = x[order[r]];
    }
    above.resize(m);
    from.resize(m);
    for (int r = 0, a = 0; r < m; ++r) {  // above is non-decreasing in r
      a = std::max(a, r);
      while (a < m && sorted_pos[a] <= sorted_pos[r]) ++a;
      above[r] = a;
      from[r] = (r > 0 && sorted_pos[r - 1] == sorted_pos[r]) ? from[r - 1] : r;
    }
    // Median actors: positive-weight placed actors by (position, index); k is a median iff
    // c_before(k) <= W/2 <= c_through(k), compared exactly as 2 c_before <= W <= 2 c_through.
    std::int64_t W = 0;
    for (int r = 0; r < m; ++r) W += w[order[r]];
    std::int64_t before = 0;
    for (int r = 0; r < m; ++r) {
      const int i = order[r];
      if (w[i] <= 0) continue;
      const std::int64_t through = before + w[i];
      // 2*before <= W <= 2*through without overflow
      if (before <= W - before && W - through <= through) is_median[i] = 1;
      before = through;
    }
    detect_exact(x, w, n);
  }

 private:
  // Positions that are decimals with at most 6 places become exact integers, and the weighted
  // moments of a coalition exact 128-bit integers, when the bounds below guarantee no overflow.
  void detect_exact(const double* x, const std::int64_t* w, int n) {
#if FOEDUS_HAVE_INT128
    double wtot = 0.0;
    for (int i = 0; i < n; ++i) wtot += double(w[i]);
    for (int places = 0; places <= 6; ++places) {
      const double s = std::pow(10.0, places);
      bool ok = true;
      double xmax = 1.0;
      std::vector<std::int64_t> ip(n, 0);
      for (int i = 0; i < n && ok; ++i) {
        if (rank[i] < 0) continue;
        const double r = std::nearbyint(x[i] * s);
        if (!(std::fabs(r) < 9.0e15) || r / s != x[i]) ok = false;
        else {
          ip[i] = std::int64_t(r);
          xmax = std::max(xmax, std::fabs(r));
        }
      }
      // |N| <= W * W * x^2 must stay below 2^126 (log2 bound with a safety margin)
      if (ok && 2.0 * std::log2(wtot + 1.0) + 2.0 * std::log2(xmax + 1.0) < 124.0) {
        exact = true;
        pos_scale = s;
        ipos = std::move(ip);
        return;
      }
    }
#else
    (void)x;
    (void)w;
    (void)n;
#endif
  }
};

// A dimension of at most 64 actors: the core plus masks.
struct DimensionInfo : DimensionCore {
  std::vector<mask_t> prefix;      // m + 1: actors with rank < j
  mask_t unplaced = 0;
  mask_t median = 0;

  DimensionInfo(const double* x, const std::int64_t* w, int n) : DimensionCore(x, w, n) {
    const int m = int(order.size());
    prefix.assign(m + 1, 0);
    for (int r = 0; r < m; ++r) prefix[r + 1] = prefix[r] | (mask_t(1) << order[r]);
    for (int i = 0; i < n; ++i) {
      if (rank[i] < 0) unplaced |= mask_t(1) << i;
      if (is_median[i]) median |= mask_t(1) << i;
    }
    between.assign(std::size_t(m) * m, 0);
    for (int a = 0; a < m; ++a)
      for (int b = a; b < m; ++b)
        between[std::size_t(a) * m + b] = prefix[from[b]] & ~prefix[above[a]];
  }

  std::vector<mask_t> between;     // m * m: strictly_between(a, b) for a <= b

  // Placed actors lying strictly between ranks a <= b.
  mask_t strictly_between(int a, int b) const {
    return between[std::size_t(a) * sorted_pos.size() + std::size_t(b)];
  }
};

// Checks shared by the 64-bit and the bitset kernels: counts of criteria and dimensions, array
// sizes, the weighting criterion and the rule program.
inline void check_problem(int n, int k, int d, std::size_t n_weights, std::size_t n_positions,
                          int weight_crit, const std::vector<RuleNode>& rule) {
  if (k < 1 || k > kMaxCriteria)
    throw std::invalid_argument("weights: 1 to " + std::to_string(kMaxCriteria) + " criteria");
  if (d < 0 || d > kMaxDimensions)
    throw std::invalid_argument("positions: at most " + std::to_string(kMaxDimensions) +
                                " dimensions");
  if (n_weights != std::size_t(k) * std::size_t(n))
    throw std::invalid_argument("weights: expected criteria x actors values");
  if (n_positions != std::size_t(d) * std::size_t(n))
    throw std::invalid_argument("positions: expected dimensions x actors values");
  if (weight_crit < 0 || weight_crit >= k)
    throw std::invalid_argument("weight: criterion index out of range");
  validate_rule(rule, k);
  if (rule_stack_depth(rule) > kMaxRuleStack)
    throw std::invalid_argument("rule: nested too deeply (at most 64 pending operands)");
}

// Everything derived from the spec once, shared read-only by all threads.
class Prepared {
 public:
  ProblemSpec spec;
  int n = 0, k = 0, d = 0;
  mask_t all = 0;
  std::vector<std::int64_t> total;            // k
  std::vector<std::vector<std::int64_t>> desc;  // k: weights sorted descending
  std::vector<std::vector<mask_t>> heavier_prefix;  // k: mask of the j heaviest (ties grouped)
  std::vector<std::vector<mask_t>> heavier_table;   // k: heavier(c, t) for t <= total (small totals)
  std::vector<DimensionInfo> dims;
  mask_t largest = 0;
  RuleShape shape;

  explicit Prepared(ProblemSpec s) : spec(std::move(s)) {
    n = spec.n;
    k = spec.k;
    d = spec.d;
    if (n < 1 || n > 64) throw std::invalid_argument("actors: the kernel takes 1 to 64 actors");
    check_problem(n, k, d, spec.weights.size(), spec.positions.size(), spec.weight_crit,
                  spec.rule);
    if (spec.has_ties && spec.adjacency.size() != std::size_t(n))
      throw std::invalid_argument("ties: expected one neighbour mask per actor");
    if (int(spec.scale.size()) != k) spec.scale.assign(k, 1.0);
    all = low_bits(n);
    total.assign(k, 0);
    desc.resize(k);
    heavier_prefix.resize(k);
    for (int c = 0; c < k; ++c) {
      const std::int64_t* w = &spec.weights[std::size_t(c) * n];
      std::vector<int> order(n);
      for (int i = 0; i < n; ++i) {
        if (w[i] < 0) throw std::invalid_argument("weights: negative weight");
        order[i] = i;
        if (w[i] > std::numeric_limits<std::int64_t>::max() - total[c])
          throw std::invalid_argument("weights: total weight overflows 63 bits");
        total[c] += w[i];
      }
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return w[a] > w[b]; });
      desc[c].resize(n);
      heavier_prefix[c].assign(n + 1, 0);
      for (int j = 0; j < n; ++j) {
        desc[c][j] = w[order[j]];
        heavier_prefix[c][j + 1] = heavier_prefix[c][j] | (mask_t(1) << order[j]);
      }
    }
    heavier_table.resize(k);
    for (int c = 0; c < k; ++c) {
      if (total[c] > (1 << 16)) continue;
      heavier_table[c].resize(std::size_t(total[c]) + 1);
      for (std::int64_t t = 0; t <= total[c]; ++t) heavier_table[c][std::size_t(t)] = heavier_search(c, t);
    }
    {
      const std::int64_t* w = &spec.weights[std::size_t(spec.weight_crit) * n];
      std::int64_t mx = *std::max_element(w, w + n);
      for (int i = 0; i < n; ++i)
        if (w[i] == mx) largest |= mask_t(1) << i;
    }
    dims.reserve(d);
    for (int j = 0; j < d; ++j)
      dims.emplace_back(&spec.positions[std::size_t(j) * n], weights(spec.weight_crit), n);
    shape = rule_shape(spec.rule);
  }

  const std::int64_t* weights(int c) const { return &spec.weights[std::size_t(c) * n]; }
  double position(int dim, int i) const { return spec.positions[std::size_t(dim) * n + i]; }

  // Members of S whose weight on criterion c exceeds t (t >= 0): those whose removal makes a
  // quota leaf with slack t fail.
  mask_t heavier(int c, std::int64_t t) const {
    const auto& tab = heavier_table[c];
    if (t >= 0 && std::size_t(t) < tab.size()) return tab[std::size_t(t)];
    return heavier_search(c, t);
  }

  mask_t heavier_search(int c, std::int64_t t) const {
    const auto& v = desc[c];
    int lo = 0, hi = n;  // first index with v[idx] <= t
    while (lo < hi) {
      int mid = (lo + hi) >> 1;
      if (v[mid] > t) lo = mid + 1;
      else hi = mid;
    }
    return heavier_prefix[c][lo];
  }

};

// w x and w x^2 of one actor on dimension j, exact integers or double-doubles.
inline void moment_terms(const Prepared& P, int j, int i, std::int64_t w, Acc& ax, Acc& axx) {
#if FOEDUS_HAVE_INT128
  if (P.dims[j].exact) {
    const i128 x = P.dims[j].ipos[i];
    ax.i = i128(w) * x;
    axx.i = ax.i * x;
    return;
  }
#endif
  const double x = P.position(j, i);
  ax.d = dd_mul(dd_from_int(w), x);  // w exactly (it may exceed 2^53), times x
  axx.d = dd_mul(ax.d, x);
}

// Additive and min/max quantities of a (partial) coalition.
struct PartState {
  mask_t S = 0;
  int size = 0;
  std::int64_t W[kMaxCriteria];
  std::int64_t maxw = 0;  // largest member weight (weight_crit)
  sq_t sw2 = 0;           // sum of squared member weights (weight_crit), exact
  int minr[kMaxDimensions];
  int maxr[kMaxDimensions];
  int minrp[kMaxDimensions];  // rank range of placed members with positive weight
  int maxrp[kMaxDimensions];
  std::int64_t pw[kMaxDimensions];  // weight of placed members
  Acc pwx[kMaxDimensions];          // sum w x
  Acc pwxx[kMaxDimensions];         // sum w x^2

  void clear(int k, int d) {
    S = 0;
    size = 0;
    maxw = 0;
    sw2 = 0;
    for (int c = 0; c < k; ++c) W[c] = 0;
    for (int j = 0; j < d; ++j) {
      minr[j] = minrp[j] = kNoRank;
      maxr[j] = maxrp[j] = -1;
      pw[j] = 0;
      pwx[j] = pwxx[j] = Acc();
    }
  }

  void add_actor(const Prepared& P, int i, bool positions) {
    S |= mask_t(1) << i;
    ++size;
    for (int c = 0; c < P.k; ++c) W[c] += P.weights(c)[i];
    const std::int64_t wi = P.weights(P.spec.weight_crit)[i];
    maxw = std::max(maxw, wi);
    sw2 += sq_t(wi) * sq_t(wi);
    if (!positions) return;
    for (int j = 0; j < P.d; ++j) {
      const int r = P.dims[j].rank[i];
      if (r < 0) continue;
      minr[j] = std::min(minr[j], r);
      maxr[j] = std::max(maxr[j], r);
      if (wi > 0) {
        minrp[j] = std::min(minrp[j], r);
        maxrp[j] = std::max(maxrp[j], r);
        pw[j] += wi;
        Acc ax, axx;
        moment_terms(P, j, i, wi, ax, axx);
        acc_add(pwx[j], ax, P.dims[j].exact);
        acc_add(pwxx[j], axx, P.dims[j].exact);
      }
    }
  }
};

// Tables of PartState fields over the 2^L subsets of the low free actors (struct of arrays).
struct LowTables {
  int L = 0;
  std::vector<int> low_actors;  // the L lowest free actors
  std::vector<mask_t> S;
  std::vector<int> size;
  std::vector<std::int64_t> W;  // k * 2^L
  std::vector<std::int64_t> maxw;
  std::vector<sq_t> sw2;
  std::vector<int> minr, maxr, minrp, maxrp;  // d * 2^L
  std::vector<std::int64_t> pw;
  std::vector<Acc> pwx, pwxx;

  void build(const Prepared& P, const std::vector<int>& actors, bool positions) {
    low_actors = actors;
    L = int(actors.size());
    const std::size_t B = std::size_t(1) << L;
    const int k = P.k, d = positions ? P.d : 0;
    S.assign(B, 0);
    size.assign(B, 0);
    W.assign(std::size_t(k) * B, 0);
    maxw.assign(B, 0);
    sw2.assign(B, 0);
    minr.assign(std::size_t(d) * B, kNoRank);
    maxr.assign(std::size_t(d) * B, -1);
    minrp.assign(std::size_t(d) * B, kNoRank);
    maxrp.assign(std::size_t(d) * B, -1);
    pw.assign(std::size_t(d) * B, 0);
    pwx.assign(std::size_t(d) * B, Acc());
    pwxx.assign(std::size_t(d) * B, Acc());
    const std::int64_t* wc = P.weights(P.spec.weight_crit);
    for (std::size_t l = 1; l < B; ++l) {
      const std::size_t prev = l & (l - 1);
      const int i = actors[ctz(mask_t(l))];
      S[l] = S[prev] | (mask_t(1) << i);
      size[l] = size[prev] + 1;
      for (int c = 0; c < k; ++c) W[c * B + l] = W[c * B + prev] + P.weights(c)[i];
      maxw[l] = std::max(maxw[prev], wc[i]);
      sw2[l] = sw2[prev] + sq_t(wc[i]) * sq_t(wc[i]);
      for (int j = 0; j < d; ++j) {
        const std::size_t o = std::size_t(j) * B;
        minr[o + l] = minr[o + prev];
        maxr[o + l] = maxr[o + prev];
        minrp[o + l] = minrp[o + prev];
        maxrp[o + l] = maxrp[o + prev];
        pw[o + l] = pw[o + prev];
        pwx[o + l] = pwx[o + prev];
        pwxx[o + l] = pwxx[o + prev];
        const int r = P.dims[j].rank[i];
        if (r < 0) continue;
        minr[o + l] = std::min(minr[o + l], r);
        maxr[o + l] = std::max(maxr[o + l], r);
        if (wc[i] > 0) {
          minrp[o + l] = std::min(minrp[o + l], r);
          maxrp[o + l] = std::max(maxrp[o + l], r);
          pw[o + l] += wc[i];
          Acc ax, axx;
          moment_terms(P, j, i, wc[i], ax, axx);
          acc_add(pwx[o + l], ax, P.dims[j].exact);
          acc_add(pwxx[o + l], axx, P.dims[j].exact);
        }
      }
    }
  }

  // Full state of high | low.
  void combine(const Prepared& P, const PartState& h, std::size_t l, bool positions,
               PartState& out) const {
    const std::size_t B = S.size();
    out.S = h.S | S[l];
    out.size = h.size + size[l];
    for (int c = 0; c < P.k; ++c) out.W[c] = h.W[c] + W[c * B + l];
    out.maxw = std::max(h.maxw, maxw[l]);
    out.sw2 = h.sw2 + sw2[l];
    if (!positions) return;
    for (int j = 0; j < P.d; ++j) {
      const std::size_t o = std::size_t(j) * B + l;
      out.minr[j] = std::min(h.minr[j], minr[o]);
      out.maxr[j] = std::max(h.maxr[j], maxr[o]);
      out.minrp[j] = std::min(h.minrp[j], minrp[o]);
      out.maxrp[j] = std::max(h.maxrp[j], maxrp[o]);
      out.pw[j] = h.pw[j] + pw[o];
      out.pwx[j] = h.pwx[j];
      acc_add(out.pwx[j], pwx[o], P.dims[j].exact);
      out.pwxx[j] = h.pwxx[j];
      acc_add(out.pwxx[j], pwxx[o], P.dims[j].exact);
    }
  }
};

// Rule evaluation on a coalition state.
inline bool rule_wins(const Prepared& P, mask_t S, int size, const std::int64_t* W,
                      mask_t* critical) {
  auto value = [&](const RuleNode& nd) -> bool {
    if (nd.op == OP_CONTAINS) return (S & nd.set) == nd.set;
    return (nd.crit == CRIT_SIZE ? std::int64_t(size) : W[nd.crit]) >= nd.q;
  };
  auto crit = [&](const RuleNode& nd) -> mask_t {
    if (nd.op == OP_CONTAINS) return nd.set;
    if (nd.crit == CRIT_SIZE) return (std::int64_t(size) - nd.q == 0) ? S : mask_t(0);
    return S & P.heavier(nd.crit, W[nd.crit] - nd.q);
  };
  return eval_rule(P.spec.rule, value, crit, critical);
}

// Rule status, pivotal set and blocking in one go; quota-only rules (one quota or an AND of
// quotas) skip the general stack machine.
inline void rule_status(const Prepared& P, mask_t S, int size, const std::int64_t* W,
                        bool& win, mask_t& pivotal, bool& blocking) {
  if (P.shape.kind == RuleKind::Generic) {
    win = rule_wins(P, S, size, W, &pivotal);
    if (!win) pivotal = 0;
    std::int64_t Wc[kMaxCriteria];
    for (int c = 0; c < P.k; ++c) Wc[c] = P.total[c] - W[c];
    blocking = !rule_wins(P, P.all & ~S, P.n - size, Wc, nullptr);
    return;
  }
  win = true;
  bool cwin = true;
  pivotal = 0;
  for (const auto& lf : P.shape.leaves) {
    const std::int64_t v = lf.crit == CRIT_SIZE ? std::int64_t(size) : W[lf.crit];
    const std::int64_t tot = lf.crit == CRIT_SIZE ? std::int64_t(P.n) : P.total[lf.crit];
    win = win && v >= lf.q;
    cwin = cwin && tot - v >= lf.q;
  }
  blocking = !cwin;
  if (!win) return;
  for (const auto& lf : P.shape.leaves) {
    if (lf.crit == CRIT_SIZE) {
      if (std::int64_t(size) == lf.q) pivotal = S;
    } else {
      pivotal |= S & P.heavier(lf.crit, W[lf.crit] - lf.q);
    }
  }
}

inline bool rule_wins_complement(const Prepared& P, mask_t S, int size, const std::int64_t* W) {
  std::int64_t Wc[kMaxCriteria];
  for (int c = 0; c < P.k; ++c) Wc[c] = P.total[c] - W[c];
  return rule_wins(P, P.all & ~S, P.n - size, Wc, nullptr);
}

inline bool ties_connected(const Prepared& P, mask_t S) {
  if (S == 0) return true;
  mask_t comp = S & (~S + 1);
  mask_t frontier = comp;
  while (frontier) {
    mask_t nb = 0;
    for (mask_t f = frontier; f; f &= f - 1) nb |= P.spec.adjacency[ctz(f)];
    nb &= S & ~comp;
    comp |= nb;
    frontier = nb;
  }
  return comp == S;
}

// The formulas of the position attributes, on primitive values so that the per-coalition path
// (compute_attributes) and the block path (block_score.hpp) share them and agree bitwise.

// No placed non-member lies strictly inside the members' range (true when no member is placed).
FOEDUS_INLINE bool connected_value(const DimensionInfo& D, mask_t S, int minr, int maxr) {
  if (maxr < 0) return true;
  return (D.strictly_between(minr, maxr) & ~S) == 0;
}

// Minimal connected winning, given that S is connected and winning with the given critical
// (pivotal) set: every non-pivotal member must lie strictly inside the range, so that removing
// it disconnects the coalition.
FOEDUS_INLINE bool mcw_value(const DimensionInfo& D, mask_t S, int minr, int maxr,
                             mask_t pivotal) {
  const mask_t nonpivotal = S & ~pivotal;
  if (nonpivotal == 0) return true;
  if (maxr < 0) return false;
  return (nonpivotal & ~D.strictly_between(minr, maxr)) == 0;
}

FOEDUS_INLINE double range_value(const DimensionCore& D, int minr, int maxr) {
  if (maxr < 0) return std::numeric_limits<double>::quiet_NaN();
  return D.sorted_pos[std::size_t(maxr)] - D.sorted_pos[std::size_t(minr)];
}

// Weighted standard deviation of the placed members' positions around their weighted mean.
// Exact path: var = (W Sxx - Sx^2) / W^2 with an exact integer numerator (0 exactly when it is
// 0); I is int64 when the problem's bounds allow it, else 128 bits (the same integer either way,
// so the same double). NaN when no placed member has positive weight (pw == 0).
template <class I>
FOEDUS_INLINE double dispersion_exact(std::int64_t pw, I sx, I sxx, double pos_scale) {
  if (pw == 0) return std::numeric_limits<double>::quiet_NaN();
  const I num = I(pw) * sxx - sx * sx;
  if (num <= 0) return 0.0;
  return std::sqrt(double(num)) / (double(pw) * pos_scale);
}

// Double-double path: var = sum w x^2 / sum w - mean^2 (about 106 bits, so the subtraction
// does not cancel catastrophically); exactly 0 when all positive weight sits at one position.
inline double dispersion_dd(const DimensionCore& D, int minrp, int maxrp, std::int64_t pw,
                            const DD& sx, const DD& sxx) {
  if (maxrp < 0) return std::numeric_limits<double>::quiet_NaN();
  if (D.sorted_pos[std::size_t(maxrp)] == D.sorted_pos[std::size_t(minrp)]) return 0.0;
  const DD w = dd_from_int(pw);
  const DD mean = dd_div(sx, w);
  const DD ex2 = dd_div(sxx, w);
  const DD m2 = dd_mul(mean, mean);
  const DD var = dd_add(ex2, DD{-m2.hi, -m2.lo});
  return var.hi > 0.0 ? std::sqrt(var.hi) : 0.0;
}

inline bool dim_connected(const Prepared& P, const PartState& s, int j) {
  return connected_value(P.dims[j], s.S, s.minr[j], s.maxr[j]);
}

inline bool dim_mcw(const Prepared& P, const PartState& s, int j, mask_t pivotal) {
  return mcw_value(P.dims[j], s.S, s.minr[j], s.maxr[j], pivotal);
}

inline bool ties_mcw(const Prepared& P, mask_t S, mask_t pivotal) {
  for (mask_t f = S & ~pivotal; f; f &= f - 1) {
    const mask_t rest = S & ~(mask_t(1) << ctz(f));
    if (ties_connected(P, rest)) return false;
  }
  return true;
}

inline double diameter(const Prepared& P, mask_t S) {
  bool any_placed = false;
  double best2 = 0.0;
  for (mask_t a = S; a; a &= a - 1) {
    const int i = ctz(a);
    for (int j = 0; j < P.d; ++j)
      if (P.dims[j].rank[i] >= 0) any_placed = true;
    for (mask_t b = a & (a - 1); b; b &= b - 1) {
      const int t = ctz(b);
      double s2 = 0.0;
      for (int j = 0; j < P.d; ++j) {
        if (P.dims[j].rank[i] < 0 || P.dims[j].rank[t] < 0) continue;
        const double diff = P.position(j, i) - P.position(j, t);
        s2 += diff * diff;
      }
      best2 = std::max(best2, s2);
    }
  }
  if (!any_placed) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(best2);
}

inline double dim_range(const Prepared& P, const PartState& s, int j) {
  return range_value(P.dims[j], s.minr[j], s.maxr[j]);
}

inline double dim_dispersion(const Prepared& P, const PartState& s, int j) {
  const DimensionInfo& D = P.dims[j];
#if FOEDUS_HAVE_INT128
  if (D.exact) return dispersion_exact<i128>(s.pw[j], s.pwx[j].i, s.pwxx[j].i, D.pos_scale);
#endif
  return dispersion_dd(D, s.minrp[j], s.maxrp[j], s.pw[j], s.pwx[j].d, s.pwxx[j].d);
}

// Concentration on the weighting criterion (NaN for a coalition of zero weight).
FOEDUS_INLINE double largest_share_value(std::int64_t maxw, std::int64_t w) {
  return w > 0 ? double(maxw) / double(w) : std::numeric_limits<double>::quiet_NaN();
}

FOEDUS_INLINE double herfindahl_value(sq_t sw2, std::int64_t w) {
  return w > 0 ? double(sw2) / (double(w) * double(w)) : std::numeric_limits<double>::quiet_NaN();
}

// All attributes of one coalition.
struct Attributes {
  mask_t mask = 0;
  int size = 0;
  std::int64_t W[kMaxCriteria];
  bool winning = false, minimal_winning = false, blocking = false;
  int n_pivotal = 0;
  double range[kMaxDimensions], dispersion[kMaxDimensions];
  int unplaced[kMaxDimensions];
  bool connected[kMaxDimensions], mcw[kMaxDimensions], median[kMaxDimensions];
  double diameter = 0.0;
  bool connected_ties = false, mcw_ties = false;
  double largest_share = 0.0, herfindahl = 0.0;
  bool includes_largest = false;
};

FOEDUS_INLINE void compute_attributes(const Prepared& P, const PartState& s, bool with_diameter,
                               Attributes& a) {
  a.mask = s.S;
  a.size = s.size;
  for (int c = 0; c < P.k; ++c) a.W[c] = s.W[c];
  mask_t piv = 0;
  rule_status(P, s.S, s.size, s.W, a.winning, piv, a.blocking);
  a.n_pivotal = popcount(piv);
  a.minimal_winning = a.winning && piv == s.S;
  for (int j = 0; j < P.d; ++j) {
    a.range[j] = dim_range(P, s, j);
    a.dispersion[j] = dim_dispersion(P, s, j);
    a.unplaced[j] = popcount(s.S & P.dims[j].unplaced);
    a.connected[j] = dim_connected(P, s, j);
    a.mcw[j] = a.connected[j] && a.winning && dim_mcw(P, s, j, piv);
    a.median[j] = (s.S & P.dims[j].median) != 0;
  }
  a.diameter = (with_diameter && P.d > 0) ? diameter(P, s.S)
                                          : std::numeric_limits<double>::quiet_NaN();
  if (P.spec.has_ties) {
    a.connected_ties = ties_connected(P, s.S);
    a.mcw_ties = a.connected_ties && a.winning && ties_mcw(P, s.S, piv);
  }
  const std::int64_t Wc = s.W[P.spec.weight_crit];
  a.largest_share = largest_share_value(s.maxw, Wc);
  a.herfindahl = herfindahl_value(s.sw2, Wc);
  a.includes_largest = (s.S & P.largest) != 0;
}

// P: Prepared or WidePrepared (both have spec.scale and total).
template <class Prep>
FOEDUS_INLINE double attribute_value(const Prep& P, const Attributes& a, const ScoreTerm& t) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  switch (t.code) {
    case A_SIZE: return a.size;
    case A_WEIGHT: return double(a.W[t.param]) / P.spec.scale[t.param];
    case A_SHARE:
      return P.total[t.param] > 0 ? double(a.W[t.param]) / double(P.total[t.param]) : nan;
    case A_SURPLUS:
      if (t.param == -2) return nan;
      if (t.param == CRIT_SIZE) return double(a.size) - t.q;
      return (double(a.W[t.param]) - t.q) / P.spec.scale[t.param];
    case A_NPIV: return a.n_pivotal;
    case A_NSURPLUS: return a.size - a.n_pivotal;
    case A_WIN: return a.winning;
    case A_MWIN: return a.minimal_winning;
    case A_BLOCK: return a.blocking;
    case A_BMIN: return a.blocking && !a.winning;
    case A_RANGE: return a.range[t.param];
    case A_DISP: return a.dispersion[t.param];
    case A_UNPL: return a.unplaced[t.param];
    case A_CONN: return a.connected[t.param];
    case A_MCW: return a.mcw[t.param];
    case A_MED: return a.median[t.param];
    case A_DIAM: return a.diameter;
    case A_CONN_TIES: return a.connected_ties;
    case A_MCW_TIES: return a.mcw_ties;
    case A_LARGEST: return a.largest_share;
    case A_HHI: return a.herfindahl;
    case A_EFF: return 1.0 / a.herfindahl;
    case A_INCL_LARGEST: return a.includes_largest;
    default: return nan;
  }
}

}  // namespace foedus
