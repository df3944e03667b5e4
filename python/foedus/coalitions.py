"""Enumerate, count, stream and rank coalitions of up to 64 actors under a voting rule."""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core, counting
from ._progress import check_progress, progress_bar
from ._validation import check_int, check_n_threads, check_optional_bool, resolve_indices
from .actors import ActorSet
from .bitsets import bitset_to_int, ints_to_bitsets, words_for
from .counting import CoalitionCount, SizeCounts
from .results import CoalitionTable
from .rules import CRIT_SIZE, OP_QUOTA, BoundRule, Rule, warn_if_improper

__all__ = [
    "MAX_EXHAUSTIVE_ACTORS",
    "count_coalitions",
    "describe_coalitions",
    "enumerate_coalitions",
    "iter_coalitions",
]

#: Largest actor set the exhaustive kernel enumerates (coalitions are 64-bit masks).
MAX_EXHAUSTIVE_ACTORS = 64

# Attribute codes of the kernel (cpp/include/foedus/score.hpp, enum AttrCode).
(A_SIZE, A_WEIGHT, A_SHARE, A_SURPLUS, A_NPIV, A_NSURPLUS, A_WIN, A_MWIN, A_BLOCK, A_BMIN,
 A_RANGE, A_DISP, A_UNPL, A_CONN, A_MCW, A_MED, A_DIAM, A_CONN_TIES, A_MCW_TIES, A_LARGEST,
 A_HHI, A_EFF, A_INCL_LARGEST) = range(23)

_SIMPLE_CODES = {
    "size": A_SIZE, "n_pivotal": A_NPIV, "n_surplus_members": A_NSURPLUS, "winning": A_WIN,
    "minimal_winning": A_MWIN, "blocking": A_BLOCK, "blocking_minority": A_BMIN,
    "diameter": A_DIAM, "largest_share": A_LARGEST, "herfindahl": A_HHI,
    "effective_number": A_EFF, "includes_largest": A_INCL_LARGEST,
}
_DIM_CODES = {
    "range": A_RANGE, "dispersion": A_DISP, "unplaced": A_UNPL, "connected": A_CONN,
    "minimal_connected_winning": A_MCW, "includes_median": A_MED,
}


@dataclass(frozen=True)
class _Query:
    """Validated arguments of one enumeration call."""

    actors: ActorSet
    rule: Rule
    bound: BoundRule
    engine: Any
    n_threads: int
    weight_crit: int
    score: tuple[tuple[str, float], ...]


def _connected_index(actors: ActorSet, connected: Any) -> int:
    if connected is None:
        return -1
    if isinstance(connected, str) and connected == "ties" and "ties" not in actors.dimensions:
        if actors.ties is None:
            raise ValueError('connected: "ties" needs an ActorSet built with ties=...')
        return len(actors.dimensions)
    if not actors.dimensions:
        raise ValueError(f"connected: {connected!r} given but the actors have no positions; "
                         'give positions=... or use connected="ties" with a ties matrix')
    return actors.dimension(connected)


def _score_terms(actors: ActorSet, bound: BoundRule, score: Any) -> tuple[tuple[str, float], ...]:
    if score is None:
        return ()
    if isinstance(score, str):
        items = [(score, 1.0)]
    elif isinstance(score, Mapping):
        items = list(score.items())
    else:
        raise TypeError("score: expected a column name or a {column: coefficient} dict, "
                        f"got {type(score).__name__}")
    if not items:
        raise ValueError("score: the score dict is empty")
    out = []
    for name, coef in items:
        if not isinstance(name, str):
            raise TypeError(f"score: column names must be strings, got {name!r}")
        if isinstance(coef, bool) or not isinstance(coef, (int, float, np.integer, np.floating)):
            raise TypeError(f"score: coefficient of {name!r} must be a number, got {coef!r}")
        if not math.isfinite(float(coef)):
            raise ValueError(f"score: coefficient of {name!r} must be finite, got {coef!r}")
        _score_code(actors, bound, name)  # validates the name
        out.append((name, float(coef)))
    return tuple(out)


def _score_code(actors: ActorSet, bound: BoundRule, name: str) -> tuple[int, int, float]:
    if name in _SIMPLE_CODES:
        if name == "diameter" and not actors.dimensions:
            raise ValueError("score: 'diameter' needs positions")
        return _SIMPLE_CODES[name], 0, 0
    if name in ("connected_ties", "minimal_connected_winning_ties"):
        if actors.ties is None:
            raise ValueError(f"score: {name!r} needs an ActorSet with ties")
        return (A_CONN_TIES if name == "connected_ties" else A_MCW_TIES), 0, 0
    for prefix, code in (("weight_", A_WEIGHT), ("share_", A_SHARE)):
        if name.startswith(prefix) and name[len(prefix):] in actors.weight_names:
            return code, actors.weight_names.index(name[len(prefix):]), 0
    if name.startswith("surplus"):
        if bound.surplus is None and name == "surplus":
            return A_SURPLUS, -2, 0
        for col, crit, q in bound.surplus or ():
            if col == name:
                return A_SURPLUS, crit, float(q)
    for prefix, code in _DIM_CODES.items():
        p = prefix + "_"
        if name.startswith(p) and name[len(p):] in actors.dimensions:
            return code, actors.dimensions.index(name[len(p):]), 0
    raise ValueError(f"score: unknown column {name!r}; use a column of the CoalitionTable, e.g. "
                     f"{', '.join(_column_names(actors, bound)[1:8])}")


