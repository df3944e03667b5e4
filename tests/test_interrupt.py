"""Ctrl-C during long kernels raises KeyboardInterrupt promptly (tested in a subprocess)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

SCRIPT = r"""
import signal
# A process started in the background inherits SIGINT as ignored; restore Python's handler, the
# state of an interactive session, so that the signal reaches the interpreter.
signal.signal(signal.SIGINT, signal.default_int_handler)
import sys, time
import numpy as np
import foedus
n = N_ACTORS
actors = foedus.ActorSet([f"a{i}" for i in range(n)], np.arange(n) % 100 + 1)
print("started", flush=True)
t0 = time.monotonic()
try:
    CALL
except KeyboardInterrupt:
    print(f"interrupted after {time.monotonic() - t0:.3f}", flush=True)
    sys.exit(17)
print("finished", flush=True)
"""

# Each would run for minutes to years.
CALLS = {
    # exhaustive kernel: 2^60 coalitions
    "enumeration": (60, "foedus.count_coalitions(actors, foedus.Rule.majority() & "
                        "foedus.Rule.veto([0, 1]), minimal=True, n_threads=2)"),
    # dynamic programming by size over 600 actors (a table of about 1 GiB)
    "dynamic programming": (600, "foedus.count_coalitions(actors, foedus.Rule.majority(), "
                                  "minimal=True, by_size=True, n_threads=2)"),
    # size-bounded kernel: C(3000, 3) = 4.5e9 coalitions
    "size-bounded": (3000, "foedus.count_coalitions(actors, foedus.Rule.majority() & "
                           "foedus.Rule.count(2), winning=False, max_size=3, n_threads=2)"),
    # power by floating DP: 1000 quadrature nodes over 2000 players (minutes)
    "power dp": (2000, "foedus.power_indices(actors, foedus.Rule.majority(), "
                       "index='shapley_shubik', n_threads=2)"),
    # power of a composed rule by enumeration: Johnston over 2^31 coalitions
    "power enumeration": (31, "foedus.power_indices(actors, foedus.Rule.majority() & "
                              "foedus.Rule.count(3), index='johnston', n_threads=2)"),
    # superadditivity of a 24-player game: all 3^24 = 2.8e11 splits (a superadditive game)
    "game superadditivity": (24, "foedus.is_superadditive(foedus.Game.from_function("
                                 "lambda m: foedus.game.coalition_sizes(m) ** 2.0, n), "
                                 "n_threads=2)"),
    # optimal coalition structure by the plain dynamic program over 24 agents (about a minute)
    "optimal partition": (24, "foedus.optimal_partition(foedus.structures.generate_values("
                              "'agent_uniform', n, seed=1), method='dp', n_threads=2)"),
    # power by sampling: 10^9 random orderings
    "power sampling": (500, "foedus.power_indices(actors, foedus.Rule.majority() | "
                            "foedus.Rule.veto([0]), index='shapley_shubik', method='sampling', "
                            "n_samples=10**9, n_threads=2)"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
@pytest.mark.parametrize("kernel", sorted(CALLS))
def test_sigint_stops_a_long_computation(kernel: str) -> None:
    n, call = CALLS[kernel]
    script = SCRIPT.replace("N_ACTORS", str(n)).replace("CALL", call)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    watchdog = threading.Timer(180, proc.kill)  # never leave a runaway child behind
    watchdog.start()
    try:
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:  # skip anything printed before (e.g. build messages)
            seen.append(line)
            if line.strip() == "started":
                break
        assert seen and seen[-1].strip() == "started", "".join(seen)
        time.sleep(1.0)  # let the kernel run
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("the count did not stop within 30 s of SIGINT")
        assert time.monotonic() - sent < 30
        assert proc.returncode == 17, out
        assert "interrupted after" in out
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
