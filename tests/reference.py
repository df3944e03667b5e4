"""Brute-force reference of the coalition Definitions, for tests.

Written from ``shared/ARCHITECTURE.md`` ("Definitions") and the API contract, never from the
implementation. It is deliberately simple and slow: every coalition of ``n <= 12`` actors is
visited one by one. Weights and quotas are exact :class:`fractions.Fraction` (a float weight such
as ``1.25`` is read as its decimal repr, ``Fraction("1.25")``); positions are the exact binary
values of the given floats.

Rule descriptions are nested tuples, criteria given by index (or name)::

    ("quota", crit, q)        W(S) >= q
    ("share", crit, f)        W(S) >= f * W(N)            (f a Fraction, 0 < f <= 1)
    ("majority", crit)        2 W(S) > W(N)
    ("count", k)              |S| >= k
    ("veto", [i, j, ...])     S contains all of them
    ("unanimity",)            S = N
    ("and", a, b, ...)        all of the parts win
    ("or", a, b, ...)         any of the parts wins

Coalitions are sets of actor indices, or ``int`` masks (bit i = actor i) in table rows.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import foedus

    Number = int | float | Fraction | Decimal
    RuleDesc = tuple[Any, ...]
    Row = dict[str, Any]

__all__ = [
    "LEAF_KINDS",
    "AmbiguousSurplusError",
    "Data",
    "check_rule",
    "column_kinds",
    "criterion_index",
    "decimal_scale",
    "exact",
    "is_proper",
    "mask_of",
    "members_of",
    "reference_columns",
    "reference_filter",
    "reference_table",
    "reference_top_k",
    "score_value",
    "surplus_columns",
    "surplus_is_scale_dependent",
    "to_foedus_rule",
    "wins",
]

NAN = float("nan")

#: Rule kinds that may have a surplus (a single quota-like leaf).
LEAF_KINDS = frozenset({"quota", "share", "majority", "count"})


@dataclass(frozen=True)
class Data:
    """Plain actor data, the reference's counterpart of ``foedus.ActorSet``.

    ``weights`` and ``positions`` are lists of *columns* (one per criterion / dimension), each
    of length n. Weights are ints, Fractions or floats (read as exact decimals); positions are
    floats with NaN for unplaced. ``ties`` is an n x n matrix or None.
    """

    names: Sequence[str]
    weights: Sequence[Sequence[Number]]
    positions: Sequence[Sequence[float]] = ()
    ties: Sequence[Sequence[float]] | None = None
    weight_names: Sequence[str] | None = None
    dimensions: Sequence[str] | None = None

    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.names)

    @property
    def criteria(self) -> tuple[str, ...]:
        """Criterion names (contract defaults when not given)."""
        if self.weight_names is not None:
            return tuple(self.weight_names)
        if len(self.weights) == 1:
            return ("weight",)
        return tuple(f"weight_{c}" for c in range(len(self.weights)))

    @property
    def dims(self) -> tuple[str, ...]:
        """Dimension names (contract defaults when not given)."""
        if self.dimensions is not None:
            return tuple(self.dimensions)
        if len(self.positions) == 1:
            return ("position",)
        return tuple(f"dim_{d}" for d in range(len(self.positions)))


class AmbiguousSurplusError(ValueError):
    """An AND of leaves with two leaves that would share one ``surplus_{c}`` column name."""


# --------------------------------------------------------------------------- small helpers


def exact(x: Number | str) -> Fraction:
    """Exact value of a weight or quota: floats are read as their decimal repr."""
    if isinstance(x, bool):
        raise TypeError("a bool is not a weight")
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"weight {x!r} is not finite")
        return Fraction(repr(float(x)))
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, (Fraction, Decimal, str)):
        return Fraction(x)
    if isinstance(x, numbers.Rational):
        return Fraction(x.numerator, x.denominator)
    raise TypeError(f"cannot read {x!r} as an exact number")


def decimal_scale(values: Iterable[Fraction], max_decimals: int = 6) -> int | None:
    """Smallest power of ten turning every value into an integer (None beyond max_decimals)."""
    vals = list(values)
    for d in range(max_decimals + 1):
        scale = 10**d
        if all((v * scale).denominator == 1 for v in vals):
            return scale
    return None


def mask_of(members: Iterable[int]) -> int:
    """Bit mask of a set of actor indices."""
    mask = 0
    for i in members:
        mask |= 1 << i
    return mask


def members_of(mask: int, n: int) -> list[int]:
    """Actor indices of a mask, ascending."""
    return [i for i in range(n) if mask >> i & 1]


def criterion_index(data: Data, crit: int | str) -> int:
    """Index of a criterion given by index or name."""
    if isinstance(crit, str):
        return data.criteria.index(crit)
    if not 0 <= crit < len(data.weights):
        raise ValueError(f"no criterion {crit!r}")
    return int(crit)


def _exact_weights(data: Data) -> list[list[Fraction]]:
    return [[exact(x) for x in col] for col in data.weights]


def _is_nan(x: float) -> bool:
    return isinstance(x, float) and math.isnan(x)


# --------------------------------------------------------------------------- winning


def _wins(rule: RuleDesc, data: Data, w: list[list[Fraction]], s: frozenset[int]) -> bool:
    kind = rule[0]
    if kind == "quota":
        c = criterion_index(data, rule[1])
        return sum((w[c][i] for i in s), Fraction(0)) >= exact(rule[2])
    if kind == "share":
        c = criterion_index(data, rule[1])
        return sum((w[c][i] for i in s), Fraction(0)) >= exact(rule[2]) * sum(w[c])
    if kind == "majority":
        c = criterion_index(data, rule[1])
        return 2 * sum((w[c][i] for i in s), Fraction(0)) > sum(w[c])
    if kind == "count":
        return len(s) >= rule[1]
    if kind == "veto":
        return all(i in s for i in rule[1])
    if kind == "unanimity":
        return len(s) == data.n
    if kind == "and":
        return all(_wins(part, data, w, s) for part in rule[1:])
    if kind == "or":
        return any(_wins(part, data, w, s) for part in rule[1:])
    raise ValueError(f"unknown rule kind {kind!r}")


def wins(rule_desc: RuleDesc, data: Data, members_set: Iterable[int]) -> bool:
    """True iff the coalition ``members_set`` (actor indices) wins under ``rule_desc``."""
    return _wins(rule_desc, data, _exact_weights(data), frozenset(members_set))


def _all_wins(rule: RuleDesc, data: Data) -> list[bool]:
    w = _exact_weights(data)
    n = data.n
    return [_wins(rule, data, w, frozenset(members_of(m, n))) for m in range(1 << n)]


def is_proper(rule_desc: RuleDesc, data: Data) -> bool:
    """True iff no two disjoint coalitions both win (else foedus warns ImproperGameWarning)."""
    win = _all_wins(rule_desc, data)
    full = (1 << data.n) - 1
    return not any(win[m] and win[full ^ m] for m in range(1 << data.n))


def check_rule(rule_desc: RuleDesc, data: Data) -> None:
    """Raise ValueError unless ``rule_desc`` is a valid rule for ``data`` per the contract.

    Weight leaves also need a positive total W(N) (a quota in 1..W(N) must exist).
    """
    kind = rule_desc[0]
    if kind in ("quota", "share", "majority"):
        c = criterion_index(data, rule_desc[1])
        total = sum(_exact_weights(data)[c])
        if total <= 0:
            raise ValueError(f"criterion {c} has total weight 0")
        if kind == "quota" and not 0 < exact(rule_desc[2]) <= total:
            raise ValueError(f"quota {rule_desc[2]} outside (0, {total}]")
        if kind == "share" and not 0 < exact(rule_desc[2]) <= 1:
            raise ValueError(f"share {rule_desc[2]} outside (0, 1]")
    elif kind == "count":
        if not 1 <= rule_desc[1] <= data.n:
            raise ValueError(f"count {rule_desc[1]} outside 1..{data.n}")
    elif kind == "veto":
        if not rule_desc[1] or any(not 0 <= i < data.n for i in rule_desc[1]):
            raise ValueError(f"bad veto actors {rule_desc[1]!r}")
    elif kind in ("and", "or"):
        if len(rule_desc) < 2:
            raise ValueError(f"{kind} without parts")
        for part in rule_desc[1:]:
            check_rule(part, data)
    elif kind != "unanimity":
        raise ValueError(f"unknown rule kind {kind!r}")


# --------------------------------------------------------------------------- surplus


def _and_leaves(rule: RuleDesc) -> list[RuleDesc] | None:
    """Leaves of a (possibly nested) AND made only of quota-like leaves, else None."""
    if rule[0] in LEAF_KINDS:
        return [rule]
    if rule[0] != "and":
        return None
    leaves: list[RuleDesc] = []
    for part in rule[1:]:
        sub = _and_leaves(part)
        if sub is None:
            return None
        leaves.extend(sub)
    return leaves


def surplus_columns(rule_desc: RuleDesc, data: Data) -> list[tuple[str, RuleDesc | None]]:
    """Surplus column names with the leaf each measures (leaf None: the column is all NaN).

    One quota/share/majority/count leaf: ``[("surplus", leaf)]``. An AND of such leaves (nested
    ANDs are flattened): one ``surplus_{c}`` per leaf, c the criterion name or "size" for a
    count leaf. Anything else: ``[("surplus", None)]``. Raises AmbiguousSurplusError when two
    leaves of an AND would share a column name (the contract does not say what happens).
    """
    if rule_desc[0] in LEAF_KINDS:
        return [("surplus", rule_desc)]
    leaves = _and_leaves(rule_desc) if rule_desc[0] == "and" else None
    if leaves is None:
        return [("surplus", None)]
    names = [
        "surplus_"
        + ("size" if leaf[0] == "count" else data.criteria[criterion_index(data, leaf[1])])
        for leaf in leaves
    ]
    if len(set(names)) != len(names):
        raise AmbiguousSurplusError(f"duplicate surplus columns {names} for {rule_desc!r}")
    return list(zip(names, leaves, strict=True))


def surplus_is_scale_dependent(leaf: RuleDesc | None, data: Data) -> bool:
    """True where the surplus depends on how the implementation scales decimal weights to
    integers: a majority leaf on non-integer weights (its quota is floor(W(N)/2) + 1 in the
    smallest weight unit). Quotas and shares use the literal thresholds q and f * W(N).
    """
    if leaf is None or leaf[0] != "majority":
        return False
    weights = _exact_weights(data)[criterion_index(data, leaf[1])]
    return decimal_scale(weights, max_decimals=0) is None


def _effective_quota(leaf: RuleDesc, data: Data, w: list[list[Fraction]]) -> Fraction:
    """The quota q of a leaf, as used by the surplus W(S) - q (|S| - k for a count leaf)."""
    kind = leaf[0]
    if kind == "count":
        return Fraction(leaf[1])
    c = criterion_index(data, leaf[1])
    if kind == "quota":
        return exact(leaf[2])
    total = sum(w[c])
    scale = decimal_scale(w[c])
    if kind == "share":
        return exact(leaf[2]) * total  # the literal threshold f * W(N)
    if kind == "majority":
        if scale is None:
            raise ValueError("majority surplus undefined for weights with > 6 decimals")
        return Fraction(math.floor(total * scale / 2) + 1, scale)
    raise ValueError(f"no surplus for {kind!r}")


# --------------------------------------------------------------------------- positions


def _connected_dim(pos: Sequence[float], members: list[int], n: int) -> bool:
    """Axelrod connectedness on one dimension (unplaced actors are ignored)."""
    placed = [pos[i] for i in members if not math.isnan(pos[i])]
    if not placed:
        return True
    lo, hi = min(placed), max(placed)
    inside = set(members)
    return not any(
        j not in inside and not math.isnan(pos[j]) and lo < pos[j] < hi for j in range(n)
    )


def _connected_ties(ties: Sequence[Sequence[float]], members: list[int]) -> bool:
    """True iff the members induce a connected subgraph (edge iff ties[i][j] > 0, i != j)."""
    if len(members) <= 1:
        return True
    inside = set(members)
    seen = {members[0]}
    stack = [members[0]]
    while stack:
        i = stack.pop()
        for j in inside - seen:
            if ties[i][j] > 0:
                seen.add(j)
                stack.append(j)
    return seen == inside


def _medians(pos: Sequence[float], w: list[Fraction]) -> set[int]:
    """Median actors on one dimension (placed, positive weight; two when a sum hits W/2)."""
    placed = sorted(
        (i for i in range(len(pos)) if not math.isnan(pos[i]) and w[i] > 0),
        key=lambda i: (pos[i], i),
    )
    total = sum((w[i] for i in placed), Fraction(0))
    medians: set[int] = set()
    cum = Fraction(0)
    for i in placed:
        before, cum = cum, cum + w[i]
        if before <= total / 2 <= cum:
            medians.add(i)
    return medians


def _dispersion(pos: Sequence[float], w: list[Fraction], members: list[int]) -> float:
    """Weighted standard deviation of placed members around their weighted mean."""
    placed = [i for i in members if not math.isnan(pos[i])]
    sw = sum((w[i] for i in placed), Fraction(0))
    if not placed or sw == 0:
        return NAN
    mean = sum(w[i] * Fraction(pos[i]) for i in placed) / sw
    var = sum(w[i] * (Fraction(pos[i]) - mean) ** 2 for i in placed) / sw
    return math.sqrt(float(var))


def _diameter(positions: Sequence[Sequence[float]], members: list[int]) -> float:
    """Largest Euclidean distance between two members over their shared placed dimensions."""
    if not any(not math.isnan(col[i]) for col in positions for i in members):
        return NAN
    best = 0.0
    for a, i in enumerate(members):
        for j in members[a + 1 :]:
            shared = [
                (Fraction(col[i]) - Fraction(col[j])) ** 2
                for col in positions
                if not math.isnan(col[i]) and not math.isnan(col[j])
            ]
            if shared:
                best = max(best, math.sqrt(float(sum(shared))))
    return best


# --------------------------------------------------------------------------- the table


def reference_columns(data: Data, rule_desc: RuleDesc) -> list[str]:
    """Every column of the contract's CoalitionTable for this data and rule (no "score")."""
    cols = ["mask", "size"]
    for c in data.criteria:
        cols += [f"weight_{c}", f"share_{c}"]
    cols += [name for name, _ in surplus_columns(rule_desc, data)]
    cols += [
        "winning",
        "minimal_winning",
        "blocking",
        "blocking_minority",
        "n_pivotal",
        "n_surplus_members",
    ]
    for d in data.dims:
        cols += [
            f"range_{d}",
            f"dispersion_{d}",
            f"unplaced_{d}",
            f"connected_{d}",
            f"minimal_connected_winning_{d}",
            f"includes_median_{d}",
        ]
    if data.positions:
        cols.append("diameter")
    if data.ties is not None:
        cols += ["connected_ties", "minimal_connected_winning_ties"]
    cols += ["largest_share", "herfindahl", "effective_number", "includes_largest"]
    return cols


