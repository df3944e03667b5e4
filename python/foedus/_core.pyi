"""Type stub of foedus's compiled core (internal: use the public foedus API)."""

from typing import Any

import numpy as np
import numpy.typing as npt

def build_info() -> dict[str, Any]: ...
def max_threads() -> int: ...

class Engine:
    """A prepared enumeration problem: actors, rule, filters and score."""

    def __init__(
        self,
        n: int,
        weights: npt.NDArray[np.int64],
        scale: npt.NDArray[np.float64],
        rule_op: npt.NDArray[np.int32],
        rule_crit: npt.NDArray[np.int32],
        rule_nchild: npt.NDArray[np.int32],
        rule_q: npt.NDArray[np.int64],
        rule_set: npt.NDArray[np.uint64],
        positions: npt.NDArray[np.float64],
        adjacency: npt.NDArray[np.uint64] | None,
        weight_crit: int,
        winning: int,
        minimal: bool,
        blocking: int,
        connected: int,
        min_size: int,
        max_size: int,
        include: int,
        exclude: int,
        score_code: npt.NDArray[np.int32],
        score_param: npt.NDArray[np.int32],
        score_q: npt.NDArray[np.float64],
        score_coef: npt.NDArray[np.float64],
    ) -> None: ...
    @property
    def n_blocks(self) -> int: ...
    @property
    def block_size(self) -> int: ...
    @property
    def fast_path(self) -> bool: ...
    def count(self, n_threads: int) -> int: ...
    def collect(self, block_lo: int, block_hi: int, n_threads: int) -> npt.NDArray[np.uint64]: ...
    def top_k(
        self, k: int, n_threads: int
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float64]]: ...
    def scores(self, masks: npt.NDArray[np.uint64], n_threads: int) -> npt.NDArray[np.float64]: ...
    def attributes(
        self, masks: npt.NDArray[np.uint64], with_diameter: bool, n_threads: int
    ) -> dict[str, npt.NDArray[Any]]: ...

def dp_count(
    weights: npt.NDArray[np.int64],
    H: int,
    rows: int,
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    thresholds: npt.NDArray[np.int64],
    primes: npt.NDArray[np.uint64],
    n_threads: int,
) -> npt.NDArray[np.uint64]: ...
def minimal_winning(
    n: int,
    leaf_weights: npt.NDArray[np.int64],
    quotas: npt.NDArray[np.int64],
    max_size: int,
    max_results: int,
    max_bytes: int,
    n_threads: int,
) -> tuple[npt.NDArray[np.uint64], int, bool, bool]: ...

class WideEngine:
    """Actors and rule prepared for bitset coalitions of any size."""

    def __init__(
        self,
        n: int,
        weights: npt.NDArray[np.int64],
        scale: npt.NDArray[np.float64],
        rule_op: npt.NDArray[np.int32],
        rule_crit: npt.NDArray[np.int32],
        rule_nchild: npt.NDArray[np.int32],
        rule_q: npt.NDArray[np.int64],
        rule_sets: npt.NDArray[np.uint64],
        positions: npt.NDArray[np.float64],
        adjacency: npt.NDArray[np.uint64] | None,
        weight_crit: int,
    ) -> None: ...
    @property
    def words(self) -> int: ...
    def attributes(
        self, masks: npt.NDArray[np.uint64], with_diameter: bool, n_threads: int
    ) -> dict[str, npt.NDArray[Any]]: ...

class SizedEngine:
    """Size-bounded enumeration over bitset coalitions."""

    def __init__(
        self,
        n: int,
        weights: npt.NDArray[np.int64],
        scale: npt.NDArray[np.float64],
        rule_op: npt.NDArray[np.int32],
        rule_crit: npt.NDArray[np.int32],
        rule_nchild: npt.NDArray[np.int32],
        rule_q: npt.NDArray[np.int64],
        rule_sets: npt.NDArray[np.uint64],
        positions: npt.NDArray[np.float64],
        adjacency: npt.NDArray[np.uint64] | None,
        weight_crit: int,
        winning: int,
        minimal: bool,
        blocking: int,
        connected: int,
        min_size: int,
        max_size: int,
        include: npt.NDArray[np.uint64],
        exclude: npt.NDArray[np.uint64],
        score_code: npt.NDArray[np.int32],
        score_param: npt.NDArray[np.int32],
        score_q: npt.NDArray[np.float64],
        score_coef: npt.NDArray[np.float64],
    ) -> None: ...
    @property
    def n_blocks(self) -> int: ...
    @property
    def block_size(self) -> int: ...
    def count(self, n_threads: int) -> int: ...
    def collect(self, block_lo: int, block_hi: int, n_threads: int) -> npt.NDArray[np.uint64]: ...
    def top_k(
        self, k: int, n_threads: int
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.float64]]: ...
    def scores(self, masks: npt.NDArray[np.uint64], n_threads: int) -> npt.NDArray[np.float64]: ...
    def attributes(
        self, masks: npt.NDArray[np.uint64], with_diameter: bool, n_threads: int
    ) -> dict[str, npt.NDArray[Any]]: ...

