// Coalitions of any number of actors as packed bitsets: ceil(n / 64) 64-bit words, bit i of
// word i / 64 = actor i (ARCHITECTURE, Definitions). Used beyond 64 actors, where coalitions
// come from minimal-winning generation, size-bounded enumeration or the caller, never from
// visiting all 2^n subsets. Attributes are computed member by member with the same definitions
// and shared formulas as the 64-bit kernel (score.hpp).
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
#include "rule.hpp"
#include "score.hpp"

namespace foedus {

inline int words_for(int n) { return (n + 63) / 64; }

inline bool bit_of(const std::uint64_t* S, int i) { return (S[i >> 6] >> (i & 63)) & 1; }

// Members of S in ascending order.
inline void members_of(const std::uint64_t* S, int words, std::vector<int>& out) {
  out.clear();
  for (int w = 0; w < words; ++w)
    for (std::uint64_t x = S[w]; x; x &= x - 1) out.push_back(w * 64 + ctz(x));
}

struct WideSpec {
  int n = 0, k = 0, d = 0;
  std::vector<std::int64_t> weights;  // k * n
  std::vector<double> scale;          // k
  std::vector<RuleNode> rule;         // RuleNode::set unused: sets are rule_sets
  std::vector<std::uint64_t> rule_sets;  // nodes x words: OP_CONTAINS sets
  std::vector<double> positions;      // d * n, NaN = unplaced
  bool has_ties = false;
  std::vector<std::uint64_t> adjacency;  // n x words
  int weight_crit = 0;
};

class WidePrepared {
 public:
  WideSpec spec;
  int n = 0, k = 0, d = 0, words = 0;
  std::vector<std::int64_t> total;
  std::vector<DimensionCore> dims;
  std::vector<char> largest;  // n

  explicit WidePrepared(WideSpec s) : spec(std::move(s)) {
    n = spec.n;
    k = spec.k;
    d = spec.d;
    if (n < 1) throw std::invalid_argument("actors: at least one actor");
    check_problem(n, k, d, spec.weights.size(), spec.positions.size(), spec.weight_crit,
                  spec.rule);
    words = words_for(n);
    if (spec.rule_sets.size() != spec.rule.size() * std::size_t(words))
      throw std::invalid_argument("rule: expected one bitset per rule node");
    if (spec.has_ties && spec.adjacency.size() != std::size_t(n) * words)
      throw std::invalid_argument("ties: expected one neighbour bitset per actor");
    if (int(spec.scale.size()) != k) spec.scale.assign(k, 1.0);
    total.assign(k, 0);
    for (int c = 0; c < k; ++c)
      for (int i = 0; i < n; ++i) {
        const std::int64_t w = spec.weights[std::size_t(c) * n + i];
        if (w < 0) throw std::invalid_argument("weights: negative weight");
        if (w > std::numeric_limits<std::int64_t>::max() - total[c])
          throw std::invalid_argument("weights: total weight overflows 63 bits");
        total[c] += w;
      }
    const std::int64_t* wc = weights(spec.weight_crit);
    const std::int64_t mx = *std::max_element(wc, wc + n);
    largest.assign(n, 0);
    for (int i = 0; i < n; ++i) largest[i] = wc[i] == mx;
    dims.reserve(d);
    for (int j = 0; j < d; ++j) dims.emplace_back(&spec.positions[std::size_t(j) * n], wc, n);
  }

