// Voting rules as small postfix programs over per-coalition quantities.
//
// A rule is a monotone Boolean formula whose leaves are quota tests W_c(S) >= q (criterion c,
// or c = CRIT_SIZE for |S|) and containment tests S ⊇ V (veto players). Python builds the
// program once (exact integer quotas); the kernel evaluates it per coalition without Python.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "bits.hpp"

namespace foedus {

enum RuleOp : std::int32_t { OP_QUOTA = 0, OP_CONTAINS = 1, OP_AND = 2, OP_OR = 3 };
constexpr std::int32_t CRIT_SIZE = -1;

struct RuleNode {
  std::int32_t op = OP_QUOTA;
  std::int32_t crit = 0;    // OP_QUOTA: criterion index or CRIT_SIZE
  std::int32_t nchild = 0;  // OP_AND / OP_OR: number of operands on the stack
  std::int64_t q = 0;       // OP_QUOTA: integer quota
  mask_t set = 0;           // OP_CONTAINS: required members
};

// Shape of a rule, used to pick fast paths.
enum class RuleKind { Single, AndOfQuotas, Generic };

struct RuleShape {
  RuleKind kind = RuleKind::Generic;
  std::vector<RuleNode> leaves;  // Single / AndOfQuotas: the quota leaves
};

inline void validate_rule(const std::vector<RuleNode>& prog, int n_criteria) {
  if (prog.empty()) throw std::invalid_argument("rule: the rule program is empty");
  std::int64_t depth = 0;
  for (const auto& nd : prog) {
    switch (nd.op) {
      case OP_QUOTA:
        if (nd.crit != CRIT_SIZE && (nd.crit < 0 || nd.crit >= n_criteria))
          throw std::invalid_argument("rule: quota refers to criterion " + std::to_string(nd.crit) +
                                      " but there are " + std::to_string(n_criteria));
        ++depth;
        break;
      case OP_CONTAINS:
        ++depth;
        break;
      case OP_AND:
      case OP_OR:
        if (nd.nchild < 1 || nd.nchild > depth)
          throw std::invalid_argument("rule: malformed AND/OR node in the rule program");
        depth -= nd.nchild - 1;
        break;
      default:
        throw std::invalid_argument("rule: unknown rule operation " + std::to_string(nd.op));
    }
  }
  if (depth != 1) throw std::invalid_argument("rule: the rule program does not reduce to one value");
}

inline RuleShape rule_shape(const std::vector<RuleNode>& prog) {
  RuleShape s;
  if (prog.size() == 1 && prog[0].op == OP_QUOTA) {
    s.kind = RuleKind::Single;
    s.leaves = prog;
    return s;
  }
  if (prog.back().op == OP_AND && std::size_t(prog.back().nchild) + 1 == prog.size()) {
    for (std::size_t i = 0; i + 1 < prog.size(); ++i)
      if (prog[i].op != OP_QUOTA) return s;
    s.kind = RuleKind::AndOfQuotas;
    s.leaves.assign(prog.begin(), prog.end() - 1);
  }
  return s;
}

// Evaluates the program. `leaf_value(node)` gives a leaf's truth value; when `critical` is
// non-null it also receives the set of members whose removal makes the whole rule lose, given
// `leaf_critical(node)` for true leaves (exact for monotone rules: a false operand stays false
// when a member leaves; a true AND loses when any operand loses, a true OR when all true
// operands lose).
template <class LeafValue, class LeafCritical>
inline bool eval_rule(const std::vector<RuleNode>& prog, LeafValue&& leaf_value,
                      LeafCritical&& leaf_critical, mask_t* critical) {
  constexpr int kStack = 64;
  bool val[kStack];
  mask_t crit[kStack];
  int sp = 0;
  for (const auto& nd : prog) {
    if (nd.op == OP_QUOTA || nd.op == OP_CONTAINS) {
      const bool v = leaf_value(nd);
      val[sp] = v;
      crit[sp] = (critical && v) ? leaf_critical(nd) : 0;
      ++sp;
    } else {
      const int k = nd.nchild;
      const int base = sp - k;
      bool v;
      mask_t c;
      if (nd.op == OP_AND) {
        v = true;
        c = 0;
        for (int i = base; i < sp; ++i) {
          v = v && val[i];
          c |= crit[i];
        }
      } else {
        v = false;
        c = ~mask_t(0);
        for (int i = base; i < sp; ++i)
          if (val[i]) {
            v = true;
            c &= crit[i];
          }
      }
      sp = base;
      val[sp] = v;
      crit[sp] = v ? c : 0;
      ++sp;
    }
  }
  if (critical) *critical = crit[0];
  return val[0];
}

// Maximum depth of the evaluation stack (checked in Python and in the binding).
constexpr int kMaxRuleStack = 64;

inline int rule_stack_depth(const std::vector<RuleNode>& prog) {
  int sp = 0, mx = 0;
  for (const auto& nd : prog) {
    if (nd.op == OP_QUOTA || nd.op == OP_CONTAINS) ++sp;
    else sp -= nd.nchild - 1;
    mx = sp > mx ? sp : mx;
  }
  return mx;
}

}  // namespace foedus
