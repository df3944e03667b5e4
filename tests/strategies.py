"""Hypothesis strategies for foedus tests: actor data, valid rule descriptions and filters.

Everything here produces plain data for :mod:`reference` (``Data`` and rule-description tuples);
tests turn them into ``foedus.ActorSet`` / ``foedus.Rule`` objects themselves.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from reference import (
    AmbiguousSurplusError,
    Data,
    check_rule,
    decimal_scale,
    exact,
    surplus_columns,
)

if TYPE_CHECKING:
    from reference import RuleDesc

__all__ = [
    "NAMES",
    "actor_data",
    "cases",
    "exact_score_columns",
    "filter_kwargs",
    "float_score_columns",
    "lisbon_desc",
    "rule_descs",
]

NAMES = tuple(f"a{i}" for i in range(10))
NAN = float("nan")

_CUSTOM_CRITERIA = ("seats", "population", "votes")
_CUSTOM_DIMENSIONS = ("left_right", "eu")


# --------------------------------------------------------------------------- actors


@st.composite
def _weight_column(draw: st.DrawFn, n: int) -> list[int | float]:
    """One criterion: small ints, ints with many zeros, seat-like ints or 1-2 place decimals."""
    kind = draw(st.sampled_from(["small", "zeros", "seats", "ones", "decimal1", "decimal2"]))
    if kind == "small":
        return draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    if kind == "zeros":
        return draw(st.lists(st.sampled_from([0, 0, 0, 1, 2, 5]), min_size=n, max_size=n))
    if kind == "seats":
        return draw(st.lists(st.integers(0, 400), min_size=n, max_size=n))
    if kind == "ones":
        return [1] * n
    scale = 10 if kind == "decimal1" else 100
    ints = draw(st.lists(st.integers(0, 10 * scale), min_size=n, max_size=n))
    column = [k / scale for k in ints]  # Python floats such as 1.25; repr is the decimal
    assert [exact(x) for x in column] == [Fraction(k, scale) for k in ints]
    return column


_position = st.one_of(
    st.just(NAN),
    st.integers(0, 20).map(lambda k: k / 2),  # a coarse grid, so positions tie
    st.floats(-10, 10, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)


@st.composite
def actor_data(
    draw: st.DrawFn,
    min_n: int = 1,
    max_n: int = 10,
    max_criteria: int = 3,
    max_dims: int = 2,
    ties: bool | None = None,
) -> Data:
    """Random actors "a0".."a{n-1}" with 1..max_criteria weight criteria, 0..max_dims
    dimensions (some NaN, sometimes all NaN) and, when ``ties`` is None, optional ties
    (symmetric 0/1 with a random diagonal, which the contract says is ignored).
    """
    n = draw(st.integers(min_n, max_n))
    k = draw(st.integers(1, max_criteria))
    weights = [draw(_weight_column(n)) for _ in range(k)]
    d = draw(st.integers(0, max_dims))
    positions = []
    for _ in range(d):
        if draw(st.integers(0, 9)) == 0:
            positions.append([NAN] * n)
        else:
            positions.append(draw(st.lists(_position, min_size=n, max_size=n)))
    if k == 1:
        default_w: tuple[str, ...] = ("weight",)
    else:
        default_w = tuple(f"weight_{c}" for c in range(k))
    weight_names = draw(st.sampled_from([default_w, _CUSTOM_CRITERIA[:k]]))
    default_d = ("position",) if d == 1 else tuple(f"dim_{i}" for i in range(d))
    dimensions = draw(st.sampled_from([default_d, _CUSTOM_DIMENSIONS[:d]]))
    matrix = None
    with_ties = draw(st.booleans()) if ties is None else ties
    if with_ties:
        matrix = [[0] * n for _ in range(n)]
        for i in range(n):
            matrix[i][i] = draw(st.integers(0, 1))
            for j in range(i + 1, n):
                matrix[i][j] = matrix[j][i] = draw(st.integers(0, 1))
    return Data(
        names=NAMES[:n],
        weights=weights,
        positions=positions,
        ties=matrix,
        weight_names=weight_names,
        dimensions=dimensions,
    )


# --------------------------------------------------------------------------- rules


def _positive_criteria(data: Data) -> list[int]:
    return [c for c, col in enumerate(data.weights) if sum(exact(x) for x in col) > 0]


@st.composite
def _subset_sum(draw: st.DrawFn, weights: list[Fraction]) -> Fraction:
    """A positive subset sum of the weights (the total if the drawn subset sums to 0)."""
    picks = draw(st.lists(st.booleans(), min_size=len(weights), max_size=len(weights)))
    total = sum((w for w, p in zip(weights, picks, strict=True) if p), Fraction(0))
    return total if total > 0 else sum(weights, Fraction(0))


@st.composite
def _quota_leaf(draw: st.DrawFn, data: Data, c: int) -> RuleDesc:
    """A quota in (0, W(N)]: an integer for integer weights, a 1/100 multiple otherwise."""
    weights = [exact(x) for x in data.weights[c]]
    total = sum(weights, Fraction(0))
    integral = decimal_scale(weights, max_decimals=0) is not None
    how = draw(st.sampled_from(["total", "subset", "range"]))
    if how == "total":
        q = total
    elif how == "subset":
        q = draw(_subset_sum(weights))
    elif integral:
        q = Fraction(draw(st.integers(1, int(total))))
    else:
        q = Fraction(draw(st.integers(1, int(total * 100))), 100)
    return ("quota", c, q)


@st.composite
def _share_leaf(draw: st.DrawFn, data: Data, c: int) -> RuleDesc:
    """A share 0 < f <= 1: common decimals, small fractions, or exact boundaries S/N."""
    weights = [exact(x) for x in data.weights[c]]
    how = draw(st.sampled_from(["decimal", "fraction", "boundary"]))
    if how == "decimal":
        f = Fraction(draw(st.sampled_from(["0.5", "0.55", "0.65", "0.6", "0.7", "0.75", "1"])))
    elif how == "fraction":
        b = draw(st.integers(1, 20))
        f = Fraction(draw(st.integers(1, b)), b)
    else:
        f = draw(_subset_sum(weights)) / sum(weights, Fraction(0))
    return ("share", c, f)


def lisbon_desc(n: int, c: int) -> RuleDesc:
    """Lisbon-style rule: (|S| >= ceil(0.55 n) and share 0.65 of c) or |S| >= max(1, n - 3)."""
    return (
        "or",
        ("and", ("count", math.ceil(Fraction(55, 100) * n)), ("share", c, Fraction(65, 100))),
        ("count", max(1, n - 3)),
    )


def _leaf_rules(data: Data) -> st.SearchStrategy[RuleDesc]:
    n = data.n
    options: list[st.SearchStrategy[RuleDesc]] = [
        st.integers(1, n).map(lambda k: ("count", k)),
        st.sets(st.integers(0, n - 1), min_size=1, max_size=min(n, 3)).map(
            lambda s: ("veto", sorted(s))
        ),
        st.just(("unanimity",)),
    ]
    crits = _positive_criteria(data)
    if crits:
        crit = st.sampled_from(crits)
        options += [
            crit.flatmap(lambda c: _quota_leaf(data, c)),
            crit.flatmap(lambda c: _quota_leaf(data, c)),
            crit.flatmap(lambda c: _share_leaf(data, c)),
            crit.map(lambda c: ("majority", c)),
        ]
    return st.one_of(options)


def _unambiguous(rule: RuleDesc, data: Data) -> bool:
    try:
        surplus_columns(rule, data)
    except AmbiguousSurplusError:
        return False
    return True


def rule_descs(data: Data, max_leaves: int = 5) -> st.SearchStrategy[RuleDesc]:
    """Valid rule descriptions for ``data``: single leaves, Lisbon-style rules and nested
    AND/OR of 2-3 parts. ANDs whose surplus columns would collide are left out.
    """
    leaves = _leaf_rules(data)

    def extend(children: st.SearchStrategy[RuleDesc]) -> st.SearchStrategy[RuleDesc]:
        return st.tuples(
            st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=3)
        ).map(lambda t: (t[0], *t[1]))

    options = [leaves, extend(st.recursive(leaves, extend, max_leaves=max_leaves))]
    crits = _positive_criteria(data)
    if crits:
        options.append(st.sampled_from(crits).map(lambda c: lisbon_desc(data.n, c)))
    rules = st.one_of(options).filter(lambda r: _unambiguous(r, data))
    return rules.map(lambda r: _checked(r, data))


def _checked(rule: RuleDesc, data: Data) -> RuleDesc:
    check_rule(rule, data)
    return rule


@st.composite
def cases(draw: st.DrawFn, min_n: int = 1, max_n: int = 10, **kwargs: Any) -> tuple[Data, Any]:
    """A pair (data, rule description)."""
    data = draw(actor_data(min_n=min_n, max_n=max_n, **kwargs))
    return data, draw(rule_descs(data))


# --------------------------------------------------------------------------- filters, scores


@st.composite
def filter_kwargs(draw: st.DrawFn, data: Data) -> dict[str, Any]:
    """Random enumerate_coalitions filters as reference indices (include/exclude disjoint)."""
    n = data.n
    kwargs: dict[str, Any] = {}
    if draw(st.booleans()):
        kwargs["winning"] = draw(st.sampled_from([None, True, False]))
    if draw(st.booleans()):
        kwargs["blocking"] = draw(st.sampled_from([None, True, False]))
    if draw(st.booleans()) and kwargs.get("winning") is not False:
        # foedus rejects minimal=True with winning=False (a contradiction) as a ValueError
        kwargs["minimal"] = draw(st.booleans())
    graphs = list(data.dims) + (["ties"] if data.ties is not None else [])
    if graphs and draw(st.booleans()):
        kwargs["connected"] = draw(st.sampled_from(graphs))
    if draw(st.booleans()):
        kwargs["min_size"] = draw(st.integers(1, n))
    if draw(st.booleans()):
        kwargs["max_size"] = draw(st.integers(kwargs.get("min_size", 1), n))
    if draw(st.booleans()):
        order = draw(st.permutations(range(n)))
        n_in = draw(st.integers(0, min(2, n)))
        n_out = draw(st.integers(0, min(2, n - n_in)))
        kwargs["include"] = sorted(order[:n_in])
        kwargs["exclude"] = sorted(order[n_in : n_in + n_out])
    return kwargs


def exact_score_columns(data: Data) -> list[str]:
    """Columns whose values are small integers, so float scores built on them tie exactly."""
    cols = [
        "size",
        "n_pivotal",
        "n_surplus_members",
        "winning",
        "minimal_winning",
        "blocking",
        "blocking_minority",
        "includes_largest",
    ]
    for name, col in zip(data.criteria, data.weights, strict=True):
        if all(exact(x).denominator == 1 for x in col):
            cols.append(f"weight_{name}")
    for d in data.dims:
        cols += [
            f"unplaced_{d}",
            f"connected_{d}",
            f"minimal_connected_winning_{d}",
            f"includes_median_{d}",
        ]
    if data.ties is not None:
        cols += ["connected_ties", "minimal_connected_winning_ties"]
    return cols


def float_score_columns(data: Data) -> list[str]:
    """Columns with rounded float values (compared with a tolerance)."""
    cols = ["largest_share", "herfindahl", "effective_number"]
    cols += [f"share_{c}" for c in data.criteria]
    for d in data.dims:
        cols += [f"range_{d}", f"dispersion_{d}"]
    if data.dims:
        cols.append("diameter")
    return cols
