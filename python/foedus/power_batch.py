"""Power indices of many weighted voting games at once, one game per task in parallel."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from ._optional import import_pandas
from ._validation import check_n_threads
from .rules import exact_number

__all__ = ["PowerBatch", "power_indices_batch"]

_BATCH_INDICES = ("banzhaf", "banzhaf_absolute", "penrose", "shapley_shubik")
#: largest table (quota after the gcd reduction, times players for Shapley-Shubik) of one game
MAX_BATCH_CELLS = 20_000_000


@dataclass(frozen=True, eq=False)
class PowerBatch:
    """One power index for each of many games.

    Attributes
    ----------
    index : str
    values : numpy.ndarray
        Shape ``(games, max players)``; row ``g`` holds game ``g``'s values in its players'
        order, padded with NaN.
    sizes : numpy.ndarray
        Players per game.
    counts : numpy.ndarray
        Exact Banzhaf swing counts (uint64, padded with 0) for games counted exactly.
    exact_counts : numpy.ndarray
        Whether ``counts`` holds game ``g``'s exact swing counts (Banzhaf indices of games with
        at most 64 players; larger games use the floating dynamic programme). Shapley-Shubik
        values are derived from exact counts by size but keep no counts (False).
    """

    index: str
    values: np.ndarray
    sizes: np.ndarray
    counts: np.ndarray
    exact_counts: np.ndarray

    @property
    def method(self) -> str:
        """How the values were computed."""
        return "dynamic programming over weights, one game per task"

    @property
    def reference(self) -> str:
        """The literature of the index and of the algorithm."""
        from .references import power_reference

        return power_reference(self.index, "dp")

    def __post_init__(self) -> None:
        for a in (self.values, self.sizes, self.counts, self.exact_counts):
            a.setflags(write=False)

    def __len__(self) -> int:
        return len(self.sizes)

    def __getitem__(self, game: int) -> np.ndarray:
        """Values of one game (length: its number of players)."""
        return self.values[game, : int(self.sizes[game])]

    def to_frame(self) -> Any:
        """Long format: one row per (game, player) with the value."""
        pd = import_pandas()
        game = np.repeat(np.arange(len(self)), self.sizes)
        player = np.concatenate([np.arange(k) for k in self.sizes]) if len(self) else []
        mask = ~np.isnan(self.values)
        return pd.DataFrame({"game": game, "player": player, self.index: self.values[mask]})

    def __repr__(self) -> str:
        lo, hi = (int(self.sizes.min()), int(self.sizes.max())) if len(self) else (0, 0)
        return f"PowerBatch(index={self.index!r}, games={len(self)}, players {lo}..{hi})"


def _games(weights: Any) -> list[np.ndarray]:
    """Weight vectors from a list of arrays, a masked 2-D array or a plain 2-D array."""
    if isinstance(weights, np.ma.MaskedArray):
        if weights.ndim != 2:
            raise ValueError("weights: a masked array of games must be 2-D (games x players)")
        mask = np.ma.getmaskarray(weights)
        data = np.ma.getdata(weights)
        return [np.asarray(data[g][~mask[g]]) for g in range(data.shape[0])]
    if isinstance(weights, np.ndarray):
        if weights.ndim != 2:
            raise ValueError("weights: expected a 2-D array (games x players), a masked 2-D "
                             "array, or a list of 1-D arrays")
        return [np.asarray(row) for row in weights]
    if isinstance(weights, (list, tuple)):
        out = []
        for g, w in enumerate(weights):
            try:
                out.append(np.asarray(w))
            except (TypeError, ValueError):  # ragged
                raise TypeError(f"weights[{g}]: expected a 1-D array of numbers") from None
        return out
    raise TypeError("weights: expected a list of 1-D arrays or a (masked) 2-D array, got "
                    f"{type(weights).__name__}")


def _flatten(weights: Any) -> tuple[np.ndarray, np.ndarray]:
    """All games' weights in one int64 array, and the number of players per game."""
    if isinstance(weights, np.ndarray) and not isinstance(weights, np.ma.MaskedArray) \
            and weights.ndim == 2 and weights.dtype.kind in "iuf":
        # a dense 2-D array: validated at once, errors name the first bad game
        if weights.shape[1] == 0:
            raise ValueError("weights: every game needs at least one player")
        w = weights
        if w.dtype.kind == "f":
            bad = ~np.isfinite(w) | (w != np.round(w)) | (w < 0)
        else:
            bad = w < 0
        if bad.any():
            g = int(np.argmax(bad.any(axis=1)))
            _integer_weights(w[g], g)  # raises the message for that game
        big = w >= 2**62
        if big.any():
            g = int(np.argmax(big.any(axis=1)))
            raise ValueError(f"weights[{g}]: weights of 2^62 or more are beyond exact 64-bit "
                             "sums; rescale them")
        ints = w.astype(np.int64)
        near = np.flatnonzero(w.sum(axis=1, dtype=np.float64) >= 2.0**61)  # then exactly:
        for g in near.tolist():
            if sum(int(x) for x in ints[g]) >= 2**62:
                raise ValueError(f"weights[{g}]: the weights sum to 2^62 or more; rescale them")
        return ints.reshape(-1), np.full(w.shape[0], w.shape[1], dtype=np.int64)
    games = [_integer_weights(w, g) for g, w in enumerate(_games(weights))]
    sizes = np.array([len(w) for w in games], dtype=np.int64)
    flat = np.concatenate(games) if games else np.zeros(0, dtype=np.int64)
    return flat, sizes


