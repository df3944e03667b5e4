"""Hypothesis fuzzing of the public API: random shapes, dtypes, NaN/inf, empty inputs, huge n.

The property everywhere: a call returns a correct-looking result (a cheap invariant is
spot-checked) or raises a plain ``ValueError``/``TypeError`` whose message is foedus' own
(it names the argument; no raw "could not convert string to float" from numpy or Python).
Any other exception -- OverflowError, IndexError, ZeroDivisionError, KeyError,
AttributeError, RuntimeError, numpy's LinAlgError (a ValueError subclass) or MemoryError --
fails the test, and so does a crash of the process. Exhaustive functions asked for up to
10,000 actors must refuse at once with the documented limit.

The plain tests at the end are regressions for the bugs this fuzzing found.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import warnings
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import foedus
from foedus import ActorSet, Game, Rule
from foedus.formation import THEORIES
from foedus.groupings import KINDS
from foedus.power import INDICES

NAN, INF = float("nan"), float("inf")

#: Raw messages of numpy / Python / pybind11: an error that reaches the user this way does not
#: name the argument it is about.
_RAW_MESSAGES = re.compile(
    r"could not convert|invalid literal|object is not iterable|unhashable type|"
    r"not supported between instances|cannot reshape|argument must be|incompatible function "
    r"arguments|has no attribute|ufunc|object cannot be interpreted|only integer scalar|"
    r"index .* is out of bounds|too many indices|setting an array element|inhomogeneous|"
    r"Python int too large|cannot convert float|expected non-negative integer|"
    r"SeedSequence expects|negative shift count|math domain error|truth value of an array")


#: Bug hunting: FOEDUS_FUZZ_SCALE=20 (with FOEDUS_HYPOTHESIS_PROFILE=dev for fresh random
#: examples) runs twenty times as many examples; the default keeps the file under a minute.
_SCALE = max(1, int(os.environ.get("FOEDUS_FUZZ_SCALE", "1")))


def fuzz(max_examples: int) -> Callable[[Any], Any]:
    """Hypothesis settings of this file: few examples, no deadline (loaded machines)."""
    return settings(max_examples=max_examples * _SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


def call(fn: Callable[[], Any], *, allowed: tuple[type[BaseException], ...] = ()) -> Any:
    """Run ``fn``: its result, or None when it raised a clean ValueError/TypeError.

    Anything else propagates and fails the test; a ValueError subclass (numpy's LinAlgError,
    UnicodeError, ...) or a raw library message fails it too.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return fn()
    except (ValueError, TypeError) as exc:
        if type(exc) not in (ValueError, TypeError):
            raise AssertionError(f"{type(exc).__name__} leaked out: {exc}") from exc
        if _RAW_MESSAGES.search(str(exc)):
            raise AssertionError(f"raw {type(exc).__name__} message (names no argument): "
                                 f"{exc}") from exc
        return None
    except allowed:
        return None


# --------------------------------------------------------------------------- adversarial data

SPECIAL_FLOATS = [NAN, INF, -INF, 0.0, -0.0, 1e308, -1e308, 5e-324, 1e-300, 2.0**63, 0.5, -1.5]
SPECIAL_INTS = [0, -1, 1, 2, 3, 2**31, 2**53 + 1, 2**62, 2**63, 2**64, 2**70, -(2**63)]
DTYPES = [np.int8, np.int64, np.uint8, np.uint64, np.float16, np.float32, np.float64,
          np.complex128, np.bool_, object, np.str_]

adversarial_scalars = st.one_of(
    st.integers(-5, 20),
    st.sampled_from(SPECIAL_INTS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(SPECIAL_FLOATS),
    st.sampled_from(["50%", "1/2", "0.5", "2/3", "abc", "", "1e400", "nan", "-1"]),
    st.sampled_from([None, True, False, 1 + 2j, np.int8(-3), np.uint64(2**63), np.float32(0.5),
                     np.float16(np.inf), Fraction(2, 3), Decimal("0.55"), Decimal("NaN")]),
    st.sampled_from([[1, 2], (3,), {"a": 1}, b"xy", np.array([1.0, 2.0]), np.array(3)]),
)


def mostly(good: st.SearchStrategy[Any],
           bad: st.SearchStrategy[Any] = adversarial_scalars) -> st.SearchStrategy[Any]:
    """A valid value four times in five, else an adversarial one: most examples reach the
    computation (and its invariants), and every argument is still attacked."""
    return st.integers(0, 4).flatmap(lambda i: bad if i == 0 else good)


def _cast(values: Any, dtype: Any) -> Any:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return np.asarray(values).astype(dtype)
        except (TypeError, ValueError, OverflowError):
            return np.asarray(values, dtype=object)


@st.composite
def adversarial(draw: st.DrawFn, valid: st.SearchStrategy[Any], n: int) -> Any:
    """A valid vector of length ``n`` (half the time) or one mutation of it: a special value,
    another dtype, a wrong length or dimension, empty, a scalar, None, a dict or text."""
    base = list(draw(valid))
    kind = draw(st.sampled_from(["valid"] * 8 + ["special", "special", "dtype", "dtype",
                                                 "length", "ndim", "empty", "scalar", "junk"]))
    if kind == "valid":
        return base if draw(st.booleans()) else np.asarray(base)
    if kind == "special":
        if base:
            i = draw(st.integers(0, len(base) - 1))
            base[i] = draw(st.sampled_from(SPECIAL_FLOATS + SPECIAL_INTS))
        return base if draw(st.booleans()) else _cast(base, object)
    if kind == "dtype":
        return _cast(base, draw(st.sampled_from(DTYPES)))
    if kind == "length":
        extra = draw(st.integers(1, 3))
        return base[:-extra] if draw(st.booleans()) and len(base) >= extra else base + [1] * extra
    if kind == "ndim":
        arr = np.asarray(base, dtype=np.float64)
        return draw(st.sampled_from([arr[None, :], arr[:, None, None], arr.reshape(1, 1, -1)]))
    if kind == "empty":
        return draw(st.sampled_from([[], np.zeros(0), np.zeros((0, 2)), ()]))
    if kind == "scalar":
        return draw(st.sampled_from([3.0, np.float64(2.0), np.array(1.0), 0, NAN]))
    return draw(st.sampled_from([None, "abc", {"x": base}, b"bytes", [[1, 2], [3]],
                                 [None] * max(1, n), ["1"] * max(1, n)]))


def mostly_valid(valid: st.SearchStrategy[Any], n: int) -> st.SearchStrategy[Any]:
    """A valid vector three times in four, else an adversarial mutation of one."""
    return st.integers(0, 3).flatmap(lambda i: adversarial(valid, n) if i == 0 else valid)


def names_of(n: int) -> list[str]:
    return [f"a{i}" for i in range(n)]


small_weights = st.integers(1, 8).flatmap(
    lambda n: st.lists(st.integers(0, 40), min_size=n, max_size=n))


@st.composite
def actor_sets(draw: st.DrawFn, min_n: int = 1, max_n: int = 7) -> ActorSet:
    """Valid actor sets (the fuzz is in the other arguments): integer or decimal weights,
    positions with NaN, sometimes ties."""
    n = draw(st.integers(min_n, max_n))
    w = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    if sum(w) == 0:
        w[0] = 1
    if draw(st.booleans()):
        w = [x / 4 for x in w]
    pos = draw(st.lists(st.one_of(st.just(NAN), st.integers(0, 10).map(float)), min_size=n,
                        max_size=n))
    ties = None
    if draw(st.booleans()):
        t = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                t[i, j] = t[j, i] = draw(st.integers(0, 1))
        ties = t
    return ActorSet(names_of(n), {"seats": w}, positions={"lr": pos}, ties=ties)


@st.composite
def rules(draw: st.DrawFn, n: int) -> Rule:
    """Rules for n actors: quotas (sometimes out of range), shares, counts, vetoes, compositions."""
    kind = draw(st.sampled_from(["quota", "share", "majority", "count", "veto", "and", "or",
                                 "count_all_but", "count_share", "unanimity"]))
    if kind == "quota":
        return Rule.quota(draw(st.integers(1, 150)))
    if kind == "share":
        return Rule.share(draw(st.sampled_from(["0.5", "0.55", "2/3", "1", 0.65, "1/3"])))
    if kind == "majority":
        return Rule.majority()
    if kind == "count":
        return Rule.count(draw(st.integers(1, n + 1)))
    if kind == "veto":
        return Rule.veto(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=2)))
    if kind == "count_all_but":
        return Rule.count_all_but(draw(st.integers(0, n)))
    if kind == "count_share":
        return Rule.count_share(draw(st.sampled_from(["0.55", "0.5", "1"])))
    if kind == "unanimity":
        return Rule.unanimity()
    parts = [Rule.majority(), Rule.count(draw(st.integers(1, n))),
             Rule.veto([draw(st.integers(0, n - 1))])]
    a, b = draw(st.permutations(parts))[:2]
    return a & b if kind == "and" else a | b


