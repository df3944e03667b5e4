// Cox partial likelihood (Efron or Breslow ties, strata, start-stop data) in one fused pass.
//
// Rows are sorted by exit time, descending, inside each stratum. Scanning that order, a row
// joins the risk set at its exit time and leaves it (start-stop data) once the scan passes its
// entry time: a row is at risk at tau when entry < tau <= exit. At each distinct event time
// with D tied events, Efron's approximation gives
//   l += sum_events eta - sum_{l<D} log(S0 - l/D d0),
// with S0, S1, S2 the risk-set sums of w, w x, w x x' (w = exp(eta - shift), every sum with its
// own shift) and d0, d1, d2 the same sums over the tied events; Breslow drops the l/D terms.
//
// Parallel and deterministic: each stratum is cut into blocks of about kBlockRows rows at tie
// boundaries. Pass 1 sums each block's rows (and the rows whose entries it passes); a prefix over
// blocks gives every block its starting risk-set sums; pass 2 scans the blocks in parallel.
// Partial sums combine in block order, and the blocks depend only on the data, so the result is
// the same for every thread count.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "parallel.hpp"

namespace foedus::cox {

constexpr std::int64_t kBlockRows = 8192;

struct Data {
  const double* X = nullptr;              // n x k, row-major, in scan order
  std::int64_t n = 0;
  int k = 0;
  const double* exit = nullptr;           // descending inside each stratum
  const std::uint8_t* event = nullptr;
  const double* entry = nullptr;          // nullptr: no delayed entry
  const std::int64_t* entry_order = nullptr;  // rows by entry, descending, inside each stratum
  const std::int64_t* strata = nullptr;   // n_strata + 1 row offsets
  std::int64_t n_strata = 0;
  bool efron = true;
};

struct Result {
  double ll = 0.0;
  std::vector<double> grad, hess;  // k, k x k
  // per distinct event time, in scan order (only when asked): time, number of events D, the
  // risk-set sums S0, S1 (k) and the events' d0, d1 (k), all scaled by exp(-shift) with that
  // time's own shift
  std::vector<double> times, n_events, s0, d0, s1, d1, shift;
  std::int64_t recomputed = 0;  // event times whose risk-set sums were recomputed from scratch
};

namespace detail {

struct Block {
  std::int64_t stratum, r0, r1;   // rows [r0, r1)
  std::int64_t p0, p1;            // entry-order positions [p0, p1) it may remove (absolute)
  std::int64_t first_time;        // index of its first event time in the output
};

// Sums of w, w x (k), the lower triangle of w x x' (when `second`) and, last, the gross weight
// added (never subtracted: it measures cancellation), with w = exp(eta - shift).
struct Sums {
  double shift = -std::numeric_limits<double>::infinity();
  std::vector<double> S;

  Sums(std::size_t width = 0) : S(width, 0.0) {}

  void reset() {
    shift = -std::numeric_limits<double>::infinity();
    std::fill(S.begin(), S.end(), 0.0);
  }

  void rescale(double to) {  // to >= shift
    if (to == shift) return;
    const double f = std::isfinite(shift) ? std::exp(shift - to) : 0.0;
    for (double& x : S) x *= f;
    shift = to;
  }

  // adds sign * row (the gross slot only grows)
  void add(const double* x, double eta, int k, bool second, double sign) {
    if (eta > shift) rescale(eta);
    const double w = std::exp(eta - shift), sw = sign * w;
    S[0] += sw;
    for (int j = 0; j < k; ++j) S[1 + j] += sw * x[j];
    if (second) {
      double* S2 = S.data() + 1 + k;
      for (int i = 0; i < k; ++i) {
        const double a = sw * x[i];
        for (int j = 0; j <= i; ++j) *S2++ += a * x[j];
      }
    }
    if (sign > 0) S.back() += w;
  }