  const std::int64_t* weights(int c) const { return &spec.weights[std::size_t(c) * n]; }
  const std::uint64_t* rule_set(std::size_t node) const {
    return &spec.rule_sets[node * std::size_t(words)];
  }
  double position(int j, int i) const { return spec.positions[std::size_t(j) * n + i]; }
};

// The rule's value given each leaf's value (the stack machine of eval_rule, without critical
// sets).
template <class Leaf>
bool wide_rule_value(const std::vector<RuleNode>& prog, Leaf&& leaf) {
  bool val[kMaxRuleStack + 1];
  int sp = 0;
  for (std::size_t at = 0; at < prog.size(); ++at) {
    const RuleNode& nd = prog[at];
    if (nd.op == OP_QUOTA || nd.op == OP_CONTAINS) {
      val[sp++] = leaf(at, nd);
      continue;
    }
    const int base = sp - nd.nchild;
    bool v = nd.op == OP_AND;
    for (int i = base; i < sp; ++i) v = nd.op == OP_AND ? (v && val[i]) : (v || val[i]);
    sp = base;
    val[sp++] = v;
  }
  return val[0];
}

// Buffers reused across coalitions (one per thread).
struct WideScratch {
  std::vector<int> mem;         // members, ascending
  std::vector<char> contains;   // per rule node: set within S, set disjoint from S
  std::vector<char> pivotal;    // per member
  std::vector<std::uint64_t> seen;
  std::vector<int> stack;
};

// Size and weights of the members sc.mem.
inline void wide_weights(const WidePrepared& P, const WideScratch& sc, Attributes& a) {
  a.mask = 0;
  a.size = int(sc.mem.size());
  for (int c = 0; c < P.k; ++c) {
    const std::int64_t* w = P.weights(c);
    std::int64_t sum = 0;
    for (int i : sc.mem) sum += w[i];
    a.W[c] = sum;
  }
}

// Winning, blocking (with want_blocking, else false) and (with want_pivotal) the pivotal
// members, minimal winning.
inline void wide_rule_status(const WidePrepared& P, const std::uint64_t* S, WideScratch& sc,
                             bool want_pivotal, Attributes& a, bool want_blocking = true) {
  const int n = P.n, words = P.words, size = a.size;
  const auto& prog = P.spec.rule;
  const std::int64_t* W = a.W;
  sc.contains.assign(prog.size() * 2, 0);
  for (std::size_t at = 0; at < prog.size(); ++at) {
    if (prog[at].op != OP_CONTAINS) continue;
    const std::uint64_t* V = P.rule_set(at);
    bool sub = true, disjoint = true;
    for (int w = 0; w < words; ++w) {
      sub = sub && (V[w] & ~S[w]) == 0;
      disjoint = disjoint && (V[w] & S[w]) == 0;
    }
    sc.contains[2 * at] = sub;
    sc.contains[2 * at + 1] = disjoint;
  }
  a.winning = wide_rule_value(prog, [&](std::size_t at, const RuleNode& nd) {
    if (nd.op == OP_CONTAINS) return bool(sc.contains[2 * at]);
    return (nd.crit == CRIT_SIZE ? std::int64_t(size) : W[nd.crit]) >= nd.q;
  });
  a.blocking = want_blocking && !wide_rule_value(prog, [&](std::size_t at, const RuleNode& nd) {
    if (nd.op == OP_CONTAINS) return bool(sc.contains[2 * at + 1]);
    const std::int64_t v =
        nd.crit == CRIT_SIZE ? std::int64_t(n - size) : P.total[nd.crit] - W[nd.crit];
    return v >= nd.q;
  });
  sc.pivotal.assign(std::size_t(size), 0);
  a.n_pivotal = 0;
  if (a.winning && want_pivotal) {
    for (int m = 0; m < size; ++m) {
      const int i = sc.mem[std::size_t(m)];
      const bool still = wide_rule_value(prog, [&](std::size_t at, const RuleNode& nd) {
        if (nd.op == OP_CONTAINS) return sc.contains[2 * at] && !bit_of(P.rule_set(at), i);
        if (nd.crit == CRIT_SIZE) return std::int64_t(size - 1) >= nd.q;
        return W[nd.crit] - P.weights(nd.crit)[i] >= nd.q;
      });
      sc.pivotal[std::size_t(m)] = !still;
      a.n_pivotal += !still;
    }
  }
  a.minimal_winning = a.winning && want_pivotal && a.n_pivotal == size;
}

// The position attributes of dimension j (after wide_rule_status with pivotal members).
inline void wide_dimension(const WidePrepared& P, int j, const WideScratch& sc, Attributes& a) {
  const DimensionCore& D = P.dims[std::size_t(j)];
  const std::int64_t* wc = P.weights(P.spec.weight_crit);
  const int size = a.size;
  int minr = kNoRank, maxr = -1, minrp = kNoRank, maxrp = -1, unplaced = 0;
  bool median = false;
  std::int64_t pw = 0;
  Acc sx, sxx;
  for (int i : sc.mem) {
    const int r = D.rank[std::size_t(i)];
    median = median || D.is_median[std::size_t(i)];
    if (r < 0) {
      ++unplaced;
      continue;
    }
    minr = std::min(minr, r);
    maxr = std::max(maxr, r);
    if (wc[i] > 0) {
      minrp = std::min(minrp, r);
      maxrp = std::max(maxrp, r);
      pw += wc[i];
#if FOEDUS_HAVE_INT128
      if (D.exact) {
        const i128 x = D.ipos[std::size_t(i)];
        sx.i += i128(wc[i]) * x;
        sxx.i += i128(wc[i]) * x * x;
        continue;
      }
#endif
      const DD wx = dd_mul(dd_from_int(wc[i]), P.position(j, i));
      sx.d = dd_add(sx.d, wx);
      sxx.d = dd_add(sxx.d, dd_mul(wx, P.position(j, i)));
    }
  }
  a.range[j] = range_value(D, minr, maxr);
#if FOEDUS_HAVE_INT128
  a.dispersion[j] = D.exact ? dispersion_exact<i128>(pw, sx.i, sxx.i, D.pos_scale)
                            : dispersion_dd(D, minrp, maxrp, pw, sx.d, sxx.d);
#else
  a.dispersion[j] = dispersion_dd(D, minrp, maxrp, pw, sx.d, sxx.d);
#endif
  a.unplaced[j] = unplaced;
  a.median[j] = median;
  // connected: every placed actor strictly inside the members' range is a member
  bool conn = true, mcw = false;
  if (maxr >= 0) {
    const int lo = D.above[std::size_t(minr)], hi = D.from[std::size_t(maxr)];
    int inside = 0;
    bool nonpivotal_outside = false;
    for (int m = 0; m < size; ++m) {
      const int r = D.rank[std::size_t(sc.mem[std::size_t(m)])];
      const bool in = r >= lo && r < hi;
      inside += in;
      if (!sc.pivotal[std::size_t(m)] && !in) nonpivotal_outside = true;
    }
    conn = inside == std::max(0, hi - lo);
    mcw = conn && a.winning && !nonpivotal_outside;
  } else {
    mcw = a.winning && a.n_pivotal == size;  // no placed member: no member may be non-pivotal
  }
  a.connected[j] = conn;
  a.mcw[j] = mcw;
}

inline double wide_diameter(const WidePrepared& P, const WideScratch& sc) {
  const int size = int(sc.mem.size());
  bool any_placed = false;
  double best2 = 0.0;
  for (int x = 0; x < size; ++x) {
    const int i = sc.mem[std::size_t(x)];
    for (int j = 0; j < P.d; ++j)
      any_placed = any_placed || P.dims[std::size_t(j)].rank[std::size_t(i)] >= 0;
    for (int y = x + 1; y < size; ++y) {
      const int t = sc.mem[std::size_t(y)];
      double s2 = 0.0;
      for (int j = 0; j < P.d; ++j) {
        if (P.dims[std::size_t(j)].rank[std::size_t(i)] < 0 ||
            P.dims[std::size_t(j)].rank[std::size_t(t)] < 0)
          continue;
        const double diff = P.position(j, i) - P.position(j, t);
        s2 += diff * diff;
      }
      best2 = std::max(best2, s2);
    }
  }
  return any_placed ? std::sqrt(best2) : std::numeric_limits<double>::quiet_NaN();
}

// Whether S minus member `skip` (-1: none) is connected in the ties graph (depth-first search).
inline bool wide_ties_connected(const WidePrepared& P, const std::uint64_t* S, int skip,
                                WideScratch& sc) {
  const int words = P.words;
  int start = -1;
  for (int i : sc.mem)
    if (i != skip) {
      start = i;
      break;
    }
  if (start < 0) return true;
  sc.seen.assign(std::size_t(words), 0);
  sc.seen[std::size_t(start >> 6)] |= std::uint64_t(1) << (start & 63);
  sc.stack.assign(1, start);
  int reached = 1;
  while (!sc.stack.empty()) {
    const int u = sc.stack.back();
    sc.stack.pop_back();
    const std::uint64_t* adj = &P.spec.adjacency[std::size_t(u) * words];
    for (int w = 0; w < words; ++w) {
      std::uint64_t nb = adj[w] & S[w] & ~sc.seen[std::size_t(w)];
      if (skip >= 0 && (skip >> 6) == w) nb &= ~(std::uint64_t(1) << (skip & 63));
      sc.seen[std::size_t(w)] |= nb;
      for (; nb; nb &= nb - 1) {
        sc.stack.push_back(w * 64 + ctz(nb));
        ++reached;
      }
    }
  }
  return reached == int(sc.mem.size()) - (skip >= 0 ? 1 : 0);
}

// Ties attributes (after wide_rule_status with pivotal members).
inline void wide_ties(const WidePrepared& P, const std::uint64_t* S, WideScratch& sc,
                      Attributes& a) {
  a.connected_ties = a.mcw_ties = false;
  if (!P.spec.has_ties) return;
  a.connected_ties = wide_ties_connected(P, S, -1, sc);
  if (a.connected_ties && a.winning) {
    bool ok = true;
    for (std::size_t m = 0; m < sc.mem.size() && ok; ++m)
      if (!sc.pivotal[m] && wide_ties_connected(P, S, sc.mem[m], sc)) ok = false;
    a.mcw_ties = ok;
  }
}

inline void wide_concentration(const WidePrepared& P, const WideScratch& sc, Attributes& a) {
  const std::int64_t* wc = P.weights(P.spec.weight_crit);
  std::int64_t maxw = 0;
  sq_t sw2 = 0;
  bool incl = false;
  for (int i : sc.mem) {
    maxw = std::max(maxw, wc[i]);
    sw2 += sq_t(wc[i]) * sq_t(wc[i]);
    incl = incl || P.largest[std::size_t(i)];
  }
  const std::int64_t Wc = a.W[P.spec.weight_crit];
  a.largest_share = largest_share_value(maxw, Wc);
  a.herfindahl = herfindahl_value(sw2, Wc);
  a.includes_largest = incl;
}

// All attributes of the coalition S whose members are sc.mem (a.mask is left 0).
inline void wide_attributes_of_members(const WidePrepared& P, const std::uint64_t* S,
                                       bool with_diameter, WideScratch& sc, Attributes& a) {
  wide_weights(P, sc, a);
  wide_rule_status(P, S, sc, true, a);
  for (int j = 0; j < P.d; ++j) wide_dimension(P, j, sc, a);
  a.diameter = (with_diameter && P.d > 0) ? wide_diameter(P, sc)
                                          : std::numeric_limits<double>::quiet_NaN();
  wide_ties(P, S, sc, a);
  wide_concentration(P, sc, a);
}

// All attributes of one coalition given as a bitset.
inline void wide_attributes(const WidePrepared& P, const std::uint64_t* S, bool with_diameter,
                            WideScratch& sc, Attributes& a) {
  members_of(S, P.words, sc.mem);
  wide_attributes_of_members(P, S, with_diameter, sc, a);
}

// Calls fn(row, S, scratch, attributes) for m bitset coalitions (m x words) in parallel, with
// the scratch's members filled in.
template <class Fn>
void for_each_bitset(const WidePrepared& P, const std::uint64_t* masks, std::int64_t m,
                     int n_threads, const InterruptCheck& check, Fn&& fn) {
  const std::int64_t per = 1024;
  parallel_blocks((m + per - 1) / per, resolve_threads(n_threads), check,
                  [&](std::int64_t b, int) {
    WideScratch sc;
    Attributes a;
    for (std::int64_t r = b * per; r < std::min(m, (b + 1) * per); ++r) {
      const std::uint64_t* S = masks + r * P.words;
      members_of(S, P.words, sc.mem);
      fn(r, S, sc, a);
    }
  });
}

// Attributes of m bitset coalitions (m x words), in parallel; sink(row, attributes).
template <class Sink>
void wide_attributes_of(const WidePrepared& P, const std::uint64_t* masks, std::int64_t m,
                        bool with_diameter, int n_threads, const InterruptCheck& check,
                        Sink&& sink) {
  for_each_bitset(P, masks, m, n_threads, check,
                  [&](std::int64_t r, const std::uint64_t* S, WideScratch& sc, Attributes& a) {
                    wide_attributes_of_members(P, S, with_diameter, sc, a);
                    sink(r, a);
                  });
}

}  // namespace foedus
