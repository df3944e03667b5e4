"""The ``foedus`` command (also ``python -m foedus``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main", "quickstart"]


def quickstart() -> str:
    """The README's quick start: coalitions of the 2021 German Bundestag, as text.

    Examples
    --------
    >>> from foedus.cli import quickstart
    >>> "SPD + B90/Gru + FDP" in quickstart()
    True
    """
    import foedus
    from foedus.datasets import bundestag_2021

    parl = bundestag_2021()
    rule = foedus.Rule.majority("seats")
    mwc = foedus.enumerate_coalitions(parl, rule, minimal=True)
    mcw = foedus.enumerate_coalitions(parl, rule, minimal=True, connected="left_right")
    formed = tuple(n for n, c in zip(parl.names, parl.attributes["cabinet_party"], strict=True)
                   if c)
    lines = [
        "German Bundestag after the 2021 election (ParlGov): "
        f"{int(parl.total('seats'))} seats, majority {int(parl.total('seats')) // 2 + 1}",
        "",
        f"Minimal winning coalitions ({len(mwc)}):",
        *(f"  {' + '.join(mwc.members(i)):28s} {mwc['weight_seats'][i]:4d} seats"
          for i in range(len(mwc))),
        "",
        f"Minimal connected winning coalitions on left-right ({len(mcw)}):",
        *(f"  {' + '.join(mcw.members(i)):28s} {mcw['weight_seats'][i]:4d} seats, range "
          f"{mcw['range_left_right'][i]:.2f}" for i in range(len(mcw))),
        "",
        f"Cabinet formed (Scholz, December 2021): {' + '.join(formed)}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``foedus`` command."""
    parser = argparse.ArgumentParser(
        prog="foedus",
        description="Coalitions, alliances and networks of political actors.",
        epilog="Examples:\n  foedus            # the quick start on the 2021 Bundestag\n"
               "  foedus config     # build configuration",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="demo", choices=["demo", "config"],
                        help="demo (default): the quick start; config: build information")
    args = parser.parse_args(argv)
    if args.command == "config":
        from .config import show_config
        show_config()
    else:
        print(quickstart())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
