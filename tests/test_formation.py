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
