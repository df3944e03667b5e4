"""Government formation (issue 5): scoring every potential cabinet of every ParlGov formation
opportunity and fitting the conditional-logit model, side by side in one run with

- a straightforward pandas implementation of the scoring, on a sample of 40 opportunities;
- statsmodels' ``ConditionalLogit`` fitted on the same feature matrix and groups, on every
  non-caretaker opportunity with at most 10 parties (1,175 of the 1,469; 247,989 potential
  cabinets). statsmodels' likelihood recurses once per row of a group in Python, so larger
  parliaments (up to 2^20 - 1 rows per group) would take hours. The matrix is built once with
  ``foedus.cabinet_features`` per opportunity, exactly as ``FormationModel.fit`` builds it;
  foedus is timed end to end, on the feature building alone and on the estimation alone from
  that matrix, and the coefficients of every fit are checked to agree to 1e-6.

Run (the statsmodels comparison is kept in its own file):
    pytest bench/bench_formation.py -c bench/pytest.ini -k "not conditional_logit" \\
        --benchmark-json=bench/results_formation.json
    pytest bench/bench_formation.py -c bench/pytest.ini -k conditional_logit \\
        --benchmark-json=bench/results_formation_statsmodels.json
    python bench/make_peer_table.py bench/results_formation.json --stat min
    python bench/make_peer_table.py bench/results_formation_statsmodels.json --stat min
"""

from __future__ import annotations

import functools
import itertools
import sys
import time
import warnings

import numpy as np
import pandas as pd
import pytest

import foedus
from foedus.datasets import parlgov_formations

SAMPLE = 40  # opportunities scored by the pandas baseline (every 36th of the 1,469)
SM_MAX_PARTIES = 10  # the statsmodels comparison: opportunities with at most 10 parties
#: statsmodels' BFGS stops when its score divided by the number of ROWS (247,989 here) is below
#: gtol; ConditionalLogit.fit keeps the default 1e-5 (coefficients 1e-2 off), so the base
#: class's fit is called with a tolerance that reaches the maximum
SM_GTOL = 1e-12


def _all() -> list:
    return parlgov_formations(include_caretakers=True)


