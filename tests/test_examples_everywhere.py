"""Every public function shows a runnable example in its docstring.

The project standard is NumPy docstrings with runnable examples: each function in
``foedus.__all__`` carries a ``>>>`` example, which ``test_docs.py`` runs as a doctest. Classes
and result objects are exempt (their methods and the functions that return them show them).
"""

from __future__ import annotations

import inspect

import pytest

import foedus

PUBLIC_FUNCTIONS = sorted(name for name in foedus.__all__
                          if inspect.isfunction(getattr(foedus, name)))


def test_the_public_functions_are_found() -> None:
    assert len(PUBLIC_FUNCTIONS) > 50
    assert {"shapley_value", "nucleolus", "read_game"} <= set(PUBLIC_FUNCTIONS)


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_public_function_has_a_runnable_example(name: str) -> None:
    doc = inspect.getdoc(getattr(foedus, name)) or ""
    assert ">>>" in doc, f"foedus.{name}: the docstring has no runnable (>>>) example"
