// Minimal-winning and Johnston sums of a weighted quota game by a forward and a backward pass
// over weight-sorted players (no list of coalitions, no subtraction).
//
// Players are sorted by descending weight (w_0 >= ... >= w_{n-1}). For player i, with ring
// factors a (absent) and b (present), the kernel computes one of:
//
//   Mwc:      sum over minimal winning S containing i of prod_{j != i} (b if j in S else a).
//             S is minimal winning iff W(S) >= q and W(S) - w_l < q for its lightest member l.
//             Writing S = T + {l} with T among the players before l:
//               mwc_i = sum_t F_i[t] (G_i[t + w_i] + A_{i+1} [q - w_i <= t <= q - 1]),
//             where F_i is the distribution of the players before i, A_k = a^(n - k), and
//               G_i[y] = sum over l > i, T2 among (i, l): weight of T2, times b A_{l+1},
//                        for q - w_l <= y + W(T2) <= q - 1
//             obeys G_i[y] = b A_{i+2} [q - w_{i+1} <= y <= q - 1] + a G_{i+1}[y]
//                            + b G_{i+1}[y + w_{i+1}].
//   Johnston: sum over winning S in which i is critical of
//             prod_{j != i} (b if j critical in S, c if j a non-critical member, a if absent).
//             j is critical in S iff w_j > W(S) - q, so the critical members are S's members
//             among the h(S) heaviest players, h = #{j : w_j > W(S) - q}, constant for
//             W(S) in V_h = [q + w_h, q + w_{h-1} - 1] (w_n = 0). With SB_h the distribution of
//             the players h..n-1 (factors a, c) and Wnd_h[y] = sum_u SB_h[u] [y + u in V_h],
//               joh_i = sum_t F_i[t] J_i[t + w_i],
//               J_i[y] = Wnd_{i+1}[y] + a J_{i+1}[y] + b J_{i+1}[y + w_{i+1}],  J_{n-1} = Wnd_n.
//             Window sums use the van Herk / Gil-Werman block trick (additions only).
//
// With b = x a these are polynomials in x whose coefficients count coalitions by size (Mwc:
// size - 1) or by number of critical members (Johnston: count - 1); the caller integrates them
// by Gauss-Legendre quadrature (floating) or interpolates them modulo primes (exact).
//
// The backward states are kept at every B-th player (B ~ sqrt(n)) and recomputed block by
// block during the forward pass: memory (n / B + B) tables.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "parallel.hpp"
#include "power_ring.hpp"

namespace foedus::power {

enum class MwcKind { Mwc = 0, Johnston = 1 };

template <class R>
class MwcEngine {
 public:
  using T = typename R::T;
  using Vec = std::vector<T>;

  MwcEngine(const std::vector<std::int64_t>& w, std::int64_t q, MwcKind kind)
      : w_(w), q_(q), kind_(kind), n_(int(w.size())) {
    if (q < 1) throw std::invalid_argument("power: the quota must be at least 1");
    width_ = kind == MwcKind::Mwc ? q : q + (n_ > 0 ? w[0] : 0);
    block_ = std::max(1, int(std::lround(std::sqrt(double(std::max(1, n_))))));
  }

  std::int64_t width() const { return width_; }
  int block() const { return block_; }
  // Tables held at once by one run (for memory planning).
  std::int64_t tables() const {
    const std::int64_t per_state = kind_ == MwcKind::Mwc ? 1 : 2;
    return per_state * ((n_ + block_ - 1) / block_ + block_) + 6;
  }

