"""The coalition-structure tables of bench/README.md from bench_structures.py's results.

    python bench/make_structures_table.py bench/results_structures.json [more.json ...]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

# ODP-IP (Java), seconds, median over seeds, measured on this machine by the author;
# a range where the issue gives one. agent_normal, beta, exponential, gamma and
# modified_normal only at n = 22.
ODP_IP: dict[str, dict[int, tuple[float, float]]] = {
    "uniform": {20: (1.8, 1.8), 22: (5.6, 5.6), 24: (29, 32), 25: (19, 43), 26: (157, 157)},
    "normal": {20: (3.3, 3.3), 22: (10.8, 12.4), 24: (110, 110), 25: (127, 127),
               26: (375, 375)},
    "ndcs": {20: (2.9, 2.9), 22: (10.5, 11.8), 24: (46, 57), 25: (195, 195), 26: (537, 537)},
    "modified_uniform": {20: (1.1, 1.1), 22: (2.1, 2.7), 24: (7.4, 7.9), 25: (13, 21),
                         26: (51, 51)},
    "agent_uniform": {20: (3.7, 4.2), 22: (23, 25), 24: (173, 191), 25: (535, 535)},
    "agent_normal": {22: (27, 27)},
    "beta": {22: (8.7, 8.7)},
    "exponential": {22: (15.5, 15.5)},
    "gamma": {22: (13.6, 13.6)},
    "modified_normal": {22: (2.2, 2.2)},
}


def fmt(t: float | None) -> str:
    if t is None:
        return "-"
    return f"{t * 1e3:.0f} ms" if t < 1 else f"{t:.2f} s"


def main(paths: list[str]) -> None:
    benchmarks = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            benchmarks += json.load(fh)["benchmarks"]
    runs: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
    for b in benchmarks:
        info = b["extra_info"]
        runs[(b["group"], int(info["n"]), info["impl"])].append(
            {**info, "median": b["stats"]["median"]})
    rows: dict[tuple[str, int], dict[str, dict]] = defaultdict(dict)
    for (group, n, impl), seeds in runs.items():
        seeds.sort(key=lambda r: r["median"])
        mid = seeds[(len(seeds) - 1) // 2]  # the median seed (the lower one for an even count)
        rows[(group, n)][impl] = {**mid, "worst": seeds[-1]["median"], "seeds": len(seeds)}
    print("| distribution | n | foedus, median (slowest) | ODP-IP | ODP-IP / foedus "
          "| DP layers | splits / (3^n/2) | search work | foedus DP alone |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (group, n), impls in sorted(rows.items()):
        h = impls.get("foedus")
        dp = impls.get("foedus-dp")
        if h is None:  # the plain program alone (n = 23)
            print(f"| {group} | {n} | - | - | - | {dp['dp_size']} | {dp['splits_share']:.2e} "
                  f"| 0 | {fmt(dp['median'])} |")
            continue
        ref = ODP_IP.get(group, {}).get(n)
        # the lower end of ODP-IP's range over foedus' slowest seed: the least favourable ratio
        r = ref[0] / h["worst"] if ref else None
        ratio = "-" if r is None else (f"{r:.1f}x" if r < 10 else f"{r:.0f}x")
        ref_s = "-" if ref is None else (f"{ref[0]:g}" if ref[0] == ref[1]
                                         else f"{ref[0]:g}-{ref[1]:g}") + " s"
        print(f"| {group} | {n} | {fmt(h['median'])} ({fmt(h['worst'])}) | {ref_s} | {ratio} "
              f"| {h['dp_size']} | {h['splits_share']:.2e} | {h['search_work']:,} | "
              f"{fmt(dp['median']) if dp else '-'} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["bench/results_structures.json"])
