"""Cox proportional hazards with Efron or Breslow ties, strata, start-stop data and robust
(sandwich) standard errors.

The partial likelihood, its gradient and Hessian come from one fused C++ pass
(``foedus/cox.hpp``): rows sorted by exit time, descending, inside each stratum, join the risk
set at their exit and leave it once the scan passes their entry (a row is at risk at t when
``entry < t <= exit``). The pass runs in parallel over blocks of rows cut at tie boundaries and
gives the same result for every thread count. Newton's method with step halving maximises it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
from scipy import stats

from . import _core
from ._newton import covariance, maximise
from ._optional import import_pandas
from ._validation import check_int, check_n_threads, float_array

__all__ = ["CoxModel"]

_SINGULAR = "X: the information matrix is singular (a constant or collinear covariate)"


def _labels(values: Any, n: int, arg: str) -> tuple[np.ndarray, np.ndarray]:
    """Distinct labels and each row's code; a clear error for unsortable mixed labels."""
    labels = np.asarray(values)
    if labels.shape != (n,):
        raise ValueError(f"{arg}: expected one label per duration")
    try:
        return np.unique(labels, return_inverse=True)
    except TypeError:
        raise ValueError(f"{arg}: labels must be of one comparable type (e.g. all strings or "
                         "all numbers; no None)") from None