def _is_int_like(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def _cap(kwargs: dict[str, Any], key: str, cap: int) -> None:
    """Valid but huge iteration counts only cost time (Newton on a separated sample runs to
    max_iter): cap them; invalid ones (0, negative, floats) still go through."""
    if _is_int_like(kwargs.get(key)) and kwargs[key] > cap:
        kwargs[key] = cap


# --------------------------------------------------------------------------- actors and rules


@fuzz(300)
@given(st.data())
def test_actorset_construction(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 6))
    names = data.draw(mostly(st.just(names_of(n)), st.sampled_from(
        [names_of(n - 1) + ["a0"], [], list(range(n)), "abc", None, [None] * n])))
    weights = data.draw(mostly_valid(st.lists(st.integers(0, 100), min_size=n, max_size=n), n))
    positions = data.draw(st.one_of(st.none(), mostly_valid(
        st.lists(st.floats(-10, 10), min_size=n, max_size=n), n)))
    ties = data.draw(mostly(st.sampled_from([None, np.eye(n), np.ones((n, n))]), st.sampled_from(
        [np.full((n, n), NAN), np.ones((n + 1, n + 1)), np.triu(np.ones((n, n))) + 0.5, "x",
         np.full((n, n), INF)])))
    actors = call(lambda: ActorSet(names, weights, positions=positions, ties=ties))
    event(f"ActorSet built: {actors is not None}")
    if actors is None:
        return
    w = actors.weights
    assert w.ndim == 2 and w.shape[0] == actors.n and np.all(np.isfinite(w)) and np.all(w >= 0)
    assert actors.positions.shape[0] == actors.n and not np.isinf(actors.positions).any()
    # using the actors: an exact count, or a clean refusal (e.g. all weights 0, sums >= 2^62)
    count = call(lambda: foedus.count_coalitions(actors, Rule.majority(), winning=True))
    if count is not None:
        assert 0 <= count <= 2**actors.n - 1


@fuzz(300)
@given(st.data())
def test_rule_quota_forms(data: st.DataObject) -> None:
    weights = data.draw(st.lists(st.integers(0, 20), min_size=1, max_size=6))
    actors = ActorSet(names_of(len(weights)), weights)
    total = sum(weights)
    value = data.draw(adversarial_scalars)
    maker = data.draw(st.sampled_from(["quota", "share", "count", "count_share",
                                       "count_all_but", "veto"]))
    rule = call(lambda: getattr(Rule, maker)(value))
    if rule is None:
        return
    count = call(lambda: foedus.count_coalitions(actors, rule, winning=True))
    if count is None:
        return
    # brute force: the count is exact
    bound = rule.bind(actors)
    brute = sum(bound.wins_mask(actors, m) for m in range(1, 2**actors.n))
    assert count == brute
    if maker == "quota":
        q = rule._node[2]
        assert 0 < q <= total  # out-of-range quotas must have been refused


# --------------------------------------------------------------------------- coalitions


filter_values = mostly(st.none())


@fuzz(300)
@given(actor_sets(), st.data())
def test_enumeration_filters(actors: ActorSet, data: st.DataObject) -> None:
    n = actors.n
    rule = data.draw(rules(n))
    kwargs: dict[str, Any] = {}
    for key, good in (("winning", st.sampled_from([None, True, False])),
                      ("blocking", st.sampled_from([None, True, False])),
                      ("minimal", st.booleans()),
                      ("connected", st.sampled_from([None, "lr", "ties", 0, 1, "zz"])),
                      ("min_size", st.integers(0, n + 1)), ("max_size", st.integers(0, n + 1)),
                      ("include", st.lists(st.integers(-n - 1, n), max_size=2)),
                      ("exclude", st.lists(st.sampled_from(names_of(n) + ["zz"]), max_size=2)),
                      ("n_threads", st.sampled_from([None, 1, 2]))):
        if data.draw(st.booleans()):
            kwargs[key] = data.draw(st.one_of(good, filter_values) if data.draw(
                st.integers(0, 4)) == 0 else good)
    table = call(lambda: foedus.enumerate_coalitions(actors, rule, **kwargs))
    count = call(lambda: foedus.count_coalitions(actors, rule, **kwargs))
    event(f"enumerated: {table is not None}")
    assert (table is None) == (count is None)
    if table is None:
        return
    assert len(table) == count
    if len(table):
        assert table["size"].min() >= 1 and table["size"].max() <= n
        if kwargs.get("winning") is True or kwargs.get("minimal") is True:
            assert table["winning"].all()
    chunk = data.draw(mostly(st.integers(1, 40)))
    chunks = call(lambda: [len(t) for t in foedus.iter_coalitions(actors, rule, chunk_size=chunk,
                                                                  **kwargs)])
    if chunks is not None:
        assert sum(chunks) == len(table)


@fuzz(200)
@given(actor_sets(), st.data())
def test_top_k_and_scores(actors: ActorSet, data: st.DataObject) -> None:
    rule = data.draw(rules(actors.n))
    top_k = data.draw(mostly(st.integers(1, 10)))
    score = data.draw(mostly(st.one_of(
        st.sampled_from(["size", "weight_seats", "surplus", "range_lr", "diameter",
                         "herfindahl", "nope", "connected_ties"]),
        st.dictionaries(st.sampled_from(["size", "weight_seats", "share_seats", "n_pivotal"]),
                        st.one_of(st.floats(-5, 5), adversarial_scalars), max_size=3))))
    weight = data.draw(st.sampled_from([None, 0, "seats", 3, "zz", -1]))
    table = call(lambda: foedus.enumerate_coalitions(actors, rule, top_k=top_k, score=score,
                                                     weight=weight))
    if table is None:
        return
    if _is_int_like(top_k):
        assert len(table) <= top_k
    if _is_int_like(top_k) and "score" in table.columns:
        scores = table["score"].tolist()
        ranked = [x for x in scores if not math.isnan(x)]
        assert all(a >= b for a, b in zip(ranked, ranked[1:], strict=False))  # rank order
        assert scores[:len(ranked)] == ranked  # NaN last


@fuzz(160)
@given(actor_sets(), st.data())
def test_minimal_winning_and_describe(actors: ActorSet, data: st.DataObject) -> None:
    rule = data.draw(rules(actors.n))
    kwargs = {k: data.draw(mostly(good))
              for k, good in (("max_results", st.integers(0, 100)),
                              ("max_size", st.one_of(st.none(), st.integers(1, actors.n))))
              if data.draw(st.booleans())}
    mwc = call(lambda: foedus.minimal_winning_coalitions(actors, rule, **kwargs))
    if mwc is not None and len(mwc):
        assert mwc["minimal_winning"].all()
    coalitions = data.draw(mostly(st.one_of(
        st.lists(st.lists(st.integers(0, actors.n - 1), min_size=1, max_size=3), max_size=3),
        st.lists(st.integers(-2, 2**actors.n + 1), max_size=3),
        adversarial(st.lists(st.integers(1, 2**actors.n - 1), min_size=2, max_size=2), 2))))
    table = call(lambda: foedus.describe_coalitions(actors, rule, coalitions))
    if table is not None:
        assert np.all(table["size"] >= 1)
    index = data.draw(st.sampled_from([None, "banzhaf", "shapley_shubik", "x", "owen", 3]))
    cov = call(lambda: foedus.coalition_covariates(actors, rule, coalitions, power_index=index))
    if cov is not None and index is not None and len(cov):
        largest = cov["power_largest"]  # NaN: the coalition's members have no weight
        assert not np.any((largest < 0) | (largest > 1 + 1e-12))


# --------------------------------------------------------------------------- huge n

_EXHAUSTIVE: dict[str, tuple[Callable[[ActorSet], Any], str]] = {
    "enumerate": (lambda a: foedus.enumerate_coalitions(a, Rule.majority()), "64"),
    "enumerate_winning": (lambda a: foedus.enumerate_coalitions(a, Rule.majority(),
                                                                winning=True), "64"),
    "iter": (lambda a: foedus.iter_coalitions(a, Rule.majority()), "64"),
    "count_enumeration": (lambda a: foedus.count_coalitions(a, Rule.majority(), winning=True,
                                                            method="enumeration"), "64"),
    "count_composed": (lambda a: foedus.count_coalitions(a, Rule.majority() & Rule.count(2),
                                                         winning=True), "64"),
    "game_from_rule": (lambda a: Game.from_rule(a, Rule.majority()), "34"),
    "game_capability": (lambda a: Game.capability(a), "34"),
    "game_threshold": (lambda a: Game.threshold_goal(a, 1.0), "34"),
    "power_composed_enumeration": (lambda a: foedus.power_indices(
        a, Rule.majority() & Rule.count(2), method="enumeration"), "35"),
    "nakamura_composed": (lambda a: foedus.nakamura_number(a, Rule.majority() | Rule.count(3)),
                          "20"),
    "desirability_composed": (lambda a: foedus.desirability(a, Rule.majority()
                                                            | Rule.count(3)), "20"),
    "is_weighted_composed": (lambda a: foedus.is_weighted(a, Rule.majority() | Rule.count(3)),
                             "20"),
    "game_properties_composed": (lambda a: foedus.game_properties(
        a, Rule.majority() | Rule.count(3)), "20"),
}


