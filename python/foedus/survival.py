"""Non-parametric survival estimators: Kaplan-Meier and Nelson-Aalen.

Both take durations, event indicators (1 = ended, 0 = right-censored) and optional delayed
entry times (a unit is at risk at time t when ``entry < t <= duration``). Confidence intervals
follow lifelines: Kaplan-Meier's use Greenwood's variance on the log(-log S) scale, Nelson-Aalen's
the variance ``sum d (n - d) / n^3`` (events at tied, discrete times) on the log H scale.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from ._optional import import_matplotlib_pyplot, import_pandas
from ._validation import check_float, float_array

__all__ = ["AalenJohansen", "KaplanMeier", "NelsonAalen"]


def _risk_table(durations: Any, event: Any, entry: Any) -> tuple[np.ndarray, np.ndarray,
                                                                   np.ndarray]:
    """Distinct event times, events there, and the number at risk just before."""
    t = float_array(durations, "durations")
    if t.ndim != 1 or t.size == 0:
        raise ValueError("durations: expected a non-empty 1-D array")
    if not np.all(np.isfinite(t)) or (t < 0).any():
        raise ValueError("durations: must be finite and non-negative")
    d = np.ones_like(t) if event is None else float_array(event, "event")
    if d.shape != t.shape or not np.isin(d, (0.0, 1.0)).all():
        raise ValueError("event: expected one 0/1 value per duration")
    e = np.zeros_like(t) if entry is None else float_array(entry, "entry")
    if e.shape != t.shape or not np.all(np.isfinite(e)) or (e < 0).any() or (e > t).any():
        raise ValueError("entry: expected one value per duration with 0 <= entry <= duration")
    times = np.unique(t[d > 0])
    events = np.bincount(np.searchsorted(times, t[d > 0]),
                         minlength=times.size).astype(np.float64)
    # at risk at s: entry < s <= duration
    at_risk = (np.searchsorted(np.sort(e), times, side="left")
               - np.searchsorted(np.sort(t), times, side="left")).astype(np.float64)
    if (at_risk <= 0).any():
        when = float(times[np.argmax(at_risk <= 0)])
        raise ValueError(f"durations, entry: an event at time {when:g} happens when nobody is at "
                         "risk (a unit is at risk at t when entry < t <= duration, so an event "
                         "at time 0 or at its own entry time cannot be counted)")
    return times, events, at_risk


class _Estimator:
    alpha: float
    #: the estimate at time 0, before any event
    _origin: float = 0.0

    def _check(self) -> None:
        if not hasattr(self, "timeline_"):
            raise ValueError("estimator: call fit(...) first")

    def _step(self, values: np.ndarray, at: Any, start: float) -> np.ndarray:
        self._check()
        at = float_array(at, "times")
        if np.isnan(at).any():
            raise ValueError("times: must not be NaN")
        idx = np.searchsorted(self.timeline_, at, side="right")
        padded = np.concatenate([[start], values])
        return padded[idx]

    def to_frame(self) -> Any:
        self._check()
        pd = import_pandas()
        return pd.DataFrame(self._columns(), index=pd.Index(self.timeline_, name="time"))

    def plot(self, ax: Any = None, *, label: str | None = None, color: Any = None,
             band: bool = True, **kwargs: Any) -> Any:
        """The estimate as a step function from time 0, with its confidence band.

        ``label`` (default: the estimate's name) and ``color`` apply to the line and its band;
        ``band=False`` leaves the band out; further keyword arguments go to ``Axes.step``.
        Returns the Axes.
        """
        self._check()
        plt = import_matplotlib_pyplot()
        if ax is None:
            _, ax = plt.subplots()
        cols = self._columns()
        name, lo, hi = list(cols)[:3]
        # from the origin: S(0) = 1, H(0) = F(0) = 0 until the first event
        x = np.concatenate([[0.0], self.timeline_])
        start = [self._origin]
        (line,) = ax.step(x, np.concatenate([start, cols[name]]), where="post",
                          label=name if label is None else label, color=color, **kwargs)
        if band:
            ax.fill_between(x, np.concatenate([start, cols[lo]]),
                            np.concatenate([start, cols[hi]]), step="post", alpha=0.25,
                            color=line.get_color(), linewidth=0)
        ax.set_xlabel("time")
        ax.set_ylabel(name)
        return ax


class KaplanMeier(_Estimator):
    """The Kaplan-Meier estimate of the survival function.

    Examples
    --------
    >>> from foedus import KaplanMeier
    >>> km = KaplanMeier().fit([1, 2, 2, 3, 5, 8], event=[1, 1, 0, 1, 1, 0])
    >>> km.survival_function_.round(4).tolist()
    [0.8333, 0.6667, 0.4444, 0.2222]
    >>> km.median_survival_time_
    3.0
    """

    _origin = 1.0

    #: The estimator (``method``) and its literature (``reference``).
    method = "Kaplan-Meier product-limit estimate with Greenwood's variance (log-log intervals)"

    @property
    def reference(self) -> str:
        """The literature of the estimator."""
        from .references import cite

        return cite("kaplan_meier_1958")

    def __init__(self, *, alpha: float = 0.05) -> None:
        if not 0 < check_float(alpha, "alpha") < 1:
            raise ValueError(f"alpha: expected 0 < alpha < 1, got {alpha}")
        self.alpha = float(alpha)

    def fit(self, durations: Any, event: Any = None, *, entry: Any = None) -> KaplanMeier:
        times, d, n = _risk_table(durations, event, entry)
        if (n <= 0).any():
            raise ValueError("entry: an event happens when nobody is at risk")
        s = np.cumprod(1.0 - d / n)
        with np.errstate(divide="ignore", invalid="ignore"):
            green = np.cumsum(np.where(n > d, d / (n * (n - d)), np.inf))
            z = stats.norm.isf(self.alpha / 2)
            log_log = np.log(-np.log(s))
            half = z * np.sqrt(green) / np.log(s)
            lower = np.exp(-np.exp(log_log - half))
            upper = np.exp(-np.exp(log_log + half))
        lower = np.where(s > 0, lower, 0.0)
        upper = np.where(s > 0, upper, 0.0)
        self.timeline_, self.survival_function_ = times, s
        self.ci_lower_, self.ci_upper_ = np.minimum(lower, upper), np.maximum(lower, upper)
        self.event_table_ = (times, d, n)
        below = np.flatnonzero(s <= 0.5)
        self.median_survival_time_ = float(times[below[0]]) if below.size else float("inf")
        return self

    def predict(self, times: Any) -> np.ndarray:
        """S(t) at the given times (right-continuous step function)."""
        self._check()
        return self._step(self.survival_function_, times, 1.0)

    def _columns(self) -> dict[str, np.ndarray]:
        return {"survival": self.survival_function_, "lower": self.ci_lower_,
                "upper": self.ci_upper_}


class NelsonAalen(_Estimator):
    """The Nelson-Aalen estimate of the cumulative hazard.

    Examples
    --------
    >>> from foedus import NelsonAalen
    >>> na = NelsonAalen().fit([1, 2, 2, 3, 5, 8], event=[1, 1, 0, 1, 1, 0])
    >>> na.cumulative_hazard_.round(4).tolist()
    [0.1667, 0.3667, 0.7, 1.2]
    """

    #: The estimator (``method``) and its literature (``reference``).
    method = "Nelson-Aalen cumulative hazard (log intervals)"

    @property
    def reference(self) -> str:
        """The literature of the estimator."""
        from .references import cite

        return cite("nelson_1972", "aalen_1978")

    def __init__(self, *, alpha: float = 0.05) -> None:
        if not 0 < check_float(alpha, "alpha") < 1:
            raise ValueError(f"alpha: expected 0 < alpha < 1, got {alpha}")
        self.alpha = float(alpha)

    def fit(self, durations: Any, event: Any = None, *, entry: Any = None) -> NelsonAalen:
        times, d, n = _risk_table(durations, event, entry)
        if (n <= 0).any():
            raise ValueError("entry: an event happens when nobody is at risk")
        h = np.cumsum(d / n)
        var = np.cumsum(d * (n - d) / n**3)  # the variance for tied (discrete) event times
        z = stats.norm.isf(self.alpha / 2)
        factor = np.exp(z * np.sqrt(var) / h)
        self.timeline_, self.cumulative_hazard_ = times, h
        self.variance_ = var
        self.ci_lower_, self.ci_upper_ = h / factor, h * factor
        below = np.flatnonzero(np.exp(-h) <= 0.5)
        self.median_survival_time_ = float(times[below[0]]) if below.size else float("inf")
        return self

    def predict(self, times: Any) -> np.ndarray:
        """H(t) at the given times."""
        self._check()
        return self._step(self.cumulative_hazard_, times, 0.0)

    def _columns(self) -> dict[str, np.ndarray]:
        return {"cumulative_hazard": self.cumulative_hazard_, "lower": self.ci_lower_,
                "upper": self.ci_upper_}


class AalenJohansen(_Estimator):
    """Cumulative incidence of one cause among competing risks (Aalen-Johansen).

    ``CIF_k(t) = sum over event times s <= t of S(s-) d_k(s) / n(s)``, with S the Kaplan-Meier
    estimate of surviving every cause. Events are coded 0 (censored) or a positive cause.
    Cause-specific hazards are a Cox model with the other causes censored:
    ``CoxModel().fit(t, events == k, X)``. Confidence intervals use the delta-method
    (Greenwood-type) variance of Collett (2015, sec. 12.2), as SAS ``LIFETEST`` and lifelines,
    on the log(-log F) scale so they stay inside (0, 1).

    Examples
    --------
    >>> from foedus import AalenJohansen
    >>> aj = AalenJohansen(cause=1).fit([1, 2, 3, 4, 5], events=[1, 2, 1, 0, 2])
    >>> aj.cumulative_incidence_.round(3).tolist()
    [0.2, 0.2, 0.4, 0.4]
    """

    #: The estimator (``method``) and its literature (``reference``).
    method = "Aalen-Johansen cumulative incidence of one cause among competing risks"

    @property
    def reference(self) -> str:
        """The literature of the estimator."""
        from .references import cite

        return cite("aalen_johansen_1978")

    def __init__(self, cause: int = 1, *, alpha: float = 0.05) -> None:
        if isinstance(cause, bool) or not isinstance(cause, (int, np.integer)) or cause < 1:
            raise ValueError(f"cause: expected a positive integer cause code, got {cause!r}")
        if not 0 < check_float(alpha, "alpha") < 1:
            raise ValueError(f"alpha: expected 0 < alpha < 1, got {alpha}")
        self.cause = int(cause)
        self.alpha = float(alpha)

    def fit(self, durations: Any, events: Any, *, entry: Any = None) -> AalenJohansen:
        try:
            codes = np.asarray(events)
        except (TypeError, ValueError):  # ragged
            raise TypeError("events: expected one integer code per duration") from None
        if codes.ndim != 1 or not np.issubdtype(codes.dtype, np.number) or (codes < 0).any() \
                or not np.all(codes == np.round(codes)):
            raise ValueError("events: expected integer codes, 0 = censored, k > 0 = cause k")
        any_event = (codes > 0).astype(float)
        times, d_all, n = _risk_table(durations, any_event, entry)
        t = np.asarray(durations, dtype=np.float64)
        mine = codes == self.cause
        d_k = np.bincount(np.searchsorted(times, t[mine]), minlength=times.size).astype(float)
        s = np.cumprod(1.0 - d_all / n)
        s_before = np.concatenate([[1.0], s[:-1]])
        F = np.cumsum(s_before * d_k / n)
        # Greenwood-type delta-method variance (Collett 2015, sec. 12.2; SAS LIFETEST):
        # sum_i (F - F_i)^2 d_i / (n_i (n_i - d_i)) + S_{i-1}^2 dk_i (n_i - dk_i) / n_i^3
        #       - 2 (F - F_i) S_{i-1} dk_i / n_i^2, the square expanded into running sums
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(n > d_all, d_all / (n * (n - d_all)), 0.0)
        b = s_before * d_k / n**2
        var = (F**2 * np.cumsum(c) - 2 * F * np.cumsum(c * F) + np.cumsum(c * F**2)
               + np.cumsum(s_before**2 * d_k * (n - d_k) / n**3)
               - 2 * (F * np.cumsum(b) - np.cumsum(b * F)))
        var = np.maximum(var, 0.0)
        z = stats.norm.isf(self.alpha / 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            centre = np.log(-np.log(F))
            half = z * np.sqrt(var) / (F * np.abs(np.log(F)))
            lower = np.exp(-np.exp(centre + half))
            upper = np.exp(-np.exp(centre - half))
        inside = (F > 0) & (F < 1)
        self.timeline_ = times
        self.cumulative_incidence_ = F
        self.variance_ = var
        self.ci_lower_ = np.where(inside, lower, F)
        self.ci_upper_ = np.where(inside, upper, F)
        return self

    def predict(self, times: Any) -> np.ndarray:
        self._check()
        return self._step(self.cumulative_incidence_, times, 0.0)

    def _columns(self) -> dict[str, np.ndarray]:
        return {"cumulative_incidence": self.cumulative_incidence_, "lower": self.ci_lower_,
                "upper": self.ci_upper_}
