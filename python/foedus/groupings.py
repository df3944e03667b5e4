"""Groupings of actors and their classification: coalition, alliance, network or community,
and the typology of the alliance literature.

A coalition is limited, temporary and bound to a goal; an alliance is a formal partnership of
at least medium-term duration with security obligations; a network is informal, broad and ad
hoc; a community is an institutionalised partnership of broad interests that has lasted a
generation (Deutsch's security community; the wartime Western coalition that became the
Atlantic community). ``classify`` scores each kind by the share of its defining criteria a
grouping meets and names the criteria met and missed. Every threshold is a field of
``ClassificationParameters`` with its rationale, fixed before any result was looked at.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from ._optional import import_pandas

__all__ = ["KINDS", "OBLIGATIONS", "Classification", "ClassificationParameters",
           "ClassificationTable", "Grouping", "classify"]

KINDS = ("coalition", "alliance", "network", "community")
OBLIGATIONS = ("defense", "offense", "neutrality", "nonaggression", "consultation", "economic",
               "other")
SECURITY_OBLIGATIONS = frozenset({"defense", "offense", "neutrality", "nonaggression",
                                  "consultation"})
FORMALITIES = ("treaty", "institution", "none")
DECISION_RULES = ("consensus", "majority", "weighted", "leader")


@dataclass(frozen=True)
class Grouping:
    """A grouping of actors (states, parties, NGOs) over time.

    Attributes
    ----------
    name : str
    members : tuple
        Member identifiers (names or state codes), in a fixed order.
    start : float
        Start (e.g. a year).
    end : float or None
        End, or None while it lasts (then ``observed_until`` is the end of observation).
    observed_until : float or None
        For an ongoing grouping, the end of observation (duration is censored there; for
        yearly data the year after the last year observed).
    joined, left : dict
        Member -> time it joined or left (default: start and end).
    formality : {"treaty", "institution", "none"}
    issue_areas : tuple of str
        The concerns it covers (e.g. "security", "economic", "political"); empty if unknown.
    obligations : tuple of str
        From ``OBLIGATIONS``: defense, offense, neutrality, nonaggression, consultation,
        economic, other.
    goal : str or None
        A specific goal (e.g. winning a war), if it has one.
    goal_achieved : bool or None
    decision_rule : {"consensus", "majority", "weighted", "leader"} or None
        How members decide: consensus gives everyone a veto, majority one vote each, weighted
        a majority of capabilities, leader one member decides (the most capable one when
        capabilities are known). None: unknown (power is then taken to follow capabilities,
        as under "weighted").
    capabilities, positions : tuple of float or None
        Per member, when known (e.g. COW CINC at the start; a policy position).
    source : str
    events : tuple
        What happened to it over time, as (time, kind, detail) tuples (joins, exits, splits,
        merges), when tracked.
    """

    name: str
    members: tuple[Any, ...]
    start: float
    end: float | None = None
    observed_until: float | None = None
    joined: dict[Any, float] = field(default_factory=dict)
    left: dict[Any, float] = field(default_factory=dict)
    formality: str = "none"
    issue_areas: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()
    goal: str | None = None
    goal_achieved: bool | None = None
    decision_rule: str | None = None
    capabilities: tuple[float, ...] | None = None
    positions: tuple[float, ...] | None = None
    source: str = ""
    events: tuple[tuple[Any, ...], ...] = ()

    def __post_init__(self) -> None:
        for name in ("members", "issue_areas", "obligations"):
            val = getattr(self, name)
            if isinstance(val, (str, bytes)) or not isinstance(val, Iterable):
                raise TypeError(f"{name}: expected a sequence (e.g. a tuple), got {val!r}")
            object.__setattr__(self, name, tuple(val))
        try:
            distinct = len(set(self.members))
        except TypeError:
            raise TypeError("members: members must be hashable labels (names or codes)") from None
        if len(self.members) == 0:
            raise ValueError("members: a grouping needs at least one member")
        if distinct != len(self.members):
            raise ValueError("members: members must be distinct")
        for name in ("joined", "left"):
            val = getattr(self, name)
            if not isinstance(val, Mapping):
                raise TypeError(f"{name}: expected a dict of member -> time, got {val!r}")
            for m, t in val.items():
                if m not in self.members:
                    raise ValueError(f"{name}: {m!r} is not a member")
                if isinstance(t, bool) or not isinstance(t, numbers.Real) or \
                        not math.isfinite(t):
                    raise ValueError(f"{name}: expected a finite time for {m!r}, got {t!r}")
        for name in ("start", "end", "observed_until"):
            val = getattr(self, name)
            if val is None and name != "start":
                continue
            if isinstance(val, bool) or not isinstance(val, numbers.Real) or \
                    not math.isfinite(val):
                raise ValueError(f"{name}: expected a finite time, got {val!r}")
            object.__setattr__(self, name, float(val))
        if self.end is not None and not self.end >= self.start:
            raise ValueError(f"end: {self.end!r} is before start {self.start!r}")
        if self.end is not None and self.observed_until is not None:
            raise ValueError("observed_until: only for ongoing groupings (end=None)")
        if self.observed_until is not None and self.observed_until < self.start:
            raise ValueError("observed_until: before start")
        if self.formality not in FORMALITIES:
            raise ValueError(f"formality: expected one of {FORMALITIES}, got {self.formality!r}")
        bad = set(self.obligations) - set(OBLIGATIONS)
        if bad:
            raise ValueError(f"obligations: unknown {sorted(bad)}; expected from {OBLIGATIONS}")
        if self.decision_rule is not None and self.decision_rule not in DECISION_RULES:
            raise ValueError(f"decision_rule: expected one of {DECISION_RULES} or None, got "
                             f"{self.decision_rule!r}")
        for name in ("capabilities", "positions"):
            val = getattr(self, name)
            if val is not None:
                if isinstance(val, (str, bytes)) or not isinstance(val, Iterable):
                    raise TypeError(f"{name}: expected one number per member, got {val!r}")
                try:
                    arr = tuple(float(x) for x in val)
                except (TypeError, ValueError):
                    raise TypeError(f"{name}: expected numbers, got {val!r}") from None
                if any(math.isinf(x) for x in arr):
                    raise ValueError(f"{name}: values must be finite (NaN marks an unknown "
                                     "position)")
                if len(arr) != len(self.members):
                    raise ValueError(f"{name}: expected one value per member")
                if name == "capabilities" and any(not math.isfinite(x) or x < 0 for x in arr):
                    raise ValueError("capabilities: expected finite non-negative values")
                object.__setattr__(self, name, arr)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def ongoing(self) -> bool:
        return self.end is None

    @property
    def duration(self) -> float:
        """End - start, or observed_until - start while ongoing (NaN if neither is known)."""
        stop = self.end if self.end is not None else self.observed_until
        return float(stop - self.start) if stop is not None else float("nan")

    def with_(self, **changes: Any) -> Grouping:
        """A copy with some fields replaced."""
        return replace(self, **changes)


@dataclass(frozen=True)
class ClassificationParameters:
    """The thresholds of ``classify``, each with its rationale (fixed before any result).

    Attributes
    ----------
    medium_term : float = 5
        Alliances last "at least medium-term": five years, about one government's term, the
        horizon beyond which a partnership outlives the situation that created it.
    community_term : float = 20
        An integrated community has lasted a generation (Deutsch et al. 1957 describe security
        communities as built over decades).
    ad_hoc : float = 2
        Groupings shorter than two years are ad hoc: they end within the crisis or campaign
        that formed them.
    permanent : float = 10
        Groupings of ten years or more are permanent: they have survived at least two changes
        of government in most members.
    broad_issues : int = 3
        "Broad" means three or more issue areas: one is a single concern, two can be one linked
        bargain, three span distinct concerns.
    asymmetry_ratio : float = 3
        Asymmetric when the strongest member has at least three times the weakest member's
        capabilities: 3:1 is the conventional preponderance ratio of the deterrence and
        power-transition literature.
    dominance_share : float = 0.5
        Hierarchical when one member holds more than this share of the power under the
        grouping's decision rule (normalised Banzhaf index): above one half it outweighs all
        others together.
    """

    medium_term: float = 5.0
    community_term: float = 20.0
    ad_hoc: float = 2.0
    permanent: float = 10.0
    broad_issues: int = 3
    asymmetry_ratio: float = 3.0
    dominance_share: float = 0.5

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
                raise ValueError(f"{f.name}: expected a positive finite number, got {v!r}")
        if self.dominance_share > 1:
            raise ValueError("dominance_share: a share is at most 1")
        if self.ad_hoc > self.permanent:
            raise ValueError("ad_hoc: must not exceed permanent")


@dataclass(frozen=True)
class Classification:
    """The classification of one grouping.

    Attributes
    ----------
    kind : str
        The kind with the highest score (ties: community, alliance, coalition, network).
    scores : dict
        Kind -> share of its criteria met (0 to 1).
    reasons : tuple of str
        The criteria of the chosen kind, met (+) and missed (-).
    size_class : {"single", "bilateral", "multilateral"}
    symmetry : {"symmetric", "asymmetric"} or None
        None without capabilities.
    hierarchy : {"hierarchical", "egalitarian"}
    permanence : {"permanent", "medium-term", "ad hoc"} or None
    purpose : str
    power_shares : tuple of float or None
        Members' normalised Banzhaf power under the decision rule.
    """

    kind: str
    scores: dict[str, float]
    reasons: tuple[str, ...]
    size_class: str
    symmetry: str | None
    hierarchy: str | None
    permanence: str | None
    purpose: str
    power_shares: tuple[float, ...] | None

    @property
    def method(self) -> str:
        """How the kind was chosen."""
        return ("share of each kind's defining criteria met, with the thresholds of "
                "ClassificationParameters")

    @property
    def reference(self) -> str:
        """The literature of the kinds and the typology."""
        from .references import cite

        return cite("snyder_1997", "deutsch_1957", "leeds_et_al_2002")

    def __repr__(self) -> str:
        return (f"Classification({self.kind}; {self.size_class}, {self.symmetry or '?'}, "
                f"{self.hierarchy or '?'}, {self.permanence or '?'}, {self.purpose})")


class ClassificationTable:
    """Classifications of many groupings as columns (``to_frame()`` for pandas)."""

    def __init__(self, names: list[str], items: list[Classification]) -> None:
        self.names = names
        self.items = items
        self.kind = np.array([c.kind for c in items], dtype=object)
        self.scores = np.array([[c.scores[k] for k in KINDS] for c in items]).reshape(-1, 4)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> Classification:
        return self.items[i]

    def counts(self) -> dict[str, int]:
        return {k: int(np.sum(self.kind == k)) for k in KINDS}

    def to_frame(self) -> Any:
        pd = import_pandas()
        cols: dict[str, Any] = {"kind": self.kind}
        for j, k in enumerate(KINDS):
            cols[f"score_{k}"] = self.scores[:, j]
        for attr in ("size_class", "symmetry", "hierarchy", "permanence", "purpose"):
            cols[attr] = [getattr(c, attr) for c in self.items]
        return pd.DataFrame(cols, index=pd.Index(self.names, name="grouping"))

    def __repr__(self) -> str:
        return f"ClassificationTable({len(self)} groupings: {self.counts()})"


def _purpose(obligations: Iterable[str]) -> str:
    ob = set(obligations)
    for key, name in (("offense", "offensive"), ("defense", "defensive"),
                      ("neutrality", "neutrality"), ("nonaggression", "non-aggression"),
                      ("consultation", "consultative"), ("economic", "economic"),
                      ("other", "other")):
        if key in ob:
            return name
    return "unspecified"


def _power_shares(groupings: Sequence[Grouping]) -> list[tuple[float, ...] | None]:
    """Normalised Banzhaf power of the members under each grouping's decision rule; weighted
    rules (and unknown rules with capabilities) in one batch call."""
    from .power_batch import power_indices_batch
    out: list[tuple[float, ...] | None] = [None] * len(groupings)
    batch_idx, batch_w, batch_q = [], [], []
    for i, g in enumerate(groupings):
        n = g.size
        rule = g.decision_rule
        if rule in ("consensus", "majority"):
            out[i] = tuple([1.0 / n] * n)  # unanimity or one member one vote: equal power
        elif rule == "leader":
            if g.capabilities is None or not any(g.capabilities):
                continue  # a leader, but not known which: hierarchical, shares unknown
            lead = int(np.argmax(np.asarray(g.capabilities)))
            out[i] = tuple(1.0 if j == lead else 0.0 for j in range(n))
        elif g.capabilities is not None:
            caps = np.asarray(g.capabilities)
            if n == 1 or caps.sum() <= 0:
                out[i] = tuple([1.0 / n] * n)
                continue
            # capability shares in units of 1/10,000 (CINC has about four significant digits)
            w = np.maximum(np.rint(caps / caps.sum() * 10_000).astype(np.int64), 0)
            if w.sum() == 0:
                out[i] = tuple([1.0 / n] * n)
                continue
            batch_idx.append(i)
            batch_w.append(w)
            batch_q.append(int(w.sum()) // 2 + 1)  # a majority of capabilities
    if batch_idx:
        res = power_indices_batch(batch_w, batch_q, index="banzhaf")
        for j, i in enumerate(batch_idx):
            out[i] = tuple(float(x) for x in res[j])
    return out


def classify(groupings: Grouping | Sequence[Grouping],
             params: ClassificationParameters | None = None,
             **overrides: Any) -> Classification | ClassificationTable:
    """Classify groupings as coalition, alliance, network or community, with their typology.

    Criteria (each scores 1 when met; a kind's score is the share met):

    - coalition: temporary (duration < ``medium_term``), goal-bound (a goal is given),
      limited (fewer than two issue areas);
    - alliance: formal (treaty or institution), lasting (duration >= ``medium_term``),
      security obligations (defense, offense, neutrality, non-aggression or consultation);
    - network: informal (no treaty or institution), broad (>= ``broad_issues`` issue areas),
      without binding obligations (none, or consultation only);
    - community: institutionalised (an institution), broad (>= ``broad_issues``), lasting a
      generation (>= ``community_term``).

    Typology: bilateral (2 members) or multilateral; symmetric or asymmetric (strongest /
    weakest capability against ``asymmetry_ratio``); hierarchical or egalitarian (the largest
    member's power share under the decision rule above ``dominance_share``: consensus and
    one-member-one-vote are egalitarian, a leader hierarchical, weighted or unknown rules by
    the Banzhaf index of a capability-weighted majority); permanent (>= ``permanent``), ad hoc
    (< ``ad_hoc``) or medium-term; purpose from the obligations (offensive, defensive,
    neutrality, non-aggression, consultative, economic).

    Parameters
    ----------
    groupings : Grouping or sequence of Grouping
    params : ClassificationParameters, optional
    **overrides
        Thresholds to override (e.g. ``medium_term=10``).

    Returns
    -------
    Classification for one grouping, ClassificationTable for a sequence.

    Examples
    --------
    >>> from foedus import Grouping, classify
    >>> nato = Grouping("NATO", ["USA", "UKG", "FRN"], 1949, formality="institution",
    ...                 issue_areas=("security", "political", "economic"),
    ...                 obligations=("defense", "consultation"), observed_until=2018,
    ...                 capabilities=(0.28, 0.05, 0.03), decision_rule="consensus")
    >>> c = classify(nato)
    >>> c.kind, c.scores["community"], c.hierarchy, c.symmetry
    ('community', 1.0, 'egalitarian', 'asymmetric')
    """
    single = isinstance(groupings, Grouping)
    if not single and (isinstance(groupings, (str, bytes))
                       or not isinstance(groupings, Iterable)):
        raise TypeError(f"groupings: expected a Grouping or a sequence of them, got "
                        f"{type(groupings).__name__}")
    items = [groupings] if single else list(groupings)
    for g in items:
        if not isinstance(g, Grouping):
            raise TypeError(f"groupings: expected Grouping objects, got {type(g).__name__}")
    p = params if params is not None else ClassificationParameters()
    if not isinstance(p, ClassificationParameters):
        raise TypeError(f"params: expected ClassificationParameters, got {type(p).__name__}")
    if overrides:
        p = replace(p, **overrides)
    shares = _power_shares(items)
    out = [_classify_one(g, p, s) for g, s in zip(items, shares, strict=True)]
    if single:
        return out[0]
    return ClassificationTable([g.name for g in items], out)


def _classify_one(g: Grouping, p: ClassificationParameters,
                  shares: tuple[float, ...] | None) -> Classification:
    d = g.duration
    known = not math.isnan(d)
    n_issues = len(set(g.issue_areas))
    binding = set(g.obligations) - {"consultation"}
    security = bool(set(g.obligations) & SECURITY_OBLIGATIONS)
    criteria: dict[str, list[tuple[bool, str]]] = {
        "coalition": [
            (known and d < p.medium_term, f"temporary (under {p.medium_term:g} years)"),
            (g.goal is not None, "bound to a goal"),
            (n_issues < 2, "limited to one concern"),
        ],
        "alliance": [
            (g.formality in ("treaty", "institution"), "formal (treaty or institution)"),
            (known and d >= p.medium_term, f"lasting (at least {p.medium_term:g} years)"),
            (security, "security obligations"),
        ],
        "network": [
            (g.formality == "none", "informal"),
            (n_issues >= p.broad_issues, f"broad ({p.broad_issues}+ issue areas)"),
            (not binding, "no binding obligations"),
        ],
        "community": [
            (g.formality == "institution", "institutionalised"),
            (n_issues >= p.broad_issues, f"broad interests ({p.broad_issues}+ issue areas)"),
            (known and d >= p.community_term, f"a generation old ({p.community_term:g}+ years)"),
        ],
    }
    scores = {k: sum(ok for ok, _ in criteria[k]) / len(criteria[k]) for k in KINDS}
    order = ("community", "alliance", "coalition", "network")  # ties: the most specific
    kind = max(order, key=lambda k: (scores[k], -order.index(k)))
    reasons = tuple(("+ " if ok else "- ") + text for ok, text in criteria[kind])
    symmetry = None
    if g.capabilities is not None and g.size >= 2 and max(g.capabilities) > 0:
        caps = np.asarray(g.capabilities)
        weakest = caps.min()
        ratio = math.inf if weakest <= 0 else caps.max() / weakest
        symmetry = "asymmetric" if ratio >= p.asymmetry_ratio else "symmetric"
    hierarchy = None
    if shares is not None:
        hierarchy = "hierarchical" if max(shares) > p.dominance_share and g.size >= 2 \
            else "egalitarian"
    elif g.decision_rule == "leader" and g.size >= 2:
        hierarchy = "hierarchical"
    permanence = None
    if known:
        permanence = "permanent" if d >= p.permanent else ("ad hoc" if d < p.ad_hoc
                                                            else "medium-term")
    size_class = "single" if g.size == 1 else ("bilateral" if g.size == 2 else "multilateral")
    return Classification(kind, scores, reasons, size_class, symmetry, hierarchy, permanence,
                          _purpose(g.obligations), shares)