def column_kinds(columns: Iterable[str]) -> dict[str, str]:
    """Kind of each column: "uint64" (mask), "int", "bool", "float", or "number" (int or float
    dtype: weights and surpluses, which the contract does not give a dtype)."""
    kinds: dict[str, str] = {}
    for col in columns:
        if col == "mask":
            kinds[col] = "uint64"
        elif col.startswith(("weight_", "surplus")):
            kinds[col] = "number"
        elif col in ("size", "n_pivotal", "n_surplus_members") or col.startswith("unplaced_"):
            kinds[col] = "int"
        elif col in (
            "winning",
            "minimal_winning",
            "blocking",
            "blocking_minority",
            "includes_largest",
        ) or col.startswith(("connected_", "minimal_connected_winning_", "includes_median_")):
            kinds[col] = "bool"
        else:
            kinds[col] = "float"
    return kinds


def reference_table(data: Data, rule_desc: RuleDesc, weight: int | str = 0) -> list[Row]:
    """One dict per non-empty coalition, ascending mask, with every column of the contract.

    ``weight`` is the criterion (index or name) weighting dispersion, medians and concentration.
    """
    n = data.n
    full = (1 << n) - 1
    w = _exact_weights(data)
    totals = [sum(col, Fraction(0)) for col in w]
    wc = w[criterion_index(data, weight)]
    win = _all_wins(rule_desc, data)
    surplus = [
        (name, None if leaf is None else (leaf, _effective_quota(leaf, data, w)))
        for name, leaf in surplus_columns(rule_desc, data)
    ]

    # connectedness of every mask (empty included), per dimension name and for "ties"
    graphs: dict[str, list[bool]] = {}
    for d, name in enumerate(data.dims):
        col = data.positions[d]
        graphs[name] = [_connected_dim(col, members_of(m, n), n) for m in range(full + 1)]
    if data.ties is not None:
        ties = data.ties
        graphs["ties"] = [_connected_ties(ties, members_of(m, n)) for m in range(full + 1)]
    medians = [_medians(col, wc) for col in data.positions]
    largest = max(wc) if n else Fraction(0)

    def minimal_connected_winning(m: int, conn: list[bool]) -> bool:
        if not (conn[m] and win[m]):
            return False
        return not any(conn[m ^ (1 << i)] and win[m ^ (1 << i)] for i in members_of(m, n))

    rows: list[Row] = []
    for m in range(1, full + 1):
        s = members_of(m, n)
        row: Row = {"mask": m, "size": len(s)}
        for c, name in enumerate(data.criteria):
            ws = sum((w[c][i] for i in s), Fraction(0))
            row[f"weight_{name}"] = float(ws)
            row[f"share_{name}"] = float(ws / totals[c]) if totals[c] else NAN
        for name, spec in surplus:
            if spec is None:
                row[name] = NAN
                continue
            leaf, quota = spec
            if leaf[0] == "count":
                row[name] = float(len(s) - quota)
            else:
                c = criterion_index(data, leaf[1])
                row[name] = float(sum((w[c][i] for i in s), Fraction(0)) - quota)
        pivotal = [i for i in s if win[m] and not win[m ^ (1 << i)]]
        row["winning"] = win[m]
        row["minimal_winning"] = win[m] and len(pivotal) == len(s)
        row["blocking"] = not win[full ^ m]
        row["blocking_minority"] = row["blocking"] and not win[m]
        row["n_pivotal"] = len(pivotal)
        row["n_surplus_members"] = len(s) - len(pivotal)
        for d, name in enumerate(data.dims):
            col = data.positions[d]
            placed = [col[i] for i in s if not math.isnan(col[i])]
            row[f"range_{name}"] = max(placed) - min(placed) if placed else NAN
            row[f"dispersion_{name}"] = _dispersion(col, wc, s)
            row[f"unplaced_{name}"] = len(s) - len(placed)
            row[f"connected_{name}"] = graphs[name][m]
            row[f"minimal_connected_winning_{name}"] = minimal_connected_winning(m, graphs[name])
            row[f"includes_median_{name}"] = any(i in medians[d] for i in s)
        if data.positions:
            row["diameter"] = _diameter(data.positions, s)
        if data.ties is not None:
            row["connected_ties"] = graphs["ties"][m]
            row["minimal_connected_winning_ties"] = minimal_connected_winning(m, graphs["ties"])
        ws = sum((wc[i] for i in s), Fraction(0))
        if ws:
            hhi = sum((wc[i] / ws) ** 2 for i in s)
            row["largest_share"] = float(max(wc[i] for i in s) / ws)
            row["herfindahl"] = float(hhi)
            row["effective_number"] = float(1 / hhi)
        else:
            row["largest_share"] = row["herfindahl"] = row["effective_number"] = NAN
        row["includes_largest"] = any(wc[i] == largest for i in s)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- filters, top-k


