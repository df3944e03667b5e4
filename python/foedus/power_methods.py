"""How power indices are computed: dynamic programming for weighted quotas, enumeration for
any rule. Each function returns raw ingredients (exact integers or Fractions, or floats) in the
actors' order; :mod:`foedus.power` turns them into indices.

Weighted quota ``W(S) >= q`` (weights divided by their gcd first):

- swings (Banzhaf, Penrose, Coleman) and Shapley-Shubik: divide and conquer over the players
  (``power_swing.hpp``), about ``2 n q`` cell updates per ring pass; exact counts modulo
  ``2^64`` and primes recombined by the Chinese remainder theorem, or floating values. Floating
  Shapley-Shubik integrates the probability that a player swings when every other player joins
  with probability ``p`` over ``p`` in [0, 1] by Gauss-Legendre quadrature with ``ceil(n / 2)``
  nodes (exact for that polynomial of degree ``n - 1``): only sums of positive terms.
- minimal winning coalitions (public good, Deegan-Packel) and Johnston: forward and backward
  passes over weight-sorted players (``power_mwc.hpp``); sizes enter through a variable ``x``
  per member, integrated by quadrature (floating) or recovered by interpolation modulo primes
  (exact).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np

from . import _core
from .counting import crt, primes_for

__all__ = [
    "Ingredients", "count_winning", "dp_ingredients", "enum_ingredients", "sample_estimates",
    "WRAP64",
]

WRAP64 = 1 << 64
#: floating DPs scale every player's factor by c so that values stay within double range
FLOAT_DP_MAX_ACTORS = 2000


@dataclass
class Ingredients:
    """Per-actor quantities behind the indices (exact ints/Fractions, or floats)."""

    swings: list | None = None          # Banzhaf swing counts
    ss: list | None = None              # Shapley-Shubik values
    ss_orders: list | None = None       # orderings in which the actor is pivotal (exact)
    mwc: list | None = None             # minimal winning coalitions containing the actor
    dp: list | None = None              # sum over those of 1/|S|
    johnston: list | None = None        # sum over S where the actor is critical of 1/#critical
    exact: bool = True
    #: floating swings / mwc / dp / johnston are the true values times 2^-float_log2 (kept in
    #: double range beyond 1000 actors; normalised indices do not depend on it)
    float_log2: int = 0


def _scale(n: int) -> tuple[float, int]:
    """Per-player factor c keeping floating DP values in [2^-1000, 2^1000], and the exponent
    e with c^-(n-1) = 2^e (values are true values times 2^-e)."""
    if n > FLOAT_DP_MAX_ACTORS:
        raise ValueError(f"floating dynamic programming supports at most {FLOAT_DP_MAX_ACTORS} "
                         "actors; use exact=True")
    e = max(0, n - 1000)
    return (1.0 if e == 0 else 2.0 ** (-e / (n - 1))), e


@cache
def _nodes(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [0, 1], exact for polynomials of degree n - 1."""
    from scipy.special import roots_legendre
    m = max(1, (n + 1) // 2)
    x, w = roots_legendre(m)
    x, w = (x + 1.0) / 2.0, w / 2.0
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


@cache
def _moduli(bits: int) -> list[int]:
    """2^64 and enough primes that the product exceeds 2^bits."""
    extra = max(0, bits + 1 - 64)
    return [WRAP64] + (list(primes_for(extra)) if extra > 0 else [])


@cache
def _moduli_array(bits: int) -> np.ndarray:
    """_moduli(bits) for the kernels (0 stands for 2^64), read-only."""
    a = np.array([m % WRAP64 for m in _moduli(bits)], dtype=np.uint64)
    a.setflags(write=False)
    return a


def _recombine(residues: np.ndarray, moduli: list[int]) -> list[int]:
    """CRT over the first axis of an integer array; returns a flat list in C order."""
    flat = residues.reshape(len(moduli), -1)
    if len(moduli) == 1:
        return [int(x) for x in flat[0]]
    return [crt([int(flat[j, k]) for j in range(len(moduli))], moduli)
            for k in range(flat.shape[1])]


def reduce_quota(w: np.ndarray, q: int) -> tuple[np.ndarray, int]:
    """Divide weights by their gcd (quota rounded up): the same game, a smaller table."""
    g = int(np.gcd.reduce(w)) if len(w) else 0
    if g > 1:
        return w // g, -(-q // g)
    return w, q


def count_winning(w: np.ndarray, q: int, n_threads: int) -> int:
    """Exact number of coalitions with W(S) >= q: 2^n minus the subsets lighter than q."""
    n = len(w)
    w, q = reduce_quota(np.asarray(w, dtype=np.int64), int(q))
    primes = primes_for(n + 1)
    empty = np.zeros(n, dtype=np.int64)
    res = _core.dp_count(np.ascontiguousarray(w), q - 1, 1, empty, empty - 1,
                         np.array([q - 1], dtype=np.int64), np.array(primes, dtype=np.uint64),
                         n_threads)
    losing = crt([int(x) for x in res[0, :, 0]], primes)
    return (1 << n) - losing


def _log_binom(n: int, k: np.ndarray) -> np.ndarray:
    from scipy.special import gammaln
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def dp_ingredients(w: np.ndarray, q: int, needs: set[str], exact: bool,
                   n_threads: int, fractions: bool | None = None) -> Ingredients:
    """Ingredients of the weighted quota game (w, q) in the actors' order.

    ``exact``: count in exact integer arithmetic; ``fractions`` (default: ``exact``): also
    form exact rationals (else floats are derived from the exact counts)."""
    if fractions is None:
        fractions = exact
    n = len(w)
    # the kernels divide by the gcd and sort by weight themselves; results come in actor order
    ws = np.ascontiguousarray(w, dtype=np.int64)
    q = int(q)
    out = Ingredients(exact=exact)
    if "swings" in needs:
        if exact:
            mods = _moduli(n - 1)
            res = _core.swing_exact(ws, q, False, _moduli_array(n - 1), n_threads)
            out.swings = (res[0, :, 0].tolist() if len(mods) == 1
                          else _recombine(res[:, :, 0], mods))
        else:
            c, out.float_log2 = _scale(n)
            vals = _core.swing_float(ws, q, np.array([c]), np.array([c]), n_threads)[0]
            out.swings = vals.tolist()
    if "ss" in needs:
        if exact:
            mods = _moduli(n - 1)
            res = _core.swing_exact(ws, q, True, _moduli_array(n - 1), n_threads)
            if fractions:
                counts = _recombine(res, mods)  # (n, n): by |T|
                fact = [math.factorial(k) for k in range(n + 1)]
                orders = [sum(counts[i * n + t] * fact[t] * fact[n - 1 - t] for t in range(n))
                          for i in range(n)]
                out.ss_orders = (orders)
                out.ss = [Fraction(o, fact[n]) for o in out.ss_orders]
            else:
                # floats from exact counts by size: SS_i = sum_t c_t / (n C(n-1, t)), positive
                by_size = (res[0].astype(np.float64) if len(mods) == 1 else np.array(
                    _recombine(res, mods), dtype=np.float64).reshape(n, n))
                t = np.arange(n)
                binom = np.exp(_log_binom(n - 1, t))
                out.ss = ((by_size / (n * binom)).sum(axis=1).tolist())
        else:
            p, wt = _nodes(n)
            vals = _core.swing_float(ws, q, 1.0 - p, p, n_threads)
            out.ss = ([float(x) for x in wt @ vals])
    for kind, key in ((0, "mwc"), (1, "johnston")):
        wanted = ("mwc" in needs or "dp" in needs) if key == "mwc" else "johnston" in needs
        if not wanted:
            continue
        sized = key == "johnston" or "dp" in needs
        if exact:
            primes = list(primes_for(n + 1))
            points = n if sized else 1
            res = _core.mwc_exact(ws, q, kind, points, np.array(primes, dtype=np.uint64),
                                  n_threads)
            coef = _recombine(res, primes)  # (n, points)
            if key == "mwc":
                if sized:
                    out.mwc = ([sum(coef[i * n:(i + 1) * n]) for i in range(n)])
                    out.dp = ([sum(Fraction(coef[i * n + k], k + 1) for k in range(n))
                                     for i in range(n)])
                else:
                    out.mwc = (coef)
            else:
                out.johnston = ([sum(Fraction(coef[i * n + k], k + 1) for k in range(n))
                                       for i in range(n)])
        else:
            c, out.float_log2 = _scale(n)
            if key == "mwc":
                one = _core.mwc_float(ws, q, 0, np.array([c]), np.array([c]), n_threads)[0]
                out.mwc = one.tolist()
                if not sized:
                    continue
            x, wt = _nodes(n)
            vals = _core.mwc_float(ws, q, kind, np.full(len(x), c), c * x, n_threads)
            integ = (wt @ vals).tolist()
            if key == "mwc":
                out.dp = integ
            else:
                out.johnston = integ
    return out


def enum_ingredients(n: int, weights: np.ndarray, bound: object, needs: set[str],
                     exact: bool, n_threads: int) -> tuple[Ingredients, int]:
    """Ingredients of any rule by enumerating its winning coalitions; also the winning count."""
    sets = np.array([int(s) for s in bound.set], dtype=np.uint64)  # type: ignore[attr-defined]
    res = _core.enum_power(n, np.ascontiguousarray(weights, dtype=np.int64), bound.op, bound.crit,
                           bound.nchild, bound.q, sets, "ss" in needs, bool(
                               {"mwc", "dp"} & needs), "johnston" in needs, n_threads)
    out = Ingredients(exact=True)
    out.swings = [int(x) for x in res["swings"]]
    fact = [math.factorial(k) for k in range(n + 1)]
    if "ss" in needs:
        by = res["swings_by_size"]
        out.ss_orders = [sum(int(by[i, s]) * fact[s - 1] * fact[n - s] for s in range(1, n + 1))
                         for i in range(n)]
        out.ss = [Fraction(o, fact[n]) for o in out.ss_orders]
    if {"mwc", "dp"} & needs:
        by = res["mwc_by_size"]
        out.mwc = [sum(int(x) for x in by[i]) for i in range(n)]
        out.dp = [sum((Fraction(int(by[i, s]), s) for s in range(1, n + 1)), Fraction(0))
                  for i in range(n)]
    if "johnston" in needs:
        by = res["johnston_by_count"]
        out.johnston = [sum((Fraction(int(by[i, k]), k) for k in range(1, n + 1)), Fraction(0))
                        for i in range(n)]
    return out, int(res["n_winning"])


#: indices that sampling estimates: by random orderings or random coalitions
SAMPLED_INDICES = ("shapley_shubik", "banzhaf", "banzhaf_absolute", "penrose", "swings")


def sample_estimates(n: int, weights: np.ndarray, bound: object, index: str, n_samples: int,
                     seed: int, n_threads: int) -> tuple[np.ndarray, np.ndarray]:
    """Monte Carlo estimates and standard errors of one index (see power_sample.hpp)."""
    ptr = [0]
    members: list[int] = []
    for op, s in zip(bound.op, bound.set, strict=True):  # type: ignore[attr-defined]
        if op == 1:  # OP_CONTAINS
            s = int(s)
            members.extend(i for i in range(n) if s >> i & 1)
        ptr.append(len(members))
    kind = 0 if index == "shapley_shubik" else 1
    res = _core.sample_power(n, np.ascontiguousarray(weights, dtype=np.int64), bound.op,
                             bound.crit, bound.nchild, bound.q,
                             np.array(ptr, dtype=np.int64), np.array(members, dtype=np.int64),
                             seed, n_samples, kind, n_threads)
    count = res["count"].astype(np.float64)
    N = float(n_samples)
    if index != "banzhaf":
        p = count / N
        se = np.sqrt(p * (1.0 - p) / N)
        if index == "swings":
            if n > 1000:
                raise ValueError("index: sampled swing counts beyond 1000 actors exceed the "
                                 "floating range; use 'banzhaf_absolute' (swings / 2^(n-1))")
            return np.ldexp(p, n - 1), np.ldexp(se, n - 1)
        return p, se
    sum_t = float(res["sum_t"])
    if sum_t == 0:
        return np.zeros(n), np.zeros(n)
    b = count / sum_t
    cross = res["cross"].astype(np.float64)
    var = np.maximum(count - 2.0 * b * cross + b * b * float(res["sum_t2"]), 0.0)
    return b, np.sqrt(var) / sum_t


# ---- rules over two criteria ------------------------------------------------------------

#: largest (A + 1)(B + 1) table of the two-criteria DP
MAX_DP2_CELLS = 20_000_000


@dataclass
class TwoCriteria:
    """A rule rewritten over two criteria (member counts of veto sets become criteria)."""

    w1: np.ndarray
    w2: np.ndarray
    op: np.ndarray
    crit: np.ndarray
    nchild: np.ndarray
    q: np.ndarray
    size_first: bool  # criterion 0 is the member count

    @property
    def cells(self) -> int:
        return (int(self.w1.sum()) + 1) * (int(self.w2.sum()) + 1)


def two_criteria(actors: Any, bound: Any) -> TwoCriteria | None:
    """The rule as quotas on at most two criteria, or None (more criteria, table too large)."""
    from .rules import CRIT_SIZE, OP_CONTAINS, OP_QUOTA
    n = actors.n
    full = (1 << n) - 1
    features: list[tuple] = []
    leaves: list[tuple[int, int]] = []  # per node: (feature, threshold) or (-1, 0)
    for op, c, s, q in zip(bound.op, bound.crit, bound.set, bound.q, strict=True):
        if op == OP_QUOTA:
            key: tuple = ("size",) if int(c) == CRIT_SIZE else ("crit", int(c))
            thr = int(q)
        elif op == OP_CONTAINS:
            s = int(s)
            key = ("size",) if s == full else ("veto", s)
            thr = bin(s).count("1")
        else:
            leaves.append((-1, 0))
            continue
        if key not in features:
            features.append(key)
        leaves.append((features.index(key), thr))
    if len(features) > 2:
        return None
    if ("size",) in features and features[0] != ("size",):
        features.reverse()
        leaves = [(1 - f if f >= 0 else f, t) for f, t in leaves]
    cols = []
    for key in features:
        if key[0] == "size":
            cols.append(np.ones(n, dtype=np.int64))
        elif key[0] == "veto":
            cols.append(np.array([(key[1] >> i) & 1 for i in range(n)], dtype=np.int64))
        else:
            cols.append(np.asarray(actors.integer_weights(key[1])[0], dtype=np.int64))
    while len(cols) < 2:
        cols.append(np.zeros(n, dtype=np.int64))
    # divide each criterion by its gcd (thresholds rounded up): the same rule, a smaller table
    gcds = [max(1, int(np.gcd.reduce(col))) for col in cols]
    cols = [col // g for col, g in zip(cols, gcds, strict=True)]
    thr = [(-(-t // gcds[f]) if f >= 0 else 0) for f, t in leaves]
    out = TwoCriteria(cols[0], cols[1], np.asarray(bound.op, dtype=np.int32).copy(),
                      np.array([max(f, 0) for f, _ in leaves], dtype=np.int32),
                      np.asarray(bound.nchild, dtype=np.int32).copy(),
                      np.array(thr, dtype=np.int64), bool(features) and features[0] == ("size",))
    out.op[out.op == OP_CONTAINS] = OP_QUOTA
    if out.cells > MAX_DP2_CELLS:
        return None
    return out


def dp2_ingredients(tc: TwoCriteria, needs: set[str], exact: bool, fractions: bool,
                    n_threads: int) -> tuple[Ingredients, int | None]:
    """Swings, Shapley-Shubik and the winning count of a two-criteria rule."""
    n = len(tc.w1)
    out = Ingredients(exact=exact)
    n_winning = None
    args = (np.ascontiguousarray(tc.w1), np.ascontiguousarray(tc.w2), tc.op, tc.crit,
            tc.nchild, tc.q)
    if exact:
        mods = _moduli(n)
        sized = "ss" in needs
        res, win = _core.swing2_exact(*args, sized, np.array([m % WRAP64 for m in mods],
                                                             dtype=np.uint64), n_threads)
        n_winning = _recombine(win.reshape(len(mods), 1), mods)[0]
        out.swings = _swings_from(res, mods, n)
        if sized:
            counts = _recombine(res, mods)  # (n, n + 1): by |T|
            rows = res.shape[2]
            fact = [math.factorial(k) for k in range(n + 1)]
            orders = [sum(counts[i * rows + t] * fact[t] * fact[n - 1 - t]
                          for t in range(min(rows, n))) for i in range(n)]
            out.ss_orders = orders
            out.ss = ([Fraction(o, fact[n]) for o in orders] if fractions
                      else [o / fact[n] for o in orders])
    else:
        if "swings" in needs:
            c, out.float_log2 = _scale(n)
            vals = _core.swing2_float(*args, np.array([c]), np.array([c]), n_threads)[0]
            out.swings = vals.tolist()
        if "ss" in needs:
            p, wt = _nodes(n)
            vals = _core.swing2_float(*args, 1.0 - p, p, n_threads)
            out.ss = (wt @ vals).tolist()
    return out, n_winning


def _swings_from(res: np.ndarray, mods: list[int], n: int) -> list[int]:
    """Total swings per player from residues by row (summed exactly after recombination)."""
    if res.shape[2] == 1:
        return _recombine(res[:, :, 0], mods)
    counts = _recombine(res, mods)
    rows = res.shape[2]
    return [sum(counts[i * rows:(i + 1) * rows]) for i in range(n)]
