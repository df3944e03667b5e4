"""Power indices of voting rules: who can turn a losing coalition into a winning one.

All indices are computed exactly where exact is possible: by dynamic programming over weights
for a weighted quota (any number of actors), and by enumeration of the winning coalitions for
any composed rule (EU Council under Lisbon, UN Security Council) up to
:data:`MAX_ENUMERATION_ACTORS` actors. See :mod:`foedus.power_methods` for the algorithms.
"""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ._core import max_threads
from ._optional import import_pandas
from ._validation import check_int, check_n_threads
from .actors import ActorSet
from .coalitions import _default_max_memory
from .partition import Partition
from .power_methods import (
    FLOAT_DP_MAX_ACTORS,
    SAMPLED_INDICES,
    Ingredients,
    TwoCriteria,
    count_winning,
    dp2_ingredients,
    dp_ingredients,
    enum_ingredients,
    reduce_quota,
    sample_estimates,
    two_criteria,
)
from .rules import CRIT_SIZE, OP_QUOTA, Rule

__all__ = ["PowerResult", "power_indices", "power_in", "INDICES", "MAX_ENUMERATION_ACTORS"]

#: Largest number of actors for which a composed rule is enumerated (a bitmap of 2^n bits).
MAX_ENUMERATION_ACTORS = 35

#: index name -> (ingredients needed, short description)
INDICES: dict[str, tuple[frozenset[str], str]] = {
    "banzhaf": (frozenset({"swings"}), "normalised Banzhaf index: swings / total swings"),
    "banzhaf_absolute": (frozenset({"swings"}),
                         "absolute Banzhaf index: swings / 2^(n-1)"),
    "penrose": (frozenset({"swings"}),
                "Penrose measure (= absolute Banzhaf index): swings / 2^(n-1)"),
    "swings": (frozenset({"swings"}), "raw Banzhaf swing counts"),
    "shapley_shubik": (frozenset({"ss"}), "Shapley-Shubik index: share of pivotal orderings"),
    "deegan_packel": (frozenset({"dp"}),
                      "Deegan-Packel index: minimal winning coalitions, shared equally"),
    "public_good": (frozenset({"mwc"}),
                    "Holler's public good index: memberships in minimal winning coalitions"),
    "johnston": (frozenset({"johnston"}),
                 "Johnston index: each winning coalition shared among its critical members"),
    "coleman_prevent": (frozenset({"swings", "winning"}),
                        "Coleman's power to prevent action: swings / winning coalitions"),
    "coleman_initiate": (frozenset({"swings", "winning"}),
                         "Coleman's power to initiate action: swings / losing coalitions"),
    "owen": (frozenset({"owen"}), "Owen index under a priori unions (needs unions=Partition)"),
    "banzhaf_owen": (frozenset({"owen"}),
                     "Banzhaf-Owen index under a priori unions (needs unions=Partition)"),
}

_METHODS = ("auto", "dp", "enumeration", "sampling")
#: samples drawn when neither n_samples nor max_seconds says otherwise
DEFAULT_SAMPLES = 100_000