def _column_names(actors: ActorSet, bound: BoundRule) -> list[str]:
    cols = ["mask", "size"]
    cols += [f"weight_{c}" for c in actors.weight_names]
    cols += [f"share_{c}" for c in actors.weight_names]
    cols += [s[0] for s in bound.surplus] if bound.surplus else ["surplus"]
    cols += ["n_pivotal", "n_surplus_members", "winning", "minimal_winning", "blocking",
             "blocking_minority"]
    for d in actors.dimensions:
        cols += [f"{p}_{d}" for p in _DIM_CODES]
    if actors.dimensions:
        cols.append("diameter")
    if actors.ties is not None:
        cols += ["connected_ties", "minimal_connected_winning_ties"]
    cols += ["largest_share", "herfindahl", "effective_number", "includes_largest"]
    return cols


@dataclass(frozen=True)
class _Filters:
    """Validated filters of one call."""

    bound: BoundRule
    winning: int | None
    minimal: bool
    blocking: int | None
    connected: int | None  # dimension index, len(dimensions) for ties
    min_size: int
    max_size: int
    include: tuple[int, ...]
    exclude: tuple[int, ...]

    @property
    def rule_filtered(self) -> bool:
        return (self.winning is not None or self.minimal or self.blocking is not None
                or self.connected is not None)


def _filters(actors: Any, rule: Any, *, winning: Any = None, minimal: Any = False,
             blocking: Any = None, connected: Any = None, min_size: Any = None,
             max_size: Any = None, include: Any = (), exclude: Any = (),
             bound: BoundRule | None = None, warn: bool = True, stacklevel: int = 5) -> _Filters:
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected a foedus.ActorSet, got {type(actors).__name__}")
    if bound is None and not isinstance(rule, Rule):
        raise TypeError(f"rule: expected a foedus.Rule, got {type(rule).__name__}")
    n = actors.n
    if bound is None:
        bound = rule.bind(actors)
    if warn:
        warn_if_improper(actors, bound, stacklevel=stacklevel)
    if not isinstance(minimal, (bool, np.bool_)):
        raise TypeError(f"minimal must be True or False, got {minimal!r}")
    win = check_optional_bool(winning, "winning")
    if minimal and win == 0:
        raise ValueError("minimal=True selects winning coalitions; it cannot be combined with "
                         "winning=False")
    blk = check_optional_bool(blocking, "blocking")
    conn = _connected_index(actors, connected)
    lo = 1 if min_size is None else check_int(min_size, "min_size", minimum=0, maximum=n)
    hi = n if max_size is None else check_int(max_size, "max_size", minimum=0, maximum=n)
    if lo > hi:
        raise ValueError(f"min_size ({lo}) is larger than max_size ({hi})")
    inc = resolve_indices(include, actors.names, "actor", "include")
    exc = resolve_indices(exclude, actors.names, "actor", "exclude")
    both = set(inc) & set(exc)
    if both:
        raise ValueError(f"include/exclude: {[actors.names[i] for i in sorted(both)]} are both "
                         "included and excluded")
    return _Filters(bound, None if win < 0 else win, bool(minimal), None if blk < 0 else blk,
                    None if conn < 0 else conn, lo, hi, tuple(inc), tuple(exc))


def _check_exhaustive(n: int) -> None:
    if n > MAX_EXHAUSTIVE_ACTORS:
        raise ValueError(
            f"actors: {n} actors is more than the exhaustive kernel's limit of "
            f"{MAX_EXHAUSTIVE_ACTORS} (2^{n} subsets could never all be visited); give "
            "max_size=... (size-bounded enumeration), or use minimal_winning_coalitions(...), "
            "count_coalitions(...) (exact counts by dynamic programming) or "
            "describe_coalitions(...) for given coalitions")


def _prepare(actors: Any, rule: Any, *, winning: Any = None, minimal: Any = False,
             blocking: Any = None, connected: Any = None, min_size: Any = None,
             max_size: Any = None, include: Any = (), exclude: Any = (), score: Any = None,
             weight: Any = None, n_threads: Any = None, bound: BoundRule | None = None,
             warn: bool = True) -> _Query:
    if isinstance(actors, ActorSet):
        _check_exhaustive(actors.n)
    f = _filters(actors, rule, winning=winning, minimal=minimal, blocking=blocking,
                 connected=connected, min_size=min_size, max_size=max_size, include=include,
                 exclude=exclude, bound=bound, warn=warn, stacklevel=5)
    return _engine(actors, rule, f, score=score, weight=weight, n_threads=n_threads)


#: Below this many free actors the exhaustive kernel is always used; above it, size-bounded
#: queries go to the size-bounded kernel when that visits far fewer coalitions.
_SIZED_FROM_FREE = 40


