"""foedus.simple_games: properties, dummy and veto players, desirability, weightedness and the
Nakamura number against brute force over every coalition of small random games (weighted
quotas and composed rules); published facts (EEC 1958 Council, UN Security Council, the
Canadian amendment formula, the Jagiellonian compromise for the EU-27); the inverse problem
(fit_weights, Penrose, Jagiellonian) and bad input."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import foedus
from foedus import ActorSet, Rule
from foedus.datasets import (
    bundestag_2021,
    eu_council_2023,
    un_security_council,
    us_electoral_college_2024,
)
from foedus.simple_games import (
    MAX_GAME_ACTORS,
    Desirability,
    GameProperties,
    TradingTransform,
    Weightedness,
    WeightFit,
    _Game,
    _representation,
    desirability,
    dummy_players,
    fit_weights,
    game_properties,
    is_weighted,
    jagiellonian_compromise,
    nakamura_number,
    penrose_square_root,
    veto_players,
)

SETTINGS = settings(max_examples=15, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------- brute force


class Brute:
    """Every coalition of a small game, decided by ``rule.wins`` one coalition at a time."""

    def __init__(self, actors: ActorSet, rule: Rule) -> None:
        n = actors.n
        self.n, self.full = n, (1 << n) - 1
        self.win = [rule.wins(actors, [i for i in range(n) if (m >> i) & 1])
                    for m in range(1 << n)]

    def without(self, *players: int) -> list[int]:
        return [m for m in range(1 << self.n) if not any((m >> i) & 1 for i in players)]

    @property
    def proper(self) -> bool:
        return not any(self.win[m] and self.win[self.full ^ m] for m in range(1 << self.n))

    @property
    def strong(self) -> bool:
        return all(self.win[m] or self.win[self.full ^ m] for m in range(1 << self.n))

    def dummies(self) -> list[int]:
        return [i for i in range(self.n)
                if not any(self.win[m | (1 << i)] and not self.win[m] for m in self.without(i))]

    def vetoes(self) -> list[int]:
        return [i for i in range(self.n)
                if all((m >> i) & 1 for m in range(1 << self.n) if self.win[m])]

    def at_least(self, i: int, j: int) -> bool:
        return all(self.win[m | (1 << i)] or not self.win[m | (1 << j)]
                   for m in self.without(i, j))

    def minimal_winning(self) -> list[int]:
        return [m for m in range(1 << self.n) if self.win[m]
                and all(not self.win[m ^ (1 << i)] for i in range(self.n) if (m >> i) & 1)]

    def nakamura(self) -> int | None:
        mwc = self.minimal_winning()
        reach = set(mwc)
        for k in range(1, self.n + 2):
            if 0 in reach:
                return k
            reach = {a & b for a in reach for b in mwc}
        return None

    def represented_by(self, weights: list[int], quota: int) -> bool:
        return all(self.win[m] == (sum(w for i, w in enumerate(weights) if (m >> i) & 1)
                                   >= quota) for m in range(1 << self.n))

    def bits(self) -> np.ndarray:
        m = np.arange(1 << self.n)
        return ((m[None, :] >> np.arange(self.n)[:, None]) & 1).astype(np.int64)


def representable(brute: Brute, vectors: np.ndarray) -> np.ndarray:
    """For each row of integer weights: do some quota and these weights give the game?"""
    sums = vectors @ brute.bits()
    win = np.array(brute.win)
    lowest_win = np.where(win, sums, np.iinfo(np.int64).max).min(axis=1)
    highest_lose = np.where(~win, sums, -1).max(axis=1)
    return lowest_win > highest_lose


def all_vectors(n: int, below: int) -> np.ndarray:
    """Every vector of n non-negative integers with entries < below."""
    grids = np.indices((below,) * n).reshape(n, -1).T
    return grids.astype(np.int64)


NAMES = tuple(f"a{i}" for i in range(10))


KINDS = ("quota", "share", "majority", "count", "quota_and_count", "two_quotas", "or_veto",
         "and_veto", "or_of_vetoes", "or_of_ands")
SINGLE = ("quota", "share", "majority", "count")


@st.composite
def games(draw: st.DrawFn, kind: str, max_n: int = 8) -> tuple[ActorSet, Rule, str]:
    """Random small actors with two weight criteria and a rule of the given kind: a weighted
    quota (quota, share, majority, member count) or a composition with counts, vetoes and a
    second quota."""
    n = draw(st.integers(1 if kind in SINGLE else 3, max_n), label="n")
    seats = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n), label="seats")
    pop = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n), label="pop")
    seats[0] += sum(seats) == 0
    pop[-1] += sum(pop) == 0
    actors = ActorSet(NAMES[:n], {"seats": seats, "pop": pop})

    def quota(col: str, values: list[int]) -> Rule:
        return Rule.quota(draw(st.integers(1, sum(values))), col)

    def veto() -> Rule:
        who = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=min(n, 3), unique=True))
        return Rule.veto([NAMES[i] for i in who])

    count = Rule.count(draw(st.integers(1, n)))
    if kind == "quota":
        rule = quota("seats", seats)
    elif kind == "share":
        rule = Rule.share(draw(st.sampled_from(["0.3", "0.5", "0.6", "2/3", "0.75"])), "pop")
    elif kind == "majority":
        rule = Rule.majority("seats")
    elif kind == "count":
        rule = count
    elif kind == "quota_and_count":
        rule = quota("seats", seats) & count
    elif kind == "two_quotas":
        rule = quota("seats", seats) & quota("pop", pop)
    elif kind == "or_veto":
        rule = quota("seats", seats) | veto()
    elif kind == "and_veto":
        rule = quota("pop", pop) & veto()
    elif kind == "or_of_vetoes":
        rule = veto() | veto() | (count & veto())
    else:
        rule = (quota("seats", seats) & count) | (quota("pop", pop) & veto())
    return actors, rule, kind


any_game = st.sampled_from(KINDS).flatmap(games)
by_kind = pytest.mark.parametrize("kind", KINDS)




def names_of(actors: ActorSet, idx: list[int]) -> tuple[str, ...]:
    return tuple(actors.names[i] for i in idx)


# --------------------------------------------------------------------------- against brute force


@by_kind
@SETTINGS
@given(st.data())
def test_properties_match_brute_force(kind: str, data: st.DataObject) -> None:
    game = data.draw(games(kind), label="game")
    actors, rule, kind = game
    brute = Brute(actors, rule)
    props = game_properties(actors, rule)
    assert isinstance(props, GameProperties)
    event(f"proper={props.proper}, strong={props.strong}, homogeneous={props.homogeneous}, "
          f"dummies={bool(props.dummies)}, vetoes={bool(props.vetoes)}")
    assert props.method == ("subset_sum" if kind in SINGLE else "enumeration")
    assert props.proper == brute.proper
    assert props.strong == brute.strong
    assert props.decisive == (brute.proper and brute.strong)
    assert props.dummies == names_of(actors, brute.dummies()) == dummy_players(actors, rule)
    assert props.vetoes == names_of(actors, brute.vetoes()) == veto_players(actors, rule)
    weighted = is_weighted(actors, rule)
    assert props.weighted == weighted.weighted
    if kind in SINGLE:
        assert props.weighted
    if not props.weighted:
        assert props.homogeneous is False
    elif props.homogeneous:
        # an exact homogeneous representation backs the verdict
        found, _, _ = _representation(_Game.of(actors, rule.bind(actors), "test"),
                                      homogeneous=True)
        assert found is not None
        w, q = found
        assert brute.represented_by(w.tolist(), q)
        assert all(sum(int(w[i]) for i in range(brute.n) if (m >> i) & 1) == q
                   for m in brute.minimal_winning())
    elif actors.n <= 5:
        # no homogeneous representation with small weights either
        vectors = all_vectors(actors.n, 5)
        ok = representable(brute, vectors)
        mwc = np.array(brute.minimal_winning())
        sums = vectors[ok] @ brute.bits()[:, mwc]
        assert not np.any(np.all(sums == sums[:, :1], axis=1))


@by_kind
@SETTINGS
@given(st.data())
def test_desirability_matches_brute_force(kind: str, data: st.DataObject) -> None:
    game = data.draw(games(kind), label="game")
    actors, rule, kind = game
    brute = Brute(actors, rule)
    n = actors.n
    d = desirability(actors, rule)
    assert isinstance(d, Desirability)
    event(f"complete={d.complete}, n={n}")
    expected = np.array([[brute.at_least(i, j) for j in range(n)] for i in range(n)])
    np.testing.assert_array_equal(d.relation, expected)
    assert d.complete == bool(np.all(expected | expected.T))
    if kind in SINGLE:
        assert d.complete  # weighted games are complete (swap robust)
    # classes partition the actors into equivalence classes
    flat = [a for c in d.classes for a in c]
    assert sorted(flat) == sorted(actors.names)
    for r, cls in enumerate(d.classes):
        for a in cls:
            i = actors.index(a)
            assert d.rank[i] == r
            for b in cls:
                assert d.at_least(a, b) and d.at_least(b, a)
    # the ranks are a linear extension of the strict order; complete: exactly the order
    for i in range(n):
        for j in range(n):
            if d.strictly(i, j):
                assert d.rank[i] < d.rank[j]
            if d.complete:
                assert bool(expected[i, j]) == (d.rank[i] <= d.rank[j])


def check_weightedness(actors: ActorSet, rule: Rule, kind: str) -> bool:
    """is_weighted's verdict, proved either way against brute force; returns the verdict."""
    brute = Brute(actors, rule)
    result = is_weighted(actors, rule)
    assert isinstance(result, Weightedness)
    if result.weighted:
        assert result.weights is not None and result.quota is not None
        assert result.minimum_sum and result.certificate is None
        assert brute.represented_by(result.weights.tolist(), result.quota)
        # the quota is the smallest that works with these weights
        assert not brute.represented_by(result.weights.tolist(), result.quota - 1)
        # the representation rebuilt as a game gives the same winning coalitions
        again = Brute(result.actor_set(), result.rule())
        assert again.win == brute.win
        # dummies get weight 0 in a minimum-sum representation
        assert all(result.weights[i] == 0 for i in brute.dummies())
    else:
        assert kind not in SINGLE
        cert = result.certificate
        assert isinstance(cert, TradingTransform) and len(cert) >= 2
        assert len(cert.winning) == len(cert.losing)
        for coalition in cert.winning:
            assert rule.wins(actors, list(coalition))
        for coalition in cert.losing:
            assert not rule.wins(actors, list(coalition))
        for a in actors.names:
            assert (sum(a in c for c in cert.winning) == sum(a in c for c in cert.losing))
        # no small weights represent it (the proof above says no weights at all do)
        if actors.n <= 5:
            assert not representable(brute, all_vectors(actors.n, 5)).any()
    return result.weighted


