"""Rules: exact quota semantics, composition, institutions, improper games, bad input."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

import foedus
from foedus import ActorSet, ImproperGameWarning, Rule
from foedus.datasets import eu_council_2023, un_security_council


def test_majority_is_strict() -> None:
    a = ActorSet(["A", "B", "C"], [368, 1, 367])  # 736 seats
    rule = Rule.majority()
    assert not rule.wins(a, ["A"])  # 368 of 736 loses
    assert rule.wins(a, ["A", "B"])  # 369 wins
    assert foedus.count_coalitions(a, rule, winning=True) == 4 - 1 + 0  # AB, AC, ABC
    assert foedus.count_coalitions(a, rule, winning=True) == 3


def test_share_is_exact_where_a_float_product_is_not() -> None:
    # 0.07 * 100 == 7.000000000000001 in floating point; the rule must let 7 of 100 win.
    assert 0.07 * 100 > 7
    a = ActorSet(["A", "B"], [7, 93])
    assert Rule.share(0.07).wins(a, ["A"])
    assert Rule.share("0.07").wins(a, ["A"])
    assert not Rule.share(Fraction(71, 1000)).wins(a, ["A"])
    b = ActorSet(["A", "B", "C"], [200, 99, 1])
    assert Rule.share(Fraction(2, 3)).wins(b, ["A"]) and not Rule.share("0.67").wins(b, ["A"])


def test_decimal_weights_are_exact() -> None:
    a = ActorSet(["A", "B", "C"], [0.1, 0.2, 0.3])
    assert 0.1 + 0.2 != 0.3
    assert Rule.quota(0.3).wins(a, ["A", "B"])  # 0.1 + 0.2 >= 0.3 exactly
    t = foedus.enumerate_coalitions(a, Rule.quota(0.5), winning=True)
    row = t.find(["A", "B"])
    assert t.find(["A", "B"]) is None  # 0.3 < 0.5
    row = t.find(["B", "C"])
    assert t["surplus"][row] == 0.0 and t["weight_weight"][row] == pytest.approx(0.5)


def test_count_veto_unanimity_and_composition() -> None:
    a = ActorSet(["A", "B", "C", "D"], [4, 3, 2, 1])
    assert Rule.count(3).wins(a, [0, 1, 2]) and not Rule.count(3).wins(a, [0, 1])
    assert not Rule.veto("B").wins(a, ["A", "C", "D"])
    assert Rule.unanimity().wins(a, [0, 1, 2, 3]) and not Rule.unanimity().wins(a, [0, 1, 2])
    r = Rule.quota(6) & Rule.veto("D") | Rule.count(4)
    assert r.wins(a, ["A", "B", "C", "D"]) and not r.wins(a, ["A", "B", "C"])
    assert r.wins(a, ["A", "C", "D"])
    assert repr(Rule.quota(6, "seats") & Rule.count(2)) == (
        "Rule.quota(6, 'seats') & Rule.count(2)"
    )
    assert (Rule.count(2) & Rule.count(3)) == (Rule.count(2) & Rule.count(3))


def test_un_security_council() -> None:
    unsc = un_security_council()
    rule = Rule.un_security_council()
    # All five permanent members and at least four of the ten elected ones.
    winning = sum(math.comb(10, k) for k in range(4, 11))
    assert foedus.count_coalitions(unsc, rule, winning=True) == winning == 848
    assert foedus.count_coalitions(unsc, rule, minimal=True) == math.comb(10, 4)


def _lisbon_count_numpy(pop: np.ndarray) -> tuple[int, int]:
    """Independent vectorised count of winning and blocking coalitions under Lisbon."""
    n = len(pop)
    total = int(pop.sum())
    lo_bits = 14
    low = np.arange(1 << lo_bits, dtype=np.int64)
    bits = (low[:, None] >> np.arange(lo_bits)) & 1
    cnt_lo = bits.sum(axis=1)
    pop_lo = bits @ pop[:lo_bits].astype(np.int64)
    k = math.ceil(0.55 * n)
    assert k == 15

    def wins(cnt: np.ndarray, p: np.ndarray) -> np.ndarray:
        return ((cnt >= k) & (100 * p >= 65 * total)) | (cnt >= n - 3)

    win = blocking = 0
    for h in range(1 << (n - lo_bits)):
        hb = [(h >> j) & 1 for j in range(n - lo_bits)]
        c = cnt_lo + sum(hb)
        p = pop_lo + sum(int(pop[lo_bits + j]) for j in range(n - lo_bits) if hb[j])
        w = wins(c, p)
        if h == 0:
            w[0] = False  # the empty coalition is not listed
        win += int(w.sum())
        b = ~wins(n - c, total - p)
        if h == 0:
            b[0] = False
        blocking += int(b.sum())
    return win, blocking


def test_eu_council_lisbon_against_numpy_brute_force() -> None:
    eu = eu_council_2023()
    rule = Rule.eu_council_lisbon(population="population")
    pop = eu.weight("population").astype(np.int64)
    win, blocking = _lisbon_count_numpy(pop)
    assert foedus.count_coalitions(eu, rule, winning=True) == win
    assert foedus.count_coalitions(eu, rule, blocking=True) == blocking
    # any 4 members block (n - 3 = 24 cannot be reached without them)
    assert Rule.eu_council_lisbon().wins(eu, eu.names[:24])
    assert not Rule.eu_council_lisbon().wins(eu, eu.names[-14:])


def test_improper_rules_warn_and_proper_ones_do_not() -> None:
    a = ActorSet(["A", "B", "C"], [50, 50, 1])
    with pytest.warns(ImproperGameWarning, match="improper"):
        foedus.count_coalitions(a, Rule.quota(50), winning=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        foedus.count_coalitions(a, Rule.majority(), winning=True)
        # quota at half but no two disjoint coalitions reach it: proper
        foedus.count_coalitions(ActorSet(["A", "B"], [3, 1]), Rule.quota(2), winning=True)
    # 40 actors: decided exactly by a subset-sum over the weights, not by enumeration
    big = ActorSet([f"p{i}" for i in range(40)], np.arange(1, 41))
    with pytest.warns(ImproperGameWarning):
        foedus.count_coalitions(big, Rule.quota(100), winning=True, exclude=range(16, 40))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        foedus.count_coalitions(big, Rule.majority(), winning=True, exclude=range(16, 40))


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: Rule.quota(0), ValueError, "q: .*positive"),
        (lambda: Rule.quota(-3), ValueError, "q: .*positive"),
        (lambda: Rule.quota(float("nan")), ValueError, "q: .*finite"),
        (lambda: Rule.quota("many"), ValueError, "q: cannot read"),
        (lambda: Rule.quota(True), TypeError, "q: expected a number"),
        (lambda: Rule.share(0), ValueError, "f: .*0 < f <= 1"),
        (lambda: Rule.share(1.5), ValueError, "f: .*0 < f <= 1"),
        (lambda: Rule.count(0), ValueError, "k: .*at least 1"),
        (lambda: Rule.count(2.5), TypeError, "k: expected an integer"),
        (lambda: Rule.veto([]), ValueError, "actors: veto needs"),
    ],
)
def test_bad_rule_arguments(make, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize(
    ("rule", "match"),
    [
        (Rule.quota(11), r"q: quota 11 exceeds the total weight 10"),
        (Rule.count(5), r"k: a count rule needs 1 <= k <= n = 4"),
        (Rule.veto("Z"), "actors: unknown actor 'Z'"),
        (Rule.majority("seats"), "weight: unknown weight criterion 'seats'"),
    ],
)
def test_rules_that_do_not_fit_the_actors(rule: Rule, match: str) -> None:
    a = ActorSet(["A", "B", "C", "D"], [4, 3, 2, 1])
    with pytest.raises(ValueError, match=match):
        foedus.enumerate_coalitions(a, rule)


def test_zero_total_weight_is_an_error() -> None:
    a = ActorSet(["A", "B"], {"seats": [1, 1], "zero": [0, 0]})
    with pytest.raises(ValueError, match="total weight 0"):
        Rule.majority("zero").bind(a)


def test_member_share_and_all_but_rules_and_their_repr() -> None:
    a = ActorSet([f"m{i}" for i in range(27)])
    assert Rule.count_share("0.55").wins(a, range(15)) and not Rule.count_share(0.55).wins(
        a, range(14))  # ceil(0.55 * 27) = 15
    assert Rule.count_all_but(3).wins(a, range(24)) and not Rule.count_all_but(3).wins(
        a, range(23))
    lisbon = Rule.eu_council_lisbon("population")
    assert repr(lisbon) == ("(Rule.count_share('0.55') & Rule.share('0.65', 'population')) | "
                            "Rule.count_all_but(3)")
    assert eval(repr(lisbon), {"Rule": Rule}) == lisbon
    with pytest.raises(ValueError, match="m: the number of missing actors"):
        Rule.count_all_but(-1)
    with pytest.raises(ValueError, match="f: a share"):
        Rule.count_share(0)
