// Monte Carlo power indices for any rule and any number of actors.
//
// Shapley-Shubik: random orderings; the player whose arrival makes the coalition win is
// pivotal. Banzhaf: random coalitions S (each player in with probability 1/2); player i swings
// when S + i wins and S - i loses, which for each i is a uniform draw over the coalitions of the
// other players, so one S gives an unbiased indicator for every player at once.
//
// Sample k uses its own counter-based stream (seed, k), and every accumulator is an integer sum,
// so results are identical for every thread count and chunking.
//
// The rule is evaluated incrementally: weight sums per criterion, the size, and for every
// veto (containment) leaf the number of its required members present.
#pragma once
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "parallel.hpp"
#include "rng.hpp"
#include "rule.hpp"

namespace foedus::power {

struct SampleSpec {
  int n = 0, k = 0;
  std::vector<std::int64_t> weights;          // n x k
  std::vector<RuleNode> rule;                 // CONTAINS nodes use `contains_need`
  std::vector<std::int64_t> contains_need;    // per rule node: members required (CONTAINS)
  std::vector<std::uint64_t> player_contains;  // per player: bit j set if in CONTAINS leaf j
  std::uint64_t seed = 0;
  std::int64_t n_samples = 0;
  int kind = 0;                               // 0: Shapley-Shubik, 1: Banzhaf
};

struct SampleResult {
  std::vector<std::uint64_t> count;  // pivots (SS) or swings (Banzhaf) per player
  std::vector<std::uint64_t> cross;  // Banzhaf: sum over samples of swing_i * T_s
  std::uint64_t sum_t = 0, sum_t2 = 0;  // Banzhaf: sums of T_s and T_s^2 (T_s swingers in s)
  std::uint64_t no_pivot = 0;           // SS: orderings in which nobody is pivotal
};

class PowerSampler {
 public:
  explicit PowerSampler(const SampleSpec& s) : s_(s) {
    validate_rule(s.rule, s.k);
    if (rule_stack_depth(s.rule) > kMaxRuleStack)
      throw std::invalid_argument("sampling: the rule is nested too deeply");
    int j = 0;
    for (std::size_t i = 0; i < s.rule.size(); ++i) {
      leaf_id_.push_back(s.rule[i].op == OP_CONTAINS ? j : -1);
      if (s.rule[i].op == OP_CONTAINS) ++j;
    }
    if (j > 64) throw std::invalid_argument("sampling: at most 64 veto leaves");
    n_contains_ = j;
  }

