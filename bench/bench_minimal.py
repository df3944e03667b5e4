"""Minimal-winning generation (issue 3): foedus's branch and bound against the same search in
pure Python, side by side, for n = 50, 100, 200, 500 actors with seats 1..100
(numpy.random.default_rng(n)).

Workload: the minimal winning coalitions of at most s_n members (s = 6, 5, 4, 4) under a quota
q_n above the weight of the s_n - 1 heaviest actors (so every one has exactly s_n members),
chosen by bisection on exact counts so that about 10^6 of them exist; the rate is coalitions
generated per second (the kernel alone, and the whole call that also builds the table of
attributes).

Run: pytest bench/bench_minimal.py --benchmark-json=bench/results_minimal.json
then: python bench/make_counting_table.py bench/results_minimal.json
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

import foedus
from foedus import _core

SIZES = [50, 100, 200, 500]
PYTHON_SIZES = [50, 100, 200, 500]
MAX_SIZE = {50: 6, 100: 5, 200: 4, 500: 4}
TARGET = 10**6


@cache
def workload(n: int) -> tuple[foedus.ActorSet, int, int]:
    """(actors, quota, number of minimal winning coalitions of <= MAX_SIZE[n] members)."""
    seats = np.random.default_rng(n).integers(1, 101, n)
    actors = foedus.ActorSet([f"p{i}" for i in range(n)], {"seats": seats})
    s = MAX_SIZE[n]

    def count(q: int) -> int:
        return int(foedus.count_coalitions(actors, foedus.Rule.quota(q, "seats"), minimal=True,
                                           max_size=s))

    top = np.sort(seats)[::-1]
    lo, hi = int(top[: s - 1].sum()) + 1, int(top[:s].sum()) + 1  # count(hi) == 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if count(mid) >= TARGET else (lo, mid)
    return actors, lo, count(lo)


def python_minimal(weights: list[int], q: int, max_size: int) -> int:
    """The same branch and bound in pure Python (descending weights, prefix-sum pruning), with
    the same output as foedus: the coalitions as masks (Python ints) in ascending order."""
    order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    w = [weights[i] for i in order]
    bit = [1 << i for i in order]
    n = len(w)
    prefix = [0]
    for x in w:
        prefix.append(prefix[-1] + x)
    found: list[int] = []

    def search(start: int, total: int, mask: int, slots: int) -> None:
        for j in range(start, n):
            if total + prefix[min(n, j + slots)] - prefix[j] < q:
                return
            if total + w[j] >= q:
                found.append(mask | bit[j])
            elif slots > 1:
                search(j + 1, total + w[j], mask | bit[j], slots - 1)

    search(0, 0, 0, max_size)
    found.sort()
    return len(found)


def _run(benchmark, f, *args, group: str, impl: str, n: int, threads: int = 1):
    benchmark.group = group
    actors, q, count = workload(n)
    benchmark.extra_info.update({"impl": impl, "n": n, "threads": threads, "quota": q,
                                 "coalitions": count})
    return benchmark.pedantic(f, args=args, rounds=3 if impl == "foedus" else 1, iterations=1,
                              warmup_rounds=0)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("n", SIZES)
def test_foedus_kernel(benchmark, n: int, threads: int) -> None:
    actors, q, count = workload(n)
    w = np.array([actors.integer_weights(0)[0]])

    def run() -> int:
        return _core.minimal_winning(n, w, np.array([q]), MAX_SIZE[n], 10**9, 2**40, threads)[1]

    assert _run(benchmark, run, group="generation (kernel)", impl="foedus", n=n,
                threads=threads) == count


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("n", SIZES)
def test_foedus_table(benchmark, n: int, threads: int) -> None:
    actors, q, count = workload(n)
    rule = foedus.Rule.quota(q, "seats")

    def run() -> int:
        return len(foedus.minimal_winning_coalitions(actors, rule, max_size=MAX_SIZE[n],
                                                     max_results=10**7, n_threads=threads))

    assert _run(benchmark, run, group="generation (table with attributes)", impl="foedus", n=n,
                threads=threads) == count


@pytest.mark.parametrize("n", PYTHON_SIZES)
def test_python(benchmark, n: int) -> None:
    actors, q, count = workload(n)
    weights = [int(x) for x in actors.integer_weights(0)[0]]
    assert _run(benchmark, python_minimal, weights, q, MAX_SIZE[n], group="generation (kernel)",
                impl="python", n=n) == count
