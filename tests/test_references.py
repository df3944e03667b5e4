"""Every result object names its method and the literature behind it."""

from __future__ import annotations

import re

import numpy as np
import pytest

import foedus
from foedus.datasets import bundestag_2021, kabl_1990
from foedus.references import POWER_INDEX_REFERENCES, THEORY_REFERENCES, cite


def _results() -> list[tuple[str, object]]:
    parl = bundestag_2021()
    rule = foedus.Rule.majority("seats")
    d = kabl_1990()
    X = d["numst2"][:, None]
    game = foedus.Game.from_rule(parl, rule)
    opportunities = [o for o in foedus.datasets.parlgov.parlgov_formations()
                     if o.country == "DEU"][:5]
    return [
        ("power", foedus.power_indices(parl, rule, index="banzhaf")),
        ("power batch", foedus.power_indices_batch([[3, 2, 1]], [4])),
        ("prediction", foedus.predict_coalitions(parl, rule, theory="minimum_winning")),
        ("evaluation", foedus.evaluate_theories(opportunities, ["minimal_winning"])),
        ("formation model", foedus.datasets.formation_demo_model()),
        ("count (dp)", foedus.count_coalitions(parl, rule, winning=True, method="dp")),
        ("cox", foedus.CoxModel().fit(d["duration"], d["ciep12"], X)),
        ("aft", foedus.AFTModel().fit(d["duration"], d["ciep12"], X)),
        ("kaplan-meier", foedus.KaplanMeier().fit(d["duration"], d["ciep12"])),
        ("nelson-aalen", foedus.NelsonAalen().fit(d["duration"], d["ciep12"])),
        ("aalen-johansen", foedus.AalenJohansen().fit(d["duration"], d["ciep12"])),
        ("bootstrap", foedus.bootstrap(foedus.KaplanMeier(), d["duration"], d["ciep12"],
                                       n_resamples=20)),
        ("shapley", foedus.shapley_value(game)),
        ("core", foedus.core_check(game, foedus.shapley_value(game).values)),
        ("least core", foedus.least_core(game)),
        ("balancedness", foedus.balancedness(game)),
        ("partition", foedus.optimal_partition(
            foedus.structures.generate_values("uniform", 8, seed=1))),
        ("game properties", foedus.game_properties(parl, rule)),
        ("desirability", foedus.desirability(parl, rule)),
        ("weightedness", foedus.is_weighted(parl, rule)),
        ("classification", foedus.classify(foedus.Grouping(
            "NATO", [2, 200, 220], 1949, observed_until=2019, formality="institution",
            issue_areas=("security",), obligations=("defense",)))),
        ("burden", foedus.burden_sharing([1.0, 3.0], [2.0, 2.0], ["a", "b"])),
    ]


@pytest.mark.parametrize("name,result", _results(), ids=lambda x: x if isinstance(x, str)
                         else "")
def test_result_names_method_and_reference(name: str, result: object) -> None:
    method = getattr(result, "method", None)
    assert isinstance(method, str) and method, name
    reference = result.reference
    assert isinstance(reference, str) and reference, name
    assert re.search(r"\(\d{4}\)", reference), name  # author (year) ...


def test_every_index_and_theory_has_a_reference() -> None:
    assert set(POWER_INDEX_REFERENCES) == set(foedus.power.INDICES)
    assert set(THEORY_REFERENCES) == set(foedus.THEORIES)
    for keys in (*POWER_INDEX_REFERENCES.values(), *THEORY_REFERENCES.values()):
        assert cite(*keys)
    with pytest.raises(KeyError):
        cite("nobody_2099")


def test_counts_without_literature_say_so() -> None:
    parl = bundestag_2021()
    count = foedus.count_coalitions(parl, foedus.Rule.majority("seats"), winning=True,
                                    method="enumeration")
    assert count.method == "enumeration" and count.reference is None
    assert np.isfinite(float(count))
