"""Counting coalitions of a single weighted quota without enumerating them.

For a rule ``W(S) >= q`` on one weight criterion (``Rule.quota``, ``Rule.share``,
``Rule.majority``, or ``Rule.count`` with unit weights), the numbers of winning, losing,
blocking, minimal winning... coalitions follow from the numbers of subsets of each total
weight, which dynamic programming over the actors computes in ``n * W`` steps instead of
``2^n``. The kernel (``cpp/include/foedus/dp_count.hpp``) works modulo several primes below
2^62; the Chinese remainder theorem recombines the residues into exact Python ints, so counts
are exact at any ``n``.

Minimal winning coalitions are counted by their lightest member: with the actors sorted by
descending weight, ``S = T' + {i}`` (``T'`` drawn from the actors before ``i``) is minimal
winning iff ``q - w_i <= W(T') <= q - 1 + min(S) - w_i``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from . import _core
from ._optional import import_pandas

__all__ = ["CoalitionCount", "SizeCounts"]

#: Methods reported by :attr:`CoalitionCount.method`.
DP = "dynamic programming over weights"
ENUMERATION = "enumeration"
BINOMIAL = "binomial coefficients"

#: Rough rates used only to choose between DP and enumeration: DP cells (actors x sizes x
#: weights x primes) per second and coalitions enumerated per second. bench/ measures about
#: 4e9 cells/s (bench_counting.py, n = 500) and 1-2e9 coalitions/s (bench_enumeration.py);
#: the estimates are conservative for the DP, whose Python overhead dominates small problems.
DP_CELLS_PER_SECOND = 1.0e9
ENUMERATION_PER_SECOND = 1.0e9
#: Largest DP table (bytes, two buffers) before the DP path is refused.
DP_MAX_BYTES = 2 * 2**30


class CoalitionCount(int):
    """An exact count (a Python int) that says how it was computed.

    Attributes
    ----------
    method : str
        ``"dynamic programming over weights"``, ``"enumeration"`` or
        ``"binomial coefficients"``.

    Examples
    --------
    >>> import foedus
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> c = foedus.count_coalitions(parl, foedus.Rule.majority("seats") & foedus.Rule.count(2),
    ...                             winning=True)
    >>> c + 0, c.method
    (64, 'enumeration')
    """

    method: str

    @property
    def reference(self) -> str | None:
        """The literature of the counting algorithm (None for enumeration and binomials)."""
        from .references import cite

        return cite("matsui_matsui_2000") if self.method == DP else None

    def __new__(cls, value: int, method: str) -> CoalitionCount:
        obj = super().__new__(cls, value)
        obj.method = method
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (CoalitionCount, (int(self), self.method))


@dataclass(frozen=True, eq=False)
class SizeCounts:
    """Exact counts of coalitions by size.

    Attributes
    ----------
    counts : numpy.ndarray
        Object array of Python ints, ``counts[s]`` = number of coalitions with ``s`` members
        (``s = 0..n``; ``counts[0]`` is always 0: the empty coalition is never counted).
    method : str
        How the counts were computed (see :class:`CoalitionCount`).

    Examples
    --------
    >>> import foedus
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> sc = foedus.count_coalitions(parl, foedus.Rule.majority("seats"), winning=True,
    ...                              by_size=True)
    >>> sc.total, sc[2], [int(s) for s in sc.nonzero()]
    (64, 1, [2, 3, 4, 5, 6, 7])
    """

    counts: np.ndarray
    method: str

    @property
    def reference(self) -> str | None:
        """The literature of the counting algorithm (None for enumeration and binomials)."""
        from .references import cite

        return cite("matsui_matsui_2000") if self.method == DP else None

    def __post_init__(self) -> None:
        self.counts.setflags(write=False)

    @property
    def total(self) -> int:
        """The number of coalitions of any size."""
        return int(sum(int(c) for c in self.counts))

    def __getitem__(self, size: int) -> int:
        return int(self.counts[size])

    def __len__(self) -> int:
        return len(self.counts)

    def nonzero(self) -> np.ndarray:
        """Sizes with at least one coalition."""
        return np.array([s for s, c in enumerate(self.counts) if c], dtype=np.int64)

    def to_frame(self) -> Any:
        """A pandas DataFrame with columns ``size`` and ``count`` (Python ints)."""
        pd = import_pandas()
        return pd.DataFrame({"size": np.arange(len(self.counts)), "count": self.counts})

    def __repr__(self) -> str:
        sizes = self.nonzero()
        shown = ", ".join(f"{s}: {self.counts[s]}" for s in sizes[:8])
        more = ", ..." if len(sizes) > 8 else ""
        return f"SizeCounts(total={self.total}, by size {{{shown}{more}}}, method={self.method!r})"


# ---- primes and the Chinese remainder theorem -----------------------------------------------

def _is_prime(n: int) -> bool:
    """Deterministic Miller-Rabin for n < 3.3e24 (these bases suffice)."""
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for p in small:
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for a in small:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


@cache
def _primes(k: int) -> tuple[int, ...]:
    """The k largest primes below 2^62."""
    out: list[int] = []
    c = (1 << 62) - 1
    while len(out) < k:
        if _is_prime(c):
            out.append(c)
        c -= 2
    return tuple(out)


def primes_for(bits: int) -> tuple[int, ...]:
    """Enough primes below 2^62 that their product exceeds 2^bits (each exceeds 2^61)."""
    return _primes(max(1, -(-(bits + 1) // 61)))


def crt(residues: Sequence[int], primes: Sequence[int]) -> int:
    """The x in [0, prod(primes)) with x = r_j mod p_j for every j."""
    x, m = 0, 1
    for r, p in zip(residues, primes, strict=True):
        # x + m * t = r (mod p)
        t = (int(r) - x) * pow(m, -1, p) % p
        x += m * t
        m *= p
    return x


# ---- the DP ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuotaProblem:
    """A single weighted quota W(S) >= q, with include/exclude and size bounds."""

    weights: tuple[int, ...]  # all n actors (exact integers)
    q: int
    include: tuple[int, ...]
    exclude: tuple[int, ...]
    min_size: int
    max_size: int

    @property
    def total(self) -> int:
        return sum(self.weights)

    def free(self) -> list[int]:
        """Free actors by descending weight (ties by index)."""
        fixed = set(self.include) | set(self.exclude)
        idx = [i for i in range(len(self.weights)) if i not in fixed]
        return sorted(idx, key=lambda i: (-self.weights[i], i))


@dataclass
class _Plan:
    free_w: list[int]
    rows: int          # 1: sizes lumped
    t_lo: int
    t_hi: int
    ranges: list[tuple[int | None, int | None]]  # W(T) ranges, one per wanted count
    lo: list[int]      # minimal query per free item
    hi: list[int]
    minimal: bool
    blocking: int | None
    H: int
    thresholds: list[int]
    primes: tuple[int, ...]

    @property
    def cells(self) -> float:
        return (float(len(self.free_w)) * max(1, min(self.rows, len(self.free_w) + 1))
                * (self.H + 1) * len(self.primes))

    @property
    def nbytes(self) -> int:
        return 2 * self.rows * (self.H + 1) * len(self.primes) * 8


def _weight_range(prob: QuotaProblem, winning: int | None,
                  blocking: int | None) -> tuple[int | None, int | None]:
    """The range of W(T) (T = the free members) for the winning/blocking filters."""
    winc = sum(prob.weights[i] for i in prob.include)
    lo: int | None = None
    hi: int | None = None
    if winning == 1:
        lo = prob.q - winc
    elif winning == 0:
        hi = prob.q - 1 - winc
    if blocking == 1:  # the complement loses: W(S) > total - q
        b = prob.total - prob.q + 1 - winc
        lo = b if lo is None else max(lo, b)
    elif blocking == 0:
        b = prob.total - prob.q - winc
        hi = b if hi is None else min(hi, b)
    return lo, hi


def plan(prob: QuotaProblem, *, winning: int | None, minimal: bool, blocking: int | None,
         by_size: bool) -> _Plan:
    free = prob.free()
    free_w = [prob.weights[i] for i in free]
    nf, ninc = len(free), len(prob.include)
    t_lo = max(0, max(prob.min_size, 1) - ninc)
    t_hi = min(nf, prob.max_size - ninc)
    size_bounded = t_lo > (1 if ninc == 0 else 0) or t_hi < nf
    # rows == 1 means sizes lumped, so a size-tracking plan has at least 2 rows
    rows = max(2, t_hi + 1) if (by_size or size_bounded) else 1
    winc = sum(prob.weights[i] for i in prob.include)
    m_inc = min((prob.weights[i] for i in prob.include), default=None)
    lo_q: list[int] = []
    hi_q: list[int] = []
    thresholds: list[int] = []
    ranges: list[tuple[int | None, int | None]] = []
    if minimal:
        for w in free_w:
            lightest = w if m_inc is None else min(m_inc, w)
            a = prob.q - winc - w
            b = prob.q - winc - 1 + lightest - w
            if blocking == 1:
                a = max(a, prob.total - prob.q + 1 - winc - w)
            elif blocking == 0:
                b = min(b, prob.total - prob.q - winc - w)
            lo_q.append(a)
            hi_q.append(b)
    else:
        lo_q = [1] * nf
        hi_q = [0] * nf
        r = _weight_range(prob, winning, blocking)
        ranges.append(r)
        for h in (r[1], None if r[0] is None else r[0] - 1):
            if h is not None and 0 <= h < sum(free_w):
                thresholds.append(h)
    H = max([0, *thresholds, *(b for a, b in zip(lo_q, hi_q, strict=True) if a <= b)])
    H = min(H, max(0, sum(free_w)))
    return _Plan(free_w, rows, t_lo, t_hi, ranges, lo_q, hi_q, minimal, blocking, H, thresholds,
                 primes_for(nf + 1))


def dp_cost_seconds(p: _Plan) -> float:
    return p.cells / DP_CELLS_PER_SECOND


def run(prob: QuotaProblem, p: _Plan, n_threads: int) -> tuple[int, np.ndarray | None]:
    """The count for the plan's filter, and the counts by coalition size (object array, index
    = |S|) when the plan tracks sizes (else None)."""
    n = len(prob.weights)
    nf, ninc = len(p.free_w), len(prob.include)
    by_s = np.zeros(n + 1, dtype=object)
    by_s[:] = 0
    if p.t_lo > p.t_hi:
        return 0, (by_s if p.rows > 1 else None)
    res = _core.dp_count(
        np.asarray(p.free_w, dtype=np.int64), p.H, p.rows, np.asarray(p.lo, dtype=np.int64),
        np.asarray(p.hi, dtype=np.int64), np.asarray(p.thresholds, dtype=np.int64),
        np.asarray(p.primes, dtype=np.uint64), n_threads)

    def value(t: int, s: int) -> int:
        return crt([int(r) for r in res[t, :, s]], p.primes)

    wfree = sum(p.free_w)

    def prefix(h: int | None, s: int) -> int:
        """Subsets T of size s (any size when lumped) with W(T) <= h (None: no bound)."""
        if h is None or h >= wfree:
            return math.comb(nf, s) if p.rows > 1 else 2**nf
        if h < 0:
            return 0
        return value(p.thresholds.index(h), s)

    lumped = 0
    if p.minimal:
        for s in range(p.rows):  # |T'| = s, so |T| = s + 1 (any size when lumped)
            c = value(len(p.thresholds), s)
            if p.rows == 1:
                lumped += c
            elif p.t_lo <= s + 1 <= p.t_hi:
                by_s[ninc + s + 1] += c
        if ninc and p.t_lo == 0 and _include_only_is_minimal(prob, p.blocking):
            lumped += 1
            by_s[ninc] += 1
    else:
        lo, hi = p.ranges[0]
        for s in range(p.rows):
            if lo is not None and hi is not None and lo > hi:
                c = 0
            else:
                c = prefix(hi, s) - (0 if lo is None else prefix(lo - 1, s))
            if p.rows == 1:
                # the empty T is in range iff W = 0 is; it is a coalition only with includes
                if ninc == 0 and (lo is None or lo <= 0) and (hi is None or hi >= 0):
                    c -= 1
                lumped += c
            elif p.t_lo <= s <= p.t_hi:
                by_s[ninc + s] += c
    if p.rows == 1:
        return lumped, None
    return int(sum(by_s)), by_s


def _include_only_is_minimal(prob: QuotaProblem, blocking: int | None) -> bool:
    """Whether S = include (no free member) is minimal winning and passes the blocking filter."""
    w = [prob.weights[i] for i in prob.include]
    W = sum(w)
    if not (W >= prob.q and W - min(w) < prob.q):
        return False
    if blocking == 1:
        return W >= prob.total - prob.q + 1
    if blocking == 0:
        return W <= prob.total - prob.q
    return True
