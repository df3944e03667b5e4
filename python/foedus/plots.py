"""Plots of power, policy positions, survival and alliances (extra ``plot``: matplotlib).

Every function draws on one Matplotlib Axes -- a new figure when ``ax`` is None -- and returns
that Axes, so plots compose with the rest of Matplotlib. Nothing is shown or saved here.

- :func:`plot_power`: each actor's power index against its weight share, with the line of
  proportionality; one or several indices on the same Axes.
- :func:`plot_policy_axis`: actors on one policy dimension (marker area proportional to weight),
  a coalition highlighted with its policy range, and the median actor marked.
- :func:`plot_survival`: survival curves (or cumulative hazards) with confidence bands, by group.
- :func:`plot_alliance_network`: the alliance network of a year (from
  :mod:`foedus.alliance_network`, re-exported here).

Labels are placed greedily, crowded points first, so that they overlap neither each other, nor
the markers, nor the legend, with a leader line when they sit away from their point. They are
placed for the Axes' size and limits at the time of the call (set limits through the
functions' arguments, not afterwards), do not take part in the figure's layout, and stay
attached to their points.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._optional import import_matplotlib_pyplot
from .actors import ActorSet
from .alliance_network import plot_alliance_network
from .power import PowerResult
from .results import CoalitionTable
from .survival import _Estimator

__all__ = ["plot_alliance_network", "plot_policy_axis", "plot_power", "plot_survival"]

#: colour-blind safe colours (Okabe and Ito)
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_MARKERS = ("o", "s", "^", "D", "v", "P")
_HIGHLIGHT = "#D55E00"
_OTHER = "#A0A0A0"

#: display names of the power indices
_INDEX_NAMES = {
    "banzhaf": "Banzhaf index",
    "banzhaf_absolute": "absolute Banzhaf index",
    "penrose": "Penrose measure",
    "swings": "Banzhaf swings",
    "shapley_shubik": "Shapley-Shubik index",
    "deegan_packel": "Deegan-Packel index",
    "public_good": "public good index",
    "johnston": "Johnston index",
    "coleman_prevent": "Coleman power to prevent",
    "coleman_initiate": "Coleman power to initiate",
    "owen": "Owen index",
    "banzhaf_owen": "Banzhaf-Owen index",
}
#: indices whose values add up to 1 over the actors (comparable with weight shares as they are)
_SHARES = frozenset({"banzhaf", "shapley_shubik", "deegan_packel", "public_good", "johnston",
                     "owen"})


# ---- helpers ---------------------------------------------------------------------------------
def _axes(ax: Any, figsize: tuple[float, float]) -> Any:
    plt = import_matplotlib_pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    elif not hasattr(ax, "scatter") or not hasattr(ax, "figure"):
        raise TypeError(f"ax: expected a matplotlib Axes, got {type(ax).__name__}")
    return ax


def _renderer(fig: Any) -> Any:
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()


def _marker_circles(ax: Any, xy: np.ndarray, radii_pt: np.ndarray) -> list[tuple[Any, ...]]:
    """Display-space circles ``("circle", cx, cy, r)`` of circular markers (radius in points)."""
    centres = ax.transData.transform(xy)
    scale = ax.figure.dpi / 72.0
    return [("circle", float(cx), float(cy), float(r) * scale)
            for (cx, cy), r in zip(centres, radii_pt, strict=True)]


def _box_hits(box: Any, obstacle: Any) -> bool:
    """Whether a text box overlaps an obstacle: a box, a circle or a leader segment."""
    if isinstance(obstacle, tuple) and obstacle[0] == "circle":
        _, cx, cy, r = obstacle
        dx = max(box.x0 - cx, 0.0, cx - box.x1)
        dy = max(box.y0 - cy, 0.0, cy - box.y1)
        return bool(dx * dx + dy * dy < r * r)
    if isinstance(obstacle, tuple):
        return _segment_box(obstacle[1:], box)
    return bool(box.overlaps(obstacle))


def _segment_box(seg: Sequence[float], box: Any) -> bool:
    """Whether a segment meets a box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        if p == 0.0:
            if q < 0.0:
                return False
            continue
        t = q / p
        if p < 0.0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


def _box_distance(box: Any, points: np.ndarray) -> np.ndarray:
    """Distances from a box to points (0 inside)."""
    dx = np.maximum(np.maximum(box.x0 - points[:, 0], 0.0), points[:, 0] - box.x1)
    dy = np.maximum(np.maximum(box.y0 - points[:, 1], 0.0), points[:, 1] - box.y1)
    return np.hypot(dx, dy)


def _segment_circle(seg: Sequence[float], circle: Sequence[float]) -> bool:
    """Whether a segment passes through a circle ``(cx, cy, r)``."""
    x0, y0, x1, y1 = seg
    cx, cy, r = circle
    dx, dy = x1 - x0, y1 - y0
    t = min(1.0, max(0.0, ((cx - x0) * dx + (cy - y0) * dy) / max(dx * dx + dy * dy, 1e-12)))
    return bool((x0 + t * dx - cx) ** 2 + (y0 + t * dy - cy) ** 2 < r * r)


