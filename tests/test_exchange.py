"""Exchange formats: CoopGame's lexicographic vectors and CSV, JSON, the CSG solvers' text,
weighted games; against the definition and against coopgame-py's reading of CoopGame order."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import foedus
from foedus.datasets import eu_council_2023
from foedus.exchange import (
    coopgame_order,
    from_coopgame,
    read_game,
    read_weighted_game,
    to_coopgame,
    write_game,
    write_weighted_game,
)


def _games(max_n: int = 7) -> st.SearchStrategy[foedus.Game]:
    def build(n: int, seed: int) -> foedus.Game:
        v = np.random.default_rng(seed).normal(size=1 << n).round(3)
        v[0] = 0.0
        return foedus.Game(v, players=[f"a{i}" for i in range(n)])

    return st.builds(build, st.integers(1, max_n), st.integers(0, 2**32))


@pytest.mark.parametrize("n", range(1, 9))
def test_coopgame_order_is_size_then_lexicographic(n: int) -> None:
    def members(m: int) -> list[int]:
        return [i + 1 for i in range(n) if m >> i & 1]

    want = sorted(range(1, 1 << n), key=lambda m: (len(members(m)), members(m)))
    assert coopgame_order(n).tolist() == want


@given(_games())
def test_coopgame_vectors_round_trip_and_match_coopgame_py(game: foedus.Game) -> None:
    v = to_coopgame(game)
    back = from_coopgame(v, players=game.players)
    assert back.values.tobytes() == game.values.tobytes()
    coopgame = pytest.importorskip("coopgame")
    peer = coopgame.Game(v.tolist(), order="lex")  # CoopGame's order, read by the peer
    assert np.array_equal(np.asarray(peer.values()), game.values[1:])


@pytest.mark.parametrize("suffix", [".csv", ".json", ".txt", ".txt.gz"])
@given(game=_games(6))
def test_files_round_trip(tmp_path_factory, suffix: str, game: foedus.Game) -> None:
    path = tmp_path_factory.mktemp("games") / f"g{suffix}"
    write_game(path, game)
    back = read_game(path, players=game.players)
    assert np.array_equal(back.values, game.values)
    assert back.players == game.players


def test_coopgame_csv_layout(tmp_path: Path) -> None:
    g = foedus.Game([0, 1, 2, 4, 3, 5, 6, 9])
    write_game(tmp_path / "g.csv", g)
    rows = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert [r["coalition"] for r in rows] == ["1", "2", "3", "1 2", "1 3", "2 3", "1 2 3"]
    assert [float(r["value"]) for r in rows] == [1, 2, 3, 4, 5, 6, 9]
    # a value column alone is CoopGame's vector; coalition rows may come in any order
    (tmp_path / "v.csv").write_text("value\n" + "\n".join(r["value"] for r in rows) + "\n")
    assert np.array_equal(read_game(tmp_path / "v.csv").values, g.values)
    shuffled = rows[::-1]
    (tmp_path / "s.csv").write_text(
        "coalition,value\n" + "".join(f"{r['coalition']},{r['value']}\n" for r in shuffled))
    assert np.array_equal(read_game(tmp_path / "s.csv").values, g.values)


def test_weighted_games_round_trip(tmp_path: Path) -> None:
    council = eu_council_2023()
    for name in ("w.csv", "w.json"):
        write_weighted_game(tmp_path / name, council, 255, weight=0)
        actors, rule = read_weighted_game(tmp_path / name)
        assert actors.names == council.names
        assert np.array_equal(actors.weight(0), council.weight(0))
        a = foedus.power_indices(actors, rule, index="banzhaf", exact=True)
        b = foedus.power_indices(council, foedus.Rule.quota(255, 0), index="banzhaf", exact=True)
        assert a.exact == b.exact
    write_weighted_game(tmp_path / "d.csv", foedus.ActorSet(["a", "b"], {"w": [0.5, 1.25]}),
                        "1.5")
    actors, rule = read_weighted_game(tmp_path / "d.csv")
    assert actors.weight(0).tolist() == [0.5, 1.25]


@pytest.mark.parametrize("content,name,match", [
    ("value\n1\n2\n", "bad.csv", "2\\^n - 1"),
    ("coalition,value\n1,1\n1,2\n3,3\n", "rep.csv", "repeated"),
    ("coalition,value\n1,1\n2,2\n4,3\n", "range.csv", "numbered 1 to 2"),
    ("x,y\n1,2\n", "cols.csv", "'value' column"),
    ("{not json", "bad.json", "not a foedus game"),
    ("1\n2\n", "g.dat", "format"),
])
def test_clear_errors(tmp_path: Path, content: str, name: str, match: str) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(ValueError, match=match):
        read_game(tmp_path / name)


def test_argument_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file"):
        read_game(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="game"):
        write_game(tmp_path / "g.csv", [0, 1])
    with pytest.raises(ValueError, match="format"):
        write_game(tmp_path / "g.csv", foedus.Game([0, 1]), format="xml")
    with pytest.raises(TypeError, match="v"):
        from_coopgame(["a", "b", "c"])
    with pytest.raises(ValueError, match="n"):
        coopgame_order(0)
