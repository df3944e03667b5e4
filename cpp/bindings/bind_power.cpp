// Power-index kernels: weighted-quota DPs (swings, minimal winning, Johnston) and enumeration.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "common.hpp"
#include "foedus/power_enum.hpp"
#include "foedus/power_mwc.hpp"
#include "foedus/power_sample.hpp"
#include "foedus/power_swing.hpp"
#include "foedus/power_swing2.hpp"
#include "kernel_args.hpp"

namespace foedus::bind {

namespace {

using power::u64;

// A weighted game prepared for the kernels: weights divided by their gcd (quota rounded up)
// and sorted by descending weight (ties by index); order[pos] is the actor at sorted position
// pos. Outputs are computed in sorted order and scattered back with to_actor_order.
struct Game {
  std::vector<std::int64_t> w;
  std::int64_t q = 0;
  std::vector<std::int64_t> order;
};

Game prepare_game(const carray<std::int64_t>& weights, std::int64_t q) {
  if (weights.ndim() != 1) throw std::invalid_argument("weights: expected a 1-D array");
  const std::int64_t n = weights.shape(0);
  if (n == 0) throw std::invalid_argument("weights: need at least one player");
  const std::int64_t* wp = weights.data();
  std::int64_t g = 0, total = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (wp[i] < 0) throw std::invalid_argument("weights: must be non-negative");
    g = std::gcd(g, wp[i]);
    total += wp[i];
  }
  if (q < 1 || q > total) throw std::invalid_argument("q: the quota must lie in [1, total weight]");
  Game game;
  game.order.resize(std::size_t(n));
  for (std::int64_t i = 0; i < n; ++i) game.order[std::size_t(i)] = i;
  std::stable_sort(game.order.begin(), game.order.end(),
                   [&](std::int64_t a, std::int64_t b) { return wp[a] > wp[b]; });
  if (g < 1) g = 1;
  game.w.resize(std::size_t(n));
  for (std::int64_t i = 0; i < n; ++i) game.w[std::size_t(i)] = wp[game.order[std::size_t(i)]] / g;
  game.q = (q + g - 1) / g;
  return game;
}

// data: (outer, n, inner) in sorted player order -> actor order, in place.
template <class T>
void to_actor_order(T* data, std::int64_t outer, const std::vector<std::int64_t>& order,
                    std::int64_t inner) {
  const std::int64_t n = std::int64_t(order.size());
  std::vector<T> tmp(static_cast<std::size_t>(n * inner));
  for (std::int64_t o = 0; o < outer; ++o) {
    T* base = data + o * n * inner;
    std::copy(base, base + n * inner, tmp.begin());
    for (std::int64_t pos = 0; pos < n; ++pos)
      std::copy(tmp.begin() + pos * inner, tmp.begin() + (pos + 1) * inner,
                base + order[std::size_t(pos)] * inner);
  }
}

// Small problems run on the calling thread: waking a second thread costs more than the work,
// and far more on a busy machine. Results are identical for every thread count.
int threads_for(double work, int n_threads) {
  return work < 2e5 ? 1 : resolve_threads(n_threads);
}

// Swings by divide and conquer. Floating: one unit per (node, half) with RealRing(a[k], b[k]);
// returns (nodes, n). Exact: one unit per (modulus, half); modulus 0 means 2^64; returns
// (moduli, n, rows).
py::array swing_float(const carray<std::int64_t>& weights, std::int64_t q,
                      const carray<double>& a, const carray<double>& b, int n_threads) {
  const Game game = prepare_game(weights, q);
  const std::vector<std::int64_t>& w = game.w;
  q = game.q;
  const py::ssize_t m = a.size();
  require_shape(b, {m}, "b");
  const int n = int(w.size());
  py::array_t<double> out({m, py::ssize_t(n)});
  double* o = out.mutable_data();
  std::vector<double> av(a.data(), a.data() + m), bv(b.data(), b.data() + m);
  run_without_gil([&](const InterruptCheck& check) {
    power::SwingDC<power::RealRing> dc(w, q, false);
    const int threads = threads_for(dc.cells() * double(m), n_threads);
    UnitPoller poller(check);
    parallel_blocks(std::int64_t(m) * 2, threads, check, [&](std::int64_t u, int tid) {
      const std::int64_t k = u / 2;
      power::RealRing r{av[std::size_t(k)], bv[std::size_t(k)]};
      dc.run_half(r, int(u % 2), o + k * n, poller, tid);
    }, &poller);
    return 0;
  });
  to_actor_order(o, m, game.order, 1);
  return out;
}

py::array swing_exact(const carray<std::int64_t>& weights, std::int64_t q, bool sized,
                      const carray<std::uint64_t>& moduli, int n_threads) {
  const Game game = prepare_game(weights, q);
  const std::vector<std::int64_t>& w = game.w;
  q = game.q;
  const py::ssize_t K = moduli.size();
  const int n = int(w.size());
  const int rows = sized ? n : 1;
  py::array_t<std::uint64_t> out({K, py::ssize_t(n), py::ssize_t(rows)});
  u64* o = out.mutable_data();
  std::vector<u64> mods(moduli.data(), moduli.data() + K);
  for (auto p : mods)
    if (p != 0 && (p < (u64(1) << 32) || p >= (u64(1) << 62)))
      throw std::invalid_argument("moduli: primes must lie in (2^32, 2^62); 0 means 2^64");
  run_without_gil([&](const InterruptCheck& check) {
    power::SwingDC<power::WrapRing> dw(w, q, sized);
    power::SwingDC<power::ModRing> dm(w, q, sized);
    const int threads = threads_for(dw.cells() * double(K), n_threads);
    UnitPoller poller(check);
    parallel_blocks(std::int64_t(K) * 2, threads, check, [&](std::int64_t u, int tid) {
      const std::int64_t j = u / 2;
      u64* dst = o + j * n * rows;
      if (mods[std::size_t(j)] == 0) {
        dw.run_half(power::WrapRing{}, int(u % 2), dst, poller, tid);
      } else {
        dm.run_half(power::ModRing(mods[std::size_t(j)], 1, 1), int(u % 2), dst, poller, tid);
      }
    }, &poller);
    return 0;
  });
  to_actor_order(o, K, game.order, rows);
  return out;
}

// Minimal-winning / Johnston sums at floating nodes (a[k], b[k]); returns (nodes, n).
py::array mwc_float(const carray<std::int64_t>& weights, std::int64_t q, int kind,
                    const carray<double>& a, const carray<double>& b, int n_threads) {
  const Game game = prepare_game(weights, q);
  const std::vector<std::int64_t>& w = game.w;
  q = game.q;
  const py::ssize_t m = a.size();
  require_shape(b, {m}, "b");
  const int n = int(w.size());
  py::array_t<double> out({m, py::ssize_t(n)});
  double* o = out.mutable_data();
  std::vector<double> av(a.data(), a.data() + m), bv(b.data(), b.data() + m);
  const int threads = threads_for(6.0 * double(n) * double(q) * double(m), n_threads);
  run_without_gil([&](const InterruptCheck& check) {
    power::MwcEngine<power::RealRing> eng(w, q, power::MwcKind(kind));
    UnitPoller poller(check);
    parallel_blocks(m, threads, check, [&](std::int64_t k, int tid) {
      power::RealRing r{av[std::size_t(k)], bv[std::size_t(k)]};
      power::RealRing rc{av[std::size_t(k)], av[std::size_t(k)]};
      eng.run(r, rc, o + k * n, poller, tid);
    }, &poller);
    return 0;
  });
  to_actor_order(o, m, game.order, 1);
  return out;
}

// Exact: coefficients modulo each prime of the polynomials in x (degree < points), from
// evaluations at x = 0..points-1 (points == 1: the value at x = 1). Returns (primes, n, points).
py::array mwc_exact(const carray<std::int64_t>& weights, std::int64_t q, int kind, int points,
                    const carray<std::uint64_t>& primes, int n_threads) {
  const Game game = prepare_game(weights, q);
  const std::vector<std::int64_t>& w = game.w;
  q = game.q;
  const py::ssize_t K = primes.size();
  const int n = int(w.size());
  if (points < 1) throw std::invalid_argument("points: must be >= 1");
  std::vector<u64> ps(primes.data(), primes.data() + K);
  for (auto p : ps)
    if (p < (u64(1) << 32) || p >= (u64(1) << 62))
      throw std::invalid_argument("primes: must lie in (2^32, 2^62)");
  py::array_t<std::uint64_t> out({K, py::ssize_t(n), py::ssize_t(points)});
  u64* o = out.mutable_data();
  const int threads =
      threads_for(12.0 * double(n) * double(q) * double(K) * double(points), n_threads);
  run_without_gil([&](const InterruptCheck& check) {
    power::MwcEngine<power::ModRing> eng(w, q, power::MwcKind(kind));
    UnitPoller poller(check);
    std::vector<u64> vals(std::size_t(K) * std::size_t(points) * std::size_t(n));
    parallel_blocks(std::int64_t(K) * points, threads, check,
                    [&](std::int64_t u, int tid) {
      const std::int64_t j = u / points, x = u % points;
      const u64 p = ps[std::size_t(j)];
      power::ModRing r(p, 1, points == 1 ? 1 : u64(x));
      power::ModRing rc(p, 1, 1);
      eng.run(r, rc, vals.data() + u * n, poller, tid);
    }, &poller);
    parallel_blocks(std::int64_t(K) * n, threads, check, [&](std::int64_t u, int) {
      const std::int64_t j = u / n, i = u % n;
      std::vector<u64> v(static_cast<std::size_t>(points));
      for (int x = 0; x < points; ++x)
        v[std::size_t(x)] = vals[(std::size_t(j) * std::size_t(points) + std::size_t(x)) * std::size_t(n) + std::size_t(i)];
      if (points > 1) v = power::interpolate_mod(v, ps[std::size_t(j)]);
      std::copy(v.begin(), v.end(), o + (j * n + i) * points);
    });
    return 0;
  });
  to_actor_order(o, K, game.order, points);
  return out;
}

py::dict enum_power(int n, const carray<std::int64_t>& weights, const carray<std::int32_t>& rule_op,
                    const carray<std::int32_t>& rule_crit, const carray<std::int32_t>& rule_nchild,
                    const carray<std::int64_t>& rule_q, const carray<std::uint64_t>& rule_set,
                    bool by_size, bool mwc, bool johnston, int n_threads) {
  power::EnumPowerSpec spec =
      enum_spec(n, weights, rule_op, rule_crit, rule_nchild, rule_q, rule_set);
  spec.by_size = by_size;
  spec.mwc = mwc;
  spec.johnston = johnston;
  const int threads = threads_for(std::ldexp(double(n), n), n_threads);
  power::EnumPowerResult res = run_without_gil([&](const InterruptCheck& check) {
    power::EnumPower e(spec);
    return e.run(threads, check);
  });
  auto arr = [&](const std::vector<std::uint64_t>& v, py::ssize_t cols) {
    if (v.empty()) return py::array_t<std::uint64_t>();
    py::array_t<std::uint64_t> a({py::ssize_t(n), cols});
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
  };
  py::dict d;
  d["n_winning"] = py::int_(res.n_winning);
  py::array_t<std::uint64_t> sw(n);
  std::copy(res.swings.begin(), res.swings.end(), sw.mutable_data());
  d["swings"] = sw;
  d["swings_by_size"] = arr(res.swings_by_size, n + 1);
  d["mwc_by_size"] = arr(res.mwc_by_size, n + 1);
  d["johnston_by_count"] = arr(res.joh_by_count, n + 1);
  return d;
}

py::dict sample_power(int n, const carray<std::int64_t>& weights,
                      const carray<std::int32_t>& rule_op, const carray<std::int32_t>& rule_crit,
                      const carray<std::int32_t>& rule_nchild, const carray<std::int64_t>& rule_q,
                      const carray<std::int64_t>& contains_ptr,
                      const carray<std::int64_t>& contains_members, std::uint64_t seed,
                      std::int64_t n_samples, int kind, int n_threads) {
  power::SampleSpec spec;
  spec.n = n;
  if (n < 1) throw std::invalid_argument("n: need at least one actor");
  if (weights.ndim() != 2 || weights.shape(0) != n)
    throw std::invalid_argument("weights: expected an (n, k) array");
  spec.k = int(weights.shape(1));
  spec.weights.assign(weights.data(), weights.data() + weights.size());
  spec.rule = rule_nodes(rule_op, rule_crit, rule_nchild, rule_q);
  const std::size_t nodes = spec.rule.size();
  require_shape(contains_ptr, {py::ssize_t(nodes) + 1}, "contains_ptr");
  spec.contains_need.assign(nodes, 0);
  spec.player_contains.assign(std::size_t(n), 0);
  int j = 0;
  for (std::size_t x = 0; x < nodes; ++x) {
    if (spec.rule[x].op != OP_CONTAINS) continue;
    const std::int64_t a = contains_ptr.data()[x], b = contains_ptr.data()[x + 1];
    if (a < 0 || b < a || b > contains_members.size())
      throw std::invalid_argument("contains_ptr: malformed");
    if (j >= 64) throw std::invalid_argument("rule: at most 64 veto leaves can be sampled");
    spec.contains_need[x] = b - a;
    for (std::int64_t t = a; t < b; ++t) {
      const std::int64_t i = contains_members.data()[t];
      if (i < 0 || i >= n) throw std::invalid_argument("contains_members: actor out of range");
      spec.player_contains[std::size_t(i)] |= std::uint64_t(1) << j;
    }
    ++j;
  }
  if (n_samples < 1) throw std::invalid_argument("n_samples: must be at least 1");
  spec.n_samples = n_samples;
  spec.seed = seed;
  spec.kind = kind;
  const int threads = threads_for(double(n_samples) * double(n) * double(nodes), n_threads);
  power::SampleResult res = run_without_gil([&](const InterruptCheck& check) {
    power::PowerSampler sampler(spec);
    return sampler.run(threads, check);
  });
  py::dict d;
  py::array_t<std::uint64_t> count(n), cross(n);
  std::copy(res.count.begin(), res.count.end(), count.mutable_data());
  std::copy(res.cross.begin(), res.cross.end(), cross.mutable_data());
  d["count"] = count;
  d["cross"] = cross;
  d["sum_t"] = py::int_(res.sum_t);
  d["sum_t2"] = py::int_(res.sum_t2);
  d["no_pivot"] = py::int_(res.no_pivot);
  return d;
}

// Many weighted quota games at once, one game per task: kind 0 Banzhaf (normalised), kind 1
// Shapley-Shubik. Games with at most 64 players are counted exactly modulo 2^64 (the counts fit)
// and their values derived in double from the exact counts; larger Banzhaf games use the
// floating DP. Returns (values, counts, exact): counts are valid where exact[g] is true.
py::tuple batch_power(const carray<std::int64_t>& weights, const carray<std::int64_t>& offsets,
                      const carray<std::int64_t>& quotas, int kind, int n_threads) {
  const py::ssize_t m = quotas.size();
  require_shape(offsets, {m + 1}, "offsets");
  const std::int64_t* off = offsets.data();
  if (off[0] != 0 || off[m] != weights.size())
    throw std::invalid_argument("offsets: must start at 0 and end at the number of weights");
  for (py::ssize_t g = 0; g < m; ++g) {
    if (off[g + 1] <= off[g]) throw std::invalid_argument("offsets: every game needs a player");
    if (kind == 1 && off[g + 1] - off[g] > 64)
      throw std::invalid_argument("batch Shapley-Shubik: at most 64 players per game");
  }
  const std::int64_t total = weights.size();
  py::array_t<double> values(total);
  py::array_t<std::uint64_t> counts(total);
  py::array_t<bool> exact(m);
  double* val = values.mutable_data();
  u64* cnt = counts.mutable_data();
  bool* ex = exact.mutable_data();
  const std::int64_t* wall = weights.data();
  const std::int64_t* qall = quotas.data();
  double work = 0.0;
  for (py::ssize_t g = 0; g < m; ++g)
    work += 2.0 * double(off[g + 1] - off[g]) * double(std::max<std::int64_t>(1, qall[g])) *
            (kind == 1 ? double(off[g + 1] - off[g]) : 1.0);
  const int threads = threads_for(work, n_threads);
  run_without_gil([&](const InterruptCheck& check) {
    UnitPoller poller(check);
    parallel_blocks(m, threads, check, [&](std::int64_t g, int tid) {
      const std::int64_t a = off[g], n = off[g + 1] - off[g];
      std::vector<std::int64_t> idx(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) idx[std::size_t(i)] = i;
      for (std::int64_t i = 0; i < n; ++i)
        if (wall[a + i] < 0) throw std::invalid_argument("weights: must be non-negative");
      std::stable_sort(idx.begin(), idx.end(),
                       [&](std::int64_t x, std::int64_t y) { return wall[a + x] > wall[a + y]; });
      std::vector<std::int64_t> w(static_cast<std::size_t>(n));
      std::int64_t sum = 0, gcd = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        sum += (w[std::size_t(i)] = wall[a + idx[std::size_t(i)]]);
        gcd = std::gcd(gcd, w[std::size_t(i)]);
      }
      std::int64_t q = qall[g];
      if (q < 1 || q > sum)
        throw std::invalid_argument("quotas: every quota must lie in [1, total weight of its game]");
      if (gcd > 1) {  // the same game on smaller tables
        for (auto& x : w) x /= gcd;
        q = (q + gcd - 1) / gcd;
      }
      const int rows = kind == 1 ? int(n) : 1;
      if (n <= 64) {
        ex[g] = kind == 0;  // Shapley-Shubik values come from exact counts but keep none
        power::SwingDC<power::WrapRing> dc(w, q, kind == 1);
        std::vector<u64> out(std::size_t(n) * std::size_t(rows));
        dc.run_half(power::WrapRing{}, 0, out.data(), poller, tid);
        dc.run_half(power::WrapRing{}, 1, out.data(), poller, tid);
        if (kind == 0) {
          unsigned __int128 s = 0;
          for (std::int64_t i = 0; i < n; ++i) s += out[std::size_t(i)];
          const double sd = double(s);
          for (std::int64_t i = 0; i < n; ++i) {
            const std::int64_t j = a + idx[std::size_t(i)];
            cnt[j] = out[std::size_t(i)];
            val[j] = s ? double(out[std::size_t(i)]) / sd : 0.0;
          }
        } else {
          // SS_i = sum_t c_i[t] / (n C(n-1, t))
          std::vector<double> binom(static_cast<std::size_t>(n));
          binom[0] = 1.0;
          for (std::int64_t t = 1; t < n; ++t)
            binom[std::size_t(t)] = binom[std::size_t(t - 1)] * double(n - t) / double(t);
          for (std::int64_t i = 0; i < n; ++i) {
            double v = 0.0;
            for (std::int64_t t = 0; t < n; ++t)
              v += double(out[std::size_t(i * rows + t)]) / (double(n) * binom[std::size_t(t)]);
            const std::int64_t j = a + idx[std::size_t(i)];
            cnt[j] = 0;
            val[j] = v;
          }
        }
      } else {
        ex[g] = false;
        const double c = n <= 1000 ? 1.0 : std::pow(2.0, -double(n - 1000) / double(n - 1));
        power::SwingDC<power::RealRing> dc(w, q, false);
        std::vector<double> out(static_cast<std::size_t>(n));
        power::RealRing r{c, c};
        dc.run_half(r, 0, out.data(), poller, tid);
        dc.run_half(r, 1, out.data(), poller, tid);
        double s = 0.0;
        for (double x : out) s += x;
        for (std::int64_t i = 0; i < n; ++i) {
          const std::int64_t j = a + idx[std::size_t(i)];
          cnt[j] = 0;
          val[j] = s > 0 ? out[std::size_t(i)] / s : 0.0;
        }
      }
    }, &poller);
    return 0;
  });
  return py::make_tuple(values, counts, exact);
}

