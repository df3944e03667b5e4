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
from .coalitions import (
    MAX_EXHAUSTIVE_ACTORS,
    count_coalitions,
    describe_coalitions,
    enumerate_coalitions,
    iter_coalitions,
)
from .config import get_config, show_config
from .counting import CoalitionCount, SizeCounts
from .minimal import minimal_winning_coalitions
from .partition import Partition
from .power import PowerResult, power_in, power_indices
from .power_batch import PowerBatch, power_indices_batch
from .results import CoalitionTable
from .rules import ImproperGameWarning, Rule

try:
    __version__ = version("foedus")
except PackageNotFoundError:  # pragma: no cover
    __version__ = "0+unknown"

__all__ = [
    "ActorSet",
    "CoalitionCount",
    "CoalitionTable",
    "ImproperGameWarning",
    "MAX_EXHAUSTIVE_ACTORS",
    "Partition",
    "PowerBatch",
    "PowerResult",
    "Rule",
    "SizeCounts",
    "__version__",
    "count_coalitions",
    "describe_coalitions",
    "enumerate_coalitions",
    "get_config",
    "iter_coalitions",
    "minimal_winning_coalitions",
    "power_in",
    "power_indices",
    "power_indices_batch",
    "show_config",
]
