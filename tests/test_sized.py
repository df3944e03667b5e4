"""Size-bounded enumeration (cpp/include/foedus/sized.hpp): the same coalitions, counts, top-k
and attributes as the exhaustive kernel, by size then ascending mask, for any number of
actors."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import foedus
from foedus import ActorSet, Rule
from foedus.bitsets import bitset_to_int
from foedus.coalitions import _engine, _filters, _sized_query

from reference import to_foedus_rule
from strategies import cases, filter_kwargs
from test_coalitions_reference import SETTINGS, build_actors, foedus_filters

pytestmark = pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")


def size_then_mask(masks: np.ndarray) -> np.ndarray:
    sizes = np.array([bin(int(m)).count("1") for m in masks], dtype=np.int64)
    return masks[np.lexsort((masks, sizes))]


@SETTINGS
@given(st.data())
def test_sized_kernel_matches_the_exhaustive_kernel(hd: st.DataObject) -> None:
    data, rule = hd.draw(cases(max_n=9), label="case")
    filters = foedus_filters(hd.draw(filter_kwargs(data), label="filters"), data, False)
    actors = build_actors(data)
    frule = to_foedus_rule(rule, data)
    f = _filters(actors, frule, warn=False, **filters)
    narrow = _engine(actors, frule, f).engine
    sized = _sized_query(actors, frule, f).engine
    expected = size_then_mask(narrow.collect(0, narrow.n_blocks, 2))
    got = sized.collect(0, sized.n_blocks, 2)
    np.testing.assert_array_equal(got, expected)
    assert sized.count(1) == sized.count(2) == len(expected)
    if len(expected):
        a, b = narrow.attributes(expected, True, 2), sized.attributes(expected, True, 2)
        for key in ("size", "W", "winning", "minimal_winning", "blocking", "n_pivotal",
                    "connected", "minimal_connected_winning", "connected_ties"):
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)


@SETTINGS
@given(st.data())
def test_sized_top_k_matches(hd: st.DataObject) -> None:
    data, rule = hd.draw(cases(max_n=9), label="case")
    filters = foedus_filters(hd.draw(filter_kwargs(data), label="filters"), data, False)
    k = hd.draw(st.integers(1, 20), label="k")
    score = {"size": -1.0, f"weight_{data.weight_names[0]}": 0.5, "winning": 2.0,
             "n_pivotal": 0.25}
    actors = build_actors(data)
    frule = to_foedus_rule(rule, data)
    f = _filters(actors, frule, warn=False, **filters)
    narrow = _engine(actors, frule, f, score=score).engine
    sized = _sized_query(actors, frule, f, score=score).engine
    m1, s1 = narrow.top_k(k, 2)
    m2, s2 = sized.top_k(k, 1)
    np.testing.assert_array_equal(m1, m2)
    np.testing.assert_array_equal(s1, s2)


def big_actors(n: int, seed: int) -> ActorSet:
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 10, n).round(1)
    ties = np.triu((rng.random((n, n)) < 0.05).astype(float), 1)
    return ActorSet([f"a{i}" for i in range(n)], {"seats": rng.integers(1, 100, n)},
                    positions={"lr": pos}, ties=ties + ties.T)


def test_beyond_64_actors_against_itertools() -> None:
    n = 90
    actors = big_actors(n, seed=90)
    seats = [int(s) for s in actors.weights[:, 0]]
    q = sum(seats) * 3 // 100 + 1
    rule = Rule.quota(q, "seats") & Rule.count(2)
    table = foedus.enumerate_coalitions(actors, rule, winning=True, max_size=3)
    assert table.size_order and table.masks.shape[1] == 2
    expected = sorted((c for s in (2, 3) for c in itertools.combinations(range(n), s)
                       if sum(seats[i] for i in c) >= q),
                      key=lambda c: (len(c), sum(1 << i for i in c)))
    got = [tuple(actors.names.index(x) for x in table.members(r)) for r in range(len(table))]
    assert got == expected  # by size, then colex = ascending mask
    assert foedus.count_coalitions(actors, rule, winning=True, max_size=3) == len(expected)
    # minimal winning: no member can leave
    mwc = foedus.enumerate_coalitions(actors, rule, minimal=True, max_size=3)
    want = [c for c in expected if all(sum(seats[i] for i in c) - seats[j] < q or len(c) == 2
                                       for j in c)]
    assert len(mwc) == len(want) and bool(mwc["minimal_winning"].all())
    # streaming in chunks gives the same rows
    chunks = list(foedus.iter_coalitions(actors, rule, winning=True, max_size=3,
                                         chunk_size=5000))
    assert [bitset_to_int(r) for c in chunks for r in c.masks] == [
        bitset_to_int(r) for r in table.masks]


def test_top_k_and_threads_beyond_64_actors() -> None:
    actors = big_actors(200, seed=2)
    rule = Rule.majority("seats")
    score = {"weight_seats": 1.0, "range_lr": -3.0, "connected_ties": 5.0}
    kw: dict[str, Any] = dict(max_size=2, top_k=15, score=score)
    one = foedus.enumerate_coalitions(actors, rule, n_threads=1, **kw)
    two = foedus.enumerate_coalitions(actors, rule, n_threads=2, **kw)
    np.testing.assert_array_equal(one.masks, two.masks)
    np.testing.assert_array_equal(one["score"], two["score"])
    full = foedus.enumerate_coalitions(actors, rule, max_size=2, score=score)
    assert len(full) == 200 + math.comb(200, 2)
    order = np.lexsort((np.arange(len(full)), -full["score"]))[:15]
    np.testing.assert_array_equal(one["score"], full["score"][order])


def test_many_free_actors_use_the_size_bounded_kernel() -> None:
    actors = big_actors(60, seed=60)
    rule = Rule.majority("seats")
    t = foedus.enumerate_coalitions(actors, rule, max_size=2)
    assert t.size_order and t.masks.ndim == 1 and len(t) == 60 + math.comb(60, 2)
    assert foedus.count_coalitions(actors, rule, winning=False, max_size=3) == sum(
        math.comb(60, s) for s in (1, 2, 3))


def test_few_free_actors_need_no_size_bound() -> None:
    actors = big_actors(100, seed=3)
    table = foedus.enumerate_coalitions(actors, Rule.majority("seats"),
                                        exclude=[f"a{i}" for i in range(90)])
    assert len(table) == 2**10 - 1 and table.masks.shape == (1023, 2)


def test_errors() -> None:
    actors = big_actors(100, seed=1)
    rule = Rule.majority("seats")
    with pytest.raises(ValueError, match="limit of 64.*max_size"):
        foedus.enumerate_coalitions(actors, rule, winning=True)
    with pytest.raises(ValueError, match="too many to enumerate.*lower max_size"):
        foedus.enumerate_coalitions(actors, rule, winning=True, max_size=40)
    huge = ActorSet([f"a{i}" for i in range(3000)], {"seats": np.ones(3000)})
    with pytest.raises(ValueError, match="max_memory"):
        foedus.enumerate_coalitions(huge, Rule.count(1), max_size=3, max_memory=10**6)