@by_kind
@SETTINGS
@given(st.data())
def test_weightedness_is_proved_either_way(kind: str, data: st.DataObject) -> None:
    actors, rule, kind = data.draw(games(kind), label="game")
    weighted = check_weightedness(actors, rule, kind)
    event(f"{kind}: {'weighted' if weighted else 'not weighted'}")


def test_weightedness_of_random_composed_games() -> None:
    """Wider random weights than the hypothesis games, so that many are not weighted."""
    rng = np.random.default_rng(2024)
    verdicts = []
    for k in range(40):
        n = int(rng.integers(5, 10))
        actors = ActorSet(NAMES[:n], {"seats": rng.integers(0, 30, n),
                                      "pop": rng.integers(1, 30, n)})
        seats, pop = (int(actors.weight(c).sum()) for c in ("seats", "pop"))
        rule = Rule.quota(int(seats * rng.uniform(0.4, 0.7)) + 1, "seats")
        if k % 2:
            rule = rule & Rule.count(int(rng.integers(n // 2, n)) + 1)
        else:
            rule = rule & Rule.quota(int(pop * rng.uniform(0.4, 0.7)) + 1, "pop")
        verdicts.append(check_weightedness(actors, rule, "composed"))
        brute = Brute(actors, rule)
        assert nakamura_number(actors, rule) == (None if brute.vetoes() else brute.nakamura())
        relation = desirability(actors, rule).relation
        assert all(relation[i, j] == brute.at_least(i, j) for i in range(n) for j in range(n))
    assert 5 <= verdicts.count(False) <= 35  # both verdicts are exercised


@by_kind
@SETTINGS
@given(st.data())
def test_minimum_sum_weights_against_brute_force(kind: str, data: st.DataObject) -> None:
    game = data.draw(games(kind, max_n=5), label="game")
    actors, rule, _ = game
    result = is_weighted(actors, rule)
    if not result.weighted:
        return
    brute = Brute(actors, rule)
    total = int(result.weights.sum())
    n = actors.n
    vectors = all_vectors(n, total + 1) if (total + 1) ** n <= 2_000_000 else None
    if vectors is None:  # pragma: no cover - the random games here stay small
        return
    smaller = vectors[vectors.sum(axis=1) < total]
    assert not representable(brute, smaller).any()
    same = vectors[vectors.sum(axis=1) == total]
    assert representable(brute, same).any()


@by_kind
@SETTINGS
@given(st.data())
def test_nakamura_matches_brute_force(kind: str, data: st.DataObject) -> None:
    game = data.draw(games(kind), label="game")
    actors, rule, _ = game
    brute = Brute(actors, rule)
    expected = None if brute.vetoes() else brute.nakamura()
    event(f"nakamura={expected}")
    assert nakamura_number(actors, rule) == expected
    if expected is not None:
        assert expected == 2 or brute.proper
        assert expected >= 3 or not brute.proper


@pytest.mark.parametrize("kind", SINGLE)
@SETTINGS
@given(st.data())
def test_weighted_quota_paths_agree_with_enumeration(kind: str, data: st.DataObject) -> None:
    """A single quota analysed by subset sums equals the same game composed with a rule that
    every non-empty coalition passes (which forces enumeration)."""
    actors, rule, kind = data.draw(games(kind, max_n=7), label="game")
    composed = rule & Rule.count(1)
    a, b = game_properties(actors, rule), game_properties(actors, composed)
    assert (a.method, b.method) == ("subset_sum", "enumeration")
    assert a.to_dict() == b.to_dict()
    np.testing.assert_array_equal(desirability(actors, rule).relation,
                                  desirability(actors, composed).relation)
    assert desirability(actors, rule).classes == desirability(actors, composed).classes
    assert nakamura_number(actors, rule) == nakamura_number(actors, composed)
    wa, wb = is_weighted(actors, rule), is_weighted(actors, composed)
    np.testing.assert_array_equal(wa.weights, wb.weights)
    assert wa.quota == wb.quota


# --------------------------------------------------------------------------- published facts


EEC = ("France", "Germany", "Italy", "Belgium", "Netherlands", "Luxembourg")


def eec_1958() -> tuple[ActorSet, Rule]:
    """Council of the EEC, 1958: 4, 4, 4, 2, 2, 1 votes; a qualified majority is 12 of 17."""
    return ActorSet(EEC, {"votes": [4, 4, 4, 2, 2, 1]}), Rule.quota(12, "votes")


def test_eec_1958_council() -> None:
    actors, rule = eec_1958()
    props = game_properties(actors, rule)
    assert props.dummies == ("Luxembourg",)  # the classic example of a powerless member
    assert props.vetoes == ()
    assert props.proper and not props.strong and not props.decisive  # 12 > 17 / 2
    assert props.weighted and props.homogeneous
    w = is_weighted(actors, rule)
    assert w.weights.tolist() == [2, 2, 2, 1, 1, 0] and w.quota == 6 and w.minimum_sum
    d = desirability(actors, rule)
    assert d.complete
    assert d.classes == (EEC[:3], EEC[3:5], EEC[5:])
    # every winning coalition holds two of the three large members: four coalitions are needed
    assert nakamura_number(actors, rule) == 4
    power = foedus.power_indices(actors, rule, index="swings")
    assert power.counts[-1] == 0


def test_un_security_council() -> None:
    unsc = un_security_council()
    rule = Rule.un_security_council()
    permanent = ("China", "France", "Russia", "United Kingdom", "United States")
    props = game_properties(unsc, rule)
    assert props.vetoes == permanent == veto_players(unsc, rule)
    assert props.dummies == ()
    assert props.proper and not props.strong and props.weighted
    assert nakamura_number(unsc, rule) is None  # a veto player: no finite Nakamura number
    w = is_weighted(unsc, rule)
    # the textbook representation: 7 per permanent member, 1 per elected member, quota 39
    expected = [7 if name in permanent else 1 for name in unsc.names]
    assert w.weighted and w.weights.tolist() == expected and w.quota == 39
    d = desirability(unsc, rule)
    assert d.complete and d.classes[0] == permanent and len(d.classes) == 2


def test_two_pairs_are_not_weighted() -> None:
    """Minimal winning coalitions {A, B} and {C, D}: trading B and C makes both lose."""
    actors = ActorSet(["A", "B", "C", "D"])
    rule = Rule.veto(["A", "B"]) | Rule.veto(["C", "D"])
    w = is_weighted(actors, rule)
    assert not w.weighted and w.weights is None and w.quota is None
    assert len(w.certificate) == 2
    assert sorted(w.certificate.winning) == [("A", "B"), ("C", "D")]
    assert "not weighted" in w.explanation and "TradingTransform(k=2" in repr(w)
    props = game_properties(actors, rule)
    assert not props.weighted and props.homogeneous is False
    assert props.proper is False  # {A, B} and {C, D} are disjoint winning coalitions
    assert nakamura_number(actors, rule) == 2
    d = desirability(actors, rule)
    assert not d.complete and not d.at_least("A", "C") and not d.at_least("C", "A")
    with pytest.raises(ValueError, match="not weighted"):
        w.actor_set()
    with pytest.raises(ValueError, match="not weighted"):
        w.rule()


def test_canadian_amendment_formula_is_complete_but_not_weighted() -> None:
    """Seven of ten provinces with half of the population: swap robust but not trade robust
    (Taylor and Zwicker, Simple Games, 1999), here with 1961 population shares in percent."""
    shares = {"Ontario": 34, "Quebec": 29, "British Columbia": 9, "Alberta": 7, "Manitoba": 5,
              "Saskatchewan": 5, "Nova Scotia": 4, "New Brunswick": 3, "Newfoundland": 3,
              "Prince Edward Island": 1}
    actors = ActorSet(list(shares), {"population": list(shares.values())})
    rule = Rule.count(7) & Rule.share("0.5", "population")
    assert desirability(actors, rule).complete
    w = is_weighted(actors, rule)
    assert not w.weighted and w.certificate is not None
    for coalition in w.certificate.winning:
        assert rule.wins(actors, list(coalition))
    for coalition in w.certificate.losing:
        assert not rule.wins(actors, list(coalition))


def test_desirability_of_weighted_games_follows_weights() -> None:
    parl = bundestag_2021()
    seats = parl.weight("seats")
    d = desirability(parl, Rule.majority("seats"))
    assert d.complete and d.method == "subset_sum"
    for i in range(parl.n):
        for j in range(parl.n):
            if seats[i] >= seats[j]:
                assert d.relation[i, j]


def test_weighted_quota_at_any_size() -> None:
    """51 units of the US Electoral College: subset sums, no enumeration of 2^51 coalitions."""
    ec = us_electoral_college_2024()
    rule = Rule.quota(270, "electoral_votes")
    props = game_properties(ec, rule)
    assert props.method == "subset_sum"
    assert props.proper and not props.strong  # 269-269 ties
    assert props.dummies == () and props.vetoes == () and props.homogeneous is None
    votes = ec.weight("electoral_votes")
    d = desirability(ec, rule)
    assert d.complete and d.classes[0] == ("California",)
    for i in range(ec.n):
        for j in range(ec.n):
            if votes[i] == votes[j]:
                assert d.rank[i] == d.rank[j]
            elif votes[i] > votes[j]:
                assert d.rank[i] <= d.rank[j]
    w = is_weighted(ec, rule)
    assert w.weighted and not w.minimum_sum and w.quota == 270
    np.testing.assert_array_equal(w.weights, votes.astype(np.int64))
    assert "gcd" in w.explanation
    # a member count at any size: weight 1 each is a minimum-sum representation
    big = ActorSet([f"v{i}" for i in range(101)])
    c = is_weighted(big, Rule.count(51))
    assert c.minimum_sum and c.quota == 51 and set(c.weights.tolist()) == {1}
    assert nakamura_number(big, Rule.count(51)) == 3  # ceil(101 / 50)
    assert nakamura_number(big, Rule.count(101)) is None
    with pytest.raises(ValueError, match="MAX_GAME_ACTORS"):
        nakamura_number(ec, rule)


def test_dummy_and_veto_players_beyond_the_enumeration_limit() -> None:
    n = 24
    actors = ActorSet([f"p{i}" for i in range(n)], [0] + [1] * (n - 1))
    composed = Rule.quota(12) & Rule.count(1)
    assert dummy_players(actors, composed) == ("p0",) == dummy_players(actors, Rule.quota(12))
    assert veto_players(actors, composed | Rule.veto(["p1", "p2"])) == ()
    assert veto_players(actors, Rule.quota(12) & Rule.veto(["p3", "p5"])) == ("p3", "p5")
    with pytest.raises(ValueError, match="n <= 20"):
        game_properties(actors, composed)
    with pytest.raises(ValueError, match="n <= 20"):
        desirability(actors, composed)
    with pytest.raises(ValueError, match="n <= 20"):
        is_weighted(actors, composed)
    with pytest.raises(ValueError, match="n <= 20"):
        nakamura_number(actors, composed)


def test_large_weights_beyond_the_subset_sum_limit() -> None:
    eu = eu_council_2023()
    rule = Rule.share("0.65", "population")
    with pytest.raises(ValueError, match="MAX_SUBSET_SUM_TOTAL"):
        game_properties(eu, rule)
    with pytest.raises(ValueError, match="MAX_SUBSET_SUM_TOTAL"):
        desirability(eu, rule)
    assert veto_players(eu, rule) == ()  # needs no subset sums
    # within the total, but one subset-sum pass per distinct weight is beyond the work budget
    rng = np.random.default_rng(0)
    many = ActorSet([f"p{i}" for i in range(40)], rng.integers(1, 2_000_000, 40))
    with pytest.raises(ValueError, match="budget"):
        desirability(many, Rule.majority())
    assert game_properties(many, Rule.majority()).method == "subset_sum"
    # at most MAX_GAME_ACTORS actors, huge weights fall back to enumeration
    small = ActorSet(eu.names[:MAX_GAME_ACTORS], {"population": eu.weight("population")[:20]})
    props = game_properties(small, rule)
    assert props.method == "enumeration" and props.weighted


# --------------------------------------------------------------------------- inverse problem


def test_jagiellonian_compromise_eu27() -> None:
    eu = eu_council_2023()
    jc = jagiellonian_compromise(eu)
    assert isinstance(jc, WeightFit) and jc.method == "jagiellonian" and jc.index == "banzhaf"
    pop = eu.weight("population")
    target = np.sqrt(pop) / np.sqrt(pop).sum()
    # the closed form: q* = (1 + sqrt(sum p) / sum sqrt(p)) / 2, about 61.6% for the EU-27
    assert 0.60 <= jc.relative_quota <= 0.63
    assert jc.relative_quota == pytest.approx(0.5 * (1 + math.sqrt(pop.sum()) /
                                                     np.sqrt(pop).sum()), abs=1e-12)
    np.testing.assert_allclose(jc.target, target, atol=1e-15)
    np.testing.assert_allclose(jc.weights, target, atol=1e-5)  # rounded to 1/100000
    assert jc.max_abs_error <= 0.01
    assert jc.quota == math.ceil(jc.relative_quota * int(jc.integer_weights.sum()))
    # the achieved index is the game's Banzhaf index
    again = foedus.power_indices(jc.actor_set(), jc.rule(), index="banzhaf").values
    np.testing.assert_array_equal(jc.achieved, again)
    assert jc.max_abs_error == pytest.approx(np.abs(again - target).max(), abs=1e-15)
    assert jc.l2_error == pytest.approx(np.linalg.norm(again - target), abs=1e-15)
    assert jc.iterations == 0 and jc.converged is None
    assert jc.names == eu.names


def test_penrose_square_root() -> None:
    eu = eu_council_2023()
    pr = penrose_square_root(eu)
    assert pr.method == "penrose" and 0.6 < pr.relative_quota < 0.65
    assert pr.max_abs_error <= 0.005  # the searched quota fits at least as well as 0.01
    fixed = penrose_square_root(eu.weight("population"), names=eu.names, quota=0.5)
    assert fixed.relative_quota == 0.5 and fixed.names == eu.names
    total = int(fixed.integer_weights.sum())
    assert fixed.quota == math.ceil(total / 2)
    np.testing.assert_array_equal(fixed.target, pr.target)
    by_dict = penrose_square_root(dict(zip(eu.names, eu.weight("population"), strict=True)),
                                  quota=0.5)
    np.testing.assert_array_equal(by_dict.integer_weights, fixed.integer_weights)
    assert penrose_square_root([4, 1, 1], quota=0.5).target.tolist() == [0.5, 0.25, 0.25]


def test_fit_weights_reproduces_a_weighted_game() -> None:
    actors = ActorSet(["A", "B", "C", "D", "E"], [6, 5, 3, 2, 1])
    for index in ("banzhaf", "shapley_shubik"):
        target = foedus.power_indices(actors, Rule.quota(10), index=index).values
        fit = fit_weights(target, index, names=actors.names, resolution=1000)
        assert fit.max_abs_error <= 1e-4 and fit.converged
        achieved = foedus.power_indices(fit.actor_set(), fit.rule(), index=index).values
        np.testing.assert_array_equal(fit.achieved, achieved)
        np.testing.assert_allclose(fit.achieved, target, atol=1e-4)


def test_fit_weights_eu_population() -> None:
    eu = eu_council_2023()
    pop = eu.weight("population")
    fit = fit_weights(dict(zip(eu.names, pop, strict=True)))
    assert fit.names == eu.names and fit.max_abs_error <= 1e-3
    np.testing.assert_allclose(fit.target, pop / pop.sum())
    fixed = fit_weights(pop, quota=0.65, tol=0.0, max_iter=5)
    assert fixed.relative_quota == 0.65 and fixed.iterations <= 5 and fixed.converged is False
    assert fixed.quota == math.ceil(Fraction(13, 20) * int(fixed.integer_weights.sum()))
    # a float share is read as the decimal it prints as: 0.65 of 1000 is 650, not 651
    even = fit_weights([1, 1, 1, 1], quota=0.65, resolution=1000, max_iter=1)
    assert int(even.integer_weights.sum()) == 1000 and even.quota == 650


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 20), min_size=1, max_size=7).filter(lambda v: sum(v) > 0),
       st.sampled_from(["banzhaf", "shapley_shubik"]), st.sampled_from(["max_abs", "l2"]),
       st.one_of(st.none(), st.sampled_from([0.5, 0.6, 0.75])))
