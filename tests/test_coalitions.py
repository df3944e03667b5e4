"""enumerate/count/iter: filters, limits, determinism and bad input (reference checks of every
column are in test_coalitions_reference.py)."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

import foedus
from foedus import ActorSet, Rule


def random_actors(n: int, seed: int, ties: bool = False) -> ActorSet:
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 10, (n, 2)).round(3)
    pos[rng.random((n, 2)) < 0.15] = np.nan
    t = None
    if ties:
        t = (rng.random((n, n)) < 0.3).astype(float)
        t = np.triu(t, 1)
        t = t + t.T
    return ActorSet(
        [f"a{i}" for i in range(n)],
        {"seats": rng.integers(0, 60, n), "members": np.ones(n)},
        positions={"lr": pos[:, 0], "eu": pos[:, 1]},
        ties=t,
    )


def assert_tables_identical(a: foedus.CoalitionTable, b: foedus.CoalitionTable) -> None:
    assert a.columns == b.columns
    for c in a.columns:
        np.testing.assert_array_equal(a[c], b[c], err_msg=c)
        assert a[c].dtype == b[c].dtype, c


@pytest.mark.parametrize("connected", [None, "lr", "ties"])
def test_results_identical_for_one_and_two_threads(connected: str | None) -> None:
    actors = random_actors(18, 1, ties=True)
    rule = Rule.majority("seats") & Rule.count(4)
    for kw in ({"winning": True}, {"minimal": True}, {"blocking": True, "winning": False}):
        t1 = foedus.enumerate_coalitions(actors, rule, connected=connected, n_threads=1, **kw)
        t2 = foedus.enumerate_coalitions(actors, rule, connected=connected, n_threads=2, **kw)
        assert_tables_identical(t1, t2)
        assert (
            foedus.count_coalitions(actors, rule, connected=connected, n_threads=1, **kw)
            == foedus.count_coalitions(actors, rule, connected=connected, n_threads=2, **kw)
            == len(t1)
        )
    score = {"dispersion_lr": -1.0, "weight_seats": 0.01, "minimal_connected_winning_eu": 2}
    k1 = foedus.enumerate_coalitions(actors, rule, top_k=50, score=score, n_threads=1)
    k2 = foedus.enumerate_coalitions(actors, rule, top_k=50, score=score, n_threads=2)
    assert_tables_identical(k1, k2)


@pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")
def test_iter_chunks_concatenate_to_the_table_and_scores_agree() -> None:
    actors = random_actors(16, 2)
    rule = Rule.share("0.6", "seats") | Rule.veto(["a0", "a1"])
    score = {"range_lr": -1.0, "herfindahl": 3.0}
    full = foedus.enumerate_coalitions(actors, rule, winning=True, score=score)
    for chunk_size in (1, 777, 10**6):
        chunks = list(
            foedus.iter_coalitions(
                actors, rule, winning=True, score=score, chunk_size=chunk_size, n_threads=2
            )
        )
        assert all(len(c) == chunk_size for c in chunks[:-1])
        for col in full.columns:
            np.testing.assert_array_equal(np.concatenate([c[col] for c in chunks]), full[col])
    top = foedus.enumerate_coalitions(actors, rule, winning=True, score=score, top_k=25)
    order = np.lexsort((full.masks, -np.nan_to_num(full["score"], nan=-np.inf)))[:25]
    np.testing.assert_array_equal(top.masks, full.masks[order])
    np.testing.assert_array_equal(top["score"], full["score"][order])


@pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")
def test_top_k_ties_go_to_the_smaller_mask_and_nan_ranks_last() -> None:
    actors = ActorSet(list("ABCDE"), [1, 1, 1, 1, 1], positions={"x": [1, np.nan, 2, 3, 4]})
    t = foedus.enumerate_coalitions(actors, Rule.count(1), top_k=5, score="size")
    assert t.ranked and t["size"].tolist() == [5, 4, 4, 4, 4]
    assert list(t.masks[1:]) == sorted(t.masks[1:]) == [15, 23, 27, 29]
    # range is NaN only for {B}: it must come last even with a negative coefficient.
    r = foedus.enumerate_coalitions(
        actors, Rule.count(1), max_size=1, top_k=5, score={"range_x": -1.0}
    )
    assert r.members(4) == ("B",) and np.isnan(r["score"][4])


def test_filters_include_exclude_sizes() -> None:
    actors = random_actors(14, 3)
    rule = Rule.majority("seats")
    t = foedus.enumerate_coalitions(
        actors, rule, include=["a1", 3], exclude="a2", min_size=4, max_size=6
    )
    m = t.masks
    assert ((m >> 1) & 1).all() and ((m >> 3) & 1).all() and not ((m >> 2) & 1).any()
    assert t["size"].min() >= 4 and t["size"].max() <= 6
    n_free = 11
    assert len(t) == sum(math.comb(n_free, s - 2) for s in range(4, 7))
    assert list(m) == sorted(m)


def test_counts_at_64_actors_are_exact() -> None:
    actors = ActorSet([f"a{i}" for i in range(64)], np.arange(1, 65))
    rule = Rule.majority()
    assert foedus.count_coalitions(actors, rule) == 2**64 - 1
    assert foedus.count_coalitions(actors, rule, max_size=2) == 64 + math.comb(64, 2)
    # 16 free actors, the top bit always included: masks above 2^63 are handled
    n = foedus.count_coalitions(
        actors, rule, winning=True, include=[63, 62, 61], exclude=range(3, 48)
    )
    w = np.arange(1, 65)
    free = [0, 1, 2, *range(48, 61)]
    base = 64 + 63 + 62
    total = int(w.sum())
    brute = sum(
        1
        for m in range(1 << len(free))
        if 2 * (base + sum(w[free[j]] for j in range(len(free)) if (m >> j) & 1)) > total
    )
    assert n == brute
    t = foedus.enumerate_coalitions(
        actors, rule, winning=True, include=[63, 62, 61], exclude=range(3, 48)
    )
    assert len(t) == brute and t.masks.dtype == np.uint64 and (t.masks >> np.uint64(63)).all()


def test_max_memory_refuses_with_the_count_and_alternatives() -> None:
    actors = random_actors(16, 4)
    with pytest.raises(
        ValueError,
        match=r"max_memory: the result has 65,535 coalitions .*"
        r"count_coalitions.*top_k.*iter_coalitions",
    ):
        foedus.enumerate_coalitions(actors, Rule.majority("seats"), max_memory=10_000)
    small = foedus.enumerate_coalitions(
        actors, Rule.majority("seats"), minimal=True, max_memory=10**6
    )
    assert len(small) > 0


def test_more_than_64_actors_points_elsewhere() -> None:
    actors = ActorSet([f"a{i}" for i in range(65)])
    with pytest.raises(ValueError, match="65 actors is more than .* limit of 64.*max_size"):
        foedus.enumerate_coalitions(actors, Rule.count(33), winning=True)
    # counting needs no enumeration: binomial coefficients, or dynamic programming
    assert foedus.count_coalitions(actors, Rule.count(33)) == 2**65 - 1
    assert foedus.count_coalitions(actors, Rule.count(33), winning=True) == sum(
        math.comb(65, s) for s in range(33, 66))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"winning": "yes"}, TypeError, "winning must be None, True or False"),
        ({"blocking": 1}, TypeError, "blocking must be None"),
        ({"minimal": None}, TypeError, "minimal must be True or False"),
        ({"minimal": True, "winning": False}, ValueError, "minimal=True selects winning"),
        ({"connected": "gal_tan"}, ValueError, "unknown dimension 'gal_tan'"),
        ({"connected": "ties"}, ValueError, 'connected: "ties" needs'),
        ({"min_size": 5, "max_size": 3}, ValueError, r"min_size \(5\) is larger"),
        ({"max_size": 99}, ValueError, "max_size must be <= 6"),
        ({"min_size": 1.5}, TypeError, "min_size must be an integer"),
        ({"include": ["Z"]}, ValueError, "include: unknown actor 'Z'"),
        ({"include": [0], "exclude": [0]}, ValueError, "both included and excluded"),
        ({"top_k": 3}, ValueError, "top_k needs a score"),
        ({"top_k": 0, "score": "size"}, ValueError, "top_k must be >= 1"),
        ({"score": "popularity"}, ValueError, "score: unknown column 'popularity'"),
        ({"score": {"size": "big"}}, TypeError, "coefficient of 'size' must be a number"),
        ({"score": {"size": float("inf")}}, ValueError, "must be finite"),
        ({"score": 3}, TypeError, "score: expected a column name"),
        ({"n_threads": 0}, ValueError, "n_threads must be None or an integer from 1 to 1024"),
        ({"n_threads": 10**6}, ValueError, "n_threads must be None or an integer from 1 to 1024"),
        ({"n_threads": 1.0}, TypeError, "n_threads"),
        ({"weight": "votes"}, ValueError, "unknown weight criterion 'votes'"),
        ({"max_memory": -1}, ValueError, "max_memory must be >= 0"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs: dict, error: type, match: str) -> None:
    actors = ActorSet(list("ABCDEF"), [5, 4, 3, 2, 1, 1], positions={"lr": np.arange(6.0)})
    with pytest.raises(error, match=match):
        foedus.enumerate_coalitions(actors, Rule.majority(), **kwargs)


def test_wrong_argument_types() -> None:
    actors = ActorSet(list("AB"))
    with pytest.raises(TypeError, match="actors: expected a foedus.ActorSet"):
        foedus.count_coalitions([1, 2], Rule.count(1))
    with pytest.raises(TypeError, match="rule: expected a foedus.Rule"):
        foedus.count_coalitions(actors, "majority")
    with pytest.raises(TypeError, match="chunk_size must be an integer"):
        foedus.iter_coalitions(actors, Rule.count(1), chunk_size="big")


def test_table_display_and_frame() -> None:
    actors = random_actors(6, 5)
    t = foedus.enumerate_coalitions(actors, Rule.majority("seats"), minimal=True)
    text = repr(t)
    assert text.startswith(f"CoalitionTable: {len(t)} coalitions of 6 actors")
    assert " + ".join(t.members(0)) in text
    assert "<table>" in t._repr_html_()
    df = t.to_frame()
    assert len(df) == len(t) and list(df.columns[:2]) == ["members", "mask"]
    assert df["members"][0] == t.members(0)
    with pytest.raises(KeyError, match="no column 'nope'"):
        t["nope"]
    with pytest.raises(ValueError):
        t["size"][0] = 3


@pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")
@pytest.mark.parametrize("decimals", [None, 4])
def test_dispersion_exact_and_double_double_paths(decimals: int | None) -> None:
    """Positions that are short decimals use exact 128-bit moments, others double-doubles;
    both agree with a two-pass reference, and all weight at one position gives exactly 0."""
    rng = np.random.default_rng(7)
    n = 10
    pos = rng.random(n) * 10 + 1e6  # a large offset makes one-pass formulas cancel
    if decimals is not None:
        pos = pos.round(decimals)
    pos[3] = np.nan
    w = rng.integers(0, 50, n)
    w[0] = 0
    actors = ActorSet([f"a{i}" for i in range(n)], w, positions={"x": pos})
    t = foedus.enumerate_coalitions(actors, Rule.count(1))
    for r in range(len(t)):
        members = [i for i in range(n) if (int(t.masks[r]) >> i) & 1 and not np.isnan(pos[i])]
        ww = [Fraction(int(w[i])) for i in members]
        # short decimals are taken as decimals, other floats as their binary values
        xx = [Fraction(repr(float(pos[i]))) if decimals is not None else Fraction(float(pos[i]))
              for i in members]
        if sum(ww) == 0:
            assert np.isnan(t["dispersion_x"][r])
            continue
        mean = sum(a * b for a, b in zip(ww, xx, strict=True)) / sum(ww)
        var = sum(a * (b - mean) ** 2 for a, b in zip(ww, xx, strict=True)) / sum(ww)
        assert t["dispersion_x"][r] == pytest.approx(math.sqrt(var), rel=1e-12, abs=0)
    one = ActorSet(["a", "b", "c"], [0, 5, 0], positions={"x": [1 / 3, 1 / 3 + 1e-9, 2 / 3]})
    t = foedus.enumerate_coalitions(one, Rule.count(1))
    assert t["dispersion_x"][t.find(["a", "b", "c"])] == 0.0


@pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")
def test_regressions_from_review() -> None:
    # Dispersion with weights on the binary fixed point (not short decimals): exact weights.
    a = ActorSet(["a", "b", "c"], [1 / 3, 1 / 3, 1 / 3], positions=[1e8, 1e8 + 0.5, 1e8 + 1])
    t = foedus.enumerate_coalitions(a, Rule.count(1), include=[0, 1, 2])
    assert t["dispersion_position"][0] == pytest.approx(math.sqrt(1 / 6), rel=1e-12)
    w = [1 / 3, 1 / 7, 1 / 11]
    x = [1e9 + 0.1, 1e9 + 0.6, 1e9 + 1.3]
    b = ActorSet(["a", "b", "c"], w, positions=x)
    t = foedus.enumerate_coalitions(b, Rule.count(1), include=[0, 1, 2])
    fw, fx = [Fraction(v) for v in w], [Fraction(v) for v in x]
    mean = sum(p * q for p, q in zip(fw, fx, strict=True)) / sum(fw)
    var = sum(p * (q - mean) ** 2 for p, q in zip(fw, fx, strict=True)) / sum(fw)
    assert t["dispersion_position"][0] == pytest.approx(math.sqrt(var), rel=1e-9)
    # Integer weights above 2^53 stay exact.
    big = ActorSet(["a", "b"], [2**53 + 1, 2**53])
    assert Rule.quota(2**53 + 1).wins(big, ["a"])
    # Weights that cannot be exact in 62 bits are refused, not rounded.
    with pytest.raises(ValueError, match="2\\^62 or more"):
        Rule.majority().wins(ActorSet(["a", "b", "c"], [2.0**62, 2.0**62, 1]), ["a", "c"])
    with pytest.raises(ValueError, match="too many orders of magnitude"):
        Rule.majority().wins(ActorSet(["a", "b"], [1e20, 1.5]), ["a"])
    # 65 actors: veto rules bind, and the kernel limit is a clear ValueError.
    many = ActorSet([f"a{i}" for i in range(65)])
    assert Rule.veto(["a64"]).wins(many, ["a64"]) and Rule.unanimity().wins(many, many.names)
    with pytest.raises(ValueError, match="limit of 64"):
        foedus.enumerate_coalitions(many, Rule.unanimity(), winning=True)
    with pytest.raises(ValueError, match="65 actors need dynamic programming.*not a single"):
        foedus.count_coalitions(many, Rule.unanimity(), winning=True)
    # 0-d arrays as actor references.
    s = foedus.count_coalitions(ActorSet(list("ABC")), Rule.count(1), include=np.array(0))
    assert s == 4


def test_properness_cache_distinguishes_nesting() -> None:
    actors = ActorSet([f"p{i}" for i in range(10)])
    proper = Rule.count(1) & Rule.count(6) & (Rule.count(2) | Rule.count(3))  # |S| >= 6
    improper = Rule.count(1) & (Rule.count(6) | Rule.count(2) | Rule.count(3))  # |S| >= 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        foedus.count_coalitions(actors, proper, winning=True)
    with pytest.warns(foedus.ImproperGameWarning):
        foedus.count_coalitions(actors, improper, winning=True)