def _sized_visits(n: int, f: _Filters) -> int:
    """Coalitions the size-bounded kernel visits: sum over sizes of C(free, size - |include|)."""
    free = n - len(f.include) - len(f.exclude)
    inc = len(f.include)
    return sum(math.comb(free, s - inc) for s in range(max(1, f.min_size), f.max_size + 1)
               if 0 <= s - inc <= free)


def _use_sized(n: int, f: _Filters) -> bool:
    if n > MAX_EXHAUSTIVE_ACTORS:
        return True
    free = n - len(f.include) - len(f.exclude)
    return free > _SIZED_FROM_FREE and _sized_visits(n, f) * 1024 < 2**free


def _query(actors: Any, rule: Any, *, score: Any = None, weight: Any = None,
           n_threads: Any = None, **filters: Any) -> _Query:
    """Validated query on the kernel that suits it: exhaustive (64-bit masks) or size-bounded
    (any number of actors; by size, then ascending mask)."""
    f = _filters(actors, rule, stacklevel=5, **filters)
    n = actors.n
    free = n - len(f.include) - len(f.exclude)
    if n > MAX_EXHAUSTIVE_ACTORS and f.max_size >= n and free > _SIZED_FROM_FREE:
        _check_exhaustive(n)  # the clear error: no size bound beyond 64 actors
    if _use_sized(n, f):
        return _sized_query(actors, rule, f, score=score, weight=weight, n_threads=n_threads)
    return _engine(actors, rule, f, score=score, weight=weight, n_threads=n_threads)


class _NarrowSized:
    """The size-bounded kernel for at most 64 actors, speaking 1-D uint64 masks like Engine."""

    def __init__(self, engine: Any) -> None:
        self._e = engine
        self.n_blocks = engine.n_blocks
        self.block_size = engine.block_size

    def count(self, n_threads: int, block_lo: int = 0, block_hi: int = -1,
              progress: Any = None) -> int:
        return int(self._e.count(n_threads, block_lo, block_hi, progress))

    def collect(self, b0: int, b1: int, n_threads: int, progress: Any = None) -> np.ndarray:
        return np.ascontiguousarray(self._e.collect(b0, b1, n_threads, progress)[:, 0])

    def top_k(self, k: int, n_threads: int, block_lo: int = 0, block_hi: int = -1,
              progress: Any = None) -> tuple[np.ndarray, np.ndarray]:
        masks, scores = self._e.top_k(k, n_threads, block_lo, block_hi, progress)
        return np.ascontiguousarray(masks[:, 0]), scores

    def scores(self, masks: np.ndarray, n_threads: int) -> np.ndarray:
        return self._e.scores(masks.reshape(-1, 1), n_threads)

    def attributes(self, masks: np.ndarray, with_diameter: bool, n_threads: int) -> dict:
        out = self._e.attributes(masks.reshape(-1, 1), with_diameter, n_threads)
        out["mask"] = np.ascontiguousarray(out["mask"][:, 0])
        return out


def _integer_weights(actors: ActorSet) -> tuple[np.ndarray, np.ndarray]:
    """Every criterion's exact integer weights (k, n) and their scales (k,)."""
    k = len(actors.weight_names)
    ints = np.empty((k, actors.n), dtype=np.int64)
    scale = np.empty(k, dtype=np.float64)
    for c in range(k):
        w, sc = actors.integer_weights(c)
        ints[c] = w
        scale[c] = float(sc)
    return ints, scale


def _wide_arrays(actors: ActorSet, bound: BoundRule) -> dict[str, Any]:
    """The actor and rule arrays of the bitset kernels."""
    n = actors.n
    words = words_for(n)
    ints, scale = _integer_weights(actors)
    sets = ints_to_bitsets([int(x) for x in bound.set], n)
    adjacency = None
    if actors.ties is not None:
        t = actors.ties > 0
        np.fill_diagonal(t, False)
        adjacency = ints_to_bitsets(
            [sum(1 << int(j) for j in np.flatnonzero(row)) for row in t], n)
    return {"n": n, "weights": ints, "scale": scale, "rule_op": bound.op,
            "rule_crit": bound.crit, "rule_nchild": bound.nchild, "rule_q": bound.q,
            "rule_sets": sets.reshape(len(bound.op), words),
            "positions": np.ascontiguousarray(actors.positions.T), "adjacency": adjacency}


def _sized_query(actors: ActorSet, rule: Rule, f: _Filters, *, score: Any = None,
                 weight: Any = None, n_threads: Any = None) -> _Query:
    n, bound = actors.n, f.bound
    wcrit = actors.criterion(weight)
    terms = _score_terms(actors, bound, score)
    codes = [_score_code(actors, bound, name) for name, _ in terms]
    engine: Any = _core.SizedEngine(
        **_wide_arrays(actors, bound), weight_crit=wcrit,
        winning=-1 if f.winning is None else f.winning, minimal=f.minimal,
        blocking=-1 if f.blocking is None else f.blocking,
        connected=-1 if f.connected is None else f.connected, min_size=f.min_size,
        max_size=f.max_size, include=ints_to_bitsets([sum(1 << i for i in f.include)], n)[0],
        exclude=ints_to_bitsets([sum(1 << i for i in f.exclude)], n)[0],
        score_code=np.array([c[0] for c in codes], dtype=np.int32),
        score_param=np.array([c[1] for c in codes], dtype=np.int32),
        score_q=np.array([c[2] for c in codes], dtype=np.float64),
        score_coef=np.array([t[1] for t in terms], dtype=np.float64))
    if n <= MAX_EXHAUSTIVE_ACTORS:
        engine = _NarrowSized(engine)
    return _Query(actors, rule, bound, engine, check_n_threads(n_threads), wcrit, terms)


