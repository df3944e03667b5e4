// Power counts of any monotone rule by enumeration: a bitmap of the winning coalitions, then
// word-parallel bit operations over it.
//
// Pass 1 evaluates the rule on all 2^n coalitions, 64 at a time: every quota leaf compares the
// weight sums of one word's coalitions (high members' sum + a table over the 6 low members) and
// the rule's AND / OR nodes combine 64-bit words. Pass 2 derives, per word and player i, the
// coalitions S in which i is critical (S wins, S - i loses): for i < 6 by a shift inside the
// word, for i >= 6 from the partner word without i. From these it counts swings (by |S|),
// minimal winning coalitions (every member critical; by |S|) and Johnston's critical counts
// (by the number of critical members, kept in bit-sliced counters). Counts are exact 64-bit
// integers, accumulated per thread and summed, so results never depend on the thread count.
#pragma once
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "bits.hpp"
#include "parallel.hpp"
#include "rule.hpp"

namespace foedus::power {

struct EnumPowerSpec {
  int n = 0;
  int k = 0;                             // criteria
  std::vector<std::int64_t> weights;     // n x k (row-major)
  std::vector<RuleNode> rule;
  bool by_size = false;                  // swings by coalition size
  bool mwc = false;                      // minimal winning coalitions by size
  bool johnston = false;                 // critical counts by number of critical members
};

struct EnumPowerResult {
  std::uint64_t n_winning = 0;
  std::vector<std::uint64_t> swings;          // n
  std::vector<std::uint64_t> swings_by_size;  // n x (n + 1), by |S| (i in S)
  std::vector<std::uint64_t> mwc_by_size;     // n x (n + 1)
  std::vector<std::uint64_t> joh_by_count;    // n x (n + 1), by number of critical members
};

constexpr int kMaxEnumPowerActors = 40;

class EnumPower {
 public:
  explicit EnumPower(const EnumPowerSpec& spec) : s_(spec), n_(spec.n) {
    if (n_ < 1 || n_ > kMaxEnumPowerActors)
      throw std::invalid_argument("power enumeration: n must lie in [1, 40]");
    validate_rule(spec.rule, spec.k);
    if (rule_stack_depth(spec.rule) > kMaxRuleStack)
      throw std::invalid_argument("power enumeration: the rule is nested too deeply");
    low_ = std::min(n_, 6);
    words_ = std::int64_t(1) << std::max(0, n_ - 6);
    valid_ = n_ >= 6 ? ~std::uint64_t(0) : ((std::uint64_t(1) << (1 << n_)) - 1);
    // sums of the low players' weights for the 64 positions of a word, per criterion
    low_sum_.assign(std::size_t(s_.k) * 64, 0);
    for (int c = 0; c < s_.k; ++c)
      for (int p = 0; p < 64; ++p) {
        std::int64_t t = 0;
        for (int i = 0; i < low_; ++i)
          if ((p >> i) & 1) t += s_.weights[std::size_t(i) * std::size_t(s_.k) + std::size_t(c)];
        low_sum_[std::size_t(c) * 64 + std::size_t(p)] = t;
      }
    for (int c = 0; c <= 6; ++c) pop_class_[c] = 0;
    for (int p = 0; p < 64; ++p) pop_class_[popcount(mask_t(p))] |= std::uint64_t(1) << p;
    for (int i = 0; i < 6; ++i) {
      low_member_[i] = 0;
      for (int p = 0; p < 64; ++p)
        if ((p >> i) & 1) low_member_[i] |= std::uint64_t(1) << p;
    }
  }

  std::int64_t bitmap_bytes() const { return words_ * 8; }