@fuzz(30)
@given(st.sampled_from(sorted(_EXHAUSTIVE)), st.integers(65, 10_000), st.booleans())
def test_huge_n_refused_with_the_limit(which: str, n: int, unit: bool) -> None:
    weights = np.ones(n) if unit else np.arange(1, n + 1) % 7 + 1
    actors = ActorSet(names_of(n), weights)
    fn, limit = _EXHAUSTIVE[which]
    with pytest.raises(ValueError, match=limit) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn(actors)
    message = str(info.value)
    assert re.search(r"\b(actors|players)\b", message), message  # names the argument
    assert re.search(r"\b(use|give|sampling|max_size|weighted quota)\b", message), message


@fuzz(10)
@given(st.integers(64, 10_000))
def test_huge_n_functions_of_masks_refused(n: int) -> None:
    with pytest.raises(ValueError, match="63"):
        foedus.shapley_sampling(lambda m: np.ones(len(m)), n, n_samples=10, seed=1)
    with pytest.raises(ValueError, match="34"):
        Game.from_function(lambda m: np.ones(len(m)), n)


# --------------------------------------------------------------------------- power


_NORMALISED = {"banzhaf", "shapley_shubik", "deegan_packel", "public_good", "johnston"}


@fuzz(300)
@given(actor_sets(max_n=6), st.data())
def test_power_indices(actors: ActorSet, data: st.DataObject) -> None:
    rule = data.draw(rules(actors.n))
    index = data.draw(mostly(st.sampled_from(sorted(INDICES))))
    kwargs: dict[str, Any] = {}
    for key, good in (("method", st.sampled_from(["auto", "dp", "enumeration", "sampling"])),
                      ("exact", st.booleans()), ("n_samples", st.integers(1, 500)),
                      ("seed", st.one_of(st.integers(0, 2**64 - 1), st.integers(-5, -1))),
                      ("n_threads", st.sampled_from([None, 1, 2])),
                      ("max_seconds", st.floats(0.01, 10)),
                      ("unions", st.sampled_from([foedus.Partition.singletons(actors.n),
                                                  foedus.Partition.grand(actors.n)]))):
        if data.draw(st.booleans()):
            kwargs[key] = data.draw(mostly(good) if data.draw(
                st.integers(0, 4)) == 0 else good)
    if kwargs.get("method") == "sampling" and _is_int_like(kwargs.get("n_samples")):
        kwargs["n_samples"] = min(int(kwargs["n_samples"]), 500)  # huge counts: below
    result = call(lambda: foedus.power_indices(actors, rule, index=index, **kwargs))
    event(f"power computed: {result is not None}")
    if result is None:
        return
    values = result.values
    assert values.shape == (actors.n,) and np.all(np.isfinite(values)) and np.all(values >= 0)
    if result.index in _NORMALISED:
        assert math.isclose(values.sum(), 1.0, rel_tol=1e-9)
        assert np.all(values <= 1 + 1e-12)
    if result.exact is not None and result.index in _NORMALISED:
        assert sum(result.exact) == 1


@fuzz(240)
@given(st.data())
def test_power_indices_batch(data: st.DataObject) -> None:
    games = data.draw(st.integers(0, 4))
    sizes = data.draw(st.lists(st.integers(1, 6), min_size=games, max_size=games))
    weights: Any = [data.draw(mostly_valid(st.lists(st.integers(1, 30), min_size=k, max_size=k),
                                            k)) for k in sizes]
    if data.draw(st.booleans()) and sizes and len({len(w) for w in weights
                                                   if isinstance(w, list)}) == 1:
        try:  # one 2-D array (or a masked one) of games
            dense = np.array(weights, dtype=np.float64)
            weights = dense if data.draw(st.booleans()) else np.ma.masked_invalid(dense)
        except (TypeError, ValueError):
            pass
    totals = [int(np.sum(w)) if isinstance(w, list) and all(_is_int_like(x) for x in w) else 30
              for w in (weights if isinstance(weights, list) else [])] or [30] * games
    valid_quotas = st.tuples(*(st.integers(1, max(1, t)) for t in totals)).map(list)
    quotas = data.draw(mostly_valid(valid_quotas, games) if games else st.just([]))
    index = data.draw(mostly(st.sampled_from(["banzhaf", "banzhaf_absolute", "penrose",
                                                 "shapley_shubik"])))
    threads = data.draw(mostly(st.sampled_from([None, 1, 2])))
    batch = call(lambda: foedus.power_indices_batch(weights, quotas, index=index,
                                                    n_threads=threads))
    event(f"batch computed: {batch is not None}")
    if batch is None:
        return
    for g in range(len(batch)):
        row = batch[g]
        assert np.all(np.isfinite(row)) and np.all(row >= 0)
        if batch.index in ("banzhaf", "shapley_shubik"):
            assert math.isclose(row.sum(), 1.0, rel_tol=1e-9)


# --------------------------------------------------------------------------- games


@st.composite
def game_values(draw: st.DrawFn) -> Any:
    n = draw(st.integers(1, 4))
    valid = st.lists(st.floats(-50, 50, allow_subnormal=False), min_size=2**n - 1,
                     max_size=2**n - 1).map(lambda v: [0.0, *v])
    values = draw(adversarial(valid, 2**n))
    if draw(st.integers(0, 9)) == 0:  # huge magnitudes
        with np.errstate(over="ignore"):
            values = np.asarray(draw(valid)) * draw(st.sampled_from([1e300, 1e308, 1e-300]))
    return values


_EFFICIENT = ("shapley_value", "prenucleolus", "nucleolus", "tau_value", "gately_point",
              "kernel_point", "prekernel_point")


@fuzz(300)
@given(game_values(), st.data())
def test_games_and_solutions(values: Any, data: st.DataObject) -> None:
    players = data.draw(st.one_of(st.none(), st.just("ab"), st.lists(st.sampled_from("abcd"),
                                                                       max_size=4)))
    game = call(lambda: Game(values, players))
    event(f"Game built: {game is not None}")
    if game is None:
        return
    n = game.n
    assert np.all(np.isfinite(game.values)) and game.values[0] == 0
    scale = max(1.0, float(np.max(np.abs(game.values))))
    for name in _EFFICIENT + ("banzhaf_value",):
        alloc = call(lambda name=name: getattr(foedus, name)(game))
        if alloc is None:
            continue
        assert alloc.values.shape == (n,) and np.all(np.isfinite(alloc.values)), name
        if name in _EFFICIENT:
            assert math.isclose(alloc.values.sum(), game.grand, rel_tol=1e-7,
                                abs_tol=1e-7 * scale), name
    lc = call(lambda: foedus.least_core(game, domain=data.draw(
        st.sampled_from(["preimputation", "imputation", "x", None]))))
    if lc is not None:
        assert np.all(np.isfinite(lc.allocation.values))
    for name in ("balancedness", "cooperative_properties", "is_convex", "is_monotone",
                 "is_superadditive", "is_essential", "superadditivity_violation",
                 "harsanyi_dividends", "interaction_index", "shapley_in_core"):
        out = call(lambda name=name: getattr(foedus, name)(game))
        if isinstance(out, np.ndarray):
            assert np.all(np.isfinite(out)), name
    x = data.draw(adversarial(st.lists(st.floats(-10, 10), min_size=n, max_size=n), n))
    tol = data.draw(mostly(st.one_of(st.none(), st.floats(0, 1))))
    check = call(lambda: foedus.core_check(game, x, tol=tol))
    if check is not None:
        assert check.n_violations >= len(check.violations) >= 0
    call(lambda: foedus.surpluses(game, x))
    call(lambda: foedus.kernel_violation(game, x))
    weights = data.draw(adversarial(st.lists(st.floats(0, 1), min_size=n, max_size=n), n))
    semi = call(lambda: foedus.semivalue(game, weights))
    if semi is not None:
        assert np.all(np.isfinite(semi.values))
    unions = data.draw(mostly(st.one_of(
        st.just(foedus.Partition.singletons(n)), st.just([[i] for i in range(n)]),
        st.just([list(range(n))]), st.just([[0]]))))
    for name in ("owen_value", "aumann_dreze_value"):
        alloc = call(lambda name=name: getattr(foedus, name)(game, unions))
        if alloc is not None:
            assert np.all(np.isfinite(alloc.values))
    graph = data.draw(mostly(st.one_of(
        st.just(np.ones((n, n))), st.just(np.eye(n)), st.just([(0, n - 1)] if n > 1 else []),
        st.just(np.full((n, n), NAN)), st.just([(0, n)]))))
    alloc = call(lambda: foedus.myerson_value(game, graph))
    if alloc is not None:
        assert np.all(np.isfinite(alloc.values))
    samples = data.draw(mostly(st.integers(1, 300)))
    if _is_int_like(samples) and 300 < samples <= foedus.game_values.MAX_SAMPLES:
        samples = 300  # a valid but long run: cost, not validity (2^70 is still refused)
    seed = data.draw(mostly(st.one_of(st.none(), st.integers(0, 2**70))))
    est = call(lambda: foedus.shapley_sampling(game, n_samples=samples, seed=seed))
    if est is not None:
        assert np.all(np.isfinite(est.values))
        assert math.isclose(est.values.sum(), game.grand, rel_tol=1e-9, abs_tol=1e-9 * scale)