def _engine(actors: ActorSet, rule: Rule, f: _Filters, *, score: Any = None,
            weight: Any = None, n_threads: Any = None) -> _Query:
    n, bound = actors.n, f.bound
    _check_exhaustive(n)
    win = -1 if f.winning is None else f.winning
    blk = -1 if f.blocking is None else f.blocking
    lo, hi, inc, exc = f.min_size, f.max_size, f.include, f.exclude
    conn = -1 if f.connected is None else f.connected
    minimal = f.minimal
    wcrit = actors.criterion(weight)
    terms = _score_terms(actors, bound, score)
    codes = [_score_code(actors, bound, name) for name, _ in terms]
    ints, scale = _integer_weights(actors)
    adjacency = None
    if actors.ties is not None:
        t = actors.ties > 0
        np.fill_diagonal(t, False)
        adjacency = (t.astype(np.uint64) << np.arange(n, dtype=np.uint64)[None, :]).sum(
            axis=1, dtype=np.uint64)
    engine = _core.Engine(
        n=n, weights=ints, scale=scale, rule_op=bound.op, rule_crit=bound.crit,
        rule_nchild=bound.nchild, rule_q=bound.q, rule_set=bound.set,
        positions=np.ascontiguousarray(actors.positions.T), adjacency=adjacency,
        weight_crit=wcrit, winning=win, minimal=bool(minimal), blocking=blk, connected=conn,
        min_size=lo, max_size=hi, include=sum(1 << i for i in inc),
        exclude=sum(1 << i for i in exc),
        score_code=np.array([c[0] for c in codes], dtype=np.int32),
        score_param=np.array([c[1] for c in codes], dtype=np.int32),
        score_q=np.array([c[2] for c in codes], dtype=np.float64),
        score_coef=np.array([t[1] for t in terms], dtype=np.float64))
    return _Query(actors, rule, bound, engine, check_n_threads(n_threads), wcrit, terms)


def _row_bytes(actors: ActorSet, bound: BoundRule, scored: bool) -> int:
    k, d = len(actors.weight_names), len(actors.dimensions)
    n_surplus = len(bound.surplus) if bound.surplus else 1
    per_row = 8 + 4 + k * 24 + n_surplus * 8 + 4 + 4 + 4 + d * (8 + 8 + 4 + 3) + 8 + 2
    per_row += 8 * 3 + 1 + (8 if scored else 0)
    return 2 * per_row  # kernel outputs plus the derived columns


def _default_max_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 4 * 2**30


def _table(q: _Query, masks: np.ndarray, scores: np.ndarray | None, ranked: bool,
           with_diameter: bool = True, given_order: bool = False,
           raw: dict[str, np.ndarray] | None = None) -> CoalitionTable:
    """The table of the given masks; ``raw``: their kernel attributes when already computed
    (foedus.distributed computes them on the workers)."""
    actors, bound = q.actors, q.bound
    if raw is None:
        raw = q.engine.attributes(np.ascontiguousarray(masks, dtype=np.uint64), with_diameter,
                                  q.n_threads)
    cols: dict[str, np.ndarray] = {"mask": raw["mask"], "size": raw["size"]}
    W = raw["W"]
    totals, scales = [], []
    for c, name in enumerate(actors.weight_names):
        ints, scale = actors.integer_weights(c)
        totals.append(int(ints.sum()))
        scales.append(scale)
        col = W[:, c]
        cols[f"weight_{name}"] = col.copy() if scale == 1 else col.astype(np.float64) / float(
            scale)
    for c, name in enumerate(actors.weight_names):
        with np.errstate(invalid="ignore", divide="ignore"):
            cols[f"share_{name}"] = (W[:, c].astype(np.float64) / float(totals[c]) if totals[c]
                                     else np.full(len(masks), np.nan))
    if bound.surplus:
        for col_name, crit, threshold in bound.surplus:
            if crit == CRIT_SIZE:
                cols[col_name] = raw["size"].astype(np.int64) - int(threshold)
            elif scales[crit] == 1 and threshold.denominator == 1:
                cols[col_name] = W[:, crit] - int(threshold)
            else:  # the same arithmetic as the kernel's score (attribute_value, A_SURPLUS)
                cols[col_name] = (W[:, crit].astype(np.float64) - float(threshold)) / float(
                    scales[crit])
    else:
        cols["surplus"] = np.full(len(masks), np.nan)
    cols["n_pivotal"] = raw["n_pivotal"]
    cols["n_surplus_members"] = raw["size"] - raw["n_pivotal"]
    cols["winning"] = raw["winning"]
    cols["minimal_winning"] = raw["minimal_winning"]
    cols["blocking"] = raw["blocking"]
    cols["blocking_minority"] = raw["blocking"] & ~raw["winning"]
    for j, d in enumerate(actors.dimensions):
        cols[f"range_{d}"] = raw["range"][:, j].copy()
        cols[f"dispersion_{d}"] = raw["dispersion"][:, j].copy()
        cols[f"unplaced_{d}"] = raw["unplaced"][:, j].copy()
        cols[f"connected_{d}"] = raw["connected"][:, j].copy()
        cols[f"minimal_connected_winning_{d}"] = raw["minimal_connected_winning"][:, j].copy()
        cols[f"includes_median_{d}"] = raw["includes_median"][:, j].copy()
    if actors.dimensions:
        cols["diameter"] = raw["diameter"]
    if actors.ties is not None:
        cols["connected_ties"] = raw["connected_ties"]
        cols["minimal_connected_winning_ties"] = raw["minimal_connected_winning_ties"]
    cols["largest_share"] = raw["largest_share"]
    cols["herfindahl"] = raw["herfindahl"]
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["effective_number"] = 1.0 / raw["herfindahl"]
    cols["includes_largest"] = raw["includes_largest"]
    if scores is not None:
        cols["score"] = scores
    sized = isinstance(q.engine, (_NarrowSized, _core.SizedEngine))
    return CoalitionTable(actors=actors, rule=q.rule, columns_=cols, ranked=ranked,
                          given_order=given_order, size_order=sized and not ranked)


