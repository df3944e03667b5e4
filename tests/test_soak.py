"""Soak test (reduced): 2,000 mixed calls after a warm-up, with steady memory.

The full run is ``python scripts/soak.py`` (10,000 calls, 20 MiB threshold); both use the
call mix of ``tests/soak_mix.py``. Memory is not wall-clock, so the bound is asserted; it is
generous against the noise (about 0.1 MiB on the development machine) yet a leak of 10 KiB
per call (20 MiB over the run) exceeds it.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest
from soak_mix import build_calls, rss_mib, soak

#: RSS growth allowed after the warm-up over the reduced run
BOUND_MIB = 16.0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmRSS is read from /proc")
def test_soak_rss_is_steady() -> None:
    rows = list(soak(2_000, warmup=500, every=500, seed=1))
    assert [r.calls for r in rows] == [500, 1000, 1500, 2000, 2500]
    growth = rows[-1].growth_mib
    print("\n".join(f"{r.calls:>6} calls: RSS {r.rss_mib:.1f} MiB ({r.growth_mib:+.1f})"
                    for r in rows))
    assert growth < BOUND_MIB, f"RSS grew by {growth:.1f} MiB over 2,000 calls"


_CALLS = dict(build_calls(0))


@pytest.mark.parametrize("name", sorted(_CALLS))
def test_soak_mix_call_runs(name: str) -> None:
    """Every call of the mix runs on its own, so a broken call is named (not just a leak)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _CALLS[name](np.random.default_rng([0, 7]))
    assert rss_mib() > 0
