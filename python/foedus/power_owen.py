"""Power under a priori unions (parties bound as blocs): Owen and Banzhaf-Owen indices.

For actor i in union k (m unions, u_k members), both indices average i's swings in coalitions
``Q_R + T``, where R is a set of other unions (entering whole) and T a set of i's partners:

- Owen (1977): weight ``r! (m-1-r)! / m!  *  t! (u_k-1-t)! / u_k!`` (orderings that keep
  unions together; sums to 1 for a proper game that the grand coalition wins),
- Banzhaf-Owen (Owen 1982): weight ``1 / 2^(m-1)  *  1 / 2^(u_k-1)``.

Counts of swings by ``(r, t)`` are exact integers, from the winning-coalition bitmap for any rule
(at most :data:`foedus.power.MAX_ENUMERATION_ACTORS` actors), or for a weighted quota at any
number of actors by enumerating the sets of other unions (at most :data:`MAX_UNION_SUBSETS`)
and counting partners' subsets by size and weight with dynamic programming.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from . import _core

__all__ = [
    "owen_counts_enum", "owen_counts_weighted", "owen_values", "weighted_feasible",
    "enumeration_cost", "MAX_UNIONS_WEIGHTED",
]

#: a weighted quota with more unions than this is refused (2^(m-1) sets of other unions)
MAX_UNIONS_WEIGHTED = 24


def owen_counts_enum(n: int, weights: np.ndarray, bound: Any, unions: list[list[int]],
                     n_threads: int) -> np.ndarray:
    """Counts (n, m, u_max) for any rule, from the bitmap of winning coalitions."""
    masks = np.array([sum(1 << i for i in u) for u in unions], dtype=np.uint64)
    sets = np.array([int(s) for s in bound.set], dtype=np.uint64)
    return _core.owen_enum(n, np.ascontiguousarray(weights, dtype=np.int64), bound.op,
                           bound.crit, bound.nchild, bound.q, sets, masks, n_threads)


def _subset_sums(values: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Sums and sizes of all 2^len(values) subsets (subset j = bits of j)."""
    sums = np.zeros(1, dtype=np.int64)
    sizes = np.zeros(1, dtype=np.int64)
    for v in values:
        sums = np.concatenate([sums, sums + v])
        sizes = np.concatenate([sizes, sizes + 1])
    return sums, sizes


def _size_weight_counts(weights: list[int], width: int, dtype: Any) -> np.ndarray:
    """D[t, y]: subsets with t members and weight y (y < width), exact."""
    u = len(weights)
    d = np.zeros((u + 1, width), dtype=dtype)
    d[0, 0] = 1
    for k, w in enumerate(weights):
        if w >= width:
            continue
        d[1:k + 2, w:] = d[1:k + 2, w:] + d[0:k + 1, :width - w]
    return d


#: largest partner table (members x quota cells) of the weighted method
MAX_PARTNER_CELLS = 20_000_000


#: largest work of the weighted method (cell updates; Python-int cells count 30 each)
MAX_WEIGHTED_WORK = 2e10


def weighted_feasible(w: np.ndarray, q: int, unions: list[list[int]]) -> bool:
    """Whether the weighted method applies within its limits (after the gcd reduction)."""
    from .power_methods import reduce_quota
    _, q = reduce_quota(np.asarray(w, dtype=np.int64), int(q))
    m = len(unions)
    u_max = max(len(u) for u in unions)
    slow = 30.0 if m - 1 + u_max - 1 >= 63 else 1.0  # exact Python ints beyond int64
    work = sum(len(u) * (len(u) * float(q) * slow + 2.0 ** (m - 1) * len(u)) for u in unions)
    return (m <= MAX_UNIONS_WEIGHTED and (u_max + 1) * q <= MAX_PARTNER_CELLS
            and work <= MAX_WEIGHTED_WORK)


def enumeration_cost(unions: list[list[int]]) -> float:
    """Bitmap lookups of the enumeration method: sum over actors of 2^(m - 1 + u_k - 1)."""
    m = len(unions)
    return float(sum(len(u) * 2.0 ** (m - 1 + len(u) - 1) for u in unions))


def owen_counts_weighted(w: np.ndarray, q: int, unions: list[list[int]]) -> np.ndarray:
    """Counts (n, m, u_max) for the weighted quota ``W(S) >= q``."""
    from .power_methods import reduce_quota
    w, q = reduce_quota(np.asarray(w, dtype=np.int64), int(q))
    n, m = len(w), len(unions)
    if m > MAX_UNIONS_WEIGHTED:
        raise ValueError(f"unions: a weighted quota with a priori unions is computed for at most "
                         f"{MAX_UNIONS_WEIGHTED} unions (2^(m-1) sets of other unions), got {m}")
    u_max = max(len(u) for u in unions)
    # counts reach 2^(m - 1 + u - 1): int64 only while that stays below 2^63
    dtype = np.int64 if m - 1 + u_max - 1 < 63 else object
    out = np.zeros((n, m, u_max), dtype=dtype)
    union_weight = [int(sum(int(w[i]) for i in u)) for u in unions]
    for k, members in enumerate(unions):
        others = [union_weight[j] for j in range(m) if j != k]
        sums, sizes = _subset_sums(others)
        for i in members:
            partners = [int(w[j]) for j in members if j != i]
            wi = int(w[i])
            d = _size_weight_counts(partners, q, dtype)  # partner subsets lighter than q
            cum = np.concatenate([np.zeros((d.shape[0], 1), dtype=d.dtype),
                                  np.cumsum(d, axis=1)], axis=1)  # cum[t, y] = sum d[t, :y]
            # swing: q - wi <= x + y <= q - 1 for x = weight of the other unions taken;
            # sets of other unions in chunks, to bound memory
            for a in range(0, len(sums), 1 << 15):
                x, rs = sums[a:a + (1 << 15)], sizes[a:a + (1 << 15)]
                hi = np.clip(q - x, 0, q)          # y < q - x
                lo = np.clip(q - wi - x, 0, q)     # y >= q - wi - x
                window = cum[:, hi] - cum[:, lo]   # (t, sets), exact integers
                for r in np.unique(rs):
                    out[i, r, :d.shape[0]] += window[:, rs == r].sum(axis=1)
    return out


def owen_values(counts: np.ndarray, unions: list[list[int]], index: str,
                n: int) -> list[Fraction]:
    """Exact Owen or Banzhaf-Owen values from the counts."""
    m = len(unions)
    fact = [math.factorial(k) for k in range(max(m, max(len(u) for u in unions)) + 1)]
    union_of = {i: k for k, u in enumerate(unions) for i in u}
    out = []
    for i in range(n):
        u = len(unions[union_of[i]])
        total = Fraction(0)
        for r in range(m):
            for t in range(u):
                c = int(counts[i, r, t])
                if not c:
                    continue
                if index == "owen":
                    total += Fraction(c * fact[r] * fact[m - 1 - r] * fact[t] * fact[u - 1 - t],
                                      fact[m] * fact[u])
                else:
                    total += Fraction(c, 1 << (m - 1 + u - 1))
        out.append(total)
    return out
