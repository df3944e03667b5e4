"""Dask for work that outgrows one machine (extra ``distributed``).

Each function splits one computation into tasks, runs every task with the compiled kernels on
a Dask cluster, and merges the partial results in a fixed order, so the result is bitwise the
single-machine call's:

- :func:`count_coalitions`, :func:`enumerate_coalitions` (all rows, or the ``top_k`` best):
  the kernel's blocks of coalitions (fixed high bits of the mask) split into consecutive
  ranges; counts add up exactly, top-k lists merge in the kernel's total order (score, then
  mask), rows and their attributes concatenate in mask order.
- :func:`power_indices_batch`, :func:`power_indices_many`: games in batches.
- :func:`predict_theories_many`, :func:`formation_scores`: formation predictions and the
  conditional-logit model's probabilities over many formation opportunities.
- :func:`bootstrap`: resamples in chunks; resample ``i`` has its own random stream.

Every function takes ``client``: a ``dask.distributed.Client`` (default: the current one,
``distributed.get_client()``). For an existing cluster, connect to its scheduler,
``Client("tcp://scheduler:8786")``; locally, ``Client(LocalCluster(n_workers=2,
threads_per_worker=1))`` uses worker processes on this machine. Tasks run
``threads_per_task`` kernel threads each (default 1): start one worker thread per core, or
fewer workers threads and more kernel threads per task; results never depend on either.

Examples
--------
>>> from dask.distributed import Client, LocalCluster
>>> import foedus
>>> from foedus import distributed
>>> from foedus.datasets import bundestag_2021
>>> with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
...                   dashboard_address=None) as cluster, Client(cluster) as client:
...     parl = bundestag_2021()
...     rule = foedus.Rule.majority("seats")
...     n = distributed.count_coalitions(parl, rule, winning=True, client=client)
>>> n == foedus.count_coalitions(parl, rule, winning=True)
True
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from . import bootstrapping as _boot
from . import coalitions as _coal
from ._optional import import_distributed
from ._progress import check_progress, progress_bar
from ._validation import check_int
from .actors import ActorSet
from .counting import ENUMERATION, CoalitionCount
from .formation import predict_theories
from .power import PowerResult, power_indices
from .power_batch import PowerBatch
from .power_batch import power_indices_batch as _local_power_batch
from .results import CoalitionTable
from .rules import Rule

__all__ = ["bootstrap", "count_coalitions", "enumerate_coalitions", "formation_scores",
           "power_indices_batch", "power_indices_many", "predict_theories_many",
           "sizing_seconds"]

#: Filters of the coalition functions passed through to every task.
_FILTERS = ("winning", "minimal", "blocking", "connected", "min_size", "max_size", "include",
            "exclude")


# ---- cluster plumbing -------------------------------------------------------------------------
def _client(client: Any) -> Any:
    dd = import_distributed()
    if client is not None:
        if not isinstance(client, dd.Client):
            raise TypeError(f"client: expected a dask.distributed.Client, got "
                            f"{type(client).__name__}")
        return client
    try:
        return dd.get_client()
    except ValueError:
        raise ValueError(
            "client: no Dask client is running; create one first, e.g. "
            "`from dask.distributed import Client; client = Client()` (a local cluster) or "
            "`Client('tcp://scheduler-host:8786')` (an existing cluster), or pass "
            "client=...") from None


def _worker_threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))


def _run(client: Any, fn: Callable[..., Any], args: Sequence[tuple[Any, ...]], *,
         desc: str, progress: bool | None, weights: Sequence[float] | None = None) -> list[Any]:
    """Submit fn(*a) for every a, gather the results in the order of ``args``.

    The bar advances by each task's weight (default: equal) as tasks finish."""
    dd = import_distributed()
    futures = [client.submit(fn, *a, pure=False) for a in args]
    index = {f.key: i for i, f in enumerate(futures)}
    w = np.ones(len(args)) if weights is None else np.asarray(weights, dtype=np.float64)
    total = float(w.sum()) or 1.0
    results: list[Any] = [None] * len(futures)
    done = 0.0
    try:
        with progress_bar(desc, progress) as update:
            for future in dd.as_completed(futures):
                i = index[future.key]
                results[i] = future.result()
                done += w[i]
                if update is not None:
                    update(done / total)
    finally:
        for f in futures:
            f.release()
    return results


