"""The hybrid recommender: collaborative candidates re-ranked with content and context.

:class:`HybridRecommender` scores every item a guest has not had yet with boosted trees over
the features of :mod:`sazon.experience.pairs`: popularity, item-kNN, user-kNN and
`implicit`'s ALS (what similar guests had), and the content of the item next to the guest's
history and stated tastes (feature cosine, distance, matching tastes). The score is the
trees' log-odds plus ``knn_blend`` × item-kNN relative to the guest's best.

The trees' settings were chosen on a validation carve of the benchmark's first training
part (``bench/tune_recommend.py``; ``taste_share`` on five carves, one per benchmark training
part, ``bench/tune_recommend_round3.py``; 16 inner carves and no item-kNN blend on five
carves of the new splits' training parts, ``bench/tune_recommend_round4.py``), never on a
test part. The
trees learn on validation parts carved from the training interactions only: each of
``inner_splits`` times, ``holdout`` of every guest's items is held back, the scorers are
fitted on the rest, and the trees learn which scored items were the held-back ones. The test
parts of a benchmark are never seen.

    >>> model = HybridRecommender(inner_splits=2).fit(data)        # doctest: +SKIP
    >>> model.recommend(data, top=10)["U1001"]                      # doctest: +SKIP
    ['132825', '135085', …]
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
import pandas as pd
import scipy.sparse as sp  # type: ignore[import-untyped]
from numpy.typing import NDArray

from sazon.errors import InvalidInput, NotFitted
from sazon.experience.evaluation import per_guest_split
from sazon.experience.features import encode, token_matrix
from sazon.experience.files import RecData
from sazon.experience.pairs import FEATURES, ItemSide, content_vectors, pair_features
from sazon.experience.scorers import als_items, cosine_columns, popularity
from sazon.ml import ModelState, TreeArrays, trees_from_sklearn

_PRIOR = 5.0  # a damped mean rating counts this many guesses at the overall mean


def weights(frame: pd.DataFrame) -> pd.Series:
    """Interaction weights: 1 per interaction plus the rating scaled to 0–1 when given."""
    rating = frame["rating"].astype(float)
    lo, hi = rating.min(), rating.max()
    scaled = (rating - lo) / (hi - lo) if np.isfinite(lo) and hi > lo else rating * 0
    return 1.0 + scaled.fillna(0.0)


def _matrix(frame: pd.DataFrame, guests: list[str], items: list[str]) -> sp.csr_matrix:
    g = pd.Index(guests).get_indexer(pd.Index(frame["guest_id"]))
    i = pd.Index(items).get_indexer(pd.Index(frame["item_id"]))
    keep = (g >= 0) & (i >= 0)
    w = weights(frame).to_numpy()[keep]
    # Repeats add up: a dish ordered four times weighs four.
    m = sp.csr_matrix((w, (g[keep], i[keep])), shape=(len(guests), len(items)))
    m.sum_duplicates()
    return m


class HybridRecommender:
    """Top-N recommendations from interactions plus optional guest and item features."""

    def __init__(
        self,
        *,
        factors: int = 16,
        regularization: float = 0.1,
        alpha: float = 2.0,
        iterations: int = 15,
        neighbours: int = 20,
        inner_splits: int = 16,
        holdout: float = 0.2,
        max_iter: int = 400,
        learning_rate: float = 0.015,
        max_leaf_nodes: int = 4,
        min_samples_leaf: int = 200,
        knn_blend: float = 0.0,
        random_state: int = 0,
    ) -> None:
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.neighbours = neighbours
        self.inner_splits = inner_splits
        self.holdout = holdout
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.knn_blend = knn_blend
        self.random_state = random_state

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in (
                "factors", "regularization", "alpha", "iterations", "neighbours",
                "inner_splits", "holdout", "max_iter", "learning_rate", "max_leaf_nodes",
                "min_samples_leaf", "knn_blend", "random_state",
            )
        }  # fmt: skip

    # -- fitting --------------------------------------------------------------------------

    def _side(self, frame: pd.DataFrame, items: list[str], data: RecData, seed: int) -> ItemSide:
        guests = sorted(frame["guest_id"].unique())
        x = _matrix(frame, guests, items)
        sums = np.zeros(len(items))
        counts = np.zeros(len(items))
        rated = frame.dropna(subset=["rating"])
        idx = pd.Index(items).get_indexer(pd.Index(rated["item_id"]))
        ok = idx >= 0
        np.add.at(sums, idx[ok], rated["rating"].to_numpy()[ok])
        np.add.at(counts, idx[ok], 1)
        mean = float(rated["rating"].mean()) if len(rated) else 0.0
        table = encode(data.item_features, items)
        (tokens,), _ = token_matrix([table])
        return ItemSide(
            train=x,
            sim=cosine_columns(x),
            factors=als_items(
                x,
                factors=self.factors,
                regularization=self.regularization,
                alpha=self.alpha,
                iterations=self.iterations,
                seed=seed,
            ),
            popularity=popularity(x),
            rating=(sums + _PRIOR * mean) / (counts + _PRIOR),
            content=content_vectors(table, tokens),
            coords=table.coords,
            tokens=table.tokens,
        )

    def _features(self, history: sp.csr_matrix, side: ItemSide, guests: Any) -> NDArray[Any]:
        return pair_features(
            history, side, guests, regularization=self.regularization, alpha=self.alpha,
            neighbours=self.neighbours,
        )  # fmt: skip

    def training_rows(self, X: RecData) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:  # noqa: N803
        """The re-ranker's examples: pair features on each validation carve, and whether the
        item was the one held back. Only ``X`` is read (a benchmark passes its training part).
        """
        frame = X.interactions
        items = sorted(frame["item_id"].astype(str).unique())
        guests = sorted(frame["guest_id"].astype(str).unique())
        guest_table = encode(X.guest_features, guests)
        rows, labels = [], []
        for k in range(self.inner_splits):
            seed = self.random_state * 1000 + k
            kept, held = per_guest_split(frame, self.holdout, seed)
            if held.empty:
                continue
            side = self._side(kept, items, X, seed)
            history = _matrix(kept, guests, items)
            feats = self._features(history, side, guest_table)
            target = _matrix(held, guests, items).toarray() > 0
            unseen = history.toarray() == 0
            rows.append(feats[unseen])
            labels.append(target[unseen])
        if not rows:
            return np.zeros((0, len(FEATURES))), np.zeros(0, dtype=bool)
        return np.vstack(rows), np.concatenate(labels)

    def learn_trees(self, rows: NDArray[np.float64], y: NDArray[np.bool_]) -> TreeArrays | None:
        """Boosted trees on the examples, or None when they cannot teach anything."""
        if not (y.any() and not y.all()):
            return None
        from sklearn.ensemble import (  # type: ignore[import-untyped]
            HistGradientBoostingClassifier,
        )
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

        # A small file has too few examples for leaves of 200: leaves shrink with the data.
        leaf = min(self.min_samples_leaf, max(5, len(y) // 50))
        learner = HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes, min_samples_leaf=leaf,
            l2_regularization=1.0, early_stopping=False, random_state=self.random_state,
        )  # fmt: skip
        # One thread: OpenMP's spinning workers cost 100× on a busy machine, and the trees
        # are small.
        with threadpool_limits(1):
            learner.fit(rows, y)
        return trees_from_sklearn(learner)

    def fit(self, X: RecData, y: Any = None) -> Self:  # noqa: N803
        """Learn from ``X.interactions`` (and the feature tables, when given)."""
        if X.interactions.empty:
            raise InvalidInput("no hay interacciones de las que aprender / no interactions")
        self.trees_: TreeArrays | None = self.learn_trees(*self.training_rows(X))
        self.items_ = sorted(X.interactions["item_id"].astype(str).unique())
        self.side_ = self._side(X.interactions, self.items_, X, self.random_state)
        return self

    # -- scoring --------------------------------------------------------------------------

    def _check(self) -> None:
        if not hasattr(self, "side_"):
            raise NotFitted("the recommender is not trained: call fit() first")

    def predict(self, X: RecData) -> NDArray[np.float64]:  # noqa: N803
        """Scores (guests of ``X`` sorted × :attr:`items_`); items a guest had are ``-inf``."""
        self._check()
        guests = sorted(X.interactions["guest_id"].astype(str).unique())
        history = _matrix(X.interactions, guests, self.items_)
        feats = self._features(history, self.side_, encode(X.guest_features, guests))
        flat = feats.reshape(-1, len(FEATURES))
        col = {name: j for j, name in enumerate(FEATURES)}
        if self.trees_ is not None:
            scores = self.trees_.decision_function(flat).reshape(history.shape)
            # The trees' log-odds plus ``knn_blend`` × item-kNN relative to the guest's best
            # (0 since round 4's validation carves, bench/tune_recommend_round4.py); the 1e-6
            # breaks the ties small trees leave by neighbours, not by the items' order.
            knn = feats[:, :, col["item_knn_rel"]]
            scores = scores + (self.knn_blend + 1e-6) * knn
        else:
            # Too little data to learn a blend: neighbours first, popularity breaks ties.
            scores = feats[:, :, col["item_knn_rel"]] + feats[:, :, col["als_rel"]]
            scores = scores + 1e-3 * feats[:, :, col["popularity"]]
        return np.where(history.toarray() > 0, -np.inf, scores)

    def recommend(self, X: RecData, top: int = 10) -> dict[str, list[str]]:  # noqa: N803
        """Up to ``top`` items per guest of ``X``, best first, never one the guest had."""
        scores = self.predict(X)
        guests = sorted(X.interactions["guest_id"].astype(str).unique())
        out: dict[str, list[str]] = {}
        for g, row in zip(guests, scores, strict=True):
            order = np.argsort(-row, kind="stable")[:top]
            out[g] = [self.items_[j] for j in order if np.isfinite(row[j])]
        return out

    # -- saving ---------------------------------------------------------------------------

    def to_state(self) -> ModelState:
        self._check()
        s = self.side_
        arrays: dict[str, NDArray[Any]] = {
            "train_indptr": s.train.indptr.astype(np.int64),
            "train_indices": s.train.indices.astype(np.int64),
            "train_data": s.train.data.astype(np.float64),
            "sim": s.sim, "factors": s.factors, "popularity": s.popularity,
            "rating": s.rating, "content": s.content, "coords": s.coords,
        }  # fmt: skip
        if self.trees_ is not None:
            arrays.update(self.trees_.as_arrays())
        meta = {
            "items_": list(self.items_),
            "tokens": [sorted(t) for t in s.tokens],
            "n_guests": int(s.train.shape[0]),
        }
        return ModelState(cls="", params=self.get_params(), arrays=arrays, meta=meta)

    @classmethod
    def from_state(cls, state: ModelState) -> Self:
        model = cls(**state.params)
        a = state.arrays
        items = [str(i) for i in state.meta["items_"]]
        train = sp.csr_matrix(
            (a["train_data"], a["train_indices"], a["train_indptr"]),
            shape=(int(state.meta["n_guests"]), len(items)),
        )
        model.items_ = items
        model.side_ = ItemSide(
            train=train, sim=a["sim"], factors=a["factors"], popularity=a["popularity"],
            rating=a["rating"], content=a["content"], coords=a["coords"],
            tokens=[frozenset(t) for t in state.meta["tokens"]],
        )  # fmt: skip
        model.trees_ = TreeArrays.from_arrays(a) if "tree_feature" in a else None
        return model
