// Survival-model kernels: the fused AFT likelihood pass.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

#include "common.hpp"
#include "foedus/aft.hpp"

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

}  // namespace

void bind_survival(py::module_& m) {
  m.def("aft_derivs", &aft_derivs, py::arg("X"), py::arg("logt"), py::arg("d"), py::arg("loge"),
        py::arg("has_e"), py::arg("theta"), py::arg("dist"), py::arg("with_grad"),
        py::arg("with_hess"), py::arg("n_threads"),
        "AFT log-likelihood, gradient and Hessian in one pass: (ll, grad, hess).");
}

}  // namespace foedus::bind
