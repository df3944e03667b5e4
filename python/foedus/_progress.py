"""Progress bars for long kernel calls (count, top-k, collect, optimal partition, bootstrap).

The compiled kernels record the fraction of their work done; the binding's periodic interrupt
check (every 20 ms, on the calling thread, with the GIL) passes it to a Python callable. This
module turns such a callable into a tqdm bar on standard error.

``progress`` arguments across foedus take:

- ``None`` (default): a bar only when standard error is a terminal, and only for calls lasting
  longer than a second (tqdm's ``disable=None`` and ``delay``);
- ``True``: a bar whatever standard error is (after the same delay);
- ``False``: no bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["check_progress", "progress_bar"]

#: Seconds before a bar appears: short calls never draw one.
DELAY = 1.0
#: Steps of the bar (the kernels report fractions; the bar shows tenths of a percent).
STEPS = 1000


def check_progress(progress: Any) -> bool | None:
    """Validate a ``progress`` argument (None, True or False)."""
    if progress is None or isinstance(progress, bool):
        return progress
    raise TypeError(f"progress must be None (a bar on a terminal), True or False, got "
                    f"{progress!r}")


@contextmanager
def progress_bar(desc: str, progress: bool | None, *, file: Any = None,
                 delay: float | None = None) -> Iterator[Callable[[float], None] | None]:
    """A callable taking the fraction of work done (0 to 1), drawing a bar; None when off.

    The bar is completed when the body ends normally and left as it is on an error.

    Examples
    --------
    >>> import io
    >>> from foedus._progress import progress_bar
    >>> err = io.StringIO()
    >>> with progress_bar("counting", True, file=err, delay=0) as update:
    ...     update(0.5)
    >>> "counting" in err.getvalue() and "100%" in err.getvalue()
    True
    """
    progress = check_progress(progress)
    if progress is False:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=STEPS, desc=desc, file=file, delay=DELAY if delay is None else delay,
               leave=False,
               disable=None if progress is None else False,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}]")
    if bar.disable:
        bar.close()
        yield None
        return

    def update(fraction: float) -> None:
        target = int(min(1.0, max(0.0, float(fraction))) * STEPS)
        if target > bar.n:
            bar.update(target - bar.n)

    ok = False
    try:
        yield update
        ok = True
    finally:
        if ok:
            update(1.0)
            bar.refresh()  # draw the end (tqdm may skip updates within its mininterval)
        bar.close()
