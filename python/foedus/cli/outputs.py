"""Writing the ``foedus`` command's results: aligned text, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

__all__ = ["render"]


def _plain(value: Any) -> Any:
    """JSON-ready values: numpy scalars to Python, tuples to lists, NaN to None."""
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return " + ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def render(rows: Sequence[dict[str, Any]], *, fmt: str, title: str = "",
           meta: dict[str, Any] | None = None, limit: int | None = None) -> str:
    """Rows (dicts with the same keys) as ``text`` (a title and an aligned table, at most
    ``limit`` rows), ``json`` (an object with ``meta`` and ``rows``) or ``csv`` (a header and
    every row; lists joined by `` + ``).

    Examples
    --------
    >>> from foedus.cli.outputs import render
    >>> print(render([{"members": ("A", "B"), "seats": 51}], fmt="csv"), end="")
    members,seats
    A + B,51
    """
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        return json.dumps({"meta": {k: _plain(v) for k, v in (meta or {}).items()},
                           "rows": [{k: _plain(v) for k, v in r.items()} for r in rows]},
                          indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r[c]) for c in columns])
        return out.getvalue()
    shown = rows if limit is None else rows[:limit]
    cells = [[_cell(r[c]) for c in columns] for r in shown]
    widths = [max([len(c)] + [len(row[j]) for row in cells]) for j, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) if j == 0 else v.rjust(w)
                         for j, (v, w) in enumerate(zip(values, widths, strict=True))).rstrip()

    text = [title] if title else []
    if columns:
        text += [line(columns), *(line(r) for r in cells)]
    if len(shown) < len(rows):
        text.append(f"... {len(rows) - len(shown)} more (--limit, or --csv / --json for all)")
    return "\n".join(text) + "\n"
