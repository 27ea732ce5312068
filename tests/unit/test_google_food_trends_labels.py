"""The hand labels of the Google food-search series (issue #16): format and fit to the data.

The trend detector's benchmark scores against these labels; the checks keep the file usable:
one row per topic, a known label, an onset week (``YYYY-WW`` as in the data) and a direction for
every sustained trend, dates for every spike, and evidence on every row.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from tests.services import in_ci

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "bench" / "data" / "google_food_trends" / "labels.csv"
SERIES = ROOT.parent / "shared" / "data" / "google_food_searches" / "food_searches.csv"
COLUMNS = ["topic", "label", "onset", "direction", "spike_dates", "evidence"]
KINDS = {"sustained_trend", "spike", "seasonal", "stable"}
DIRECTIONS = {"up", "down", "up_then_down"}
WEEK = re.compile(r"(20(?:0[4-9]|1[0-6]))-(0[1-9]|[1-4]\d|5[0-2])")  # the data's weeks
FIRST, LAST = date(2004, 1, 1), date(2016, 12, 31)


def row_problems(row: dict[str, str]) -> list[str]:
    where, label = row["topic"], row["label"]
    problems = []
    if not re.fullmatch(r"[a-z]+(-[a-z]+)*", where):
        problems.append(f"{where!r}: topic should be the data set's slug")
    if label not in KINDS:
        problems.append(f"{where}: label {label!r} not in {sorted(KINDS)}")
    trend = label == "sustained_trend"
    if trend != bool(WEEK.fullmatch(row["onset"])):
        problems.append(f"{where}: onset {row['onset']!r}: a YYYY-WW week for trends, else empty")
    if trend != (row["direction"] in DIRECTIONS) or (not trend and row["direction"]):
        problems.append(f"{where}: direction {row['direction']!r}: {sorted(DIRECTIONS)} for trends")
    spikes = [d for d in row["spike_dates"].split(";") if d]
    for day in spikes:
        try:
            ok = FIRST <= date.fromisoformat(day) <= LAST
        except ValueError:
            ok = False
        if not ok:
            problems.append(f"{where}: spike date {day!r} is not an ISO date in 2004-2016")
    if label == "spike" and not spikes:
        problems.append(f"{where}: a spike needs its dates")
    if label in {"seasonal", "stable"} and spikes:
        problems.append(f"{where}: {label} rows carry no spike dates")
    if len(row["evidence"].strip()) < 40:
        problems.append(f"{where}: evidence should say where the label comes from")
    return problems


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_every_row_is_well_formed(rows: list[dict[str, str]]) -> None:
    assert [p for row in rows for p in row_problems(row)] == []
    topics = [r["topic"] for r in rows]
    assert len(topics) == len(set(topics)), "one row per topic"


def test_enough_labels_of_both_kinds(rows: list[dict[str, str]]) -> None:
    kinds = [r["label"] for r in rows]
    assert len(rows) >= 60
    assert kinds.count("sustained_trend") >= 15
    assert kinds.count("spike") >= 15
    assert kinds.count("stable") + kinds.count("seasonal") >= 15


def test_the_check_catches_what_it_should() -> None:
    good = {
        "topic": "kale", "label": "sustained_trend", "onset": "2008-40", "direction": "up",
        "spike_dates": "", "evidence": "widely reported superfood of 2011-2013; rises 2008",
    }  # fmt: skip
    assert row_problems(good) == []
    for bad, says in (
        ({**good, "onset": "2008-53"}, "onset"),
        ({**good, "onset": ""}, "onset"),
        ({**good, "direction": "sideways"}, "direction"),
        ({**good, "label": "spike", "onset": "", "direction": ""}, "needs its dates"),
        ({**good, "spike_dates": "2017-01-01"}, "spike date"),
        ({**good, "evidence": "trust me"}, "evidence"),
    ):
        assert any(says in p for p in row_problems(bad)), says


def test_every_topic_is_in_the_series() -> None:
    if not SERIES.exists():
        if in_ci():
            pytest.fail(f"{SERIES} is required under CI=true: the shared data sit beside the repo")
        pytest.skip(f"{SERIES} not found: the shared data sets sit at ../shared/data")
    with SERIES.open(encoding="utf-8") as f:
        next(f)  # header: id,googleTopic,week_id,value
        known = {line.split(",", 1)[0] for line in f}
    with LABELS.open(encoding="utf-8", newline="") as f:
        labelled = {r["topic"] for r in csv.DictReader(f)}
    assert labelled - known == set()