  // Bit m of word m / 64: whether coalition m wins.
  std::vector<std::uint64_t> bitmap(int n_threads, const InterruptCheck& check) const {
    std::vector<std::uint64_t> win(std::size_t(words_), 0);
    const std::int64_t chunk = 1024;
    const std::int64_t nchunks = (words_ + chunk - 1) / chunk;
    parallel_blocks(nchunks, n_threads, check, [&](std::int64_t b, int) {
      const std::int64_t k1 = std::min(words_, (b + 1) * chunk);
      for (std::int64_t k = b * chunk; k < k1; ++k) win[std::size_t(k)] = winning_word(k);
    });
    return win;
  }

  EnumPowerResult run(int n_threads, const InterruptCheck& check) const {
    const std::vector<std::uint64_t> win = bitmap(n_threads, check);
    const std::int64_t chunk = 1024;
    const std::int64_t nchunks = (words_ + chunk - 1) / chunk;
    const int T = std::max(1, n_threads);
    const std::size_t per = std::size_t(n_) * std::size_t(n_ + 1);
    struct Acc {
      std::uint64_t n_winning = 0;
      std::vector<std::uint64_t> swings, by_size, mwc, joh;
    };
    std::vector<Acc> acc(static_cast<std::size_t>(T));
    for (auto& a : acc) {
      a.swings.assign(std::size_t(n_), 0);
      if (s_.by_size) a.by_size.assign(per, 0);
      if (s_.mwc) a.mwc.assign(per, 0);
      if (s_.johnston) a.joh.assign(per, 0);
    }
    parallel_blocks(nchunks, n_threads, check, [&](std::int64_t b, int tid) {
      Acc& a = acc[std::size_t(tid)];
      const std::int64_t k1 = std::min(words_, (b + 1) * chunk);
      std::uint64_t C[kMaxEnumPowerActors];
      for (std::int64_t k = b * chunk; k < k1; ++k) count_word(win, k, C, a.n_winning, a.swings,
                                                                a.by_size, a.mwc, a.joh);
    });
    EnumPowerResult res;
    res.swings.assign(std::size_t(n_), 0);
    if (s_.by_size) res.swings_by_size.assign(per, 0);
    if (s_.mwc) res.mwc_by_size.assign(per, 0);
    if (s_.johnston) res.joh_by_count.assign(per, 0);
    for (const auto& a : acc) {
      res.n_winning += a.n_winning;
      for (std::size_t j = 0; j < res.swings.size(); ++j) res.swings[j] += a.swings[j];
      for (std::size_t j = 0; j < res.swings_by_size.size(); ++j) res.swings_by_size[j] += a.by_size[j];
      for (std::size_t j = 0; j < res.mwc_by_size.size(); ++j) res.mwc_by_size[j] += a.mwc[j];
      for (std::size_t j = 0; j < res.joh_by_count.size(); ++j) res.joh_by_count[j] += a.joh[j];
    }
    return res;
  }

 private:
  // Winning bits of the 64 coalitions (k << 6) | p.
  std::uint64_t winning_word(std::int64_t k) const {
    const mask_t high = mask_t(k) << 6;
    const int high_pop = popcount(high);
    std::uint64_t stack[kMaxRuleStack];
    int sp = 0;
    std::int64_t hs[16];
    for (const auto& nd : s_.rule) {
      std::uint64_t v = 0;
      if (nd.op == OP_QUOTA) {
        if (nd.crit == CRIT_SIZE) {
          for (int c = 0; c <= 6; ++c)
            if (high_pop + c >= nd.q) v |= pop_class_[c];
        } else {
          std::int64_t h = 0;
          const int c = nd.crit;
          (void)hs;
          for (mask_t m = high; m; m &= m - 1)
            h += s_.weights[std::size_t(ctz(m)) * std::size_t(s_.k) + std::size_t(c)];
          const std::int64_t need = nd.q - h;
          const std::int64_t* ls = low_sum_.data() + std::size_t(c) * 64;
          for (int p = 0; p < 64; ++p) v |= std::uint64_t(ls[p] >= need) << p;
        }
        stack[sp++] = v;
      } else if (nd.op == OP_CONTAINS) {
        const mask_t need_high = nd.set & ~mask_t(63);
        if ((high & need_high) == need_high) {
          const int low_need = int(nd.set & 63);
          for (int p = 0; p < 64; ++p) v |= std::uint64_t((p & low_need) == low_need) << p;
        }
        stack[sp++] = v;
      } else {
        const int base = sp - nd.nchild;
        std::uint64_t r = stack[base];
        for (int j = base + 1; j < sp; ++j) r = nd.op == OP_AND ? (r & stack[j]) : (r | stack[j]);
        sp = base;
        stack[sp++] = r;
      }
    }
    return stack[0] & valid_;
  }

