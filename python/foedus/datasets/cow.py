"""Correlates of War data: national material capabilities, the state system, major powers."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["atop_dyads", "cow_capabilities", "cow_major_powers", "cow_states", "cow_war_dyads"]


def cow_capabilities() -> dict[str, npt.NDArray[Any]]:
    """COW National Material Capabilities: one row per state-year, 1816-2022 (the copy in the
    shared data is labelled v6; the v6.0 documentation covers 1816-2016).

    Columns: ``ccode``, ``stateabb``, ``year``, ``milex`` (military expenditure, thousands of
    current US dollars; before 1914 thousands of current UK pounds), ``milper`` (military
    personnel, thousands), ``irst`` (iron and steel, thousands of tons), ``pec`` (primary
    energy consumption, thousands of coal-ton equivalents), ``tpop``, ``upop`` (total and urban
    population, thousands) and ``cinc`` (composite index of national capability); NaN where the
    data are missing.

    Singer, Bremer and Stuckey (1972); Greig and Enterline (2017), NMC v6.0 documentation.

    Examples
    --------
    >>> from foedus.datasets import cow_capabilities
    >>> nmc = cow_capabilities()
    >>> len(nmc["year"]), int(nmc["year"].min()), int(nmc["year"].max())
    (17121, 1816, 2022)
    >>> usa_1950 = (nmc["stateabb"] == "USA") & (nmc["year"] == 1950)
    >>> round(float(nmc["cinc"][usa_1950][0]), 3)
    0.284
    """
    from . import load_csv
    c = load_csv("cow_nmc")
    for col in ("milex", "milper", "irst", "pec", "tpop", "upop"):
        c[col] = c[col].astype(np.float64)
    return c


def cow_states() -> dict[str, npt.NDArray[Any]]:
    """The COW state system 1816-2016: membership spells (``ccode``, ``stateabb``,
    ``statenme``, start and end year, month and day)."""
    from . import load_csv
    return load_csv("cow_states")


def cow_major_powers() -> dict[str, npt.NDArray[Any]]:
    """COW major-power spells 1816-2016 (``ccode``, ``stateabb``, start and end dates).

    Examples
    --------
    >>> from foedus.datasets import cow_major_powers
    >>> sorted(set(cow_major_powers()["stateabb"].tolist()))
    ['AUH', 'CHN', 'FRN', 'GMY', 'ITA', 'JPN', 'RUS', 'UKG', 'USA']
    """
    from . import load_csv
    return load_csv("cow_majors")


def cow_war_dyads() -> dict[str, npt.NDArray[Any]]:
    """COW inter-state wars as directed dyad-years of opponents: ``warnum``, ``ccode1``,
    ``ccode2``, ``year``, ``onset``, ``side1``/``side2`` (1 = side A, 2 = side B),
    ``initiator1/2``, ``outcome1/2`` (1 winner, 2 loser, 3 compromise, 4 transformed, 5
    ongoing, 6 stalemate), ``batdeath1/2``, ``resume``.

    Sarkees and Wayman (2010), Resort to War: 1816-2007.

    Examples
    --------
    >>> from foedus.datasets import cow_war_dyads
    >>> w = cow_war_dyads()
    >>> len(w["warnum"]), len(set(w["warnum"].tolist()))
    (1932, 95)
    """
    from . import load_csv
    return load_csv("cow_war_dyads")


def atop_dyads() -> dict[str, npt.NDArray[Any]]:
    """ATOP 5.0 alliance obligations as undirected dyad-years (``ccode1`` < ``ccode2``),
    1815-2018: ``year`` and the 0/1 obligations ``defense``, ``offense``, ``neutral``,
    ``nonagg``, ``consul``. Only dyad-years with some obligation are listed.

    Leeds, Ritter, Mitchell and Long (2002); ATOP codebook 5.0.

    Examples
    --------
    >>> from foedus.datasets import atop_dyads
    >>> a = atop_dyads()
    >>> len(a["year"]), int(a["year"].min()), int(a["year"].max())
    (136648, 1815, 2018)
    """
    from importlib.resources import files
    text = (files("foedus.datasets") / "data" / "atop_dyads.csv").read_bytes()
    header = text[:text.index(b"\n")].decode().split(",")
    table = np.loadtxt(text.splitlines()[1:], delimiter=",", dtype=np.int64, ndmin=2)
    return {name: np.ascontiguousarray(table[:, j]) for j, name in enumerate(header)}
