"""The alliance network: states tied by alliance obligations in a year, its centralities per
state-year, signed networks of alliances (+) and wars (-) with their structural balance, and
a plot of one year. Graphs are networkx graphs (extra ``network``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._optional import import_matplotlib_pyplot, import_networkx
from .detection import ATOP_OBLIGATIONS

__all__ = ["alliance_network", "betweenness", "network_centralities", "plot_alliance_network",
           "signed_network", "structural_balance"]

ALL_OBLIGATIONS = tuple(ATOP_OBLIGATIONS)


class _Data:
    """The bundled dyad-years, loaded once per call, indexed by year."""

    def __init__(self, dyads: dict[str, np.ndarray] | None, obligations: Sequence[str]) -> None:
        if dyads is None:
            from .datasets import atop_dyads
            dyads = atop_dyads()
        if not obligations:
            raise ValueError("obligations: name at least one obligation column")
        for col in ("ccode1", "ccode2", "year", *obligations):
            if col not in dyads:
                raise ValueError(f"dyad_years: missing the column {col!r}")
        a = np.asarray(dyads["ccode1"], dtype=np.int64)
        b = np.asarray(dyads["ccode2"], dtype=np.int64)
        # undirected pairs, no self-ties
        tie = np.column_stack([np.asarray(dyads[c]) > 0 for c in obligations]).any(axis=1) & \
            (a != b)
        self.a = np.minimum(a, b)[tie]
        self.b = np.maximum(a, b)[tie]
        self.year = np.asarray(dyads["year"], dtype=np.int64)[tie]
        self.flags = {c: np.asarray(dyads[c])[tie] for c in obligations}
        order = np.argsort(self.year, kind="stable")
        self.a, self.b, self.year = self.a[order], self.b[order], self.year[order]
        self.flags = {c: v[order] for c, v in self.flags.items()}
        self.years = np.unique(self.year)

    def rows(self, year: int) -> slice:
        lo = int(np.searchsorted(self.year, year, "left"))
        hi = int(np.searchsorted(self.year, year, "right"))
        return slice(lo, hi)


def _state_attributes(year: int) -> dict[int, dict[str, Any]]:
    from .datasets import cow_capabilities, cow_major_powers, cow_states
    st = cow_states()
    alive = (st["styear"] <= year) & (st["endyear"] >= year)
    attrs = {int(c): {"abbreviation": str(a), "cinc": 0.0, "major": False}
             for c, a in zip(st["ccode"][alive], st["stateabb"][alive], strict=True)}
    nmc = cow_capabilities()
    sel = nmc["year"] == year
    for c, v in zip(nmc["ccode"][sel], nmc["cinc"][sel], strict=True):
        attrs.setdefault(int(c), {"abbreviation": str(c), "cinc": 0.0, "major": False})
        attrs[int(c)]["cinc"] = float(v)
    mp = cow_major_powers()
    for c, y0, y1 in zip(mp["ccode"], mp["styear"], mp["endyear"], strict=True):
        if y0 <= year <= y1 and int(c) in attrs:
            attrs[int(c)]["major"] = True
    return attrs


def alliance_network(year: int, *, obligations: Sequence[str] = ALL_OBLIGATIONS,
                     dyad_years: dict[str, np.ndarray] | None = None,
                     all_states: bool = True) -> Any:
    """The alliance network of one year as a networkx Graph.

    Nodes are COW state codes with ``abbreviation``, ``cinc`` and ``major`` (major power)
    attributes; with ``all_states`` every member of the state system that year is a node
    (isolates included), else only allied states. Edges join states with any of the
    ``obligations`` (ATOP columns) that year and carry them as 0/1 attributes.

    Examples
    --------
    >>> from foedus import alliance_network
    >>> g = alliance_network(1949)
    >>> g.has_edge(2, 200), g.nodes[2]["abbreviation"], g.nodes[2]["major"]
    (True, 'USA', True)
    """
    nx = import_networkx()
    data = _Data(dyad_years, obligations)
    return _graph(nx, data, int(year), all_states)


def _graph(nx: Any, data: _Data, year: int, all_states: bool) -> Any:
    g = nx.Graph(year=year)
    attrs = _state_attributes(year)
    if all_states:
        g.add_nodes_from(sorted(attrs.items()))
    rows = data.rows(year)
    for k in range(rows.start, rows.stop):
        u, v = int(data.a[k]), int(data.b[k])
        for node in (u, v):
            if node not in g:
                g.add_node(node, **attrs.get(node, {"abbreviation": str(node), "cinc": 0.0,
                                                   "major": False}))
        new = {c: int(f[k] > 0) for c, f in data.flags.items()}
        if g.has_edge(u, v):  # a duplicate row: any of their obligations
            new = {c: max(x, g[u][v][c]) for c, x in new.items()}
        g.add_edge(u, v, **new)
    return g


def network_centralities(years: Sequence[int] | None = None, *,
                         obligations: Sequence[str] = ALL_OBLIGATIONS,
                         dyad_years: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Degree, eigenvector and betweenness centrality of every allied state in every year.

    Returns
    -------
    dict of arrays
        ``ccode``, ``year``, ``degree`` (number of allies), ``eigenvector`` (the leading
        eigenvector of the year's adjacency matrix, absolute values, unit norm: states outside
        the component of the largest spectral radius score about 0; when components tie for
        it the eigenvector is not unique and numpy's choice is kept) and ``betweenness``
        (normalised as networkx's, computed by ``betweenness``), one row per allied
        state-year, by year and ccode.

    Examples
    --------
    In 1949 the United States (COW code 2) has the most allies, 31: the 20 other American
    republics of the Rio Pact (1947) and the 11 other founders of NATO. It is also the most
    between: every path from Latin America to Western Europe runs through it:

    >>> import numpy as np
    >>> from foedus import network_centralities
    >>> c = network_centralities([1949])
    >>> top = int(np.argmax(c["degree"]))
    >>> int(c["ccode"][top]), int(c["degree"][top])
    (2, 31)
    >>> int(c["ccode"][np.argmax(c["betweenness"])])
    2
    >>> round(float(np.linalg.norm(c["eigenvector"])), 6)   # unit norm within a year
    1.0
    """
    nx = import_networkx()
    data = _Data(dyad_years, obligations)
    yrs = data.years if years is None else np.asarray(list(years), dtype=np.int64)
    cols: dict[str, list] = {k: [] for k in ("ccode", "year", "degree", "eigenvector",
                                             "betweenness")}
    for y in yrs.tolist():
        rows = data.rows(y)
        g = nx.Graph()
        g.add_edges_from(zip(data.a[rows].tolist(), data.b[rows].tolist(), strict=True))
        if g.number_of_nodes() == 0:
            continue
        nodes = sorted(g.nodes)
        A = nx.to_numpy_array(g, nodelist=nodes)
        between = dict(zip(nodes, betweenness(A), strict=True))
        _, vecs = np.linalg.eigh(A)
        lead = np.abs(vecs[:, -1])
        eig = dict(zip(nodes, lead / np.linalg.norm(lead), strict=True))
        for node in nodes:
            cols["ccode"].append(node)
            cols["year"].append(y)
            cols["degree"].append(g.degree(node))
            cols["eigenvector"].append(abs(float(eig.get(node, 0.0))))
            cols["betweenness"].append(float(between[node]))
    return {"ccode": np.array(cols["ccode"], dtype=np.int64),
            "year": np.array(cols["year"], dtype=np.int64),
            "degree": np.array(cols["degree"], dtype=np.int64),
            "eigenvector": np.array(cols["eigenvector"], dtype=np.float64),
            "betweenness": np.array(cols["betweenness"], dtype=np.float64)}


