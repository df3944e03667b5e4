"""Draw the README's images from the bundled data (deterministic; needs the ``plot`` extra).

    python scripts/make_readme_images.py [--out docs/images]

- ``power_eu_council.png``: Shapley-Shubik and Banzhaf power in the EU Council under the Lisbon
  qualified majority against each member's share of the EU population (2023).
- ``policy_germany_2021.png``: the parties of the 2021 Bundestag on ParlGov's left-right scale,
  the cabinet that formed (SPD, Greens, FDP) highlighted, the median party marked.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import foedus  # noqa: E402
from foedus.datasets import bundestag_2021, eu_council_2023  # noqa: E402
from foedus.plots import plot_policy_axis, plot_power  # noqa: E402

DPI = 110
#: no software version in the files, so that they change only when the drawing does
METADATA = {"Software": None}
STYLE = {"font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "svg.hashsalt": "foedus"}


def power_eu_council(path: Path) -> None:
    eu = eu_council_2023()
    qmv = foedus.Rule.eu_council_lisbon(population="population")
    results = {"Shapley-Shubik index": foedus.power_indices(eu, qmv, index="shapley_shubik"),
               "Banzhaf index": foedus.power_indices(eu, qmv, index="banzhaf")}
    fig, ax = plt.subplots(figsize=(8.4, 6.0), layout="constrained")
    plot_power(results, eu, ax, criterion="population", log=True, label_actors=True,
               title="EU Council, qualified majority (Lisbon rule, 2023 populations)")
    ax.set_xlabel("share of the EU population")
    ax.set_ylabel("power (share of the total)")
    fig.savefig(path, dpi=DPI, metadata=METADATA)
    plt.close(fig)


def policy_germany_2021(path: Path) -> None:
    parl = bundestag_2021()
    cabinet = [n for n, c in zip(parl.names, parl.attributes["cabinet_party"], strict=True) if c]
    fig, ax = plt.subplots(figsize=(8.0, 3.3), layout="constrained")
    plot_policy_axis(parl, cabinet, dimension="left_right", weight="seats", ax=ax,
                     coalition_label="cabinet Scholz", label_weights=True, xlim=(0.0, 10.0),
                     title="Bundestag 2021 (736 seats): the traffic-light cabinet on the "
                           "left-right scale")
    ax.set_xlabel("left-right position (ParlGov; 0 = left, 10 = right); seats in brackets")
    fig.savefig(path, dpi=DPI, metadata=METADATA)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1] / "docs" / "images"
    parser.add_argument("--out", type=Path, default=default, help=f"folder (default {default})")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with plt.rc_context(STYLE):
        for name, draw in (("power_eu_council.png", power_eu_council),
                           ("policy_germany_2021.png", policy_germany_2021)):
            path = args.out / name
            draw(path)
            print(f"{path}: {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
