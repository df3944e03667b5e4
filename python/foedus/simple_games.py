"""Simple games: properties, dummy and veto players, desirability, weightedness, the Nakamura
number, and weights whose power approximates a target (Penrose, Jagiellonian compromise).

A voting rule is a monotone simple game: the set ``W`` of coalitions it lets win. It is known
exactly in one of two ways:

- **subset sums** for one weighted quota (``Rule.quota``, ``Rule.share``, ``Rule.majority``,
  ``Rule.count`` and its variants): the integer weights are divided by their gcd and the set of
  reachable subset sums is kept as the bits of a Python integer, at any number of actors while
  the total stays at most :data:`MAX_SUBSET_SUM_TOTAL` and the work (total weight times actors
  times passes) within a budget of a few seconds; each question says how many passes it needs
  (properties and dummies: about ``log2(n)``; desirability: one per distinct weight);
- **enumeration** of all ``2^n`` coalitions for any rule (composed with ``&`` and ``|``), as a
  boolean array indexed by mask, for at most :data:`MAX_GAME_ACTORS` actors.

Weightedness and homogeneity are integer programs (``scipy.optimize.milp``, HiGHS) whose
constraints are added lazily, and every answer is checked in exact integer arithmetic against
all ``2^n`` coalitions: returned weights reproduce the game exactly, and a game declared not
weighted comes with a trading transform that proves it.

Definitions (``N`` the actors, ``W`` the winning coalitions):

- proper: ``S`` wins implies ``N - S`` loses; strong: ``S`` loses implies ``N - S`` wins;
  decisive (constant-sum): both.
- dummy (null) player: never pivotal; veto player: a member of every winning coalition.
- desirability (Isbell): ``i`` is at least as desirable as ``j`` iff for every ``S`` without
  ``i`` and ``j``, ``S + j`` wins implies ``S + i`` wins; the game is complete (swap robust) when
  every two actors are comparable. Weighted games are complete.
- weighted: some ``w >= 0`` and ``q`` give ``S`` wins iff ``w(S) >= q``; homogeneous: weighted
  with a representation in which every minimal winning coalition weighs exactly ``q``.
- Nakamura number: the smallest number of winning coalitions whose intersection is empty
  (infinite, reported as None, when there is a veto player).
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, reduce
from typing import Any

import numpy as np

from ._optional import import_pandas
from .actors import ActorSet
from .rules import CRIT_SIZE, OP_AND, OP_CONTAINS, OP_QUOTA, BoundRule, Rule, exact_number

__all__ = [
    "FIT_INDICES",
    "MAX_GAME_ACTORS",
    "MAX_SUBSET_SUM_TOTAL",
    "Desirability",
    "GameProperties",
    "TradingTransform",
    "WeightFit",
    "Weightedness",
    "desirability",
    "dummy_players",
    "fit_weights",
    "game_properties",
    "is_weighted",
    "jagiellonian_compromise",
    "nakamura_number",
    "penrose_square_root",
    "veto_players",
]

#: Largest number of actors for which a rule is analysed by enumerating all 2^n coalitions.
MAX_GAME_ACTORS = 20

#: Largest total weight (after division by the weights' gcd) of the subset-sum methods for one
#: weighted quota (a bitset of that many bits).
MAX_SUBSET_SUM_TOTAL = 10**8

#: Bit operations the subset-sum methods may spend on one question (a few seconds).
_BITSET_WORK = 5 * 10**10

#: Power indices that :func:`fit_weights` can fit.
FIT_INDICES = ("banzhaf", "shapley_shubik")

_INITIAL_ROWS = 256     # constraints of the first integer program (per kind)
_ADDED_ROWS = 64        # violated constraints added per round (per kind)
_MAX_ROUNDS = 1000
_MAX_TRADING_LENGTH = 1000


def _readonly(a: Any, dtype: Any = None) -> np.ndarray:
    a = np.array(a, dtype=dtype)
    a.setflags(write=False)
    return a


# ============================================================================ the game itself


def _check_game(actors: Any, rule: Any) -> BoundRule:
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected a foedus.ActorSet, got {type(actors).__name__}")
    if not isinstance(rule, Rule):
        raise TypeError(f"rule: expected a foedus.Rule, got {type(rule).__name__}")
    return rule.bind(actors)


def _subset_sums(values: Sequence[int]) -> np.ndarray:
    """Sum of ``values`` over every mask (bit i = item i), int64, ascending mask order."""
    out = np.zeros(1, dtype=np.int64)
    for v in values:
        out = np.concatenate((out, out + np.int64(v)))
    return out


def _zero_at(n: int, bits: Sequence[int]) -> np.ndarray:
    """All masks of n bits in which the given bits are 0, ascending."""
    r = np.arange(1 << (n - len(bits)), dtype=np.int64)
    for pos in sorted(bits):
        r = ((r >> pos) << (pos + 1)) | (r & ((1 << pos) - 1))
    return r


def _bit_matrix(masks: np.ndarray, n: int) -> np.ndarray:
    """(len(masks), n) 0/1 float matrix of the members of each mask."""
    m = np.asarray(masks, dtype=np.int64)
    return ((m[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(np.float64)


class _Game:
    """Every coalition of at most MAX_GAME_ACTORS actors: ``win[mask]``."""

    def __init__(self, win: np.ndarray) -> None:
        self.win = win
        self.n = int(win.size).bit_length() - 1
        self.full = (1 << self.n) - 1

    @classmethod
    def of(cls, actors: ActorSet, bound: BoundRule, what: str) -> _Game:
        n = actors.n
        if n > MAX_GAME_ACTORS:
            raise ValueError(
                f"actors: {what} of this rule needs all 2^n coalitions and is limited to "
                f"n <= {MAX_GAME_ACTORS} actors (MAX_GAME_ACTORS), got n = {n}; a single "
                "weighted quota (Rule.quota, Rule.share, Rule.majority, Rule.count) is analysed "
                "at any size by subset sums where that is supported")
        masks = np.arange(1 << n, dtype=np.int64)
        sums: dict[int, np.ndarray] = {}
        stack: list[np.ndarray] = []
        for op, crit, k, q, s in zip(bound.op, bound.crit, bound.nchild, bound.q, bound.set,
                                     strict=True):
            if op == OP_QUOTA:
                c = int(crit)
                if c not in sums:
                    values = [1] * n if c == CRIT_SIZE else [
                        int(x) for x in actors.integer_weights(c)[0]]
                    sums[c] = _subset_sums(values)
                stack.append(sums[c] >= int(q))
            elif op == OP_CONTAINS:
                m = int(s)
                stack.append((masks & m) == m)
            else:
                args = stack[len(stack) - int(k):]
                del stack[len(stack) - int(k):]
                reducer = np.logical_and if op == OP_AND else np.logical_or
                stack.append(reducer.reduce(args))
        return cls(np.ascontiguousarray(stack[0], dtype=bool))

    @property
    def proper(self) -> bool:
        return not bool(np.any(self.win & self.win[::-1]))  # win[::-1][m] = win[N - m]

    @property
    def strong(self) -> bool:
        return bool(np.all(self.win | self.win[::-1]))

    @cached_property
    def swings(self) -> list[int]:
        out = []
        for i in range(self.n):
            m = _zero_at(self.n, [i])
            out.append(int(np.count_nonzero(self.win[m | (1 << i)] & ~self.win[m])))
        return out

    @property
    def vetoes(self) -> list[int]:
        return [i for i in range(self.n) if not self.win[self.full ^ (1 << i)]]

    @cached_property
    def minimal_winning(self) -> np.ndarray:
        keep = self.win.copy()
        for i in range(self.n):
            m = _zero_at(self.n, [i])
            keep[m | (1 << i)] &= ~self.win[m]
        return np.flatnonzero(keep).astype(np.int64)

    @cached_property
    def maximal_losing(self) -> np.ndarray:
        keep = ~self.win
        for i in range(self.n):
            m = _zero_at(self.n, [i])
            keep[m] &= self.win[m | (1 << i)]
        return np.flatnonzero(keep).astype(np.int64)

    def relation(self) -> np.ndarray:
        """relation[i, j]: i is at least as desirable as j."""
        n = self.n
        rel = np.eye(n, dtype=bool)
        for i in range(n):
            for j in range(i + 1, n):
                m = _zero_at(n, [i, j])
                with_i = self.win[m | (1 << i)]
                with_j = self.win[m | (1 << j)]
                rel[i, j] = not bool(np.any(with_j & ~with_i))
                rel[j, i] = not bool(np.any(with_i & ~with_j))
        return rel


@dataclass(frozen=True)
class _Quota:
    """One weighted quota ``w(S) >= q`` with the weights divided by their gcd."""

    w: tuple[int, ...]
    q: int

    @property
    def total(self) -> int:
        return sum(self.w)

    def cheap(self, passes: int) -> bool:
        total = self.total
        return total <= MAX_SUBSET_SUM_TOTAL and total * len(self.w) * passes <= _BITSET_WORK

    def sums(self, skip: Sequence[int] = ()) -> int:
        """Bit s is set iff some coalition of the actors not in ``skip`` weighs s."""
        bits = 1
        for i, x in enumerate(self.w):
            if x and i not in skip:
                bits |= bits << x
        return bits

    @staticmethod
    def hits(bits: int, lo: int, hi: int) -> bool:
        """Whether some subset sum lies in [lo, hi]."""
        lo = max(lo, 0)
        if hi < lo:
            return False
        return ((bits >> lo) & ((1 << (hi - lo + 1)) - 1)) != 0

    def vetoes(self) -> list[int]:
        return [i for i, x in enumerate(self.w) if self.total - x < self.q]

    def dummies(self) -> list[int]:
        # a player less desirable than a dummy is a dummy, and desirability follows weight:
        # the dummies are the lightest players up to a threshold (binary search on it)
        order = sorted(range(len(self.w)), key=lambda i: (self.w[i], i))

        def dummy(i: int) -> bool:
            x = self.w[i]
            return x == 0 or not self.hits(self.sums([i]), self.q - x, self.q - 1)

        lo, hi = 0, len(order)  # order[:lo] are dummies, order[hi:] are not
        while lo < hi:
            mid = (lo + hi) // 2
            if dummy(order[mid]):
                lo = mid + 1
            else:
                hi = mid
        return sorted(order[:lo])

    def ranks(self) -> list[int]:
        """Desirability class of each actor (0 = most desirable), classes follow weight."""
        n = len(self.w)
        order = sorted(range(n), key=lambda i: (-self.w[i], i))
        rank = [0] * n
        r = 0
        for a, b in zip(order, order[1:], strict=False):
            wa, wb = self.w[a], self.w[b]
            # b is as desirable as a iff no S without a, b has w(S) in [q - wa, q - wb - 1]
            if wa != wb and self.hits(self.sums([a, b]), self.q - wa, self.q - wb - 1):
                r += 1
            rank[b] = r
        return rank


def _single_quota(actors: ActorSet, bound: BoundRule) -> _Quota | None:
    if len(bound.op) != 1 or bound.op[0] != OP_QUOTA:
        return None
    c = int(bound.crit[0])
    q = int(bound.q[0])
    w = [1] * actors.n if c == CRIT_SIZE else [int(x) for x in actors.integer_weights(c)[0]]
    g = reduce(math.gcd, w, 0)
    if g > 1:
        w = [x // g for x in w]
        q = -(-q // g)
    return _Quota(tuple(w), q)


def _choose(actors: ActorSet, bound: BoundRule, what: str, passes: int) -> _Quota | None:
    """The subset-sum method when it applies and is cheap, else None (enumeration) or an
    error naming the limits."""
    quota = _single_quota(actors, bound)
    if quota is not None and quota.cheap(passes):
        return quota
    if actors.n <= MAX_GAME_ACTORS:
        return None
    if quota is not None:
        if quota.total > MAX_SUBSET_SUM_TOTAL:
            why = (f"subset sums up to a total weight of {MAX_SUBSET_SUM_TOTAL:,} "
                   f"(MAX_SUBSET_SUM_TOTAL; weights divided by their gcd), here {quota.total:,}")
        else:
            why = (f"subset sums of a total weight of {quota.total:,} (weights divided by their "
                   f"gcd) over {passes} passes of {actors.n} actors, beyond its budget of "
                   f"{_BITSET_WORK:.0e} bit operations")
        raise ValueError(
            f"actors: {what} of a weighted quota uses {why}, and enumeration is limited to "
            f"n <= {MAX_GAME_ACTORS} actors (MAX_GAME_ACTORS); round the weights (e.g. to "
            "thousands)")
    _Game.of(actors, bound, what)  # raises the enumeration limit error
    raise AssertionError  # pragma: no cover


def _names(actors: ActorSet, idx: Sequence[int]) -> tuple[str, ...]:
    return tuple(actors.names[i] for i in sorted(idx))


# ============================================================================ properties


@dataclass(frozen=True, eq=False)
class GameProperties:
    """Structural properties of a simple game.

    Attributes
    ----------
    names : tuple of str
        Actor names, in the actors' order.
    proper : bool
        No two complementary (hence no two disjoint) coalitions both win.
    strong : bool
        Of two complementary coalitions at least one wins (no blocking minority).
    decisive : bool
        Proper and strong: exactly one of ``S`` and ``N - S`` wins (constant-sum).
    weighted : bool
        Some weights and quota represent the game (see :func:`is_weighted`).
    homogeneous : bool or None
        Weighted with a representation in which every minimal winning coalition weighs exactly
        the quota; False when not weighted; None when not computed (a weighted quota over more
        than :data:`MAX_GAME_ACTORS` actors).
    dummies : tuple of str
        Dummy (null) players: never pivotal.
    vetoes : tuple of str
        Veto players: members of every winning coalition.
    method : str
        ``"subset_sum"`` (one weighted quota) or ``"enumeration"`` (every coalition).
    """

    names: tuple[str, ...]
    proper: bool
    strong: bool
    decisive: bool
    weighted: bool
    homogeneous: bool | None
    dummies: tuple[str, ...]
    vetoes: tuple[str, ...]
    method: str

    @property
    def reference(self) -> str:
        """The literature of simple games' properties."""
        from .references import cite

        return cite("taylor_zwicker_1999")

    def to_dict(self) -> dict[str, Any]:
        """The properties by name."""
        return {"proper": self.proper, "strong": self.strong, "decisive": self.decisive,
                "weighted": self.weighted, "homogeneous": self.homogeneous,
                "dummies": self.dummies, "vetoes": self.vetoes}

    def to_frame(self) -> Any:
        """A pandas DataFrame with one row per property (column ``value``)."""
        pd = import_pandas()
        d = self.to_dict()
        return pd.DataFrame({"value": list(d.values())},
                            index=pd.Index(list(d), name="property"))

    def __repr__(self) -> str:
        lines = [f"GameProperties(n={len(self.names)}, method={self.method!r})"]
        for key, value in self.to_dict().items():
            shown = list(value) if isinstance(value, tuple) else value
            lines.append(f"  {key:<12} {shown}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{k}</td><td>{html.escape(str(v))}</td></tr>"
                       for k, v in self.to_dict().items())
        return f"<table><caption>GameProperties ({self.method})</caption>{rows}</table>"


