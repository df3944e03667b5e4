"""Survival estimators: Kaplan-Meier, Nelson-Aalen and AFT models against lifelines, and the
published King, Alt, Burns & Laver (1990) exponential model."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from foedus import AFTModel, KaplanMeier, NelsonAalen
from foedus.datasets import kabl_1990


def _km_by_hand(t: np.ndarray, d: np.ndarray, e: np.ndarray) -> dict[float, float]:
    s, out = 1.0, {}
    for time in sorted(set(t[d == 1].tolist())):
        n = int(np.sum((e < time) & (t >= time)))
        k = int(np.sum((t == time) & (d == 1)))
        s *= 1 - k / n
        out[time] = s
    return out


def test_kaplan_meier_and_nelson_aalen_by_hand() -> None:
    rng = np.random.default_rng(3)
    t = np.round(rng.exponential(5, 80) + 1, 0)  # ties
    d = rng.integers(0, 2, 80).astype(float)
    d[0] = 1
    e = np.where(rng.random(80) < 0.3, np.floor(t / 2), 0.0)
    km = KaplanMeier().fit(t, d, entry=e)
    ref = _km_by_hand(t, d, e)
    assert km.timeline_.tolist() == sorted(ref)
    assert km.survival_function_ == pytest.approx([ref[x] for x in sorted(ref)])
    assert km.predict([0.0, km.timeline_[0]]).tolist() == [1.0, km.survival_function_[0]]
    na = NelsonAalen().fit(t, d, entry=e)
    times, ev, n = km.event_table_
    assert na.cumulative_hazard_ == pytest.approx(np.cumsum(ev / n))
    assert np.all(km.ci_lower_ <= km.survival_function_ + 1e-12)
    assert np.all(km.survival_function_ <= km.ci_upper_ + 1e-12)


def test_agree_with_lifelines_nonparametric() -> None:
    lifelines = pytest.importorskip("lifelines")
    d = kabl_1990()
    km = KaplanMeier().fit(d["duration"], d["ciep12"])
    ref = lifelines.KaplanMeierFitter().fit(d["duration"], d["ciep12"])
    at = km.timeline_
    assert km.survival_function_ == pytest.approx(
        ref.survival_function_.loc[at].iloc[:, 0].to_numpy(), abs=1e-12)
    ci = ref.confidence_interval_.loc[at].to_numpy()
    assert km.ci_lower_ == pytest.approx(ci[:, 0], abs=1e-12)
    assert km.ci_upper_ == pytest.approx(ci[:, 1], abs=1e-12)
    assert km.median_survival_time_ == ref.median_survival_time_
    na = NelsonAalen().fit(d["duration"], d["ciep12"])
    ref_na = lifelines.NelsonAalenFitter(nelson_aalen_smoothing=False).fit(
        d["duration"], d["ciep12"])
    assert na.cumulative_hazard_ == pytest.approx(
        ref_na.cumulative_hazard_.loc[at].iloc[:, 0].to_numpy(), abs=1e-12)
    ci = ref_na.confidence_interval_.loc[at].to_numpy()
    assert na.ci_lower_ == pytest.approx(ci[:, 0], rel=1e-10)
    assert na.ci_upper_ == pytest.approx(ci[:, 1], rel=1e-10)
    rng = np.random.default_rng(0)  # delayed entry
    t = rng.exponential(10, 200) + 1
    e = rng.uniform(0, 0.5, 200) * t
    ev = rng.integers(0, 2, 200)
    ours = KaplanMeier().fit(t, ev, entry=e)
    theirs = lifelines.KaplanMeierFitter().fit(t, ev, entry=e)
    assert ours.survival_function_ == pytest.approx(
        theirs.survival_function_.loc[ours.timeline_].iloc[:, 0].to_numpy(), abs=1e-12)


def test_kabl_1990_exponential_model() -> None:
    """King, Alt, Burns & Laver (1990): exponential model of duration on fract and numst2."""
    d = kabl_1990()
    m = AFTModel("exponential").fit(d["duration"], d["ciep12"],
                                    np.column_stack([d["fract"], d["numst2"]]),
                                    names=["fract", "numst2"])
    published = [5.53587, -0.00390896, 0.461179]
    assert m.params_ == pytest.approx(published, rel=1e-5)
    assert m.loglik_ == pytest.approx(-1077.3871, rel=1e-7)
    assert [round(x, 4) for x in m.se_[[0, 2]]] == [0.5474, 0.1239]
    assert round(float(m.se_[1]), 6) == 0.000741
    assert list(m.summary.index) == ["Intercept", "fract", "numst2"]
    assert m.aic_ == pytest.approx(2 * 3 + 2 * 1077.3871, rel=1e-6)


def test_loglogistic_against_an_independent_likelihood() -> None:
    """lifelines stops its log-logistic fit about 1 % short of the maximum here, so the check is
    scipy's log-logistic (fisk) likelihood maximised by scipy, from a different start."""
    from scipy import optimize
    from scipy.stats import fisk
    d = kabl_1990()
    X = np.column_stack([np.ones(314), d["fract"] / 1000, d["numst2"], d["polar"] / 10])
    t, e = d["duration"], d["ciep12"]

    def nll(theta: np.ndarray) -> float:
        alpha = np.exp(X @ theta[:4])
        c = np.exp(-theta[4])
        return -float(np.sum(np.where(e > 0, fisk.logpdf(t, c, scale=alpha),
                                      fisk.logsf(t, c, scale=alpha))))

    ours = AFTModel("loglogistic").fit(t, e, X[:, 1:])
    ref = optimize.minimize(nll, np.zeros(5), method="BFGS", options={"gtol": 1e-9})
    ref = optimize.minimize(nll, ref.x, method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
    assert -ref.fun == pytest.approx(ours.loglik_, abs=1e-7)
    assert ours.params_ == pytest.approx(ref.x, rel=1e-4, abs=1e-6)


@pytest.mark.parametrize("dist,fitter,location,log_scale,sign", [
    ("weibull", "WeibullAFTFitter", "lambda_", "rho_", -1),
    ("lognormal", "LogNormalAFTFitter", "mu_", "sigma_", 1),
])
def test_agree_with_lifelines_aft(dist: str, fitter: str, location: str, log_scale: str,
                                  sign: int) -> None:
    lifelines = pytest.importorskip("lifelines")
    pd = pytest.importorskip("pandas")
    d = kabl_1990()
    # covariates on a unit scale, where lifelines' optimiser converges tightly
    frame = pd.DataFrame({"duration": d["duration"], "ended": d["ciep12"],
                          "fract": d["fract"] / 1000, "numst2": d["numst2"],
                          "polar": d["polar"] / 10})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = getattr(lifelines, fitter)().fit(frame, "duration", "ended")
    ours = AFTModel(dist).fit(frame["duration"], frame["ended"],
                              frame[["fract", "numst2", "polar"]])
    # lifelines stops its optimiser at about 1e-5 relative in the parameters; ours goes on to
    # the maximum, so its log-likelihood is at least as high
    assert ours.loglik_ >= ref.log_likelihood_ - 1e-9
    assert ours.loglik_ == pytest.approx(ref.log_likelihood_, rel=1e-6)
    theirs = [ref.params_[(location, "Intercept")]] + [
        ref.params_[(location, c)] for c in ("fract", "numst2", "polar")] + [
        sign * ref.params_[(log_scale, "Intercept")]]
    se = [ref.standard_errors_[(location, "Intercept")]] + [
        ref.standard_errors_[(location, c)] for c in ("fract", "numst2", "polar")] + [
        ref.standard_errors_[(log_scale, "Intercept")]]
    assert ours.params_ == pytest.approx(theirs, rel=1e-3, abs=1e-6)
    assert ours.se_ == pytest.approx(se, rel=1e-3)
    median = ours.predict_median([0.5, 1, 1.0])
    assert median.shape == (1,) and median[0] > 0
    sf = ours.predict_survival_function([1.0, 10.0, 100.0], [0.5, 1, 1.0])
    assert np.all(np.diff(sf[0]) < 0)


def test_delayed_entry_and_lr_test() -> None:
    rng = np.random.default_rng(8)
    n = 6000
    x = rng.normal(size=n)
    t = np.exp(2.0 + 0.5 * x + 0.7 * np.log(rng.exponential(size=n)))  # Weibull, sigma 0.7
    # left truncation: a unit is seen only if it lasts beyond its (independent) entry time
    entry = np.where(rng.random(n) < 0.5, rng.uniform(0, 8, n), 0.0)
    seen = t > entry
    t, x, entry = t[seen], x[seen], entry[seen]
    n = len(t)
    m = AFTModel("weibull").fit(t, np.ones(n), x[:, None], entry=entry, names=["x"])
    assert m.params_[:2] == pytest.approx([2.0, 0.5], abs=0.06)
    assert math.exp(m.params_[2]) == pytest.approx(0.7, abs=0.05)
    m0 = AFTModel("weibull").fit(t, np.ones(n), entry=entry)
    stat, df, p = m.likelihood_ratio_test(m0)
    assert df == 1 and stat > 100 and p < 1e-20


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="distribution"):
        AFTModel("gamma")
    with pytest.raises(ValueError, match="durations"):
        AFTModel().fit([1.0, -2.0])
    with pytest.raises(ValueError, match="event"):
        AFTModel().fit([1.0, 2.0], [1, 2])
    with pytest.raises(ValueError, match="entry"):
        AFTModel().fit([1.0, 2.0], [1, 1], entry=[0.5, 3.0])
    with pytest.raises(ValueError, match="durations"):
        KaplanMeier().fit([1.0, float("nan")])
    with pytest.raises(ValueError, match="fit"):
        KaplanMeier().predict([1.0])
    with pytest.raises(ValueError, match="alpha"):
        NelsonAalen(alpha=2)


