"""Fourth round of choosing the hybrid recommender's settings, on validation data only.

The five **new** benchmark splits (``bench_recommend.NEW_TEST_SEEDS``, fixed on 2026-12-08
before this round; ``bench/data/fresh_splits/SOURCE.md``): each split's training part is split
again per guest 80/20 with ``VALIDATION_SEED`` (7197). The model learns on the 80 % and is
measured on the 20 %; the test parts are never read here. Each carve's re-ranker examples
(16 inner carves) and validation features are computed once. Candidates, all fixed before
the run:

- extra pair features: ``uknn10`` and ``uknn50`` (user-kNN with 10 or 50 neighbours, relative
  to the guest's best), ``knn_rated`` (item-kNN weighted by the guest's own ratings, relative),
  ``knn_max`` (the item's highest similarity to one place the guest had); each alone and all;
- trees: the shipped ones (400 × 4 leaves, 0.015) on 8 inner carves, the same on 16 inner
  carves, 800 trees, and 300 trees of 8 leaves at 0.03 (the last three with no extras and
  with all extras);
- blend (the learned part of the score next to item-kNN): the trees' log-odds plus
  ``w`` × item-kNN relative to the guest's best, ``w`` in 0, 0.25, 0.5, 0.75, 1.

Rule, fixed before the run: the highest mean NDCG@10 over the five carves; a candidate within
0.001 of a simpler one (fewer extras, then the shipped trees, then blend 0.5) loses to it.

Run: ``PYTHONPATH=src .venv/bin/python bench/tune_recommend_round4.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from bench_recommend import NEW_TEST_SEEDS, VALIDATION_SEED, load
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from sazon.experience import HybridRecommender, RecData
from sazon.experience.evaluation import ndcg_recall, per_guest_split
from sazon.experience.features import encode
from sazon.experience.pairs import FEATURES, _relative
from sazon.experience.recommend import _matrix
from sazon.experience.scorers import binary, user_knn

EXTRAS = ("uknn10", "uknn50", "knn_rated", "knn_max")
TREES = {
    "shipped": {"max_iter": 400, "learning_rate": 0.015, "max_leaf_nodes": 4},
    "more": {"max_iter": 800, "learning_rate": 0.015, "max_leaf_nodes": 4},
    "bigger": {"max_iter": 300, "learning_rate": 0.03, "max_leaf_nodes": 8},
}
BLENDS = (0.0, 0.25, 0.5, 0.75, 1.0)
INNER = 16


def extras(history, side) -> np.ndarray:  # type: ignore[no-untyped-def]
    b = binary(history).toarray()
    knn_max = np.where(b[:, :, None] > 0, side.sim[None, :, :], 0.0).max(axis=1)
    rated = np.asarray(history @ side.sim)
    return np.stack([_relative(user_knn(history, side.train, 10)),
                     _relative(user_knn(history, side.train, 50)),
                     _relative(rated), knn_max], axis=2)  # fmt: skip


def carve(data: RecData, seed: int) -> dict:  # type: ignore[type-arg]
    train, _test_never_read = per_guest_split(data.interactions, 0.2, seed)
    fit_part, validation = per_guest_split(train, 0.2, VALIDATION_SEED)
    split = RecData(fit_part, data.guest_features, data.item_features)
    model = HybridRecommender(random_state=seed)
    items = sorted(fit_part["item_id"].astype(str).unique())
    guests = sorted(fit_part["guest_id"].astype(str).unique())
    gt = encode(split.guest_features, guests)
    rows, labels = [], []
    for k in range(INNER):  # the model's own inner seeds: its first 8 are the shipped ones
        kept, held = per_guest_split(fit_part, model.holdout, seed * 1000 + k)
        side = model._side(kept, items, split, seed * 1000 + k)
        history = _matrix(kept, guests, items)
        feats = np.concatenate([model._features(history, side, gt), extras(history, side)], 2)
        unseen = history.toarray() == 0
        rows.append(feats[unseen])
        labels.append((_matrix(held, guests, items).toarray() > 0)[unseen])
    side = model._side(fit_part, items, split, seed)
    history = _matrix(fit_part, guests, items)
    feats = np.concatenate([model._features(history, side, gt), extras(history, side)], 2)
    return {"rows": rows, "labels": labels, "feats": feats, "seen": history.toarray() > 0,
            "guests": guests, "items": items, "validation": validation}  # fmt: skip


def ndcg(c: dict, scores: np.ndarray) -> float:  # type: ignore[type-arg]
    s = np.where(c["seen"], -np.inf, scores)
    order = np.argsort(-s, axis=1, kind="stable")[:, :10]
    recs = {g: [c["items"][j] for j in row] for g, row in zip(c["guests"], order, strict=True)}
    return ndcg_recall(recs, c["validation"], k=10)[0]


def main() -> None:
    data = load()
    carves = []
    for seed in NEW_TEST_SEEDS:
        carves.append(carve(data, seed))
        print(f"carve {seed} ready", flush=True)
    n = len(FEATURES)
    knn_rel = FEATURES.index("item_knn_rel")
    knn = [ndcg(c, c["feats"][:, :, FEATURES.index("item_knn")]) for c in carves]
    print(f"item-kNN on the carves: {np.mean(knn):.4f}  {np.round(knn, 4)}", flush=True)
    plan = [((), "shipped", 8)] + [((e,), "shipped", 8) for e in EXTRAS]
    plan += [(EXTRAS, "shipped", 8)]
    plan += [(s, t, i) for s in ((), EXTRAS) for t, i in (("shipped", 16), ("more", 8),
                                                          ("bigger", 8))]  # fmt: skip
    results = []
    for subset, tname, inner in plan:
        cols = list(range(n)) + [n + EXTRAS.index(e) for e in subset]
        per_blend: dict[float, list[float]] = {w: [] for w in BLENDS}
        for c in carves:
            x, y = np.vstack(c["rows"][:inner]), np.concatenate(c["labels"][:inner])
            leaf = min(200, max(5, len(y) // 50))
            learner = HistGradientBoostingClassifier(
                **TREES[tname], min_samples_leaf=leaf, l2_regularization=1.0,
                early_stopping=False, random_state=0,
            )  # fmt: skip
            with threadpool_limits(1):
                learner.fit(x[:, cols], y)
            f = c["feats"]
            logit = learner.decision_function(f[:, :, cols].reshape(-1, len(cols)))
            logit = logit.reshape(f.shape[:2]) + 1e-6 * f[:, :, knn_rel]
            for w in BLENDS:
                per_blend[w].append(ndcg(c, logit + w * f[:, :, knn_rel]))
        for w, values in per_blend.items():
            name = f"extras={'+'.join(subset) or 'none'} trees={tname} inner={inner} blend={w}"
            results.append((float(np.mean(values)), name, values))
            print(f"{np.mean(values):.4f} ({np.mean(values) / np.mean(knn):.3f}×)  {name}  "
                  f"{np.round(values, 4)}", flush=True)  # fmt: skip
    print("\nbest first:")
    for mean, name, _ in sorted(results, key=lambda r: -r[0])[:12]:
        print(f"{mean:.4f} ({mean / np.mean(knn):.3f}×)  {name}")


if __name__ == "__main__":
    main()
