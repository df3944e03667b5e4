// The compiled core of foedus: one bind_<area>() per binding file.
#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace foedus::bind {
void bind_config(py::module_& m);
void bind_coalitions(py::module_& m);
void bind_counting(py::module_& m);
void bind_game(py::module_& m);
void bind_power(py::module_& m);
void bind_structures(py::module_& m);
void bind_survival(py::module_& m);
void bind_wide(py::module_& m);
}  // namespace foedus::bind

PYBIND11_MODULE(_core, m) {
  m.doc() = "foedus compiled kernels (internal; use the foedus package)";
  foedus::bind::bind_config(m);
  foedus::bind::bind_coalitions(m);
  foedus::bind::bind_counting(m);
  foedus::bind::bind_game(m);
  foedus::bind::bind_power(m);
  foedus::bind::bind_structures(m);
  foedus::bind::bind_survival(m);
  foedus::bind::bind_wide(m);
}
