"""Coalition-formation theories as predictions over the potential coalitions.

Every theory predicts a *set* of coalitions (ties are kept): the coalitions that satisfy it,
with the attributes that justify them (a :class:`~foedus.CoalitionTable`).

========================== ==================================================================
theory                     predicted coalitions
========================== ==================================================================
``minimal_winning``        every minimal winning coalition (von Neumann and Morgenstern)
``minimum_winning``        minimal winning with the least total weight (Riker's size
                           principle)
``bargaining``             minimal winning with the fewest parties (Leiserson's bargaining
                           proposition)
``minimal_range``          minimal winning with the smallest policy range on the dimension
``minimal_dispersion``     minimal winning with the smallest weighted policy dispersion
                           (de Swaan's policy distance)
``minimal_connected``      minimal connected winning (Axelrod): connected on the dimension,
                           and no member can leave without losing or disconnecting it
``median_party``           minimal winning coalitions that contain the median party
``laver_shepsle``          the median party alone (Laver and Shepsle, one dimension)
========================== ==================================================================

Definitions (median party, range, dispersion, connectedness, unplaced parties) are those of the
kernel's attributes: see ``ARCHITECTURE.md`` and :func:`foedus.enumerate_coalitions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .actors import ActorSet
from .coalitions import describe_coalitions
from .minimal import minimal_winning_coalitions
from .results import CoalitionTable
from .rules import Rule

__all__ = ["THEORIES", "Prediction", "predict_coalitions", "predict_theories", "gamson_shares"]

THEORIES: dict[str, str] = {
    "minimal_winning": "every minimal winning coalition (von Neumann-Morgenstern)",
    "minimum_winning": "minimal winning with the least total weight (Riker)",
    "bargaining": "minimal winning with the fewest parties (Leiserson)",
    "minimal_range": "minimal winning with the smallest policy range",
    "minimal_dispersion": "minimal winning with the smallest policy dispersion (de Swaan)",
    "minimal_connected": "minimal connected winning (Axelrod)",
    "median_party": "minimal winning coalitions containing the median party",
    "laver_shepsle": "the median party alone (Laver-Shepsle, one dimension)",
}
_POLICY = frozenset({"minimal_range", "minimal_dispersion", "minimal_connected",
                     "median_party", "laver_shepsle"})


@dataclass(frozen=True, eq=False)
class Prediction:
    """The coalitions a theory predicts.

    Attributes
    ----------
    theory : str
    table : CoalitionTable
        The predicted coalitions (ties kept) with every attribute.
    criterion : str or None
        The attribute minimised (e.g. ``"weight_seats"`` for minimum winning), if any.
    dimension : str or None
        The policy dimension used, for the policy theories.
    """

    theory: str
    table: CoalitionTable
    criterion: str | None = None
    dimension: str | None = None

    @property
    def method(self) -> str:
        """The theory's rule, in words."""
        return THEORIES[self.theory]

    @property
    def reference(self) -> str:
        """The literature of the theory."""
        from .references import THEORY_REFERENCES, cite

        return cite(*THEORY_REFERENCES[self.theory])

    def __len__(self) -> int:
        return len(self.table)

    @property
    def coalitions(self) -> list[tuple[str, ...]]:
        """The predicted coalitions as tuples of actor names."""
        return self.table.member_lists()

    def __contains__(self, members: Any) -> bool:
        """Whether a coalition (names or indices) is among the predicted ones."""
        return self.table.find(members) is not None

    def to_frame(self) -> Any:
        return self.table.to_frame()

    def __repr__(self) -> str:
        shown = ", ".join("{" + ", ".join(c) + "}" for c in self.coalitions[:6])
        more = f", ... {len(self) - 6} more" if len(self) > 6 else ""
        why = f", by {self.criterion}" if self.criterion else ""
        return f"Prediction({self.theory!r}{why}: {len(self)} coalition(s): {shown}{more})"


def _dimension(actors: ActorSet, dimension: str | int | None) -> str:
    if not actors.dimensions:
        raise ValueError("dimension: the policy theories need actor positions; this ActorSet "
                         "has no position dimension")
    if dimension is None:
        return "left_right" if "left_right" in actors.dimensions else actors.dimensions[0]
    return actors.dimensions[actors.dimension(dimension)]


def _weight_name(actors: ActorSet, rule: Rule, weight: str | int | None) -> str:
    if weight is not None:
        return actors.weight_names[actors.criterion(weight)]
    bound = rule.bind(actors)
    crits = [int(c) for c, op in zip(bound.crit, bound.op, strict=True) if op == 0 and c >= 0]
    return actors.weight_names[crits[0] if crits else 0]


def predict_coalitions(actors: ActorSet, rule: Rule, *, theory: str,
                       dimension: str | int | None = None, weight: str | int | None = None,
                       max_results: int = 1_000_000,
                       n_threads: int | None = None) -> Prediction:
    """The coalitions a formation theory predicts (see :data:`THEORIES`).

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
        One quota or an AND of quotas (e.g. ``Rule.majority("seats")``).
    theory : str
        A key of :data:`THEORIES`.
    dimension : str or int, optional
        Policy dimension of the policy theories (default ``left_right`` if present, else the
        first dimension).
    weight : str or int, optional
        Weight criterion of minimum winning and of the median party (default: the rule's).
    max_results : int
        Largest number of minimal winning coalitions to consider (ValueError beyond).
    n_threads : int, optional

    Returns
    -------
    Prediction

    Examples
    --------
    >>> from foedus import Rule, predict_coalitions
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> predict_coalitions(parl, Rule.majority("seats"), theory="minimum_winning").coalitions
    [('CDU+CSU', 'FDP', 'AfD')]
    >>> predict_coalitions(parl, Rule.majority("seats"), theory="bargaining").coalitions
    [('SPD', 'CDU+CSU')]
    """
    return predict_theories(actors, rule, [theory], dimension=dimension, weight=weight,
                            max_results=max_results, n_threads=n_threads)[theory]


