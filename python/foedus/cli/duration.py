"""The analysis behind ``foedus duration``: a duration model of a user's CSV file (Cox,
an accelerated-failure-time model, or Kaplan-Meier), optionally with bootstrap intervals.

Returns rows (dicts), a title and metadata for :func:`foedus.cli.outputs.render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from ..aft import DISTRIBUTIONS, AFTModel
from ..bootstrapping import BootstrapResult, bootstrap
from ..cox import CoxModel
from ..survival import KaplanMeier
from .inputs import CliError, read_columns

__all__ = ["MODELS", "duration_rows"]

#: ``--model`` choices: the Cox model, the AFT distributions and the Kaplan-Meier estimate
MODELS = ("cox", *DISTRIBUTIONS, "km")

Result = tuple[list[dict[str, Any]], str, dict[str, Any]]

_Z95 = float(stats.norm.isf(0.025))


def _codes(labels: np.ndarray | None) -> np.ndarray | None:
    """Integer codes of string labels (in sorted label order)."""
    if labels is None:
        return None
    return np.unique(labels.astype(str), return_inverse=True)[1]


def _check_options(model: str, covariates: list[str], cluster: str | None,
                   strata: str | None, n_bootstrap: int) -> None:
    if model not in MODELS:
        raise CliError(f"--model: unknown model {model!r}; choose one of {', '.join(MODELS)}")
    if model == "km" and covariates:
        raise CliError("--model km: the Kaplan-Meier estimate takes no --covariates; use "
                       "--model cox or an AFT distribution (weibull, ...) for covariates")
    if strata is not None and model != "cox":
        raise CliError(f"--strata: only the Cox model has strata (separate baseline hazards); "
                       f"drop --strata or use --model cox, not {model}")
    if cluster is not None and model != "cox" and n_bootstrap == 0:
        raise CliError(f"--cluster: with --model {model} clusters are used only by the "
                       "bootstrap; add --bootstrap N (or use --model cox for robust errors)")
    if n_bootstrap < 0:
        raise CliError(f"--bootstrap: give a number of resamples >= 0, got {n_bootstrap}")
    if len(set(covariates)) != len(covariates):
        raise CliError(f"--covariates: a column is named twice: {', '.join(covariates)}")


def duration_rows(path: str | Path, *, time: str, event: str | None = None,
                  covariates: list[str] | None = None, entry: str | None = None,
                  model: str | None = None, ties: str = "efron", cluster: str | None = None,
                  strata: str | None = None, n_bootstrap: int = 0, seed: int = 0,
                  n_threads: int | None = None, progress: bool | None = False) -> Result:
    """Fit a duration model to the columns of a CSV file.

    Parameters
    ----------
    path : str or Path
        CSV file, one row per unit (or per start-stop interval with ``entry``).
    time, event, entry : str
        Columns of the exit times, the 0/1 end indicator (default: every row ended) and the
        entry times (delayed entry, start-stop rows).
    covariates : list of str
        Columns of the covariates.
    model : str, optional
        ``cox``, an AFT distribution (``weibull``, ``exponential``, ``lognormal``,
        ``loglogistic``) or ``km``; default ``cox`` with covariates, else ``km``.
    ties : {"efron", "breslow"}
        The Cox model's handling of tied times.
    cluster : str, optional
        Column of cluster labels: robust (Lin-Wei) errors for the Cox model, and the cluster
        bootstrap with ``n_bootstrap``.
    strata : str, optional
        Column of stratum labels of the Cox model.
    n_bootstrap, seed : int
        Bootstrap resamples (0: none) and their seed: percentile intervals and standard errors
        of the coefficients, or of the median survival time for Kaplan-Meier.

    Returns
    -------
    rows, title, meta
        One row per coefficient (per event time for Kaplan-Meier), a one-line summary, and
        the fit's metadata (n, events, likelihood, method, reference, bootstrap settings).

    Examples
    --------
    >>> import os, tempfile
    >>> from foedus.cli.duration import duration_rows
    >>> from foedus.datasets import kabl_1990
    >>> d = kabl_1990()
    >>> path = os.path.join(tempfile.mkdtemp(), "kabl.csv")
    >>> _ = open(path, "w").write("duration,ciep12,numst2\\n" + "".join(
    ...     f"{t},{e},{x}\\n" for t, e, x in zip(d["duration"], d["ciep12"], d["numst2"])))
    >>> rows, title, meta = duration_rows(path, time="duration", event="ciep12",
    ...                                   covariates=["numst2"])
    >>> rows[0]["term"], round(rows[0]["hazard_ratio"], 3), meta["events"]
    ('numst2', 0.623, 271)
    """
    covariates = list(covariates or [])
    model = model or ("cox" if covariates else "km")
    _check_options(model, covariates, cluster, strata, n_bootstrap)
    numeric = [("--time", time), *((("--event", event),) if event else ()),
               *((("--entry", entry),) if entry else ()),
               *(("--covariates", c) for c in covariates)]
    labels = [*((("--cluster", cluster),) if cluster else ()),
              *((("--strata", strata),) if strata else ())]
    cols = read_columns(path, numeric, labels)
    t = cols[time]
    d = cols[event] if event else np.ones_like(t)
    e = cols[entry] if entry else None
    X = np.column_stack([cols[c] for c in covariates]) if covariates else None
    groups = _codes(cols.get(cluster)) if cluster else None
    layers = _codes(cols.get(strata)) if strata else None

    if model == "cox":
        if X is None:
            raise CliError("--model cox: give --covariates COLUMN[,COLUMN...]")
        unfitted: Any = CoxModel(ties, n_threads=n_threads)
        fitted: Any = CoxModel(ties, n_threads=n_threads).fit(
            t, d, X, entry=e, strata=layers,
            names=covariates, cluster=groups)
        fit_kwargs: dict[str, Any] = {"names": covariates}
    elif model == "km":
        unfitted = KaplanMeier()
        fitted = KaplanMeier().fit(t, d, entry=e)
        fit_kwargs = {}
    else:
        unfitted = AFTModel(model)
        fit_kwargs = {"names": covariates, "n_threads": n_threads}
        fitted = AFTModel(model).fit(t, d, X, entry=e, **fit_kwargs)

    boot = None
    if n_bootstrap:
        boot = bootstrap(unfitted, t, d, X, entry=e, strata=layers, cluster=groups,
                         n_resamples=n_bootstrap, seed=seed, fit_kwargs=fit_kwargs,
                         progress=progress)
    meta: dict[str, Any] = {"model": model, "file": str(path), "time": time, "event": event,
                            "n": int(len(t)), "events": int(np.sum(d == 1)),
                            "method": fitted.method, "reference": fitted.reference}
    if boot is not None:
        meta.update({"bootstrap_resamples": boot.n_resamples, "bootstrap_failed": boot.n_failed,
                     "bootstrap_seed": seed, "bootstrap_resampling": boot.resampling})
    if model == "km":
        return _km_rows(fitted, boot, meta)
    return _regression_rows(fitted, boot, meta, model)


def _boot_summary(boot: BootstrapResult, j: int) -> dict[str, float]:
    ci = boot.confidence_interval
    return {"boot_se": float(boot.standard_error[j]), "boot_lower_95": float(ci[j, 0]),
            "boot_upper_95": float(ci[j, 1])}


def _regression_rows(fitted: Any, boot: BootstrapResult | None, meta: dict[str, Any],
                     model: str) -> Result:
    z = fitted.params_ / fitted.se_
    p = 2 * stats.norm.sf(np.abs(z))
    ratio = "hazard_ratio" if model == "cox" else "exp_coef"
    rows = []
    for j, name in enumerate(fitted.names_):
        b, se = float(fitted.params_[j]), float(fitted.se_[j])
        row: dict[str, Any] = {"term": name, "coef": b, ratio: float(np.exp(b)), "se": se,
                               "z": float(z[j]), "p": float(p[j]),
                               "lower_95": b - _Z95 * se, "upper_95": b + _Z95 * se}
        if boot is not None:
            row.update(_boot_summary(boot, j))
        rows.append(row)
    meta.update({"loglik": float(fitted.loglik_), "aic": float(fitted.aic_)})
    if model == "cox":
        stat, df, lr_p = fitted.likelihood_ratio_test()
        meta.update({"ties": fitted.ties, "robust": bool(fitted.robust_),
                     "lr_statistic": stat, "lr_df": df, "lr_p": lr_p})
        what = (f"Cox model ({fitted.ties.capitalize()}'s ties"
                f"{', robust errors by cluster' if fitted.robust_ else ''})")
        fit_line = f"partial log-likelihood {fitted.loglik_:.4f}, LR test {stat:.3f} on {df} df " \
                   f"(p = {lr_p:.3g})"
    else:
        what = f"AFT model ({model}; coefficients act on log time)"
        fit_line = f"log-likelihood {fitted.loglik_:.4f}, AIC {fitted.aic_:.2f}"
    title = (f"{what} of {meta['time']}: n = {meta['n']}, events = {meta['events']}; "
             f"{fit_line}{_boot_note(boot)}")
    return rows, title, meta


def _km_rows(fitted: KaplanMeier, boot: BootstrapResult | None, meta: dict[str, Any]) -> Result:
    times, d, n = fitted.event_table_
    rows = [{"time": float(times[i]), "at_risk": float(n[i]), "events": float(d[i]),
             "survival": float(fitted.survival_function_[i]),
             "lower_95": float(fitted.ci_lower_[i]), "upper_95": float(fitted.ci_upper_[i])}
            for i in range(len(times))]
    median = fitted.median_survival_time_
    meta["median"] = median
    about = f"median {median:.6g}"
    if boot is not None:
        meta.update(_boot_summary(boot, 0))
        about += (f" (bootstrap 95% interval [{meta['boot_lower_95']:.6g}, "
                  f"{meta['boot_upper_95']:.6g}])")
    title = (f"Kaplan-Meier estimate of {meta['time']}: n = {meta['n']}, events = "
             f"{meta['events']}; {about}{_boot_note(boot)}")
    return rows, title, meta


def _boot_note(boot: BootstrapResult | None) -> str:
    if boot is None:
        return ""
    failed = f", {boot.n_failed} failed" if boot.n_failed else ""
    return f"; bootstrap: {boot.n_resamples} resamples of {boot.resampling}{failed}"