def _segments_cross(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether two segments properly intersect (orientation test)."""
    def orient(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = orient(b[0], b[1], b[2], b[3], a[0], a[1])
    d2 = orient(b[0], b[1], b[2], b[3], a[2], a[3])
    d3 = orient(a[0], a[1], a[2], a[3], b[0], b[1])
    d4 = orient(a[0], a[1], a[2], a[3], b[2], b[3])
    return d1 * d2 < 0 and d3 * d4 < 0


def _place_labels(ax: Any, xy: np.ndarray, texts: Sequence[str], order: Sequence[int],
                  radii_pt: np.ndarray, candidates: Any, *,
                  markers: Sequence[tuple[np.ndarray, np.ndarray]] = (),
                  avoid: Sequence[Any] = (), drop: bool = False, fontsize: float = 8.0,
                  colours: Sequence[str] | None = None) -> list[Any]:
    """Annotate the points ``order`` (crowded points first, ties in the given order) with
    their ``texts`` at the first candidate offset whose text box stays inside the Axes and
    clear of earlier labels and leaders, of the markers (these points and ``markers``: further
    ``(xy, radii)`` pairs) and of the ``avoid`` artists (a legend, lines).

    ``candidates(r, prefer)`` lists ``(dx, dy, ha, va, leader)`` offsets in points for a
    marker of radius ``r`` points, directions near ``prefer`` (degrees, away from the
    neighbours; None when alone) first; a leader line joins labels placed away from their
    marker. The first candidate that is also unambiguous (no other marker nearly as close to
    the label; a leader crossing no other leader or marker) wins; failing that, the first that
    fits; failing that, the label is left out (``drop``) or drawn at its first candidate.
    """
    from matplotlib.transforms import Bbox
    fig = ax.figure
    fig.draw_without_rendering()  # settle the layout before measuring
    renderer = _renderer(fig)
    frame = ax.get_window_extent(renderer)
    scale = fig.dpi / 72.0
    pad = 1.5 * scale
    taken: list[Any] = list(_marker_circles(ax, xy, radii_pt))
    for other_xy, other_r in markers:
        taken += _marker_circles(ax, other_xy, other_r)
    taken += [a.get_window_extent(renderer) for a in avoid if a is not None]
    centres = ax.transData.transform(xy)
    everyone = np.vstack([centres] + [ax.transData.transform(m[0]) for m in markers])
    edges = scale * np.concatenate([np.asarray(radii_pt, dtype=np.float64)]
                                   + [np.asarray(m[1], dtype=np.float64) for m in markers])
    # crowded points choose first, towards where their neighbours are not: the direction of
    # the summed repulsion of the markers within 60 points
    reach = 60.0 * scale
    crowd = {i: int(np.sum(np.hypot(*(centres[i] - everyone).T) < reach)) for i in order}
    sizes = {}
    for i in order:  # text sizes do not depend on where the text goes
        probe = ax.text(0.0, 0.0, texts[i], fontsize=fontsize)
        extent = probe.get_window_extent(renderer)
        sizes[i] = (extent.width, extent.height)
        probe.remove()
    shift_x = {"left": 0.0, "center": 0.5, "right": 1.0}
    shift_y = {"bottom": 0.0, "center": 0.5, "top": 1.0}
    placed = []
    for i in sorted(order, key=lambda j: -crowd[j]):
        r = float(radii_pt[i])
        width, height = sizes[i]
        away = centres[i] - everyone
        dist = np.hypot(away[:, 0], away[:, 1])
        near = (dist > 1e-6) & (dist < reach)
        push = (away[near] / dist[near, None] ** 2).sum(axis=0) if near.any() else None
        prefer = None if push is None or not np.any(push) else \
            float(np.degrees(np.arctan2(push[1], push[0])))
        best: dict[str, tuple[Any, ...]] = {}
        for dx, dy, ha, va, leader in candidates(r, prefer):
            ax_ = centres[i][0] + dx * scale - shift_x[ha] * width
            ay_ = centres[i][1] + dy * scale - shift_y[va] * height
            box = Bbox.from_bounds(ax_, ay_, width, height).padded(pad)
            seg = None
            if leader:  # from the marker's edge to the centre of the text
                cx, cy = centres[i]
                tx, ty = (box.x0 + box.x1) / 2.0, (box.y0 + box.y1) / 2.0
                length = max(float(np.hypot(tx - cx, ty - cy)), 1e-9)
                start = min(1.0, (r + 1.0) * scale / length)
                seg = (cx + start * (tx - cx), cy + start * (ty - cy), tx, ty)
            fits = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                    and box.y1 <= frame.y1 and not any(_box_hits(box, b) for b in taken)
                    and (seg is None or not any(_segment_box(seg, b) for b in taken
                                                if not isinstance(b, tuple))))
            if seg is None:  # unambiguous: the other markers clearly further away
                gap = np.maximum(_box_distance(box, everyone) - edges, 0.0)
                others = np.delete(gap, i)
                clean = fits and bool(np.all(others >= max(2.0 * gap[i], gap[i] + 6.0 * scale)))
            else:  # the leader crosses neither other leaders nor other markers, and the
                # label keeps away from the other markers
                gap = np.maximum(_box_distance(box, everyone) - edges, 0.0)
                clean = fits and bool(np.all(np.delete(gap, i) >= 3.0 * scale)) and not any(
                    _segments_cross(seg, b[1:]) if b[0] == "segment" else
                    _segment_circle(seg, b[1:]) for b in taken if isinstance(b, tuple))
            entry = (dx, dy, ha, va, leader, box, seg)
            for key, wanted in (("clean", clean), ("fits", fits), ("first", not drop)):
                if wanted and key not in best:
                    best[key] = entry
            if clean:
                break
        choice = next((best[k] for k in ("clean", "fits", "first") if k in best), None)
        if choice is None:
            continue
        dx, dy, ha, va, leader, box, seg = choice
        arrow = {"arrowstyle": "-", "lw": 0.5, "color": "0.45",
                 "shrinkA": 1.0, "shrinkB": r + 0.5} if leader else None
        ann = ax.annotate(texts[i], xy[i], xytext=(dx, dy), textcoords="offset points",
                          ha=ha, va=va, fontsize=fontsize, arrowprops=arrow,
                          color=colours[i] if colours is not None else "0.1",
                          annotation_clip=False)
        ann.set_in_layout(False)
        placed.append(ann)
        taken.append(box)
        if seg is not None:
            taken.append(("segment", *seg))
    return placed


def _ring_candidates(r: float,
                     prefer: float | None = None) -> list[tuple[float, float, str, str, bool]]:
    """Offsets around a point, nearest first: rings of 16 directions, in each ring right and
    left first, or the directions nearest to ``prefer`` (degrees) first."""
    out: list[tuple[float, float, str, str, bool]] = []
    angles = [0, 180, 90, 270, 45, 135, 315, 225, 22.5, 157.5, 337.5, 202.5, 67.5, 112.5,
              292.5, 247.5]
    if prefer is not None:
        angles.sort(key=lambda a: abs((a - prefer + 180.0) % 360.0 - 180.0))
    for k, dist in enumerate((r + 2.0, r + 9.0, r + 17.0, r + 27.0, r + 40.0, r + 55.0,
                              r + 72.0, r + 92.0, r + 115.0)):
        for a in angles:
            c, s = np.cos(np.radians(a)), np.sin(np.radians(a))
            ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
            va = "bottom" if s > 0.3 else "top" if s < -0.3 else "center"
            out.append((dist * float(c), dist * float(s), ha, va, k > 0))
    return out


def _lane_candidates(r: float,
                     prefer: float | None = None) -> list[tuple[float, float, str, str, bool]]:
    """Offsets above and below a point on a horizontal axis, lane by lane: centred, then
    beside the point, then further out with a leader line."""
    out: list[tuple[float, float, str, str, bool]] = []
    for k in range(8):
        up = r + 3.0 + 12.0 * k
        out += [(0.0, up, "center", "bottom", k > 0), (0.0, -up, "center", "top", k > 0)]
        side = 0.35 * r if k == 0 else 8.0
        for dx, ha in ((side, "left"), (-side, "right")):
            out += [(dx, up, ha, "bottom", k > 0), (dx, -up, ha, "top", k > 0)]
    return out


# ---- power -----------------------------------------------------------------------------------
def _power_results(results: Any) -> list[tuple[str, PowerResult]]:
    if isinstance(results, PowerResult):
        items = [(None, results)]
    elif isinstance(results, Mapping):
        items = list(results.items())
    elif isinstance(results, Sequence) and not isinstance(results, str):
        items = [(None, r) for r in results]
    else:
        raise TypeError("results: expected a PowerResult, a sequence of them or a dict "
                        f"label -> PowerResult, got {type(results).__name__}")
    if not items:
        raise ValueError("results: no PowerResult given")
    out = []
    for label, r in items:
        if not isinstance(r, PowerResult):
            raise TypeError(f"results: expected PowerResult objects, got {type(r).__name__}")
        out.append((str(label) if label is not None else _INDEX_NAMES.get(r.index, r.index), r))
    names = out[0][1].names
    for _, r in out[1:]:
        if r.names != names:
            raise ValueError("results: every PowerResult must be over the same actors, in the "
                             "same order")
    return out


def _weight_shares(weights: Any, names: tuple[str, ...],
                   criterion: str | int | None) -> tuple[np.ndarray, str]:
    if isinstance(weights, ActorSet):
        if weights.names != names:
            raise ValueError("weights: the ActorSet's actors differ from the result's (names "
                             "and order must match)")
        c = weights.criterion(criterion)
        w = np.asarray(weights.weight(c), dtype=np.float64)
        what = f"share of {weights.weight_names[c]}"
    else:
        if criterion is not None:
            raise ValueError("criterion: only meaningful when weights is an ActorSet")
        try:
            w = np.asarray(weights, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError("weights: expected an ActorSet or one number per actor") from None
        if w.ndim != 1 or w.shape[0] != len(names):
            raise ValueError(f"weights: expected {len(names)} values (one per actor), got shape "
                             f"{w.shape}")
        what = "weight share"
    if not np.all(np.isfinite(w)) or (w < 0).any():
        raise ValueError("weights: must be finite and non-negative")
    total = float(np.sum(w))
    if total <= 0:
        raise ValueError("weights: the total weight is zero")
    return w / total, what


def _label_choice(label_actors: Any, names: Sequence[str], w: np.ndarray) -> list[int]:
    """Indices of the actors to label, the heaviest first."""
    from ._validation import resolve_indices
    by_weight = [int(i) for i in np.argsort(-w, kind="stable")]
    if isinstance(label_actors, (bool, np.bool_)):
        return by_weight if label_actors else []
    if isinstance(label_actors, numbers.Integral):
        k = int(label_actors)
        if k < 0:
            raise ValueError(f"label_actors: expected True, False, a count >= 0 or actor names, "
                             f"got {k}")
        return by_weight[:k]
    if isinstance(label_actors, str) or (isinstance(label_actors, Sequence)
                                         and all(isinstance(x, str) for x in label_actors)):
        chosen = set(resolve_indices(label_actors, names, "actor", "label_actors"))
        return [i for i in by_weight if i in chosen]
    raise TypeError("label_actors: expected True, False, the number of (heaviest) actors to "
                    f"label or their names, got {type(label_actors).__name__}")


def plot_power(results: PowerResult | Sequence[PowerResult] | Mapping[str, PowerResult],
               weights: ActorSet | Any, ax: Any = None, *, criterion: str | int | None = None,
               label_actors: bool | int | Sequence[str] = True,
               normalise: bool | None = None,
               log: bool = False, title: str | None = None) -> Any:
    """Each actor's power against its share of the weight, with the line of proportionality.

    Points above the 45-degree line hold more power than weight, points below less.

    Parameters
    ----------
    results : PowerResult, sequence of PowerResult, or dict of str to PowerResult
        One index, or several over the same actors (e.g. Shapley-Shubik and Banzhaf), drawn
        with different markers; dict keys are the legend labels (default: the index names).
    weights : ActorSet or array-like of shape (n,)
        The actors the results were computed for (their weights of ``criterion``), or one
        weight per actor; shares are weights over their total.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure shaped to the data, 6.4 inches wide).
    criterion : str or int, optional
        The weight criterion of ``weights`` (an ActorSet), default the first one.
    label_actors : bool, int or sequence of str
        True labels every actor, False none, an integer the ``k`` heaviest, names those
        actors. A label that finds no free place (clear of the other labels, markers and the
        legend) is left out; ``log=True`` spreads crowded small actors.
    normalise : bool, optional
        Divide the values by their sum, so that they are shares comparable with weight shares.
        Default: only for indices that are not shares already (absolute Banzhaf, Penrose,
        swings, Coleman, Banzhaf-Owen).
    log : bool
        Logarithmic axes (both), for weights spanning orders of magnitude.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; one scatter collection per result, the diagonal, the labels.

    Raises
    ------
    ValueError
        When the results are over different actors, the weights do not match them, or
        ``label_actors`` is negative.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import foedus
    >>> from foedus.plots import plot_power
    >>> from foedus.datasets import eu_council_nice_2007
    >>> nice = eu_council_nice_2007()
    >>> rule = foedus.Rule.quota(255, "votes")
    >>> ss = foedus.power_indices(nice, rule, index="shapley_shubik")
    >>> bz = foedus.power_indices(nice, rule, index="banzhaf")
    >>> ax = plot_power([ss, bz], nice, label_actors=6)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('share of votes', 'power (share of the total)')
    >>> [len(c.get_offsets()) for c in ax.collections]
    [27, 27]
    >>> plt.close(ax.figure)
    """
    items = _power_results(results)
    names = items[0][1].names
    x, xlabel = _weight_shares(weights, names, criterion)
    chosen = _label_choice(label_actors, names, x)
    if normalise is not None and not isinstance(normalise, (bool, np.bool_)):
        raise TypeError(f"normalise: expected True, False or None, got {normalise!r}")
    if not isinstance(log, (bool, np.bool_)):
        raise TypeError(f"log: expected True or False, got {log!r}")
    ys = []
    scaled_flags = []
    for label, r in items:
        y = np.asarray(r.values, dtype=np.float64)
        se = None if r.standard_error is None else np.asarray(r.standard_error, np.float64)
        scale = normalise if normalise is not None else r.index not in _SHARES
        if scale:
            total = float(np.sum(y))
            if not np.isfinite(total) or total <= 0:
                raise ValueError(f"results: the {r.index} values do not have a positive sum "
                                 "to normalise by")
            y = y / total
            se = None if se is None else se / total
        scaled_flags.append(bool(scale))
        ys.append((label, y, se))
    ally = np.concatenate([y for _, y, _ in ys])
    if log:
        if not (x > 0).any() or not (ally > 0).any():
            raise ValueError("log: no positive values to draw on logarithmic axes")
        xlim = (float(x[x > 0].min()) / 1.5, float(x.max()) * 1.5)
        ylim = (float(ally[ally > 0].min()) / 1.5, float(ally.max()) * 1.5)
    else:
        xlim = (0.0, float(x.max()) * 1.1 or 1.0)
        ylim = (0.0, float(ally.max()) * 1.1 or 1.0)
    if log:
        ratio = float(np.log(ylim[1] / ylim[0]) / np.log(xlim[1] / xlim[0]))
    else:
        ratio = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    # a new figure fits the (equal-aspect) Axes: 5.4 inches wide, as tall as the data need
    ax = _axes(ax, (6.4, float(np.clip(5.4 * ratio + 1.0, 3.2, 6.4))))
    ends = [min(xlim[0], ylim[0]), max(xlim[1], ylim[1])]
    ax.plot(ends, ends, color="0.55", lw=1.0, ls="--", zorder=1,
            label="proportional to weight", gid="foedus:diagonal")
    size = 36.0
    for k, (label, y, se) in enumerate(ys):
        colour = _COLOURS[k % len(_COLOURS)]
        if se is not None:
            ax.errorbar(x, y, yerr=1.96 * se, fmt="none", ecolor=colour, elinewidth=0.8,
                        alpha=0.7, zorder=2)
        ax.scatter(x, y, s=size, marker=_MARKERS[k % len(_MARKERS)], color=colour,
                   edgecolor="white", linewidth=0.5, alpha=0.9, zorder=3, label=label,
                   gid=f"foedus:power:{k}")
    y_shares = all(scaled or r.index in _SHARES
                   for (_, r), scaled in zip(items, scaled_flags, strict=True))
    _share_axes(ax, log, y_shares=y_shares)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(xlabel)
    if len(ys) == 1:
        ylabel = ys[0][0] + (" (share of the total)" if scaled_flags[0] else "")
    else:
        ylabel = "power (share of the total)" if y_shares else "power"
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    ax.grid(True, which="major", color="0.92", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    legend = ax.legend(loc="upper left", fontsize=8, frameon=True, framealpha=0.9)
    if chosen:
        radius = np.full(len(names), np.sqrt(size) / 2.0)
        first, *rest = [np.column_stack([x, y]) for _, y, _ in ys]
        _place_labels(ax, first, names, chosen, radius, _ring_candidates,
                      markers=[(pts, radius) for pts in rest], avoid=[legend], drop=True,
                      fontsize=7.5)
    return ax


def _share_axes(ax: Any, log: bool, *, y_shares: bool) -> None:
    """Shares as percentages; decades with 2 and 5 between them on logarithmic axes."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    percent = FuncFormatter(lambda v, _: f"{100 * v:.3g}%")
    axes = [ax.xaxis, ax.yaxis] if y_shares else [ax.xaxis]
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    for axis in axes:
        if log:
            axis.set_major_locator(LogLocator(base=10.0, subs=(1.0, 2.0, 5.0)))
            axis.set_minor_formatter(NullFormatter())
        axis.set_major_formatter(percent)


