// Bindings of the bitset path beyond 64 actors.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "attribute_arrays.hpp"
#include "common.hpp"
#include "kernel_args.hpp"
#include "foedus/mwc.hpp"
#include "foedus/sized.hpp"
#include "foedus/wide.hpp"

namespace foedus::bind {

namespace {

WideSpec wide_spec(
    int n, const carray<std::int64_t>& weights, const carray<double>& scale,
    const carray<std::int32_t>& rule_op, const carray<std::int32_t>& rule_crit,
    const carray<std::int32_t>& rule_nchild, const carray<std::int64_t>& rule_q,
    const carray<std::uint64_t>& rule_sets, const carray<double>& positions,
    const py::object& adjacency, int weight_crit) {
  if (n < 1) throw std::invalid_argument("actors: at least one actor");
  const int words = words_for(n);
  require_shape(weights, {-1, n}, "weights");
  const py::ssize_t k = weights.shape(0);
  require_shape(scale, {k}, "scale");
  require_shape(rule_sets, {rule_op.size(), words}, "rule_sets");
  require_shape(positions, {-1, n}, "positions");
  WideSpec spec;
  spec.n = n;
  spec.k = int(k);
  spec.d = int(positions.shape(0));
  spec.weights.assign(weights.data(), weights.data() + weights.size());
  spec.scale.assign(scale.data(), scale.data() + scale.size());
  spec.rule = rule_nodes(rule_op, rule_crit, rule_nchild, rule_q);
  spec.rule_sets.assign(rule_sets.data(), rule_sets.data() + rule_sets.size());
  spec.positions.assign(positions.data(), positions.data() + positions.size());
  if (!adjacency.is_none()) {
    auto adj = adjacency.cast<carray<std::uint64_t>>();
    require_shape(adj, {n, words}, "adjacency");
    spec.has_ties = true;
    spec.adjacency.assign(adj.data(), adj.data() + adj.size());
  }
  spec.weight_crit = weight_crit;
  return spec;
}

std::unique_ptr<WidePrepared> make_wide(
    int n, const carray<std::int64_t>& weights, const carray<double>& scale,
    const carray<std::int32_t>& rule_op, const carray<std::int32_t>& rule_crit,
    const carray<std::int32_t>& rule_nchild, const carray<std::int64_t>& rule_q,
    const carray<std::uint64_t>& rule_sets, const carray<double>& positions,
    const py::object& adjacency, int weight_crit) {
  return std::make_unique<WidePrepared>(wide_spec(n, weights, scale, rule_op, rule_crit,
                                                  rule_nchild, rule_q, rule_sets, positions,
                                                  adjacency, weight_crit));
}

std::unique_ptr<SizedEnum> make_sized(
    int n, const carray<std::int64_t>& weights, const carray<double>& scale,
    const carray<std::int32_t>& rule_op, const carray<std::int32_t>& rule_crit,
    const carray<std::int32_t>& rule_nchild, const carray<std::int64_t>& rule_q,
    const carray<std::uint64_t>& rule_sets, const carray<double>& positions,
    const py::object& adjacency, int weight_crit, int winning, bool minimal, int blocking,
    int connected, int min_size, int max_size, const carray<std::uint64_t>& include,
    const carray<std::uint64_t>& exclude, const carray<std::int32_t>& score_code,
    const carray<std::int32_t>& score_param, const carray<double>& score_q,
    const carray<double>& score_coef) {
  WideSpec spec = wide_spec(n, weights, scale, rule_op, rule_crit, rule_nchild, rule_q,
                            rule_sets, positions, adjacency, weight_crit);
  const int words = words_for(n);
  require_shape(include, {words}, "include");
  require_shape(exclude, {words}, "exclude");
  WideFilter f;
  f.winning = winning;
  f.minimal = minimal;
  f.blocking = blocking;
  f.connected = connected;
  f.min_size = min_size;
  f.max_size = max_size;
  f.include.assign(include.data(), include.data() + words);
  f.exclude.assign(exclude.data(), exclude.data() + words);
  return std::make_unique<SizedEnum>(std::move(spec), std::move(f),
                                     score_terms(score_code, score_param, score_q, score_coef));
}

py::array_t<std::uint64_t> bitset_array(const std::vector<std::uint64_t>& v, int words) {
  const py::ssize_t m = py::ssize_t(v.size()) / words;
  py::array_t<std::uint64_t> a({m, py::ssize_t(words)});
  if (m) std::memcpy(a.mutable_data(), v.data(), v.size() * 8);
  return a;
}

void check_bitsets(const WidePrepared& P, const carray<std::uint64_t>& masks) {
  require_shape(masks, {-1, P.words}, "masks");
  const std::uint64_t last = (P.n % 64) ? (std::uint64_t(1) << (P.n % 64)) - 1 : ~std::uint64_t(0);
  for (py::ssize_t r = 0; r < masks.shape(0); ++r) {
    const std::uint64_t* row = masks.data() + r * P.words;
    std::uint64_t any = 0;
    for (int w = 0; w < P.words; ++w) any |= row[w];
    if (any == 0 || (row[P.words - 1] & ~last))
      throw std::invalid_argument("masks: coalition bitset empty or with bits beyond the actors");
  }
}

py::dict wide_attributes_binding(const WidePrepared& P, const carray<std::uint64_t>& masks,
                                 bool with_diameter, int n_threads) {
  check_bitsets(P, masks);
  const py::ssize_t m = masks.shape(0);
  py::array_t<std::uint64_t> copy({m, py::ssize_t(P.words)});
  if (m) std::memcpy(copy.mutable_data(), masks.data(), std::size_t(masks.size()) * 8);
  AttributeArrays out(m, P.k, P.d);
  run_without_gil([&](const InterruptCheck& check) {
    wide_attributes_of(P, masks.data(), m, with_diameter, n_threads, check,
                       [&](std::int64_t r, const Attributes& a) { out.write(r, a); });
    return 0;
  });
  return out.to_dict(copy);
}

py::tuple minimal_winning(int n, const carray<std::int64_t>& leaf_weights,
                          const carray<std::int64_t>& quotas, int max_size,
                          std::int64_t max_results, std::int64_t max_bytes, int n_threads) {
  require_shape(leaf_weights, {-1, n}, "leaf_weights");
  require_shape(quotas, {leaf_weights.shape(0)}, "quotas");
  MwcProblem p;
  p.n = n;
  p.leaves = int(leaf_weights.shape(0));
  p.w.assign(leaf_weights.data(), leaf_weights.data() + leaf_weights.size());
  p.q.assign(quotas.data(), quotas.data() + quotas.size());
  p.max_size = max_size;
  p.max_results = max_results;
  p.max_bytes = max_bytes;
  MwcSearch search(std::move(p));
  MwcResult r = run_without_gil(
      [&](const InterruptCheck& check) { return search.run(n_threads, check); });
  const py::ssize_t words = search.words();
  const py::ssize_t m = py::ssize_t(r.keys.size());
  py::array_t<std::uint64_t> sets({m, words});
  std::uint64_t* dst = sets.mutable_data();
  run_without_gil([&](const InterruptCheck& check) {
    std::fill(dst, dst + m * words, std::uint64_t(0));
    search.write_bitsets(r, dst, n_threads, check);
    return 0;
  });
  return py::make_tuple(sets, r.found, r.exceeded, r.out_of_memory);
}

}  // namespace

void bind_wide(py::module_& m) {
  m.def("minimal_winning", &minimal_winning, py::arg("n"), py::arg("leaf_weights"),
        py::arg("quotas"), py::arg("max_size"), py::arg("max_results"), py::arg("max_bytes"),
        py::arg("n_threads"),
        "Minimal winning coalitions of an AND of quotas by branch and bound: (sets, found, "
        "exceeded, out_of_memory); see mwc.hpp.");
  py::class_<WidePrepared>(m, "WideEngine",
                           "Actors and rule prepared for bitset coalitions of any size "
                           "(internal).")
      .def(py::init(&make_wide), py::arg("n"), py::arg("weights"), py::arg("scale"),
           py::arg("rule_op"), py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"),
           py::arg("rule_sets"), py::arg("positions"), py::arg("adjacency"),
           py::arg("weight_crit"))
      .def_readonly("words", &WidePrepared::words)
      .def("attributes", &wide_attributes_binding, py::arg("masks"), py::arg("with_diameter"),
           py::arg("n_threads"));
  py::class_<SizedEnum>(m, "SizedEngine",
                        "Size-bounded enumeration over bitset coalitions (internal).")
      .def(py::init(&make_sized), py::arg("n"), py::arg("weights"), py::arg("scale"),
           py::arg("rule_op"), py::arg("rule_crit"), py::arg("rule_nchild"), py::arg("rule_q"),
           py::arg("rule_sets"), py::arg("positions"), py::arg("adjacency"),
           py::arg("weight_crit"), py::arg("winning"), py::arg("minimal"), py::arg("blocking"),
           py::arg("connected"), py::arg("min_size"), py::arg("max_size"), py::arg("include"),
           py::arg("exclude"), py::arg("score_code"), py::arg("score_param"),
           py::arg("score_q"), py::arg("score_coef"))
      .def_property_readonly("n_blocks", &SizedEnum::n_blocks)
      .def_property_readonly("block_size", &SizedEnum::block_size)
      .def("count",
           [](const SizedEnum& e, int n_threads, std::int64_t b0, std::int64_t b1,
              const py::object& progress) {
             const u128 c = run_without_gil(
                 [&](const InterruptCheck& check) { return e.count(n_threads, check, b0, b1); },
                 progress);
             return pyint_128(std::uint64_t(c >> 64), std::uint64_t(c));
           },
           py::arg("n_threads"), py::arg("block_lo") = 0, py::arg("block_hi") = -1,
           py::arg("progress") = py::none())
      .def("collect",
           [](const SizedEnum& e, std::int64_t b0, std::int64_t b1, int n_threads,
              const py::object& progress) {
             std::vector<std::uint64_t> v = run_without_gil(
                 [&](const InterruptCheck& check) { return e.collect(b0, b1, n_threads, check); },
                 progress);
             return bitset_array(v, e.prepared().words);
           },
           py::arg("block_lo"), py::arg("block_hi"), py::arg("n_threads"),
           py::arg("progress") = py::none())
      .def("top_k",
           [](const SizedEnum& e, std::size_t k, int n_threads, std::int64_t b0, std::int64_t b1,
              const py::object& progress) {
             std::vector<WideScored> v = run_without_gil(
                 [&](const InterruptCheck& check) {
                   return e.top_k(k, n_threads, check, b0, b1);
                 },
                 progress);
             const int words = e.prepared().words;
             std::vector<std::uint64_t> flat;
             py::array_t<double> scores(py::ssize_t(v.size()));
             for (std::size_t i = 0; i < v.size(); ++i) {
               flat.insert(flat.end(), v[i].mask.begin(), v[i].mask.end());
               scores.mutable_data()[i] = v[i].score;
             }
             return py::make_tuple(bitset_array(flat, words), scores);
           },
           py::arg("k"), py::arg("n_threads"), py::arg("block_lo") = 0, py::arg("block_hi") = -1,
           py::arg("progress") = py::none())
      .def("scores",
           [](const SizedEnum& e, const carray<std::uint64_t>& masks, int n_threads) {
             check_bitsets(e.prepared(), masks);
             const py::ssize_t m = masks.shape(0);
             py::array_t<double> a(m);
             double* out = a.mutable_data();
             run_without_gil([&](const InterruptCheck& check) {
               e.scores_of(masks.data(), m, out, n_threads, check);
               return 0;
             });
             return a;
           },
           py::arg("masks"), py::arg("n_threads"))
      .def("attributes",
           [](const SizedEnum& e, const carray<std::uint64_t>& masks, bool with_diameter,
              int n_threads) {
             return wide_attributes_binding(e.prepared(), masks, with_diameter, n_threads);
           },
           py::arg("masks"), py::arg("with_diameter"), py::arg("n_threads"));
}

}  // namespace foedus::bind
