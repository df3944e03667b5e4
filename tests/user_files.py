"""CSV files as users of the ``foedus`` command would write them, from the bundled data (for
the command-line tests and the README's command lines)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from foedus.datasets import (
    bundestag_2021,
    eu_council_nice_2007,
    kabl_1990,
    parlgov_cabinet_durations,
)


def _write(path: Path, header: list[str], rows: list[list[object]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_parl_csv(path: Path) -> Path:
    """The 2021 Bundestag: party;seats;lr (semicolons; an empty cell for no position)."""
    parl = bundestag_2021()
    lr = parl.positions[:, parl.dimension("left_right")]
    rows = [[name, int(seats), "" if np.isnan(x) else repr(float(x))]
            for name, seats, x in zip(parl.names, parl.weight("seats"), lr, strict=True)]
    return _write(path, ["party", "seats", "lr"], rows, delimiter=";")


def write_council_csv(path: Path) -> Path:
    """The EU Council under the Treaty of Nice: name,votes."""
    council = eu_council_nice_2007()
    return _write(path, ["name", "votes"],
                  [[n, int(v)] for n, v in zip(council.names, council.weight("votes"),
                                               strict=True)])


def write_kabl_csv(path: Path) -> Path:
    """King, Alt, Burns and Laver's (1990) cabinets, every column."""
    d = kabl_1990()
    rows = [[repr(float(d[c][i])) for c in d] for i in range(len(d["duration"]))]
    return _write(path, list(d), rows)


def cabinet_columns() -> dict[str, np.ndarray]:
    """ParlGov cabinets with parties (caretakers dropped), as in the demo's duration model."""
    cab = parlgov_cabinet_durations(include_caretakers=False)
    keep = np.asarray(cab["n_parties"]) > 0
    return {"country": np.asarray(cab["country"])[keep],
            "months": np.asarray(cab["duration_months"], dtype=float)[keep],
            "ended": np.asarray(cab["ended"], dtype=float)[keep],
            "seat_share": np.asarray(cab["seat_share"], dtype=float)[keep],
            "n_parties": np.asarray(cab["n_parties"], dtype=float)[keep]}


def write_cabinets_csv(path: Path) -> Path:
    """:func:`cabinet_columns` as country;months;ended;seat_share;n_parties."""
    cols = cabinet_columns()
    rows = [[cols["country"][i], *(repr(float(cols[c][i])) for c in list(cols)[1:])]
            for i in range(len(cols["months"]))]
    return _write(path, list(cols), rows, delimiter=";")
