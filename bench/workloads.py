"""The enumeration workloads of bench_enumeration.py, for foedus and its baselines.

Every workload visits all 2^n - 1 coalitions of n actors under a two-criterion rule: a seat
quota (simple majority) and a member count (at least n // 3 members).

(a) count winning and minimal winning coalitions;
(b) score-only top-100: the 100 winning coalitions with the fewest seats;
(c) all one-dimensional attributes: every attribute of a coalition on one policy dimension
    (size, weight, winning, minimal winning, blocking, pivotal members, range, dispersion,
    connectedness, minimal connected winning, median, concentration) is computed and combined
    into a score whose top 100 are kept (so nothing can be skipped and nothing is stored).
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

import foedus

SCORE_ALL = {"range_lr": -1.0, "dispersion_lr": -1.0, "connected_lr": 1.0,
             "minimal_connected_winning_lr": 1.0, "n_pivotal": 0.1, "herfindahl": 1.0,
             "includes_median_lr": 1.0, "blocking": 0.5, "minimal_winning": 1.0,
             "largest_share": 0.1, "unplaced_lr": -0.1, "weight_seats": 0.001}


def game(n: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    rng = np.random.default_rng(n)
    seats = rng.integers(1, 101, n)
    pos = rng.uniform(0, 10, n).round(4)
    return seats, pos, int(seats.sum()) // 2 + 1, n // 3


def actors_and_rule(n: int) -> tuple[foedus.ActorSet, foedus.Rule]:
    seats, pos, _, k = game(n)
    actors = foedus.ActorSet([f"p{i}" for i in range(n)], {"seats": seats},
                             positions={"lr": pos})
    return actors, foedus.Rule.majority("seats") & foedus.Rule.count(k)


# ---- foedus ---------------------------------------------------------------------------------
def foedus_count(actors, rule, n_threads):
    return (foedus.count_coalitions(actors, rule, winning=True, n_threads=n_threads),
            foedus.count_coalitions(actors, rule, minimal=True, n_threads=n_threads))


def foedus_top100(actors, rule, n_threads):
    return foedus.enumerate_coalitions(actors, rule, winning=True, top_k=100,
                                       score={"weight_seats": -1.0}, n_threads=n_threads)


def foedus_all_attributes(actors, rule, n_threads):
    return foedus.enumerate_coalitions(actors, rule, top_k=100, score=SCORE_ALL,
                                       n_threads=n_threads)


# ---- chunked numpy --------------------------------------------------------------------------
def _chunks(n: int, size: int = 1 << 18):
    for start in range(1, 1 << n, size):
        masks = np.arange(start, min(start + size, 1 << n), dtype=np.int64)
        yield masks, ((masks[:, None] >> np.arange(n)) & 1).astype(bool)


def numpy_count(n: int) -> tuple[int, int]:
    seats, _, q, k = game(n)
    win = mwc = 0
    for _, bits in _chunks(n):
        w = bits @ seats
        size = bits.sum(axis=1)
        lightest = np.where(bits, seats, np.iinfo(np.int64).max).min(axis=1)
        wins = (w >= q) & (size >= k)
        win += int(wins.sum())
        mwc += int((wins & ((size == k) | (w - lightest < q))).sum())
    return win, mwc


def numpy_top100(n: int) -> list[int]:
    seats, _, q, k = game(n)
    best: list[tuple[int, int]] = []
    for masks, bits in _chunks(n):
        w = bits @ seats
        ok = (w >= q) & (bits.sum(axis=1) >= k)
        cand_w, cand_m = w[ok], masks[ok]
        take = np.argsort(cand_w, kind="stable")[:100]
        best = heapq.nsmallest(100, best + list(zip(cand_w[take].tolist(),
                                                    cand_m[take].tolist(), strict=True)))
    return [m for _, m in best]


def numpy_all_attributes(n: int) -> list[int]:
    seats, pos, q, k = game(n)
    order = np.argsort(pos, kind="stable")
    total = seats.sum()
    cum = np.cumsum(seats[order])
    median = order[np.searchsorted(cum, total / 2)]
    big = np.iinfo(np.int64).max
    best: list[tuple[float, int]] = []
    for masks, bits in _chunks(n):
        w = bits @ seats
        size = bits.sum(axis=1)
        wins = (w >= q) & (size >= k)
        cw = total - w
        blocking = ~((cw >= q) & (n - size >= k))
        lightest = np.where(bits, seats, big).min(axis=1)
        pivot = np.where(wins[:, None] & bits & ((seats[None, :] > (w - q)[:, None])
                                                 | (size == k)[:, None]), 1, 0).sum(axis=1)
        minimal = wins & ((size == k) | (w - lightest < q))
        lo = np.where(bits, pos, np.inf).min(axis=1)
        hi = np.where(bits, pos, -np.inf).max(axis=1)
        rng_ = hi - lo
        mean = (bits * seats * pos).sum(axis=1) / w
        disp = np.sqrt(np.maximum(((bits * seats) * (pos[None, :] - mean[:, None]) ** 2).sum(
            axis=1) / w, 0))
        between = (~bits) & (pos[None, :] > lo[:, None]) & (pos[None, :] < hi[:, None])
        connected = ~between.any(axis=1)
        nonpiv = bits & ~(wins[:, None] & ((seats[None, :] > (w - q)[:, None])
                                           | (size == k)[:, None]))
        interior = (pos[None, :] > lo[:, None]) & (pos[None, :] < hi[:, None])
        mcw = wins & connected & ~(nonpiv & ~interior).any(axis=1)
        hhi = ((bits * seats) ** 2).sum(axis=1) / w.astype(float) ** 2
        largest = np.where(bits, seats, 0).max(axis=1) / w
        score = (-rng_ - disp + connected + mcw + 0.1 * pivot + hhi + bits[:, median]
                 + 0.5 * blocking + minimal + 0.1 * largest + 0.001 * w)
        take = np.argsort(-score, kind="stable")[:100]
        best = heapq.nlargest(100, best + list(zip(score[take].tolist(),
                                                   (-masks[take]).tolist(), strict=True)))
    return [-m for _, m in best]


# ---- pure Python (itertools) ----------------------------------------------------------------
def python_count(n: int) -> tuple[int, int]:
    seats, _, q, k = game(n)
    s = seats.tolist()
    win = mwc = 0
    for r in range(1, n + 1):
        for c in itertools.combinations(range(n), r):
            w = sum(s[i] for i in c)
            if w >= q and r >= k:
                win += 1
                if r == k or w - min(s[i] for i in c) < q:
                    mwc += 1
    return win, mwc


def python_top100(n: int) -> list[tuple[int, ...]]:
    seats, _, q, k = game(n)
    s = seats.tolist()
    cands = ((sum(s[i] for i in c), c) for r in range(k, n + 1)
             for c in itertools.combinations(range(n), r))
    return [c for _, c in heapq.nsmallest(100, ((w, c) for w, c in cands if w >= q))]


def python_all_attributes(n: int) -> list[tuple[int, ...]]:
    seats, pos, q, k = game(n)
    s, p = seats.tolist(), pos.tolist()
    total = sum(s)
    order = sorted(range(n), key=lambda i: p[i])
    acc, median = 0, order[-1]
    for i in order:
        acc += s[i]
        if acc >= total / 2:
            median = i
            break
    best: list[tuple[float, int, tuple[int, ...]]] = []
    for r in range(1, n + 1):
        for c in itertools.combinations(range(n), r):
            w = sum(s[i] for i in c)
            win = w >= q and r >= k
            blocking = not (total - w >= q and n - r >= k)
            piv = [i for i in c if win and (s[i] > w - q or r == k)]
            xs = [p[i] for i in c]
            lo, hi = min(xs), max(xs)
            mean = sum(s[i] * p[i] for i in c) / w
            disp = (sum(s[i] * (p[i] - mean) ** 2 for i in c) / w) ** 0.5
            conn = not any(lo < p[j] < hi for j in range(n) if j not in c)
            mcw = win and conn and all(lo < p[i] < hi for i in c if i not in piv)
            hhi = sum((s[i] / w) ** 2 for i in c)
            score = (-(hi - lo) - disp + conn + mcw + 0.1 * len(piv) + hhi + (median in c)
                     + 0.5 * blocking + (win and len(piv) == r) + 0.1 * max(s[i] for i in c) / w
                     + 0.001 * w)
            item = (score, -sum(1 << i for i in c), c)  # ties: the smaller mask first
            if len(best) < 100:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
    return [c for _, _, c in sorted(best, reverse=True)]
