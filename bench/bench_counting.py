"""Counting without enumeration (issue 3): foedus's dynamic programming against a pure-Python
subset-sum count with Python ints, side by side, for n = 50, 100, 200, 500 actors with seats
1..100 (numpy.random.default_rng(n)) under a simple majority.

Run: pytest bench/bench_counting.py --benchmark-json=bench/results_counting.json
then: python bench/make_counting_table.py bench/results_counting.json
"""

from __future__ import annotations

import numpy as np
import pytest

import foedus

SIZES = [50, 100, 200, 500]
PYTHON_SIZES = [50, 100, 200]


def game(n: int) -> tuple[foedus.ActorSet, foedus.Rule, list[int]]:
    seats = np.random.default_rng(n).integers(1, 101, n)
    actors = foedus.ActorSet([f"p{i}" for i in range(n)], {"seats": seats})
    return actors, foedus.Rule.majority("seats"), [int(s) for s in seats]


def foedus_counts(actors: foedus.ActorSet, rule: foedus.Rule, threads: int) -> tuple[int, ...]:
    """Winning, minimal winning and blocking coalitions: three exact counts."""
    out = (foedus.count_coalitions(actors, rule, winning=True, n_threads=threads),
           foedus.count_coalitions(actors, rule, minimal=True, n_threads=threads),
           foedus.count_coalitions(actors, rule, blocking=True, n_threads=threads))
    assert all(c.method == "dynamic programming over weights" for c in out)
    return out


def python_counts(weights: list[int]) -> tuple[int, ...]:
    """The same three counts by a straightforward Python subset-sum table (one pass for
    winning/blocking; minimal winning by the lightest member, one prefix table per actor)."""
    total = sum(weights)
    q = total // 2 + 1
    order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    counts = [0] * (total + 1)
    counts[0] = 1
    minimal = 0
    for i in order:
        w = weights[i]
        minimal += sum(counts[max(0, q - w):q])
        for s in range(total, w - 1, -1):
            counts[s] += counts[s - w]
    winning = sum(counts[q:])
    blocking = sum(counts[total - q + 1:])
    return winning, minimal, blocking


def _run(benchmark, f, *args, group: str, impl: str, n: int, threads: int = 1):
    benchmark.group = group
    benchmark.extra_info.update({"impl": impl, "n": n, "threads": threads})
    rounds = 3 if impl == "foedus" or n <= 100 else 1
    return benchmark.pedantic(f, args=args, rounds=rounds, iterations=1, warmup_rounds=0)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("n", SIZES)
def test_foedus_counts(benchmark, n: int, threads: int) -> None:
    actors, rule, _ = game(n)
    _run(benchmark, foedus_counts, actors, rule, threads, group="counts", impl="foedus", n=n,
         threads=threads)


@pytest.mark.parametrize("n", PYTHON_SIZES)
def test_python_counts(benchmark, n: int) -> None:
    _, _, weights = game(n)
    _run(benchmark, python_counts, weights, group="counts", impl="python", n=n)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("n", SIZES)
def test_foedus_counts_by_size(benchmark, n: int, threads: int) -> None:
    actors, rule, _ = game(n)

    def by_size() -> foedus.SizeCounts:
        return foedus.count_coalitions(actors, rule, minimal=True, by_size=True,
                                       n_threads=threads)

    _run(benchmark, by_size, group="minimal winning by size", impl="foedus", n=n,
         threads=threads)


@pytest.mark.parametrize("n", [50, 100])
def test_counts_agree(n: int) -> None:
    actors, rule, weights = game(n)
    assert foedus_counts(actors, rule, 2) == python_counts(weights)
