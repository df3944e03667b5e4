"""Games to and from files in the layouts other tools use.

- **CoopGame (R) and TUGLab**: a characteristic function is the vector of the ``2^n - 1``
  non-empty coalitions' values in *lexicographic order*: by size, then by the members' list
  (``{1}, {2}, {3}, {1,2}, {1,3}, {2,3}, {1,2,3}``). :func:`to_coopgame` /
  :func:`from_coopgame` convert; CSV files hold one row per coalition (``coalition`` as
  members ``"1 2"``, numbered from 1 as in R, and ``value``), so that
  ``read.csv(file)$value`` is CoopGame's ``v``.
- **Binary order** (foedus' own, coopgame-py, TUGLab with ``binary = TRUE``): ``values[mask]``.
- **Coalition-structure solvers** (the reference DP/IP/ODP-IP implementations): one value per
  line, line ``x`` the coalition with mask ``x`` (see :func:`foedus.structures.read_values`).
- **JSON**: ``{"format": "foedus.game", "players": [...], "order": "binary", "values": [...]}``
  (2^n values, the empty coalition first).

Weighted voting games ``[q; w_1, ..., w_n]`` go to CSV (``player, weight, quota`` columns:
``d <- read.csv(file); weightedVotingGameVector(n = nrow(d), w = d$weight, q = d$quota[1])``
in CoopGame) or JSON (``{"format": "foedus.weighted_game", "players", "weights", "quota"}``).
"""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from .actors import ActorSet
from .game import Game
from .rules import Rule, exact_number
from .structures import read_values, write_values

__all__ = ["coopgame_order", "from_coopgame", "read_game", "read_weighted_game",
           "to_coopgame", "write_game", "write_weighted_game"]

_FORMATS = ("coopgame-csv", "json", "csg")