def enumerate_coalitions(
    actors: ActorSet, rule: Rule, *, winning: bool | None = None, minimal: bool = False,
    blocking: bool | None = None, connected: str | int | None = None,
    min_size: int | None = None, max_size: int | None = None, include: Any = (),
    exclude: Any = (), top_k: int | None = None, score: str | Mapping[str, float] | None = None,
    weight: str | int | None = None, max_memory: int | None = None,
    n_threads: int | None = None, progress: bool | None = None,
) -> CoalitionTable:
    """List the coalitions that pass the filters, with all their attributes.

    Every non-empty subset of at most 64 actors is visited by the compiled kernel (include and
    exclude shrink the search space); no Python runs per coalition. With ``max_size``, any
    number of actors works: the size-bounded kernel visits only the coalitions of the allowed
    sizes (in the thousands of actors for small sizes).

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
        The voting rule deciding which coalitions win.
    winning, blocking : bool or None
        Keep only (non-)winning or (non-)blocking coalitions; None keeps both.
    minimal : bool
        Keep only minimal winning coalitions; with ``connected`` set, only the minimal
        connected winning ones on that dimension (Axelrod), which is not the same as
        minimal winning and connected.
    connected : str, int or None
        A position dimension or ``"ties"``: keep only coalitions connected on it.
    min_size, max_size : int, optional
        Bounds on the number of members (inclusive).
    include, exclude : actor names or indices
        Actors that must all be members / must not be members.
    top_k : int, optional
        Keep the ``top_k`` coalitions with the highest ``score`` (O(top_k) memory), returned in
        rank order; ties go to the smaller mask, NaN scores rank last.
    score : str or dict, optional
        A column name or ``{column: coefficient}``: the score is the weighted sum (booleans
        count 0/1). Adds a ``score`` column.
    weight : str or int, optional
        Weight criterion for concentration (largest share, Herfindahl) and for weighting
        positions (dispersion, median); default: the first criterion.
    max_memory : int, optional
        Largest table in bytes (default a quarter of the RAM); a larger result raises
        ValueError with the count and alternatives instead of exhausting memory.
    n_threads : int, optional
        Threads (default all cores); results are identical for every thread count.
    progress : bool, optional
        A progress bar on standard error for long runs: None (default) draws one on a
        terminal after a second, True always, False never.

    Returns
    -------
    CoalitionTable
        Rows in ascending mask order (rank order with ``top_k``). Size-bounded queries over
        more than 64 actors, or over more than 40 free actors when ``max_size`` leaves far fewer
        coalitions than ``2^free``, run on the size-bounded kernel instead: rows by size, then
        ascending mask (``table.size_order``); beyond 64 actors ``masks`` are packed bitsets.

    Examples
    --------
    >>> import foedus
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> mcw = foedus.enumerate_coalitions(parl, foedus.Rule.majority("seats"), minimal=True,
    ...                                   connected="left_right")
    >>> ("SPD", "B90/Gru", "FDP") in [tuple(sorted(mcw.members(i), key=parl.names.index))
    ...                               for i in range(len(mcw))]
    True
    """
    if top_k is not None:
        top_k = check_int(top_k, "top_k", minimum=1, maximum=2**31)
        if score is None:
            raise ValueError("top_k needs a score: give score='weight_...' or a "
                             "{column: coefficient} dict")
    progress = check_progress(progress)
    q = _query(actors, rule, winning=winning, minimal=minimal, blocking=blocking,
               connected=connected, min_size=min_size, max_size=max_size, include=include,
               exclude=exclude, score=score, weight=weight, n_threads=n_threads)
    if top_k is not None:
        with progress_bar("top-k", progress) as update:
            masks, scores = q.engine.top_k(top_k, q.n_threads, 0, -1, update)
        return _table(q, masks, scores, ranked=True)
    limit = _default_max_memory() if max_memory is None else check_int(
        max_memory, "max_memory", minimum=0)
    row_bytes = _row_bytes(actors, q.bound, score is not None)
    space = q.engine.n_blocks * q.engine.block_size
    if space * row_bytes > limit:
        with progress_bar("counting", progress) as update:
            count = q.engine.count(q.n_threads, 0, -1, update)
        if count * row_bytes > limit:
            raise ValueError(
                f"max_memory: the result has {count:,} coalitions and needs about "
                f"{count * row_bytes / 2**30:.1f} GiB, more than max_memory = "
                f"{limit / 2**30:.1f} GiB. Use count_coalitions(...) for the number only, "
                "top_k=... with a score for the best ones, iter_coalitions(...) to stream them "
                "in chunks, or narrow the filters (winning, minimal, include, max_size)")
    with progress_bar("enumerating", progress) as update:
        masks = q.engine.collect(0, q.engine.n_blocks, q.n_threads, update)
    scores = q.engine.scores(masks, q.n_threads) if q.score else None
    return _table(q, masks, scores, ranked=False)


