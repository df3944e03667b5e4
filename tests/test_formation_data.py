"""ParlGov formation opportunities: the bundled copy, its loader and the edge cases."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from importlib.resources import files

import numpy as np
import pytest

from foedus import ActorSet, FormationOpportunity
from foedus.datasets import parlgov_formations


def _raw(name: str) -> list[dict[str, str]]:
    text = (files("foedus.datasets") / "data" / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@pytest.fixture(scope="module")
def everything() -> list[FormationOpportunity]:
    return parlgov_formations(include_caretakers=True)


def test_counts_match_the_bundled_tables(everything: list[FormationOpportunity]) -> None:
    cabinets = _raw("parlgov_cabinets")
    assert len(everything) == len(cabinets) == 1618
    caretakers = sum(int(r["caretaker"]) for r in cabinets)
    assert caretakers == 149
    assert len(parlgov_formations()) == 1618 - caretakers
    # every party row of a cabinet is an actor (pseudo-parties included by default)
    rows = Counter(r["cabinet_id"] for r in _raw("parlgov_cabinet_parties"))
    for f in everything:
        assert f.actors.n == rows[str(f.cabinet_id)]
    # the benchmark's population: all non-empty subsets of every parliament
    assert sum(2 ** f.actors.n - 1 for f in everything) == 18_611_706


def test_scholz_2021(everything: list[FormationOpportunity]) -> None:
    f = next(x for x in everything if x.country == "DEU" and x.start_date == "2021-12-08")
    assert f.cabinet == ("SPD", "B90/Gru", "FDP") and f.prime_minister == "SPD"
    assert f.quota == 369 and f.seats_total == 736 and f.post_election and not f.caretaker
    assert f.previous_cabinet == ("SPD", "CDU+CSU") and f.previous_prime_minister == "CDU+CSU"
    assert f.cabinet_type == "minimal winning" and f.minority_situation  # 206 + 118 + 92
    assert f.actors.dimensions == ("left_right", "state_market", "liberty_authority",
                                   "eu_anti_pro")
    assert np.isnan(f.actors.positions[f.actors.index("SSW")]).all()  # no ParlGov position
    assert f.rule.wins(f.actors, ["SPD", "CDU+CSU"])
    assert "Scholz" in repr(f)


def test_quota_uses_the_declared_total(everything: list[FormationOpportunity]) -> None:
    mismatched = [f for f in everything if int(f.seats.sum()) != f.seats_total]
    assert len(mismatched) == 59
    for f in everything:
        assert f.quota == f.seats_total // 2 + 1
        assert f.winnable


def test_pseudo_parties_kept_or_dropped() -> None:
    kept = parlgov_formations(include_caretakers=True)
    dropped = parlgov_formations(include_caretakers=True, unaffiliated="drop")
    by_id = {f.cabinet_id: f for f in dropped}
    n_none = 0
    for f in kept:
        flags = f.actors.attributes["unaffiliated"]
        g = by_id[f.cabinet_id]
        pseudo = [nm for nm, fl in zip(f.actors.names, flags, strict=True) if fl]
        n_none += "none" in pseudo
        assert g.actors.n == f.actors.n - len(pseudo)
        assert g.unaffiliated_seats == sum(int(f.seats[f.actors.index(p)]) for p in pseudo)
        assert set(g.cabinet) == set(f.cabinet) - set(pseudo)
        if f.prime_minister == "none":  # a non-partisan prime minister
            assert g.prime_minister is None and f.nonpartisan_members
    assert n_none > 0
    with pytest.raises(ValueError, match="unaffiliated"):
        parlgov_formations(unaffiliated="maybe")
    with pytest.raises(TypeError, match="include_caretakers"):
        parlgov_formations(include_caretakers="yes")


def test_duplicated_party_rows_are_merged(everything: list[FormationOpportunity]) -> None:
    """Seven cabinets of 1950s France list one party twice in ParlGov; the copy merges them."""
    pleven = next(f for f in everything if f.country == "FRA" and f.cabinet_name == "Pleven II")
    ids = pleven.actors.attributes["party_id"].tolist()
    assert len(ids) == len(set(ids))
    raw = defaultdict(int)
    for r in _raw("parlgov_cabinet_parties"):
        if int(r["cabinet_id"]) == pleven.cabinet_id:
            raw[int(r["party_id"])] += int(r["seats"])
    assert {int(i): int(s) for i, s in zip(ids, pleven.seats, strict=True)} == raw


def test_outcomes_and_situations(everything: list[FormationOpportunity]) -> None:
    kinds = Counter(f.cabinet_type for f in parlgov_formations())
    assert set(kinds) == {"minimal winning", "minority", "surplus"}
    assert sum(kinds.values()) == 1469
    # single-party majorities: a majority situation, and the cabinet is minimal winning
    single = [f for f in everything if not f.minority_situation and len(f.cabinet) == 1
              and f.cabinet_seats >= f.quota]
    assert single and all(f.cabinet_type == "minimal winning" for f in single)
    post = sum(f.post_election for f in everything)
    assert 0 < post < len(everything)
    # the first cabinet of a country has no predecessor and is post-election
    first = {}
    for f in everything:
        first.setdefault(f.country, f)
    assert all(f.previous_cabinet is None and f.post_election for f in first.values())


def test_zero_seat_members_and_synthetic_parliaments() -> None:
    """Zero-seat cabinet parties stay members but never make a cabinet surplus; a synthetic
    parliament with many tiny parties works the same way."""
    actors = ActorSet(["A", "B", "C"], {"seats": [60, 0, 40]})
    f = FormationOpportunity(1, "X", "Xland", "2000-01-01", "2000-02-01", "A I", True, False,
                             actors, 100, ("A", "B"), "A")
    assert f.cabinet_type == "minimal winning" and f.cabinet_seats == 60
    g = FormationOpportunity(2, "X", "Xland", "2000-01-01", "2000-02-01", "A II", True, False,
                             actors, 100, ("A", "B", "C"), "A")
    assert g.cabinet_type == "surplus"
    rng = np.random.default_rng(1)
    n = 80
    tiny = ActorSet([f"p{i}" for i in range(n)], {"seats": rng.integers(0, 4, n)})
    total = int(tiny.weight("seats").sum())
    h = FormationOpportunity(3, "Y", "Yland", "2001-01-01", "2001-02-01", "Many", True, False,
                             tiny, total, tuple(f"p{i}" for i in range(n)), None)
    assert h.minority_situation and h.cabinet_type == "surplus" and h.quota == total // 2 + 1
