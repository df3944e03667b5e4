"""Actors: names, weights under one or more criteria, policy positions, ties and attributes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ._validation import resolve_index

__all__ = ["ActorSet"]

_MAX_INT_TOTAL = 2**62


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


def _exact_int_columns(values: Any, k: int) -> list[np.ndarray | None]:
    """Integer-typed input columns kept exactly (int64), so weights above 2^53 stay exact."""
    def exact(col: Any) -> np.ndarray | None:
        a = np.asarray(col)
        if a.dtype.kind in "iu" and a.dtype != np.uint64:
            return a.astype(np.int64)
        if a.dtype.kind in "uO":
            try:
                if all(isinstance(x, (int, np.integer)) and not isinstance(x, bool)
                       for x in a.ravel()):
                    return np.array([int(x) for x in a.ravel()], dtype=np.int64).reshape(a.shape)
            except OverflowError:
                return None
        return None

    if isinstance(values, Mapping):
        return [exact(col) for col in values.values()]
    whole = exact(values)
    if whole is None:
        return [None] * k
    whole = whole.reshape(len(whole), -1)
    return [whole[:, j] for j in range(k)]


def _columns(values: Any, names: Sequence[str] | None, n: int, arg: str, default_one: str,
             default_many: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """Normalise weights/positions given as 1-D, 2-D or a dict of columns to (n, k) float64."""
    if isinstance(values, Mapping):
        if names is not None:
            raise TypeError(f"{arg}: give column names either as dict keys or as names, not both")
        names = [str(k) for k in values]
        cols = []
        for key, col in values.items():
            c = _as_float(col, f"{arg}[{key!r}]")
            if c.ndim != 1 or c.shape[0] != n:
                raise ValueError(f"{arg}[{key!r}]: expected {n} values (one per actor), "
                                 f"got shape {c.shape}")
            cols.append(c)
        arr = np.column_stack(cols) if cols else np.zeros((n, 0))
    else:
        arr = _as_float(values, arg)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2 or arr.shape[0] != n:
            raise ValueError(f"{arg}: expected shape ({n},) or ({n}, k) (one row per actor), "
                             f"got {np.shape(values)}")
        k = arr.shape[1]
        if names is None:
            names = [default_one] if k == 1 else [f"{default_many}_{j}" for j in range(k)]
        names = [str(x) for x in names]
        if len(names) != k:
            raise ValueError(f"{arg}: {k} columns but {len(names)} names")
    if len(set(names)) != len(names):
        raise ValueError(f"{arg}: column names must be unique, got {list(names)}")
    return arr, tuple(names)


def _as_float(values: Any, arg: str) -> np.ndarray:
    try:
        arr = np.asarray(values)
    except Exception:  # pragma: no cover - numpy raises many kinds
        raise TypeError(f"{arg}: cannot convert to a numeric array (of one shape, not "
                        "ragged)") from None
    if arr.dtype == object or arr.dtype.kind in "USV":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{arg}: expected numbers, got {arr.dtype} values") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{arg}: expected numbers, got dtype {arr.dtype}")
    return arr.astype(np.float64)


class ActorSet:
    """A set of actors (parties, states, legislators) with weights, positions and ties.

    Parameters
    ----------
    names : sequence of str
        Unique actor names; actor ``i`` is bit ``i`` of every coalition mask.
    weights : array-like of shape (n,) or (n, k), or dict of columns, optional
        Non-negative, finite weights under one or more criteria (seats, population, members).
        Default: one criterion ``"weight"`` equal to 1 for every actor.
    weight_names : sequence of str, optional
        Names of the weight criteria (default ``"weight"`` or ``"weight_0"``, ...).
    positions : array-like of shape (n,) or (n, d), or dict of columns, optional
        Policy positions; NaN marks an actor without a position on that dimension.
    dimensions : sequence of str, optional
        Names of the position dimensions (default ``"position"`` or ``"dim_0"``, ...).
    ties : array-like of shape (n, n), optional
        Symmetric ties; actors i and j are linked iff ``ties[i, j] > 0`` (diagonal ignored).
    attributes : dict of str to array-like, optional
        Further per-actor columns kept with the actors.

    Examples
    --------
    >>> from foedus import ActorSet
    >>> parl = ActorSet(["Left", "Centre", "Right"], [40, 25, 35], weight_names=["seats"],
    ...                 positions=[2.0, 5.0, 8.0], dimensions=["left_right"])
    >>> parl
    ActorSet(n=3, weights=['seats'], dimensions=['left_right'])
    >>> parl.total("seats")
    100.0
    """

    def __init__(self, names: Sequence[str], weights: Any = None, *,
                 weight_names: Sequence[str] | None = None, positions: Any = None,
                 dimensions: Sequence[str] | None = None, ties: Any = None,
                 attributes: Mapping[str, Any] | None = None) -> None:
        if isinstance(names, str) or not isinstance(names, Sequence | np.ndarray):
            raise TypeError("names: expected a sequence of actor names")
        names = tuple(str(x) if not isinstance(x, str) else x for x in names)
        n = len(names)
        if n == 0:
            raise ValueError("names: an ActorSet needs at least one actor")
        if len(set(names)) != n:
            dup = sorted({x for x in names if names.count(x) > 1})
            raise ValueError(f"names: actor names must be unique; duplicated: {dup}")
        self._names = names
        if weights is None:
            if weight_names is not None and len(weight_names) != 1:
                raise ValueError("weight_names: without weights there is one criterion")
            w = np.ones((n, 1))
            wn = tuple(weight_names) if weight_names is not None else ("weight",)
        else:
            w, wn = _columns(weights, weight_names, n, "weights", "weight", "weight")
        if w.shape[1] == 0:
            raise ValueError("weights: at least one weight criterion is needed")
        bad = ~np.isfinite(w)
        if bad.any():
            i, c = np.argwhere(bad)[0]
            raise ValueError(f"weights: weight of {names[i]!r} on {wn[c]!r} is {w[i, c]}; "
                             "weights must be finite numbers")
        if (w < 0).any():
            i, c = np.argwhere(w < 0)[0]
            raise ValueError(f"weights: weight of {names[i]!r} on {wn[c]!r} is {w[i, c]}; "
                             "weights must be non-negative")
        self._weights = _readonly(w)
        self._weight_names = wn
        self._exact_weights = (_exact_int_columns(weights, w.shape[1]) if weights is not None
                               else [np.ones(n, dtype=np.int64)])
        if positions is None:
            if dimensions:
                raise ValueError("dimensions: given without positions")
            p, dn = np.zeros((n, 0)), tuple[str, ...]()
        else:
            p, dn = _columns(positions, dimensions, n, "positions", "position", "dim")
            if np.isinf(p).any():
                i, j = np.argwhere(np.isinf(p))[0]
                raise ValueError(f"positions: position of {names[i]!r} on {dn[j]!r} is "
                                 "infinite; use NaN for an actor without a position")
        self._positions = _readonly(p)
        self._dimensions = dn
        if ties is not None:
            t = _as_float(ties, "ties")
            if t.shape != (n, n):
                raise ValueError(f"ties: expected shape ({n}, {n}), got {t.shape}")
            if np.isnan(t).any():
                raise ValueError("ties: NaN in the ties matrix; use 0 for no tie")
            off = ~np.eye(n, dtype=bool)
            if not np.array_equal(t[off], t.T[off]):
                i, j = np.argwhere((t != t.T) & off)[0]
                raise ValueError(f"ties: the matrix must be symmetric, but ties[{i}, {j}] = "
                                 f"{t[i, j]} and ties[{j}, {i}] = {t[j, i]}")
            self._ties: np.ndarray | None = _readonly(t)
        else:
            self._ties = None
        attrs: dict[str, np.ndarray] = {}
        for key, col in (attributes or {}).items():
            a = np.asarray(col)
            if a.shape[:1] != (n,):
                raise ValueError(f"attributes[{key!r}]: expected {n} values, got shape {a.shape}")
            attrs[str(key)] = _readonly(a)
        self._attributes = attrs
        self._int_cache: dict[int, tuple[np.ndarray, Fraction]] = {}

    # ---- construction ----------------------------------------------------------------------
    @classmethod
    def from_frame(cls, frame: Any, *, name: str, weights: str | Sequence[str],
                   positions: str | Sequence[str] = (), ties: Any = None,
                   attributes: str | Sequence[str] = ()) -> ActorSet:
        """Build an ActorSet from a pandas DataFrame (one row per actor).

        Parameters
        ----------
        frame : pandas.DataFrame
        name : str
            Column with the actor names.
        weights, positions, attributes : str or list of str
            Columns to use as weight criteria, position dimensions and attributes.
        ties : array-like, optional
            An (n, n) ties matrix in row order.

        Examples
        --------
        >>> import pandas as pd
        >>> from foedus import ActorSet
        >>> df = pd.DataFrame({"party": ["A", "B"], "seats": [3, 2], "lr": [1.0, None]})
        >>> ActorSet.from_frame(df, name="party", weights="seats", positions="lr").positions[:, 0]
        array([ 1., nan])
        """
        def cols(x: str | Sequence[str]) -> list[str]:
            return [x] if isinstance(x, str) else list(x)

        for arg, group in (("name", [name]), ("weights", cols(weights)),
                           ("positions", cols(positions)), ("attributes", cols(attributes))):
            for c in group:
                if c not in frame.columns:
                    raise ValueError(f"{arg}: no column {c!r} in the frame; columns: "
                                     f"{list(frame.columns)}")
        def numeric(c: str) -> np.ndarray:
            return frame[c].to_numpy(dtype=np.float64, na_value=np.nan)

        wcols = cols(weights)
        pcols = cols(positions)
        return cls(
            [str(x) for x in frame[name]],
            {c: numeric(c) for c in wcols},
            positions={c: numeric(c) for c in pcols} if pcols else None,
            ties=ties,
            attributes={c: frame[c].to_numpy() for c in cols(attributes)},
        )

    # ---- accessors -------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self._names)

    def __len__(self) -> int:
        return len(self._names)

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    @property
    def weights(self) -> np.ndarray:
        """(n, k) float64 array of weights (read-only)."""
        return self._weights

    @property
    def weight_names(self) -> tuple[str, ...]:
        return self._weight_names

    @property
    def positions(self) -> np.ndarray:
        """(n, d) float64 array of positions, NaN where unplaced (read-only)."""
        return self._positions

    @property
    def dimensions(self) -> tuple[str, ...]:
        return self._dimensions

    @property
    def ties(self) -> np.ndarray | None:
        return self._ties

    @property
    def attributes(self) -> dict[str, np.ndarray]:
        return dict(self._attributes)

    def index(self, actor: str | int) -> int:
        """Index of an actor given by name (or index)."""
        return resolve_index(actor, self._names, "actor", "actor")

    def criterion(self, weight: str | int | None) -> int:
        """Index of a weight criterion given by name or index (None -> 0)."""
        if weight is None:
            return 0
        return resolve_index(weight, self._weight_names, "weight criterion", "weight")

    def dimension(self, dim: str | int) -> int:
        """Index of a position dimension given by name or index."""
        return resolve_index(dim, self._dimensions, "dimension", "dimension")

    def weight(self, criterion: str | int | None = None) -> np.ndarray:
        """The weights of one criterion as an (n,) array."""
        return self._weights[:, self.criterion(criterion)]

    def total(self, criterion: str | int | None = None) -> float:
        """Total weight of all actors on one criterion (exactly rounded)."""
        return math.fsum(self.weight(criterion))

    def members(self, mask: int) -> tuple[str, ...]:
        """Names of the actors in a coalition given as a bit mask."""
        mask = int(mask)
        return tuple(self._names[i] for i in range(self.n) if (mask >> i) & 1)

    def mask(self, members: Any) -> int:
        """Bit mask of a coalition given by actor names or indices."""
        from ._validation import resolve_indices
        m = 0
        for i in resolve_indices(members, self._names, "actor", "members"):
            m |= 1 << i
        return m

    # ---- exact integer weights for the kernel ------------------------------------------------
    def integer_weights(self, criterion: int) -> tuple[np.ndarray, Fraction]:
        """Weights of one criterion as exact int64 values and their scale.

        Integers are kept; decimals with at most 6 places are multiplied by ``10**d``; other
        floats are rounded to a binary fixed point with a resolution of ``2**-61`` of the total
        (far finer than double-precision sums), so sums and quota comparisons are exact and
        identical for any thread count. Returns ``(ints, scale)`` with ``value = int / scale``.
        """
        if criterion in self._int_cache:
            return self._int_cache[criterion]
        name = self._weight_names[criterion]
        exact = self._exact_weights[criterion]
        if exact is not None:
            if sum(int(x) for x in exact) >= _MAX_INT_TOTAL:
                raise ValueError(f"weights: the weights of {name!r} sum to 2^62 or more, beyond "
                                 "exact 62-bit arithmetic; rescale them (e.g. to thousands)")
            result = (_readonly(exact.copy()), Fraction(1))
        else:
            result = _to_integers(self._weights[:, criterion], name)
        self._int_cache[criterion] = result
        return result

    # ---- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        extra = f", dimensions={list(self._dimensions)}" if self._dimensions else ""
        if self._ties is not None:
            extra += ", ties"
        return f"ActorSet(n={self.n}, weights={list(self._weight_names)}{extra})"

    def to_frame(self) -> Any:
        """The actors as a pandas DataFrame (one row per actor)."""
        from ._optional import import_pandas
        pd = import_pandas()
        data: dict[str, Any] = {"name": list(self._names)}
        for j, c in enumerate(self._weight_names):
            data[c] = self._weights[:, j]
        for j, c in enumerate(self._dimensions):
            data[c] = self._positions[:, j]
        data.update(self._attributes)
        return pd.DataFrame(data)


def _to_integers(w: np.ndarray, name: str) -> tuple[np.ndarray, Fraction]:
    """Exact integers for float weights: integral values as they are, decimals with at most 6
    places times 10^d, other floats on a binary grid of 2^-61 of the total; raises ValueError
    where exact 62-bit arithmetic is impossible (rather than rounding silently)."""
    integral = bool(np.all(w == np.floor(w)))
    try:
        total = math.fsum(w)
    except OverflowError:  # the sum exceeds the float range (weights near 1e308)
        total = math.inf
    if integral:
        if total < _MAX_INT_TOTAL:
            as_int = w.astype(np.int64)
            if sum(int(x) for x in as_int) < _MAX_INT_TOTAL:
                return _readonly(as_int), Fraction(1)
        raise ValueError(f"weights: the weights of {name!r} sum to 2^62 or more, beyond exact "
                         "62-bit arithmetic; rescale them (e.g. to thousands)")
    exact = [Fraction(Decimal(repr(float(x)))) for x in w]
    for places in range(1, 7):
        s = 10**places
        scaled = [x * s for x in exact]
        if all(v.denominator == 1 for v in scaled):
            ints = [int(v) for v in scaled]
            if sum(ints) < _MAX_INT_TOTAL:
                return _readonly(np.array(ints, dtype=np.int64)), Fraction(s)
            break
    if not math.isfinite(total):
        raise ValueError(f"weights: the weights of {name!r} sum beyond the float range, far "
                         "beyond exact 62-bit arithmetic; rescale them (e.g. to thousands)")
    e = 61 - math.ceil(math.log2(total))
    if e > 1000:  # a total below about 2^-940: the scale 2^e would overflow a float
        raise ValueError(f"weights: the weights of {name!r} sum to {total:g}, too small for "
                         "exact arithmetic; rescale them (e.g. to units)")
    ints = [round(Fraction(float(x)) * 2**e) for x in w]
    if sum(ints) >= _MAX_INT_TOTAL:
        e -= 1
        ints = [round(Fraction(float(x)) * 2**e) for x in w]
    lost = [float(x) for x, i in zip(w, ints, strict=True)
            if x > 0 and abs(Fraction(i) / 2**e - Fraction(float(x))) > Fraction(float(x)) / 2**40]
    if lost:
        raise ValueError(
            f"weights: the weights of {name!r} span too many orders of magnitude for exact "
            f"arithmetic (e.g. {lost[0]:g} against a total of {total:g}); rescale or round them "
            "(decimals with up to 6 places are exact)")
    return _readonly(np.array(ints, dtype=np.int64)), Fraction(2) ** e
