"""top_k scores whole blocks of coalitions column-wise (cpp/include/foedus/block_score.hpp); the
table's score column comes from the per-coalition path. The two must agree bitwise for every
score column, rule shape, filter and representation of weights and positions."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

import foedus
from foedus import ActorSet, Rule

N = 13  # 2^3 outer blocks of 2^10 inner coalitions


def make_actors(positions: str, weights: str, seed: int = 5) -> ActorSet:
    rng = np.random.default_rng(seed)
    if weights == "small":
        seats = rng.integers(0, 60, N)
    elif weights == "int64":  # totals beyond 2^31 (64-bit fast path)
        seats = rng.integers(0, 10**9, N) * 7
    else:  # totals beyond 2^52 (conversions to double without the exact shortcut)
        seats = rng.integers(0, 2**55, N)
    seats[3] = 0
    members = np.ones(N, dtype=np.int64)
    if positions == "decimal":  # exact 64-bit moments
        pos = rng.uniform(-5, 10, (N, 2)).round(3)
    elif positions == "wide":  # exact, but moments need 128 bits
        pos = rng.integers(-10**6, 10**6, (N, 2)) * 1000.0
    else:  # inexact: double-double moments
        pos = rng.uniform(-5, 10, (N, 2)) * np.pi
    pos[rng.random((N, 2)) < 0.2] = np.nan
    empty = np.full(N, np.nan)  # a dimension nobody is placed on
    ties = np.triu((rng.random((N, N)) < 0.3).astype(float), 1)
    return ActorSet(
        [f"a{i}" for i in range(N)],
        {"seats": seats, "members": members},
        positions={"lr": pos[:, 0], "eu": pos[:, 1], "none": empty},
        ties=ties + ties.T,
    )


RULES = {
    "single": Rule.majority("seats"),
    "and_of_quotas": Rule.majority("seats") & Rule.count(4),
    "two_weighted": Rule.share("0.4", "seats") & Rule.share("0.5", "members"),
    "generic": Rule.share("0.6", "seats") | Rule.veto(["a0", "a11"]),
}

FILTERS: list[dict[str, Any]] = [
    {},
    {"winning": True},
    {"winning": False, "blocking": True},
    {"minimal": True},  # few matches per block: scored one by one
    {"include": ["a1"], "exclude": ["a4", "a12"]},
    {"connected": "lr", "max_size": 9},
    {"min_size": 3, "max_size": 7},
]


def all_columns(actors: ActorSet, rule: Rule) -> dict[str, float]:
    """Every column the block path scores, except those NaN for every coalition (they would
    make every score NaN), with assorted coefficients."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", foedus.ImproperGameWarning)
        table = foedus.enumerate_coalitions(actors, rule)
    skip = {"mask", "diameter", "connected_ties", "minimal_connected_winning_ties"}
    cols = [c for c in table.columns if c not in skip and not np.all(np.isnan(table[c]))]
    assert len(cols) >= 25, cols
    rng = np.random.default_rng(len(cols))
    return {c: float(rng.choice([-1.5, -0.3, 0.25, 1.0, 2.0])) for c in cols}


def assert_top_k_matches_table(actors: ActorSet, rule: Rule, score: dict[str, float],
                               weight: str, all_nan: bool = False, **filters: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", foedus.ImproperGameWarning)
        full = foedus.enumerate_coalitions(actors, rule, score=score, weight=weight, **filters)
        if len(full) == 0:
            return
        top = foedus.enumerate_coalitions(actors, rule, score=score, weight=weight,
                                          top_k=len(full), **filters)
    if not all_nan:
        assert np.mean(np.isnan(full["score"])) < 0.5, "the score is NaN almost everywhere"
    order = np.lexsort((full.masks, -np.nan_to_num(full["score"], nan=-np.inf)))
    np.testing.assert_array_equal(top.masks, full.masks[order])
    # bitwise: compare the bytes, so that NaN == NaN and 0.0 != -0.0
    assert top["score"].tobytes() == full["score"][order].tobytes()


@pytest.mark.parametrize("positions", ["decimal", "wide", "inexact"])
@pytest.mark.parametrize("weights", ["small", "int64", "huge"])
def test_every_column_bitwise_equal_to_the_table(positions: str, weights: str) -> None:
    actors = make_actors(positions, weights)
    for rule in RULES.values():
        score = all_columns(actors, rule)
        for weight in ("seats", "members"):
            assert_top_k_matches_table(actors, rule, score, weight)
        for filters in FILTERS:
            assert_top_k_matches_table(actors, rule, score, "seats", **filters)


@pytest.mark.parametrize("column", ["size", "weight_seats", "share_members", "n_pivotal",
                                    "n_surplus_members", "winning", "minimal_winning",
                                    "blocking", "blocking_minority", "range_lr",
                                    "dispersion_eu", "unplaced_lr", "connected_none",
                                    "minimal_connected_winning_lr", "includes_median_eu",
                                    "largest_share", "herfindahl", "effective_number",
                                    "includes_largest", "range_none", "dispersion_none"])
@pytest.mark.parametrize("rule_name", sorted(RULES))
def test_each_column_alone(column: str, rule_name: str) -> None:
    actors = make_actors("decimal", "small", seed=11)
    assert_top_k_matches_table(actors, RULES[rule_name], {column: -0.7}, "seats",
                               all_nan=column.endswith("_none") and column != "connected_none")


@pytest.mark.parametrize("score", [
    {"diameter": -1.0, "herfindahl": 1.0},  # not scored by blocks: per coalition
    {"minimal_connected_winning_ties": 1.0, "range_lr": -0.5},
    {"surplus_seats": -1.0, "size": 0.5},
])
def test_scores_outside_the_block_path_agree_too(score: dict[str, float]) -> None:
    actors = make_actors("decimal", "small", seed=3)
    rule = RULES["and_of_quotas"]
    assert_top_k_matches_table(actors, rule, score, "seats")
    assert_top_k_matches_table(actors, rule, score, "seats", winning=True)
