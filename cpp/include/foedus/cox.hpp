// Cox partial likelihood (Efron or Breslow ties, strata, start-stop data) in one fused pass.
//
// Rows are sorted by exit time, descending, inside each stratum. Scanning that order, a row
// joins the risk set at its exit time and leaves it (start-stop data) once the scan passes its
// entry time: a row is at risk at tau when entry < tau <= exit. At each distinct event time
// with D tied events, Efron's approximation gives
//   l += sum_events eta - sum_{l<D} log(S0 - l/D d0),
// with S0, S1, S2 the risk-set sums of w, w x, w x x' (w = exp(eta - shift)) and d0, d1, d2 the
// same sums over the tied events; Breslow drops the l/D terms.
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
  // per distinct event time, in scan order (only when asked): time, number of events D,
  // S0 and d0 (scaled by exp(-shift)), S1 and d1 (k each)
  std::vector<double> times, n_events, s0, d0, s1, d1;
  double shift = 0.0;
};

namespace detail {

struct Block {
  std::int64_t stratum, r0, r1;   // rows [r0, r1)
  std::int64_t p0, p1;            // entry-order positions [p0, p1) it may remove (absolute)
  std::int64_t first_time;        // index of its first event time in the output
};

// number of sums kept per row: w, w x (k), lower triangle of w x x'
inline std::size_t width(int k, bool second) {
  return 1 + std::size_t(k) + (second ? std::size_t(k) * std::size_t(k + 1) / 2 : 0);
}

inline void add_row(double* S, const double* x, double w, int k, bool second, double sign) {
  const double sw = sign * w;
  S[0] += sw;
  for (int j = 0; j < k; ++j) S[1 + j] += sw * x[j];
  if (!second) return;
  double* S2 = S + 1 + k;
  for (int i = 0; i < k; ++i) {
    const double a = sw * x[i];
    for (int j = 0; j <= i; ++j) *S2++ += a * x[j];
  }
}

}  // namespace detail

