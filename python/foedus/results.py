"""Result objects: frozen dataclasses over read-only numpy arrays, with readable output."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ._optional import import_pandas
from .bitsets import bitset_to_int, ints_to_bitsets

if TYPE_CHECKING:
    from .actors import ActorSet
    from .rules import Rule

__all__ = ["CoalitionTable"]


@dataclass(frozen=True, eq=False)
class CoalitionTable:
    """Coalitions with their attributes, one row per coalition.

    Columns are numpy arrays: ``table["size"]``; ``table.columns`` lists them. Bit ``i`` of
    ``table.masks`` is actor ``i`` of ``table.actors``; ``table.members(row)`` names them.

    Attributes
    ----------
    actors : ActorSet
    rule : Rule
    ranked : bool
        True for top-k results (rows in rank order), False for ascending mask order.
    given_order : bool
        True when the rows are coalitions given by the caller, in the caller's order.
    size_order : bool
        True for size-bounded enumeration over many actors: rows by size, then ascending mask.
    """

    actors: ActorSet
    rule: Rule
    columns_: dict[str, np.ndarray] = field(repr=False)
    ranked: bool = False
    given_order: bool = False
    size_order: bool = False

    def __post_init__(self) -> None:
        for a in self.columns_.values():
            a.setflags(write=False)

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names."""
        return tuple(self.columns_)

    @property
    def masks(self) -> np.ndarray:
        """Coalitions as uint64 bit masks (n <= 64), or as packed bitsets of shape
        ``(len, ceil(n / 64))`` beyond 64 actors (bit ``i % 64`` of word ``i // 64``)."""
        return self.columns_["mask"]

    def __len__(self) -> int:
        return len(self.columns_["mask"])

    def __getitem__(self, column: str) -> np.ndarray:
        try:
            return self.columns_[column]
        except KeyError:
            raise KeyError(f"no column {column!r}; columns: {', '.join(self.columns)}") from None

    def __contains__(self, column: object) -> bool:
        return column in self.columns_

    def take(self, rows: Any) -> CoalitionTable:
        """A table of the given rows (indices or a boolean mask), in that order."""
        idx = np.asarray(rows)
        if idx.dtype == bool:
            if idx.shape != (len(self),):
                raise ValueError(f"rows: a boolean mask needs {len(self)} entries")
            idx = np.flatnonzero(idx)
        cols = {k: np.array(v[idx]) for k, v in self.columns_.items()}
        in_order = bool(np.all(np.diff(idx) > 0))
        return CoalitionTable(self.actors, self.rule, cols, ranked=self.ranked and in_order,
                              given_order=self.given_order or not in_order,
                              size_order=self.size_order and in_order)

    def members(self, row: int) -> tuple[str, ...]:
        """Names of the members of the coalition in ``row``."""
        if not -len(self) <= row < len(self):
            raise IndexError(f"row {row} out of range for a table of {len(self)} coalitions")
        return self.actors.members(self.mask_int(row))

    def mask_int(self, row: int) -> int:
        """The coalition in ``row`` as a Python int (bit i = actor i), for any number of actors."""
        m = self.masks[row]
        return int(m) if m.ndim == 0 else bitset_to_int(m)

    def member_lists(self) -> list[tuple[str, ...]]:
        """Member names of every row."""
        return [self.actors.members(self.mask_int(r)) for r in range(len(self))]

    def find(self, members: Any) -> int | None:
        """Row of the coalition with exactly these members (names or indices), or None."""
        target = self.actors.mask(members)
        if self.masks.ndim == 1:
            hits = np.flatnonzero(self.masks == np.uint64(target))
        else:
            row = ints_to_bitsets([target], self.actors.n)[0]
            hits = np.flatnonzero(np.all(self.masks == row[None, :], axis=1))
        return int(hits[0]) if len(hits) else None

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame with a ``members`` column of name tuples."""
        pd = import_pandas()
        data: dict[str, Any] = {"members": self.member_lists()}
        data.update({k: np.asarray(v) if v.ndim == 1 else
                     np.array([bitset_to_int(r) for r in v], dtype=object)
                     for k, v in self.columns_.items()})
        return pd.DataFrame(data)

    # ---- display ---------------------------------------------------------------------------
    def _summary_columns(self) -> list[str]:
        first = self.actors.weight_names[0]
        cols = ["size", f"weight_{first}", f"share_{first}", "winning", "minimal_winning"]
        if "score" in self.columns_:
            cols.insert(0, "score")
        return cols

    def _rows(self, limit: int) -> list[list[str]]:
        cols = self._summary_columns()
        rows = []
        for r in range(min(len(self), limit)):
            cells = [" + ".join(self.members(r))]
            for c in cols:
                v = self.columns_[c][r]
                if isinstance(v, (float, np.floating)):
                    cells.append(f"{v:.4g}")
                else:
                    cells.append(str(v.item() if hasattr(v, "item") else v))
            rows.append(cells)
        return rows

    def __repr__(self) -> str:
        order = ("rank order" if self.ranked else "given order" if self.given_order
                 else "by size, then mask order" if self.size_order else "mask order")
        head = (f"CoalitionTable: {len(self)} coalitions of {self.actors.n} actors "
                f"({order}), rule {self.rule!r}")
        if len(self) == 0:
            return head
        cols = ["members", *self._summary_columns()]
        rows = self._rows(10)
        widths = [max(len(c), *(len(r[j]) for r in rows)) for j, c in enumerate(cols)]
        widths[0] = min(widths[0], 48)

        def fmt(cells: list[str]) -> str:
            first = cells[0] if len(cells[0]) <= widths[0] else cells[0][: widths[0] - 3] + "..."
            return "  ".join([first.ljust(widths[0])] + [c.rjust(w) for c, w in
                                                         zip(cells[1:], widths[1:], strict=True)])

        lines = [head, fmt(cols)] + [fmt(r) for r in rows]
        if len(self) > 10:
            lines.append(f"... {len(self) - 10} more rows; .to_frame() shows all columns")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cols = ["members", *self._summary_columns()]
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                       for r in self._rows(20))
        more = f"<p>... {len(self) - 20} more rows</p>" if len(self) > 20 else ""
        return (f"<p>CoalitionTable: {len(self)} coalitions of {self.actors.n} actors</p>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}")
