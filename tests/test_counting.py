"""count_coalitions by dynamic programming over weights (foedus.counting) against brute force
(n <= 10), the enumeration kernel (n <= 30), an independent pure-Python subset-sum count
(n = 51, 100, 300) and identities that hold for every weighted game."""

from __future__ import annotations

import math
import pickle
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import foedus
from foedus import Rule
from foedus.counting import _is_prime, crt, primes_for
from foedus.datasets import us_electoral_college_2024

from reference import reference_filter, reference_table, to_foedus_rule
from strategies import _leaf_rules, actor_data, filter_kwargs
from test_coalitions_reference import SETTINGS, build_actors, foedus_filters

pytestmark = pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")

QUOTA_KINDS = ("quota", "share", "majority", "count")
DP = "dynamic programming over weights"


@SETTINGS
@given(st.data())
def test_dp_matches_brute_force(hd: st.DataObject) -> None:
    data = hd.draw(actor_data(max_n=10), label="data")
    rule = hd.draw(_leaf_rules(data).filter(lambda r: r[0] in QUOTA_KINDS), label="rule")
    filters = hd.draw(filter_kwargs(data), label="filters")
    filters.pop("connected", None)
    by_size = hd.draw(st.booleans(), label="by_size")
    actors = build_actors(data)
    frule = to_foedus_rule(rule, data)
    rows = reference_filter(reference_table(data, rule), **filters)
    got = foedus.count_coalitions(actors, frule, method="dp", by_size=by_size,
                                  **foedus_filters(filters, data, False))
    assert got.method == DP
    if by_size:
        expected = Counter(r["size"] for r in rows)
        assert list(got.counts) == [expected.get(s, 0) for s in range(data.n + 1)]
        assert got.total == len(rows)
    else:
        assert got == len(rows)


def random_game(n: int, seed: int, high: int = 100) -> foedus.ActorSet:
    rng = np.random.default_rng(seed)
    return foedus.ActorSet([f"p{i}" for i in range(n)], {"seats": rng.integers(1, high + 1, n)})


FILTER_SETS: list[dict[str, Any]] = [
    {"winning": True},
    {"winning": False},
    {"minimal": True},
    {"blocking": True},
    {"winning": False, "blocking": True},
    {"minimal": True, "blocking": True},
    {"winning": True, "min_size": 5, "max_size": 9},
    {"minimal": True, "include": ["p3"], "exclude": ["p0", "p7"]},
    {"winning": True, "include": ["p1", "p2"]},
]


@pytest.mark.parametrize("filters", FILTER_SETS, ids=lambda f: "-".join(map(str, f.items())))
@pytest.mark.parametrize("rule", [Rule.majority("seats"), Rule.share("2/3", "seats"),
                                  Rule.quota(37, "seats"), Rule.count(9)], ids=repr)
def test_dp_matches_the_enumeration_kernel(filters: dict[str, Any], rule: Rule) -> None:
    actors = random_game(20, seed=4)
    for by_size in (False, True):
        dp = foedus.count_coalitions(actors, rule, method="dp", by_size=by_size, **filters)
        en = foedus.count_coalitions(actors, rule, method="enumeration", by_size=by_size,
                                     **filters)
        assert (dp.method, en.method) == (DP, "enumeration")
        if by_size:
            assert list(dp.counts) == list(en.counts)
        else:
            assert dp == en


def test_dp_matches_the_enumeration_kernel_at_n_30() -> None:
    actors = random_game(30, seed=30, high=60)
    rule = Rule.majority("seats")
    for filters in ({"winning": True}, {"minimal": True}, {"blocking": True, "winning": False}):
        assert (foedus.count_coalitions(actors, rule, method="dp", **filters)
                == foedus.count_coalitions(actors, rule, method="enumeration", **filters))


def subset_sums(weights: list[int]) -> dict[int, int]:
    """Number of subsets by total weight (plain Python ints; independent of foedus)."""
    counts = {0: 1}
    for w in weights:
        nxt = dict(counts)
        for s, c in counts.items():
            nxt[s + w] = nxt.get(s + w, 0) + c
        counts = nxt
    return counts


def independent_counts(weights: list[int], q: int) -> tuple[int, int, int]:
    """(winning, blocking minorities, minimal winning) from subset sums: minimal winning
    coalitions are counted by their lightest member, with only heavier-or-equal actors (in a
    fixed order) beside it."""
    sums = subset_sums(weights)
    total = sum(weights)
    winning = sum(c for s, c in sums.items() if s >= q)
    blocking_minority = sum(c for s, c in sums.items() if total - q < s < q)
    order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    minimal = 0
    for k, i in enumerate(order):
        before = subset_sums([weights[j] for j in order[:k]])
        minimal += sum(c for s, c in before.items() if q - weights[i] <= s < q)
    return winning, blocking_minority, minimal


