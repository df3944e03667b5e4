"""The conditional-logit formation model shipped for ``foedus demo``.

Martin and Stevenson's (2001) model with foedus' standard features, fitted on the ParlGov
formations of eight West European democracies before the German cabinet of December 2021
(the README's example). ``scripts/fit_demo_model.py`` regenerates
``data/formation_demo_model.json``; a test refits it and compares.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..formation_model import FormationModel

__all__ = ["DEMO_COUNTRIES", "DEMO_CUTOFF", "fit_demo_model", "formation_demo_model"]

#: the countries (ISO codes) of the training formations
DEMO_COUNTRIES = ("DEU", "AUT", "NLD", "BEL", "DNK", "SWE", "NOR", "LUX")
#: formations starting before this date are used
DEMO_CUTOFF = "2021-12-08"
_FILE = "formation_demo_model.json"


def fit_demo_model(n_threads: int | None = None) -> FormationModel:
    """Fit the demo model from the bundled ParlGov data (a few seconds)."""
    from ..formation_model import FormationModel
    from .parlgov import parlgov_formations

    train = [f for f in parlgov_formations()
             if f.country in DEMO_COUNTRIES and f.start_date < DEMO_CUTOFF]
    return FormationModel().fit(train, n_threads=n_threads)


def formation_demo_model() -> FormationModel:
    """The shipped demo model (no fitting): the output of :func:`fit_demo_model`.

    Examples
    --------
    >>> from foedus.datasets import formation_demo_model
    >>> model = formation_demo_model()
    >>> model.n_opportunities_, round(model.loglik_, 2), round(model.pseudo_r2_, 3)
    (417, -1173.47, 0.448)
    """
    from ..formation_model import FormationModel

    data = json.loads(files("foedus.datasets").joinpath("data", _FILE).read_text("utf-8"))
    return FormationModel.from_dict(data["model"])


def write_demo_model(path: str | Path, n_threads: int | None = None) -> None:
    """Fit the demo model and write it as JSON (used by ``scripts/fit_demo_model.py``)."""
    model = fit_demo_model(n_threads)
    data = {"description": __doc__.strip().splitlines()[0], "countries": list(DEMO_COUNTRIES),
            "before": DEMO_CUTOFF, "model": model.to_dict()}
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
