"""The pedantic timing helper shared by the side-by-side benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def run_side_by_side(benchmark: Any, f: Callable[[], Any], *, group: str, impl: str, n: int,
                     rounds: int) -> Any:
    """Time ``f`` in ``rounds`` rounds of one call (no warm-up), tagged for the tables."""
    benchmark.group = group
    benchmark.extra_info.update({"impl": impl, "n": n})
    return benchmark.pedantic(f, rounds=rounds, iterations=1, warmup_rounds=0)
