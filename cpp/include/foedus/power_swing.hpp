// Swing counts of a weighted quota game by divide and conquer over players, without removal.
//
// Player i swings in T (i not in T) iff q - w_i <= W(T) <= q - 1. For every player we need the
// weight distribution of the *other* players restricted to that window. Removing a player from
// the full distribution needs subtraction, which cancels in floating point; instead the players
// are split recursively: a node for the segment [l, r) holds the distribution D of all players
// outside [l, r); its left child adds the players [m, r) to D, its right child [l, m). At a leaf
// {i}, D is the distribution of N \ {i}.
//
// Only weights in [q - W([l, r)), q - 1] of D can still reach a player's window (members of the
// segment add at most W([l, r)) - w_i), so a node's table has width min(q, W([l, r))): the widths
// halve with the segment weights, and the total work is about 2 n q cell updates (players
// sorted by descending weight). With `sized`, the table has one row per coalition size (the
// Shapley-Shubik counts), and the work grows by the number of rows.
//
// Tables hold ring values: with RealRing(a, b) an absent player contributes a and a present one
// b (a = b = 1 counts swings; a = 1 - p, b = p gives the probability that i swings when every
// other player joins with probability p, integrated over p by quadrature for Shapley-Shubik).
#pragma once
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "parallel.hpp"
#include "power_ring.hpp"

namespace foedus::power {

template <class R>
struct SwingTable {
  std::int64_t lo = 0;  // weights lo..q-1
  int rows = 1;
  std::vector<typename R::T> v;  // rows x width
  std::int64_t width(std::int64_t q) const { return q - lo; }
};

template <class R>
class SwingDC {
 public:
  using T = typename R::T;

  // w: weights sorted by descending value (non-negative); 1 <= q.
  SwingDC(const std::vector<std::int64_t>& w, std::int64_t q, bool sized)
      : w_(w), q_(q), sized_(sized), n_(int(w.size())) {
    if (q < 1) throw std::invalid_argument("power: the quota must be at least 1");
    prefix_.assign(std::size_t(n_) + 1, 0);
    for (int i = 0; i < n_; ++i) prefix_[std::size_t(i) + 1] = prefix_[std::size_t(i)] + w[std::size_t(i)];
  }

  int rows_out() const { return sized_ ? n_ : 1; }

  // Work of one unit, in cell updates (for planning).
  double cells() const {
    double total = 0.0;
    cells_rec(0, n_, total);
    return total;
  }

  // Runs the unit `half` (0: players [0, m), 1: players [m, n)) with ring r; writes
  // out[i * rows_out() + s] for the players of that half.
  void run_half(const R& r, int half, T* out, UnitPoller& poller, int tid) const {
    SwingTable<R> root;
    root.lo = std::max<std::int64_t>(0, q_ - prefix_[std::size_t(n_)]);
    root.rows = 1;
    root.v.assign(std::size_t(q_ - root.lo), R::zero());
    if (root.lo == 0) root.v[0] = r.one();
    if (n_ == 1) {
      if (half == 0) leaf(r, root, 0, out);
      return;
    }
    const int m = n_ / 2;
    if (half == 0) {
      SwingTable<R> d = extend(r, root, m, n_, 0, m, poller, tid);
      recurse(r, d, 0, m, out, poller, tid);
    } else {
      SwingTable<R> d = extend(r, root, 0, m, m, n_, poller, tid);
      recurse(r, d, m, n_, out, poller, tid);
    }
  }

 private:
  std::int64_t seg_lo(int l, int r) const {
    return std::max<std::int64_t>(0, q_ - (prefix_[std::size_t(r)] - prefix_[std::size_t(l)]));
  }

  void cells_rec(int l, int r, double& total) const {
    if (r - l <= 1) return;
    const int m = (l + r) / 2;
    const double outside = double(n_ - (r - l));
    auto cost = [&](int a, int b, int cl, int cr) {
      const double width = double(q_ - seg_lo(cl, cr));
      const double rows = sized_ ? outside + double(b - a) / 2.0 + 1.0 : 1.0;
      return double(b - a) * width * rows;
    };
    total += cost(m, r, l, m) + cost(l, m, m, r);
    cells_rec(l, m, total);
    cells_rec(m, r, total);
  }

