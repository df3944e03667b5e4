"""Groupings: classification and typology, detection of multilateral alliances in ATOP,
war coalitions, lineage, capabilities, and the alliance network."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus import (
    ClassificationParameters,
    Grouping,
    alliance_network,
    attach_capabilities,
    classify,
    detect_groupings,
    lineage,
    maximal_cliques,
    network_centralities,
    structural_balance,
    war_coalitions,
)
from foedus.alliance_network import betweenness

# ---- classification -------------------------------------------------------------------------
# Expectations come from the definitions with durations far from any threshold (half a year
# is ad hoc and temporary, 70 years a generation under any reading), never from the
# threshold values.
WAR_SIDE = Grouping("allies", ["A", "B", "C"], 1914.5, 1915.0, goal="win the war",
                    issue_areas=("security",))
COMMUNITY = Grouping("atlantic", ["A", "B", "C", "D"], 1949, observed_until=2019,
                     formality="institution", issue_areas=("security", "economic", "political"),
                     obligations=("defense", "consultation"))
PACT = Grouping("pact", ["A", "B"], 1950, 1990, formality="treaty", issue_areas=("security",),
                obligations=("defense",))
FORUM = Grouping("forum", ["A", "B", "C", "D", "E"], 1999, observed_until=2019,
                 issue_areas=("economic", "finance", "climate", "health"))


def test_kinds_follow_the_definitions() -> None:
    table = classify([WAR_SIDE, COMMUNITY, PACT, FORUM])
    assert table.kind.tolist() == ["coalition", "community", "alliance", "network"]
    assert table[0].scores["coalition"] == 1.0
    assert any(r.startswith("+ bound to a goal") for r in table[0].reasons)
    assert table[2].size_class == "bilateral" and table[0].size_class == "multilateral"
    assert table[2].purpose == "defensive" and table[3].purpose == "unspecified"
    assert table[0].permanence == "ad hoc" and table[1].permanence == "permanent"
    frame = table.to_frame()
    assert list(frame.index) == ["allies", "atlantic", "pact", "forum"]
    assert table.counts() == {"coalition": 1, "alliance": 1, "network": 1, "community": 1}


def test_typology_of_power() -> None:
    caps = (0.60, 0.02, 0.01)
    lead = classify(WAR_SIDE.with_(capabilities=caps))
    # with capabilities 60:2:1 the first member alone holds a majority: all the power
    assert lead.power_shares == pytest.approx((1.0, 0.0, 0.0))
    assert lead.hierarchy == "hierarchical" and lead.symmetry == "asymmetric"
    veto = classify(WAR_SIDE.with_(capabilities=caps, decision_rule="consensus"))
    assert veto.hierarchy == "egalitarian" and veto.power_shares == pytest.approx((1 / 3,) * 3)
    even = classify(WAR_SIDE.with_(capabilities=(0.2, 0.2, 0.2)))
    assert even.symmetry == "symmetric" and even.hierarchy == "egalitarian"
    boss = classify(WAR_SIDE.with_(capabilities=(0.1, 0.3, 0.2), decision_rule="leader"))
    assert boss.power_shares == (0.0, 1.0, 0.0)
    assert classify(WAR_SIDE).symmetry is None


def test_thresholds_are_overridable() -> None:
    # the pact lasted 40 years; calling only 50+ years permanent makes it medium-term
    assert classify(PACT).permanence == "permanent"
    assert classify(PACT, permanent=50).permanence == "medium-term"
    assert classify(PACT, params=ClassificationParameters(permanent=50)).permanence == \
        "medium-term"
    with pytest.raises(ValueError, match="medium_term"):
        ClassificationParameters(medium_term=-1)
    with pytest.raises(TypeError):
        classify(PACT, nonsense=1)


def test_vectorised_equals_one_by_one() -> None:
    rng = np.random.default_rng(0)
    items = []
    for i in range(2000):
        n = int(rng.integers(2, 8))
        start = float(rng.integers(1800, 2000))
        items.append(Grouping(
            f"g{i}", list(range(n)), start, start + float(rng.integers(1, 60)),
            formality=["treaty", "institution", "none"][int(rng.integers(0, 3))],
            issue_areas=tuple(["security", "economic", "political", "cultural"][
                :int(rng.integers(0, 5))]),
            obligations=tuple(o for o in ("defense", "offense", "consultation")
                              if rng.random() < 0.4),
            goal="g" if rng.random() < 0.5 else None,
            capabilities=tuple(rng.random(n))))
    table = classify(items)
    for k in rng.choice(len(items), 50, replace=False):
        one = classify(items[int(k)])
        assert one == table[int(k)]


def test_grouping_validation() -> None:
    with pytest.raises(ValueError, match="members"):
        Grouping("x", [], 1900)
    with pytest.raises(ValueError, match="end"):
        Grouping("x", ["a"], 1900, 1800)
    with pytest.raises(ValueError, match="formality"):
        Grouping("x", ["a"], 1900, formality="secret")
    with pytest.raises(ValueError, match="obligations"):
        Grouping("x", ["a"], 1900, obligations=("love",))
    with pytest.raises(ValueError, match="capabilities"):
        Grouping("x", ["a", "b"], 1900, capabilities=(1.0,))
    with pytest.raises(TypeError, match="Grouping"):
        classify(["not a grouping"])
    assert np.isnan(Grouping("x", ["a"], 1900).duration)


# ---- detection --------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 25), p=st.floats(0.05, 0.9))
def test_maximal_cliques_match_networkx(seed: int, n: int, p: float) -> None:
    nx = pytest.importorskip("networkx")
    g = nx.gnp_random_graph(n, p, seed=seed)
    edges = list(g.edges)
    if not edges:
        return
    want = sorted(tuple(sorted(c)) for c in nx.find_cliques(g.edge_subgraph(edges)))
    assert maximal_cliques(edges) == want
    assert maximal_cliques(edges, min_size=3) == [c for c in want if len(c) >= 3]


def _dyads(rows: list[tuple[int, int, int]]) -> dict[str, np.ndarray]:
    arr = np.array(rows)
    return {"ccode1": arr[:, 0], "ccode2": arr[:, 1], "year": arr[:, 2],
            "defense": np.ones(len(rows), dtype=int)}


def _clique(members: list[int], year: int) -> list[tuple[int, int, int]]:
    return [(a, b, year) for a, b in itertools.combinations(sorted(members), 2)]


def test_tracking_joins_exits_splits_and_ends() -> None:
    rows = []
    for y in range(2000, 2004):
        rows += _clique([1, 2, 3, 4], y)            # founded 2000
    rows += _clique([1, 2, 3, 4, 5], 2004)          # 5 joins in 2004
    rows += _clique([1, 2, 3, 5], 2005)             # 4 leaves in 2005
    rows += _clique([1, 2, 3, 5], 2006) + _clique([3, 5, 7, 8], 2006)  # a second group
    rows += _clique([10, 11, 12], 2006)             # unrelated, one year
    rows += _clique([20, 21, 22], 2008)             # after a gap year
    spells = detect_groupings(_dyads(rows), obligations=("defense",), names={})
    first = next(g for g in spells if g.start == 2000)
    assert first.joined == {1: 2000, 2: 2000, 3: 2000, 4: 2000, 5: 2004}
    assert first.left == {4: 2005}
    assert first.end == 2007.0  # last seen 2006
    assert (2004, "join", 5) in first.events and (2005, "exit", 4) in first.events
    short = next(g for g in spells if 10 in g.members)
    assert (short.start, short.end) == (2006.0, 2007.0)
    last = next(g for g in spells if 20 in g.members)
    assert last.ongoing and last.observed_until == 2009.0
    assert all(len(g.members) >= 3 for g in spells)
    with pytest.raises(ValueError, match="min_overlap"):
        detect_groupings(_dyads(rows), obligations=("defense",), min_overlap=0)
    with pytest.raises(ValueError, match="obligations"):
        detect_groupings(_dyads(rows), obligations=("offense",))


def test_known_alliances_are_recovered() -> None:
    spells = detect_groupings()

    def founded(start: int, member: int) -> Grouping:
        return next(g for g in spells if g.start == start and member in g.members
                    and g.joined[member] == start and len(g.members) >= 7)

    nato = founded(1949, 2)
    assert sorted(m for m in nato.members if nato.joined[m] == 1949) == [
        2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395]
    # Greece and Turkey (protocol signed in 1951, members in 1952), West Germany (Paris
    # agreements 1954, member 1955): ATOP dates obligations from the signature
    assert {nato.joined[m] for m in (350, 640)} <= {1951.0, 1952.0}
    assert nato.joined[260] in (1954.0, 1955.0) and nato.ongoing
    # the Warsaw Pact of 1955: that year's group is exactly its eight founders; it continues
    # the spell of the Soviet bilateral treaties of the late 1940s, which East Germany and
    # Albania join in 1955
    from foedus.datasets import atop_dyads
    a = atop_dyads()
    sel = (a["year"] == 1955) & ((a["defense"] > 0) | (a["offense"] > 0))
    groups = [c for c in maximal_cliques(np.column_stack([a["ccode1"][sel], a["ccode2"][sel]]),
                                         min_size=3) if 365 in c]
    assert (265, 290, 310, 315, 339, 355, 360, 365) in groups
    bloc = next(g for g in spells if 365 in g.members and 265 in g.members and g.start < 1955)
    assert bloc.joined[265] == 1955.0 and bloc.joined[339] == 1955.0
    assert bloc.end is not None and bloc.end <= 1993


def test_war_coalitions_and_lineage() -> None:
    sides = war_coalitions()
    ww1 = {g.name.split(":")[0]: g for g in sides if g.name.startswith("war 106 ")}
    assert set(ww1["war 106 side B"].members) == {300, 255, 640, 355}  # the Central Powers
    assert ww1["war 106 side A"].goal_achieved is True
    assert ww1["war 106 side B"].goal_achieved is False
    assert all(len(g.members) >= 2 and g.formality == "none" for g in sides)
    g1 = Grouping("a", [1, 2, 3, 4], 1900, 1910)
    g2 = Grouping("b", [1, 2, 3, 9], 1912, 1920)   # 3 of 4 from a, 2 years after it ended
    g3 = Grouping("c", [7, 8, 9], 1950, 1960)
    assert lineage([g1, g2, g3]) == [(0, 1, 0.75)]
    assert lineage([g1, g2, g3], max_gap=1) == []


def test_capabilities_attach_by_code_and_year() -> None:
    from foedus.datasets import cow_capabilities
    nmc = cow_capabilities()
    g = Grouping("x", [2, 200, 99999], 1950, 1952)
    (with_caps,) = attach_capabilities([g])
    usa = float(nmc["cinc"][(nmc["ccode"] == 2) & (nmc["year"] == 1950)][0])
    assert with_caps.capabilities[0] == usa and with_caps.capabilities[2] == 0.0
    (mean,) = attach_capabilities([g], at="mean", measure="milex")
    want = nmc["milex"][(nmc["ccode"] == 200) & (nmc["year"] >= 1950) & (nmc["year"] <= 1951)]
    assert mean.capabilities[1] == pytest.approx(float(np.mean(want)))
    with pytest.raises(ValueError, match="measure"):
        attach_capabilities([g], measure="gdp")
    from foedus import major_power_status
    # the US became a major power in 1898, Germany lost the status 1918-1925, Japan 1945-1991
    flags = major_power_status([2, 2, 255, 255, 740, 740], [1897, 1898, 1920, 1930, 1950, 1995])
    assert flags.tolist() == [False, True, False, True, False, True]


# ---- the alliance network ---------------------------------------------------------------------
def test_network_and_centralities() -> None:
    nx = pytest.importorskip("networkx")
    g = alliance_network(1960)
    assert g.has_edge(2, 200) and g.nodes[365]["major"]
    allied = alliance_network(1960, all_states=False)
    assert set(allied.nodes) < set(g.nodes)
    c = network_centralities([1960])
    rows = np.flatnonzero(c["year"] == 1960)
    assert sorted(c["ccode"][rows].tolist()) == sorted(allied.nodes)
    ref = nx.betweenness_centrality(allied)
    for k in rows:
        assert c["betweenness"][k] == pytest.approx(ref[int(c["ccode"][k])], abs=1e-12)
        assert c["degree"][k] == allied.degree(int(c["ccode"][k]))
    A = nx.to_numpy_array(allied, nodelist=sorted(allied.nodes))
    lead = np.linalg.eigh(A)[1][:, -1]
    assert np.sort(c["eigenvector"][rows]) == pytest.approx(np.sort(np.abs(lead)), abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 30), p=st.floats(0.05, 0.8))
def test_betweenness_matches_networkx(seed: int, n: int, p: float) -> None:
    nx = pytest.importorskip("networkx")
    g = nx.gnp_random_graph(n, p, seed=seed)
    ref = nx.betweenness_centrality(g)
    got = betweenness(nx.to_numpy_array(g, nodelist=range(n)))
    assert got == pytest.approx([ref[i] for i in range(n)], abs=1e-12)


def test_structural_balance_by_enumeration() -> None:
    from foedus import signed_network
    for year in (1914, 1941):
        g = signed_network(year)
        triads = balanced = 0
        for u, v, w in itertools.combinations(sorted(g.nodes), 3):
            if g.has_edge(u, v) and g.has_edge(v, w) and g.has_edge(u, w):
                triads += 1
                sign = g[u][v]["sign"] * g[v][w]["sign"] * g[u][w]["sign"]
                balanced += sign > 0
        b = structural_balance([year])
        assert (int(b["triads"][0]), int(b["balanced"][0])) == (triads, balanced)
        assert b["negative_ties"][0] > 0


def test_plot_renders(tmp_path) -> None:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    from foedus import plot_alliance_network
    ax = plot_alliance_network(1949)
    path = tmp_path / "network.png"
    ax.figure.savefig(path)
    assert path.stat().st_size > 10_000


def test_review_edge_cases() -> None:
    # an equal split of power is not dominance: bilateral consensus is egalitarian
    pair = Grouping("p", ["A", "B"], 1950, 1960, decision_rule="consensus")
    assert classify(pair).hierarchy == "egalitarian" and classify(pair).size_class == "bilateral"
    assert classify(pair.with_(decision_rule=None, capabilities=(0.0, 1.0, 1.0)[:2])).hierarchy \
        == "hierarchical"
    assert classify(Grouping("s", ["A"], 1950, 1951)).size_class == "single"
    assert classify(Grouping("z", ["A", "B"], 1950, 1951, capabilities=(0, 0))).symmetry is None
    leader = classify(Grouping("l", ["A", "B", "C"], 1950, 1951, decision_rule="leader"))
    assert leader.hierarchy == "hierarchical" and leader.power_shares is None
    assert Grouping("n", ["A"], np.int64(1949), 1950).start == 1949.0
    with pytest.raises(ValueError, match="end"):
        Grouping("x", ["A"], 1949, float("nan"))
    with pytest.raises(ValueError, match="observed_until"):
        Grouping("x", ["A"], 1949, 1950, observed_until=1960)
    # detection: empty input, reversed and duplicate dyads, gaps and ties that stop early
    empty = {"ccode1": np.array([1]), "ccode2": np.array([2]), "year": np.array([2000]),
             "defense": np.array([0])}
    assert detect_groupings(empty, obligations=("defense",), names={}) == []
    rows = {"ccode1": np.array([2, 3, 3, 1]), "ccode2": np.array([1, 1, 2, 2]),
            "year": np.array([2000] * 4), "defense": np.array([1, 1, 1, 0]),
            "offense": np.array([0, 0, 0, 1])}
    (g,) = detect_groupings(rows, obligations=("defense", "offense"), names={})
    assert g.obligations == ("defense", "offense") and g.members == (1, 2, 3)
    clique = _clique([1, 2, 3], 2000)
    data = _dyads(clique + [(7, 8, 2001)])
    data["defense"][-1] = 0  # the data run to 2001, without ties that year
    (g,) = detect_groupings(data, obligations=("defense",), names={})
    assert g.end == 2001.0 and not g.ongoing and (2001, "end", None) in g.events
    gap = detect_groupings(_dyads(clique + _clique([1, 2, 3], 2003)), obligations=("defense",),
                           names={})
    assert [(s.start, s.end) for s in gap] == [(2000.0, 2001.0), (2003.0, None)]
    assert (2001, "end", None) in gap[0].events
    with pytest.raises(TypeError, match="integer"):
        maximal_cliques([(1.5, 2.0)])
    assert maximal_cliques([], min_size=0) == []


def test_absorbed_splits_leave_no_dangling_references() -> None:
    rows = _clique([1, 2, 3, 4], 2000) + _clique([10, 11, 12], 2000)
    rows += _clique([1, 2, 3, 4], 2001) + _clique([1, 2, 3, 5], 2001) + \
        _clique([10, 11, 12], 2001)
    rows += _clique([1, 2, 3, 5, 10, 11, 12], 2002)
    spells = detect_groupings(_dyads(rows), obligations=("defense",), min_overlap=0.3, names={})
    for i, s in enumerate(spells):
        for e in s.events:
            if e[1] in ("split", "split from", "merged", "merged into"):
                assert 0 <= e[2] < len(spells) and e[2] != i
            if e[1] == "merged into":
                assert (e[0], "merged", i) in spells[e[2]].events
