// Counting by dynamic programming over weights (residues; Python recombines them).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

#include "common.hpp"
#include "foedus/dp_count.hpp"

namespace foedus::bind {

namespace {

template <class T>
std::vector<T> to_vector(const carray<T>& a, const char* name) {
  if (a.ndim() != 1) throw std::invalid_argument(std::string(name) + ": expected a 1-D array");
  return std::vector<T>(a.data(), a.data() + a.shape(0));
}

}  // namespace

void bind_counting(py::module_& m) {
  m.def(
      "dp_count",
      [](const carray<std::int64_t>& weights, std::int64_t H, int rows,
         const carray<std::int64_t>& lo, const carray<std::int64_t>& hi,
         const carray<std::int64_t>& thresholds, const carray<std::uint64_t>& primes,
         int n_threads) {
        DpCountSpec spec;
        spec.weights = to_vector(weights, "weights");
        spec.H = H;
        spec.rows = rows;
        spec.lo = to_vector(lo, "lo");
        spec.hi = to_vector(hi, "hi");
        spec.thresholds = to_vector(thresholds, "thresholds");
        spec.primes = to_vector(primes, "primes");
        const int threads = resolve_threads(n_threads);
        std::vector<std::uint64_t> res = run_without_gil(
            [&](const InterruptCheck& check) { return dp_count(spec, threads, check); });
        py::array_t<std::uint64_t> out({py::ssize_t(spec.thresholds.size() + 1),
                                        py::ssize_t(spec.primes.size()), py::ssize_t(rows)});
        std::copy(res.begin(), res.end(), out.mutable_data());
        return out;
      },
      py::arg("weights"), py::arg("H"), py::arg("rows"), py::arg("lo"), py::arg("hi"),
      py::arg("thresholds"), py::arg("primes"), py::arg("n_threads"),
      "Residues of weight-DP counts: (thresholds + 1, primes, rows); see dp_count.hpp.");
}

}  // namespace foedus::bind
