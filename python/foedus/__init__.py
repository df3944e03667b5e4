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
from .alliance_network import (
    alliance_network,
    network_centralities,
    plot_alliance_network,
    signed_network,
    structural_balance,
)
from .bootstrapping import BootstrapResult, bootstrap
from .burden import AllocationTable, BurdenSharing, burden_sharing, compare_allocations
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
from .detection import (
    attach_capabilities,
    detect_groupings,
    lineage,
    major_power_status,
    maximal_cliques,
    war_coalitions,
)
from .exchange import (
    coopgame_order,
    from_coopgame,
    read_game,
    read_weighted_game,
    to_coopgame,
    write_game,
    write_weighted_game,
)
from .formation import (
    THEORIES,
    Prediction,
    gamson_shares,
    predict_coalitions,
    predict_theories,
)
from .formation_eval import TheoryEvaluation, evaluate_theories
from .formation_model import STANDARD_FEATURES, FormationModel, cabinet_features
from .game import MAX_GAME_PLAYERS, Allocation, Game
from .game_core import (
    Balancedness,
    CoreCheck,
    LeastCore,
    balancedness,
    core_check,
    least_core,
    nucleolus,
    prenucleolus,
    shapley_in_core,
)
from .game_properties import (
    CooperativeProperties,
    cooperative_properties,
    is_convex,
    is_essential,
    is_monotone,
    is_superadditive,
    superadditivity_violation,
)
from .game_structured import (
    aumann_dreze_value,
    gately_point,
    kernel_point,
    kernel_violation,
    myerson_value,
    owen_value,
    prekernel_point,
    surpluses,
    tau_value,
)
from .game_values import (
    banzhaf_value,
    game_from_dividends,
    harsanyi_dividends,
    interaction_index,
    semivalue,
    shapley_sampling,
    shapley_value,
)
from .groupings import (
    Classification,
    ClassificationParameters,
    ClassificationTable,
    Grouping,
    classify,
)
from .minimal import minimal_winning_coalitions
from .opportunity import FormationOpportunity
from .partition import Partition
from .plots import plot_policy_axis, plot_power, plot_survival
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
from .structures import PartitionResult, optimal_partition
from .survival import AalenJohansen, KaplanMeier, NelsonAalen

try:
    __version__ = version("foedus")
except PackageNotFoundError:  # pragma: no cover
    __version__ = "0+unknown"

__all__ = [
    "AFTModel",
    "AalenJohansen",
    "ActorSet",
    "Allocation",
    "AllocationTable",
    "Balancedness",
    "BootstrapResult",
    "BurdenSharing",
    "Classification",
    "ClassificationParameters",
    "ClassificationTable",
    "CoalitionCount",
    "CoalitionTable",
    "CooperativeProperties",
    "CoreCheck",
    "CoxModel",
    "Desirability",
    "FormationModel",
    "FormationOpportunity",
    "Game",
    "GameProperties",
    "Grouping",
    "ImproperGameWarning",
    "KaplanMeier",
    "LeastCore",
    "MAX_EXHAUSTIVE_ACTORS",
    "MAX_GAME_PLAYERS",
    "NelsonAalen",
    "Partition",
    "PartitionResult",
    "PowerBatch",
    "PowerResult",
    "Prediction",
    "Rule",
    "STANDARD_FEATURES",
    "SizeCounts",
    "THEORIES",
    "TheoryEvaluation",
    "TradingTransform",
    "WeightFit",
    "Weightedness",
    "__version__",
    "alliance_network",
    "attach_capabilities",
    "aumann_dreze_value",
    "balancedness",
    "banzhaf_value",
    "bootstrap",
    "burden_sharing",
    "cabinet_features",
    "classify",
    "coalition_covariates",
    "compare_allocations",
    "cooperative_properties",
    "coopgame_order",
    "core_check",
    "count_coalitions",
    "describe_coalitions",
    "desirability",
    "detect_groupings",
    "dummy_players",
    "enumerate_coalitions",
    "evaluate_theories",
    "fit_weights",
    "from_coopgame",
    "game_from_dividends",
    "game_properties",
    "gamson_shares",
    "gately_point",
    "get_config",
    "harsanyi_dividends",
    "interaction_index",
    "is_convex",
    "is_essential",
    "is_monotone",
    "is_superadditive",
    "is_weighted",
    "iter_coalitions",
    "jagiellonian_compromise",
    "kernel_point",
    "kernel_violation",
    "least_core",
    "lineage",
    "major_power_status",
    "maximal_cliques",
    "minimal_winning_coalitions",
    "myerson_value",
    "nakamura_number",
    "network_centralities",
    "nucleolus",
    "optimal_partition",
    "owen_value",
    "penrose_square_root",
    "plot_alliance_network",
    "plot_policy_axis",
    "plot_power",
    "plot_survival",
    "power_in",
    "power_indices",
    "power_indices_batch",
    "predict_coalitions",
    "predict_theories",
    "prekernel_point",
    "prenucleolus",
    "read_game",
    "read_weighted_game",
    "semivalue",
    "shapley_in_core",
    "shapley_sampling",
    "shapley_value",
    "show_config",
    "signed_network",
    "structural_balance",
    "superadditivity_violation",
    "surpluses",
    "tau_value",
    "to_coopgame",
    "veto_players",
    "war_coalitions",
    "write_game",
    "write_weighted_game",
]