  void add_sums(const Sums& o) {
    if (!std::isfinite(o.shift)) return;
    if (o.shift > shift) rescale(o.shift);
    const double f = std::exp(o.shift - shift);
    for (std::size_t j = 0; j < S.size(); ++j) S[j] += f * o.S[j];
  }
};

inline std::size_t width(int k, bool second) {  // + 1 for the gross slot
  return 2 + std::size_t(k) + (second ? std::size_t(k) * std::size_t(k + 1) / 2 : 0);
}

}  // namespace detail

// Log partial likelihood, gradient and Hessian at beta (Hessian only when `second`), and with
// `per_time` the risk-set sums at every event time (for the baseline hazard and residuals).
// Every running sum carries its own shift (the largest eta it has seen), so no weight
// overflows or underflows whatever the spread of eta; when rows leave a risk set (start-stop
// data) and the remaining sum falls below 1e-6 of the weight that has passed through it, the
// sums at that event time are recomputed from the rows at risk, so cancellation cannot
// corrupt them.
inline Result partial_likelihood(const Data& D, const double* beta, bool second, bool per_time,
                                 int n_threads, const InterruptCheck& check) {
  using detail::Block;
  using detail::Sums;
  const std::int64_t n = D.n;
  const int k = D.k;
  const std::size_t W = detail::width(k, second);
  Result res;
  res.grad.assign(std::size_t(k), 0.0);
  res.hess.assign(std::size_t(k) * std::size_t(k), 0.0);
  if (n == 0) return res;

  std::vector<double> eta(static_cast<std::size_t>(n));
  const std::int64_t row_blocks = (n + kBlockRows - 1) / kBlockRows;
  parallel_blocks(row_blocks, n_threads, check, [&](std::int64_t b, int) {
    const std::int64_t r1 = std::min(n, (b + 1) * kBlockRows);
    for (std::int64_t r = b * kBlockRows; r < r1; ++r) {
      double s = 0.0;
      const double* x = D.X + r * k;
      for (int j = 0; j < k; ++j) s += x[j] * beta[j];
      eta[std::size_t(r)] = s;
    }
  });
  for (double e : eta)
    if (!std::isfinite(e)) {
      res.ll = -std::numeric_limits<double>::infinity();
      return res;
    }

  // blocks at tie boundaries; entry positions each block may pass
  std::vector<Block> blocks;
  std::int64_t n_times = 0;
  for (std::int64_t s = 0; s < D.n_strata; ++s) {
    const std::int64_t a = D.strata[s], z = D.strata[s + 1];
    std::int64_t r = a;
    while (r < z) {
      std::int64_t e = std::min(z, r + kBlockRows);
      while (e < z && D.exit[e] == D.exit[e - 1]) ++e;
      Block blk{s, r, e, z, z, n_times};
      if (D.entry != nullptr) {  // entries >= the block's largest exit time are gone already
        const double top = D.exit[r];
        blk.p0 = std::partition_point(D.entry_order + a, D.entry_order + z,
                                      [&](std::int64_t i) { return D.entry[i] >= top; }) -
                 D.entry_order;
      }
      for (std::int64_t i = r; i < e;) {  // count the distinct event times
        bool any = false;
        std::int64_t g = i;
        for (; g < e && D.exit[g] == D.exit[i]; ++g) any = any || D.event[g] != 0;
        n_times += any ? 1 : 0;
        i = g;
      }
      blocks.push_back(blk);
      r = e;
    }
  }
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const bool last = b + 1 == blocks.size() || blocks[b + 1].stratum != blocks[b].stratum;
    blocks[b].p1 = last ? blocks[b].p0 : blocks[b + 1].p0;
  }
  const auto nb = std::int64_t(blocks.size());
  if (per_time) {
    for (auto* v : {&res.times, &res.n_events, &res.s0, &res.d0, &res.shift})
      v->assign(static_cast<std::size_t>(n_times), 0.0);
    res.s1.assign(static_cast<std::size_t>(n_times) * std::size_t(k), 0.0);
    res.d1.assign(static_cast<std::size_t>(n_times) * std::size_t(k), 0.0);
  }

