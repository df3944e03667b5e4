"""Ctrl-C latency: time from SIGINT to the end of a process whose kernel is busy (counting 2^60
coalitions, or computing power indices for minutes); the kernel must stop, raise
KeyboardInterrupt and let the process exit."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

SCRIPT = r"""
import signal
# A process started in the background inherits SIGINT as ignored; restore Python's handler, the
# state of an interactive session, so that the signal reaches the interpreter.
signal.signal(signal.SIGINT, signal.default_int_handler)
import sys
import numpy as np
import foedus
n = N_ACTORS
actors = foedus.ActorSet([f"a{i}" for i in range(n)], np.arange(1, n + 1) % 100 + 1)
print("started", flush=True)
try:
    CALL
except KeyboardInterrupt:
    sys.exit(17)
"""

KERNELS = {
    "count": (60, "foedus.count_coalitions(actors, foedus.Rule.majority() & "
                  "foedus.Rule.veto([0, 1]), minimal=True, n_threads=THREADS)"),
    "power dp": (2000, "foedus.power_indices(actors, foedus.Rule.majority(), "
                       "index='shapley_shubik', n_threads=THREADS)"),
    "power enumeration": (31, "foedus.power_indices(actors, foedus.Rule.majority() & "
                              "foedus.Rule.count(3) & foedus.Rule.veto([0]), "
                              "index='johnston', n_threads=THREADS)"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("kernel", sorted(KERNELS))
def test_sigint_latency(benchmark, kernel: str, threads: int) -> None:
    n, call = KERNELS[kernel]
    script = SCRIPT.replace("N_ACTORS", str(n)).replace("CALL", call).replace(
        "THREADS", str(threads))
    latencies: list[float] = []

    def once() -> None:
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                text=True)
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.strip() == "started":
                    break
            time.sleep(0.5)
            t0 = time.perf_counter()
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
            latencies.append(time.perf_counter() - t0)
            assert proc.returncode == 17
        finally:
            if proc.poll() is None:  # never leave a 2^60 count running
                proc.kill()
                proc.wait()

    benchmark.group = f"interrupt | {kernel}"
    benchmark.extra_info.update({"impl": "foedus", "threads": threads, "kernel": kernel})
    benchmark.pedantic(once, rounds=5, iterations=1)
    latencies.sort()
    benchmark.extra_info["latency_s_median"] = latencies[len(latencies) // 2]
    benchmark.extra_info["latency_s_max"] = latencies[-1]
