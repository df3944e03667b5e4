"""`python -m foedus` (the README's main job) and `foedus config`."""

from __future__ import annotations

import subprocess
import sys

import foedus
from foedus.cli import main


def test_python_m_foedus_prints_the_quick_start() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "foedus"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert "Minimal winning coalitions (7)" in out
    assert "Minimal connected winning coalitions on left-right (3)" in out
    assert "SPD + B90/Gru + FDP" in out
    assert "Cabinet formed (Scholz, December 2021): SPD + B90/Gru + FDP" in out


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
