// Survival-model kernels: the fused AFT likelihood pass and the Cox partial likelihood.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

#include "common.hpp"
#include "foedus/aft.hpp"
#include "foedus/cox.hpp"

namespace foedus::bind {

namespace {

py::tuple aft_derivs(const carray<double>& X, const carray<double>& logt, const carray<double>& d,
                     const carray<double>& loge, const carray<std::uint8_t>& has_e,
                     const carray<double>& theta, int dist, bool with_grad, bool with_hess,
                     int n_threads) {
  if (X.ndim() != 2) throw std::invalid_argument("X: expected an (n, k) array");
  const py::ssize_t n = X.shape(0), k = X.shape(1);
  require_shape(logt, {n}, "logt");
  require_shape(d, {n}, "d");
  require_shape(loge, {n}, "loge");
  require_shape(has_e, {n}, "has_e");
  if (dist < 0 || dist > 3) throw std::invalid_argument("dist: unknown distribution");
  const py::ssize_t p = k + (dist != 0 ? 1 : 0);
  require_shape(theta, {p}, "theta");
  const int threads = n < 20000 ? 1 : resolve_threads(n_threads);
  aft::Result r = run_without_gil([&](const InterruptCheck& check) {
    return aft::derivs(X.data(), n, int(k), logt.data(), d.data(), loge.data(), has_e.data(),
                       theta.data(), dist, with_grad, with_hess, threads, check);
  });
  py::array_t<double> g(p), h({p, p});
  std::copy(r.grad.begin(), r.grad.end(), g.mutable_data());
  std::copy(r.hess.begin(), r.hess.end(), h.mutable_data());
  return py::make_tuple(r.ll, g, h);
}

template <class T>
py::array_t<double> as_array(const std::vector<T>& v, py::ssize_t rows, py::ssize_t cols) {
  py::array_t<double> a = cols < 0 ? py::array_t<double>(rows) : py::array_t<double>({rows, cols});
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::tuple cox_derivs(const carray<double>& X, const carray<double>& exit,
                     const carray<std::uint8_t>& event, const py::object& entry,
                     const py::object& entry_order, const carray<std::int64_t>& strata,
                     const carray<double>& beta, bool efron, bool second, bool per_time,
                     int n_threads) {
  if (X.ndim() != 2) throw std::invalid_argument("X: expected an (n, k) array");
  const py::ssize_t n = X.shape(0), k = X.shape(1);
  require_shape(exit, {n}, "exit");
  require_shape(event, {n}, "event");
  require_shape(beta, {k}, "beta");
  if (strata.ndim() != 1 || strata.shape(0) < 2 || strata.data()[0] != 0 ||
      strata.data()[strata.shape(0) - 1] != n)
    throw std::invalid_argument("strata: expected offsets from 0 to n");
  for (py::ssize_t s = 0; s + 1 < strata.shape(0); ++s)
    if (strata.data()[s] > strata.data()[s + 1])
      throw std::invalid_argument("strata: offsets must not decrease");
  for (py::ssize_t s = 0; s + 1 < strata.shape(0); ++s)
    for (auto i = strata.data()[s] + 1; i < strata.data()[s + 1]; ++i)
      if (!(exit.data()[i] <= exit.data()[i - 1]))
        throw std::invalid_argument("exit: must be sorted descending inside each stratum");
  carray<double> e;
  carray<std::int64_t> eo;
  cox::Data D;
  if (!entry.is_none()) {
    e = carray<double>::ensure(entry);
    eo = carray<std::int64_t>::ensure(entry_order);
    if (!e || !eo) throw std::invalid_argument("entry: expected float entry times and an order");
    require_shape(e, {n}, "entry");
    require_shape(eo, {n}, "entry_order");
    for (py::ssize_t i = 0; i < n; ++i)
      if (eo.data()[i] < 0 || eo.data()[i] >= n)
        throw std::invalid_argument("entry_order: row index out of range");
    D.entry = e.data();
    D.entry_order = eo.data();
  }
  D.X = X.data();
  D.n = n;
  D.k = int(k);
  D.exit = exit.data();
  D.event = event.data();
  D.strata = strata.data();
  D.n_strata = strata.shape(0) - 1;
  D.efron = efron;
  const int threads = n < 20000 ? 1 : resolve_threads(n_threads);
  cox::Result r = run_without_gil([&](const InterruptCheck& check) {
    return cox::partial_likelihood(D, beta.data(), second, per_time, threads, check);
  });
  py::object times = py::none();
  if (per_time) {
    const auto m = py::ssize_t(r.times.size());
    py::dict d;
    d["times"] = as_array(r.times, m, -1);
    d["n_events"] = as_array(r.n_events, m, -1);
    d["s0"] = as_array(r.s0, m, -1);
    d["d0"] = as_array(r.d0, m, -1);
    d["s1"] = as_array(r.s1, m, k);
    d["d1"] = as_array(r.d1, m, k);
    d["shift"] = as_array(r.shift, m, -1);
    d["recomputed"] = r.recomputed;
    times = d;
  }
  return py::make_tuple(r.ll, as_array(r.grad, k, -1), as_array(r.hess, k, k), times);
}

}  // namespace

void bind_survival(py::module_& m) {
  m.def("aft_derivs", &aft_derivs, py::arg("X"), py::arg("logt"), py::arg("d"), py::arg("loge"),
        py::arg("has_e"), py::arg("theta"), py::arg("dist"), py::arg("with_grad"),
        py::arg("with_hess"), py::arg("n_threads"),
        "AFT log-likelihood, gradient and Hessian in one pass: (ll, grad, hess).");
  m.def("cox_derivs", &cox_derivs, py::arg("X"), py::arg("exit"), py::arg("event"),
        py::arg("entry"), py::arg("entry_order"), py::arg("strata"), py::arg("beta"),
        py::arg("efron"), py::arg("second"), py::arg("per_time"), py::arg("n_threads"),
        "Cox partial log-likelihood, gradient and Hessian in one pass: (ll, grad, hess, "
        "per-time sums or None). Rows sorted by exit time, descending, inside each stratum.");
}

}  // namespace foedus::bind
