"""Build and runtime configuration of the compiled core."""

from __future__ import annotations

import os
import platform
from typing import Any

from . import _core

__all__ = ["show_config", "get_config"]


def get_config() -> dict[str, Any]:
    """Version, compiler, OpenMP and thread information as a dict.

    Examples
    --------
    >>> import foedus
    >>> info = foedus.get_config()
    >>> info["version"] == foedus.__version__, info["max_threads"] >= 1
    (True, True)
    >>> sorted(info)
    ['OMP_NUM_THREADS', 'compiler', 'cplusplus', 'max_threads', 'openmp', 'openmp_version',
     'platform', 'python', 'simd', 'simd_clones', 'version']
    """
    info = dict(_core.build_info())
    info["python"] = platform.python_version()
    info["platform"] = platform.platform()
    info["OMP_NUM_THREADS"] = os.environ.get("OMP_NUM_THREADS")
    return info


def show_config() -> None:
    """Print version, compiler, OpenMP on/off and the default thread count.

    Examples
    --------
    >>> import foedus
    >>> foedus.show_config()  # doctest: +ELLIPSIS
    foedus ...
    """
    info = get_config()
    from . import __version__
    omp = f"on (OpenMP {info['openmp_version']})" if info["openmp"] else "off"
    print(f"foedus {__version__}")
    print(f"  compiler:        {info['compiler']} (C++ {info['cplusplus']})")
    print(f"  OpenMP:          {omp}")
    print(f"  threads:         {info['max_threads']} (n_threads=None)")
    print(f"  OMP_NUM_THREADS: {info['OMP_NUM_THREADS'] or 'unset'}")
    clones = ", AVX-512 and AVX2 kernels chosen at run time" if info["simd_clones"] else ""
    print(f"  SIMD:            {info['simd']} baseline{clones}")
    print(f"  python:          {info['python']} on {info['platform']}")
