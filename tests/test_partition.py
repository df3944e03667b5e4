"""Partition: validation and conversions."""

from __future__ import annotations

import pytest

from foedus import ActorSet, Partition


def test_canonical_form_and_conversions() -> None:
    p = Partition([[3, 1], [0], [2]])
    assert p.blocks == ((0,), (1, 3), (2,))
    assert p.labels.tolist() == [0, 1, 2, 1]
    assert p.masks == [0b1, 0b1010, 0b100]
    assert Partition.from_masks(p.masks, 4) == p
    assert Partition.from_labels(["x", "y", "z", "y"]) == p
    assert hash(Partition([[1, 3], [2], [0]])) == hash(p)
    assert len(p) == 3 and p.block_of(3) == (1, 3)
    assert Partition.singletons(3) == Partition([[0], [1], [2]])
    assert Partition.grand(3).blocks == ((0, 1, 2),)


def test_names_need_actors() -> None:
    actors = ActorSet(["A", "B", "C"])
    p = Partition([["A", "C"], ["B"]], actors=actors)
    assert p.blocks == ((0, 2), (1,)) and repr(p) == "Partition([['A', 'C'], ['B']])"
    with pytest.raises(TypeError, match="names need actors"):
        Partition([["A"], ["B"]])


@pytest.mark.parametrize(
    ("blocks", "n", "match"),
    [
        ([[0, 1], [1]], 2, "more than one block"),
        ([[0]], 2, r"\[1\] are in no block"),
        ([[0], []], 1, "empty"),
        ([[0, 5]], 3, "must lie in"),
        ([[0.5]], 1, "indices or names"),
    ],
)
def test_invalid_partitions(blocks: list, n: int, match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        Partition(blocks, n)


def test_from_masks_rejects_bits_beyond_n() -> None:
    with pytest.raises(ValueError, match="bits at or above n = 2"):
        Partition.from_masks([0b001, 0b110], 2)
