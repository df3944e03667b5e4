"""The ``foedus`` command (also ``python -m foedus``): the demo on bundled data, and
coalitions, power, optimal partitions and duration models for users' files.

Run ``foedus --help`` or ``foedus COMMAND --help`` for the options and examples.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .demo import demo_text, quickstart
from .duration import MODELS
from .inputs import CliError, parse_rule, read_actors
from .outputs import render

__all__ = ["CliError", "demo_text", "main", "quickstart"]

_EXAMPLES = """examples:
  foedus demo                                   formation, power, groupings, duration
  foedus coalitions parl.csv --weights seats --quota majority --theory mcw --position lr
  foedus coalitions parl.csv --weights seats --quota 50% --theory mwc --csv > mwc.csv
  foedus coalitions parl.csv --weights seats --theory winning --count
  foedus power council.csv --weights votes --quota 255 --index banzhaf,shapley_shubik
  foedus partition values.txt --time-limit 60 --json
  foedus duration cabinets.csv --time months --event ended --covariates seat_share,n_parties
  foedus duration cabinets.csv --time months --event ended --covariates seat_share \
      --bootstrap 1000 --seed 1 --cluster country       cluster-bootstrap intervals
  foedus duration cabinets.csv --time months --event ended --model km --csv
  foedus config                                 build information (OpenMP, threads)