@fuzz(200)
@given(game_values(), st.data())
def test_optimal_partition(values: Any, data: st.DataObject) -> None:
    game = call(lambda: Game(values))
    n = game.n if game is not None else 2
    target = data.draw(st.sampled_from(["game", "array", "raw"]))
    arg = values if target == "raw" or game is None else (game if target == "game"
                                                         else np.asarray(game.values))
    kwargs: dict[str, Any] = {}
    pairs = st.lists(st.tuples(st.integers(-1, n), st.integers(-1, n)), max_size=2)
    for key, good in (("max_size", st.integers(1, n + 1)), ("together", pairs),
                      ("apart", pairs), ("time_limit", st.floats(0.5, 5)),
                      ("method", st.sampled_from(["hybrid", "dp"])),
                      ("n_threads", st.sampled_from([None, 1, 2]))):
        if data.draw(st.booleans()):
            kwargs[key] = data.draw(mostly(good) if data.draw(
                st.integers(0, 3)) == 0 else good)
    result = call(lambda: foedus.optimal_partition(arg, **kwargs), allowed=(TimeoutError,))
    event(f"partition found: {result is not None}")
    if result is None or game is None:
        return
    assert sorted(i for b in result.partition.blocks for i in b) == list(range(n))
    assert math.isclose(result.value, sum(game.values[m] for m in result.partition.masks),
                        rel_tol=1e-9, abs_tol=1e-9)
    if not kwargs and result.optimal:
        scale = max(1.0, float(np.max(np.abs(game.values))))
        assert result.value >= game.grand - 1e-9 * scale
        assert result.value >= sum(game.values[1 << i] for i in range(n)) - 1e-9 * scale


# --------------------------------------------------------------------------- simple games


@fuzz(120)
@given(actor_sets(max_n=6), st.data())
def test_simple_game_analysis(actors: ActorSet, data: st.DataObject) -> None:
    rule = data.draw(mostly(rules(actors.n)))
    for name in ("desirability", "dummy_players", "veto_players", "game_properties",
                 "is_weighted", "nakamura_number"):
        out = call(lambda name=name: getattr(foedus, name)(actors, rule))
        if name in ("dummy_players", "veto_players") and out is not None:
            assert set(out) <= set(actors.names)
    target = data.draw(adversarial(st.lists(st.floats(0, 1), min_size=3, max_size=3), 3))
    kwargs = {k: data.draw(mostly(good)) for k, good in (
        ("quota", st.floats(0.05, 1)), ("resolution", st.integers(100, 10**4)),
        ("max_iter", st.integers(1, 5)), ("tol", st.floats(0, 1e-3)),
        ("patience", st.integers(1, 5)), ("index", st.sampled_from(["banzhaf",
                                                                     "shapley_shubik"])),
        ("objective", st.sampled_from(["max_abs", "l2"]))) if data.draw(st.booleans())}
    kwargs.setdefault("max_iter", 5)
    if _is_int_like(kwargs["max_iter"]) and kwargs["max_iter"] > 5:
        kwargs["max_iter"] = 5  # cost, not validity
    fit = call(lambda: foedus.fit_weights(target, **kwargs))
    if fit is not None:
        assert np.all(np.isfinite(fit.weights)) and np.all(fit.weights >= 0)
        assert math.isclose(fit.weights.sum(), 1.0, rel_tol=1e-9)


# --------------------------------------------------------------------------- survival


def _rows(values: Any) -> Any:
    """A flat numeric vector as rows of one covariate (the fitted models have one); anything
    else as it is."""
    if isinstance(values, (list, np.ndarray)):
        try:
            arr = np.asarray(values)
        except ValueError:  # ragged
            return values
        if arr.ndim == 1 and arr.dtype.kind in "biuf":
            return arr[:, None]
    return values


@st.composite
def survival_data(draw: st.DrawFn) -> tuple[Any, Any, Any]:
    """Durations, events and one covariate: valid, or one of the three made adversarial."""
    n = draw(st.integers(1, 25))
    valid = [st.lists(st.floats(0.1, 50), min_size=n, max_size=n),
             st.lists(st.integers(0, 1), min_size=n, max_size=n),
             st.lists(st.floats(-3, 3), min_size=n, max_size=n)]
    bad = draw(st.sampled_from([None, None, None, 0, 1, 2]))
    t, e, x = (draw(adversarial(v, n)) if i == bad else draw(v) for i, v in enumerate(valid))
    return t, e, x


times_strategy = mostly(adversarial(st.lists(st.floats(0, 60), min_size=3, max_size=3), 3))


@fuzz(300)
@given(survival_data(), st.data())
def test_nonparametric_survival(sample: tuple[Any, Any, Any], data: st.DataObject) -> None:
    t, e, _ = sample
    size = len(t) if isinstance(t, list) or (isinstance(t, np.ndarray) and t.ndim) else 1
    entry = data.draw(mostly(st.one_of(st.none(), st.just(np.zeros(size)))))
    alpha = data.draw(mostly(st.just(0.05)))
    times = data.draw(times_strategy)
    km = call(lambda: foedus.KaplanMeier(alpha=alpha).fit(t, e, entry=entry))
    event(f"Kaplan-Meier fitted: {km is not None}")
    if km is not None:
        s = km.survival_function_
        assert np.all((s >= 0) & (s <= 1)) and np.all(np.diff(s) <= 1e-12)
        pred = call(lambda: km.predict(times))
        if pred is not None:
            assert np.all((pred >= 0) & (pred <= 1))
    na = call(lambda: foedus.NelsonAalen(alpha=alpha).fit(t, e, entry=entry))
    if na is not None:
        h = na.cumulative_hazard_
        assert np.all(np.isfinite(h)) and np.all(h >= 0) and np.all(np.diff(h) >= -1e-12)
        call(lambda: na.predict(times))
    cause = data.draw(mostly(st.integers(1, 2)))
    aj = call(lambda: foedus.AalenJohansen(cause).fit(t, e, entry=entry))
    if aj is not None:
        f = aj.cumulative_incidence_
        assert np.all(np.isfinite(f)) and np.all((f >= 0) & (f <= 1 + 1e-12))
        pred = call(lambda: aj.predict(times))
        if pred is not None:
            assert np.all((pred >= 0) & (pred <= 1 + 1e-12))


@fuzz(240)
@given(survival_data(), st.data())
def test_regression_models(sample: tuple[Any, Any, Any], data: st.DataObject) -> None:
    t, e, x = sample
    ties = data.draw(mostly(st.sampled_from(["efron", "breslow"])))
    threads = data.draw(mostly(st.sampled_from([None, 1, 2])))
    kwargs = {k: data.draw(mostly(good)) for k, good in (
        ("max_iter", st.integers(1, 50)), ("tol", st.floats(1e-12, 1e-6)),
        ("robust", st.booleans()), ("names", st.just(["x"]))) if data.draw(st.booleans())}
    _cap(kwargs, "max_iter", 50)
    cox = call(lambda: foedus.CoxModel(ties, n_threads=threads).fit(t, e, x, **kwargs))
    event(f"Cox fitted: {cox is not None}")
    if cox is not None:
        assert np.all(np.isfinite(cox.params_))
        Xp = _rows(data.draw(adversarial(st.lists(st.floats(-3, 3), min_size=2, max_size=2),
                                         2)))
        stratum = data.draw(mostly(st.just(0)))
        times = data.draw(times_strategy)
        surv = call(lambda: cox.predict_survival_function(times, Xp, stratum=stratum))
        if surv is not None:
            assert np.all((surv >= 0) & (surv <= 1))
        call(lambda: cox.predict_median(Xp, stratum=stratum))
    dist = data.draw(mostly(st.sampled_from(["weibull", "exponential", "loglogistic",
                                                "lognormal"])))
    kwargs.pop("robust", None)
    aft = call(lambda: foedus.AFTModel(dist).fit(t, e, x, n_threads=threads, **kwargs))
    event(f"AFT fitted: {aft is not None}")
    if aft is not None:
        assert np.all(np.isfinite(aft.params_)) and np.all(np.isfinite(aft.se_))
        Xp = _rows(data.draw(adversarial(st.lists(st.floats(-3, 3), min_size=2, max_size=2),
                                         2)))
        med = call(lambda: aft.predict_median(Xp))
        if med is not None:  # extreme covariates under/overflow exp() to 0 or inf
            assert not np.isnan(med).any() and np.all(med >= 0)
        times = data.draw(times_strategy)
        surv = call(lambda: aft.predict_survival_function(times, [[0.5]]))
        if surv is not None:
            assert np.all((surv >= 0) & (surv <= 1))
        other = data.draw(st.sampled_from([aft, None, "x", foedus.AFTModel("exponential")]))
        call(lambda: aft.likelihood_ratio_test(other))


