"""Bootstrap of duration models: standard errors and percentile intervals by resampling.

Each resample ``i`` draws its rows (or clusters) from its own random stream,
``SeedSequence(seed, spawn_key=(i,))``, so a result depends only on ``seed`` and
``n_resamples``: not on how the resamples are split into chunks, across threads, processes or
machines (:func:`foedus.distributed.bootstrap` runs the same chunks on a Dask cluster).
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._optional import import_pandas
from ._progress import check_progress, progress_bar
from ._validation import check_int
from .aft import AFTModel
from .cox import CoxModel
from .survival import AalenJohansen, KaplanMeier, NelsonAalen

__all__ = ["BootstrapResult", "bootstrap"]

REFERENCE = ("Efron, B. and Tibshirani, R. J. (1993). An Introduction to the Bootstrap. "
             "Chapman & Hall/CRC.")
#: Exceptions that mark one resample as failed (e.g. no event drawn, a singular design).
_FIT_ERRORS = (ValueError, ArithmeticError, np.linalg.LinAlgError)


@dataclass(frozen=True, eq=False)
class BootstrapResult:
    """Bootstrap replicates of a fitted model's statistic.

    Attributes
    ----------
    names : tuple of str
        The statistic's components (the model's coefficient names by default).
    estimate : numpy.ndarray
        The statistic on the full sample.
    replicates : numpy.ndarray
        Shape ``(n_resamples, len(names))``; a row of NaN for a resample whose fit failed.
    n_failed : int
        Resamples whose fit raised (e.g. no event drawn); left out of the summaries.
    alpha : float
        Intervals are ``1 - alpha`` percentile intervals.
    seed : int
    resampling : str
        ``"rows"`` or ``"clusters"``.
    method, reference : str
    """

    names: tuple[str, ...]
    estimate: np.ndarray
    replicates: np.ndarray
    n_failed: int
    alpha: float
    seed: int
    resampling: str
    method: str = "nonparametric bootstrap (percentile intervals)"
    reference: str = field(default=REFERENCE)

    def __post_init__(self) -> None:
        for a in (self.estimate, self.replicates):
            a.setflags(write=False)

    @property
    def n_resamples(self) -> int:
        return int(self.replicates.shape[0])

    @property
    def standard_error(self) -> np.ndarray:
        """Standard deviation of the successful replicates (ddof = 1)."""
        ok = self.replicates[~np.isnan(self.replicates).any(axis=1)]
        if len(ok) < 2:
            return np.full(len(self.names), np.nan)
        return ok.std(axis=0, ddof=1)

    @property
    def confidence_interval(self) -> np.ndarray:
        """Percentile interval of each component, shape ``(len(names), 2)``."""
        ok = self.replicates[~np.isnan(self.replicates).any(axis=1)]
        if len(ok) == 0:
            return np.full((len(self.names), 2), np.nan)
        q = np.quantile(ok, [self.alpha / 2, 1 - self.alpha / 2], axis=0)
        return np.ascontiguousarray(q.T)

    def to_frame(self) -> Any:
        """estimate, standard error and interval per component, as a pandas DataFrame."""
        pd = import_pandas()
        ci = self.confidence_interval
        pct = 100 * (1 - self.alpha)
        return pd.DataFrame({"estimate": self.estimate, "bootstrap_se": self.standard_error,
                             f"lower {pct:g}%": ci[:, 0], f"upper {pct:g}%": ci[:, 1]},
                            index=pd.Index(self.names, name="statistic"))

    def __repr__(self) -> str:
        lines = [f"BootstrapResult({self.n_resamples} resamples of {self.resampling}, "
                 f"seed={self.seed}, {self.n_failed} failed)"]
        ci = self.confidence_interval
        se = self.standard_error
        width = max([len(n) for n in self.names] + [9])
        pct = f"{100 * (1 - self.alpha):g}%"
        lines.append(f"  {'':{width}}  {'estimate':>10}  {'boot. se':>10}  {pct + ' interval':>22}")
        for j, name in enumerate(self.names):
            lines.append(f"  {name:{width}}  {self.estimate[j]:10.4g}  {se[j]:10.4g}  "
                         f"[{ci[j, 0]:9.4g}, {ci[j, 1]:9.4g}]")
        lines.append(f"  method: {self.method}; {self.reference}")
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class _Plan:
    """Everything one chunk of resamples needs (picklable, for Dask workers)."""

    model: Any
    columns: dict[str, np.ndarray | None]
    fit_kwargs: dict[str, Any]
    statistic: Callable[[Any], Any] | None
    groups: list[np.ndarray] | None  # rows of each cluster, or None for row resampling
    n_rows: int
    seed: int
    width: int


def _as_rows(x: Any, name: str) -> np.ndarray | None:
    if x is None:
        return None
    a = np.asarray(x.to_numpy() if hasattr(x, "to_numpy") else x)
    if a.ndim == 0:
        raise ValueError(f"{name}: expected one value (or row) per observation")
    return a


def _fit(model: Any, cols: dict[str, np.ndarray | None], kwargs: dict[str, Any]) -> Any:
    m = copy.deepcopy(model)
    t, d, X = cols["durations"], cols["event"], cols["X"]
    extra = {k: v for k, v in (("entry", cols["entry"]), ("strata", cols["strata"]))
             if v is not None}
    if isinstance(m, CoxModel):
        return m.fit(t, d, X, **extra, **kwargs)
    if isinstance(m, AFTModel):
        return m.fit(t, d, X, **extra, **kwargs)
    return m.fit(t, d, **extra, **kwargs)


def _statistic(fitted: Any, statistic: Callable[[Any], Any] | None) -> np.ndarray:
    if statistic is not None:
        value = statistic(fitted)
    elif hasattr(fitted, "params_"):
        value = fitted.params_
    else:
        value = fitted.median_survival_time_
    out = np.atleast_1d(np.asarray(value, dtype=np.float64))
    if out.ndim != 1:
        raise ValueError("statistic: must return a number or a 1-D array")
    return out


def _names(fitted: Any, width: int, statistic: Any) -> tuple[str, ...]:
    if statistic is None and hasattr(fitted, "names_"):
        return tuple(str(n) for n in fitted.names_)
    if statistic is None:
        return ("median_survival_time",)
    return tuple(f"s{j}" for j in range(width))


def _resample_rows(plan: _Plan, i: int) -> np.ndarray:
    rng = np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(i,)))
    if plan.groups is None:
        return np.sort(rng.integers(0, plan.n_rows, plan.n_rows))
    picked = rng.integers(0, len(plan.groups), len(plan.groups))
    return np.concatenate([plan.groups[g] for g in np.sort(picked)])


def _replicate(plan: _Plan, i: int) -> np.ndarray:
    rows = _resample_rows(plan, i)
    cols = {k: None if v is None else v[rows] for k, v in plan.columns.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = _statistic(_fit(plan.model, cols, plan.fit_kwargs), plan.statistic)
        except _FIT_ERRORS:
            return np.full(plan.width, np.nan)
    if value.shape != (plan.width,):
        return np.full(plan.width, np.nan)
    return value


def replicate_chunk(plan: _Plan, start: int, stop: int) -> np.ndarray:
    """Replicates ``start, ..., stop - 1`` (one row each); the unit of parallel work."""
    out = np.empty((stop - start, plan.width))
    for i in range(start, stop):
        out[i - start] = _replicate(plan, i)
    return out


def plan_bootstrap(model: Any, durations: Any, event: Any = None, X: Any = None, *,
                   entry: Any = None, strata: Any = None, cluster: Any = None,
                   n_resamples: Any = 1000, seed: Any = 0, alpha: float = 0.05,
                   statistic: Callable[[Any], Any] | None = None,
                   fit_kwargs: dict[str, Any] | None = None) -> tuple[_Plan, dict[str, Any]]:
    """Validate the arguments, fit the full sample, and return the plan and result fields."""
    if not isinstance(model, (CoxModel, AFTModel, KaplanMeier, NelsonAalen, AalenJohansen)):
        raise TypeError("model: expected an unfitted CoxModel, AFTModel, KaplanMeier, "
                        f"NelsonAalen or AalenJohansen instance, got {type(model).__name__}")
    n_resamples = check_int(n_resamples, "n_resamples", minimum=2, maximum=10**7)
    seed = check_int(seed, "seed", minimum=0, maximum=2**63 - 1)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha: expected a number in (0, 1), got {alpha!r}")
    if statistic is not None and not callable(statistic):
        raise TypeError("statistic: expected a callable taking the fitted model")
    kwargs = dict(fit_kwargs or {})
    if X is not None and hasattr(X, "columns") and "names" not in kwargs and isinstance(
            model, (CoxModel, AFTModel)):
        kwargs["names"] = [str(c) for c in X.columns]
    cols = {"durations": _as_rows(durations, "durations"), "event": _as_rows(event, "event"),
            "X": _as_rows(X, "X"), "entry": _as_rows(entry, "entry"),
            "strata": _as_rows(strata, "strata")}
    t = cols["durations"]
    assert t is not None
    n = len(t)
    for name, col in cols.items():
        if col is not None and len(col) != n:
            raise ValueError(f"{name}: expected {n} rows (one per duration), got {len(col)}")
    groups = None
    if cluster is not None:
        labels = _as_rows(cluster, "cluster")
        assert labels is not None
        if labels.ndim != 1 or len(labels) != n:
            raise ValueError(f"cluster: expected one label per duration ({n})")
        _, codes = np.unique(labels, return_inverse=True)
        order = np.argsort(codes, kind="stable")
        groups = np.split(order, np.flatnonzero(np.diff(codes[order])) + 1)
        if len(groups) < 2:
            raise ValueError("cluster: need at least two clusters to resample")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fitted = _fit(model, cols, kwargs)
    estimate = _statistic(fitted, statistic)
    plan = _Plan(model, cols, kwargs, statistic, groups, n, seed, len(estimate))
    fields = {"names": _names(fitted, len(estimate), statistic), "estimate": estimate,
              "alpha": float(alpha), "seed": seed,
              "resampling": "rows" if groups is None else "clusters",
              "n_resamples": n_resamples}
    return plan, fields


def finish_bootstrap(fields: dict[str, Any], replicates: np.ndarray) -> BootstrapResult:
    """The result from the plan's fields and the replicates of every resample, in order."""
    n_failed = int(np.isnan(replicates).any(axis=1).sum())
    if n_failed:
        warnings.warn(f"bootstrap: {n_failed} of {len(replicates)} resamples could not be "
                      "fitted (e.g. no event drawn); they are left out of the summaries",
                      RuntimeWarning, stacklevel=3)
    f = {k: v for k, v in fields.items() if k != "n_resamples"}
    return BootstrapResult(replicates=replicates, n_failed=n_failed, **f)