def _quotas(quotas: Any, m: int) -> np.ndarray:
    """One integer quota per game (fractional quotas rounded up, exactly)."""
    try:
        arr = np.asarray(quotas)
    except (TypeError, ValueError):  # ragged
        raise TypeError("quotas: expected one number per game") from None
    if arr.ndim == 1 and arr.dtype.kind in "iu":
        if arr.size != m:
            raise ValueError(f"quotas: expected one quota per game ({m}), got {arr.size}")
        if arr.dtype == np.uint64 and (arr >= np.uint64(2**62)).any():
            g = int(np.argmax(arr >= np.uint64(2**62)))
            raise ValueError(f"quotas[{g}]: {int(arr[g])} exceeds any game's total weight "
                             "(weights sum to less than 2^62)")
        return arr.astype(np.int64)
    q_in = list(quotas) if isinstance(quotas, (list, tuple)) else list(arr.ravel())
    if len(q_in) != m:
        raise ValueError(f"quotas: expected one quota per game ({m}), got {len(q_in)}")
    out = np.empty(m, dtype=np.int64)
    for g, q in enumerate(q_in):
        exact_q = exact_number(q, f"quotas[{g}]")
        value = -((-exact_q.numerator) // exact_q.denominator)
        if not -(2**62) < value < 2**62:
            raise ValueError(f"quotas[{g}]: {q!r} is outside [1, the game's total weight] "
                             "(weights sum to less than 2^62)")
        out[g] = value
    return out


def _integer_weights(w: np.ndarray, g: int) -> np.ndarray:
    if w.ndim != 1 or w.size == 0:
        raise ValueError(f"weights[{g}]: expected a non-empty 1-D array of weights")
    if w.dtype.kind in "iu":
        if w.dtype == np.uint64 and (w >= np.uint64(2**62)).any():
            raise ValueError(f"weights[{g}]: weights of 2^62 or more are beyond exact 64-bit "
                             "sums; rescale them")
        ints = w.astype(np.int64)
    elif w.dtype.kind == "f":
        if not np.all(np.isfinite(w)):
            raise ValueError(f"weights[{g}]: weights must be finite (found NaN or inf)")
        if (w < 0).any():
            raise ValueError(f"weights[{g}]: weights must be non-negative")
        if (w >= 2.0**62).any():
            raise ValueError(f"weights[{g}]: weights of 2^62 or more are beyond exact 64-bit "
                             "sums; rescale them")
        if not np.all(w == np.round(w)):
            raise ValueError(f"weights[{g}]: the batch API needs integer weights; scale them "
                             "(e.g. population in thousands) or use power_indices per game")
        ints = w.astype(np.int64)
    else:
        raise TypeError(f"weights[{g}]: expected numbers, got dtype {w.dtype}")
    if (ints < 0).any() or (w < 0).any():
        raise ValueError(f"weights[{g}]: weights must be non-negative")
    if (w >= 2**62).any() or (float(np.sum(w, dtype=np.float64)) >= 2.0**61
                              and sum(int(x) for x in ints) >= 2**62):
        raise ValueError(f"weights[{g}]: weights summing to 2^62 or more are beyond exact 64-bit "
                         "sums; rescale them")
    return ints


def power_indices_batch(weights: Any, quotas: Any, *, index: str = "banzhaf",
                        n_threads: int | None = None) -> PowerBatch:
    """Power indices of many weighted quota games ``W(S) >= q``, one game per task.

    Parameters
    ----------
    weights : list of 1-D arrays, masked 2-D array, or 2-D array
        Non-negative integer weights of each game's players (masked entries: no player).
    quotas : array-like
        One quota per game (``1 <= q <= total weight``; a fractional quota is rounded up).
    index : {"banzhaf", "banzhaf_absolute", "penrose", "shapley_shubik"}
        Shapley-Shubik needs at most 64 players per game (use :func:`power_indices` beyond).
    n_threads : int, optional
        Threads (default: all cores); results are identical for every thread count.

    Returns
    -------
    PowerBatch

    Examples
    --------
    >>> from foedus import power_indices_batch
    >>> batch = power_indices_batch([[10, 10, 20, 30], [4, 4, 4, 2, 2, 1]], [50, 12])
    >>> batch[0].tolist()
    [0.1, 0.1, 0.3, 0.5]
    >>> batch[1].round(4).tolist()
    [0.2381, 0.2381, 0.2381, 0.1429, 0.1429, 0.0]
    """
    if not isinstance(index, str) or index not in _BATCH_INDICES:
        raise ValueError(f"index: the batch API computes {list(_BATCH_INDICES)}, not {index!r}; "
                         "use power_indices per game for the others")
    threads = check_n_threads(n_threads)
    flat, sizes = _flatten(weights)
    m = len(sizes)
    offsets = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    qs = _quotas(quotas, m)
    if m:
        starts = offsets[:-1]
        totals = np.add.reduceat(flat, starts)
        bad = np.flatnonzero((qs < 1) | (qs > totals))
        if bad.size:
            g = int(bad[0])
            raise ValueError(f"quotas[{g}]: {qs[g]} is outside [1, {totals[g]}], the game's "
                             "total weight (a quota must be reachable and positive)")
        gcds = np.maximum(np.gcd.reduceat(flat, starts), 1)
        cells = -(-qs // gcds) * (sizes if index == "shapley_shubik" else 1)
        big = np.flatnonzero(cells > MAX_BATCH_CELLS)
        if big.size:
            g = int(big[0])
            raise ValueError(f"quotas[{g}]: game {g} needs a table of {cells[g]:,} cells (quota "
                             f"{qs[g]} after dividing the weights by their gcd {gcds[g]}), more "
                             f"than {MAX_BATCH_CELLS:,}; rescale its weights or use "
                             "power_indices")
        limit = 64
        if index in ("shapley_shubik", "banzhaf_absolute", "penrose") and sizes.max() > limit:
            g = int(np.argmax(sizes > limit))
            what = "Shapley-Shubik" if index == "shapley_shubik" else "absolute Banzhaf"
            raise ValueError(f"weights[{g}]: batch {what} supports at most 64 players per "
                             f"game, got {sizes[g]}; use power_indices for that game")
    vals, cnts, exact = _core.batch_power(flat, offsets, qs, 1 if index == "shapley_shubik" else 0,
                                          threads)
    width = int(sizes.max()) if m else 0
    if m and int(sizes.min()) == width:  # every game has the same players: no padding
        values = vals.reshape(m, width)
        counts = cnts.reshape(m, width)
    else:
        values = np.full((m, width), np.nan)
        counts = np.zeros((m, width), dtype=np.uint64)
        col = np.arange(flat.size) - np.repeat(offsets[:-1], sizes)
        row = np.repeat(np.arange(m), sizes)
        values[row, col] = vals
        counts[row, col] = cnts
    if index in ("banzhaf_absolute", "penrose"):
        scale = np.array([math.ldexp(1.0, -(int(k) - 1)) for k in sizes])
        values = np.where(np.isnan(values), np.nan, counts.astype(np.float64) * scale[:, None])
    return PowerBatch(index=index, values=values, sizes=sizes, counts=counts,
                      exact_counts=np.asarray(exact, dtype=bool))
