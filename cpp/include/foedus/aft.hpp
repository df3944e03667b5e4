// Log-likelihood, gradient and Hessian of accelerated-failure-time models in one pass.
//
// log T = x b + sigma W; with z = (log t - x b) / sigma and g the log-density of W (events) or
// its log-survival (censored), an observation adds g(z) - [event] log sigma - [event] log t,
// minus log S_W(z_e) for a delayed entry e. Derivatives: dz/dmu = -1/sigma,
// dz/dlog(sigma) = -z. Rows are processed in blocks whose partial sums are combined in block
// order, so results are identical for every thread count.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "parallel.hpp"

namespace foedus::aft {

enum Dist : int { EXPONENTIAL = 0, WEIBULL = 1, LOGLOGISTIC = 2, LOGNORMAL = 3 };

struct W {
  double lf, ls, dlf, dls, d2f, d2s;  // log f, log S and derivatives in z
};

inline double log_ndtr_neg(double z) {  // log Phi(-z)
  if (z < 30.0) return std::log(0.5 * std::erfc(z / std::sqrt(2.0)));
  const double z2 = z * z;  // asymptotic: Phi(-z) ~ phi(z)/z (1 - 1/z^2 + 3/z^4 - 15/z^6)
  return -0.5 * z2 - std::log(z) - 0.5 * std::log(2.0 * M_PI) +
         std::log1p(-1.0 / z2 + 3.0 / (z2 * z2) - 15.0 / (z2 * z2 * z2));
}

inline W eval(int dist, double z) {
  W w{};
  if (dist == EXPONENTIAL || dist == WEIBULL) {
    const double ez = std::exp(z);
    w.lf = z - ez;
    w.ls = -ez;
    w.dlf = 1.0 - ez;
    w.dls = -ez;
    w.d2f = -ez;
    w.d2s = -ez;
  } else if (dist == LOGLOGISTIC) {
    const double sp = z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
    const double sig = z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
    w.lf = z - 2.0 * sp;
    w.ls = -sp;
    w.dlf = 1.0 - 2.0 * sig;
    w.dls = -sig;
    w.d2f = -2.0 * sig * (1.0 - sig);
    w.d2s = -sig * (1.0 - sig);
  } else {
    const double lphi = -0.5 * z * z - 0.5 * std::log(2.0 * M_PI);
    const double lsf = log_ndtr_neg(z);
    const double h = std::exp(lphi - lsf);
    w.lf = lphi;
    w.ls = lsf;
    w.dlf = -z;
    w.dls = -h;
    w.d2f = -1.0;
    w.d2s = -h * (h - z);
  }
  return w;
}

struct Result {
  double ll = 0.0;
  std::vector<double> grad, hess;  // p, p x p
};

// X: n x k row-major; theta: k location coefficients then log sigma (absent when exponential).
inline Result derivs(const double* X, std::int64_t n, int k, const double* logt, const double* d,
                     const double* loge, const std::uint8_t* has_e, const double* theta,
                     int dist, bool with_grad, bool with_hess, int n_threads,
                     const InterruptCheck& check) {
  const bool scaled = dist != EXPONENTIAL;
  const int p = k + (scaled ? 1 : 0);
  const double log_sigma = scaled ? theta[k] : 0.0;
  const double sigma = std::exp(log_sigma);
  const std::int64_t block = 4096;
  const std::int64_t nb = (n + block - 1) / block;
  const std::size_t stride = 1 + std::size_t(p) + std::size_t(p) * std::size_t(p);
  std::vector<double> part(std::size_t(nb) * stride, 0.0);
  parallel_blocks(nb, n_threads, check, [&](std::int64_t b, int) {
    double* acc = part.data() + std::size_t(b) * stride;
    double* g = acc + 1;
    double* H = g + p;
    const std::int64_t r1 = std::min(n, (b + 1) * block);
    for (std::int64_t r = b * block; r < r1; ++r) {
      const double* x = X + r * k;
      double mu = 0.0;
      for (int j = 0; j < k; ++j) mu += x[j] * theta[j];
      // the exit term, then (with delayed entry) minus log S at the entry time
      for (int part_i = 0; part_i < 2; ++part_i) {
        double z, g1, g2, val;
        if (part_i == 0) {
          z = (logt[r] - mu) / sigma;
          const W w = eval(dist, z);
          const bool ev = d[r] > 0;
          val = ev ? w.lf - log_sigma - logt[r] : w.ls;
          g1 = ev ? w.dlf : w.dls;
          g2 = ev ? w.d2f : w.d2s;
          acc[0] += val;
          if (with_grad && scaled) g[k] += -g1 * z - (ev ? 1.0 : 0.0);
        } else {
          if (!has_e[r]) break;
          z = (loge[r] - mu) / sigma;
          const W w = eval(dist, z);
          val = -w.ls;
          g1 = -w.dls;
          g2 = -w.d2s;
          acc[0] += val;
          if (with_grad && scaled) g[k] += -g1 * z;
        }
        if (with_grad)
          for (int j = 0; j < k; ++j) g[j] += -g1 / sigma * x[j];
        if (with_hess) {
          const double a = g2 / (sigma * sigma);
          for (int i = 0; i < k; ++i)
            for (int j = 0; j <= i; ++j) H[i * p + j] += a * x[i] * x[j];
          if (scaled) {
            const double c = (g2 * z + g1) / sigma;
            for (int j = 0; j < k; ++j) H[k * p + j] += c * x[j];
            H[k * p + k] += g2 * z * z + g1 * z;
          }
        }
      }
    }
  });
  Result res;
  res.grad.assign(std::size_t(p), 0.0);
  res.hess.assign(std::size_t(p) * std::size_t(p), 0.0);
  for (std::int64_t b = 0; b < nb; ++b) {  // fixed order
    const double* acc = part.data() + std::size_t(b) * stride;
    res.ll += acc[0];
    for (int j = 0; j < p; ++j) res.grad[std::size_t(j)] += acc[1 + j];
    for (int j = 0; j < p * p; ++j) res.hess[std::size_t(j)] += acc[1 + p + j];
  }
  for (int i = 0; i < p; ++i)  // lower triangle -> symmetric
    for (int j = 0; j < i; ++j) res.hess[std::size_t(j * p + i)] = res.hess[std::size_t(i * p + j)];
  return res;
}

}  // namespace foedus::aft