  // out[i] for the players in sorted order; r: factors (a, b); rc: factors (a, c) (Johnston).
  void run(const R& r, const R& rc, T* out, UnitPoller& poller, int tid) const {
    if (n_ == 0) return;
    std::vector<T> Apow(std::size_t(n_) + 1);
    Apow[std::size_t(n_)] = r.one();
    for (int k = n_ - 1; k >= 0; --k) Apow[std::size_t(k)] = r.times_a(Apow[std::size_t(k) + 1]);
    // backward pass: checkpoint the state at the last index of every block
    const int nblocks = (n_ + block_ - 1) / block_;
    std::vector<State> checkpoints(static_cast<std::size_t>(nblocks));
    State st = initial_state(r, rc);
    Scratch sc;
    for (int i = n_ - 1; i >= 0; --i) {
      poller.poll(tid);
      if (i == n_ - 1 || (i + 1) % block_ == 0) checkpoints[std::size_t(i / block_)] = st;
      if (i > 0) step_back(r, rc, Apow, st, i, sc);
    }
    // forward pass, block by block
    Vec F(std::size_t(width_), R::zero()), F2(static_cast<std::size_t>(width_));
    F[0] = r.one();
    std::vector<State> states(static_cast<std::size_t>(block_));
    for (int bk = 0; bk < nblocks; ++bk) {
      const int s = bk * block_, e = std::min(n_, s + block_);
      states[std::size_t(e - 1 - s)] = checkpoints[std::size_t(bk)];
      for (int i = e - 1; i > s; --i) {
        poller.poll(tid);
        states[std::size_t(i - 1 - s)] = states[std::size_t(i - s)];
        step_back(r, rc, Apow, states[std::size_t(i - 1 - s)], i, sc);
      }
      for (int i = s; i < e; ++i) {
        poller.poll(tid);
        out[i] = dot(r, Apow, F, states[std::size_t(i - s)], i);
        if (i + 1 < n_) {
          add_forward(r, F, F2, w_[std::size_t(i)]);
          std::swap(F, F2);
        }
      }
    }
  }

 private:
  struct State {
    Vec g;   // Mwc: G_i; Johnston: J_i
    Vec sb;  // Johnston: SB_{i+1}
  };
  struct Scratch {
    Vec tmp, z, pre, suf;
  };

  State initial_state(const R& r, const R& rc) const {
    State st;
    st.g.assign(std::size_t(width_), R::zero());
    if (kind_ == MwcKind::Johnston) {
      st.sb.assign(std::size_t(width_), R::zero());
      st.sb[0] = r.one();  // SB_n: no players
      Scratch sc;
      window_sums(rc, st.sb, n_, st.g, sc);  // J_{n-1} = Wnd_n
    }
    return st;
  }

  // state of index i -> state of index i - 1 (player i joins the backward part)
  void step_back(const R& r, const R& rc, const std::vector<T>& Apow, State& st, int i,
                 Scratch& sc) const {
    const std::int64_t wi = w_[std::size_t(i)];
    const std::int64_t W = width_;
    sc.tmp.resize(static_cast<std::size_t>(W));
    T* out = sc.tmp.data();
    const T* g = st.g.data();
    const std::int64_t m = std::clamp<std::int64_t>(W - wi, 0, W);  // y + wi <= W - 1
    r.step(out, g, g + (m > 0 ? wi : 0), m);
    r.scale_a(out + m, g + m, W - m);
    if (kind_ == MwcKind::Mwc) {
      // + b A_{i+1} on [q - w_i, q - 1]
      const T add = r.times_b(Apow[std::size_t(i) + 1]);
      for (std::int64_t y = std::max<std::int64_t>(0, q_ - wi); y < q_; ++y)
        out[y] = r.add(out[y], add);
      st.g.swap(sc.tmp);
      return;
    }
    // Johnston: SB_i = SB_{i+1} + player i (factors a, c); J_{i-1} = Wnd_i + (a, b) J_i
    Vec& sb = st.sb;
    sc.z.resize(static_cast<std::size_t>(W));
    T* nsb = sc.z.data();
    const std::int64_t ms = std::clamp<std::int64_t>(wi, 0, W);
    rc.scale_a(nsb, sb.data(), ms);
    rc.step(nsb + ms, sb.data() + ms, sb.data(), W - ms);
    sb.swap(sc.z);
    Vec wnd(static_cast<std::size_t>(W));
    window_sums(rc, sb, i, wnd, sc);
    for (std::int64_t y = 0; y < W; ++y) out[y] = r.add(out[y], wnd[std::size_t(y)]);
    st.g.swap(sc.tmp);
  }

