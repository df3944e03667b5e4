"""TU games: construction, values (Shapley, Banzhaf, semivalues, dividends, interaction) and
sampling, against brute force over permutations and coalitions."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import foedus
from foedus import (
    ActorSet,
    Game,
    Rule,
    banzhaf_value,
    game_from_dividends,
    harsanyi_dividends,
    interaction_index,
    semivalue,
    shapley_sampling,
    shapley_value,
)
from foedus.game import coalition_sizes


def random_game(rng: np.random.Generator, n: int, kind: int = 0) -> Game:
    sizes = coalition_sizes(np.arange(2**n))
    if kind == 0:
        v = rng.random(2**n) * sizes
    elif kind == 1:
        v = np.round(rng.random(2**n) * sizes * 3)
    else:
        v = rng.normal(size=2**n) * 5
    v[0] = 0.0
    return Game(v)


def brute_shapley(v: np.ndarray, n: int) -> np.ndarray:
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            phi[i] += v[mask | (1 << i)] - v[mask]
            mask |= 1 << i
    return phi / math.factorial(n)


def brute_semivalue(v: np.ndarray, n: int, p: np.ndarray) -> np.ndarray:
    out = np.zeros(n)
    for i in range(n):
        for S in range(2**n):
            if not (S >> i) & 1:
                out[i] += p[bin(S).count("1")] * (v[S | (1 << i)] - v[S])
    return out


games = st.builds(lambda seed, n, kind: random_game(np.random.default_rng(seed), n, kind),
                  st.integers(0, 2**32 - 1), st.integers(1, 8), st.integers(0, 2))


@settings(max_examples=60, deadline=None)
@given(game=games)
def test_values_against_brute_force(game: Game) -> None:
    n, v = game.n, game.values
    assert shapley_value(game).values == pytest.approx(brute_shapley(v, n), abs=1e-10)
    banz = brute_semivalue(v, n, np.full(n, 0.5 ** (n - 1)))
    assert banzhaf_value(game).values == pytest.approx(banz, abs=1e-10)
    p = np.random.default_rng(n).random(n)
    assert semivalue(game, p).values == pytest.approx(brute_semivalue(v, n, p), abs=1e-10)
    d = harsanyi_dividends(game)
    # v(S) = sum of d(T) over T in S, and d by inclusion-exclusion
    for S in range(2**n):
        subs = [T for T in range(2**n) if T & S == T]
        assert v[S] == pytest.approx(sum(d[T] for T in subs), abs=1e-9)
        assert d[S] == pytest.approx(sum((-1) ** (bin(S).count("1") - bin(T).count("1")) * v[T]
                                         for T in subs), abs=1e-9)
    assert game_from_dividends(d).values == pytest.approx(v, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(game=games)
def test_interaction_index_against_definition(game: Game) -> None:
    n, v = game.n, game.values
    for kind in ("shapley", "banzhaf"):
        got = interaction_index(game, kind=kind)
        for i in range(n):
            for j in range(i + 1, n):
                want = 0.0
                for S in range(2**n):
                    if (S >> i) & 1 or (S >> j) & 1:
                        continue
                    s = bin(S).count("1")
                    w = (math.factorial(s) * math.factorial(n - s - 2) / math.factorial(n - 1)
                         if kind == "shapley" else 0.5 ** (n - 2))
                    want += w * (v[S | 1 << i | 1 << j] - v[S | 1 << i] - v[S | 1 << j] + v[S])
                assert got[i, j] == pytest.approx(want, abs=1e-9)
                assert got[j, i] == got[i, j]


def test_large_tables_agree_across_threads_and_with_coopgame() -> None:
    coopgame = pytest.importorskip("coopgame")
    rng = np.random.default_rng(4)
    for n in (15, 18):
        game = random_game(rng, n)
        ref = coopgame.Game(game.values[1:].tolist())
        one = shapley_value(game, n_threads=1).values
        two = shapley_value(game, n_threads=2).values
        assert one.tobytes() == two.tobytes()
        assert one == pytest.approx(coopgame.shapley(ref), abs=1e-9)
        assert banzhaf_value(game, n_threads=2).values == pytest.approx(coopgame.banzhaf(ref),
                                                                        abs=1e-9)
        d1 = harsanyi_dividends(game, n_threads=1)
        assert d1.tobytes() == harsanyi_dividends(game, n_threads=2).tobytes()
        assert interaction_index(game, n_threads=1).tobytes() == \
            interaction_index(game, n_threads=2).tobytes()


def test_constructors() -> None:
    parl = ActorSet(["A", "B", "C", "D"], [40, 30, 20, 10])
    g = Game.from_rule(parl, Rule.majority())
    for S in range(16):
        assert g.values[S] == float(Rule.majority().wins(parl, list(parl.members(S))))
    assert g.players == ("A", "B", "C", "D")
    # a simple game's Shapley value is the Shapley-Shubik index
    ss = foedus.power_indices(parl, Rule.majority(), index="shapley_shubik").values
    assert shapley_value(g).values == pytest.approx(ss, abs=1e-12)
    cap = Game.capability(parl, transform="sqrt")
    assert cap.v(["A", "D"]) == pytest.approx(math.sqrt(50))
    goal = Game.threshold_goal(parl, 55, prize=10)
    assert goal.v(["A", "C"]) == 10 and goal.v(["A", "D"]) == 0
    f = Game.from_function(lambda m: coalition_sizes(m) ** 2.0, ["x", "y", "z"], chunk=3)
    assert f.values.tolist() == [0, 1, 1, 4, 1, 4, 4, 9]
    assert f.subgame(["x", "z"]).values.tolist() == [0, 1, 1, 4]
    assert f.dual().values.tolist() == [0, 5, 5, 8, 5, 8, 8, 9]
    assert repr(f) == "Game(3 players: x, y, z; v(N) = 9)"
    with pytest.raises(ValueError, match="empty coalition"):
        Game([1, 1])
    with pytest.raises(ValueError, match="2\\^n"):
        Game([0, 1, 2])
    with pytest.raises(ValueError, match="finite"):
        Game([0, np.nan])
    with pytest.raises(ValueError, match="players"):
        Game([0, 1, 1, 2], players=["a"])
    with pytest.raises(TypeError, match="actors"):
        Game.from_rule("parl", Rule.majority())
    with pytest.raises(ValueError, match="transform"):
        Game.capability(parl, transform="cube")
    with pytest.raises(ValueError, match="goal"):
        Game.threshold_goal(parl, -1)
    with pytest.raises(TypeError, match="game"):
        shapley_value([0, 1])
    with pytest.raises(ValueError, match="weights"):
        semivalue(g, [0.1, 0.2])


def test_memory_guard_names_the_limit(monkeypatch) -> None:
    import foedus.game
    monkeypatch.setattr(foedus.game, "_max_memory", lambda: 2**30)  # 1 GiB: 27 players
    with pytest.raises(ValueError, match="largest table here has 27 players"):
        Game.from_function(lambda m: m * 0.0, 28)
    with pytest.raises(ValueError, match="at most 34 players"):
        Game.from_function(lambda m: m * 0.0, 40)


def test_shapley_sampling_is_reproducible_and_honest() -> None:
    rng = np.random.default_rng(0)
    game = random_game(rng, 10)
    exact = shapley_value(game).values
    a = shapley_sampling(game, n_samples=3000, seed=7)
    b = shapley_sampling(lambda m: game.values[m.astype(np.int64)], 10, n_samples=3000, seed=7)
    assert a.values.tobytes() == b.values.tobytes()
    assert a.values.sum() == pytest.approx(game.grand)  # every order is efficient
    z = (a.values - exact) / a.extra["standard_error"]
    assert np.all(np.abs(z) < 5)
    c = shapley_sampling(game, n_samples=3000, seed=8)
    assert c.values.tobytes() != a.values.tobytes()
    # 60 players: a symmetric majority game beyond any table
    big = shapley_sampling(lambda m: (coalition_sizes(m) >= 31) * 1.0, 60, n_samples=500,
                           seed=1)
    assert big.values.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="63"):
        shapley_sampling(lambda m: m * 0.0, 70)
    with pytest.raises(ValueError, match="players"):
        shapley_sampling(lambda m: m * 0.0)