def test_fit_weights_reports_its_own_game(values: list[int], index: str, objective: str,
                                          quota: float | None) -> None:
    fit = fit_weights(values, index, objective=objective, quota=quota, resolution=500,
                      max_iter=30)
    target = np.array(values, dtype=float) / sum(values)
    np.testing.assert_allclose(fit.target, target)
    achieved = foedus.power_indices(fit.actor_set(), fit.rule(), index=index).values
    np.testing.assert_array_equal(fit.achieved, achieved)
    diff = achieved - target
    assert fit.max_abs_error == pytest.approx(np.abs(diff).max(), abs=1e-15)
    assert fit.l2_error == pytest.approx(np.sqrt(diff @ diff), abs=1e-15)
    pos = target > 0
    assert fit.max_relative_error == pytest.approx(np.max(np.abs(diff[pos]) / target[pos]))
    assert np.all(fit.integer_weights[~pos] == 0)  # zero target, zero weight
    assert np.all(fit.integer_weights[pos] >= 1)
    total = int(fit.integer_weights.sum())
    np.testing.assert_allclose(fit.weights, fit.integer_weights / total)
    assert 1 <= fit.quota <= total and 1 <= fit.iterations <= 30
    if quota is None:
        assert 2 * fit.quota > total  # a fitted quota keeps the game proper
        assert fit.relative_quota == fit.quota / total
    else:
        assert fit.relative_quota == quota
        assert fit.quota == math.ceil(Fraction(str(quota)) * total)
    assert fit.converged == (fit.max_abs_error <= 1e-4 if objective == "max_abs"
                             else fit.l2_error <= 1e-4)