def test_us_electoral_college() -> None:
    ec = us_electoral_college_2024()
    votes = [int(v) for v in ec.weights[:, 0]]
    assert len(votes) == 51 and sum(votes) == 538
    rule = Rule.quota(270, "electoral_votes")
    win = foedus.count_coalitions(ec, rule, winning=True)
    lose = foedus.count_coalitions(ec, rule, winning=False)
    ties = foedus.count_coalitions(ec, rule, winning=False, blocking=True)
    mwc = foedus.count_coalitions(ec, rule, minimal=True)
    assert win.method == lose.method == mwc.method == DP  # 2^51 could not be enumerated
    assert win + lose == 2**51 - 1
    # a 269-269 tie is exactly a losing coalition whose complement loses too
    assert 2 * win + ties == 2**51
    assert (win, ties, mwc) == independent_counts(votes, 270)
    sizes = foedus.count_coalitions(ec, rule, minimal=True, by_size=True)
    assert sizes.total == mwc and sizes.counts[0] == 0
    assert all(sizes.counts[s] <= math.comb(51, s) for s in range(52))


def test_random_game_of_100_against_independent_counts() -> None:
    actors = random_game(100, seed=100, high=20)
    weights = [int(w) for w in actors.weights[:, 0]]
    rule = Rule.majority("seats")
    got = (foedus.count_coalitions(actors, rule, winning=True),
           foedus.count_coalitions(actors, rule, winning=False, blocking=True),
           foedus.count_coalitions(actors, rule, minimal=True))
    assert got == independent_counts(weights, sum(weights) // 2 + 1)
    assert got[0] > 2**98  # far beyond 64 bits, still exact


def test_random_game_of_300_winning_and_ties() -> None:
    actors = random_game(300, seed=300, high=20)
    weights = [int(w) for w in actors.weights[:, 0]]
    q, total = sum(weights) // 2 + 1, sum(weights)
    sums = subset_sums(weights)
    rule = Rule.majority("seats")
    assert foedus.count_coalitions(actors, rule, winning=True) == sum(
        c for s, c in sums.items() if s >= q)
    assert foedus.count_coalitions(actors, rule, winning=False, blocking=True) == sum(
        c for s, c in sums.items() if total - q < s < q)


def test_thread_count_does_not_change_counts() -> None:
    actors = random_game(120, seed=1)
    rule = Rule.majority("seats")
    one = foedus.count_coalitions(actors, rule, minimal=True, by_size=True, n_threads=1)
    two = foedus.count_coalitions(actors, rule, minimal=True, by_size=True, n_threads=2)
    assert list(one.counts) == list(two.counts)


def test_auto_method_and_results() -> None:
    actors = random_game(12, seed=2)
    rule = Rule.majority("seats")
    assert foedus.count_coalitions(actors, rule).method == "binomial coefficients"
    assert foedus.count_coalitions(actors, rule, max_size=3) == sum(
        math.comb(12, s) for s in range(1, 4))
    lisbon_like = rule & Rule.count(3)
    assert foedus.count_coalitions(actors, lisbon_like, winning=True).method == "enumeration"
    big = random_game(80, seed=3)
    c = foedus.count_coalitions(big, rule, winning=True)
    assert c.method == DP and isinstance(c, int)
    assert pickle.loads(pickle.dumps(c)) == c and pickle.loads(pickle.dumps(c)).method == DP
    sc = foedus.count_coalitions(actors, rule, winning=True, by_size=True)
    assert "SizeCounts(total=" in repr(sc) and sc.to_frame()["count"].sum() == sc.total


def test_bad_input_and_limits() -> None:
    actors = random_game(70, seed=5)
    with pytest.raises(ValueError, match="method"):
        foedus.count_coalitions(actors, Rule.majority("seats"), winning=True, method="magic")
    with pytest.raises(TypeError, match="by_size"):
        foedus.count_coalitions(actors, Rule.majority("seats"), by_size=1)
    # n > 64 and a rule the DP does not cover: a clear error naming both limits
    with pytest.raises(ValueError, match="64.*single weighted quota"):
        foedus.count_coalitions(actors, Rule.majority("seats") & Rule.count(3), winning=True)
    small = random_game(10, seed=5)
    with pytest.raises(ValueError, match='method="dp".*single weighted quota'):
        foedus.count_coalitions(small, Rule.majority("seats") | Rule.veto(["p1"]),
                                winning=True, method="dp")
    with pytest.raises(ValueError, match="enumeration of all coalitions handles at most 64"):
        foedus.count_coalitions(actors, Rule.majority("seats"), winning=True,
                                method="enumeration")
    huge = foedus.ActorSet([f"p{i}" for i in range(70)], {"pop": [10**12 + i for i in range(70)]})
    with pytest.raises(ValueError, match="GiB.*rescale the weights"):
        foedus.count_coalitions(huge, Rule.majority("pop"), winning=True)


def test_primes_and_crt() -> None:
    ps = primes_for(500)
    assert len(ps) == math.ceil(501 / 61) and all(_is_prime(p) for p in ps)
    assert all(2**61 < p < 2**62 for p in ps) and len(set(ps)) == len(ps)
    assert not _is_prime(2**62 - 1) and _is_prime(2**61 - 1)
    x = 3**300
    assert crt([x % p for p in ps], ps) == x
