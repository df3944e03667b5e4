"""Regenerate python/foedus/datasets/data/formation_demo_model.json (the fitted formation
model that ``foedus demo`` ships; tests/test_cli.py refits it and compares).

    python scripts/fit_demo_model.py
"""

from __future__ import annotations

from pathlib import Path

from foedus.datasets.demo_model import write_demo_model

if __name__ == "__main__":
    data = Path(__file__).resolve().parents[1] / "python/foedus/datasets/data"
    out = data / "formation_demo_model.json"
    write_demo_model(out)
    print(f"wrote {out}")
