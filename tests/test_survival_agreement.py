"""Duration models against lifelines and statsmodels on three real data sets (issue 6): King et
al.'s cabinets, lifelines' democracy-and-dictatorship leader spells (``dd``) and the bundled
ParlGov cabinet durations. Coefficients, standard errors and log-likelihoods must agree to
1e-5 relative, with the peers run at a tight tolerance: lifelines' AFT fitters with SLSQP and
``ftol=1e-15`` (its default BFGS stops about 1e-5 short), its Cox fitter with
``precision=1e-12``, statsmodels' PHReg with Efron ties.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from foedus import AFTModel, CoxModel
from foedus.datasets import kabl_1990, parlgov_cabinet_durations

pd = pytest.importorskip("pandas")
lifelines = pytest.importorskip("lifelines")

REL = 1e-5


def _kabl():
    d = kabl_1990()
    return pd.DataFrame({"T": d["duration"], "E": d["ciep12"], "fract": d["fract"] / 1000,
                         "numst2": d["numst2"], "polar": d["polar"] / 10})


def _dd():
    d = lifelines.datasets.load_dd()
    return pd.DataFrame({"T": d["duration"].astype(float), "E": d["observed"],
                         "democracy": (d["democracy"] == "Democracy").astype(float),
                         "decade": (d["start_year"] - 1980) / 10,
                         "military": (d["regime"] == "Military Dict").astype(float),
                         "monarchy": (d["regime"] == "Monarchy").astype(float)})


def _parlgov():
    d = parlgov_cabinet_durations()
    frame = pd.DataFrame({"T": d["duration_months"], "E": d["ended"],
                          "seat_share": d["seat_share"],
                          "n_parties": d["n_parties"].astype(float),
                          "lr_range": d["range_left_right"] / 10,
                          "minimal_winning": d["minimal_winning"].astype(float),
                          "largest_share": d["largest_share"]})
    return frame.dropna().reset_index(drop=True)


DATASETS = {"kabl": _kabl, "dd": _dd, "parlgov": _parlgov}
AFT = [("weibull", "WeibullAFTFitter", "lambda_", "rho_", -1),
       ("lognormal", "LogNormalAFTFitter", "mu_", "sigma_", 1),
       ("loglogistic", "LogLogisticAFTFitter", "alpha_", "beta_", -1)]


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("dist,fitter,location,log_scale,sign", AFT)
def test_aft_agrees_with_lifelines(name: str, dist: str, fitter: str, location: str,
                                   log_scale: str, sign: int) -> None:
    frame = DATASETS[name]()
    cols = [c for c in frame.columns if c not in ("T", "E")]
    ours = AFTModel(dist).fit(frame["T"], frame["E"], frame[cols])
    ref = getattr(lifelines, fitter)()
    ref._scipy_fit_method = "SLSQP"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref.fit(frame, "T", "E", fit_options={"ftol": 1e-15, "maxiter": 1000})
    # foedus: intercept, covariates, log sigma; lifelines: log sigma = -log rho (Weibull,
    # log-logistic) or log sigma (log-normal)
    keys = [(location, "Intercept")] + [(location, c) for c in cols] + [(log_scale, "Intercept")]
    theirs = np.array([ref.params_[k] for k in keys])
    theirs[-1] *= sign
    se = np.array([ref.standard_errors_[k] for k in keys])
    assert ours.loglik_ == pytest.approx(ref.log_likelihood_, rel=REL * 1e-3)
    assert ours.params_ == pytest.approx(theirs, rel=REL)
    assert ours.se_ == pytest.approx(se, rel=REL)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_cox_agrees_with_lifelines_and_statsmodels(name: str) -> None:
    hazard = pytest.importorskip("statsmodels.duration.hazard_regression")
    frame = DATASETS[name]()
    cols = [c for c in frame.columns if c not in ("T", "E")]
    ours = CoxModel().fit(frame["T"], frame["E"], frame[cols])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = lifelines.CoxPHFitter().fit(frame, "T", "E",
                                          fit_options={"precision": 1e-12, "max_steps": 200})
    assert ours.params_ == pytest.approx(ref.params_[cols].to_numpy(), rel=REL)
    assert ours.se_ == pytest.approx(ref.standard_errors_[cols].to_numpy(), rel=REL)
    assert ours.loglik_ == pytest.approx(ref.log_likelihood_, rel=REL * 1e-3)
    sm = hazard.PHReg(frame["T"].to_numpy(), frame[cols].to_numpy(),
                      status=frame["E"].to_numpy(), ties="efron").fit()
    assert ours.params_ == pytest.approx(sm.params, rel=REL)
    assert ours.se_ == pytest.approx(sm.bse, rel=REL)
    assert ours.loglik_ == pytest.approx(sm.llf, rel=REL * 1e-3)
