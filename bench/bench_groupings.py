"""Groupings and the alliance network (issue 8): detection over all ATOP years and the network
measures per year, foedus against networkx side by side in one run.

- cliques: the maximal cliques of every year's defence/offence graph (foedus' bit-set
  Bron-Kerbosch against networkx.find_cliques);
- detection: detect_groupings over all years (cliques, tracking, spells);
- betweenness: every year's alliance network (any obligation), foedus' matrix Brandes
  against networkx.betweenness_centrality;
- centralities and balance: network_centralities and structural_balance over all years;
- pipeline: detection + centralities + structural balance, the issue's target (< 10 s).

Run:
    pytest bench/bench_groupings.py -c bench/pytest.ini \\
        --benchmark-json=bench/results_groupings.json
    python bench/make_peer_table.py bench/results_groupings.json
"""

from __future__ import annotations

import numpy as np
import pytest
from timing import run_side_by_side as _run

import foedus
from foedus.alliance_network import betweenness
from foedus.datasets import atop_dyads

N_YEARS = 204


def _years(any_obligation: bool) -> list[np.ndarray]:
    a = atop_dyads()
    cols = ("defense", "offense", "neutral", "nonagg", "consul") if any_obligation else (
        "defense", "offense")
    tie = np.column_stack([a[c] > 0 for c in cols]).any(axis=1)
    out = []
    for y in np.unique(a["year"][tie]):
        sel = tie & (a["year"] == y)
        out.append(np.column_stack([a["ccode1"][sel], a["ccode2"][sel]]))
    return out


@pytest.mark.parametrize("impl", ["foedus", "networkx"])
def test_cliques(benchmark, impl: str) -> None:
    graphs = _years(False)
    if impl == "foedus":
        _run(benchmark, lambda: [foedus.maximal_cliques(e, min_size=3) for e in graphs],
             group="cliques, all years", impl=impl, n=N_YEARS, rounds=3)
    else:
        nx = pytest.importorskip("networkx")

        def run() -> list:
            out = []
            for e in graphs:
                g = nx.Graph()
                g.add_edges_from(e.tolist())
                out.append([c for c in nx.find_cliques(g) if len(c) >= 3])
            return out
        _run(benchmark, run, group="cliques, all years", impl=impl, n=N_YEARS, rounds=3)


@pytest.mark.parametrize("impl", ["foedus", "networkx"])
def test_betweenness(benchmark, impl: str) -> None:
    nx = pytest.importorskip("networkx")
    graphs = []
    for e in _years(True):
        g = nx.Graph()
        g.add_edges_from(e.tolist())
        graphs.append(g)
    if impl == "foedus":
        mats = [nx.to_numpy_array(g, nodelist=sorted(g.nodes)) for g in graphs]
        _run(benchmark, lambda: [betweenness(A) for A in mats], group="betweenness, all years",
             impl=impl, n=N_YEARS, rounds=3)
    else:
        _run(benchmark, lambda: [nx.betweenness_centrality(g) for g in graphs],
             group="betweenness, all years", impl=impl, n=N_YEARS, rounds=1)


def test_detection(benchmark) -> None:
    _run(benchmark, foedus.detect_groupings, group="detection", impl="foedus", n=N_YEARS,
         rounds=3)


def test_pipeline(benchmark) -> None:
    pytest.importorskip("networkx")

    def run() -> None:
        foedus.detect_groupings()
        foedus.network_centralities()
        foedus.structural_balance()
    _run(benchmark, run, group="pipeline", impl="foedus", n=N_YEARS, rounds=3)
