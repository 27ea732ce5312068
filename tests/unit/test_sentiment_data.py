"""The data behind sentiment: the packaged training reviews, the dev and held-out test sets.

The test set must stay independent of what the model learns from, so no test review may be
a near copy of a training review; the lexicon files must parse and agree with themselves.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from sazon.text import detect_languages
from sazon.text.sentiment import ASPECTS, LABELS
from sazon.text.sentiment.lexicon import build_lexicon
from sazon.text.sentiment.service import CANDIDATE_HARD_FILES, HARD_TRAINING_FILES

ROOT = Path(__file__).resolve().parents[2]
TEST_SET = ROOT / "bench" / "data" / "peru_reviews_test.csv"
DEV_SET = ROOT / "bench" / "data" / "peru_reviews_dev.csv"
COLUMNS = ["id", "text", "label", *ASPECTS]
_NON_WORD = re.compile(r"\W+")
SLANG = (
    "bacán", "chévere", "paja", "asu mare", "huachafo", "ni fu ni fa", "caleta", "mostro",
    "estafa", "clavan", "jatea", "pucha", "demoraron un montón",
)  # fmt: skip


def train_rows() -> list[dict[str, str]]:
    raw = resources.files("sazon.text").joinpath("data", "sentiment_train.csv").read_text("utf-8")
    return list(csv.DictReader(raw.splitlines()))


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


SETS = {"train": train_rows, "dev": lambda: rows_of(DEV_SET), "test": lambda: rows_of(TEST_SET)}


def grams(text: str, n: int = 4) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = " " + _NON_WORD.sub(" ", folded).strip() + " "
    return {folded[i : i + n] for i in range(len(folded) - n + 1)}


@pytest.mark.parametrize("name", list(SETS))
def test_data__columns_labels_and_aspects_are_valid(name: str) -> None:
    rows = SETS[name]()
    assert rows and list(rows[0]) == COLUMNS
    for row in rows:
        assert row["text"].strip(), row["id"]
        assert row["label"] in LABELS, row["id"]
        for aspect in ASPECTS:
            assert row[aspect] in ("", *LABELS), (row["id"], aspect)
    ids = [r["id"] for r in rows]
    texts = [r["text"].strip().lower() for r in rows]
    assert len(set(ids)) == len(ids)
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("name", "minimum"), [("train", 500), ("dev", 100), ("test", 300)])
def test_data__sizes_and_every_label_well_represented(name: str, minimum: int) -> None:
    rows = SETS[name]()
    assert len(rows) >= minimum
    counts = Counter(r["label"] for r in rows)
    assert all(counts[label] >= 0.1 * len(rows) for label in LABELS), counts


def test_data__test_set_is_mostly_spanish_with_english_and_slang() -> None:
    rows = rows_of(TEST_SET)
    langs = Counter(detect_languages([r["text"] for r in rows], fallback="es"))
    assert langs["es"] > langs["en"] >= 30
    text = " ".join(r["text"].lower() for r in rows)
    for slang in SLANG:
        assert slang in text, slang


@pytest.mark.parametrize("other", ["train", "dev"])
def test_data__no_test_review_is_a_near_copy_of_a_training_or_dev_one(other: str) -> None:
    known = [(r["text"], grams(r["text"])) for r in SETS[other]()]
    close = []
    for row in rows_of(TEST_SET):
        mine = grams(row["text"])
        if len(mine) < 8:  # "meh", "ok": too short to be anyone's copy
            continue
        for text, theirs in known:
            if len(theirs) >= 8 and len(mine & theirs) / len(mine | theirs) >= 0.7:
                close.append((row["text"], text))
    assert close == []


def test_lexicon__files_parse_and_no_term_is_written_twice() -> None:
    lexicon = build_lexicon()
    assert len(lexicon.opinions) > 500 and len(lexicon.cues) > 300
    data = resources.files("sazon.text").joinpath("data")
    for name in ("sentiment_lexicon.tsv", "sentiment_modifiers.tsv", "sentiment_aspects.tsv"):
        terms = [
            line.split("\t")[0].strip().lower()
            for line in data.joinpath(name).read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        repeated = [t for t, n in Counter(terms).items() if n > 1]
        assert repeated == [], (name, repeated)


HARD_SETS = [
    ROOT / "bench" / "data" / "sentiment_hard" / f"{half}.csv"
    for half in ("dev", "test", "test_b", "test_c")
]


@pytest.mark.parametrize("name", HARD_TRAINING_FILES + CANDIDATE_HARD_FILES)
def test_hard_training_data__valid_and_no_review_is_a_near_copy_of_the_hard_set(name: str) -> None:
    raw = resources.files("sazon.text").joinpath("data", name).read_text("utf-8")
    rows = list(csv.DictReader(raw.splitlines()))
    assert rows and list(rows[0]) == COLUMNS
    assert {r["label"] for r in rows} == set(LABELS)
    assert len({r["id"] for r in rows}) == len(rows)
    known = _hard_set_grams()
    sizes = [len(g) for g in known]
    close = []
    for row in rows:
        mine = grams(row["text"])
        if len(mine) < 8:  # "meh", "top": too short to be anyone's copy
            continue
        # Jaccard ≤ smaller / larger, so only sets within a factor 2 in size can reach 0.5.
        low = bisect_left(sizes, max(8, len(mine) / 2))
        high = bisect_right(sizes, 2 * len(mine))
        if any(len(mine & g) / len(mine | g) >= 0.5 for g in known[low:high]):
            close.append(row["id"])
    assert close == []


@cache
def _hard_set_grams() -> list[set[str]]:
    """The 4-gram sets of every review of the hard set's halves, smallest first."""
    return sorted((grams(r["text"]) for path in HARD_SETS for r in rows_of(path)), key=len)
