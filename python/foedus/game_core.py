"""The core and the nucleolus: membership with violated coalitions, balancedness
(Bondareva-Shapley), the least core, and the (pre)nucleolus by sequential linear programs with
constraint generation (scipy's HiGHS).

Excess of a coalition at x: e(S, x) = v(S) - x(S). The least core minimises the largest excess
over all coalitions other than the empty one and N (singletons included); the nucleolus
minimises the excesses lexicographically, largest first (Schmeidler 1969), over imputations
(``domain="imputation"``: x_i >= v(i)) or preimputations (``"preimputation"``: efficiency
only, the prenucleolus).

Each level k solves ``min t  s.t.  e(S, x) <= t`` over the coalitions still free, with the
coalitions fixed at earlier levels held at their excess. Constraints are generated: the LP
starts with the singletons and their complements, and the most violated coalitions over all
2^n are added until none is violated. A coalition is fixed at level k when its constraint has
a positive dual value in the optimal solution (then it is tight in every optimal solution), so
degenerate levels are handled correctly (Guajardo and Jornsten 2015 list the mistakes of
fixing every tight coalition instead); coalitions whose characteristic vectors lie in the span
of the fixed ones leave the problem. When the fixed vectors span R^n, x is unique and is
recomputed from those equations by least squares, accurate to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linprog

from .game import REL_TOL, Allocation, Game, subset_sums
from .game_values import _check_game, shapley_value

__all__ = ["Balancedness", "CoreCheck", "LeastCore", "balancedness", "core_check",
           "least_core", "nucleolus", "prenucleolus", "shapley_in_core"]

NUCLEOLUS_REF = "Schmeidler (1969), The nucleolus of a characteristic function game"
LEAST_CORE_REF = "Maschler, Peleg and Shapley (1979), Geometric properties of the kernel, " \
                 "nucleolus and related solution concepts"


LP_TOL = 1e-9  # on the normalised scale (max |v| = 1) of the LPs


def _normalised(game: Game) -> tuple[Game, float]:
    """The game divided by max |v| (LP tolerances are then relative), and that scale."""
    scale = float(np.max(np.abs(game.values)))
    if scale == 0:
        return game, 1.0
    return Game._trusted(game.values / scale, game.players), scale


def _indicator(masks: np.ndarray, n: int) -> np.ndarray:
    return ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)


def _excesses(game: Game, x: np.ndarray) -> np.ndarray:
    return game.values - subset_sums(x)


# ---- core -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CoreCheck:
    """Whether an allocation lies in the core, and the coalitions that block it.

    Attributes
    ----------
    in_core : bool
    efficient : bool
        x(N) = v(N) (to the tolerance).
    violations : list of (tuple of str, float)
        Blocking coalitions (v(S) > x(S)) with their excess, largest first (at most 20).
    n_violations : int
    """

    in_core: bool
    efficient: bool
    violations: list[tuple[tuple[str, ...], float]]
    n_violations: int

    @property
    def method(self) -> str:
        """The check."""
        return "core membership: every coalition's excess checked exactly"

    @property
    def reference(self) -> str:
        """The literature of the core."""
        from .references import cite

        return cite("gillies_1959")

    def __repr__(self) -> str:
        head = "in the core" if self.in_core else (
            f"not in the core ({self.n_violations} blocking coalitions"
            + ("" if self.efficient else ", not efficient") + ")")
        return f"CoreCheck({head})"


def core_check(game: Game, x: Any, *, tol: float | None = None) -> CoreCheck:
    """Core membership of an allocation, with the coalitions that block it.

    A coalition blocks when v(S) - x(S) exceeds ``tol`` (default: ``REL_TOL`` times
    |v(S)| + sum of |x_i| over S, so that the verdict does not depend on the game's scale).

    Examples
    --------
    >>> from foedus import Game, core_check
    >>> g = Game([0, 0, 0, 50, 0, 60, 70, 120], players=["A", "B", "C"])
    >>> core_check(g, [40, 40, 40])
    CoreCheck(in the core)
    >>> core_check(g, [70, 30, 20]).violations
    [(('B', 'C'), 20.0)]
    """
    game = _check_game(game)
    x = _allocation_vector(game, x)
    e = _excesses(game, x)
    e[0] = e[-1] = 0.0
    if tol is None:  # relative to the magnitudes compared
        lim = REL_TOL * (np.abs(game.values) + subset_sums(np.abs(x)))
    else:
        from ._validation import check_float
        lim = np.full(e.shape, check_float(tol, "tol", minimum=0.0))
    bad = np.flatnonzero(e > lim)
    order = bad[np.argsort(-e[bad], kind="stable")][:20]
    efficient = abs(x.sum() - game.grand) <= lim[-1]
    return CoreCheck(bool(efficient and bad.size == 0), bool(efficient),
                     [(game.members(int(m)), float(e[m])) for m in order], int(bad.size))


def _allocation_vector(game: Game, x: Any) -> np.ndarray:
    from ._validation import float_array
    arr = float_array(x.values if isinstance(x, Allocation) else x, "x")
    if arr.shape != (game.n,) or not np.all(np.isfinite(arr)):
        raise ValueError(f"x: expected {game.n} finite payoffs, got shape {arr.shape}")
    return arr


@dataclass(frozen=True)
class Balancedness:
    """The Bondareva-Shapley test: the core is non-empty iff the game is balanced.

    Attributes
    ----------
    balanced : bool
    value : float
        max of sum lambda_S v(S) over balanced collections (sum over S containing i of
        lambda_S = 1 for every i), equal to the least total payoff that no coalition blocks;
        balanced iff value <= v(N).
    weights : dict
        The balancing weights lambda_S > 0 of an optimal collection (coalition names ->
        weight): when the game is not balanced, the certificate that the core is empty.
    """

    balanced: bool
    value: float
    weights: dict[tuple[str, ...], float] = field(default_factory=dict)

    @property
    def method(self) -> str:
        """The test."""
        return "Bondareva-Shapley balancedness by linear programming"

    @property
    def reference(self) -> str:
        """The literature of the theorem."""
        from .references import cite

        return cite("bondareva_1963", "shapley_1967")


def balancedness(game: Game) -> Balancedness:
    """Balancedness by linear programming (Bondareva 1963, Shapley 1967).

    Examples
    --------
    >>> from foedus import Game, balancedness
    >>> balancedness(Game([0, 0, 0, 1, 0, 1, 1, 1])).balanced   # majority of three: no core
    False
    """
    game = _check_game(game)
    n = game.n
    if n == 1:  # no coalition but N: the core is {v(N)}
        return Balancedness(True, game.grand, {})
    original = game
    game, scale = _normalised(game)
    tol = LP_TOL
    # min sum x  s.t.  x(S) >= v(S) for every S other than the empty one and N
    pool = _initial_pool(n)
    cand = np.ones(2**n, dtype=bool)
    cand[0] = cand[-1] = False
    while True:
        A = _indicator(pool, n)
        res = linprog(np.ones(n), A_ub=-A, b_ub=-game.values[pool],
                      bounds=[(None, None)] * n, method="highs-ds")
        if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
            raise RuntimeError(f"balancedness: the LP failed ({res.message})")
        e = _excesses(game, res.x)
        e[~cand] = -np.inf
        viol = np.flatnonzero(e > tol)
        if viol.size == 0:
            break
        grown = _grow(pool, viol, e, n)
        if grown.size == pool.size:  # violated rows are in the LP already: within the
            break                    # solver's feasibility tolerance (else an endless loop)
        pool = grown
    value = float(res.fun)
    duals = -res.ineqlin.marginals
    weights = {game.members(int(m)): float(w) for m, w in zip(pool, duals, strict=True)
               if w > 1e-12}
    return Balancedness(bool(value <= game.grand + tol), value * scale
                        if original is not game else value, weights)


def _initial_pool(n: int) -> np.ndarray:
    full = 2**n - 1
    masks = {1 << i for i in range(n)} | {full ^ (1 << i) for i in range(n)}
    masks.discard(0)
    masks.discard(full)
    return np.array(sorted(masks), dtype=np.int64)


def _grow(pool: np.ndarray, viol: np.ndarray, e: np.ndarray, n: int) -> np.ndarray:
    """Adds the most violated coalitions (up to 4n; ties broken by mask)."""
    take = viol[np.lexsort((viol, -e[viol]))][:max(4 * n, 8)]
    return np.union1d(pool, take)


# ---- least core and nucleolus -----------------------------------------------------------------
@dataclass(frozen=True)
class LeastCore:
    """The least core: the smallest epsilon with x(S) >= v(S) - epsilon for every coalition
    S other than the empty one and N (and x(N) = v(N); x_i >= v(i) over imputations).

    Attributes
    ----------
    epsilon : float
        Negative when the core is non-empty with room to spare (NaN for a one-player game,
        which has no coalition to constrain).
    allocation : Allocation
        The nucleolus, the least core's central point.
    """

    epsilon: float
    allocation: Allocation

    @property
    def method(self) -> str:
        """The algorithm."""
        return "least core by linear programming with constraint generation"

    @property
    def reference(self) -> str:
        """The literature of the least core."""
        from .references import cite

        return cite("maschler_peleg_shapley_1979")


def least_core(game: Game, *, domain: str = "preimputation") -> LeastCore:
    """The least core's epsilon and its central point (the (pre)nucleolus).

    Examples
    --------
    >>> from foedus import Game, least_core
    >>> lc = least_core(Game([0, 1, 1, 2, 1, 2, 2, 4]))
    >>> round(lc.epsilon, 6)
    -0.333333
    """
    nuc = nucleolus(game, domain=domain)
    return LeastCore(nuc.extra["levels"][0], nuc)


def prenucleolus(game: Game) -> Allocation:
    """The prenucleolus (``nucleolus(game, domain="preimputation")``), always a point of the
    prekernel.

    Examples
    --------
    When the core is not empty the prenucleolus lies in it and is the nucleolus; here every
    pair's excess is -20 (e.g. v(A, B) - 30 - 40):

    >>> from foedus import Game, nucleolus, prenucleolus
    >>> prenucleolus(Game([0, 0, 0, 50, 0, 60, 70, 120])).values.round(6).tolist()
    [30.0, 40.0, 50.0]

    The two differ when the imputation bounds bind. With v(C) = 1, v(A, B) = v(N) = 4 and 0
    elsewhere, the excesses of {C} and {A, B} sum to v(C) + v(A, B) - v(N) = 1 at any x, so
    the prenucleolus sets both to 1/2 and pays C 0.5, less than the 1 C gets alone; the
    nucleolus stops at x_C = 1:

    >>> g = Game([0, 0, 0, 4, 1, 0, 0, 4], players=["A", "B", "C"])
    >>> prenucleolus(g).values.round(6).tolist(), nucleolus(g).values.round(6).tolist()
    ([1.75, 1.75, 0.5], [1.5, 1.5, 1.0])
    """
    return nucleolus(game, domain="preimputation")


def nucleolus(game: Game, *, domain: str = "imputation") -> Allocation:
    """The nucleolus by sequential LPs with constraint generation.

    Parameters
    ----------
    domain : {"imputation", "preimputation"}
        Imputations (x_i >= v(i); the nucleolus) or all efficient allocations (the
        prenucleolus).

    Returns
    -------
    Allocation
        ``extra["levels"]``: the excess of each level (the first is the least-core epsilon);
        ``extra["lp_solves"]``, ``extra["coalitions_used"]``: the LPs solved and the
        coalitions that entered them (of 2^n - 2).

    Examples
    --------
    >>> from foedus import Game, nucleolus
    >>> g = Game([0, 0, 0, 50, 0, 60, 70, 120], players=["A", "B", "C"])
    >>> nucleolus(g).values.round(6).tolist()
    [30.0, 40.0, 50.0]
    """
    game = _check_game(game)
    if not isinstance(domain, str) or domain not in ("imputation", "preimputation"):
        raise ValueError(f"domain: expected 'imputation' or 'preimputation', got {domain!r}")
    method = "nucleolus" if domain == "imputation" else "prenucleolus"
    original = game
    game, scale = _normalised(game)  # tolerances below are relative to max |v|
    n, v = game.n, game.values
    full = 2**n - 1
    tol = LP_TOL
    singles = v[1 << np.arange(n)]
    if domain == "imputation" and singles.sum() > game.grand + tol:
        raise ValueError("game: the imputation set is empty (the players' stand-alone values "
                         "sum to more than v(N)); use domain='preimputation'")
    if n == 1:  # no coalition but N: no excess to minimise
        return Allocation([original.grand], original.players, method, NUCLEOLUS_REF,
                          levels=[float("nan")], lp_solves=0, coalitions_used=0)
    # fixed equations x(S) + t_level = v(S) (and x_i = v(i) for fixed bounds): all of them
    # determine x and the levels at the end; the LPs hold only independent ones (dependent
    # rows with rounded levels would make them infeasible)
    fixed_rows: list[np.ndarray] = [np.ones(n)]
    fixed_rhs: list[float] = [game.grand]
    fixed_level: list[int] = [-1]
    lp_rows: list[int] = [0]
    cand = np.ones(2**n, dtype=bool)
    cand[0] = cand[full] = False
    bound_fixed = np.zeros(n, dtype=bool)
    pool = _initial_pool(n)
    levels: list[float] = []
    solves = 0
    used: set[int] = set(int(m) for m in pool)

    def fix(row: np.ndarray, rhs: float, level: int) -> bool:
        fixed_rows.append(row)
        fixed_rhs.append(rhs)
        fixed_level.append(level)
        basis = np.array([fixed_rows[r] for r in lp_rows])
        if np.linalg.matrix_rank(np.vstack([basis, row])) > np.linalg.matrix_rank(basis):
            lp_rows.append(len(fixed_rows) - 1)
            return True
        return False

    while len(lp_rows) < n:
        F = np.array([fixed_rows[r] for r in lp_rows])
        cand &= ~_in_span(F, n)
        if not cand.any():  # pragma: no cover - singletons always complete the span
            break
        pool = pool[cand[pool]]
        rhs = [fixed_rhs[r] for r in lp_rows]
        lvl = [fixed_level[r] for r in lp_rows]
        while True:
            res = _level_lp(game, pool, F, rhs, lvl, levels, domain, bound_fixed, singles)
            solves += 1
            x, t = res.x[:n], float(res.x[n])
            e = _excesses(game, x)
            e[~cand] = -np.inf
            viol = np.flatnonzero(e > t + tol)
            if viol.size == 0:
                break
            grown = _grow(pool, viol, e, n)
            if grown.size == pool.size:  # violated rows are in the LP already: within the
                break                    # solver's feasibility tolerance (not an endless loop)
            pool = grown
            used.update(int(m) for m in pool)
        levels.append(t)
        k = len(levels) - 1
        duals = -res.ineqlin.marginals
        progress = False
        for m in pool[duals > 1e-9]:
            progress = fix(_indicator(np.array([m]), n)[0], float(v[m]), k) or progress
            cand[m] = False
        if domain == "imputation":
            lower = res.lower.marginals[:n]
            for i in np.flatnonzero((lower > 1e-9) & ~bound_fixed):
                bound_fixed[i] = True
                row = np.zeros(n)
                row[i] = 1.0
                progress = fix(row, float(singles[i]), -1) or progress
        if not progress:  # pragma: no cover - an optimal dual always has a positive entry
            raise RuntimeError("nucleolus: no coalition could be fixed at a level")
    x = _solve_fixed(np.array(fixed_rows), fixed_rhs, fixed_level, len(levels), n)
    exact_levels = _level_values(np.array(fixed_rows), fixed_rhs, fixed_level, x, len(levels),
                                 levels)
    return Allocation(x * scale, original.players, method, NUCLEOLUS_REF,
                      levels=[lv * scale for lv in exact_levels], lp_solves=solves,
                      coalitions_used=len(used))


def _in_span(F: np.ndarray, n: int) -> np.ndarray:
    """For every mask, whether its characteristic vector lies in the row space of F: it is
    orthogonal to every null-space vector z, i.e. z(S) = 0 (one subset-sum pass per z)."""
    _, s, vt = np.linalg.svd(F)
    r = int(np.sum(s > 1e-10 * s[0]))
    inside = np.ones(2**n, dtype=bool)
    for z in vt[r:]:
        inside &= np.abs(subset_sums(z)) < 1e-9
    return inside


def _level_lp(game: Game, pool: np.ndarray, F: np.ndarray, rhs: list[float], level: list[int],
              levels: list[float], domain: str, bound_fixed: np.ndarray,
              singles: np.ndarray) -> Any:
    n = game.n
    A = _indicator(pool, n)
    A_ub = np.hstack([-A, -np.ones((len(pool), 1))])  # -x(S) - t <= -v(S)
    b_ub = -game.values[pool]
    b_eq = np.array([r - (levels[k] if k >= 0 else 0.0) for r, k in zip(rhs, level,
                                                                       strict=True)])
    A_eq = np.hstack([F, np.zeros((F.shape[0], 1))])
    if domain == "imputation":
        bounds = [(float(singles[i]), None) for i in range(n)] + [(None, None)]
    else:
        bounds = [(None, None)] * (n + 1)
    c = np.zeros(n + 1)
    c[n] = 1.0
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                  method="highs-ds", options={"primal_feasibility_tolerance": 1e-10,
                                              "dual_feasibility_tolerance": 1e-10})
    if res.status != 0:  # pragma: no cover - feasible and bounded by construction
        raise RuntimeError(f"nucleolus: an LP failed ({res.message})")
    return res


def _solve_fixed(F: np.ndarray, rhs: list[float], level: list[int], n_levels: int,
                 n: int) -> np.ndarray:
    """x (and the level excesses) from the fixed equations x(S) + t_k = v(S), least squares."""
    T = np.zeros((F.shape[0], n_levels))
    for r, k in enumerate(level):
        if k >= 0:
            T[r, k] = 1.0
    sol, *_ = np.linalg.lstsq(np.hstack([F, T]), np.array(rhs), rcond=None)
    return sol[:n]


def _level_values(F: np.ndarray, rhs: list[float], level: list[int], x: np.ndarray,
                  n_levels: int, lp_levels: list[float]) -> list[float]:
    out = []
    for k in range(n_levels):
        rows = [r for r, lv in enumerate(level) if lv == k]
        out.append(float(np.mean([rhs[r] - F[r] @ x for r in rows])) if rows else lp_levels[k])
    return out


def shapley_in_core(game: Game) -> CoreCheck:
    """Whether the Shapley value lies in the core (always so for convex games).

    Examples
    --------
    In the convex game v(S) = C(|S|, 2) the Shapley value (1, 1, 1) is in the core. In the
    glove game (L with R1 or with R2 makes a pair worth 1) the core is the single point
    (1, 0, 0), and the Shapley value (2/3, 1/6, 1/6) gives each pair 5/6 < 1:

    >>> from foedus import Game, shapley_in_core
    >>> shapley_in_core(Game([0, 0, 0, 1, 0, 1, 1, 3]))
    CoreCheck(in the core)
    >>> check = shapley_in_core(Game([0, 0, 0, 1, 0, 1, 0, 1], players=["L", "R1", "R2"]))
    >>> check
    CoreCheck(not in the core (2 blocking coalitions))
    >>> [(members, round(excess, 6)) for members, excess in check.violations]
    [(('L', 'R1'), 0.166667), (('L', 'R2'), 0.166667)]
    """
    return core_check(game, shapley_value(game))