def game_properties(actors: ActorSet, rule: Rule) -> GameProperties:
    """Proper, strong, decisive, weighted and homogeneous; dummy and veto players.

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
        Any monotone rule. One weighted quota is analysed by subset sums at any number of
        actors (total weight, after division by the gcd, at most
        :data:`MAX_SUBSET_SUM_TOTAL`); any other rule by enumerating all coalitions, for at most
        :data:`MAX_GAME_ACTORS` actors. Homogeneity needs the enumeration (None beyond it).

    Returns
    -------
    GameProperties

    Raises
    ------
    ValueError
        Beyond those limits (the message names them).

    Examples
    --------
    The Council of the EEC in 1958: France, Germany and Italy 4 votes, Belgium and the
    Netherlands 2, Luxembourg 1; 12 of 17 votes pass a proposal. Luxembourg was never pivotal.

    >>> from foedus import ActorSet, Rule
    >>> from foedus.simple_games import game_properties
    >>> eec = ActorSet(["France", "Germany", "Italy", "Belgium", "Netherlands", "Luxembourg"],
    ...                [4, 4, 4, 2, 2, 1])
    >>> game_properties(eec, Rule.quota(12))
    GameProperties(n=6, method='subset_sum')
      proper       True
      strong       False
      decisive     False
      weighted     True
      homogeneous  True
      dummies      ['Luxembourg']
      vetoes       []
    """
    bound = _check_game(actors, rule)
    quota = _choose(actors, bound, "game_properties", passes=2 + actors.n.bit_length())
    game: _Game | None = None
    if quota is None or actors.n <= MAX_GAME_ACTORS:
        game = _Game.of(actors, bound, "game_properties")
    if quota is not None:
        bits = quota.sums()
        q, total = quota.q, quota.total
        proper = not quota.hits(bits, q, total - q)
        strong = not quota.hits(bits, total - q + 1, q - 1)
        dummies, vetoes = quota.dummies(), quota.vetoes()
        weighted = True
        method = "subset_sum"
    else:
        assert game is not None
        proper, strong = game.proper, game.strong
        dummies = [i for i, s in enumerate(game.swings) if s == 0]
        vetoes = game.vetoes
        weighted = (_single_quota(actors, bound) is not None
                    or _representation(game, homogeneous=False)[0] is not None)
        method = "enumeration"
    homogeneous: bool | None
    if not weighted:
        homogeneous = False
    elif game is None:
        homogeneous = None
    else:
        homogeneous = _representation(game, homogeneous=True)[0] is not None
    return GameProperties(names=actors.names, proper=proper, strong=strong,
                          decisive=proper and strong, weighted=weighted,
                          homogeneous=homogeneous, dummies=_names(actors, dummies),
                          vetoes=_names(actors, vetoes), method=method)


