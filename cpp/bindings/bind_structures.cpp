// Coalition structure generation: the dynamic program over all coalitions.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "common.hpp"
#include "foedus/csg.hpp"

namespace foedus::bind {

namespace {

py::tuple csg_dp(const carray<double>& v, double seconds, int n_threads) {
  if (v.ndim() != 1) throw std::invalid_argument("values: expected a 1-D array of 2^n values");
  const auto len = std::uint64_t(v.shape(0));
  if (len < 2 || (len & (len - 1)) != 0)
    throw std::invalid_argument("values: expected 2^n values (n >= 1)");
  const int n = __builtin_ctzll(len);
  if (n > csg::kMaxDpPlayers)
    throw std::invalid_argument("values: the dynamic program takes at most 30 players");
  const int threads = n < 12 ? 1 : resolve_threads(n_threads);
  csg::DpResult r = run_without_gil([&](const InterruptCheck& check) {
    return csg::solve_dp(v.data(), n, seconds, threads, check);
  });
  py::array_t<std::uint64_t> blocks(py::ssize_t(r.blocks.size()));
  std::copy(r.blocks.begin(), r.blocks.end(), blocks.mutable_data());
  return py::make_tuple(r.finished, r.value, blocks, py::int_(r.evaluated));
}

}  // namespace

void bind_structures(py::module_& m) {
  m.def("csg_dp", &csg_dp, py::arg("v"), py::arg("seconds"), py::arg("n_threads"),
        "Optimal coalition structure by dynamic programming: (finished, value, blocks, "
        "splits evaluated).");
}

}  // namespace foedus::bind
