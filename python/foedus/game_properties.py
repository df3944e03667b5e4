"""Properties of TU games: monotone, superadditive, convex, essential, balanced.

Monotonicity and convexity compare the table with itself through strided views (O(n 2^n) and
O(n^2 2^n)); superadditivity checks all 3^n splits in C++ (parallel, stopping at the smallest
violating coalition); balancedness is the Bondareva-Shapley linear program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from ._validation import check_n_threads
from .game import REL_TOL, Game
from .game_core import balancedness
from .game_values import _check_game

__all__ = ["CooperativeProperties", "cooperative_properties", "is_convex", "is_essential",
           "is_monotone", "is_superadditive", "superadditivity_violation"]


def is_monotone(game: Game) -> bool:
    """v(S) <= v(T) whenever S is a subset of T.

    Examples
    --------
    >>> from foedus import Game, is_monotone
    >>> is_monotone(Game([0, 0, 0, 1, 0, 1, 1, 1]))   # majority of three
    True
    >>> is_monotone(Game([0, 1, 1, 0]))               # v(A) = 1 > v(A, B) = 0
    False
    """
    game = _check_game(game)
    v, n = game.values, game.n
    for i in range(n):
        view = v.reshape(2 ** (n - i - 1), 2, 2**i)
        a, b = view[:, 1, :], view[:, 0, :]
        if np.any(a < b - REL_TOL * (np.abs(a) + np.abs(b))):
            return False
    return True


def superadditivity_violation(game: Game, *,
                              n_threads: int | None = None) -> tuple[Any, Any] | None:
    """The smallest coalition S (by mask) with a split S = T + U, v(S) < v(T) + v(U), as
    (T, U) member names; None when the game is superadditive.

    Examples
    --------
    >>> from foedus import Game, superadditivity_violation
    >>> print(superadditivity_violation(Game([0, 0, 0, 1, 0, 1, 1, 1])))   # majority of three
    None
    >>> superadditivity_violation(Game([0, 1, 1, 1], players=["A", "B"]))  # 1 < 1 + 1
    (('A',), ('B',))
    """
    game = _check_game(game)
    s, t = _core.game_superadditive(game.values, REL_TOL, check_n_threads(n_threads))
    if s < 0:
        return None
    return game.members(t), game.members(s ^ t)


def is_superadditive(game: Game, *, n_threads: int | None = None) -> bool:
    """v(S + T) >= v(S) + v(T) for all disjoint S, T (3^n pairs; C++, parallel).

    Examples
    --------
    >>> from foedus import Game, is_superadditive
    >>> is_superadditive(Game([0, 0, 0, 1, 0, 1, 1, 1]))   # majority of three
    True
    >>> is_superadditive(Game([0, 1, 1, 1]))   # v(A, B) = 1 < v(A) + v(B) = 2
    False
    """
    return superadditivity_violation(game, n_threads=n_threads) is None


def is_convex(game: Game) -> bool:
    """Supermodular: v(S + i + j) - v(S + i) - v(S + j) + v(S) >= 0 for all S and i, j not
    in S (equivalently v(S) + v(T) <= v(S | T) + v(S & T)).

    Examples
    --------
    The majority game of three is superadditive but not convex: v(A, B) + v(A, C) = 2 >
    v(N) + v(A) = 1. The game v(S) = C(|S|, 2), the number of pairs in S, is convex: a
    player adds |S| to a coalition S, more to larger ones:

    >>> from foedus import Game, is_convex
    >>> is_convex(Game([0, 0, 0, 1, 0, 1, 1, 1]))
    False
    >>> is_convex(Game([0, 0, 0, 1, 0, 1, 1, 3]))
    True
    """
    game = _check_game(game)
    v, n = game.values, game.n
    for j in range(n):
        for i in range(j):
            view = v.reshape(2 ** (n - j - 1), 2, 2 ** (j - i - 1), 2, 2**i)
            t = (view[:, 1, :, 1, :], view[:, 1, :, 0, :], view[:, 0, :, 1, :],
                 view[:, 0, :, 0, :])
            d = t[0] - t[1] - t[2] + t[3]
            if np.any(d < -REL_TOL * (np.abs(t[0]) + np.abs(t[1]) + np.abs(t[2]) +
                                      np.abs(t[3]))):
                return False
    return True


def is_essential(game: Game) -> bool:
    """v(N) > sum of v(i): cooperation creates a surplus to share.

    Examples
    --------
    >>> from foedus import Game, is_essential
    >>> is_essential(Game([0, 0, 0, 1, 0, 1, 1, 1]))   # majority of three: 1 > 0
    True
    >>> is_essential(Game([0, 1, 2, 3]))   # additive: v(A, B) = v(A) + v(B)
    False
    """
    game = _check_game(game)
    single = game.values[1 << np.arange(game.n)]
    return bool(game.grand - single.sum() > REL_TOL * (abs(game.grand) + np.abs(single).sum()))


@dataclass(frozen=True)
class CooperativeProperties:
    """The properties of a TU game (see the functions of the same names)."""

    monotone: bool
    superadditive: bool
    convex: bool
    essential: bool
    balanced: bool

    def __repr__(self) -> str:
        flags = ", ".join(f"{k}={getattr(self, k)}" for k in
                          ("monotone", "superadditive", "convex", "essential", "balanced"))
        return f"CooperativeProperties({flags})"


def cooperative_properties(game: Game, *, n_threads: int | None = None) -> CooperativeProperties:
    """Every property at once.

    Examples
    --------
    >>> from foedus import Game, cooperative_properties
    >>> p = cooperative_properties(Game([0, 0, 0, 1, 0, 1, 1, 1]))   # majority of three
    >>> p.monotone, p.superadditive, p.convex, p.essential, p.balanced
    (True, True, False, True, False)
    """
    return CooperativeProperties(is_monotone(game), is_superadditive(game, n_threads=n_threads),
                                 is_convex(game), is_essential(game),
                                 balancedness(game).balanced)
