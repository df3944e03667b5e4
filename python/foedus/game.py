"""Transferable-utility games: the characteristic function v(S) over all 2^n coalitions.

``Game`` stores v as a float64 vector indexed by coalition mask (bit i set = player i is a
member; ``v[0]`` is the empty coalition, 0). It is built from a vector, from a vectorised
function of masks, from a voting rule (the simple game: 1 for winning coalitions) or from an
``ActorSet`` by a named construction (capability aggregation, a threshold goal). The
solutions live in ``game_values`` (Shapley, Banzhaf, semivalues, dividends, interaction),
``game_core`` (core, least core, nucleolus), ``game_structured`` (Owen, Aumann-Dreze,
Myerson, tau, Gately, kernel) and ``game_properties``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from . import _core
from ._optional import import_pandas
from ._validation import check_n_threads
from .actors import ActorSet

__all__ = ["MAX_GAME_PLAYERS", "REL_TOL", "Allocation", "Game", "coalition_sizes"]

MAX_GAME_PLAYERS = 34  # the kernels' limit; memory usually binds first (n = 28: 2 GiB)

#: Largest |v(S)|: values, dividends and indices are sums over up to 2^34 coalitions, which
#: must stay within the float range (1.8e308).
MAX_ABS_VALUE = 1e290

#: Relative tolerance of comparisons between coalition values (properties, core membership):
#: a difference counts when it exceeds REL_TOL times the magnitudes compared, so results do not
#: change when a game is rescaled.
REL_TOL = 1e-10


def _max_memory() -> int:
    from .coalitions import _default_max_memory
    return _default_max_memory()


def check_table_size(n: int, arg: str = "n") -> None:
    """ValueError when a table of 2^n float64 values is beyond the kernels or the memory."""
    if n > MAX_GAME_PLAYERS:
        raise ValueError(f"{arg}: a game table holds at most {MAX_GAME_PLAYERS} players (2^n "
                         f"values), got {n}; for more players estimate Shapley values by "
                         "sampling (shapley_sampling on a function of masks)")
    need, limit = 8 * 2**n, _max_memory()
    if need > limit:
        largest = int(math.floor(math.log2(max(limit, 8) / 8)))
        raise ValueError(
            f"{arg}: a game of {n} players needs {need / 2**30:.1f} GiB for its 2^{n} values, "
            f"more than the memory limit of {limit / 2**30:.1f} GiB (a quarter of the RAM); "
            f"the largest table here has {largest} players. Beyond it use shapley_sampling on "
            "a function of masks")


def check_value_range(v: np.ndarray, arg: str) -> None:
    """ValueError when coalition values are so large that sums over coalitions overflow."""
    if v.size and float(np.max(np.abs(v))) > MAX_ABS_VALUE:
        raise ValueError(f"{arg}: coalition values must be at most {MAX_ABS_VALUE:g} in "
                         "magnitude (sums over all coalitions would overflow the float range); "
                         "rescale them")


def subset_sums(x: np.ndarray) -> np.ndarray:
    """x(S) = sum of x_i over S for every mask S (float64, 2^n values)."""
    out = np.zeros(1)
    for xi in np.asarray(x, dtype=np.float64):
        out = np.concatenate([out, out + xi])
    return out


class Game:
    """A TU game: the worth v(S) of every coalition S, by bit mask.

    Parameters
    ----------
    values : array-like of float, length 2^n
        ``values[mask]`` is v of the coalition with members ``{i : bit i of mask}``;
        ``values[0]`` (the empty coalition) must be 0.
    players : sequence of str, optional
        Player names (default ``p0, p1, ...``).

    Examples
    --------
    >>> from foedus import Game
    >>> g = Game([0, 1, 1, 3, 1, 3, 3, 4], players=["A", "B", "C"])
    >>> g
    Game(3 players: A, B, C; v(N) = 4)
    >>> g.v(["A", "B"])
    3.0
    """

    __slots__ = ("_n", "_players", "_values")

    def __init__(self, values: Any, players: Sequence[str] | None = None) -> None:
        try:
            raw = np.asarray(values)
        except (TypeError, ValueError):  # ragged sequences
            raise TypeError("values: expected a 1-D array of numbers") from None
        if raw.dtype.kind not in "biuf":
            raise TypeError(f"values: expected numbers, got an array of dtype {raw.dtype}")
        v = np.array(raw, dtype=np.float64)
        if v.ndim != 1 or v.size < 2 or (v.size & (v.size - 1)) != 0:
            raise ValueError("values: expected a 1-D array of 2^n coalition values (n >= 1), "
                             f"got shape {np.shape(values)}")
        n = int(v.size).bit_length() - 1
        check_table_size(n, "values")
        if not np.all(np.isfinite(v)):
            raise ValueError("values: coalition values must be finite (found NaN or inf)")
        check_value_range(v, "values")
        if v[0] != 0:
            raise ValueError(f"values: v of the empty coalition (values[0]) must be 0, got {v[0]}")
        self._init(v, n, players)

    def _init(self, v: np.ndarray, n: int, players: Sequence[str] | None) -> None:
        if players is None:
            names = tuple(f"p{i}" for i in range(n))
        else:
            if isinstance(players, str):
                raise TypeError("players: expected a sequence of names, not one string")
            names = tuple(str(p) for p in players)
            if len(names) != n:
                raise ValueError(f"players: expected {n} names, got {len(names)}")
            if len(set(names)) != n:
                raise ValueError("players: names must be unique")
        v.setflags(write=False)
        self._values, self._n, self._players = v, n, names

    @classmethod
    def _trusted(cls, v: np.ndarray, players: Sequence[str]) -> Game:
        g = cls.__new__(cls)
        g._init(v, int(v.size).bit_length() - 1, players)
        return g

    # ---- constructors -------------------------------------------------------------------------
    @classmethod
    def from_function(cls, f: Callable[[np.ndarray], Any], players: int | Sequence[str], *,
                      chunk: int = 1 << 20) -> Game:
        """v(S) = f(masks) for a vectorised f of uint64 mask arrays, called on chunks of masks.

        Examples
        --------
        >>> import numpy as np
        >>> from foedus import Game
        >>> from foedus.game import coalition_sizes
        >>> g = Game.from_function(lambda m: coalition_sizes(m) ** 2, 3)  # v(S) = |S|^2
        >>> g.values.tolist()
        [0.0, 1.0, 1.0, 4.0, 1.0, 4.0, 4.0, 9.0]
        """
        n, names = _players(players)
        check_table_size(n, "players")
        from ._validation import check_int
        chunk = check_int(chunk, "chunk", minimum=1)
        v = np.empty(2**n)
        for start in range(0, 2**n, chunk):
            masks = np.arange(start, min(2**n, start + chunk), dtype=np.uint64)
            out = np.asarray(f(masks), dtype=np.float64)
            if out.shape != masks.shape:
                raise ValueError(f"f: expected one value per mask (shape {masks.shape}), got "
                                 f"{out.shape}")
            v[start:start + masks.size] = out
        v[0] = 0.0 if v[0] == 0 else v[0]
        if not np.all(np.isfinite(v)) or v[0] != 0:
            raise ValueError("f: values must be finite and v(empty) = 0")
        check_value_range(v, "f")
        return cls._trusted(v, names)

    @classmethod
    def from_rule(cls, actors: ActorSet, rule: Any, *, n_threads: int | None = None) -> Game:
        """The simple game of a voting rule: v(S) = 1 if S wins, else 0."""
        from .rules import Rule
        if not isinstance(actors, ActorSet):
            raise TypeError(f"actors: expected an ActorSet, got {type(actors).__name__}")
        if not isinstance(rule, Rule):
            raise TypeError(f"rule: expected a Rule, got {type(rule).__name__}")
        check_table_size(actors.n, "actors")
        bound = rule.bind(actors)
        weights = np.column_stack([np.asarray(actors.integer_weights(c)[0], dtype=np.int64)
                                   for c in range(len(actors.weight_names))])
        sets = np.array([int(s) for s in bound.set], dtype=np.uint64)
        v = _core.rule_table(actors.n, np.ascontiguousarray(weights), bound.op, bound.crit,
                             bound.nchild, bound.q, sets, check_n_threads(n_threads))
        return cls._trusted(v, actors.names)

    @classmethod
    def capability(cls, actors: ActorSet, weight: str | int | None = None, *,
                   transform: str | Callable[[np.ndarray], Any] = "linear") -> Game:
        """Capability aggregation: v(S) = f(W(S)), W the summed weight (e.g. military
        capability) of S's members.

        ``transform``: ``"linear"`` (v = W), ``"sqrt"`` (diminishing returns), ``"square"``
        (increasing returns, Lanchester), or a vectorised function of the weight sums.
        """
        w = _actor_weights(actors, weight)
        f = _transform(transform)
        W = subset_sums(w)
        v = np.asarray(f(W), dtype=np.float64)
        if v.shape != W.shape or not np.all(np.isfinite(v)):
            raise ValueError("transform: must map the weight sums to finite values")
        check_value_range(v, "transform")
        v = v - v[0]  # v(empty) = 0
        return cls._trusted(v, actors.names)

    @classmethod
    def threshold_goal(cls, actors: ActorSet, goal: float, weight: str | int | None = None, *,
                       prize: float = 1.0) -> Game:
        """A goal reached by pooled capability: v(S) = prize if W(S) >= goal, else 0.

        Unlike ``from_rule`` the threshold is a level of capability (not a share of votes) and
        the prize any positive worth; weights are compared as floats.
        """
        from ._validation import check_float
        w = _actor_weights(actors, weight)
        goal = check_float(goal, "goal", minimum=0.0, exclusive_minimum=True)
        prize = check_float(prize, "prize", minimum=0.0, maximum=MAX_ABS_VALUE,
                            exclusive_minimum=True)
        v = np.where(subset_sums(w) >= goal, float(prize), 0.0)
        return cls._trusted(v, actors.names)

    # ---- access ---------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return self._n

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def values(self) -> np.ndarray:
        """v by mask (read-only)."""
        return self._values

    @property
    def grand(self) -> float:
        """v(N)."""
        return float(self._values[-1])

    def mask(self, coalition: Any) -> int:
        """The mask of a coalition given by names or indices (an int passes through)."""
        if isinstance(coalition, (int, np.integer)) and not isinstance(coalition, bool):
            m = int(coalition)
            if not 0 <= m < 2**self._n:
                raise ValueError(f"coalition: mask {m} outside 0 .. 2^{self._n} - 1")
            return m
        from ._validation import resolve_indices
        return sum(1 << i for i in resolve_indices(coalition, self._players, "player",
                                                   "coalition"))

    def v(self, coalition: Any) -> float:
        """The worth of a coalition (names, indices or a mask)."""
        return float(self._values[self.mask(coalition)])

    def members(self, mask: int) -> tuple[str, ...]:
        """The names of a coalition's members."""
        if isinstance(mask, bool) or not isinstance(mask, (int, np.integer)):
            raise TypeError(f"mask: expected an integer coalition mask, got {mask!r}")
        m = self.mask(int(mask))
        return tuple(self._players[i] for i in range(self._n) if (m >> i) & 1)

    def subgame(self, members: Any) -> Game:
        """The game restricted to the coalitions inside ``members``."""
        idx = [i for i in range(self._n) if (self.mask(members) >> i) & 1]
        if not idx:
            raise ValueError("members: the subgame needs at least one player")
        return Game._trusted(self._values[spread_masks(idx)].copy(),
                             [self._players[i] for i in idx])

    def dual(self) -> Game:
        """v*(S) = v(N) - v(N - S)."""
        v = self.grand - self._values[::-1]
        return Game._trusted(np.ascontiguousarray(v), self._players)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Game) and self._players == other._players
                and bool(np.array_equal(self._values, other._values)))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(self._players[:6]) + (", ..." if self._n > 6 else "")
        return f"Game({self._n} players: {shown}; v(N) = {self.grand:g})"


