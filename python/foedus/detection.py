"""Groupings in relational data: multilateral alliances detected in yearly dyadic ties and
tracked over time, the sides of inter-state wars, lineage by membership overlap, and
capabilities attached by state code and year.

Detection: each year's ties (by default any ATOP obligation) form a graph; its maximal cliques
of at least ``min_size`` states are the year's multilateral groups (every member tied to every
other, as a multilateral treaty makes them). Groups are linked to the previous year's by the
Jaccard overlap of their members: the best-overlapping pairs at or above ``min_overlap``
continue a spell (recording joins and exits); a further group overlapping a spell is a split
from it, a further spell overlapping a group merges into it; a spell with no successor ends,
a group with no predecessor starts a new spell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ._validation import check_float, check_int, float_array
from .groupings import Grouping

__all__ = ["ATOP_OBLIGATIONS", "attach_capabilities", "detect_groupings", "lineage",
           "major_power_status", "maximal_cliques", "war_coalitions"]

#: ATOP column -> obligation name of ``Grouping``
ATOP_OBLIGATIONS = {"defense": "defense", "offense": "offense", "neutral": "neutrality",
                    "nonagg": "nonaggression", "consul": "consultation"}


def maximal_cliques(edges: Sequence[tuple[int, int]] | np.ndarray,
                    min_size: int = 1) -> list[tuple[int, ...]]:
    """The maximal cliques of an undirected graph given by its edges (Bron-Kerbosch with
    Tomita pivoting over bit sets), as sorted tuples of node labels, in sorted order.

    Examples
    --------
    A triangle 1-2-3 with a pendant node 4 tied to 3:

    >>> from foedus import maximal_cliques
    >>> edges = [(1, 2), (2, 3), (1, 3), (3, 4)]
    >>> maximal_cliques(edges)
    [(1, 2, 3), (3, 4)]
    >>> maximal_cliques(edges, min_size=3)
    [(1, 2, 3)]
    """
    min_size = check_int(min_size, "min_size", minimum=0)
    try:
        raw = np.asarray(edges)
    except (TypeError, ValueError):  # ragged
        raise TypeError("edges: expected pairs of integer node labels") from None
    if raw.size == 0:
        return []
    if raw.dtype.kind not in "iu":
        raise TypeError(f"edges: expected integer node labels, got dtype {raw.dtype}")
    if raw.ndim != 2 or raw.shape[1] != 2:
        raise ValueError(f"edges: expected pairs of nodes (shape (m, 2)), got shape {raw.shape}")
    if raw.dtype == np.uint64 and (raw >= np.uint64(2**63)).any():
        raise ValueError("edges: node labels must be below 2^63")
    arr = raw.astype(np.int64)
    nodes = np.unique(arr)
    index = {int(v): i for i, v in enumerate(nodes)}
    adj = [0] * len(nodes)
    for a, b in arr.tolist():
        if a == b:
            continue
        i, j = index[a], index[b]
        adj[i] |= 1 << j
        adj[j] |= 1 << i
    out: list[tuple[int, ...]] = []

    def expand(r: int, p: int, x: int) -> None:
        if p == 0:
            if x == 0 and r.bit_count() >= min_size:
                out.append(r)
            return
        # pivot: the vertex of p | x with the most neighbours in p
        best, pivot = -1, 0
        px = p | x
        while px:
            low = px & -px
            u = low.bit_length() - 1
            c = (adj[u] & p).bit_count()
            if c > best:
                best, pivot = c, u
            px ^= low
        cand = p & ~adj[pivot]
        while cand:
            low = cand & -cand
            v = low.bit_length() - 1
            expand(r | low, p & adj[v], x & adj[v])
            p &= ~low
            x |= low
            cand ^= low

    expand(0, (1 << len(nodes)) - 1, 0)
    cliques = []
    for r in out:
        members = []
        while r:
            low = r & -r
            members.append(int(nodes[low.bit_length() - 1]))
            r ^= low
        cliques.append(tuple(sorted(members)))
    return sorted(cliques)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b)


class _Spell:
    __slots__ = ("events", "first", "joined", "last", "left", "members", "obligations",
                 "parent", "years")

    def __init__(self, members: frozenset, year: int, obligations: set[str],
                 parent: int | None) -> None:
        self.members = members
        self.first = year
        self.last = year
        self.joined = {m: year for m in members}
        self.left: dict[int, int] = {}
        self.obligations = set(obligations)
        self.events: list[tuple[Any, ...]] = []
        self.parent = parent
        self.years = 1


def detect_groupings(dyad_years: dict[str, np.ndarray] | None = None, *,
                     obligations: Sequence[str] = ("defense", "offense"),
                     min_size: int = 3, min_overlap: float = 0.5,
                     names: dict[int, str] | None = None) -> list[Grouping]:
    """Multilateral groups in yearly dyadic ties, tracked into spells.

    Parameters
    ----------
    dyad_years : dict of arrays, optional
        ``ccode1``, ``ccode2``, ``year`` and 0/1 obligation columns (default: the bundled
        ATOP dyad-years, ``foedus.datasets.atop_dyads()``).
    obligations : sequence of str
        The columns that make a tie (any of them). Default: defense and offense, the military
        alliances; consultation and non-aggression pacts such as the 1975 Helsinki Final Act
        tie whole continents into one group and hide the alliances inside it.
    min_size : int
        The smallest group (3: multilateral).
    min_overlap : float
        The Jaccard overlap of members that links a group to the previous year's.
    names : dict, optional
        State code -> name for the groupings' names (default: COW abbreviations).

    Returns
    -------
    list of Grouping
        One per spell, by start year and members: members are everyone who ever belonged,
        with ``joined`` and ``left`` years; ``end`` is the year after the last year observed,
        or None when the spell reaches the data's last year (``observed_until`` is then the
        year after it); ``events`` lists joins, exits, splits and merges; formality
        "treaty", obligations those present in the member dyads of the first year.

    Examples
    --------
    >>> from foedus import detect_groupings
    >>> spells = detect_groupings()
    >>> nato = next(g for g in spells if g.start == 1949 and 2 in g.members and 200 in g.members)
    >>> sorted(m for m in nato.members if nato.joined[m] == 1949)
    [2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395]
    """
    if dyad_years is None:
        from .datasets import atop_dyads
        dyad_years = atop_dyads()
    for col in ("ccode1", "ccode2", "year"):
        if col not in dyad_years:
            raise ValueError(f"dyad_years: missing the column {col!r}")
    obligations = list(obligations)
    for col in obligations:
        if col not in dyad_years:
            raise ValueError(f"obligations: no column {col!r} in dyad_years")
    if not isinstance(min_size, (int, np.integer)) or min_size < 2:
        raise ValueError(f"min_size: expected an integer >= 2, got {min_size!r}")
    if not 0 < min_overlap <= 1:
        raise ValueError(f"min_overlap: expected 0 < min_overlap <= 1, got {min_overlap!r}")
    a0 = np.asarray(dyad_years["ccode1"], dtype=np.int64)
    b0 = np.asarray(dyad_years["ccode2"], dtype=np.int64)
    year = np.asarray(dyad_years["year"], dtype=np.int64)
    if year.size == 0:
        return []
    last_year = int(year.max())  # the data's last year, tie or not
    flags = np.column_stack([np.asarray(dyad_years[c]) > 0 for c in obligations]) \
        if obligations else np.ones((a0.size, 1), dtype=bool)
    # undirected pairs (smaller code first), no self-ties
    a, b = np.minimum(a0, b0), np.maximum(a0, b0)
    tie = flags.any(axis=1) & (a != b)
    a, b, year, flags = a[tie], b[tie], year[tie], flags[tie]
    if year.size == 0:
        return []
    if names is None:
        names = _cow_names()
    _check_names(names)
    order = np.argsort(year, kind="stable")
    a, b, year, flags = a[order], b[order], year[order], flags[order]
    bounds = np.flatnonzero(np.diff(year)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [year.size]])
    spells: list[_Spell] = []
    absorbed: set[int] = set()
    alias: dict[int, int] = {}  # absorbed spell -> the spell that took it over
    active: list[int] = []  # indices of spells alive in the previous year
    prev_year = None
    for s0, s1 in zip(starts, ends, strict=True):
        y = int(year[s0])
        if prev_year is not None and y != prev_year + 1:
            for si in active:  # a gap in the data ends every spell
                spells[si].events.append((prev_year + 1, "end", None))
            active = []
        pair_flags: dict[tuple[int, int], np.ndarray] = {}
        for k in range(s0, s1):  # duplicate rows: any of their obligations
            key = (int(a[k]), int(b[k]))
            pair_flags[key] = pair_flags[key] | flags[k] if key in pair_flags else flags[k]
        groups = [frozenset(c) for c in maximal_cliques(
            np.column_stack([a[s0:s1], b[s0:s1]]), min_size=min_size)]
        links = []
        for si in active:
            for gi, grp in enumerate(groups):
                if spells[si].members & grp:
                    j = _jaccard(spells[si].members, grp)
                    if j >= min_overlap:
                        links.append((j, si, gi))
        links.sort(key=lambda t: (-t[0], t[1], t[2]))
        spell_of: dict[int, int] = {}
        continued: set[int] = set()
        for _, si, gi in links:  # best overlaps continue spells one to one
            if si in continued or gi in spell_of:
                continue
            spell_of[gi] = si
            continued.add(si)
        new_active = []
        for gi, grp in enumerate(groups):
            if gi in spell_of:
                sp = spells[spell_of[gi]]
                for m in sorted(grp - sp.members):
                    sp.joined.setdefault(m, y)
                    sp.left.pop(m, None)
                    sp.events.append((y, "join", m))
                for m in sorted(sp.members - grp):
                    sp.left[m] = y
                    sp.events.append((y, "exit", m))
                sp.members = grp
                sp.last = y
                sp.years += 1
                new_active.append(spell_of[gi])
            else:
                parents = [si for _, si, g2 in links if g2 == gi]
                ob = _obligations(grp, pair_flags, obligations)
                spells.append(_Spell(grp, y, ob, parents[0] if parents else None))
                idx = len(spells) - 1
                if parents:
                    spells[parents[0]].events.append((y, "split", idx))
                    spells[idx].events.append((y, "split from", parents[0]))
                new_active.append(idx)
        for si in active:
            if si in continued:
                continue
            targets = [spell_of.get(gi) for _, s2, gi in links if s2 == si]
            targets = [t for t in targets if t is not None]
            if targets and spells[targets[0]].parent == si and \
                    spells[targets[0]].first >= y - 1 and targets[0] not in absorbed:
                # a split that took over within a year (e.g. a member's new state code): the
                # older spell continues as it
                t = targets[0]
                _absorb(spells[si], spells[t], t, y)
                absorbed.add(t)
                alias[t] = si
                new_active = [si if k == t else k for k in new_active]
            elif targets:
                spells[si].events.append((y, "merged into", targets[0]))
                spells[targets[0]].events.append((y, "merged", si))
            else:
                spells[si].events.append((y, "end", None))
        active = new_active
        prev_year = y
    if prev_year is not None and prev_year < last_year:  # the data go on without ties
        for si in active:
            spells[si].events.append((prev_year + 1, "end", None))
        active = []

    def resolve(k: int) -> int:
        while k in alias:
            k = alias[k]
        return k

    for i, sp in enumerate(spells):  # references to absorbed spells point to their heirs
        if i in absorbed:
            continue
        sp.events = [(e[0], e[1], resolve(e[2])) if e[1] in ("split", "split from", "merged",
                                                              "merged into") else e
                     for e in sp.events]
        for e in sp.events:
            if e[1] == "merged into" and (e[0], "merged", i) not in spells[e[2]].events:
                spells[e[2]].events.append((e[0], "merged", i))
    index = {}  # spell number -> position in the output
    for i in range(len(spells)):
        if i not in absorbed:
            index[i] = len(index)
    out = []
    for idx, sp in enumerate(spells):
        if idx in absorbed:
            continue
        sp.events = [(e[0], e[1], index[e[2]]) if e[1] in ("split", "split from", "merged",
                                                           "merged into") else e
                     for e in sp.events]
        everyone = sorted(sp.joined)
        ongoing = sp.last == last_year and idx in active
        founders = sorted(m for m, y in sp.joined.items() if y == sp.first)
        label = "-".join(names.get(m, str(m)) for m in founders)
        if len(label) > 60:
            label = label[:57] + "..."
        out.append(Grouping(
            name=f"{sp.first}: {label}", members=tuple(everyone), start=float(sp.first),
            end=None if ongoing else float(sp.last + 1),
            observed_until=float(last_year + 1) if ongoing else None,
            joined={m: float(v) for m, v in sp.joined.items()},
            left={m: float(v) for m, v in sp.left.items()}, formality="treaty",
            issue_areas=("security",), obligations=tuple(sorted(sp.obligations)),
            source=f"dyad-years (spell {index[idx]})", events=tuple(sp.events)))
    return out


def _absorb(old: _Spell, split: _Spell, split_index: int, year: int) -> None:
    """The older spell takes over a split of it that replaced it within a year."""
    old.events = [e for e in old.events if e != (split.first, "split", split_index)]
    for m in sorted(split.members - old.members):
        old.joined.setdefault(m, split.joined.get(m, year))
        old.left.pop(m, None)
        old.events.append((split.joined.get(m, year), "join", m))
    for m in sorted(old.members - split.members):
        old.left[m] = year
        old.events.append((year, "exit", m))
    old.events += [e for e in split.events if e[1] not in ("split from", "join", "exit")]
    old.members = split.members
    old.obligations |= split.obligations
    old.last = split.last
    old.years += 1


def _obligations(group: frozenset, pair_flags: dict, columns: list[str]) -> set[str]:
    members = sorted(group)
    found = np.zeros(len(columns), dtype=bool)
    for i, p in enumerate(members):
        for q in members[i + 1:]:
            f = pair_flags.get((p, q))
            if f is not None:
                found |= f
    return {ATOP_OBLIGATIONS.get(c, "other") for c, ok in zip(columns, found, strict=True)
            if ok}


def _cow_names() -> dict[int, str]:
    from .datasets import cow_states
    st = cow_states()
    return {int(c): str(s) for c, s in zip(st["ccode"], st["stateabb"], strict=True)}


def war_coalitions(war_dyads: dict[str, np.ndarray] | None = None, *, min_size: int = 2,
                   names: dict[int, str] | None = None) -> list[Grouping]:
    """The sides of inter-state wars as groupings (COW inter-state wars).

    Each war's side A and side B with at least ``min_size`` states: members with the first
    year they fought (``joined``) and the year after their last (``left``); start and end
    (the year after the last year of fighting); the goal "win war <number>", achieved (True)
    when every member's outcome is 1 (winner), not (False) when every member lost, else None
    (compromise, stalemate, transformation or mixed outcomes); no formal basis, security as
    the one issue area.

    Examples
    --------
    >>> from foedus import war_coalitions
    >>> sides = war_coalitions()
    >>> ww2 = [g for g in sides if g.name.startswith("war 139 ")]
    >>> [len(g.members) for g in ww2], [g.goal_achieved for g in ww2]
    ([21, 8], [True, False])
    """
    if war_dyads is None:
        from .datasets import cow_war_dyads
        war_dyads = cow_war_dyads()
    if names is None:
        names = _cow_names()
    _check_names(names)
    missing = [c for c in ("warnum", "ccode1", "year", "side1", "outcome1") if c not in war_dyads]
    if missing:
        raise ValueError(f"war_dyads: missing the columns {missing}")
    war = np.asarray(war_dyads["warnum"], dtype=np.int64)
    c1 = np.asarray(war_dyads["ccode1"], dtype=np.int64)
    yr = np.asarray(war_dyads["year"], dtype=np.int64)
    side = np.asarray(war_dyads["side1"], dtype=np.int64)
    outcome = np.nan_to_num(np.asarray(war_dyads["outcome1"], dtype=np.float64)).astype(
        np.int64)
    first: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    last: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    result: dict[tuple[int, int], set[int]] = defaultdict(set)
    for w, c, y, s, o in zip(war.tolist(), c1.tolist(), yr.tolist(), side.tolist(),
                             outcome.tolist(), strict=True):
        key = (w, s)
        first[key][c] = min(first[key].get(c, y), y)
        last[key][c] = max(last[key].get(c, y), y)
        result[key].add(o)
    out = []
    for (w, s) in sorted(first):
        members = sorted(first[(w, s)])
        if len(members) < min_size:
            continue
        start = min(first[(w, s)].values())
        end = max(last[(w, s)].values()) + 1
        outs = result[(w, s)]
        # COW outcomes: 1 winner, 2 loser; compromise, stalemate, transformed or unknown codes
        # leave it undecided
        achieved = True if outs == {1} else (False if outs == {2} else None)
        label = "-".join(names.get(m, str(m)) for m in members)
        if len(label) > 60:
            label = label[:57] + "..."
        out.append(Grouping(
            name=f"war {w} side {'AB'[s - 1]}: {label}", members=tuple(members),
            start=float(start), end=float(end),
            joined={m: float(first[(w, s)][m]) for m in members},
            left={m: float(last[(w, s)][m] + 1) for m in members}, formality="none",
            issue_areas=("security",), goal=f"win war {w}", goal_achieved=achieved,
            source="COW inter-state wars"))
    return out


def lineage(groupings: Sequence[Grouping], *, min_overlap: float = 0.5,
            max_gap: float = 5.0) -> list[tuple[int, int, float]]:
    """Which later groupings descend from earlier ones.

    A grouping B descends from A when B starts after A (and no later than ``max_gap`` after A
    ended) and at least ``min_overlap`` of B's members were A's. Returns (parent, child,
    overlap) index triples, by child then parent.

    Examples
    --------
    The Western European Union (1954) descends from the Brussels Treaty (1948: 5 of its 7
    members) and from NATO (1949: 6 of 7, all but West Germany); NATO does not descend from
    the Brussels Treaty, whose members are only 5 of its 12:

    >>> from foedus import Grouping, lineage
    >>> brussels = Grouping("Brussels Treaty", ("UKG", "FRN", "BEL", "NTH", "LUX"),
    ...                     start=1948, end=1954)
    >>> nato = Grouping("NATO", ("USA", "CAN", "UKG", "FRN", "BEL", "NTH", "LUX", "ITA",
    ...                          "POR", "NOR", "DEN", "ICE"), start=1949)
    >>> weu = Grouping("WEU", ("UKG", "FRN", "BEL", "NTH", "LUX", "ITA", "GFR"), start=1954,
    ...                end=2011)
    >>> [(i, j, round(share, 3)) for i, j, share in lineage([brussels, nato, weu])]
    [(0, 2, 0.714), (1, 2, 0.857)]
    """
    if not 0 < min_overlap <= 1:
        raise ValueError(f"min_overlap: expected 0 < min_overlap <= 1, got {min_overlap!r}")
    max_gap = check_float(max_gap, "max_gap", minimum=0.0)
    groupings = _groupings(groupings)
    out = []
    sets = [set(g.members) for g in groupings]
    for j, child in enumerate(groupings):
        for i, parent in enumerate(groupings):
            if i == j or not child.start > parent.start:
                continue
            if parent.end is not None and child.start > parent.end + max_gap:
                continue
            share = len(sets[i] & sets[j]) / len(sets[j])
            if share >= min_overlap:
                out.append((i, j, share))
    return out


def attach_capabilities(groupings: Sequence[Grouping], *, measure: str = "cinc",
                        at: str = "start") -> list[Grouping]:
    """Copies of the groupings with each member's COW capability (``measure``: cinc, milex,
    milper, irst, pec, tpop or upop) in the year it joined (``at="start"``: the grouping's
    start for founders) or averaged over the grouping's years (``at="mean"``); members are
    COW state codes. A member without data that year gets 0.

    Examples
    --------
    Three founders of NATO, the United States, the United Kingdom and France (COW codes 2,
    200, 220), with their CINC in 1949 (the rows of ``foedus.datasets.cow_capabilities()``):
    the US alone held over a quarter of the world's material capabilities:

    >>> from foedus import Grouping, attach_capabilities
    >>> nato = Grouping("NATO", members=(2, 200, 220), start=1949)
    >>> [round(c, 3) for c in attach_capabilities([nato])[0].capabilities]
    [0.273, 0.071, 0.035]
    """
    from .datasets import cow_capabilities
    if not isinstance(at, str) or at not in ("start", "mean"):
        raise ValueError(f"at: expected 'start' or 'mean', got {at!r}")
    nmc = cow_capabilities()
    if measure not in nmc or measure in ("ccode", "stateabb", "year"):
        raise ValueError(f"measure: expected a COW capability column, got {measure!r}")
    lookup = {(int(c), int(y)): float(v) for c, y, v in
              zip(nmc["ccode"], nmc["year"], np.nan_to_num(nmc[measure]), strict=True)}
    first, last = int(np.min(nmc["year"])), int(np.max(nmc["year"]))
    out = []
    for g in _groupings(groupings):
        if not all(isinstance(m, (int, np.integer)) for m in g.members):
            raise ValueError(f"groupings: {g.name!r} has members that are not COW state codes "
                             "(integers)")
        caps = []
        for m in g.members:
            if at == "start":
                caps.append(lookup.get((int(m), int(g.joined.get(m, g.start))), 0.0))
            else:
                stop = g.end if g.end is not None else (g.observed_until or g.start + 1)
                span = int(stop) - int(g.start)
                if span > 10**6:  # only the data's years hold capabilities; others count 0
                    years = range(max(int(g.start), first), min(int(stop), last + 1))
                    total = sum(lookup.get((int(m), y), 0.0) for y in years)
                    caps.append(total / span if span.bit_length() < 1000 else 0.0)
                    continue
                vals = [lookup.get((int(m), y), 0.0) for y in range(int(g.start), int(stop))]
                caps.append(float(np.mean(vals)) if vals else 0.0)
        out.append(g.with_(capabilities=tuple(caps)))
    return out


def _int_array(values: Any, arg: str) -> np.ndarray:
    """Integers (COW codes, years) as int64, or a ValueError/TypeError naming the argument."""
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError):  # ragged sequences
        raise TypeError(f"{arg}: expected an array of integers") from None
    arr = raw if raw.dtype.kind in "iu" else float_array(raw, arg)
    if arr.dtype.kind == "f" and not (np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))):
        raise ValueError(f"{arg}: expected integers (no NaN or fractions)")
    if np.any(np.abs(arr.astype(np.float64)) >= 2.0**62):
        raise ValueError(f"{arg}: values of 2^62 or more are not codes or years")
    return arr.astype(np.int64)


def _groupings(groupings: Any) -> list[Grouping]:
    if isinstance(groupings, (str, bytes, Grouping)) or not isinstance(groupings, Iterable):
        raise TypeError(f"groupings: expected a sequence of Grouping objects, got "
                        f"{type(groupings).__name__}")
    out = list(groupings)
    for g in out:
        if not isinstance(g, Grouping):
            raise TypeError(f"groupings: expected Grouping objects, got {type(g).__name__}")
    return out


def _check_names(names: Any) -> None:
    if not isinstance(names, Mapping):
        raise TypeError(f"names: expected a dict of state code -> name, got "
                        f"{type(names).__name__}")


def major_power_status(ccodes: Any, years: Any) -> np.ndarray:
    """Whether each state (COW code) was a major power in the given year (COW major-power
    spells; a year counts when any part of it falls in a spell). Arrays broadcast.

    Examples
    --------
    >>> from foedus import major_power_status
    >>> major_power_status([2, 2, 255, 740], [1897, 1899, 1930, 1950]).tolist()
    [False, True, True, False]
    """
    from .datasets import cow_major_powers
    c, y = np.broadcast_arrays(_int_array(ccodes, "ccodes"), _int_array(years, "years"))
    mp = cow_major_powers()
    out = np.zeros(c.shape, dtype=bool)
    for code, y0, y1 in zip(mp["ccode"], mp["styear"], mp["endyear"], strict=True):
        out |= (c == code) & (y >= y0) & (y <= y1)
    return out
