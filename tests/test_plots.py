"""Plots (extra ``plot``): each function renders to PNG without a display, and draws what the
data say: one point per actor, exactly the coalition's members highlighted, the median where a
brute-force weighted median puts it, one band per group, labels that do not overlap."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

import foedus  # noqa: E402
from foedus import ActorSet, KaplanMeier, NelsonAalen, Rule, power_indices  # noqa: E402
from foedus.datasets import bundestag_2021, eu_council_nice_2007, kabl_1990  # noqa: E402
from foedus.plots import (  # noqa: E402
    plot_alliance_network,
    plot_policy_axis,
    plot_power,
    plot_survival,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _png(ax) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=80)
    data = buf.getvalue()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > 5_000
    return data


def _by_gid(items, gid: str) -> list:
    return [a for a in items if a.get_gid() == gid]


def _labels(ax) -> list[Annotation]:
    return [t for t in ax.texts if isinstance(t, Annotation)]


def _assert_labels_apart(ax) -> None:
    from matplotlib.text import Text
    renderer = ax.figure.canvas.get_renderer()
    ax.figure.draw(renderer)
    # text boxes only, without their leader lines
    boxes = [Text.get_window_extent(t, renderer) for t in _labels(ax)]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def _span_x(patch) -> tuple[float, float]:
    verts = patch.get_patch_transform().transform(patch.get_path().vertices)
    return float(verts[:, 0].min()), float(verts[:, 0].max())


# ---- plot_power ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nice():
    actors = eu_council_nice_2007()
    rule = Rule.quota(255, "votes")
    return actors, {index: power_indices(actors, rule, index=index)
                    for index in ("shapley_shubik", "banzhaf", "penrose")}


def test_plot_power_one_index(nice) -> None:
    actors, res = nice
    fig, given_ax = plt.subplots()
    ax = plot_power(res["shapley_shubik"], actors, given_ax, label_actors=5)
    assert ax is given_ax
    (points,) = ax.collections
    xy = np.asarray(points.get_offsets())
    assert xy.shape == (actors.n, 2)
    w = actors.weight("votes")
    np.testing.assert_allclose(xy[:, 0], w / w.sum())
    np.testing.assert_allclose(xy[:, 1], res["shapley_shubik"].values)
    assert ax.get_xlabel() == "share of votes"
    assert ax.get_ylabel() == "Shapley-Shubik index"
    (diagonal,) = _by_gid(ax.lines, "foedus:diagonal")
    dx, dy = diagonal.get_data()
    np.testing.assert_allclose(dx, dy)
    # the five heaviest members are labelled (ties in the data's order)
    heaviest = [actors.names[i] for i in np.argsort(-w, kind="stable")[:5]]
    assert sorted(t.get_text() for t in _labels(ax)) == sorted(heaviest)
    _png(ax)
    named = plot_power(res["shapley_shubik"], actors, label_actors=["Malta", "Germany"])
    assert sorted(t.get_text() for t in _labels(named)) == ["Germany", "Malta"]


def test_plot_power_several_indices_and_labels_apart(nice) -> None:
    actors, res = nice
    ax = plot_power({"SS": res["shapley_shubik"], "BZ": res["banzhaf"]}, actors)
    assert [len(c.get_offsets()) for c in ax.collections] == [actors.n, actors.n]
    paths = [c.get_paths()[0].vertices.shape for c in ax.collections]
    assert paths[0] != paths[1]  # different markers
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["proportional to weight", "SS", "BZ"]
    assert ax.get_ylabel() == "power (share of the total)"
    names = [t.get_text() for t in _labels(ax)]
    assert names and set(names) <= set(actors.names) and len(set(names)) == len(names)
    assert "Germany" in names
    _assert_labels_apart(ax)
    _png(ax)


def test_plot_power_normalises_absolute_indices_and_log_axes(nice) -> None:
    actors, res = nice
    ax = plot_power(res["penrose"], actors, label_actors=False, log=True)
    (points,) = ax.collections
    y = np.asarray(points.get_offsets())[:, 1]
    np.testing.assert_allclose(y, res["banzhaf"].values, rtol=1e-12)
    assert ax.get_ylabel() == "Penrose measure (share of the total)"
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert not _labels(ax)
    raw = plot_power(res["penrose"], actors, label_actors=0, normalise=False)
    np.testing.assert_allclose(np.asarray(raw.collections[0].get_offsets())[:, 1],
                               res["penrose"].values)
    _png(ax)


def test_power_result_plot_and_weight_arrays(nice) -> None:
    actors, res = nice
    fig, given_ax = plt.subplots()
    ax = res["banzhaf"].plot(given_ax, weights=list(actors.weight("votes")), label_actors=3)
    assert ax is given_ax
    assert ax.get_xlabel() == "weight share"
    ref = plot_power(res["banzhaf"], actors, label_actors=3)
    np.testing.assert_allclose(ax.collections[0].get_offsets(), ref.collections[0].get_offsets())


def test_plot_power_sampled_error_bars() -> None:
    game = ActorSet(["A", "B", "C", "D"], [10, 10, 20, 30])
    r = power_indices(game, Rule.quota(50), index="shapley_shubik", method="sampling",
                      n_samples=2000, seed=3)
    ax = plot_power(r, game)
    bars = [c for c in ax.collections if c.get_gid() is None]
    assert len(bars) == 1 and len(bars[0].get_segments()) == 4
    _png(ax)


def test_plot_power_bad_input(nice) -> None:
    actors, res = nice
    ss = res["shapley_shubik"]
    with pytest.raises(ValueError, match="weights: expected 27 values"):
        plot_power(ss, np.ones(26))
    with pytest.raises(ValueError, match="weights: must be finite"):
        plot_power(ss, -np.ones(27))
    with pytest.raises(ValueError, match="differ from the result"):
        plot_power(ss, bundestag_2021())
    other = power_indices(ActorSet(["A", "B"], [1, 2]), Rule.quota(2))
    with pytest.raises(ValueError, match="same actors"):
        plot_power([ss, other], actors)
    with pytest.raises(ValueError, match="no PowerResult"):
        plot_power([], actors)
    with pytest.raises(ValueError, match="label_actors"):
        plot_power(ss, actors, label_actors=-1)
    with pytest.raises(ValueError, match="unknown actor 'Atlantis'"):
        plot_power(ss, actors, label_actors=["Malta", "Atlantis"])
    with pytest.raises(TypeError, match="label_actors"):
        plot_power(ss, actors, label_actors=2.5)
    with pytest.raises(ValueError, match="unknown weight criterion"):
        plot_power(ss, actors, criterion="seats")
    with pytest.raises(ValueError, match="criterion"):
        plot_power(ss, actors.weight("votes"), criterion="votes")
    with pytest.raises(TypeError, match="results"):
        plot_power({"a": 1}, actors)


# ---- plot_policy_axis --------------------------------------------------------------------------
def _brute_median_positions(pos: np.ndarray, w: np.ndarray) -> set[float]:
    """Median actors by the definition: placed positive-weight actors sorted by (position,
    index); actor k is a median if c_before(k) <= W/2 <= c_through(k)."""
    keep = [i for i in range(len(pos)) if np.isfinite(pos[i]) and w[i] > 0]
    keep.sort(key=lambda i: (pos[i], i))
    total = sum(w[i] for i in keep)
    out, before = set(), 0
    for i in keep:
        if 2 * before <= total <= 2 * (before + w[i]):
            out.add(float(pos[i]))
        before += w[i]
    return out


def _median_xs(ax) -> set[float]:
    return {float(line.get_xdata()[0]) for line in _by_gid(ax.lines, "foedus:median")}


def test_policy_axis_bundestag_cabinet() -> None:
    parl = bundestag_2021()
    fig, given_ax = plt.subplots(figsize=(8, 3.6))
    cabinet = ["SPD", "B90/Gru", "FDP"]
    ax = plot_policy_axis(parl, cabinet, dimension="left_right", ax=given_ax)
    assert ax is given_ax
    lr = parl.positions[:, parl.dimension("left_right")]
    seats = parl.weight("seats")
    (members,) = _by_gid(ax.collections, "foedus:members")
    (others,) = _by_gid(ax.collections, "foedus:others")
    in_x = sorted(np.asarray(members.get_offsets())[:, 0])
    assert in_x == sorted(lr[[parl.index(n) for n in cabinet]])
    out_x = sorted(np.asarray(others.get_offsets())[:, 0])
    assert out_x == sorted(lr[[parl.index(n) for n in ("CDU+CSU", "AfD", "PDS|Li")]])
    # marker areas are proportional to seats
    seats_at = {float(x): float(s) for x, s in zip(lr, seats, strict=True)}
    ratios = [size / seats_at[float(x)] for c in (members, others)
              for (x, _), size in zip(c.get_offsets(), c.get_sizes(), strict=True)]
    np.testing.assert_allclose(ratios, ratios[0])
    (span,) = _by_gid(ax.patches, "foedus:range")
    lo, hi = _span_x(span)
    assert (lo, hi) == pytest.approx((2.9308, 5.9233))
    assert _median_xs(ax) == _brute_median_positions(lr, seats) == {5.9233}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "coalition: SPD, B90/Gru, FDP" in legend
    assert "median: FDP" in legend
    assert "not placed on left_right: SSW" in legend
    assert sorted(t.get_text() for t in _labels(ax)) == sorted(set(parl.names) - {"SSW"})
    _assert_labels_apart(ax)
    _png(ax)


@pytest.mark.parametrize("form", ["names", "indices", "mask", "table", "numpy_mask"])
def test_policy_axis_coalition_forms(form: str) -> None:
    parl = bundestag_2021()
    names = ["SPD", "B90/Gru", "FDP"]
    idx = [parl.index(n) for n in names]
    mask = sum(1 << i for i in idx)
    if form == "names":
        coalition = names
    elif form == "indices":
        coalition = tuple(idx)
    elif form == "mask":
        coalition = mask
    elif form == "numpy_mask":
        coalition = np.uint64(mask)
    else:
        table = foedus.enumerate_coalitions(parl, Rule.majority("seats"), minimal=True)
        coalition = table.take([table.find(names)])
    ax = plot_policy_axis(parl, coalition, dimension=0, label_weights=True)
    (members,) = _by_gid(ax.collections, "foedus:members")
    lr = parl.positions[:, 0]
    assert sorted(np.asarray(members.get_offsets())[:, 0]) == sorted(lr[idx])
    assert "SPD (206)" in [t.get_text() for t in _labels(ax)]


def test_policy_axis_without_coalition_and_unplaced_member() -> None:
    parl = bundestag_2021()
    ax = plot_policy_axis(parl, dimension="eu_anti_pro", weight="seats")
    assert not _by_gid(ax.collections, "foedus:members")
    assert not _by_gid(ax.patches, "foedus:range")
    assert len(ax.collections[0].get_offsets()) == 6
    eu = parl.positions[:, parl.dimension("eu_anti_pro")]
    assert _median_xs(ax) == _brute_median_positions(eu, parl.weight("seats"))
    # an unplaced member is not drawn, and said so
    ax = plot_policy_axis(parl, ["SPD", "SSW"])
    (members,) = _by_gid(ax.collections, "foedus:members")
    assert np.asarray(members.get_offsets())[:, 0].tolist() == [parl.positions[0, 0]]
    assert "not placed on left_right: SSW" in [t.get_text() for t in ax.get_legend().get_texts()]
    _png(ax)


@settings(max_examples=25)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 9), min_size=n, max_size=n),
    st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=n, max_size=n),
    st.integers(1, 2**n - 1))))
def test_policy_axis_median_matches_brute_force(data) -> None:
    weights, positions, mask = data
    n = len(weights)
    pos = np.array([np.nan if p is None else float(p) for p in positions])
    w = np.array(weights, dtype=float)
    actors = ActorSet([f"a{i}" for i in range(n)], w, positions=pos)
    placed = np.isfinite(pos)
    if w.sum() == 0:
        return
    ax = plot_policy_axis(actors, mask, label_weights=True)
    assert _median_xs(ax) == _brute_median_positions(pos, w)
    members = _by_gid(ax.collections, "foedus:members")
    want = sorted(pos[i] for i in range(n) if (mask >> i) & 1 and placed[i])
    assert sorted(np.asarray(members[0].get_offsets())[:, 0]) == want
    others = sorted(np.asarray(_by_gid(ax.collections, "foedus:others")[0].get_offsets())[:, 0])
    assert others == sorted(pos[i] for i in range(n) if not (mask >> i) & 1 and placed[i])
    spans = _by_gid(ax.patches, "foedus:range")
    if want:
        assert _span_x(spans[0]) == pytest.approx((want[0], want[-1]))
    else:
        assert not spans
    plt.close(ax.figure)


def test_policy_axis_bad_input() -> None:
    parl = bundestag_2021()
    with pytest.raises(ValueError, match="unknown actor 'Greens'"):
        plot_policy_axis(parl, ["SPD", "Greens"])
    with pytest.raises(ValueError, match="unknown dimension 'economy'"):
        plot_policy_axis(parl, ["SPD"], dimension="economy")
    with pytest.raises(ValueError, match="dimension index 4 is out of range"):
        plot_policy_axis(parl, ["SPD"], dimension=4)
    with pytest.raises(ValueError, match="unknown weight criterion"):
        plot_policy_axis(parl, ["SPD"], weight="votes")
    with pytest.raises(ValueError, match="bit mask"):
        plot_policy_axis(parl, 1 << 7)
    with pytest.raises(ValueError, match="at least one member"):
        plot_policy_axis(parl, [])
    with pytest.raises(TypeError, match="bool"):
        plot_policy_axis(parl, True)
    table = foedus.enumerate_coalitions(parl, Rule.majority("seats"), minimal=True)
    with pytest.raises(ValueError, match="give one row"):
        plot_policy_axis(parl, table)
    with pytest.raises(ValueError, match="other actors"):
        plot_policy_axis(ActorSet(list("ABCDEFG"), positions=np.arange(7.0)), table.take([0]))
    with pytest.raises(ValueError, match="no position dimensions"):
        plot_policy_axis(ActorSet(["A", "B"], [1, 2]), ["A"])
    with pytest.raises(TypeError, match="ActorSet"):
        plot_policy_axis({"SPD": 206}, ["SPD"])
    with pytest.raises(TypeError, match="Axes"):
        plot_policy_axis(parl, ["SPD"], ax="left")
    with pytest.raises(ValueError, match="xlim"):
        plot_policy_axis(parl, ["SPD"], xlim=(10, 0))
    with pytest.raises(ValueError, match="max_marker_area"):
        plot_policy_axis(parl, ["SPD"], max_marker_area=0)


# ---- plot_survival -----------------------------------------------------------------------------
def test_plot_survival_by_group() -> None:
    d = kabl_1990()
    fig, given_ax = plt.subplots()
    ax = plot_survival(d["duration"], given_ax, event=d["ciep12"], by=d["numst2"],
                       labels=["minority", "majority"])
    assert ax is given_ax
    groups = np.unique(d["numst2"])
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == len(ax.lines) == len(groups) == 2
    for line, band, g in zip(ax.lines, bands, groups, strict=True):
        rows = d["numst2"] == g
        km = KaplanMeier().fit(d["duration"][rows], d["ciep12"][rows])
        x, y = line.get_data()
        assert (x[0], y[0]) == (0.0, 1.0)  # from the origin
        np.testing.assert_allclose(x[1:], km.timeline_)
        np.testing.assert_allclose(y[1:], km.survival_function_)
        assert mpl.colors.same_color(band.get_facecolor()[0][:3], line.get_color())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["minority", "majority"]
    assert ax.get_ylabel() == "survival probability"
    _png(ax)


def test_plot_survival_fitted_estimators() -> None:
    d = kabl_1990()
    crisis = d["crisis"] > np.median(d["crisis"])
    fits = {"low crisis": KaplanMeier().fit(d["duration"][~crisis], d["ciep12"][~crisis]),
            "high crisis": KaplanMeier().fit(d["duration"][crisis], d["ciep12"][crisis])}
    ax = plot_survival(fits)
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(fits)
    ax = plot_survival(list(fits.values()), band=False)
    assert not ax.collections and len(ax.lines) == 2
    na = [NelsonAalen().fit(d["duration"]), NelsonAalen().fit(d["duration"] * 2)]
    ax = plot_survival(na, labels=["a", "b"])
    assert ax.get_ylabel() == "cumulative hazard"
    assert ax.lines[0].get_ydata()[0] == 0.0
    ax = plot_survival(d["duration"], event=d["ciep12"], by=d["numst2"].astype(str),
                       estimator="nelson_aalen")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0", "1"]
    _png(ax)


def test_estimator_plot_keeps_its_old_call() -> None:
    km = KaplanMeier().fit([1, 2, 2, 3, 5, 8], event=[1, 1, 0, 1, 1, 0])
    ax = km.plot()
    (line,) = ax.lines
    assert line.get_label() == "survival" and ax.get_ylabel() == "survival"
    assert len(ax.collections) == 1
    fig, given_ax = plt.subplots()
    assert km.plot(given_ax, label="all", color="red", band=False, lw=2) is given_ax
    assert given_ax.lines[0].get_label() == "all" and not given_ax.collections
    assert given_ax.lines[0].get_linewidth() == 2


def test_plot_survival_bad_input() -> None:
    d = kabl_1990()
    t, e = d["duration"], d["ciep12"]
    with pytest.raises(ValueError, match="labels: expected 2 labels"):
        plot_survival(t, event=e, by=d["numst2"], labels=["one"])
    with pytest.raises(ValueError, match="by: expected 314 values"):
        plot_survival(t, event=e, by=d["numst2"][:-1])
    with pytest.raises(ValueError, match="event: expected 314 values"):
        plot_survival(t, event=e[:10])
    with pytest.raises(ValueError, match="different estimates"):
        plot_survival([KaplanMeier().fit(t, e), NelsonAalen().fit(t, e)])
    with pytest.raises(ValueError, match="fit"):
        plot_survival([KaplanMeier()])
    with pytest.raises(ValueError, match="estimator"):
        plot_survival(t, estimator="weibull")
    with pytest.raises(ValueError, match="NaN"):
        plot_survival(t, by=np.where(e > 0, 1.0, np.nan))
    with pytest.raises(TypeError, match="durations"):
        plot_survival("durations")


# ---- plot_alliance_network, the optional dependency --------------------------------------------
def test_plot_alliance_network_is_reexported_and_returns_the_axes() -> None:
    pytest.importorskip("networkx")
    from foedus import alliance_network
    assert plot_alliance_network is foedus.plot_alliance_network
    fig, given_ax = plt.subplots(figsize=(5, 5))
    ax = plot_alliance_network(1949, ax=given_ax)
    assert ax is given_ax
    nodes = [c for c in ax.collections if len(c.get_offsets()) > 1]
    assert len(nodes) == 1
    assert len(nodes[0].get_offsets()) == alliance_network(1949, all_states=False).number_of_nodes()
    _png(ax)


def test_missing_matplotlib_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "matplotlib.pyplot", None)
    parl = bundestag_2021()
    with pytest.raises(ImportError, match=r'pip install "foedus\[plot\]"'):
        plot_policy_axis(parl, ["SPD"])
    with pytest.raises(ImportError, match=r"foedus\[plot\]"):
        plot_survival([1.0, 2.0, 3.0])
