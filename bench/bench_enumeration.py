"""Exhaustive enumeration: foedus against chunked numpy and pure Python, side by side.

Run: pytest bench/bench_enumeration.py --benchmark-json=bench/results.json
then: python bench/make_table.py bench/results.json  (prints the README table)
"""

from __future__ import annotations

import pytest

import workloads as w

FOEDUS_N = {"count": [20, 22, 24, 26, 28, 30, 32, 34], "top100": [20, 22, 24, 26, 28, 30, 32],
            "all_attributes": [20, 22, 24, 26, 28]}
NUMPY_N = [20, 22, 24, 26]
PYTHON_N = [18, 20, 22]
TASKS = {"count": (w.foedus_count, w.numpy_count, w.python_count),
         "top100": (w.foedus_top100, w.numpy_top100, w.python_top100),
         "all_attributes": (w.foedus_all_attributes, w.numpy_all_attributes,
                            w.python_all_attributes)}


def _run(benchmark, f, *args, group: str, impl: str, n: int, threads: int = 1) -> None:
    benchmark.group = group
    benchmark.extra_info.update({"impl": impl, "n": n, "threads": threads,
                                 "coalitions": 2**n - 1})
    rounds = 3 if (n <= 24 and impl == "foedus") or n <= 18 else 1
    benchmark.pedantic(f, args=args, rounds=rounds, iterations=1, warmup_rounds=0)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize(("task", "n"), [(t, n) for t, ns in FOEDUS_N.items() for n in ns])
def test_foedus(benchmark, task: str, n: int, threads: int) -> None:
    actors, rule = w.actors_and_rule(n)
    _run(benchmark, TASKS[task][0], actors, rule, threads, group=task, impl="foedus", n=n,
         threads=threads)


@pytest.mark.parametrize(("task", "n"), [(t, n) for t in TASKS for n in NUMPY_N])
def test_numpy(benchmark, task: str, n: int) -> None:
    _run(benchmark, TASKS[task][1], n, group=task, impl="numpy", n=n)


@pytest.mark.parametrize(("task", "n"), [(t, n) for t in TASKS for n in PYTHON_N])
def test_python(benchmark, task: str, n: int) -> None:
    _run(benchmark, TASKS[task][2], n, group=task, impl="python", n=n)


@pytest.mark.parametrize("n", [16, 18])
def test_baselines_agree_with_foedus(n: int) -> None:
    """The baselines compute the same thing (checked here so the comparison is fair)."""
    actors, rule = w.actors_and_rule(n)
    assert w.foedus_count(actors, rule, 1) == w.numpy_count(n) == w.python_count(n)
    top = w.foedus_top100(actors, rule, 1)
    assert top["weight_seats"].tolist() == sorted(top["weight_seats"].tolist())
    seats = w.game(n)[0]
    assert sorted(int(seats[[i for i in range(n) if (m >> i) & 1]].sum())
                  for m in w.numpy_top100(n)) == top["weight_seats"].tolist()
    allattr = w.foedus_all_attributes(actors, rule, 1)
    assert [int(m) for m in allattr.masks[:20]] == w.numpy_all_attributes(n)[:20]
    assert [sum(1 << i for i in c) for c in w.python_all_attributes(n)[:20]] == [
        int(m) for m in allattr.masks[:20]]
