"""Shared pytest configuration: hypothesis profiles and the test helpers' import path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# tests/reference.py and tests/strategies.py are imported as top-level modules, also under
# pytest's importlib import mode (which does not put the test folder on sys.path).
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

# CI machines are loaded and noisy: no deadlines, a fixed sequence of examples, no database.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# Local bug hunting: `pytest --hypothesis-profile=dev` (or FOEDUS_HYPOTHESIS_PROFILE=dev).
settings.register_profile(
    "dev",
    deadline=None,
    max_examples=500,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("FOEDUS_HYPOTHESIS_PROFILE", "ci"))
