// The numpy arrays of a table's attributes, filled row by row from foedus::Attributes (shared
// by the 64-bit engine and the bitset path beyond 64 actors).
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <vector>

#include "foedus/score.hpp"

namespace foedus::bind {

namespace py = pybind11;

class AttributeArrays {
 public:
  // The mask column is made by the caller (uint64 masks or bitset rows).
  AttributeArrays(py::ssize_t m, int k, int d)
      : k_(k), d_(d), size_({m}), W_({m, py::ssize_t(k)}), winning_({m}), minimal_({m}),
        blocking_({m}), npiv_({m}), range_({m, py::ssize_t(d)}), disp_({m, py::ssize_t(d)}),
        unpl_({m, py::ssize_t(d)}), conn_({m, py::ssize_t(d)}), mcw_({m, py::ssize_t(d)}),
        med_({m, py::ssize_t(d)}), diam_({m}), cties_({m}), mties_({m}), largest_({m}),
        hhi_({m}), incl_({m}) {
    o_ = {size_.mutable_data(), W_.mutable_data(), winning_.mutable_data(),
          minimal_.mutable_data(), blocking_.mutable_data(), npiv_.mutable_data(),
          range_.mutable_data(), disp_.mutable_data(), unpl_.mutable_data(),
          conn_.mutable_data(), mcw_.mutable_data(), med_.mutable_data(), diam_.mutable_data(),
          cties_.mutable_data(), mties_.mutable_data(), largest_.mutable_data(),
          hhi_.mutable_data(), incl_.mutable_data()};
  }

  // Row r (called without the GIL: writes to preallocated buffers only).
  void write(std::int64_t r, const Attributes& a) const {
    const int k = k_, d = d_;
    o_.size[r] = a.size;
    for (int c = 0; c < k; ++c) o_.W[r * k + c] = a.W[c];
    o_.winning[r] = a.winning;
    o_.minimal[r] = a.minimal_winning;
    o_.blocking[r] = a.blocking;
    o_.npiv[r] = a.n_pivotal;
    for (int j = 0; j < d; ++j) {
      o_.range[r * d + j] = a.range[j];
      o_.disp[r * d + j] = a.dispersion[j];
      o_.unpl[r * d + j] = a.unplaced[j];
      o_.conn[r * d + j] = a.connected[j];
      o_.mcw[r * d + j] = a.mcw[j];
      o_.med[r * d + j] = a.median[j];
    }
    o_.diam[r] = a.diameter;
    o_.cties[r] = a.connected_ties;
    o_.mties[r] = a.mcw_ties;
    o_.largest[r] = a.largest_share;
    o_.hhi[r] = a.herfindahl;
    o_.incl[r] = a.includes_largest;
  }

  py::dict to_dict(const py::object& mask) const {
    py::dict out;
    out["mask"] = mask;
    out["size"] = size_;
    out["W"] = W_;
    out["winning"] = winning_;
    out["minimal_winning"] = minimal_;
    out["blocking"] = blocking_;
    out["n_pivotal"] = npiv_;
    out["range"] = range_;
    out["dispersion"] = disp_;
    out["unplaced"] = unpl_;
    out["connected"] = conn_;
    out["minimal_connected_winning"] = mcw_;
    out["includes_median"] = med_;
    out["diameter"] = diam_;
    out["connected_ties"] = cties_;
    out["minimal_connected_winning_ties"] = mties_;
    out["largest_share"] = largest_;
    out["herfindahl"] = hhi_;
    out["includes_largest"] = incl_;
    return out;
  }

 private:
  int k_, d_;
  py::array_t<std::int32_t> size_;
  py::array_t<std::int64_t> W_;
  py::array_t<bool> winning_, minimal_, blocking_;
  py::array_t<std::int32_t> npiv_;
  py::array_t<double> range_, disp_;
  py::array_t<std::int32_t> unpl_;
  py::array_t<bool> conn_, mcw_, med_;
  py::array_t<double> diam_;
  py::array_t<bool> cties_, mties_;
  py::array_t<double> largest_, hhi_;
  py::array_t<bool> incl_;
  struct Out {
    std::int32_t* size;
    std::int64_t* W;
    bool *winning, *minimal, *blocking;
    std::int32_t* npiv;
    double *range, *disp;
    std::int32_t* unpl;
    bool *conn, *mcw, *med;
    double* diam;
    bool *cties, *mties;
    double *largest, *hhi;
    bool* incl;
  } o_;
};

}  // namespace foedus::bind
