"""Partitions of actors: a priori unions, coalition structures and optimal partitions."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._validation import check_int, resolve_index

if TYPE_CHECKING:
    from .actors import ActorSet

__all__ = ["Partition"]


def _check_size(n: Any) -> int:
    """The number of actors of a generated partition, refused when its tuples would not fit."""
    from .coalitions import _default_max_memory
    n = check_int(n, "n", minimum=0)
    need, limit = 64.0 * n, _default_max_memory()  # a tuple entry and a Python int per actor
    if need > limit:
        raise ValueError(f"n: a partition of {n} actors needs about {need / 2**30:.3g} GiB, "
                         f"more than {limit / 2**30:.1f} GiB (a quarter of the RAM)")
    return n


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
        if n is not None:
            n = check_int(n, "n", minimum=0)
        if isinstance(blocks, (str, bytes)) or not isinstance(blocks, Iterable):
            raise TypeError(f"blocks: expected an iterable of blocks of actors, got {blocks!r}")
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
            dup = sorted(i for i, c in Counter(flat).items() if c > 1)
            raise ValueError(f"blocks: actors {dup} appear in more than one block")
        if len(flat) != n:
            seen = set(flat)  # the first few missing actors (n may be huge)
            missing = list(itertools.islice((i for i in range(n) if i not in seen), 10))
            raise ValueError(f"blocks: actors {missing} are in no block; a partition must cover "
                             "every actor")
        self._blocks = tuple(sorted(resolved))
        self._n = n
        self._names = names

    @classmethod
    def from_labels(cls, labels: Sequence[Any], *, actors: ActorSet | None = None) -> Partition:
        """Partition from one block label per actor."""
        if isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
            raise TypeError(f"labels: expected one block label per actor, got {labels!r}")
        labels = list(labels)
        groups: dict[Any, list[int]] = {}
        for i, lab in enumerate(labels):
            try:
                groups.setdefault(lab, []).append(i)
            except TypeError:
                raise TypeError(f"labels: block labels must be hashable, got {lab!r}") from None
        return cls(groups.values(), len(labels), actors=actors)

    @classmethod
    def from_masks(cls, masks: Iterable[int], n: int, *,
                   actors: ActorSet | None = None) -> Partition:
        """Partition from one bit mask per block."""
        n = check_int(n, "n", minimum=0)
        if not isinstance(masks, Iterable):
            raise TypeError(f"masks: expected an iterable of integer masks, got {masks!r}")
        masks = [check_int(m, "masks") for m in masks]
        for m in masks:
            if m <= 0:
                raise ValueError(f"masks: every block mask must be positive, got {m}")
            if m >> n:
                raise ValueError(f"masks: mask {m:#x} has bits at or above n = {n}")
        return cls(([i for i in range(m.bit_length()) if (m >> i) & 1] for m in masks), n,
                   actors=actors)

    @classmethod
    def singletons(cls, n: int) -> Partition:
        """Every actor alone."""
        n = _check_size(n)
        return cls([[i] for i in range(n)], n)

    @classmethod
    def grand(cls, n: int) -> Partition:
        """All actors in one block."""
        n = _check_size(n)
        return cls([list(range(n))] if n else [], n)

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
