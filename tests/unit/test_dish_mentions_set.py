"""The hand-labelled dish-mention TEST set (issue #15): its format and its fit to the demo menus.

The set is scored by the dish linker's benchmark; these checks only keep the file usable (spans
are exact substrings, dish codes exist on that venue's demo menu with the demo's seed) and keep
the promised mix (≥ 300 sentences, ≥ 25 % with no mention, English and mixed reviews).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from sazon.demo.safety import SafetyChecker
from sazon.demo.venues import build_venues
from sazon.knowledge import KnowledgeBase

SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "dish_mentions" / "test.jsonl"
DEMO_SEED = 7  # the seed `sazon demo-data` (and so `make demo`) uses by default
KEYS = {"id", "venue", "lang", "text", "mentions"}
OPTIONAL = {"trap"}
MENTION_KEYS = {"span", "dish", "sentiment"}
LANGS = {"es", "en", "mixed"}
SENTIMENTS = {"pos", "neg", "neu"}
ID = re.compile(r"[a-z]\d{4}")  # t… the test half, e… the second dev set, s… the second test


def _row_problems(row: dict[str, object], menus: dict[str, set[str]]) -> list[str]:
    where = f"{row.get('id')}"
    problems = []
    if not row.keys() >= KEYS or not row.keys() <= KEYS | OPTIONAL:
        problems.append(f"{where}: keys {sorted(row)} should be {sorted(KEYS)} (+ {OPTIONAL})")
        return problems
    text, venue, mentions = row["text"], row["venue"], row["mentions"]
    if not isinstance(row["id"], str) or not ID.fullmatch(row["id"]):
        problems.append(f"{where}: id should look like t0001 (a letter, four digits)")
    if venue not in menus:
        problems.append(f"{where}: venue {venue!r} is not a demo venue")
    if row["lang"] not in LANGS:
        problems.append(f"{where}: lang {row['lang']!r} not in {sorted(LANGS)}")
    if not isinstance(text, str) or not text.strip() or not isinstance(mentions, list):
        return [*problems, f"{where}: text must be a non-empty string, mentions a list"]
    seen: set[str] = set()
    for m in mentions:
        if not isinstance(m, dict) or not MENTION_KEYS <= m.keys() <= MENTION_KEYS | {"ambiguous"}:
            problems.append(f"{where}: mention {m!r} needs exactly span, dish, sentiment")
            continue
        if m["span"] not in text:
            problems.append(f"{where}: span {m['span']!r} is not a substring of the text")
        if m["dish"] not in menus.get(str(venue), set()):
            problems.append(f"{where}: dish {m['dish']!r} is not on {venue}'s demo menu")
        if m["sentiment"] not in SENTIMENTS:
            problems.append(f"{where}: sentiment {m['sentiment']!r} not in {sorted(SENTIMENTS)}")
        if m.get("ambiguous", True) is not True:
            problems.append(f"{where}: ambiguous is either true or absent")
        if m["dish"] in seen:
            problems.append(f"{where}: dish {m['dish']} labelled twice in one sentence")
        seen.add(m["dish"])
    if not mentions and "trap" not in row:
        problems.append(f"{where}: a sentence with no mention says which kind of negative (trap)")
    return problems


def problems_in(rows: Iterable[dict[str, object]], menus: dict[str, set[str]]) -> list[str]:
    found: list[str] = []
    ids: set[object] = set()
    for row in rows:
        found += _row_problems(row, menus)
        if row.get("id") in ids:
            found.append(f"{row.get('id')}: id used twice")
        ids.add(row.get("id"))
    return found


@pytest.fixture(scope="module")
def menus(kb: KnowledgeBase) -> dict[str, set[str]]:
    venues = build_venues(DEMO_SEED, kb, SafetyChecker(kb))
    return {v.spec.code: {d.code for d in v.menu} for v in venues}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    with SET.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_every_row_is_well_formed_and_names_dishes_of_its_venue(
    rows: list[dict[str, object]], menus: dict[str, set[str]]
) -> None:
    assert problems_in(rows, menus) == []


def test_the_set_keeps_its_promised_size_and_mix(rows: list[dict[str, object]]) -> None:
    assert len(rows) >= 300
    negatives = sum(not r["mentions"] for r in rows)
    assert negatives / len(rows) >= 0.25
    not_spanish = sum(r["lang"] != "es" for r in rows)
    assert not_spanish / len(rows) >= 0.2
    assert {r["venue"] for r in rows} == {"mfl", "brc", "sis"}
    assert any(m.get("ambiguous") for r in rows for m in r["mentions"])  # type: ignore[attr-defined]
    assert sum(len(r["mentions"]) > 1 for r in rows) >= 15  # type: ignore[arg-type]


def test_the_check_catches_what_it_should(menus: dict[str, set[str]]) -> None:
    mention = {"span": "anticuchos", "dish": "brc-anticuchos", "sentiment": "pos"}
    good: dict[str, object] = {
        "id": "t0001", "venue": "brc", "lang": "es", "text": "Los anticuchos, bravazos.",
        "mentions": [mention],
    }  # fmt: skip
    assert problems_in([good], menus) == []
    cases: list[tuple[list[dict[str, object]], str]] = [
        ([{**good, "venue": "sis"}], "not on sis"),  # anticuchos: not on San Isidro's menu
        ([{**good, "mentions": [{**mention, "span": "anticucho "}]}], "not a substring"),
        ([{**good, "mentions": []}], "trap"),
        ([{**good, "mentions": [mention, mention]}], "labelled twice"),
        ([good, good], "used twice"),
    ]
    for rows, says in cases:
        assert any(says in p for p in problems_in(rows, menus)), says


@pytest.mark.parametrize("name", ["dev2.jsonl", "test2.jsonl"])
def test_the_later_sets_are_well_formed_too(name: str, menus: dict[str, set[str]]) -> None:
    with (SET.parent / name).open(encoding="utf-8") as f:
        later = [json.loads(line) for line in f if line.strip()]
    assert len(later) >= 200
    assert problems_in(later, menus) == []
