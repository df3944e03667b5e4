#!/usr/bin/env python3
r"""Regenerate the data bundled with ``foedus.datasets``.

Usage::

    python scripts/make_datasets.py [SHARED_DATA] [--out DIR] [--readme FILE]

``SHARED_DATA`` is the folder of public source data (default: ``../shared/data`` relative to the
repository root). The CSV files are written to ``python/foedus/datasets/data/`` and the README
holding each file's source, citation, licence, row count and SHA-256 to
``python/foedus/datasets/README.md`` (with ``--out DIR`` alone: ``DIR/../README.md``).

The output is deterministic: UTF-8 without BOM, ``\n`` line endings, a fixed column order and
row order, integers written as integers, floats written with ``repr`` (shortest round-trip
form), missing values as empty cells. Running the script twice gives byte-identical files;
``tests/test_datasets.py`` checks that the bundled copy is what the script produces.

Two files are hand-written here rather than read from the shared data: the UN Security Council
of 2024 and the US Electoral College of 2024 (see their sources below).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "python" / "foedus" / "datasets" / "data"

Cell = int | float | str | None
Table = tuple[list[str], list[list[Cell]]]


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------


def _format_cell(value: Cell) -> str:
    """Format one cell: ints as ints, floats by repr (NaN/None -> empty), strings stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):  # bool is an int subclass: write it as 0/1
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if not math.isfinite(value):
            raise ValueError(f"non-finite value {value!r} cannot be bundled")
        return repr(value)
    return value.strip()


