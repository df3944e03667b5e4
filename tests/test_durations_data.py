"""ParlGov cabinet durations and coalition covariates."""

from __future__ import annotations

import numpy as np
import pytest

from foedus import ActorSet, Rule, coalition_covariates, power_indices
from foedus.datasets import bundestag_2021, parlgov_cabinet_durations, parlgov_formations


def test_durations_follow_the_documented_choices() -> None:
    d = parlgov_cabinet_durations()
    n = len(d["duration_days"])
    assert n == 1618
    countries = set(d["country"].tolist())
    # one censored cabinet per country: its latest, censored at the data's date
    assert int((d["ended"] == 0).sum()) == len(countries)
    for c in countries:
        rows = np.flatnonzero(d["country"] == c)
        last = rows[np.argmax(d["start"][rows])]
        assert d["ended"][last] == 0 and d["end"][last] == d["data_date"][0]
        ended = rows[d["ended"][rows] == 1]
        # an ended cabinet's end is the next cabinet's start in that country
        starts = sorted(d["start"][rows].tolist())
        for r in ended:
            assert d["end"][r] == starts[starts.index(d["start"][r]) + 1]
    assert (d["duration_days"] >= 0.5).all()
    assert d["duration_months"] == pytest.approx(d["duration_days"] / 30.4375)
    assert len(parlgov_cabinet_durations(include_caretakers=False)["country"]) == 1469
    # competing risks: ended by an election iff the next cabinet belongs to another election
    assert ((d["end_cause"] == 0) == (d["ended"] == 0)).all()
    formations = {x.cabinet_id: x for x in parlgov_formations(include_caretakers=True)}
    for c in countries:
        rows = np.flatnonzero(d["country"] == c)
        rows = rows[np.argsort(d["start"][rows])]
        for r, nxt in zip(rows[:-1], rows[1:], strict=True):
            new_election = (formations[d["cabinet_id"][nxt]].election_date
                            != formations[d["cabinet_id"][r]].election_date)
            assert d["end_cause"][r] == (1 if new_election else 2)
    # covariates agree with the formation opportunity's own classification
    f = next(x for x in parlgov_formations() if x.country == "DEU" and x.cabinet_name == "Scholz")
    r = int(np.flatnonzero(d["cabinet_id"] == f.cabinet_id)[0])
    assert d["cabinet_type"][r] == f.cabinet_type and d["n_parties"][r] == 3
    assert d["seat_share"][r] == pytest.approx(416 / 736)
    assert d["largest_share"][r] == pytest.approx(206 / 416)
    assert bool(d["includes_median"][r]) and bool(d["includes_largest"][r])  # SPD: 206 seats
    with pytest.raises(TypeError, match="include_caretakers"):
        parlgov_cabinet_durations("no")


def test_coalition_covariates_power_concentration() -> None:
    parl = bundestag_2021()
    rule = Rule.majority("seats")
    groups = [["SPD", "B90/Gru", "FDP"], ["SPD", "CDU+CSU"], ["AfD"], ["SSW", "FDP"]]
    cov = coalition_covariates(parl, rule, groups)
    assert len(cov) == 4 and cov.given_order
    assert cov["size"].tolist() == [3, 2, 1, 2]
    for row, g in enumerate(groups):
        sub = ActorSet(list(g), {"seats": [parl.weight("seats")[parl.index(p)] for p in g]})
        bz = power_indices(sub, Rule.majority("seats"), index="banzhaf").values
        assert cov["power_largest"][row] == pytest.approx(bz.max())
        assert cov["power_herfindahl"][row] == pytest.approx(float(np.sum(bz ** 2)))
    # the three-party cabinet shares power equally under its own majority: 1/3 each
    assert cov["power_herfindahl"][0] == pytest.approx(1 / 3)
    plain = coalition_covariates(parl, rule, groups, power_index=None)
    assert "power_largest" not in plain.columns
