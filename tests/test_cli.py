"""The ``foedus`` command: the demo, users' files (coalitions, power, partition), output
formats and errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from user_files import write_cabinets_csv, write_council_csv, write_parl_csv

import foedus
from foedus.cli import main
from foedus.datasets import bundestag_2021, formation_demo_model
from foedus.datasets.demo_model import fit_demo_model
from foedus.structures import generate_values, write_values


def test_python_m_foedus_prints_the_demo() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "foedus"], capture_output=True, text=True, check=True, timeout=300
    ).stdout
    assert "Minimal winning coalitions (7)" in out
    assert "Cabinet formed: SPD + B90/Gru + FDP (minimal winning)" in out
    for section in ("Government formation", "Power in the EU Council", "Power in the US",
                    "Coalitions, alliances and networks", "How long cabinets last"):
        assert f"== {section}" in out
    assert "the cabinet that formed ranks 4 of" in out  # as in the README's model
    assert "NATO" in out and "community" in out
    assert "predicted median" in out


def test_demo_subcommand(capsys) -> None:
    assert main(["demo"]) == 0
    assert "Penrose" in capsys.readouterr().out


def test_shipped_formation_model_is_the_refitted_one() -> None:
    shipped, refit = formation_demo_model(), fit_demo_model()
    assert shipped.feature_names_ == refit.feature_names_
    np.testing.assert_allclose(shipped.coef_, refit.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(shipped.se_, refit.se_, rtol=1e-6)
    assert shipped.n_candidates_ == refit.n_candidates_
    assert shipped.loglik_ == pytest.approx(refit.loglik_, rel=1e-10)


def test_config_command(capsys) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"foedus {foedus.__version__}")
    assert "OpenMP:" in out and "threads:" in out


def test_show_config_reports_openmp_and_threads(capsys) -> None:
    foedus.show_config()
    text = capsys.readouterr().out
    info = foedus.get_config()
    assert ("on (OpenMP" in text) == info["openmp"]
    assert f"threads:         {info['max_threads']}" in text


@pytest.fixture()
def parl_csv(tmp_path: Path) -> Path:
    return write_parl_csv(tmp_path / "bundestag.csv")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_coalitions_command_matches_the_library(capsys, parl_csv: Path) -> None:
    parl = bundestag_2021()
    rule = foedus.Rule.majority("seats")
    code, out, _ = run(capsys, "coalitions", str(parl_csv), "--weights", "seats",
                       "--theory", "mcw", "--position", "lr", "--json")
    assert code == 0
    data = json.loads(out)
    want = foedus.enumerate_coalitions(parl, rule, minimal=True, connected="left_right")
    assert sorted(tuple(r["members"]) for r in data["rows"]) == sorted(want.member_lists())
    assert data["meta"]["theory"] == "minimal_connected"
    code, out, _ = run(capsys, "coalitions", str(parl_csv), "--weights", "seats", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    mwc = foedus.enumerate_coalitions(parl, rule, minimal=True)
    assert sorted(r["members"] for r in rows) == sorted(" + ".join(m)
                                                        for m in mwc.member_lists())
    assert {int(r["seats"]) for r in rows} == set(mwc["weight_seats"].tolist())
    code, out, _ = run(capsys, "coalitions", str(parl_csv), "--weights", "seats",
                       "--quota", "50%", "--theory", "winning", "--limit", "3")
    assert code == 0 and "... " in out and "more (--limit" in out
    n_half = foedus.count_coalitions(parl, foedus.Rule.share("1/2", "seats"), winning=True)
    assert out.splitlines()[0].startswith(f"{n_half} coalitions")


def test_power_command_matches_the_library(capsys, parl_csv: Path) -> None:
    parl = bundestag_2021()
    code, out, _ = run(capsys, "power", str(parl_csv), "--weights", "seats", "--quota",
                       "2/3", "--index", "banzhaf,shapley_shubik", "--json")
    assert code == 0
    rows = {r["actor"]: r for r in json.loads(out)["rows"]}
    rule = foedus.Rule.share("2/3", "seats")
    for index in ("banzhaf", "shapley_shubik"):
        ref = foedus.power_indices(parl, rule, index=index).to_dict()
        assert {a: rows[a][index] for a in ref} == pytest.approx(ref, rel=1e-12)
    code, out, _ = run(capsys, "power", str(parl_csv), "--weights", "seats", "--index",
                       "shapley_shubik", "--exact", "--csv")
    total = sum(__import__("fractions").Fraction(r["shapley_shubik"])
                for r in csv.DictReader(io.StringIO(out)))
    assert total == 1


def test_count_option_matches_the_library(capsys, parl_csv: Path) -> None:
    parl = bundestag_2021()
    code, out, _ = run(capsys, "coalitions", str(parl_csv), "--weights", "seats", "--theory",
                       "winning", "--count", "--json")
    data = json.loads(out)
    want = foedus.count_coalitions(parl, foedus.Rule.majority("seats"), winning=True)
    assert code == 0 and data["rows"] == [{"coalitions": want, "method": want.method}]
    code, out, _ = run(capsys, "coalitions", str(parl_csv), "--weights", "seats", "--count",
                       "--csv")
    mwc = foedus.enumerate_coalitions(parl, foedus.Rule.majority("seats"), minimal=True)
    assert list(csv.DictReader(io.StringIO(out))) == [{"coalitions": str(len(mwc))}]


def test_progress_bars_only_when_asked(capsys, monkeypatch, tmp_path: Path) -> None:
    import foedus._progress

    monkeypatch.setattr(foedus._progress, "DELAY", 0.0)
    v = np.round(generate_values("normal", 12, seed=3) * 1000)
    write_values(tmp_path / "v.txt", v)
    code, _, err = run(capsys, "partition", str(tmp_path / "v.txt"))
    assert code == 0 and err == ""  # standard error is not a terminal here
    foedus.optimal_partition(v, progress=True)
    err = capsys.readouterr().err
    assert "optimal partition" in err and "100%" in err
    foedus.optimal_partition(v, progress=False)
    assert capsys.readouterr().err == ""


def test_partition_command(capsys, tmp_path: Path) -> None:
    v = np.round(generate_values("normal", 10, seed=3) * 1000)
    write_values(tmp_path / "v.txt", v)
    code, out, _ = run(capsys, "partition", str(tmp_path / "v.txt"), "--json")
    assert code == 0
    data = json.loads(out)
    best = foedus.optimal_partition(v)
    assert data["meta"]["value"] == best.value and data["meta"]["optimal"] is True
    assert sorted(tuple(r["block"]) for r in data["rows"]) == sorted(best.blocks)
    code, out, _ = run(capsys, "partition", str(tmp_path / "v.txt"))
    assert out.startswith("Best partition of 10 players")


@pytest.mark.parametrize("argv,message", [
    (["coalitions", "missing.csv", "--weights", "seats"], "no such file"),
    (["coalitions", "{csv}", "--weights", "votes"], "--weights: no column 'votes'"),
    (["coalitions", "{csv}", "--weights", "seats", "--quota", "half"], "--quota: 'half'"),
    (["coalitions", "{csv}", "--weights", "seats", "--quota", "150%"], "at most 100%"),
    (["coalitions", "{csv}", "--weights", "seats", "--theory", "magic"], "unknown theory"),
    (["coalitions", "{csv}", "--weights", "seats", "--theory", "mcw"], "--position"),
    (["power", "{csv}", "--weights", "seats", "--index", "fame"], "unknown index 'fame'"),
    (["coalitions", "{bad}", "--weights", "seats"], "line 3: column 'seats' holds 'many'"),
    (["coalitions", "{dup}", "--weights", "seats"], "names repeat"),
    (["partition", "missing.txt"], "no such file"),
])
def test_bad_input_gives_a_clear_error(capsys, tmp_path: Path, parl_csv: Path, argv, message
                                       ) -> None:
    (tmp_path / "bad.csv").write_text("party,seats\nA,3\nB,many\n", encoding="utf-8")
    (tmp_path / "dup.csv").write_text("party,seats\nA,3\nA,4\n", encoding="utf-8")
    argv = [a.format(csv=parl_csv, bad=tmp_path / "bad.csv", dup=tmp_path / "dup.csv")
            for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_help_shows_examples(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "foedus coalitions parl.csv --weights seats" in out and "quotas:" in out
    with pytest.raises(SystemExit):
        main(["power", "--help"])
    assert "--index" in capsys.readouterr().out


def readme_command_lines() -> list[str]:
    """The ``foedus ...`` lines of the README's section on the command (continuations joined,
    comments dropped)."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("## The `foedus` command", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    joined = block.replace("\\\n", " ")
    return [ln.split("#", 1)[0].strip() for ln in joined.splitlines() if ln.strip()]


def test_readme_command_lines_run_as_written(capsys, monkeypatch, tmp_path: Path) -> None:
    import shlex

    write_parl_csv(tmp_path / "parl.csv")
    write_council_csv(tmp_path / "council.csv")
    write_values(tmp_path / "values.txt", np.round(generate_values("normal", 10, seed=3) * 1e3))
    write_cabinets_csv(tmp_path / "cabinets.csv")
    monkeypatch.chdir(tmp_path)
    lines = readme_command_lines()
    assert len(lines) >= 8 and all(ln.startswith("foedus ") for ln in lines)
    for line in lines:
        argv = shlex.split(line)[1:]
        target = None
        if ">" in argv:
            argv, target = argv[:argv.index(">")], argv[argv.index(">") + 1]
        assert main(argv) == 0, line
        out = capsys.readouterr()
        assert out.out and "error" not in out.err, line
        if target:
            (tmp_path / target).write_text(out.out, encoding="utf-8")
    assert (tmp_path / "km.csv").read_text().startswith("time,at_risk,events,survival")
