"""The conditional-logit formation model: features by brute force, statsmodels, ParlGov."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import foedus
from foedus import STANDARD_FEATURES, ActorSet, FormationModel, cabinet_features
from foedus.datasets import parlgov_formations


def _opportunity(n: int = 6, seed: int = 0, cabinet: tuple[str, ...] = ("p0", "p1"),
                 previous: tuple[str, ...] | None = ("p0", "p2")) -> foedus.FormationOpportunity:
    rng = np.random.default_rng(seed)
    seats = rng.integers(0, 40, n)
    lr = rng.uniform(0, 10, n)
    lr[n - 1] = np.nan  # an unplaced party
    actors = ActorSet([f"p{i}" for i in range(n)], {"seats": seats},
                      positions={"left_right": lr})
    return foedus.FormationOpportunity(7, "X", "Xland", "2000-01-01", "2000-02-01", "c", True,
                                       False, actors, int(seats.sum()) + 3, cabinet, "p0",
                                       previous, previous[0] if previous else None)


def test_features_by_brute_force() -> None:
    f = _opportunity()
    n = f.actors.n
    seats = f.seats
    lr = f.actors.positions[:, 0]
    feats = list(STANDARD_FEATURES) + [("sum", "seats"), ("mean", "left_right"),
                                       ("max", "seats")]
    masks, X = cabinet_features(f, feats)
    assert len(masks) == 2 ** n - 1
    q = f.quota
    order = np.argsort(lr[:n - 1], kind="stable")  # the median seat among placed parties
    cum = np.cumsum(seats[:n - 1][order])
    half = seats[:n - 1].sum() / 2
    medians = {int(order[k]) for k in range(n - 1)
               if cum[k] - seats[order[k]] <= half <= cum[k]}
    prev = f.actors.mask(f.previous_cabinet)
    for m, row in zip(masks.tolist(), X, strict=True):
        s = [i for i in range(n) if m >> i & 1]
        w = int(sum(seats[i] for i in s))
        placed = [lr[i] for i in s if not math.isnan(lr[i])]
        minimal = w >= q and all(w - seats[i] < q for i in s)
        expected = [w < q, minimal, len(s), any(seats[i] == seats.max() for i in s),
                    bool(medians & set(s)), (max(placed) - min(placed)) if placed else 0.0,
                    0 in s, m == prev, w, None, max(seats[i] for i in s)]
        got = row.tolist()
        assert got[:9] == pytest.approx([float(x) for x in expected[:9]])
        assert got[10] == expected[10]


def test_agrees_with_statsmodels() -> None:
    """Opportunities with at most 8 parties: the same likelihood, maximum and errors as
    statsmodels' ConditionalLogit (Newton)."""
    sm = pytest.importorskip("statsmodels.discrete.conditional_models")
    opps = [f for f in parlgov_formations() if f.actors.n <= 8 and f.cabinet][:150]
    model = FormationModel(["minority", "minimal_winning", "n_parties", "median_party",
                            "ideological_divisions", "incumbent"]).fit(opps)
    d = model._data(opps, None)
    y = np.zeros(len(d.X))
    y[d.chosen] = 1
    groups = np.repeat(np.arange(len(d.chosen)), np.diff(d.starts))
    ref = sm.ConditionalLogit(y, d.X, groups=groups)
    assert ref.loglike(model.coef_) == pytest.approx(model.loglik_, abs=1e-9)
    assert np.max(np.abs(ref.score(model.coef_))) < 1e-6
    # statsmodels' Newton has no step control and overflows from 0 on these data; from half
    # our estimate it converges, to the same maximum
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ref.fit(method="newton", start_params=model.coef_ / 2, disp=0, maxiter=100)
        bfgs = ref.fit(method="bfgs", disp=0, maxiter=2000, gtol=1e-8)
    assert np.max(np.abs(res.params - model.coef_)) < 1e-6
    assert np.max(np.abs(res.bse - model.se_)) < 1e-6
    assert np.max(np.abs(bfgs.params - model.coef_)) < 1e-2  # an independent optimiser


def test_parlgov_fit_summary_and_prediction() -> None:
    opps = [f for f in parlgov_formations() if f.country in ("DNK", "NLD", "NOR", "SWE", "BEL")]
    model = FormationModel().fit(opps)
    assert model.n_opportunities_ <= len(opps) and model.n_iter_ < 50
    assert 0 < model.pseudo_r2_ < 1 and 0 < model.share_first_ <= 1
    assert model.loglik_ > model.loglik_null_
    summary = model.summary()
    assert list(summary.index) == list(STANDARD_FEATURES)
    assert (summary["se_clustered"] > 0).all()
    coef = dict(zip(model.feature_names_, model.coef_, strict=True))
    assert coef["incumbent"] > 0 and coef["n_parties"] < 0  # the usual signs
    proba = model.predict_proba(opps[-1])
    assert proba["probability"].sum() == pytest.approx(1.0)
    assert proba["probability"].is_monotonic_decreasing
    assert "McFadden" in repr(model)
    loo = FormationModel(["minority", "n_parties", "incumbent"]).leave_one_country_out(opps)
    assert set(loo.index) == {"BEL", "DNK", "NLD", "NOR", "SWE"}
    assert ((loo["share_first"] >= 0) & (loo["share_first"] <= 1)).all()


def test_clustered_errors_by_hand() -> None:
    opps = ([f for f in parlgov_formations() if f.country == "DNK"][:20]
            + [f for f in parlgov_formations() if f.country == "SWE"][:20])
    model = FormationModel(["minority", "n_parties"]).fit(opps)
    d = model._data(opps, None)
    _, scores, hess, _ = model._parts(model.coef_, d)
    cov = np.linalg.inv(-hess)
    meat = np.zeros((2, 2))
    for g in np.unique(d.groups):
        s = scores[d.groups == g].sum(axis=0)
        meat += np.outer(s, s)
    G = len(np.unique(d.groups))
    expected = np.sqrt(np.diag(cov @ (meat * G / (G - 1)) @ cov))
    assert model.se_clustered_ == pytest.approx(expected)


def test_candidate_restriction_beyond_the_exhaustive_limit() -> None:
    n = 25
    f = _opportunity(n=n, seed=3, cabinet=tuple(f"p{i}" for i in range(7)), previous=None)
    masks, X = cabinet_features(f, ["n_parties"])
    expected = sum(math.comb(n, k) for k in range(1, 6)) + 1  # sizes 1..5 and the cabinet
    assert len(masks) == expected == len(X)
    assert np.uint64(f.cabinet_mask) in set(masks.tolist()) or f.cabinet_mask in set(
        masks.tolist())
    assert sorted(set(X[:, 0].tolist())) == [1, 2, 3, 4, 5, 7]


def test_errors() -> None:
    with pytest.raises(ValueError, match="features"):
        FormationModel(["magic"])
    with pytest.raises(TypeError, match="features"):
        FormationModel([3])
    with pytest.raises(ValueError, match="twice"):
        FormationModel(["minority", "minority"])
    with pytest.raises(ValueError, match="fit"):
        FormationModel().predict_proba(_opportunity())
    with pytest.raises(ValueError, match="column"):
        cabinet_features(_opportunity(), [("sum", "nothing")])
    with pytest.raises(TypeError, match="opportunities"):
        FormationModel().fit([1, 2])