  // Adds players [a, b) to d; the result serves the segment [cl, cr).
  SwingTable<R> extend(const R& r, const SwingTable<R>& d, int a, int b, int cl, int cr,
                       UnitPoller& poller, int tid) const {
    // two buffers ping-pong (no copy of d, no allocation per player once they have grown)
    SwingTable<R> bufs[2];
    const SwingTable<R>* cur = &d;
    int next = 0;
    std::int64_t remaining = prefix_[std::size_t(cr)] - prefix_[std::size_t(cl)] +
                             prefix_[std::size_t(b)] - prefix_[std::size_t(a)];
    if (a == b) return d;
    for (int j = a; j < b; ++j) {
      poller.poll(tid);
      const std::int64_t wj = w_[std::size_t(j)];
      remaining -= wj;
      add_player(r, *cur, bufs[next], wj, std::max<std::int64_t>(0, q_ - remaining));
      cur = &bufs[next];
      next ^= 1;
    }
    return std::move(bufs[next ^ 1]);
  }

  // nxt = cur with one more player of weight wj, over weights [nlo, q - 1]; every cell of nxt
  // is written.
  void add_player(const R& r, const SwingTable<R>& cur, SwingTable<R>& nxt, std::int64_t wj,
                  std::int64_t nlo) const {
    const std::int64_t width = q_ - nlo, cw = q_ - cur.lo;
    const int rows = sized_ ? cur.rows + 1 : 1;
    nxt.lo = nlo;
    nxt.rows = rows;
    nxt.v.resize(std::size_t(rows) * std::size_t(width));
    const std::int64_t off = nlo - cur.lo;  // column of weight nlo in cur (>= 0)
    // columns t (absolute weight nlo + k) with t - wj >= cur.lo read the shifted row
    std::int64_t split = cur.lo + wj - nlo;  // first k whose t - wj >= cur.lo
    split = std::clamp<std::int64_t>(split, 0, width);
    for (int s = 0; s < rows; ++s) {
      T* dst = nxt.v.data() + std::size_t(s) * std::size_t(width);
      const bool have_same = s < cur.rows;
      const bool have_below = sized_ ? (s >= 1 && s - 1 < cur.rows) : true;
      const T* same = have_same ? cur.v.data() + std::size_t(s) * std::size_t(cw) + off : nullptr;
      const int sb = sized_ ? s - 1 : 0;
      // below[k] is cur at weight nlo + k - wj, read only for k >= split (index >= 0)
      const T* below_from = have_below && split < width
                                ? cur.v.data() + std::size_t(sb) * std::size_t(cw) +
                                      std::size_t(off - wj + split)
                                : nullptr;
      // k < split: t - wj < cur.lo, which happens only below weight 0: the term is zero
      if (have_same) r.scale_a(dst, same, split);
      else std::fill(dst, dst + split, R::zero());
      if (split >= width) continue;
      if (have_same && below_from) {
        r.step(dst + split, same + split, below_from, width - split);
      } else if (have_same) {
        r.scale_a(dst + split, same + split, width - split);
      } else if (below_from) {
        for (std::int64_t k = 0; k < width - split; ++k) dst[split + k] = r.times_b(below_from[k]);
      } else {
        std::fill(dst + split, dst + width, R::zero());
      }
    }
  }

  void leaf(const R& r, const SwingTable<R>& d, int i, T* out) const {
    // d covers [q - w_i, q - 1] (clamped at 0): the whole table is i's window
    const std::int64_t width = q_ - d.lo;
    const int ro = rows_out();
    T* dst = out + std::size_t(i) * std::size_t(ro);
    for (int s = 0; s < ro; ++s) dst[s] = R::zero();
    for (int s = 0; s < d.rows; ++s)
      dst[s] = ring_sum(r, d.v.data() + std::size_t(s) * std::size_t(width), width);
  }

  void recurse(const R& r, const SwingTable<R>& d, int l, int rr, T* out, UnitPoller& poller,
               int tid) const {
    if (rr - l == 1) {
      leaf(r, d, l, out);
      return;
    }
    const int m = (l + rr) / 2;
    {
      SwingTable<R> left = extend(r, d, m, rr, l, m, poller, tid);
      recurse(r, left, l, m, out, poller, tid);
    }
    SwingTable<R> right = extend(r, d, l, m, m, rr, poller, tid);
    recurse(r, right, m, rr, out, poller, tid);
  }

  const std::vector<std::int64_t>& w_;
  std::int64_t q_;
  bool sized_;
  int n_;
  std::vector<std::int64_t> prefix_;
};

}  // namespace foedus::power
