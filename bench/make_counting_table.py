"""The tables of bench/README.md for bench_counting.py and bench_minimal.py.

    python bench/make_counting_table.py bench/results_counting.json
    python bench/make_counting_table.py bench/results_minimal.json
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict


def fmt(t: float | None) -> str:
    if t is None:
        return "-"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def main(path: str) -> None:
    data = json.load(open(path))
    by_group: dict[str, dict] = defaultdict(lambda: defaultdict(dict))
    found: dict[int, int] = {}
    for b in data["benchmarks"]:
        info = b["extra_info"]
        by_group[b["group"]][(info["impl"], info["threads"])][info["n"]] = b["stats"]["min"]
        if "coalitions" in info:
            found[info["n"]] = info["coalitions"]
    for group, impls in by_group.items():
        ns = sorted({n for d in impls.values() for n in d})
        print(f"\n### {group}\n")
        extra = " coalitions | rate (2 threads) |" if found else ""
        print(f"| n |{extra} foedus 1 thread | foedus 2 threads | pure Python | "
              "speed-up (1 thread) |")
        print("|---|" + ("---|---|" if found else "") + "---|---|---|---|")
        for n in ns:
            f1 = impls.get(("foedus", 1), {}).get(n)
            f2 = impls.get(("foedus", 2), {}).get(n)
            py = impls.get(("python", 1), {}).get(n)
            ratio = f"{py / f1:.0f}x" if (py and f1) else "-"
            cells = f" {found[n]:,} | {found[n] / f2:.3g}/s |" if (found and f2) else ""
            print(f"| {n} |{cells} {fmt(f1)} | {fmt(f2)} | {fmt(py)} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results_counting.json")
