"""Power indices: brute force on random games, published values, peers, bad input."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import foedus
from foedus import ActorSet, Rule, power_in, power_indices
from foedus.datasets import (
    eu_council_2023,
    eu_council_nice_2007,
    un_security_council,
    us_electoral_college_2024,
)
from foedus.power import INDICES, MAX_ENUMERATION_ACTORS

from reference import to_foedus_rule, wins
from strategies import cases
from test_coalitions_reference import build_actors

ALL = sorted(k for k in INDICES if k not in ("owen", "banzhaf_owen"))  # no unions needed
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------- brute force

def brute_force(n: int, winning: list[bool]) -> dict[str, list[Fraction]]:
    """Every index from the list of winning coalitions (index = bit mask), in Fractions."""
    swings = [0] * n
    orders = [0] * n
    mwc = [0] * n
    dp = [Fraction(0)] * n
    joh = [Fraction(0)] * n
    fact = [math.factorial(k) for k in range(n + 1)]
    for m in range(1 << n):
        if not winning[m]:
            continue
        members = [i for i in range(n) if m >> i & 1]
        critical = [i for i in members if not winning[m & ~(1 << i)]]
        s = len(members)
        for i in critical:
            swings[i] += 1
            orders[i] += fact[s - 1] * fact[n - s]
            joh[i] += Fraction(1, len(critical))
        if len(critical) == s:
            for i in members:
                mwc[i] += 1
                dp[i] += Fraction(1, s)
    n_win = sum(winning)
    total_sw = sum(swings)

    def norm(v: list) -> list[Fraction]:
        t = sum(v)
        return [Fraction(x) / t if t else Fraction(0) for x in v]

    out = {
        "swings": [Fraction(x) for x in swings],
        "banzhaf": norm(swings) if total_sw else [Fraction(0)] * n,
        "banzhaf_absolute": [Fraction(x, 1 << (n - 1)) for x in swings],
        "penrose": [Fraction(x, 1 << (n - 1)) for x in swings],
        "shapley_shubik": [Fraction(x, fact[n]) for x in orders],
        "public_good": norm(mwc),
        "deegan_packel": norm(dp),
        "johnston": norm(joh),
    }
    if n_win:
        out["coleman_prevent"] = [Fraction(x, n_win) for x in swings]
    if (1 << n) - n_win:
        out["coleman_initiate"] = [Fraction(x, (1 << n) - n_win) for x in swings]
    return out


def weighted(w: list[int], q: int) -> tuple[ActorSet, Rule, list[bool]]:
    n = len(w)
    actors = ActorSet([f"p{i}" for i in range(n)], w)
    win = [sum(w[i] for i in range(n) if m >> i & 1) >= q for m in range(1 << n)]
    return actors, Rule.quota(q), win


@st.composite
def weighted_games(draw: st.DrawFn, max_n: int = 9) -> tuple[list[int], int]:
    n = draw(st.integers(1, max_n))
    w = draw(st.lists(st.sampled_from([0, 1, 1, 2, 3, 5, 8, 13, 40]), min_size=n, max_size=n))
    if sum(w) == 0:
        w[0] = 1
    q = draw(st.integers(1, sum(w)))
    return w, q


# --------------------------------------------------------------------------- random games

@SETTINGS
@given(game=weighted_games(max_n=12), index=st.sampled_from(ALL),
       method=st.sampled_from(["dp", "enumeration"]))
def test_weighted_games_match_brute_force(game: tuple[list[int], int], index: str,
                                          method: str) -> None:
    w, q = game
    actors, rule, win = weighted(w, q)
    ref = brute_force(len(w), win)
    if index not in ref or (index in ("public_good", "deegan_packel", "johnston")
                            and not any(win)):
        with pytest.raises(ValueError):
            power_indices(actors, rule, index=index, method=method, exact=True)
        return
    res = power_indices(actors, rule, index=index, method=method, exact=True)
    assert list(res.exact) == ref[index]
    assert res.method == method
    approx = power_indices(actors, rule, index=index, method=method)
    assert np.allclose(approx.values, [float(x) for x in ref[index]], rtol=1e-12, atol=0)


@SETTINGS
@given(case=cases(max_n=10), index=st.sampled_from(ALL))
def test_any_rule_matches_brute_force(case: tuple, index: str) -> None:
    data, desc = case
    actors = build_actors(data)
    rule = to_foedus_rule(desc, data)
    n = data.n
    win = [wins(desc, data, [i for i in range(n) if m >> i & 1]) for m in range(1 << n)]
    ref = brute_force(n, win)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", foedus.ImproperGameWarning)
        if index not in ref or (index in ("public_good", "deegan_packel", "johnston")
                                and not any(win)):
            with pytest.raises(ValueError):
                power_indices(actors, rule, index=index, exact=True)
            return
        res = power_indices(actors, rule, index=index, exact=True)
    assert list(res.exact) == ref[index]


@settings(max_examples=40, deadline=None)
@given(w=st.lists(st.integers(1, 30), min_size=12, max_size=40), frac=st.floats(0.05, 0.95))
def test_floating_dp_agrees_with_exact(w: list[int], frac: float) -> None:
    """Floating DP (quadrature, no subtraction) against exact rationals, n up to 40."""
    q = max(1, min(sum(w), round(frac * sum(w))))
    actors = ActorSet([f"p{i}" for i in range(len(w))], w)
    for index in ("shapley_shubik", "deegan_packel", "johnston"):
        from foedus.power_methods import dp_ingredients
        key = {"shapley_shubik": "ss", "deegan_packel": "dp", "johnston": "johnston"}[index]
        exact = getattr(dp_ingredients(np.array(w), q, {key}, True, 2), key)
        approx = getattr(dp_ingredients(np.array(w), q, {key}, False, 2), key)
        e = np.array([float(x) for x in exact])
        a = np.array(approx, dtype=float)
        assert np.all(np.abs(a - e) <= 1e-12 * np.abs(e) + 1e-300), index
    assert actors.n == len(w)


def test_properties_symmetric_null_efficient() -> None:
    w = [7, 7, 5, 5, 5, 3, 0, 1]
    actors = ActorSet([f"p{i}" for i in range(8)], w)
    for index in ALL:
        res = power_indices(actors, Rule.quota(17), index=index, exact=True)
        v = res.exact
        assert v[0] == v[1] and v[2] == v[3] == v[4], index  # equal weights, equal power
        assert v[6] == 0, index  # a player of weight 0 is null
        if index in ("banzhaf", "shapley_shubik", "deegan_packel", "public_good", "johnston"):
            assert sum(v) == 1, index  # efficiency (normalised indices, Shapley-Shubik)


# --------------------------------------------------------------------------- published values

def test_coopgame_shapley_shubik_example() -> None:
    """CoopGame's shapleyShubikIndex example: weights 10, 10, 20, 30, quota 50."""
    actors = ActorSet(["A", "B", "C", "D"], [10, 10, 20, 30])
    res = power_indices(actors, Rule.quota(50), index="shapley_shubik", exact=True)
    assert res.exact == (Fraction(1, 12), Fraction(1, 12), Fraction(1, 4), Fraction(7, 12))


