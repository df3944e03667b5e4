"""The conditional-logit model of government formation (Martin and Stevenson 2001).

Each formation opportunity is a choice among its potential cabinets (every non-empty subset
of the parties in parliament); the probability of cabinet j is ``exp(x_j b) / sum_k exp(x_k b)``
with features ``x`` computed by the kernel. Features follow Martin & Stevenson (2001) as
replicated by Glasgow, Golder & Golder (2012):

=========================== ================================================================
feature                     value for a potential cabinet
=========================== ================================================================
``minority``                1 if its seats fall short of the quota
``minimal_winning``         1 if it wins and every member is needed
``n_parties``               number of parties
``largest_party``           1 if it contains the largest party (by seats)
``median_party``            1 if it contains the median party on ``left_right``
``ideological_divisions``   left-right distance between its most distant members (0 for one
                            placed member or none)
``previous_pm``             1 if it contains the previous prime minister's party
``incumbent``               1 if it is the previous cabinet (same parties)
=========================== ================================================================

User-defined features aggregate any ActorSet column over the members:
``("sum", "seats")``, ``("mean", "left_right")``, ``("max", ...)``, ``("min", ...)``,
``("any", attribute)`` (named ``"sum_seats"`` and so on).

The model is fitted by maximum likelihood with Newton's method and the analytic Hessian.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._newton import maximise
from ._optional import import_pandas
from ._validation import check_float, check_int
from .coalitions import enumerate_coalitions
from .opportunity import FormationOpportunity

__all__ = ["FormationModel", "STANDARD_FEATURES", "cabinet_features"]

STANDARD_FEATURES = ("minority", "minimal_winning", "n_parties", "largest_party",
                     "median_party", "ideological_divisions", "previous_pm", "incumbent")
#: parliaments with more parties are restricted to cabinets of at most MAX_CANDIDATE_SIZE
EXHAUSTIVE_PARTIES = 22
MAX_CANDIDATE_SIZE = 5
_AGGREGATES = ("sum", "mean", "max", "min", "any")


def _feature_name(feature: Any) -> str:
    if isinstance(feature, str):
        if feature not in STANDARD_FEATURES:
            raise ValueError(f"features: unknown feature {feature!r}; standard ones are "
                             f"{list(STANDARD_FEATURES)}, or give (aggregate, column) with "
                             f"aggregate in {list(_AGGREGATES)}")
        return feature
    if (isinstance(feature, tuple) and len(feature) == 2 and feature[0] in _AGGREGATES
            and isinstance(feature[1], str)):
        return f"{feature[0]}_{feature[1]}"
    raise TypeError(f"features: expected a feature name or (aggregate, column), got {feature!r}")


def _column(f: FormationOpportunity, name: str) -> np.ndarray:
    a = f.actors
    if name in a.weight_names:
        return np.asarray(a.weight(name), dtype=np.float64)
    if name in a.dimensions:
        return np.asarray(a.positions[:, a.dimension(name)], dtype=np.float64)
    if name in a.attributes:
        from ._validation import float_array
        return float_array(a.attributes[name], f"features: column {name!r}")
    raise ValueError(f"features: no column {name!r} among the weights, positions or "
                     "attributes of the parliament")


def _scoring_actors(actors: Any) -> Any:
    """The parliament reduced to its seats and left-right positions (exact as given)."""
    from .actors import ActorSet
    exact = actors._exact_weights[actors.criterion("seats")]
    seats = np.asarray(exact) if exact is not None else actors.weight("seats")
    positions = ({"left_right": actors.positions[:, actors.dimension("left_right")]}
                 if "left_right" in actors.dimensions else None)
    return ActorSet(list(actors.names), {"seats": seats}, positions=positions)


def cabinet_features(f: FormationOpportunity, features: Sequence[Any] = STANDARD_FEATURES,
                     *, n_threads: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The potential cabinets of one opportunity and their features.

    Returns ``(masks, X)``: every non-empty subset of the parties (bit masks over
    ``f.actors``), or, beyond ``EXHAUSTIVE_PARTIES`` parties, the subsets of at most
    ``MAX_CANDIDATE_SIZE`` parties plus the formed cabinet; and one row of features each.

    Examples
    --------
    The 2^7 - 1 = 127 potential cabinets of the seven parties of the Bundestag elected in
    2021, and the features of the one that formed, Scholz's SPD, Greens and FDP: a majority
    (416 of 736 seats) that needs every member, three parties including the largest (SPD)
    and the median one (FDP), spanning 5.9233 - 2.9308 on the left-right scale, without the
    previous prime minister's CDU+CSU and not the previous cabinet:

    >>> from foedus import STANDARD_FEATURES, cabinet_features
    >>> from foedus.datasets import parlgov_formations
    >>> scholz = [f for f in parlgov_formations() if f.cabinet_name == "Scholz"][0]
    >>> masks, X = cabinet_features(scholz)
    >>> X.shape
    (127, 8)
    >>> dict(zip(STANDARD_FEATURES, X[masks == scholz.cabinet_mask][0].round(4).tolist()))
    {'minority': 0.0, 'minimal_winning': 1.0, 'n_parties': 3.0, 'largest_party': 1.0,
     'median_party': 1.0, 'ideological_divisions': 2.9925, 'previous_pm': 0.0,
     'incumbent': 0.0}
    """
    import warnings

    from .rules import ImproperGameWarning
    if not isinstance(f, FormationOpportunity):
        raise TypeError(f"opportunity: expected a FormationOpportunity, got {type(f).__name__}")
    n = f.actors.n
    max_size = None if n <= EXHAUSTIVE_PARTIES else MAX_CANDIDATE_SIZE
    # the kernel scores only what the features read: seats and left-right
    scored = _scoring_actors(f.actors)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImproperGameWarning)
        table = enumerate_coalitions(scored, f.rule, max_size=max_size, weight="seats",
                                     n_threads=n_threads)
    masks = np.asarray(table.masks, dtype=np.uint64)
    if max_size is not None and f.cabinet:
        cab = np.uint64(f.cabinet_mask)
        if not np.any(masks == cab):
            extra = enumerate_coalitions(scored, f.rule, include=list(f.cabinet),
                                         min_size=len(f.cabinet), max_size=len(f.cabinet),
                                         weight="seats", n_threads=n_threads)
            table_cols = {c: np.concatenate([table[c], extra[c]]) for c in table.columns}
            masks = table_cols["mask"].astype(np.uint64)
        else:
            table_cols = {c: table[c] for c in table.columns}
    else:
        table_cols = {c: table[c] for c in table.columns}
    cols = []
    bits = (masks[:, None] >> np.arange(n, dtype=np.uint64)[None, :]) & np.uint64(1) \
        if any(not isinstance(ft, str) or ft in ("previous_pm",) for ft in features) else None
    for ft in features:
        name = _feature_name(ft)
        if name == "minority":
            cols.append(~table_cols["winning"].astype(bool))
        elif name == "minimal_winning":
            cols.append(table_cols["minimal_winning"])
        elif name == "n_parties":
            cols.append(table_cols["size"])
        elif name == "largest_party":
            cols.append(table_cols["includes_largest"])
        elif name == "median_party":
            key = "includes_median_left_right"
            cols.append(table_cols[key] if key in table_cols else np.zeros(len(masks)))
        elif name == "ideological_divisions":
            key = "range_left_right"
            r = table_cols[key] if key in table_cols else np.zeros(len(masks))
            cols.append(np.nan_to_num(np.asarray(r, dtype=np.float64), nan=0.0))
        elif name == "previous_pm":
            pm = f.previous_prime_minister
            cols.append(np.zeros(len(masks)) if pm is None else
                        bits[:, f.actors.index(pm)].astype(np.float64))  # type: ignore[index]
        elif name == "incumbent":
            prev = f.previous_cabinet
            pm = f.actors.mask(prev) if prev else -1
            cols.append(masks == np.uint64(pm) if pm >= 0 else np.zeros(len(masks)))
        else:
            agg, column = ft
            v = _column(f, column)
            b = bits.astype(bool)  # type: ignore[union-attr]
            if agg == "sum":
                cols.append(np.where(b, v[None, :], 0.0).sum(axis=1))
            elif agg == "mean":
                cols.append(np.where(b, v[None, :], 0.0).sum(axis=1) / b.sum(axis=1))
            elif agg == "max":
                cols.append(np.where(b, v[None, :], -np.inf).max(axis=1))
            elif agg == "min":
                cols.append(np.where(b, v[None, :], np.inf).min(axis=1))
            else:
                cols.append(np.any(b & (v[None, :] != 0), axis=1))
    X = np.column_stack([np.asarray(c, dtype=np.float64) for c in cols]) if cols else np.zeros(
        (len(masks), 0))
    return masks, X


