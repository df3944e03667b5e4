"""Duration models (issue 6): foedus against lifelines and statsmodels, side by side in one run.

Weibull AFT and Cox (Efron ties) against lifelines, and Cox with Breslow's ties (statsmodels'
default) against statsmodels' ``PHReg``, on simulated censored data with three covariates,
1e4, 1e5 and 1e6 rows (continuous times, no ties: both tie corrections give the same
estimate); and 1,000 bootstrap refits of the Weibull model on 1e4 rows (lifelines: 50 refits,
the table scales them by 20). statsmodels has no Weibull AFT model.

Run (the lifelines comparison and the statsmodels one are kept in two files):
    pytest bench/bench_survival.py -c bench/pytest.ini -k "not cox_breslow" \\
        --benchmark-json=bench/results_survival.json
    pytest bench/bench_survival.py -c bench/pytest.ini -k cox_breslow \\
        --benchmark-json=bench/results_survival_statsmodels.json
    python bench/make_peer_table.py bench/results_survival.json
    python bench/make_peer_table.py bench/results_survival_statsmodels.json --stat min
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from timing import run_side_by_side as _run

import foedus

SIZES = [10_000, 100_000, 1_000_000]


def data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    t = np.exp(1 + X @ np.array([0.3, -0.2, 0.1]) + 0.8 * np.log(rng.exponential(size=n)))
    c = rng.exponential(np.median(t) * 2, n)
    return np.minimum(t, c), (t <= c).astype(float), X


def _frame(t: np.ndarray, e: np.ndarray, X: np.ndarray):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    df["T"], df["E"] = t, e
    return df


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("impl", ["foedus", "lifelines"])
def test_weibull(benchmark, impl: str, n: int) -> None:
    t, e, X = data(n)
    if impl == "foedus":
        _run(benchmark, lambda: foedus.AFTModel("weibull").fit(t, e, X), group="weibull AFT",
             impl=impl, n=n, rounds=3)
    else:
        lifelines = pytest.importorskip("lifelines")
        df = _frame(t, e, X)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _run(benchmark, lambda: lifelines.WeibullAFTFitter().fit(df, "T", "E"),
                 group="weibull AFT", impl=impl, n=n, rounds=1)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("impl", ["foedus", "lifelines"])
def test_cox(benchmark, impl: str, n: int) -> None:
    t, e, X = data(n)
    if impl == "foedus":
        _run(benchmark, lambda: foedus.CoxModel().fit(t, e, X), group="cox efron", impl=impl,
             n=n, rounds=3)
    else:
        lifelines = pytest.importorskip("lifelines")
        df = _frame(t, e, X)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _run(benchmark, lambda: lifelines.CoxPHFitter().fit(df, "T", "E"),
                 group="cox efron", impl=impl, n=n, rounds=1)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("impl", ["foedus", "statsmodels"])
def test_cox_breslow(benchmark, impl: str, n: int) -> None:
    t, e, X = data(n)
    if impl == "foedus":
        _run(benchmark, lambda: foedus.CoxModel("breslow").fit(t, e, X), group="cox breslow",
             impl=impl, n=n, rounds=3)
        return
    hazard_regression = pytest.importorskip("statsmodels.duration.hazard_regression")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = _run(benchmark, lambda: hazard_regression.PHReg(t, X, status=e,
                                                               ties="breslow").fit(),
                   group="cox breslow", impl=impl, n=n, rounds=1)
    ref = foedus.CoxModel("breslow").fit(t, e, X)
    benchmark.extra_info["max_abs_coef_diff"] = float(np.max(np.abs(res.params - ref.params_)))
    benchmark.extra_info["max_rel_se_diff"] = float(np.max(np.abs(res.bse / ref.se_ - 1)))
    np.testing.assert_allclose(res.params, ref.params_, rtol=0, atol=1e-6)


@pytest.mark.parametrize("impl", ["foedus", "lifelines"])
def test_bootstrap(benchmark, impl: str) -> None:
    t, e, X = data(10_000)
    rng = np.random.default_rng(1)
    refits = 1000 if impl == "foedus" else 50
    samples = [rng.integers(0, len(t), len(t)) for _ in range(refits)]
    if impl == "foedus":
        def run() -> None:
            for s in samples:
                foedus.AFTModel("weibull").fit(t[s], e[s], X[s])
    else:
        lifelines = pytest.importorskip("lifelines")
        df = _frame(t, e, X)

        def run() -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for s in samples:
                    lifelines.WeibullAFTFitter().fit(df.iloc[s].reset_index(drop=True),
                                                     "T", "E")
    benchmark.extra_info["refits"] = refits
    _run(benchmark, run, group="bootstrap weibull (1e4 rows)", impl=impl, n=10_000, rounds=1)