  void count_word(const std::vector<std::uint64_t>& win, std::int64_t k, std::uint64_t* C,
                  std::uint64_t& n_winning, std::vector<std::uint64_t>& swings,
                  std::vector<std::uint64_t>& by_size, std::vector<std::uint64_t>& mwc,
                  std::vector<std::uint64_t>& joh) const {
    const std::uint64_t W = win[std::size_t(k)];
    n_winning += std::uint64_t(popcount(W));
    if (!W) return;
    const int hp = popcount(mask_t(k));
    std::uint64_t plane[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < n_; ++i) {
      std::uint64_t c;
      if (i < 6) {
        c = W & low_member_[i] & ~(W << (1 << i));
      } else {
        const std::int64_t bit = std::int64_t(1) << (i - 6);
        c = (k & bit) ? (W & ~win[std::size_t(k ^ bit)]) : 0;
      }
      C[i] = c;
      if (!c) continue;
      swings[std::size_t(i)] += std::uint64_t(popcount(c));
      if (s_.by_size)
        for (int cl = 0; cl <= low_; ++cl)
          by_size[std::size_t(i) * std::size_t(n_ + 1) + std::size_t(hp + cl)] +=
              std::uint64_t(popcount(c & pop_class_[cl]));
      if (s_.mwc || s_.johnston) {
        std::uint64_t carry = c;
        for (int b = 0; b < 6 && carry; ++b) {
          const std::uint64_t t = plane[b] & carry;
          plane[b] ^= carry;
          carry = t;
        }
      }
    }
    auto equals = [&](int v) {
      std::uint64_t eq = ~std::uint64_t(0);
      for (int b = 0; b < 6; ++b) eq &= ((v >> b) & 1) ? plane[b] : ~plane[b];
      return eq;
    };
    if (s_.mwc) {
      // minimal winning: every member critical (count == |S| = hp + lowpop)
      std::uint64_t M[7];
      std::uint64_t any = 0;
      for (int cl = 0; cl <= low_; ++cl) {
        M[cl] = W & pop_class_[cl] & equals(hp + cl);
        any |= M[cl];
      }
      if (any)
        for (int i = 0; i < n_; ++i) {
          if (!(C[i] & any)) continue;
          for (int cl = 0; cl <= low_; ++cl)
            mwc[std::size_t(i) * std::size_t(n_ + 1) + std::size_t(hp + cl)] +=
                std::uint64_t(popcount(C[i] & M[cl]));
        }
    }
    if (s_.johnston) {
      std::uint64_t crit_any = plane[0] | plane[1] | plane[2] | plane[3] | plane[4] | plane[5];
      while (crit_any) {
        // the critical count of the lowest remaining coalition, and all coalitions sharing it
        const int p = ctz(crit_any);
        int v = 0;
        for (int b = 0; b < 6; ++b) v |= int((plane[b] >> p) & 1) << b;
        const std::uint64_t E = equals(v) & crit_any;
        crit_any &= ~E;
        for (int i = 0; i < n_; ++i) {
          const std::uint64_t x = C[i] & E;
          if (x) joh[std::size_t(i) * std::size_t(n_ + 1) + std::size_t(v)] += std::uint64_t(popcount(x));
        }
      }
    }
  }

