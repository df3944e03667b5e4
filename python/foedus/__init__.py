"""foedus: coalitions, alliances and networks of political actors.

A C++ kernel (OpenMP, exact integer arithmetic) enumerates and scores coalitions; the Python
layers on it analyse formation, power, cooperation, structures and duration.
"""

from __future__ import annotations

try:
    from . import _core  # noqa: F401  (fail early with a clear message)
except ImportError as exc:  # pragma: no cover - only without a build
    raise ImportError(
        "foedus's compiled core (foedus._core) is missing or failed to load: install the package "
        "with `pip install .` (this compiles it) instead of importing from the source tree. "
        f"Original error: {exc}") from exc

from importlib.metadata import PackageNotFoundError, version

from .actors import ActorSet
from .aft import AFTModel
from .coalitions import (
    MAX_EXHAUSTIVE_ACTORS,
    count_coalitions,
    describe_coalitions,
    enumerate_coalitions,
    iter_coalitions,
)
from .config import get_config, show_config
from .counting import CoalitionCount, SizeCounts
from .covariates import coalition_covariates
from .cox import CoxModel
from .formation import (
    THEORIES,
    Prediction,
    gamson_shares,
    predict_coalitions,
    predict_theories,
)
from .formation_eval import TheoryEvaluation, evaluate_theories
from .formation_model import STANDARD_FEATURES, FormationModel, cabinet_features
from .minimal import minimal_winning_coalitions
from .opportunity import FormationOpportunity
from .partition import Partition
from .power import PowerResult, power_in, power_indices
from .power_batch import PowerBatch, power_indices_batch
from .results import CoalitionTable
from .rules import ImproperGameWarning, Rule
from .simple_games import (
    Desirability,
    GameProperties,
    TradingTransform,
    Weightedness,
    WeightFit,
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
from .survival import AalenJohansen, KaplanMeier, NelsonAalen

try:
    __version__ = version("foedus")
except PackageNotFoundError:  # pragma: no cover
    __version__ = "0+unknown"

__all__ = [
    "AFTModel",
    "AalenJohansen",
    "ActorSet",
    "CoalitionCount",
    "CoalitionTable",
    "CoxModel",
    "Desirability",
    "FormationModel",
    "FormationOpportunity",
    "GameProperties",
    "ImproperGameWarning",
    "KaplanMeier",
    "MAX_EXHAUSTIVE_ACTORS",
    "NelsonAalen",
    "Partition",
    "PowerBatch",
    "Prediction",
    "PowerResult",
    "Rule",
    "STANDARD_FEATURES",
    "SizeCounts",
    "THEORIES",
    "TheoryEvaluation",
    "TradingTransform",
    "WeightFit",
    "Weightedness",
    "count_coalitions",
    "cabinet_features",
    "coalition_covariates",
    "describe_coalitions",
    "desirability",
    "dummy_players",
    "enumerate_coalitions",
    "evaluate_theories",
    "fit_weights",
    "gamson_shares",
    "game_properties",
    "get_config",
    "is_weighted",
    "iter_coalitions",
    "jagiellonian_compromise",
    "minimal_winning_coalitions",
    "nakamura_number",
    "penrose_square_root",
    "power_in",
    "predict_coalitions",
    "predict_theories",
    "power_indices",
    "power_indices_batch",
    "show_config",
    "veto_players",
    "__version__",
]
