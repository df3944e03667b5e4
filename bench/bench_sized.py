"""Size-bounded enumeration beyond 64 actors (issue 3): foedus against pure Python
(itertools.combinations), side by side.

Workload: n actors with seats 1..100 (numpy.random.default_rng(n)); count the winning
coalitions of at most 3 members under "at least 0.5 % of the seats and at least 2 members" (an
AND of quotas, so the dynamic-programming count does not apply and every coalition of 1 to 3
members is visited: C(n, 1) + C(n, 2) + C(n, 3) of them). The rate is coalitions visited per
second.

Run: pytest bench/bench_sized.py --benchmark-json=bench/results_sized.json
then: python bench/make_counting_table.py bench/results_sized.json
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import foedus

SIZES = [200, 500, 1000]
PYTHON_SIZES = [200, 500]
MAX_SIZE = 3


def game(n: int) -> tuple[foedus.ActorSet, foedus.Rule, list[int], int]:
    seats = np.random.default_rng(n).integers(1, 101, n)
    actors = foedus.ActorSet([f"p{i}" for i in range(n)], {"seats": seats})
    rule = foedus.Rule.share("0.005", "seats") & foedus.Rule.count(2)
    quota = math.ceil(int(seats.sum()) * 5 / 1000)
    return actors, rule, [int(s) for s in seats], quota


def visited(n: int) -> int:
    return sum(math.comb(n, s) for s in range(1, MAX_SIZE + 1))


def python_count(seats: list[int], quota: int) -> int:
    return sum(1 for s in range(2, MAX_SIZE + 1) for c in itertools.combinations(seats, s)
               if sum(c) >= quota)


def _run(benchmark, f, *args, impl: str, n: int, threads: int = 1):
    benchmark.group = "count, sizes <= 3"
    benchmark.extra_info.update({"impl": impl, "n": n, "threads": threads,
                                 "coalitions": visited(n)})
    return benchmark.pedantic(f, args=args, rounds=1, iterations=1, warmup_rounds=0)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("n", SIZES)
def test_foedus(benchmark, n: int, threads: int) -> None:
    actors, rule, _, _ = game(n)

    def run() -> int:
        c = foedus.count_coalitions(actors, rule, winning=True, max_size=MAX_SIZE,
                                    n_threads=threads)
        assert c.method == "enumeration"
        return int(c)

    _run(benchmark, run, impl="foedus", n=n, threads=threads)


@pytest.mark.parametrize("n", PYTHON_SIZES)
def test_python(benchmark, n: int) -> None:
    _, _, seats, quota = game(n)
    _run(benchmark, python_count, seats, quota, impl="python", n=n)


def test_agree() -> None:
    actors, rule, seats, quota = game(120)
    assert foedus.count_coalitions(actors, rule, winning=True, max_size=MAX_SIZE) == \
        python_count(seats, quota)
