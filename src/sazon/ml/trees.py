"""Boosted trees kept as plain arrays: scikit-learn learns them, numpy scores them.

scikit-learn's ``HistGradientBoostingClassifier``/``Regressor`` learn the guest-experience
re-ranker and the social engagement model, but their fitted form is not one the model
registry saves without pickle. After fit, their trees are
copied into five flat arrays (feature, threshold, left, right, value; one row per node,
trees one after another) plus the baseline, which safetensors stores as they are; scoring
walks every tree at once, one level per step. ``tests/ml`` checks the walk gives what
scikit-learn's own ``decision_function`` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass
class TreeArrays:
    feature: NDArray[np.int64]  # -1 on a leaf
    threshold: NDArray[np.float64]
    left: NDArray[np.int64]  # global node index
    right: NDArray[np.int64]
    value: NDArray[np.float64]
    roots: NDArray[np.int64]
    baseline: float

    def as_arrays(self) -> dict[str, NDArray[Any]]:
        return {
            "tree_feature": self.feature,
            "tree_threshold": self.threshold,
            "tree_left": self.left,
            "tree_right": self.right,
            "tree_value": self.value,
            "tree_roots": self.roots,
            "tree_baseline": np.asarray([self.baseline], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, NDArray[Any]]) -> TreeArrays:
        return cls(
            feature=np.asarray(arrays["tree_feature"], dtype=np.int64),
            threshold=np.asarray(arrays["tree_threshold"], dtype=np.float64),
            left=np.asarray(arrays["tree_left"], dtype=np.int64),
            right=np.asarray(arrays["tree_right"], dtype=np.int64),
            value=np.asarray(arrays["tree_value"], dtype=np.float64),
            roots=np.asarray(arrays["tree_roots"], dtype=np.int64),
            baseline=float(np.asarray(arrays["tree_baseline"])[0]),
        )

    def decision_function(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """The summed raw score of every row of ``x`` (log-odds for a classifier, the
        prediction for a regressor); no missing values: callers fill them."""
        rows = np.arange(x.shape[0])
        total = np.full(x.shape[0], self.baseline)
        for root in self.roots:
            node = np.full(x.shape[0], root)
            while True:
                inner = self.feature[node] >= 0
                if not inner.any():
                    break
                f = np.where(inner, self.feature[node], 0)
                go_left = x[rows, f] <= self.threshold[node]
                step = np.where(go_left, self.left[node], self.right[node])
                node = np.where(inner, step, node)
            total += self.value[node]
        return total


def from_sklearn(model: Any) -> TreeArrays:
    """The trees of a fitted binary ``HistGradientBoostingClassifier`` or a
    ``HistGradientBoostingRegressor`` as :class:`TreeArrays`."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    offset = 0
    for per_iteration in model._predictors:
        nodes = per_iteration[0].nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not supported: encode features as numbers")
        leaf = nodes["is_leaf"].astype(bool)
        roots.append(offset)
        feature.append(np.where(leaf, -1, nodes["feature_idx"].astype(np.int64)))
        threshold.append(nodes["num_threshold"].astype(np.float64))
        left.append(np.where(leaf, 0, nodes["left"].astype(np.int64)) + offset)
        right.append(np.where(leaf, 0, nodes["right"].astype(np.int64)) + offset)
        value.append(nodes["value"].astype(np.float64))
        offset += len(nodes)
    return TreeArrays(
        feature=np.concatenate(feature) if feature else np.zeros(0, np.int64),
        threshold=np.concatenate(threshold) if threshold else np.zeros(0),
        left=np.concatenate(left) if left else np.zeros(0, np.int64),
        right=np.concatenate(right) if right else np.zeros(0, np.int64),
        value=np.concatenate(value) if value else np.zeros(0),
        roots=np.asarray(roots, dtype=np.int64),
        baseline=float(np.ravel(model._baseline_prediction)[0]),
    )


def from_forest(model: Any) -> TreeArrays:
    """The trees of a fitted ``RandomForestRegressor`` or ``ExtraTreesRegressor`` as
    :class:`TreeArrays`: each leaf holds its value over the number of trees, so the summed
    walk gives the forest's mean."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    offset = 0
    share = 1.0 / len(model.estimators_)
    for estimator in model.estimators_:
        tree = estimator.tree_
        leaf = tree.children_left < 0
        roots.append(offset)
        feature.append(np.where(leaf, -1, tree.feature.astype(np.int64)))
        threshold.append(tree.threshold.astype(np.float64))
        left.append(np.where(leaf, 0, tree.children_left.astype(np.int64)) + offset)
        right.append(np.where(leaf, 0, tree.children_right.astype(np.int64)) + offset)
        value.append(tree.value[:, 0, 0].astype(np.float64) * share)
        offset += tree.node_count
    return TreeArrays(
        feature=np.concatenate(feature), threshold=np.concatenate(threshold),
        left=np.concatenate(left), right=np.concatenate(right), value=np.concatenate(value),
        roots=np.asarray(roots, dtype=np.int64), baseline=0.0,
    )  # fmt: skip