def _render_csv(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row {row!r} does not have {len(columns)} cells")
        writer.writerow([_format_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _opt_float(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


def _int(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{what}: expected an integer, got {text!r}") from None


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


# --------------------------------------------------------------------------------------------
# Datasets built from the shared data
# --------------------------------------------------------------------------------------------

BUNDESTAG_COLUMNS = [
    "party",
    "party_name_english",
    "seats",
    "left_right",
    "cabinet_party",
    "prime_minister",
    "party_id",
    "state_market",
    "liberty_authority",
    "eu_anti_pro",
]


def make_bundestag_2021(shared: Path) -> Table:
    """Parties of the Bundestag elected in 2021, from ParlGov's cabinet Scholz (2021-12-08)."""
    rows = [
        r
        for r in _read_csv(shared / "parlgov" / "view_cabinet.csv")
        if r["country_name_short"] == "DEU"
        and r["cabinet_name"] == "Scholz"
        and r["start_date"] == "2021-12-08"
    ]
    _check(len(rows) > 0, "ParlGov view_cabinet.csv has no row for cabinet Scholz (2021-12-08)")
    _check(len({r["cabinet_id"] for r in rows}) == 1, "cabinet Scholz matched several cabinets")
    ids = [r["party_id"] for r in rows]
    _check(len(set(ids)) == len(ids), "cabinet Scholz lists a party twice")

    party_rows: dict[str, dict[str, str]] = {}
    for r in _read_csv(shared / "parlgov" / "view_party.csv"):
        if r["party_id"] in party_rows:
            raise ValueError(f"view_party.csv lists party_id {r['party_id']} twice")
        party_rows[r["party_id"]] = r

    parties: list[tuple[int, str, list[Cell]]] = []
    for r in rows:
        seats = _int(r["seats"], f"seats of {r['party_name_short']}")
        p = party_rows.get(r["party_id"], {})
        row: list[Cell] = [
            r["party_name_short"],
            r["party_name_english"],
            seats,
            _opt_float(r["left_right"]),
            _int(r["cabinet_party"], "cabinet_party"),
            _int(r["prime_minister"], "prime_minister"),
            _int(r["party_id"], "party_id"),
            _opt_float(p.get("state_market", "")),
            _opt_float(p.get("liberty_authority", "")),
            _opt_float(p.get("eu_anti_pro", "")),
        ]
        parties.append((seats, r["party_name_short"], row))
    parties.sort(key=lambda t: (-t[0], t[1]))  # seats descending, ties by party name
    total = sum(t[0] for t in parties)
    declared = {_int(r["election_seats_total"], "election_seats_total") for r in rows}
    _check(declared == {total}, f"seats sum to {total}, ParlGov declares {sorted(declared)}")
    n_pm = sum(_int(r["prime_minister"], "prime_minister") for r in rows)
    _check(n_pm == 1, f"expected exactly one prime minister's party, found {n_pm}")
    out = [t[2] for t in parties]
    return BUNDESTAG_COLUMNS, out


# ---- ParlGov cabinets (formation opportunities) ------------------------------------------

PARLGOV_CABINET_COLUMNS = [
    "cabinet_id", "country", "country_name", "election_id", "election_date", "start_date",
    "cabinet_name", "caretaker", "previous_cabinet_id", "seats_total",
]
PARLGOV_MEMBER_COLUMNS = ["cabinet_id", "party_id", "seats", "cabinet_party", "prime_minister"]
PARLGOV_PARTY_COLUMNS = [
    "party_id", "party", "party_name_english", "left_right", "state_market",
    "liberty_authority", "eu_anti_pro",
]


def _parlgov_rows(shared: Path) -> list[dict[str, str]]:
    rows = _read_csv(shared / "parlgov" / "view_cabinet.csv")
    _check(len(rows) > 10000, "ParlGov view_cabinet.csv looks truncated")
    return rows


def make_parlgov_cabinets(shared: Path) -> Table:
    """One row per ParlGov cabinet, in cabinet_id order."""
    cabinets: dict[int, list[Cell]] = {}
    for r in _parlgov_rows(shared):
        cid = _int(r["cabinet_id"], "cabinet_id")
        row: list[Cell] = [
            cid, r["country_name_short"], r["country_name"],
            _int(r["election_id"], "election_id"), r["election_date"], r["start_date"],
            r["cabinet_name"], _int(r["caretaker"], "caretaker"),
            _int(r["previous_cabinet_id"], "previous_cabinet_id")
            if r["previous_cabinet_id"] else None,
            _int(r["election_seats_total"], "election_seats_total"),
        ]
        if cid in cabinets:
            _check(cabinets[cid] == row, f"cabinet {cid}: rows disagree on cabinet fields")
        cabinets[cid] = row
    return PARLGOV_CABINET_COLUMNS, [cabinets[k] for k in sorted(cabinets)]


def make_parlgov_cabinet_parties(shared: Path) -> Table:
    """One row per party per cabinet (government and opposition); a party listed twice in one
    cabinet (14 rows of 1950s France) is merged, its seats added."""
    merged: dict[tuple[int, int], list[int]] = {}
    for r in _parlgov_rows(shared):
        key = (_int(r["cabinet_id"], "cabinet_id"), _int(r["party_id"], "party_id"))
        vals = [_int(r["seats"], "seats"), _int(r["cabinet_party"], "cabinet_party"),
                _int(r["prime_minister"], "prime_minister")]
        if key in merged:
            old = merged[key]
            merged[key] = [old[0] + vals[0], max(old[1], vals[1]), max(old[2], vals[2])]
        else:
            merged[key] = vals
    rows = [[c, p, *v] for (c, p), v in sorted(merged.items())]
    return PARLGOV_MEMBER_COLUMNS, rows


def make_parlgov_parties(shared: Path) -> Table:
    """The parties that appear in ParlGov's cabinets, with their positions (party table, and
    the cabinet table's left_right where the party table has none)."""
    party_rows = {r["party_id"]: r for r in _read_csv(shared / "parlgov" / "view_party.csv")}
    seen: dict[int, list[Cell]] = {}
    for r in _parlgov_rows(shared):
        pid = _int(r["party_id"], "party_id")
        if pid in seen:
            continue
        p = party_rows.get(r["party_id"], {})
        lr = _opt_float(p.get("left_right", "")) if p else None
        if lr is None:
            lr = _opt_float(r["left_right"])
        seen[pid] = [pid, r["party_name_short"], r["party_name_english"], lr,
                     _opt_float(p.get("state_market", "")),
                     _opt_float(p.get("liberty_authority", "")),
                     _opt_float(p.get("eu_anti_pro", ""))]
    return PARLGOV_PARTY_COLUMNS, [seen[k] for k in sorted(seen)]


# ---- King, Alt, Burns & Laver (1990) cabinet durations -----------------------------------

KABL_COLUMNS = ["duration", "ciep12", "invest", "fract", "polar", "numst2", "crisis"]


def make_kabl1990(shared: Path) -> Table:
    """The 314 cabinets of King, Alt, Burns & Laver (1990), source row order."""
    rows = _read_csv(shared / "kabl1990" / "coalition.csv")
    _check(len(rows) == 314, f"expected 314 cabinets, found {len(rows)}")
    out: list[list[Cell]] = []
    for r in rows:
        dur = float(r["duration"])
        out.append([int(dur) if dur.is_integer() else dur] + [
            _int(r[c], c) for c in KABL_COLUMNS[1:]])
    return KABL_COLUMNS, out


def _num(text: str) -> Cell:
    """An int when integral, else a float; empty -> missing."""
    if text.strip() == "":
        return None
    x = float(text)
    return int(x) if x.is_integer() else x


def _cow_abbreviations(shared: Path) -> dict[int, str]:
    out: dict[int, str] = {}
    for r in _read_csv(shared / "cow" / "cow_states.csv"):
        out[_int(r["ccode"].removesuffix(".0"), "ccode")] = r["stateabb"]
    return out


COW_NMC_COLUMNS = ["ccode", "stateabb", "year", "milex", "milper", "irst", "pec", "tpop",
                   "upop", "cinc"]


def make_cow_nmc(shared: Path) -> Table:
    """COW National Material Capabilities v6, by ccode and year, with the state abbreviation."""
    abb = _cow_abbreviations(shared)
    rows = _read_csv(shared / "cow" / "cow_nmc.csv")
    _check(len(rows) == 17121, f"expected 17,121 state-years, found {len(rows)}")
    out: list[list[Cell]] = []
    for r in rows:
        code = int(float(r["ccode"]))
        out.append([code, abb[code], int(float(r["year"]))] + [
            _num(r[c]) for c in COW_NMC_COLUMNS[3:9]] + [float(r["cinc"])])
    out.sort(key=lambda row: (row[0], row[2]))
    return COW_NMC_COLUMNS, out


COW_DATE_COLUMNS = ["styear", "stmonth", "stday", "endyear", "endmonth", "endday"]


def make_cow_states(shared: Path) -> Table:
    """COW state-system membership spells (a state may have several)."""
    rows = _read_csv(shared / "cow" / "cow_states.csv")
    _check(len(rows) == 243, f"expected 243 membership spells, found {len(rows)}")
    out = [[int(float(r["ccode"])), r["stateabb"], r["statenme"]] + [
        int(float(r[c])) for c in COW_DATE_COLUMNS] for r in rows]
    out.sort(key=lambda row: (row[0], row[3]))
    return ["ccode", "stateabb", "statenme"] + COW_DATE_COLUMNS, out


def make_cow_majors(shared: Path) -> Table:
    """COW major-power spells."""
    abb = _cow_abbreviations(shared)
    rows = _read_csv(shared / "cow" / "cow_majors.csv")
    _check(len(rows) == 14, f"expected 14 major-power spells, found {len(rows)}")
    out = [[int(float(r["ccode"])), abb[int(float(r["ccode"]))]] + [
        int(float(r[c])) for c in COW_DATE_COLUMNS] for r in rows]
    out.sort(key=lambda row: (row[0], row[2]))
    return ["ccode", "stateabb"] + COW_DATE_COLUMNS, out


ATOP_COLUMNS = ["ccode1", "ccode2", "year", "defense", "offense", "neutral", "nonagg",
                "consul"]


def make_atop_dyads(shared: Path) -> Table:
    """ATOP 5.0 undirected dyad-years with an obligation, by year, ccode1, ccode2."""
    import gzip
    with gzip.open(shared / "atop" / "atop_dyad_year.csv.gz", "rt", encoding="utf-8",
                   newline="") as fh:
        rows = list(csv.DictReader(fh))
    _check(len(rows) == 136648, f"expected 136,648 dyad-years, found {len(rows)}")
    out = []
    for r in rows:
        a, b = _int(r["ccode1"], "ccode1"), _int(r["ccode2"], "ccode2")
        _check(a < b, f"expected ccode1 < ccode2, got {a}, {b}")
        out.append([a, b, _int(r["year"], "year")] + [
            _int(r[f"atop_{c}"], c) for c in ATOP_COLUMNS[3:]])
    out.sort(key=lambda row: (row[2], row[0], row[1]))
    return ATOP_COLUMNS, out


COW_WAR_COLUMNS = ["warnum", "ccode1", "ccode2", "year", "onset", "side1", "side2",
                   "initiator1", "initiator2", "outcome1", "outcome2", "batdeath1", "batdeath2",
                   "resume"]


def make_cow_war_dyads(shared: Path) -> Table:
    """COW inter-state war participants as directed dyad-years (codes as integers)."""
    rows = _read_csv(shared / "cow" / "cow_war_inter.csv")
    _check(len(rows) == 1932, f"expected 1,932 directed dyad-years, found {len(rows)}")
    src = ["warnum", "ccode1", "ccode2", "year", "cowinteronset", "sidea1", "sidea2",
           "initiator1", "initiator2", "outcome1", "outcome2", "batdeath1", "batdeath2",
           "resume"]
    out = [[_num(r[c]) for c in src] for r in rows]
    out.sort(key=lambda row: (row[0], row[3], row[1], row[2]))
    return COW_WAR_COLUMNS, out


def _copy_eu(path: Path, value_column: str, expected_total: int) -> Table:
    src = _read_csv(path)
    columns = ["member", "iso2", value_column]
    _check(
        len(src) > 0 and list(src[0].keys()) == columns,
        f"{path.name}: expected columns {columns}",
    )
    out: list[list[Cell]] = []
    for r in src:
        value = _int(r[value_column], f"{path.name} {value_column} of {r['member']}")
        _check(value > 0, f"{path.name}: {value_column} of {r['member']} is not positive")
        out.append([r["member"].strip(), r["iso2"].strip(), value])
    _check(len(out) == 27, f"{path.name}: expected 27 members, found {len(out)}")
    _check(len({row[0] for row in out}) == 27, f"{path.name}: duplicate member names")
    _check(len({row[1] for row in out}) == 27, f"{path.name}: duplicate iso2 codes")
    total = sum(int(r[value_column]) for r in src)
    _check(total == expected_total, f"{path.name}: total {total}, expected {expected_total}")
    return columns, out


def make_eu27_population_2023(shared: Path) -> Table:
    """EU-27 populations on 1 January 2023 (Eurostat), source row order kept."""
    return _copy_eu(shared / "eu" / "eu27_population_2023.csv", "population", 448_387_872)


def make_eu27_nice_2007(shared: Path) -> Table:
    """Treaty of Nice Council votes of the EU-27 of 2007-2013, source row order kept."""
    return _copy_eu(shared / "eu" / "eu27_nice_2007.csv", "nice_weight", 345)


# --------------------------------------------------------------------------------------------
# Hand-written datasets
# --------------------------------------------------------------------------------------------

# United Nations Security Council, composition in 2024. Permanent members (UN Charter, Art. 23)
# first, then the ten elected members; each group in alphabetical order. term_end is the last
# year of an elected member's two-year term (elected 2022 for 2023-24, 2023 for 2024-25).
UNSC_2024: list[tuple[str, str, int, int | None]] = [
    ("China", "CN", 1, None),
    ("France", "FR", 1, None),
    ("Russia", "RU", 1, None),
    ("United Kingdom", "GB", 1, None),
    ("United States", "US", 1, None),
    ("Algeria", "DZ", 0, 2025),
    ("Ecuador", "EC", 0, 2024),
    ("Guyana", "GY", 0, 2025),
    ("Japan", "JP", 0, 2024),
    ("Malta", "MT", 0, 2024),
    ("Mozambique", "MZ", 0, 2024),
    ("Republic of Korea", "KR", 0, 2025),
    ("Sierra Leone", "SL", 0, 2025),
    ("Slovenia", "SI", 0, 2025),
    ("Switzerland", "CH", 0, 2024),
]


def make_un_security_council(shared: Path) -> Table:  # noqa: ARG001 - uniform signature
    """Build the 15 members of the UN Security Council in 2024 (hand-written)."""
    _check(len(UNSC_2024) == 15, "the Security Council has 15 members")
    _check(sum(r[2] for r in UNSC_2024) == 5, "the Security Council has 5 permanent members")
    _check(len({r[0] for r in UNSC_2024}) == 15, "duplicate Security Council member")
    return ["member", "iso2", "permanent", "term_end"], [list(r) for r in UNSC_2024]


# Electoral votes for the presidential elections of 2024 and 2028, apportioned after the 2020
# census (3 U.S.C. 3; 23rd Amendment for DC): National Archives, Office of the Federal Register.
# Alphabetical by the unit's name. Maine and Nebraska allocate some of their votes by
# congressional district; here every unit is a single winner-take-all bloc.
US_ELECTORAL_VOTES_2024: list[tuple[str, str, int]] = [
    ("Alabama", "AL", 9),
    ("Alaska", "AK", 3),
    ("Arizona", "AZ", 11),
    ("Arkansas", "AR", 6),
    ("California", "CA", 54),
    ("Colorado", "CO", 10),
    ("Connecticut", "CT", 7),
    ("Delaware", "DE", 3),
    ("District of Columbia", "DC", 3),
    ("Florida", "FL", 30),
    ("Georgia", "GA", 16),
    ("Hawaii", "HI", 4),
    ("Idaho", "ID", 4),
    ("Illinois", "IL", 19),
    ("Indiana", "IN", 11),
    ("Iowa", "IA", 6),
    ("Kansas", "KS", 6),
    ("Kentucky", "KY", 8),
    ("Louisiana", "LA", 8),
    ("Maine", "ME", 4),
    ("Maryland", "MD", 10),
    ("Massachusetts", "MA", 11),
    ("Michigan", "MI", 15),
    ("Minnesota", "MN", 10),
    ("Mississippi", "MS", 6),
    ("Missouri", "MO", 10),
    ("Montana", "MT", 4),
    ("Nebraska", "NE", 5),
    ("Nevada", "NV", 6),
    ("New Hampshire", "NH", 4),
    ("New Jersey", "NJ", 14),
    ("New Mexico", "NM", 5),
    ("New York", "NY", 28),
    ("North Carolina", "NC", 16),
    ("North Dakota", "ND", 3),
    ("Ohio", "OH", 17),
    ("Oklahoma", "OK", 7),
    ("Oregon", "OR", 8),
    ("Pennsylvania", "PA", 19),
    ("Rhode Island", "RI", 4),
    ("South Carolina", "SC", 9),
    ("South Dakota", "SD", 3),
    ("Tennessee", "TN", 11),
    ("Texas", "TX", 40),
    ("Utah", "UT", 6),
    ("Vermont", "VT", 3),
    ("Virginia", "VA", 13),
    ("Washington", "WA", 12),
    ("West Virginia", "WV", 4),
    ("Wisconsin", "WI", 10),
    ("Wyoming", "WY", 3),
]


def make_us_electoral_college_2024(shared: Path) -> Table:  # noqa: ARG001 - uniform signature
    """Build the electoral votes of the 50 states and DC in 2024 (hand-written)."""
    rows = US_ELECTORAL_VOTES_2024
    _check(len(rows) == 51, "expected 51 units (50 states + DC)")
    _check(len({r[1] for r in rows}) == 51, "duplicate postal code")
    _check([r[0] for r in rows] == sorted(r[0] for r in rows), "units must be alphabetical")
    _check(sum(r[2] for r in rows) == 538, "electoral votes must total 538")
    _check(all(r[2] >= 3 for r in rows), "every unit has at least 3 electoral votes")
    return ["state", "postal_code", "electoral_votes"], [list(r) for r in rows]


# --------------------------------------------------------------------------------------------
# Registry of files, with their provenance for the README
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One bundled file: how to build it and where it comes from."""

    filename: str
    build: Callable[[Path], Table]
    loader: str
    description: str
    source: str
    citation: str
    licence: str


PARLGOV_CITATION = (
    "Döring, Holger, Constantin Huber and Philip Manow (2023). Parliaments and governments "
    "database (ParlGov): Information on parties, elections and cabinets in established "
    "democracies. Development version. https://www.parlgov.org/"
)

SPECS: tuple[Spec, ...] = (
    Spec(
        filename="bundestag_2021.csv",
        build=make_bundestag_2021,
        loader="bundestag_2021()",
        description=(
            "Parties of the German Bundestag elected on 2021-09-26, as listed for cabinet Scholz "
            "(start 2021-12-08; government and opposition). Columns: party (ParlGov "
            "party_name_short), party_name_english, seats, left_right (ParlGov, 0 = left, "
            "10 = right; empty = unplaced), cabinet_party and prime_minister (0/1), party_id "
            "(ParlGov), and state_market, liberty_authority, eu_anti_pro (0-10) from ParlGov's "
            "party table (empty where ParlGov has none). Rows by seats descending, ties by party."
        ),
        source=(
            "ParlGov development release 2023: `view_cabinet.csv` (rows with "
            "country_name_short DEU, cabinet_name Scholz, start_date 2021-12-08) joined on "
            "party_id with `view_party.csv`."
        ),
        citation=PARLGOV_CITATION,
        licence="CC0, as stated by the ParlGov maintainers.",
    ),
    Spec(
        filename="eu27_population_2023.csv",
        build=make_eu27_population_2023,
        loader="eu_council_2023()",
        description=(
            "Population of the 27 EU member states on 1 January 2023. Columns: member, iso2 "
            "(Eurostat country codes: EL = Greece), population. Source row order (by "
            "population, descending)."
        ),
        source=(
            "Eurostat, population on 1 January 2023 (dataset demo_pjan), as transcribed in "
            "public sources. The Council's official QMV population table (Annex III of its "
            "Rules of Procedure) may differ in the last digits."
        ),
        citation="Eurostat (2023). Population on 1 January. Luxembourg: Eurostat.",
        licence=(
            "Eurostat re-use policy (Commission Decision 2011/833/EU): free re-use with "
            "acknowledgement of the source."
        ),
    ),
    Spec(
        filename="eu27_nice_2007.csv",
        build=make_eu27_nice_2007,
        loader="eu_council_nice_2007()",
        description=(
            "Council votes under the Treaty of Nice for the 27 members of 2007-2013 (with the "
            "United Kingdom, before Croatia): total 345; a qualified majority needs 255 votes "
            "(plus a majority of members and, on request, 62% of the population). Columns: "
            "member, iso2 (Eurostat codes: EL = Greece, UK = United Kingdom), nice_weight. "
            "Source row order."
        ),
        source=(
            "Treaty of Nice, Protocol on the enlargement of the European Union, Art. 3 "
            "(OJ C 80, 10.3.2001), as amended by the 2003 and 2005 Acts of Accession."
        ),
        citation=(
            "Treaty of Nice amending the Treaty on European Union, the Treaties establishing "
            "the European Communities and certain related acts, OJ C 80, 10.3.2001; Act of "
            "Accession of Bulgaria and Romania, OJ L 157, 21.6.2005."
        ),
        licence=(
            "EU legal texts: official documents, re-use authorised (Commission Decision "
            "2011/833/EU)."
        ),
    ),
    Spec(
        filename="un_security_council.csv",
        build=make_un_security_council,
        loader="un_security_council()",
        description=(
            "The 15 members of the UN Security Council in 2024: the 5 permanent members, then "
            "the 10 elected members, each group alphabetical. Columns: member, iso2 (ISO 3166-1), "
            "permanent (0/1), term_end (last year of an elected member's term; empty for "
            "permanent members). Hand-written in `scripts/make_datasets.py`."
        ),
        source=(
            "Charter of the United Nations, Art. 23 (permanent members); United Nations "
            "Security Council, Current Members, https://main.un.org/securitycouncil/en/content/"
            "current-members (elected members for 2024, chosen by the General Assembly in "
            "June 2022 and June 2023)."
        ),
        citation=(
            "United Nations Security Council (2024). Current Members. New York: United Nations."
        ),
        licence="Facts from official UN documents; no copyrightable expression reproduced.",
    ),
    Spec(
        filename="us_electoral_college_2024.csv",
        build=make_us_electoral_college_2024,
        loader="us_electoral_college_2024()",
        description=(
            "Electoral votes of the 50 states and the District of Columbia for the 2024 "
            "presidential election (2020-census apportionment; total 538, 270 to win). "
            "Columns: state, postal_code, electoral_votes. Alphabetical by state. Maine and "
            "Nebraska split their votes by congressional district; this table treats every "
            "unit as one bloc. Hand-written in `scripts/make_datasets.py`."
        ),
        source=(
            "U.S. National Archives and Records Administration, Office of the Federal "
            "Register, Distribution of Electoral Votes (2024 and 2028 elections), "
            "https://www.archives.gov/electoral-college/allocation."
        ),
        citation=(
            "Office of the Federal Register. Distribution of Electoral Votes: 2024 and 2028 "
            "presidential elections. Washington, DC: U.S. National Archives and Records "
            "Administration."
        ),
        licence="Work of the U.S. federal government: public domain.",
    ),
    Spec(
        filename="parlgov_cabinets.csv",
        build=make_parlgov_cabinets,
        loader="parlgov_formations()",
        description=(
            "Every cabinet in ParlGov, one row each (cabinet_id order). Columns: cabinet_id, "
            "country (ParlGov short name), country_name, election_id, election_date, "
            "start_date, cabinet_name, caretaker (0/1), previous_cabinet_id (empty for a "
            "country's first cabinet), seats_total (ParlGov's election_seats_total)."
        ),
        source="ParlGov development release 2023: `view_cabinet.csv`, cabinet-level columns.",
        citation=PARLGOV_CITATION,
        licence="CC0, as stated by the ParlGov maintainers.",
    ),
    Spec(
        filename="parlgov_cabinet_parties.csv",
        build=make_parlgov_cabinet_parties,
        loader="parlgov_formations()",
        description=(
            "The parties in parliament at each cabinet's formation, government and opposition "
            "(one row per cabinet and party; by cabinet_id, party_id). Columns: cabinet_id, "
            "party_id, seats, cabinet_party and prime_minister (0/1). Seven cabinets of 1950s "
            "France list one party twice; those rows are merged (seats added)."
        ),
        source="ParlGov development release 2023: `view_cabinet.csv`.",
        citation=PARLGOV_CITATION,
        licence="CC0, as stated by the ParlGov maintainers.",
    ),
    Spec(
        filename="parlgov_parties.csv",
        build=make_parlgov_parties,
        loader="parlgov_formations()",
        description=(
            "The parties that appear in ParlGov's cabinets (by party_id). Columns: party_id, "
            "party (ParlGov party_name_short; `none` = no party affiliation, `one-seat` = "
            "one-seat parties together), party_name_english, left_right, state_market, "
            "liberty_authority, eu_anti_pro (0-10; empty where ParlGov has none). left_right "
            "is the party table's, or the cabinet table's where the party table has none."
        ),
        source=(
            "ParlGov development release 2023: `view_cabinet.csv` joined on party_id with "
            "`view_party.csv`."
        ),
        citation=PARLGOV_CITATION,
        licence="CC0, as stated by the ParlGov maintainers.",
    ),
    Spec(
        filename="cow_nmc.csv",
        build=make_cow_nmc,
        loader="cow_capabilities()",
        description=(
            "Correlates of War National Material Capabilities, one row per state-year "
            "1816-2022 (by ccode, year; labelled v6 in the source copy, whose documentation "
            "covers 1816-2016). Columns: ccode, stateabb (from the state system "
            "list), year, milex (military expenditure, thousands of current US dollars; before "
            "1914 of current UK pounds), milper (military personnel, thousands), irst (iron and "
            "steel production, thousands of tons), pec (primary energy consumption, thousands "
            "of coal-ton equivalents), tpop and upop (total and urban population, thousands), "
            "cinc (composite index of national capability: the mean of the six shares of the "
            "system total). Missing values are empty."
        ),
        source="COW National Material Capabilities dataset, version 6.0 (`NMC-60-abridged`).",
        citation=(
            "Singer, J. David, Stuart Bremer and John Stuckey (1972). Capability Distribution, "
            "Uncertainty, and Major Power War, 1820-1965. In Bruce Russett (ed.), Peace, War, "
            "and Numbers, 19-48. Beverly Hills: Sage. Greig, J. Michael and Andrew J. Enterline "
            "(2017), National Material Capabilities (NMC) Data Documentation, version 6.0."
        ),
        licence="Correlates of War Project data: free for research use with citation.",
    ),
    Spec(
        filename="cow_states.csv",
        build=make_cow_states,
        loader="cow_states()",
        description=(
            "The COW state system 1816-2016: membership spells (a state may have several). "
            "Columns: ccode, stateabb, statenme, styear, stmonth, stday, endyear, endmonth, "
            "endday. By ccode and start year."
        ),
        source="COW State System Membership List, version 2016 (`states2016`).",
        citation=(
            "Correlates of War Project (2017). State System Membership List, v2016. "
            "http://correlatesofwar.org"
        ),
        licence="Correlates of War Project data: free for research use with citation.",
    ),
    Spec(
        filename="cow_majors.csv",
        build=make_cow_majors,
        loader="cow_major_powers()",
        description=(
            "COW major powers 1816-2016: spells of major-power status. Columns: ccode, "
            "stateabb, styear, stmonth, stday, endyear, endmonth, endday. By ccode and start."
        ),
        source="COW State System Membership List, version 2016 (`majors2016`).",
        citation=(
            "Correlates of War Project (2017). State System Membership List, v2016. "
            "http://correlatesofwar.org"
        ),
        licence="Correlates of War Project data: free for research use with citation.",
    ),
    Spec(
        filename="atop_dyads.csv",
        build=make_atop_dyads,
        loader="atop_dyads()",
        description=(
            "ATOP 5.0 alliance obligations as undirected dyad-years with at least one "
            "obligation, 1815-2018 (ccode1 < ccode2, COW state codes; by year, ccode1, ccode2). "
            "Columns: ccode1, ccode2, year, defense, offense, neutral, nonagg, consul (0/1: an "
            "alliance in force that year obliges the pair to defend, join an offence, stay "
            "neutral, not attack, or consult)."
        ),
        source=(
            "ATOP 5.0 dyad-year data as converted by the peacesciencer R package "
            "(`atop_alliance`), directed rows with ccode1 > ccode2 dropped."
        ),
        citation=(
            "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. "
            "Long (2002). Alliance Treaty Obligations and Provisions, 1815-1944. International "
            "Interactions 28: 237-260. ATOP codebook version 5.0 (2020)."
        ),
        licence="ATOP data: free for research use with citation.",
    ),
    Spec(
        filename="cow_war_dyads.csv",
        build=make_cow_war_dyads,
        loader="cow_war_dyads()",
        description=(
            "COW inter-state wars as directed dyad-years of participants on opposite sides "
            "(by warnum, year, ccode1, ccode2). Columns: warnum, ccode1, ccode2, year, onset "
            "(1 = the dyad's war starts that year), side1, side2 (1 = side A, 2 = side B), "
            "initiator1/2 (1 = on the initiating side), outcome1/2 (1 winner, 2 loser, 3 "
            "compromise or tie, 4 transformed into another war, 5 ongoing, 6 stalemate), "
            "batdeath1/2 (battle deaths; -9 or empty when unknown), resume."
        ),
        source=(
            "COW Inter-State War data in directed dyad-year form, as in the project's shared "
            "data (`cow_war_inter.csv`; codes stored there as floats, written here as integers)."
        ),
        citation=(
            "Sarkees, Meredith Reid and Frank Wayman (2010). Resort to War: 1816-2007. "
            "Washington DC: CQ Press."
        ),
        licence="Correlates of War Project data: free for research use with citation.",
    ),
    Spec(
        filename="kabl1990.csv",
        build=make_kabl1990,
        loader="kabl_1990()",
        description=(
            "Cabinet durations of King, Alt, Burns and Laver (1990): 314 cabinets in 15 "
            "parliamentary democracies, 1945-87. Columns: duration (months), ciep12 (1 = ended, "
            "0 = censored 12 months before the constitutional inter-election period), invest "
            "(investiture vote required), fract (fractionalisation x 1000), polar (support for "
            "extremist parties), numst2 (1 = majority government), crisis (days of formation "
            "crisis). Source row order."
        ),
        source="King et al. (1990), as distributed with the R package Zelig (`coalition`).",
        citation=(
            "King, Gary, James E. Alt, Nancy E. Burns and Michael Laver (1990). A Unified Model "
            "of Cabinet Dissolution in Parliamentary Democracies. American Journal of "
            "Political Science 34(3): 846-871."
        ),
        licence="Replication data distributed for research with the Zelig package (GPL).",
    ),
)


def render_all(shared: Path) -> dict[str, bytes]:
    """Build every bundled file; return {filename: bytes}."""
    return {spec.filename: _render_csv(*spec.build(shared)) for spec in SPECS}


def render_readme(files: dict[str, bytes]) -> bytes:
    """Render the datasets README: each file's source, citation, licence, rows, SHA-256."""
    lines = [
        "# Bundled datasets",
        "",
        "Small public data sets shipped with `foedus` and loaded by `foedus.datasets`.",
        "This file and everything in `data/` are generated by `scripts/make_datasets.py` from",
        "the project's shared source data (two files are hand-written in that script); do not",
        "edit them by hand. The CSV files are UTF-8 with `\\n` line endings, a header row, no",
        "comments; missing values are empty cells; floats are written in shortest round-trip",
        "form.",
        "",
        "| file | loader | rows | sha256 |",
        "|---|---|---:|---|",
    ]
    for spec in SPECS:
        data = files[spec.filename]
        n_rows = data.count(b"\n") - 1
        digest = hashlib.sha256(data).hexdigest()
        lines.append(f"| `{spec.filename}` | `{spec.loader}` | {n_rows} | `{digest}` |")
    for spec in SPECS:
        data = files[spec.filename]
        n_rows = data.count(b"\n") - 1
        lines += [
            "",
            f"## `{spec.filename}`",
            "",
            spec.description,
            "",
            f"- **Rows:** {n_rows}",
            f"- **SHA-256:** `{hashlib.sha256(data).hexdigest()}`",
            f"- **Source:** {spec.source}",
            f"- **Citation:** {spec.citation}",
            f"- **Licence:** {spec.licence}",
        ]
    lines.append("")
    return "\n".join(lines).encode("utf-8")


def write_all(shared: Path, out: Path, readme: Path | None) -> list[Path]:
    """Write the bundled CSV files to ``out`` and the README to ``readme``; return the paths."""
    if not shared.is_dir():
        raise FileNotFoundError(f"shared data folder not found: {shared}")
    files = render_all(shared)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    if readme is not None:
        readme.parent.mkdir(parents=True, exist_ok=True)
        readme.write_bytes(render_readme(files))
        written.append(readme)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "shared",
        nargs="?",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder of shared source data (default: ../shared/data beside the repository)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="output folder for the CSV files (default: python/foedus/datasets/data)",
    )
    parser.add_argument(
        "--readme",
        type=Path,
        default=None,
        help="path of the generated README (default: OUT/../README.md)",
    )
    args = parser.parse_args(argv)
    readme = args.readme if args.readme is not None else args.out.parent / "README.md"
    try:
        written = write_all(args.shared, args.out, readme)
    except (FileNotFoundError, ValueError) as exc:
        print(f"make_datasets: error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