def coopgame_order(n: int) -> np.ndarray:
    """The masks of the non-empty coalitions of ``n`` players in CoopGame's (lexicographic)
    order: by size, then by the sorted member lists.

    >>> coopgame_order(3).tolist()   # {1}, {2}, {3}, {1,2}, {1,3}, {2,3}, {1,2,3}
    [1, 2, 4, 3, 5, 6, 7]
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 1 <= n <= 25:
        raise ValueError(f"n: expected 1 to 25 players, got {n!r}")
    masks = np.arange(1, 1 << int(n), dtype=np.int64)
    sizes = np.bitwise_count(masks.astype(np.uint64)) if hasattr(np, "bitwise_count") else \
        np.array([bin(int(m)).count("1") for m in masks])
    # within a size, lexicographic member lists = the bit-reversed masks in descending order
    # (the lowest member decides first): sort by reversed mask, descending
    rev = np.zeros_like(masks)
    for i in range(int(n)):
        rev |= ((masks >> i) & 1) << (int(n) - 1 - i)
    order = np.lexsort((-rev, sizes))
    return masks[order]


def to_coopgame(game: Game) -> np.ndarray:
    """The game's ``2^n - 1`` values in CoopGame's order (``v`` of ``CoopGame`` functions).

    >>> from foedus import Game
    >>> to_coopgame(Game([0, 1, 2, 4, 3, 5, 6, 9])).tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 9.0]
    """
    if not isinstance(game, Game):
        raise TypeError(f"game: expected a foedus.Game, got {type(game).__name__}")
    return np.ascontiguousarray(game.values[coopgame_order(game.n)])


def from_coopgame(v: Any, players: Any = None) -> Game:
    """A :class:`~foedus.Game` from CoopGame's vector of ``2^n - 1`` values.

    >>> from_coopgame([0, 0, 0, 60, 60, 60, 72]).v([0, 1])
    60.0
    """
    raw = np.asarray(v)
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"v: expected numbers, got an array of dtype {raw.dtype}")
    vals = raw.astype(np.float64)
    m = vals.size + 1
    if vals.ndim != 1 or m < 2 or (m & (m - 1)) != 0:
        raise ValueError(f"v: expected 2^n - 1 values (CoopGame's vector), got shape {raw.shape}")
    n = int(m).bit_length() - 1
    full = np.zeros(m)
    full[coopgame_order(n)] = vals
    return Game(full, players=players)


def _format(path: Path, format: str | None) -> str:
    if format is not None:
        if format not in _FORMATS:
            raise ValueError(f"format: expected one of {_FORMATS}, got {format!r}")
        return format
    suffixes = "".join(path.suffixes[-2:]).lower()
    if suffixes.endswith(".csv"):
        return "coopgame-csv"
    if suffixes.endswith(".json"):
        return "json"
    if suffixes.endswith((".txt", ".txt.gz", ".gz")):
        return "csg"
    raise ValueError(f"format: cannot tell the format of {path.name!r} from its suffix; give "
                     f"format= one of {_FORMATS}")


def write_game(path: str | Path, game: Game, *, format: str | None = None) -> None:
    """Write a game: CoopGame's CSV layout (``.csv``), JSON (``.json``) or the CSG solvers'
    text (``.txt``, ``.gz``); ``format`` overrides the suffix.

    Examples
    --------
    The majority game of three in CoopGame's layout, one row per coalition in lexicographic
    order, players numbered from 1:

    >>> import os
    >>> import tempfile
    >>> from foedus import Game, write_game
    >>> g = Game([0, 0, 0, 1, 0, 1, 1, 1], players=["A", "B", "C"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = os.path.join(d, "majority.csv")
    ...     write_game(path, g)
    ...     with open(path, encoding="utf-8") as fh:
    ...         print(fh.read().strip())
    coalition,value
    1,0.0
    2,0.0
    3,0.0
    1 2,1.0
    1 3,1.0
    2 3,1.0
    1 2 3,1.0
    """
    if not isinstance(game, Game):
        raise TypeError(f"game: expected a foedus.Game, got {type(game).__name__}")
    p = Path(path)
    fmt = _format(p, format)
    if fmt == "csg":
        write_values(p, game.values)
    elif fmt == "json":
        p.write_text(json.dumps({"format": "foedus.game", "players": list(game.players),
                                 "order": "binary", "values": game.values.tolist()}),
                     encoding="utf-8")
    else:
        with p.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["coalition", "value"])
            for mask in coopgame_order(game.n):
                members = " ".join(str(i + 1) for i in range(game.n) if int(mask) >> i & 1)
                w.writerow([members, repr(float(game.values[mask]))])


def read_game(path: str | Path, *, format: str | None = None, players: Any = None) -> Game:
    """Read a game written by :func:`write_game`, by CoopGame users (CSV with a ``value``
    column in CoopGame's order, or with ``coalition`` members numbered from 1 in any order),
    or for the CSG solvers.

    Examples
    --------
    A JSON file keeps the player names; CoopGame's CSV does not (give ``players=``):

    >>> import os
    >>> import tempfile
    >>> from foedus import Game, read_game, write_game
    >>> g = Game([0, 0, 0, 1, 0, 1, 1, 1], players=["A", "B", "C"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_game(os.path.join(d, "majority.json"), g)
    ...     write_game(os.path.join(d, "majority.csv"), g)
    ...     from_json = read_game(os.path.join(d, "majority.json"))
    ...     from_csv = read_game(os.path.join(d, "majority.csv"), players=["A", "B", "C"])
    >>> from_json, from_json == g, from_csv == g
    (Game(3 players: A, B, C; v(N) = 1), True, True)
    """
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"path: no such file: {p}")
    fmt = _format(p, format)
    if fmt == "csg":
        return Game(read_values(p), players=players)
    if fmt == "json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            values = data["values"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"path: {p.name} is not a foedus game JSON file ({exc})") from None
        if data.get("order", "binary") == "lexicographic":
            return from_coopgame(values, players if players is not None else data.get("players"))
        return Game(values, players=players if players is not None else data.get("players"))
    return _read_coopgame_csv(p, players)


def _read_coopgame_csv(p: Path, players: Any) -> Game:
    with p.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or "value" not in rows[0]:
        raise ValueError(f"path: {p.name} needs a header with a 'value' column")
    try:
        values = np.array([float(r["value"]) for r in rows])
    except (TypeError, ValueError):
        raise ValueError(f"path: {p.name}: a 'value' is not a number") from None
    if "coalition" not in rows[0]:
        return from_coopgame(values, players)
    m = len(rows) + 1
    if m & (m - 1):
        raise ValueError(f"path: {p.name}: expected 2^n - 1 coalition rows, got {len(rows)}")
    n = int(m).bit_length() - 1
    full = np.zeros(m)
    seen = np.zeros(m, dtype=bool)
    for line, r in enumerate(rows, start=2):
        try:
            members = [int(x) for x in str(r["coalition"]).replace(",", " ").split()]
        except ValueError:
            raise ValueError(f"path: {p.name}, line {line}: coalition {r['coalition']!r} is "
                             "not a list of player numbers") from None
        if not members or min(members) < 1 or max(members) > n:
            raise ValueError(f"path: {p.name}, line {line}: players are numbered 1 to {n}")
        mask = sum(1 << (i - 1) for i in set(members))
        if seen[mask]:
            raise ValueError(f"path: {p.name}, line {line}: coalition repeated")
        seen[mask] = True
        full[mask] = float(r["value"])
    return Game(full, players=players)


def write_weighted_game(path: str | Path, actors: ActorSet, quota: Any, *,
                        weight: str | int = 0) -> None:
    """Write the weighted voting game ``[quota; weights]`` of an actor set as CSV (``player,
    weight, quota``) or JSON, by suffix.

    Examples
    --------
    The Bundestag of 2021 as the weighted game [369; 206, 197, 118, 92, 83, 39, 1] (369 of
    736 seats is a majority):

    >>> import os
    >>> import tempfile
    >>> from foedus import write_weighted_game
    >>> from foedus.datasets import bundestag_2021
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = os.path.join(d, "bundestag.csv")
    ...     write_weighted_game(path, bundestag_2021(), 369, weight="seats")
    ...     with open(path, encoding="utf-8") as fh:
    ...         print(fh.read().strip())
    player,weight,quota
    SPD,206,369
    CDU+CSU,197,369
    B90/Gru,118,369
    FDP,92,369
    AfD,83,369
    PDS|Li,39,369
    SSW,1,369
    """
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected an ActorSet, got {type(actors).__name__}")
    q = exact_number(quota, "quota")
    ints, scale = actors.integer_weights(actors.criterion(weight))
    weights = [Fraction(int(x)) / scale for x in ints]

    def num(x: Fraction) -> Any:
        return int(x) if x.denominator == 1 else float(x)

    p = Path(path)
    if p.suffix.lower() == ".json":
        p.write_text(json.dumps({"format": "foedus.weighted_game", "players": list(actors.names),
                                 "weights": [num(w) for w in weights], "quota": num(q)}),
                     encoding="utf-8")
        return
    if p.suffix.lower() != ".csv":
        raise ValueError(f"path: expected a .csv or .json file name, got {p.name!r}")
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["player", "weight", "quota"])
        for name, x in zip(actors.names, weights, strict=True):
            w.writerow([name, num(x), num(q)])


def read_weighted_game(path: str | Path) -> tuple[ActorSet, Rule]:
    """Read a weighted voting game written by :func:`write_weighted_game`: the actors (weight
    criterion ``weight``) and the rule ``Rule.quota(quota)``.

    Examples
    --------
    The weighted game [3; 2, 1, 1] through a JSON file:

    >>> import os
    >>> import tempfile
    >>> from foedus import ActorSet, read_weighted_game, write_weighted_game
    >>> actors = ActorSet(["A", "B", "C"], {"votes": [2, 1, 1]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = os.path.join(d, "game.json")
    ...     write_weighted_game(path, actors, 3)
    ...     back, rule = read_weighted_game(path)
    >>> back.names, back.weight("weight").tolist(), rule
    (('A', 'B', 'C'), [2.0, 1.0, 1.0], Rule.quota(3, 'weight'))
    """
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"path: no such file: {p}")
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            names, weights, quota = data["players"], data["weights"], data["quota"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"path: {p.name} is not a weighted game JSON file ({exc})") from None
    else:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows or not {"player", "weight", "quota"} <= set(rows[0]):
            raise ValueError(f"path: {p.name} needs the columns player, weight, quota")
        quotas = {r["quota"] for r in rows}
        if len(quotas) != 1:
            raise ValueError(f"path: {p.name}: the quota column must hold one value")
        names = [r["player"] for r in rows]
        weights = [exact_number(r["weight"], "weight") for r in rows]
        quota = exact_number(quotas.pop(), "quota")
    actors = ActorSet(names, {"weight": [float(w) if isinstance(w, Fraction) else w
                                         for w in weights]})
    return actors, Rule.quota(quota, "weight")
