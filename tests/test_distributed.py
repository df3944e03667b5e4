"""foedus.distributed on a LocalCluster with two worker processes: every result is bitwise the
single-machine call's. Also the kernels' block ranges and progress reports it builds on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import foedus
from foedus import coalitions as coal
from foedus import distributed as fd
from foedus.datasets import bundestag_2021, kabl_1990
from foedus.datasets.parlgov import parlgov_formations

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def _actors(n: int, seed: int, dims: int = 1) -> foedus.ActorSet:
    rng = np.random.default_rng(seed)
    pos = rng.integers(0, 8, (n, dims)).astype(float) / 2  # ties on purpose
    return foedus.ActorSet([f"p{i}" for i in range(n)], weights=rng.integers(1, 40, n),
                           positions={f"d{j}": pos[:, j] for j in range(dims)})


def _same_table(a: foedus.CoalitionTable, b: foedus.CoalitionTable) -> None:
    assert a.columns == b.columns
    for c in a.columns:
        x, y = a[c], b[c]
        assert x.dtype == y.dtype, c
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), c
        assert x.tobytes() == y.tobytes(), c  # bitwise


# ---- the kernels' block ranges and progress (no cluster) ----------------------------------------
@given(st.integers(1, 22), st.integers(0, 10**6), st.lists(st.floats(0, 1), max_size=5))
def test_block_range_counts_add_up(n: int, seed: int, cuts: list[float]) -> None:
    a = _actors(n, seed)
    q = coal._query(a, foedus.Rule.majority(), winning=True, connected="d0")
    nb = int(q.engine.n_blocks)
    edges = sorted({0, nb, *(int(c * nb) for c in cuts)})
    parts = [q.engine.count(1, lo, hi) for lo, hi in zip(edges, edges[1:], strict=False)]
    assert sum(parts) == q.engine.count(2)


@given(st.integers(3, 20), st.integers(0, 10**6), st.integers(1, 40),
       st.lists(st.floats(0, 1), max_size=4))
def test_block_range_top_k_merge(n: int, seed: int, k: int, cuts: list[float]) -> None:
    a = _actors(n, seed)
    q = coal._query(a, foedus.Rule.majority(), winning=True, score={"range_d0": -1.0})
    nb = int(q.engine.n_blocks)
    edges = sorted({0, nb, *(int(c * nb) for c in cuts)})
    parts = [q.engine.top_k(k, 1, lo, hi) for lo, hi in zip(edges, edges[1:], strict=False)]
    masks, scores = fd._merge_top_k(parts, k)
    whole_masks, whole_scores = q.engine.top_k(k, 2)
    assert masks.tobytes() == whole_masks.tobytes()
    assert scores.tobytes() == whole_scores.tobytes()


def test_merge_top_k_order_nan_last_ties_by_mask() -> None:
    parts = [(np.array([5, 9, 2], dtype=np.uint64), np.array([1.0, np.nan, 3.0])),
             (np.array([4, 1, 7], dtype=np.uint64), np.array([1.0, np.nan, 3.0]))]
    masks, scores = fd._merge_top_k(parts, 5)
    assert masks.tolist() == [2, 7, 4, 5, 1]
    assert scores[:4].tolist() == [3.0, 3.0, 1.0, 1.0] and np.isnan(scores[4])
    wide = [(np.array([[1, 2], [5, 1]], dtype=np.uint64), np.array([2.0, 2.0]))]
    masks, _ = fd._merge_top_k(wide, 2)  # bitsets compare from the highest word
    assert masks.tolist() == [[5, 1], [1, 2]]


def test_sized_engine_ranges() -> None:
    a = _actors(70, 1)
    q = coal._query(a, foedus.Rule.majority(), max_size=3, winning=False)
    nb = int(q.engine.n_blocks)
    assert nb > 1
    mid = nb // 2
    assert q.engine.count(1, 0, mid) + q.engine.count(1, mid, nb) == q.engine.count(2)
    k = 25
    q = coal._query(a, foedus.Rule.majority(), max_size=3, score={"weight_weight": 1.0})
    parts = [q.engine.top_k(k, 1, 0, mid), q.engine.top_k(k, 1, mid, nb)]
    masks, scores = fd._merge_top_k(parts, k)
    whole = q.engine.top_k(k, 2)
    assert masks.tobytes() == whole[0].tobytes() and scores.tobytes() == whole[1].tobytes()


def test_progress_reports_grow_to_the_end() -> None:
    a = _actors(27, 2)
    q = coal._query(a, foedus.Rule.majority(), winning=True, connected="d0")
    seen: list[float] = []
    total = q.engine.count(2, 0, -1, seen.append)
    assert total == q.engine.count(2)
    assert seen, "no progress reported in a call of a few hundred milliseconds"
    assert all(0 <= x <= 1 for x in seen) and seen == sorted(seen)


def test_progress_callback_error_stops_the_kernel() -> None:
    a = _actors(30, 3)
    q = coal._query(a, foedus.Rule.majority(), winning=True, connected="d0")

    def stop(_fraction: float) -> None:
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        q.engine.count(1, 0, -1, stop)


def test_progress_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    parl = bundestag_2021()
    rule = foedus.Rule.majority("seats")
    with pytest.raises(TypeError, match="progress"):
        foedus.count_coalitions(parl, rule, winning=True, method="enumeration", progress="yes")
    n = foedus.count_coalitions(parl, rule, winning=True, method="enumeration", progress=True)
    assert n == foedus.count_coalitions(parl, rule, winning=True, method="enumeration",
                                        progress=False)
    v = foedus.structures.generate_values("uniform", 10, seed=1)
    a = foedus.optimal_partition(v, progress=False)
    b = foedus.optimal_partition(v, progress=True)
    assert a.partition == b.partition and a.value == b.value


# ---- on the cluster ---------------------------------------------------------------------------
@pytest.mark.parametrize("n,seed,filters", [
    (18, 1, {"winning": True}),
    (22, 2, {"winning": True, "connected": "d0"}),
    (21, 3, {"minimal": True, "include": ["p0"], "exclude": ["p3"]}),
    (20, 4, {"blocking": True, "min_size": 3, "max_size": 9}),
])
def test_count_matches_single_machine(client, n: int, seed: int, filters: dict) -> None:
    a = _actors(n, seed)
    rule = foedus.Rule.majority()
    local = foedus.count_coalitions(a, rule, method="enumeration", **filters)
    for tasks in (1, 3, 17):
        assert fd.count_coalitions(a, rule, client=client, n_tasks=tasks, **filters) == local


@pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")
def test_count_beyond_64_actors_with_a_size_bound(client) -> None:
    a = _actors(90, 5)
    rule = foedus.Rule.quota(300)
    local = foedus.count_coalitions(a, rule, winning=True, max_size=3, method="enumeration")
    assert fd.count_coalitions(a, rule, winning=True, max_size=3, client=client) == local


def test_top_k_matches_single_machine(client) -> None:
    a = _actors(20, 6, dims=2)
    rule = foedus.Rule.majority()
    score = {"range_d0": -1.0, "dispersion_d1": -0.5, "size": 0.25}
    local = foedus.enumerate_coalitions(a, rule, winning=True, top_k=300, score=score)
    for tasks in (2, 9):
        dist = fd.enumerate_coalitions(a, rule, winning=True, top_k=300, score=score,
                                       client=client, n_tasks=tasks, threads_per_task=2)
        _same_table(dist, local)


@pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")
def test_top_k_wide_matches_single_machine(client) -> None:
    a = _actors(80, 7)
    rule = foedus.Rule.quota(120)
    local = foedus.enumerate_coalitions(a, rule, winning=True, max_size=3, top_k=50,
                                        score={"weight_weight": -1.0})
    dist = fd.enumerate_coalitions(a, rule, winning=True, max_size=3, top_k=50,
                                   score={"weight_weight": -1.0}, client=client, n_tasks=5)
    _same_table(dist, local)


def test_all_rows_match_single_machine(client) -> None:
    a = _actors(17, 8, dims=2)
    rule = foedus.Rule.majority()
    local = foedus.enumerate_coalitions(a, rule, minimal=True, score={"range_d1": 1.0})
    dist = fd.enumerate_coalitions(a, rule, minimal=True, score={"range_d1": 1.0},
                                   client=client, n_tasks=6)
    assert len(local) > 10
    _same_table(dist, local)


def test_power_batch_matches_single_machine(client) -> None:
    rng = np.random.default_rng(9)
    games = [rng.integers(1, 30, int(k)) for k in rng.integers(2, 25, 40)]
    quotas = [int(g.sum()) // 2 + 1 for g in games]
    for index in ("banzhaf", "shapley_shubik"):
        local = foedus.power_indices_batch(games, quotas, index=index)
        dist = fd.power_indices_batch(games, quotas, index=index, client=client, batch_size=7)
        for f in ("values", "sizes", "counts", "exact_counts"):
            assert getattr(dist, f).tobytes() == getattr(local, f).tobytes(), f


def test_power_many_matches_single_machine(client) -> None:
    games = [(_actors(n, n), foedus.Rule.majority()) for n in range(3, 15)]
    for kwargs in ({"index": "shapley_shubik", "exact": True},
                   {"index": "banzhaf", "method": "sampling", "n_samples": 2000, "seed": 5}):
        local = [foedus.power_indices(a, r, **kwargs) for a, r in games]
        dist = fd.power_indices_many(games, client=client, batch_size=5, **kwargs)
        for x, y in zip(local, dist, strict=True):
            assert x.values.tobytes() == y.values.tobytes()
            assert x.exact == y.exact


@pytest.mark.filterwarnings("ignore::foedus.ImproperGameWarning")
def test_formation_matches_single_machine(client) -> None:
    opportunities = [o for o in parlgov_formations() if o.country == "DEU"][:6]
    games = [(o.actors, o.rule) for o in opportunities]
    local = [foedus.predict_theories(a, r) for a, r in games]
    dist = fd.predict_theories_many(games, client=client, batch_size=2)
    for x, y in zip(local, dist, strict=True):
        assert x.keys() == y.keys()
        for t in x:
            assert x[t].coalitions == y[t].coalitions
    model = foedus.datasets.formation_demo_model()
    local_p = [model.predict_proba(o) for o in opportunities]
    dist_p = fd.formation_scores(model, opportunities, client=client, batch_size=4)
    for x, y in zip(local_p, dist_p, strict=True):
        assert x.equals(y)


def test_bootstrap_matches_single_machine(client) -> None:
    d = kabl_1990()
    X = np.column_stack([d["numst2"], d["invest"]])
    kw = {"n_resamples": 60, "seed": 11, "fit_kwargs": {"names": ["numst2", "invest"]}}
    local = foedus.bootstrap(foedus.CoxModel(), d["duration"], d["ciep12"], X, **kw)
    for chunk in (7, 60):
        dist = fd.bootstrap(foedus.CoxModel(), d["duration"], d["ciep12"], X, client=client,
                            chunk_size=chunk, **kw)
        assert dist.replicates.tobytes() == local.replicates.tobytes()
        assert dist.names == local.names
    clusters = np.arange(len(d["duration"])) % 25
    local = foedus.bootstrap(foedus.AFTModel("weibull"), d["duration"], d["ciep12"], X,
                             cluster=clusters, **kw)
    dist = fd.bootstrap(foedus.AFTModel("weibull"), d["duration"], d["ciep12"], X,
                        cluster=clusters, client=client, **kw)
    assert dist.replicates.tobytes() == local.replicates.tobytes()


def test_clear_errors(client) -> None:
    a = _actors(10, 1)
    rule = foedus.Rule.majority()
    with pytest.raises(TypeError, match="client"):
        fd.count_coalitions(a, rule, client="tcp://nowhere:8786")
    with pytest.raises(TypeError, match="winnning"):
        fd.count_coalitions(a, rule, client=client, winnning=True)
    with pytest.raises(ValueError, match="n_tasks"):
        fd.count_coalitions(a, rule, client=client, n_tasks=0)
    with pytest.raises(ValueError, match="top_k needs a score"):
        fd.enumerate_coalitions(a, rule, client=client, top_k=3)
    with pytest.raises(ValueError, match="actors"):
        fd.count_coalitions(_actors(70, 1), rule, client=client)
    with pytest.raises(TypeError, match="games\\[0\\]"):
        fd.power_indices_many([a], client=client)


def test_no_client_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import distributed

    def no_client() -> None:
        raise ValueError("No clients found")

    monkeypatch.setattr(distributed, "get_client", no_client)
    with pytest.raises(ValueError, match="no Dask client is running"):
        fd.count_coalitions(_actors(5, 1), foedus.Rule.majority())


def test_sizing_seconds() -> None:
    assert fd.sizing_seconds(2.0**44, 64, 2.0**30) == pytest.approx(2.0**44 / 64 / 2.0**30)
    with pytest.raises(ValueError):
        fd.sizing_seconds(1.0, 0, 1.0)
