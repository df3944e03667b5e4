"""foedus.bootstrap: replicates against a plain resampling loop, chunking independence,
cluster resampling, failed resamples and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import foedus
from foedus import bootstrapping as bs
from foedus.datasets import kabl_1990


@pytest.fixture(scope="module")
def kabl() -> dict[str, np.ndarray]:
    return kabl_1990()


def _design(d: dict[str, np.ndarray]) -> np.ndarray:
    return np.column_stack([d["numst2"], d["invest"], d["polar"]])


def test_replicates_are_those_of_a_plain_loop(kabl) -> None:
    X = _design(kabl)
    b = foedus.bootstrap(foedus.CoxModel(), kabl["duration"], kabl["ciep12"], X,
                         n_resamples=25, seed=3)
    n = len(X)
    for i in range(25):  # resample i: n rows drawn with replacement from stream (seed, i)
        rng = np.random.default_rng(np.random.SeedSequence(3, spawn_key=(i,)))
        rows = np.sort(rng.integers(0, n, n))
        m = foedus.CoxModel().fit(kabl["duration"][rows], kabl["ciep12"][rows], X[rows])
        assert b.replicates[i].tobytes() == m.params_.tobytes()
    full = foedus.CoxModel().fit(kabl["duration"], kabl["ciep12"], X)
    assert b.estimate.tobytes() == full.params_.tobytes()
    assert b.names == tuple(full.names_)


@given(st.lists(st.integers(1, 29), min_size=1, max_size=5))
def test_chunking_does_not_change_the_result(cuts: list[int]) -> None:
    d = kabl_1990()
    plan, fields = bs.plan_bootstrap(foedus.KaplanMeier(), d["duration"], d["ciep12"],
                                     n_resamples=30, seed=8)
    edges = sorted({0, 30, *cuts})
    parts = [bs.replicate_chunk(plan, a, b) for a, b in zip(edges, edges[1:], strict=False)]
    whole = bs.replicate_chunk(plan, 0, 30)
    assert np.concatenate(parts).tobytes() == whole.tobytes()


def test_bootstrap_se_agrees_with_the_model_based_se(kabl) -> None:
    X = _design(kabl)
    b = foedus.bootstrap(foedus.CoxModel(), kabl["duration"], kabl["ciep12"], X,
                         n_resamples=400, seed=1)
    model = foedus.CoxModel().fit(kabl["duration"], kabl["ciep12"], X)
    # 314 cabinets: the bootstrap and the information-matrix standard errors agree closely
    assert b.standard_error == pytest.approx(model.se_, rel=0.2)
    ci = b.confidence_interval
    assert (ci[:, 0] < model.params_).all() and (model.params_ < ci[:, 1]).all()
    assert b.n_failed == 0 and b.resampling == "rows"


def test_cluster_resampling_keeps_clusters_whole(kabl) -> None:
    n = len(kabl["duration"])
    clusters = np.arange(n) // 10  # 32 blocks of consecutive cabinets
    seen: list[np.ndarray] = []

    def statistic(fitted: foedus.KaplanMeier) -> float:
        seen.append(fitted.timeline_)
        return float(fitted.median_survival_time_)

    plan, _ = bs.plan_bootstrap(foedus.KaplanMeier(), kabl["duration"], kabl["ciep12"],
                                cluster=clusters, n_resamples=5, seed=2, statistic=statistic)
    for i in range(5):
        rows = bs._resample_rows(plan, i)
        picked = clusters[rows]
        for c in np.unique(picked):  # a drawn cluster brings all its rows, each draw once
            k = int((picked == c).sum())
            assert k % int((clusters == c).sum()) == 0
    b = foedus.bootstrap(foedus.AFTModel("weibull"), kabl["duration"], kabl["ciep12"],
                         _design(kabl), cluster=clusters, n_resamples=40, seed=4)
    assert b.resampling == "clusters" and b.replicates.shape == (40, 5)


def test_failed_resamples_are_counted_and_reported() -> None:
    rng = np.random.default_rng(0)
    n = 40
    t = rng.exponential(5, n) + 0.1
    x = np.zeros(n)
    x[0] = 1.0  # a covariate almost always constant in a resample: a singular fit
    with pytest.warns(RuntimeWarning, match="could not be fitted"):
        b = foedus.bootstrap(foedus.AFTModel("exponential"), t, np.ones(n), x[:, None],
                             n_resamples=30, seed=0)
    assert 0 < b.n_failed < 30
    assert np.isnan(b.replicates).any(axis=1).sum() == b.n_failed
    assert np.isfinite(b.standard_error).all()


def test_results_print_and_convert(kabl) -> None:
    b = foedus.bootstrap(foedus.CoxModel(), kabl["duration"], kabl["ciep12"],
                         kabl["numst2"][:, None], n_resamples=50, seed=5,
                         fit_kwargs={"names": ["majority"]})
    text = repr(b)
    assert "majority" in text and "Efron" in text and "50 resamples" in text
    pd = pytest.importorskip("pandas")
    frame = b.to_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame.index) == ["majority"]
    assert frame["bootstrap_se"].iloc[0] == b.standard_error[0]


@pytest.mark.parametrize("kwargs,error,match", [
    ({"model": "cox"}, TypeError, "model"),
    ({"n_resamples": 1}, ValueError, "n_resamples"),
    ({"alpha": 1.5}, ValueError, "alpha"),
    ({"seed": -1}, ValueError, "seed"),
    ({"event": np.ones(3)}, ValueError, "event"),
    ({"cluster": np.zeros(314)}, ValueError, "cluster"),
    ({"statistic": 3}, TypeError, "statistic"),
])
def test_clear_errors(kabl, kwargs, error, match) -> None:
    args = {"model": foedus.KaplanMeier(), "durations": kabl["duration"],
            "event": kabl["ciep12"], "n_resamples": 10}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        foedus.bootstrap(**args)