def dummy_players(actors: ActorSet, rule: Rule) -> tuple[str, ...]:
    """Actors that are never pivotal (their Banzhaf swing count is 0), in the actors' order.

    One weighted quota: by subset sums (the dummies are the lightest actors up to a threshold,
    found by binary search). Any other rule: by enumeration (at most :data:`MAX_GAME_ACTORS`
    actors), beyond that by the exact swing counts of :func:`foedus.power_indices` (a
    ValueError when they would take more than a minute).

    Examples
    --------
    >>> from foedus import ActorSet, Rule
    >>> from foedus.simple_games import dummy_players
    >>> eec = ActorSet(["FR", "DE", "IT", "BE", "NL", "LU"], [4, 4, 4, 2, 2, 1])
    >>> dummy_players(eec, Rule.quota(12))
    ('LU',)
    """
    bound = _check_game(actors, rule)
    quota = _single_quota(actors, bound)
    if quota is not None and quota.cheap(2 + actors.n.bit_length()):
        return _names(actors, quota.dummies())
    if actors.n <= MAX_GAME_ACTORS:
        game = _Game.of(actors, bound, "dummy_players")
        return _names(actors, [i for i, s in enumerate(game.swings) if s == 0])
    from .power import power_indices
    try:  # exact swing counts (never sampled estimates)
        swings = power_indices(actors, rule, index="swings", exact=True, max_seconds=60.0)
    except ValueError as exc:
        raise ValueError(f"actors: dummy_players needs exact swing counts, which are too costly "
                         f"here ({exc})") from None
    assert swings.counts is not None
    return _names(actors, [i for i, v in enumerate(swings.counts) if v == 0])


def veto_players(actors: ActorSet, rule: Rule) -> tuple[str, ...]:
    """Actors in every winning coalition (``N`` minus the actor loses), for any rule and size.

    Examples
    --------
    >>> from foedus import Rule
    >>> from foedus.datasets import un_security_council
    >>> from foedus.simple_games import veto_players
    >>> veto_players(un_security_council(), Rule.un_security_council())
    ('China', 'France', 'Russia', 'United Kingdom', 'United States')
    """
    bound = _check_game(actors, rule)
    quota = _single_quota(actors, bound)
    if quota is not None:
        return _names(actors, quota.vetoes())
    full = (1 << actors.n) - 1
    return _names(actors, [i for i in range(actors.n)
                           if not bound.wins_mask(actors, full ^ (1 << i))])


# ============================================================================ desirability


@dataclass(frozen=True, eq=False)
class Desirability:
    """Isbell's desirability relation between actors.

    Attributes
    ----------
    names : tuple of str
    relation : numpy.ndarray
        (n, n) read-only bool: ``relation[i, j]`` iff actor ``i`` is at least as desirable as
        ``j`` (for every ``S`` without both, ``S + j`` wins implies ``S + i`` wins). A preorder.
    complete : bool
        Every two actors are comparable (a complete, or swap-robust, game; weighted games are).
    classes : tuple of tuple of str
        Equivalence classes (actors interchangeable in every coalition), from the most to the
        least desirable. When the relation is incomplete the order is a linear extension: by
        the number of actors strictly below the class (then by first actor).
    rank : numpy.ndarray
        Read-only int: the position of each actor's class in ``classes`` (0 = most desirable).
    method : str
        ``"subset_sum"`` or ``"enumeration"``.
    """

    names: tuple[str, ...]
    relation: np.ndarray
    complete: bool
    classes: tuple[tuple[str, ...], ...]
    rank: np.ndarray
    method: str

    @property
    def reference(self) -> str:
        """The literature of the desirability relation."""
        from .references import cite

        return cite("isbell_1958", "taylor_zwicker_1999")

    def __post_init__(self) -> None:
        self.relation.setflags(write=False)
        self.rank.setflags(write=False)

    def _index(self, actor: str | int, arg: str) -> int:
        from ._validation import resolve_index
        return resolve_index(actor, self.names, "actor", arg)

    def at_least(self, a: str | int, b: str | int) -> bool:
        """Whether actor ``a`` is at least as desirable as actor ``b`` (names or indices)."""
        return bool(self.relation[self._index(a, "a"), self._index(b, "b")])

    def strictly(self, a: str | int, b: str | int) -> bool:
        """Whether ``a`` is strictly more desirable than ``b``."""
        i, j = self._index(a, "a"), self._index(b, "b")
        return bool(self.relation[i, j] and not self.relation[j, i])

    def to_frame(self) -> Any:
        """The relation as a boolean DataFrame (row at least as desirable as column)."""
        pd = import_pandas()
        idx = pd.Index(self.names, name="actor")
        return pd.DataFrame(self.relation, index=idx, columns=pd.Index(self.names))

    def __repr__(self) -> str:
        lines = [f"Desirability(n={len(self.names)}, complete={self.complete}, "
                 f"method={self.method!r})"]
        shown = self.classes[:12]
        for r, cls in enumerate(shown):
            lines.append(f"  {r}: {', '.join(cls)}")
        if len(self.classes) > len(shown):
            lines.append(f"  ... {len(self.classes) - len(shown)} more classes")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{r}</td><td>{html.escape(', '.join(c))}</td></tr>"
                       for r, c in enumerate(self.classes))
        return (f"<table><caption>Desirability classes (complete={self.complete})</caption>"
                f"<tr><th>rank</th><th>actors</th></tr>{rows}</table>")


def _classes(rel: np.ndarray) -> tuple[list[list[int]], list[int]]:
    n = rel.shape[0]
    eq = rel & rel.T
    label = [-1] * n
    groups: list[list[int]] = []
    for i in range(n):
        if label[i] < 0:
            members = [j for j in range(n) if eq[i, j]]
            for j in members:
                label[j] = len(groups)
            groups.append(members)
    below = [int(np.count_nonzero(rel[g[0]] & ~rel[:, g[0]])) for g in groups]
    order = sorted(range(len(groups)), key=lambda k: (-below[k], groups[k][0]))
    position = {k: r for r, k in enumerate(order)}
    return [groups[k] for k in order], [position[label[i]] for i in range(n)]