// Owen-type counts of any rule under a priori unions (n <= 40): (n, m, u_max).
py::array owen_enum(int n, const carray<std::int64_t>& weights, const carray<std::int32_t>& rule_op,
                    const carray<std::int32_t>& rule_crit, const carray<std::int32_t>& rule_nchild,
                    const carray<std::int64_t>& rule_q, const carray<std::uint64_t>& rule_set,
                    const carray<std::uint64_t>& unions, int n_threads) {
  const power::EnumPowerSpec spec =
      enum_spec(n, weights, rule_op, rule_crit, rule_nchild, rule_q, rule_set);
  std::vector<std::uint64_t> um(unions.data(), unions.data() + unions.size());
  if (um.empty() || um.size() > 40) throw std::invalid_argument("unions: 1 to 40 unions");
  int u_max = 1;
  for (auto x : um) u_max = std::max(u_max, popcount(x));
  const int threads = resolve_threads(n_threads);
  std::vector<std::uint64_t> res = run_without_gil([&](const InterruptCheck& check) {
    power::EnumPower e(spec);
    const std::vector<std::uint64_t> win = e.bitmap(threads, check);
    return power::owen_counts(win, n, um, threads, check);
  });
  py::array_t<std::uint64_t> out({py::ssize_t(n), py::ssize_t(um.size()), py::ssize_t(u_max)});
  std::copy(res.begin(), res.end(), out.mutable_data());
  return out;
}

