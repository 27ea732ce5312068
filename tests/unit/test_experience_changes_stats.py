"""The test behind "what changed": its p-values and the weeks it reads."""

from __future__ import annotations

from datetime import date

import pytest

from sazon.errors import InvalidInput
from sazon.experience import parse_week
from sazon.experience.changes import two_proportion_p


def test_two_proportion__the_same_share_is_no_evidence() -> None:
    p, test = two_proportion_p(20, 100, 40, 200)
    assert test == "z" and p == pytest.approx(1.0)


def test_two_proportion__a_bigger_gap_or_more_reviews_means_a_smaller_p() -> None:
    small, _ = two_proportion_p(10, 50, 20, 50)
    wide, _ = two_proportion_p(10, 50, 35, 50)
    more, _ = two_proportion_p(40, 200, 80, 200)
    assert wide < small and more < small


def test_two_proportion__few_expected_counts_use_fishers_exact_test() -> None:
    p, test = two_proportion_p(0, 6, 5, 6)
    assert test == "fisher" and 0 < p < 0.05


@pytest.mark.parametrize(
    ("written", "monday"),
    [
        ("2026-W23", date(2026, 6, 1)),
        ("2026-w23", date(2026, 6, 1)),
        ("2026-06-03", date(2026, 6, 1)),
    ],
)
def test_parse_week__an_iso_week_or_any_day_of_it(written: str, monday: date) -> None:
    assert parse_week(written) == monday


@pytest.mark.parametrize("written", ["2026-W99", "junio", "0001-01-01", ""])
def test_parse_week__anything_else_says_how_to_write_it(written: str) -> None:
    with pytest.raises(InvalidInput, match=r"2026-W23|2000 a 2999"):
        parse_week(written)