# ---- policy axis -----------------------------------------------------------------------------
def _coalition_mask(actors: ActorSet, coalition: Any) -> int:
    """A coalition given as names / indices, an int bit mask or a one-row CoalitionTable."""
    if coalition is None:
        return 0
    if isinstance(coalition, CoalitionTable):
        if coalition.actors.names != actors.names:
            raise ValueError("coalition: the CoalitionTable is over other actors")
        if len(coalition) != 1:
            raise ValueError(f"coalition: the CoalitionTable has {len(coalition)} rows; give one "
                             "row (table.take([row])) or table.members(row)")
        mask = coalition.mask_int(0)
    elif isinstance(coalition, (bool, np.bool_)):
        raise TypeError("coalition: expected member names or indices, a bit mask or a one-row "
                        "CoalitionTable, got a bool")
    elif isinstance(coalition, numbers.Integral):
        mask = int(coalition)
        if mask <= 0 or mask >> actors.n:
            raise ValueError(f"coalition: the bit mask {mask:#x} is empty or names actors beyond "
                             f"the {actors.n} given")
    elif isinstance(coalition, str) or hasattr(coalition, "__iter__"):
        mask = actors.mask(coalition if isinstance(coalition, str) else list(coalition))
        if mask == 0:
            raise ValueError("coalition: needs at least one member")
    else:
        raise TypeError("coalition: expected member names or indices, a bit mask or a one-row "
                        f"CoalitionTable, got {type(coalition).__name__}")
    return mask


