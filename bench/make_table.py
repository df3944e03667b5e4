"""Turn a pytest-benchmark JSON file into the tables of bench/README.md.

    python bench/make_table.py bench/results.json [more.json ...]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict


def fmt_time(t: float, estimated: bool = False) -> str:
    s = f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s" if t < 100 else f"{t:.0f} s"
    return ("~" + s) if estimated else s


def main(paths: list[str]) -> None:
    runs = [json.load(open(p)) for p in paths]
    data = runs[0]
    by_task: dict[str, dict] = defaultdict(dict)
    for b in (b for run in runs for b in run["benchmarks"]):
        info = b["extra_info"]
        if b["group"].startswith("interrupt"):
            print(f"Ctrl-C latency, {info.get('kernel', 'count')}, {info['threads']} thread(s): "
                  "median "
                  f"{info['latency_s_median'] * 1e3:.0f} ms, max "
                  f"{info['latency_s_max'] * 1e3:.0f} ms (SIGINT sent to process exit)")
            continue
        key = (info["impl"], info.get("threads", 1))
        by_task[b["group"]].setdefault(key, {})[info["n"]] = b["stats"]["min"]
    print(f"\nMachine: {data['machine_info'].get('cpu', {}).get('brand_raw', '?')}, "
          f"{data['machine_info'].get('cpu', {}).get('count', '?')} cores")
    for task, impls in by_task.items():
        ns = sorted({n for d in impls.values() for n in d})
        print(f"\n### {task}\n")
        print("| n | foedus 1 thread | foedus 2 threads | rate (2 threads) | numpy | "
              "pure Python | speed-up vs numpy | vs Python |")
        print("|---|---|---|---|---|---|---|---|")
        for n in ns:
            f1 = impls.get(("foedus", 1), {}).get(n)
            f2 = impls.get(("foedus", 2), {}).get(n)
            cells = [str(n), fmt_time(f1) if f1 else "-", fmt_time(f2) if f2 else "-",
                     f"{(2**n - 1) / f2:.3g}/s" if f2 else "-"]
            ratios = []
            for impl in ("numpy", "python"):
                d = impls.get((impl, 1), {})
                if n in d:
                    t, est = d[n], False
                elif d:
                    m = max(d)
                    t, est = d[m] * 2 ** (n - m), True  # same per-coalition rate
                else:
                    t, est = None, False
                cells.append(fmt_time(t, est) if t else "-")
                ratios.append(f"{'~' if est else ''}{t / f2:.0f}x" if (t and f2) else "-")
            print("| " + " | ".join(cells + ratios) + " |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["bench/results.json"])
