"""Values for structured cooperation and compromise values: the Owen value (a priori unions),
the Aumann-Dreze value (a coalition structure), the Myerson value (a communication graph), the
tau-value, the Gately point, and points of the kernel and prekernel with their surpluses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from . import _core
from ._validation import check_n_threads
from .actors import ActorSet
from .game import REL_TOL, Allocation, Game, spread_masks, subset_sums
from .game_core import nucleolus
from .game_values import _check_game, shapley_value, shapley_weights
from .partition import Partition

__all__ = ["aumann_dreze_value", "gately_point", "kernel_point", "kernel_violation",
           "myerson_value", "owen_value", "prekernel_point", "surpluses", "tau_value"]


def _blocks(game: Game, structure: Any) -> list[list[int]]:
    """Blocks of player indices from a Partition or an iterable of iterables of names/indices."""
    if isinstance(structure, Partition):
        blocks = [list(b) for b in structure.blocks]
    else:
        from ._validation import resolve_indices
        try:
            blocks = [resolve_indices(list(b), game.players, "player", "structure")
                      for b in structure]
        except TypeError:
            raise TypeError("structure: expected a Partition or a list of lists of players") \
                from None
    seen = sorted(i for b in blocks for i in b)
    if seen != list(range(game.n)) or any(len(b) == 0 for b in blocks):
        raise ValueError("structure: the blocks must cover every player exactly once")
    return blocks


def owen_value(game: Game, unions: Any) -> Allocation:
    """The Owen value under a priori unions: the expected marginal contribution when the
    unions enter in random order and, inside each union, its members in random order
    (Owen 1977).

    Examples
    --------
    >>> from foedus import Game, owen_value
    >>> g = Game([0, 1, 1, 2, 1, 2, 2, 4])
    >>> owen_value(g, [[0, 1], [2]]).values.tolist()
    [1.25, 1.25, 1.5]
    """
    game = _check_game(game)
    blocks = _blocks(game, unions)
    m = len(blocks)
    v = game.values
    union_masks = np.array([sum(1 << i for i in b) for b in blocks], dtype=np.int64)
    x = np.zeros(game.n)
    wu = shapley_weights(m)  # weight of h other unions
    for k, block in enumerate(blocks):
        others = [j for j in range(m) if j != k]
        q = np.zeros(1, dtype=np.int64)
        h = np.zeros(1, dtype=np.int64)
        for j in others:
            q = np.concatenate([q, q | union_masks[j]])
            h = np.concatenate([h, h + 1])
        b = len(block)
        wb = shapley_weights(b)
        for i in block:
            rest = [p for p in block if p != i]
            s_masks = spread_masks(rest)
            s_size = np.zeros(1, dtype=np.int64)
            for _ in rest:
                s_size = np.concatenate([s_size, s_size + 1])
            base = q[:, None] | s_masks[None, :]
            marg = v[base | (1 << i)] - v[base]
            x[i] = float(np.sum(wu[h][:, None] * wb[s_size][None, :] * marg))
    return Allocation(x, game.players, "owen", "Owen (1977), Values of games with a priori "
                      "unions")


def aumann_dreze_value(game: Game, structure: Any, *,
                       n_threads: int | None = None) -> Allocation:
    """The Aumann-Dreze value for a coalition structure: the Shapley value of each block's
    subgame (Aumann and Dreze 1974).

    Examples
    --------
    In the majority game of three with the structure {A, B}, {C}, A and B split their
    block's worth v(A, B) = 1, and C, alone, gets v(C) = 0 (the Shapley value gives 1/3
    each):

    >>> from foedus import Game, aumann_dreze_value
    >>> g = Game([0, 0, 0, 1, 0, 1, 1, 1], players=["A", "B", "C"])
    >>> aumann_dreze_value(g, [["A", "B"], ["C"]]).values.tolist()
    [0.5, 0.5, 0.0]
    """
    game = _check_game(game)
    blocks = _blocks(game, structure)
    x = np.zeros(game.n)
    for b in blocks:
        sub = Game._trusted(np.ascontiguousarray(game.values[spread_masks(b)]),
                            [game.players[i] for i in b])
        x[b] = shapley_value(sub, n_threads=n_threads).values
    return Allocation(x, game.players, "aumann_dreze", "Aumann and Dreze (1974), Cooperative "
                      "games with coalition structures")


def _adjacency(game: Game, graph: Any) -> np.ndarray:
    n = game.n
    if isinstance(graph, ActorSet):
        if graph.ties is None:
            raise ValueError("graph: the ActorSet has no ties; give ties=... when building it")
        if graph.names != game.players:
            raise ValueError("graph: the ActorSet's actors differ from the game's players")
        A = np.asarray(graph.ties) > 0
    else:
        if isinstance(graph, (str, bytes)) or not isinstance(graph, Iterable):
            raise TypeError("graph: expected an ActorSet with ties, an (n, n) adjacency matrix "
                            f"or pairs of players, got {type(graph).__name__}")
        arr = np.asarray(graph) if not isinstance(graph, (list, tuple)) or len(graph) else \
            np.zeros((0, 2))
        if arr.ndim == 2 and arr.shape == (n, n) and arr.dtype.kind in "biuf":
            if np.isnan(arr).any():
                raise ValueError("graph: NaN in the adjacency matrix; use 0 for no link")
            A = arr.astype(np.float64) > 0
        else:
            from ._validation import resolve_indices
            A = np.zeros((n, n), dtype=bool)
            for edge in graph:
                if isinstance(edge, (str, bytes)) or not isinstance(edge, Iterable):
                    raise TypeError(f"graph: an edge is a pair of players, got {edge!r}")
                ends = list(edge)
                ij = resolve_indices(ends, game.players, "player", "graph")
                if len(ends) != 2 or len(ij) != 2:
                    raise ValueError(f"graph: an edge joins two different players, got "
                                     f"{edge!r}")
                A[ij[0], ij[1]] = A[ij[1], ij[0]] = True
    A = A & ~np.eye(n, dtype=bool)
    if not np.array_equal(A, A.T):
        raise ValueError("graph: the adjacency matrix must be symmetric")
    return np.array([sum(1 << int(j) for j in np.flatnonzero(A[i])) for i in range(n)],
                    dtype=np.uint64)


def myerson_value(game: Game, graph: Any, *, n_threads: int | None = None) -> Allocation:
    """The Myerson value: the Shapley value of the graph-restricted game, in which a
    coalition is worth the sum of its connected components' worths (Myerson 1977).

    Parameters
    ----------
    graph : ActorSet, (n, n) array or iterable of edges
        The communication graph: an ActorSet's ties, an adjacency matrix (> 0 is a link) or
        pairs of players.

    Examples
    --------
    The majority game of three on the line A - B - C: A and C cannot form their winning pair
    without B, who links them, so the graph-restricted game is worth 1 only with B in it and
    B gets 2/3 (pivotal in four of the six orders) where the Shapley value gives 1/3 each
    (Myerson 1977):

    >>> from foedus import Game, myerson_value
    >>> g = Game([0, 0, 0, 1, 0, 1, 1, 1], players=["A", "B", "C"])
    >>> myerson_value(g, [("A", "B"), ("B", "C")]).values.round(6).tolist()
    [0.166667, 0.666667, 0.166667]
    """
    game = _check_game(game)
    adj = _adjacency(game, graph)
    vg = _core.game_graph_restricted(game.values, adj, check_n_threads(n_threads))
    x = shapley_value(Game._trusted(vg, game.players), n_threads=n_threads).values
    return Allocation(x, game.players, "myerson", "Myerson (1977), Graphs and cooperation in "
                      "games")


def _utopia(game: Game) -> np.ndarray:
    full = 2**game.n - 1
    return game.grand - game.values[full ^ (1 << np.arange(game.n))]


def _max_over_containing(e: np.ndarray, n: int) -> np.ndarray:
    """max over S containing i of e[S], for every i."""
    out = np.empty(n)
    for i in range(n):
        out[i] = e.reshape(2 ** (n - i - 1), 2, 2**i)[:, 1, :].max()
    return out


def tau_value(game: Game) -> Allocation:
    """The tau-value (Tijs 1981): the efficient compromise between the utopia payoffs
    M_i = v(N) - v(N - i) and the minimal rights m_i = max over S containing i of
    v(S) - sum of M_j over the other members. Defined for quasi-balanced games (m <= M and
    sum m <= v(N) <= sum M); others raise ValueError.

    Examples
    --------
    With v(A, B) = 50, v(A, C) = 60, v(B, C) = 70, v(N) = 120 and 0 for single players, the
    utopia payoffs are M = (120 - 70, 120 - 60, 120 - 50) = (50, 60, 70) and the minimal
    rights m = (0, 0, 10) (C can claim v(A, C) - M_A = 10), so
    tau = m + (120 - 10) / (180 - 10) (M - m):

    >>> from foedus import Game, tau_value
    >>> t = tau_value(Game([0, 0, 0, 50, 0, 60, 70, 120], players=["A", "B", "C"]))
    >>> t.extra["utopia"].tolist(), t.extra["minimal_rights"].tolist()
    ([50.0, 60.0, 70.0], [0.0, 0.0, 10.0])
    >>> t.values.round(4).tolist()
    [32.3529, 38.8235, 48.8235]
    """
    game = _check_game(game)
    n = game.n
    M = _utopia(game)
    m = M + _max_over_containing(game.values - subset_sums(M), n)
    tol = REL_TOL * n * float(np.max(np.abs(game.values)))
    if np.any(m > M + tol) or m.sum() > game.grand + tol or game.grand > M.sum() + tol:
        raise ValueError("game: the tau-value needs a quasi-balanced game (minimal rights at "
                         "most the utopia payoffs, and sum of minimal rights <= v(N) <= sum of "
                         "utopia payoffs)")
    gap = float((M - m).sum())
    x = m.copy() if gap <= tol else m + (game.grand - m.sum()) / gap * (M - m)
    return Allocation(x, game.players, "tau", "Tijs (1981), Bounds for the core and the "
                      "tau-value", utopia=M, minimal_rights=m)


def gately_point(game: Game) -> Allocation:
    """The Gately point (Gately 1974): the allocation that equalises every player's
    propensity to disrupt, (x(N - i) - v(N - i)) / (x_i - v(i)).

    Examples
    --------
    With v(A, B) = 50, v(A, C) = 60, v(B, C) = 70, v(N) = 120 and 0 for single players, each
    player gets v(N) - v(N - i) = (50, 60, 70) scaled to sum to 120; every player's
    propensity to disrupt is then 1/2:

    >>> from foedus import Game, gately_point
    >>> g = Game([0, 0, 0, 50, 0, 60, 70, 120], players=["A", "B", "C"])
    >>> x = gately_point(g)
    >>> x.values.round(4).tolist()
    [33.3333, 40.0, 46.6667]
    >>> others = {p: [q for q in g.players if q != p] for p in g.players}
    >>> [round((g.grand - x[p] - g.v(others[p])) / x[p], 6) for p in g.players]
    [0.5, 0.5, 0.5]
    """
    game = _check_game(game)
    n = game.n
    single = game.values[1 << np.arange(n)]
    c = _utopia(game) - single
    tol = REL_TOL * n * float(np.max(np.abs(game.values)))
    if game.grand <= single.sum() + tol:
        raise ValueError("game: the Gately point needs an essential game (v(N) > sum of v(i))")
    c = np.where(np.abs(c) <= tol, 0.0, c)
    if not (np.all(c >= 0) or np.all(c <= 0)) or not np.any(c):
        raise ValueError("game: the Gately point needs v(N) - v(N - i) - v(i) of one sign for "
                         "every player, not all 0 (otherwise the equal propensity to disrupt "
                         "gives no allocation)")
    total = float(c.sum())
    x = single + c / total * (game.grand - single.sum())  # c / total first: no over/underflow
    return Allocation(x, game.players, "gately", "Gately (1974), Sharing the gains from "
                      "regional cooperation")


def surpluses(game: Game, x: Any) -> np.ndarray:
    """s_ij(x) = max over S containing i but not j of e(S, x) = v(S) - x(S): the most i
    can gain without j. An (n, n) matrix with a zero diagonal.

    Examples
    --------
    In the majority game of three at x = (1/2, 1/2, 0), C (row 2) can gain 1/2 without A,
    with B: v(B, C) - x_B - x_C; A can gain only 0 without C (v(A, B) - x_A - x_B), so
    s_CA > s_AC and x is not in the kernel:

    >>> from foedus import Game, surpluses
    >>> surpluses(Game([0, 0, 0, 1, 0, 1, 1, 1]), [0.5, 0.5, 0]).tolist()
    [[0.0, 0.5, 0.0], [0.5, 0.0, 0.0], [0.5, 0.5, 0.0]]
    """
    game = _check_game(game)
    n = game.n
    from ._validation import float_array
    xv = float_array(x.values if isinstance(x, Allocation) else x, "x")
    if xv.shape != (n,) or not np.all(np.isfinite(xv)):
        raise ValueError(f"x: expected {n} finite payoffs, got shape {xv.shape}")
    e = game.values - subset_sums(xv)
    s = np.zeros((n, n))
    for j in range(n):
        for i in range(j):
            view = e.reshape(2 ** (n - j - 1), 2, 2 ** (j - i - 1), 2, 2**i)
            s[i, j] = view[:, 0, :, 1, :].max()  # i in, j out
            s[j, i] = view[:, 1, :, 0, :].max()  # j in, i out
    return s


def kernel_violation(game: Game, x: Any, *, domain: str = "imputation") -> float:
    """How far x is from the (pre)kernel: the largest |s_ij - s_ji| over pairs (prekernel),
    or over pairs where the weaker player j can still give (x_j > v(j)) the largest
    s_ij - s_ji (kernel). 0 on the (pre)kernel.

    Examples
    --------
    In the majority game of three the equal split is in the kernel (every surplus is
    1 - 2/3); at (1/2, 1/2, 0) C's surplus against A is 1/2, A's against C 0, and A, above
    v(A) = 0, could give (see :func:`surpluses`):

    >>> from foedus import Game, kernel_violation
    >>> g = Game([0, 0, 0, 1, 0, 1, 1, 1])
    >>> kernel_violation(g, [1/3, 1/3, 1/3]), kernel_violation(g, [0.5, 0.5, 0])
    (0.0, 0.5)
    """
    s = surpluses(game, x)
    d = s - s.T
    if domain == "preimputation":
        return float(np.max(np.abs(d)))
    if domain != "imputation":
        raise ValueError(f"domain: expected 'imputation' or 'preimputation', got {domain!r}")
    xv = np.asarray(x.values if isinstance(x, Allocation) else x, dtype=np.float64)
    tol = REL_TOL * game.n * float(np.max(np.abs(game.values)))
    can_give = xv - game.values[1 << np.arange(game.n)] > tol
    return float(max(0.0, np.max(np.where(can_give[None, :], d, 0.0))))


def kernel_point(game: Game) -> Allocation:
    """A point of the kernel: the nucleolus, which always lies in it (Schmeidler 1969);
    ``extra["violation"]`` is its kernel violation (0 up to rounding).

    Examples
    --------
    With v(A, B) = 50, v(A, C) = 60, v(B, C) = 70, v(N) = 120 the point is (30, 40, 50): every
    pair's excess is -20, so each player's surplus against another (the excess of its pair
    with the third player) is -20 both ways:

    >>> from foedus import Game, kernel_point
    >>> k = kernel_point(Game([0, 0, 0, 50, 0, 60, 70, 120], players=["A", "B", "C"]))
    >>> k.values.round(6).tolist(), abs(k.extra["violation"]) < 1e-9
    ([30.0, 40.0, 50.0], True)
    """
    x = nucleolus(game)
    return Allocation(x.values, game.players, "kernel_point", "Davis and Maschler (1965), "
                      "The kernel of a cooperative game; the nucleolus as its point",
                      violation=kernel_violation(game, x), levels=x.extra["levels"])


def prekernel_point(game: Game) -> Allocation:
    """A point of the prekernel: the prenucleolus, which always lies in it;
    ``extra["violation"]`` is max |s_ij - s_ji| there (0 up to rounding).

    Examples
    --------
    The players of the majority game of three are symmetric, and so is the prenucleolus:

    >>> from foedus import Game, prekernel_point
    >>> p = prekernel_point(Game([0, 0, 0, 1, 0, 1, 1, 1]))
    >>> p.values.round(6).tolist(), p.extra["violation"] < 1e-9
    ([0.333333, 0.333333, 0.333333], True)
    """
    x = nucleolus(game, domain="preimputation")
    return Allocation(x.values, game.players, "prekernel_point", "Maschler, Peleg and "
                      "Shapley (1979); the prenucleolus as its point",
                      violation=kernel_violation(game, x, domain="preimputation"),
                      levels=x.extra["levels"])
