"""The third round of hard sentiment (issue #20): candidates on the DEVELOPMENT sets only.

Never reads a test half. Each candidate is a :class:`SentimentModel` configuration fitted on
the plain packaged reviews (three times) plus a list of hard training files, and scored on
``bench/data/sentiment_hard/dev.csv`` and ``bench/data/peru_reviews_dev.csv``: accuracy,
complaints read as praise, ECE (as ``bench_sentiment_hard.py``) and accuracy per category.

- ``shipped``: the default of the second round (hard cues, verdicts, two temperatures; hard
  files a, b, c);
- ``+d``: the same with the fourth hard file (``sentiment_train_hard_d.csv``: several
  hundred reviews of every hard shape in new words);
- ``+d +structure``: and the structure features (``structure.py``);
- ``+d +structure +safety``: and the safety rule (a firm complaint phrase is never praise);
- the last two with one temperature instead of two.

``--out-of-file`` measures how the shapes carry over to words never seen: the shipped
configuration and the new one are fitted WITHOUT one hard training file and scored on it
(the fourth, written apart from the other three in new words, then the third): a held-out
file stands in for the next reviewer. Training files only; no evaluation set.

Run: ``.venv/bin/python bench/bench_sentiment_round3.py [--errors] [--out-of-file]``
(``--errors`` prints the development half's misses of the last candidate).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from bench_sentiment_hard import _rows, score  # type: ignore[import-not-found]

from sazon.text.sentiment.model import SentimentModel
from sazon.text.sentiment.service import PLAIN_WEIGHT, packaged_reviews, plain_training_data

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "bench" / "data" / "sentiment_hard" / "dev.csv"
PERU_DEV = ROOT / "bench" / "data" / "peru_reviews_dev.csv"
ABC = ("sentiment_train_hard.csv", "sentiment_train_hard_b.csv", "sentiment_train_hard_c.csv")
ABCD = (*ABC, "sentiment_train_hard_d.csv")
SHIPPED: dict[str, Any] = {
    "hard_cues": True,
    "calibrate": True,
    "verdicts": True,
    "hard_temperature": True,
}
CANDIDATES: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "shipped": (SHIPPED, ABC),
    "+d": (SHIPPED, ABCD),
    "+d +structure": (SHIPPED | {"structure": True}, ABCD),
    "+d +structure +safety": (SHIPPED | {"structure": True, "safety": True}, ABCD),
    "+d +structure, one T": (SHIPPED | {"structure": True, "hard_temperature": False}, ABCD),
    "+d +structure +safety, one T": (
        SHIPPED | {"structure": True, "safety": True, "hard_temperature": False},
        ABCD,
    ),
}


def training(files: tuple[str, ...]) -> tuple[list[str], list[str]]:
    texts, labels = plain_training_data()
    texts, labels = texts * PLAIN_WEIGHT, labels * PLAIN_WEIGHT
    for name in files:
        more, more_labels = packaged_reviews(name)
        texts, labels = texts + more, labels + more_labels
    return texts, labels


def out_of_file() -> None:
    for held_name in (ABCD[3], ABCD[2]):  # the fourth file, then the third
        raw = (ROOT / "src" / "sazon" / "text" / "data" / held_name).read_text("utf-8")
        held = list(csv.DictReader(raw.splitlines()))
        rest = tuple(f for f in ABCD if f != held_name)
        for name in ("shipped", "+d +structure +safety"):
            _held_out(name, rest, held, held_name)


def _held_out(name: str, rest: tuple[str, ...], held: list[dict[str, str]], held_name: str) -> None:
    h = score(SentimentModel(**CANDIDATES[name][0]).fit(*training(rest)), held)
    print(
        f"{name:24s} fitted without {held_name}, scored on it ({h['texts']}): "
        f"acc {h['accuracy']:.3f} praise-for-complaints {h['complaints_read_as_praise']:.3f} "
        f"ECE {h['ece']:.3f}",
        flush=True,
    )


def main() -> None:
    if "--out-of-file" in sys.argv:
        out_of_file()
        return
    dev, peru_dev = _rows(DEV), _rows(PERU_DEV)
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    model = None
    for name, (params, files) in CANDIDATES.items():
        if only and name not in only:
            continue
        model = SentimentModel(**params).fit(*training(files))
        h, p = score(model, dev), score(model, peru_dev)
        print(
            f"{name:32s} hard dev acc {h['accuracy']:.3f} praise-for-complaints "
            f"{h['complaints_read_as_praise']:.3f} ECE {h['ece']:.3f} | peru dev acc "
            f"{p['accuracy']:.3f} praise-for-complaints {p['complaints_read_as_praise']:.3f} "
            f"ECE {p['ece']:.3f} | T {model.temperature_:.2f}/{model.temperature_hard_:.2f}",
            flush=True,
        )
        print("    per category:", h["per_category"], flush=True)
    if "--errors" in sys.argv and model is not None:
        texts = [r["text"] for r in dev]
        langs, analyses = model.analyse(texts)
        proba = model.predict_proba_analysed(texts, langs, analyses)
        for r, label, row in zip(dev, model.labels_from(proba, analyses), proba, strict=True):
            if label != r["label"]:
                print(
                    f"  {r['category']:18s} {r['label'][:3]}→{label[:3]} {row.round(2)} {r['text']}"
                )


if __name__ == "__main__":
    main()
