// The score terms a binding receives as four parallel arrays.
#pragma once
#include <vector>

#include "common.hpp"
#include "foedus/score.hpp"

namespace foedus::bind {

inline std::vector<ScoreTerm> score_terms(const carray<std::int32_t>& code,
                                          const carray<std::int32_t>& param,
                                          const carray<double>& q, const carray<double>& coef) {
  const py::ssize_t nt = code.size();
  require_shape(param, {nt}, "score");
  require_shape(q, {nt}, "score");
  require_shape(coef, {nt}, "score");
  std::vector<ScoreTerm> terms;
  for (py::ssize_t i = 0; i < nt; ++i) {
    ScoreTerm t;
    t.code = code.data()[i];
    t.param = param.data()[i];
    t.q = q.data()[i];
    t.coef = coef.data()[i];
    if (t.code < 0 || t.code >= A_COUNT_) throw std::invalid_argument("score: unknown attribute");
    terms.push_back(t);
  }
  return terms;
}

}  // namespace foedus::bind