def test_eec_1958_luxembourg_is_null() -> None:
    actors = ActorSet(["France", "Germany", "Italy", "Netherlands", "Belgium", "Luxembourg"],
                      [4, 4, 4, 2, 2, 1])
    for index in ALL:
        res = power_indices(actors, Rule.quota(12), index=index, exact=True)
        assert res["Luxembourg"] == 0.0, index
        assert res["France"] >= res["Netherlands"] > 0, index  # public good: all 1/5
    ss = power_indices(actors, Rule.quota(12), index="shapley_shubik", exact=True).exact
    assert ss[:3] == (Fraction(7, 30),) * 3 and ss[3:5] == (Fraction(3, 20),) * 2


def test_un_security_council_exactly() -> None:
    un = un_security_council()
    res = power_indices(un, Rule.un_security_council(), index="shapley_shubik", exact=True)
    permanent = {"China", "France", "Russia", "United Kingdom", "United States"}
    for name, v in zip(res.names, res.exact, strict=True):
        assert v == (Fraction(421, 2145) if name in permanent else Fraction(4, 2145))
    assert res.method == "dp"  # two criteria: members and veto members
    enum = power_indices(un, Rule.un_security_council(), index="shapley_shubik", exact=True,
                         method="enumeration")
    assert enum.exact == res.exact and enum.method == "enumeration"
    # the same game as a weighted quota: 7 per permanent member, 1 otherwise, quota 39
    w = [7 if nm in permanent else 1 for nm in un.names]
    dp = power_indices(ActorSet(list(un.names), w), Rule.quota(39), index="shapley_shubik",
                       exact=True)
    assert dp.exact == res.exact and dp.method == "dp"


