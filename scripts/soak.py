"""Soak test: many mixed foedus calls with steady memory.

Runs a warm-up, then ``--calls`` calls round-robin over about twenty public API calls of
modest size (counts, enumerations with top-k, streaming, attribute scans, power indices exact,
sampled and batched, game solutions, an optimal partition of 10 players, survival fits,
formation predictions, simple-game analysis, and error paths that must raise), and prints the
resident set size (VmRSS) after the warm-up and every ``--every`` calls with its growth since
the warm-up. Exits with status 1 when the growth exceeds ``--threshold-mib``.

The call mix lives in ``tests/soak_mix.py`` and is shared with ``tests/test_soak.py`` (a
reduced run in the test suite).

Usage::

    python scripts/soak.py                       # 10,000 calls after 1,000 of warm-up
    python scripts/soak.py --calls 50000 --threshold-mib 20 --seed 3
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from soak_mix import build_calls, soak  # noqa: E402  (the shared mix, in tests/)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=10_000,
                        help="calls after the warm-up (default 10,000)")
    parser.add_argument("--warmup", type=int, default=1_000,
                        help="calls before the baseline is measured (default 1,000)")
    parser.add_argument("--every", type=int, default=1_000,
                        help="measure the RSS every this many calls (default 1,000)")
    parser.add_argument("--threshold-mib", type=float, default=20.0,
                        help="largest RSS growth allowed after the warm-up (default 20 MiB)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the call data (default 0)")
    args = parser.parse_args(argv)
    for name in ("calls", "warmup", "every"):
        if getattr(args, name) < (1 if name != "warmup" else 0):
            parser.error(f"--{name} must be positive")

    mix = [name for name, _ in build_calls(args.seed)]
    print(f"soak: {args.calls:,} calls after a warm-up of {args.warmup:,}, round-robin over "
          f"{len(mix)} calls ({', '.join(mix)}); seed {args.seed}")
    print(f"{'calls':>8}  {'RSS MiB':>9}  {'growth MiB':>10}  {'seconds':>8}")
    start = time.perf_counter()
    last = None
    for row in soak(args.calls, warmup=args.warmup, every=args.every, seed=args.seed):
        print(f"{row.calls:>8,}  {row.rss_mib:>9.1f}  {row.growth_mib:>+10.1f}  "
              f"{time.perf_counter() - start:>8.1f}", flush=True)
        last = row
    assert last is not None
    ok = last.growth_mib <= args.threshold_mib
    print(f"total RSS growth after the warm-up: {last.growth_mib:+.1f} MiB over {args.calls:,} "
          f"calls (threshold {args.threshold_mib:g} MiB): {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
