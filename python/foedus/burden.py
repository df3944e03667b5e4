"""Sharing the gains and the burdens of cooperation: allocations side by side, and burden
sharing in alliances (who pays for the common good, who rides free, and the Olson-Zeckhauser
test of whether the large members carry disproportionate shares).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from ._optional import import_pandas
from ._validation import float_array
from .actors import ActorSet
from .game import Allocation, Game
from .game_core import nucleolus
from .game_values import _check_game, banzhaf_value, shapley_value

__all__ = ["AllocationTable", "BurdenSharing", "burden_sharing", "compare_allocations"]


class AllocationTable:
    """Several allocations of the same players, side by side (``to_frame()`` for pandas)."""

    def __init__(self, players: Sequence[str], allocations: dict[str, Allocation]) -> None:
        self.players = tuple(players)
        self.allocations = dict(allocations)

    def __getitem__(self, method: str) -> Allocation:
        return self.allocations[method]

    def to_frame(self) -> Any:
        pd = import_pandas()
        return pd.DataFrame({k: a.values for k, a in self.allocations.items()},
                            index=pd.Index(self.players, name="player"))

    def __repr__(self) -> str:
        names = list(self.allocations)
        width = max(len(p) for p in self.players)
        lines = [" " * width + "".join(f"{m:>14}" for m in names)]
        for i, p in enumerate(self.players):
            lines.append(f"{p:<{width}}" + "".join(
                f"{self.allocations[m].values[i]:>14.6g}" for m in names))
        return "\n".join(lines)


def compare_allocations(game: Game, actors: ActorSet | None = None, *,
                        weight: str | int | None = None, seats: str | int | None = None,
                        coalition: Any = None) -> AllocationTable:
    """Allocations of v over a coalition (default: all players) side by side: equal split,
    proportional to weight, Gamson's law, Shapley, normalised Banzhaf and the nucleolus.

    Parameters
    ----------
    game : Game
    actors : ActorSet, optional
        The players with weights (same names and order as the game); needed for the
        proportional and Gamson columns.
    weight : str or int, optional
        The weight for the proportional rule (e.g. capabilities).
    seats : str or int, optional
        The weight of Gamson's law (the shared ``gamson_shares``; default: ``weight``).
    coalition : optional
        The coalition that shares its worth v(S) (names or a mask): everything is computed on
        its subgame. Default: the grand coalition.

    Examples
    --------
    >>> from foedus import ActorSet, Game, Rule, compare_allocations
    >>> parl = ActorSet(["A", "B", "C"], [45, 35, 20])
    >>> g = Game.from_rule(parl, Rule.majority())
    >>> compare_allocations(g, parl).to_frame().round(3).loc["C"].tolist()
    [0.333, 0.2, 0.2, 0.333, 0.333, 0.333]
    """
    from .formation import gamson_shares
    game = _check_game(game)
    if coalition is not None:
        game_sub = game.subgame(coalition)
    else:
        game_sub = game
    members = game_sub.players
    if actors is not None:
        if not isinstance(actors, ActorSet):
            raise TypeError(f"actors: expected an ActorSet, got {type(actors).__name__}")
        if tuple(actors.names) != game.players:
            raise ValueError("actors: the actors must be the game's players, in its order")
    worth = game_sub.grand
    out: dict[str, Allocation] = {}
    n = game_sub.n
    out["equal"] = Allocation(np.full(n, worth / n), members, "equal", "equal split")
    if actors is not None:
        idx = [actors.index(p) for p in members]
        w = np.asarray(actors.weight(weight), dtype=np.float64)[idx]
        if w.sum() <= 0:
            raise ValueError("weight: the members' weights sum to 0")
        out["proportional"] = Allocation(worth * w / w.sum(), members, "proportional",
                                         "proportional to weight")
        g = gamson_shares(actors, list(members), weight=seats if seats is not None else weight)
        out["gamson"] = Allocation([worth * g[p] for p in members], members, "gamson",
                                   "Gamson (1961), A theory of coalition formation")
    out["shapley"] = shapley_value(game_sub)
    try:
        out["banzhaf"] = banzhaf_value(game_sub, normalized=True)
    except ValueError:  # the Banzhaf values sum to 0: no normalised column
        pass
    try:
        out["nucleolus"] = nucleolus(game_sub)
    except ValueError:  # an empty imputation set: no nucleolus column
        pass
    return AllocationTable(members, out)


@dataclass(frozen=True)
class BurdenSharing:
    """Who pays for an alliance's common good and who benefits.

    Attributes
    ----------
    players : tuple of str
    cost_share, benefit_share : numpy.ndarray
        Each member's share of the contributions (costs) and of the benefits.
    shapley_share : numpy.ndarray
        Its share of the Shapley value of the public-good game (or of ``game``).
    burden : numpy.ndarray
        Contribution per unit of benefit (e.g. defence spending / GDP).
    free_riding : numpy.ndarray
        benefit share - cost share: positive for members that consume more of the common
        good than they pay for.
    olson_zeckhauser : dict
        Rank correlations of benefit (size) with burden: ``spearman``, ``spearman_p``,
        ``kendall``, ``kendall_p`` (one-sided p-values for a positive association, the
        exploitation of the great by the small).
    """

    players: tuple[str, ...]
    cost_share: np.ndarray
    benefit_share: np.ndarray
    shapley_share: np.ndarray
    burden: np.ndarray
    free_riding: np.ndarray
    olson_zeckhauser: dict[str, float]

    @property
    def method(self) -> str:
        """The comparison."""
        return "cost and benefit shares and the Shapley value of the public-good game"

    @property
    def reference(self) -> str:
        """The literature of burden sharing."""
        from .references import cite

        return cite("olson_zeckhauser_1966", "shapley_shubik_1954")

    def to_frame(self) -> Any:
        pd = import_pandas()
        return pd.DataFrame({"cost_share": self.cost_share, "benefit_share": self.benefit_share,
                             "shapley_share": self.shapley_share, "burden": self.burden,
                             "free_riding": self.free_riding},
                            index=pd.Index(self.players, name="member"))

    def __repr__(self) -> str:
        oz = self.olson_zeckhauser
        return (f"BurdenSharing({len(self.players)} members; Olson-Zeckhauser Spearman "
                f"{oz['spearman']:.3f} (p = {oz['spearman_p']:.3g}))")


def burden_sharing(contributions: Any, benefits: Any, players: Sequence[str] | None = None, *,
                   game: Game | None = None) -> BurdenSharing:
    """Burden sharing in an alliance (Olson and Zeckhauser 1966).

    Expected input: one row per member, ``contributions`` what it spends on the common good
    (e.g. military expenditure, SIPRI or COW NMC ``milex``, in one currency and year) and
    ``benefits`` a measure of what the good is worth to it (Olson and Zeckhauser: GNP; also
    used: GDP, population, exposed territory, or energy consumption as a proxy of economic
    size). Both must be non-negative with positive totals.

    The default game is the pure public good each coalition can provide for itself:
    v(S) = B(S) C(S) / C(N), the benefits of S's members times the share of the good S alone
    pays for. Its Shapley value is phi_i = (b_i + c_i B(N) / C(N)) / 2: half the member's own
    benefit plus half the benefit its contribution creates for all. Pass ``game`` (a Game over
    the same members) to use another game's Shapley value.

    Examples
    --------
    >>> from foedus import burden_sharing
    >>> b = burden_sharing([300, 60, 30, 10], [2000, 600, 500, 300], ["A", "B", "C", "D"])
    >>> b.free_riding.round(3).tolist()
    [-0.162, 0.026, 0.072, 0.063]
    >>> round(b.olson_zeckhauser["spearman"], 2)
    1.0
    """
    c = float_array(contributions, "contributions")
    b = float_array(benefits, "benefits")
    if c.ndim != 1 or c.size < 2:
        raise ValueError("contributions: expected one value per member (at least two)")
    if b.shape != c.shape:
        raise ValueError(f"benefits: expected {c.size} values, one per member")
    for name, arr in (("contributions", c), ("benefits", b)):
        with np.errstate(over="ignore"):
            total = arr.sum()
        if not np.all(np.isfinite(arr)) or (arr < 0).any() or total <= 0:
            raise ValueError(f"{name}: expected finite non-negative values with a positive "
                             "total")
        if not np.isfinite(total):
            raise ValueError(f"{name}: the values sum beyond the float range; rescale them")
    if isinstance(players, str):
        raise TypeError("players: expected a sequence of names, not one string")
    names = tuple(players) if players is not None else tuple(f"m{i}" for i in range(c.size))
    if len(names) != c.size:
        raise ValueError(f"players: expected {c.size} names")
    if len(set(names)) != len(names):
        raise ValueError("players: names must be unique")
    C, B = c.sum(), b.sum()
    if game is None:
        phi = 0.5 * b + 0.5 * (c / C) * B  # c / C first: c * B may overflow
    else:
        game = _check_game(game)
        if game.n != c.size:
            raise ValueError(f"game: expected a game of the {c.size} members")
        phi = shapley_value(game).values
        if phi.sum() == 0:
            raise ValueError("game: its Shapley values sum to 0, so they give no shares")
    with np.errstate(divide="ignore", invalid="ignore"):
        burden = np.where(b > 0, c / b, np.nan)
    ok = np.isfinite(burden)
    if ok.sum() >= 3:
        rho, p_rho = stats.spearmanr(b[ok], burden[ok], alternative="greater")
        tau, p_tau = stats.kendalltau(b[ok], burden[ok], alternative="greater")
    else:
        rho = p_rho = tau = p_tau = float("nan")
    oz = {"spearman": float(rho), "spearman_p": float(p_rho), "kendall": float(tau),
          "kendall_p": float(p_tau)}
    return BurdenSharing(names, c / C, b / B, phi / phi.sum(), burden, b / B - c / C, oz)
