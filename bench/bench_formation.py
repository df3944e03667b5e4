"""Government formation (issue 5): scoring every potential cabinet of every ParlGov formation
opportunity and fitting the conditional-logit model, and a straightforward pandas
implementation of the scoring on a sample, side by side.

Run:
    pytest bench/bench_formation.py -c bench/pytest.ini \\
        --benchmark-json=bench/results_formation.json
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import foedus
from foedus.datasets import parlgov_formations

SAMPLE = 40  # opportunities scored by the pandas baseline (every 36th of the 1,469)


def _all() -> list:
    return parlgov_formations(include_caretakers=True)


def _sample() -> list:
    fs = parlgov_formations()
    return fs[:: len(fs) // SAMPLE][:SAMPLE]


def pandas_scores(f: foedus.FormationOpportunity) -> pd.DataFrame:
    """Each potential cabinet's attributes with pandas, party subset by party subset (the way
    ParlGov's own scripts build the potential-coalition dataset)."""
    parties = pd.DataFrame({"party": f.actors.names, "seats": f.seats,
                            "left_right": f.actors.positions[:, 0]})
    largest = parties["seats"].max()
    rows = []
    for k in range(1, len(parties) + 1):
        for members in itertools.combinations(range(len(parties)), k):
            sub = parties.iloc[list(members)]
            seats = sub["seats"].sum()
            placed = sub["left_right"].dropna()
            share = sub["seats"] / seats if seats else sub["seats"] * 0.0
            rows.append({
                "parties": tuple(sub["party"]), "n_parties": k, "seats": seats,
                "minority": seats < f.quota,
                "minimal_winning": seats >= f.quota and bool(
                    (seats - sub["seats"] < f.quota).all()),
                "largest_party": bool((sub["seats"] == largest).any()),
                "range": placed.max() - placed.min() if len(placed) else 0.0,
                "effective_number": 1.0 / float((share ** 2).sum()) if seats else np.nan,
            })
    return pd.DataFrame(rows)


def test_foedus_score_all(benchmark) -> None:
    fs = _all()

    def run() -> int:
        return sum(len(foedus.cabinet_features(f)[0]) for f in fs)

    benchmark.group = "formation | score every potential cabinet"
    benchmark.extra_info.update({"impl": "foedus", "opportunities": len(fs)})
    count = benchmark.pedantic(run, rounds=2, iterations=1, warmup_rounds=0)
    benchmark.extra_info["cabinets"] = count
    assert count == 18_611_706


def test_foedus_fit_all(benchmark) -> None:
    fs = parlgov_formations()
    benchmark.group = "formation | fit the conditional logit on all formations"
    benchmark.extra_info.update({"impl": "foedus", "opportunities": len(fs)})
    model = benchmark.pedantic(lambda: foedus.FormationModel().fit(fs), rounds=1, iterations=1)
    benchmark.extra_info["candidates"] = model.n_candidates_
    benchmark.extra_info["pseudo_r2"] = model.pseudo_r2_


@pytest.mark.parametrize("impl", ["foedus", "pandas"])
def test_score_sample(benchmark, impl: str) -> None:
    fs = _sample()
    cabinets = sum(2 ** f.actors.n - 1 for f in fs)
    if impl == "foedus":
        def run() -> int:
            return sum(len(foedus.cabinet_features(f)[0]) for f in fs)
    else:
        def run() -> int:
            return sum(len(pandas_scores(f)) for f in fs)
    benchmark.group = f"formation | score a sample of {SAMPLE} opportunities"
    benchmark.extra_info.update({"impl": impl, "cabinets": cabinets})
    assert benchmark.pedantic(run, rounds=1, iterations=1) == cabinets
