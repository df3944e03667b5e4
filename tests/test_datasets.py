"""Tests for foedus.datasets: the bundled data, its loaders and its regeneration."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from foedus import ActorSet
from foedus.datasets import (
    DATASET_FILES,
    bundestag_2021,
    eu_council_2023,
    eu_council_nice_2007,
    load_csv,
    un_security_council,
    us_electoral_college_2024,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "make_datasets.py"
BUNDLED_DIR = REPO_ROOT / "python" / "foedus" / "datasets" / "data"
BUNDLED_README = REPO_ROOT / "python" / "foedus" / "datasets" / "README.md"
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


# ------------------------------------------------------------------------------------------
# Loaders
# ------------------------------------------------------------------------------------------


def test_bundestag_2021() -> None:
    parties = bundestag_2021()
    assert isinstance(parties, ActorSet)
    assert parties.n == 7
    assert parties.names == ("SPD", "CDU+CSU", "B90/Gru", "FDP", "AfD", "PDS|Li", "SSW")
    assert parties.weight_names == ("seats",)
    assert parties.weights.shape == (7, 1)
    assert parties.weights[:, 0].tolist() == [206, 197, 118, 92, 83, 39, 1]
    assert parties.weights.sum() == 736
    assert parties.dimensions == ("left_right", "state_market", "liberty_authority", "eu_anti_pro")
    assert parties.positions.shape == (7, 4)
    # The SSW is unplaced on every dimension; every other party is placed on every dimension.
    assert np.isnan(parties.positions[6]).all()
    assert np.isfinite(parties.positions[:6]).all()
    assert parties.positions[parties.names.index("AfD"), 0] == 8.8
    attrs = parties.attributes
    cabinet = np.asarray(attrs["cabinet_party"], dtype=bool)
    pm = np.asarray(attrs["prime_minister"], dtype=bool)
    assert {parties.names[i] for i in np.flatnonzero(cabinet)} == {"SPD", "B90/Gru", "FDP"}
    assert [parties.names[i] for i in np.flatnonzero(pm)] == ["SPD"]
    assert list(attrs["party_name_english"])[0] == "Social Democratic Party of Germany"
    # The traffic-light cabinet holds 416 of 736 seats: a majority.
    assert parties.weights[cabinet, 0].sum() == 416


def test_eu_council_2023() -> None:
    eu = eu_council_2023()
    assert isinstance(eu, ActorSet)
    assert eu.n == 27
    assert eu.weight_names == ("population", "members")
    assert eu.weights.shape == (27, 2)
    assert int(eu.weights[:, 0].sum()) == 448_387_872
    assert (eu.weights[:, 1] == 1).all()
    assert eu.names[0] == "Germany"
    assert eu.weights[0, 0] == 84_358_845
    assert "Croatia" in eu.names
    assert "United Kingdom" not in eu.names
    assert eu.positions.shape == (27, 0)
    # Rows by population, descending.
    assert (np.diff(eu.weights[:, 0]) < 0).all()


def test_eu_council_nice_2007() -> None:
    nice = eu_council_nice_2007()
    assert isinstance(nice, ActorSet)
    assert nice.n == 27
    assert nice.weight_names == ("votes",)
    assert nice.weights.shape == (27, 1)
    assert int(nice.weights.sum()) == 345
    assert "United Kingdom" in nice.names
    assert "Croatia" not in nice.names
    votes = dict(zip(nice.names, nice.weights[:, 0].tolist(), strict=True))
    assert votes["Germany"] == votes["France"] == votes["United Kingdom"] == votes["Italy"] == 29
    assert votes["Malta"] == 3


def test_un_security_council() -> None:
    unsc = un_security_council()
    assert isinstance(unsc, ActorSet)
    assert unsc.n == 15
    assert unsc.weight_names == ("members",)
    assert (unsc.weights == 1).all()
    permanent = np.asarray(unsc.attributes["permanent"], dtype=bool)
    assert permanent.sum() == 5
    assert [unsc.names[i] for i in np.flatnonzero(permanent)] == [
        "China",
        "France",
        "Russia",
        "United Kingdom",
        "United States",
    ]
    assert set(unsc.names[5:]) == {
        "Algeria",
        "Ecuador",
        "Guyana",
        "Japan",
        "Malta",
        "Mozambique",
        "Republic of Korea",
        "Sierra Leone",
        "Slovenia",
        "Switzerland",
    }
    term_end = np.asarray(unsc.attributes["term_end"], dtype=float)
    assert np.isnan(term_end[permanent]).all()
    assert set(term_end[~permanent].tolist()) == {2024.0, 2025.0}


def test_us_electoral_college_2024() -> None:
    college = us_electoral_college_2024()
    assert isinstance(college, ActorSet)
    assert college.n == 51
    assert college.weight_names == ("electoral_votes",)
    assert int(college.weights.sum()) == 538
    votes = dict(zip(college.names, college.weights[:, 0].tolist(), strict=True))
    assert votes["California"] == 54
    assert votes["Texas"] == 40
    assert votes["Florida"] == 30
    assert votes["New York"] == 28
    assert votes["District of Columbia"] == 3
    assert min(votes.values()) == 3
    assert list(college.names) == sorted(college.names)
    codes = list(college.attributes["postal_code"])
    assert len(set(codes)) == 51
    assert "DC" in codes


def test_loaders_return_fresh_objects() -> None:
    a = bundestag_2021()
    b = bundestag_2021()
    assert a is not b
    np.testing.assert_array_equal(a.weights, b.weights)


# ------------------------------------------------------------------------------------------
# load_csv
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATASET_FILES)
def test_load_csv_columns(name: str) -> None:
    columns = load_csv(name)
    assert columns  # at least one column
    lengths = {len(v) for v in columns.values()}
    assert len(lengths) == 1
    assert lengths.pop() > 0
    for array in columns.values():
        assert isinstance(array, np.ndarray)
        assert array.ndim == 1
    with_suffix = load_csv(f"{name}.csv")
    assert list(with_suffix) == list(columns)


def test_load_csv_types() -> None:
    columns = load_csv("bundestag_2021")
    assert list(columns) == [
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
    assert columns["seats"].dtype == np.int64
    assert columns["left_right"].dtype == np.float64
    assert np.isnan(columns["left_right"][-1])
    assert columns["party"].dtype.kind == "U"
    assert int(columns["seats"].sum()) == 736
    population = load_csv("eu27_population_2023")["population"]
    assert population.dtype == np.int64
    assert int(population.sum()) == 448_387_872
    assert int(load_csv("eu27_nice_2007")["nice_weight"].sum()) == 345


def test_load_csv_bad_name() -> None:
    with pytest.raises(ValueError, match="unknown dataset"):
        load_csv("no_such_dataset")
    with pytest.raises(TypeError):
        load_csv(3)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------
# Provenance: the README's checksums, and regeneration from the shared data
# ------------------------------------------------------------------------------------------


def _bundled_files() -> dict[str, bytes]:
    if not BUNDLED_DIR.is_dir():
        pytest.skip(f"the source tree's data folder is not beside this test: {BUNDLED_DIR}")
    return {p.name: p.read_bytes() for p in sorted(BUNDLED_DIR.glob("*.csv"))}


def test_bundled_files_are_listed() -> None:
    files = _bundled_files()
    assert sorted(files) == sorted(f"{name}.csv" for name in DATASET_FILES)
    for name, data in files.items():
        assert not data.startswith(b"\xef\xbb\xbf"), f"{name} has a BOM"
        assert b"\r" not in data, f"{name} has CR line endings (check git's autocrlf)"
        assert data.endswith(b"\n"), f"{name} does not end with a newline"
        assert not data.startswith(b"#"), f"{name} has a comment line"


def test_readme_checksums() -> None:
    files = _bundled_files()
    if not BUNDLED_README.is_file():
        pytest.skip(f"datasets README not found in the source tree: {BUNDLED_README}")
    readme = BUNDLED_README.read_text(encoding="utf-8")
    for name, data in files.items():
        match = re.search(
            rf"^\| `{re.escape(name)}` \| `[^`]+` \| (\d+) \| `([0-9a-f]{{64}})` \|$",
            readme,
            flags=re.MULTILINE,
        )
        assert match is not None, f"{name} is not in the README's table"
        assert int(match.group(1)) == data.count(b"\n") - 1, f"row count of {name}"
        assert match.group(2) == hashlib.sha256(data).hexdigest(), f"sha256 of {name}"


def test_regenerated_data_is_identical(tmp_path: Path) -> None:
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"shared source data not found at {SHARED_DATA} (it sits beside the repository "
            "only in the project's workspace); regeneration is not checked here"
        )
    if not SCRIPT.is_file():
        pytest.skip(f"generator script not found: {SCRIPT}")
    bundled = _bundled_files()
    out = tmp_path / "data"
    readme = tmp_path / "README.md"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(SHARED_DATA), "--out", str(out), "--readme", str(readme)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    regenerated = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    assert sorted(regenerated) == sorted(bundled)
    for name, data in regenerated.items():
        assert data == bundled[name], (
            f"{name} differs from what scripts/make_datasets.py produces: rerun the script"
        )
    if BUNDLED_README.is_file():
        assert readme.read_bytes() == BUNDLED_README.read_bytes(), (
            "datasets README differs from what scripts/make_datasets.py produces: rerun it"
        )