def count_coalitions(
    actors: ActorSet, rule: Rule, *, winning: bool | None = None, minimal: bool = False,
    blocking: bool | None = None, connected: str | int | None = None,
    min_size: int | None = None, max_size: int | None = None, include: Any = (),
    exclude: Any = (), by_size: bool = False, method: str = "auto",
    n_threads: int | None = None, progress: bool | None = None,
) -> CoalitionCount | SizeCounts:
    """Count the coalitions that pass the filters, exactly (Python ints), at any size.

    Three methods, chosen automatically unless ``method`` says otherwise; the result's
    ``.method`` tells which one ran:

    - **binomial coefficients** when no filter involves the rule (only sizes, include and
      exclude);
    - **dynamic programming over weights** for a single weighted quota (``Rule.quota``,
      ``Rule.share``, ``Rule.majority`` or ``Rule.count``) with the winning, minimal, blocking,
      size, include and exclude filters: about ``n * W`` steps for total weight ``W`` (times
      ``n`` again with ``by_size`` or size bounds), for any number of actors;
    - **enumeration** of every coalition by the compiled kernel (at most 64 actors; any rule
      and filter), when it is estimated to be faster or the DP does not apply.

    Parameters
    ----------
    actors, rule, winning, minimal, blocking, connected, min_size, max_size, include, exclude
        As in :func:`enumerate_coalitions`.
    by_size : bool
        Return the counts by coalition size (:class:`SizeCounts`) instead of the total.
    method : {"auto", "dp", "enumeration"}
        Force a method; ``"dp"`` raises ValueError when the rule or filters do not allow it.
    n_threads : int, optional
        Threads (default all cores); the counts do not depend on it.
    progress : bool, optional
        A progress bar for enumeration counts: None (default) draws one on a terminal after a
        second, True always, False never.

    Returns
    -------
    CoalitionCount or SizeCounts
        A Python int with a ``method`` attribute, or the counts by size.

    Examples
    --------
    >>> import foedus
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> foedus.count_coalitions(parl, foedus.Rule.majority("seats"), minimal=True,
    ...                         by_size=True)
    SizeCounts(total=7, by size {2: 1, 3: 6}, method='enumeration')
    >>> from foedus.datasets import us_electoral_college_2024
    >>> ec = us_electoral_college_2024()
    >>> win = foedus.count_coalitions(ec, foedus.Rule.quota(270, "electoral_votes"),
    ...                               winning=True)
    >>> win, win.method
    (1117385292262622, 'dynamic programming over weights')
    """
    if not isinstance(by_size, (bool, np.bool_)):
        raise TypeError(f"by_size must be True or False, got {by_size!r}")
    if not isinstance(method, str) or method not in ("auto", "dp", "enumeration"):
        raise ValueError(f'method must be "auto", "dp" or "enumeration", got {method!r}')
    f = _filters(actors, rule, winning=winning, minimal=minimal, blocking=blocking,
                 connected=connected, min_size=min_size, max_size=max_size, include=include,
                 exclude=exclude, stacklevel=4)
    threads = check_n_threads(n_threads)
    progress = check_progress(progress)
    n = actors.n
    if not f.rule_filtered and method == "auto":
        return _binomial_counts(n, f, by_size)
    problem = _quota_problem(actors, f)
    dp_plan = None
    why_not = ("the rule is not a single weighted quota" if problem is None
               else "the connected filter needs enumeration" if f.connected is not None else "")
    if not why_not and problem is not None:
        dp_plan = counting.plan(problem, winning=f.winning, minimal=f.minimal,
                                blocking=f.blocking, by_size=by_size)
        if dp_plan.nbytes > counting.DP_MAX_BYTES:
            why_not = (f"its table would need {dp_plan.nbytes / 2**30:.1f} GiB (total weight "
                       f"{problem.total:,}); rescale the weights (e.g. to thousands)")
            dp_plan = None
    if method == "dp" and dp_plan is None:
        raise ValueError(f'method="dp": dynamic programming does not apply: {why_not}')
    use_dp = dp_plan is not None and method != "enumeration" and (
        method == "dp" or n > MAX_EXHAUSTIVE_ACTORS or (
            method == "auto" and counting.dp_cost_seconds(dp_plan) <= _enumeration_seconds(
                n, f, by_size)))
    if use_dp:
        assert problem is not None and dp_plan is not None
        total, sizes = counting.run(problem, dp_plan, threads)
        if by_size:
            assert sizes is not None  # a by-size plan tracks sizes
            return SizeCounts(sizes, counting.DP)
        return CoalitionCount(total, counting.DP)
    if n > MAX_EXHAUSTIVE_ACTORS and f.max_size >= n:
        if method == "enumeration":
            raise ValueError(
                f'method="enumeration": {n} actors, but enumeration of all coalitions handles '
                f'at most {MAX_EXHAUSTIVE_ACTORS}; give max_size=... (size-bounded enumeration) '
                'or use method="auto" (dynamic programming)')
        raise ValueError(
            f"count_coalitions: {n} actors need dynamic programming (enumeration handles at "
            f"most {MAX_EXHAUSTIVE_ACTORS}, or any number with max_size=...), and it does not "
            f"apply here: {why_not}")

    def one_count(g: _Filters, update: Any) -> int:
        maker = _sized_query if _use_sized(n, g) else _engine
        return int(maker(actors, rule, g, n_threads=n_threads).engine.count(threads, 0, -1,
                                                                            update))

    with progress_bar("counting", progress) as update:
        if not by_size:
            return CoalitionCount(one_count(f, update), counting.ENUMERATION)
        counts = np.zeros(n + 1, dtype=object)
        counts[:] = 0
        sizes = range(max(1, f.min_size), f.max_size + 1)
        for i, s in enumerate(sizes):
            part = None if update is None else _part(update, i, len(sizes))
            counts[s] = one_count(dataclasses.replace(f, min_size=s, max_size=s), part)
        return SizeCounts(counts, counting.ENUMERATION)