// Two-criteria rules: swings (and winning coalitions) by the 2-D divide and conquer.
// Floating: nodes (a[k], b[k]) -> (nodes, n). Exact: moduli (0 = 2^64) -> (moduli, n, rows)
// and the winning count residues (moduli,).
struct Rule2Args {
  std::vector<std::int64_t> w1, w2;
  std::vector<RuleNode> rule;
};

Rule2Args rule2_args(const carray<std::int64_t>& w1, const carray<std::int64_t>& w2,
                     const carray<std::int32_t>& op, const carray<std::int32_t>& crit,
                     const carray<std::int32_t>& nchild, const carray<std::int64_t>& q) {
  Rule2Args r;
  if (w1.ndim() != 1 || w2.ndim() != 1 || w1.shape(0) != w2.shape(0) || w1.shape(0) < 1)
    throw std::invalid_argument("w1, w2: two 1-D weight arrays of the same positive length");
  r.w1.assign(w1.data(), w1.data() + w1.shape(0));
  r.w2.assign(w2.data(), w2.data() + w2.shape(0));
  for (std::size_t i = 0; i < r.w1.size(); ++i)
    if (r.w1[i] < 0 || r.w2[i] < 0) throw std::invalid_argument("w1, w2: must be non-negative");
  r.rule = rule_nodes(op, crit, nchild, q);
  for (const auto& nd : r.rule)
    if (nd.op == OP_CONTAINS || (nd.op == OP_QUOTA && (nd.crit < 0 || nd.crit > 1)))
      throw std::invalid_argument("rule: two-criteria DP takes quota leaves on criteria 0 and 1");
  return r;
}

