"""Third round of choosing the hybrid recommender's settings, on validation data only.

Carves: the training parts of the benchmark's five splits (seeds 0–4), each split again per
guest 80/20 with seed 98. The model learns on the 80 % and is measured on the 20 %; no test
part is read. Each carve's re-ranker examples and validation features are computed once;
the candidates differ only in extra pair features, the trees and a final blend:

- ``base``: the shipped features and trees;
- extra features: ``knn_max`` (the item's highest similarity to one place the guest had),
  ``local_pop`` (the share of the guests living within 10 km of the guest who had the item:
  user-kNN by where guests live), ``taste_share`` (matched stated tastes over the guest's
  tastes that items can match), ``uknn50`` (user-kNN with 50 neighbours);
- trees: the shipped ones (a larger learner was dropped for time on a shared machine);
- blend: the trees' log-odds plus ``w`` × the item-kNN score relative to the guest's best.

Run: ``PYTHONPATH=src .venv/bin/python bench/tune_recommend_round3.py``; prints the mean
NDCG@10 over the five carves per candidate and item-kNN's on the same carves.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import itertools

import numpy as np
from bench_recommend import load
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from sazon.experience import HybridRecommender, RecData
from sazon.experience.evaluation import ndcg_recall, per_guest_split
from sazon.experience.features import encode, haversine_km
from sazon.experience.pairs import FEATURES
from sazon.experience.recommend import _matrix
from sazon.experience.scorers import binary, user_knn

EXTRAS = ("knn_max", "local_pop", "taste_share", "uknn50")
TREES = {
    "shipped": {
        "max_iter": 400,
        "learning_rate": 0.015,
        "max_leaf_nodes": 4,
        "min_samples_leaf": 200,
    },
}
BLENDS = (0.0, 0.5, 1.0)


def extras(history, side, guest_table, train_guest_table, train) -> np.ndarray:  # type: ignore[no-untyped-def]
    b = binary(history).toarray()
    sim = side.sim.copy()
    np.fill_diagonal(sim, 0.0)
    knn_max = np.where(b[:, :, None] > 0, sim[None, :, :], 0.0).max(axis=1)
    t = binary(train).toarray()
    known_g = np.isfinite(guest_table.coords).all(axis=1)
    known_t = np.isfinite(train_guest_table.coords).all(axis=1)
    local = np.zeros_like(b, dtype=float)
    if known_g.any() and known_t.any():
        d = haversine_km(guest_table.coords[known_g], train_guest_table.coords[known_t])
        near = (d <= 10.0).astype(float)
        local[known_g] = (near @ t[known_t]) / np.maximum(near.sum(axis=1, keepdims=True), 1.0)
    item_cols = {tok.split("=", 1)[0] for toks in side.tokens for tok in toks}
    share = np.zeros_like(local)
    for u, toks in enumerate(guest_table.tokens):
        usable = [tk for tk in toks if tk.split("=", 1)[0] in item_cols]
        if usable:
            share[u] = [len(set(usable) & tk) / len(usable) for tk in side.tokens]
    u50 = user_knn(history, side.train, 50)
    return np.stack([knn_max, local, share, u50], axis=2)


def carve(data: RecData, seed: int) -> dict:  # type: ignore[type-arg]
    train, _test_never_read = per_guest_split(data.interactions, 0.2, seed)
    fit_part, validation = per_guest_split(train, 0.2, 98)
    split = RecData(fit_part, data.guest_features, data.item_features)
    model = HybridRecommender(random_state=seed)
    frame = fit_part
    items = sorted(frame["item_id"].astype(str).unique())
    guests = sorted(frame["guest_id"].astype(str).unique())
    gt = encode(split.guest_features, guests)
    rows, labels = [], []
    for k in range(model.inner_splits):
        kept, held = per_guest_split(frame, model.holdout, seed * 1000 + k)
        side = model._side(kept, items, split, seed * 1000 + k)
        history = _matrix(kept, guests, items)
        feats = np.concatenate([model._features(history, side, gt),
                                extras(history, side, gt, gt, side.train)], axis=2)  # fmt: skip
        target = _matrix(held, guests, items).toarray() > 0
        unseen = history.toarray() == 0
        rows.append(feats[unseen])
        labels.append(target[unseen])
    side = model._side(frame, items, split, seed)
    history = _matrix(frame, guests, items)
    feats = np.concatenate([model._features(history, side, gt),
                            extras(history, side, gt, gt, side.train)], axis=2)  # fmt: skip
    return {"rows": np.vstack(rows), "labels": np.concatenate(labels), "feats": feats,
            "seen": history.toarray() > 0, "guests": guests, "items": items,
            "validation": validation}  # fmt: skip


def ndcg(c: dict, scores: np.ndarray) -> float:  # type: ignore[type-arg]
    s = np.where(c["seen"], -np.inf, scores)
    order = np.argsort(-s, axis=1, kind="stable")[:, :10]
    recs = {g: [c["items"][j] for j in row] for g, row in zip(c["guests"], order, strict=True)}
    return ndcg_recall(recs, c["validation"], k=10)[0]


def main() -> None:
    data = load()
    carves = []
    for seed in range(5):
        carves.append(carve(data, seed))
        print(f"carve {seed} ready", flush=True)
    base_cols = list(range(len(FEATURES)))
    n = len(FEATURES)
    knn_rel = FEATURES.index("item_knn_rel")
    knn = [ndcg(c, c["feats"][:, :, FEATURES.index("item_knn")]) for c in carves]
    print(f"item-kNN on the carves: {np.mean(knn):.4f}  {np.round(knn, 4)}", flush=True)
    subsets = [()] + [(e,) for e in EXTRAS] + [EXTRAS]
    results = []
    for subset, (tname, trees) in itertools.product(subsets, TREES.items()):
        cols = base_cols + [n + EXTRAS.index(e) for e in subset]
        per_blend: dict[float, list[float]] = {w: [] for w in BLENDS}
        for c in carves:
            leaf = min(trees["min_samples_leaf"], max(5, len(c["labels"]) // 50))
            learner = HistGradientBoostingClassifier(
                **{**trees, "min_samples_leaf": leaf}, l2_regularization=1.0,
                early_stopping=False, random_state=0,
            )  # fmt: skip
            with threadpool_limits(1):
                learner.fit(c["rows"][:, cols], c["labels"])
            f = c["feats"]
            logit = learner.decision_function(f[:, :, cols].reshape(-1, len(cols)))
            logit = logit.reshape(f.shape[:2]) + 1e-6 * f[:, :, knn_rel]
            for w in BLENDS:
                per_blend[w].append(ndcg(c, logit + w * f[:, :, knn_rel]))
        for w, values in per_blend.items():
            name = f"extras={'+'.join(subset) or 'none'} trees={tname} blend={w}"
            results.append((float(np.mean(values)), name, values))
            print(f"{np.mean(values):.4f} ({np.mean(values) / np.mean(knn):.3f}×)  {name}  "
                  f"{np.round(values, 4)}", flush=True)  # fmt: skip
    print("\nbest first:")
    for mean, name, _ in sorted(results, key=lambda r: -r[0])[:10]:
        print(f"{mean:.4f} ({mean / np.mean(knn):.3f}×)  {name}")


if __name__ == "__main__":
    main()