def betweenness(A: np.ndarray) -> np.ndarray:
    """Normalised betweenness centrality of an unweighted undirected graph (adjacency
    matrix), Brandes' accumulation run for all sources at once with matrix products: path
    counts level by level forward, dependencies level by level backward. Normalised as
    networkx: the sum over sources s of the dependency of s on v, divided by (n-1)(n-2)."""
    A = np.asarray(A, dtype=np.float64)
    n = A.shape[0]
    if n <= 2:
        return np.zeros(n)
    dist = np.full((n, n), -1, dtype=np.int64)
    np.fill_diagonal(dist, 0)
    sigma = np.eye(n)
    frontier = np.eye(n)
    level = 0
    while True:
        reach = frontier @ A  # paths into the next level
        new = (reach > 0) & (dist < 0)
        if not new.any():
            break
        level += 1
        dist[new] = level
        frontier = np.where(new, reach, 0.0)
        sigma += frontier
    delta = np.zeros((n, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        for lv in range(level, 0, -1):
            at = dist == lv
            coef = np.where(at, (1.0 + delta) / np.where(at, sigma, 1.0), 0.0)
            back = (coef @ A) * sigma
            delta += np.where(dist == lv - 1, back, 0.0)
    np.fill_diagonal(delta, 0.0)
    return delta.sum(axis=0) / ((n - 1) * (n - 2))


def _war_pairs(year: int, war_dyads: dict[str, np.ndarray] | None) -> set[tuple[int, int]]:
    if war_dyads is None:
        from .datasets import cow_war_dyads
        war_dyads = cow_war_dyads()
    sel = np.asarray(war_dyads["year"]) == year
    return {(min(int(p), int(q)), max(int(p), int(q))) for p, q in
            zip(np.asarray(war_dyads["ccode1"])[sel], np.asarray(war_dyads["ccode2"])[sel],
                strict=True)}


def signed_network(year: int, *, obligations: Sequence[str] = ALL_OBLIGATIONS,
                   dyad_years: dict[str, np.ndarray] | None = None,
                   war_dyads: dict[str, np.ndarray] | None = None) -> Any:
    """Alliances (sign +1) and wars (sign -1, opponents in an inter-state war that year) as
    one networkx Graph with a ``sign`` edge attribute; a pair both allied and at war is -1
    (the war is the more recent fact).

    Examples
    --------
    In 1950 the United States (COW code 2) is at war with North Korea (731) in Korea and
    allied with the United Kingdom (200) in NATO:

    >>> from foedus import signed_network
    >>> g = signed_network(1950)
    >>> g[2][731]["sign"], g[2][200]["sign"]
    (-1, 1)
    """
    nx = import_networkx()
    data = _Data(dyad_years, obligations)
    g = nx.Graph(year=int(year))
    rows = data.rows(int(year))
    g.add_edges_from(zip(data.a[rows].tolist(), data.b[rows].tolist(), strict=True), sign=1)
    for u, v in _war_pairs(int(year), war_dyads):
        g.add_edge(u, v, sign=-1)
    return g


def structural_balance(years: Sequence[int] | None = None, *,
                       obligations: Sequence[str] = ALL_OBLIGATIONS,
                       dyad_years: dict[str, np.ndarray] | None = None,
                       war_dyads: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Structural balance of the signed alliance-war network, year by year.

    A triad of states all three of whose pairs are allied or at war is balanced when the
    product of its signs is positive (the friend of my friend is my friend, the enemy of my
    enemy my friend: Heider 1946; Cartwright and Harary 1956). With S the signed adjacency
    matrix, the triads number trace(|S|^3) / 6 and trace(S^3) / 6 is balanced minus
    unbalanced ones.

    Returns
    -------
    dict of arrays
        ``year``, ``triads``, ``balanced``, ``share_balanced`` (NaN without triads),
        ``negative_ties``.

    Examples
    --------
    Three states in two years. In 2000, 1 is allied with 2 and 2 with 3, but 1 and 3 are at
    war: + + - is unbalanced (my friend's friend is my enemy). In 2001, 1 and 2 are allied
    and both at war with 3: + - - is balanced (my enemy's enemy is my friend):

    >>> from foedus import structural_balance
    >>> ties = {"ccode1": [1, 2, 1], "ccode2": [2, 3, 2], "year": [2000, 2000, 2001],
    ...         "defense": [1, 1, 1]}
    >>> wars = {"ccode1": [1, 1, 2], "ccode2": [3, 3, 3], "year": [2000, 2001, 2001]}
    >>> sb = structural_balance(obligations=["defense"], dyad_years=ties, war_dyads=wars)
    >>> sb["year"].tolist(), sb["triads"].tolist(), sb["balanced"].tolist()
    ([2000, 2001], [1, 1], [0, 1])
    """
    data = _Data(dyad_years, obligations)
    if war_dyads is None:
        from .datasets import cow_war_dyads
        war_dyads = cow_war_dyads()
    war_years = np.unique(np.asarray(war_dyads["year"], dtype=np.int64))
    yrs = np.union1d(data.years, war_years) if years is None else np.asarray(list(years))
    out: dict[str, list] = {k: [] for k in ("year", "triads", "balanced", "negative_ties")}
    for y in yrs.tolist():
        rows = data.rows(y)
        pairs = {(int(p), int(q)): 1 for p, q in zip(data.a[rows], data.b[rows], strict=True)}
        for p in _war_pairs(y, war_dyads):
            pairs[p] = -1
        nodes = sorted({x for p in pairs for x in p})
        idx = {v: i for i, v in enumerate(nodes)}
        S = np.zeros((len(nodes), len(nodes)))
        for (p, q), sgn in pairs.items():
            S[idx[p], idx[q]] = S[idx[q], idx[p]] = sgn
        A = np.abs(S)
        total = int(round(np.trace(A @ A @ A) / 6)) if nodes else 0
        net = int(round(np.trace(S @ S @ S) / 6)) if nodes else 0
        out["year"].append(y)
        out["triads"].append(total)
        out["balanced"].append((total + net) // 2)
        out["negative_ties"].append(sum(1 for s in pairs.values() if s < 0))
    triads = np.array(out["triads"], dtype=np.int64)
    balanced = np.array(out["balanced"], dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(triads > 0, balanced / np.maximum(triads, 1), np.nan)
    return {"year": np.array(out["year"], dtype=np.int64), "triads": triads,
            "balanced": balanced, "share_balanced": share,
            "negative_ties": np.array(out["negative_ties"], dtype=np.int64)}


def plot_alliance_network(year: int, ax: Any = None, *, seed: int = 0,
                          obligations: Sequence[str] = ALL_OBLIGATIONS) -> Any:
    """Draw the alliance network of a year (allied states; node size by CINC, major powers
    in a darker colour, a seeded spring layout). Returns the Axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from foedus import plot_alliance_network
    >>> ax = plot_alliance_network(1949)
    >>> ax.get_title()
    'Alliance network 1949 (red: major powers; size: CINC)'
    >>> plt.close(ax.figure)
    """
    nx = import_networkx()
    plt = import_matplotlib_pyplot()
    g = alliance_network(year, obligations=obligations, all_states=False)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 8))
    pos = nx.spring_layout(g, seed=seed)
    sizes = [40 + 3000 * g.nodes[v]["cinc"] for v in g.nodes]
    colours = ["#b2182b" if g.nodes[v]["major"] else "#4393c3" for v in g.nodes]
    nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.25, width=0.6)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color=colours)
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=6,
                            labels={v: g.nodes[v]["abbreviation"] for v in g.nodes})
    ax.set_title(f"Alliance network {year} (red: major powers; size: CINC)")
    ax.set_axis_off()
    return ax
