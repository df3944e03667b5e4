"""Power indices (issue 4): foedus against the Python peers, side by side in one run.

Peers: powerindex 0.3.5 (pure Python ints), powerindices 1.0.2 (numpy int64) and coopgame-py
0.3.0 (Rust, enumerates 2^n coalitions, refuses n > 30). EPIC (C++ with GMP, not on PyPI) is
compared through the figures quoted in the issue, in bench/README.md.

Cases: EU Council under Nice (27 members, quota 255), the US Electoral College 2024 (51, 270),
random games n = 10..1000 with weights ``default_rng(n).integers(1, 101, n)`` and quota half + 1,
an IMF-like game (n = 190, ``default_rng(190).integers(100, 100000, 190)``), and batches of
10,000 EU-sized games.

Run:  pytest bench/bench_power.py -c bench/pytest.ini --benchmark-json=bench/results_power.json
then: python bench/make_power_table.py bench/results_power.json
"""

from __future__ import annotations

import numpy as np
import pytest

import foedus
from foedus.datasets import eu_council_nice_2007, us_electoral_college_2024

THREADS = 2


def _nice() -> tuple[list[int], int]:
    a = eu_council_nice_2007()
    return [int(x) for x in a.integer_weights(a.criterion("votes"))[0]], 255


def _college() -> tuple[list[int], int]:
    a = us_electoral_college_2024()
    return [int(x) for x in a.integer_weights(a.criterion("electoral_votes"))[0]], 270


def _random(n: int) -> tuple[list[int], int]:
    w = [int(x) for x in np.random.default_rng(n).integers(1, 101, n)]
    return w, sum(w) // 2 + 1


def _imf() -> tuple[list[int], int]:
    w = [int(x) for x in np.random.default_rng(190).integers(100, 100000, 190)]
    return w, sum(w) // 2 + 1


GAMES = {"EU Nice": _nice, "US Electoral College": _college, "IMF-like n=190": _imf,
         **{f"random n={n}": (lambda n=n: _random(n)) for n in (10, 20, 50, 100, 200, 500, 1000)}}

# (case, index, exact) measured for foedus
FOEDUS_CASES = (
    [(c, i, False) for c in ("EU Nice", "US Electoral College")
     for i in ("banzhaf", "shapley_shubik", "deegan_packel", "public_good", "johnston",
               "coleman_prevent")]
    + [("EU Nice", i, True) for i in ("banzhaf", "shapley_shubik", "deegan_packel", "johnston")]
    + [(f"random n={n}", "banzhaf", False) for n in (10, 20, 50, 100, 200, 500, 1000)]
    + [(f"random n={n}", "shapley_shubik", False) for n in (10, 20, 50, 100, 200, 500)]
    + [("random n=100", "shapley_shubik", True), ("random n=200", "shapley_shubik", True),
       ("random n=1000", "banzhaf", True), ("random n=100", "johnston", False),
       ("random n=100", "johnston", True), ("random n=100", "deegan_packel", False),
       ("random n=500", "deegan_packel", False), ("IMF-like n=190", "banzhaf", False)]
)


def _run(benchmark, f, *, case: str, index: str, impl: str, exact: bool = False,
         rounds: int = 3):
    benchmark.group = f"{case} | {index}"
    benchmark.extra_info.update({"case": case, "index": index, "impl": impl, "exact": exact})
    return benchmark.pedantic(f, rounds=rounds, iterations=1, warmup_rounds=1 if rounds > 1
                              else 0)


@pytest.mark.parametrize("case,index,exact", FOEDUS_CASES,
                         ids=[f"{c}-{i}-{'exact' if e else 'float'}" for c, i, e in FOEDUS_CASES])
def test_foedus(benchmark, case: str, index: str, exact: bool) -> None:
    w, q = GAMES[case]()
    actors = foedus.ActorSet([f"p{i}" for i in range(len(w))], w)
    rule = foedus.Rule.quota(q)
    res = _run(benchmark, lambda: foedus.power_indices(actors, rule, index=index, exact=exact,
                                                       n_threads=THREADS),
               case=case, index=index, impl="foedus", exact=exact,
               rounds=5 if len(w) <= 200 else 2)
    assert res.method == "dp"


POWERINDEX_CASES = ([(c, i) for c in ("EU Nice", "US Electoral College") for i in ("bz", "ss")]
                    + [(f"random n={n}", "bz") for n in (10, 20, 50, 100, 200, 500)]
                    + [(f"random n={n}", "ss") for n in (10, 20, 50, 100)])
_INDEX = {"bz": "banzhaf", "ss": "shapley_shubik"}


@pytest.mark.parametrize("case,index", POWERINDEX_CASES,
                         ids=[f"{c}-{i}" for c, i in POWERINDEX_CASES])
def test_powerindex(benchmark, case: str, index: str) -> None:
    powerindex = pytest.importorskip("powerindex")
    w, q = GAMES[case]()
    rounds = 1 if len(w) >= 100 else 3
    _run(benchmark, lambda: powerindex.calculate_power_index(list(w), q, index), case=case,
         index=_INDEX[index], impl="powerindex", rounds=rounds)


POWERINDICES_CASES = ([(c, i) for c in ("EU Nice", "US Electoral College") for i in ("bz", "ss")]
                      + [(f"random n={n}", i) for n in (10, 20, 50) for i in ("bz", "ss")])


@pytest.mark.parametrize("case,index", POWERINDICES_CASES,
                         ids=[f"{c}-{i}" for c, i in POWERINDICES_CASES])
def test_powerindices(benchmark, case: str, index: str) -> None:
    powerindices = pytest.importorskip("powerindices")
    w, q = GAMES[case]()
    f = powerindices.compute_pbi if index == "bz" else powerindices.compute_ssi
    # powerindices edits its input list: pass a fresh copy each time
    _run(benchmark, lambda: f(q, list(w)), case=case, index=_INDEX[index], impl="powerindices",
         rounds=3)


def test_coopgame_eu_nice(benchmark) -> None:
    """coopgame computes Deegan-Packel, public good, Johnston and Coleman in one call."""
    coopgame = pytest.importorskip("coopgame")
    w, q = _nice()
    _run(benchmark, lambda: coopgame.power_indices(coopgame.Game.weighted_voting(w, q)),
         case="EU Nice", index="coopgame power_indices (all)", impl="coopgame", rounds=1)


@pytest.mark.parametrize("index", ["banzhaf", "shapley_shubik"])
def test_foedus_batch(benchmark, index: str) -> None:
    w, q = _nice()
    games = np.tile(np.array(w), (10_000, 1))
    quotas = np.full(10_000, q)
    _run(benchmark, lambda: foedus.power_indices_batch(games, quotas, index=index,
                                                       n_threads=THREADS),
         case="batch of 10,000 EU Nice games", index=index, impl="foedus", rounds=3)


@pytest.mark.parametrize("index", ["bz", "ss"])
def test_powerindex_batch_of_100(benchmark, index: str) -> None:
    """powerindex on 100 of the games (the table scales the time by 100)."""
    powerindex = pytest.importorskip("powerindex")
    w, q = _nice()
    _run(benchmark, lambda: [powerindex.calculate_power_index(list(w), q, index)
                             for _ in range(100)],
         case="batch of 10,000 EU Nice games", index=_INDEX[index], impl="powerindex x100",
         rounds=1)