def _part(update: Any, i: int, parts: int) -> Any:
    """A progress callable for part i of `parts` equal parts of a call."""
    return lambda fraction: update((i + fraction) / parts)


def _enumeration_seconds(n: int, f: _Filters, by_size: bool) -> float:
    free = n - len(f.include) - len(f.exclude)
    passes = (f.max_size - max(1, f.min_size) + 1) if by_size else 1
    return passes * 2.0**free / counting.ENUMERATION_PER_SECOND


def _binomial_counts(n: int, f: _Filters, by_size: bool) -> CoalitionCount | SizeCounts:
    inc = len(f.include)
    free = n - inc - len(f.exclude)
    counts = np.zeros(n + 1, dtype=object)
    counts[:] = 0
    for s in range(max(1, f.min_size), f.max_size + 1):
        if 0 <= s - inc <= free:
            counts[s] = math.comb(free, s - inc)
    if by_size:
        return SizeCounts(counts, counting.BINOMIAL)
    return CoalitionCount(int(sum(counts)), counting.BINOMIAL)


def _quota_problem(actors: ActorSet, f: _Filters) -> counting.QuotaProblem | None:
    """The rule as a single weighted quota W(S) >= q, or None when it is not one."""
    b = f.bound
    if len(b.op) != 1 or int(b.op[0]) != OP_QUOTA:
        return None
    crit = int(b.crit[0])
    if crit == CRIT_SIZE:
        weights = (1,) * actors.n
    else:
        weights = tuple(int(w) for w in actors.integer_weights(crit)[0])
    return counting.QuotaProblem(weights, int(b.q[0]), f.include, f.exclude, f.min_size,
                                 f.max_size)


def _wide_query(actors: ActorSet, rule: Rule, bound: BoundRule, weight: Any,
                n_threads: Any) -> _Query:
    """A query on the bitset path (any number of actors; attributes only)."""
    wcrit = actors.criterion(weight)
    engine = _core.WideEngine(**_wide_arrays(actors, bound), weight_crit=wcrit)
    return _Query(actors, rule, bound, engine, check_n_threads(n_threads), wcrit, ())


