"""Minimal winning coalitions of large actor sets, generated without enumerating all subsets."""

from __future__ import annotations

import numpy as np

from . import _core, counting
from ._validation import check_int, check_n_threads
from .actors import ActorSet
from .coalitions import (
    MAX_EXHAUSTIVE_ACTORS,
    _default_max_memory,
    _engine,
    _filters,
    _quota_problem,
    _table,
    _wide_query,
)
from .results import CoalitionTable
from .rules import CRIT_SIZE, OP_AND, OP_QUOTA, BoundRule, Rule, warn_if_improper

__all__ = ["minimal_winning_coalitions"]


def _memory_limit() -> int:
    return _default_max_memory()


def _quota_leaves(bound: BoundRule) -> list[tuple[int, int]] | None:
    """The (criterion, quota) leaves of a rule that is one quota or an AND of quotas."""
    leaves = []
    for op, crit, q in zip(bound.op, bound.crit, bound.q, strict=True):
        if op == OP_QUOTA:
            leaves.append((int(crit), int(q)))
        elif op != OP_AND:
            return None
    # primary leaf (the search order) first: a weighted one if there is any
    leaves.sort(key=lambda leaf: leaf[0] == CRIT_SIZE)
    return leaves


def minimal_winning_coalitions(
    actors: ActorSet, rule: Rule, *, max_results: int = 1_000_000, max_size: int | None = None,
    weight: str | int | None = None, n_threads: int | None = None,
) -> CoalitionTable:
    """The minimal winning coalitions of a weighted rule, for any number of actors.

    Branch and bound over the actors sorted by weight, pruned by suffix sums, finds them
    without visiting the ``2^n`` subsets: for one quota (``Rule.quota``, ``Rule.share``,
    ``Rule.majority``) every branch of the search ends in a minimal winning coalition, so the
    work grows with their number, not with ``2^n``; ANDs of quotas (several weight criteria,
    member counts) are searched the same way.

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
        One quota or an AND of quotas (on weights or member counts).
    max_results : int
        Largest number of coalitions to return. For one quota the exact number is counted
        first when that is cheap (dynamic programming over weights) and a larger one raises
        ValueError saying how many there are; otherwise the search stops and raises once it
        finds more. The search also stops, with ValueError, if its results would need more than
        a quarter of the RAM.
    max_size : int, optional
        Only coalitions of at most this many members.
    weight : str or int, optional
        Weight criterion for the table's concentration and position columns.
    n_threads : int, optional
        Threads (default all cores); the result does not depend on it.

    Returns
    -------
    CoalitionTable
        Ascending mask order; beyond 64 actors ``masks`` are packed bitsets.

    Examples
    --------
    >>> import foedus
    >>> from foedus.datasets import us_electoral_college_2024
    >>> ec = us_electoral_college_2024()
    >>> t = foedus.minimal_winning_coalitions(ec, foedus.Rule.quota(270, "electoral_votes"),
    ...                                       max_size=12)
    >>> len(t), int(t["size"].min()), bool(t["minimal_winning"].all())
    (1968, 12, True)

    Since the 2020 census, no 11 states reach 270 electoral votes (the 11 largest have 268);
    1968 sets of 12 states do, each losing if any one of its states leaves.
    """
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected a foedus.ActorSet, got {type(actors).__name__}")
    if not isinstance(rule, Rule):
        raise TypeError(f"rule: expected a foedus.Rule, got {type(rule).__name__}")
    n = actors.n
    max_results = check_int(max_results, "max_results", minimum=0, maximum=2**40)
    size_cap = n if max_size is None else check_int(max_size, "max_size", minimum=1, maximum=n)
    threads = check_n_threads(n_threads)
    if n <= 24:
        threads = 1  # a search over so few actors ends before a second thread would start
    bound = rule.bind(actors)
    warn_if_improper(actors, bound, stacklevel=2)
    leaves = _quota_leaves(bound)
    if leaves is None:
        hint = (" (with at most 64 actors, enumerate_coalitions(..., minimal=True) handles any "
                "rule)") if n <= MAX_EXHAUSTIVE_ACTORS else ""
        raise ValueError(f"rule: minimal-winning generation needs one quota or an AND of "
                         f"quotas, got {rule!r}{hint}")
    f = _filters(actors, rule, minimal=True, max_size=size_cap, bound=bound, warn=False)
    problem = _quota_problem(actors, f)
    if problem is not None:
        plan = counting.plan(problem, winning=1, minimal=True, blocking=None, by_size=False)
        # the exact count first, when it is cheap (else the search itself stops at max_results)
        if plan.nbytes <= counting.DP_MAX_BYTES and counting.dp_cost_seconds(plan) < 1.0:
            expected, _ = counting.run(problem, plan, threads)
            if expected > max_results:
                raise ValueError(
                    f"max_results: there are {expected:,} minimal winning coalitions, more than "
                    f"max_results = {max_results:,}; raise max_results, bound their size with "
                    "max_size=..., or count them with count_coalitions(..., minimal=True)")
    weights = np.empty((len(leaves), n), dtype=np.int64)
    for row, (crit, _) in enumerate(leaves):
        weights[row] = 1 if crit == CRIT_SIZE else actors.integer_weights(crit)[0]
    quotas = np.array([q for _, q in leaves], dtype=np.int64)
    limit = _memory_limit()
    sets, found, exceeded, out_of_memory = _core.minimal_winning(
        n, weights, quotas, size_cap, max_results, limit, threads)
    if out_of_memory:
        raise ValueError(
            f"max_results: the minimal winning coalitions found would need more than "
            f"{limit / 2**30:.1f} GiB (a quarter of the RAM; the search stopped after "
            f"{found:,}); lower max_results or bound their size with max_size=...")
    if exceeded:
        raise ValueError(
            f"max_results: more than max_results = {max_results:,} minimal winning coalitions "
            f"(the search stopped after {found:,}); raise max_results or bound their size with "
            "max_size=...")
    if n <= MAX_EXHAUSTIVE_ACTORS:
        q = _engine(actors, rule, f, weight=weight, n_threads=n_threads)
        return _table(q, np.ascontiguousarray(sets[:, 0]), None, ranked=False)
    q = _wide_query(actors, rule, bound, weight, n_threads)
    return _table(q, np.ascontiguousarray(sets), None, ranked=False)
