"""Formation theories against a brute-force reference, on real and synthetic parliaments."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import foedus
from foedus import THEORIES, ActorSet, Rule, gamson_shares, predict_coalitions
from foedus.datasets import bundestag_2021, parlgov_formations

from reference import exact, reference_table
from strategies import actor_data
from test_coalitions_reference import build_actors

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def expected_masks(rows: list[dict], theory: str, crit: str, dim: str | None) -> set[int]:
    """The reference prediction of a theory from the brute-force attribute rows."""
    mw = [r for r in rows if r["minimal_winning"]]
    if theory == "minimal_winning":
        return {r["mask"] for r in mw}
    if theory == "laver_shepsle":
        return {r["mask"] for r in rows if r["size"] == 1 and r[f"includes_median_{dim}"]}
    if theory == "minimal_connected":
        return {r["mask"] for r in rows if r[f"minimal_connected_winning_{dim}"]}
    if theory == "median_party":
        return {r["mask"] for r in mw if r[f"includes_median_{dim}"]}
    key = {"minimum_winning": f"weight_{crit}", "bargaining": "size",
           "minimal_range": f"range_{dim}", "minimal_dispersion": f"dispersion_{dim}"}[theory]
    vals = [r[key] for r in mw if not math.isnan(r[key])]
    if not vals:
        return set()
    best = min(vals)
    tol = 1e-9 * max(1.0, abs(best))  # dispersion: the reference sums floats differently
    return {r["mask"] for r in mw if not math.isnan(r[key]) and r[key] - best <= tol}


@SETTINGS
@given(data=actor_data(max_n=8, max_criteria=1, ties=False),
       theory=st.sampled_from(sorted(THEORIES)), share=st.sampled_from(["0.5", "0.6", "0.75"]))
def test_theories_match_brute_force(data, theory: str, share: str) -> None:
    assume(data.dims and sum(exact(x) for x in data.weights[0]) > 0)
    actors = build_actors(data)
    crit = data.criteria[0]
    desc = ("share", 0, exact(share))
    rule = Rule.share(share, crit)
    dim = data.dims[0]
    rows = reference_table(data, desc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", foedus.ImproperGameWarning)
        pred = predict_coalitions(actors, rule, theory=theory, dimension=dim)
    got = {pred.table.mask_int(i) for i in range(len(pred))}
    assert got == expected_masks(rows, theory, crit, dim)
    assert pred.theory == theory


def test_bundestag_2021_predictions() -> None:
    parl = bundestag_2021()
    rule = Rule.majority("seats")
    got = {t: predict_coalitions(parl, rule, theory=t).coalitions for t in THEORIES}
    assert got["minimum_winning"] == [("CDU+CSU", "FDP", "AfD")]  # 372 seats
    assert got["bargaining"] == [("SPD", "CDU+CSU")]
    assert got["laver_shepsle"] == [("FDP",)]  # the median seat on left-right
    assert ("SPD", "B90/Gru", "FDP") in got["median_party"]
    assert len(got["minimal_winning"]) == 7
    pred = predict_coalitions(parl, rule, theory="minimum_winning")
    assert pred.criterion == "weight_seats" and pred.table["weight_seats"].tolist() == [372]
    assert ("CDU+CSU", "FDP", "AfD") in pred and "minimum_winning" in repr(pred)
    assert len(pred.to_frame()) == 1


def test_all_theories_on_parlgov_and_shared_enumeration() -> None:
    formations = parlgov_formations()[:150]
    for f in formations:
        preds = f.predict()
        assert set(preds) == set(THEORIES)
        for theory, pred in preds.items():
            single = f.predict(theory)
            assert single.coalitions == pred.coalitions
        # every minimum winning coalition is minimal winning and has the least seats
        mw = preds["minimal_winning"].table
        if len(mw):
            assert preds["minimum_winning"].table["weight_seats"].min() == mw[
                "weight_seats"].min()


def test_synthetic_parliament_with_many_tiny_parties() -> None:
    """80 parties of 1-3 seats and one of 40: theories still answer (minimal winning
    coalitions by branch and bound, not 2^80 subsets)."""
    rng = np.random.default_rng(4)
    seats = np.concatenate([[40], rng.integers(1, 4, 80)])
    pos = np.concatenate([[5.0], rng.uniform(0, 10, 80)])
    parl = ActorSet([f"p{i}" for i in range(81)], {"seats": seats}, positions={"left_right": pos})
    total = int(seats.sum())
    rule = Rule.quota(total - 3, "seats")  # few minimal winning coalitions: leave out <= 3
    pred = predict_coalitions(parl, rule, theory="bargaining")
    assert len(pred) > 0 and all(len(c) == pred.table["size"][0] for c in pred.coalitions)
    ls = predict_coalitions(parl, rule, theory="laver_shepsle")
    assert len(ls) in (1, 2)


def test_gamson_and_errors() -> None:
    parl = bundestag_2021()
    shares = gamson_shares(parl, ["SPD", "B90/Gru", "FDP"])
    assert shares == pytest.approx({"SPD": 206 / 416, "B90/Gru": 118 / 416, "FDP": 92 / 416})
    assert sum(shares.values()) == pytest.approx(1.0)
    zero = ActorSet(["A", "B"], {"seats": [0, 0]})
    with pytest.raises(ValueError, match="weight"):
        gamson_shares(zero, ["A"])
    with pytest.raises(ValueError, match="coalition"):
        gamson_shares(parl, [])
    with pytest.raises(ValueError, match="theory"):
        predict_coalitions(parl, Rule.majority("seats"), theory="riker")
    flat = ActorSet(["A", "B"], {"seats": [3, 2]})
    with pytest.raises(ValueError, match="dimension"):
        predict_coalitions(flat, Rule.majority("seats"), theory="minimal_range")


# --------------------------------------------------------------------------- evaluation

LAVER_SCHOFIELD_COUNTRIES = ("AUT", "BEL", "DNK", "FIN", "DEU", "ISL", "IRL", "ITA", "LUX",
                             "NLD", "NOR", "SWE")


def _opportunity(seats: list[int], cabinet: tuple[str, ...], lr: list[float],
                 cid: int = 1) -> foedus.FormationOpportunity:
    names = [chr(ord("A") + i) for i in range(len(seats))]
    actors = ActorSet(names, {"seats": seats}, positions={"left_right": lr})
    return foedus.FormationOpportunity(cid, "X", "Xland", "2000-01-01", "2000-02-01", "c",
                                       True, False, actors, sum(seats), cabinet, cabinet[0])


def test_evaluation_by_hand() -> None:
    # A 40, B 35, C 25 (quota 51): minimal winning AB, AC, BC; minimum winning BC (60);
    # positions A 1, B 5, C 9: minimal range AB (4); median party B (cumulative 40 < 50 <= 75)
    f1 = _opportunity([40, 35, 25], ("A", "B"), [1.0, 5.0, 9.0], 1)
    f2 = _opportunity([60, 30, 10], ("A",), [1.0, 5.0, 9.0], 2)  # single-party majority
    ev = foedus.evaluate_theories([f1, f2], ["minimal_winning", "minimum_winning",
                                             "minimal_range", "laver_shepsle"])
    mw = ev.row("minimal_winning")
    assert mw["n"] == 2 and mw["hits"] == 2 and mw["mean_predicted"] == 2.0  # 3 and 1
    assert mw["area"] == pytest.approx((3 / 7 + 1 / 7) / 2)
    assert mw["success"] == pytest.approx(1.0 - (3 / 7 + 1 / 7) / 2)
    assert ev.row("minimum_winning", "minority")["hits"] == 0  # BC predicted, AB formed
    assert ev.row("minimal_range", "minority")["hits"] == 1
    assert ev.row("laver_shepsle", "minority")["hits"] == 0  # B alone predicted
    assert ev.row("laver_shepsle", "majority")["hits"] == 1  # A is the median and a majority
    out = {o["situation"]: o for o in ev.outcomes}
    assert out["minority"]["minimal winning"] == 1.0 and out["majority"]["n"] == 1
    assert "Selten" in repr(ev) and "<table>" in ev._repr_html_()
    assert ev.to_frame().shape[0] == len(ev.rows)
    with pytest.raises(ValueError, match="theories"):
        foedus.evaluate_theories([f1], ["nonsense"])
    with pytest.raises(ValueError, match="opportunities"):
        foedus.evaluate_theories([])
    with pytest.raises(TypeError, match="opportunities"):
        foedus.evaluate_theories([1, 2])


def test_parlgov_evaluation_and_laver_schofield() -> None:
    formations = parlgov_formations()
    ev = foedus.evaluate_theories(formations, ["minimal_winning", "bargaining"])
    out = {o["situation"]: o for o in ev.outcomes}
    # a minimal winning cabinet is exactly a hit of the minimal-winning theory
    assert ev.row("minimal_winning")["hit_rate"] == pytest.approx(out["all"]["minimal winning"])
    # Laver and Schofield (1990): of 196 cabinets formed in minority situations in 12 European
    # democracies 1945-87, 39% minimal winning, 23% surplus, 37% minority
    subset = [f for f in formations if f.country in LAVER_SCHOFIELD_COUNTRIES
              and "1945-01-01" <= f.start_date <= "1987-12-31" and f.minority_situation]
    ls = foedus.evaluate_theories(subset, ["minimal_winning"]).outcomes[0]
    assert ls["situation"] == "all" and 200 <= ls["n"] <= 260
    for kind, published in (("minimal winning", 0.39), ("surplus", 0.23), ("minority", 0.37)):
        assert abs(ls[kind] - published) < 0.05, (kind, ls[kind])
