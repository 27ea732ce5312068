"""Hard sentiment benchmark: irony, rhetorical questions, faint praise, "before vs now"…

The set is ``bench/data/sentiment_hard/`` (see its SOURCE.md): ``dev.csv`` (249 reviews, one
helper session; the development half: rules, training examples and the model were tuned on
it), ``test.csv`` (226 reviews, another helper session that saw neither the dev half nor
the code; scored once, ``--test``, for the model of 2026-12-07) and ``test_b.csv`` (204
reviews, written and committed before the model after it ran on them; scored once,
``--test-b``, for that model) and ``test_c.csv`` (204 reviews, the same way, for the model of
the third round; ``--test-c``). All were labelled by hand before any code ran on them.

Three models are scored in the same run on the same texts, each saved and loaded back as the
artifact is (so the speed is the speed after load, without scikit-learn):

- **shipped**: the packaged default model (``default_model()``), as ``default_estimator()``
  and ``default_training_data()`` build it;
- **candidate**: the third round's model (``bench_sentiment_round3.py``): the shipped one
  plus the structure features, the safety rule and the fourth hard training file. It did
  not become the default (docs/text.md); it is scored beside it so the choice can be
  re-checked;
- **original**: the default before that, ``SentimentModel()`` on the plain packaged reviews.

Printed for each: accuracy, macro-F1, complaints read as praise (the share of texts labelled
negative that the model calls positive), expected calibration error (10 equal-width bins over
the top-class probability), accuracy per category, and speed after load. The Peruvian held-out
set (``bench/data/peru_reviews_test.csv``) is scored too, so the old set is seen not to get
worse. Reliability diagrams are written to
``docs/bench/sentiment-hard-<set>-<model>-reliability.png`` and the numbers to
``docs/bench/sentiment-hard-<set>.json``.

Run: ``.venv/bin/python bench/bench_sentiment_hard.py [--test | --test-b | --test-c]``.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from sazon.text.sentiment import LABELS
from sazon.text.sentiment.model import SentimentModel
from sazon.text.sentiment.service import default_model, plain_training_data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
OUT = ROOT / "docs" / "bench"
BINS = 10
MODELS = ("shipped", "candidate", "original")


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise SystemExit(f"missing {path}: the evaluation sets ship with the repository")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def ece(proba: np.ndarray, gold: list[str]) -> tuple[float, list[tuple[float, float, int]]]:
    """Expected calibration error of the top class, and the (confidence, accuracy, n) bins."""
    top = proba.max(axis=1)
    right = np.array([LABELS[i] == g for i, g in zip(proba.argmax(axis=1), gold, strict=True)])
    total, bins = 0.0, []
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        mask = (top > lo) & (top <= hi) if b else (top >= lo) & (top <= hi)
        if mask.any():
            conf, acc = float(top[mask].mean()), float(right[mask].mean())
            total += mask.sum() / len(gold) * abs(conf - acc)
            bins.append((conf, acc, int(mask.sum())))
    return total, bins


def score(model: SentimentModel, rows: list[dict[str, str]]) -> dict[str, Any]:
    texts = [r["text"] for r in rows]
    gold = [r["label"] for r in rows]
    started = time.perf_counter()
    langs, analyses = model.analyse(texts)
    proba = model.predict_proba_analysed(texts, langs, analyses)
    pred = model.labels_from(proba, analyses)
    seconds = time.perf_counter() - started
    negatives = [p for p, g in zip(pred, gold, strict=True) if g == "negative"]
    error, bins = ece(proba, gold)
    per: dict[str, list[bool]] = defaultdict(list)
    for r, p in zip(rows, pred, strict=True):
        per[r.get("category") or "all"].append(p == r["label"])
    return {
        "texts": len(rows),
        "accuracy": round(float(np.mean([p == g for p, g in zip(pred, gold, strict=True)])), 4),
        "macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
        "complaints_read_as_praise": round(negatives.count("positive") / max(1, len(negatives)), 4),
        "complaints": len(negatives),
        "ece": round(error, 4),
        "per_category": {k: round(float(np.mean(v)), 3) for k, v in sorted(per.items())},
        "texts_per_second": round(len(rows) / seconds, 1),
        "bins": bins,
    }


def speed(models: dict[str, SentimentModel], rows: list[dict[str, str]]) -> dict[str, float]:
    """Texts per second of each loaded model on the same texts, in one call (as the CLI and
    the API score a batch), rounds interleaved so a busy machine slows both alike."""
    texts = [r["text"] for r in rows]
    best = dict.fromkeys(models, 0.0)
    for _ in range(3):
        for name, model in models.items():
            started = time.perf_counter()
            model.predict(texts)
            best[name] = max(best[name], len(texts) / (time.perf_counter() - started))
    return {"texts": float(len(texts))} | {k: round(v, 1) for k, v in best.items()}


def _diagram(bins: list[tuple[float, float, int]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.2, 4.2), dpi=110)
    ax.plot([0, 1], [0, 1], "--", color="#999", lw=1, label="perfecta / perfect")
    ax.plot([b[0] for b in bins], [b[1] for b in bins], "o-", color="#b5472b", label="Sazón")
    for conf, acc, n in bins:
        ax.annotate(str(n), (conf, acc), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set_xlabel("confianza / confidence")
    ax.set_ylabel("acierto / accuracy")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main() -> None:
    # The development half always; a test half only when asked (each is scored once).
    tests = (("--test", "test"), ("--test-b", "test_b"), ("--test-c", "test_c"))
    sets = ["dev"] + [half for flag, half in tests if flag in sys.argv]
    peru = _rows(DATA / "peru_reviews_test.csv")
    peru_dev = _rows(DATA / "peru_reviews_dev.csv")
    # Saved and loaded back, as every process but the first uses them (linear.py's scorer).
    shipped = SentimentModel.from_state(default_model().to_state())
    candidate = SentimentModel.from_state(_candidate().to_state())
    original = SentimentModel.from_state(SentimentModel().fit(*plain_training_data()).to_state())
    models = {"shipped": shipped, "candidate": candidate, "original": original}
    for model in models.values():
        model.predict(["rico todo / all good"])  # the lexicon and language detector load here
    for which in sets:
        _report(which, _rows(DATA / "sentiment_hard" / f"{which}.csv"), models, peru, peru_dev)


def _report(
    which: str,
    hard: list[dict[str, str]],
    models: dict[str, SentimentModel],
    peru: list[dict[str, str]],
    peru_dev: list[dict[str, str]],
) -> None:
    result: dict[str, Any] = {
        "set": which,
        "date": time.strftime("%Y-%m-%d"),
        "commit": _commit(),
        "machine": "2 cores, 24 GiB, no GPU",
    }
    for name, model in models.items():
        result[name] = {
            "hard": score(model, hard),
            "peru_test": score(model, peru),
            "peru_dev": score(model, peru_dev),
        }
    result["speed"] = speed(models, hard + peru + peru_dev)
    for name in MODELS:
        h, p = result[name]["hard"], result[name]["peru_test"]
        print(
            f"{name:9s} hard-{which}: acc {h['accuracy']:.3f} macro-F1 {h['macro_f1']:.3f} "
            f"praise-for-complaints {h['complaints_read_as_praise']:.3f} ECE {h['ece']:.3f} "
            f"({h['texts_per_second']:.0f}/s) | peru test acc {p['accuracy']:.3f} "
            f"praise-for-complaints {p['complaints_read_as_praise']:.3f} "
            f"({p['complaints']} complaints)"
        )
        print("          per category:", h["per_category"])
    print(
        "texts/s after load (3 rounds of {n} texts, best): ".format(n=result["speed"]["texts"])
        + ", ".join(f"{k} {v:.0f}" for k, v in result["speed"].items() if k != "texts")
    )
    OUT.mkdir(parents=True, exist_ok=True)
    for name in MODELS:
        _diagram(
            result[name]["hard"]["bins"],
            OUT / f"sentiment-hard-{which}-{name}-reliability.png",
            f"{name}, set difícil ({which}): ECE {result[name]['hard']['ece']:.3f}",
        )
    (OUT / f"sentiment-hard-{which}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _candidate() -> SentimentModel:
    """The third round's candidate, fitted as ``bench_sentiment_round3.py`` fits it."""
    # Here, not at the top: that script reads this one's scoring functions.
    from bench_sentiment_round3 import CANDIDATES, training  # type: ignore[import-not-found]

    params, files = CANDIDATES["+d +structure +safety"]
    return SentimentModel(**params).fit(*training(files))


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
