"""Cox proportional hazards against statsmodels PHReg and lifelines, with ties, strata and
start-stop data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert stat == pytest.approx(ref.log_likelihood_ratio_test().test_statistic, rel=1e-6)
    assert ours.aic_ == pytest.approx(ref.AIC_partial_, rel=1e-9)


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


def _therneau_grambsch(beta: float) -> tuple[float, np.ndarray]:
    """Log partial likelihood and Efron score residuals of the appendix data of Therneau and
    Grambsch (2000), in closed form (as in R survival's tests/book2.R)."""
    r = np.exp(beta)
    a, b, c = r + 1, r + 3, r + 5
    ll = 2 * beta - (np.log(3 * r + 3) + np.log((r + 5) / 2) + np.log(r + 3))
    abc2 = 3 * (a * b * c) ** 2
    tail = 2 * r * (177 + r * (282 + r * (182 + r * (50 + 5 * r)))) / abc2
    score = [(2 * r + 3) / (3 * a ** 2), -r / (3 * a ** 2),
             (675 + r * (1305 + r * (756 + r * (-4 + r * (-79 - 13 * r))))) / abc2,
             r * (1 / (3 * a ** 2) - a / (2 * b ** 2) - b / (2 * c ** 2)), tail, tail]
    return ll, np.array(score)


def test_efron_score_residuals_match_the_textbook(capsys) -> None:
    t = np.array([1, 1, 6, 6, 8, 9.0])
    status = np.array([1, 0, 1, 1, 0, 1])
    x = np.array([1, 1, 1, 0, 0, 0.0])
    m = CoxModel().fit(t, status, x)
    truth = np.log(np.cos(np.arccos((45 / 23) * np.sqrt(3 / 23)) / 3) * 2 * np.sqrt(23 / 3))
    assert m.params_[0] == pytest.approx(truth, rel=1e-10)
    ll, score = _therneau_grambsch(truth)
    assert m.loglik_ == pytest.approx(ll, rel=1e-12)
    assert m.loglik_null_ == pytest.approx(_therneau_grambsch(0.0)[0], rel=1e-12)
    assert m.score_residuals()[:, 0] == pytest.approx(score, rel=1e-9)
    # rows in another order: residuals follow the rows
    perm = np.array([5, 2, 0, 4, 1, 3])
    again = CoxModel().fit(t[perm], status[perm], x[perm])
    assert again.score_residuals()[:, 0] == pytest.approx(score[perm], rel=1e-9)
    robust = CoxModel().fit(t, status, x, robust=True)
    robust.print_summary()
    assert "robust" in capsys.readouterr().out
    v = robust.cov_model_[0, 0]
    assert robust.se_[0] == pytest.approx(np.sqrt(v * np.sum(score ** 2) * v), rel=1e-9)


def test_robust_breslow_and_clusters_agree_with_statsmodels() -> None:
    hazard = pytest.importorskip("statsmodels.duration.hazard_regression")
    d = _kabl()
    X = d[["fract", "numst2", "polar"]]
    args = (d["duration"].to_numpy(), X.to_numpy())
    ours = CoxModel("breslow").fit(d["duration"], d["ciep12"], X, robust=True)
    ref = hazard.PHReg(*args, status=d["ciep12"].to_numpy(), ties="breslow").fit(
        groups=np.arange(len(d)))
    assert ours.se_ == pytest.approx(ref.bse, rel=1e-8)
    assert ours.se_model_ != pytest.approx(ours.se_, rel=1e-3)
    cluster = np.arange(len(d)) % 37
    ours = CoxModel("breslow").fit(d["duration"], d["ciep12"], X, cluster=cluster)
    ref = hazard.PHReg(*args, status=d["ciep12"].to_numpy(), ties="breslow").fit(groups=cluster)
    assert ours.se_ == pytest.approx(ref.bse, rel=1e-8)


def test_robust_without_ties_agrees_with_lifelines() -> None:
    lifelines = pytest.importorskip("lifelines")
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(5)
    n = 400
    X = rng.normal(size=(n, 2))
    t = rng.exponential(np.exp(-X @ np.array([0.5, -0.3])))
    e = (rng.random(n) < 0.7).astype(int)
    ours = CoxModel().fit(t, e, X, robust=True)
    frame = pd.DataFrame({"T": t, "E": e, "x0": X[:, 0], "x1": X[:, 1]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = lifelines.CoxPHFitter().fit(frame, "T", "E", robust=True,
                                          fit_options={"precision": 1e-12})
    assert ours.params_ == pytest.approx(ref.params_.to_numpy(), rel=1e-7)
    assert ours.se_ == pytest.approx(ref.standard_errors_.to_numpy(), rel=1e-6)


def _naive_efron(beta, t, d, e, X, strata, efron=True):
    """Log partial likelihood by definition: every event time, its risk set by masks."""
    ll = 0.0
    for s in np.unique(strata):
        ins = strata == s
        for tau in np.unique(t[ins & (d > 0)]):
            risk = ins & (e < tau) & (t >= tau)
            dead = ins & (t == tau) & (d > 0)
            eta = X @ beta
            top = eta[risk].max()  # shifted by the risk set's largest eta: no overflow
            s0, d0 = np.exp(eta[risk] - top).sum(), np.exp(eta[dead] - top).sum()
            D = int(dead.sum())
            ll += eta[dead].sum()
            for lvl in range(D):
                ll -= top + np.log(s0 - (lvl / D if efron else 0) * d0)
    return ll


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40), k=st.integers(1, 3),
       efron=st.booleans(), with_entry=st.booleans(), n_strata=st.integers(1, 3))
def test_partial_likelihood_against_definition(seed, n, k, efron, with_entry, n_strata) -> None:
    """The kernel's log-likelihood, gradient and Hessian (by central differences) against the
    definition, with ties, strata and delayed entry."""
    rng = np.random.default_rng(seed)
    t = rng.integers(1, 6, n).astype(float)  # many ties
    d = (rng.random(n) < 0.7).astype(float)
    d[0] = 1.0
    e = np.where(rng.random(n) < 0.5, t - rng.integers(1, 3, n), -np.inf) if with_entry \
        else np.full(n, -np.inf)
    X = rng.normal(size=(n, k))
    strata = rng.integers(0, n_strata, n)
    # drive the kernel through the model's own preparation at a random beta
    model = CoxModel("efron" if efron else "breslow")
    model._setup(t, d, X, e if with_entry else None, strata, None, None)
    beta = rng.normal(scale=0.5, size=k)
    ll, g, H = model._loglik(beta)
    assert ll == pytest.approx(_naive_efron(beta, t, d, e, X, strata, efron), rel=1e-10,
                               abs=1e-10)
    h = 1e-5
    for j in range(k):
        step = np.zeros(k)
        step[j] = h
        num = (_naive_efron(beta + step, t, d, e, X, strata, efron)
               - _naive_efron(beta - step, t, d, e, X, strata, efron)) / (2 * h)
        assert g[j] == pytest.approx(num, rel=1e-5, abs=1e-6)
        num_h = (model._loglik(beta + step)[1] - model._loglik(beta - step)[1]) / (2 * h)
        assert H[:, j] == pytest.approx(num_h, rel=1e-4, abs=1e-6)


def test_thread_invariance_with_strata_and_entries() -> None:
    rng = np.random.default_rng(3)
    n = 60_000  # above the single-thread threshold: several blocks per stratum
    X = rng.normal(size=(n, 3))
    t = np.round(rng.exponential(np.exp(-X @ np.array([0.4, -0.2, 0.1]))), 2) + 0.01
    e = (rng.random(n) < 0.8).astype(float)
    entry = np.where(rng.random(n) < 0.3, t * rng.random(n), 0.0)
    strata = rng.integers(0, 3, n)
    fits = [CoxModel(n_threads=k).fit(t, e, X, entry=entry, strata=strata, robust=True)
            for k in (1, 2)]
    assert fits[0].params_.tobytes() == fits[1].params_.tobytes()
    assert fits[0].se_.tobytes() == fits[1].se_.tobytes()
    assert fits[0].loglik_ == fits[1].loglik_


def test_extreme_linear_predictors_stay_exact() -> None:
    """Rows with huge eta leaving a risk set (start-stop data), or one huge eta among small
    ones, must not corrupt the sums (cancellation, underflow)."""
    t = np.array([10.0, 10, 4, 3, 2])
    d = np.array([1.0, 0, 1, 1, 1])
    e = np.array([5.0, 5, 0, 0, 0])
    strata = np.zeros(5, dtype=int)
    for big in (30.0, 35.0, 40.0):
        X = np.array([[big], [big + 0.3], [0], [0.5], [0.2]])
        m = CoxModel()
        m._setup(t, d, X, e, None, None, None)
        ll = m._loglik(np.array([1.0]))[0]
        assert ll == pytest.approx(_naive_efron(np.array([1.0]), t, d, e, X, strata), rel=1e-12)
    m = CoxModel()
    X = np.array([[800.0], [0.0], [1.0]])
    m._setup(np.array([1.0, 2, 3]), np.ones(3), X, None, None, None, None)
    ll = m._loglik(np.array([1.0]))[0]
    assert ll == pytest.approx(_naive_efron(np.array([1.0]), np.array([1.0, 2, 3]), np.ones(3),
                                            np.full(3, -np.inf), X, np.zeros(3)), rel=1e-12)


def test_offsets_change_nothing() -> None:
    """A constant added to a covariate (overall, or per stratum in a stratified model) leaves
    the coefficients and the predicted survival unchanged."""
    rng = np.random.default_rng(0)
    n = 400
    z = rng.normal(size=n)
    s = rng.integers(0, 2, n)
    t = rng.exponential(np.exp(-z))
    d = np.ones(n)
    plain = CoxModel().fit(t, d, z, strata=s)
    shifted = CoxModel().fit(t, d, z + 1000 * s, strata=s)
    assert shifted.params_ == pytest.approx(plain.params_, rel=1e-9)
    a = CoxModel().fit(t, d, z)
    b = CoxModel().fit(t, d, z + 800)
    assert b.params_ == pytest.approx(a.params_, rel=1e-9)
    assert b.predict_survival_function([0.5, 1.0], [[800.0]]) == pytest.approx(
        a.predict_survival_function([0.5, 1.0], [[0.0]]), rel=1e-9)


def test_degenerate_fits_raise_or_warn() -> None:
    with pytest.raises(ValueError, match="singular"):
        CoxModel().fit([1.0, 2, 3, 4], [1, 1, 0, 1], np.ones(4))
    t = np.arange(1, 21.0)
    with pytest.warns(RuntimeWarning, match="infinite"):
        CoxModel().fit(t, np.ones(20), (t <= 10) * 1.0)
    with pytest.raises(ValueError, match="strata"):
        CoxModel().fit([1.0, 2, 3], [1, 1, 1], [0.0, 1, 2], strata=[None, "a", "b"])
    with pytest.raises(ValueError, match="fit"):
        CoxModel().predict_median([[0.0]])