def _median_actors(actors: ActorSet, dim: int, criterion: int) -> list[int]:
    """The median actor(s) of a dimension, as foedus's kernel defines them (ARCHITECTURE)."""
    from .coalitions import describe_coalitions
    from .rules import Rule
    wname = actors.weight_names[criterion]
    if actors.total(criterion) <= 0:
        return []
    table = describe_coalitions(actors, Rule.majority(wname), [1 << i for i in range(actors.n)],
                                weight=wname, n_threads=1)
    return [int(i) for i in np.flatnonzero(table[f"includes_median_{actors.dimensions[dim]}"])]


def _join(names: Sequence[str], limit: int = 5) -> str:
    return ", ".join(names) if len(names) <= limit else \
        ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def plot_policy_axis(actors: ActorSet, coalition: Any = None, *, dimension: str | int = 0,
                     weight: str | int | None = None, ax: Any = None,
                     coalition_label: str = "coalition", label_weights: bool = False,
                     max_marker_area: float = 1400.0, xlim: tuple[float, float] | None = None,
                     title: str | None = None) -> Any:
    """Actors on one policy dimension, a coalition highlighted, the median actor marked.

    Each actor is a circle at its position (area proportional to its weight) with its name;
    the coalition's members are coloured, the range of their positions shaded, and a line
    marks the median actor of the whole set (weighted by ``weight``; two lines when the
    weights split exactly in half, see the definition in ``ARCHITECTURE.md``). Actors without
    a position on the dimension are left out and named in the legend.

    Parameters
    ----------
    actors : ActorSet
    coalition : optional
        Member names or indices (a list), one name, a bit mask (a Python int, bit ``i`` =
        actor ``i``), or a one-row :class:`~foedus.CoalitionTable` (``table.take([row])``).
    dimension : str or int
        The position dimension, by name or index (default the first).
    weight : str or int, optional
        The weight criterion for marker areas and the median (default the first).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new 8 x 3.6 inch figure).
    coalition_label : str
        The coalition's name in the legend (its members are listed after it).
    label_weights : bool
        Add each actor's weight to its name (``"SPD (206)"``).
    max_marker_area : float
        Marker area of the heaviest actor, in points squared.
    xlim : (float, float), optional
        Limits of the axis (e.g. ``(0, 10)`` for a 0-10 scale); default: the positions with a
        margin. Set them here rather than afterwards: the labels are placed for these limits.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Members and other actors are two scatter collections (gids ``"foedus:members"`` and
        ``"foedus:others"``), the range a span (``"foedus:range"``), the median a vertical line
        per median actor (``"foedus:median"``).

    Raises
    ------
    ValueError
        For an unknown actor in ``coalition``, an unknown ``dimension`` or ``weight``, or
        actors without positions.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from foedus.plots import plot_policy_axis
    >>> from foedus.datasets import bundestag_2021
    >>> parl = bundestag_2021()
    >>> ax = plot_policy_axis(parl, ["SPD", "B90/Gru", "FDP"], dimension="left_right")
    >>> median = next(l for l in ax.lines if l.get_gid() == "foedus:median")
    >>> round(float(median.get_xdata()[0]), 4)        # the FDP
    5.9233
    >>> ax.get_legend().get_texts()[-1].get_text()
    'not placed on left_right: SSW'
    >>> plt.close(ax.figure)
    """
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected a foedus.ActorSet, got {type(actors).__name__}")
    if not actors.dimensions:
        raise ValueError("actors: no position dimensions to draw")
    dim = actors.dimension(dimension)
    crit = actors.criterion(weight)
    mask = _coalition_mask(actors, coalition)
    dim_name = actors.dimensions[dim]
    if isinstance(max_marker_area, (bool, np.bool_)) or not (
            isinstance(max_marker_area, numbers.Real) and max_marker_area > 0):
        raise ValueError(f"max_marker_area: expected a positive number, got {max_marker_area!r}")
    if xlim is not None:
        try:
            low, high = (float(v) for v in xlim)
        except (TypeError, ValueError):
            raise ValueError(f"xlim: expected (low, high), got {xlim!r}") from None
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise ValueError(f"xlim: expected finite (low, high) with low < high, got {xlim!r}")
    pos = np.asarray(actors.positions[:, dim], dtype=np.float64)
    w = np.asarray(actors.weight(crit), dtype=np.float64)
    placed = np.isfinite(pos)
    member = np.array([(mask >> i) & 1 == 1 for i in range(actors.n)])
    unplaced = [actors.names[i] for i in np.flatnonzero(~placed)]
    ax = _axes(ax, (8.0, 3.6))
    wmax = float(w[placed].max()) if placed.any() else 0.0
    area = np.where(w > 0, max_marker_area * w / wmax, 0.0) if wmax > 0 else np.zeros_like(w)
    area = np.maximum(area, 12.0)
    radius = np.sqrt(area) / 2.0
    mem_names = [actors.names[i] for i in np.flatnonzero(member)]
    handles_extra = []
    # coalition range
    span = np.flatnonzero(member & placed)
    if span.size:
        lo, hi = float(pos[span].min()), float(pos[span].max())
        ax.axvspan(lo, hi, color=_HIGHLIGHT, alpha=0.12, lw=0, zorder=0,
                   label=f"{coalition_label} range {lo:.2f} to {hi:.2f}", gid="foedus:range")
    # the median actor(s)
    medians = [i for i in _median_actors(actors, dim, crit) if placed[i]]
    median_lines = []
    for k, i in enumerate(medians):
        label = "median: " + " / ".join(actors.names[j] for j in medians) if k == 0 else None
        median_lines.append(ax.axvline(pos[i], color="0.15", lw=1.2, ls=(0, (4, 2)), zorder=1,
                                       gid="foedus:median", label=label))
    ax.axhline(0.0, color="0.6", lw=0.8, zorder=1)
    others = np.flatnonzero(~member & placed)
    ins = np.flatnonzero(member & placed)
    ax.scatter(pos[others], np.zeros(others.size), s=area[others], color=_OTHER,
               edgecolor="0.35", linewidth=0.6, alpha=0.75, zorder=2, gid="foedus:others",
               label="other actors" if mask else "actors")
    if mask:
        ax.scatter(pos[ins], np.zeros(ins.size), s=area[ins], color=_HIGHLIGHT,
                   edgecolor="0.2", linewidth=0.6, alpha=0.85, zorder=3, gid="foedus:members",
                   label=f"{coalition_label}: {_join(mem_names)}")
    if unplaced:
        from matplotlib.lines import Line2D
        handles_extra.append(Line2D([], [], ls="none", marker="none",
                                    label=f"not placed on {dim_name}: {_join(unplaced)}"))
    # limits
    if xlim is not None:
        ax.set_xlim(float(xlim[0]), float(xlim[1]))
    elif placed.any():
        x0, x1 = float(pos[placed].min()), float(pos[placed].max())
        pad = 0.12 * (x1 - x0) if x1 > x0 else 1.0
        ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(-1.0, 1.5)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(dim_name)
    if title is not None:
        ax.set_title(title)
    rank = {"foedus:members": 0, "foedus:range": 1, "foedus:median": 2, "foedus:others": 3}
    handles = sorted((h for h in ax.get_legend_handles_labels()[0]),
                     key=lambda h: rank.get(h.get_gid(), 4)) + handles_extra
    labels = [h.get_label() for h in handles]
    legend = ax.legend(handles, labels, loc="upper center", ncol=min(3, len(handles)),
                       fontsize=8, frameon=True, framealpha=0.9, edgecolor="none",
                       markerscale=0.4, borderaxespad=0.3)
    idx = np.flatnonzero(placed)  # the placed actors only, in local indices
    if idx.size:
        digits = _decimals(w)
        texts = [f"{actors.names[i]} ({w[i]:.{digits}f})" if label_weights else actors.names[i]
                 for i in idx]
        colours = ["#8a2c00" if member[i] else "0.15" for i in idx]
        order = [int(k) for k in np.argsort(-w[idx], kind="stable")]
        _place_labels(ax, np.column_stack([pos[idx], np.zeros(idx.size)]), texts, order,
                      radius[idx], _lane_candidates, avoid=[legend, *median_lines],
                      fontsize=8.5, colours=colours)
    return ax