# ---- power indices (power_*.hpp) ----
def swing_float(
    weights: npt.NDArray[np.int64], q: int, a: npt.NDArray[np.float64],
    b: npt.NDArray[np.float64], n_threads: int,
) -> npt.NDArray[np.float64]: ...
def swing_exact(
    weights: npt.NDArray[np.int64], q: int, sized: bool, moduli: npt.NDArray[np.uint64],
    n_threads: int,
) -> npt.NDArray[np.uint64]: ...
def mwc_float(
    weights: npt.NDArray[np.int64], q: int, kind: int, a: npt.NDArray[np.float64],
    b: npt.NDArray[np.float64], n_threads: int,
) -> npt.NDArray[np.float64]: ...
def mwc_exact(
    weights: npt.NDArray[np.int64], q: int, kind: int, points: int,
    primes: npt.NDArray[np.uint64], n_threads: int,
) -> npt.NDArray[np.uint64]: ...
def enum_power(
    n: int, weights: npt.NDArray[np.int64], rule_op: npt.NDArray[np.int32],
    rule_crit: npt.NDArray[np.int32], rule_nchild: npt.NDArray[np.int32],
    rule_q: npt.NDArray[np.int64], rule_set: npt.NDArray[np.uint64], by_size: bool, mwc: bool,
    johnston: bool, n_threads: int,
) -> dict[str, Any]: ...
def sample_power(
    n: int, weights: npt.NDArray[np.int64], rule_op: npt.NDArray[np.int32],
    rule_crit: npt.NDArray[np.int32], rule_nchild: npt.NDArray[np.int32],
    rule_q: npt.NDArray[np.int64], contains_ptr: npt.NDArray[np.int64],
    contains_members: npt.NDArray[np.int64], seed: int, n_samples: int, kind: int,
    n_threads: int,
) -> dict[str, Any]: ...
def owen_enum(
    n: int, weights: npt.NDArray[np.int64], rule_op: npt.NDArray[np.int32],
    rule_crit: npt.NDArray[np.int32], rule_nchild: npt.NDArray[np.int32],
    rule_q: npt.NDArray[np.int64], rule_set: npt.NDArray[np.uint64],
    unions: npt.NDArray[np.uint64], n_threads: int,
) -> npt.NDArray[np.uint64]: ...
def batch_power(
    weights: npt.NDArray[np.int64], offsets: npt.NDArray[np.int64],
    quotas: npt.NDArray[np.int64], kind: int, n_threads: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.uint64], npt.NDArray[np.bool_]]: ...
def swing2_float(
    w1: npt.NDArray[np.int64], w2: npt.NDArray[np.int64], rule_op: npt.NDArray[np.int32],
    rule_crit: npt.NDArray[np.int32], rule_nchild: npt.NDArray[np.int32],
    rule_q: npt.NDArray[np.int64], a: npt.NDArray[np.float64], b: npt.NDArray[np.float64],
    n_threads: int,
) -> npt.NDArray[np.float64]: ...
def swing2_exact(
    w1: npt.NDArray[np.int64], w2: npt.NDArray[np.int64], rule_op: npt.NDArray[np.int32],
    rule_crit: npt.NDArray[np.int32], rule_nchild: npt.NDArray[np.int32],
    rule_q: npt.NDArray[np.int64], by_first: bool, moduli: npt.NDArray[np.uint64],
    n_threads: int,
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]: ...
def aft_derivs(
    X: npt.NDArray[np.float64], logt: npt.NDArray[np.float64], d: npt.NDArray[np.float64],
    loge: npt.NDArray[np.float64], has_e: npt.NDArray[np.uint8], theta: npt.NDArray[np.float64],
    dist: int, with_grad: bool, with_hess: bool, n_threads: int,
) -> tuple[float, npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def cox_derivs(
    X: npt.NDArray[np.float64], exit: npt.NDArray[np.float64], event: npt.NDArray[np.uint8],
    entry: npt.NDArray[np.float64] | None, entry_order: npt.NDArray[np.int64] | None,
    strata: npt.NDArray[np.int64], beta: npt.NDArray[np.float64], efron: bool, second: bool,
    per_time: bool, n_threads: int,
) -> tuple[float, npt.NDArray[np.float64], npt.NDArray[np.float64], dict[str, Any] | None]: ...
def game_bit_sums(
    v: npt.NDArray[np.float64], alpha: npt.NDArray[np.float64], beta: npt.NDArray[np.float64],
    pairs: bool, n_threads: int,
) -> tuple[npt.NDArray[np.float64], float, npt.NDArray[np.float64] | None]: ...
def game_moebius(v: npt.NDArray[np.float64], inverse: bool,
                 n_threads: int) -> npt.NDArray[np.float64]: ...
def game_superadditive(v: npt.NDArray[np.float64], tol: float,
                       n_threads: int) -> tuple[int, int]: ...
def game_graph_restricted(v: npt.NDArray[np.float64], adjacent: npt.NDArray[np.uint64],
                          n_threads: int) -> npt.NDArray[np.float64]: ...
def rule_table(
    n: int, weights: npt.NDArray[np.int64], rule_op: npt.NDArray[np.int32],
    rule_crit: npt.NDArray[np.int32], rule_nchild: npt.NDArray[np.int32],
    rule_q: npt.NDArray[np.int64], rule_set: npt.NDArray[np.uint64], n_threads: int,
) -> npt.NDArray[np.float64]: ...
def csg_solve(
    v: npt.NDArray[np.float64], seconds: float, n_threads: int, search: bool = True,
) -> tuple[bool, float, float, npt.NDArray[np.uint64], int, int, int]: ...