def _coalition_masks(actors: ActorSet, coalitions: Any) -> list[int]:
    """Coalitions as Python-int masks, from member lists, int masks or bitset rows."""
    if isinstance(coalitions, np.ndarray) and coalitions.dtype.kind in "iu":
        if coalitions.ndim == 2:
            out = [bitset_to_int(r) for r in coalitions.astype(np.uint64)]
        elif coalitions.ndim == 1:
            out = [int(m) for m in coalitions]
        else:
            raise ValueError("coalitions: expected masks (1-D) or bitsets (2-D), got "
                             f"{coalitions.ndim} dimensions")
    else:
        if isinstance(coalitions, (str, bytes)) or not hasattr(coalitions, "__iter__"):
            raise TypeError("coalitions: expected a list of coalitions (member lists or masks)")
        out = []
        for c in coalitions:
            if isinstance(c, (int, np.integer)) and not isinstance(c, (bool, np.bool_)):
                out.append(int(c))
            else:
                out.append(actors.mask(c))
    for m in out:
        if m <= 0 or m >> actors.n:
            raise ValueError(f"coalitions: {m:#x} is empty or names actors beyond the "
                             f"{actors.n} given")
    return out


def describe_coalitions(actors: ActorSet, rule: Rule, coalitions: Any, *,
                        weight: str | int | None = None,
                        n_threads: int | None = None) -> CoalitionTable:
    """All attributes of the given coalitions (any number of actors), in the given order.

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
    coalitions : list or numpy.ndarray
        Member lists (actor names or indices), Python-int masks, a 1-D uint64 array of masks
        or a 2-D uint64 array of packed bitsets (see :attr:`CoalitionTable.masks`).
    weight : str or int, optional
        Weight criterion for concentration and for weighting positions.
    n_threads : int, optional

    Returns
    -------
    CoalitionTable
        One row per given coalition, with the columns of :func:`enumerate_coalitions`.

    Examples
    --------
    >>> import foedus
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> t = foedus.describe_coalitions(parl, foedus.Rule.majority("seats"),
    ...                                [["SPD", "B90/Gru", "FDP"], ["CDU+CSU", "SPD"]])
    >>> t["weight_seats"].tolist(), t["minimal_winning"].tolist()
    ([416, 403], [True, True])
    """
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected a foedus.ActorSet, got {type(actors).__name__}")
    if not isinstance(rule, Rule):
        raise TypeError(f"rule: expected a foedus.Rule, got {type(rule).__name__}")
    masks = _coalition_masks(actors, coalitions)
    bound = rule.bind(actors)
    warn_if_improper(actors, bound, stacklevel=3)
    if actors.n <= MAX_EXHAUSTIVE_ACTORS:
        q = _engine(actors, rule, _filters(actors, rule, bound=bound, warn=False),
                    weight=weight, n_threads=n_threads)
        arr = np.array(masks, dtype=np.uint64)
    else:
        q = _wide_query(actors, rule, bound, weight, n_threads)
        arr = ints_to_bitsets(masks, actors.n)
    return _table(q, arr, None, ranked=False, given_order=True)


def count_coalitions_bound(actors: ActorSet, bound: BoundRule, **filters: Any) -> int:
    """Count with an already bound rule (internal; no improperness warning)."""
    q = _prepare(actors, None, bound=bound, warn=False, **filters)
    return int(q.engine.count(q.n_threads))


def iter_coalitions(
    actors: ActorSet, rule: Rule, *, winning: bool | None = None, minimal: bool = False,
    blocking: bool | None = None, connected: str | int | None = None,
    min_size: int | None = None, max_size: int | None = None, include: Any = (),
    exclude: Any = (), score: str | Mapping[str, float] | None = None,
    weight: str | int | None = None, chunk_size: int = 1_000_000, n_threads: int | None = None,
) -> Iterator[CoalitionTable]:
    """Stream the coalitions of :func:`enumerate_coalitions` as tables of ``chunk_size`` rows.

    Memory stays proportional to ``chunk_size``; concatenated, the chunks equal the table
    that :func:`enumerate_coalitions` returns (ascending mask order).

    Examples
    --------
    >>> import foedus
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> sizes = [len(t) for t in foedus.iter_coalitions(parl, foedus.Rule.majority("seats"),
    ...                                                  winning=True, chunk_size=50)]
    >>> sizes
    [50, 14]
    """
    chunk_size = check_int(chunk_size, "chunk_size", minimum=1, maximum=2**40)
    q = _query(actors, rule, winning=winning, minimal=minimal, blocking=blocking,
               connected=connected, min_size=min_size, max_size=max_size, include=include,
               exclude=exclude, score=score, weight=weight, n_threads=n_threads)
    return _iterate(q, chunk_size)


def _iterate(q: _Query, chunk_size: int) -> Iterator[CoalitionTable]:
    step = max(1, chunk_size // max(1, q.engine.block_size))
    pending: list[np.ndarray] = []
    n_pending = 0
    block = 0
    while block < q.engine.n_blocks:
        masks = q.engine.collect(block, block + step, q.n_threads)
        block += step
        if len(masks):
            pending.append(masks)
            n_pending += len(masks)
        while n_pending >= chunk_size:
            allm = np.concatenate(pending)
            head, rest = allm[:chunk_size], allm[chunk_size:]
            pending, n_pending = ([rest] if len(rest) else []), len(rest)
            scores = q.engine.scores(head, q.n_threads) if q.score else None
            yield _table(q, head, scores, ranked=False)
    if n_pending:
        allm = np.concatenate(pending)
        scores = q.engine.scores(allm, q.n_threads) if q.score else None
        yield _table(q, allm, scores, ranked=False)
