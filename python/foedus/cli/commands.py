"""The analyses behind ``foedus coalitions``, ``foedus power`` and ``foedus partition``: each
returns rows (dicts), a title and metadata for :func:`foedus.cli.outputs.render`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..actors import ActorSet
from ..coalitions import count_coalitions, enumerate_coalitions
from ..formation import _POLICY, THEORIES, predict_coalitions
from ..power import INDICES, power_indices
from ..rules import Rule
from ..structures import optimal_partition, read_values
from .inputs import CliError

__all__ = ["ALIASES", "coalitions_rows", "partition_rows", "power_rows"]

Result = tuple[list[dict[str, Any]], str, dict[str, Any]]

#: short names of the formation theories accepted by ``--theory``
ALIASES = {"mwc": "minimal_winning", "minimal": "minimal_winning", "riker": "minimum_winning",
           "mcw": "minimal_connected", "axelrod": "minimal_connected",
           "leiserson": "bargaining", "deswaan": "minimal_dispersion",
           "median": "median_party", "winning": "winning"}


def coalitions_rows(actors: ActorSet, rule: Rule, *, theory: str, weights: str,
                    position: str | None, n_threads: int | None, count: bool = False,
                    progress: bool | None = False) -> Result:
    """The coalitions a formation theory predicts (or every winning coalition); with
    ``count``, only their number."""
    key = ALIASES.get(theory, theory)
    if key != "winning" and key not in THEORIES:
        raise CliError(f"--theory: unknown theory {theory!r}; choose one of "
                       f"{', '.join(['winning', *THEORIES])} or an alias "
                       f"({', '.join(f'{a}={b}' for a, b in ALIASES.items() if a != b)})")
    if key in _POLICY and position is None:
        raise CliError(f"--theory {theory}: needs policy positions; give --position COLUMN")
    if key == "winning" and count:
        total = count_coalitions(actors, rule, winning=True, n_threads=n_threads,
                                 progress=progress)
        title = f"Winning coalitions under {rule!r} of {actors.n} actors"
        return ([{"coalitions": int(total), "method": total.method}], title,
                {"theory": key, "rule": repr(rule), "actors": actors.n,
                 "coalitions": int(total), "method": total.method})
    if key == "winning":
        table = enumerate_coalitions(actors, rule, winning=True, n_threads=n_threads,
                                     progress=progress)
        about = "every winning coalition"
    else:
        table = predict_coalitions(actors, rule, theory=key, dimension=position,
                                   n_threads=n_threads).table
        about = THEORIES[key]
    if count:
        title = f"Coalitions: {about}; rule {rule!r} of {actors.n} actors"
        return ([{"coalitions": len(table)}], title,
                {"theory": key, "rule": repr(rule), "actors": actors.n,
                 "coalitions": len(table)})
    rows = []
    for r in range(len(table)):
        row: dict[str, Any] = {"members": table.members(r), "size": int(table["size"][r]),
                               weights: table[f"weight_{weights}"][r],
                               "share": round(float(table[f"share_{weights}"][r]), 6)}
        if "surplus" in table:
            row["surplus"] = table["surplus"][r]
        if position is not None:
            row[f"range_{position}"] = table[f"range_{position}"][r]
        rows.append(row)
    title = (f"{len(rows)} coalitions: {about}; rule {rule!r} of {actors.n} actors "
             f"(total {actors.total(weights):g})")
    return rows, title, {"theory": key, "rule": repr(rule), "actors": actors.n,
                         "coalitions": len(rows)}


def power_rows(actors: ActorSet, rule: Rule, *, indices: list[str], weights: str,
               exact: bool, n_threads: int | None) -> Result:
    """Power indices of every actor, one column per index."""
    for index in indices:
        if index not in INDICES or INDICES[index][0] & {"owen"}:
            raise CliError(f"--index: unknown index {index!r}; choose from "
                           f"{', '.join(k for k in INDICES if k not in ('owen', 'banzhaf_owen'))}")
    total = actors.total(weights)
    results = {i: power_indices(actors, rule, index=i, exact=exact, n_threads=n_threads)
               for i in indices}
    rows = []
    for a, name in enumerate(actors.names):
        w = actors.weight(weights)[a]
        row: dict[str, Any] = {"actor": name, weights: int(w) if float(w).is_integer() else w,
                               "weight_share": round(float(w / total), 6)}
        for i, res in results.items():
            row[i] = str(res.exact[a]) if exact and res.exact is not None else res.values[a]
        rows.append(row)
    first = results[indices[0]].values
    rows = [rows[i] for i in np.argsort(-first, kind="stable")]
    methods = ", ".join(f"{i}: {r.method}" for i, r in results.items())
    title = f"Power under {rule!r} of {actors.n} actors ({methods})"
    return rows, title, {"rule": repr(rule), "actors": actors.n, "indices": indices,
                         "methods": {i: r.method for i, r in results.items()}}


def partition_rows(path: str | Path, *, time_limit: float | None,
                   n_threads: int | None, progress: bool | None = False) -> Result:
    """The optimal partition of the players of a value file in the reference solvers' format
    (one value per line, line x = the coalition with mask x - 1)."""
    p = Path(path)
    if not p.is_file():
        raise CliError(f"{path}: no such file")
    try:
        values = read_values(p)
    except (ValueError, OSError) as exc:
        raise CliError(f"{path}: {exc}") from None
    res = optimal_partition(values, time_limit=time_limit, n_threads=n_threads,
                            progress=progress)
    n = int(values.size).bit_length() - 1
    rows = [{"block": tuple(res.players[i] for i in b), "size": len(b),
             "value": float(values[sum(1 << i for i in b)])} for b in res.partition.blocks]
    status = "optimal" if res.optimal else f"not proven; upper bound {res.upper_bound:.10g}"
    title = (f"Best partition of {n} players: value {res.value:.10g} ({status}), "
             f"{len(rows)} coalitions, {res.seconds:.2f} s")
    return rows, title, {"players": n, "value": res.value, "optimal": res.optimal,
                         "upper_bound": res.upper_bound, "method": res.method}
