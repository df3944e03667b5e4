"""foedus.enumerate_coalitions / count_coalitions / iter_coalitions / Rule.wins against the
brute-force reference in tests/reference.py, plus exactness and published-value cases."""

from __future__ import annotations

import math
import warnings
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import foedus

from reference import (
    Data,
    column_kinds,
    criterion_index,
    exact,
    is_proper,
    members_of,
    reference_columns,
    reference_filter,
    reference_table,
    reference_top_k,
    score_value,
    surplus_columns,
    surplus_is_scale_dependent,
    to_foedus_rule,
    wins,
)
from strategies import (
    actor_data,
    cases,
    exact_score_columns,
    filter_kwargs,
    float_score_columns,
    lisbon_desc,
)

pytestmark = pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")

# Example counts and derandomisation come from the loaded profile (tests/conftest.py: "ci" by
# default, FOEDUS_HYPOTHESIS_PROFILE=dev for 500 random examples per test).
SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
RTOL, ATOL = 1e-9, 1e-12
LAYOUTS = ("dict", "named", "default")
SHARE_TYPES = ("fraction", "str", "float", "decimal")
COEFFICIENTS = (1.0, -1.0, 2.0, 0.5, -0.25, 3.0)


# --------------------------------------------------------------------------- helpers


def build_actors(data: Data, layout: str = "dict") -> foedus.ActorSet:
    """The ActorSet for ``data``: weights/positions as dicts, as named arrays, or as arrays
    relying on the contract's default names (when the data uses them)."""
    names = list(data.names)
    ties = None if data.ties is None else np.asarray(data.ties, dtype=float)
    columns = [np.asarray([float(x) for x in col], dtype=float) for col in data.weights]
    dims = [np.asarray(col, dtype=float) for col in data.positions]
    k, d = len(columns), len(dims)
    if layout == "dict":
        return foedus.ActorSet(
            names,
            dict(zip(data.criteria, columns, strict=True)),
            positions=dict(zip(data.dims, dims, strict=True)) if d else None,
            ties=ties,
        )
    default_w = data.criteria == (("weight",) if k == 1 else tuple(f"weight_{c}" for c in range(k)))
    default_d = data.dims == (("position",) if d == 1 else tuple(f"dim_{i}" for i in range(d)))
    if layout == "default" and default_w and default_d:
        if k == 1:
            all_ones = all(exact(x) == 1 for x in data.weights[0])
            weights: Any = None if all_ones else columns[0]
        else:
            weights = np.column_stack(columns)
        positions: Any = None
        if d == 1:
            positions = dims[0]
        elif d > 1:
            positions = np.column_stack(dims)
        return foedus.ActorSet(names, weights, positions=positions, ties=ties)
    return foedus.ActorSet(
        names,
        np.column_stack(columns),
        weight_names=list(data.criteria),
        positions=np.column_stack(dims) if d else None,
        dimensions=list(data.dims) if d else None,
        ties=ties,
    )


def foedus_filters(filters: dict[str, Any], data: Data, by_name: bool) -> dict[str, Any]:
    """Reference filters -> enumerate_coalitions keywords (actors as names or indices)."""
    out = dict(filters)
    for key in ("include", "exclude"):
        if key in out:
            out[key] = [data.names[i] if by_name else i for i in out[key]]
    return out


def surplus_weight_column(leaf: tuple[Any, ...], data: Data) -> str:
    """The weight_{c} column a surplus leaf subtracts its quota from."""
    return f"weight_{data.criteria[criterion_index(data, leaf[1])]}"


