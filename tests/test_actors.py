"""ActorSet construction, conversions and bad input."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from foedus import ActorSet


def test_weights_positions_and_names_from_lists_dicts_and_arrays() -> None:
    a = ActorSet(["A", "B", "C"], [3, 2, 1])
    assert a.weight_names == ("weight",) and a.weights.shape == (3, 1)
    b = ActorSet(
        ["A", "B", "C"],
        {"seats": [3, 2, 1], "members": [1, 1, 1]},
        positions={"lr": [1.0, np.nan, 3.0]},
    )
    assert b.weight_names == ("seats", "members") and b.dimensions == ("lr",)
    assert np.isnan(b.positions[1, 0])
    c = ActorSet(["A", "B"], np.array([[1, 2], [3, 4]]), positions=np.zeros((2, 3)))
    assert c.weight_names == ("weight_0", "weight_1")
    assert c.dimensions == ("dim_0", "dim_1", "dim_2")
    d = ActorSet(["A", "B"])
    assert d.weights.tolist() == [[1.0], [1.0]]
    with pytest.raises(ValueError):
        d.weights[0, 0] = 5  # read-only


def test_from_frame() -> None:
    df = pd.DataFrame(
        {
            "party": ["A", "B", "C"],
            "seats": [10, 5, 1],
            "lr": [1.0, None, 2.0],
            "family": ["x", "y", "z"],
        }
    )
    a = ActorSet.from_frame(
        df, name="party", weights="seats", positions=["lr"], attributes="family"
    )
    assert a.names == ("A", "B", "C") and a.total("seats") == 16
    assert np.isnan(a.positions[1, 0]) and list(a.attributes["family"]) == ["x", "y", "z"]
    back = a.to_frame()
    assert list(back["name"]) == ["A", "B", "C"] and list(back["seats"]) == [10, 5, 1]
    with pytest.raises(ValueError, match="weights: no column 'votes'"):
        ActorSet.from_frame(df, name="party", weights="votes")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"names": ["A", "A"]}, ValueError, "names: .*unique.*'A'"),
        ({"names": []}, ValueError, "names: .*at least one"),
        ({"names": "AB"}, TypeError, "names"),
        ({"names": ["A", "B"], "weights": [1, np.nan]}, ValueError, "weights: .*'B'.*finite"),
        ({"names": ["A", "B"], "weights": [1, np.inf]}, ValueError, "weights: .*finite"),
        ({"names": ["A", "B"], "weights": [1, -2]}, ValueError, "weights: .*non-negative"),
        ({"names": ["A", "B"], "weights": [1, 2, 3]}, ValueError, r"weights: expected shape"),
        ({"names": ["A", "B"], "weights": ["x", "y"]}, TypeError, "weights: expected numbers"),
        (
            {"names": ["A", "B"], "weights": [[1], [2]], "weight_names": ["a", "b"]},
            ValueError,
            "weights: 1 columns but 2 names",
        ),
        ({"names": ["A", "B"], "positions": [1.0, np.inf]}, ValueError, "positions: .*infinite"),
        ({"names": ["A", "B"], "positions": [[1.0], [2.0], [3.0]]}, ValueError, "positions"),
        ({"names": ["A", "B"], "ties": [[0, 1], [0, 0]]}, ValueError, "ties: .*symmetric"),
        ({"names": ["A", "B"], "ties": np.zeros((3, 3))}, ValueError, r"ties: expected shape"),
        ({"names": ["A", "B"], "ties": [[0, np.nan], [np.nan, 0]]}, ValueError, "ties: NaN"),
        ({"names": ["A", "B"], "attributes": {"x": [1, 2, 3]}}, ValueError, "attributes"),
    ],
)
def test_bad_input_names_the_argument(kwargs: dict, error: type, match: str) -> None:
    names = kwargs.pop("names")
    with pytest.raises(error, match=match):
        ActorSet(names, **kwargs)


def test_integer_weights_are_exact() -> None:
    a = ActorSet(
        ["A", "B", "C"],
        {"seats": [3, 2, 1], "share": [0.1, 0.25, 0.65], "odd": [1 / 3, 2 / 3, 1.0]},
    )
    ints, scale = a.integer_weights(0)
    assert ints.tolist() == [3, 2, 1] and scale == 1
    ints, scale = a.integer_weights(1)
    assert ints.tolist() == [10, 25, 65] and scale == 100
    ints, scale = a.integer_weights(2)  # binary fixed point
    assert scale.denominator == 1 and scale > 2**55
    for x, i in zip([1 / 3, 2 / 3, 1.0], ints, strict=True):
        assert abs(Fraction(int(i)) / scale - Fraction(x)) <= Fraction(1, 2) / scale


def test_lookups_and_masks() -> None:
    a = ActorSet(["A", "B", "C"], [3, 2, 1], positions={"lr": [1, 2, 3]})
    assert a.index("B") == 1 and a.index(-1) == 2
    assert a.mask(["A", "C"]) == 0b101 and a.members(0b101) == ("A", "C")
    with pytest.raises(ValueError, match="unknown actor 'Z'"):
        a.index("Z")
    with pytest.raises(ValueError, match="unknown dimension"):
        a.dimension("gal_tan")
    with pytest.raises(ValueError, match="index 5 is out of range"):
        a.criterion(5)
    assert repr(a) == "ActorSet(n=3, weights=['weight'], dimensions=['lr'])"
