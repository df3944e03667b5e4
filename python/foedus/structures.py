"""Optimal coalition structures: the partition of the players that maximises the sum of its
coalitions' values, with the value distributions of the coalition-structure-generation
literature and the plain-text format of its reference solvers.

``optimal_partition`` solves the problem exactly by dynamic programming over all coalitions
(C++, parallel, identical for any thread count), with IDP's rule (Rahwan and Jennings 2008):
coalitions of more than 2n/3 but fewer than n members are never split, which halves the
3^n / 2 split evaluations of the plain program (the proof is in ``csg.hpp``). Constraints (the
largest coalition, pairs that must or must not be together) remove coalitions before the
search. With a time limit it may stop early; the result then carries the best structure known
and an upper bound (the best sum, over the integer partitions of n, of the largest value of a
coalition of each part's size: the root bound of Rahwan et al.'s IP algorithm).
"""

from __future__ import annotations

import gzip
import math
import numbers
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import _core
from ._progress import check_progress, progress_bar
from ._validation import check_int, check_n_threads
from .coalitions import _default_max_memory
from .game import Game, coalition_sizes
from .partition import Partition

__all__ = ["DISTRIBUTIONS", "PartitionResult", "generate_values", "optimal_partition",
           "partition_upper_bound", "read_values", "write_values"]

DISTRIBUTIONS = ("uniform", "normal", "modified_uniform", "modified_normal", "exponential",
                 "beta", "gamma", "ndcs", "agent_uniform", "agent_normal")

_CHUNK = 1 << 16