py::array swing2_float(const carray<std::int64_t>& w1, const carray<std::int64_t>& w2,
                       const carray<std::int32_t>& op, const carray<std::int32_t>& crit,
                       const carray<std::int32_t>& nchild, const carray<std::int64_t>& q,
                       const carray<double>& a, const carray<double>& b, int n_threads) {
  const Rule2Args args = rule2_args(w1, w2, op, crit, nchild, q);
  const py::ssize_t m = a.size();
  require_shape(b, {m}, "b");
  const int n = int(args.w1.size());
  py::array_t<double> out({m, py::ssize_t(n)});
  double* o = out.mutable_data();
  std::vector<double> av(a.data(), a.data() + m), bv(b.data(), b.data() + m);
  run_without_gil([&](const InterruptCheck& check) {
    power::SwingDC2<power::RealRing> dc(args.w1, args.w2, args.rule, false);
    const int threads = threads_for(double(dc.cells()) * n * 4.0 * double(m), n_threads);
    UnitPoller poller(check);
    parallel_blocks(std::int64_t(m) * 2, threads, check, [&](std::int64_t u, int tid) {
      const std::int64_t k = u / 2;
      power::RealRing r{av[std::size_t(k)], bv[std::size_t(k)]};
      dc.run_half(r, int(u % 2), o + k * n, poller, tid);
    }, &poller);
    return 0;
  });
  return out;
}

