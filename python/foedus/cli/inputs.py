"""Reading users' files for the ``foedus`` command: actors from CSV, rules from text."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..actors import ActorSet
from ..rules import Rule

__all__ = ["CliError", "parse_rule", "read_actors", "read_columns"]


class CliError(ValueError):
    """A problem with the command line or the user's file (printed without a traceback)."""


def _number(text: str, *, column: str, line: int, allow_empty: bool) -> float:
    cell = text.strip()
    if cell == "" or cell.upper() in {"NA", "NAN"}:
        if allow_empty:
            return float("nan")
        raise CliError(f"line {line}: column {column!r} is empty; every row needs a value "
                       "there")
    try:
        return float(cell.replace("_", ""))
    except ValueError:
        raise CliError(f"line {line}: column {column!r} holds {cell!r}, which is not a "
                       "number") from None


def _read_csv(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line number, cells) of every non-empty row of a CSV file, comma,
    semicolon or tab separated (the most frequent of them in the header)."""
    p = Path(path)
    if not p.is_file():
        raise CliError(f"{path}: no such file")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{path}: not a UTF-8 text file; save the CSV as UTF-8") from None
    numbered = [(k, ln) for k, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
    if len(numbered) < 2:
        raise CliError(f"{path}: expected a header row and at least one data row")
    delimiter = max((",", ";", "\t"), key=numbered[0][1].count)
    cells = list(csv.reader([ln for _, ln in numbered], delimiter=delimiter))
    header = [h.strip() for h in cells[0]]
    if len(set(header)) != len(header):
        raise CliError(f"{path}: the header repeats a column name: {header}")
    rows = []
    for (k, _), row in zip(numbered[1:], cells[1:], strict=True):
        if len(row) != len(header):
            raise CliError(f"{path}, line {k}: {len(row)} cells where the header has "
                           f"{len(header)}")
        rows.append((k, row))
    return header, rows


def _require(path: str | Path, header: list[str], wanted: Sequence[tuple[str, str]]) -> None:
    for arg, col in wanted:
        if col not in header:
            raise CliError(f"{arg}: no column {col!r} in {path}; its columns are "
                           f"{', '.join(header)}")


def read_actors(path: str | Path, *, weights: str, name: str | None = None,
                positions: tuple[str, ...] = ()) -> ActorSet:
    """Actors from a CSV file: one row per actor, a header row, comma, semicolon or tab
    separated.

    Parameters
    ----------
    path : str or Path
    weights : str
        Column of the weights (seats, votes, population).
    name : str, optional
        Column of the names (default: ``name``, ``party`` or ``actor`` if present, else the
        first column).
    positions : tuple of str
        Columns of policy positions (empty cells: no position).

    Raises
    ------
    CliError
        When the file cannot be read, a column is missing or a cell is not a number.

    Examples
    --------
    >>> import tempfile, os
    >>> from foedus.cli.inputs import read_actors
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "parl.csv")
    ...     _ = open(p, "w").write("party;seats;lr\\nA;30;2.5\\nB;20;\\nC;51;7\\n")
    ...     read_actors(p, weights="seats", positions=("lr",)).names
    ('A', 'B', 'C')
    """
    header, rows = _read_csv(path)
    if name is None:
        name = next((c for c in ("name", "party", "actor") if c in header), header[0])
    _require(path, header, (("--name", name), ("--weights", weights),
                            *(("--position", c) for c in positions)))
    col = {c: i for i, c in enumerate(header)}
    names, w, pos = [], [], {c: [] for c in positions}
    for k, row in rows:
        names.append(row[col[name]].strip())
        w.append(_number(row[col[weights]], column=weights, line=k, allow_empty=False))
        for c in positions:
            pos[c].append(_number(row[col[c]], column=c, line=k, allow_empty=True))
    if len(set(names)) != len(names):
        dup = sorted({x for x in names if names.count(x) > 1})
        raise CliError(f"{path}: actor names repeat in column {name!r}: {', '.join(dup)}")
    try:
        return ActorSet(names, {weights: np.array(w)},
                        positions={c: np.array(v) for c, v in pos.items()} or None)
    except (ValueError, TypeError) as exc:
        raise CliError(f"{path}: {exc}") from None


def read_columns(path: str | Path, numeric: Sequence[tuple[str, str]],
                 labels: Sequence[tuple[str, str]] = ()) -> dict[str, np.ndarray]:
    """Columns of a CSV file by name: ``numeric`` ones as floats (every cell a number),
    ``labels`` as strings (e.g. clusters or strata). Both are ``(option, column)`` pairs; the
    option names the command-line argument in errors.

    Examples
    --------
    >>> import tempfile, os
    >>> from foedus.cli.inputs import read_columns
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "cabinets.csv")
    ...     _ = open(p, "w").write("country,months,ended\\nDK,12.5,1\\nDK,30,0\\nNL,7,1\\n")
    ...     cols = read_columns(p, [("--time", "months"), ("--event", "ended")],
    ...                         [("--cluster", "country")])
    >>> cols["months"].tolist(), cols["country"].tolist()
    ([12.5, 30.0, 7.0], ['DK', 'DK', 'NL'])
    """
    header, rows = _read_csv(path)
    _require(path, header, [*numeric, *labels])
    col = {c: i for i, c in enumerate(header)}
    out: dict[str, np.ndarray] = {}
    for _, name in numeric:
        out[name] = np.array([_number(row[col[name]], column=name, line=k, allow_empty=False)
                              for k, row in rows])
    for _, name in labels:
        values = [row[col[name]].strip() for _, row in rows]
        empty = next((k for (k, _), v in zip(rows, values, strict=True) if v == ""), None)
        if empty is not None:
            raise CliError(f"line {empty}: column {name!r} is empty; every row needs a label "
                           "there")
        out[name] = np.array(values, dtype=object)
    return out


def parse_rule(quota: str, weights: str) -> Rule:
    """A decision rule from the command line's ``--quota``.

    ``majority``: more than half of the total weight; ``N%`` or a fraction ``a/b``: at least
    that share of the total (``50%`` lets exact halves win); a number: at least that weight.

    Examples
    --------
    >>> from foedus.cli.inputs import parse_rule
    >>> parse_rule("majority", "seats"), parse_rule("2/3", "seats"), parse_rule("369", "seats")
    (Rule.majority('seats'), Rule.share('2/3', 'seats'), Rule.quota(369, 'seats'))
    """
    q = quota.strip().lower()
    if q in {"majority", "simple"}:
        return Rule.majority(weights)
    try:
        if q.endswith("%"):
            share = Fraction(Decimal(q[:-1])) / 100
        elif "/" in q:
            share = Fraction(q)
        else:
            value = Decimal(q)
            return Rule.quota(int(value) if value == value.to_integral_value() else float(value),
                              weights)
    except (InvalidOperation, ValueError, ZeroDivisionError):
        raise CliError(f"--quota: {quota!r} is not 'majority', a percentage (50%), a fraction "
                       "(2/3) or a weight (369)") from None
    if not 0 < share <= 1:
        raise CliError(f"--quota: a share must be above 0 and at most 100%, got {quota!r}")
    return Rule.share(share, weights)
