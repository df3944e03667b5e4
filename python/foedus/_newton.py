"""Newton's method with step halving, shared by the likelihood-based models."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

__all__ = ["covariance", "maximise"]


def covariance(H: np.ndarray, singular: str) -> np.ndarray:
    """The inverse of the negative Hessian; ValueError(singular) when it does not exist or is
    not positive definite."""
    try:
        cov = np.linalg.inv(-H)
    except np.linalg.LinAlgError:
        raise ValueError(singular) from None
    d = np.diag(cov)
    if not np.all(np.isfinite(cov)) or np.any(d <= 0) or \
            np.linalg.cond(H) > 1e14:
        raise ValueError(singular)
    return cov


def maximise(full: Callable[[np.ndarray], tuple[float, np.ndarray, np.ndarray]],
             value: Callable[[np.ndarray], float], x0: np.ndarray, *, max_iter: int,
             tol: float, gtol: float,
             singular: str) -> tuple[np.ndarray, float, np.ndarray, np.ndarray, int]:
    """Maximise a concave-ish function by Newton's method.

    ``full(x)`` returns (value, gradient, Hessian), ``value(x)`` the value alone (used by the
    step halving, which keeps every iteration an ascent step). Converged when the gradient is
    below ``gtol``, or when the Newton decrement (the gain a full Newton step predicts,
    ``g' (-H)^-1 g / 2``) is below ``tol**2`` relative to the value, which puts the estimate
    within about ``tol`` of the maximum in units of its standard errors: a scale-free
    criterion that still works for likelihoods summed over a million rows, where rounding keeps
    the gradient above any fixed ``gtol``. ``singular`` is the ValueError message for a
    singular Hessian. Warns (RuntimeWarning) when ``max_iter`` steps do not converge. Returns
    (x, value, gradient, Hessian, iterations).
    """
    from ._validation import check_float, check_int
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    tol = check_float(tol, "tol", minimum=0.0)
    gtol = check_float(gtol, "tol", minimum=0.0)
    x = np.asarray(x0, dtype=np.float64)
    ll, g, H = full(x)
    iterations = 0
    while True:
        if np.max(np.abs(g), initial=0.0) < gtol:
            return x, ll, g, H, iterations
        try:
            step = np.linalg.solve(H, -g)
        except np.linalg.LinAlgError:
            raise ValueError(singular) from None
        gain = float(g @ step)
        if gain > 0 and gain / 2 < tol * tol * (1.0 + abs(ll)) and iterations > 0:
            return x, ll, g, H, iterations
        if iterations >= max_iter:
            break
        if gain <= 0:  # not an ascent direction: a gradient step instead
            step = g / max(1.0, float(np.max(np.abs(g))))
        # the full step first, evaluated with its derivatives (usually accepted); halving
        # evaluates the value alone
        cand = x + step
        new = full(cand)
        if not (np.isfinite(new[0]) and new[0] >= ll - 1e-12 * (1.0 + abs(ll))):
            t = 0.5
            while t > 1e-10:
                cand = x + t * step
                v = value(cand)
                if np.isfinite(v) and v >= ll - 1e-12 * (1.0 + abs(ll)):
                    break
                t /= 2
            else:
                break  # no ascent along the step: as far as the arithmetic goes
            new = full(cand)
        ll, g, H = new
        x = cand
        iterations += 1
    # stopped by max_iter, or no ascent left along the step: fine when the predicted gain is
    # below the rounding of the value itself
    if max_iter > 0 and not (gain > 0 and gain / 2 < 1e-13 * (1.0 + abs(ll))):
        warnings.warn(f"Newton's method did not converge in {iterations} iterations (largest "
                      f"gradient component {float(np.max(np.abs(g))):.3g}); an estimate may "
                      "be running off to infinity (separation or a monotone likelihood). "
                      "Check the covariates or raise max_iter.", RuntimeWarning, stacklevel=3)
    return x, ll, g, H, iterations
