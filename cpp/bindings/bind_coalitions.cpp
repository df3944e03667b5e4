// Bindings of the coalition enumeration engine.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <limits>

#include "attribute_arrays.hpp"
#include "common.hpp"
#include "kernel_args.hpp"
#include "foedus/enumerate.hpp"

namespace foedus::bind {

namespace {

std::unique_ptr<Engine> make_engine(
    int n, const carray<std::int64_t>& weights, const carray<double>& scale,
    const carray<std::int32_t>& rule_op, const carray<std::int32_t>& rule_crit,
    const carray<std::int32_t>& rule_nchild, const carray<std::int64_t>& rule_q,
    const carray<std::uint64_t>& rule_set, const carray<double>& positions,
    const py::object& adjacency, int weight_crit, int winning, bool minimal, int blocking,
    int connected, int min_size, int max_size, std::uint64_t include, std::uint64_t exclude,
    const carray<std::int32_t>& score_code, const carray<std::int32_t>& score_param,
    const carray<double>& score_q, const carray<double>& score_coef) {
  if (n < 1 || n > 64)
    throw std::invalid_argument("actors: the exhaustive kernel takes 1 to 64 actors, got " +
                                std::to_string(n));
  require_shape(weights, {-1, n}, "weights");
  const int k = int(weights.shape(0));
  require_shape(scale, {k}, "scale");
  std::vector<RuleNode> rule = rule_nodes(rule_op, rule_crit, rule_nchild, rule_q);
  const py::ssize_t nr = py::ssize_t(rule.size());
  require_shape(rule_set, {nr}, "rule");
  require_shape(positions, {-1, n}, "positions");
  ProblemSpec spec;
  spec.n = n;
  spec.k = k;
  spec.weights.assign(weights.data(), weights.data() + weights.size());
  spec.scale.assign(scale.data(), scale.data() + scale.size());
  for (py::ssize_t i = 0; i < nr; ++i) rule[std::size_t(i)].set = rule_set.data()[i];
  spec.rule = std::move(rule);
  spec.d = int(positions.shape(0));
  spec.positions.assign(positions.data(), positions.data() + positions.size());
  if (!adjacency.is_none()) {
    auto adj = adjacency.cast<carray<std::uint64_t>>();
    require_shape(adj, {n}, "ties");
    spec.has_ties = true;
    spec.adjacency.assign(adj.data(), adj.data() + n);
  }
  spec.weight_crit = weight_crit;
  Filter f;
  f.winning = winning;
  f.minimal = minimal;
  f.blocking = blocking;
  f.connected = connected;
  f.min_size = min_size;
  f.max_size = max_size;
  f.include = include;
  f.exclude = exclude;
  return std::make_unique<Engine>(std::move(spec), f,
                                  score_terms(score_code, score_param, score_q, score_coef));
}

py::dict attributes(const Engine& e, const carray<std::uint64_t>& masks, bool with_diameter,
                    int n_threads) {
  const auto& P = e.prepared();
  const py::ssize_t m = masks.size();
  const std::uint64_t* in = masks.data();
  for (py::ssize_t r = 0; r < m; ++r)
    if (in[r] == 0 || (in[r] & ~P.all))
      throw std::invalid_argument("masks: coalition mask out of range or empty");
  py::array_t<std::uint64_t> mask(m);
  if (m) std::memcpy(mask.mutable_data(), in, std::size_t(m) * sizeof(std::uint64_t));
  AttributeArrays out(m, P.k, P.d);
  run_without_gil([&](const InterruptCheck& check) {
    e.attributes(in, m, with_diameter, n_threads, check,
                 [&](std::int64_t r, const Attributes& a) { out.write(r, a); });
    return 0;
  });
  return out.to_dict(mask);
}

}  // namespace

void bind_coalitions(py::module_& m) {
  py::class_<Engine>(m, "Engine",
                     "Prepared enumeration problem: actors, rule, filters and score (internal).")
      .def(py::init(&make_engine), py::arg("n"), py::arg("weights"), py::arg("scale"),
           py::arg("rule_op"), py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"),
           py::arg("rule_set"), py::arg("positions"), py::arg("adjacency"),
           py::arg("weight_crit"), py::arg("winning"), py::arg("minimal"), py::arg("blocking"),
           py::arg("connected"), py::arg("min_size"), py::arg("max_size"), py::arg("include"),
           py::arg("exclude"), py::arg("score_code"), py::arg("score_param"),
           py::arg("score_q"), py::arg("score_coef"))
      .def_property_readonly("n_blocks", &Engine::n_blocks)
      .def_property_readonly("block_size", &Engine::block_size)
      .def_property_readonly("fast_path", &Engine::fast_path)
      .def("count",
           [](const Engine& e, int n_threads, std::int64_t b0, std::int64_t b1,
              const py::object& progress) {
             U128 c = run_without_gil(
                 [&](const InterruptCheck& check) { return e.count(n_threads, check, b0, b1); },
                 progress);
             return pyint_128(c.hi, c.lo);
           },
           py::arg("n_threads"), py::arg("block_lo") = 0, py::arg("block_hi") = -1,
           py::arg("progress") = py::none())
      .def("collect",
           [](const Engine& e, std::int64_t b0, std::int64_t b1, int n_threads,
              const py::object& progress) {
             std::vector<mask_t> v = run_without_gil(
                 [&](const InterruptCheck& check) { return e.collect(b0, b1, n_threads, check); },
                 progress);
             py::array_t<std::uint64_t> a(py::ssize_t(v.size()));
             if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(mask_t));
             return a;
           },
           py::arg("block_lo"), py::arg("block_hi"), py::arg("n_threads"),
           py::arg("progress") = py::none())
      .def("top_k",
           [](const Engine& e, std::size_t k, int n_threads, std::int64_t b0, std::int64_t b1,
              const py::object& progress) {
             std::vector<Scored> v = run_without_gil(
                 [&](const InterruptCheck& check) {
                   return e.top_k(k, n_threads, check, b0, b1);
                 },
                 progress);
             py::array_t<std::uint64_t> masks(py::ssize_t(v.size()));
             py::array_t<double> scores(py::ssize_t(v.size()));
             for (std::size_t i = 0; i < v.size(); ++i) {
               masks.mutable_data()[i] = v[i].mask;
               scores.mutable_data()[i] = v[i].score;
             }
             return py::make_tuple(masks, scores);
           },
           py::arg("k"), py::arg("n_threads"), py::arg("block_lo") = 0, py::arg("block_hi") = -1,
           py::arg("progress") = py::none())
      .def("scores",
           [](const Engine& e, const carray<std::uint64_t>& masks, int n_threads) {
             const auto& P = e.prepared();
             const py::ssize_t m = masks.size();
             for (py::ssize_t r = 0; r < m; ++r)
               if (masks.data()[r] == 0 || (masks.data()[r] & ~P.all))
                 throw std::invalid_argument("masks: coalition mask out of range or empty");
             py::array_t<double> a(m);
             double* out = a.mutable_data();
             run_without_gil([&](const InterruptCheck& check) {
               e.scores_of(masks.data(), m, out, n_threads, check);
               return 0;
             });
             return a;
           },
           py::arg("masks"), py::arg("n_threads"))
      .def("attributes", &attributes, py::arg("masks"), py::arg("with_diameter"),
           py::arg("n_threads"));
}

}  // namespace foedus::bind
