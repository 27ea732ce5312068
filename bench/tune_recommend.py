"""Choosing the hybrid recommender's tree parameters on validation data only.

The first benchmark split's training part (seed 0) is split again per guest, 80/20 (seed
99): the model learns on the 80 % and is measured on the 20 %. The test parts of the
benchmark are never read. Prints NDCG@10 of each candidate setting; the best became the
defaults of :class:`sazon.experience.HybridRecommender`.

Run: ``PYTHONPATH=src .venv/bin/python bench/tune_recommend.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bench_recommend import load

from sazon.experience import HybridRecommender, RecData
from sazon.experience.evaluation import ndcg_recall, per_guest_split

GRID = [
    {"max_iter": 200, "max_leaf_nodes": 15, "min_samples_leaf": 40, "learning_rate": 0.05},
    {"max_iter": 100, "max_leaf_nodes": 7, "min_samples_leaf": 100, "learning_rate": 0.05},
    {"max_iter": 100, "max_leaf_nodes": 4, "min_samples_leaf": 200, "learning_rate": 0.05},
    {"max_iter": 200, "max_leaf_nodes": 4, "min_samples_leaf": 200, "learning_rate": 0.03},
    {"max_iter": 50, "max_leaf_nodes": 4, "min_samples_leaf": 300, "learning_rate": 0.1},
]


def main() -> None:
    data = load()
    train, _test_never_read = per_guest_split(data.interactions, 0.2, 0)
    fit_part, validation = per_guest_split(train, 0.2, 99)
    split = RecData(fit_part, data.guest_features, data.item_features)
    base = HybridRecommender()
    rows, labels = base.training_rows(split)
    for params in GRID:
        model = HybridRecommender(**params)
        model.trees_ = model.learn_trees(rows, labels)
        model.items_ = sorted(fit_part["item_id"].unique())
        model.side_ = model._side(fit_part, model.items_, split, model.random_state)
        ndcg, recall = ndcg_recall(model.recommend(split, top=10), validation, k=10)
        print(f"{params}  validation NDCG@10 {ndcg:.4f}  recall@10 {recall:.4f}", flush=True)


if __name__ == "__main__":
    main()