def _decimals(w: np.ndarray) -> int:
    """Decimals that show these weights exactly (up to 3)."""
    for d in range(4):
        if np.allclose(w, np.round(w, d), rtol=0.0, atol=1e-9):
            return d
    return 3


# ---- survival ----------------------------------------------------------------------------------
def _fits(data: Any, event: Any, by: Any, entry: Any, estimator: str,
          alpha: float) -> list[tuple[str | None, _Estimator]]:
    if isinstance(data, _Estimator):
        return [(None, data)]
    if isinstance(data, Mapping):
        items = [(str(k), v) for k, v in data.items()]
        if not items:
            raise ValueError("data: no fitted estimator given")
        for _, v in items:
            if not isinstance(v, _Estimator):
                raise TypeError("data: expected fitted KaplanMeier / NelsonAalen / "
                                f"AalenJohansen estimators, got {type(v).__name__}")
        return items  # type: ignore[return-value]
    if isinstance(data, Sequence) and data and all(isinstance(v, _Estimator) for v in data):
        return [(None, v) for v in data]
    # durations
    from .survival import KaplanMeier, NelsonAalen
    kinds: dict[str, Any] = {"kaplan_meier": KaplanMeier, "nelson_aalen": NelsonAalen}
    if estimator not in kinds:
        raise ValueError(f"estimator: expected one of {sorted(kinds)}, got {estimator!r}")
    t = np.asarray(data)
    if t.ndim != 1 or t.size == 0 or t.dtype.kind not in "biuf":
        raise TypeError("data: expected fitted estimators (one, a list, a dict label -> "
                        "estimator) or a 1-D array of durations")
    n = t.shape[0]

    def column(values: Any, name: str) -> np.ndarray | None:
        if values is None:
            return None
        arr = np.asarray(values)
        if arr.shape != (n,):
            raise ValueError(f"{name}: expected {n} values (one per duration), got shape "
                             f"{arr.shape}")
        return arr

    ev, en, groups = column(event, "event"), column(entry, "entry"), column(by, "by")
    if groups is None:
        return [(None, kinds[estimator](alpha=alpha).fit(t, ev, entry=en))]
    if groups.dtype.kind == "f" and not np.all(np.isfinite(groups)):
        raise ValueError("by: missing (NaN) group values")
    if groups.dtype == object and any(g is None for g in groups):
        raise ValueError("by: missing (None) group values")
    out: list[tuple[str | None, _Estimator]] = []
    for g in np.unique(groups):
        rows = groups == g
        out.append((str(g.item() if hasattr(g, "item") else g), kinds[estimator](alpha=alpha).fit(
            t[rows], None if ev is None else ev[rows], entry=None if en is None else en[rows])))
    return out


