"""A formation opportunity: a parliament at the moment a cabinet forms, and what formed."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .actors import ActorSet
from .rules import Rule

__all__ = ["FormationOpportunity"]


@dataclass(frozen=True, eq=False)
class FormationOpportunity:
    """One cabinet formation: the parties in parliament, the majority rule and the outcome.

    Attributes
    ----------
    cabinet_id : int
        ParlGov cabinet id (or any id for user-built opportunities).
    country, country_name : str
        Short (ParlGov) and full country name.
    election_date, start_date : str
        ISO dates of the election before the formation and of the cabinet's start.
    cabinet_name : str
    post_election : bool
        True for the first cabinet after an election, False for one formed between elections.
    caretaker : bool
    actors : ActorSet
        The parties in parliament: weight ``seats``; positions ``left_right``,
        ``state_market``, ``liberty_authority``, ``eu_anti_pro`` (NaN where unknown);
        attributes ``party_id``, ``party_name_english`` and ``unaffiliated`` (ParlGov's
        pseudo-parties ``none``, "no party affiliation", and ``one-seat``; see
        :func:`foedus.datasets.parlgov_formations` for keeping or dropping them).
    seats_total : int
        Seats in parliament as ParlGov declares them (in 59 cabinets the parties' seats do not
        add up to it).
    cabinet : tuple of str
        The cabinet parties (names of ``actors``), zero-seat members included.
    prime_minister : str or None
        The prime minister's party (None for a non-partisan prime minister or when ParlGov
        records none).
    previous_cabinet : tuple of str or None
        The previous cabinet's parties that sit in this parliament (None for a country's first
        recorded cabinet).
    previous_prime_minister : str or None
        The previous prime minister's party, if it sits in this parliament.
    nonpartisan_members : bool
        Whether the cabinet includes non-partisan ministers (ParlGov's ``none`` as a cabinet
        party).
    unaffiliated_seats : int
        Seats of pseudo-parties left out of ``actors`` (0 when they are kept as actors).
    """

    cabinet_id: int
    country: str
    country_name: str
    election_date: str
    start_date: str
    cabinet_name: str
    post_election: bool
    caretaker: bool
    actors: ActorSet = field(repr=False)
    seats_total: int
    cabinet: tuple[str, ...]
    prime_minister: str | None
    previous_cabinet: tuple[str, ...] | None = None
    previous_prime_minister: str | None = None
    nonpartisan_members: bool = False
    unaffiliated_seats: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.actors, ActorSet):
            raise TypeError(f"actors: expected an ActorSet, got {type(self.actors).__name__}")
        if "seats" not in self.actors.weight_names:
            raise ValueError("actors: expected a weight criterion 'seats', got "
                             f"{list(self.actors.weight_names)}")
        for name in ("seats_total", "unaffiliated_seats"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{name}: expected an integer number of seats, got {value!r}")
            least = 1 if name == "seats_total" else 0
            if value < least:
                raise ValueError(f"{name}: expected at least {least} seats, got {value}")
        names = set(self.actors.names)
        for name in ("cabinet", "previous_cabinet"):
            value = getattr(self, name)
            if value is None and name == "previous_cabinet":
                continue
            if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
                raise TypeError(f"{name}: expected a tuple of party names, got {value!r}")
            value = tuple(value)
            if not all(isinstance(p, str) for p in value):
                raise TypeError(f"{name}: expected party names (strings), got {value!r}")
            unknown = [p for p in value if p not in names]
            if unknown:
                raise ValueError(f"{name}: {unknown} are not among the actors")
            object.__setattr__(self, name, value)
        for name in ("prime_minister", "previous_prime_minister"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name}: expected a party name or None, got {value!r}")
            if value is not None and value not in names:
                raise ValueError(f"{name}: {value!r} is not among the actors (None: no party)")

    @property
    def quota(self) -> int:
        """Seats a majority needs: ``floor(seats_total / 2) + 1``."""
        return self.seats_total // 2 + 1

    @property
    def rule(self) -> Rule:
        """The majority rule ``seats(S) >= quota``."""
        return Rule.quota(self.quota, "seats")

    @property
    def seats(self) -> np.ndarray:
        """Seats of each party (in the actors' order)."""
        return self.actors.weight("seats")

    @property
    def winnable(self) -> bool:
        """Whether the actors together reach the quota (False only when dropped unaffiliated
        seats are needed for a majority)."""
        return int(self.seats.sum()) >= self.quota

    @property
    def minority_situation(self) -> bool:
        """No single party holds a majority of the seats."""
        return int(self.seats.max(initial=0)) < self.quota

    @property
    def cabinet_mask(self) -> int:
        """The cabinet as a bit mask over ``actors``."""
        return self.actors.mask(self.cabinet) if self.cabinet else 0

    @property
    def cabinet_seats(self) -> int:
        seats = self.seats
        return int(sum(seats[self.actors.index(p)] for p in self.cabinet))

    @property
    def cabinet_type(self) -> str:
        """``"minority"`` (short of the quota), ``"minimal winning"`` (every seat-holding
        member needed) or ``"surplus"``. Zero-seat members are left out: they are members of
        the cabinet but never needed for its majority."""
        total = self.cabinet_seats
        if total < self.quota:
            return "minority"
        seats = self.seats
        needed = all(total - int(seats[self.actors.index(p)]) < self.quota
                     for p in self.cabinet if seats[self.actors.index(p)] > 0)
        return "minimal winning" if needed else "surplus"

    def predict(self, theory: str | list[str] | None = None, **kwargs: Any) -> Any:
        """The coalitions a formation theory predicts here (:func:`foedus.predict_coalitions`
        with this parliament and its majority rule); a list of theories (or None: all) gives a
        dict of predictions. Improper-game warnings are silenced: where ParlGov's parties hold
        more seats than its declared total, two disjoint coalitions may both reach the quota,
        and that is the data, not a mistake."""
        import warnings

        from .formation import predict_theories
        from .rules import ImproperGameWarning
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ImproperGameWarning)
            if isinstance(theory, str):
                return predict_theories(self.actors, self.rule, [theory], **kwargs)[theory]
            return predict_theories(self.actors, self.rule, theory, **kwargs)

    def __repr__(self) -> str:
        kind = "post-election" if self.post_election else "inter-election"
        return (f"FormationOpportunity({self.country} {self.start_date} {self.cabinet_name!r}, "
                f"{kind}{', caretaker' if self.caretaker else ''}, {self.actors.n} parties, "
                f"quota {self.quota} of {self.seats_total}, cabinet {list(self.cabinet)})")
