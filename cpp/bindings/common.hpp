// Helpers shared by the binding files: array checks and running kernels without the GIL.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "foedus/parallel.hpp"

namespace foedus::bind {

namespace py = pybind11;

template <class T>
using carray = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
void require_shape(const carray<T>& a, std::initializer_list<py::ssize_t> shape, const char* name) {
  if (a.ndim() != py::ssize_t(shape.size()))
    throw std::invalid_argument(std::string(name) + ": expected " + std::to_string(shape.size()) +
                                " dimensions, got " + std::to_string(a.ndim()));
  py::ssize_t i = 0;
  for (auto s : shape) {
    if (s >= 0 && a.shape(i) != s)
      throw std::invalid_argument(std::string(name) + ": expected length " + std::to_string(s) +
                                  " on axis " + std::to_string(i) + ", got " +
                                  std::to_string(a.shape(i)));
    ++i;
  }
}

// A 128-bit count (high and low words) as a Python int.
inline py::int_ pyint_128(std::uint64_t hi, std::uint64_t lo) {
  py::int_ h(hi), l(lo);
  return py::int_(h.attr("__lshift__")(64).attr("__or__")(l));
}

// Runs f(check) with the GIL released. `check` re-acquires the GIL briefly to run Python's
// signal handlers; if one raises (Ctrl-C -> KeyboardInterrupt), the kernel stops and the
// Python exception is re-raised here. With a `progress` callable (not None), `check` also
// calls progress(fraction) whenever the kernel's recorded fraction of work done has grown
// (see ProgressSink); an exception raised by the callable stops the kernel like Ctrl-C.
template <class F>
auto run_without_gil(F&& f, const py::object& progress = py::none())
    -> decltype(f(std::declval<const InterruptCheck&>())) {
  bool python_error = false;
  ProgressSink sink;
  double shown = -1.0;
  const bool with_progress = !progress.is_none();
  // Python runs signal handlers on its main thread only (PyErr_CheckSignals does nothing
  // elsewhere): off the main thread (a Dask worker's task, a user's thread pool) the check
  // has nothing to do without a progress callable, and skips taking the GIL, for which it
  // would otherwise wait behind the process's other Python threads.
  const bool main_thread =
      PyThread_get_thread_ident() ==
      py::module_::import("threading").attr("main_thread")().attr("ident").cast<unsigned long>();
  InterruptCheck check = [&]() {
    if (!main_thread && !with_progress) return false;
    py::gil_scoped_acquire acquire;
    if (PyErr_CheckSignals() != 0) {
      python_error = true;
      return true;
    }
    if (with_progress && sink.fraction > shown) {
      shown = sink.fraction;
      try {
        progress(shown);
      } catch (py::error_already_set& e) {
        e.restore();
        python_error = true;
        return true;
      }
    }
    return false;
  };
  struct SinkGuard {
    ProgressSink* saved;
    explicit SinkGuard(ProgressSink* s) : saved(progress_sink()) { progress_sink() = s; }
    ~SinkGuard() { progress_sink() = saved; }
  } guard(with_progress ? &sink : nullptr);
  try {
    py::gil_scoped_release release;
    return f(check);
  } catch (const Interrupted&) {
    if (python_error) throw py::error_already_set();
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
}

}  // namespace foedus::bind
