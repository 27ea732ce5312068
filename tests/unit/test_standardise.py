from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from sazon.ingest import standardise as s


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("987 654 321", "+51987654321"),
        ("+51 987-654-321", "+51987654321"),
        ("0051987654321", "+51987654321"),
        ("(01) 421-5678", "+5114215678"),
        ("+1 (415) 555-0134", "+14155550134"),
    ],
)
def test_phone__normalises_to_e164_with_peru_default(written: str, expected: str) -> None:
    assert s.phone(written) == expected


def test_phone__rejects_too_few_digits() -> None:
    with pytest.raises(ValueError, match="digits"):
        s.phone("98765")


def test_email__lower_cases_and_validates() -> None:
    assert s.email(" Rosa.Quispe@Gmail.COM ") == "rosa.quispe@gmail.com"
    with pytest.raises(ValueError, match="not an email"):
        s.email("rosa.quispe@")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("05/03/1988", date(1988, 3, 5)),
        ("1988-03-05", date(1988, 3, 5)),
        ("5.3.1988", date(1988, 3, 5)),
    ],
)
def test_birth_date__reads_peruvian_and_iso_forms(written: str, expected: date) -> None:
    assert s.birth_date(written) == expected


@pytest.mark.parametrize("written", ["31/02/1990", "2024-13-01"])
def test_dates__impossible_dates_say_so(written: str) -> None:
    with pytest.raises(ValueError, match="not a real date"):
        s.parse_date(written)


def test_birth_date__future_is_rejected() -> None:
    with pytest.raises(ValueError, match="future"):
        s.birth_date("01/01/2999")


def test_datetime__naive_is_lima_time_stored_as_utc() -> None:
    assert s.parse_datetime("24/12/2025 20:30") == datetime(2025, 12, 25, 1, 30, tzinfo=UTC)
    assert s.parse_datetime("2025-12-24T20:30:00-05:00") == datetime(
        2025, 12, 25, 1, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("S/ 1.234,50", "1234.50"),
        ("S/. 45.00", "45.00"),
        ("PEN 120", "120.00"),
        ("1,234.5", "1234.50"),
        ("89,90", "89.90"),
    ],
)
def test_money__reads_soles_written_many_ways(written: str, expected: str) -> None:
    assert s.money_pen(written) == Decimal(expected)


def test_money__refuses_dollars() -> None:
    with pytest.raises(ValueError, match="soles"):
        s.money_pen("US$ 20")


def test_person_name__title_cases_keeps_particles_and_drops_emoji() -> None:
    assert s.person_name("  maría  DEL carmen 😊") == "María del Carmen"


def test_person_name__keeps_formula_verbatim_for_csv_neutralising() -> None:
    assert s.person_name('=HYPERLINK("http://x","y")') == '=HYPERLINK("http://x","y")'


def test_boolean__spanish_and_english() -> None:
    assert s.boolean("Sí") is True
    assert s.boolean("no") is False
    with pytest.raises(ValueError, match="yes/no"):
        s.boolean("quizás")