# --------------------------------------------------------------------------- results


def test_result_objects() -> None:
    actors, rule = eec_1958()
    props = game_properties(actors, rule)
    assert "Luxembourg" in repr(props) and "homogeneous  True" in repr(props)
    assert "<table>" in props._repr_html_()
    d = desirability(actors, rule)
    with pytest.raises(ValueError, match="read-only"):
        d.relation[0, 0] = False
    with pytest.raises(ValueError, match="read-only"):
        d.rank[0] = 3
    assert d.at_least("France", "Luxembourg") and d.strictly(0, 5) and not d.strictly(0, 1)
    with pytest.raises(ValueError, match="unknown actor"):
        d.at_least("Spain", "France")
    assert "0: France, Germany, Italy" in repr(d) and "<table>" in d._repr_html_()
    w = is_weighted(actors, rule)
    with pytest.raises(ValueError, match="read-only"):
        w.weights[0] = 9
    assert "minimum_sum=True" in repr(w) and "<pre>" in w._repr_html_()
    jc = jagiellonian_compromise([9, 4, 1], names=["x", "y", "z"], resolution=1000)
    for arr in (jc.target, jc.weights, jc.integer_weights, jc.achieved):
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0
    assert "WeightFit(method='jagiellonian'" in repr(jc) and "<table>" in jc._repr_html_()
    pytest.importorskip("pandas")
    assert props.to_frame().loc["dummies", "value"] == ("Luxembourg",)
    frame = d.to_frame()
    assert frame.shape == (6, 6) and bool(frame.loc["France", "Luxembourg"])
    assert w.to_frame()["weight"].tolist() == [2, 2, 2, 1, 1, 0]
    jf = jc.to_frame()
    assert list(jf.columns) == ["target", "weight", "integer_weight", "achieved", "error"]
    assert jf.index.tolist() == ["x", "y", "z"]


