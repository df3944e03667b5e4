// Coalition structure generation: the dynamic program with the integer-partition search.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "common.hpp"
#include "foedus/csg.hpp"

namespace foedus::bind {

namespace {

py::tuple csg_solve(const carray<double>& v, double seconds, int n_threads, bool search,
                    const py::object& progress) {
  if (v.ndim() != 1) throw std::invalid_argument("values: expected a 1-D array of 2^n values");
  const auto len = std::uint64_t(v.shape(0));
  if (len < 2 || (len & (len - 1)) != 0)
    throw std::invalid_argument("values: expected 2^n values (n >= 1)");
  const int n = __builtin_ctzll(len);
  if (n > csg::kMaxDpPlayers)
    throw std::invalid_argument("values: the dynamic program takes at most 30 players");
  const int threads = n < 12 ? 1 : resolve_threads(n_threads);
  csg::Result r = run_without_gil([&](const InterruptCheck& check) {
    return csg::solve(v.data(), n, seconds, threads, check, search);
  }, progress);
  py::array_t<std::uint64_t> blocks(py::ssize_t(r.blocks.size()));
  std::copy(r.blocks.begin(), r.blocks.end(), blocks.mutable_data());
  return py::make_tuple(r.optimal, r.value, r.upper_bound, blocks, py::int_(r.evaluated),
                        py::int_(r.search_work), r.dp_size);
}

}  // namespace

void bind_structures(py::module_& m) {
  m.def("csg_solve", &csg_solve, py::arg("v"), py::arg("seconds"), py::arg("n_threads"),
        py::arg("search") = true, py::arg("progress") = py::none(),
        "Optimal coalition structure (DP interleaved with branch and bound): (optimal, value, "
        "upper bound, blocks, splits evaluated, search work, largest DP size).");
}

}  // namespace foedus::bind