def _sample() -> list:
    fs = parlgov_formations()
    return fs[:: len(fs) // SAMPLE][:SAMPLE]


def pandas_scores(f: foedus.FormationOpportunity) -> pd.DataFrame:
    """Each potential cabinet's attributes with pandas, party subset by party subset (the way
    ParlGov's own scripts build the potential-coalition dataset)."""
    parties = pd.DataFrame({"party": f.actors.names, "seats": f.seats,
                            "left_right": f.actors.positions[:, 0]})
    largest = parties["seats"].max()
    rows = []
    for k in range(1, len(parties) + 1):
        for members in itertools.combinations(range(len(parties)), k):
            sub = parties.iloc[list(members)]
            seats = sub["seats"].sum()
            placed = sub["left_right"].dropna()
            share = sub["seats"] / seats if seats else sub["seats"] * 0.0
            rows.append({
                "parties": tuple(sub["party"]), "n_parties": k, "seats": seats,
                "minority": seats < f.quota,
                "minimal_winning": seats >= f.quota and bool(
                    (seats - sub["seats"] < f.quota).all()),
                "largest_party": bool((sub["seats"] == largest).any()),
                "range": placed.max() - placed.min() if len(placed) else 0.0,
                "effective_number": 1.0 / float((share ** 2).sum()) if seats else np.nan,
            })
    return pd.DataFrame(rows)


def test_foedus_score_all(benchmark) -> None:
    fs = _all()

    def run() -> int:
        return sum(len(foedus.cabinet_features(f)[0]) for f in fs)

    benchmark.group = "formation | score every potential cabinet"
    benchmark.extra_info.update({"impl": "foedus", "opportunities": len(fs),
                                 "n": 18_611_706})
    count = benchmark.pedantic(run, rounds=2, iterations=1, warmup_rounds=0)
    benchmark.extra_info["cabinets"] = count
    assert count == 18_611_706


def test_foedus_fit_all(benchmark) -> None:
    fs = parlgov_formations()
    benchmark.group = "formation | fit the conditional logit on all formations"
    benchmark.extra_info.update({"impl": "foedus", "opportunities": len(fs),
                                 "n": 11_540_367})
    model = benchmark.pedantic(lambda: foedus.FormationModel().fit(fs), rounds=1, iterations=1)
    benchmark.extra_info["candidates"] = model.n_candidates_
    benchmark.extra_info["pseudo_r2"] = model.pseudo_r2_


@pytest.mark.parametrize("impl", ["foedus", "pandas"])
def test_score_sample(benchmark, impl: str) -> None:
    fs = _sample()
    cabinets = sum(2 ** f.actors.n - 1 for f in fs)
    if impl == "foedus":
        def run() -> int:
            return sum(len(foedus.cabinet_features(f)[0]) for f in fs)
    else:
        def run() -> int:
            return sum(len(pandas_scores(f)) for f in fs)
    benchmark.group = f"formation | score a sample of {SAMPLE} opportunities"
    benchmark.extra_info.update({"impl": impl, "cabinets": cabinets, "n": cabinets})
    assert benchmark.pedantic(run, rounds=1, iterations=1) == cabinets


# ---- the conditional logit against statsmodels, on one matrix ---------------------------------
def _sm_subset() -> list:
    return [f for f in parlgov_formations() if f.actors.n <= SM_MAX_PARTIES]


def stacked_features(fs: list) -> dict:
    """The conditional logit's data from foedus' public API, as ``FormationModel.fit`` builds
    it: every potential cabinet's features (``cabinet_features``), stacked opportunity by
    opportunity, the formed cabinet's row marked, the opportunities grouped."""
    blocks, chosen, starts, kept, clusters = [], [], [0], [], []
    countries: dict[str, int] = {}
    for f in fs:
        if not f.cabinet:
            continue
        masks, X = foedus.cabinet_features(f)
        row = np.flatnonzero(masks == np.uint64(f.cabinet_mask))
        if row.size != 1:
            continue
        kept.append(f)
        blocks.append(X)
        chosen.append(starts[-1] + int(row[0]))
        starts.append(starts[-1] + len(masks))
        clusters.append(countries.setdefault(f.country, len(countries)))
    X = np.vstack(blocks)
    y = np.zeros(len(X))
    y[chosen] = 1.0
    return {"X": X, "y": y, "groups": np.repeat(np.arange(len(kept)), np.diff(starts)),
            "starts": np.array(starts), "chosen": np.array(chosen),
            "clusters": np.array(clusters), "opportunities": kept}


@functools.cache
def _sm_data() -> dict:
    return stacked_features(_sm_subset())


@functools.cache
def _sm_reference() -> foedus.FormationModel:
    return foedus.FormationModel().fit(_sm_subset())


def foedus_from_matrix(d: dict) -> foedus.FormationModel:
    """``FormationModel.fit`` on the precomputed matrix. FormationModel has no public way to
    fit from a matrix; its data step (the private ``_data``) is replaced by the matrix, so what
    runs is the whole of ``fit`` after it: Newton, standard errors, clustered errors, fit
    statistics."""
    from foedus.formation_model import _Data

    data = _Data(d["X"], d["starts"], d["chosen"], d["clusters"], d["opportunities"])
    model = foedus.FormationModel()
    model._data = lambda opportunities, n_threads: data  # type: ignore[method-assign]
    return model.fit(d["opportunities"])


def statsmodels_fit(d: dict, timings: list[float]):
    """statsmodels' conditional logit on the same matrix: the model (which splits the rows into
    groups) and its fit (BFGS, then the covariance from a numerical Hessian, as
    ``ConditionalLogit.fit``, with a gradient tolerance that reaches the maximum)."""
    from statsmodels.base.model import LikelihoodModel
    from statsmodels.discrete.conditional_models import ConditionalLogit

    t0 = time.perf_counter()
    model = ConditionalLogit(d["y"], d["X"], groups=d["groups"])
    timings.append(time.perf_counter() - t0)
    return LikelihoodModel.fit(model, method="bfgs", maxiter=2000, gtol=SM_GTOL, disp=False)


@pytest.mark.parametrize("impl", ["foedus, features", "foedus, fit end to end",
                                  "foedus, estimation", "statsmodels"])
def test_conditional_logit(benchmark, impl: str) -> None:
    fs = _sm_subset()
    d = _sm_data()
    ref = _sm_reference()
    n = len(d["X"])
    assert ref.n_candidates_ == n and ref.n_opportunities_ == len(d["opportunities"])
    benchmark.group = (f"formation | conditional logit, the {len(d['opportunities']):,} "
                       f"opportunities with at most {SM_MAX_PARTIES} parties")
    benchmark.extra_info.update({"impl": impl, "n": n, "opportunities": len(d["opportunities"]),
                                 "base": impl == "foedus, estimation"})
    if impl == "foedus, features":
        got = benchmark.pedantic(lambda: stacked_features(fs), rounds=3, iterations=1)
        np.testing.assert_array_equal(got["X"], d["X"])
        return
    if impl == "foedus, fit end to end":
        model = benchmark.pedantic(lambda: foedus.FormationModel().fit(fs), rounds=3,
                                   iterations=1)
        coef, se = model.coef_, model.se_
    elif impl == "foedus, estimation":
        model = benchmark.pedantic(lambda: foedus_from_matrix(d), rounds=3, iterations=1)
        coef, se = model.coef_, model.se_
    else:
        pytest.importorskip("statsmodels")
        timings: list[float] = []
        limit = sys.getrecursionlimit()
        # the likelihood recurses once per row of a group (up to 1,023 rows here)
        sys.setrecursionlimit(max(limit, 2 ** SM_MAX_PARTIES + 5_000))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = benchmark.pedantic(lambda: statsmodels_fit(d, timings), rounds=1,
                                         iterations=1)
        finally:
            sys.setrecursionlimit(limit)
        coef, se = np.asarray(res.params), np.asarray(res.bse)
        benchmark.extra_info["model_construction_s"] = timings[-1]
        for key in ("fcalls", "gcalls", "warnflag"):
            benchmark.extra_info[key] = int(res.mle_retvals[key])
        benchmark.extra_info["converged"] = bool(res.mle_retvals["converged"])
    benchmark.extra_info["max_abs_coef_diff"] = float(np.max(np.abs(coef - ref.coef_)))
    benchmark.extra_info["max_rel_se_diff"] = float(np.max(np.abs(se / ref.se_ - 1)))
    np.testing.assert_allclose(coef, ref.coef_, rtol=0, atol=1e-6)
