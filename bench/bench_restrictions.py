"""Restriction reading benchmark: the planner's reading of what guests write, against labels.

The corpus is ``bench/data/restrictions/`` (see its SOURCE.md): ``dev.csv`` (341 texts, one
helper session, the development set the reader was tuned on) and ``test.csv`` (223 texts,
another helper session that never saw the dev set nor the code; scored once per release).
Each text is labelled with the atomic classes a cautious sommelier keeps off the plate, the
specific foods to avoid, whether a person should confirm, and what the guest does eat.

The reading scored is the planner's own: ``sazon.events.safety.profile_of`` on a guest whose
restriction text is the corpus text, so every face (CLI, API, web, ingest, planner) is scored
through the one reader they share.

- **missed**: a labelled class the reading did not produce (goal 0), per text and per class;
  a labelled food to avoid that the reading neither avoids nor covers by a class, nor
  flags for a person, counts too.
- **over-read**: a class the reading produced that the label does not have.
- **to confirm**: the share of texts the reading flags for a person, and its agreement with
  the labels.

Run: ``.venv/bin/python bench/bench_restrictions.py [dev|test] [--verbose]``; writes
``docs/bench/restrictions-<set>.json``.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from recording import save

from sazon.events.safety import Profile, dish_facts, is_safe, profile_of
from sazon.events.schemas import GuestNeeds, MenuDish
from sazon.knowledge import KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "restrictions"
# The planner's diet classes in the corpus's words.
_CLASS = {
    "crustacean": "crustaceans", "mollusc": "molluscs", "dairy": "milk", "egg": "eggs",
    "fish": "fish", "meat": "meat", "pork": "pork", "alcohol": "alcohol", "gelatin": "gelatin",
    "honey": "honey",
}  # fmt: skip


def _split(cell: str) -> set[str]:
    return {p.strip() for p in (cell or "").split("|") if p.strip()}


def produced(profile: Profile) -> set[str]:
    """The atomic classes a profile keeps off the plate."""
    out: set[str] = set()
    for rule in profile.rules:
        out |= set(rule.allergens)
        out |= {_CLASS[c] for c in rule.classes if c in _CLASS}
        if rule.kind == "pregnancy":
            out |= {"pregnancy", "alcohol"}
    return out


def _avoided(word: str, profile: Profile, kb: KnowledgeBase) -> bool:
    """Whether a dish made of the food the label names is kept from the guest."""
    if word in {"picante", "aji"} and any(r.avoid_heat for r in profile.rules):
        return True
    if word == "crudo":
        return any(r.avoid_raw or r.kind == "pregnancy" for r in profile.rules)
    match = kb.find_ingredient(word)
    if match is None:
        # "huevo crudo": kept away when the food it names is ("raw" is a state of it).
        heads = [m for part in word.split() if (m := kb.find_ingredient(part)) is not None]
        if not heads:
            return profile.cautious  # a food we do not know: only a person can keep it away
        return any(_avoided(h.matched, profile, kb) for h in heads)
    plate = MenuDish(
        dish_id="probe", name_es=word, course="fondo", ingredients=[word], cooking=["boiled"]
    )
    return not is_safe(dish_facts(plate, kb), profile)


def score(name: str, verbose: bool = False) -> dict[str, object]:
    kb = load_knowledge()
    with (DATA / f"{name}.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    missed_texts, missed_classes, over_texts, over_classes = 0, 0, 0, 0
    flagged, gold_confirm, both = 0, 0, 0
    misses: list[str] = []
    started = time.perf_counter()
    for row in rows:
        profile = profile_of(GuestNeeds(guest_id=row["id"], allergies_text=row["text"]), kb)
        got = produced(profile)
        gold = _split(row["classes"])
        missed = gold - got
        missed_food = {f for f in _split(row["avoid"]) if not _avoided(f, profile, kb)}
        over = got - gold
        if missed or missed_food:
            missed_texts += 1
            misses.append(f"{row['id']} {row['text']!r} missed {sorted(missed | missed_food)}")
        missed_classes += len(missed) + len(missed_food)
        if over:
            over_texts += 1
            over_classes += len(over)
        want = row["confirm"].strip().lower() == "yes"
        flagged += profile.cautious
        gold_confirm += want
        both += profile.cautious and want
        if verbose and over:
            print(f"  over {row['id']} {row['text']!r}: {sorted(over)}")
    elapsed = time.perf_counter() - started
    n = len(rows)
    result: dict[str, object] = {
        "set": name,
        "texts": n,
        "missed_texts": missed_texts,
        "missed_items": missed_classes,
        "over_read_texts": over_texts,
        "over_read_share": round(over_texts / n, 3),
        "to_confirm_share": round(flagged / n, 3),
        "labelled_confirm_share": round(gold_confirm / n, 3),
        "confirm_recall": round(both / gold_confirm, 3) if gold_confirm else None,
        "texts_per_second": round(n / elapsed, 1),
        "date": time.strftime("%Y-%m-%d"),
    }
    for line in misses:
        print("  MISSED", line)
    return result


def main() -> None:
    sets = [a for a in sys.argv[1:] if not a.startswith("--")] or ["dev"]
    verbose = "--verbose" in sys.argv
    for name in sets:
        if not (DATA / f"{name}.csv").exists():
            raise SystemExit(f"missing {DATA / name}.csv: the corpus ships with the repository")
        result = score(name, verbose)
        print(json.dumps(result, ensure_ascii=False))
        save(f"restrictions-{name}", result)


if __name__ == "__main__":
    main()
