"""The README's examples and every docstring example run against the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import foedus

README = Path(__file__).resolve().parents[1] / "README.md"
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(foedus.__path__, "foedus.")
    if not m.name.endswith(("__main__", "._core"))
)


def test_readme_examples_run_as_written() -> None:
    result = doctest.testfile(
        str(README),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 10
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} doctest failures in {name}"


def test_public_api_is_exported_and_documented() -> None:
    for name in foedus.__all__:
        obj = getattr(foedus, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


def test_citation_file_names_this_version() -> None:
    cff = README.parent / "CITATION.cff"
    fields = dict(line.split(":", 1) for line in cff.read_text().splitlines()
                  if line and not line.startswith((" ", "#", "-")) and ":" in line)
    assert fields["cff-version"].strip() == "1.2.0"
    assert fields["version"].strip() == foedus.__version__
    assert fields["license"].strip() == "BSD-3-Clause"