def _ranges(n_blocks: int, n_tasks: int) -> list[tuple[int, int]]:
    """``n_tasks`` consecutive block ranges of (nearly) equal length covering the blocks."""
    n_tasks = max(1, min(n_tasks, n_blocks))
    edges = [n_blocks * t // n_tasks for t in range(n_tasks + 1)]
    return [(edges[t], edges[t + 1]) for t in range(n_tasks) if edges[t] < edges[t + 1]]


def _task_settings(client: Any, n_tasks: Any, threads_per_task: Any) -> tuple[int, int]:
    threads = check_int(threads_per_task if threads_per_task is not None else 1,
                        "threads_per_task", minimum=1, maximum=4096)
    tasks = (4 * _worker_threads(client) if n_tasks is None
             else check_int(n_tasks, "n_tasks", minimum=1, maximum=10**7))
    return tasks, threads


# ---- coalitions ---------------------------------------------------------------------------
def _filters_of(kwargs: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(kwargs) - set(_FILTERS))
    if unknown:
        raise TypeError(f"unexpected argument(s) {', '.join(unknown)}; the filters are "
                        f"{', '.join(_FILTERS)}")
    return kwargs


def _worker_query(actors: ActorSet, rule: Rule, filters: dict[str, Any], score: Any,
                  weight: Any, threads: int) -> Any:
    with warnings.catch_warnings():  # the client's call has warned already
        warnings.simplefilter("ignore")
        return _coal._query(actors, rule, score=score, weight=weight, n_threads=threads,
                            **filters)


def _count_range(actors: ActorSet, rule: Rule, filters: dict[str, Any], b0: int, b1: int,
                 threads: int) -> int:
    q = _worker_query(actors, rule, filters, None, None, threads)
    return int(q.engine.count(threads, b0, b1))


def _top_k_range(actors: ActorSet, rule: Rule, filters: dict[str, Any], score: Any,
                 weight: Any, k: int, b0: int, b1: int,
                 threads: int) -> tuple[np.ndarray, np.ndarray]:
    q = _worker_query(actors, rule, filters, score, weight, threads)
    return q.engine.top_k(k, threads, b0, b1)


def _rows_range(actors: ActorSet, rule: Rule, filters: dict[str, Any], score: Any,
                weight: Any, b0: int, b1: int,
                threads: int) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    q = _worker_query(actors, rule, filters, score, weight, threads)
    masks = q.engine.collect(b0, b1, threads)
    raw = q.engine.attributes(np.ascontiguousarray(masks, dtype=np.uint64), True, threads)
    scores = q.engine.scores(masks, threads) if q.score else None
    return raw, scores


def _validated_query(actors: ActorSet, rule: Rule, filters: dict[str, Any], score: Any = None,
                     weight: Any = None) -> Any:
    """The client-side query: validates everything (with warnings) before any task runs."""
    return _coal._query(actors, rule, score=score, weight=weight, n_threads=1, **filters)


def count_coalitions(actors: ActorSet, rule: Rule, *, client: Any = None,
                     n_tasks: int | None = None, threads_per_task: int | None = None,
                     progress: bool | None = None, **filters: Any) -> CoalitionCount:
    """Count the coalitions that pass the filters by enumeration, split across a cluster.

    The same count as ``foedus.count_coalitions(actors, rule, method="enumeration",
    **filters)``; use the local function first when its dynamic program applies (a single
    weighted quota without the ``connected`` filter), which needs no enumeration at all.

    Parameters
    ----------
    actors, rule, **filters
        As in :func:`foedus.count_coalitions` (winning, minimal, blocking, connected,
        min_size, max_size, include, exclude).
    client : dask.distributed.Client, optional
    n_tasks : int, optional
        Tasks (consecutive ranges of the kernel's blocks); default four per worker thread.
    threads_per_task : int, optional
        Kernel threads per task (default 1).
    progress : bool, optional
        A bar of finished tasks: None (default) on a terminal, True always, False never.
    """
    c = _client(client)
    filters = _filters_of(filters)
    q = _validated_query(actors, rule, filters)
    tasks, threads = _task_settings(c, n_tasks, threads_per_task)
    ranges = _ranges(int(q.engine.n_blocks), tasks)
    [shared] = c.scatter([(actors, rule, filters)], broadcast=True, hash=False)
    parts = _run(c, _count_shared, [(shared, b0, b1, threads) for b0, b1 in ranges],
                 desc="counting", progress=check_progress(progress))
    return CoalitionCount(sum(parts), ENUMERATION)


def _count_shared(shared: tuple[Any, Any, Any], b0: int, b1: int, threads: int) -> int:
    return _count_range(*shared, b0, b1, threads)


def _merge_top_k(parts: list[tuple[np.ndarray, np.ndarray]],
                 k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best of the parts' best, in the kernel's order: higher score first, NaN last,
    ties to the smaller mask (bitsets compared from their highest word)."""
    masks = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts])
    nan = np.isnan(scores)
    neg = np.where(nan, 0.0, -scores)
    if masks.ndim == 1:
        keys: tuple[np.ndarray, ...] = (masks, neg, nan)
    else:  # lexsort: the last key is the primary one
        keys = tuple(masks[:, w] for w in range(masks.shape[1])) + (neg, nan)
    order = np.lexsort(keys)[:k]
    return np.ascontiguousarray(masks[order]), np.ascontiguousarray(scores[order])


def enumerate_coalitions(actors: ActorSet, rule: Rule, *, client: Any = None,
                         top_k: int | None = None, score: Any = None, weight: Any = None,
                         n_tasks: int | None = None, threads_per_task: int | None = None,
                         progress: bool | None = None, **filters: Any) -> CoalitionTable:
    """:func:`foedus.enumerate_coalitions` split across a cluster: the ``top_k`` best by
    ``score`` (each task keeps its range's k best; the client merges them), or every
    passing coalition with its attributes (computed on the workers; the table is gathered on
    the client, so it must fit its memory: count first, or use ``top_k``).

    Parameters as :func:`foedus.enumerate_coalitions` and :func:`count_coalitions`.
    """
    c = _client(client)
    filters = _filters_of(filters)
    if top_k is not None:
        top_k = check_int(top_k, "top_k", minimum=1, maximum=2**31)
        if score is None:
            raise ValueError("top_k needs a score: give score='weight_...' or a "
                             "{column: coefficient} dict")
    q = _validated_query(actors, rule, filters, score, weight)
    tasks, threads = _task_settings(c, n_tasks, threads_per_task)
    ranges = _ranges(int(q.engine.n_blocks), tasks)
    [shared] = c.scatter([(actors, rule, filters, score, weight)], broadcast=True, hash=False)
    progress = check_progress(progress)
    if top_k is not None:
        parts = _run(c, _top_k_shared, [(shared, top_k, b0, b1, threads) for b0, b1 in ranges],
                     desc="top-k", progress=progress)
        masks, scores = _merge_top_k(parts, top_k)
        return _coal._table(q, masks, scores, ranked=True)
    rows = _run(c, _rows_shared, [(shared, b0, b1, threads) for b0, b1 in ranges],
                desc="enumerating", progress=progress)
    raw = {key: np.concatenate([r[0][key] for r in rows]) for key in rows[0][0]}
    scores = None if rows[0][1] is None else np.concatenate([r[1] for r in rows])
    return _coal._table(q, raw["mask"], scores, ranked=False, raw=raw)


def _top_k_shared(shared: tuple[Any, ...], k: int, b0: int, b1: int,
                  threads: int) -> tuple[np.ndarray, np.ndarray]:
    actors, rule, filters, score, weight = shared
    return _top_k_range(actors, rule, filters, score, weight, k, b0, b1, threads)


def _rows_shared(shared: tuple[Any, ...], b0: int, b1: int,
                 threads: int) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    actors, rule, filters, score, weight = shared
    return _rows_range(actors, rule, filters, score, weight, b0, b1, threads)


def sizing_seconds(n_coalitions: float, cores: int, per_core_rate: float) -> float:
    """Seconds for a scan of ``n_coalitions`` on ``cores`` cores at ``per_core_rate``
    coalitions per second and core (the rate measured for the rule and filters at hand).

    >>> round(sizing_seconds(2.0**44, 512, 1.0e9) / 60, 1)   # minutes
    0.6
    """
    if not (cores >= 1 and per_core_rate > 0 and n_coalitions >= 0):
        raise ValueError("sizing_seconds: needs n_coalitions >= 0, cores >= 1, rate > 0")
    return float(n_coalitions) / (float(cores) * float(per_core_rate))


# ---- many games -------------------------------------------------------------------------------
def _batches(m: int, batch_size: int) -> list[tuple[int, int]]:
    return [(i, min(m, i + batch_size)) for i in range(0, m, batch_size)]


def _batch_size(client: Any, m: int, batch_size: Any) -> int:
    if batch_size is not None:
        return check_int(batch_size, "batch_size", minimum=1, maximum=10**9)
    return max(1, -(-m // (4 * _worker_threads(client))))


def _pad(a: np.ndarray, width: int, fill: Any) -> np.ndarray:
    if a.shape[1] == width:
        return a
    out = np.full((a.shape[0], width), fill, dtype=a.dtype)
    out[:, : a.shape[1]] = a
    return out


def power_indices_batch(weights: Any, quotas: Any, *, index: str = "banzhaf",
                        client: Any = None, batch_size: int | None = None,
                        threads_per_task: int | None = None,
                        progress: bool | None = None) -> PowerBatch:
    """:func:`foedus.power_indices_batch` over a cluster: the games in batches, one task per
    batch, the :class:`~foedus.PowerBatch` results stacked in the games' order (bitwise the
    single call's)."""
    c = _client(client)
    games = [np.asarray(g) for g in (weights if not isinstance(weights, np.ndarray)
                                     or weights.ndim == 1 else list(weights))]
    q = np.asarray(quotas)
    if q.ndim != 1 or len(q) != len(games):
        raise ValueError(f"quotas: expected one quota per game ({len(games)}), got shape "
                         f"{q.shape}")
    _, threads = _task_settings(c, 1, threads_per_task)
    size = _batch_size(c, len(games), batch_size)
    if not games:
        return _local_power_batch(weights, quotas, index=index, n_threads=1)
    parts = _run(c, _local_batch, [(games[a:b], q[a:b], index, threads)
                                   for a, b in _batches(len(games), size)],
                 desc="power indices", progress=check_progress(progress))
    width = max(p.values.shape[1] for p in parts)
    return PowerBatch(index=index,
                      values=np.concatenate([_pad(p.values, width, np.nan) for p in parts]),
                      sizes=np.concatenate([p.sizes for p in parts]),
                      counts=np.concatenate([_pad(p.counts, width, 0) for p in parts]),
                      exact_counts=np.concatenate([p.exact_counts for p in parts]))


def _local_batch(games: list[np.ndarray], quotas: np.ndarray, index: str,
                 threads: int) -> PowerBatch:
    return _local_power_batch(games, quotas, index=index, n_threads=threads)


def _games(games: Iterable[Any]) -> list[tuple[ActorSet, Rule]]:
    items = list(games)
    for i, g in enumerate(items):
        if not (isinstance(g, tuple) and len(g) == 2 and isinstance(g[0], ActorSet)
                and isinstance(g[1], Rule)):
            raise TypeError(f"games[{i}]: expected an (ActorSet, Rule) pair")
    return items


def _map_batches(client: Any, fn: Callable[..., list[Any]], items: list[Any],
                 extra: tuple[Any, ...], *, batch_size: Any, threads_per_task: Any,
                 progress: Any, desc: str) -> list[Any]:
    """fn(batch, *extra, threads) on consecutive batches of ``items``, flattened in order."""
    c = _client(client)
    _, threads = _task_settings(c, 1, threads_per_task)
    size = _batch_size(c, len(items), batch_size)
    parts = _run(c, fn, [(items[a:b], *extra, threads) for a, b in _batches(len(items), size)],
                 desc=desc, progress=check_progress(progress))
    return [r for p in parts for r in p]


def power_indices_many(games: Iterable[tuple[ActorSet, Rule]], *, index: str = "banzhaf",
                       client: Any = None, batch_size: int | None = None,
                       threads_per_task: int | None = None, progress: bool | None = None,
                       **kwargs: Any) -> list[PowerResult]:
    """:func:`foedus.power_indices` for many ``(actors, rule)`` games (any rule, any index,
    ``exact``, ``method``, sampling with ``seed``...), in batches across a cluster."""
    return _per_game(power_indices, (), {"index": index, **kwargs}, games, client=client,
                     batch_size=batch_size, threads_per_task=threads_per_task,
                     progress=progress, desc="power indices")


def predict_theories_many(games: Iterable[tuple[ActorSet, Rule]], theories: Any = None, *,
                          client: Any = None, batch_size: int | None = None,
                          threads_per_task: int | None = None, progress: bool | None = None,
                          **kwargs: Any) -> list[dict[str, Any]]:
    """:func:`foedus.predict_theories` for many ``(actors, rule)`` games across a cluster;
    one dict (theory -> Prediction) per game, in order."""
    return _per_game(predict_theories, (theories,), kwargs, games, client=client,
                     batch_size=batch_size, threads_per_task=threads_per_task,
                     progress=progress, desc="formation")


def _per_game(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
              games: Iterable[tuple[ActorSet, Rule]], *, client: Any, batch_size: int | None,
              threads_per_task: int | None, progress: bool | None, desc: str) -> list[Any]:
    """``fn(actors, rule, *args, n_threads=..., **kwargs)`` for every game, in batches."""
    if "n_threads" in kwargs:
        raise TypeError("n_threads: give threads_per_task instead")
    return _map_batches(client, _each_game, _games(games), (fn, args, kwargs),
                        batch_size=batch_size, threads_per_task=threads_per_task,
                        progress=progress, desc=desc)


def _each_game(items: list[tuple[ActorSet, Rule]], fn: Callable[..., Any],
               args: tuple[Any, ...], kwargs: dict[str, Any], threads: int) -> list[Any]:
    return [fn(a, r, *args, n_threads=threads, **kwargs) for a, r in items]


def formation_scores(model: Any, opportunities: Iterable[Any], *, client: Any = None,
                     batch_size: int | None = None, threads_per_task: int | None = None,
                     progress: bool | None = None) -> list[Any]:
    """A fitted :class:`~foedus.FormationModel`'s ranking of the potential cabinets of many
    formation opportunities (``model.predict_proba`` of each, a pandas DataFrame), computed
    across a cluster, in order."""
    model._check_fitted()
    c = _client(client)
    [shared] = c.scatter([model], broadcast=True, hash=False)
    return _map_batches(c, _scores_many, list(opportunities), (shared,),
                        batch_size=batch_size, threads_per_task=threads_per_task,
                        progress=progress, desc="formation")


def _scores_many(items: list[Any], model: Any, threads: int) -> list[Any]:
    return [model.predict_proba(o, n_threads=threads) for o in items]


# ---- bootstrap ----------------------------------------------------------------------------
def bootstrap(model: Any, durations: Any, event: Any = None, X: Any = None, *,
              client: Any = None, chunk_size: int | None = None, progress: bool | None = None,
              **kwargs: Any) -> _boot.BootstrapResult:
    """:func:`foedus.bootstrap` with the resamples in chunks across a cluster; the same result
    as the local call for the same ``seed`` (arguments as there)."""
    c = _client(client)
    plan, fields = _boot.plan_bootstrap(model, durations, event, X, **kwargs)
    n = fields["n_resamples"]
    size = _batch_size(c, n, chunk_size)
    [shared] = c.scatter([plan], broadcast=True, hash=False)
    parts = _run(c, _boot.replicate_chunk, [(shared, a, b) for a, b in _batches(n, size)],
                 desc="bootstrap", progress=check_progress(progress))
    return _boot.finish_bootstrap(fields, np.concatenate(parts))
