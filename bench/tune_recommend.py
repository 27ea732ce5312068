"""Choosing the hybrid recommender's settings on validation data only.

The first benchmark split's training part (seed 0) is split again per guest, 80/20, twice
(seeds 98 and 99): the model learns on the 80 % and is measured on the 20 %, and the two
are averaged. The test parts of the benchmark are never read. Prints NDCG@10 of each
candidate setting; the best became the defaults of :class:`sazon.experience.HybridRecommender`.

Run: ``PYTHONPATH=src .venv/bin/python bench/tune_recommend.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from bench_recommend import load

from sazon.experience import HybridRecommender, RecData
from sazon.experience.evaluation import ndcg_recall, per_guest_split

TREES = [
    {"max_iter": 200, "max_leaf_nodes": 15, "min_samples_leaf": 40, "learning_rate": 0.05},
    {"max_iter": 100, "max_leaf_nodes": 7, "min_samples_leaf": 100, "learning_rate": 0.05},
    {"max_iter": 200, "max_leaf_nodes": 4, "min_samples_leaf": 200, "learning_rate": 0.03},
    {"max_iter": 400, "max_leaf_nodes": 4, "min_samples_leaf": 200, "learning_rate": 0.015},
    {"max_iter": 200, "max_leaf_nodes": 3, "min_samples_leaf": 400, "learning_rate": 0.03},
]
CARVES = [{"inner_splits": 8, "holdout": 0.2}, {"inner_splits": 16, "holdout": 0.2},
          {"inner_splits": 8, "holdout": 0.3}]  # fmt: skip


def main() -> None:
    data = load()
    train, _test_never_read = per_guest_split(data.interactions, 0.2, 0)
    scores: dict[str, list[float]] = {}
    for seed in (98, 99):
        fit_part, validation = per_guest_split(train, 0.2, seed)
        split = RecData(fit_part, data.guest_features, data.item_features)
        for carve in CARVES:
            rows, labels = HybridRecommender(**carve).training_rows(split)
            for trees in TREES:
                model = HybridRecommender(**carve, **trees)
                model.trees_ = model.learn_trees(rows, labels)
                model.items_ = sorted(fit_part["item_id"].unique())
                model.side_ = model._side(fit_part, model.items_, split, model.random_state)
                ndcg, _ = ndcg_recall(model.recommend(split, top=10), validation, k=10)
                name = str({**carve, **trees})
                scores.setdefault(name, []).append(ndcg)
                print(f"validation {seed}: {name}  NDCG@10 {ndcg:.4f}", flush=True)
    print("\nmean over the two validation carves:")
    for name, values in sorted(scores.items(), key=lambda kv: -np.mean(kv[1])):
        print(f"{np.mean(values):.4f}  {name}")


if __name__ == "__main__":
    main()