def desirability(actors: ActorSet, rule: Rule) -> Desirability:
    """Isbell's desirability relation, its equivalence classes and whether it is complete.

    One weighted quota: classes follow the weights (heavier is at least as desirable), and two
    neighbours in weight order are equivalent unless a subset sum of the other actors separates
    them (subset sums, one pass per distinct weight, any number of actors within the work
    budget described in :mod:`foedus.simple_games`). Any other rule: by enumeration, at most
    :data:`MAX_GAME_ACTORS` actors.

    Examples
    --------
    >>> from foedus import ActorSet, Rule
    >>> from foedus.simple_games import desirability
    >>> eec = ActorSet(["FR", "DE", "IT", "BE", "NL", "LU"], [4, 4, 4, 2, 2, 1])
    >>> desirability(eec, Rule.quota(12))
    Desirability(n=6, complete=True, method='subset_sum')
      0: FR, DE, IT
      1: BE, NL
      2: LU
    >>> game = ActorSet(["A", "B", "C", "D"])
    >>> desirability(game, Rule.veto(["A", "B"]) | Rule.veto(["C", "D"])).complete
    False
    """
    bound = _check_game(actors, rule)
    single = _single_quota(actors, bound)
    # one subset-sum pass per pair of neighbours with different weights
    passes = 1 if single is None else max(1, len(set(single.w)) - 1)
    quota = _choose(actors, bound, "desirability", passes=passes)
    if quota is not None:
        rank = quota.ranks()
        r = np.array(rank)
        rel = r[:, None] <= r[None, :]
        groups: list[list[int]] = [[] for _ in range(max(rank) + 1)]
        for i, k in enumerate(rank):
            groups[k].append(i)
        method = "subset_sum"
    else:
        rel = _Game.of(actors, bound, "desirability").relation()
        groups, rank = _classes(rel)
        method = "enumeration"
    return Desirability(
        names=actors.names, relation=np.ascontiguousarray(rel, dtype=bool),
        complete=bool(np.all(rel | rel.T)),
        classes=tuple(tuple(actors.names[i] for i in g) for g in groups),
        rank=np.array(rank, dtype=np.int64), method=method)


# ============================================================================ weightedness


@dataclass(frozen=True, eq=False)
class TradingTransform:
    """A proof that a game is not weighted: winning coalitions ``S_1..S_k`` and losing
    coalitions ``T_1..T_k`` in which every actor appears equally often.

    With weights ``w >= 0`` and quota ``q``, ``sum w(S_i) >= k q > sum w(T_i)``, yet both sums
    count the same weights: no weights and quota can represent the game.

    Attributes
    ----------
    winning, losing : tuple of tuple of str
        The ``k`` winning and ``k`` losing coalitions (repetitions allowed), by actor name.
    """

    winning: tuple[tuple[str, ...], ...]
    losing: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return len(self.winning)

    def __repr__(self) -> str:
        def fmt(c: tuple[str, ...]) -> str:
            return "{" + ", ".join(c) + "}"
        return (f"TradingTransform(k={len(self)}: winning "
                f"{' '.join(fmt(c) for c in self.winning)} -> losing "
                f"{' '.join(fmt(c) for c in self.losing)})")


@dataclass(frozen=True, eq=False)
class Weightedness:
    """Whether a game is weighted, with integer weights or a proof that none exist.

    Attributes
    ----------
    names : tuple of str
    weighted : bool
    weights : numpy.ndarray or None
        Read-only int64 weights of a representation (``S`` wins iff ``weights(S) >= quota``).
        With ``minimum_sum`` they have the smallest possible sum (dummies get 0).
    quota : int or None
        The smallest quota that works with ``weights``.
    minimum_sum : bool
        Whether ``weights`` is a minimum-sum integer representation (found by integer
        programming; other minimum-sum representations may exist).
    certificate : TradingTransform or None
        For a game that is not weighted: a trading transform proving it.
    explanation : str
        How the verdict was reached.
    """

    names: tuple[str, ...]
    weighted: bool
    weights: np.ndarray | None
    quota: int | None
    minimum_sum: bool
    certificate: TradingTransform | None
    explanation: str

    @property
    def method(self) -> str:
        """How weightedness is decided."""
        return ("linear and integer programming over the minimal winning and maximal losing "
                "coalitions; a trading transform when no weights exist")

    @property
    def reference(self) -> str:
        """The literature of weightedness and trading."""
        from .references import cite

        return cite("taylor_zwicker_1999")

    def __post_init__(self) -> None:
        if self.weights is not None:
            self.weights.setflags(write=False)

    def actor_set(self) -> ActorSet:
        """The actors with the representation's weights (criterion ``"weight"``)."""
        if self.weights is None:
            raise ValueError("weights: the game is not weighted, so there are no weights")
        return ActorSet(self.names, {"weight": np.asarray(self.weights, dtype=np.int64)})

    def rule(self) -> Rule:
        """``Rule.quota(quota)`` on :meth:`actor_set` (the same game)."""
        if self.quota is None:
            raise ValueError("quota: the game is not weighted, so there is no quota")
        return Rule.quota(self.quota)

    def to_frame(self) -> Any:
        """Weights by actor (a DataFrame; empty weights column when not weighted)."""
        pd = import_pandas()
        w = list(self.weights) if self.weights is not None else [None] * len(self.names)
        return pd.DataFrame({"weight": w}, index=pd.Index(self.names, name="actor"))

    def __repr__(self) -> str:
        head = f"Weightedness(weighted={self.weighted}"
        if self.weighted:
            assert self.weights is not None
            w = ", ".join(str(int(x)) for x in self.weights[:20])
            more = ", ..." if len(self.weights) > 20 else ""
            head += f", quota={self.quota}, weights=[{w}{more}], minimum_sum={self.minimum_sum}"
        elif self.certificate is not None:
            head += f", certificate={self.certificate!r}"
        return head + ")"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(repr(self))}</pre><p>{html.escape(self.explanation)}</p>"


