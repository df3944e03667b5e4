"""A running indicator on standard error for the ``foedus`` command's long computations.

The compiled kernels release the GIL, so a background thread can redraw a tqdm line
(description and elapsed time) while they run. It appears only after ``delay`` seconds, never
when standard error is not a terminal unless ``force`` is set, and ``--no-progress`` turns it
off.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["running"]


@contextmanager
def running(desc: str, *, enabled: bool = True, delay: float = 0.5, force: bool = False,
            stream: TextIO | None = None) -> Iterator[None]:
    """Show ``desc`` and the elapsed time while the body runs (after ``delay`` seconds).

    Examples
    --------
    >>> import io
    >>> from foedus.cli.progress import running
    >>> err = io.StringIO()
    >>> with running("counting", force=True, delay=0.0, stream=err):
    ...     pass
    >>> "counting" in err.getvalue()
    True
    """
    out = sys.stderr if stream is None else stream
    if not enabled or not (force or (hasattr(out, "isatty") and out.isatty())):
        yield
        return
    from tqdm import tqdm

    stop = threading.Event()
    t0 = time.monotonic()
    bar: list[tqdm] = []

    def draw() -> None:
        while not stop.wait(0 if not bar and delay <= 0 else 0.2):
            if not bar and time.monotonic() - t0 >= delay:
                bar.append(tqdm(total=None, desc=desc, file=out, leave=False,
                                bar_format="{desc}: {elapsed} elapsed"))
            elif bar:
                bar[0].refresh()

    thread = threading.Thread(target=draw, daemon=True)
    thread.start()
    try:
        yield
    finally:
        if delay <= 0:  # a short body: draw once before closing
            while not bar and thread.is_alive():
                time.sleep(0.001)
        stop.set()
        thread.join()
        if bar:
            bar[0].close()
