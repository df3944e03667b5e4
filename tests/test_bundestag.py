"""Real data: coalitions of the German Bundestag after the 2021 election (ParlGov).

Facts checked by hand from the seat counts (SPD 206, CDU/CSU 197, Greens 118, FDP 92, AfD 83,
Left 39, SSW 1; 736 seats, majority 369) and ParlGov's left-right positions (Left 1.22 <
Greens 2.93 < SPD 3.65 < FDP 5.92 < CDU/CSU 6.25 < AfD 8.80; SSW has none).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

import foedus
from foedus.datasets import bundestag_2021

SEATS = {"SPD": 206, "CDU+CSU": 197, "B90/Gru": 118, "FDP": 92, "AfD": 83, "PDS|Li": 39, "SSW": 1}
LR = {
    "PDS|Li": 1.2152,
    "B90/Gru": 2.9308,
    "SPD": 3.6451,
    "FDP": 5.9233,
    "CDU+CSU": 6.2503,
    "AfD": 8.8,
}


@pytest.fixture(scope="module")
def parl() -> foedus.ActorSet:
    return bundestag_2021()


def as_sets(table: foedus.CoalitionTable) -> set[frozenset[str]]:
    return {frozenset(table.members(i)) for i in range(len(table))}


def hand_minimal_winning() -> set[frozenset[str]]:
    out = set()
    names = list(SEATS)
    for r in range(1, len(names) + 1):
        for c in combinations(names, r):
            w = sum(SEATS[p] for p in c)
            if w >= 369 and all(w - SEATS[p] < 369 for p in c):
                out.add(frozenset(c))
    return out


def test_data_is_the_2021_parliament(parl: foedus.ActorSet) -> None:
    assert dict(zip(parl.names, parl.weight("seats").astype(int), strict=True)) == SEATS
    lr = parl.positions[:, parl.dimension("left_right")]
    assert np.isnan(lr[parl.index("SSW")])
    for p, x in LR.items():
        assert lr[parl.index(p)] == pytest.approx(x)


def test_every_minimal_winning_coalition(parl: foedus.ActorSet) -> None:
    table = foedus.enumerate_coalitions(parl, foedus.Rule.majority("seats"), minimal=True)
    assert as_sets(table) == hand_minimal_winning()
    assert frozenset({"SPD", "B90/Gru", "FDP"}) in as_sets(table)
    assert table["minimal_winning"].all() and table["winning"].all()


def test_minimal_connected_winning_on_left_right(parl: foedus.ActorSet) -> None:
    rule = foedus.Rule.majority("seats")
    mcw = as_sets(foedus.enumerate_coalitions(parl, rule, minimal=True, connected="left_right"))
    # Each is connected on left-right (contiguous in the order above, SSW ignored), winning,
    # and no single removal leaves a connected winning coalition.
    assert mcw == {
        frozenset({"SPD", "CDU+CSU", "FDP"}),
        frozenset({"SPD", "B90/Gru", "FDP"}),
        frozenset({"CDU+CSU", "FDP", "AfD"}),
    }
    traffic_light = frozenset({"SPD", "B90/Gru", "FDP"})
    grand = frozenset({"SPD", "FDP", "CDU+CSU"})
    mwc = hand_minimal_winning()
    assert traffic_light in mcw and traffic_light in mwc
    assert grand in mcw and grand not in mwc


def test_ssw_without_position_neither_makes_nor_breaks_connectedness(parl: foedus.ActorSet) -> None:
    rule = foedus.Rule.majority("seats")
    t = foedus.enumerate_coalitions(parl, rule, include=["SSW"], winning=True)
    with_ssw = t.find(["SPD", "B90/Gru", "FDP", "SSW"])
    assert t["connected_left_right"][with_ssw]
    assert t["unplaced_left_right"][with_ssw] == 1
    assert t["range_left_right"][with_ssw] == pytest.approx(LR["FDP"] - LR["B90/Gru"])
    # SSW is not pivotal, and removing it leaves a connected winning coalition: not MCW.
    assert not t["minimal_connected_winning_left_right"][with_ssw]
    alone = foedus.enumerate_coalitions(parl, rule, include=["SSW"], max_size=1)
    assert len(alone) == 1 and alone["connected_left_right"][0]
    assert np.isnan(alone["range_left_right"][0]) and np.isnan(alone["dispersion_left_right"][0])


def test_surplus_and_pivots_of_the_traffic_light(parl: foedus.ActorSet) -> None:
    t = foedus.enumerate_coalitions(parl, foedus.Rule.majority("seats"), winning=True)
    row = t.find(["SPD", "B90/Gru", "FDP"])
    assert t["weight_seats"][row] == 416
    assert t["surplus"][row] == 416 - 369
    assert t["n_pivotal"][row] == 3 and t["n_surplus_members"][row] == 0
    assert t["includes_largest"][row]  # SPD is the largest party
    assert t["includes_median_left_right"][row]
    shares = np.array([206, 118, 92]) / 416
    assert t["herfindahl"][row] == pytest.approx((shares**2).sum(), rel=1e-12)
    assert t["largest_share"][row] == pytest.approx(206 / 416, rel=1e-12)


def test_median_party_is_the_fdp(parl: foedus.ActorSet) -> None:
    # Cumulative seats of placed parties left to right: Left 39, Greens 157, SPD 363,
    # FDP 455 of 735: the FDP holds the median seat (367.5).
    t = foedus.enumerate_coalitions(parl, foedus.Rule.majority("seats"), max_size=1)
    median = {t.members(i)[0] for i in range(len(t)) if t["includes_median_left_right"][i]}
    assert median == {"FDP"}


def test_counts_match_brute_force(parl: foedus.ActorSet) -> None:
    rule = foedus.Rule.majority("seats")
    names = list(SEATS)
    winning = sum(
        1 for r in range(1, 8) for c in combinations(names, r) if sum(SEATS[p] for p in c) >= 369
    )
    assert foedus.count_coalitions(parl, rule, winning=True) == winning
    assert foedus.count_coalitions(parl, rule) == 127
    assert foedus.count_coalitions(parl, rule, blocking=True, winning=False) == sum(
        1
        for r in range(1, 8)
        for c in combinations(names, r)
        if sum(SEATS[p] for p in c) < 369 and 736 - sum(SEATS[p] for p in c) < 369
    )
