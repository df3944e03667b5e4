"""Values of TU games: Shapley, Banzhaf, any semivalue, Harsanyi dividends, interaction
indices (C++, O(n 2^n), parallel and identical for any thread count), and sampled Shapley
values for games beyond the table (reproducible from ``seed``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _core
from ._validation import check_int, check_n_threads, float_array
from .game import Allocation, Game, _players, check_value_range

__all__ = ["banzhaf_value", "game_from_dividends", "harsanyi_dividends", "interaction_index",
           "semivalue", "shapley_sampling", "shapley_value"]

SHAPLEY_REF = "Shapley (1953), A value for n-person games"
BANZHAF_REF = "Banzhaf (1965); Owen (1975), Multilinear extensions and the Banzhaf value"


def _check_game(game: Any) -> Game:
    if not isinstance(game, Game):
        raise TypeError(f"game: expected a foedus.Game, got {type(game).__name__}")
    return game


def shapley_weights(n: int) -> np.ndarray:
    """p(s) = s! (n - 1 - s)! / n!: the weight of a coalition of s others."""
    return np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])


def _semivalue(game: Game, p: np.ndarray, n_threads: int | None) -> np.ndarray:
    n = game.n
    q = np.concatenate([[0.0], p, [0.0]])  # q[s + 1] = p(s), p(-1) = p(n) = 0
    alpha = q[:-1] + q[1:]                 # alpha[s] = p(s - 1) + p(s)
    beta = q[1:]                           # beta[s] = p(s)
    singles, total, _ = _core.game_bit_sums(game.values, np.ascontiguousarray(alpha),
                                            np.ascontiguousarray(beta), False,
                                            check_n_threads(n_threads))
    return singles - total if n else singles


def shapley_value(game: Game, *, n_threads: int | None = None) -> Allocation:
    """The Shapley value: each player's marginal contribution averaged over all orders.

    Examples
    --------
    >>> from foedus import Game, shapley_value
    >>> shapley_value(Game([0, 1, 1, 3, 1, 3, 3, 4])).values.round(6).tolist()
    [1.333333, 1.333333, 1.333333]
    """
    game = _check_game(game)
    return Allocation(_semivalue(game, shapley_weights(game.n), n_threads), game.players,
                      "shapley", SHAPLEY_REF)


def banzhaf_value(game: Game, *, normalized: bool = False,
                  n_threads: int | None = None) -> Allocation:
    """The Banzhaf value: marginal contributions averaged over all coalitions of the others
    (``normalized=True`` rescales it to sum to v(N)).

    Examples
    --------
    In the UN Security Council (9 of 15 votes, including all five permanent members) a
    permanent member swings 848 of the 2^14 coalitions of the others (the four other
    permanent members with at least 4 of the 10 elected ones: 2^10 - 1 - 10 - 45 - 120), an
    elected member 84 (the five permanent members with exactly 3 of the 9 other elected ones,
    C(9, 3)):

    >>> from foedus import Game, Rule, banzhaf_value
    >>> from foedus.datasets import un_security_council
    >>> unsc = Game.from_rule(un_security_council(), Rule.un_security_council())
    >>> b = banzhaf_value(unsc)
    >>> b["United States"] * 2**14, b["Japan"] * 2**14
    (848.0, 84.0)

    Normalized, it is the Council's Banzhaf index, 848 / 5080 and 84 / 5080 of the
    5 * 848 + 10 * 84 = 5080 swings:

    >>> bi = banzhaf_value(unsc, normalized=True)
    >>> round(bi["United States"], 4), round(bi["Japan"], 4)
    (0.1669, 0.0165)
    """
    game = _check_game(game)
    x = _semivalue(game, np.full(game.n, 0.5 ** (game.n - 1)), n_threads)
    if normalized:
        total = x.sum()
        if total == 0:
            raise ValueError("game: the Banzhaf values sum to 0 and cannot be normalized")
        x = x * game.grand / total
    return Allocation(x, game.players, "banzhaf_normalized" if normalized else "banzhaf",
                      BANZHAF_REF)


def semivalue(game: Game, weights: Any, *, n_threads: int | None = None) -> Allocation:
    """The semivalue with weights p(s) for the coalitions of s other players (s = 0..n-1):
    psi_i = sum over S not containing i of p(|S|) (v(S + i) - v(S)).

    Shapley: p(s) = s!(n-1-s)!/n!; Banzhaf: p(s) = 2^-(n-1). A probabilistic semivalue has
    sum_s C(n-1, s) p(s) = 1 (not required here).

    Examples
    --------
    In the weighted game [3; 2, 1, 1] (p0 wins with p1 or p2) the Shapley weights
    p = (1/3, 1/6, 1/3) give the Shapley value (p0 is pivotal in four of the six orders),
    the weights 2^-(n-1) = 1/4 the Banzhaf value (p0 swings in three of the four coalitions
    of the others):

    >>> from foedus import Game, semivalue
    >>> g = Game([0, 0, 0, 1, 0, 1, 0, 1])
    >>> semivalue(g, [1/3, 1/6, 1/3]).values.round(6).tolist()
    [0.666667, 0.166667, 0.166667]
    >>> semivalue(g, [1/4, 1/4, 1/4]).values.tolist()
    [0.75, 0.25, 0.25]
    """
    game = _check_game(game)
    p = float_array(weights, "weights")
    if p.shape != (game.n,) or not np.all(np.isfinite(p)) or (p < 0).any():
        raise ValueError(f"weights: expected {game.n} non-negative finite weights p(0) .. "
                         f"p(n-1), got shape {p.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        x = _semivalue(game, p, n_threads)
    if not np.all(np.isfinite(x)):
        raise ValueError("weights: the semivalue overflows the float range; rescale the "
                         "weights (a probabilistic semivalue has sum_s C(n-1, s) p(s) = 1)")
    return Allocation(x, game.players, "semivalue",
                      "Dubey, Neyman and Weber (1981), Value theory without efficiency")


def harsanyi_dividends(game: Game, *, n_threads: int | None = None) -> np.ndarray:
    """Harsanyi dividends d(S) (the Moebius transform: v(S) = sum of d(T) over T in S), by mask.

    Examples
    --------
    The unanimity game of {A, B} (v(S) = 1 when S holds both) has a single dividend, 1 on
    {A, B} (mask 3). The majority game of three has 1 on each pair and 1 - 3 = -2 on N; the
    dividends of any game add up to v(N):

    >>> from foedus import Game, harsanyi_dividends
    >>> harsanyi_dividends(Game([0, 0, 0, 1, 0, 0, 0, 1])).tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    >>> harsanyi_dividends(Game([0, 0, 0, 1, 0, 1, 1, 1])).tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, -2.0]
    """
    game = _check_game(game)
    return _core.game_moebius(game.values, False, check_n_threads(n_threads))


def game_from_dividends(dividends: Any, players: Any = None, *,
                        n_threads: int | None = None) -> Game:
    """The game whose Harsanyi dividends are ``dividends`` (by mask; d(empty) must be 0).

    Examples
    --------
    Dividends 1 on {A, B} (mask 3) and 2 on {C} (mask 4) make the sum of unanimity games
    u_AB + 2 u_C: v(S) is 1 when S holds A and B, plus 2 when it holds C.
    :func:`harsanyi_dividends` inverts it:

    >>> from foedus import game_from_dividends, harsanyi_dividends
    >>> g = game_from_dividends([0, 0, 0, 1, 2, 0, 0, 0], ["A", "B", "C"])
    >>> g.values.tolist()
    [0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 2.0, 3.0]
    >>> harsanyi_dividends(g).tolist()
    [0.0, 0.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0]
    """
    d = np.ascontiguousarray(float_array(dividends, "dividends"))
    if d.ndim != 1 or d.size < 2 or (d.size & (d.size - 1)):
        raise ValueError("dividends: expected 2^n values by mask")
    if not np.all(np.isfinite(d)):
        raise ValueError("dividends: must be finite (found NaN or inf)")
    if d[0] != 0:
        raise ValueError(f"dividends: the empty coalition's dividend must be 0, got {d[0]}")
    v = _core.game_moebius(d, True, check_n_threads(n_threads))
    return Game(v, players)


def interaction_index(game: Game, *, kind: str = "shapley",
                      n_threads: int | None = None) -> np.ndarray:
    """Pairwise interaction indices (Grabisch 1997) as an (n, n) matrix.

    Shapley: I_ij = sum over T containing i and j of d(T) / (|T| - 1); Banzhaf:
    sum of d(T) / 2^(|T| - 2), d the Harsanyi dividends. Positive: i and j are complements
    (worth more together), negative: substitutes. The diagonal holds the Shapley (Banzhaf)
    value, the index of a single player.

    Examples
    --------
    The glove game: L holds a left glove, R1 and R2 a right glove each, and a pair is worth
    1. Its dividends are 1 on {L, R1} and {L, R2} and -1 on N, so L complements each right
    glove (1 - 1/2 = 1/2) while the two right gloves are substitutes (-1/2); the diagonal is
    the Shapley value (2/3, 1/6, 1/6):

    >>> from foedus import Game, interaction_index
    >>> glove = Game([0, 0, 0, 1, 0, 1, 0, 1], players=["L", "R1", "R2"])
    >>> interaction_index(glove).round(6).tolist()
    [[0.666667, 0.5, 0.5], [0.5, 0.166667, -0.5], [0.5, -0.5, 0.166667]]
    """
    game = _check_game(game)
    n = game.n
    if not isinstance(kind, str) or kind not in ("shapley", "banzhaf"):
        raise ValueError(f"kind: expected 'shapley' or 'banzhaf', got {kind!r}")
    d = harsanyi_dividends(game, n_threads=n_threads)
    s = np.arange(n + 1, dtype=np.float64)
    with np.errstate(divide="ignore"):
        alpha = np.where(s >= 2, 1.0 / np.maximum(s - 1, 1), 0.0) if kind == "shapley" else \
            np.where(s >= 2, 0.5 ** np.maximum(s - 2, 0), 0.0)
    _, _, pairs = _core.game_bit_sums(d, np.ascontiguousarray(alpha), np.zeros(n + 1), True,
                                      check_n_threads(n_threads))
    out = np.array(pairs)
    single = shapley_value(game, n_threads=n_threads) if kind == "shapley" else \
        banzhaf_value(game, n_threads=n_threads)
    np.fill_diagonal(out, single.values)
    return out


_SAMPLE_BLOCK = 512  # permutations per block; blocks draw from their own stream
#: largest n_samples (2^48 orders would take months)
MAX_SAMPLES = 2**48


def shapley_sampling(game: Game | Callable[[np.ndarray], Any], players: Any = None, *,
                     n_samples: int = 10_000, seed: int | None = None) -> Allocation:
    """Shapley values estimated from random orders of the players (Castro et al. 2009).

    Parameters
    ----------
    game : Game or callable
        A tabulated game, or a vectorised function of uint64 masks (bit i = player i) for games
        too large to tabulate (up to 63 players).
    players : int or sequence of str
        With a function: the number of players or their names.
    n_samples : int
        Random orders; each costs n evaluations of v.
    seed : int, optional
        The estimate depends only on ``seed`` and ``n_samples`` (orders come in fixed blocks
        of 512 from streams derived from the seed). None: fresh entropy, recorded in
        ``extra["seed"]`` so that the run can be repeated.

    Returns
    -------
    Allocation
        ``extra["standard_error"]``: per player, the standard deviation of its marginal
        contributions over the orders divided by sqrt(n_samples) (NaN for one order).

    Examples
    --------
    >>> import numpy as np
    >>> from foedus import shapley_sampling
    >>> from foedus.game import coalition_sizes
    >>> est = shapley_sampling(lambda m: (coalition_sizes(m) >= 30) * 1.0, 59,
    ...                        n_samples=2000, seed=1)   # a symmetric majority game
    >>> bool(abs(est.values.sum() - 1) < 1e-12), round(float(est.values.mean()), 4)
    (True, 0.0169)
    """
    if isinstance(game, Game):
        n, names = game.n, list(game.players)
        table = game.values

        def f(m: np.ndarray) -> np.ndarray:
            return table[m.astype(np.int64)]
    else:
        if not callable(game):
            raise TypeError("game: expected a Game or a vectorised function of masks")
        if players is None:
            raise ValueError("players: give the number of players (or their names) with a "
                             "function")
        n, names = _players(players)
        if n > 63:
            raise ValueError(f"players: at most 63 players (64-bit masks), got {n}")
        f = game
    n_samples = check_int(n_samples, "n_samples", minimum=1, maximum=MAX_SAMPLES)
    if seed is not None:
        seed = check_int(seed, "seed", minimum=0)
    root = np.random.SeedSequence(seed)
    seed = root.entropy
    total = np.zeros(n)
    mean = np.zeros(n)
    m2 = np.zeros(n)
    seen = 0
    for b in range((n_samples + _SAMPLE_BLOCK - 1) // _SAMPLE_BLOCK):
        # one child at a time: the same streams as spawning them all at once, in O(1) memory
        (child,) = root.spawn(1)
        m = min(_SAMPLE_BLOCK, n_samples - b * _SAMPLE_BLOCK)
        rng = np.random.default_rng(child)
        perm = np.argsort(rng.random((m, n)), axis=1)
        bits = np.left_shift(np.uint64(1), perm.astype(np.uint64))
        prefix = np.bitwise_or.accumulate(bits, axis=1)
        vals = float_array(f(prefix.ravel()), "game")
        if vals.shape != (m * n,) or not np.all(np.isfinite(vals)):
            raise ValueError("game: the function must return one finite value per mask")
        check_value_range(vals, "game")
        vals = vals.reshape(m, n)
        marg_by_pos = np.diff(np.concatenate([np.zeros((m, 1)), vals], axis=1), axis=1)
        marg = np.empty_like(marg_by_pos)
        np.put_along_axis(marg, perm, marg_by_pos, axis=1)
        # combine block mean and M2 (Chan et al.) in block order
        bm = marg.mean(axis=0)
        bm2 = ((marg - bm) ** 2).sum(axis=0)
        delta = bm - mean
        tot = seen + m
        mean = mean + delta * m / tot
        m2 = m2 + bm2 + delta**2 * seen * m / tot
        total += marg.sum(axis=0)
        seen = tot
    se = np.sqrt(m2 / (seen - 1) / seen) if seen > 1 else np.full(n, np.nan)
    return Allocation(mean, names, "shapley_sampling",
                      "Castro, Gomez and Tejada (2009), Polynomial calculation of the Shapley "
                      "value based on sampling", standard_error=se, n_samples=seen, seed=seed)