def reference_filter(
    rows: Iterable[Row],
    *,
    winning: bool | None = None,
    minimal: bool = False,
    blocking: bool | None = None,
    connected: str | None = None,
    min_size: int | None = None,
    max_size: int | None = None,
    include: Iterable[int] = (),
    exclude: Iterable[int] = (),
) -> list[Row]:
    """Rows passing the contract's filters (include/exclude as actor indices).

    ``connected`` is a dimension name or "ties"; with ``minimal=True`` it selects minimal
    connected winning coalitions on it instead of minimal winning ones.
    """
    need = mask_of(include)
    avoid = mask_of(exclude)
    out = []
    for row in rows:
        if winning is not None and row["winning"] != winning:
            continue
        if blocking is not None and row["blocking"] != blocking:
            continue
        if connected is not None and not row[f"connected_{connected}"]:
            continue
        if minimal:
            key = (
                "minimal_winning" if connected is None else f"minimal_connected_winning_{connected}"
            )
            if not row[key]:
                continue
        if min_size is not None and row["size"] < min_size:
            continue
        if max_size is not None and row["size"] > max_size:
            continue
        if row["mask"] & need != need or row["mask"] & avoid:
            continue
        out.append(row)
    return out


def score_value(row: Row, score: str | Mapping[str, float]) -> float:
    """sum(coef * column) over the score terms, bools as 0/1, in the mapping's order."""
    terms = {score: 1.0} if isinstance(score, str) else score
    total = 0.0
    for col, coef in terms.items():
        total += float(coef) * float(row[col])
    return total