# --------------------------------------------------------------------------- formation


def _opportunity(seats: list[int], cabinet: tuple[str, ...], lr: list[float],
                 cid: int = 1, country: str = "X") -> foedus.FormationOpportunity:
    names = names_of(len(seats))
    actors = ActorSet(names, {"seats": seats}, positions={"left_right": lr})
    return foedus.FormationOpportunity(cid, country, "Xland", "2000-01-01", "2000-02-01", "c",
                                       True, False, actors, sum(seats), cabinet, cabinet[0])


_OPPORTUNITIES = [
    _opportunity([40, 35, 25], ("a0", "a1"), [1.0, 5.0, 9.0], 1),
    _opportunity([30, 30, 20, 20], ("a1", "a2"), [2.0, 4.0, 6.0, 8.0], 2),
    _opportunity([45, 10, 30, 15], ("a0", "a1"), [3.0, 1.0, 7.0, NAN], 3, "Y"),
    _opportunity([20, 25, 30, 25], ("a2", "a3", "a0"), [5.0, 2.0, 8.0, 6.0], 4, "Y"),
    _opportunity([50, 10, 40], ("a2", "a1"), [1.0, 5.0, 9.0], 5),
]


@fuzz(200)
@given(actor_sets(), st.data())
def test_formation_predictions(actors: ActorSet, data: st.DataObject) -> None:
    rule = data.draw(rules(actors.n))
    theory = data.draw(mostly(st.sampled_from(sorted(THEORIES))))
    kwargs = {k: data.draw(mostly(good)) for k, good in (
        ("dimension", st.sampled_from(["lr", 0, "zz", 5])),
        ("weight", st.sampled_from(["seats", 0, "zz"])),
        ("max_results", st.integers(0, 100))) if data.draw(st.booleans())}
    pred = call(lambda: foedus.predict_coalitions(actors, rule, theory=theory, **kwargs))
    if pred is not None and theory not in ("laver_shepsle", "minimal_connected") and len(
            pred.table):
        assert pred.table["minimal_winning"].all()
    theories = data.draw(mostly(st.one_of(st.none(), st.lists(st.sampled_from(sorted(THEORIES)),
                                                       max_size=3))))
    preds = call(lambda: foedus.predict_theories(actors, rule, theories, **kwargs))
    if preds is not None:
        assert set(preds) <= set(THEORIES)
    coalition = data.draw(mostly(st.lists(st.integers(0, actors.n), max_size=3)))
    shares = call(lambda: foedus.gamson_shares(actors, coalition))
    if shares is not None:
        assert math.isclose(sum(shares.values()), 1.0, rel_tol=1e-9)


@fuzz(80)
@given(st.data())
def test_formation_model_on_bad_data(data: st.DataObject) -> None:
    opportunities = data.draw(mostly(st.one_of(
        st.lists(st.sampled_from(_OPPORTUNITIES), max_size=5),
        st.lists(st.one_of(st.sampled_from(_OPPORTUNITIES), adversarial_scalars), max_size=3))))
    features = data.draw(mostly(
        st.lists(st.sampled_from(["minority", "minimal_winning", "n_parties", "largest_party",
                                  "median_party", ("mean", "seats"), ("max", "left_right")]),
                 min_size=1, max_size=3, unique=True),
        st.sampled_from([[], ["x"], "minority", [("x", "seats")], None, [5]])))
    kwargs = {k: data.draw(mostly(good)) for k, good in (
        ("max_iter", st.integers(1, 30)), ("tol", st.floats(1e-10, 1e-4)))
        if data.draw(st.booleans())}
    _cap(kwargs, "max_iter", 30)
    model = call(lambda: foedus.FormationModel(features, **kwargs).fit(opportunities))
    event(f"formation model fitted: {model is not None}")
    if model is None:
        return
    target = data.draw(mostly(st.sampled_from(_OPPORTUNITIES)))
    table = call(lambda: model.predict_proba(target))
    if table is not None:
        assert math.isclose(float(table["probability"].sum()), 1.0, rel_tol=1e-9)
    blob = data.draw(mostly(st.one_of(st.just(model.to_dict()), st.dictionaries(
        st.sampled_from(["features", "coef", "se"]), adversarial_scalars))))
    call(lambda: foedus.FormationModel.from_dict(blob))


@fuzz(120)
@given(st.data())
def test_formation_opportunity_fields(data: st.DataObject) -> None:
    base = _OPPORTUNITIES[1]
    field = data.draw(st.sampled_from(["seats_total", "cabinet", "prime_minister",
                                       "previous_cabinet", "actors", "unaffiliated_seats"]))
    value = data.draw(st.one_of(adversarial_scalars, st.sampled_from(
        [("a0",), ("zz",), "a0", ("a0", "a0"), ActorSet(["a0", "a1"], [1, 2]), -5, 0])))
    opp = call(lambda: dataclasses.replace(base, **{field: value}))
    if opp is None:
        return
    assert opp.seats_total >= 1 and set(opp.cabinet) <= set(opp.actors.names)
    call(lambda: opp.predict("minimal_winning"))
    call(lambda: foedus.evaluate_theories([opp], data.draw(st.one_of(
        st.none(), st.sampled_from([["minimal_winning"], [], "bargaining", ["x"]])))))


# --------------------------------------------------------------------------- groupings etc.


@fuzz(300)
@given(st.data())
def test_groupings_and_classify(data: st.DataObject) -> None:
    members = data.draw(st.one_of(st.just((2, 200, 220)), st.just(("a", "b")),
                                  adversarial_scalars, st.just([[1], [2]])))
    kwargs = {k: data.draw(mostly(good)) for k, good in (
        ("end", st.floats(1950, 2000)), ("observed_until", st.floats(1950, 2020)),
        ("formality", st.sampled_from(["treaty", "institution", "none", "x"])),
        ("issue_areas", st.sampled_from([("security",), ("a", "b", "c"), "security"])),
        ("obligations", st.sampled_from([("defense",), ("consultation",), "defense", ("x",)])),
        ("decision_rule", st.sampled_from([None, "consensus", "weighted", "x"])),
        ("capabilities", st.sampled_from([(0.5, 0.3, 0.2), (1.0, 0.0, 0.0), (0.1, NAN, 0.2),
                                          (1e308, 1e308, 1.0)])),
        ("positions", st.sampled_from([(1.0, NAN, 3.0), (INF, 0.0, 0.0), ("a", 1, 2)])),
        ("joined", st.sampled_from([{2: 1950.0}, {9: 1950.0}, {2: NAN}, None])),
        ("goal", st.sampled_from([None, "win"]))) if data.draw(st.booleans())}
    start = data.draw(mostly(st.just(1949)))
    grouping = call(lambda: foedus.Grouping("G", members, start, **kwargs))
    params = data.draw(mostly(st.one_of(st.none(), st.just(foedus.ClassificationParameters()))))
    overrides = {k: data.draw(mostly(st.floats(0.5, 30)))
                 for k in ("medium_term", "dominance_share") if data.draw(st.booleans())}
    target = grouping if grouping is not None else data.draw(adversarial_scalars)
    result = call(lambda: foedus.classify(target, params, **overrides))
    if isinstance(result, foedus.Classification):
        assert result.kind in KINDS and all(0 <= v <= 1 for v in result.scores.values())
    if grouping is not None:
        call(lambda: foedus.lineage([grouping, grouping], max_gap=data.draw(
            mostly(st.floats(0, 10)))))


@fuzz(200)
@given(st.data())
def test_burden_sharing(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 6))
    valid = st.lists(st.floats(0, 100), min_size=n, max_size=n)
    contributions = data.draw(adversarial(valid, n))
    benefits = data.draw(adversarial(valid, n))
    players = data.draw(st.one_of(st.none(), st.just(names_of(n)), st.just(["a"] * n),
                                  st.just("abc")))
    result = call(lambda: foedus.burden_sharing(contributions, benefits, players))
    if result is not None:
        for arr in (result.cost_share, result.benefit_share, result.shapley_share):
            assert np.all(np.isfinite(arr)) and math.isclose(arr.sum(), 1.0, rel_tol=1e-9)


