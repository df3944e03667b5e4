// Build configuration reported by foedus.show_config().
#include <pybind11/pybind11.h>

#include "foedus/enumerate.hpp"
#include "foedus/parallel.hpp"

#ifndef FOEDUS_VERSION
#define FOEDUS_VERSION "unknown"
#endif
#ifndef FOEDUS_COMPILER
#define FOEDUS_COMPILER "unknown"
#endif

namespace py = pybind11;

namespace foedus::bind {

void bind_config(py::module_& m) {
  m.def("build_info", []() {
    py::dict d;
    d["version"] = FOEDUS_VERSION;
    d["compiler"] = FOEDUS_COMPILER;
    d["openmp"] = have_openmp();
#ifdef _OPENMP
    d["openmp_version"] = int(_OPENMP);
#else
    d["openmp_version"] = py::none();
#endif
    d["max_threads"] = max_threads();
    d["cplusplus"] = long(__cplusplus);
    d["simd_clones"] = have_simd_clones();
#if defined(__AVX2__)
    d["simd"] = "avx2";
#elif defined(__SSE2__) || defined(_M_X64)
    d["simd"] = "sse2";
#else
    d["simd"] = "none";
#endif
    return d;
  });
  m.def("max_threads", &max_threads, "Threads used when n_threads is None.");
}

}  // namespace foedus::bind