// Log partial likelihood, gradient and Hessian at beta (Hessian only when `second`), and with
// `per_time` the risk-set sums at every event time (for the baseline hazard and residuals).
inline Result partial_likelihood(const Data& D, const double* beta, bool second, bool per_time,
                                 int n_threads, const InterruptCheck& check) {
  using detail::Block;
  const std::int64_t n = D.n;
  const int k = D.k;
  const std::size_t W = detail::width(k, second);
  Result res;
  res.grad.assign(std::size_t(k), 0.0);
  res.hess.assign(std::size_t(k) * std::size_t(k), 0.0);
  if (n == 0) return res;

  // linear predictors and their maximum (the shift keeps exp() finite)
  std::vector<double> eta(static_cast<std::size_t>(n)), w(static_cast<std::size_t>(n));
  const std::int64_t row_blocks = (n + kBlockRows - 1) / kBlockRows;
  std::vector<double> block_max(static_cast<std::size_t>(row_blocks),
                                -std::numeric_limits<double>::infinity());
  parallel_blocks(row_blocks, n_threads, check, [&](std::int64_t b, int) {
    const std::int64_t r1 = std::min(n, (b + 1) * kBlockRows);
    double m = -std::numeric_limits<double>::infinity();
    for (std::int64_t r = b * kBlockRows; r < r1; ++r) {
      double s = 0.0;
      const double* x = D.X + r * k;
      for (int j = 0; j < k; ++j) s += x[j] * beta[j];
      eta[std::size_t(r)] = s;
      m = std::max(m, s);
    }
    block_max[std::size_t(b)] = m;
  });
  const double shift = *std::max_element(block_max.begin(), block_max.end());
  res.shift = shift;
  if (!std::isfinite(shift)) {
    res.ll = -std::numeric_limits<double>::infinity();
    return res;
  }
  parallel_blocks(row_blocks, n_threads, check, [&](std::int64_t b, int) {
    const std::int64_t r1 = std::min(n, (b + 1) * kBlockRows);
    for (std::int64_t r = b * kBlockRows; r < r1; ++r)
      w[std::size_t(r)] = std::exp(eta[std::size_t(r)] - shift);
  });

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
  // a block passes entries up to where the next block of its stratum starts
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const bool last = b + 1 == blocks.size() || blocks[b + 1].stratum != blocks[b].stratum;
    blocks[b].p1 = last ? blocks[b].p0 : blocks[b + 1].p0;
  }
  const auto nb = std::int64_t(blocks.size());
  if (per_time) {
    for (auto* v : {&res.times, &res.n_events, &res.s0, &res.d0})
      v->assign(static_cast<std::size_t>(n_times), 0.0);
    res.s1.assign(static_cast<std::size_t>(n_times) * std::size_t(k), 0.0);
    res.d1.assign(static_cast<std::size_t>(n_times) * std::size_t(k), 0.0);
  }

  // pass 1: each block's net change of the risk-set sums
  std::vector<double> delta(static_cast<std::size_t>(nb) * W, 0.0);
  parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
    const Block& blk = blocks[std::size_t(b)];
    double* S = delta.data() + std::size_t(b) * W;
    for (std::int64_t r = blk.r0; r < blk.r1; ++r)
      detail::add_row(S, D.X + r * k, w[std::size_t(r)], k, second, 1.0);
    for (std::int64_t p = blk.p0; p < blk.p1; ++p) {
      const std::int64_t r = D.entry_order[p];
      detail::add_row(S, D.X + r * k, w[std::size_t(r)], k, second, -1.0);
    }
  });
  // prefix inside each stratum: the sums at each block's start
  std::vector<double> start(static_cast<std::size_t>(nb) * W, 0.0);
  for (std::int64_t b = 1; b < nb; ++b) {
    if (blocks[std::size_t(b)].stratum != blocks[std::size_t(b - 1)].stratum) continue;
    for (std::size_t j = 0; j < W; ++j)
      start[std::size_t(b) * W + j] =
          start[std::size_t(b - 1) * W + j] + delta[std::size_t(b - 1) * W + j];
  }

  // pass 2: scan every block from its start
  const std::size_t P = 1 + std::size_t(k) + std::size_t(k) * std::size_t(k);
  std::vector<double> part(static_cast<std::size_t>(nb) * P, 0.0);
  parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
    const Block& blk = blocks[std::size_t(b)];
    std::vector<double> S(start.begin() + std::ptrdiff_t(std::size_t(b) * W),
                          start.begin() + std::ptrdiff_t(std::size_t(b + 1) * W));
    std::vector<double> ev(W), mean(static_cast<std::size_t>(k)), xs(static_cast<std::size_t>(k));
    double* acc = part.data() + std::size_t(b) * P;
    double* g = acc + 1;
    double* H = g + k;  // lower triangle used
    std::int64_t p = blk.p0, out = blk.first_time;
    const std::int64_t stratum_end = D.strata[blk.stratum + 1];
    std::int64_t r = blk.r0;
    while (r < blk.r1) {
      std::int64_t e = r;
      const double tau = D.exit[r];
      std::fill(ev.begin(), ev.end(), 0.0);
      std::fill(xs.begin(), xs.end(), 0.0);
      int n_ev = 0;
      double eta_sum = 0.0;
      for (; e < blk.r1 && D.exit[e] == tau; ++e) {
        const double* x = D.X + e * k;
        detail::add_row(S.data(), x, w[std::size_t(e)], k, second, 1.0);
        if (D.event[e]) {
          ++n_ev;
          eta_sum += eta[std::size_t(e)];
          detail::add_row(ev.data(), x, w[std::size_t(e)], k, second, 1.0);
          for (int j = 0; j < k; ++j) xs[std::size_t(j)] += x[j];
        }
      }
      r = e;
      if (n_ev == 0) continue;
      if (D.entry != nullptr)
        for (; p < stratum_end && D.entry[D.entry_order[p]] >= tau; ++p) {
          const std::int64_t q = D.entry_order[p];
          detail::add_row(S.data(), D.X + q * k, w[std::size_t(q)], k, second, -1.0);
        }
      acc[0] += eta_sum - double(n_ev) * shift;
      for (int j = 0; j < k; ++j) g[j] += xs[std::size_t(j)];
      for (int l = 0; l < n_ev; ++l) {
        const double f = D.efron ? double(l) / double(n_ev) : 0.0;
        const double s0 = S[0] - f * ev[0];
        acc[0] -= std::log(s0);
        for (int j = 0; j < k; ++j) {
          mean[std::size_t(j)] = (S[1 + j] - f * ev[1 + std::size_t(j)]) / s0;
          g[j] -= mean[std::size_t(j)];
        }
        if (second) {
          std::size_t t = 1 + std::size_t(k);
          for (int i = 0; i < k; ++i)
            for (int j = 0; j <= i; ++j, ++t)
              H[i * k + j] -= (S[t] - f * ev[t]) / s0 - mean[std::size_t(i)] * mean[std::size_t(j)];
        }
      }
      if (per_time) {
        const auto o = std::size_t(out);
        res.times[o] = tau;
        res.n_events[o] = n_ev;
        res.s0[o] = S[0];
        res.d0[o] = ev[0];
        for (int j = 0; j < k; ++j) {
          res.s1[o * std::size_t(k) + std::size_t(j)] = S[1 + std::size_t(j)];
          res.d1[o * std::size_t(k) + std::size_t(j)] = ev[1 + std::size_t(j)];
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
  }
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < i; ++j)
      res.hess[std::size_t(j * k + i)] = res.hess[std::size_t(i * k + j)];
  return res;
}

}  // namespace foedus::cox
