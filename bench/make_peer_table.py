"""Side-by-side tables of bench/README.md from the results of bench_formation.py,
bench_survival.py, bench_groupings.py and bench_distributed.py.

    python bench/make_peer_table.py bench/results_survival.json [--stat min]

One table per benchmark group: a row per problem size ``n`` (``extra_info["n"]``), a column
per implementation (``extra_info["impl"]``; foedus' first), then each peer's time over the
reference foedus time: the implementation flagged ``extra_info["base"]``, else the one named
"foedus", else the first foedus one. Times are the median over the rounds unless ``--stat min``
(one round: the time). Groups whose implementations ran different numbers of bootstrap refits
(``extra_info["refits"]``) are scaled to the largest, marked "(x k)".
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict


def fmt(t: float | None) -> str:
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} µs"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s" if t < 100 else f"{t:.0f} s"


def ratio(x: float) -> str:
    return f"{x:,.0f}x" if x >= 100 else f"{x:.1f}x" if x >= 1 else f"{x:.2f}x"


def tables(path: str, stat: str = "median") -> str:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    groups: dict[str, dict] = defaultdict(lambda: {"impls": [], "times": {}, "refits": {},
                                                   "rounds": {}, "base": None})
    for b in data["benchmarks"]:
        info = b["extra_info"]
        g = groups[b["group"]]
        impl = info.get("impl", "foedus")
        if impl not in g["impls"]:
            g["impls"].append(impl)
        g["times"][(info.get("n", "-"), impl)] = b["stats"][stat]
        g["rounds"][impl] = b["stats"]["rounds"]
        if "refits" in info:
            g["refits"][impl] = info["refits"]
        if info.get("base"):
            g["base"] = impl
    out = []
    for name, g in groups.items():
        impls = sorted(g["impls"], key=lambda i: not i.startswith("foedus"))
        ours = [i for i in impls if i.startswith("foedus")]
        peers = [i for i in impls if not i.startswith("foedus")]
        base = g["base"] or ("foedus" if "foedus" in ours else ours[0] if ours else None)
        most = max(g["refits"].values(), default=1)
        rounds = ", ".join(f"{i}: {g['rounds'][i]}" for i in impls)
        out.append(f"\n### {name}\n\n({stat} of the rounds; rounds {rounds})\n")
        head = ["n"] + impls + ([f"{p} / {base}" for p in peers] if base else [])
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        ns = sorted({n for n, _ in g["times"]}, key=lambda n: (isinstance(n, str), n))
        for n in ns:
            cells = [f"{n:,}" if isinstance(n, int) else str(n)]
            scaled = {}
            for i in impls:
                t = g["times"].get((n, i))
                k = most // g["refits"].get(i, most)
                scaled[i] = None if t is None else t * k
                cells.append(fmt(t) if t is None or k == 1 else f"{fmt(t * k)} (x {k})")
            for p in peers if base else []:
                b_, p_ = scaled.get(base), scaled.get(p)
                cells.append(ratio(p_ / b_) if b_ and p_ else "-")
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--stat", choices=["median", "min"], default="median")
    args = ap.parse_args()
    for p in args.paths:
        print(tables(p, args.stat))


if __name__ == "__main__":
    main()
