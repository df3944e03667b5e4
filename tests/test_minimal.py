"""minimal_winning_coalitions (branch and bound, any n) against brute force (n <= 10), the
enumeration kernel (n <= 22), dynamic-programming counts and the table's own attributes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import foedus
from foedus import ActorSet, Rule
from foedus.bitsets import bitset_to_int
from foedus.datasets import us_electoral_college_2024

from reference import reference_filter, reference_table, to_foedus_rule
from strategies import _leaf_rules, _unambiguous, actor_data
from test_coalitions_reference import SETTINGS, build_actors

pytestmark = pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")

QUOTAS = ("quota", "share", "majority", "count")


@SETTINGS
@given(st.data())
def test_matches_brute_force(hd: st.DataObject) -> None:
    data = hd.draw(actor_data(max_n=10), label="data")
    leaf = _leaf_rules(data).filter(lambda r: r[0] in QUOTAS)
    parts = hd.draw(st.lists(leaf, min_size=1, max_size=3), label="leaves")
    rule = parts[0] if len(parts) == 1 else ("and", *parts)
    assume(_unambiguous(rule, data))  # the reference table's surplus columns must be defined
    max_size = hd.draw(st.one_of(st.none(), st.integers(1, data.n)), label="max_size")
    actors = build_actors(data)
    filters = {"minimal": True} | ({} if max_size is None else {"max_size": max_size})
    expected = sorted(r["mask"] for r in reference_filter(reference_table(data, rule), **filters))
    table = foedus.minimal_winning_coalitions(actors, to_foedus_rule(rule, data),
                                              max_size=max_size)
    assert [int(m) for m in table.masks] == expected


def random_game(n: int, seed: int) -> ActorSet:
    rng = np.random.default_rng(seed)
    return ActorSet([f"p{i}" for i in range(n)],
                    {"seats": rng.integers(0, 50, n), "pop": rng.integers(1, 1000, n)},
                    positions={"lr": rng.uniform(0, 10, n).round(1)})


@pytest.mark.parametrize("rule", [
    Rule.majority("seats"),
    Rule.share("0.3", "seats"),
    Rule.majority("seats") & Rule.share("0.6", "pop"),
    Rule.share("0.55", "pop") & Rule.count(8),
    Rule.count(5),
], ids=repr)
def test_matches_the_enumeration_kernel(rule: Rule) -> None:
    actors = random_game(20, seed=3)
    got = foedus.minimal_winning_coalitions(actors, rule)
    want = foedus.enumerate_coalitions(actors, rule, minimal=True)
    np.testing.assert_array_equal(got.masks, want.masks)
    for col in want.columns:
        np.testing.assert_array_equal(got[col], want[col], err_msg=col)


def test_beyond_64_actors() -> None:
    actors = random_game(100, seed=100)
    rule = Rule.share("0.04", "seats")
    t1 = foedus.minimal_winning_coalitions(actors, rule, max_size=3, n_threads=1)
    t2 = foedus.minimal_winning_coalitions(actors, rule, max_size=3, n_threads=2)
    np.testing.assert_array_equal(t1.masks, t2.masks)
    assert len(t1) == foedus.count_coalitions(actors, rule, minimal=True, max_size=3) > 1000
    assert t1.masks.shape[1] == 2 and bool(t1["minimal_winning"].all())  # wide attributes
    assert int(t1["size"].max()) <= 3
    values = [bitset_to_int(r) for r in t1.masks]
    assert values == sorted(values) and len(set(values)) == len(values)
    # an AND with a member count, checked against the table's own minimality
    both = foedus.minimal_winning_coalitions(actors, rule & Rule.count(3), max_size=3)
    assert len(both) > 0 and bool(both["minimal_winning"].all())
    assert set(map(bitset_to_int, both.masks)) >= {v for v, s in zip(values, t1["size"],
                                                                      strict=True) if s >= 3}


def test_us_electoral_college() -> None:
    ec = us_electoral_college_2024()
    rule = Rule.quota(270, "electoral_votes")
    t = foedus.minimal_winning_coalitions(ec, rule, max_size=12)
    assert len(t) == foedus.count_coalitions(ec, rule, minimal=True, max_size=12)
    assert set(t["size"].tolist()) == {12} and bool(t["minimal_winning"].all())
    assert (t["weight_electoral_votes"] >= 270).all()


def test_limits_and_bad_input() -> None:
    actors = random_game(80, seed=8)
    rule = Rule.majority("seats")
    with pytest.raises(ValueError, match=r"there are [\d,]+ minimal winning.*max_results = 10"):
        foedus.minimal_winning_coalitions(actors, rule, max_results=10)
    with pytest.raises(ValueError, match="search stopped after"):
        foedus.minimal_winning_coalitions(actors, rule & Rule.count(3), max_results=10)
    with pytest.raises(ValueError, match="one quota or an AND of quotas"):
        foedus.minimal_winning_coalitions(actors, rule | Rule.veto(["p1"]))
    with pytest.raises(ValueError, match="max_size"):
        foedus.minimal_winning_coalitions(actors, rule, max_size=0)
    with pytest.raises(TypeError, match="rule"):
        foedus.minimal_winning_coalitions(actors, "majority")
    empty = foedus.minimal_winning_coalitions(actors, rule, max_size=1)
    assert len(empty) == 0


def test_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search stops once its results would outgrow the memory limit (a quarter of the RAM;
    here a few kilobytes)."""
    actors = random_game(80, seed=8)
    monkeypatch.setattr(foedus.minimal, "_memory_limit", lambda: 20_000)
    with pytest.raises(ValueError, match="would need more than .* GiB.*stopped after"):
        foedus.minimal_winning_coalitions(actors, Rule.majority("seats") & Rule.count(3),
                                          max_results=10**9)


def test_many_actors_few_results() -> None:
    """Review finding: 3000 actors with one minimal winning coalition used to be refused by a
    memory estimate based on max_results."""
    n = 3000
    weights = [1] * n
    weights[0] = weights[1] = 10**6
    actors = ActorSet([f"a{i}" for i in range(n)], {"w": weights})
    t = foedus.minimal_winning_coalitions(actors, Rule.quota(2 * 10**6, "w"))
    assert len(t) == 1 and t.members(0) == ("a0", "a1") and t.masks.shape == (1, 47)