  // pass 1: each block's net change of the risk-set sums
  std::vector<Sums> delta(static_cast<std::size_t>(nb), Sums(W));
  parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
    const Block& blk = blocks[std::size_t(b)];
    Sums& S = delta[std::size_t(b)];
    for (std::int64_t r = blk.r0; r < blk.r1; ++r)
      S.add(D.X + r * k, eta[std::size_t(r)], k, second, 1.0);
    for (std::int64_t p = blk.p0; p < blk.p1; ++p) {
      const std::int64_t r = D.entry_order[p];
      S.add(D.X + r * k, eta[std::size_t(r)], k, second, -1.0);
    }
  });
  // prefix inside each stratum: the sums at each block's start
  std::vector<Sums> start(static_cast<std::size_t>(nb), Sums(W));
  for (std::int64_t b = 1; b < nb; ++b) {
    if (blocks[std::size_t(b)].stratum != blocks[std::size_t(b - 1)].stratum) continue;
    start[std::size_t(b)] = start[std::size_t(b - 1)];
    start[std::size_t(b)].add_sums(delta[std::size_t(b - 1)]);
  }

  // pass 2: scan every block from its start
  const std::size_t P = 1 + std::size_t(k) + std::size_t(k) * std::size_t(k);
  std::vector<double> part(static_cast<std::size_t>(nb) * P, 0.0);
  std::vector<std::int64_t> recomputed(static_cast<std::size_t>(nb), 0);
  parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
    const Block& blk = blocks[std::size_t(b)];
    Sums S = start[std::size_t(b)];
    Sums ev(W);
    std::vector<double> mean(static_cast<std::size_t>(k)), xs(static_cast<std::size_t>(k));
    double* acc = part.data() + std::size_t(b) * P;
    double* g = acc + 1;
    double* H = g + k;  // lower triangle used
    std::int64_t p = blk.p0, out = blk.first_time;
    const std::int64_t stratum_begin = D.strata[blk.stratum];
    const std::int64_t stratum_end = D.strata[blk.stratum + 1];
    std::int64_t r = blk.r0;
    while (r < blk.r1) {
      std::int64_t e = r;
      const double tau = D.exit[r];
      ev.reset();
      std::fill(xs.begin(), xs.end(), 0.0);
      int n_ev = 0;
      double eta_sum = 0.0;
      for (; e < blk.r1 && D.exit[e] == tau; ++e) {
        const double* x = D.X + e * k;
        S.add(x, eta[std::size_t(e)], k, second, 1.0);
        if (D.event[e]) {
          ++n_ev;
          eta_sum += eta[std::size_t(e)];
          ev.add(x, eta[std::size_t(e)], k, second, 1.0);
          for (int j = 0; j < k; ++j) xs[std::size_t(j)] += x[j];
        }
      }
      r = e;
      if (n_ev == 0) continue;
      if (D.entry != nullptr) {
        for (; p < stratum_end && D.entry[D.entry_order[p]] >= tau; ++p) {
          const std::int64_t q = D.entry_order[p];
          S.add(D.X + q * k, eta[std::size_t(q)], k, second, -1.0);
        }
        if (!(S.S[0] > 1e-6 * S.S.back())) {  // cancellation: recompute from the rows at risk
          Sums fresh(W);
          for (std::int64_t q = stratum_begin; q < stratum_end; ++q)
            if (D.entry[q] < tau && tau <= D.exit[q])
              fresh.add(D.X + q * k, eta[std::size_t(q)], k, second, 1.0);
          S = fresh;
          ++recomputed[std::size_t(b)];
        }
      }
      ev.rescale(S.shift);  // the events are in the risk set: their shift is at most S's
      acc[0] += eta_sum - double(n_ev) * S.shift;
      for (int j = 0; j < k; ++j) g[j] += xs[std::size_t(j)];
      for (int l = 0; l < n_ev; ++l) {
        const double f = D.efron ? double(l) / double(n_ev) : 0.0;
        const double s0 = S.S[0] - f * ev.S[0];
        acc[0] -= std::log(s0);
        for (int j = 0; j < k; ++j) {
          mean[std::size_t(j)] = (S.S[1 + std::size_t(j)] - f * ev.S[1 + std::size_t(j)]) / s0;
          g[j] -= mean[std::size_t(j)];
        }
        if (second) {
          std::size_t t = 1 + std::size_t(k);
          for (int i = 0; i < k; ++i)
            for (int j = 0; j <= i; ++j, ++t)
              H[i * k + j] -=
                  (S.S[t] - f * ev.S[t]) / s0 - mean[std::size_t(i)] * mean[std::size_t(j)];
        }
      }
      if (per_time) {
        const auto o = std::size_t(out);
        res.times[o] = tau;
        res.n_events[o] = n_ev;
        res.s0[o] = S.S[0];
        res.d0[o] = ev.S[0];
        res.shift[o] = S.shift;
        for (int j = 0; j < k; ++j) {
          res.s1[o * std::size_t(k) + std::size_t(j)] = S.S[1 + std::size_t(j)];
          res.d1[o * std::size_t(k) + std::size_t(j)] = ev.S[1 + std::size_t(j)];
        }
      }
      ++out;
    }
  });
  for (std::int64_t b = 0; b < nb; ++b) {  // fixed order
    const double* acc = part.data() + std::size_t(b) * P;
    res.ll += acc[0];
    for (int j = 0; j < k; ++j) res.grad[std::size_t(j)] += acc[1 + j];
    for (int j = 0; j < k * k; ++j) res.hess[std::size_t(j)] += acc[1 + k + j];
    res.recomputed += recomputed[std::size_t(b)];
  }
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < i; ++j)
      res.hess[std::size_t(j * k + i)] = res.hess[std::size_t(i * k + j)];
  return res;
}

}  // namespace foedus::cox
