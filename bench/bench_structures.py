"""Optimal coalition structures (issue 9): foedus' exact dynamic program on the literature's
value distributions, against the ODP-IP reference times quoted in the issue (Java, measured on
this machine by the issue's author; the reference solver is not run here).

Run:
    pytest bench/bench_structures.py -c bench/pytest.ini \\
        --benchmark-json=bench/results_structures.json
"""

from __future__ import annotations

import pytest
from timing import run_side_by_side as _run

import foedus
from foedus.structures import generate_values

CASES = [(d, n) for d in ("uniform", "normal", "ndcs", "modified_uniform", "agent_uniform")
         for n in (16, 18, 20, 22)] + [(d, 22) for d in ("agent_normal", "beta", "exponential",
                                                         "gamma", "modified_normal")] + [
    ("uniform", 23)]


@pytest.mark.parametrize("distribution,n", CASES)
def test_optimal_partition(benchmark, distribution: str, n: int) -> None:
    v = generate_values(distribution, n, seed=1)
    res = _run(benchmark, lambda: foedus.optimal_partition(v), group=distribution,
               impl="foedus", n=n, rounds=1 if n >= 22 else 3)
    benchmark.extra_info["splits_evaluated"] = res.splits_evaluated
    benchmark.extra_info["splits_share"] = res.splits_evaluated / (3**n / 2)
    benchmark.extra_info["memory_bytes"] = 16 * 2**n  # values and best splits