  // wnd[y] = sum of sb[u] for u in [q + w_h - y, q + w_{h-1} - 1 - y] (w_n = 0), h >= 1.
  void window_sums(const R& r, const Vec& sb, int h, Vec& wnd, Scratch& sc) const {
    const std::int64_t W = width_;
    std::fill(wnd.begin(), wnd.end(), R::zero());
    const std::int64_t wh = h < n_ ? w_[std::size_t(h)] : 0;
    const std::int64_t L = w_[std::size_t(h) - 1] - wh;
    if (L <= 0) return;
    // z[k] = sb[k - L] padded with zeros, blocks of length L
    const std::int64_t len = ((W + 2 * L + L - 1) / L) * L;
    sc.z.assign(std::size_t(len), R::zero());
    std::copy(sb.begin(), sb.end(), sc.z.begin() + L);
    sc.pre.resize(static_cast<std::size_t>(len));
    sc.suf.resize(static_cast<std::size_t>(len));
    for (std::int64_t b0 = 0; b0 < len; b0 += L) {
      T acc = R::zero();
      for (std::int64_t k = b0; k < b0 + L; ++k) sc.pre[std::size_t(k)] = acc = r.add(acc, sc.z[std::size_t(k)]);
      acc = R::zero();
      for (std::int64_t k = b0 + L - 1; k >= b0; --k) sc.suf[std::size_t(k)] = acc = r.add(acc, sc.z[std::size_t(k)]);
    }
    for (std::int64_t y = 0; y < W; ++y) {
      const std::int64_t l = q_ + wh - y;  // window [l, l + L - 1] in sb
      if (l >= W || l + L - 1 < 0) continue;
      const std::int64_t a = l + L;  // in z
      wnd[std::size_t(y)] = a % L == 0 ? sc.suf[std::size_t(a)]
                                       : r.add(sc.suf[std::size_t(a)], sc.pre[std::size_t(a + L - 1)]);
    }
  }

  void add_forward(const R& r, const Vec& F, Vec& out, std::int64_t wi) const {
    const std::int64_t W = width_;
    const std::int64_t m = std::clamp<std::int64_t>(wi, 0, W);
    r.scale_a(out.data(), F.data(), m);
    r.step(out.data() + m, F.data() + m, F.data(), W - m);
  }

  T dot(const R& r, const std::vector<T>& Apow, const Vec& F, const State& st, int i) const {
    const std::int64_t wi = w_[std::size_t(i)];
    const std::int64_t W = width_;
    T acc = R::zero();
    for (std::int64_t t = 0; t + wi < W; ++t)
      acc = r.add(acc, r.mul(F[std::size_t(t)], st.g[std::size_t(t + wi)]));
    if (kind_ == MwcKind::Mwc) {
      T win = R::zero();
      for (std::int64_t t = std::max<std::int64_t>(0, q_ - wi); t < q_; ++t)
        win = r.add(win, F[std::size_t(t)]);
      acc = r.add(acc, r.mul(Apow[std::size_t(i) + 1], win));
    }
    return acc;
  }

  const std::vector<std::int64_t>& w_;
  std::int64_t q_;
  MwcKind kind_;
  int n_;
  std::int64_t width_;
  int block_;
};

// Coefficients c_0..c_{D-1} (mod p) of the polynomial with values v[m] at x = m, m < D
// (Newton divided differences on the nodes 0..D-1, then the monomial form).
inline std::vector<u64> interpolate_mod(const std::vector<u64>& v, u64 p) {
  const std::size_t D = v.size();
  auto mulm = [p](u64 x, u64 y) { return u64((u128(x) * y) % p); };
  auto powm = [&](u64 x, u64 e) {
    u64 r = 1;
    while (e) {
      if (e & 1) r = mulm(r, x);
      x = mulm(x, x);
      e >>= 1;
    }
    return r;
  };
  std::vector<u64> inv(D + 1, 1);
  for (std::size_t k = 1; k <= D; ++k) inv[k] = powm(k % p, p - 2);
  std::vector<u64> c(v);
  for (std::size_t k = 1; k < D; ++k)
    for (std::size_t j = D - 1; j >= k; --j) {
      // (c[j] - c[j-1]) / (x_j - x_{j-k}) with x_j - x_{j-k} = k
      c[j] = mulm((c[j] + p - c[j - 1]) % p, inv[k]);
      if (j == k) break;
    }
  // Newton form sum_k c[k] prod_{m<k} (x - m) -> monomial coefficients (Horner from the top)
  std::vector<u64> out(D, 0);
  for (std::size_t kk = D; kk-- > 0;) {
    // out = out * (x - kk) + c[kk]
    for (std::size_t j = D - 1; j >= 1; --j) {
      out[j] = (out[j - 1] + p - mulm(out[j], kk % p)) % p;
    }
    out[0] = (c[kk] + p - mulm(out[0], kk % p)) % p;
  }
  return out;
}

}  // namespace foedus::power