def coalition_sizes(masks: Any) -> np.ndarray:
    """The number of members (popcount) of each mask in an integer array."""
    m = np.asarray(masks).astype(np.uint64)
    m = m - ((m >> np.uint64(1)) & np.uint64(0x5555555555555555))
    m = (m & np.uint64(0x3333333333333333)) + ((m >> np.uint64(2)) & np.uint64(0x3333333333333333))
    m = (m + (m >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return ((m * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)


def spread_masks(members: Sequence[int]) -> np.ndarray:
    """The masks of all subsets of ``members`` (player indices), in the subgame's mask order."""
    out = np.zeros(1, dtype=np.int64)
    for i in members:
        out = np.concatenate([out, out | (1 << int(i))])
    return out


def _players(players: int | Sequence[str]) -> tuple[int, list[str]]:
    if isinstance(players, str):
        raise TypeError("players: expected a number of players or a sequence of names, not one "
                        "string")
    if isinstance(players, (int, np.integer)) and not isinstance(players, bool):
        n = int(players)
        if n < 1:
            raise ValueError(f"players: need at least one player, got {n}")
        return n, [f"p{i}" for i in range(n)]
    if not isinstance(players, Iterable):
        raise TypeError(f"players: expected a number of players or a sequence of names, got "
                        f"{players!r}")
    names = [str(p) for p in players]
    if not names:
        raise ValueError("players: need at least one player")
    if len(set(names)) != len(names):
        raise ValueError("players: names must be unique")
    return len(names), names


def _actor_weights(actors: ActorSet, weight: str | int | None) -> np.ndarray:
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected an ActorSet, got {type(actors).__name__}")
    check_table_size(actors.n, "actors")
    return np.asarray(actors.weight(weight), dtype=np.float64)


def _transform(transform: str | Callable[[np.ndarray], Any]) -> Callable[[np.ndarray], Any]:
    named: dict[str, Callable[[np.ndarray], Any]] = {
        "linear": lambda W: W, "sqrt": np.sqrt, "square": np.square}
    if callable(transform):
        return transform
    if transform not in named:
        raise ValueError(f"transform: expected one of {sorted(named)} or a function, got "
                         f"{transform!r}")
    return named[transform]


class Allocation:
    """A payoff vector of a game with its method and reference.

    Attributes
    ----------
    values : numpy.ndarray
        Payoffs in player order.
    players : tuple of str
    method : str
    reference : str
        Where the solution is defined.
    extra : dict
        Method-specific results (e.g. ``standard_error``, ``epsilon``, ``levels``).
    """

    __slots__ = ("extra", "method", "players", "reference", "values")

    def __init__(self, values: Any, players: Sequence[str], method: str, reference: str,
                 **extra: Any) -> None:
        self.values = np.asarray(values, dtype=np.float64)
        self.values.setflags(write=False)
        self.players = tuple(players)
        self.method = method
        self.reference = reference
        self.extra = extra

    def __getitem__(self, player: str | int) -> float:
        if isinstance(player, str):
            if player not in self.players:
                raise KeyError(f"player: {player!r} is not a player")
            return float(self.values[self.players.index(player)])
        return float(self.values[player])

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.asarray(self.values, dtype=dtype)

    def __len__(self) -> int:
        return len(self.values)

    def to_dict(self) -> dict[str, float]:
        return {p: float(x) for p, x in zip(self.players, self.values, strict=True)}

    def to_frame(self) -> Any:
        pd = import_pandas()
        cols = {self.method: self.values}
        se = self.extra.get("standard_error")
        if se is not None:
            cols["standard_error"] = np.asarray(se)
        return pd.DataFrame(cols, index=pd.Index(self.players, name="player"))

    def __repr__(self) -> str:
        body = ", ".join(f"{p}: {x:.6g}" for p, x in zip(self.players[:8], self.values[:8],
                                                          strict=False))
        more = ", ..." if len(self.players) > 8 else ""
        return f"Allocation({self.method}; {body}{more})"