py::tuple swing2_exact(const carray<std::int64_t>& w1, const carray<std::int64_t>& w2,
                       const carray<std::int32_t>& op, const carray<std::int32_t>& crit,
                       const carray<std::int32_t>& nchild, const carray<std::int64_t>& q,
                       bool by_first, const carray<std::uint64_t>& moduli, int n_threads) {
  const Rule2Args args = rule2_args(w1, w2, op, crit, nchild, q);
  const py::ssize_t K = moduli.size();
  const int n = int(args.w1.size());
  std::vector<u64> mods(moduli.data(), moduli.data() + K);
  for (auto p : mods)
    if (p != 0 && (p < (u64(1) << 32) || p >= (u64(1) << 62)))
      throw std::invalid_argument("moduli: primes must lie in (2^32, 2^62); 0 means 2^64");
  power::SwingDC2<power::WrapRing> dw(args.w1, args.w2, args.rule, by_first);
  power::SwingDC2<power::ModRing> dm(args.w1, args.w2, args.rule, by_first);
  const int rows = dw.rows_out();
  py::array_t<std::uint64_t> out({K, py::ssize_t(n), py::ssize_t(rows)});
  py::array_t<std::uint64_t> winning(K);
  u64* o = out.mutable_data();
  u64* wo = winning.mutable_data();
  const int threads = threads_for(double(dw.cells()) * n * 4.0 * double(K), n_threads);
  run_without_gil([&](const InterruptCheck& check) {
    UnitPoller poller(check);
    parallel_blocks(std::int64_t(K) * 3, threads, check, [&](std::int64_t u, int tid) {
      const std::int64_t j = u / 3, part = u % 3;
      u64* dst = o + j * n * rows;
      const u64 p = mods[std::size_t(j)];
      if (p == 0) {
        if (part < 2) dw.run_half(power::WrapRing{}, int(part), dst, poller, tid);
        else wo[j] = dw.winning(power::WrapRing{}, poller, tid);
      } else {
        const power::ModRing r(p, 1, 1);
        if (part < 2) dm.run_half(r, int(part), dst, poller, tid);
        else wo[j] = dm.winning(r, poller, tid);
      }
    }, &poller);
    return 0;
  });
  return py::make_tuple(out, winning);
}

}  // namespace

