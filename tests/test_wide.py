"""The bitset path beyond 64 actors (cpp/include/foedus/wide.hpp): the same attributes as the
64-bit kernel on every coalition it can also describe, and direct checks beyond 64 actors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import foedus
from foedus import ActorSet, Rule
from foedus.bitsets import bitset_to_int, ints_to_bitsets, sort_bitsets, words_for
from foedus.coalitions import _engine, _filters, _wide_query

from reference import to_foedus_rule
from strategies import cases
from test_coalitions_reference import SETTINGS, build_actors

pytestmark = pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")

EXACT = ["size", "W", "winning", "minimal_winning", "blocking", "n_pivotal", "range", "unplaced",
         "connected", "minimal_connected_winning", "includes_median", "connected_ties",
         "minimal_connected_winning_ties", "includes_largest", "diameter", "largest_share",
         "herfindahl"]
CLOSE = ["dispersion"]  # double-double sums in another order when positions are not decimals


def both_paths(actors: ActorSet, rule: Rule, masks: list[int]) -> tuple[dict, dict]:
    bound = rule.bind(actors)
    narrow = _engine(actors, rule, _filters(actors, rule, bound=bound, warn=False))
    wide = _wide_query(actors, rule, bound, None, None)
    a = narrow.engine.attributes(np.array(masks, dtype=np.uint64), True, 2)
    b = wide.engine.attributes(ints_to_bitsets(masks, actors.n), True, 2)
    return a, b


def assert_same(a: dict, b: dict) -> None:
    for key in EXACT:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)
    for key in CLOSE:
        np.testing.assert_allclose(a[key], b[key], rtol=1e-13, atol=0, equal_nan=True,
                                   err_msg=key)
    assert [bitset_to_int(r) for r in b["mask"]] == [int(m) for m in a["mask"]]


@SETTINGS
@given(st.data())
def test_bitset_path_matches_the_64_bit_kernel(hd: st.DataObject) -> None:
    data, rule = hd.draw(cases(max_n=9), label="case")
    masks = hd.draw(st.lists(st.integers(1, 2**data.n - 1), min_size=1, max_size=30),
                    label="masks")
    actors = build_actors(data)
    a, b = both_paths(actors, to_foedus_rule(rule, data), masks)
    assert_same(a, b)


def random_actors(n: int, seed: int) -> ActorSet:
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-3, 7, (n, 2))
    pos[:, 0] = pos[:, 0].round(2)  # exact decimals; the other dimension is inexact
    pos[rng.random((n, 2)) < 0.15] = np.nan
    ties = np.triu((rng.random((n, n)) < 0.08).astype(float), 1)
    seats = rng.integers(0, 40, n)
    return ActorSet([f"a{i}" for i in range(n)],
                    {"seats": seats, "pop": rng.integers(1, 10**6, n)},
                    positions={"lr": pos[:, 0], "eu": pos[:, 1]}, ties=ties + ties.T)


@pytest.mark.parametrize("rule", [
    Rule.majority("seats"),
    Rule.majority("seats") & Rule.share("0.6", "pop") & Rule.count(5),
    Rule.share("0.55", "seats") | Rule.veto(["a1", "a40"]),
    Rule.count(20) & Rule.veto(["a3"]),
], ids=repr)
def test_bitset_path_matches_at_n_60(rule: Rule) -> None:
    actors = random_actors(60, seed=6)
    rng = np.random.default_rng(1)
    masks = [int(sum(1 << i for i in np.flatnonzero(rng.random(60) < p)) or 1)
             for p in rng.uniform(0.05, 0.9, 400)]
    assert_same(*both_paths(actors, rule, masks))


def test_beyond_64_actors_against_direct_evaluation() -> None:
    n = 150
    actors = random_actors(n, seed=150)
    rule = Rule.majority("seats") & Rule.count(10)
    rng = np.random.default_rng(2)
    coalitions = [list(np.flatnonzero(rng.random(n) < p)) for p in (0.05, 0.3, 0.5, 0.7, 0.95)]
    coalitions.append(list(range(n)))
    table = foedus.describe_coalitions(actors, rule, coalitions)
    assert table.masks.shape == (6, words_for(n)) and table.given_order
    seats = [int(s) for s in actors.weights[:, 0]]
    for row, members in enumerate(coalitions):
        names = [actors.names[i] for i in members]
        assert table.members(row) == tuple(names)
        assert table.find(names) == row
        assert table["size"][row] == len(members)
        assert table["weight_seats"][row] == sum(seats[i] for i in members)
        wins = rule.wins(actors, names)
        assert table["winning"][row] == wins
        rest = [x for x in actors.names if x not in set(names)]
        assert table["blocking"][row] == (not rule.wins(actors, rest) if rest else True)
        pivotal = sum(1 for x in names if wins and not rule.wins(actors, [y for y in names
                                                                           if y != x]))
        assert table["n_pivotal"][row] == pivotal
        lr = actors.positions[members, 0]
        placed = lr[~np.isnan(lr)]
        assert table["range_lr"][row] == pytest.approx(placed.max() - placed.min())
        assert table["unplaced_lr"][row] == int(np.isnan(lr).sum())
        outside = actors.positions[[i for i in range(n) if i not in set(members)], 0]
        assert table["connected_lr"][row] == (not np.any(
            (outside > placed.min()) & (outside < placed.max())))
    frame = table.to_frame()
    assert frame["mask"][0] == actors.mask(coalitions[0])


def test_bitset_helpers() -> None:
    masks = [2**130 + 5, 3, 2**64, 2**70 + 2**3]
    rows = ints_to_bitsets(masks, 131)
    assert rows.shape == (4, 3) and [bitset_to_int(r) for r in rows] == masks
    assert [masks[i] for i in sort_bitsets(rows)] == sorted(masks)


def test_describe_coalitions_bad_input() -> None:
    actors = random_actors(70, seed=1)
    rule = Rule.majority("seats")
    with pytest.raises(ValueError, match="empty or names actors beyond"):
        foedus.describe_coalitions(actors, rule, [0])
    with pytest.raises(ValueError, match="empty or names actors beyond"):
        foedus.describe_coalitions(actors, rule, [1 << 70])
    with pytest.raises(ValueError, match="unknown actor"):
        foedus.describe_coalitions(actors, rule, [["nobody"]])
    with pytest.raises(TypeError, match="list of coalitions"):
        foedus.describe_coalitions(actors, rule, "a1")
    with pytest.raises(TypeError, match="rule"):
        foedus.describe_coalitions(actors, "majority", [[1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = foedus.describe_coalitions(actors, rule, np.array([[1, 0]], dtype=np.uint64))
    assert t.members(0) == ("a0",)


def test_herfindahl_is_the_same_double_on_every_path() -> None:
    """Sums of squared weights beyond 2^53 are exact integers on every path (review finding:
    they used to be double sums in different orders, 1 ulp apart)."""
    rng = np.random.default_rng(0)
    n = 50
    actors = ActorSet([f"a{i}" for i in range(n)], {"pop": rng.integers(10**7, 10**8, n)})
    rule = Rule.majority("pop")
    sized = foedus.enumerate_coalitions(actors, rule, max_size=3)  # size-bounded kernel
    assert sized.size_order
    narrow = foedus.describe_coalitions(actors, rule, sized.masks)  # 64-bit kernel
    for col in ("herfindahl", "effective_number", "largest_share"):
        assert sized[col].tobytes() == narrow[col].tobytes(), col
    top = foedus.enumerate_coalitions(actors, rule, max_size=3, top_k=50,
                                      score={"herfindahl": -1.0})
    order = np.lexsort((sized.masks, sized["herfindahl"]))[:50]
    np.testing.assert_array_equal(top.masks, sized.masks[order])
