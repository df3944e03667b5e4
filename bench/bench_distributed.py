"""foedus.distributed: one machine's kernel against Dask with 1 and 2 worker processes (one
thread each), side by side in one run, on

- counts by enumeration (seats 1..99 and positions from numpy.random.default_rng(n)): the
  winning coalitions of n = 34 actors (2^34 = 1.7e10 coalitions, on the kernel's fast path),
  and those winning and connected on a policy axis of n = 28 actors (coalition by coalition;
  the dynamic program does not apply to the connected filter);
- a bootstrap of the Cox model on King et al.'s cabinets (1,000 resamples).

The per-core rate of the count gives the sizing note for 2^44 coalitions (bench/README.md).

Run: pytest bench/bench_distributed.py -c bench/pytest.ini
     --benchmark-json=bench/results_distributed.json
then: python bench/make_peer_table.py bench/results_distributed.json --stat min
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from timing import run_side_by_side

import foedus
from foedus import distributed as fd
from foedus.datasets import kabl_1990

#: (label, actors, filters): the fast path (a majority alone, counted by block scores) and the
#: connected filter (coalition by coalition), both by enumeration
WORKLOADS = {"winning, n = 34": (34, {"winning": True}),
             "winning and connected, n = 28": (28, {"winning": True, "connected": "lr"})}


def count_problem(n: int) -> tuple[foedus.ActorSet, foedus.Rule]:
    rng = np.random.default_rng(n)
    actors = foedus.ActorSet([f"p{i}" for i in range(n)], {"seats": rng.integers(1, 100, n)},
                             positions={"lr": rng.random(n)})
    return actors, foedus.Rule.majority("seats")


@pytest.fixture(scope="module", params=[1, 2], ids=["1 worker", "2 workers"])
def client(request) -> Iterator[object]:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=request.param, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        c.run(lambda: __import__("foedus").count_coalitions)  # import foedus on the workers
        c.workers_ = request.param
        yield c


def _plural(k: int, word: str) -> str:
    return f"{k} {word}{'s' * (k > 1)}"


_EXPECTED: dict[str, int] = {}


def expected(label: str) -> int:
    if label not in _EXPECTED:
        n, filters = WORKLOADS[label]
        actors, rule = count_problem(n)
        _EXPECTED[label] = int(foedus.count_coalitions(actors, rule, method="enumeration",
                                                       **filters))
    return _EXPECTED[label]


@pytest.mark.parametrize("label", list(WORKLOADS))
@pytest.mark.parametrize("threads", [1, 2])
def test_count_one_machine(benchmark, threads: int, label: str) -> None:
    n, filters = WORKLOADS[label]
    actors, rule = count_problem(n)
    got = run_side_by_side(
        benchmark, lambda: foedus.count_coalitions(actors, rule, method="enumeration",
                                                   n_threads=threads, progress=False, **filters),
        group=f"count, {label}", impl=f"foedus, {_plural(threads, 'thread')}", n=n, rounds=2)
    benchmark.extra_info["base"] = threads == 2  # the ratios: against both cores of one process
    assert got == expected(label)


@pytest.mark.parametrize("label", list(WORKLOADS))
def test_count_dask(benchmark, client, label: str) -> None:
    n, filters = WORKLOADS[label]
    actors, rule = count_problem(n)
    got = run_side_by_side(
        benchmark, lambda: fd.count_coalitions(actors, rule, client=client, progress=False,
                                               **filters),
        group=f"count, {label}", impl=f"dask, {_plural(client.workers_, 'worker')}", n=n,
        rounds=2)
    assert got == expected(label)


def _kabl() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = kabl_1990()
    return d["duration"], d["ciep12"], np.column_stack([d["numst2"], d["invest"], d["polar"]])


def test_bootstrap_one_machine(benchmark) -> None:
    t, e, X = _kabl()
    run_side_by_side(benchmark, lambda: foedus.bootstrap(foedus.CoxModel(n_threads=1), t, e, X,
                                                         n_resamples=1000, seed=1,
                                                         progress=False),
                     group="bootstrap Cox, 1000 resamples", impl="foedus, 1 thread", n=314,
                     rounds=2)


def test_bootstrap_dask(benchmark, client) -> None:
    t, e, X = _kabl()
    run_side_by_side(benchmark, lambda: fd.bootstrap(foedus.CoxModel(n_threads=1), t, e, X,
                                                     n_resamples=1000, seed=1, client=client,
                                                     progress=False),
                     group="bootstrap Cox, 1000 resamples",
                     impl=f"dask, {_plural(client.workers_, 'worker')}", n=314, rounds=2)