def test_bundled_institutions() -> None:
    nice = eu_council_nice_2007()
    res = power_indices(nice, Rule.quota(255, "votes"), index="banzhaf", exact=True)
    assert sum(res.exact) == 1 and res.method == "dp"
    lisbon = eu_council_2023()
    ss = power_indices(lisbon, Rule.eu_council_lisbon(), index="shapley_shubik", exact=True)
    assert sum(ss.exact) == 1 and ss.method == "enumeration"
    assert ss["Germany"] == max(ss.values) and ss["Malta"] == min(ss.values)
    ec = us_electoral_college_2024()
    bz = power_indices(ec, Rule.quota(270, "electoral_votes"), index="banzhaf")
    assert bz["California"] == max(bz.values)


# --------------------------------------------------------------------------- peers

def _peer_games() -> list[tuple[list[int], int]]:
    nice = eu_council_nice_2007()
    nice_w = [int(x) for x in nice.integer_weights(nice.criterion("votes"))[0]]
    ec = us_electoral_college_2024()
    ec_w = [int(x) for x in ec.integer_weights(ec.criterion("electoral_votes"))[0]]
    games = [(nice_w, 255), (ec_w, 270), ([10, 10, 20, 30], 50), ([4, 4, 4, 2, 2, 1], 12)]
    for n in (10, 25, 50):
        w = [int(x) for x in np.random.default_rng(n).integers(1, 101, n)]
        games.append((w, sum(w) // 2 + 1))
    return games


@pytest.mark.parametrize("game", _peer_games(), ids=lambda g: f"n{len(g[0])}q{g[1]}")
def test_agrees_with_powerindex(game: tuple[list[int], int]) -> None:
    powerindex = pytest.importorskip("powerindex")
    w, q = game
    actors = ActorSet([f"p{i}" for i in range(len(w))], w)
    for ours, theirs in (("banzhaf", "bz"), ("shapley_shubik", "ss")):
        ref = powerindex.calculate_power_index(list(w), q, theirs)
        res = power_indices(actors, Rule.quota(q), index=ours)
        assert np.allclose(res.values, ref, rtol=1e-9, atol=1e-15), ours


@pytest.mark.parametrize("game", _peer_games()[:5], ids=lambda g: f"n{len(g[0])}q{g[1]}")
def test_agrees_with_powerindices(game: tuple[list[int], int]) -> None:
    powerindices = pytest.importorskip("powerindices")
    w, q = game
    actors = ActorSet([f"p{i}" for i in range(len(w))], w)
    raw = powerindices.compute_pbi(q, list(w))  # swings / 2^(n-1); it edits its input
    res = power_indices(actors, Rule.quota(q), index="banzhaf_absolute")
    assert np.allclose(res.values, raw, rtol=1e-9)
    ss = powerindices.compute_ssi(q, list(w))
    res = power_indices(actors, Rule.quota(q), index="shapley_shubik")
    assert np.allclose(res.values, ss, rtol=1e-9)


@pytest.mark.parametrize("game", [([10, 10, 20, 30], 50), ([4, 4, 4, 2, 2, 1], 12),
                                  ([9, 7, 7, 4, 3, 3, 2, 1, 1, 1, 1, 1], 21),
                                  ([29, 29, 29, 29, 27, 27, 14, 13, 12, 12, 12], 150)],
                         ids=lambda g: f"n{len(g[0])}")
def test_agrees_with_coopgame(game: tuple[list[int], int]) -> None:
    coopgame = pytest.importorskip("coopgame")
    w, q = game
    actors = ActorSet([f"p{i}" for i in range(len(w))], w)
    ref = coopgame.power_indices(coopgame.Game.weighted_voting(w, q))
    pairs = {"johnston": "johnston", "deegan_packel": "deegan_packel",
             "public_good": "public_good", "coleman_prevent": "coleman_prevent",
             "coleman_initiate": "coleman_initiative"}
    for ours, theirs in pairs.items():
        for method in ("dp", "enumeration"):
            res = power_indices(actors, Rule.quota(q), index=ours, method=method)
            assert np.allclose(res.values, ref[theirs], rtol=1e-12), (ours, method)
    res = power_indices(actors, Rule.quota(q), index="coleman_prevent")
    assert res.collectivity == pytest.approx(ref["coleman_collectivity"], rel=1e-12)
    assert list(power_indices(actors, Rule.quota(q), index="swings").counts) == ref["swings"]


def _exact_swings_python(w: list[int], q: int) -> list[int]:
    """Independent exact Banzhaf swings with Python ints: full table, then removal."""
    total = sum(w)
    f = [0] * (total + 1)
    f[0] = 1
    for x in w:
        for t in range(total, x - 1, -1):
            f[t] += f[t - x]
    out = []
    for x in w:
        g = f[:]
        for t in range(x, total + 1):
            g[t] -= g[t - x]
        out.append(sum(g[max(0, q - x):q]))
    return out


def test_right_where_powerindices_overflows() -> None:
    """powerindices counts in int64 and returns wrong (even negative) values at n = 100."""
    powerindices = pytest.importorskip("powerindices")
    w = [int(x) for x in np.random.default_rng(100).integers(1, 101, 100)]
    q = sum(w) // 2 + 1
    actors = ActorSet([f"p{i}" for i in range(100)], w)
    res = power_indices(actors, Rule.quota(q), index="swings", exact=True)
    assert list(res.counts) == _exact_swings_python(w, q)
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = np.asarray(powerindices.compute_pbi(q, list(w)), dtype=float)
    ours = np.array([c / 2 ** 99 for c in res.counts])
    assert not np.allclose(theirs, ours, rtol=1e-6)  # the peer is wrong here; foedus is exact


def test_right_where_powerindex_fails_above_170_players() -> None:
    """powerindex's Shapley-Shubik raises OverflowError above 170 players; foedus is exact."""
    powerindex = pytest.importorskip("powerindex")
    w = [int(x) for x in np.random.default_rng(200).integers(1, 6, 200)]
    q = sum(w) // 2 + 1
    with pytest.raises(OverflowError):
        powerindex.calculate_power_index(list(w), q, "ss")
    actors = ActorSet([f"p{i}" for i in range(200)], w)
    res = power_indices(actors, Rule.quota(q), index="shapley_shubik", exact=True)
    assert sum(res.exact) == 1  # efficiency, exactly
    for a in range(200):  # equal weights, equal values, exactly
        b = w.index(w[a])
        assert res.exact[a] == res.exact[b]
    approx = power_indices(actors, Rule.quota(q), index="shapley_shubik")
    e = np.array([float(x) for x in res.exact])
    assert np.max(np.abs(approx.values - e) / e) <= 1e-12


# --------------------------------------------------------------------------- threads, API

def test_thread_invariance() -> None:
    w = [int(x) for x in np.random.default_rng(7).integers(1, 60, 80)]
    actors = ActorSet([f"p{i}" for i in range(80)], w)
    rule = Rule.quota(sum(w) // 2 + 1)
    for index in ("shapley_shubik", "deegan_packel", "johnston", "banzhaf"):
        one = power_indices(actors, rule, index=index, n_threads=1)
        two = power_indices(actors, rule, index=index, n_threads=2)
        assert one.values.tobytes() == two.values.tobytes(), index
    eu = eu_council_2023()
    a = power_indices(eu, Rule.eu_council_lisbon(), index="johnston", n_threads=1)
    b = power_indices(eu, Rule.eu_council_lisbon(), index="johnston", n_threads=2)
    assert a.values.tobytes() == b.values.tobytes()


def test_power_in_uses_the_coalitions_own_weight() -> None:
    parl = ActorSet(["A", "B", "C", "D"], [10, 10, 20, 30])
    res = power_in(parl, ["A", "C", "D"], index="shapley_shubik", exact=True)
    # inside {A, C, D} (60 seats) a majority needs 31: D is pivotal in 4 of 6 orderings
    assert res.names == ("A", "C", "D")
    assert res.exact == (Fraction(1, 6), Fraction(1, 6), Fraction(2, 3))
    inner = power_in(parl, ["C", "D"], Rule.unanimity(), index="banzhaf", exact=True)
    assert inner.exact == (Fraction(1, 2), Fraction(1, 2))
    # integer weights above 2^53 stay exact inside the coalition (float64 would tie A and B);
    # the quota is too large for a weight table, so "auto" enumerates
    huge = ActorSet(["A", "B", "C", "D"], [2**53 + 1, 2**53, 1, 1])
    res = power_in(huge, ["A", "B", "C"], index="banzhaf", exact=True)
    assert res.exact == (Fraction(3, 5), Fraction(1, 5), Fraction(1, 5))
    assert res.method == "enumeration"


def test_result_api() -> None:
    actors = ActorSet(["A", "B", "C", "D"], [10, 10, 20, 30])
    res = power_indices(actors, Rule.quota(50), index="banzhaf", exact=True)
    assert res["D"] == 0.5 and res[0] == 0.1 and len(res) == 4
    assert res.counts == (1, 1, 3, 5)
    text = repr(res)
    assert "banzhaf" in text and "D" in text and "1/2" in text
    frame = res.to_frame()
    assert list(frame.index) == ["A", "B", "C", "D"] and list(frame["count"]) == [1, 1, 3, 5]
    assert "<table>" in res._repr_html_()
    with pytest.raises(KeyError):
        res["Z"]
    with pytest.raises(ValueError):
        res.values[0] = 1.0


def test_bad_input() -> None:
    actors = ActorSet(["A", "B", "C"], [1, 2, 3])
    with pytest.raises(ValueError, match="index"):
        power_indices(actors, Rule.quota(4), index="nonsense")
    with pytest.raises(TypeError, match="index"):
        power_indices(actors, Rule.quota(4), index=3)
    with pytest.raises(ValueError, match="method"):
        power_indices(actors, Rule.quota(4), method="magic")
    with pytest.raises(ValueError, match="method"):
        power_indices(actors, Rule.quota(4) & Rule.count(2) & Rule.veto([0]), method="dp")
    with pytest.raises(TypeError, match="exact"):
        power_indices(actors, Rule.quota(4), exact="yes")
    with pytest.raises(ValueError, match="max_seconds"):
        power_indices(actors, Rule.quota(4), max_seconds=-1)
    with pytest.raises(TypeError, match="actors"):
        power_indices([1, 2, 3], Rule.quota(4))
    with pytest.raises(TypeError, match="rule"):
        power_indices(actors, 4)
    with pytest.raises(TypeError, match="seed"):
        power_indices(actors, Rule.quota(4), seed=1.5)
    n = MAX_ENUMERATION_ACTORS + 1
    big = ActorSet([f"p{i}" for i in range(n)])
    with pytest.raises(ValueError, match="enumeration"):
        power_indices(big, Rule.count(3) & Rule.veto([0]), index="johnston")
    with pytest.raises(ValueError, match="sampling"):
        power_indices(big, Rule.count(3) & Rule.veto([0]), method="enumeration")
    w = np.random.default_rng(1).integers(1, 100, 400)
    many = ActorSet([f"p{i}" for i in range(400)], w)
    with pytest.raises(ValueError, match="max_seconds"):
        power_indices(many, Rule.majority(), index="johnston", exact=True, max_seconds=0.001)


# --------------------------------------------------------------------------- sampling

@pytest.mark.parametrize("index", ["shapley_shubik", "banzhaf", "penrose"])
def test_sampling_is_calibrated_against_exact(index: str) -> None:
    """Estimates lie within their standard errors of the exact values (composed rule, n = 20)."""
    w = [int(x) for x in np.random.default_rng(11).integers(1, 30, 20)]
    actors = ActorSet([f"p{i}" for i in range(20)], w)
    rule = Rule.majority() & Rule.count(8)
    exact = power_indices(actors, rule, index=index, method="enumeration").values
    est = power_indices(actors, rule, index=index, method="sampling", n_samples=200_000, seed=3)
    assert est.method == "sampling" and est.n_samples == 200_000 and est.seed == 3
    z = (est.values - exact) / est.standard_error
    assert np.all(np.abs(z) < 5)
    assert 0.3 < float(np.mean(z ** 2)) < 2.5  # standard errors are neither too small nor large


def test_sampling_reproducible_for_any_thread_count() -> None:
    actors = ActorSet([f"p{i}" for i in range(50)], np.arange(50) % 7 + 1)
    rule = Rule.majority() | Rule.veto([0])
    for index in ("shapley_shubik", "banzhaf"):
        a = power_indices(actors, rule, index=index, method="sampling", n_samples=5000, seed=9,
                          n_threads=1)
        b = power_indices(actors, rule, index=index, method="sampling", n_samples=5000, seed=9,
                          n_threads=2)
        assert a.values.tobytes() == b.values.tobytes()
        assert a.standard_error.tobytes() == b.standard_error.tobytes()
        c = power_indices(actors, rule, index=index, method="sampling", n_samples=5000, seed=10)
        assert c.values.tobytes() != a.values.tobytes()


def test_auto_samples_beyond_enumeration() -> None:
    n = MAX_ENUMERATION_ACTORS + 7
    actors = ActorSet([f"p{i}" for i in range(n)], np.arange(n) % 5 + 1)
    rule = Rule.majority() & Rule.veto([0]) & Rule.veto([1])  # three criteria: no 2-D DP
    res = power_indices(actors, rule, index="shapley_shubik", n_samples=20000, seed=1)
    assert res.method == "sampling" and res.standard_error is not None
    # the two veto players share most of the power
    assert res.values[0] > 0.3 and res.values[1] > 0.3
    assert "±" in repr(res) and "standard_error" in res.to_frame().columns
    with pytest.raises(ValueError, match="exact"):
        power_indices(actors, rule, index="shapley_shubik", method="sampling", exact=True)
    with pytest.raises(ValueError, match="sampling"):
        power_indices(actors, rule, index="johnston", method="sampling")
    with pytest.raises(ValueError, match="n_samples"):
        power_indices(actors, rule, index="banzhaf", method="sampling", n_samples=0)


# --------------------------------------------------------------------------- batch

@settings(max_examples=30, deadline=None)
@given(games=st.lists(weighted_games(max_n=12), min_size=1, max_size=6),
       index=st.sampled_from(["banzhaf", "shapley_shubik", "penrose"]))
def test_batch_matches_single_games(games: list, index: str) -> None:
    from foedus import power_indices_batch
    batch = power_indices_batch([np.array(w) for w, _ in games], [q for _, q in games],
                                index=index)
    assert len(batch) == len(games)
    for g, (w, q) in enumerate(games):
        actors, rule, win = weighted(w, q)
        ref = brute_force(len(w), win)[index]
        assert np.allclose(batch[g], [float(x) for x in ref], rtol=1e-12, atol=0)
        if index != "shapley_shubik":
            assert [int(x) for x in batch.counts[g, :len(w)]] == brute_force(len(w), win)[
                "swings"]


def test_batch_input_forms_large_games_and_threads() -> None:
    from foedus import power_indices_batch
    rng = np.random.default_rng(5)
    dense = rng.integers(1, 50, (20, 9))
    quotas = dense.sum(axis=1) // 2 + 1
    a = power_indices_batch(dense, quotas, index="shapley_shubik")
    masked = np.ma.masked_array(np.hstack([dense, np.zeros((20, 3), dtype=int)]),
                                mask=np.hstack([np.zeros((20, 9), bool), np.ones((20, 3), bool)]))
    b = power_indices_batch(masked, quotas, index="shapley_shubik", n_threads=1)
    assert a.values.tobytes() == b.values.tobytes()
    # a game beyond 64 players uses floating DP; compare with power_indices
    big = [int(x) for x in rng.integers(1, 100, 150)]
    res = power_indices_batch([big, [1, 1]], [sum(big) // 2 + 1, 2])
    assert not res.exact_counts[0] and res.exact_counts[1]
    single = power_indices(ActorSet([f"p{i}" for i in range(150)], big),
                           Rule.quota(sum(big) // 2 + 1), index="banzhaf", exact=True)
    assert np.allclose(res[0], single.values, rtol=1e-12)
    assert res.to_frame().shape == (152, 3)
    assert "games=2" in repr(res)


def test_batch_bad_input() -> None:
    from foedus import power_indices_batch
    with pytest.raises(ValueError, match="index"):
        power_indices_batch([[1, 2]], [2], index="johnston")
    with pytest.raises(ValueError, match="quotas"):
        power_indices_batch([[1, 2]], [2, 3])
    with pytest.raises(ValueError, match=r"quotas\[0\]"):
        power_indices_batch([[1, 2]], [4])
    with pytest.raises(ValueError, match=r"weights\[1\]"):
        power_indices_batch([[1, 2], [1.5, 2]], [2, 2])
    with pytest.raises(ValueError, match=r"weights\[0\]"):
        power_indices_batch([[1, float("nan")]], [1])
    with pytest.raises(ValueError, match=r"weights\[0\]"):
        power_indices_batch([[1, -2]], [1])
    with pytest.raises(TypeError, match="weights"):
        power_indices_batch("abc", [1])
    with pytest.raises(ValueError, match="64"):
        power_indices_batch([list(range(1, 80))], [100], index="shapley_shubik")


# --------------------------------------------------------------------------- a priori unions

def owen_brute_force(n: int, winning: list[bool], blocks: list[list[int]]) -> dict:
    """Owen and Banzhaf-Owen straight from the definitions."""
    m = len(blocks)
    owen, bo = [Fraction(0)] * n, [Fraction(0)] * n
    f = math.factorial
    for k, members in enumerate(blocks):
        others = [b for j, b in enumerate(blocks) if j != k]
        for i in members:
            partners = [j for j in members if j != i]
            u = len(members)
            for rmask in range(1 << len(others)):
                q_r = [x for j, b in enumerate(others) if rmask >> j & 1 for x in b]
                r = bin(rmask).count("1")
                for tmask in range(1 << len(partners)):
                    t_set = [x for j, x in enumerate(partners) if tmask >> j & 1]
                    s = sum(1 << x for x in q_r + t_set)
                    if winning[s | (1 << i)] and not winning[s]:
                        t = len(t_set)
                        owen[i] += Fraction(f(r) * f(m - 1 - r) * f(t) * f(u - 1 - t),
                                            f(m) * f(u))
                        bo[i] += Fraction(1, 2 ** (m - 1 + u - 1))
    return {"owen": owen, "banzhaf_owen": bo}


@st.composite
def partitions(draw: st.DrawFn, n: int) -> list[list[int]]:
    labels = draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
    blocks: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        blocks.setdefault(lab, []).append(i)
    return list(blocks.values())


@SETTINGS
@given(game=weighted_games(max_n=8), data=st.data(),
       index=st.sampled_from(["owen", "banzhaf_owen"]),
       method=st.sampled_from(["dp", "enumeration"]))
def test_owen_weighted_matches_brute_force(game: tuple, data: st.DataObject, index: str,
                                           method: str) -> None:
    w, q = game
    actors, rule, win = weighted(w, q)
    blocks = data.draw(partitions(len(w)))
    res = power_indices(actors, rule, index=index, unions=foedus.Partition(blocks, n=len(w)),
                        method=method, exact=True)
    assert list(res.exact) == owen_brute_force(len(w), win, blocks)[index]
    if index == "owen" and win[-1]:
        assert sum(res.exact) == 1  # efficiency


@SETTINGS
@given(case=cases(max_n=7), data=st.data())
def test_owen_any_rule_matches_brute_force(case: tuple, data: st.DataObject) -> None:
    desc_data, desc = case
    actors = build_actors(desc_data)
    rule = to_foedus_rule(desc, desc_data)
    n = desc_data.n
    win = [wins(desc, desc_data, [i for i in range(n) if m >> i & 1]) for m in range(1 << n)]
    blocks = data.draw(partitions(n))
    ref = owen_brute_force(n, win, blocks)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", foedus.ImproperGameWarning)
        for index in ("owen", "banzhaf_owen"):
            res = power_indices(actors, rule, index=index,
                                unions=foedus.Partition(blocks, n=n), exact=True)
            assert list(res.exact) == ref[index]


def test_owen_special_cases_and_errors() -> None:
    """Singleton unions and one grand union both give Shapley-Shubik / absolute Banzhaf."""
    w = [9, 7, 7, 4, 3, 3, 2, 1]
    actors = ActorSet([f"p{i}" for i in range(8)], w)
    rule = Rule.quota(19)
    ss = power_indices(actors, rule, index="shapley_shubik", exact=True).exact
    pen = power_indices(actors, rule, index="penrose", exact=True).exact
    for blocks in ([[i] for i in range(8)], [list(range(8))]):
        part = foedus.Partition(blocks, n=8)
        for method in ("dp", "enumeration"):  # "auto" takes these shortcuts without counting
            assert power_indices(actors, rule, index="owen", unions=part, exact=True,
                                 method=method).exact == ss
            assert power_indices(actors, rule, index="banzhaf_owen", unions=part, exact=True,
                                 method=method).exact == pen
    # a weighted game with many actors and few unions (dynamic programming)
    big = [int(x) for x in np.random.default_rng(3).integers(1, 40, 120)]
    labels = [i % 6 for i in range(120)]
    part = foedus.Partition.from_labels(labels)
    big_actors = ActorSet([f"p{i}" for i in range(120)], big)
    res = power_indices(big_actors, Rule.quota(sum(big) // 2 + 1), index="owen", unions=part,
                        exact=True)
    assert sum(res.exact) == 1 and res.method == "dp"
    with pytest.raises(ValueError, match="unions"):
        power_indices(actors, rule, index="owen")
    with pytest.raises(TypeError, match="unions"):
        power_indices(actors, rule, index="owen", unions=[[0, 1]])
    with pytest.raises(ValueError, match="unions"):
        power_indices(actors, rule, index="owen", unions=foedus.Partition([[0, 1]], n=2))
    with pytest.raises(ValueError, match="unions"):
        power_indices(actors, rule, index="banzhaf", unions=foedus.Partition([[0]], n=1))


def test_owen_large_counts_and_weights() -> None:
    """Counts beyond 2^63 (a union of 55) and weights that need the gcd reduction."""
    n = 71
    actors = ActorSet([f"p{i}" for i in range(n)], [1] * n)
    blocks = [list(range(55))] + [[i] for i in range(55, n)]
    res = power_indices(actors, Rule.quota(36), index="owen",
                        unions=foedus.Partition(blocks, n=n), exact=True)
    assert sum(res.exact) == 1 and res.exact[0] == Fraction(1, 55) * (1 - 16 * res.exact[-1])
    big = ActorSet(["a", "b", "c"], [10**9, 10**9, 10**9])
    owen = power_indices(big, Rule.quota(2 * 10**9), index="owen",
                         unions=foedus.Partition([[0, 1], [2]], n=3), exact=True)
    # the bloc {a, b} wins alone and c never swings: a and b share the bloc's power
    assert owen.method == "dp" and owen.exact == (Fraction(1, 2), Fraction(1, 2), Fraction(0))


# --------------------------------------------------------------------------- two criteria

TWO_CRITERIA_INDICES = ["banzhaf", "swings", "penrose", "shapley_shubik", "coleman_prevent",
                        "coleman_initiate"]


@SETTINGS
@given(case=cases(max_n=9), index=st.sampled_from(TWO_CRITERIA_INDICES),
       exact=st.booleans())
def test_two_criteria_dp_matches_brute_force(case: tuple, index: str, exact: bool) -> None:
    """Composed rules over at most two criteria (veto sets counting as criteria) by 2-D DP."""
    from foedus.power_methods import two_criteria
    data, desc = case
    actors = build_actors(data)
    rule = to_foedus_rule(desc, data)
    tc = two_criteria(actors, rule.bind(actors))
    if tc is None or (index == "shapley_shubik" and exact and not tc.size_first):
        return
    n = data.n
    win = [wins(desc, data, [i for i in range(n) if m >> i & 1]) for m in range(1 << n)]
    ref = brute_force(n, win)
    if index not in ref:
        return
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", foedus.ImproperGameWarning)
        res = power_indices(actors, rule, index=index, method="dp", exact=exact)
    assert res.method == "dp"
    if exact:
        assert list(res.exact) == ref[index]
    else:
        assert np.allclose(res.values, [float(x) for x in ref[index]], rtol=1e-12, atol=1e-300)


def test_two_criteria_beyond_enumeration() -> None:
    """A bicameral rule over 120 members and the UN Security Council, by 2-D DP."""
    un = un_security_council()
    dp = power_indices(un, Rule.un_security_council(), index="shapley_shubik", method="dp",
                       exact=True)
    assert dp.method == "dp" and dp.exact[0] == Fraction(421, 2145)
    house, senate = 80, 40
    actors = ActorSet([f"h{i}" for i in range(house)] + [f"s{i}" for i in range(senate)],
                      {"house": [1] * house + [0] * senate, "senate": [0] * house + [1] * senate})
    rule = Rule.majority("house") & Rule.majority("senate")
    res = power_indices(actors, rule, index="banzhaf", exact=True)
    assert res.method == "dp" and sum(res.exact) == 1
    # swings of a House member: the rest of the House ties 40-39 ... exactly, by combinatorics
    from math import comb
    senate_wins = sum(comb(senate, k) for k in range(senate // 2 + 1, senate + 1))
    house_swing = comb(house - 1, house // 2) * senate_wins
    assert res.counts[0] == house_swing
