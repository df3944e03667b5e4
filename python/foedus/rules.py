"""Voting rules (monotone simple games) and their exact translation for the kernel.

A :class:`Rule` is a description that is bound to an :class:`~foedus.ActorSet` when it is used:
criterion and actor names are resolved then, and every quota becomes an exact integer on the
actors' integer weights, so comparisons are exact (``Rule.share(0.65)`` compares
``W(S) >= 0.65 W(N)`` in rational arithmetic, never through a float product).
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np

from ._validation import resolve_indices
from .actors import ActorSet

__all__ = ["Rule", "BoundRule", "ImproperGameWarning"]

OP_QUOTA, OP_CONTAINS, OP_AND, OP_OR = 0, 1, 2, 3
CRIT_SIZE = -1
_QUOTA_KINDS = ("quota", "share", "majority", "count", "count_share", "count_all_but")


class ImproperGameWarning(UserWarning):
    """The rule lets two disjoint coalitions both win (an improper simple game)."""


def exact_number(x: Any, arg: str) -> Fraction:
    """A number given as int, float (read as its shortest decimal), Fraction, Decimal or str."""
    if isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{arg}: expected a number, got {x!r}")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, (float, np.floating)):
        if not math.isfinite(float(x)):
            raise ValueError(f"{arg}: must be a finite number, got {x!r}")
        return Fraction(Decimal(repr(float(x))))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(f"{arg}: must be a finite number, got {x!r}")
        return Fraction(x)
    if isinstance(x, str):
        try:
            return Fraction(Decimal(x.strip()))
        except (InvalidOperation, ValueError):
            try:
                return Fraction(x.strip())
            except ValueError:
                raise ValueError(f"{arg}: cannot read {x!r} as a number") from None
    raise TypeError(f"{arg}: expected a number, got {type(x).__name__}")


def _exact_share(f: Any) -> Fraction:
    value = exact_number(f, "f")
    if not 0 < value <= 1:
        raise ValueError(f"f: a share must satisfy 0 < f <= 1, got {f!r}")
    return value


def _show(x: Fraction) -> str:
    """A number for a message: exact when it is an integer or a short decimal."""
    if x.denominator == 1 and abs(x) < 10**20:
        return str(x.numerator)
    if abs(x) < 10**15 and Fraction(Decimal(repr(float(x)))) == x:
        return repr(float(x))
    return f"{Decimal(x.numerator) / Decimal(x.denominator):.10g}"  # no float overflow


def _ceil(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


@dataclass(frozen=True, eq=False)
class BoundRule:
    """A rule bound to an ActorSet: a postfix program with exact integer quotas.

    Attributes
    ----------
    op, crit, nchild, q, set : numpy.ndarray
        The program (one entry per node) in the kernel's encoding.
    surplus : tuple of (column, criterion, threshold) or None
        The quota leaves that define surplus columns (None: surplus is undefined, NaN). The
        threshold is exact, in the criterion's integer units: ``q * scale`` for a quota,
        ``f * W(N)`` for a share, ``floor(W(N) / 2) + 1`` for a majority, ``k`` for a count;
        surplus = (W(S) - threshold) / scale.
    """

    op: np.ndarray
    crit: np.ndarray
    nchild: np.ndarray
    q: np.ndarray
    set: np.ndarray
    surplus: tuple[tuple[str, int, Fraction], ...] | None
    n: int

    def wins_mask(self, actors: ActorSet, mask: int) -> bool:
        """Evaluate the program on one coalition (Python; for checks and single queries)."""
        stack: list[bool] = []
        sizes = bin(mask).count("1")
        members = [i for i in range(actors.n) if (mask >> i) & 1]
        for op, c, k, q, s in zip(self.op, self.crit, self.nchild, self.q, self.set,
                                  strict=True):
            if op == OP_QUOTA:
                if c == CRIT_SIZE:
                    stack.append(sizes >= q)
                else:
                    ints, _ = actors.integer_weights(int(c))
                    stack.append(sum(int(ints[i]) for i in members) >= int(q))
            elif op == OP_CONTAINS:
                stack.append((mask & int(s)) == int(s))
            else:
                args = stack[len(stack) - k:]
                del stack[len(stack) - k:]
                stack.append(all(args) if op == OP_AND else any(args))
        return stack[0]


class Rule:
    """A monotone voting rule: which coalitions win.

    Build rules with the constructors and compose them with ``&`` (both must hold) and ``|``
    (either suffices). Quotas are exact: weights are integers (or decimals scaled to integers)
    and quotas are compared in rational arithmetic.

    Examples
    --------
    >>> from foedus import ActorSet, Rule
    >>> parl = ActorSet(["A", "B", "C"], [40, 25, 35], weight_names=["seats"])
    >>> Rule.majority("seats").wins(parl, ["A", "B"])
    True
    >>> Rule.quota(66, "seats").wins(parl, ["A", "B"])
    False
    >>> rule = Rule.majority("seats") & Rule.count(2)
    >>> rule
    Rule.majority('seats') & Rule.count(2)
    """

    __slots__ = ("_node",)

    def __init__(self, node: tuple) -> None:
        self._node = node

    # ---- constructors ----------------------------------------------------------------------
    @classmethod
    def quota(cls, q: Any, weight: str | int = 0) -> Rule:
        """Wins iff ``W(S) >= q`` on the given weight criterion (``0 < q <= W(N)``)."""
        value = exact_number(q, "q")
        if value <= 0:
            raise ValueError(f"q: a quota must be positive, got {q!r}")
        return cls(("quota", weight, value))

    @classmethod
    def share(cls, f: Any, weight: str | int = 0) -> Rule:
        """Wins iff ``W(S) >= f * W(N)``, compared exactly (``0 < f <= 1``).

        A float ``f`` is read as the decimal it prints as (``0.65`` is 13/20).
        """
        return cls(("share", weight, _exact_share(f)))

    @classmethod
    def majority(cls, weight: str | int = 0) -> Rule:
        """Wins iff ``2 W(S) > W(N)`` (strictly more than half: 368 of 736 seats loses)."""
        return cls(("majority", weight))

    @classmethod
    def count(cls, k: int) -> Rule:
        """Wins iff the coalition has at least ``k`` members (``1 <= k <= n``)."""
        if isinstance(k, bool) or not isinstance(k, numbers.Integral):
            raise TypeError(f"k: expected an integer number of members, got {k!r}")
        if k < 1:
            raise ValueError(f"k: a member count must be at least 1, got {k}")
        return cls(("count", int(k)))

    @classmethod
    def count_share(cls, f: Any) -> Rule:
        """Wins iff ``|S| >= f * n``, compared exactly (``0 < f <= 1``): ``ceil(f n)`` members."""
        return cls(("count_share", _exact_share(f)))

    @classmethod
    def count_all_but(cls, m: int) -> Rule:
        """Wins iff at most ``m`` actors are missing (``|S| >= n - m``); 4 of 27 block if m = 3."""
        if isinstance(m, bool) or not isinstance(m, numbers.Integral):
            raise TypeError(f"m: expected an integer number of actors, got {m!r}")
        if m < 0:
            raise ValueError(f"m: the number of missing actors must be >= 0, got {m}")
        return cls(("count_all_but", int(m)))

    @classmethod
    def veto(cls, actors: Any) -> Rule:
        """Wins only if every one of the given actors (names or indices) is a member."""
        if isinstance(actors, (str, numbers.Integral)):
            refs: tuple = (actors,)
        elif isinstance(actors, Iterable) and not isinstance(actors, (bytes, Mapping)):
            refs = tuple(actors)
        else:
            raise TypeError(f"actors: expected actor names or indices, got {actors!r}")
        if not refs:
            raise ValueError("actors: veto needs at least one actor")
        return cls(("veto", refs))

    @classmethod
    def unanimity(cls) -> Rule:
        """Only the grand coalition wins."""
        return cls(("unanimity",))

    # ---- institutions ----------------------------------------------------------------------
    @classmethod
    def eu_council_lisbon(cls, population: str | int = "population") -> Rule:
        """Qualified majority in the Council of the EU under the Treaty of Lisbon.

        ``S`` wins iff (``|S| >= ceil(0.55 n)`` and ``population(S) >= 0.65 population(N)``)
        or ``|S| >= n - 3`` (a blocking minority needs at least four members).
        Source: Treaty on European Union, Art. 16(4); TFEU Art. 238(3).

        Examples
        --------
        >>> from foedus import Rule
        >>> from foedus.datasets import eu_council_2023
        >>> eu = eu_council_2023()
        >>> Rule.eu_council_lisbon().wins(eu, eu.names[:15])
        True
        """
        return (cls.count_share("0.55") & cls.share("0.65", population)) | cls.count_all_but(3)

    @classmethod
    def un_security_council(cls, permanent: Any = ("China", "France", "Russia",
                                                   "United Kingdom", "United States")) -> Rule:
        """Substantive decisions of the UN Security Council: 9 of 15 votes and no veto.

        Source: Charter of the United Nations, Art. 27(3).
        """
        return cls.count(9) & cls.veto(permanent)

    # ---- composition -----------------------------------------------------------------------
    def __and__(self, other: Rule) -> Rule:
        return self._compose("and", other)

    def __or__(self, other: Rule) -> Rule:
        return self._compose("or", other)

    def _compose(self, kind: str, other: Any) -> Rule:
        if not isinstance(other, Rule):
            return NotImplemented
        parts: list[Rule] = []
        for r in (self, other):
            parts.extend(r._node[1] if r._node[0] == kind else (r,))
        return Rule((kind, tuple(parts)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and self._node == other._node

    def __hash__(self) -> int:
        return hash(self._node)

    def __repr__(self) -> str:
        return self._describe(top=True)

    def _describe(self, top: bool = False) -> str:
        kind, *args = self._node
        if kind in ("and", "or"):
            sep = " & " if kind == "and" else " | "
            text = sep.join(r._describe() for r in args[0])
            return text if top else f"({text})"

        def w(ref: Any) -> str:
            return "" if ref == 0 else f", {ref!r}"

        def num(x: Fraction) -> str:
            return str(x.numerator) if x.denominator == 1 else repr(str(float(x)) if Fraction(
                Decimal(repr(float(x)))) == x else str(x))

        if kind == "quota":
            return f"Rule.quota({num(args[1])}{w(args[0])})"
        if kind == "share":
            return f"Rule.share({num(args[1])}{w(args[0])})"
        if kind == "majority":
            return f"Rule.majority({'' if args[0] == 0 else repr(args[0])})"
        if kind == "count":
            return f"Rule.count({args[0]})"
        if kind == "count_share":
            return f"Rule.count_share({num(args[0])})"
        if kind == "count_all_but":
            return f"Rule.count_all_but({args[0]})"
        if kind == "veto":
            return f"Rule.veto({list(args[0])!r})"
        return "Rule.unanimity()"

    # ---- evaluation ------------------------------------------------------------------------
    def bind(self, actors: ActorSet) -> BoundRule:
        """Resolve names and exact integer quotas against ``actors`` (validates the rule)."""
        if not isinstance(actors, ActorSet):
            raise TypeError(f"actors: expected an ActorSet, got {type(actors).__name__}")
        # an ActorSet is immutable, so its bound rules are cached on it (read-only arrays)
        cache: dict[Rule, BoundRule] = actors.__dict__.setdefault("_bound_rules", {})
        hit = cache.get(self)
        if hit is not None:
            return hit
        nodes: list[tuple[int, int, int, int, int, Fraction | None]] = []
        self._emit(actors, nodes)
        # masks of veto sets: uint64 for the kernel (n <= 64), Python ints beyond
        set_dtype = np.uint64 if actors.n <= 64 else object
        op, crit, nchild, q, s = (np.array(col, dtype=dt) for col, dt in zip(
            list(zip(*nodes, strict=True))[:5],
            (np.int32, np.int32, np.int32, np.int64, set_dtype), strict=True))
        for a in (op, crit, nchild, q, s):
            a.setflags(write=False)
        bound = BoundRule(op, crit, nchild, q, s, self._surplus(actors, nodes), actors.n)
        if len(cache) >= 64:
            cache.clear()
        cache[self] = bound
        return bound

    def wins(self, actors: ActorSet, members: Any) -> bool:
        """Whether the coalition of ``members`` (names or indices) wins under this rule."""
        bound = self.bind(actors)
        return bound.wins_mask(actors, actors.mask(members))

    def _emit(self, actors: ActorSet, out: list) -> None:
        kind, *args = self._node
        n = actors.n
        if kind in ("and", "or"):
            for r in args[0]:
                r._emit(actors, out)
            out.append((OP_AND if kind == "and" else OP_OR, 0, len(args[0]), 0, 0, None))
            return
        if kind in ("quota", "share", "majority"):
            c = actors.criterion(args[0])
            ints, scale = actors.integer_weights(c)
            total = sum(int(x) for x in ints)
            name = actors.weight_names[c]
            if total <= 0:
                raise ValueError(f"weight: criterion {name!r} has total weight 0; no coalition "
                                 "can reach a quota on it")
            if kind == "quota":
                threshold = args[1] * scale
                qi = _ceil(threshold)
                if qi > total:
                    raise ValueError(
                        f"q: quota {_show(args[1])} exceeds the total weight "
                        f"{_show(Fraction(total) / scale)} of {name!r}, so no coalition could "
                        "win")
            elif kind == "share":
                threshold = args[1] * total
                qi = max(1, _ceil(threshold))
            else:
                qi = total // 2 + 1
                threshold = Fraction(qi)
                if qi > total:  # pragma: no cover - total >= 1 gives qi <= total
                    raise ValueError("majority: no coalition can win")
            out.append((OP_QUOTA, c, 0, qi, 0, threshold))
            return
        if kind in ("count", "count_share", "count_all_but"):
            if kind == "count":
                k = args[0]
            elif kind == "count_share":
                k = _ceil(args[0] * n)
            else:
                k = n - args[0]
            if not 1 <= k <= n:
                if kind == "count_all_but":
                    raise ValueError(f"m: count_all_but({args[0]}) needs 0 <= m < n = {n} "
                                     f"(at least one member), got m = {args[0]}")
                if kind == "count_share":
                    raise ValueError(f"f: count_share needs ceil(f * n) >= 1, got {k}")
                raise ValueError(f"k: a count rule needs 1 <= k <= n = {n}, got {k}")
            out.append((OP_QUOTA, CRIT_SIZE, 0, k, 0, Fraction(k)))
            return
        if kind == "veto":
            idx = resolve_indices(args[0], actors.names, "actor", "actors")
            m = 0
            for i in idx:
                m |= 1 << i
            out.append((OP_CONTAINS, 0, 0, 0, m, None))
            return
        out.append((OP_CONTAINS, 0, 0, 0, (1 << n) - 1, None))

    def _surplus(self, actors: ActorSet,
                 nodes: list) -> tuple[tuple[str, int, Fraction], ...] | None:
        def name(c: int) -> str:
            return "size" if c == CRIT_SIZE else actors.weight_names[c]

        if len(nodes) == 1 and nodes[0][0] == OP_QUOTA:
            return (("surplus", nodes[0][1], nodes[0][5]),)
        last = nodes[-1]
        if last[0] == OP_AND and last[2] == len(nodes) - 1 and all(
                nd[0] == OP_QUOTA for nd in nodes[:-1]):
            cols: list[tuple[str, int, Fraction]] = []
            seen: dict[str, int] = {}
            for nd in nodes[:-1]:
                base = f"surplus_{name(nd[1])}"
                seen[base] = seen.get(base, 0) + 1
                col = base if seen[base] == 1 else f"{base}_{seen[base]}"
                cols.append((col, nd[1], nd[5]))
            return tuple(cols)
        return None


_PROPER_CACHE: dict[tuple, bool | None] = {}


def is_proper(actors: ActorSet, bound: BoundRule) -> bool | None:
    """Whether no two disjoint coalitions can both win (None when it is too costly to tell).

    Exact for a single weighted quota at any size (by a subset-sum over weights) and for any
    rule with at most 20 actors (by enumeration in the kernel).
    """
    key = (actors.weights.tobytes(), actors.n, bound.op.tobytes(), bound.crit.tobytes(),
           bound.nchild.tobytes(), bound.q.tobytes(), tuple(int(x) for x in bound.set))
    if key in _PROPER_CACHE:
        return _PROPER_CACHE[key]
    result: bool | None = None
    if len(bound.op) == 1 and bound.op[0] == OP_QUOTA:
        q = int(bound.q[0])
        if bound.crit[0] == CRIT_SIZE:
            result = 2 * q > actors.n
        else:
            ints, _ = actors.integer_weights(int(bound.crit[0]))
            total = sum(int(x) for x in ints)
            if 2 * q > total:
                result = True
            elif total <= 10**7:
                # improper iff some subset weight lies in [q, total - q]
                reachable = 1
                for w in ints:
                    reachable |= reachable << int(w)
                window = reachable >> q
                result = (window & ((1 << (total - 2 * q + 1)) - 1)) == 0
    if result is None and actors.n <= 20:
        from .coalitions import count_coalitions_bound
        result = count_coalitions_bound(actors, bound, winning=True, blocking=False) == 0
    if len(_PROPER_CACHE) > 256:
        _PROPER_CACHE.clear()
    _PROPER_CACHE[key] = result
    return result


def warn_if_improper(actors: ActorSet, bound: BoundRule, stacklevel: int = 3) -> None:
    if is_proper(actors, bound) is False:
        warnings.warn(
            "the rule is improper: two disjoint coalitions can both win (e.g. a quota at or "
            "below half of the total weight); results are computed as asked",
            ImproperGameWarning, stacklevel=stacklevel)