_YLABELS = {"survival": "survival probability", "cumulative_hazard": "cumulative hazard",
            "cumulative_incidence": "cumulative incidence"}


def plot_survival(data: Any, ax: Any = None, *, event: Any = None, by: Any = None,
                  entry: Any = None, labels: Sequence[str] | None = None,
                  estimator: str = "kaplan_meier", alpha: float = 0.05, band: bool = True,
                  title: str | None = None) -> Any:
    """Several survival curves (or cumulative hazards) with confidence bands on one Axes.

    Parameters
    ----------
    data : fitted estimator, list or dict of them, or array-like of durations
        Fitted :class:`~foedus.KaplanMeier`, :class:`~foedus.NelsonAalen` or
        :class:`~foedus.AalenJohansen` estimators (one, a list, or a dict label -> estimator),
        or durations, fitted here by group (``by``).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new 7 x 4.5 inch figure).
    event, entry : array-like, optional
        With durations: event indicators (1 = ended, 0 = censored) and delayed entry times.
    by : array-like, optional
        With durations: one group value per duration; one curve per distinct value, in sorted
        order.
    labels : sequence of str, optional
        Legend labels, one per curve (default: dict keys or group values).
    estimator : {"kaplan_meier", "nelson_aalen"}
        With durations: the estimate drawn.
    alpha : float
        With durations: 1 - confidence level of the bands.
    band : bool
        Draw the confidence bands.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        One step line and (with ``band``) one band per curve.

    Raises
    ------
    ValueError
        For mismatched lengths, wrong numbers of labels, or estimates of different kinds.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from foedus.plots import plot_survival
    >>> from foedus.datasets import kabl_1990
    >>> d = kabl_1990()
    >>> ax = plot_survival(d["duration"], event=d["ciep12"], by=d["numst2"],
    ...                    labels=["minority", "majority"])
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['minority', 'majority']
    >>> len(ax.collections)                             # two confidence bands
    2
    >>> plt.close(ax.figure)
    """
    if not isinstance(band, (bool, np.bool_)):
        raise TypeError(f"band: expected True or False, got {band!r}")
    fits = _fits(data, event, by, entry, estimator, alpha)
    if labels is not None:
        if isinstance(labels, str) or len(labels) != len(fits):
            raise ValueError(f"labels: expected {len(fits)} labels (one per curve), got "
                             f"{1 if isinstance(labels, str) else len(labels)}")
        fits = [(str(lab), f) for lab, (_, f) in zip(labels, fits, strict=True)]
    kinds = set()
    for _, f in fits:
        f._check()
        kinds.add(next(iter(f._columns())))  # type: ignore[attr-defined]
    if len(kinds) > 1:
        raise ValueError(f"data: cannot draw different estimates together: {sorted(kinds)}")
    kind = kinds.pop()
    ax = _axes(ax, (7.0, 4.5))
    colours = [c["color"] for c in import_matplotlib_pyplot().rcParams["axes.prop_cycle"]] \
        if len(fits) > len(_COLOURS) else list(_COLOURS)
    for k, (label, f) in enumerate(fits):
        f.plot(ax, label=label if label is not None else (kind if len(fits) == 1 else
                                                          f"group {k}"),
               color=colours[k % len(colours)], band=band)
    ax.set_ylabel(_YLABELS.get(kind, kind))
    if kind == "survival":
        ax.set_ylim(0.0, 1.02)
    else:
        ax.set_ylim(bottom=0.0)
    ax.set_xlim(left=0.0)
    if len(fits) > 1 or labels is not None or any(lab is not None for lab, _ in fits):
        ax.legend(fontsize=8, frameon=False)
    if title is not None:
        ax.set_title(title)
    return ax