class CoxModel:
    """Cox proportional hazards model.

    Parameters
    ----------
    ties : {"efron", "breslow"}
    n_threads : int, optional
        Threads of the likelihood pass (default: all cores); results do not depend on it.

    Attributes (after :meth:`fit`)
    ------------------------------
    params_, se_ : numpy.ndarray
        Coefficients and standard errors (robust ones when fitted with ``robust=True`` or
        ``cluster``; the model-based ones are then in ``se_model_``).
    cov_ : numpy.ndarray
        Covariance matrix of the coefficients (robust when asked for).
    loglik_, loglik_null_ : float
        Partial log-likelihood at the estimate and at 0.
    aic_ : float
        Partial AIC, ``2 k - 2 loglik_``.
    mean_ : numpy.ndarray
        Covariate means (the fit centres the covariates; coefficients do not change).
    baseline_ : list of (times, cumulative hazard)
        Breslow's cumulative baseline hazard per stratum at the covariate means:
        ``H(t | x) = H0(t) exp((x - mean_) b)``.
    names_ : list of str

    Examples
    --------
    >>> import numpy as np
    >>> from foedus import CoxModel
    >>> from foedus.datasets import kabl_1990
    >>> d = kabl_1990()
    >>> m = CoxModel().fit(d["duration"], d["ciep12"], d["numst2"], names=["numst2"])
    >>> round(float(np.exp(m.params_[0])), 3)   # majority cabinets: a lower hazard of ending
    0.623
    """

    @property
    def method(self) -> str:
        """The model and its handling of tied times."""
        return f"Cox proportional hazards, partial likelihood with {self.ties.capitalize()}'s ties"

    @property
    def reference(self) -> str:
        """The literature of the model (and of the robust covariance, when fitted so)."""
        from .references import cite

        keys = ["cox_1972", "efron_1977" if self.ties == "efron" else "breslow_1974"]
        if getattr(self, "robust_", False):
            keys.append("lin_wei_1989")
        return cite(*keys)

    def __init__(self, ties: str = "efron", *, n_threads: int | None = None) -> None:
        if not isinstance(ties, str) or ties not in ("efron", "breslow"):
            raise ValueError(f"ties: expected 'efron' or 'breslow', got {ties!r}")
        check_n_threads(n_threads)
        self.ties = ties
        self.n_threads = n_threads

    # ---- data ---------------------------------------------------------------------------------
    def fit(self, durations: Any, event: Any, X: Any, *, entry: Any = None,
            strata: Any = None, names: Any = None, robust: bool = False, cluster: Any = None,
            max_iter: int = 100, tol: float = 1e-10) -> CoxModel:
        """Fit by maximising the partial likelihood.

        Parameters
        ----------
        durations : array-like
            Exit times (the stop of start-stop data).
        event : array-like
            1 if the unit ended at its exit time, 0 if censored there.
        X : array-like or DataFrame, shape (n, k)
        entry : array-like, optional
            Entry times (start-stop data, time-varying covariates, delayed entry).
        strata : array-like, optional
            Stratum labels: separate baseline hazards, shared coefficients.
        robust : bool
            Lin and Wei's (1989) robust sandwich covariance from the score residuals (Efron's
            or Breslow's, matching ``ties``), as R's ``coxph(robust=TRUE)`` and lifelines.
        cluster : array-like, optional
            Cluster labels (e.g. the unit of start-stop rows): residuals are summed within a
            cluster before the sandwich is formed. Implies ``robust``.
        """
        if not isinstance(robust, (bool, np.bool_)):
            raise TypeError(f"robust: expected True or False, got {robust!r}")
        _, cluster = self._setup(durations, event, X, entry, strata, names, cluster)
        robust = robust or cluster is not None
        k = self._X.shape[1]
        beta = np.zeros(k)
        self.loglik_null_ = self._loglik(beta)[0]
        beta, ll, g, H, _ = maximise(
            self._loglik, lambda x: self._loglik(x, second=False)[0], beta, max_iter=max_iter,
            tol=tol, gtol=1e-7, singular=_SINGULAR)
        self.params_ = beta
        self.loglik_ = ll
        self.aic_ = 2.0 * k - 2.0 * ll  # partial AIC, as lifelines' AIC_partial_
        self.cov_model_ = covariance(H, _SINGULAR)
        self.se_model_ = np.sqrt(np.diag(self.cov_model_))
        # R's check (coxph.fit): the step the final gradient still asks for is large against
        # the coefficient when the likelihood is monotone in it (the estimate is infinite)
        step = np.abs(self.cov_model_ @ g)
        infinite = (step > 1e-9) & (step > np.sqrt(1e-9) * np.abs(beta))
        if infinite.any():
            names = ", ".join(str(self.names_[j]) for j in np.flatnonzero(infinite))
            warnings.warn(f"CoxModel: the log-likelihood converged before {names}; the "
                          "coefficient may be infinite (a covariate separates the events: a "
                          "monotone likelihood), and it and its standard error are not "
                          "meaningful", RuntimeWarning, stacklevel=2)
        sums = self._kernel(beta, second=False, per_time=True)[3]
        self._baseline(sums)
        self.robust_ = bool(robust)
        if robust:
            U = self._score_residuals(sums)
            if cluster is not None:
                groups = cluster[self._order]
                U = np.stack([np.bincount(groups, weights=U[:, j]) for j in range(k)], axis=1)
            self.cov_ = self.cov_model_ @ (U.T @ U) @ self.cov_model_
        else:
            self.cov_ = self.cov_model_
        self.se_ = np.sqrt(np.diag(self.cov_))
        return self

    def _setup(self, durations: Any, event: Any, X: Any, entry: Any, strata: Any, names: Any,
               cluster: Any) -> tuple[np.ndarray, np.ndarray | None]:
        """Checks the data and sorts it into the kernel's scan order."""
        t = float_array(durations, "durations")
        n = t.size
        if t.ndim != 1 or n == 0 or not np.all(np.isfinite(t)):
            raise ValueError("durations: expected a non-empty 1-D array of finite times")
        d = float_array(event, "event")
        if d.shape != t.shape or not np.isin(d, (0.0, 1.0)).all():
            raise ValueError("event: expected one 0/1 value per duration")
        e = None if entry is None else float_array(entry, "entry")
        if e is not None and (e.shape != t.shape or np.isnan(e).any() or (e >= t).any()):
            raise ValueError("entry: expected one value per duration, below it")
        if hasattr(X, "columns"):
            self.names_ = [str(c) for c in X.columns]
        A = float_array(X, "X")
        if A.ndim == 1:
            A = A[:, None]
        if A.ndim != 2 or A.shape[0] != n or not np.all(np.isfinite(A)):
            raise ValueError(f"X: expected finite covariates of shape ({n}, k)")
        if A.shape[1] == 0:
            raise ValueError("X: needs at least one covariate (a Cox model has no intercept)")
        if not hasattr(X, "columns"):
            if isinstance(names, str) or not (names is None or isinstance(names, Iterable)):
                raise TypeError(f"names: expected a sequence of names, got {names!r}")
            self.names_ = list(names) if names is not None else [f"x{j}" for j in
                                                                 range(A.shape[1])]
        if len(self.names_) != A.shape[1]:
            raise ValueError(f"names: expected {A.shape[1]} names, got {len(self.names_)}")
        if len({str(x) for x in self.names_}) != len(self.names_):
            raise ValueError(f"names: covariate names must be unique, got {self.names_}")
        if strata is None:
            code = np.zeros(n, dtype=np.int64)
            self.strata_ = [None]
        else:
            labels, code = _labels(strata, n, "strata")
            self.strata_ = list(labels)
        if cluster is not None:
            cluster = _labels(cluster, n, "cluster")[1]
        if d.sum() == 0:
            raise ValueError("event: no observed end; the model cannot be fitted")
        # scan order: by stratum, then exit time descending
        order = np.lexsort((-t, code))
        self._order = order
        self._code = code[order]
        self._t, self._d = t[order], d[order].astype(np.uint8)
        # centred covariates: the partial likelihood does not change, its sums stay accurate
        self.mean_ = A.mean(axis=0)
        self._X = np.ascontiguousarray(A[order] - self.mean_)
        self._offsets = np.concatenate([[0], np.cumsum(np.bincount(code, minlength=len(
            self.strata_)))]).astype(np.int64)
        if e is not None:
            self._e = e[order]
            self._e_order = np.lexsort((-self._e, self._code)).astype(np.int64)
        else:
            self._e, self._e_order = None, None
        self.n_, self.n_events_ = n, int(d.sum())
        return order, cluster

    # ---- partial likelihood ---------------------------------------------------------------------
    def _kernel(self, beta: np.ndarray, *, second: bool, per_time: bool) -> tuple:
        return _core.cox_derivs(self._X, self._t, self._d, self._e, self._e_order,
                                self._offsets, np.ascontiguousarray(beta, dtype=np.float64),
                                self.ties == "efron", second, per_time,
                                -1 if self.n_threads is None else int(self.n_threads))

    def _loglik(self, beta: np.ndarray, *,
                second: bool = True) -> tuple[float, np.ndarray, np.ndarray]:
        ll, g, H, _ = self._kernel(beta, second=second, per_time=False)
        return ll, g, H

    def _time_strata(self, sums: dict) -> np.ndarray:
        """The stratum of every event time of the kernel's per-time output."""
        per = [np.unique(self._t[a:b][self._d[a:b] > 0]).size
               for a, b in zip(self._offsets[:-1], self._offsets[1:], strict=True)]
        return np.repeat(np.arange(len(per)), per)

    def _baseline(self, sums: dict) -> None:
        """Breslow's cumulative baseline hazard at the event times (per stratum), at the
        covariate means (as lifelines): H(t | x) = H0(t) exp((x - mean) b)."""
        where = self._time_strata(sums)
        with np.errstate(over="ignore"):
            inc = sums["n_events"] / sums["s0"] * np.exp(-sums["shift"])
        self.baseline_ = []
        for s in range(len(self.strata_)):
            sel = np.flatnonzero(where == s)[::-1]  # ascending times
            self.baseline_.append((sums["times"][sel], np.cumsum(inc[sel])))

    def _score_residuals(self, sums: dict) -> np.ndarray:
        """Score residuals in scan order (Efron's or Breslow's, as the ties)."""
        k = self._X.shape[1]
        D, s0, d0 = sums["n_events"], sums["s0"], sums["d0"]
        S1, d1 = sums["s1"], sums["d1"]
        m = D.size
        A, Ae = np.zeros(m), np.zeros(m)        # sum_l 1/s0_l and sum_l (1 - f_l)/s0_l
        B, Be = np.zeros((m, k)), np.zeros((m, k))
        mbar = np.zeros((m, k))                 # mean over levels of the risk-set means
        scale = np.exp(-sums["shift"])  # 1 / s0 in the unscaled units
        for lvl in range(int(D.max())):
            act = D > lvl
            f = lvl / D[act] if self.ties == "efron" else np.zeros(int(act.sum()))
            s0l = s0[act] - f * d0[act]
            xbar = (S1[act] - f[:, None] * d1[act]) / s0l[:, None]
            inv = scale[act] / s0l
            A[act] += inv
            Ae[act] += (1.0 - f) * inv
            B[act] += xbar * inv[:, None]
            Be[act] += (1.0 - f)[:, None] * xbar * inv[:, None]
            mbar[act] += xbar / D[act][:, None]
        w = np.exp(self._X @ self.params_)
        U = np.zeros_like(self._X)
        where = self._time_strata(sums)
        for s, (a, b) in enumerate(zip(self._offsets[:-1], self._offsets[1:], strict=True)):
            sel = np.flatnonzero(where == s)[::-1]
            times = sums["times"][sel]
            cumA = np.concatenate([[0.0], np.cumsum(A[sel])])
            cumB = np.concatenate([np.zeros((1, k)), np.cumsum(B[sel], axis=0)])
            x, ws = self._X[a:b], w[a:b]
            hi = np.searchsorted(times, self._t[a:b], side="right")
            lo = (np.zeros(b - a, dtype=np.int64) if self._e is None
                  else np.searchsorted(times, self._e[a:b], side="right"))
            a_sum = cumA[hi] - cumA[lo]
            b_sum = cumB[hi] - cumB[lo]
            ev = np.flatnonzero(self._d[a:b] > 0)
            at = hi[ev] - 1  # the event's own time
            a_sum[ev] += Ae[sel][at] - A[sel][at]
            b_sum[ev] += Be[sel][at] - B[sel][at]
            U[a:b] = -ws[:, None] * (x * a_sum[:, None] - b_sum)
            U[a + ev] += x[ev] - mbar[sel][at]
        return U

    def score_residuals(self) -> np.ndarray:
        """Score residuals (n, k) in the order of the fitted rows; they sum to the score, 0 at
        the estimate."""
        self._check()
        U = self._score_residuals(self._kernel(self.params_, second=False, per_time=True)[3])
        out = np.empty_like(U)
        out[self._order] = U
        return out

    def predict_survival_function(self, times: Any, X: Any, *, stratum: int = 0) -> np.ndarray:
        """S(t | x) = exp(-H0(t) exp(x b)) with Breslow's baseline (rows: covariate rows,
        columns: times); ``stratum`` indexes the sorted stratum labels."""
        self._check()
        base_t, base_h = self.baseline_[self._stratum(stratum)]
        A = float_array(X, "X")
        A = A[None, :] if A.ndim == 1 else A
        if A.ndim != 2 or A.shape[1] != len(self.params_):
            raise ValueError(f"X: expected rows of {len(self.params_)} covariates")
        if not np.all(np.isfinite(A)):
            raise ValueError("X: covariates must be finite (found NaN or inf)")
        at = float_array(times, "times")
        if np.isnan(at).any():
            raise ValueError("times: must not be NaN")
        idx = np.searchsorted(base_t, at, side="right")
        h0 = np.concatenate([[0.0], base_h])[idx]
        with np.errstate(over="ignore", invalid="ignore"):
            s = np.exp(-np.outer(np.exp((A - self.mean_) @ self.params_), h0))
        # before the first event S = 1 (not inf * 0 = NaN for huge covariates)
        return np.where(np.reshape(h0, (1, -1)) == 0, 1.0, s)

    def predict_median(self, X: Any, *, stratum: int = 0) -> np.ndarray:
        """The first event time at which S(t | x) <= 1/2 (inf if never)."""
        self._check()
        base_t, _ = self.baseline_[self._stratum(stratum)]
        s = self.predict_survival_function(base_t, X, stratum=stratum)
        out = np.full(s.shape[0], np.inf)
        for i, row in enumerate(s):
            below = np.flatnonzero(row <= 0.5)
            if below.size:
                out[i] = base_t[below[0]]
        return out

    def plot(self, ax: Any = None, X: Any = None) -> Any:
        """Predicted survival curves for rows of covariates (default: the means)."""
        from ._optional import import_matplotlib_pyplot
        self._check()
        plt = import_matplotlib_pyplot()
        if ax is None:
            _, ax = plt.subplots()
        base_t, _ = self.baseline_[0]
        X = self.mean_[None, :] if X is None else X
        for row in self.predict_survival_function(base_t, X):
            ax.step(base_t, row, where="post")
        ax.set_xlabel("time")
        ax.set_ylabel("survival")
        return ax

    # ---- results ------------------------------------------------------------------------------
    def _check(self) -> None:
        if not hasattr(self, "params_"):
            raise ValueError("model: call fit(...) first")

    def _stratum(self, stratum: Any) -> int:
        return check_int(stratum, "stratum", minimum=0, maximum=len(self.baseline_) - 1)

    @property
    def summary(self) -> Any:
        """Coefficients, hazard ratios, standard errors, z, p (a DataFrame)."""
        self._check()
        pd = import_pandas()
        z = self.params_ / self.se_
        return pd.DataFrame({"coef": self.params_, "exp(coef)": np.exp(self.params_),
                             "se": self.se_, "z": z, "p": 2 * stats.norm.sf(np.abs(z))},
                            index=pd.Index(self.names_, name="covariate"))

    def print_summary(self) -> None:
        self._check()
        stat, df, p = self.likelihood_ratio_test()
        print(f"CoxModel(ties={self.ties!r}): n = {self.n_}, events = {self.n_events_}, "
              f"strata = {len(self.strata_)}")
        print(f"partial log-likelihood = {self.loglik_:.4f}, partial AIC = {self.aic_:.4f}, "
              f"LR test = {stat:.4f} on {df} df (p = {p:.4g})")
        if self.robust_:
            print("standard errors: robust (Lin-Wei sandwich)")
        print(self.summary.to_string(float_format=lambda v: f"{v:.6g}"))

    def likelihood_ratio_test(self) -> tuple[float, int, float]:
        """Against the null model (all coefficients 0): statistic, df, p-value."""
        self._check()
        stat = 2.0 * (self.loglik_ - self.loglik_null_)
        df = len(self.params_)
        return stat, df, float(stats.chi2.sf(stat, df))

    def __repr__(self) -> str:
        if not hasattr(self, "params_"):
            return f"CoxModel(ties={self.ties!r})"
        return (f"CoxModel(ties={self.ties!r}, n={self.n_}, events={self.n_events_}, "
                f"loglik={self.loglik_:.4f})")
