// Arguments every kernel binding receives as parallel arrays: the rule program and the score.
#pragma once
#include <vector>

#include "common.hpp"
#include "foedus/power_enum.hpp"
#include "foedus/score.hpp"

namespace foedus::bind {

// The rule program (RuleNode::set is left 0; the 64-bit engine fills it from its masks).
inline std::vector<RuleNode> rule_nodes(const carray<std::int32_t>& op,
                                        const carray<std::int32_t>& crit,
                                        const carray<std::int32_t>& nchild,
                                        const carray<std::int64_t>& q) {
  const py::ssize_t nr = op.size();
  require_shape(op, {nr}, "rule");
  require_shape(crit, {nr}, "rule");
  require_shape(nchild, {nr}, "rule");
  require_shape(q, {nr}, "rule");
  std::vector<RuleNode> nodes(static_cast<std::size_t>(nr));
  for (py::ssize_t i = 0; i < nr; ++i) {
    nodes[std::size_t(i)].op = op.data()[i];
    nodes[std::size_t(i)].crit = crit.data()[i];
    nodes[std::size_t(i)].nchild = nchild.data()[i];
    nodes[std::size_t(i)].q = q.data()[i];
  }
  return nodes;
}

// The enumeration spec of a rule over n players with (n, k) integer weights.
inline power::EnumPowerSpec enum_spec(int n, const carray<std::int64_t>& weights,
                                      const carray<std::int32_t>& rule_op,
                                      const carray<std::int32_t>& rule_crit,
                                      const carray<std::int32_t>& rule_nchild,
                                      const carray<std::int64_t>& rule_q,
                                      const carray<std::uint64_t>& rule_set) {
  power::EnumPowerSpec spec;
  spec.n = n;
  if (weights.ndim() != 2 || weights.shape(0) != n)
    throw std::invalid_argument("weights: expected an (n, k) array");
  spec.k = int(weights.shape(1));
  spec.weights.assign(weights.data(), weights.data() + weights.size());
  spec.rule = rule_nodes(rule_op, rule_crit, rule_nchild, rule_q);
  require_shape(rule_set, {py::ssize_t(spec.rule.size())}, "rule");
  for (std::size_t i = 0; i < spec.rule.size(); ++i) spec.rule[i].set = rule_set.data()[i];
  return spec;
}

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
