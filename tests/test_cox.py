"""Cox proportional hazards against statsmodels PHReg and lifelines, with ties, strata and
start-stop data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from foedus import CoxModel
from foedus.datasets import kabl_1990


def _kabl():
    pd = pytest.importorskip("pandas")
    return pd.DataFrame(kabl_1990())


@pytest.mark.parametrize("ties", ["efron", "breslow"])
def test_agrees_with_statsmodels(ties: str) -> None:
    hazard = pytest.importorskip("statsmodels.duration.hazard_regression")
    d = _kabl()
    X = d[["fract", "numst2", "polar"]]
    ours = CoxModel(ties).fit(d["duration"], d["ciep12"], X)
    ref = hazard.PHReg(d["duration"].to_numpy(), X.to_numpy(), status=d["ciep12"].to_numpy(),
                       ties=ties).fit()
    assert ours.params_ == pytest.approx(ref.params, rel=1e-6)
    assert ours.se_ == pytest.approx(ref.bse, rel=1e-6)
    assert ours.loglik_ == pytest.approx(ref.llf, rel=1e-10)
    assert list(ours.summary.index) == ["fract", "numst2", "polar"]


def test_strata_and_start_stop_agree_with_statsmodels() -> None:
    hazard = pytest.importorskip("statsmodels.duration.hazard_regression")
    d = _kabl()
    X = d[["fract", "polar"]]
    ours = CoxModel().fit(d["duration"], d["ciep12"], X, strata=d["numst2"])
    ref = hazard.PHReg(d["duration"].to_numpy(), X.to_numpy(), status=d["ciep12"].to_numpy(),
                       strata=d["numst2"].to_numpy(), ties="efron").fit()
    assert ours.params_ == pytest.approx(ref.params, rel=1e-6)
    assert ours.loglik_ == pytest.approx(ref.llf, rel=1e-10)
    entry = d["duration"].to_numpy() * np.random.default_rng(1).uniform(0, 0.5, len(d))
    ours = CoxModel().fit(d["duration"], d["ciep12"], X, entry=entry)
    ref = hazard.PHReg(d["duration"].to_numpy(), X.to_numpy(), status=d["ciep12"].to_numpy(),
                       entry=entry, ties="efron").fit()
    assert ours.params_ == pytest.approx(ref.params, rel=1e-6)
    assert ours.se_ == pytest.approx(ref.bse, rel=1e-6)
    assert ours.loglik_ == pytest.approx(ref.llf, rel=1e-10)


def test_agrees_with_lifelines() -> None:
    lifelines = pytest.importorskip("lifelines")
    d = _kabl()
    ours = CoxModel().fit(d["duration"], d["ciep12"], d[["fract", "numst2", "polar"]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = lifelines.CoxPHFitter().fit(d[["duration", "ciep12", "fract", "numst2", "polar"]],
                                          "duration", "ciep12")
    assert ours.params_ == pytest.approx(ref.params_.to_numpy(), rel=1e-5)
    assert ours.se_ == pytest.approx(ref.standard_errors_.to_numpy(), rel=1e-5)
    assert ours.loglik_ == pytest.approx(ref.log_likelihood_, rel=1e-9)
    stat, df, p = ours.likelihood_ratio_test()
    assert df == 3 and stat > 0 and 0 <= p <= 1


def test_time_varying_covariate_as_start_stop_rows() -> None:
    """Splitting each unit's time into two rows with the same covariates changes nothing."""
    d = _kabl()
    t = d["duration"].to_numpy()
    e = d["ciep12"].to_numpy()
    X = d[["fract", "numst2"]].to_numpy()
    whole = CoxModel().fit(t, e, X)
    cut = t / 2
    split = CoxModel().fit(np.concatenate([cut, t]), np.concatenate([np.zeros(len(t)), e]),
                           np.vstack([X, X]), entry=np.concatenate([np.zeros(len(t)), cut]))
    assert split.params_ == pytest.approx(whole.params_, rel=1e-9)
    assert split.loglik_ == pytest.approx(whole.loglik_, rel=1e-12)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="ties"):
        CoxModel("exact")
    with pytest.raises(ValueError, match="event"):
        CoxModel().fit([1.0, 2.0], [1, 3], [[0.0], [1.0]])
    with pytest.raises(ValueError, match="entry"):
        CoxModel().fit([1.0, 2.0], [1, 1], [[0.0], [1.0]], entry=[1.0, 0.0])
    with pytest.raises(ValueError, match="X"):
        CoxModel().fit([1.0, 2.0], [1, 1], [[0.0]])
    with pytest.raises(ValueError, match="fit"):
        _ = CoxModel().summary


def test_survival_predictions_agree_with_lifelines() -> None:
    lifelines = pytest.importorskip("lifelines")
    d = _kabl()
    ours = CoxModel().fit(d["duration"], d["ciep12"], d[["fract", "numst2"]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = lifelines.CoxPHFitter().fit(d[["duration", "ciep12", "fract", "numst2"]],
                                          "duration", "ciep12")
    X = d[["fract", "numst2"]].iloc[:5]
    times = [1, 5, 10, 20, 40]
    got = ours.predict_survival_function(times, X.to_numpy())
    want = ref.predict_survival_function(X, times=times).T.to_numpy()
    assert got == pytest.approx(want, rel=1e-4)  # lifelines stops at about 1e-5 in the coefficients
    assert ours.predict_median(X.to_numpy()).tolist() == ref.predict_median(X).tolist()
