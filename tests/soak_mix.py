"""The soak test's call mix and RSS measurement, shared by ``scripts/soak.py`` (10,000 calls)
and ``tests/test_soak.py`` (a reduced run).

``build_calls(seed)`` returns about twenty named calls of modest size over the public API:
counts, enumerations with top-k and streaming, attribute scans, power indices (exact, by
dynamic programming and enumeration, sampled, batched), game solutions, an optimal partition
of 10 players, survival fits, formation predictions and simple-game analysis, and error
paths that must raise ValueError/TypeError. Each call draws fresh random data from a stream
keyed by (seed, call number), so bounded caches fill during the warm-up and a leak shows up
as growth afterwards. ``soak(...)`` runs them round-robin and reports the resident set size
(VmRSS) after the warm-up and every ``every`` calls.
"""

from __future__ import annotations

import gc
import os
import resource
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

import foedus
from foedus import ActorSet, Game, Rule
from foedus.datasets import bundestag_2021, kabl_1990, un_security_council
from foedus.structures import generate_values

__all__ = ["Call", "SoakRow", "build_calls", "rss_mib", "soak"]

Call = tuple[str, Callable[[np.random.Generator], Any]]


def rss_mib() -> float:
    """The resident set size of this process in MiB (VmRSS; the peak where /proc is absent)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:  # pragma: no cover - not Linux
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024.0 * 1024.0 if os.uname().sysname == "Darwin" else 1024.0)


def _expect_error(fn: Callable[[], Any]) -> str:
    """An error path: the call must raise ValueError or TypeError (anything else propagates)."""
    try:
        fn()
    except (ValueError, TypeError) as exc:
        return type(exc).__name__
    raise AssertionError("the error path did not raise")


def _random_actors(rng: np.random.Generator, n: int, *, positions: bool = True) -> ActorSet:
    seats = rng.integers(1, 60, n)
    pos = rng.uniform(0, 10, n) if positions else None
    if pos is not None:
        pos[rng.integers(0, n)] = np.nan  # an unplaced actor
    return ActorSet([f"p{i}" for i in range(n)], {"seats": seats},
                    positions={"lr": pos} if pos is not None else None)


def _random_game(rng: np.random.Generator, n: int) -> Game:
    sizes = np.array([bin(m).count("1") for m in range(2**n)])
    values = sizes * rng.uniform(0.5, 1.5, 2**n) + sizes**2 * 0.1
    values[0] = 0.0
    return Game(values)


def build_calls(seed: int = 0) -> list[Call]:
    """The call mix: (name, function of a random generator) pairs."""
    parl = bundestag_2021()
    unsc = un_security_council()
    kabl = kabl_1990()
    majority = Rule.majority("seats")
    cab = [parl.names.index(p) for p in ("SPD", "B90/Gru", "FDP")]
    groupings = [foedus.Grouping("NATO", (2, 200, 220), 1949, observed_until=2019,
                                 formality="institution", issue_areas=("security", "political"),
                                 obligations=("defense", "consultation"),
                                 capabilities=(0.28, 0.05, 0.03)),
                 foedus.Grouping("ad hoc", (2, 20), 1990, end=1991, goal="liberate",
                                 capabilities=(0.3, 0.02))]

    def count(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, int(rng.integers(8, 12)), positions=False)
        by = foedus.count_coalitions(actors, majority, minimal=True, by_size=True)
        return foedus.count_coalitions(actors, majority, winning=True), by.counts.sum()

    def count_large(rng: np.random.Generator) -> Any:  # dynamic programming over weights
        w = rng.integers(1, 30, 200)
        actors = ActorSet([f"m{i}" for i in range(200)], {"votes": w})
        return foedus.count_coalitions(actors, Rule.share("0.6", "votes"), winning=True)

    def enumerate_mcw(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, int(rng.integers(6, 11)))
        return len(foedus.enumerate_coalitions(actors, majority, minimal=True, connected="lr"))

    def top_k(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, 12)
        best = foedus.enumerate_coalitions(actors, majority, winning=True, top_k=10,
                                           score={"weight_seats": -1.0, "range_lr": -0.5})
        return best["score"].tolist()

    def stream(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, 12)
        return sum(len(t) for t in foedus.iter_coalitions(actors, majority, winning=True,
                                                           chunk_size=300))

    def describe(rng: np.random.Generator) -> Any:
        masks = rng.integers(1, 2**parl.n, 40).astype(np.uint64)
        table = foedus.describe_coalitions(parl, majority, masks)
        cov = foedus.coalition_covariates(parl, majority, [cab, [0, 1]])
        return table["dispersion_left_right"].sum(), cov["power_largest"].tolist()

    def power_dp(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, 30, positions=False)
        index = ("banzhaf", "shapley_shubik", "deegan_packel")[int(rng.integers(0, 3))]
        return foedus.power_indices(actors, majority, index=index).values.sum()

    def power_enumeration(rng: np.random.Generator) -> Any:
        rule = Rule.un_security_council()
        return foedus.power_indices(unsc, rule, index="shapley_shubik", exact=True).exact[0]

    def power_sampled(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, 40, positions=False)
        rule = majority & Rule.count(15)
        res = foedus.power_indices(actors, rule, method="sampling", n_samples=2000,
                                   seed=int(rng.integers(0, 2**32)))
        return res.standard_error.max()

    def power_batch(rng: np.random.Generator) -> Any:
        w = rng.integers(1, 20, (50, 10))
        q = w.sum(axis=1) // 2 + 1
        return foedus.power_indices_batch(w, q, index="shapley_shubik").values.sum()

    def game_solutions(rng: np.random.Generator) -> Any:
        game = _random_game(rng, 5)
        sh = foedus.shapley_value(game).values
        nu = foedus.nucleolus(game, domain="preimputation").values
        return foedus.core_check(game, sh).in_core, float(nu.sum()), foedus.is_convex(game)

    def simple_game(rng: np.random.Generator) -> Any:
        game = Game.from_rule(parl, majority)
        props = foedus.cooperative_properties(game)
        return foedus.banzhaf_value(game).values.sum(), props.convex

    def partition(rng: np.random.Generator) -> Any:
        values = generate_values("normal", 10, seed=int(rng.integers(0, 2**31)))
        return foedus.optimal_partition(values).value

    def survival(rng: np.random.Generator) -> Any:
        idx = rng.choice(len(kabl["duration"]), 200, replace=False)
        t, e = kabl["duration"][idx], kabl["ciep12"][idx]
        km = foedus.KaplanMeier().fit(t, e)
        na = foedus.NelsonAalen().fit(t, e)
        return km.median_survival_time_, na.predict([12.0])[0]

    def regression(rng: np.random.Generator) -> Any:
        idx = rng.choice(len(kabl["duration"]), 200, replace=False)
        t, e = kabl["duration"][idx], kabl["ciep12"][idx]
        x = np.column_stack([kabl["fract"][idx], kabl["numst2"][idx]]).astype(float)
        cox = foedus.CoxModel().fit(t, e, x)
        aft = foedus.AFTModel("exponential").fit(t, e, x)
        return cox.params_.tolist(), aft.loglik_

    def formation(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, int(rng.integers(5, 9)))
        preds = foedus.predict_theories(actors, majority, dimension="lr")
        return {k: len(v.table) for k, v in preds.items()}, foedus.gamson_shares(parl, cab)

    def simple_games(rng: np.random.Generator) -> Any:
        actors = _random_actors(rng, 8, positions=False)
        return (foedus.is_weighted(actors, majority | Rule.count(7)).weighted,
                foedus.desirability(actors, majority).complete,
                foedus.nakamura_number(actors, majority))

    def groupings_burden(rng: np.random.Generator) -> Any:
        table = foedus.classify(groupings)
        b = foedus.burden_sharing(rng.uniform(1, 10, 8), rng.uniform(1, 10, 8))
        return table.kind.tolist(), b.olson_zeckhauser["spearman"]

    def error_paths(rng: np.random.Generator) -> Any:
        n = int(rng.integers(65, 500))
        big = ActorSet([f"x{i}" for i in range(n)], np.ones(n))
        return [
            _expect_error(lambda: ActorSet(["a", "b"], [1.0, np.nan])),
            _expect_error(lambda: foedus.enumerate_coalitions(big, Rule.majority())),
            _expect_error(lambda: Rule.quota(0)),
            _expect_error(lambda: Game([0.0, 1.0, 1.0])),
            _expect_error(lambda: foedus.power_indices(parl, majority, index="nope")),
            _expect_error(lambda: foedus.KaplanMeier().fit([1.0, np.nan])),
            _expect_error(lambda: foedus.power_indices_batch([[1, 2, 3]], [2**70])),
            _expect_error(lambda: Game.from_rule(big, Rule.majority())),
        ]

    calls: list[Call] = [
        ("count", count), ("count_large", count_large), ("enumerate_mcw", enumerate_mcw),
        ("top_k", top_k), ("stream", stream), ("describe", describe), ("power_dp", power_dp),
        ("power_enumeration", power_enumeration), ("power_sampled", power_sampled),
        ("power_batch", power_batch), ("game_solutions", game_solutions),
        ("simple_game", simple_game), ("partition", partition), ("survival", survival),
        ("regression", regression), ("formation", formation), ("simple_games", simple_games),
        ("groupings_burden", groupings_burden), ("error_paths", error_paths),
    ]
    return calls


@dataclass(frozen=True)
class SoakRow:
    """RSS after ``calls`` calls (the warm-up's row has growth 0)."""

    calls: int
    rss_mib: float
    growth_mib: float


def _run(calls: list[Call], seed: int, start: int, stop: int) -> None:
    for i in range(start, stop):
        _, fn = calls[i % len(calls)]
        fn(np.random.default_rng([seed, i]))


def soak(n_calls: int, *, warmup: int = 1000, every: int = 1000, seed: int = 0,
         n_threads: int | None = None) -> Iterator[SoakRow]:
    """Run ``warmup`` calls, then ``n_calls`` more round-robin over :func:`build_calls`,
    yielding the RSS after the warm-up and after every ``every`` calls (and at the end)."""
    if n_threads is not None:
        os.environ["OMP_NUM_THREADS"] = str(n_threads)
    calls = build_calls(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # improper-game and convergence warnings are expected
        _run(calls, seed, 0, warmup)
        gc.collect()
        base = rss_mib()
        yield SoakRow(warmup, base, 0.0)
        done = 0
        while done < n_calls:
            step = min(every, n_calls - done)
            _run(calls, seed, warmup + done, warmup + done + step)
            done += step
            gc.collect()
            now = rss_mib()
            yield SoakRow(warmup + done, now, now - base)