  SampleResult run(int n_threads, const InterruptCheck& check) const {
    const int n = s_.n;
    const int T = std::max(1, n_threads);
    struct Acc {
      std::vector<std::uint64_t> count, cross;
      std::uint64_t sum_t = 0, sum_t2 = 0, no_pivot = 0;
    };
    std::vector<Acc> acc(static_cast<std::size_t>(T));
    for (auto& a : acc) {
      a.count.assign(std::size_t(n), 0);
      a.cross.assign(std::size_t(n), 0);
    }
    const std::int64_t block = 256;
    const std::int64_t nb = (s_.n_samples + block - 1) / block;
    parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int tid) {
      Acc& a = acc[std::size_t(tid)];
      State st(s_.k, n_contains_);
      std::vector<int> perm(static_cast<std::size_t>(n));
      std::vector<std::uint8_t> in(static_cast<std::size_t>(n));
      std::vector<int> swingers;
      const std::int64_t s1 = std::min(s_.n_samples, (b + 1) * block);
      for (std::int64_t smp = b * block; smp < s1; ++smp) {
        Philox rng(s_.seed, std::uint64_t(smp));
        st.clear();
        if (s_.kind == 0) {
          for (int i = 0; i < n; ++i) perm[std::size_t(i)] = i;
          int pivot = -1;
          for (int t = 0; t < n; ++t) {
            const int j = t + int(rng.below(std::uint64_t(n - t)));
            std::swap(perm[std::size_t(t)], perm[std::size_t(j)]);
            const int p = perm[std::size_t(t)];
            if (wins(st, p, +1)) {
              pivot = p;
              break;
            }
            add(st, p, +1);
          }
          if (pivot < 0) ++a.no_pivot;
          else ++a.count[std::size_t(pivot)];
        } else {
          std::uint64_t bits = 0;
          for (int i = 0; i < n; ++i) {
            if (i % 64 == 0) bits = rng.next();
            in[std::size_t(i)] = std::uint8_t((bits >> (i % 64)) & 1);
            if (in[std::size_t(i)]) add(st, i, +1);
          }
          swingers.clear();
          for (int i = 0; i < n; ++i) {
            const bool with = in[std::size_t(i)] ? wins(st, i, 0) : wins(st, i, +1);
            if (!with) continue;
            const bool without = in[std::size_t(i)] ? wins(st, i, -1) : wins(st, i, 0);
            if (!without) swingers.push_back(i);
          }
          const std::uint64_t t = swingers.size();
          for (int i : swingers) {
            ++a.count[std::size_t(i)];
            a.cross[std::size_t(i)] += t;
          }
          a.sum_t += t;
          a.sum_t2 += t * t;
        }
      }
    });
    SampleResult r;
    r.count.assign(std::size_t(n), 0);
    r.cross.assign(std::size_t(n), 0);
    for (const auto& a : acc) {
      for (int i = 0; i < n; ++i) {
        r.count[std::size_t(i)] += a.count[std::size_t(i)];
        r.cross[std::size_t(i)] += a.cross[std::size_t(i)];
      }
      r.sum_t += a.sum_t;
      r.sum_t2 += a.sum_t2;
      r.no_pivot += a.no_pivot;
    }
    return r;
  }

 private:
  struct State {
    std::vector<std::int64_t> sums;
    std::int64_t size = 0;
    std::vector<std::int64_t> present;  // per CONTAINS leaf
    State(int k, int c) : sums(std::size_t(k), 0), present(std::size_t(c), 0) {}
    void clear() {
      std::fill(sums.begin(), sums.end(), 0);
      std::fill(present.begin(), present.end(), 0);
      size = 0;
    }
  };

  void add(State& st, int i, int sign) const {
    for (int c = 0; c < s_.k; ++c)
      st.sums[std::size_t(c)] += sign * s_.weights[std::size_t(i) * std::size_t(s_.k) + std::size_t(c)];
    st.size += sign;
    std::uint64_t m = s_.player_contains[std::size_t(i)];
    while (m) {
      st.present[std::size_t(ctz(m))] += sign;
      m &= m - 1;
    }
  }

  // Whether the coalition of `st` with player i added (sign +1), removed (-1) or as is (0) wins.
  bool wins(const State& st, int i, int sign) const {
    bool stack[kMaxRuleStack];
    int sp = 0;
    const std::int64_t* wi = s_.weights.data() + std::size_t(i) * std::size_t(s_.k);
    const std::uint64_t pc = s_.player_contains[std::size_t(i)];
    for (std::size_t x = 0; x < s_.rule.size(); ++x) {
      const RuleNode& nd = s_.rule[x];
      if (nd.op == OP_QUOTA) {
        stack[sp++] = nd.crit == CRIT_SIZE
                          ? st.size + sign >= nd.q
                          : st.sums[std::size_t(nd.crit)] + sign * wi[nd.crit] >= nd.q;
      } else if (nd.op == OP_CONTAINS) {
        const int j = leaf_id_[x];
        const std::int64_t have = st.present[std::size_t(j)] + sign * std::int64_t((pc >> j) & 1);
        stack[sp++] = have >= s_.contains_need[x];
      } else {
        const int base = sp - nd.nchild;
        bool v = stack[base];
        for (int y = base + 1; y < sp; ++y) v = nd.op == OP_AND ? (v && stack[y]) : (v || stack[y]);
        sp = base;
        stack[sp++] = v;
      }
    }
    return stack[0];
  }

  const SampleSpec& s_;
  std::vector<int> leaf_id_;
  int n_contains_ = 0;
};

}  // namespace foedus::power