@fuzz(200)
@given(st.data())
def test_partitions(data: st.DataObject) -> None:
    blocks = data.draw(mostly(st.lists(st.lists(st.integers(-1, 6), max_size=3), max_size=4)))
    n = data.draw(mostly(st.one_of(st.none(), st.integers(0, 8))))
    part = call(lambda: foedus.Partition(blocks, n))
    if part is not None:
        flat = sorted(i for b in part.blocks for i in b)
        assert flat == list(range(part.n))
    labels = data.draw(mostly(st.lists(st.integers(0, 3), max_size=6)))
    call(lambda: foedus.Partition.from_labels(labels))
    masks = data.draw(mostly(st.lists(st.integers(-1, 70), max_size=3)))
    call(lambda: foedus.Partition.from_masks(masks, n))
    call(lambda: foedus.Partition.singletons(n))
    call(lambda: foedus.Partition.grand(n))


@fuzz(120)
@given(st.data())
def test_detection_helpers(data: st.DataObject) -> None:
    edges = data.draw(mostly(st.one_of(
        st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=8),
        adversarial(st.lists(st.integers(0, 5), min_size=4, max_size=4), 4))))
    min_size = data.draw(mostly(st.integers(0, 4)))
    cliques = call(lambda: foedus.maximal_cliques(edges, min_size))
    if cliques is not None:
        assert all(len(c) >= min_size for c in cliques)
    codes = data.draw(adversarial(st.lists(st.sampled_from([2, 200, 255, 740]), min_size=2,
                                           max_size=2), 2))
    years = data.draw(adversarial(st.lists(st.integers(1816, 2010), min_size=2, max_size=2), 2))
    status = call(lambda: foedus.major_power_status(codes, years))
    if status is not None:
        assert status.dtype == bool


# --------------------------------------------------------------------------- messages name
# the argument

_PARL = ActorSet(["A", "B", "C"], {"seats": [40, 35, 25]}, positions={"lr": [1.0, 5.0, 9.0]})
_GAME = Game([0, 1, 1, 3, 1, 3, 3, 4])

_NAMED: list[tuple[str, Callable[[], Any], str]] = [
    ("weights NaN", lambda: ActorSet(["A", "B"], [1.0, NAN]), "weights"),
    ("weights negative", lambda: ActorSet(["A", "B"], [1, -2]), "weights"),
    ("weights wrong shape", lambda: ActorSet(["A", "B"], [1, 2, 3]), "weights"),
    ("weights complex", lambda: ActorSet(["A", "B"], np.array([1, 2], dtype=complex)),
     "weights"),
    ("positions inf", lambda: ActorSet(["A", "B"], [1, 2], positions=[0, INF]), "positions"),
    ("ties shape", lambda: ActorSet(["A", "B"], [1, 2], ties=np.ones((3, 3))), "ties"),
    ("quota zero", lambda: Rule.quota(0), "q"),
    ("quota above total", lambda: foedus.count_coalitions(_PARL, Rule.quota(101)), "q"),
    ("share above 1", lambda: Rule.share(1.5), "f"),
    ("count_all_but", lambda: foedus.count_coalitions(_PARL, Rule.count_all_but(3)), "m"),
    ("min_size", lambda: foedus.enumerate_coalitions(_PARL, Rule.majority(), min_size=9),
     "min_size"),
    ("top_k", lambda: foedus.enumerate_coalitions(_PARL, Rule.majority(), top_k=0,
                                                  score="size"), "top_k"),
    ("n_threads", lambda: foedus.count_coalitions(_PARL, Rule.majority(), n_threads=0),
     "n_threads"),
    ("index", lambda: foedus.power_indices(_PARL, Rule.majority(), index="x"), "index"),
    ("n_samples", lambda: foedus.power_indices(_PARL, Rule.majority(), method="sampling",
                                               n_samples=2**70), "n_samples"),
    ("batch quotas", lambda: foedus.power_indices_batch([[1, 2, 3]], [2**70]), "quotas"),
    ("batch weights", lambda: foedus.power_indices_batch([[1e308, 1]], [1]), "weights"),
    ("game values length", lambda: Game([0, 1, 1]), "values"),
    ("game values NaN", lambda: Game([0, NAN, 1, 2]), "values"),
    ("game values huge", lambda: Game([0, 1e308, 1e308, 1e308]), "values"),
    ("core tol", lambda: foedus.core_check(_GAME, [1, 1, 2], tol=NAN), "tol"),
    ("payoffs text", lambda: foedus.core_check(_GAME, "abc"), "x"),
    ("payoffs complex", lambda: foedus.core_check(_GAME, np.ones(3, dtype=complex)), "x"),
    ("semivalue weights", lambda: foedus.semivalue(_GAME, "abc"), "weights"),
    ("myerson graph", lambda: foedus.myerson_value(_GAME, None), "graph"),
    ("sampling seed", lambda: foedus.shapley_sampling(_GAME, n_samples=5, seed=-1), "seed"),
    ("partition together", lambda: foedus.optimal_partition(_GAME, together=[0, 1]),
     "together"),
    ("partition values text", lambda: foedus.optimal_partition(np.array(["0", "1"])),
     "values"),
    ("durations NaN", lambda: foedus.KaplanMeier().fit([1, NAN, 3]), "durations"),
    ("durations text", lambda: foedus.KaplanMeier().fit(["a", "b"]), "durations"),
    ("event", lambda: foedus.KaplanMeier().fit([1, 2], [1, 2]), "event"),
    ("times NaN", lambda: foedus.KaplanMeier().fit([1, 2, 3]).predict([NAN]), "times"),
    ("alpha", lambda: foedus.KaplanMeier(alpha="x"), "alpha"),
    ("cox X empty", lambda: foedus.CoxModel().fit([1, 2, 3], [1, 1, 0], np.zeros((3, 0))), "X"),
    ("cox stratum", lambda: foedus.CoxModel().fit([1, 2, 3, 4], [1, 1, 0, 1],
                                                  [0.1, 0.5, 0.2, 0.9]).predict_median(
        [[0.0]], stratum=5), "stratum"),
    ("cox max_iter", lambda: foedus.CoxModel().fit([1, 2, 3, 4], [1, 1, 0, 1],
                                                   [0.1, 0.5, 0.2, 0.9], max_iter=0),
     "max_iter"),
    ("aft tol", lambda: foedus.AFTModel().fit([1, 2, 3, 4], [1, 1, 0, 1], tol=NAN), "tol"),
    ("burden", lambda: foedus.burden_sharing("abc", [1, 2, 3]), "contributions"),
    ("classify params", lambda: foedus.classify(foedus.Grouping("G", (1, 2), 1950), 5),
     "params"),
    ("grouping members", lambda: foedus.Grouping("G", "abc", 1950), "members"),
    ("partition n", lambda: foedus.Partition([[0, 1]], 2**70), "blocks"),
    ("theories", lambda: foedus.evaluate_theories(_OPPORTUNITIES[:1], []), "theories"),
    ("formation max_iter", lambda: foedus.FormationModel(max_iter=0), "max_iter"),
    ("opportunity", lambda: foedus.FormationModel(["minority"]).fit(
        _OPPORTUNITIES[:2]).predict_proba("x"), "opportunity"),
    ("major powers", lambda: foedus.major_power_status([2], [1e308]), "years"),
    ("names", lambda: foedus.war_coalitions(names=5), "names"),
]


@pytest.mark.parametrize(("label", "fn", "arg"), _NAMED, ids=[c[0] for c in _NAMED])
def test_messages_name_the_argument(label: str, fn: Callable[[], Any], arg: str) -> None:
    with pytest.raises((ValueError, TypeError)) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    assert type(info.value) in (ValueError, TypeError)
    assert re.search(rf"(^|\W){re.escape(arg)}\W", str(info.value)), str(info.value)


# --------------------------------------------------------------------------- regressions


def test_regression_weights_beyond_the_float_sum() -> None:
    # math.fsum raised OverflowError ("intermediate overflow in fsum")
    actors = ActorSet(["A", "B", "C"], [1e308, 1e308, 1])
    with pytest.raises(ValueError, match="weights"):
        foedus.count_coalitions(actors, Rule.majority(), winning=True)


def test_regression_subnormal_weights() -> None:
    # the binary scale 2^1122 overflowed a float (OverflowError in float(Fraction))
    actors = ActorSet(["A", "B", "C"], [1e-320, 1e-320, 1e-320])
    with pytest.raises(ValueError, match="weights"):
        foedus.count_coalitions(actors, Rule.majority(), winning=True)


def test_regression_quota_message_is_exact() -> None:
    # "quota 6 exceeds the total weight 6": the quota was rounded in the message
    actors = ActorSet(["A", "B", "C"], [1, 2, 3])
    with pytest.raises(ValueError, match=r"quota 6\.0000001 exceeds"):
        foedus.count_coalitions(actors, Rule.quota("6.0000001"))


