"""Parametric accelerated-failure-time models with right censoring and delayed entry.

``log T = x b + sigma W``: covariates stretch or shrink time. The error ``W`` fixes the
distribution of ``T``:

============== ==================================== ==========================================
distribution   W                                    lifelines' parameters
============== ==================================== ==========================================
exponential    minimum extreme value, sigma = 1     ``lambda_`` = b
weibull        minimum extreme value                ``lambda_`` = b, ``rho_`` = -log sigma
loglogistic    logistic                             ``alpha_`` = b, ``beta_`` = -log sigma
lognormal      standard normal                      ``mu_`` = b, ``sigma_`` = log sigma
============== ==================================== ==========================================

The log-likelihood of an observation with duration t, event indicator d and entry time e
(delayed entry: the unit is observed only from e on) is
``d log f(t) + (1 - d) log S(t) - log S(e)``. It is maximised by Newton's method with the
analytic gradient and Hessian, computed together in one pass over the rows by the C++ kernel
(``foedus/aft.hpp``, in parallel, identical for every thread count); standard errors come
from that Hessian.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import special, stats

from . import _core
from ._newton import covariance, maximise
from ._optional import import_pandas
from ._validation import check_n_threads, float_array

__all__ = ["AFTModel", "DISTRIBUTIONS"]

DISTRIBUTIONS = ("exponential", "weibull", "loglogistic", "lognormal")
_CODES = {d: i for i, d in enumerate(DISTRIBUTIONS)}


def _logf_logS(dist: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                   np.ndarray]:
    """log f_W(z), log S_W(z) and their derivatives in z."""
    if dist in ("exponential", "weibull"):
        ez = np.exp(z)
        return z - ez, -ez, 1.0 - ez, -ez
    if dist == "loglogistic":
        sp = np.logaddexp(0.0, z)  # log(1 + e^z)
        sig = special.expit(z)
        return z - 2.0 * sp, -sp, 1.0 - 2.0 * sig, -sig
    log_phi = -0.5 * z * z - 0.5 * math.log(2.0 * math.pi)
    log_sf = special.log_ndtr(-z)
    return log_phi, log_sf, -z, -np.exp(log_phi - log_sf)


class AFTModel:
    """An accelerated-failure-time model (see the module docstring for the distributions).

    Parameters
    ----------
    distribution : {"exponential", "weibull", "loglogistic", "lognormal"}
    fit_intercept : bool
        Add a constant column named ``Intercept`` (default True).

    Attributes (after :meth:`fit`)
    ------------------------------
    params_ : numpy.ndarray
        Location coefficients b, then ``log_sigma`` (absent for the exponential).
    se_ : numpy.ndarray
    names_ : list of str
    loglik_, aic_ : float
    n_, n_events_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from foedus import AFTModel
    >>> t = np.array([2.0, 3.0, 5.0, 8.0, 13.0, 21.0])
    >>> m = AFTModel("exponential").fit(t, event=[1, 1, 1, 1, 1, 0])
    >>> round(float(np.exp(m.params_[0])), 4)   # mean duration: total time / events
    10.4
    """

    @property
    def method(self) -> str:
        """The model."""
        return (f"accelerated failure time model, {self.distribution} distribution, maximum "
                "likelihood")

    @property
    def reference(self) -> str:
        """The literature of the model."""
        from .references import cite

        return cite("kalbfleisch_prentice_2002")

    def __init__(self, distribution: str = "weibull", *, fit_intercept: bool = True) -> None:
        if not isinstance(distribution, str) or distribution not in DISTRIBUTIONS:
            raise ValueError(f"distribution: expected one of {DISTRIBUTIONS}, got "
                             f"{distribution!r}")
        if not isinstance(fit_intercept, (bool, np.bool_)):
            raise TypeError(f"fit_intercept: expected True or False, got {fit_intercept!r}")
        self.distribution = distribution
        self.fit_intercept = bool(fit_intercept)

    # ---- data ---------------------------------------------------------------------------------
    @staticmethod
    def _vector(x: Any, n: int | None, name: str) -> np.ndarray:
        a = float_array(x, name)
        if a.ndim != 1:
            raise ValueError(f"{name}: expected a 1-D array")
        if n is not None and len(a) != n:
            raise ValueError(f"{name}: expected {n} values, got {len(a)}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name}: values must be finite (found NaN or inf)")
        return a

    def _design(self, X: Any, n: int, names: Sequence[str] | None) -> tuple[np.ndarray,
                                                                             list[str]]:
        cols: list[np.ndarray] = []
        labels: list[str] = []
        if self.fit_intercept:
            cols.append(np.ones(n))
            labels.append("Intercept")
        if X is not None:
            if hasattr(X, "columns"):  # a pandas DataFrame
                labels += [str(c) for c in X.columns]
                A = float_array(X, "X")
            else:
                A = float_array(X, "X")
                if A.ndim == 1:
                    A = A[:, None]
                if A.ndim != 2:
                    raise ValueError(f"X: expected an array of shape ({n}, k), got {A.shape}")
                if isinstance(names, str) or not (names is None or isinstance(names, Iterable)):
                    raise TypeError(f"names: expected a sequence of names, got {names!r}")
                labels += list(names) if names is not None else [f"x{j}" for j in
                                                                 range(A.shape[1])]
            if A.ndim != 2 or A.shape[0] != n:
                raise ValueError(f"X: expected an array of shape ({n}, k), got {A.shape}")
            if not np.all(np.isfinite(A)):
                raise ValueError("X: covariates must be finite (found NaN or inf)")
            if len(labels) != len(cols) + A.shape[1]:
                raise ValueError("names: one name per column of X")
            cols += [A[:, j] for j in range(A.shape[1])]
        if not cols:
            raise ValueError("X: no covariates and no intercept: nothing to fit")
        return np.column_stack(cols), labels

    # ---- likelihood (one fused pass of the C++ kernel, foedus/aft.hpp) ------------------------
    def _derivs(self, theta: np.ndarray, *, grad: bool = True,
                hess: bool = True) -> tuple[float, np.ndarray, np.ndarray]:
        return _core.aft_derivs(self._X, self._logt, self._d, self._loge, self._has_e, theta,
                                _CODES[self.distribution], grad, hess, self._threads)

    # ---- fit ----------------------------------------------------------------------------------
    def fit(self, durations: Any, event: Any = None, X: Any = None, *, entry: Any = None,
            names: Sequence[str] | None = None, max_iter: int = 100,
            tol: float = 1e-9, n_threads: int | None = None) -> AFTModel:
        """Fit by maximum likelihood.

        Parameters
        ----------
        durations : array-like
            Positive durations (exit times).
        event : array-like, optional
            1 if the end was observed, 0 if censored (default: all observed).
        X : array-like or DataFrame, optional
            Covariates, shape (n, k).
        entry : array-like, optional
            Delayed entry times (0 <= entry < duration).
        names : sequence of str, optional
            Covariate names (default: DataFrame columns, else x0, x1, ...).
        """
        t = self._vector(durations, None, "durations")
        n = len(t)
        if n == 0:
            raise ValueError("durations: need at least one observation")
        if (t <= 0).any():
            raise ValueError("durations: must be positive")
        d = np.ones(n) if event is None else self._vector(event, n, "event")
        if not np.isin(d, (0.0, 1.0)).all():
            raise ValueError("event: expected 0 (censored) or 1 (ended)")
        if d.sum() == 0:
            raise ValueError("event: no observed end; the model cannot be fitted")
        e = np.zeros(n) if entry is None else self._vector(entry, n, "entry")
        if (e < 0).any() or (e >= t).any():
            raise ValueError("entry: must satisfy 0 <= entry < duration")
        Xd, labels = self._design(X, n, names)
        self._X, self._logt, self._d = np.ascontiguousarray(Xd), np.log(t), d
        self._has_e = (e > 0).astype(np.uint8)
        self._loge = np.log(np.where(e > 0, e, 1.0))
        self._threads = check_n_threads(n_threads)
        k = Xd.shape[1]
        # start: least squares of log t on X, sigma = 1
        try:  # normal equations: k x k, cheap for a million rows
            b0 = np.linalg.solve(Xd.T @ Xd, Xd.T @ self._logt)
        except np.linalg.LinAlgError:
            b0, *_ = np.linalg.lstsq(Xd, self._logt, rcond=None)
        if self.distribution == "exponential":
            theta = b0
        else:  # the scale from the residuals' spread: fewer Newton steps from a closer start
            spread = float(np.std(self._logt - Xd @ b0))
            sigma = spread * {"weibull": np.sqrt(6) / np.pi, "loglogistic": np.sqrt(3) / np.pi,
                              "lognormal": 1.0}[self.distribution]
            if self.distribution == "weibull" and self.fit_intercept:
                b0 = b0.copy()
                b0[0] += np.euler_gamma * sigma  # E[W] = -gamma for the Weibull's W
            theta = np.concatenate([b0, [np.log(sigma) if sigma > 0 else 0.0]])
        singular = "X: the information matrix is singular (a constant or collinear covariate)"
        theta, ll, g, H, _ = maximise(
            self._derivs, lambda x: self._derivs(x, grad=False, hess=False)[0], theta,
            max_iter=max_iter, tol=tol, gtol=1e-6, singular=singular)
        cov = covariance(H, singular)
        self.params_ = theta
        self.se_ = np.sqrt(np.diag(cov))
        self.cov_ = cov
        self.names_ = labels + ([] if self.distribution == "exponential" else ["log_sigma"])
        self.loglik_ = ll
        self.aic_ = 2.0 * len(theta) - 2.0 * ll
        self.n_, self.n_events_ = n, int(d.sum())
        self._k = k
        return self

    # ---- results ------------------------------------------------------------------------------
    def _check(self) -> None:
        if not hasattr(self, "params_"):
            raise ValueError("model: call fit(...) first")

    @property
    def summary(self) -> Any:
        """Coefficients with standard errors, z, p and 95 % intervals (a DataFrame)."""
        self._check()
        pd = import_pandas()
        z = self.params_ / self.se_
        return pd.DataFrame({
            "coef": self.params_, "se": self.se_, "z": z,
            "p": 2 * stats.norm.sf(np.abs(z)),
            "lower 95%": self.params_ - 1.959963984540054 * self.se_,
            "upper 95%": self.params_ + 1.959963984540054 * self.se_,
        }, index=pd.Index(self.names_, name="parameter"))

    def print_summary(self) -> None:
        self._check()
        print(f"AFTModel({self.distribution}): n = {self.n_}, events = {self.n_events_}, "
              f"log-likelihood = {self.loglik_:.4f}, AIC = {self.aic_:.2f}")
        print(self.summary.to_string(float_format=lambda v: f"{v:.6g}"))

    def likelihood_ratio_test(self, restricted: AFTModel) -> tuple[float, int, float]:
        """LR statistic, degrees of freedom and p-value against a nested model."""
        self._check()
        if not isinstance(restricted, AFTModel):
            raise TypeError("restricted: expected a fitted AFTModel (a nested model of the same "
                            f"data), got {type(restricted).__name__}")
        restricted._check()
        stat = 2.0 * (self.loglik_ - restricted.loglik_)
        df = len(self.params_) - len(restricted.params_)
        if df <= 0:
            raise ValueError("restricted: must have fewer parameters than this model")
        return stat, df, float(stats.chi2.sf(stat, df))

    def _mu_sigma(self, X: Any) -> tuple[np.ndarray, float]:
        self._check()
        k = self._k
        n = None
        if X is None:
            Xd = np.ones((1, 1)) if self.fit_intercept and k == 1 else None
            if Xd is None:
                raise ValueError("X: covariates are needed for prediction")
        else:
            A = float_array(X, "X")
            A = A[None, :] if A.ndim == 1 else A
            if A.ndim != 2:
                raise ValueError(f"X: expected rows of covariates, got shape {A.shape}")
            if not np.all(np.isfinite(A)):
                raise ValueError("X: covariates must be finite (found NaN or inf)")
            n = A.shape[0]
            Xd = np.column_stack([np.ones(n), A]) if self.fit_intercept else A
            if Xd.shape[1] != k:
                raise ValueError(f"X: expected {k - self.fit_intercept} covariates per row")
        sigma = 1.0 if self.distribution == "exponential" else math.exp(self.params_[k])
        return Xd @ self.params_[:k], sigma

    def predict_median(self, X: Any = None) -> np.ndarray:
        """Median duration for each row of covariates."""
        mu, sigma = self._mu_sigma(X)
        w_med = {"exponential": math.log(math.log(2.0)), "weibull": math.log(math.log(2.0)),
                 "loglogistic": 0.0, "lognormal": 0.0}[self.distribution]
        return np.exp(mu + sigma * w_med)

    def predict_survival_function(self, times: Any, X: Any = None) -> np.ndarray:
        """S(t) at the given times (columns) for each row of covariates (rows)."""
        mu, sigma = self._mu_sigma(X)
        t = float_array(times, "times")
        t = t.reshape(-1) if t.ndim == 0 else t
        if t.ndim > 1:
            raise ValueError(f"times: expected a 1-D array of times, got shape {t.shape}")
        if np.isnan(t).any() or (t < 0).any():
            raise ValueError("times: must be non-negative (and not NaN)")
        with np.errstate(all="ignore"):  # log(0) = -inf: S(0) = 1; extreme mu: S = 0 or 1
            z = (np.log(t)[None, :] - mu[:, None]) / sigma
            s = np.exp(_logf_logS(self.distribution, z)[1])
        return np.where(t[None, :] == 0, 1.0, s)  # S(0) = 1 (log 0 - mu is NaN for mu = -inf)

    def plot(self, ax: Any = None, X: Any = None, times: Any = None) -> Any:
        """The fitted survival function (for covariates X, default the baseline)."""
        from ._optional import import_matplotlib_pyplot
        plt = import_matplotlib_pyplot()
        if ax is None:
            _, ax = plt.subplots()
        if times is None:
            times = np.linspace(1e-6, float(np.exp(self._logt.max())), 200)
        s = self.predict_survival_function(times, X)
        for row in s:
            ax.plot(times, row)
        ax.set_xlabel("time")
        ax.set_ylabel("survival")
        return ax

    def __repr__(self) -> str:
        if not hasattr(self, "params_"):
            return f"AFTModel({self.distribution!r})"
        return (f"AFTModel({self.distribution!r}, n={self.n_}, events={self.n_events_}, "
                f"loglik={self.loglik_:.4f})")
