"""Dish mentions: does the linker find the venue's dishes as guests write them?

Reads every labelled set that exists among
``bench/data/dish_mentions/{dev,test,dev2,test2}.jsonl``
(one JSON object a line: ``id``, ``venue`` (mfl, brc, sis), ``lang``, ``text``, ``mentions``
— ``span``, ``dish`` (a demo menu code), ``sentiment`` (pos, neg, neu) — and optionally
``ambiguous``) and scores each set apart:

- precision and recall of dish mentions: a mention the linker links to a dish is right when
  its span overlaps a labelled mention of the same dish (each labelled mention counted once);
  a mention the linker leaves ambiguous (``dish=None``) is no link and counts for nothing;
- mention-sentiment accuracy over the right mentions: the linker as shipped (the rules read
  the clause around the mention) and with ``read_unjudged=True`` (the packaged learned model
  reads the sentences the rules find no opinion in; fitted before timing);
- beside, measured in the same run, the baseline: the menu's full Spanish and English names
  found by exact case-insensitive match (every mention of the baseline is neutral, so its
  sentiment accuracy is the share of neutral labels among its right mentions).

Menus are the demo's (``sazon.demo.venues.build_venues`` with the demo's default seed, 7).
Goal: precision and recall ≥ 0.90 on each set. Run:
``PYTHONPATH=src .venv/bin/python bench/bench_dish_mentions.py``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))  # recording.py, when a test loads this file

from recording import save  # noqa: E402

from sazon.demo.safety import SafetyChecker  # noqa: E402
from sazon.demo.venues import build_venues  # noqa: E402
from sazon.experience import DishLinker, MenuDish  # noqa: E402
from sazon.knowledge import load_knowledge  # noqa: E402

DATA = ROOT / "bench" / "data" / "dish_mentions"
# The first dev and test halves stay as history; dev2 and test2 were written later (SOURCE.md).
SETS = ("dev", "test", "dev2", "test2")
DEMO_SEED = 7
_LABELS = {"positive": "pos", "negative": "neg", "neutral": "neu"}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    dish: str
    sentiment: str  # pos, neg, neu


# A finder reads the rows of one set and gives each row's mentions, in order.
Finder = Callable[[Sequence[dict[str, Any]]], list[list[Found]]]


def read_set(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        for mention in row["mentions"]:
            if mention["span"] not in row["text"]:
                raise SystemExit(f"{path.name}:{number}: span {mention['span']!r} not in text")
        rows.append(row)
    return rows


def menus() -> dict[str, list[MenuDish]]:
    kb = load_knowledge()
    return {
        v.spec.code: [MenuDish(d.code, d.name, d.name_en) for d in v.menu]
        for v in build_venues(DEMO_SEED, kb, SafetyChecker(kb))
    }


def known_dishes() -> list[MenuDish]:
    """Every dish of the knowledge base, for the linker's ``elsewhere``."""
    kb = load_knowledge()
    return [MenuDish(d.id, d.name_es, d.name_en) for d in kb.dishes.values()]


def linker_finder(
    menu_of: dict[str, list[MenuDish]],
    *,
    read_unjudged: bool = False,
    elsewhere: Sequence[MenuDish] = (),
) -> Finder:
    linkers = {
        venue: DishLinker(menu, read_unjudged=read_unjudged, elsewhere=elsewhere)
        for venue, menu in menu_of.items()
    }
    # Load the lexicon and fit the packaged sentiment model before anything is timed.
    venue, menu = next(iter(menu_of.items()))
    linkers[venue].link(f"El {menu[0].name_es} es contundente.")

    def find(rows: Sequence[dict[str, Any]]) -> list[list[Found]]:
        out: list[list[Found]] = [[] for _ in rows]
        for venue, linker in linkers.items():
            mine = [i for i, r in enumerate(rows) if r["venue"] == venue]
            texts = [(rows[i]["text"], "en" if rows[i]["lang"] == "en" else "es") for i in mine]
            for i, mentions in zip(mine, linker.link_many(texts), strict=True):
                out[i] = [
                    Found(m.start, m.end, m.dish, _LABELS[m.sentiment])
                    for m in mentions
                    if m.dish is not None
                ]
        return out

    return find


def exact_finder(menu_of: dict[str, list[MenuDish]]) -> Finder:
    """The baseline: a full menu name, as written on the menu, case aside."""
    patterns = {
        venue: [
            (re.compile(r"\b" + re.escape(name) + r"\b", re.IGNORECASE), d.code)
            for d in menu
            for name in (d.name_es, d.name_en)
            if name
        ]
        for venue, menu in menu_of.items()
    }

    def find(rows: Sequence[dict[str, Any]]) -> list[list[Found]]:
        return [
            [
                Found(m.start(), m.end(), code, "neu")
                for pattern, code in patterns[row["venue"]]
                for m in pattern.finditer(row["text"])
            ]
            for row in rows
        ]

    return find


def score(rows: Sequence[dict[str, Any]], find: Finder) -> dict[str, Any]:
    tp = fp = fn = sentiment_right = 0
    began = time.perf_counter()
    every = find(rows)
    seconds = time.perf_counter() - began
    for row, found in zip(rows, every, strict=True):
        gold = []
        for m in row["mentions"]:
            at = row["text"].index(m["span"])
            gold.append((at, at + len(m["span"]), m["dish"], m["sentiment"]))
        used: set[int] = set()
        for f in found:
            hit = next(
                (
                    i
                    for i, (s, e, dish, _) in enumerate(gold)
                    if i not in used and dish == f.dish and s < f.end and f.start < e
                ),
                None,
            )
            if hit is None:
                fp += 1
                continue
            used.add(hit)
            tp += 1
            sentiment_right += f.sentiment == gold[hit][3]
        fn += len(gold) - len(used)
    return {
        "sentences": len(rows),
        "labelled_mentions": tp + fn,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "sentiment_accuracy": round(sentiment_right / tp, 4) if tp else 0.0,
        "ms_per_sentence": round(1000 * seconds / max(1, len(rows)), 3),
    }


def main() -> None:
    menu_of = menus()
    others = known_dishes()
    methods = {
        "exact name (baseline)": exact_finder(menu_of),
        "linker": linker_finder(menu_of, elsewhere=others),
        "linker + model for unjudged": linker_finder(menu_of, read_unjudged=True, elsewhere=others),
    }
    results: dict[str, Any] = {}
    for name in SETS:
        path = DATA / f"{name}.jsonl"
        if not path.exists():
            print(f"{path.relative_to(ROOT)}: not there, skipped")
            continue
        rows = read_set(path)
        results[name] = {
            "file": str(path.relative_to(ROOT)),
            "ambiguous_sentences": sum(bool(r.get("ambiguous")) for r in rows),
            "methods": {m: score(rows, find) for m, find in methods.items()},
        }
        print(f"\n{name}: {len(rows)} sentences")
        print(f"{'method':28} {'P':>6} {'R':>6} {'sent.acc':>9} {'ms/sent':>8}")
        for m, r in results[name]["methods"].items():
            print(
                f"{m:28} {r['precision']:6.3f} {r['recall']:6.3f} "
                f"{r['sentiment_accuracy']:9.3f} {r['ms_per_sentence']:8.3f}"
            )
    if not results:
        raise SystemExit(f"no labelled set in {DATA.relative_to(ROOT)}")
    save("dish_mentions", {"goal": {"precision": 0.9, "recall": 0.9}, "sets": results})


if __name__ == "__main__":
    main()