quotas: 'majority' (more than half of the total), a share '50%' or '2/3' (at least that
share: exact halves win at 50%), or a weight '369' (at least that much).
"""


def _common(p: argparse.ArgumentParser) -> None:
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", dest="fmt", action="store_const", const="json",
                     help="print JSON (an object with meta and rows)")
    out.add_argument("--csv", dest="fmt", action="store_const", const="csv",
                     help="print CSV (every row)")
    p.set_defaults(fmt="text")
    p.add_argument("--limit", type=int, default=30, metavar="K",
                   help="rows shown in text output (default 30)")
    p.add_argument("--threads", type=int, default=None, metavar="T",
                   help="threads of the compiled kernel (default: all cores)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar on standard error (shown on a terminal for runs "
                        "longer than a second: a bar for enumerations, counts, partitions and "
                        "bootstraps, "
                        "the elapsed time otherwise)")


def _actor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="CSV file: a header row, one row per actor")
    p.add_argument("--weights", required=True, metavar="COLUMN",
                   help="column of the weights (seats, votes, population)")
    p.add_argument("--name", default=None, metavar="COLUMN",
                   help="column of the names (default: name, party, actor, or the first)")
    p.add_argument("--quota", default="majority",
                   help="'majority' (default), a share '50%%' or '2/3', or a weight '369'")


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (subcommands demo, coalitions, power, partition, duration,
    config)."""
    parser = argparse.ArgumentParser(
        prog="foedus", description="Coalitions, alliances and networks of political actors.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("demo", help="the demo on bundled real data (the default)")
    sub.add_parser("config", help="build information")
    c = sub.add_parser("coalitions", help="coalitions a formation theory predicts",
                       epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _actor_args(c)
    c.add_argument("--theory", default="minimal_winning",
                   help="minimal_winning (mwc, default), minimum_winning (riker), bargaining, "
                        "minimal_range, minimal_dispersion, minimal_connected (mcw), "
                        "median_party, laver_shepsle, or winning (every winning coalition)")
    c.add_argument("--position", default=None, metavar="COLUMN",
                   help="column of policy positions (needed by the policy theories)")
    c.add_argument("--count", action="store_true",
                   help="print only the number of coalitions (exact, any number of actors "
                        "for --theory winning)")
    _common(c)
    pw = sub.add_parser("power", help="power indices of every actor",
                        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _actor_args(pw)
    pw.add_argument("--index", default="banzhaf,shapley_shubik",
                    help="comma-separated indices (default banzhaf,shapley_shubik)")
    pw.add_argument("--exact", action="store_true", help="exact fractions")
    _common(pw)
    pa = sub.add_parser("partition", help="the optimal partition of a game into coalitions",
                        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    pa.add_argument("file", help="values in the reference solvers' text format: one per line, "
                                 "line x = the coalition with mask x - 1 (.gz allowed)")
    pa.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                    help="stop early with the best partition found and a bound")
    _common(pa)
    du = sub.add_parser("duration", help="duration models: Cox, AFT or Kaplan-Meier",
                        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    du.add_argument("file", help="CSV file: a header row, one row per unit (cabinet, "
                                 "alliance), or per start-stop interval with --entry")
    du.add_argument("--time", required=True, metavar="COLUMN",
                    help="column of the durations (exit times)")
    du.add_argument("--event", default=None, metavar="COLUMN",
                    help="column of the end indicator: 1 ended, 0 censored (default: all ended)")
    du.add_argument("--covariates", default="", metavar="COL[,COL...]",
                    help="comma-separated covariate columns")
    du.add_argument("--model", default=None, choices=MODELS,
                    help="cox (default with covariates), an accelerated-failure-time "
                         "distribution, or km (Kaplan-Meier, the default without covariates)")
    du.add_argument("--ties", default="efron", choices=("efron", "breslow"),
                    help="the Cox model's handling of tied times (default efron)")
    du.add_argument("--entry", default=None, metavar="COLUMN",
                    help="column of entry times (delayed entry, start-stop rows)")
    du.add_argument("--strata", default=None, metavar="COLUMN",
                    help="column of strata of the Cox model (separate baseline hazards)")
    du.add_argument("--cluster", default=None, metavar="COLUMN",
                    help="column of clusters (e.g. country): robust Cox errors, and whole "
                         "clusters resampled by --bootstrap")
    du.add_argument("--bootstrap", type=int, default=0, metavar="N",
                    help="N bootstrap refits: standard errors and 95%% percentile intervals "
                         "(of the coefficients; of the median for km)")
    du.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    _common(du)
    return parser


def _run(args: argparse.Namespace) -> str:
    from .commands import ALIASES
    from .progress import running

    # the kernels behind these report their fraction done: a real bar (progress=None: on a
    # terminal, after a second); the others show the elapsed time
    fractional = args.command == "partition" or (
        args.command == "coalitions" and ALIASES.get(args.theory, args.theory) == "winning") or (
        args.command == "duration" and args.bootstrap > 0)
    progress = False if args.no_progress else None
    with running(f"foedus {args.command}", enabled=not (args.no_progress or fractional)):
        return _compute(args, progress)


def _compute(args: argparse.Namespace, progress: bool | None) -> str:
    from .commands import coalitions_rows, partition_rows, power_rows

    if args.command == "coalitions":
        actors = read_actors(args.file, weights=args.weights, name=args.name,
                             positions=(args.position,) if args.position else ())
        rows, title, meta = coalitions_rows(actors, parse_rule(args.quota, args.weights),
                                            theory=args.theory, weights=args.weights,
                                            position=args.position, n_threads=args.threads,
                                            count=args.count, progress=progress)
    elif args.command == "power":
        actors = read_actors(args.file, weights=args.weights, name=args.name)
        indices = [i.strip() for i in args.index.split(",") if i.strip()]
        rows, title, meta = power_rows(actors, parse_rule(args.quota, args.weights),
                                       indices=indices, weights=args.weights, exact=args.exact,
                                       n_threads=args.threads)
    elif args.command == "duration":
        from .duration import duration_rows

        rows, title, meta = duration_rows(
            args.file, time=args.time, event=args.event,
            covariates=[c.strip() for c in args.covariates.split(",") if c.strip()],
            entry=args.entry, model=args.model, ties=args.ties, cluster=args.cluster,
            strata=args.strata, n_bootstrap=args.bootstrap, seed=args.seed,
            n_threads=args.threads, progress=progress)
    else:
        rows, title, meta = partition_rows(args.file, time_limit=args.time_limit,
                                           n_threads=args.threads, progress=progress)
    return render(rows, fmt=args.fmt, title=title, meta=meta, limit=args.limit)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``foedus`` command; returns the exit status (2 for bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "demo"
    if command == "config":
        from ..config import show_config
        show_config()
        return 0
    if command == "demo":
        print(demo_text())
        return 0
    if getattr(args, "threads", None) is not None and args.threads < 1:
        parser.error("--threads: give a positive number of threads")
    try:
        sys.stdout.write(_run(args))
    except CliError as exc:
        print(f"foedus {command}: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, TypeError) as exc:  # the library's own checks, already explicit
        print(f"foedus {command}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