def test_aalen_johansen() -> None:
    """Cumulative incidences add up to 1 - KM of any cause, and match lifelines."""
    from foedus import AalenJohansen
    rng = np.random.default_rng(2)
    t = rng.exponential(5, 300)
    c = rng.integers(0, 3, 300)
    one = AalenJohansen(1).fit(t, c)
    two = AalenJohansen(2).fit(t, c)
    km = KaplanMeier().fit(t, (c > 0).astype(int))
    assert one.cumulative_incidence_ + two.cumulative_incidence_ == pytest.approx(
        1 - km.survival_function_, abs=1e-12)
    lifelines = pytest.importorskip("lifelines")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = lifelines.AalenJohansenFitter(calculate_variance=False).fit(
            t, c, event_of_interest=1)
    assert one.cumulative_incidence_ == pytest.approx(
        ref.cumulative_density_.loc[one.timeline_].iloc[:, 0].to_numpy(), abs=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = lifelines.AalenJohansenFitter(calculate_variance=True).fit(
            t, c, event_of_interest=1)
    var = ref.variance_.loc[one.timeline_].to_numpy()
    assert one.variance_ == pytest.approx(var, rel=1e-9, abs=1e-15)
    # lifelines 0.30.3 labels its two bounds the wrong way round (its "upper" column holds
    # exp(-exp(log(-log F) + z se)), the lower bound), so compare the smaller and larger one
    ci = ref.confidence_interval_.loc[one.timeline_].to_numpy()
    lower, upper = ci.min(axis=1), ci.max(axis=1)
    assert one.ci_lower_ == pytest.approx(lower, rel=1e-9)
    assert one.ci_upper_ == pytest.approx(upper, rel=1e-9)
    assert (one.ci_lower_ <= one.cumulative_incidence_).all()
    assert (one.cumulative_incidence_ <= one.ci_upper_).all()
    frame = one.to_frame()
    assert list(frame.columns) == ["cumulative_incidence", "lower", "upper"]
    with pytest.raises(ValueError, match="cause"):
        AalenJohansen(0)
    with pytest.raises(ValueError, match="events"):
        AalenJohansen(1).fit([1.0, 2.0], [1, -1])


@pytest.mark.parametrize("dist", ["exponential", "weibull", "loglogistic", "lognormal"])
def test_aft_thread_invariance(dist: str) -> None:
    rng = np.random.default_rng(0)
    n = 50_000  # above the kernel's single-thread threshold
    X = rng.normal(size=(n, 3))
    t = np.exp(1 + X @ np.array([0.3, -0.2, 0.1]) + 0.8 * np.log(rng.exponential(size=n)))
    e = (rng.random(n) < 0.8).astype(float)
    entry = np.where(rng.random(n) < 0.2, t * 0.5, 0.0)
    one = AFTModel(dist).fit(t, e, X, entry=entry, n_threads=1)
    two = AFTModel(dist).fit(t, e, X, entry=entry, n_threads=2)
    assert one.params_.tobytes() == two.params_.tobytes()
    assert one.se_.tobytes() == two.se_.tobytes()