def generate_values(distribution: str, n: int, seed: int | None = None) -> np.ndarray:
    """Coalition values from the distributions of the coalition-structure-generation
    literature (s = |C|; v of the empty coalition is 0):

    - ``uniform``: s U(0, 1); ``normal``: max(0, s N(10, 0.1));
    - ``modified_uniform``: 10 s U(0, 1), plus 50 U(0, 1) with probability 0.21;
    - ``modified_normal``: max(0, s N(10, 0.1)), plus N(25, 0.1) with probability 0.21;
    - ``exponential``: s Exp(1); ``beta``: s Beta(0.5, 0.5); ``gamma``: s Gamma(2, scale 2);
    - ``ndcs``: N(s, sqrt(s)) redrawn until positive;
    - ``agent_uniform``: each agent a draws p_a ~ U(0, 10), v(C) = sum over members of
      U(0, 2 p_a); ``agent_normal``: p_a = max(0, N(10, 0.1)), v(C) = sum of
      max(0, N(p_a, 0.1)).

    N(mu, sigma) has standard deviation sigma. The values depend only on (distribution, n,
    seed): masks are drawn in fixed chunks of 2^16 from streams spawned from the seed.

    Examples
    --------
    >>> from foedus.structures import generate_values
    >>> v = generate_values("uniform", 3, seed=1)
    >>> v.shape, float(v[0])
    ((8,), 0.0)
    """
    if not isinstance(distribution, str) or distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution: expected one of {DISTRIBUTIONS}, got {distribution!r}")
    n = check_int(n, "n", minimum=1, maximum=34)
    from .game import check_table_size
    check_table_size(n, "n")
    root = np.random.SeedSequence(seed)
    agent_seq, *chunk_seqs = root.spawn(1 + max(1, (2**n + _CHUNK - 1) // _CHUNK))
    agents = np.random.default_rng(agent_seq)
    if distribution == "agent_uniform":
        p = agents.uniform(0, 10, n)
    elif distribution == "agent_normal":
        p = np.maximum(0.0, agents.normal(10, 0.1, n))
    out = np.empty(2**n)
    for k, start in enumerate(range(0, 2**n, _CHUNK)):
        masks = np.arange(start, min(2**n, start + _CHUNK), dtype=np.int64)
        rng = np.random.default_rng(chunk_seqs[k])
        s = coalition_sizes(masks).astype(np.float64)
        m = masks.size
        if distribution == "uniform":
            v = s * rng.random(m)
        elif distribution == "normal":
            v = np.maximum(0.0, s * rng.normal(10, 0.1, m))
        elif distribution == "modified_uniform":
            v = 10 * s * rng.random(m)
            bonus = rng.random(m) < 0.21
            v = v + np.where(bonus, 50 * rng.random(m), 0.0)
        elif distribution == "modified_normal":
            v = np.maximum(0.0, s * rng.normal(10, 0.1, m))
            bonus = rng.random(m) < 0.21
            v = v + np.where(bonus, rng.normal(25, 0.1, m), 0.0)
        elif distribution == "exponential":
            v = s * rng.exponential(1.0, m)
        elif distribution == "beta":
            v = s * rng.beta(0.5, 0.5, m)
        elif distribution == "gamma":
            v = s * rng.gamma(2.0, 2.0, m)
        elif distribution == "ndcs":
            v = rng.normal(s, np.sqrt(s))
            bad = (v <= 0) & (s > 0)
            while bad.any():  # redraw until positive
                v[bad] = rng.normal(s[bad], np.sqrt(s[bad]))
                bad = (v <= 0) & (s > 0)
        else:
            member = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
            if distribution == "agent_uniform":
                draws = rng.random((m, n)) * (2 * p)
            else:
                draws = np.maximum(0.0, rng.normal(p, 0.1, (m, n)))
            v = np.where(member, draws, 0.0).sum(axis=1)
        out[start:start + m] = v
    out[0] = 0.0
    return out


def write_values(path: str | Path, values: Any) -> None:
    """Write values in the reference solvers' plain-text format: one value per line, line x
    holding the coalition with mask x - 1 (line 1: the empty coalition); gzip when the name
    ends in ``.gz``. Integral values are written as integers."""
    v = _values(values)
    text = "\n".join(str(int(x)) if float(x).is_integer() else repr(float(x)) for x in v) + "\n"
    data = text.encode("ascii")
    p = Path(path)
    if p.suffix == ".gz":
        p.write_bytes(gzip.compress(data, mtime=0))
    else:
        p.write_bytes(data)


def read_values(path: str | Path) -> np.ndarray:
    """Read values in the reference solvers' plain-text format (gzip if ``.gz``)."""
    p = Path(path)
    raw = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
    v = np.array(raw.split(), dtype=np.float64)
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{p.name}: values must be finite numbers")
    if v.size < 2 or v.size & (v.size - 1):
        raise ValueError(f"{p.name}: expected 2^n values, one per line, got {v.size}")
    if v[0] != 0:
        raise ValueError(f"{p.name}: line 1 (the empty coalition) must be 0")
    return v


def _values(values: Any) -> np.ndarray:
    if isinstance(values, Game):
        return values.values
    if values is None or isinstance(values, (str, bytes)):
        raise TypeError(f"game: expected a Game or 2^n coalition values by mask, got "
                        f"{type(values).__name__}")
    # the Game constructor's checks: numeric dtype, 2^n finite values, v(empty) = 0, the size
    # limit and the float range
    return Game(values).values


@dataclass(frozen=True)
class PartitionResult:
    """The best coalition structure found.

    Attributes
    ----------
    partition : Partition
        Its blocks (player indices; names in ``players``).
    value : float
        The sum of its coalitions' values.
    optimal : bool
        Whether optimality is proven (False when the time limit stopped the search).
    upper_bound : float
        An upper bound on the optimum (the value itself when optimal).
    players : tuple of str
    splits_evaluated : int
        Splits ``f(T) + f(S \\ T)`` the dynamic program evaluated (those of the grand
        coalition included, once per layer).
    seconds : float
    search_work : int
        Candidate coalitions the branch and bound examined.
    dp_size : int
        The largest coalition size whose optimal partitions the dynamic program computed
        before the optimum was proven (2n/3 when it ran to the end).
    method : str
        The algorithm and its references.
    """

    partition: Partition
    value: float
    optimal: bool
    upper_bound: float
    players: tuple[str, ...]
    splits_evaluated: int
    seconds: float
    search_work: int = 0
    dp_size: int = 0
    method: str = ""

    @property
    def reference(self) -> str:
        """The literature of the algorithm."""
        from .references import cite

        keys = ["rahwan_jennings_2008"]
        if "ODP-IP" in self.method:
            keys += ["rahwan_et_al_2009", "michalak_et_al_2016"]
        return cite(*keys)

    @property
    def blocks(self) -> list[tuple[str, ...]]:
        return [tuple(self.players[i] for i in b) for b in self.partition.blocks]

    def __repr__(self) -> str:
        state = "optimal" if self.optimal else f"not proven optimal (bound {self.upper_bound:g})"
        return f"PartitionResult(value {self.value:g}, {state}; {self.blocks})"


_METHODS = {
    "hybrid": "dynamic programming by coalition size with IDP's split rule (Rahwan and "
              "Jennings 2008), interleaved with an integer-partition branch and bound bounded by "
              "the program's values (ODP-IP, Michalak et al. 2016), over values less fitted "
              "agent prices when that tightens IP's bound (Rahwan et al. 2009)",
    "dp": "dynamic programming by coalition size with IDP's split rule (Rahwan and Jennings "
          "2008)",
}


def partition_upper_bound(values: Any) -> float:
    """The integer-partition bound of IP (Rahwan et al. 2009) on the best partition's value.

    The maximum over integer partitions (s_1, ..., s_k) of n of the sum, over the distinct
    sizes s used c times, of the c largest values among coalitions of s members.

    Examples
    --------
    >>> from foedus.structures import partition_upper_bound
    >>> partition_upper_bound([0, 3, 3, 4, 3, 7, 5, 8])  # the best is {A, C}, {B}: 10
    10.0
    """
    return _upper_bound(_values(values))


def _upper_bound(v: np.ndarray) -> float:
    """The integer-partition bound of a table that may hold -inf (excluded coalitions)."""
    n = v.size.bit_length() - 1
    sizes = coalition_sizes(np.arange(v.size))
    g = np.full(n + 1, -np.inf)
    g[0] = 0.0
    for t in range(1, n + 1):
        vals = v[sizes == t]
        c_max = n // t
        top = -np.sort(-vals)[:c_max] if vals.size > c_max else -np.sort(-vals)
        sums = np.cumsum(top)
        h = g.copy()
        for c in range(1, top.size + 1):
            h[c * t:] = np.maximum(h[c * t:], g[:n + 1 - c * t] + sums[c - 1])
        g = h
    return float(g[n])


def _constrained(v: np.ndarray, n: int, max_size: int | None,
                 together: Sequence[tuple[int, int]],
                 apart: Sequence[tuple[int, int]]) -> np.ndarray:
    if max_size is None and not together and not apart:
        return v
    masks = np.arange(v.size, dtype=np.int64)
    out = v.copy()
    if max_size is not None:
        out[coalition_sizes(masks) > max_size] = -np.inf
    for i, j in together:
        a, b = (masks >> i) & 1, (masks >> j) & 1
        out[a != b] = -np.inf
    for i, j in apart:
        out[((masks >> i) & 1 & (masks >> j)) == 1] = -np.inf
    out[0] = 0.0
    return out


def optimal_partition(game: Game | Any, *, time_limit: float | None = None,
                      n_threads: int | None = None, max_size: int | None = None,
                      together: Sequence[Sequence[Any]] = (), apart: Sequence[Sequence[Any]] = (),
                      players: Sequence[str] | None = None,
                      method: str = "hybrid", progress: bool | None = None) -> PartitionResult:
    """The partition of the players into coalitions with the largest total value.

    Parameters
    ----------
    game : Game or array of 2^n values by mask
    time_limit : float, optional
        Seconds; when reached, the best partition found so far is returned (anytime) with
        ``optimal=False`` and an upper bound on the optimum (the integer-partition bound,
        tightened by the dynamic program's values).
    n_threads : int, optional
        Threads (default: all cores); the result does not depend on it.
    max_size : int, optional
        The largest coalition allowed.
    together, apart : sequences of pairs
        Pairs of players (indices or names) that must share a coalition, or must not.
    players : sequence of str, optional
        Names (default: the Game's players, or p0, p1, ...).
    method : {"hybrid", "dp"}
        ``"hybrid"`` (default): the dynamic program by coalition size (IDP's split rule)
        interleaved with a branch and bound over partitions whose bounds use the program's
        values (the design of ODP-IP, Michalak et al. 2016); it usually proves the optimum
        long before the program ends. After a search that did not close the gap, the
        least-squares additive fit of the values, scaled to minimise IP's bound, gives agent
        prices y, and the search continues over v(S) - y(S) (the same optimum, since every
        partition loses y(N)) when that bound is tighter: on values close to additive it
        moves from some 50 % above the optimum to a few percent. ``"dp"``: the dynamic
        program alone (for comparison).
    progress : bool, optional
        A progress bar on standard error (the dynamic program's share of work done; the
        hybrid often ends early, when the bar jumps to the end): None (default) draws one on a
        terminal after a second, True always, False never.

    Notes
    -----
    Memory: two doubles per coalition (16 * 2^n bytes: 512 MiB at n = 25), plus the
    candidate lists of the branch and bound (at most 6 bytes per coalition).

    References
    ----------
    Rahwan, T. and Jennings, N. R. (2008). An improved dynamic programming algorithm for
    coalition structure generation. AAMAS, 1417-1420.
    Rahwan, T., Ramchurn, S. D., Jennings, N. R. and Giovannucci, A. (2009). An anytime
    algorithm for optimal coalition structure generation. JAIR 34, 521-567.
    Michalak, T., Rahwan, T., Elkind, E., Wooldridge, M. and Jennings, N. R. (2016). A hybrid
    exact algorithm for complete set partitioning. Artificial Intelligence 230, 14-50.

    Examples
    --------
    >>> from foedus import Game, optimal_partition
    >>> g = Game([0, 3, 3, 4, 3, 7, 5, 8], players=["A", "B", "C"])
    >>> optimal_partition(g)
    PartitionResult(value 10, optimal; [('A', 'C'), ('B',)])
    >>> optimal_partition(g, apart=[("A", "C")]).blocks
    [('A',), ('B',), ('C',)]
    """
    v = _values(game)
    n = v.size.bit_length() - 1
    if players is None:
        players = game.players if isinstance(game, Game) else tuple(f"p{i}" for i in range(n))
    players = tuple(str(p) for p in players)
    if len(players) != n or len(set(players)) != n:
        raise ValueError(f"players: expected {n} distinct names")
    if n > 30:
        raise ValueError(f"game: the exact search takes at most 30 players (2^n values), got {n}")
    need, limit = 22.0 * 2**n, _default_max_memory()
    if need > limit:  # two doubles per coalition, and up to 6 bytes of candidate lists
        raise ValueError(f"game: the search over {n} players needs about {need / 2**30:.1f} GiB "
                         f"(22 bytes per coalition), more than {limit / 2**30:.1f} GiB (a "
                         "quarter of the RAM)")
    if max_size is not None:
        max_size = check_int(max_size, "max_size", minimum=1)
    together_ix = [_pair(p, players, "together") for p in _pairs(together, "together")]
    apart_ix = [_pair(p, players, "apart") for p in _pairs(apart, "apart")]
    if set(map(frozenset, together_ix)) & set(map(frozenset, apart_ix)):
        raise ValueError("together, apart: a pair cannot be both together and apart")
    w = _constrained(v, n, max_size, together_ix, apart_ix)
    seconds = 0.0 if time_limit is None else float(time_limit) if isinstance(
        time_limit, numbers.Real) and not isinstance(time_limit, bool) else math.nan
    if time_limit is not None and not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"time_limit: expected a positive number of seconds, got {time_limit!r}")
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method: expected one of {sorted(_METHODS)}, got {method!r}")
    threads = check_n_threads(n_threads)
    t0 = time.perf_counter()
    with progress_bar("optimal partition", check_progress(progress)) as update:
        optimal, value, bound, blocks, evaluated, work, dp_size = _core.csg_solve(
            w, seconds, threads, method == "hybrid", update)
    elapsed = time.perf_counter() - t0
    if blocks.size == 0:
        if optimal:
            raise ValueError("together, apart, max_size: no partition satisfies the constraints")
        raise TimeoutError("time_limit: reached before any partition satisfying the "
                           "constraints was found; allow more time")
    part = Partition([_members(int(b)) for b in blocks], n)
    value = float(sum(w[int(b)] for b in blocks))
    return PartitionResult(part, value, bool(optimal), value if optimal else float(bound),
                           players, int(evaluated), elapsed, int(work), int(dp_size),
                           _METHODS[method])


def _pairs(pairs: Any, arg: str) -> list[Any]:
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Iterable):
        raise TypeError(f"{arg}: expected a sequence of pairs of players, got {pairs!r}")
    out = list(pairs)
    for pair in out:
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Iterable):
            raise TypeError(f"{arg}: expected pairs of players, got {pair!r}")
    return out


def _members(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if (mask >> i) & 1]


def _pair(pair: Sequence[Any], players: tuple[str, ...], arg: str) -> tuple[int, int]:
    from ._validation import resolve_indices
    items = list(pair)
    ix = resolve_indices(items, players, "player", arg)
    if len(items) != 2 or len(ix) != 2:
        raise ValueError(f"{arg}: expected pairs of two different players, got {pair!r}")
    return ix[0], ix[1]