# --------------------------------------------------------------------------- bad input


def test_bad_game_arguments() -> None:
    actors, rule = eec_1958()
    for f in (game_properties, dummy_players, veto_players, desirability, is_weighted,
              nakamura_number):
        with pytest.raises(TypeError, match="actors"):
            f([4, 4, 4], rule)
        with pytest.raises(TypeError, match="rule"):
            f(actors, "majority")
        with pytest.raises(ValueError, match="q: quota"):
            f(actors, Rule.quota(18, "votes"))  # above the total: no coalition could win
        with pytest.raises(ValueError, match="unknown actor"):
            f(actors, Rule.veto(["Spain"]))


def test_bad_targets() -> None:
    with pytest.raises(ValueError, match="target: value 1 is nan"):
        fit_weights([0.5, float("nan"), 0.5])
    with pytest.raises(ValueError, match="target: value 0 is inf"):
        fit_weights([float("inf"), 0.5])
    with pytest.raises(ValueError, match="target: value 2 is -0.1; values must be non-neg"):
        fit_weights([0.6, 0.5, -0.1])
    with pytest.raises(ValueError, match="sum to 0"):
        fit_weights([0, 0, 0])
    with pytest.raises(ValueError, match="1-D"):
        fit_weights([[0.5, 0.5]])
    with pytest.raises(ValueError, match="1-D"):
        fit_weights([])
    with pytest.raises(TypeError, match="target: expected numbers"):
        fit_weights(["a", "b"])
    with pytest.raises(TypeError, match="target: expected numbers"):
        fit_weights([True, False])
    with pytest.raises(ValueError, match="index"):
        fit_weights([0.5, 0.5], "johnston")
    with pytest.raises(TypeError, match="index"):
        fit_weights([0.5, 0.5], 3)
    with pytest.raises(ValueError, match="quota"):
        fit_weights([0.5, 0.5], quota=1.5)
    with pytest.raises(ValueError, match="quota"):
        fit_weights([0.5, 0.5], quota=0)
    with pytest.raises(TypeError, match="quota"):
        fit_weights([0.5, 0.5], quota="0.6")
    with pytest.raises(ValueError, match="objective"):
        fit_weights([0.5, 0.5], objective="l1")
    with pytest.raises(ValueError, match="resolution"):
        fit_weights([0.5, 0.5], resolution=10)
    with pytest.raises(TypeError, match="resolution"):
        fit_weights([0.5, 0.5], resolution=1e5)
    with pytest.raises(ValueError, match="max_iter"):
        fit_weights([0.5, 0.5], max_iter=0)
    with pytest.raises(TypeError, match="patience"):
        fit_weights([0.5, 0.5], patience=2.5)
    with pytest.raises(ValueError, match="tol"):
        fit_weights([0.5, 0.5], tol=-1)
    with pytest.raises(ValueError, match="names: 3 names for 2"):
        fit_weights([0.5, 0.5], names=["a", "b", "c"])
    with pytest.raises(ValueError, match="unique"):
        fit_weights([0.5, 0.5], names=["a", "a"])
    with pytest.raises(TypeError, match="names"):
        fit_weights({"a": 0.5, "b": 0.5}, names=["a", "b"])
    # a target that does not sum to 1 is normalised (documented)
    fit = fit_weights([2, 1, 1], resolution=400, max_iter=3)
    np.testing.assert_allclose(fit.target, [0.5, 0.25, 0.25])


def test_bad_populations() -> None:
    eu = eu_council_2023()
    with pytest.raises(ValueError, match="population: value 1 is -5"):
        jagiellonian_compromise([10, -5, 3])
    with pytest.raises(ValueError, match="population"):
        penrose_square_root([1.0, float("nan")])
    with pytest.raises(TypeError, match="names"):
        jagiellonian_compromise(eu, names=eu.names)
    with pytest.raises(TypeError, match="weight"):
        penrose_square_root([1, 2, 3], weight="population")
    with pytest.raises(ValueError, match="unknown weight criterion"):
        jagiellonian_compromise(eu, weight="gdp")
    with pytest.raises(ValueError, match="quota"):
        penrose_square_root([1, 2, 3], quota=2)
    with pytest.raises(ValueError, match="resolution"):
        jagiellonian_compromise([1, 2, 3], resolution=10**9)
    # an ActorSet's members criterion: equal weights
    members = jagiellonian_compromise(eu, weight="members")
    assert np.all(members.integer_weights == members.integer_weights[0])