  const EnumPowerSpec& s_;
  int n_, low_ = 0;
  std::int64_t words_ = 1;
  std::uint64_t valid_ = 0;
  std::vector<std::int64_t> low_sum_;
  std::uint64_t pop_class_[7];
  std::uint64_t low_member_[6];
};

// Owen-type counts under a priori unions: for player i in union k, the number of (R, T) with
// R a set of other unions (|R| = r), T a set of other members of k (|T| = t), such that i swings
// in (union of R) + T. Returned as counts[(i * m + r) * u_max + t]. Work: sum over players of
// 2^(m - 1 + u_k - 1) bitmap lookups, in parallel over (player, block of R).
inline std::vector<std::uint64_t> owen_counts(const std::vector<std::uint64_t>& win, int n,
                                              const std::vector<std::uint64_t>& unions,
                                              int n_threads, const InterruptCheck& check) {
  UnitPoller poller(check);
  const int m = int(unions.size());
  int u_max = 1;
  std::vector<int> union_of(static_cast<std::size_t>(n), -1);
  for (int k = 0; k < m; ++k) {
    u_max = std::max(u_max, popcount(unions[std::size_t(k)]));
    for (mask_t x = unions[std::size_t(k)]; x; x &= x - 1) union_of[std::size_t(ctz(x))] = k;
  }
  for (int i = 0; i < n; ++i)
    if (union_of[std::size_t(i)] < 0) throw std::invalid_argument("unions: must cover every actor");
  const std::size_t per = std::size_t(m) * std::size_t(u_max);
  std::vector<std::uint64_t> out(std::size_t(n) * per, 0);
  auto wins = [&](mask_t s) { return (win[std::size_t(s >> 6)] >> (s & 63)) & 1; };
  // units: (player, block of 2^rb R-subsets)
  const int rb = std::max(0, std::min(m - 1, 10));
  const std::int64_t r_blocks = std::int64_t(1) << (m - 1 - rb);
  // per-thread integer accumulators: sums do not depend on the schedule
  std::vector<std::vector<std::uint64_t>> part(static_cast<std::size_t>(std::max(1, n_threads)),
                                               std::vector<std::uint64_t>(out.size(), 0));
  parallel_blocks(std::int64_t(n) * r_blocks, n_threads, check,
                  [&](std::int64_t u, int tid) {
    const int i = int(u / r_blocks);
    const std::int64_t rblk = u % r_blocks;
    const int k = union_of[std::size_t(i)];
    // other unions, in order
    mask_t other[64];
    int no = 0;
    for (int l = 0; l < m; ++l)
      if (l != k) other[no++] = unions[std::size_t(l)];
    const mask_t own = unions[std::size_t(k)] & ~(mask_t(1) << i);
    const int own_n = popcount(own);
    int own_idx[64];
    {
      int c = 0;
      for (mask_t x = own; x; x &= x - 1) own_idx[c++] = ctz(x);
    }
    std::uint64_t* acc = part[std::size_t(tid)].data() + std::size_t(i) * per;
    const mask_t bit_i = mask_t(1) << i;
    for (std::int64_t rl = 0; rl < (std::int64_t(1) << rb); ++rl) {
      const std::int64_t R = (rblk << rb) | rl;
      mask_t q = 0;
      for (int l = 0; l < no; ++l)
        if ((R >> l) & 1) q |= other[l];
      const int r = popcount(mask_t(R));
      for (std::int64_t T = 0; T < (std::int64_t(1) << own_n); ++T) {
        if ((T & 4095) == 0) poller.poll(tid);
        mask_t s = q;
        for (int j = 0; j < own_n; ++j)
          if ((T >> j) & 1) s |= mask_t(1) << own_idx[j];
        if (wins(s | bit_i) && !wins(s))
          ++acc[std::size_t(r) * std::size_t(u_max) + std::size_t(popcount(mask_t(T)))];
      }
    }
  }, &poller);
  for (const auto& acc : part)
    for (std::size_t x = 0; x < out.size(); ++x) out[x] += acc[x];
  return out;
}

}  // namespace foedus::power