void bind_power(py::module_& m) {
  m.def("swing_float", &swing_float, py::arg("weights"), py::arg("q"), py::arg("a"), py::arg("b"),
        py::arg("n_threads"),
        "Swing sums per player at floating ring nodes (a[k], b[k]): (nodes, n); weights sorted "
        "descending.");
  m.def("swing_exact", &swing_exact, py::arg("weights"), py::arg("q"), py::arg("sized"),
        py::arg("moduli"), py::arg("n_threads"),
        "Swing counts modulo each modulus (0 = 2^64): (moduli, n, rows), rows = n when sized.");
  m.def("mwc_float", &mwc_float, py::arg("weights"), py::arg("q"), py::arg("kind"), py::arg("a"),
        py::arg("b"), py::arg("n_threads"),
        "Minimal-winning (kind 0) or Johnston (kind 1) sums at floating nodes: (nodes, n).");
  m.def("mwc_exact", &mwc_exact, py::arg("weights"), py::arg("q"), py::arg("kind"),
        py::arg("points"), py::arg("primes"), py::arg("n_threads"),
        "Minimal-winning / Johnston polynomial coefficients modulo primes: (primes, n, points).");
  m.def("enum_power", &enum_power, py::arg("n"), py::arg("weights"), py::arg("rule_op"),
        py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"), py::arg("rule_set"),
        py::arg("by_size"), py::arg("mwc"), py::arg("johnston"), py::arg("n_threads"),
        "Power counts of any rule by enumerating a bitmap of winning coalitions (n <= 40).");
  m.def("sample_power", &sample_power, py::arg("n"), py::arg("weights"), py::arg("rule_op"),
        py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"),
        py::arg("contains_ptr"), py::arg("contains_members"), py::arg("seed"),
        py::arg("n_samples"), py::arg("kind"), py::arg("n_threads"),
        "Monte Carlo pivot (kind 0, orderings) or swing (kind 1, coalitions) counts.");
  m.def("owen_enum", &owen_enum, py::arg("n"), py::arg("weights"), py::arg("rule_op"),
        py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"), py::arg("rule_set"),
        py::arg("unions"), py::arg("n_threads"),
        "Owen-type swing counts by (other unions, own-union members) for any rule (n <= 40).");
  m.def("swing2_float", &swing2_float, py::arg("w1"), py::arg("w2"), py::arg("rule_op"),
        py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"), py::arg("a"),
        py::arg("b"), py::arg("n_threads"),
        "Swing sums of a two-criteria rule at floating nodes: (nodes, n).");
  m.def("swing2_exact", &swing2_exact, py::arg("w1"), py::arg("w2"), py::arg("rule_op"),
        py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"), py::arg("by_first"),
        py::arg("moduli"), py::arg("n_threads"),
        "Swing counts of a two-criteria rule modulo each modulus, and winning-count residues.");
  m.def("batch_power", &batch_power, py::arg("weights"), py::arg("offsets"), py::arg("quotas"),
        py::arg("kind"), py::arg("n_threads"),
        "Banzhaf (kind 0) or Shapley-Shubik (kind 1) of many weighted games: (values, counts, "
        "exact).");
}

}  // namespace foedus::bind
