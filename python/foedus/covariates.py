"""Covariates of groupings for duration models, computed by the kernel in one call."""

from __future__ import annotations

from typing import Any

import numpy as np

from .actors import ActorSet
from .coalitions import describe_coalitions
from .power import power_in
from .results import CoalitionTable
from .rules import Rule

__all__ = ["coalition_covariates"]


def coalition_covariates(actors: ActorSet, rule: Rule, members: Any, *,
                         power_index: str | None = "banzhaf", weight: str | int | None = None,
                         n_threads: int | None = None) -> CoalitionTable:
    """Covariates of many groupings (coalitions, cabinets, alliances) in one call.

    Every attribute of :func:`foedus.describe_coalitions` — size, weight and share, surplus,
    minimal winning, connectedness, policy range and dispersion (interest correspondence),
    largest member's share and Herfindahl concentration of weight (power concentration) — and,
    with ``power_index``, the concentration of power *inside* each grouping: the largest
    member's share and the Herfindahl index of the members' power under a majority of the
    grouping's own weight (:func:`foedus.power_in`), as ``power_largest`` and
    ``power_herfindahl`` (NaN for a grouping without weight).

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
    members : sequence of groupings (names or indices each)
    power_index : str or None
        Index of the power columns (``"banzhaf"``, ``"shapley_shubik"``, ...); None leaves
        them out.
    weight : str or int, optional
        Weight criterion of concentration and positions (default: the first).

    Returns
    -------
    CoalitionTable
        One row per grouping, in the given order.

    Examples
    --------
    >>> from foedus import Rule, coalition_covariates
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()   # inside SPD + CDU/CSU, the SPD's 206 of 403 seats decide
    >>> cov = coalition_covariates(parl, Rule.majority("seats"), [["SPD", "B90/Gru", "FDP"],
    ...                                                            ["SPD", "CDU+CSU"]])
    >>> cov["minimal_winning"].tolist(), cov["power_largest"].round(3).tolist()
    ([True, True], [0.333, 1.0])
    """
    if isinstance(members, (str, bytes)) or not hasattr(members, "__iter__"):
        raise TypeError("members: expected a list of coalitions (member lists or masks), got "
                        f"{type(members).__name__}")
    groups = list(members)
    table = describe_coalitions(actors, rule, groups, weight=weight, n_threads=n_threads)
    if power_index is None:
        return table
    largest = np.full(len(groups), np.nan)
    herfindahl = np.full(len(groups), np.nan)
    wname = actors.weight_names[actors.criterion(weight)]
    for row in range(len(groups)):
        names = table.members(row)
        if float(sum(actors.weight(wname)[actors.index(m)] for m in names)) <= 0:
            continue
        res = power_in(actors, list(names), Rule.majority(wname), index=power_index)
        v = res.values
        if v.sum() > 0:
            share = v / v.sum()
            largest[row] = float(share.max())
            herfindahl[row] = float(np.sum(share ** 2))
    cols = {c: table[c] for c in table.columns}
    cols["power_largest"] = largest
    cols["power_herfindahl"] = herfindahl
    return CoalitionTable(table.actors, table.rule, cols, given_order=True,
                          size_order=table.size_order)
