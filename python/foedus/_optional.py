"""Lazy imports of optional dependencies with an error that names the extra to install."""

from __future__ import annotations

from typing import Any


def import_pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('this needs pandas: pip install "foedus[frame]"') from None
    return pandas


def import_matplotlib_pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('this needs matplotlib: pip install "foedus[plot]"') from None
    return plt


def import_networkx() -> Any:
    try:
        import networkx
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('this needs networkx: pip install "foedus[network]"') from None
    return networkx


def import_distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError('this needs dask.distributed: pip install "foedus[distributed]"'
                          ) from None
    return distributed
