"""Cooperative games (issue 7): foedus against coopgame-py 0.3.0 and a numpy baseline, side by
side in one run.

Shapley values of random games (v(S) = |S| U(0, 1)) at n = 16..28 (coopgame up to 22, numpy up
to 24: their tables are Python lists and per-player passes), and the nucleolus of random games
with a non-empty imputation set at n = 8..22 (coopgame up to 20). The table construction is
not timed for either package.

Run:
    pytest bench/bench_games.py -c bench/pytest.ini --benchmark-json=bench/results_games.json
    python bench/make_games_table.py bench/results_games.json
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from timing import run_side_by_side as _run

import foedus
from foedus.game import coalition_sizes

SHAPLEY_N = [16, 18, 20, 22, 24, 25, 26, 28]
NUCLEOLUS_N = [8, 10, 12, 14, 15, 16, 18, 20, 22]
LIMITS = {"coopgame": 22, "numpy": 24}
NUC_LIMITS = {"coopgame": 20}


def values(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = np.empty(2**n)
    step = 1 << 22
    for s in range(0, 2**n, step):  # in chunks: n = 28 without a 4 GiB temporary
        m = np.arange(s, min(2**n, s + step))
        v[s:s + m.size] = rng.random(m.size) * coalition_sizes(m)
    v[0] = 0.0
    return v


def numpy_shapley(v: np.ndarray, n: int) -> np.ndarray:
    """The textbook vectorised formula: per player, the marginal contributions over the
    coalitions without it, weighted by s!(n-1-s)!/n!."""
    w = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])
    out = np.empty(n)
    for i in range(n):
        view = v.reshape(2 ** (n - i - 1), 2, 2**i)
        marg = (view[:, 1, :] - view[:, 0, :]).ravel()
        # the coalitions without i, in the order of the view, have these sizes
        hi = np.arange(2 ** (n - i - 1))[:, None] << (i + 1)
        lo = np.arange(2**i)[None, :]
        s = coalition_sizes((hi | lo).ravel())
        out[i] = float(np.dot(marg, w[s]))
    return out



@pytest.mark.parametrize("n", SHAPLEY_N)
@pytest.mark.parametrize("impl", ["foedus", "coopgame", "numpy"])
def test_shapley(benchmark, impl: str, n: int) -> None:
    if n > LIMITS.get(impl, 99):
        pytest.skip(f"{impl}: beyond its measured range")
    v = values(n)
    rounds = 3 if n <= 24 else 1
    if impl == "foedus":
        game = foedus.Game(v)
        x = _run(benchmark, lambda: foedus.shapley_value(game), group="shapley", impl=impl,
                 n=n, rounds=rounds)
        assert abs(x.values.sum() - v[-1]) < 1e-6 * max(1.0, abs(v[-1]))
    elif impl == "coopgame":
        coopgame = pytest.importorskip("coopgame")
        game = coopgame.Game(v[1:].tolist())
        _run(benchmark, lambda: coopgame.shapley(game), group="shapley", impl=impl, n=n,
             rounds=rounds)
    else:
        _run(benchmark, lambda: numpy_shapley(v, n), group="shapley", impl=impl, n=n,
             rounds=1)


def nucleolus_values(n: int, seed: int = 1) -> np.ndarray:
    v = values(n, seed)
    v[-1] = float(n)  # v(N) = n >= sum of v(i): imputations exist
    return v


@pytest.mark.parametrize("n", NUCLEOLUS_N)
@pytest.mark.parametrize("impl", ["foedus", "coopgame"])
def test_nucleolus(benchmark, impl: str, n: int) -> None:
    if n > NUC_LIMITS.get(impl, 99):
        pytest.skip(f"{impl}: beyond its measured range")
    v = nucleolus_values(n)
    if impl == "foedus":
        game = foedus.Game(v)
        _run(benchmark, lambda: foedus.nucleolus(game), group="nucleolus", impl=impl, n=n,
             rounds=3)
    else:
        coopgame = pytest.importorskip("coopgame")
        game = coopgame.Game(v[1:].tolist())
        try:
            coopgame.nucleolus(game)
        except RuntimeError as exc:  # recorded, not timed: the table says it fails
            benchmark.extra_info["error"] = str(exc)
            _run(benchmark, lambda: None, group="nucleolus", impl=impl, n=n, rounds=1)
            return
        _run(benchmark, lambda: coopgame.nucleolus(game), group="nucleolus", impl=impl, n=n,
             rounds=3)
