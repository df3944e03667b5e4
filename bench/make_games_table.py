"""The cooperative-games tables of bench/README.md from bench_games.py's results.

    python bench/make_games_table.py bench/results_games.json
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
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    times: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    failed: set[tuple[str, int, str]] = set()
    for b in data["benchmarks"]:
        info = b["extra_info"]
        if "error" in info:
            failed.add((b["group"], int(info["n"]), info["impl"]))
            continue
        times[(b["group"], int(info["n"]))][info["impl"]] = b["stats"]["median"]
    for group, peers in (("shapley", ["coopgame", "numpy"]), ("nucleolus", ["coopgame"])):
        print(f"\n{group}\n")
        head = "| n | foedus | " + " | ".join(peers) + " | " + " | ".join(
            f"{p} / foedus" for p in peers) + " |"
        print(head)
        print("|" + "---|" * (2 + 2 * len(peers)))
        for (g, n), row in sorted(times.items()):
            if g != group:
                continue
            f = row.get("foedus")
            cells = ["fails" if (g, n, p) in failed else fmt(row.get(p)) for p in peers]
            ratios = [f"{row[p] / f:.1f}x" if f and p in row else "-" for p in peers]
            print(f"| {n} | {fmt(f)} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results_games.json")