def test_regression_batch_huge_quota_and_weights() -> None:
    # quotas of 2^70 raised OverflowError; weights of 1e308 or 2^63 (uint64) were reported as
    # negative after wrapping around in int64
    with pytest.raises(ValueError, match=r"quotas\[0\]"):
        foedus.power_indices_batch([[1, 2, 3]], [2**70])
    with pytest.raises(ValueError, match=r"quotas\[0\]"):
        foedus.power_indices_batch([[1, 2, 3]], np.array([2**63], dtype=np.uint64))
    for w in ([[1e308, 1.0]], [np.array([2**63, 1], dtype=np.uint64)]):
        with pytest.raises(ValueError, match="2\\^62"):
            foedus.power_indices_batch(w, [1])


def test_regression_power_huge_n_samples() -> None:
    # pybind11's "incompatible function arguments" TypeError for n_samples >= 2^63
    with pytest.raises(ValueError, match="n_samples"):
        foedus.power_indices(_PARL, Rule.majority(), method="sampling", n_samples=2**63)


def test_regression_exact_tables_refused_before_allocating(monkeypatch: Any) -> None:
    # Deegan-Packel of 10,000 actors asked the kernel for a (164, 10000, 10000) uint64 array
    # (122 GiB): MemoryError. Now the residues and the recombined Python ints are estimated
    # first. (A smaller budget keeps the test cheap.)
    import foedus.power as power
    monkeypatch.setattr(power, "_default_max_memory", lambda: 2**27)
    actors = ActorSet(names_of(2001), np.ones(2001))
    with pytest.raises(ValueError, match="exact counts by coalition size"):
        foedus.power_indices(actors, Rule.majority(), index="deegan_packel")


def test_regression_game_values_near_the_float_limit() -> None:
    # Shapley values of a game worth 1e308 came out inf (sums over coalitions overflowed)
    with pytest.raises(ValueError, match="values"):
        Game([0, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308])
    with pytest.raises(ValueError, match="f"):
        Game.from_function(lambda m: np.full(len(m), 1e300) * (m > 0), 2)
    with pytest.raises(ValueError, match="game"):
        foedus.shapley_sampling(lambda m: np.full(len(m), 1e308), 3, n_samples=4, seed=1)


def test_regression_gately_point_scale_invariant() -> None:
    # c * (v(N) - sum v(i)) / sum c overflowed to inf at 1e200 and underflowed to the
    # stand-alone values at 1e-200
    base = np.array([0, 0.05, 0.05, 0.4, 0.05, 0.5, 0.6, 1.2])
    ref = foedus.gately_point(Game(base)).values
    for scale in (1e200, 1e-200):
        got = foedus.gately_point(Game(base * scale)).values / scale
        np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_regression_shapley_sampling_huge_n_samples() -> None:
    # root.spawn(n_samples / 512) tried to build 2^61 seed sequences (out of memory)
    with pytest.raises(ValueError, match="n_samples"):
        foedus.shapley_sampling(_GAME, n_samples=2**70, seed=1)
    # the blocks' streams are spawned one at a time now: still a function of the seed alone
    a = foedus.shapley_sampling(_GAME, n_samples=1500, seed=3)
    b = foedus.shapley_sampling(_GAME, n_samples=1500, seed=3)
    assert a.extra["seed"] == 3 and a.values.tolist() == b.values.tolist()
    with pytest.raises(ValueError, match="seed"):
        foedus.shapley_sampling(_GAME, n_samples=10, seed=-1)


def test_regression_core_check_tolerance_and_payoffs() -> None:
    # tol=NaN gave "not in the core (0 blocking coalitions, not efficient)"; complex payoffs
    # lost their imaginary part silently
    with pytest.raises(ValueError, match="tol"):
        foedus.core_check(_GAME, [1, 1, 2], tol=NAN)
    with pytest.raises(ValueError, match="tol"):
        foedus.core_check(_GAME, [1, 1, 2], tol=-1)
    with pytest.raises(TypeError, match="x"):
        foedus.core_check(_GAME, np.array([1, 1, 2], dtype=complex))


def test_regression_semivalue_overflow() -> None:
    with pytest.raises(ValueError, match="weights"):
        foedus.semivalue(_GAME, [1e308, 1e308, 1e308])


def test_regression_myerson_graph() -> None:
    with pytest.raises(TypeError, match="graph"):
        foedus.myerson_value(_GAME, None)
    with pytest.raises(ValueError, match="graph"):
        foedus.myerson_value(_GAME, [[0, 1, NAN], [1, 0, 0], [NAN, 0, 0]])


def test_regression_optimal_partition_inputs(monkeypatch: Any) -> None:
    # text and complex values were converted silently; 1e308 values gave "no partition
    # satisfies the constraints"; together=[0, 1] raised "'int' object is not iterable"
    with pytest.raises(TypeError, match="values"):
        foedus.optimal_partition(np.array(["0", "1", "1", "3"]))
    with pytest.raises(TypeError, match="values"):
        foedus.optimal_partition(np.array([0, 1, 1, 3], dtype=complex))
    with pytest.raises(ValueError, match="values"):
        foedus.optimal_partition([0, 1e308, 1e308, 1e308])
    with pytest.raises(TypeError, match="together"):
        foedus.optimal_partition(_GAME, together=[0, 1])
    with pytest.raises(ValueError, match="time_limit"):
        foedus.optimal_partition(_GAME, time_limit="1")
    # memory: two doubles per coalition and the candidate lists, refused before the kernel
    import foedus.structures as structures
    monkeypatch.setattr(structures, "_default_max_memory", lambda: 1000)
    with pytest.raises(ValueError, match="GiB"):
        foedus.optimal_partition(np.zeros(2**6))


def test_regression_aalen_johansen_nobody_at_risk() -> None:
    # events at time 0 gave a cumulative incidence of inf (Kaplan-Meier refused them)
    with pytest.raises(ValueError, match="nobody is at risk"):
        foedus.AalenJohansen(1).fit([0, 0, 0], [1, 1, 1])
    with pytest.raises(ValueError, match="nobody is at risk"):
        foedus.KaplanMeier().fit([0, 0, 0], [1, 1, 1])


def test_regression_survival_inputs() -> None:
    # complex durations lost their imaginary part; predict(NaN) returned 0
    with pytest.raises(TypeError, match="durations"):
        foedus.KaplanMeier().fit(np.array([1, 2, 3], dtype=complex))
    km = foedus.KaplanMeier().fit([1, 2, 3])
    with pytest.raises(ValueError, match="times"):
        km.predict([NAN])
    assert km.predict([-1.0]).tolist() == [1.0]


def test_regression_cox_inputs() -> None:
    t, e, x = [1.0, 2.0, 3.0, 4.0, 5.0], [1, 1, 0, 1, 1], [0.1, 0.5, 0.2, 0.9, 0.3]
    # no covariate: numpy's LinAlgError ("cond is not defined on empty arrays")
    with pytest.raises(ValueError, match="X"):
        foedus.CoxModel().fit(t, e, np.zeros((5, 0)))
    with pytest.raises(ValueError, match="n_threads"):
        foedus.CoxModel(n_threads=0)
    with pytest.raises(ValueError, match="max_iter"):
        foedus.CoxModel().fit(t, e, x, max_iter=0)  # returned zeros, unfitted
    with pytest.raises(ValueError, match="tol"):
        foedus.CoxModel().fit(t, e, x, tol=NAN)
    with pytest.raises(ValueError, match="names"):
        foedus.CoxModel().fit(t, e, np.c_[x, x[::-1]], names=["a", "a"])
    m = foedus.CoxModel().fit(t, e, x)
    with pytest.raises(ValueError, match="stratum"):  # IndexError
        m.predict_median([[0.0]], stratum=5)
    with pytest.raises(ValueError, match="times"):
        m.predict_survival_function([NAN], [[0.0]])
    with pytest.raises(ValueError, match="X"):
        m.predict_median([[NAN]])


def test_regression_aft_inputs() -> None:
    t, e, x = [1.0, 2.0, 3.0, 4.0, 5.0], [1, 1, 0, 1, 1], [0.1, 0.5, 0.2, 0.9, 0.3]
    m = foedus.AFTModel().fit(t, e, x)
    with pytest.raises(TypeError, match="restricted"):
        m.likelihood_ratio_test(foedus.CoxModel().fit(t, e, x))  # a silent nonsense statistic
    with pytest.raises(ValueError, match="times"):
        m.predict_survival_function([-1.0], [[0.0]])  # NaN
    with pytest.raises(ValueError, match="X"):
        m.predict_median([[NAN]])
    with pytest.raises(ValueError, match="max_iter"):
        foedus.AFTModel().fit(t, e, x, max_iter=0)
    assert m.predict_survival_function([0.0], [[0.0]]).tolist() == [[1.0]]


