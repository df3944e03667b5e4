"""Partitions of actors: a priori unions, coalition structures and optimal partitions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._validation import resolve_index

if TYPE_CHECKING:
    from .actors import ActorSet

__all__ = ["Partition"]


class Partition:
    """Blocks of actor indices that cover every actor exactly once.

    Blocks are stored canonically: each block sorted, blocks ordered by their smallest
    member, so equal partitions compare and hash equal.

    Parameters
    ----------
    blocks : iterable of iterables of int or str
        The blocks; names need ``actors``.
    n : int, optional
        Number of actors (default: taken from ``actors`` or the largest index + 1).
    actors : ActorSet, optional
        Resolves names and is used for display.

    Examples
    --------
    >>> from foedus import Partition
    >>> p = Partition([[2, 0], [1]])
    >>> p
    Partition([[0, 2], [1]])
    >>> p.labels
    array([0, 1, 0])
    >>> Partition.from_labels([0, 1, 0]) == p
    True
    """

    __slots__ = ("_blocks", "_n", "_names")

    def __init__(self, blocks: Iterable[Iterable[Any]], n: int | None = None, *,
                 actors: ActorSet | None = None) -> None:
        names = actors.names if actors is not None else None
        if actors is not None:
            if n is not None and n != actors.n:
                raise ValueError(f"n: {n} does not match the {actors.n} actors")
            n = actors.n
        resolved: list[tuple[int, ...]] = []
        for b, block in enumerate(blocks):
            if isinstance(block, (str, bytes)) or not isinstance(block, Iterable):
                raise TypeError(f"blocks: block {b} must be an iterable of actors, got {block!r}")
            idx = []
            for a in block:
                if isinstance(a, str):
                    if names is None:
                        raise TypeError("blocks: actor names need actors=ActorSet(...)")
                    idx.append(resolve_index(a, names, "actor", "blocks"))
                elif isinstance(a, (int, np.integer)) and not isinstance(a, bool):
                    idx.append(int(a))
                else:
                    raise TypeError(f"blocks: actors must be indices or names, got {a!r}")
            if not idx:
                raise ValueError(f"blocks: block {b} is empty; every block needs a member")
            resolved.append(tuple(sorted(idx)))
        flat = [i for blk in resolved for i in blk]
        if n is None:
            n = max(flat) + 1 if flat else 0
        if any(i < 0 or i >= n for i in flat):
            raise ValueError(f"blocks: actor indices must lie in 0..{n - 1}")
        if len(flat) != len(set(flat)):
            dup = sorted({i for i in flat if flat.count(i) > 1})
            raise ValueError(f"blocks: actors {dup} appear in more than one block")
        if len(flat) != n:
            missing = sorted(set(range(n)) - set(flat))
            raise ValueError(f"blocks: actors {missing} are in no block; a partition must cover "
                             "every actor")
        self._blocks = tuple(sorted(resolved))
        self._n = n
        self._names = names

    @classmethod
    def from_labels(cls, labels: Sequence[Any], *, actors: ActorSet | None = None) -> Partition:
        """Partition from one block label per actor."""
        groups: dict[Any, list[int]] = {}
        for i, lab in enumerate(labels):
            groups.setdefault(lab, []).append(i)
        return cls(groups.values(), len(labels), actors=actors)

    @classmethod
    def from_masks(cls, masks: Iterable[int], n: int, *,
                   actors: ActorSet | None = None) -> Partition:
        """Partition from one bit mask per block."""
        masks = [int(m) for m in masks]
        for m in masks:
            if m >> n:
                raise ValueError(f"masks: mask {m:#x} has bits at or above n = {n}")
        return cls(([i for i in range(n) if (m >> i) & 1] for m in masks), n, actors=actors)

    @classmethod
    def singletons(cls, n: int) -> Partition:
        """Every actor alone."""
        return cls([[i] for i in range(n)], n)

    @classmethod
    def grand(cls, n: int) -> Partition:
        """All actors in one block."""
        return cls([list(range(n))], n)

    @property
    def n(self) -> int:
        """Number of actors."""
        return self._n

    @property
    def blocks(self) -> tuple[tuple[int, ...], ...]:
        return self._blocks

    @property
    def labels(self) -> np.ndarray:
        """Block index of every actor."""
        out = np.empty(self._n, dtype=np.int64)
        for b, block in enumerate(self._blocks):
            out[list(block)] = b
        return out

    @property
    def masks(self) -> list[int]:
        """Each block as a bit mask (Python ints, any n)."""
        return [sum(1 << i for i in block) for block in self._blocks]

    def block_of(self, actor: int) -> tuple[int, ...]:
        """The block containing ``actor``."""
        for block in self._blocks:
            if actor in block:
                return block
        raise ValueError(f"actor: {actor} is not in 0..{self._n - 1}")

    def __len__(self) -> int:
        return len(self._blocks)

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        return iter(self._blocks)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Partition) and (self._n, self._blocks) == (other._n, other._blocks)

    def __hash__(self) -> int:
        return hash((self._n, self._blocks))

    def __repr__(self) -> str:
        if self._names is not None:
            return "Partition(" + repr([[self._names[i] for i in b] for b in self._blocks]) + ")"
        return "Partition(" + repr([list(b) for b in self._blocks]) + ")"