def predict_theories(actors: ActorSet, rule: Rule, theories: Any = None, *,
                     dimension: str | int | None = None, weight: str | int | None = None,
                     max_results: int = 1_000_000,
                     n_threads: int | None = None) -> dict[str, Prediction]:
    """Several theories at once (default: all of :data:`THEORIES`), sharing one enumeration of
    the minimal winning coalitions. Parameters as :func:`predict_coalitions`.

    Examples
    --------
    The Bundestag of 2021 (369 of 736 seats for a majority; left to right: PDS|Li 39,
    B90/Gru 118, SPD 206, FDP 92, CDU+CSU 197, AfD 83 seats). SPD and CDU+CSU are the only
    two-party majority (bargaining); the minimal connected winning coalitions lose their
    majority or their connectedness without any member; 39 + 118 + 206 = 363 seats lie left
    of the FDP and 280 right of it, so the FDP holds the median seat (Laver-Shepsle):

    >>> from foedus import Rule, predict_theories
    >>> from foedus.datasets import bundestag_2021
    >>> preds = predict_theories(bundestag_2021(), Rule.majority("seats"),
    ...                          ["bargaining", "minimal_connected", "laver_shepsle"])
    >>> for theory, prediction in preds.items():
    ...     print(theory, prediction.coalitions)
    bargaining [('SPD', 'CDU+CSU')]
    minimal_connected [('SPD', 'CDU+CSU', 'FDP'), ('SPD', 'B90/Gru', 'FDP'),
                       ('CDU+CSU', 'FDP', 'AfD')]
    laver_shepsle [('FDP',)]
    """
    if theories is None:
        theories = list(THEORIES)
    if isinstance(theories, str):
        theories = [theories]
    if not isinstance(theories, Iterable):
        raise TypeError(f"theories: expected theory names, got {theories!r}")
    for theory in theories:
        if not isinstance(theory, str) or theory not in THEORIES:
            raise ValueError(f"theory: unknown theory {theory!r}; choose one of "
                             f"{sorted(THEORIES)}")
    policy = any(t in _POLICY for t in theories)
    dim = _dimension(actors, dimension) if policy else None
    wname = _weight_name(actors, rule, weight)
    out: dict[str, Prediction] = {}
    table: CoalitionTable | None = None
    for theory in theories:
        tdim = dim if theory in _POLICY else None
        if theory == "laver_shepsle":
            probe = describe_coalitions(actors, rule, [[i] for i in range(actors.n)],
                                        weight=wname, n_threads=n_threads)
            medians = np.flatnonzero(probe[f"includes_median_{dim}"])
            out[theory] = Prediction(theory, probe.take(medians), None, tdim)
            continue
        if theory == "minimal_connected":
            from .coalitions import enumerate_coalitions
            connected = enumerate_coalitions(actors, rule, minimal=True, connected=dim,
                                             weight=wname, n_threads=n_threads)
            out[theory] = Prediction(theory, connected, None, tdim)
            continue
        if table is None:
            table = minimal_winning_coalitions(actors, rule, max_results=max_results,
                                               weight=wname, n_threads=n_threads)
        if theory == "minimal_winning" or len(table) == 0:
            out[theory] = Prediction(theory, table, None, tdim)
        elif theory == "median_party":
            out[theory] = Prediction(theory, table.take(table[f"includes_median_{dim}"]), None,
                                     tdim)
        else:
            criterion = {"minimum_winning": f"weight_{wname}", "bargaining": "size",
                         "minimal_range": f"range_{dim}",
                         "minimal_dispersion": f"dispersion_{dim}"}[theory]
            values = np.asarray(table[criterion], dtype=np.float64)
            if np.all(np.isnan(values)):
                chosen = np.zeros(len(values), dtype=bool)
            else:
                chosen = values == np.nanmin(values)
            out[theory] = Prediction(theory, table.take(chosen), criterion, tdim)
    return out


def gamson_shares(actors: ActorSet, coalition: Any, *,
                  weight: str | int | None = None) -> dict[str, float]:
    """Gamson's law: each member's share of the portfolios is its share of the coalition's
    weight (seats). Zero-weight members get 0; a coalition without weight raises ValueError.

    Examples
    --------
    >>> from foedus import gamson_shares
    >>> from foedus.datasets import bundestag_2021
    >>> shares = gamson_shares(bundestag_2021(), ["SPD", "B90/Gru", "FDP"])
    >>> {k: round(v, 3) for k, v in shares.items()}
    {'SPD': 0.495, 'B90/Gru': 0.284, 'FDP': 0.221}
    """
    mask = actors.mask(coalition)
    idx = [i for i in range(actors.n) if (mask >> i) & 1]
    if not idx:
        raise ValueError("coalition: needs at least one member")
    w = actors.weight(weight)
    total = float(sum(w[i] for i in idx))
    if total <= 0:
        raise ValueError("coalition: its members have no weight, so shares are undefined")
    return {actors.names[i]: float(w[i]) / total for i in idx}
