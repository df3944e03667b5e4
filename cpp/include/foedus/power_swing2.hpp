// Swings of a rule over two criteria by dynamic programming on a two-dimensional table.
//
// A monotone rule whose leaves are quotas on at most two criteria (weights, the member count,
// or the number of members of a veto set, each a criterion with weights 0/1) wins or loses
// according to the pair (W1(S), W2(S)) alone. For player i, with D_i[a][b] the number of
// coalitions T of the other players with W1(T) = a and W2(T) = b,
//   swings_i = sum over (a, b) of D_i[a][b] [win(a + w1_i, b + w2_i) and not win(a, b)].
// D_i comes from the same divide and conquer over players as power_swing.hpp (no removal):
// about n log2(n) table updates of (A + 1)(B + 1) cells, A and B the criteria totals. With the
// member count as the first criterion, the swings by coalition size come out directly (exact
// Shapley-Shubik).
#pragma once
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "parallel.hpp"
#include "power_ring.hpp"
#include "rule.hpp"

namespace foedus::power {

template <class R>
class SwingDC2 {
 public:
  using T = typename R::T;

  // w1, w2: per-player weights on the two criteria (>= 0); rule: leaves OP_QUOTA with crit 0
  // or 1 (AND / OR nodes allowed). by_first: output per value of criterion 1 of T (sizes).
  SwingDC2(const std::vector<std::int64_t>& w1, const std::vector<std::int64_t>& w2,
           const std::vector<RuleNode>& rule, bool by_first)
      : w1_(w1), w2_(w2), n_(int(w1.size())), by_first_(by_first) {
    A_ = B_ = 0;
    for (int i = 0; i < n_; ++i) {
      A_ += w1[std::size_t(i)];
      B_ += w2[std::size_t(i)];
    }
    cols_ = B_ + 1;
    cells_ = (A_ + 1) * cols_;
    validate_rule(rule, 2);
    win_.assign(std::size_t(cells_), 0);
    for (std::int64_t a = 0; a <= A_; ++a)
      for (std::int64_t b = 0; b <= B_; ++b) {
        const std::int64_t v[2] = {a, b};
        win_[std::size_t(a * cols_ + b)] = std::uint8_t(eval_rule(
            rule, [&](const RuleNode& nd) { return v[nd.crit] >= nd.q; },
            [](const RuleNode&) { return mask_t(0); }, nullptr));
      }
  }

  std::int64_t cells() const { return cells_; }
  int rows_out() const { return by_first_ ? int(A_ + 1) : 1; }
  bool wins_all() const { return win_[std::size_t(cells_ - 1)] != 0; }

  // Number of coalitions (ring-weighted) that win: distribution of all players.
  T winning(const R& r, UnitPoller& poller, int tid) const {
    std::vector<T> d = delta(r);
    extend(r, d, 0, n_, poller, tid);
    T s = R::zero();
    for (std::int64_t c = 0; c < cells_; ++c)
      if (win_[std::size_t(c)]) s = r.add(s, d[std::size_t(c)]);
    return s;
  }

  void run_half(const R& r, int half, T* out, UnitPoller& poller, int tid) const {
    std::vector<T> d = delta(r);
    if (n_ == 1) {
      if (half == 0) leaf(r, d, 0, out);
      return;
    }
    const int m = n_ / 2;
    if (half == 0) {
      extend(r, d, m, n_, poller, tid);
      recurse(r, d, 0, m, out, poller, tid);
    } else {
      extend(r, d, 0, m, poller, tid);
      recurse(r, d, m, n_, out, poller, tid);
    }
  }

 private:
  std::vector<T> delta(const R& r) const {
    std::vector<T> d(static_cast<std::size_t>(cells_), R::zero());
    d[0] = r.one();
    return d;
  }

  void extend(const R& r, std::vector<T>& d, int a, int b, UnitPoller& poller, int tid) const {
    std::vector<T> nxt(static_cast<std::size_t>(cells_));
    for (int j = a; j < b; ++j) {
      poller.poll(tid);
      const std::int64_t s1 = w1_[std::size_t(j)], s2 = w2_[std::size_t(j)];
      for (std::int64_t x = 0; x <= A_; ++x) {
        T* dst = nxt.data() + x * cols_;
        const T* same = d.data() + x * cols_;
        if (x < s1) {
          r.scale_a(dst, same, cols_);
          continue;
        }
        const T* below = d.data() + (x - s1) * cols_;
        const std::int64_t m2 = std::min(s2, cols_);
        r.scale_a(dst, same, m2);
        r.step(dst + m2, same + m2, below, cols_ - m2);
      }
      d.swap(nxt);
    }
  }

  void leaf(const R& r, const std::vector<T>& d, int i, T* out) const {
    const int ro = rows_out();
    T* dst = out + std::size_t(i) * std::size_t(ro);
    for (int s = 0; s < ro; ++s) dst[s] = R::zero();
    const std::int64_t s1 = w1_[std::size_t(i)], s2 = w2_[std::size_t(i)];
    for (std::int64_t a = 0; a + s1 <= A_; ++a) {
      T acc = R::zero();
      for (std::int64_t b = 0; b + s2 <= B_; ++b) {
        const std::int64_t c = a * cols_ + b;
        if (!win_[std::size_t(c)] && win_[std::size_t((a + s1) * cols_ + b + s2)])
          acc = r.add(acc, d[std::size_t(c)]);
      }
      dst[by_first_ ? a : 0] = r.add(dst[by_first_ ? a : 0], acc);
    }
  }

  void recurse(const R& r, const std::vector<T>& d, int l, int rr, T* out, UnitPoller& poller,
               int tid) const {
    if (rr - l == 1) {
      leaf(r, d, l, out);
      return;
    }
    const int m = (l + rr) / 2;
    {
      std::vector<T> left = d;
      extend(r, left, m, rr, poller, tid);
      recurse(r, left, l, m, out, poller, tid);
    }
    std::vector<T> right = d;
    extend(r, right, l, m, poller, tid);
    recurse(r, right, m, rr, out, poller, tid);
  }

  const std::vector<std::int64_t>& w1_;
  const std::vector<std::int64_t>& w2_;
  int n_;
  bool by_first_;
  std::int64_t A_ = 0, B_ = 0, cols_ = 1, cells_ = 1;
  std::vector<std::uint8_t> win_;
};

}  // namespace foedus::power
