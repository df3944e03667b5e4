"""Coalitions of more than 64 actors as packed bitsets: rows of ``ceil(n / 64)`` uint64 words,
bit ``i % 64`` of word ``i // 64`` = actor ``i`` (the layout of the kernel's wide path)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["words_for", "ints_to_bitsets", "bitset_to_int", "sort_bitsets"]

_WORD = (1 << 64) - 1


def words_for(n: int) -> int:
    """Words per coalition for n actors."""
    return (n + 63) // 64


def ints_to_bitsets(masks: Iterable[int], n: int) -> np.ndarray:
    """Python-int masks -> an (m, words) uint64 array."""
    words = words_for(n)
    rows = [[(int(m) >> (64 * j)) & _WORD for j in range(words)] for m in masks]
    return np.array(rows, dtype=np.uint64).reshape(len(rows), words)


def bitset_to_int(row: np.ndarray) -> int:
    """One bitset row (or a uint64 mask) -> a Python int."""
    row = np.atleast_1d(row)
    return sum(int(w) << (64 * j) for j, w in enumerate(row))


def sort_bitsets(rows: np.ndarray) -> np.ndarray:
    """Row order that sorts bitsets by their value as integers (ascending)."""
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    return np.lexsort([rows[:, j] for j in range(rows.shape[1])])