def reference_top_k(rows: Iterable[Row], score: str | Mapping[str, float], k: int) -> list[Row]:
    """The k rows of highest score (NaN lowest, ties by smaller mask), with a "score" column."""
    scored = [{**row, "score": score_value(row, score)} for row in rows]
    scored.sort(
        key=lambda r: (
            math.isnan(r["score"]),
            0.0 if math.isnan(r["score"]) else -r["score"],
            r["mask"],
        )
    )
    return scored[:k]


# --------------------------------------------------------------------------- foedus bridge


def _decimal_str(f: Fraction, max_decimals: int = 6) -> str | None:
    """Exact decimal string of f, or None if it needs more than max_decimals places."""
    scale = decimal_scale([f], max_decimals)
    if scale is None:
        return None
    places = len(str(scale)) - 1
    digits = f * scale
    sign = "-" if digits < 0 else ""
    whole, frac = divmod(abs(int(digits)), scale)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def to_foedus_rule(
    rule_desc: RuleDesc, data: Data, *, by_name: bool = False, share_as: str = "fraction"
) -> foedus.Rule:
    """Build the ``foedus.Rule`` a description stands for.

    Criteria and veto actors are passed as indices, or as names with ``by_name``. A quota is
    passed as an int when integral, else as a float whose repr is its decimal (<= 6 places),
    else as a Fraction. ``share_as`` picks the type of f: "fraction", "str", "float" or
    "decimal" (falling back to a Fraction when f is not a decimal with <= 6 places).
    """
    import foedus  # lazily: the rest of the reference runs without the package

    def crit(c: int | str) -> int | str:
        i = criterion_index(data, c)
        return data.criteria[i] if by_name else i

    def build(rule: RuleDesc) -> foedus.Rule:
        kind = rule[0]
        if kind == "quota":
            q = exact(rule[2])
            if q.denominator == 1:
                arg: Any = int(q)
            else:
                arg = float(q) if _decimal_str(q) is not None else q
            return foedus.Rule.quota(arg, weight=crit(rule[1]))
        if kind == "share":
            f = exact(rule[2])
            text = _decimal_str(f)
            if share_as == "fraction" or text is None:
                arg = f
            elif share_as == "str":
                arg = text
            elif share_as == "float":
                arg = float(text)
            elif share_as == "decimal":
                arg = Decimal(text)
            else:
                raise ValueError(f"unknown share_as {share_as!r}")
            return foedus.Rule.share(arg, weight=crit(rule[1]))
        if kind == "majority":
            return foedus.Rule.majority(weight=crit(rule[1]))
        if kind == "count":
            return foedus.Rule.count(int(rule[1]))
        if kind == "veto":
            actors = [data.names[i] if by_name else int(i) for i in rule[1]]
            return foedus.Rule.veto(actors)
        if kind == "unanimity":
            return foedus.Rule.unanimity()
        if kind in ("and", "or"):
            parts = [build(part) for part in rule[1:]]
            result = parts[0]
            for part in parts[1:]:
                result = (result & part) if kind == "and" else (result | part)
            return result
        raise ValueError(f"unknown rule kind {kind!r}")

    return build(rule_desc)