@dataclass(frozen=True, eq=False)
class PowerResult:
    """Power of each actor under one index.

    Attributes
    ----------
    index : str
        The index computed (see :data:`INDICES`).
    names : tuple of str
        Actor names, in the actors' order.
    values : numpy.ndarray
        The index values (float64, read-only).
    exact : tuple of fractions.Fraction or None
        Exact values when computed with ``exact=True`` (``values`` holds them rounded).
    counts : tuple of int or None
        The raw integer counts behind the index when they were computed exactly: swings
        (Banzhaf, Penrose, Coleman), pivotal orderings out of ``n!`` (Shapley-Shubik),
        minimal winning coalitions containing the actor (public good).
    method : str
        ``"dp"`` (dynamic programming over weights), ``"enumeration"`` or ``"sampling"``.
    collectivity : float or None
        Coleman's power of the collectivity to act (winning coalitions / 2^n), for the
        Coleman indices.
    n_winning : int or None
        Number of winning coalitions, when it was counted.
    standard_error : numpy.ndarray or None
        Standard errors of sampled values (delta method for the normalised Banzhaf index).
    n_samples : int or None
        Orderings (Shapley-Shubik) or coalitions (Banzhaf) sampled.
    seed : int or None
        The seed of a sampled result (pass it again to reproduce the result exactly).
    """

    index: str
    names: tuple[str, ...]
    values: np.ndarray
    exact: tuple[Fraction, ...] | None
    counts: tuple[int, ...] | None
    method: str
    collectivity: float | None = None
    n_winning: int | None = None
    standard_error: np.ndarray | None = None
    n_samples: int | None = None
    seed: int | None = None

    @property
    def reference(self) -> str:
        """The literature of the index (and of the algorithm, for dynamic programming)."""
        from .references import power_reference

        return power_reference(self.index, self.method)

    def __post_init__(self) -> None:
        self.values.setflags(write=False)
        if self.standard_error is not None:
            self.standard_error.setflags(write=False)

    def __getitem__(self, actor: str | int) -> float:
        """The value of one actor, by name or index."""
        if isinstance(actor, str):
            try:
                return float(self.values[self.names.index(actor)])
            except ValueError:
                raise KeyError(f"actor {actor!r} is not in this result") from None
        return float(self.values[actor])

    def __len__(self) -> int:
        return len(self.names)

    def to_dict(self) -> dict[str, float]:
        """Values by actor name."""
        return {nm: float(v) for nm, v in zip(self.names, self.values, strict=True)}

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by actor (columns: value, and count / exact if known)."""
        pd = import_pandas()
        data: dict[str, Any] = {self.index: self.values}
        if self.standard_error is not None:
            data["standard_error"] = self.standard_error
        if self.counts is not None:
            data["count"] = list(self.counts)
        if self.exact is not None:
            data["exact"] = list(self.exact)
        return pd.DataFrame(data, index=pd.Index(self.names, name="actor"))

    def plot(self, ax: Any = None, *, weights: Any, **kwargs: Any) -> Any:
        """Power against weight share: :func:`foedus.plots.plot_power` of this result (extra
        ``plot``). ``weights`` is the ActorSet (or one weight per actor); returns the Axes."""
        from .plots import plot_power
        return plot_power(self, weights, ax, **kwargs)

    def _rows(self, limit: int = 12) -> list[tuple[str, str, str]]:
        order = np.argsort(-self.values, kind="stable")
        rows = []
        for i in order[:limit]:
            if self.standard_error is not None:
                extra = f"± {self.standard_error[i]:.2g}"
            elif self.exact is not None:
                extra = str(self.exact[i])
            else:
                extra = str(self.counts[i]) if self.counts is not None else ""
            rows.append((self.names[i], f"{self.values[i]:.6g}", extra))
        return rows

    def __repr__(self) -> str:
        head = f"PowerResult(index={self.index!r}, n={len(self.names)}, method={self.method!r}"
        if self.collectivity is not None:
            head += f", collectivity={self.collectivity:.6g}"
        if self.n_samples is not None:
            head += f", n_samples={self.n_samples}, seed={self.seed}"
        lines = [head + ")"]
        rows = self._rows()
        width = max(len(r[0]) for r in rows)
        for name, value, extra in rows:
            lines.append(f"  {name:<{width}}  {value:>10}" + (f"  {extra}" if extra else ""))
        if len(self.names) > len(rows):
            lines.append(f"  ... {len(self.names) - len(rows)} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        cells = "".join(f"<tr><td>{html.escape(a)}</td><td>{b}</td><td>{html.escape(c)}</td></tr>"
                        for a, b, c in self._rows(50))
        return (f"<table><caption>{html.escape(self.index)} ({html.escape(self.method)})"
                f"</caption><tr><th>actor</th><th>value</th><th></th></tr>{cells}</table>")


def _check_index(index: Any) -> str:
    if not isinstance(index, str):
        raise TypeError(f"index: expected an index name, got {type(index).__name__}")
    key = index.lower().replace("-", "_").replace(" ", "_")
    aliases = {"ss": "shapley_shubik", "shapley": "shapley_shubik", "bz": "banzhaf",
               "pgi": "public_good", "holler": "public_good"}
    key = aliases.get(key, key)
    if key not in INDICES:
        raise ValueError(f"index: unknown power index {index!r}; choose one of "
                         f"{sorted(INDICES)}")
    return key


def _weighted_quota(actors: ActorSet, bound: Any) -> tuple[np.ndarray, int] | None:
    """(integer weights, quota) when the rule is one weighted quota (or a member count), with
    the weights divided by their gcd; cached with the bound rule."""
    cached = getattr(bound, "_weighted_quota", False)
    if cached is not False:
        return cached
    result = _weighted_quota_uncached(actors, bound)
    object.__setattr__(bound, "_weighted_quota", result)
    return result


def _weighted_quota_uncached(actors: ActorSet, bound: Any) -> tuple[np.ndarray, int] | None:
    if len(bound.op) != 1 or bound.op[0] != OP_QUOTA:
        return None
    c = int(bound.crit[0])
    if c == CRIT_SIZE:
        return np.ones(actors.n, dtype=np.int64), int(bound.q[0])
    ints, _ = actors.integer_weights(c)
    # the same game with weights divided by their gcd: the size the DP really works on
    return reduce_quota(np.asarray(ints, dtype=np.int64), int(bound.q[0]))


_NORMALISED = frozenset({"banzhaf", "public_good", "deegan_packel", "johnston"})


def _scaled_ratio(num: np.ndarray, log2: int, den: Any, *, normalised: bool) -> np.ndarray:
    """num * 2^log2 / den without overflow (den: an int of any size, a Fraction or float)."""
    if normalised:
        return num / float(np.sum(num)) if np.sum(num) else num * 0.0
    if isinstance(den, int):
        shift = max(0, den.bit_length() - 62)
        return np.ldexp(num / float(den >> shift), log2 - shift)
    return np.ldexp(num, log2) / float(den)


def _finish(index: str, actors: ActorSet, ing: Ingredients, method: str, exact: bool,
            n_winning: int | None) -> PowerResult:
    """Index values from the ingredients: Fractions when asked for, else floats (no
    subtraction; exact counts are converted once and divided)."""
    n = actors.n
    counts: list[int] | None = None
    collectivity: float | None = None
    want_fractions = exact and ing.exact
    num: list  # numerators
    den: Any  # one denominator for all actors (int, Fraction or float)
    if index in ("banzhaf", "banzhaf_absolute", "penrose", "swings", "coleman_prevent",
                 "coleman_initiate"):
        num = ing.swings  # type: ignore[assignment]
        assert num is not None
        if ing.exact:
            counts = num
        if index == "swings":
            den = 1
        elif index == "banzhaf":
            den = sum(num) or 1
        elif index in ("banzhaf_absolute", "penrose"):
            den = 1 << (n - 1)
        else:
            assert n_winning is not None
            den = n_winning if index == "coleman_prevent" else (1 << n) - n_winning
            if den == 0:
                what = "wins" if index == "coleman_prevent" else "loses"
                raise ValueError(f"rule: no coalition {what}, so {index} is undefined")
            collectivity = n_winning / (1 << n)
    elif index == "shapley_shubik":
        assert ing.ss is not None
        if ing.ss_orders is not None:
            counts = [int(x) for x in ing.ss_orders]
            num, den = counts, math.factorial(n)
        else:
            num, den = ing.ss, 1
    else:  # public good, Deegan-Packel, Johnston: normalised
        src = {"public_good": ing.mwc, "deegan_packel": ing.dp, "johnston": ing.johnston}[index]
        assert src is not None
        if index == "public_good" and ing.exact:
            counts = [int(x) for x in src]
        num, den = src, sum(src)
        if not den:
            raise ValueError("rule: no coalition wins, so the index is undefined")
    if want_fractions:
        fracs = tuple(Fraction(x) / den for x in num)
        values = np.array([float(x) for x in fracs], dtype=np.float64)
    else:
        fracs = None
        if ing.exact and isinstance(den, int) and (
                index != "shapley_shubik" or ing.ss_orders is not None):
            # exact integers: one correctly rounded division each (numpy when the counts and
            # the denominator are exact doubles)
            if den < 2**53 and max(num) < 2**53:
                values = np.array(num, dtype=np.float64) / den
            else:
                values = np.array([x / den for x in num], dtype=np.float64)
        else:
            values = _scaled_ratio(np.array(num, dtype=np.float64), ing.float_log2, den,
                                   normalised=index in _NORMALISED)
    if index == "swings" and not np.all(np.isfinite(values)):
        raise ValueError("index: these swing counts exceed the floating range; use exact=True "
                         "for them as Python ints")
    return PowerResult(index=index, names=actors.names, values=values, exact=fracs,
                       counts=tuple(counts) if counts is not None else None, method=method,
                       collectivity=collectivity, n_winning=n_winning)


def power_indices(actors: ActorSet, rule: Rule, *, index: str = "banzhaf", method: str = "auto",
                  exact: bool = False, max_seconds: float | None = None,
                  n_samples: int | None = None, n_threads: int | None = None,
                  seed: int | None = None, unions: Partition | None = None) -> PowerResult:
    """Power of every actor under a voting rule.

    Parameters
    ----------
    actors : ActorSet
    rule : Rule
        Any monotone rule: a weighted quota, a member count, or rules composed with ``&``/``|``.
    index : str
        One of :data:`INDICES`: ``"banzhaf"``, ``"banzhaf_absolute"``, ``"penrose"``,
        ``"swings"``, ``"shapley_shubik"``, ``"deegan_packel"``, ``"public_good"``,
        ``"johnston"``, ``"coleman_prevent"``, ``"coleman_initiate"`` (Coleman's power of the
        collectivity to act is the result's ``collectivity``), and under a priori unions
        ``"owen"`` and ``"banzhaf_owen"`` (absolute scale, like ``"banzhaf_absolute"``).
    method : {"auto", "dp", "enumeration", "sampling"}
        ``"dp"``: dynamic programming over weights (one weighted quota or member count, any
        number of actors); ``"enumeration"``: every coalition (any rule, at most
        :data:`MAX_ENUMERATION_ACTORS` actors); ``"sampling"``: Monte Carlo estimates with
        standard errors (random orderings for Shapley-Shubik, random coalitions for Banzhaf and
        Penrose; any rule, any size). ``"auto"`` takes DP when it applies, else enumeration,
        and falls back to sampling (for the indices it estimates, with ``exact=False``) when
        the exact method exceeds the memory budget (a quarter of the RAM) or ``max_seconds``;
        ``result.method`` reports the choice.
    exact : bool
        Also return exact rational values (``result.exact``), computed in exact integer
        arithmetic. Otherwise values are floats, from exact counts where that is cheap and
        otherwise from floating dynamic programming that sums only positive terms (relative
        error about 1e-13).
    max_seconds : float, optional
        Time budget: an exact method estimated to run longer is replaced by sampling (see
        ``method``) or refused with a ValueError; sampling draws as many samples as fit.
    n_samples : int, optional
        Samples for ``method="sampling"`` (default 100,000, or as many as fit in
        ``max_seconds``).
    n_threads : int, optional
        Threads (default: all cores). Results are identical for every thread count.
    seed : int, optional
        Seed of the sampling method: sample k is drawn from a counter-based stream keyed by
        (seed, k), so results are identical for every thread count. The seed used is kept in
        ``result.seed``. The exact methods ignore it.
    unions : Partition, optional
        A priori unions (blocs whose members act together) for ``"owen"`` and
        ``"banzhaf_owen"``: exact by enumeration for any rule up to
        :data:`MAX_ENUMERATION_ACTORS` actors, and for a weighted quota at any number of actors
        with at most 24 unions.

    Returns
    -------
    PowerResult

    Examples
    --------
    >>> from foedus import ActorSet, Rule, power_indices
    >>> game = ActorSet(["A", "B", "C", "D"], [10, 10, 20, 30])
    >>> power_indices(game, Rule.quota(50), index="shapley_shubik", exact=True).exact
    (Fraction(1, 12), Fraction(1, 12), Fraction(1, 4), Fraction(7, 12))
    >>> power_indices(game, Rule.quota(50), index="banzhaf").to_dict()
    {'A': 0.1, 'B': 0.1, 'C': 0.3, 'D': 0.5}
    """
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected an ActorSet, got {type(actors).__name__}")
    if not isinstance(rule, Rule):
        raise TypeError(f"rule: expected a Rule, got {type(rule).__name__}")
    key = _check_index(index)
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method: expected one of {_METHODS}, got {method!r}")
    if not isinstance(exact, (bool, np.bool_)):
        raise TypeError(f"exact: expected True or False, got {exact!r}")
    if max_seconds is not None and (isinstance(max_seconds, bool) or not isinstance(
            max_seconds, numbers.Real) or not max_seconds > 0):
        raise ValueError(f"max_seconds: expected a positive number of seconds, got {max_seconds!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"seed: expected an integer or None, got {seed!r}")
    threads = check_n_threads(n_threads)
    if key == "swings" and actors.n > 1023:
        raise ValueError("index: swing counts of more than 1023 actors exceed the floating "
                         "range; use index='banzhaf_absolute' with exact=True, whose .counts "
                         "holds the exact swing counts as Python ints")
    if key in ("owen", "banzhaf_owen"):
        return _owen(actors, rule, key, unions, method, exact, threads)
    if unions is not None:
        raise ValueError(f"unions: a priori unions apply to 'owen' and 'banzhaf_owen', not "
                         f"{key!r}")
    if n_samples is not None:
        n_samples = check_int(n_samples, "n_samples", minimum=1, maximum=MAX_SAMPLES)
    bound = rule.bind(actors)
    needs = set(INDICES[key][0])
    wq = _weighted_quota(actors, bound)
    n = actors.n
    tc = None
    if wq is None and method in ("auto", "dp") and needs <= {"swings", "ss", "winning"}:
        tc = two_criteria(actors, bound)
        if tc is not None and "ss" in needs and exact and not tc.size_first:
            tc = None  # exact Shapley-Shubik needs the member count as a criterion
    used = _choose_method(method, key, n, wq, needs, exact, max_seconds, n_samples, threads, tc)
    n_winning: int | None = None
    if used == "dp2":
        assert tc is not None
        light = "ss" not in needs or tc.size_first
        ing, n_winning = dp2_ingredients(tc, needs - {"winning"}, exact=exact or (
            light and n <= 120) or (n > FLOAT_DP_MAX_ACTORS and "swings" in needs),
            fractions=exact, n_threads=threads)
        if "winning" in needs and n_winning is None:
            ing_w, n_winning = dp2_ingredients(tc, {"swings"}, True, False, threads)
        return _finish(key, actors, ing, "dp", exact, n_winning)
    if used == "dp":
        assert wq is not None
        w, q = wq
        # exact counts cost about as much as floats for swings and Shapley-Shubik at moderate
        # n (2^64 plus one prime); sized minimal-winning sums need interpolation, so only small n
        # (sizes make exact Shapley-Shubik O(n) times dearer than its floating quadrature
        # beyond about 30 actors: measured 2.6 vs 1.5 ms at n = 50, 58 vs 7 ms at n = 100)
        light = needs <= {"swings", "mwc", "winning"}
        cheap_limit = 30 if "ss" in needs else (120 if light else 24)
        # floating swing and minimal-winning DPs stop at FLOAT_DP_MAX_ACTORS (their scale);
        # floating Shapley-Shubik (quadrature over probabilities) has no such limit
        cheap_exact = (exact or n <= cheap_limit
                       or (n > FLOAT_DP_MAX_ACTORS and bool(needs - {"ss", "winning"})))
        if cheap_exact:
            _check_exact_tables(n, needs)
        ing = dp_ingredients(w, q, needs - {"winning"}, exact=cheap_exact, n_threads=threads,
                             fractions=exact)
        if "winning" in needs:
            n_winning = count_winning(w, q, threads)
        return _finish(key, actors, ing, used, exact, n_winning)
    weights = np.column_stack([np.asarray(actors.integer_weights(c)[0], dtype=np.int64)
                               for c in range(len(actors.weight_names))])
    if used == "enumeration":
        ing, n_winning = enum_ingredients(n, weights, bound, needs, exact, threads)
        return _finish(key, actors, ing, used, exact, n_winning)
    # sampling
    if exact:
        raise ValueError("exact: sampling gives estimates, not exact values; use exact=False")
    if not bound.wins_mask(actors, (1 << n) - 1):
        raise ValueError("rule: no coalition wins, so the index is undefined")
    if n_samples is None:
        n_samples = DEFAULT_SAMPLES
        if max_seconds is not None:
            per = _sample_seconds(n, len(bound.op), key)
            n_samples = max(1000, int(max_seconds / per))
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0])
    values, se = sample_estimates(n, weights, bound, key, n_samples, int(seed) % (1 << 64),
                                  threads)
    return PowerResult(index=key, names=actors.names, values=values, exact=None, counts=None,
                       method="sampling", standard_error=se, n_samples=n_samples,
                       seed=int(seed))


#: largest enumeration of (other unions, partners) pairs for the Owen indices
MAX_OWEN_LOOKUPS = 2e10


def _owen(actors: ActorSet, rule: Rule, key: str, unions: Partition | None, method: str,
          exact: bool, threads: int) -> PowerResult:
    from .power_owen import (
        MAX_UNIONS_WEIGHTED,
        enumeration_cost,
        owen_counts_enum,
        owen_counts_weighted,
        owen_values,
        weighted_feasible,
    )
    if unions is None:
        raise ValueError(f"unions: the {key} index needs a priori unions, e.g. "
                         "unions=Partition([[0, 1], [2], [3, 4]], n=5)")
    if not isinstance(unions, Partition):
        raise TypeError(f"unions: expected a foedus.Partition, got {type(unions).__name__}")
    if unions.n != actors.n:
        raise ValueError(f"unions: the partition covers {unions.n} actors, the game has "
                         f"{actors.n}")
    if method == "sampling":
        raise ValueError(f"method: {key} is computed exactly (dp or enumeration), not sampled")
    blocks = [list(b) for b in unions.blocks]
    n = actors.n
    if method == "auto" and len(blocks) in (1, n):
        # singletons or one grand union: Owen is Shapley-Shubik, Banzhaf-Owen is Penrose
        plain = power_indices(actors, rule, index="shapley_shubik" if key == "owen" else
                              "penrose", exact=exact, n_threads=threads or None)
        if plain.method == "sampling":
            raise ValueError(f"actors: {key} is computed exactly, and this rule is beyond "
                             "the exact methods (a composed rule over more than "
                             f"{MAX_ENUMERATION_ACTORS} actors); with singleton unions it equals "
                             "the Shapley-Shubik / Penrose index, which can be sampled")
        return PowerResult(index=key, names=plain.names, values=plain.values.copy(),
                           exact=plain.exact, counts=None, method=plain.method)
    bound = rule.bind(actors)
    wq = _weighted_quota(actors, bound)
    use_dp = (wq is not None and method != "enumeration"
              and weighted_feasible(wq[0], wq[1], blocks))
    if method == "dp" and not use_dp:
        raise ValueError("method: dynamic programming under unions needs one weighted quota, "
                         f"at most {MAX_UNIONS_WEIGHTED} unions and a partner table of at most "
                         "2e7 cells (members x quota after dividing weights by their gcd)")
    if use_dp:
        assert wq is not None
        counts = owen_counts_weighted(wq[0], wq[1], blocks)
        used = "dp"
    else:
        if n > MAX_ENUMERATION_ACTORS:
            raise ValueError(f"actors: {key} of a composed rule (or with more than "
                             f"{MAX_UNIONS_WEIGHTED} unions) is enumerated, which is limited to "
                             f"{MAX_ENUMERATION_ACTORS} actors; got {n}")
        if 2.0 ** n / 8.0 > _default_max_memory():
            raise ValueError(f"actors: the bitmap of 2^{n} coalitions needs "
                             f"{2.0 ** n / 8 / 2**30:.1f} GiB, more than the "
                             f"{_default_max_memory() / 2**30:.1f} GiB allowed (a quarter of "
                             "the RAM)")
        cost = enumeration_cost(blocks)
        if cost > MAX_OWEN_LOOKUPS:
            raise ValueError(f"unions: enumerating {key} here visits about {cost:.2g} pairs of "
                             "(other unions, partners), more than the limit of "
                             f"{MAX_OWEN_LOOKUPS:.0e}; large unions among many unions are the "
                             "costly case")
        weights = np.column_stack([np.asarray(actors.integer_weights(c)[0], dtype=np.int64)
                                   for c in range(len(actors.weight_names))])
        counts = owen_counts_enum(n, weights, bound, blocks, threads)
        used = "enumeration"
    vals = owen_values(counts, blocks, key, n)
    return PowerResult(index=key, names=actors.names,
                       values=np.array([float(v) for v in vals], dtype=np.float64),
                       exact=tuple(vals) if exact else None, counts=None, method=used)


#: largest n_samples of the sampling method (2^48 samples would take months)
MAX_SAMPLES = 2**48


def _check_exact_tables(n: int, needs: set[str]) -> None:
    """ValueError when the exact counts by size (Shapley-Shubik, Deegan-Packel, Johnston) need
    more memory than allowed: residues of n x n counts per prime, and as many Python ints of
    about n bits when they are recombined."""
    if not needs & {"ss", "dp", "johnston"}:
        return
    primes = max(1, (n + 1) // 62 + 1)
    need = n * n * (8.0 * primes + 28.0 + n / 8.0)
    limit = _default_max_memory()
    if need > limit:
        raise ValueError(f"actors: exact counts by coalition size for {n} actors need about "
                         f"{need / 2**30:.1f} GiB, more than the {limit / 2**30:.1f} GiB allowed "
                         "(a quarter of the RAM); use index='banzhaf' or 'shapley_shubik' with "
                         "exact=False, or method='sampling'")


def _choose_method(method: str, key: str, n: int, wq: tuple[np.ndarray, int] | None,
                   needs: set[str], exact: bool, max_seconds: float | None,
                   n_samples: int | None, threads: int, tc: TwoCriteria | None = None) -> str:
    """The method to run: the one asked for, or the first of dp / enumeration / sampling that
    fits the memory budget (a quarter of the RAM) and ``max_seconds``."""
    sampled = key in SAMPLED_INDICES
    if method == "sampling":
        if not sampled:
            raise ValueError(f"method: sampling estimates {list(SAMPLED_INDICES)}, not {key!r}")
        return "sampling"
    if method == "dp" and wq is None and tc is None:
        raise ValueError("method: dynamic programming needs one weighted quota or member count, "
                         "or a rule over at most two criteria (veto sets count as criteria) "
                         "with a small table; use method='enumeration' (at most "
                         f"{MAX_ENUMERATION_ACTORS} actors) or method='sampling'")
    if (method in ("auto", "dp") and wq is not None and max_seconds is None
            and n * wq[1] < 10**6 and n <= 256):
        return "dp"  # small: no estimate can refuse it
    # threads that the method can keep busy: two halves per ring pass for the swing DPs,
    # one unit per quadrature node or interpolation point for the others
    parallel = 2 if needs <= {"swings", "winning"} else max(2, n)
    running = min(threads if threads > 0 else max_threads(), parallel)
    limit = _default_max_memory()
    candidates: list[str] = []
    if method in ("auto", "dp"):
        if wq is not None:
            candidates.append("dp")
        elif tc is not None:
            candidates.append("dp2")
    if method in ("auto", "enumeration") and n <= MAX_ENUMERATION_ACTORS:
        candidates.append("enumeration")
    if method == "auto" and len(candidates) == 2 and candidates[0] == "dp2":
        # a composed rule over two criteria: the cheaper exact method first
        if _estimate_seconds(n, wq, needs, exact, "enumeration", tc) < _estimate_seconds(
                n, wq, needs, exact, "dp2", tc):
            candidates.reverse()
    refusals: list[str] = []
    for cand in candidates:
        need = _estimate_bytes(n, wq, needs, exact, cand, running, tc)
        if need > limit:
            refusals.append(f"{cand.rstrip('2')} would need about {need / 2**30:.1f} GiB, more "
                            f"than the {limit / 2**30:.1f} GiB allowed (a quarter of the RAM)")
            continue
        if max_seconds is not None:
            secs = _estimate_seconds(n, wq, needs, exact, cand, tc) / max(1, running)
            if secs > max_seconds:
                refusals.append(f"{cand.rstrip('2')} needs about {secs:.3g} s, more than "
                                f"max_seconds = {max_seconds}")
                continue
        return cand
    if method == "auto" and sampled and not exact:
        return "sampling"
    if not candidates:
        if wq is not None or tc is not None:
            what = (f"enumeration is limited to {MAX_ENUMERATION_ACTORS} actors (a bitmap of "
                    f"2^n coalitions), got {n}; dynamic programming does not compute {key!r} "
                    "for this rule")
        else:
            what = (f"enumeration of a composed rule is limited to {MAX_ENUMERATION_ACTORS} "
                    f"actors (a bitmap of 2^n coalitions), got {n}; express the rule as one "
                    "weighted quota, or over at most two criteria, to use dynamic programming")
        raise ValueError("actors: " + what + (", or use method='sampling'" if sampled else ""))
    hints = []
    if exact:
        hints.append("exact=False")
    if sampled and not exact:
        hints.append("method='sampling' (an estimate with standard errors)")
    if max_seconds is not None and any("max_seconds" in r for r in refusals):
        hints.append("a larger max_seconds")
    raise ValueError("; ".join(refusals) + (f"; try {' or '.join(hints)}" if hints else ""))


def _estimate_seconds(n: int, wq: tuple[np.ndarray, int] | None, needs: set[str], exact: bool,
                      method: str, tc: TwoCriteria | None = None) -> float:
    """Rough run time on one core (rates measured on the development machine)."""
    if method == "enumeration":
        per_coalition = 2e-9 * (1 + ("mwc" in needs or "dp" in needs) + 2 * ("johnston" in needs))
        return (2.0 ** n) * per_coalition * max(1, n // 8)
    if method == "dp2":
        assert tc is not None
        units = (1 + n // 61) if exact else (1 + (n + 1) // 2 if "ss" in needs else 1)
        if "winning" in needs:  # the winning count is an exact pass over all players
            units += (1 + n // 61) * 1.5
        return tc.cells * n * max(1.0, math.log2(n)) * 2.0 * units / 4e8
    assert wq is not None
    q = float(wq[1])
    cells = 2.0 * n * q
    if "ss" in needs:
        cells *= n / 2.0 if not exact else n * max(1, n // 60)
    if "dp" in needs or "johnston" in needs:
        cells *= 6.0 * n * (max(1, n // 30) if exact else 0.5)
    return cells / 4e8


def _estimate_bytes(n: int, wq: tuple[np.ndarray, int] | None, needs: set[str], exact: bool,
                    method: str, threads: int, tc: TwoCriteria | None = None) -> float:
    """Peak memory (tables held at once by the running threads)."""
    if method == "enumeration":
        return 2.0 ** n / 8.0
    units = max(1, threads)
    if method == "dp2":
        assert tc is not None
        return units * (math.log2(max(2, n)) + 3.0) * tc.cells * 8.0
    assert wq is not None
    w, q = wq
    width = float(q) + (float(np.max(w)) if "johnston" in needs else 0.0)
    tables = 4.0
    if "ss" in needs and exact:
        tables *= n  # one row per coalition size
    if needs & {"dp", "johnston", "mwc"}:
        tables = max(tables, 4.0 * (2.0 * math.sqrt(n) + 6.0))
    return units * tables * width * 8.0


def _sample_seconds(n: int, rule_nodes: int, key: str) -> float:
    """Rough seconds per sample on one core."""
    steps = n / 2.0 if key == "shapley_shubik" else 2.0 * n
    return 3e-9 * steps * (rule_nodes + 2)


def power_in(actors: ActorSet, coalition: Any, internal_rule: Rule | None = None, *,
             index: str = "banzhaf", exact: bool = False,
             n_threads: int | None = None) -> PowerResult:
    """Power inside a coalition: who leads it, under its own decision rule.

    The members are taken with their weights as a game of their own (by default a majority of
    the coalition's own weight), so the shares are relative to the coalition, not to the
    whole assembly.

    Examples
    --------
    >>> from foedus import ActorSet, power_in
    >>> parl = ActorSet(["A", "B", "C", "D"], [10, 10, 20, 30])
    >>> power_in(parl, ["A", "C", "D"], index="shapley_shubik", exact=True).exact
    (Fraction(1, 6), Fraction(1, 6), Fraction(2, 3))
    """
    if not isinstance(actors, ActorSet):
        raise TypeError(f"actors: expected an ActorSet, got {type(actors).__name__}")
    mask = actors.mask(coalition)
    idx = [i for i in range(actors.n) if (mask >> i) & 1]
    if not idx:
        raise ValueError("coalition: needs at least one member")
    # the members' weights as given (exact integers stay exact, even above 2^53)
    columns = {}
    for c, nm in enumerate(actors.weight_names):
        exact_col = actors._exact_weights[c]
        columns[nm] = (np.asarray(exact_col)[idx] if exact_col is not None
                       else actors.weights[idx, c])
    sub = ActorSet([actors.names[i] for i in idx], columns)
    rule = internal_rule if internal_rule is not None else Rule.majority()
    return power_indices(sub, rule, index=index, exact=exact, n_threads=n_threads)
