"""Argument checks shared by the public modules (messages name the argument)."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np


def check_n_threads(n_threads: Any) -> int:
    """Return the kernel's thread argument: 0 for "all cores", else a positive int."""
    if n_threads is None:
        return 0
    if isinstance(n_threads, bool) or not isinstance(n_threads, numbers.Integral):
        raise TypeError(f"n_threads must be None or a positive integer, got {n_threads!r}")
    value = int(n_threads)
    if not 1 <= value <= 1024:
        raise ValueError(f"n_threads must be None or an integer from 1 to 1024, got {value}")
    return value


def check_optional_bool(value: Any, name: str) -> int:
    """None -> -1, False -> 0, True -> 1 (the kernel's tri-state filters)."""
    if value is None:
        return -1
    if isinstance(value, (bool, np.bool_)):
        return int(bool(value))
    raise TypeError(f"{name} must be None, True or False, got {value!r}")


def check_int(value: Any, name: str, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def resolve_index(ref: Any, names: Sequence[str], what: str, arg: str) -> int:
    """An actor, criterion or dimension given by name or integer index -> index."""
    if isinstance(ref, (bool, np.bool_)):
        raise TypeError(f"{arg}: expected a {what} name or index, got {ref!r}")
    if isinstance(ref, numbers.Integral):
        i = int(ref)
        if not -len(names) <= i < len(names):
            raise ValueError(f"{arg}: {what} index {i} is out of range (there are {len(names)})")
        return i % len(names)
    if isinstance(ref, str):
        try:
            return list(names).index(ref)
        except ValueError:
            shown = ", ".join(map(repr, list(names)[:12]))
            more = ", ..." if len(names) > 12 else ""
            raise ValueError(f"{arg}: unknown {what} {ref!r}; known: {shown}{more}") from None
    raise TypeError(f"{arg}: expected a {what} name or index, got {type(ref).__name__}")


def resolve_indices(refs: Any, names: Sequence[str], what: str, arg: str) -> list[int]:
    """A single reference or an iterable of them -> sorted unique indices."""
    if refs is None:
        return []
    if isinstance(refs, np.ndarray) and refs.ndim == 0:
        refs = refs.item()
    if isinstance(refs, (str, numbers.Integral)):
        refs = [refs]
    if not isinstance(refs, Iterable):
        raise TypeError(f"{arg}: expected {what} names or indices, got {type(refs).__name__}")
    return sorted({resolve_index(r, names, what, arg) for r in refs})


def check_float(value: Any, name: str, *, minimum: float | None = None,
                maximum: float | None = None, exclusive_minimum: bool = False) -> float:
    """A finite real number (not a bool, string or complex) within the given bounds."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and (out <= minimum if exclusive_minimum else out < minimum):
        raise ValueError(f"{name} must be {'>' if exclusive_minimum else '>='} {minimum}, "
                         f"got {value!r}")
    if maximum is not None and out > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value!r}")
    return out


def float_array(values: Any, name: str) -> np.ndarray:
    """Numbers as a float64 array (any shape), or a TypeError naming the argument: no complex
    values (their imaginary part would be dropped silently), no text that is not a number."""
    if isinstance(values, Mapping):
        raise TypeError(f"{name}: expected an array of numbers, got a {type(values).__name__}")
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):  # ragged nested sequences
        raise TypeError(f"{name}: expected an array of numbers (of one shape, not ragged)") \
            from None
    if arr.dtype.kind == "c":
        raise TypeError(f"{name}: expected real numbers, got complex values")
    if arr.dtype.kind not in "biuf":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError, OverflowError):
            raise TypeError(f"{name}: expected numbers, got {arr.dtype} values") from None
    return arr.astype(np.float64)
