"""How well formation theories predict the cabinets that formed.

The score is Selten and Krischker's (1983) measure of predictive success for set-valued
predictions, ``m = hit rate - area``: a theory that predicts many coalitions is right more
often by chance, and ``area`` — the share of the potential coalitions (every non-empty subset
of the parties) that it predicts — is exactly the hit rate of a random guess of that size.
``m`` is 0 for a theory no better than chance, and it is the only measure that is a linear
function of hit rate and area and fulfils Selten's (1991) axioms (monotonicity, equivalence of
aggregation, equal treatment of outcomes).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._optional import import_pandas
from .formation import THEORIES
from .opportunity import FormationOpportunity

__all__ = ["TheoryEvaluation", "evaluate_theories", "seated_cabinet_mask"]

SITUATIONS = ("all", "majority", "minority")
CABINET_TYPES = ("minimal winning", "surplus", "minority")


def seated_cabinet_mask(f: FormationOpportunity) -> int:
    """The cabinet without its zero-seat members (they never count for seat-based outcomes)."""
    seats = f.seats
    m = 0
    for p in f.cabinet:
        i = f.actors.index(p)
        if seats[i] > 0:
            m |= 1 << i
    return m


@dataclass(frozen=True, eq=False)
class TheoryEvaluation:
    """Predictive success of formation theories over many formation opportunities.

    Attributes
    ----------
    rows : list of dict
        One row per (theory, situation): ``n`` opportunities, ``hits``, ``hit_rate``,
        ``mean_predicted`` (coalitions per prediction), ``area`` (mean share of the potential
        coalitions predicted), ``success`` (Selten-Krischker ``hit_rate - area``).
        Situations: ``all``, ``majority`` (one party holds a majority) and ``minority``.
    outcomes : list of dict
        Per situation, the number of formed cabinets and the shares that were minimal winning,
        surplus and minority.
    """

    rows: list[dict[str, Any]]
    outcomes: list[dict[str, Any]]

    @property
    def method(self) -> str:
        """The measures of success."""
        return "hit rate and Selten-Krischker predictive success (hit rate - area)"

    @property
    def reference(self) -> str:
        """The literature of the success measure."""
        from .references import cite

        return cite("selten_krischker_1983")

    def to_frame(self) -> Any:
        """The theory rows as a pandas DataFrame indexed by (theory, situation)."""
        pd = import_pandas()
        return pd.DataFrame(self.rows).set_index(["theory", "situation"])

    def outcomes_frame(self) -> Any:
        pd = import_pandas()
        return pd.DataFrame(self.outcomes).set_index("situation")

    def row(self, theory: str, situation: str = "all") -> dict[str, Any]:
        for r in self.rows:
            if r["theory"] == theory and r["situation"] == situation:
                return r
        raise KeyError(f"no row for theory {theory!r} and situation {situation!r}")

    def __repr__(self) -> str:
        lines = ["TheoryEvaluation (success = hit rate - area, Selten-Krischker)",
                 f"  {'theory':<20} {'situation':<9} {'n':>5} {'hit rate':>9} "
                 f"{'predicted':>9} {'area':>7} {'success':>8}"]
        for r in self.rows:
            lines.append(f"  {r['theory']:<20} {r['situation']:<9} {r['n']:>5} "
                         f"{r['hit_rate']:>9.3f} {r['mean_predicted']:>9.2f} {r['area']:>7.3f} "
                         f"{r['success']:>8.3f}")
        lines.append("  formed cabinets: " + "; ".join(
            f"{o['situation']} {o['n']}: " + ", ".join(
                f"{t} {o[t]:.1%}" for t in CABINET_TYPES) for o in self.outcomes))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in ("theory", "situation", "n", "hit rate",
                                                 "predicted", "area", "success"))
        body = "".join(
            f"<tr><td>{html.escape(r['theory'])}</td><td>{r['situation']}</td><td>{r['n']}</td>"
            f"<td>{r['hit_rate']:.3f}</td><td>{r['mean_predicted']:.2f}</td>"
            f"<td>{r['area']:.3f}</td><td>{r['success']:.3f}</td></tr>" for r in self.rows)
        return f"<table><tr>{head}</tr>{body}</table>"


def _situations(minority: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """(situation, selection) for every situation with at least one opportunity."""
    out = []
    for situation in SITUATIONS:
        sel = (np.ones(len(minority), bool) if situation == "all" else
               (minority if situation == "minority" else ~minority))
        if sel.any():
            out.append((situation, sel))
    return out


def evaluate_theories(opportunities: Iterable[FormationOpportunity],
                      theories: Sequence[str] | None = None, *,
                      dimension: str | None = None) -> TheoryEvaluation:
    """Predictive success of formation theories over formation opportunities.

    A theory hits when the formed cabinet (its seat-holding members) is among the coalitions
    it predicts. Rows are given for all opportunities and separately for majority situations
    (one party holds a majority) and minority situations.

    Parameters
    ----------
    opportunities : iterable of FormationOpportunity
        E.g. ``foedus.datasets.parlgov_formations()``.
    theories : sequence of str, optional
        Keys of :data:`foedus.THEORIES` (default: all).
    dimension : str, optional
        Policy dimension of the policy theories (default ``left_right``).

    Returns
    -------
    TheoryEvaluation

    Examples
    --------
    >>> from foedus import evaluate_theories
    >>> from foedus.datasets import parlgov_formations
    >>> germany = [f for f in parlgov_formations() if f.country == "DEU"]
    >>> ev = evaluate_theories(germany, ["minimal_winning", "minimum_winning"])
    >>> ev.row("minimal_winning")["n"] == len(germany)
    True
    """
    opps = list(opportunities)
    if not all(isinstance(f, FormationOpportunity) for f in opps):
        raise TypeError("opportunities: expected FormationOpportunity objects")
    if not opps:
        raise ValueError("opportunities: need at least one formation opportunity")
    if isinstance(theories, str):
        theories = [theories]
    names = list(THEORIES) if theories is None else list(theories)
    if not names:
        raise ValueError("theories: need at least one theory (None: all of them)")
    for t in names:
        if not isinstance(t, str) or t not in THEORIES:
            raise ValueError(f"theories: unknown theory {t!r}; choose from {sorted(THEORIES)}")
    kwargs = {} if dimension is None else {"dimension": dimension}
    hits = {t: [] for t in names}
    sizes = {t: [] for t in names}
    areas = {t: [] for t in names}
    minority = []
    kinds = []
    for f in opps:
        preds = f.predict(names, **kwargs)
        cab = seated_cabinet_mask(f)
        potential = 2.0 ** f.actors.n - 1.0
        for t in names:
            table = preds[t].table
            masks = {table.mask_int(i) for i in range(len(table))}
            hits[t].append(cab in masks)
            sizes[t].append(len(table))
            areas[t].append(len(table) / potential)
        minority.append(f.minority_situation)
        kinds.append(f.cabinet_type)
    minority_arr = np.array(minority)
    rows = []
    for t in names:
        h = np.array(hits[t], dtype=float)
        s = np.array(sizes[t], dtype=float)
        a = np.array(areas[t], dtype=float)
        for situation, sel in _situations(minority_arr):
            n = int(sel.sum())
            rows.append({"theory": t, "situation": situation, "n": n,
                         "hits": int(h[sel].sum()), "hit_rate": float(h[sel].mean()),
                         "mean_predicted": float(s[sel].mean()), "area": float(a[sel].mean()),
                         "success": float(h[sel].mean() - a[sel].mean())})
    outcomes = []
    kinds_arr = np.array(kinds)
    for situation, sel in _situations(minority_arr):
        n = int(sel.sum())
        outcomes.append({"situation": situation, "n": n,
                         **{k: float(np.mean(kinds_arr[sel] == k)) for k in CABINET_TYPES}})
    return TheoryEvaluation(rows, outcomes)
