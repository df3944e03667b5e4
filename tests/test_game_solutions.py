"""Core, least core, nucleolus, structured values, compromise values and game properties:
against brute force (permutations, full LPs written here from scratch) for small n, and against
coopgame-py 0.3.0 on every object both compute, to 1e-9."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.optimize import linprog

from foedus import (
    ActorSet,
    Game,
    Partition,
    aumann_dreze_value,
    balancedness,
    burden_sharing,
    compare_allocations,
    cooperative_properties,
    core_check,
    gately_point,
    is_convex,
    is_monotone,
    is_superadditive,
    kernel_point,
    kernel_violation,
    least_core,
    myerson_value,
    nucleolus,
    owen_value,
    prekernel_point,
    prenucleolus,
    shapley_in_core,
    shapley_value,
    superadditivity_violation,
    surpluses,
    tau_value,
)
from foedus.game import coalition_sizes

TOL = 1e-9


def random_game(seed: int, n: int, kind: int) -> Game:
    rng = np.random.default_rng(seed)
    sizes = coalition_sizes(np.arange(2**n)).astype(float)
    if kind == 0:  # continuous values
        v = rng.random(2**n) * sizes**1.3
    elif kind == 1:  # integer values: ties and degenerate levels
        v = np.round(rng.random(2**n) * sizes * 2)
    else:  # a weighted majority game with noise
        w = rng.integers(1, 10, n)
        W = (((np.arange(2**n)[:, None] >> np.arange(n)) & 1) * w).sum(axis=1)
        v = (2 * W > w.sum()) * 10.0 + rng.random(2**n) * sizes * 0.1
    v[0] = 0.0
    return Game(v)


CASES = [(seed, n, kind) for seed, (n, kind) in enumerate(
    itertools.product(range(2, 9), range(3)))]


def _coop():
    return pytest.importorskip("coopgame")


def _ref(game: Game):
    return _coop().Game(game.values[1:].tolist())


def _blocks(seed: int, n: int) -> list[list[int]]:
    rng = np.random.default_rng(seed + 100)
    perm = rng.permutation(n)
    cuts = sorted(rng.choice(np.arange(1, n), size=min(n - 1, 2), replace=False)) if n > 1 \
        else []
    return [sorted(int(i) for i in b) for b in np.split(perm, cuts)]


def _edges(seed: int, n: int) -> list[tuple[int, int]]:
    rng = np.random.default_rng(seed + 200)
    return [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.5]


# ---- brute force references -----------------------------------------------------------------
def brute_owen(v: np.ndarray, n: int, blocks: list[list[int]]) -> np.ndarray:
    """Average marginal contributions over the orders that keep every union together."""
    phi, count = np.zeros(n), 0
    for union_order in itertools.permutations(blocks):
        for inner in itertools.product(*(itertools.permutations(b) for b in union_order)):
            mask = 0
            for i in itertools.chain(*inner):
                phi[i] += v[mask | 1 << i] - v[mask]
                mask |= 1 << i
            count += 1
    return phi / count


def brute_shapley(v: np.ndarray, n: int) -> np.ndarray:
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            phi[i] += v[mask | 1 << i] - v[mask]
            mask |= 1 << i
    return phi / math.factorial(n)


def brute_graph_game(v: np.ndarray, n: int, edges: list[tuple[int, int]]) -> np.ndarray:
    out = np.zeros(2**n)
    for S in range(2**n):
        left = {i for i in range(n) if (S >> i) & 1}
        while left:
            stack, comp = [left.pop()], set()
            while stack:
                i = stack.pop()
                comp.add(i)
                for a, b in edges:
                    for x, y in ((a, b), (b, a)):
                        if x == i and y in left:
                            left.discard(y)
                            stack.append(y)
            out[S] += v[sum(1 << i for i in comp)]
    return out


def full_lp_epsilon(game: Game, domain: str) -> float:
    """The least-core epsilon from one LP over every coalition (no constraint generation)."""
    n = game.n
    masks = np.arange(1, 2**n - 1)
    A = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    singles = game.values[1 << np.arange(n)]
    bounds = [(s, None) for s in singles] if domain == "imputation" else [(None, None)] * n
    res = linprog(np.r_[np.zeros(n), 1.0], A_ub=np.hstack([-A, -np.ones((len(masks), 1))]),
                  b_ub=-game.values[masks], A_eq=np.r_[np.ones(n), 0.0][None, :],
                  b_eq=[game.grand], bounds=bounds + [(None, None)], method="highs")
    return float(res.x[n])


def sorted_excesses(game: Game, x: np.ndarray) -> np.ndarray:
    n = game.n
    masks = np.arange(1, 2**n - 1)
    xs = (((masks[:, None] >> np.arange(n)) & 1) * x).sum(axis=1)
    return np.sort(game.values[masks] - xs)[::-1]


# ---- tests ------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed,n,kind", CASES)
def test_nucleolus_and_least_core(seed: int, n: int, kind: int) -> None:
    game = random_game(seed, n, kind)
    coop = _coop()
    for domain in ("imputation", "preimputation"):
        singles = game.values[1 << np.arange(n)]
        if domain == "imputation" and singles.sum() > game.grand:
            with pytest.raises(ValueError, match="imputation set is empty"):
                nucleolus(game, domain=domain)
            continue
        x = nucleolus(game, domain=domain)
        ref = coop.nucleolus(_ref(game), domain=domain)
        assert x.values == pytest.approx(ref["allocation"], abs=TOL)
        lc = least_core(game, domain=domain)
        assert lc.epsilon == pytest.approx(coop.least_core(_ref(game), domain=domain)["epsilon"],
                                           abs=TOL)
        assert lc.epsilon == pytest.approx(full_lp_epsilon(game, domain), abs=1e-8)
        # lexicographic minimality against random efficient perturbations (in the domain)
        rng = np.random.default_rng(seed)
        ex = sorted_excesses(game, x.values)
        for _ in range(20):
            d = rng.normal(size=n) * 0.01
            y = x.values + d - d.mean()
            if domain == "imputation" and np.any(y < singles - 1e-12):
                continue
            ey = sorted_excesses(game, y)
            diff = np.flatnonzero(np.abs(ey - ex) > 1e-9)
            assert diff.size == 0 or ey[diff[0]] > ex[diff[0]]


@pytest.mark.parametrize("seed,n,kind", CASES)
def test_structured_and_compromise_values(seed: int, n: int, kind: int) -> None:
    game = random_game(seed, n, kind)
    coop = _coop()
    ref = _ref(game)
    blocks = _blocks(seed, n)
    edges = _edges(seed, n)
    owen = owen_value(game, blocks).values
    assert owen == pytest.approx(coop.owen(ref, blocks), abs=TOL)
    assert owen == pytest.approx(brute_owen(game.values, n, blocks), abs=TOL)
    ad = aumann_dreze_value(game, Partition(blocks)).values
    assert ad == pytest.approx(coop.aumann_dreze(ref, blocks), abs=TOL)
    my = myerson_value(game, edges).values
    assert my == pytest.approx(coop.myerson(ref, edges), abs=TOL)
    assert my == pytest.approx(brute_shapley(brute_graph_game(game.values, n, edges), n),
                               abs=TOL)
    for ours, theirs in ((tau_value, coop.tau_value), (gately_point, coop.gately_point)):
        try:
            want = theirs(ref)
        except ValueError:
            with pytest.raises(ValueError):
                ours(game)
            continue
        assert ours(game).values == pytest.approx(want, abs=TOL)
    # kernel points: the prekernel equalities s_ij = s_ji hold on ours and on coopgame's
    scale = max(1.0, float(np.max(np.abs(game.values))))
    pk = prekernel_point(game)
    s = surpluses(game, pk)
    assert np.max(np.abs(s - s.T)) <= TOL * scale
    theirs = coop.kernel_point(ref, domain="preimputation")["allocation"]
    s = surpluses(game, theirs)
    assert np.max(np.abs(s - s.T)) <= TOL * scale
    assert pk.values == pytest.approx(prenucleolus(game).values, abs=TOL)


def test_surpluses_by_definition() -> None:
    game = random_game(3, 5, 0)
    x = np.random.default_rng(1).random(5)
    s = surpluses(game, x)
    for i in range(5):
        for j in range(5):
            if i == j:
                continue
            best = max(game.values[S] - sum(x[k] for k in range(5) if (S >> k) & 1)
                       for S in range(32) if (S >> i) & 1 and not (S >> j) & 1)
            assert s[i, j] == pytest.approx(best)


def test_core_membership_and_balancedness() -> None:
    glove = Game([0, 0, 0, 0, 0, 1, 1, 1], players=["L1", "L2", "R"])  # two left, one right
    assert core_check(glove, [0, 0, 1]).in_core
    bad = core_check(glove, [0.5, 0, 0.5])
    assert not bad.in_core and bad.violations[0] == (("L2", "R"), 0.5)
    b = balancedness(glove)
    assert b.balanced and b.value == pytest.approx(1.0)
    maj = Game([0, 0, 0, 1, 0, 1, 1, 1])
    b = balancedness(maj)
    assert not b.balanced and b.value == pytest.approx(1.5)
    # the certificate: the pairs with weight 1/2 each, a balanced collection
    assert sorted(b.weights.values()) == pytest.approx([0.5, 0.5, 0.5])
    assert not core_check(maj, [1 / 3] * 3).in_core
    with pytest.raises(ValueError, match="x"):
        core_check(maj, [1, 2])


@pytest.mark.parametrize("seed,n,kind", CASES[::2])
def test_balancedness_is_core_non_emptiness(seed: int, n: int, kind: int) -> None:
    game = random_game(seed, n, kind)
    b = balancedness(game)
    eps = full_lp_epsilon(game, "preimputation")
    assert b.balanced == (eps <= 1e-9 * max(1.0, np.max(np.abs(game.values))))
    if b.balanced:
        assert core_check(game, least_core(game).allocation).in_core


@pytest.mark.parametrize("seed,n,kind", CASES[::2])
def test_properties_against_brute_force(seed: int, n: int, kind: int) -> None:
    game = random_game(seed, n, kind)
    v = game.values
    pairs = [(S, T) for S in range(2**n) for T in range(2**n)]
    mono = all(v[S] <= v[T] + 1e-12 for S, T in pairs if S & T == S)
    sup = all(v[S | T] >= v[S] + v[T] - 1e-12 for S, T in pairs if S & T == 0)
    conv = all(v[S | T] + v[S & T] >= v[S] + v[T] - 1e-12 for S, T in pairs)
    assert is_monotone(game) == mono
    assert is_superadditive(game) == sup
    assert is_convex(game) == conv
    if not sup:
        t, u = superadditivity_violation(game)
        S, T = game.mask(t), game.mask(u)
        assert v[S | T] < v[S] + v[T]
    props = cooperative_properties(game)
    assert props.convex == conv and props.superadditive == sup
    if conv:  # convex games: the Shapley value lies in the core
        assert shapley_in_core(game).in_core


def test_convex_game_has_shapley_in_core() -> None:
    game = Game.from_function(lambda m: coalition_sizes(m) ** 2.0, 6)
    assert is_convex(game) and shapley_in_core(game).in_core
    assert kernel_violation(game, kernel_point(game)) < 1e-9


def test_myerson_uses_actor_ties_and_checks_input() -> None:
    ties = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    actors = ActorSet(["A", "B", "C"], [1, 1, 1], ties=ties)
    game = Game([0, 0, 0, 1, 0, 1, 1, 1], players=["A", "B", "C"])
    x = myerson_value(game, actors).values
    # a line A - B - C: B is needed by every winning connected coalition
    assert x == pytest.approx(myerson_value(game, [("A", "B"), ("B", "C")]).values)
    assert x[1] > x[0] == pytest.approx(x[2])
    with pytest.raises(ValueError, match="ties"):
        myerson_value(game, ActorSet(["A", "B", "C"], [1, 1, 1]))
    with pytest.raises(ValueError, match="cover"):
        owen_value(game, [[0, 1]])


def test_allocations_and_burden_sharing() -> None:
    parl = ActorSet(["A", "B", "C", "D"], [40, 30, 20, 10])
    from foedus import Rule
    game = Game.from_rule(parl, Rule.majority())
    table = compare_allocations(game, parl, coalition=["A", "B"])
    frame = table.to_frame()
    assert list(frame.index) == ["A", "B"]
    assert frame.loc["A", "gamson"] == pytest.approx(40 / 70)
    assert frame.loc["A", "equal"] == pytest.approx(0.5)
    assert "nucleolus" in frame.columns and "shapley" in frame.columns
    c = np.array([300.0, 60, 30, 10, 2])
    b = np.array([2000.0, 600, 500, 300, 100])
    res = burden_sharing(c, b, ["A", "B", "C", "D", "E"])
    assert res.cost_share.sum() == pytest.approx(1) and res.benefit_share.sum() == pytest.approx(1)
    # the closed form of the public-good game's Shapley value against the kernel
    masks = np.arange(32)
    inside = ((masks[:, None] >> np.arange(5)) & 1).astype(float)
    pg = Game((inside @ b) * (inside @ c) / c.sum())
    phi = shapley_value(pg).values
    assert res.shapley_share == pytest.approx(phi / phi.sum(), rel=1e-12)
    assert res.olson_zeckhauser["spearman"] == pytest.approx(1.0)
    assert res.olson_zeckhauser["spearman_p"] < 0.05
    with pytest.raises(ValueError, match="benefits"):
        burden_sharing([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="contributions"):
        burden_sharing([1, -2], [1, 2])


def test_burden_sharing_on_cow_data() -> None:
    """NATO 1985 from the bundled COW capabilities: the Olson-Zeckhauser statistic against a
    rank correlation computed here from the ranks."""
    from scipy.stats import rankdata

    from foedus.datasets import cow_capabilities
    nmc = cow_capabilities()
    nato = [2, 20, 200, 210, 211, 212, 220, 230, 235, 260, 325, 350, 385, 390, 395, 640]
    rows = [int(np.flatnonzero((nmc["ccode"] == c) & (nmc["year"] == 1985))[0]) for c in nato]
    milex, pec = nmc["milex"][rows], nmc["pec"][rows]
    res = burden_sharing(milex, pec, nmc["stateabb"][rows])
    burden = milex / pec
    r1, r2 = rankdata(pec), rankdata(burden)
    rho = np.corrcoef(r1, r2)[0, 1]
    assert res.olson_zeckhauser["spearman"] == pytest.approx(rho, rel=1e-12)
    assert res.players[int(np.argmax(res.cost_share))] == "USA"
    assert res.free_riding[res.players.index("USA")] < 0


@pytest.mark.parametrize("scale", [1e-12, 1e-6, 1e6, 1e12])
def test_results_do_not_depend_on_the_scale(scale: float) -> None:
    for seed, n, kind in CASES[::3]:
        game = random_game(seed, n, kind)
        big = Game(game.values * scale)
        for domain in ("imputation", "preimputation"):
            try:
                want = nucleolus(game, domain=domain).values
            except ValueError:
                with pytest.raises(ValueError):
                    nucleolus(big, domain=domain)
                continue
            assert nucleolus(big, domain=domain).values == pytest.approx(want * scale,
                                                                         rel=1e-7, abs=1e-9 *
                                                                         scale)
        assert balancedness(big).balanced == balancedness(game).balanced
        assert cooperative_properties(big) == cooperative_properties(game)
        x = least_core(game).allocation.values
        assert core_check(big, x * scale).in_core == core_check(game, x).in_core


def test_small_differences_next_to_large_values_count() -> None:
    g = Game([0, 200, 0, 100, 0, 200, 0, 1e12])
    assert not is_superadditive(g)
    check = core_check(g, [100, 1e12 - 101, 1])
    assert not check.in_core and (("p0",), 100.0) in check.violations


def test_one_player_and_bad_input() -> None:
    one = Game([0, 5.0])
    assert balancedness(one).balanced and nucleolus(one).values.tolist() == [5.0]
    assert prenucleolus(one).method == "prenucleolus"
    assert np.isnan(least_core(one).epsilon)
    assert cooperative_properties(one).balanced
    with pytest.raises(TypeError, match="values"):
        Game(["0", "1"])
    with pytest.raises(TypeError, match="players"):
        Game([0, 1, 1, 2], players="ab")
    with pytest.raises(ValueError, match="chunk"):
        Game.from_function(lambda m: m * 1.0, 3, chunk=0)
    g = Game([0, 1, 1, 3], players=["A", "B"])
    with pytest.raises(ValueError, match="edge"):
        myerson_value(g, [(0, 1, 1)])
    assert myerson_value(g, [("A", "B"), ("B", "A")]).values == pytest.approx([1.5, 1.5])
    with pytest.raises(ValueError, match="x"):
        surpluses(g, [np.nan, 1.0])


def test_gately_with_zero_gains_follows_coopgame() -> None:
    coop = _coop()
    # player 0 adds nothing to the others (v(N) - v(N - 0) - v(0) = 0), the others do
    g = Game([0, 0, 0, 2, 0, 3, 6, 6])
    want = coop.gately_point(_ref(g))
    assert gately_point(g).values == pytest.approx(want, abs=TOL)