def _representation(game: _Game, *, homogeneous: bool
                    ) -> tuple[tuple[np.ndarray, int] | None, np.ndarray, np.ndarray]:
    """A minimum-sum integer representation ``(w, q)`` of the enumerated game (homogeneous:
    every minimal winning coalition weighs exactly ``q``), or None; and the constraint rows
    (minimal winning, maximal losing masks) of the last integer program.

    Constraints are added lazily: solve with some rows, check the solution against every
    coalition in integer arithmetic, add the most violated rows, repeat. A restricted program
    that is infeasible proves the full one infeasible; a solution of a restricted program that
    passes the full check is optimal for the full program.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = game.n
    mwc, mls = game.minimal_winning, game.maximal_losing

    def spread(rows: np.ndarray, k: int) -> np.ndarray:
        if len(rows) <= k:
            return rows
        return rows[np.unique(np.linspace(0, len(rows) - 1, k).round().astype(np.int64))]

    win_rows, lose_rows = spread(mwc, _INITIAL_ROWS), spread(mls, _INITIAL_ROWS)
    c = np.r_[np.ones(n), 0.0]
    bounds = Bounds(np.r_[np.zeros(n), 1.0], np.full(n + 1, np.inf))
    integrality = np.ones(n + 1)
    for _ in range(_MAX_ROUNDS):
        cons = []
        if len(win_rows):
            a = np.hstack([_bit_matrix(win_rows, n), -np.ones((len(win_rows), 1))])
            cons.append(LinearConstraint(a, 0.0, 0.0 if homogeneous else np.inf))
        if len(lose_rows):
            a = np.hstack([_bit_matrix(lose_rows, n), -np.ones((len(lose_rows), 1))])
            cons.append(LinearConstraint(a, -np.inf, -1.0))
        res = milp(c, constraints=cons, integrality=integrality, bounds=bounds)
        if res.status == 2:
            return None, win_rows, lose_rows
        if res.status != 0 or res.x is None:  # pragma: no cover - solver trouble
            raise RuntimeError(f"integer programming failed: {res.message}")
        x = np.rint(res.x)
        if float(np.max(x)) > 2.0**40:  # pragma: no cover - far beyond n <= 20 games
            raise RuntimeError("integer programming returned weights beyond 2^40")
        w = x[:n].astype(np.int64)
        q = int(x[n])
        sums = _subset_sums([int(v) for v in w])
        w_ok = sums[mwc] == q if homogeneous else sums[mwc] >= q
        l_ok = sums[mls] <= q - 1
        if w_ok.all() and l_ok.all():
            if not homogeneous:
                q = int(sums[mls].max()) + 1  # the smallest quota for these weights
            return (w, q), win_rows, lose_rows
        grown = False
        for bad, slack, name in ((mwc[~w_ok], np.abs(sums[mwc][~w_ok] - q), "w"),
                                 (mls[~l_ok], sums[mls][~l_ok] - q + 1, "l")):
            if not len(bad):
                continue
            add = bad[np.argsort(-slack, kind="stable")[:_ADDED_ROWS]]
            rows = win_rows if name == "w" else lose_rows
            merged = np.union1d(rows, add)
            grown = grown or len(merged) > len(rows)
            if name == "w":
                win_rows = merged
            else:
                lose_rows = merged
        if not grown:  # pragma: no cover - solver returned a point violating its constraints
            raise RuntimeError("integer programming: the solver's point violates its own "
                               "constraints")
    raise RuntimeError("integer programming: too many rounds")  # pragma: no cover


def _two_trade(game: _Game, candidates: np.ndarray) -> tuple[list[int], list[int]] | None:
    """A trading transform of length 2 from two of the candidate winning coalitions: losing
    T_1 = C + X and T_2 = C + (D - X), where C = S_1 & S_2 and D = S_1 ^ S_2."""
    n = game.n
    pairs = sorted(((bin(int(s1) ^ int(s2)).count("1"), int(s1), int(s2))
                    for k, s1 in enumerate(candidates) for s2 in candidates[k + 1:]))
    budget = 1 << 22
    for size, s1, s2 in pairs:
        if size < 2 or (1 << size) > budget:
            continue
        budget -= 1 << size
        common, diff = s1 & s2, s1 ^ s2
        spots = [i for i in range(n) if (diff >> i) & 1]
        sub = np.zeros(1, dtype=np.int64)
        for i in spots:
            sub = np.concatenate((sub, sub | (1 << i)))
        both = ~game.win[common | sub] & ~game.win[common | (diff ^ sub)]
        if both.any():
            x = int(sub[int(np.argmax(both))])
            return [s1, s2], [common | x, common | (diff ^ x)]
    return None


def _trading_transform(game: _Game, win_rows: np.ndarray,
                       lose_rows: np.ndarray) -> tuple[list[int], list[int]] | None:
    """Winning S_1..S_k and losing T_1..T_k using every actor equally often.

    From the Farkas alternative of the infeasible weight program over the given rows:
    multiplicities y, z >= 0 with sum y = sum z >= 1 and, actor by actor, y-weighted winning
    memberships at most the z-weighted losing ones. A vertex of that linear program has a small
    support: first a transform of length 2 is sought among pairs of its winning coalitions, else
    the integer program on the support gives the multiplicities."""
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    n = game.n
    a, b = len(win_rows), len(lose_rows)
    if a == 0 or b == 0:  # pragma: no cover - an infeasible program has both kinds
        return None
    members = np.hstack([_bit_matrix(win_rows, n).T, -_bit_matrix(lose_rows, n).T])
    balance = np.r_[np.ones(a), -np.ones(b)][None, :]
    count = np.r_[np.zeros(a), np.ones(b)]
    lp = linprog(count, A_ub=np.vstack([members, -count[None, :]]),
                 b_ub=np.r_[np.zeros(n), -1.0], A_eq=balance, b_eq=[0.0], bounds=(0, None),
                 method="highs")
    if lp.status != 0 or lp.x is None:  # pragma: no cover - solver trouble
        return None
    support = np.flatnonzero(lp.x > 1e-9)
    candidates = win_rows if a <= 64 else win_rows[support[support < a]]
    found = _two_trade(game, candidates)
    if found is not None:
        return found
    sub = members[:, support]
    res = milp(count[support], constraints=[
        LinearConstraint(sub, -np.inf, 0.0), LinearConstraint(balance[:, support], 0.0, 0.0),
        LinearConstraint(count[None, support], 1.0, _MAX_TRADING_LENGTH)],
        integrality=np.ones(len(support)), bounds=Bounds(0, np.inf))
    if res.status != 0 or res.x is None:  # pragma: no cover - multiplicities beyond the cap
        return None
    x = np.zeros(a + b, dtype=np.int64)
    x[support] = np.rint(res.x).astype(np.int64)
    winning = [int(m) for m, k in zip(win_rows, x[:a], strict=True) for _ in range(int(k))]
    losing = [int(m) for m, k in zip(lose_rows, x[a:], strict=True) for _ in range(int(k))]
    # the winning coalitions use each actor at most as often as the losing ones: drop the
    # surplus from losing coalitions (they stay losing) to balance the counts exactly
    surplus = [sum((t >> i) & 1 for t in losing) - sum((s >> i) & 1 for s in winning)
               for i in range(n)]
    for k, t in enumerate(losing):
        for i in range(n):
            if surplus[i] > 0 and (t >> i) & 1:
                t &= ~(1 << i)
                surplus[i] -= 1
        losing[k] = t
    return winning, losing


def _valid_transform(game: _Game, winning: list[int], losing: list[int]) -> bool:
    return (len(winning) == len(losing) > 0 and all(game.win[s] for s in winning)
            and not any(game.win[t] for t in losing)
            and all(sum((s >> i) & 1 for s in winning) == sum((t >> i) & 1 for t in losing)
                    for i in range(game.n)))


def is_weighted(actors: ActorSet, rule: Rule) -> Weightedness:
    """Whether the rule is a weighted game, with minimum-sum integer weights or a proof.

    The game is weighted iff some ``w >= 0`` and ``q`` satisfy ``w(S) >= q`` for every minimal
    winning ``S`` and ``w(T) <= q - 1`` for every maximal losing ``T``. The integer program
    minimising ``sum(w)`` over integers (``scipy.optimize.milp``) is solved with lazily added
    constraints and its answer is checked against every coalition; the quota returned is the
    smallest that works with those weights. When the program is infeasible, a trading
    transform (winning ``S_1..S_k`` and losing ``T_1..T_k`` with the same members counted with
    multiplicity), read off the Farkas alternative of the linear program over the constraints
    used, proves that the game is not weighted.

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
        Any rule with at most :data:`MAX_GAME_ACTORS` actors. A single weighted quota is
        weighted at any size; beyond that limit its own weights (divided by their gcd) are
        returned, with ``minimum_sum=False``.

    Returns
    -------
    Weightedness

    Examples
    --------
    The UN Security Council (9 of 15 votes, no veto of the 5 permanent members) is the weighted
    game with weight 7 for each permanent member and 1 for the others, quota 39:

    >>> from foedus import Rule
    >>> from foedus.datasets import un_security_council
    >>> from foedus.simple_games import is_weighted
    >>> unsc = is_weighted(un_security_council(), Rule.un_security_council())
    >>> unsc.quota, unsc.weights.tolist()
    (39, [7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])

    Two pairs, either of which decides, is not weighted:

    >>> from foedus import ActorSet
    >>> pairs = ActorSet(["A", "B", "C", "D"])
    >>> is_weighted(pairs, Rule.veto(["A", "B"]) | Rule.veto(["C", "D"]))
    Weightedness(weighted=False, certificate=TradingTransform(k=2: winning {A, B} {C, D} -> losing {A, C} {B, D}))
    """  # noqa: E501
    bound = _check_game(actors, rule)
    n = actors.n
    quota = _single_quota(actors, bound)
    if n > MAX_GAME_ACTORS and quota is not None:
        minimal = bound.crit[0] == CRIT_SIZE  # k of n: every actor needs weight >= 1
        how = ("a member count: weight 1 each is a minimum-sum representation" if minimal
               else f"a single weighted quota: its weights divided by their gcd (a minimum-sum "
                    f"representation needs n <= {MAX_GAME_ACTORS})")
        return Weightedness(names=actors.names, weighted=True,
                            weights=_readonly(quota.w, np.int64), quota=quota.q,
                            minimum_sum=bool(minimal), certificate=None, explanation=how)
    game = _Game.of(actors, bound, "is_weighted")
    found, win_rows, lose_rows = _representation(game, homogeneous=False)
    counts = (f"{len(game.minimal_winning)} minimal winning and {len(game.maximal_losing)} "
              "maximal losing coalitions")
    if found is not None:
        w, q = found
        return Weightedness(
            names=actors.names, weighted=True, weights=_readonly(w, np.int64), quota=q,
            minimum_sum=True, certificate=None,
            explanation=f"weighted: minimum-sum integer weights by integer programming over "
                        f"{counts} (checked against all {1 << n} coalitions)")
    transform = _trading_transform(game, win_rows, lose_rows)
    cert = None
    if transform is not None and _valid_transform(game, *transform):
        cert = TradingTransform(
            winning=tuple(actors.members(s) for s in transform[0]),
            losing=tuple(actors.members(t) for t in transform[1]))
        how = (f"not weighted: a trading transform of length {len(cert)} exchanges members of "
               "winning coalitions to make them all losing")
    else:  # pragma: no cover - the transform exists whenever the program is infeasible
        how = f"not weighted: the linear program over {counts} is infeasible"
    return Weightedness(names=actors.names, weighted=False, weights=None, quota=None,
                        minimum_sum=False, certificate=cert, explanation=how)


# ============================================================================ Nakamura number


def _zeta(f: np.ndarray, sign: int) -> np.ndarray:
    """Sum over subsets (sign +1) or its inverse, the Moebius transform (sign -1)."""
    f = f.copy()
    n = int(f.size).bit_length() - 1
    for i in range(n):
        v = f.reshape(-1, 2, 1 << i)
        if sign > 0:
            v[:, 1, :] += v[:, 0, :]
        else:
            v[:, 1, :] -= v[:, 0, :]
    return f


def _nakamura(game: _Game) -> int | None:
    """Smallest k such that N is the union of k complements of winning coalitions.

    The complements of winning coalitions form a downward-closed family C; the unions of k of
    them, U_k, too. U_{k+1} = {a | b : a in U_k, b in C} by OR-convolution: the zeta transforms
    multiply, the Moebius transform counts pairs with union exactly m (exact in int64 for
    n <= 20: counts below 4^n, partial sums below 8^n).
    """
    if game.vetoes:
        return None
    co = game.win[::-1].astype(np.int64)  # co[m] = 1 iff N - m wins
    zc = _zeta(co, 1)
    u = co
    for k in range(2, game.n + 1):
        u = (_zeta(_zeta(u, 1) * zc, -1) > 0).astype(np.int64)
        if u[-1]:
            return k
    raise AssertionError("no veto player, so n winning coalitions have an empty intersection")


def nakamura_number(actors: ActorSet, rule: Rule) -> int | None:
    """The Nakamura number: the fewest winning coalitions with an empty intersection.

    None (infinity) when there is a veto player. It is 2 for an improper game and at least 3
    for a proper one; a core of a voting game over ``m`` alternatives with acyclic preferences
    is always non-empty iff ``m`` is below it (Nakamura 1979).

    Computed exactly by enumeration (at most :data:`MAX_GAME_ACTORS` actors): the smallest
    ``k`` for which ``N`` is a union of ``k`` complements of winning coalitions, by repeated
    OR-convolution over all coalitions (zeta and Moebius transforms, exact in integers). A
    member count ``Rule.count(k)`` has the closed form ``ceil(n / (n - k))`` at any size.

    Examples
    --------
    >>> from foedus import ActorSet, Rule
    >>> from foedus.simple_games import nakamura_number
    >>> eec = ActorSet(["FR", "DE", "IT", "BE", "NL", "LU"], [4, 4, 4, 2, 2, 1])
    >>> nakamura_number(eec, Rule.quota(12))
    4

    Every winning coalition of the EEC Council holds two of the three large members, so the
    coalitions must each leave out a different one of them, and Belgium and the Netherlands
    need a fourth coalition (France, Germany and Italy) to leave them out.
    >>> nakamura_number(ActorSet([f"v{i}" for i in range(10)]), Rule.count(6))
    3
    """
    bound = _check_game(actors, rule)
    n = actors.n
    quota = _single_quota(actors, bound)
    if quota is not None:
        if quota.vetoes():
            return None
        if bound.crit[0] == CRIT_SIZE:
            k = int(bound.q[0])
            return -(-n // (n - k))
    return _nakamura(_Game.of(actors, bound, "nakamura_number"))


# ============================================================================ inverse problem


@dataclass(frozen=True, eq=False)
class WeightFit:
    """Weights and quota of a weighted game whose power approximates a target distribution.

    The game is ``S`` wins iff ``integer_weights(S) >= quota``;
    :meth:`actor_set` and :meth:`rule` build it.

    Attributes
    ----------
    method : str
        ``"fit"`` (:func:`fit_weights`), ``"penrose"`` or ``"jagiellonian"``.
    index : str
        The power index compared with the target.
    names : tuple of str
    target : numpy.ndarray
        The target distribution (normalised to sum 1).
    weights : numpy.ndarray
        ``integer_weights / integer_weights.sum()``.
    integer_weights : numpy.ndarray
        Read-only int64 weights of the game (summing to about the ``resolution``).
    quota : int
        The quota on ``integer_weights``: ``ceil(relative_quota * total)`` (a float relative
        quota read as the decimal it prints as, like ``Rule.share``: 0.65 of 1000 is 650).
    relative_quota : float
        The quota as a share of the total weight, as fitted or as given (the Jagiellonian
        compromise: its closed form).
    achieved : numpy.ndarray
        The index in the game (from :func:`foedus.power_indices`).
    max_abs_error, l2_error, max_relative_error : float
        ``max |achieved - target|``, ``||achieved - target||_2`` and
        ``max |achieved - target| / target`` over actors with a positive target.
    iterations : int
        Weight updates made (0 for the closed-form rules).
    converged : bool or None
        Whether the fit reached ``tol`` (None for the closed-form rules).
    """

    method: str
    index: str
    names: tuple[str, ...]
    target: np.ndarray
    weights: np.ndarray
    integer_weights: np.ndarray
    quota: int
    relative_quota: float
    achieved: np.ndarray
    max_abs_error: float
    l2_error: float
    max_relative_error: float
    iterations: int
    converged: bool | None

    @property
    def reference(self) -> str:
        """The literature of weighted representations."""
        from .references import cite

        return cite("taylor_zwicker_1999")

    def __post_init__(self) -> None:
        for a in (self.target, self.weights, self.integer_weights, self.achieved):
            a.setflags(write=False)

    def actor_set(self) -> ActorSet:
        """The actors with the fitted integer weights (criterion ``"weight"``)."""
        return ActorSet(self.names, {"weight": np.asarray(self.integer_weights)})

    def rule(self) -> Rule:
        """``Rule.quota(quota)`` on :meth:`actor_set`."""
        return Rule.quota(self.quota)

    def to_frame(self) -> Any:
        """Target, weight, achieved index and error by actor (a pandas DataFrame)."""
        pd = import_pandas()
        return pd.DataFrame({"target": self.target, "weight": self.weights,
                             "integer_weight": self.integer_weights, "achieved": self.achieved,
                             "error": self.achieved - self.target},
                            index=pd.Index(self.names, name="actor"))

    def _rows(self, limit: int) -> list[tuple[str, str, str, str]]:
        order = np.argsort(-self.target, kind="stable")[:limit]
        return [(self.names[i], f"{self.target[i]:.4f}", f"{self.weights[i]:.4f}",
                 f"{self.achieved[i]:.4f}") for i in order]

    def __repr__(self) -> str:
        total = int(self.integer_weights.sum())
        head = (f"WeightFit(method={self.method!r}, index={self.index!r}, n={len(self.names)}, "
                f"quota={self.quota} of {total} ({self.relative_quota:.2%}), "
                f"max_abs_error={self.max_abs_error:.3g}, l2_error={self.l2_error:.3g})")
        rows = self._rows(12)
        width = max(5, *(len(r[0]) for r in rows))
        lines = [head, f"  {'actor':<{width}}  {'target':>8}  {'weight':>8}  {'achieved':>8}"]
        lines += [f"  {a:<{width}}  {b:>8}  {c:>8}  {d:>8}" for a, b, c, d in rows]
        if len(self.names) > len(rows):
            lines.append(f"  ... {len(self.names) - len(rows)} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                       for r in self._rows(50))
        return (f"<table><caption>{html.escape(self.method)}: quota {self.quota} "
                f"({self.relative_quota:.2%}), max abs error {self.max_abs_error:.3g}</caption>"
                "<tr><th>actor</th><th>target</th><th>weight</th><th>achieved</th></tr>"
                f"{rows}</table>")


def _vector(values: Any, arg: str) -> np.ndarray:
    try:
        a = np.asarray(values)
    except Exception:  # pragma: no cover - numpy raises many kinds
        raise TypeError(f"{arg}: cannot convert to a numeric array (of one shape, not "
                        "ragged)") from None
    if a.dtype == object:
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{arg}: expected numbers") from None
    if a.dtype.kind == "b" or a.dtype.kind not in "iuf":
        raise TypeError(f"{arg}: expected numbers, got dtype {a.dtype}")
    a = a.astype(np.float64)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{arg}: expected a non-empty 1-D sequence of numbers, got shape "
                         f"{a.shape}")
    if not np.all(np.isfinite(a)):
        i = int(np.flatnonzero(~np.isfinite(a))[0])
        raise ValueError(f"{arg}: value {i} is {a[i]}; values must be finite numbers")
    if np.any(a < 0):
        i = int(np.flatnonzero(a < 0)[0])
        raise ValueError(f"{arg}: value {i} is {a[i]}; values must be non-negative")
    if not a.sum() > 0:
        raise ValueError(f"{arg}: the values sum to 0; at least one must be positive")
    return a


def _resolve_names(names: Any, n: int) -> tuple[str, ...]:
    if names is None:
        return tuple(f"a{i}" for i in range(n))
    if isinstance(names, str) or not isinstance(names, Sequence | np.ndarray):
        raise TypeError("names: expected a sequence of actor names")
    out = tuple(str(x) for x in names)
    if len(out) != n:
        raise ValueError(f"names: {len(out)} names for {n} values")
    if len(set(out)) != n:
        raise ValueError("names: actor names must be unique")
    return out


def _distribution(values: Any, names: Any, arg: str,
                  weight: Any = None) -> tuple[np.ndarray, tuple[str, ...]]:
    """Values (a sequence, a {name: value} dict or, with ``weight``, an ActorSet) and names."""
    if isinstance(values, ActorSet):
        if names is not None:
            raise TypeError("names: the names come from the ActorSet; do not give names=")
        crit = weight if weight is not None else (
            "population" if "population" in values.weight_names else 0)
        return _vector(values.weight(crit), arg), values.names
    if weight is not None:
        raise TypeError(f"weight: only for an ActorSet {arg}")
    if isinstance(values, Mapping):
        if names is not None:
            raise TypeError(f"names: give names either as the keys of {arg} or as names=")
        return _vector(list(values.values()), arg), _resolve_names(list(values), len(values))
    a = _vector(values, arg)
    return a, _resolve_names(names, a.size)


def _check_resolution(resolution: Any) -> int:
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Integral):
        raise TypeError(f"resolution: expected an integer, got {resolution!r}")
    if not 100 <= int(resolution) <= 10**8:
        raise ValueError(f"resolution: expected 100 <= resolution <= 10^8, got {resolution}")
    return int(resolution)


def _check_relative_quota(quota: Any, arg: str = "quota") -> float:
    if isinstance(quota, bool) or not isinstance(quota, numbers.Real):
        raise TypeError(f"{arg}: expected a share of the total weight (0 < quota <= 1) or None, "
                        f"got {quota!r}")
    value = float(quota)
    if not 0 < value <= 1:
        raise ValueError(f"{arg}: a relative quota must satisfy 0 < quota <= 1, got {quota!r}")
    return value


def _integerise(w: np.ndarray, resolution: int) -> np.ndarray:
    ints = np.rint(w / w.sum() * resolution).astype(np.int64)
    ints[(w > 0) & (ints == 0)] = 1
    return ints


def _quota_of(share: float, total: int) -> int:
    """``ceil(share * total)`` with the float read as the decimal it prints as (0.65 is 13/20,
    as in ``Rule.share``), so a round share of a round total is not pushed up by one."""
    return min(total, max(1, math.ceil(exact_number(share, "quota") * total)))


class _Evaluator:
    """Index of the game (integer weights, quota) against the target, with a cache."""

    def __init__(self, target: np.ndarray, index: str, objective: str) -> None:
        self.target = target
        self.index = index
        self.objective = objective
        self.labels = tuple(f"p{i}" for i in range(target.size))
        self.cache: dict[tuple[bytes, int], np.ndarray] = {}

    def achieved(self, ints: np.ndarray, q: int) -> np.ndarray:
        key = (ints.tobytes(), q)
        if key not in self.cache:
            from .power import power_indices
            actors = ActorSet(self.labels, np.asarray(ints, dtype=np.int64))
            self.cache[key] = power_indices(actors, Rule.quota(q), index=self.index,
                                            method="dp").values
        return self.cache[key]

    def error(self, a: np.ndarray) -> float:
        d = a - self.target
        return float(np.abs(d).max()) if self.objective == "max_abs" else float(np.sqrt(d @ d))

    def search(self, ints: np.ndarray, lo: int, hi: int, points: int) -> tuple[int, float]:
        """The quota in [lo, hi] (``points`` candidates) with the smallest error."""
        best_q, best_e = -1, math.inf
        for q in np.unique(np.rint(np.linspace(lo, hi, points)).astype(np.int64)):
            e = self.error(self.achieved(ints, int(q)))
            if e < best_e:
                best_q, best_e = int(q), e
        return best_q, best_e

    def best_quota(self, ints: np.ndarray, around: int | None = None) -> int:
        """A quota above half the total weight with a small error: a coarse grid over the whole
        range (or a window around ``around``), then a finer one around the best."""
        total = int(ints.sum())
        lo, hi = total // 2 + 1, total
        if around is None:
            step = max(1, (hi - lo) // 40)
            q, _ = self.search(ints, lo, hi, 41)
        else:
            step = max(1, total // 100)
            q, _ = self.search(ints, max(lo, around - 2 * step), min(hi, around + 2 * step), 9)
        q, _ = self.search(ints, max(lo, q - step), min(hi, q + step), 21)
        return q


def _result(method: str, ev: _Evaluator, names: tuple[str, ...], ints: np.ndarray, q: int,
            relative: float, iterations: int, converged: bool | None) -> WeightFit:
    a = ev.achieved(ints, q)
    t = ev.target
    d = a - t
    pos = t > 0
    return WeightFit(
        method=method, index=ev.index, names=names, target=np.array(t, dtype=np.float64),
        weights=ints / ints.sum(), integer_weights=np.array(ints, dtype=np.int64), quota=q,
        relative_quota=float(relative), achieved=np.array(a, dtype=np.float64),
        max_abs_error=float(np.abs(d).max()), l2_error=float(np.sqrt(d @ d)),
        max_relative_error=float(np.max(np.abs(d[pos]) / t[pos])), iterations=iterations,
        converged=converged)


def _check_index(index: Any) -> str:
    if not isinstance(index, str):
        raise TypeError(f"index: expected an index name, got {type(index).__name__}")
    key = index.lower().replace("-", "_").replace(" ", "_")
    key = {"ss": "shapley_shubik", "shapley": "shapley_shubik", "bz": "banzhaf"}.get(key, key)
    if not isinstance(key, str) or key not in FIT_INDICES:
        raise ValueError(f"index: fit_weights fits one of {FIT_INDICES}, got {index!r}")
    return key


def fit_weights(target: Any, index: str = "banzhaf", *, quota: float | None = None,
                names: Sequence[str] | None = None, objective: str = "max_abs",
                resolution: int = 100_000, max_iter: int = 100, tol: float = 1e-4,
                patience: int = 20) -> WeightFit:
    """Weights and quota of a weighted game whose power index approximates ``target``.

    The inverse problem of power indices, by the iterative adjustment of Leech (2002) and
    Aziz, Paterson and Leech (2007), damped: starting from ``weights = target``, compute the
    index of the game, multiply each weight by ``sqrt(target / achieved)`` (the ratio clipped
    to [1/2, 2]; an actor with no power but a positive target counts as ratio 2), and repeat,
    keeping the best game seen. Weights are rounded to integers summing to about
    ``resolution``, and every index is computed exactly for that integer game by
    :func:`foedus.power_indices`. The method is a heuristic: it finds a good game, not
    necessarily the best one (with few actors, few distinct games exist and some targets are
    far from all of them).

    With ``quota=None`` the quota is fitted too: a search over quotas above half the total
    weight (a coarse grid, then a finer one) at the start, then around the current quota every
    5 weight updates, and around the best game's quota whenever 5 updates in a row bring no
    improvement.

    Parameters
    ----------
    target : array-like or dict of str to float
        Non-negative target power, one value per actor; normalised to sum 1 (any positive
        total is accepted). Actors with target 0 get weight 0.
    index : {"banzhaf", "shapley_shubik"}
        The power index to match.
    quota : float, optional
        A fixed relative quota (``0 < quota <= 1``): the game's quota is
        ``ceil(quota * total)``. None fits it (above one half: proper games).
    names : sequence of str, optional
        Actor names (default ``a0, a1, ...``; from the keys when ``target`` is a dict).
    objective : {"max_abs", "l2"}
        The error minimised: ``max |achieved - target|`` or the Euclidean distance.
    resolution : int
        Total of the integer weights (at least 100): finer weights, slower indices.
    max_iter : int
        Largest number of weight updates.
    tol : float
        Stop once the objective is at most ``tol``.
    patience : int
        Stop after this many updates without improvement.

    Returns
    -------
    WeightFit

    Examples
    --------
    >>> from foedus.simple_games import fit_weights
    >>> fit = fit_weights({"A": 0.5, "B": 0.3, "C": 0.1, "D": 0.1}, resolution=1000)
    >>> fit.achieved.round(3).tolist(), fit.max_abs_error <= 1e-4
    ([0.5, 0.3, 0.1, 0.1], True)
    >>> g = fit.actor_set()
    >>> fit.rule().wins(g, ["A", "B"]), fit.rule().wins(g, ["B", "C", "D"])
    (True, False)
    """
    t, labels = _distribution(target, names, "target")
    t = t / t.sum()
    key = _check_index(index)
    fixed = None if quota is None else _check_relative_quota(quota)
    if not isinstance(objective, str) or objective not in ("max_abs", "l2"):
        raise ValueError(f"objective: expected 'max_abs' or 'l2', got {objective!r}")
    res = _check_resolution(resolution)
    for arg, value in (("max_iter", max_iter), ("patience", patience)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{arg}: expected an integer, got {value!r}")
        if value < 1:
            raise ValueError(f"{arg}: must be at least 1, got {value}")
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not (
            math.isfinite(float(tol)) and tol >= 0):
        raise ValueError(f"tol: expected a non-negative number, got {tol!r}")
    ev = _Evaluator(t, key, objective)
    w = t.copy()
    ints = _integerise(w, res)
    q = ev.best_quota(ints) if fixed is None else _quota_of(fixed, int(ints.sum()))
    best: tuple[float, np.ndarray, np.ndarray, int] | None = None
    stall = 0
    it = 0
    for it in range(1, int(max_iter) + 1):
        a = ev.achieved(ints, q)
        e = ev.error(a)
        if best is None or e < best[0]:
            best, stall = (e, w, ints, q), 0
        else:
            stall += 1
        if e <= tol or stall >= patience:
            break
        if fixed is None and stall and stall % 5 == 0:
            # the weights alone stopped improving: search the quota again, from the best game
            _, w, ints, q = best
            q = ev.best_quota(ints, around=q)
            continue
        ratio = np.ones_like(t)
        pos = t > 0
        safe = np.where(a[pos] > 0, a[pos], 1.0)
        ratio[pos] = np.where(a[pos] > 0, np.clip(t[pos] / safe, 0.5, 2.0), 2.0)
        w = w * np.sqrt(ratio)  # damped: full steps overshoot and cycle more often
        w[~pos] = 0.0
        w = w / w.sum()
        ints = _integerise(w, res)
        total = int(ints.sum())
        if fixed is not None:
            q = _quota_of(fixed, total)
        elif it % 5 == 0:
            q = ev.best_quota(ints, around=q)
        else:
            q = min(total, max(total // 2 + 1, q))
    assert best is not None
    e, _, ints, q = best
    relative = q / int(ints.sum()) if fixed is None else fixed
    return _result("fit", ev, labels, ints, q, relative, it, bool(e <= tol))


def _square_roots(population: Any, names: Any, weight: Any) -> tuple[np.ndarray,
                                                                       tuple[str, ...]]:
    p, labels = _distribution(population, names, "population", weight)
    s = np.sqrt(p)
    return s / s.sum(), labels


def penrose_square_root(population: Any, *, names: Sequence[str] | None = None,
                        weight: str | int | None = None, quota: float | None = None,
                        objective: str = "max_abs", resolution: int = 100_000) -> WeightFit:
    """Penrose's square-root rule: weights proportional to the square root of population.

    Under it every citizen has about the same indirect power (Penrose 1946), provided each
    member's Banzhaf index is close to its weight; the target is therefore the normalised
    square roots, and the result reports how close the game's Banzhaf index comes.

    Parameters
    ----------
    population : array-like, dict of str to float, or ActorSet
        Non-negative populations (an ActorSet: its ``weight`` criterion, by default
        ``"population"`` when it has one, else the first).
    names : sequence of str, optional
        Actor names (default ``a0, a1, ...``; from the keys or the ActorSet otherwise).
    weight : str or int, optional
        The criterion of an ActorSet ``population``.
    quota : float, optional
        Relative quota (``0 < quota <= 1``). None searches the quota above one half that
        minimises ``objective`` (the optimal quota of Słomczyński and Życzkowski).
    objective : {"max_abs", "l2"}
        The error minimised by the quota search.
    resolution : int
        Total of the integer weights the square roots are rounded to.

    Returns
    -------
    WeightFit

    Examples
    --------
    >>> from foedus.datasets import eu_council_2023
    >>> from foedus.simple_games import penrose_square_root
    >>> fit = penrose_square_root(eu_council_2023())
    >>> 0.6 < fit.relative_quota < 0.65, fit.max_abs_error < 0.005
    (True, True)
    """
    t, labels = _square_roots(population, names, weight)
    fixed = None if quota is None else _check_relative_quota(quota)
    if not isinstance(objective, str) or objective not in ("max_abs", "l2"):
        raise ValueError(f"objective: expected 'max_abs' or 'l2', got {objective!r}")
    ev = _Evaluator(t, "banzhaf", objective)
    ints = _integerise(t, _check_resolution(resolution))
    total = int(ints.sum())
    q = ev.best_quota(ints) if fixed is None else _quota_of(fixed, total)
    return _result("penrose", ev, labels, ints, q, q / total if fixed is None else fixed, 0,
                   None)


def jagiellonian_compromise(population: Any, *, names: Sequence[str] | None = None,
                            weight: str | int | None = None,
                            resolution: int = 100_000) -> WeightFit:
    """The Jagiellonian compromise: square-root weights and the quota of Słomczyński and
    Życzkowski.

    Weights ``w_i`` proportional to ``sqrt(population_i)`` and the relative quota
    ``q* = (1 + sqrt(sum w_i^2) / sum w_i) / 2``, a closed-form approximation of the quota that
    makes each member's Banzhaf index closest to its weight (Słomczyński and Życzkowski 2006,
    "Penrose voting system and optimal quota", Acta Physica Polonica B 37). The target is the
    normalised square roots of the populations.

    Parameters
    ----------
    population : array-like, dict of str to float, or ActorSet
        Non-negative populations (an ActorSet: its ``weight`` criterion, by default
        ``"population"`` when it has one, else the first).
    names : sequence of str, optional
        Actor names (default ``a0, a1, ...``; from the keys or the ActorSet otherwise).
    weight : str or int, optional
        The criterion of an ActorSet ``population``.
    resolution : int
        Total of the integer weights the square roots are rounded to.

    Returns
    -------
    WeightFit

    Examples
    --------
    >>> from foedus.datasets import eu_council_2023
    >>> from foedus.simple_games import jagiellonian_compromise
    >>> jc = jagiellonian_compromise(eu_council_2023())
    >>> round(jc.relative_quota, 4), jc.max_abs_error < 0.01
    (0.6159, True)
    >>> jc.names[:3], jc.weights[:3].round(4).tolist(), jc.achieved[:3].round(4).tolist()
    (('Germany', 'France', 'Italy'), [0.1006, 0.0903, 0.084], [0.1003, 0.0904, 0.0841])
    """
    t, labels = _square_roots(population, names, weight)
    ints = _integerise(t, _check_resolution(resolution))
    s = np.sort(t)  # sum w^2 and sum w in a fixed order
    relative = 0.5 * (1.0 + math.sqrt(math.fsum(s * s)) / math.fsum(s))
    ev = _Evaluator(t, "banzhaf", "max_abs")
    total = int(ints.sum())
    return _result("jagiellonian", ev, labels, ints, _quota_of(relative, total), relative, 0,
                   None)