def _check_finite(X: np.ndarray, names: list[str], f: FormationOpportunity) -> None:
    """ValueError for features that are NaN or infinite for some potential cabinet (an
    aggregate over members without a value): the model cannot use them."""
    bad = ~np.all(np.isfinite(X), axis=0)
    if bad.any():
        raise ValueError(f"features: {[names[j] for j in np.flatnonzero(bad)]} are not finite "
                         f"for some potential cabinets of opportunity {f.cabinet_id} "
                         f"({f.country} {f.start_date}; members without a value on the column); "
                         "aggregate a column without missing values")


@dataclass
class _Data:
    X: np.ndarray          # all candidates stacked
    starts: np.ndarray     # first row of each opportunity (and the total at the end)
    chosen: np.ndarray     # row of the formed cabinet, per opportunity
    groups: np.ndarray     # cluster (country) index per opportunity
    opportunities: list[FormationOpportunity]


class FormationModel:
    """Conditional logit over potential cabinets (Martin and Stevenson 2001).

    Parameters
    ----------
    features : sequence
        Names from :data:`STANDARD_FEATURES` and (aggregate, column) pairs.
    max_iter : int
    tol : float
        Newton stops when the largest gradient component is below ``tol``.

    Attributes (after :meth:`fit`)
    ------------------------------
    coef_, se_, se_clustered_ : numpy.ndarray
        Coefficients, standard errors from the inverse Hessian, and standard errors clustered
        by country (sandwich estimator with the G / (G - 1) correction).
    loglik_, loglik_null_, pseudo_r2_ : float
        Log-likelihood, the null model's (all cabinets equally likely) and McFadden's R2.
    share_first_ : float
        Share of formations whose cabinet has the highest predicted probability.
    n_opportunities_, n_candidates_, n_iter_ : int

    Examples
    --------
    >>> from foedus import FormationModel
    >>> from foedus.datasets import parlgov_formations
    >>> nordic = [f for f in parlgov_formations() if f.country in ("DNK", "NOR", "SWE")]
    >>> model = FormationModel(["minority", "minimal_winning", "n_parties"]).fit(nordic)
    >>> model.coef_.shape, bool(model.pseudo_r2_ > 0)
    ((3,), True)
    """

    @property
    def method(self) -> str:
        """The model."""
        return ("conditional logit over every potential cabinet of each formation "
                "opportunity (Martin and Stevenson 2001)")

    @property
    def reference(self) -> str:
        """The literature of the model."""
        from .references import cite

        return cite("martin_stevenson_2001", "mcfadden_1974")

    def __init__(self, features: Sequence[Any] = STANDARD_FEATURES, *, max_iter: int = 50,
                 tol: float = 1e-8) -> None:
        if isinstance(features, str):
            features = [features]
        if features is None or not isinstance(features, Iterable):
            raise TypeError(f"features: expected a sequence of features, got {features!r}")
        self.features = list(features)
        if not self.features:
            raise ValueError("features: need at least one feature")
        self.feature_names_ = [_feature_name(f) for f in self.features]
        if len(set(self.feature_names_)) != len(self.feature_names_):
            raise ValueError("features: a feature is listed twice")
        self.max_iter = check_int(max_iter, "max_iter", minimum=1)
        self.tol = check_float(tol, "tol", minimum=0.0)

    # ---- data -------------------------------------------------------------------------------
    def _data(self, opportunities: Iterable[FormationOpportunity],
              n_threads: int | None) -> _Data:
        if isinstance(opportunities, (str, bytes)) or not isinstance(opportunities, Iterable):
            raise TypeError("opportunities: expected an iterable of FormationOpportunity "
                            f"objects, got {type(opportunities).__name__}")
        opps = [f for f in opportunities]
        if not all(isinstance(f, FormationOpportunity) for f in opps):
            raise TypeError("opportunities: expected FormationOpportunity objects")
        kept, blocks, chosen, starts = [], [], [], [0]
        countries: dict[str, int] = {}
        groups = []
        for f in opps:
            if not f.cabinet:
                continue  # nothing formed among the parties (e.g. a non-partisan cabinet)
            masks, X = cabinet_features(f, self.features, n_threads=n_threads)
            _check_finite(X, self.feature_names_, f)
            row = np.flatnonzero(masks == np.uint64(f.cabinet_mask))
            if row.size != 1:
                continue
            kept.append(f)
            blocks.append(X)
            chosen.append(starts[-1] + int(row[0]))
            starts.append(starts[-1] + len(masks))
            groups.append(countries.setdefault(f.country, len(countries)))
        if not kept:
            raise ValueError("opportunities: none has a cabinet among its parties to fit on")
        return _Data(np.vstack(blocks), np.array(starts), np.array(chosen), np.array(groups),
                     kept)

    # ---- likelihood ---------------------------------------------------------------------------
    @staticmethod
    def _loglik(beta: np.ndarray, d: _Data) -> float:
        eta = d.X @ beta
        starts = d.starts[:-1]
        seg_max = np.maximum.reduceat(eta, starts)
        e = np.exp(eta - np.repeat(seg_max, np.diff(d.starts)))
        return float(np.sum(eta[d.chosen] - seg_max - np.log(np.add.reduceat(e, starts))))

    @staticmethod
    def _parts(beta: np.ndarray, d: _Data) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        """Log-likelihood, per-opportunity scores (rows) and the Hessian."""
        eta = d.X @ beta
        starts = d.starts[:-1]
        seg_max = np.maximum.reduceat(eta, starts)
        counts = np.diff(d.starts)
        e = np.exp(eta - np.repeat(seg_max, counts))
        denom = np.add.reduceat(e, starts)
        p = e / np.repeat(denom, counts)
        ll = float(np.sum(eta[d.chosen] - seg_max - np.log(denom)))
        px = p[:, None] * d.X
        mean = np.add.reduceat(px, starts, axis=0)  # E[x] per opportunity
        scores = d.X[d.chosen] - mean
        second = np.einsum("ij,ik->jk", px, d.X)  # sum over rows of p x x'
        hess = -(second - mean.T @ mean)
        return ll, scores, hess, p

    def fit(self, opportunities: Iterable[FormationOpportunity], *,
            n_threads: int | None = None) -> FormationModel:
        """Fit by Newton's method (analytic Hessian) on the opportunities' formed cabinets."""
        d = self._data(opportunities, n_threads)
        k = d.X.shape[1]
        beta = np.zeros(k)

        def full(x: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
            ll, scores, hess, _ = self._parts(x, d)
            return ll, scores.sum(axis=0), hess

        beta, _, _, _, iterations = maximise(
            full, lambda x: self._loglik(x, d), beta, max_iter=self.max_iter, tol=1e-12,
            gtol=self.tol,
            singular="features: the Hessian is singular; a feature is constant or collinear "
                     "with others over these opportunities")
        ll, scores, hess, p = self._parts(beta, d)
        cov = np.linalg.inv(-hess)
        self.coef_ = beta
        self.se_ = np.sqrt(np.diag(cov))
        G = int(d.groups.max()) + 1
        g_scores = np.zeros((G, k))
        np.add.at(g_scores, d.groups, scores)
        if G > 1:
            meat = g_scores.T @ g_scores * (G / (G - 1))
            self.se_clustered_ = np.sqrt(np.diag(cov @ meat @ cov))
        else:  # one country: clustered errors are undefined
            self.se_clustered_ = np.full(k, np.nan)
        self.loglik_ = ll
        counts = np.diff(d.starts)
        self.loglik_null_ = float(-np.sum(np.log(counts)))
        self.pseudo_r2_ = 1.0 - ll / self.loglik_null_
        best = np.maximum.reduceat(p, d.starts[:-1])
        self.share_first_ = float(np.mean(p[d.chosen] >= best))
        self.n_opportunities_ = len(d.opportunities)
        self.n_candidates_ = int(d.starts[-1])
        self.n_iter_ = iterations
        return self

    # ---- persistence --------------------------------------------------------------------------
    _FITTED = ("loglik_", "loglik_null_", "pseudo_r2_", "share_first_", "n_opportunities_",
               "n_candidates_", "n_iter_")

    def to_dict(self) -> dict[str, Any]:
        """The fitted model as plain JSON-ready data (features, coefficients, standard errors,
        fit statistics); :meth:`from_dict` restores it without refitting."""
        self._check_fitted()
        features = [f if isinstance(f, str) else list(f) for f in self.features]
        out: dict[str, Any] = {"features": features, "coef": self.coef_.tolist(),
                               "se": self.se_.tolist(),
                               "se_clustered": [None if not np.isfinite(x) else float(x)
                                                for x in self.se_clustered_]}
        out.update({k.rstrip("_"): getattr(self, k) for k in self._FITTED})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormationModel:
        """A fitted model from :meth:`to_dict`'s output.

        Examples
        --------
        >>> from foedus import FormationModel
        >>> from foedus.datasets import formation_demo_model
        >>> model = formation_demo_model()
        >>> FormationModel.from_dict(model.to_dict()).coef_.tolist() == model.coef_.tolist()
        True
        """
        if not isinstance(data, dict):
            raise TypeError(f"data: expected the dict of FormationModel.to_dict(), got "
                            f"{type(data).__name__}")
        try:
            features = [f if isinstance(f, str) else tuple(f) for f in data["features"]]
            model = cls(features)
            k = len(features)
            for key in ("coef", "se", "se_clustered"):
                arr = np.array([np.nan if x is None else x for x in data[key]], dtype=float)
                if arr.shape != (k,):
                    raise ValueError(f"data[{key!r}]: expected {k} values, got {arr.shape}")
                if key == "coef" and not np.all(np.isfinite(arr)):
                    raise ValueError("data['coef']: coefficients must be finite numbers")
                setattr(model, key + "_", arr)
            for k_ in cls._FITTED:
                setattr(model, k_, data[k_.rstrip("_")])
        except KeyError as exc:
            raise ValueError(f"data: missing entry {exc.args[0]!r}; expected the output of "
                             "FormationModel.to_dict()") from None
        except TypeError:  # an entry of the wrong type (e.g. a number for the features)
            raise TypeError("data: its entries do not have the types of "
                            "FormationModel.to_dict()'s output") from None
        return model

    # ---- use ----------------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ValueError("model: call fit(...) first")

    def predict_proba(self, opportunity: FormationOpportunity, *,
                      n_threads: int | None = None) -> Any:
        """The potential cabinets of an opportunity ranked by predicted probability, as a
        pandas DataFrame (members, probability, and the features)."""
        self._check_fitted()
        pd = import_pandas()
        masks, X = cabinet_features(opportunity, self.features, n_threads=n_threads)
        _check_finite(X, self.feature_names_, opportunity)
        eta = X @ self.coef_
        p = np.exp(eta - eta.max())
        p /= p.sum()
        order = np.argsort(-p, kind="stable")
        frame = pd.DataFrame(X[order], columns=self.feature_names_)
        frame.insert(0, "probability", p[order])
        frame.insert(0, "members", [opportunity.actors.members(int(m)) for m in masks[order]])
        return frame

    def summary(self) -> Any:
        """Coefficients, standard errors (plain and clustered by country) and z values."""
        self._check_fitted()
        pd = import_pandas()
        return pd.DataFrame({"coef": self.coef_, "se": self.se_,
                             "se_clustered": self.se_clustered_, "z": self.coef_ / self.se_},
                            index=pd.Index(self.feature_names_, name="feature"))

    def leave_one_country_out(self, opportunities: Iterable[FormationOpportunity], *,
                              n_threads: int | None = None) -> Any:
        """Refit without each country and predict its formations: per country, the number of
        formations, the share whose cabinet ranks first and the mean log probability."""
        pd = import_pandas()
        opps = [f for f in opportunities if f.cabinet]
        rows = []
        for country in sorted({f.country for f in opps}):
            train = [f for f in opps if f.country != country]
            test = [f for f in opps if f.country == country]
            m = FormationModel(self.features, max_iter=self.max_iter, tol=self.tol).fit(
                train, n_threads=n_threads)
            d = m._data(test, n_threads)
            _, _, _, p = m._parts(m.coef_, d)
            best = np.maximum.reduceat(p, d.starts[:-1])
            rows.append({"country": country, "n": len(d.opportunities),
                         "share_first": float(np.mean(p[d.chosen] >= best)),
                         "mean_log_prob": float(np.mean(np.log(p[d.chosen])))})
        return pd.DataFrame(rows).set_index("country")

    def __repr__(self) -> str:
        if not hasattr(self, "coef_"):
            return f"FormationModel(features={self.feature_names_})"
        return (f"FormationModel({self.n_opportunities_} formations, {self.n_candidates_:,} "
                f"potential cabinets, loglik {self.loglik_:.2f}, McFadden R2 "
                f"{self.pseudo_r2_:.3f}, cabinet ranked first in {self.share_first_:.1%})")
