// TU-game kernels: semivalue and interaction sums, Harsanyi dividends, superadditivity,
// graph-restricted games, and the 0/1 table of a voting rule.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <string>
#include <vector>

#include "common.hpp"
#include "foedus/game.hpp"
#include "kernel_args.hpp"

namespace foedus::bind {

namespace {

int players_of(const carray<double>& v) {
  if (v.ndim() != 1) throw std::invalid_argument("values: expected a 1-D array of 2^n values");
  const auto len = std::uint64_t(v.shape(0));
  if (len < 2 || (len & (len - 1)) != 0)
    throw std::invalid_argument("values: expected 2^n values (n >= 1), got " +
                                std::to_string(len));
  const int n = __builtin_ctzll(len);
  if (n > game::kMaxGamePlayers)
    throw std::invalid_argument("values: at most 2^34 values");
  return n;
}

int game_threads(int n, int n_threads) {
  return std::ldexp(double(n), n) < 2e5 ? 1 : resolve_threads(n_threads);
}

py::tuple game_bit_sums(const carray<double>& v, const carray<double>& alpha,
                        const carray<double>& beta, bool pairs, int n_threads) {
  const int n = players_of(v);
  require_shape(alpha, {n + 1}, "alpha");
  require_shape(beta, {n + 1}, "beta");
  const int threads = game_threads(n, n_threads);
  game::BitSums r = run_without_gil([&](const InterruptCheck& check) {
    return game::bit_sums(v.data(), n, alpha.data(), beta.data(), pairs, threads, check);
  });
  py::array_t<double> singles(n);
  std::copy(r.singles.begin(), r.singles.end(), singles.mutable_data());
  py::object P = py::none();
  if (pairs) {
    py::array_t<double> a({py::ssize_t(n), py::ssize_t(n)});
    std::copy(r.pairs.begin(), r.pairs.end(), a.mutable_data());
    P = a;
  }
  return py::make_tuple(singles, r.total, P);
}

py::array_t<double> game_moebius(const carray<double>& v, bool inverse, int n_threads) {
  const int n = players_of(v);
  py::array_t<double> out(v.shape(0));
  std::copy(v.data(), v.data() + v.shape(0), out.mutable_data());
  double* o = out.mutable_data();
  const int threads = game_threads(n, n_threads);
  run_without_gil([&](const InterruptCheck& check) {
    game::moebius(o, n, inverse, threads, check);
    return 0;
  });
  return out;
}

py::tuple game_superadditive(const carray<double>& v, double tol, int n_threads) {
  const int n = players_of(v);
  const int threads = std::pow(3.0, n) < 2e5 ? 1 : resolve_threads(n_threads);
  auto r = run_without_gil([&](const InterruptCheck& check) {
    return game::superadditive_violation(v.data(), n, tol, threads, check);
  });
  return py::make_tuple(r.first, r.second);
}

py::array_t<double> game_graph_restricted(const carray<double>& v,
                                          const carray<std::uint64_t>& adjacent, int n_threads) {
  const int n = players_of(v);
  require_shape(adjacent, {n}, "adjacent");
  for (int i = 0; i < n; ++i)
    if (adjacent.data()[i] >> n)
      throw std::invalid_argument("adjacent: a neighbour outside the players");
  py::array_t<double> out(v.shape(0));
  double* o = out.mutable_data();
  const int threads = game_threads(n, n_threads);
  run_without_gil([&](const InterruptCheck& check) {
    game::graph_restricted(v.data(), n, adjacent.data(), o, threads, check);
    return 0;
  });
  return out;
}

// 1.0 where the rule wins, 0.0 elsewhere, for all 2^n coalitions (from the enumeration bitmap).
py::array_t<double> rule_table(int n, const carray<std::int64_t>& weights,
                               const carray<std::int32_t>& rule_op,
                               const carray<std::int32_t>& rule_crit,
                               const carray<std::int32_t>& rule_nchild,
                               const carray<std::int64_t>& rule_q,
                               const carray<std::uint64_t>& rule_set, int n_threads) {
  if (n < 1 || n > game::kMaxGamePlayers)
    throw std::invalid_argument("n: a rule's table needs 1 <= n <= 34");
  const power::EnumPowerSpec spec =
      enum_spec(n, weights, rule_op, rule_crit, rule_nchild, rule_q, rule_set);
  const std::int64_t total = std::int64_t(1) << n;
  py::array_t<double> out(total);
  double* o = out.mutable_data();
  const int threads = game_threads(n, n_threads);
  run_without_gil([&](const InterruptCheck& check) {
    power::EnumPower e(spec);
    const std::vector<std::uint64_t> win = e.bitmap(threads, check);
    const std::int64_t nb = (total + 65535) / 65536;
    parallel_blocks(nb, threads, check, [&](std::int64_t b, int) {
      const std::int64_t s1 = std::min(total, (b + 1) * 65536);
      for (std::int64_t S = b * 65536; S < s1; ++S)
        o[S] = double((win[std::size_t(S >> 6)] >> (S & 63)) & 1);
    });
    return 0;
  });
  return out;
}

}  // namespace

void bind_game(py::module_& m) {
  m.def("game_bit_sums", &game_bit_sums, py::arg("v"), py::arg("alpha"), py::arg("beta"),
        py::arg("pairs"), py::arg("n_threads"),
        "For c(S) = alpha[|S|] v(S): sums over S containing i (and i, j), and the total of "
        "beta[|S|] v(S): (singles, total, pairs or None).");
  m.def("game_moebius", &game_moebius, py::arg("v"), py::arg("inverse"), py::arg("n_threads"),
        "Harsanyi dividends of v (inverse: the game of the dividends), as a new array.");
  m.def("game_superadditive", &game_superadditive, py::arg("v"), py::arg("tol"),
        py::arg("n_threads"),
        "The smallest coalition violating superadditivity and its split, or (-1, -1).");
  m.def("game_graph_restricted", &game_graph_restricted, py::arg("v"), py::arg("adjacent"),
        py::arg("n_threads"), "Myerson's graph-restricted game (adjacency masks).");
  m.def("rule_table", &rule_table, py::arg("n"), py::arg("weights"), py::arg("rule_op"),
        py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"), py::arg("rule_set"),
        py::arg("n_threads"), "1.0 for winning and 0.0 for losing coalitions, by mask.");
}

}  // namespace foedus::bind