def chunk_bounds(n: int, size: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` chunks of at most ``size`` resamples covering ``range(n)``."""
    return [(i, min(n, i + size)) for i in range(0, n, size)]


def bootstrap(model: Any, durations: Any, event: Any = None, X: Any = None, *,
              entry: Any = None, strata: Any = None, cluster: Any = None,
              n_resamples: int = 1000, seed: int = 0, alpha: float = 0.05,
              statistic: Callable[[Any], Any] | None = None,
              fit_kwargs: dict[str, Any] | None = None,
              progress: bool | None = None) -> BootstrapResult:
    """Bootstrap a duration model: refit it on resamples of the rows (or of clusters).

    Parameters
    ----------
    model : CoxModel, AFTModel, KaplanMeier, NelsonAalen or AalenJohansen
        An unfitted model with its settings (e.g. ``CoxModel(ties="breslow")``); it is copied
        for each fit.
    durations, event, X, entry, strata : array-like
        The data, as for the model's ``fit`` (``X`` only for the regression models).
    cluster : array-like, optional
        Resample whole clusters (e.g. countries, or the units of start-stop rows) with
        replacement instead of rows: the cluster (block) bootstrap.
    n_resamples : int
    seed : int
        Resample ``i`` uses ``SeedSequence(seed, spawn_key=(i,))``: the result is the same
        however the work is split (see :func:`foedus.distributed.bootstrap`).
    alpha : float
        Percentile intervals at ``1 - alpha``.
    statistic : callable, optional
        The fitted model -> a number or 1-D array (default: ``params_`` for the regression
        models, ``median_survival_time_`` for the estimators).
    fit_kwargs : dict, optional
        Further arguments of ``fit`` (e.g. ``{"names": [...]}``).
    progress : bool, optional
        A progress bar: None (default) on a terminal after a second, True always, False never.

    Returns
    -------
    BootstrapResult

    Examples
    --------
    >>> import numpy as np
    >>> from foedus import CoxModel, bootstrap
    >>> from foedus.datasets import kabl_1990
    >>> d = kabl_1990()
    >>> X = np.column_stack([d["numst2"], d["invest"]])
    >>> b = bootstrap(CoxModel(), d["duration"], d["ciep12"], X, n_resamples=200, seed=1,
    ...               fit_kwargs={"names": ["numst2", "invest"]})
    >>> b.names
    ('numst2', 'invest')
    >>> bool((b.confidence_interval[:, 0] < b.estimate).all())
    True
    """
    plan, fields = plan_bootstrap(model, durations, event, X, entry=entry, strata=strata,
                                  cluster=cluster, n_resamples=n_resamples, seed=seed,
                                  alpha=alpha, statistic=statistic, fit_kwargs=fit_kwargs)
    n = fields["n_resamples"]
    parts = []
    with progress_bar("bootstrap", check_progress(progress)) as update:
        for start, stop in chunk_bounds(n, 10):
            parts.append(replicate_chunk(plan, start, stop))
            if update is not None:
                update(stop / n)
    return finish_bootstrap(fields, np.concatenate(parts))