def assert_table(
    table: foedus.CoalitionTable,
    rows: list[dict[str, Any]],
    columns: list[str],
    data: Data,
    rule: tuple[Any, ...],
    *,
    ordered: bool = False,
) -> None:
    """Every column of ``table`` equals the reference rows (rows compared in mask order unless
    ``ordered``: then in the table's own order, as for top-k)."""
    got_cols = set(table.columns)
    assert got_cols == set(columns), (
        f"columns: unexpected {sorted(got_cols - set(columns))}, "
        f"missing {sorted(set(columns) - got_cols)}"
    )
    assert len(table) == len(rows)
    masks = np.asarray(table["mask"])
    assert masks.dtype == np.uint64
    order = np.arange(len(rows)) if ordered else np.argsort(masks, kind="stable")
    ref_masks = np.asarray([r["mask"] for r in rows], dtype=np.uint64)
    np.testing.assert_array_equal(masks[order], ref_masks, err_msg="mask")
    np.testing.assert_array_equal(np.asarray(table.masks)[order], ref_masks, err_msg="masks")
    loose = {
        name: leaf
        for name, leaf in surplus_columns(rule, data)
        if surplus_is_scale_dependent(leaf, data)
    }
    for col, kind in column_kinds(columns).items():
        got = np.asarray(table[col])[order]
        ref = [r[col] for r in rows]
        if col in loose:
            assert_scaled_surplus(got, rows, loose[col], data)
        elif kind in ("uint64", "int"):
            assert got.dtype.kind in "iu", f"{col}: dtype {got.dtype}"
            np.testing.assert_array_equal(got, np.asarray(ref, dtype=np.int64), err_msg=col)
        elif kind == "bool":
            assert got.dtype == np.bool_, f"{col}: dtype {got.dtype}"
            np.testing.assert_array_equal(got, np.asarray(ref, dtype=bool), err_msg=col)
        else:
            assert got.dtype.kind in ("f" if kind == "float" else "iuf"), f"{col}: {got.dtype}"
            np.testing.assert_allclose(
                got, np.asarray(ref, dtype=float), rtol=RTOL, atol=ATOL, equal_nan=True, err_msg=col
            )


def assert_scaled_surplus(
    got: np.ndarray, rows: list[dict[str, Any]], leaf: tuple[Any, ...], data: Data
) -> None:
    """Surplus of a share/majority leaf on decimal weights: the effective quota depends on the
    implementation's scaling, so only check it is one constant q with W(S) >= q iff S wins."""
    if not rows:
        return
    weight = np.asarray([r[surplus_weight_column(leaf, data)] for r in rows])
    quota = weight - got
    np.testing.assert_allclose(quota, quota[0], rtol=1e-9, atol=1e-9, err_msg="surplus quota")
    leaf_wins = [wins(leaf, data, members_of(r["mask"], data.n)) for r in rows]
    np.testing.assert_array_equal(got >= 0, leaf_wins, err_msg="surplus sign")


def concat(chunks: list[foedus.CoalitionTable], column: str) -> np.ndarray:
    """One column of the concatenated chunks."""
    return np.concatenate([np.asarray(c[column]) for c in chunks])


@st.composite
def scores(draw: st.DrawFn, columns: list[str]) -> str | dict[str, float]:
    """A column name, or a dict {column: coefficient} of 1-3 columns."""
    if draw(st.booleans()):
        return draw(st.sampled_from(columns))
    cols = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=3, unique=True))
    return {col: draw(st.sampled_from(COEFFICIENTS)) for col in cols}


def exact_surplus_columns(rule: tuple[Any, ...], data: Data) -> list[str]:
    """Surplus columns whose values are integers (or all NaN)."""

    def integral(leaf: tuple[Any, ...] | None) -> bool:
        if leaf is None or leaf[0] == "count":
            return True
        return all(exact(x).denominator == 1 for x in data.weights[criterion_index(data, leaf[1])])

    return [name for name, leaf in surplus_columns(rule, data) if integral(leaf)]


# --------------------------------------------------------------------------- hypothesis tests


