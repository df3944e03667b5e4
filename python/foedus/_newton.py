"""Newton's method with step halving, shared by the likelihood-based models."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["maximise"]


def maximise(full: Callable[[np.ndarray], tuple[float, np.ndarray, np.ndarray]],
             value: Callable[[np.ndarray], float], x0: np.ndarray, *, max_iter: int,
             tol: float, gtol: float,
             singular: str) -> tuple[np.ndarray, float, np.ndarray, np.ndarray, int]:
    """Maximise a concave-ish function by Newton's method.

    ``full(x)`` returns (value, gradient, Hessian), ``value(x)`` the value alone (used by the
    step halving, which keeps every iteration an ascent step). Stops when the gradient is below
    ``gtol`` and the last step changed the value by less than ``tol`` relative, or when the
    gradient is below ``gtol`` at the start. ``singular`` is the ValueError message for a
    singular Hessian. Returns (x, value, gradient, Hessian, iterations).
    """
    x = np.asarray(x0, dtype=np.float64)
    ll, g, H = full(x)
    iterations = 0
    if np.max(np.abs(g), initial=0.0) < gtol:
        return x, ll, g, H, iterations
    for _ in range(max_iter):
        try:
            step = np.linalg.solve(H, -g)
        except np.linalg.LinAlgError:
            raise ValueError(singular) from None
        if g @ step <= 0:  # not an ascent direction: a gradient step instead
            step = g / max(1.0, float(np.max(np.abs(g))))
        t = 1.0
        while t > 1e-10:
            cand = x + t * step
            v = value(cand)
            if np.isfinite(v) and v >= ll - 1e-12:
                break
            t /= 2
        ll_new, g, H = full(cand)
        iterations += 1
        small = abs(ll_new - ll) < tol * (1.0 + abs(ll))
        x, ll = cand, ll_new
        if small and np.max(np.abs(g)) < gtol:
            break
    return x, ll, g, H, iterations
