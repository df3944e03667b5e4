"""Cox proportional hazards with Efron or Breslow ties, strata and start-stop data.

The partial likelihood is computed over the distinct event times with risk-set sums formed
from suffix sums over the rows sorted by exit time minus those sorted by entry time (a row is
at risk at t when ``entry < t <= exit``), so one pass costs O(n log n + m k^2) for m event
times, k covariates. Newton's method with the analytic Hessian and step halving maximises it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from ._newton import maximise
from ._optional import import_pandas

__all__ = ["CoxModel"]


class CoxModel:
    """Cox proportional hazards model.

    Parameters
    ----------
    ties : {"efron", "breslow"}

    Attributes (after :meth:`fit`)
    ------------------------------
    params_, se_ : numpy.ndarray
    loglik_, loglik_null_ : float
        Partial log-likelihood at the estimate and at 0.
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

    def __init__(self, ties: str = "efron") -> None:
        if ties not in ("efron", "breslow"):
            raise ValueError(f"ties: expected 'efron' or 'breslow', got {ties!r}")
        self.ties = ties

    # ---- data ---------------------------------------------------------------------------------
    def fit(self, durations: Any, event: Any, X: Any, *, entry: Any = None,
            strata: Any = None, names: Any = None, max_iter: int = 100,
            tol: float = 1e-10) -> CoxModel:
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
        """
        t = np.asarray(durations, dtype=np.float64)
        n = t.size
        if t.ndim != 1 or n == 0 or not np.all(np.isfinite(t)):
            raise ValueError("durations: expected a non-empty 1-D array of finite times")
        d = np.asarray(event, dtype=np.float64)
        if d.shape != t.shape or not np.isin(d, (0.0, 1.0)).all():
            raise ValueError("event: expected one 0/1 value per duration")
        e = np.full(n, -np.inf) if entry is None else np.asarray(entry, dtype=np.float64)
        if e.shape != t.shape or (e >= t).any():
            raise ValueError("entry: expected one value per duration, below it")
        if hasattr(X, "columns"):
            self.names_ = [str(c) for c in X.columns]
        A = np.asarray(X, dtype=np.float64)
        if A.ndim == 1:
            A = A[:, None]
        if A.shape[0] != n or not np.all(np.isfinite(A)):
            raise ValueError(f"X: expected finite covariates of shape ({n}, k)")
        if not hasattr(X, "columns"):
            self.names_ = list(names) if names is not None else [f"x{j}" for j in
                                                                 range(A.shape[1])]
        groups = [np.arange(n)] if strata is None else [
            np.flatnonzero(np.asarray(strata) == s) for s in np.unique(np.asarray(strata))]
        if d.sum() == 0:
            raise ValueError("event: no observed end; the model cannot be fitted")
        self._parts_data = [(t[g], d[g], e[g], A[g]) for g in groups]
        self._prep: dict[int, tuple] = {}
        k = A.shape[1]
        beta = np.zeros(k)
        self.loglik_null_ = self._loglik(beta)[0]
        beta, ll, g, H, _ = maximise(
            self._loglik, lambda x: self._loglik(x)[0], beta, max_iter=max_iter, tol=tol,
            gtol=1e-7, singular="X: the information matrix is singular (a constant or "
                                "collinear covariate)")
        self.params_ = beta
        self._baseline(beta)
        self.cov_ = np.linalg.inv(-H)
        self.se_ = np.sqrt(np.diag(self.cov_))
        self.loglik_ = ll
        self.n_, self.n_events_ = n, int(d.sum())
        return self

    # ---- partial likelihood ---------------------------------------------------------------------
    def _loglik(self, beta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        k = len(beta)
        ll, grad, hess = 0.0, np.zeros(k), np.zeros((k, k))
        for t, d, e, X in self._parts_data:
            a, b, c = self._stratum(beta, t, d, e, X)
            ll += a
            grad += b
            hess += c
        return ll, grad, hess

    def _stratum(self, beta: np.ndarray, t: np.ndarray, d: np.ndarray, e: np.ndarray,
                 X: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        k = X.shape[1]
        key = id(t)
        prep = self._prep.get(key)
        if prep is None:  # orders and positions do not depend on the coefficients
            times = np.unique(t[d > 0])
            ot = np.argsort(t, kind="stable")
            pt = np.searchsorted(t[ot], times, side="left")
            has_entry = bool(np.isfinite(e).any())
            oe = np.argsort(e, kind="stable") if has_entry else None
            pe = np.searchsorted(e[oe], times, side="left") if has_entry else None
            outer = (X[:, :, None] * X[:, None, :]).reshape(len(t), k * k)
            prep = (times, ot, pt, oe, pe, outer)
            self._prep[key] = prep
        times, ot, pt, oe, pe, outer = prep
        if times.size == 0:
            return 0.0, np.zeros(k), np.zeros((k, k))
        eta = X @ beta
        shift = eta.max()
        w = np.exp(eta - shift)
        wx = w[:, None] * X
        # one array of w, w x, w x x' per row: one suffix sum per sort order
        allw = np.concatenate([w[:, None], wx, w[:, None] * outer], axis=1)

        def suffix(order: np.ndarray, pos: np.ndarray) -> np.ndarray:
            cum = np.concatenate([np.cumsum(allw[order][::-1], axis=0)[::-1],
                                  np.zeros((1, allw.shape[1]))])
            return cum[pos]

        # at risk at tau: exit >= tau and entry < tau
        S = suffix(ot, pt)
        if oe is not None:
            S = S - suffix(oe, pe)
        S0, S1, S2 = S[:, 0], S[:, 1:1 + k], S[:, 1 + k:].reshape(-1, k, k)
        wxx = (w[:, None] * outer).reshape(len(t), k, k)
        ev = d > 0
        idx = np.searchsorted(times, t[ev])
        m = times.size
        D = np.bincount(idx, minlength=m).astype(np.float64)
        D0 = np.bincount(idx, weights=w[ev], minlength=m)
        D1 = np.zeros((m, k))
        np.add.at(D1, idx, wx[ev])
        D2 = np.zeros((m, k, k))
        np.add.at(D2, idx, wxx[ev])
        xsum = np.zeros((m, k))
        np.add.at(xsum, idx, X[ev])
        # the sums are scaled by exp(-shift): each of the sum(D) log terms gains shift
        ll = float(np.sum(xsum @ beta)) - float(np.sum(D)) * shift
        grad = xsum.sum(axis=0)
        hess = np.zeros((k, k))
        dmax = int(D.max())
        for lvl in range(dmax):
            active = D > lvl
            frac = (lvl / D[active]) if self.ties == "efron" else np.zeros(active.sum())
            s0 = S0[active] - frac * D0[active]
            s1 = S1[active] - frac[:, None] * D1[active]
            s2 = S2[active] - frac[:, None, None] * D2[active]
            ll -= float(np.sum(np.log(s0)))
            mean = s1 / s0[:, None]
            grad -= mean.sum(axis=0)
            hess -= (s2 / s0[:, None, None]).sum(axis=0) - mean.T @ mean
        return ll, grad, hess

    def _baseline(self, beta: np.ndarray) -> None:
        """Breslow's cumulative baseline hazard at the event times (per stratum)."""
        self.baseline_ = []
        for t, d, e, X in self._parts_data:
            w = np.exp(X @ beta)
            times = np.unique(t[d > 0])
            at_risk = np.array([np.sum(w[(e < s) & (t >= s)]) for s in times]) if times.size \
                < 5000 else None
            if at_risk is None:  # many event times: suffix sums
                ot, oe = np.argsort(t), np.argsort(e)
                cum_t = np.concatenate([np.cumsum(w[ot][::-1])[::-1], [0.0]])
                cum_e = np.concatenate([np.cumsum(w[oe][::-1])[::-1], [0.0]])
                at_risk = (cum_t[np.searchsorted(t[ot], times, "left")]
                           - cum_e[np.searchsorted(e[oe], times, "left")])
            deaths = np.bincount(np.searchsorted(times, t[d > 0]), minlength=times.size)
            self.baseline_.append((times, np.cumsum(deaths / at_risk)))

    def predict_survival_function(self, times: Any, X: Any, *, stratum: int = 0) -> np.ndarray:
        """S(t | x) = exp(-H0(t) exp(x b)) with Breslow's baseline (rows: covariate rows,
        columns: times); ``stratum`` indexes the sorted stratum labels."""
        self._check()
        base_t, base_h = self.baseline_[stratum]
        A = np.asarray(X, dtype=np.float64)
        A = A[None, :] if A.ndim == 1 else A
        idx = np.searchsorted(base_t, np.asarray(times, dtype=np.float64), side="right")
        h0 = np.concatenate([[0.0], base_h])[idx]
        return np.exp(-np.outer(np.exp(A @ self.params_), h0))

    def predict_median(self, X: Any, *, stratum: int = 0) -> np.ndarray:
        """The first event time at which S(t | x) <= 1/2 (inf if never)."""
        base_t, _ = self.baseline_[stratum]
        s = self.predict_survival_function(base_t, X, stratum=stratum)
        out = np.full(s.shape[0], np.inf)
        for i, row in enumerate(s):
            below = np.flatnonzero(row <= 0.5)
            if below.size:
                out[i] = base_t[below[0]]
        return out

    def plot(self, ax: Any = None, X: Any = None) -> Any:
        """Predicted survival curves for rows of covariates (default: all zeros)."""
        from ._optional import import_matplotlib_pyplot
        self._check()
        plt = import_matplotlib_pyplot()
        if ax is None:
            _, ax = plt.subplots()
        base_t, _ = self.baseline_[0]
        X = np.zeros((1, len(self.params_))) if X is None else X
        for row in self.predict_survival_function(base_t, X):
            ax.step(base_t, row, where="post")
        ax.set_xlabel("time")
        ax.set_ylabel("survival")
        return ax

    # ---- results ------------------------------------------------------------------------------
    def _check(self) -> None:
        if not hasattr(self, "params_"):
            raise ValueError("model: call fit(...) first")

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
        print(f"CoxModel(ties={self.ties!r}): n = {self.n_}, events = {self.n_events_}, "
              f"partial log-likelihood = {self.loglik_:.4f}")
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