@SETTINGS
@given(st.data())
def test_enumerate_matches_reference(hd: st.DataObject) -> None:
    data, rule = hd.draw(cases(), label="case")
    layout = hd.draw(st.sampled_from(LAYOUTS), label="layout")
    by_name = hd.draw(st.booleans(), label="by_name")
    share_as = hd.draw(st.sampled_from(SHARE_TYPES), label="share_as")
    k = len(data.weights)
    weight = hd.draw(
        st.one_of(st.none(), st.integers(0, k - 1), st.sampled_from(data.criteria)),
        label="weight",
    )
    actors = build_actors(data, layout)
    frule = to_foedus_rule(rule, data, by_name=by_name, share_as=share_as)
    kwargs = {} if weight is None else {"weight": weight}
    table = foedus.enumerate_coalitions(actors, frule, **kwargs)
    rows = reference_table(data, rule, weight=0 if weight is None else weight)
    assert_table(table, rows, reference_columns(data, rule), data, rule)
    assert foedus.count_coalitions(actors, frule) == 2**data.n - 1
    masks = np.asarray(table["mask"])
    for i in sorted({0, len(table) // 2, len(table) - 1}):
        expected = tuple(data.names[j] for j in members_of(int(masks[i]), data.n))
        assert tuple(table.members(i)) == expected


@SETTINGS
@given(st.data())
def test_filters_count_and_iter_match_reference(hd: st.DataObject) -> None:
    data, rule = hd.draw(cases(), label="case")
    filters = hd.draw(filter_kwargs(data), label="filters")
    by_name = hd.draw(st.booleans(), label="by_name")
    chunk_size = hd.draw(st.integers(1, 7), label="chunk_size")
    actors = build_actors(data, hd.draw(st.sampled_from(LAYOUTS), label="layout"))
    frule = to_foedus_rule(rule, data, by_name=by_name)
    kwargs = foedus_filters(filters, data, by_name)
    rows = reference_filter(reference_table(data, rule), **filters)
    columns = reference_columns(data, rule)

    table = foedus.enumerate_coalitions(actors, frule, **kwargs)
    assert_table(table, rows, columns, data, rule)

    count = foedus.count_coalitions(actors, frule, **kwargs)
    assert isinstance(count, int) and not isinstance(count, bool), type(count)
    assert count == len(rows)

    chunks = list(foedus.iter_coalitions(actors, frule, chunk_size=chunk_size, **kwargs))
    assert all(len(c) <= chunk_size for c in chunks)
    assert sum(len(c) for c in chunks) == len(rows)
    if rows:
        for col in table.columns:
            np.testing.assert_array_equal(concat(chunks, col), table[col], err_msg=col)


@SETTINGS
@given(st.data())
def test_rows_in_ascending_mask_order(hd: st.DataObject) -> None:
    """The contract: without top_k, rows are in ascending mask order (also size-bounded)."""
    data, rule = hd.draw(cases(max_n=8), label="case")
    filters = hd.draw(filter_kwargs(data), label="filters")
    actors = build_actors(data)
    table = foedus.enumerate_coalitions(actors, to_foedus_rule(rule, data), **filters)
    masks = np.asarray(table["mask"])
    assert np.all(masks[1:] > masks[:-1]), masks


@SETTINGS
@given(st.data())
def test_top_k_exact_scores(hd: st.DataObject) -> None:
    """Scores built from integer columns tie exactly: rank order and every column must match."""
    data, rule = hd.draw(cases(), label="case")
    filters = hd.draw(filter_kwargs(data), label="filters")
    score = hd.draw(
        scores(exact_score_columns(data) + exact_surplus_columns(rule, data)), label="score"
    )
    k = hd.draw(st.one_of(st.integers(1, 5), st.integers(1, 2**data.n)), label="top_k")
    by_name = hd.draw(st.booleans(), label="by_name")
    actors = build_actors(data)
    frule = to_foedus_rule(rule, data, by_name=by_name)
    rows = reference_filter(reference_table(data, rule), **filters)
    expected = reference_top_k(rows, score, k)
    table = foedus.enumerate_coalitions(
        actors, frule, top_k=k, score=score, **foedus_filters(filters, data, by_name)
    )
    columns = [*reference_columns(data, rule), "score"]
    assert_table(table, expected, columns, data, rule, ordered=True)


@SETTINGS
@given(st.data())
def test_top_k_float_scores(hd: st.DataObject) -> None:
    """Scores on rounded float columns: the k best scores match up to rounding, rank order holds
    (NaN last) and each row's score is its own score."""
    data, rule = hd.draw(cases(), label="case")
    filters = hd.draw(filter_kwargs(data), label="filters")
    score = hd.draw(scores(float_score_columns(data)), label="score")
    k = hd.draw(st.integers(1, 12), label="top_k")
    weight = hd.draw(st.integers(0, len(data.weights) - 1), label="weight")
    actors = build_actors(data)
    rows = reference_filter(reference_table(data, rule, weight=weight), **filters)
    table = foedus.enumerate_coalitions(
        actors, to_foedus_rule(rule, data), top_k=k, score=score, weight=weight, **filters
    )
    assert len(table) == min(k, len(rows))
    got = np.asarray(table["score"])
    own = {r["mask"]: score_value(r, score) for r in rows}
    mine = [own[int(m)] for m in np.asarray(table["mask"])]
    np.testing.assert_allclose(got, mine, rtol=RTOL, atol=ATOL, equal_nan=True)
    best = [r["score"] for r in reference_top_k(rows, score, k)]
    np.testing.assert_allclose(got, best, rtol=RTOL, atol=ATOL, equal_nan=True)
    placed = ~np.isnan(got)
    assert not np.any(placed[1:] & ~placed[:-1]), "NaN scores must rank last"
    assert np.all(np.diff(got[placed]) <= 0), "scores must be non-increasing"


@SETTINGS
@given(st.data())
def test_rule_wins_matches_reference(hd: st.DataObject) -> None:
    data, rule = hd.draw(cases(), label="case")
    by_name = hd.draw(st.booleans(), label="by_name")
    share_as = hd.draw(st.sampled_from(SHARE_TYPES), label="share_as")
    coalitions = hd.draw(
        st.lists(st.sets(st.integers(0, data.n - 1), min_size=1), min_size=1, max_size=8),
        label="coalitions",
    )
    actors = build_actors(data)
    frule = to_foedus_rule(rule, data, by_name=by_name, share_as=share_as)
    for members in coalitions:
        arg = [data.names[i] if by_name else i for i in sorted(members)]
        assert frule.wins(actors, arg) == wins(rule, data, members), sorted(members)


@SETTINGS
@given(st.data())
def test_thread_count_does_not_change_results(hd: st.DataObject) -> None:
    data, rule = hd.draw(cases(), label="case")
    filters = hd.draw(filter_kwargs(data), label="filters")
    extra: dict[str, Any] = {}
    if hd.draw(st.booleans(), label="with_top_k"):
        columns = exact_score_columns(data) + float_score_columns(data)
        extra = {"top_k": hd.draw(st.integers(1, 20)), "score": hd.draw(scores(columns))}
    actors = build_actors(data)
    frule = to_foedus_rule(rule, data)
    one = foedus.enumerate_coalitions(actors, frule, n_threads=1, **filters, **extra)
    two = foedus.enumerate_coalitions(actors, frule, n_threads=2, **filters, **extra)
    assert list(one.columns) == list(two.columns)
    for col in one.columns:
        np.testing.assert_array_equal(one[col], two[col], err_msg=col)
    counts = [foedus.count_coalitions(actors, frule, n_threads=t, **filters) for t in (1, 2)]
    assert counts[0] == counts[1]
    if not extra:
        assert counts[0] == len(one)


@SETTINGS
@given(st.data())
def test_improper_game_warning(hd: st.DataObject) -> None:
    """ImproperGameWarning iff two disjoint coalitions can both win (for these actors)."""
    data, rule = hd.draw(cases(max_n=8), label="case")
    actors = build_actors(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        foedus.enumerate_coalitions(actors, to_foedus_rule(rule, data), max_size=1)
    warned = any(issubclass(w.category, foedus.ImproperGameWarning) for w in caught)
    assert warned == (not is_proper(rule, data))


@SETTINGS
@given(actor_data(min_n=4, max_n=10))
def test_eu_council_lisbon_constructor(data: Data) -> None:
    totals = [sum(exact(x) for x in col) for col in data.weights]
    assume(any(t > 0 for t in totals))
    c = next(i for i, t in enumerate(totals) if t > 0)
    actors = build_actors(data)
    rule = foedus.Rule.eu_council_lisbon(population=data.criteria[c])
    table = foedus.enumerate_coalitions(actors, rule)
    rows = reference_table(data, lisbon_desc(data.n, c))
    np.testing.assert_array_equal(table["mask"], [r["mask"] for r in rows])
    np.testing.assert_array_equal(table["winning"], [r["winning"] for r in rows])
    np.testing.assert_array_equal(table["minimal_winning"], [r["minimal_winning"] for r in rows])


# --------------------------------------------------------------------------- fixed cases


BUNDESTAG_2021 = Data(
    names=("SPD", "CDU/CSU", "Greens", "FDP", "AfD", "Left", "SSW"),
    weights=[[206, 197, 118, 92, 83, 39, 1]],
    positions=[[3.6451, 6.2503, 2.9308, 5.9233, 8.8, 1.2152, math.nan]],
    weight_names=("seats",),
    dimensions=("left_right",),
)


def _mask(data: Data, *names: str) -> int:
    return sum(1 << data.names.index(name) for name in names)


def test_bundestag_minimal_connected_winning() -> None:
    data = BUNDESTAG_2021
    actors = build_actors(data)
    table = foedus.enumerate_coalitions(actors, foedus.Rule.majority())
    assert_table(
        table,
        reference_table(data, ("majority", 0)),
        reference_columns(data, ("majority", 0)),
        data,
        ("majority", 0),
    )
    rows = {int(m): i for i, m in enumerate(np.asarray(table["mask"]))}
    traffic_light = rows[_mask(data, "SPD", "Greens", "FDP")]
    assert table["minimal_winning"][traffic_light]
    assert table["minimal_connected_winning_left_right"][traffic_light]
    germany = rows[_mask(data, "SPD", "FDP", "CDU/CSU")]
    assert table["winning"][germany] and not table["minimal_winning"][germany]
    assert table["minimal_connected_winning_left_right"][germany]
    mcw = foedus.enumerate_coalitions(
        actors, foedus.Rule.majority(), minimal=True, connected="left_right"
    )
    assert sorted(map(int, mcw["mask"])) == sorted(
        [
            _mask(data, "SPD", "Greens", "FDP"),
            _mask(data, "SPD", "FDP", "CDU/CSU"),
            _mask(data, "FDP", "CDU/CSU", "AfD"),
        ]
    )
    medians = [i for i in range(data.n) if table["includes_median_left_right"][rows[1 << i]]]
    assert medians == [data.names.index("FDP")]


def test_majority_of_736_seats_is_369() -> None:
    data = Data(names=("a", "b", "c"), weights=[[368, 1, 367]])
    actors = build_actors(data)
    rule = foedus.Rule.majority()
    assert not rule.wins(actors, ["a"])
    assert rule.wins(actors, ["a", "b"])
    assert not rule.wins(actors, ["b", "c"])
    table = foedus.enumerate_coalitions(actors, rule)
    assert_table(
        table,
        reference_table(data, ("majority", 0)),
        reference_columns(data, ("majority", 0)),
        data,
        ("majority", 0),
    )
    surplus = dict(zip(map(int, table["mask"]), table["surplus"], strict=True))
    assert surplus[0b001] == -1 and surplus[0b011] == 0 and surplus[0b110] == -1
    bundestag = build_actors(BUNDESTAG_2021)
    assert foedus.Rule.majority().wins(bundestag, ["SPD", "CDU/CSU"])  # 403 of 736


@pytest.mark.parametrize(
    "f",
    ["0.65", Fraction(13, 20), Decimal("0.65"), 0.65],
    ids=["str", "fraction", "decimal", "float"],
)
def test_share_boundary_is_exact(f: Any) -> None:
    on = build_actors(Data(names=("a", "b"), weights=[[65, 35]]))
    below = build_actors(Data(names=("a", "b"), weights=[[64, 36]]))
    rule = foedus.Rule.share(f)
    assert rule.wins(on, ["a"]) and not rule.wins(below, ["a"])
    table = foedus.enumerate_coalitions(on, rule)
    assert list(map(int, table["mask"])) == [1, 2, 3]
    np.testing.assert_array_equal(table["winning"], [True, False, True])
    np.testing.assert_array_equal(table["surplus"], [0.0, -30.0, 35.0])


@pytest.mark.parametrize("f", ["0.55", 0.55, Fraction(11, 20)], ids=["str", "float", "fraction"])
def test_share_needs_no_float_product(f: Any) -> None:
    """0.55 * 100 is 55.000000000000007 in floats: 55 of 100 must still win."""
    actors = build_actors(Data(names=("a", "b"), weights=[[55, 45]]))
    assert foedus.Rule.share(f).wins(actors, ["a"])
    assert not foedus.Rule.share(f).wins(actors, ["b"])


def test_decimal_weights_are_exact() -> None:
    """0.7 + 0.1 is 0.7999999999999999 in floats: a quota of 0.8 must still be reached."""
    data = Data(names=("a", "b", "c"), weights=[[0.7, 0.1, 0.5]])
    actors = build_actors(data)
    assert foedus.Rule.quota(0.8).wins(actors, ["a", "b"])
    assert not foedus.Rule.share("0.4").wins(actors, ["c"])  # 0.5 < 0.4 * 1.3 = 0.52
    table = foedus.enumerate_coalitions(actors, foedus.Rule.quota(0.8))
    rule = ("quota", 0, Fraction("0.8"))
    assert_table(table, reference_table(data, rule), reference_columns(data, rule), data, rule)


def test_lisbon_count_threshold_is_exact() -> None:
    """ceil(0.55 * 20) is 11 (a float product gives 12)."""
    names = [f"m{i}" for i in range(20)]
    actors = foedus.ActorSet(names, {"population": [10.0] * 11 + [5.0] * 9})
    rule = foedus.Rule.eu_council_lisbon()
    assert rule.wins(actors, names[:11])  # 11 states, 110 of 155 >= 100.75
    assert not rule.wins(actors, names[:10])  # 10 states, 100 < 100.75


def test_unanimity() -> None:
    data = Data(names=("a", "b", "c", "d"), weights=[[3, 0, 1, 2]])
    actors = build_actors(data)
    rule = foedus.Rule.unanimity()
    assert rule.wins(actors, [0, 1, 2, 3]) and not rule.wins(actors, [0, 2, 3])
    table = foedus.enumerate_coalitions(actors, rule)
    assert_table(
        table,
        reference_table(data, ("unanimity",)),
        reference_columns(data, ("unanimity",)),
        data,
        ("unanimity",),
    )
    assert int(np.sum(table["winning"])) == 1 and bool(table["minimal_winning"][-1])
    assert int(table["n_pivotal"][-1]) == 4 and np.all(table["blocking"])
    assert np.all(np.isnan(table["surplus"]))
    assert foedus.count_coalitions(actors, rule, winning=True) == 1


def test_un_security_council_counts() -> None:
    """Published values: 848 winning and 210 minimal winning coalitions."""
    names = [f"m{i}" for i in range(15)]
    actors = foedus.ActorSet(names)
    rule = foedus.Rule.un_security_council(permanent=names[:5])
    assert foedus.count_coalitions(actors, rule, winning=True) == 848
    assert foedus.count_coalitions(actors, rule, minimal=True) == 210
    same = to_foedus_rule(("and", ("count", 9), ("veto", [0, 1, 2, 3, 4])), Data(names, [[1] * 15]))
    assert foedus.count_coalitions(actors, same, winning=True) == 848


@pytest.mark.parametrize(
    "make",
    [
        lambda: foedus.Rule.quota(0),
        lambda: foedus.Rule.quota(-1),
        lambda: foedus.Rule.quota(11),
        lambda: foedus.Rule.share(0),
        lambda: foedus.Rule.share("1.5"),
        lambda: foedus.Rule.count(0),
        lambda: foedus.Rule.count(5),
    ],
    ids=["quota0", "quota-1", "quota>W", "share0", "share>1", "count0", "count>n"],
)
def test_invalid_rules_raise(make: Any) -> None:
    actors = build_actors(Data(names=("a", "b", "c", "d"), weights=[[1, 2, 3, 4]]))
    with pytest.raises(ValueError):
        foedus.enumerate_coalitions(actors, make())


def test_twelve_actors_against_reference() -> None:
    """One larger case: 12 actors, decimal and integer criteria, 2 dimensions, ties."""
    rng = np.random.default_rng(20240611)
    n = 12
    positions = rng.integers(0, 21, size=(2, n)) / 2
    positions[0, 3] = positions[1, 7] = math.nan
    upper = np.triu(rng.integers(0, 2, size=(n, n)), 1)
    data = Data(
        names=tuple(f"a{i}" for i in range(n)),
        weights=[
            [int(x) for x in rng.integers(0, 50, n)],
            [float(x) / 100 for x in rng.integers(0, 1000, n)],
        ],
        positions=[list(map(float, row)) for row in positions],
        ties=(upper + upper.T).tolist(),
        weight_names=("seats", "votes"),
        dimensions=("left_right", "eu"),
    )
    rule = ("or", ("and", ("majority", 0), ("share", 1, Fraction(1, 2))), ("count", 10))
    actors = build_actors(data)
    table = foedus.enumerate_coalitions(actors, to_foedus_rule(rule, data), weight="votes")
    assert_table(
        table, reference_table(data, rule, weight=1), reference_columns(data, rule), data, rule
    )


def test_threads_and_chunks_agree_on_sixteen_actors() -> None:
    rng = np.random.default_rng(7)
    n = 16
    names = [f"a{i}" for i in range(n)]
    positions = rng.normal(size=(n, 2))
    positions[rng.random(size=(n, 2)) < 0.1] = math.nan
    actors = foedus.ActorSet(
        names,
        {"seats": rng.integers(0, 100, n).astype(float), "votes": rng.integers(0, 999, n) / 100},
        positions={"x": positions[:, 0], "y": positions[:, 1]},
        ties=(lambda u: u + u.T)(np.triu(rng.integers(0, 2, size=(n, n)), 1)),
    )
    rule = (foedus.Rule.majority() & foedus.Rule.count(3)) | foedus.Rule.share("0.75", weight=1)
    base = foedus.enumerate_coalitions(actors, rule, weight=1, n_threads=1)
    assert len(base) == 2**n - 1
    for threads in (2, 3):
        other = foedus.enumerate_coalitions(actors, rule, weight=1, n_threads=threads)
        for col in base.columns:
            np.testing.assert_array_equal(other[col], base[col], err_msg=col)
    chunks = list(foedus.iter_coalitions(actors, rule, weight=1, chunk_size=1000, n_threads=2))
    for col in base.columns:
        np.testing.assert_array_equal(concat(chunks, col), base[col], err_msg=col)
    score = {"dispersion_x": -1.0, "share_votes": 2.0}
    tops = [
        foedus.enumerate_coalitions(actors, rule, winning=True, top_k=25, score=score, n_threads=t)
        for t in (1, 2, 3)
    ]
    for top in tops[1:]:
        for col in tops[0].columns:
            np.testing.assert_array_equal(top[col], tops[0][col], err_msg=col)
