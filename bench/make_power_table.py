"""The power-index table of bench/README.md from bench_power.py's results.

    python bench/make_power_table.py bench/results_power.json
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

# EPIC (C++ with GMP), compute time without process start, as quoted in issue 4
EPIC = {
    ("EU Nice", "banzhaf"): 0.15e-3,
    ("EU Nice", "shapley_shubik"): 0.62e-3,
    ("EU Nice", "deegan_packel"): 1.7e-3,
    ("EU Nice", "johnston"): 27e-3,
    ("random n=100", "shapley_shubik"): 0.52,
    ("random n=100", "johnston"): 36.0,
    ("random n=200", "shapley_shubik"): 4.8,
    ("random n=500", "shapley_shubik"): 126.0,
    ("random n=500", "deegan_packel"): 61.0,
    ("random n=1000", "banzhaf"): 0.61,
    ("IMF-like n=190", "banzhaf"): 18.6,
}

# the targets for foedus
TARGETS = {
    ("random n=100", "shapley_shubik"): "exact < 0.1 s",
    ("random n=1000", "banzhaf"): "< 0.2 s",
    ("IMF-like n=190", "banzhaf"): "< 5 s",
    ("random n=500", "shapley_shubik"): "< 10 s",
    ("random n=100", "johnston"): "< 1 s",
    ("batch of 10,000 EU Nice games", "banzhaf"): "< 1 s",
    ("batch of 10,000 EU Nice games", "shapley_shubik"): "< 5 s",
}


def fmt(t: float | None) -> str:
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} µs"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def main(path: str) -> None:
    data = json.load(open(path))
    times: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for b in data["benchmarks"]:
        info = b["extra_info"]
        impl = info["impl"] + (" exact" if info.get("exact") else "")
        t = b["stats"]["min"]
        if impl == "powerindex x100":
            impl, t = "powerindex", t * 100  # 100 games measured, 10,000 in the case
        times[(info["case"], info["index"])][impl] = t
    # coopgame computes all its indices in one call: that call is its time for each of them
    coop = times.pop(("EU Nice", "coopgame power_indices (all)"), {}).get("coopgame")
    if coop is not None:
        for index in ("deegan_packel", "public_good", "johnston", "coleman_prevent"):
            times[("EU Nice", index)]["coopgame (one call for all)"] = coop
    print("| case | index | foedus | foedus exact | fastest Python peer | peer / foedus | "
          "EPIC | EPIC / foedus | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (case, index), row in times.items():
        ours = row.get("foedus")
        ours_exact = row.get("foedus exact")
        peers = {k: v for k, v in row.items() if not k.startswith("foedus")}
        best = min(peers.items(), key=lambda kv: kv[1]) if peers else None
        best_ours = min(x for x in (ours, ours_exact) if x is not None) if (
            ours or ours_exact) else None
        ratio = f"{best[1] / best_ours:,.0f}x" if (best and best_ours) else "-"
        peer = f"{best[0]} {fmt(best[1])}" if best else "-"
        epic = EPIC.get((case, index))
        epic_ratio = f"{epic / best_ours:,.1f}x" if (epic and best_ours) else "-"
        print(f"| {case} | {index} | {fmt(ours)} | {fmt(ours_exact)} | {peer} | {ratio} | "
              f"{fmt(epic)} | {epic_ratio} | {TARGETS.get((case, index), '')} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results_power.json")