def test_regression_partition_huge_n() -> None:
    # set(range(2**70)) to list the actors in no block: a hang
    with pytest.raises(ValueError, match="no block"):
        foedus.Partition([[0, 1]], 2**70)
    with pytest.raises(ValueError, match="n"):
        foedus.Partition.from_masks([1], -1)  # "negative shift count"
    with pytest.raises(TypeError, match="labels"):
        foedus.Partition.from_labels([[0], [1]])  # "unhashable type: 'list'"
    assert foedus.Partition.grand(0) == foedus.Partition.singletons(0)


def test_regression_groupings() -> None:
    # AttributeError for params=5; a string of issue areas became one area per letter
    g = foedus.Grouping("G", (1, 2, 3), 1949)
    with pytest.raises(TypeError, match="params"):
        foedus.classify(g, 5)
    with pytest.raises(TypeError, match="issue_areas"):
        foedus.Grouping("G", (1, 2), 1949, issue_areas="security")
    with pytest.raises(ValueError, match="joined"):
        foedus.Grouping("G", (1, 2), 1949, joined={9: 1950.0})
    with pytest.raises(TypeError, match="groupings"):
        foedus.lineage([1, 2])  # AttributeError
    with pytest.raises(TypeError, match="groupings"):
        foedus.attach_capabilities([1])  # AttributeError


def test_regression_attach_capabilities_huge_span() -> None:
    # at="mean" looped over every year of a 2e308-year span
    g = foedus.Grouping("G", (2, 200), -1e308, observed_until=1e308)
    out = foedus.attach_capabilities([g], at="mean")
    assert out[0].capabilities == (0.0, 0.0)


def test_regression_burden_overflow() -> None:
    # contributions summing to inf gave cost shares of 0
    with pytest.raises(ValueError, match="contributions"):
        foedus.burden_sharing([1e308, 1e308, 1e308], [1, 1, 1])
    with pytest.raises(ValueError, match="players"):
        foedus.burden_sharing([1, 2, 3], [1, 2, 3], ["a", "a", "b"])


def test_regression_formation_inputs() -> None:
    base = _OPPORTUNITIES[0]
    with pytest.raises(TypeError, match="actors"):
        dataclasses.replace(base, actors="x")  # AttributeError in repr
    with pytest.raises(ValueError, match="seats_total"):
        dataclasses.replace(base, seats_total=0)  # a quota of 1 seat
    with pytest.raises(ValueError, match="prime_minister"):
        dataclasses.replace(base, prime_minister="zz")
    with pytest.raises(ValueError, match="max_iter"):
        foedus.FormationModel(max_iter=0)  # zeros returned as a fit
    with pytest.raises(ValueError, match="tol"):
        foedus.FormationModel(tol=NAN)
    with pytest.raises(TypeError, match="opportunity"):
        foedus.cabinet_features("x")  # AttributeError
    with pytest.raises(ValueError, match="theories"):
        foedus.evaluate_theories(_OPPORTUNITIES[:1], [])  # KeyError in to_frame
    ev = foedus.evaluate_theories(_OPPORTUNITIES[:1], "minimal_winning")
    assert list(ev.to_frame().index.get_level_values("theory").unique()) == ["minimal_winning"]
    with pytest.raises(TypeError, match="data"):
        foedus.FormationModel.from_dict(None)


def test_regression_detection_inputs() -> None:
    with pytest.raises(ValueError, match="years"):
        foedus.major_power_status([2], [1e308])  # OverflowError
    with pytest.raises(ValueError, match="ccodes"):
        foedus.major_power_status([2**70], [1950])  # OverflowError
    with pytest.raises(TypeError, match="names"):
        foedus.war_coalitions(names=5)  # AttributeError
    with pytest.raises(ValueError, match="war_dyads"):
        foedus.war_coalitions(war_dyads={})  # KeyError
    with pytest.raises(ValueError, match="edges"):
        foedus.maximal_cliques([(0, 1, 2)])  # "cannot reshape array"


def test_regression_game_members_mask() -> None:
    # members(1.5) silently truncated to members(1)
    with pytest.raises(TypeError, match="mask"):
        _GAME.members(1.5)
    with pytest.raises(ValueError, match="goal"):
        Game.threshold_goal(_PARL, NAN)
    with pytest.raises(TypeError, match="goal"):
        Game.threshold_goal(_PARL, "3")


def test_regression_lp_constraint_generation_terminates() -> None:
    # the balancedness and nucleolus LPs looped forever: a coalition violated by 1.4e-9 (above
    # LP_TOL, within HiGHS's feasibility tolerance) was a constraint of the LP already
    values = [0.0, 2147483648.0] + [0.0] * 6 + [-3.0] + [0.0] * 7
    game = Game(values)
    bal = foedus.balancedness(game)
    assert not bal.balanced and math.isclose(bal.value, 2**31 - 3, rel_tol=1e-9)
    x = foedus.nucleolus(game, domain="preimputation").values
    assert math.isclose(x.sum(), 0.0, abs_tol=1e-6 * 2**31)
    assert np.isfinite(foedus.least_core(game).epsilon)


def test_regression_extreme_covariates_in_predictions() -> None:
    # Cox: exp(x b) = inf times a baseline hazard of 0 gave S = NaN before the first event;
    # AFT: log(0) - mu with mu = -inf gave S(0) = NaN
    t, e, x = [1.0, 2.0, 3.0, 4.0, 5.0], [1, 1, 0, 1, 1], [0.1, 0.5, 0.2, 0.9, 0.3]
    cox = foedus.CoxModel().fit(t, e, x)
    s = cox.predict_survival_function([0.0, 0.5, 10.0], [[2.0**31], [-(2.0**31)]])
    assert not np.isnan(s).any() and s[:, :2].tolist() == [[1.0, 1.0], [1.0, 1.0]]
    aft = foedus.AFTModel().fit(t, e, x)
    s = aft.predict_survival_function([0.0, 1.0], [[2.0**31], [-(2.0**31)]])
    assert not np.isnan(s).any() and s[:, 0].tolist() == [1.0, 1.0]


def test_regression_formation_features_with_missing_values() -> None:
    # ("max", "left_right") over a party without a position: all probabilities NaN in
    # predict_proba, and coefficients of 0 from fit, silently
    model = foedus.FormationModel([("max", "left_right")]).fit(_OPPORTUNITIES[:2])
    with pytest.raises(ValueError, match="features"):
        model.predict_proba(_OPPORTUNITIES[2])  # a3 has no left-right position
    with pytest.raises(ValueError, match="features"):
        foedus.FormationModel([("max", "left_right"), "n_parties"]).fit(_OPPORTUNITIES)


def test_regression_unnamed_errors() -> None:
    # raw numpy / Python messages that did not name the argument
    with pytest.raises(TypeError, match="actors"):
        Rule.veto(0.0)  # "'float' object is not iterable"
    with pytest.raises(ValueError, match="method"):
        foedus.power_indices(_PARL, Rule.majority(), method=np.array(["dp", "auto"]))
    with pytest.raises(TypeError, match="events"):
        foedus.AalenJohansen(1).fit([1.0, 2.0], [[1, 2], [3]])
    with pytest.raises(TypeError, match="edges"):
        foedus.maximal_cliques([[1, 2], [3]])
    with pytest.raises(TypeError, match="values"):
        Game([[1, 2], [3]])
    with pytest.raises(TypeError, match="quotas"):
        foedus.power_indices_batch([[1, 2]], [[1, 2], [3]])
    with pytest.raises(TypeError, match="graph"):
        foedus.myerson_value(_GAME, [1, 2])
    with pytest.raises(TypeError, match="theories"):
        foedus.predict_theories(_PARL, Rule.majority(), 3)
    with pytest.raises(TypeError, match="prime_minister"):
        dataclasses.replace(_OPPORTUNITIES[0], prime_minister=[1, 2])
    with pytest.raises(TypeError, match="names"):
        foedus.CoxModel().fit([1.0, 2.0, 3.0], [1, 1, 0], [0.1, 0.5, 0.2], names=3)
    with pytest.raises(ValueError, match="X"):
        foedus.AFTModel().fit([1.0, 2.0, 3.0], [1, 1, 0], 3.0)  # IndexError
    # a Fraction alpha reached scipy's ndtri (TypeError: ufunc 'ndtri' not supported)
    km = foedus.KaplanMeier(alpha=Fraction(1, 10)).fit([1.0, 2.0, 3.0])
    assert isinstance(km.alpha, float)


def test_regression_burden_product_overflow() -> None:
    # the Shapley shares 0.5 b + 0.5 c B / C overflowed (c B = inf) for benefits near 1e308
    b = foedus.burden_sharing([0.0, 0.0, 0.0, 4.0], [1e308, 0.0, 0.0, 0.0])
    assert np.all(np.isfinite(b.shapley_share)) and math.isclose(b.shapley_share.sum(), 1.0)
