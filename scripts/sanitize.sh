#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build of foedus' extension, then the test suite
# against it.
#
#   scripts/sanitize.sh [WORKDIR] [-- PYTEST_ARGS...]
#
# WORKDIR (default /tmp/foedus-sanitize) holds the virtual environment (WORKDIR/venv) and the
# CMake build tree (WORKDIR/build); nothing is written to the source tree. PYTEST_ARGS default
# to the whole suite (`tests`); e.g. `scripts/sanitize.sh -- tests/test_power.py -k banzhaf`.
# Environment: PYTHON (default python3) makes the venv; SANITIZE_SKIP_BUILD=1 reuses an existing
# build and venv and only runs the tests.
#
# GCC/Linux only (libasan is preloaded into the Python interpreter, which is not instrumented).
# Leak detection is off: CPython does not free everything at exit.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKDIR=/tmp/foedus-sanitize
if [[ $# -gt 0 && "$1" != "--" ]]; then
  WORKDIR="$1"
  shift
fi
if [[ $# -gt 0 && "$1" == "--" ]]; then
  shift
fi
PYTEST_ARGS=("$@")
if [[ ${#PYTEST_ARGS[@]} -eq 0 ]]; then
  PYTEST_ARGS=(tests)
fi
mkdir -p "$WORKDIR"
WORKDIR="$(cd "$WORKDIR" && pwd)"
VENV="$WORKDIR/venv"
BUILD_DIR="$WORKDIR/build"
PY="$VENV/bin/python"

CXX="${CXX:-g++}"
LIBASAN="$("$CXX" -print-file-name=libasan.so)"
if [[ "$LIBASAN" != /* || ! -e "$LIBASAN" ]]; then
  echo "sanitize.sh: libasan.so not found by '$CXX -print-file-name=libasan.so'" >&2
  echo "  (install the compiler's sanitizer runtime, e.g. Debian's libasan8 / gcc)" >&2
  exit 2
fi

SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

if [[ "${SANITIZE_SKIP_BUILD:-0}" != 1 ]]; then
  echo "== venv: $VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
  "$PY" -m pip install -q --upgrade pip
  # Build requirements, runtime dependencies and the test extra, read from pyproject.toml, so
  # that the package itself is then built once, with the sanitizer flags, without isolation.
  "$PY" -c 'import tomllib' 2>/dev/null || "$PY" -m pip install -q tomli
  mapfile -t DEPS < <("$PY" - "$SRC/pyproject.toml" <<'EOF'
import sys
try:
    import tomllib
except ImportError:
    import tomli as tomllib
with open(sys.argv[1], "rb") as f:
    meta = tomllib.load(f)
for req in (meta["build-system"]["requires"] + meta["project"]["dependencies"]
            + meta["project"]["optional-dependencies"]["test"]):
    print(req)
EOF
)
  echo "== dependencies: ${DEPS[*]}"
  "$PY" -m pip install -q "${DEPS[@]}" cmake ninja

  echo "== ASan+UBSan build in $BUILD_DIR (RelWithDebInfo, -O1)"
  # FOEDUS_SANITIZE=ON turns the sanitizers on in CMakeLists.txt and replaces its -O3 with
  # -O1 -g; the flags are also given here explicitly (and -fno-sanitize-recover makes any UB
  # finding fatal).
  CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
    "$PY" -m pip install --no-build-isolation --no-deps --force-reinstall \
    -Cbuild-dir="$BUILD_DIR" \
    -Ccmake.build-type=RelWithDebInfo \
    -Ccmake.define.FOEDUS_SANITIZE=ON \
    -Ccmake.define.CMAKE_CXX_FLAGS="$SAN_FLAGS -O1 -g" \
    -Ccmake.define.CMAKE_MODULE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -Ccmake.define.CMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
    "$SRC"
fi

# libstdc++ is preloaded too: the interpreter does not link it, so when ASan starts it cannot
# resolve the real __cxa_throw, and the first C++ exception thrown by any extension (matplotlib's
# ft2font does so on import) dies in ASan's interceptor ("CHECK failed: ... real___cxa_throw").
LIBSTDCXX="$("$CXX" -print-file-name=libstdc++.so.6)"
export LD_PRELOAD="$LIBASAN $LIBSTDCXX"
# detect_leaks=0: CPython and numpy keep memory until exit by design.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Let ASan see Python's small objects too (pymalloc arenas would hide them).
export PYTHONMALLOC=malloc
export PYTHONFAULTHANDLER=1

# The extension must be the instrumented one in the venv, not a stray build in the source tree
# (imported with libasan preloaded: an ASan-linked module cannot be loaded without it).
SO="$(cd "$WORKDIR" && "$PY" -c 'import foedus._core as c; print(c.__file__)')"
case "$SO" in
  "$VENV"/*) ;;
  *) echo "sanitize.sh: foedus._core imported from $SO, not from $VENV" >&2; exit 2 ;;
esac
if ! readelf -d "$SO" | grep -q 'NEEDED.*libasan'; then
  echo "sanitize.sh: $SO is not linked against libasan (not a sanitizer build?)" >&2
  exit 2
fi
echo "== extension: $SO"
echo "== LD_PRELOAD=$LD_PRELOAD"

# Tests run from the source tree (they read tests/data, README.md, scripts/), but the package
# lives under python/, which is not on sys.path: `import foedus` finds the venv's instrumented
# build (checked above).
cd "$SRC"
echo "== pytest ${PYTEST_ARGS[*]}"
"$VENV/bin/pytest" -x -q -p no:cacheprovider "${PYTEST_ARGS[@]}"
