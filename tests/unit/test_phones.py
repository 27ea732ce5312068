"""Phones grouped as a Lima reader writes them (issue #19): display only, unknown shapes kept."""

from __future__ import annotations

import pytest

from sazon.phones import phone_display


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+51926259305", "+51 926 259 305"),
        ("926259305", "+51 926 259 305"),
        ("926 259 305", "+51 926 259 305"),
        ("51926259305", "+51 926 259 305"),
        ("0051 926-259-305", "+51 926 259 305"),
        ("+5112345678", "(01) 234 5678"),
        ("(01) 2345678", "(01) 234 5678"),
        ("01-234-5678", "(01) 234 5678"),
        ("+5144123456", "(044) 123456"),  # Trujillo: phonenumbers' national grouping
        ("+14155550123", "+1 415-555-0123"),
        ("+34 912345678", "+34 912 34 56 78"),
    ],
)
def test_phone_display__groups_the_known_shapes(stored: str, shown: str) -> None:
    assert phone_display(stored) == shown


def test_phone_display__the_country_goes_without_saying_for_a_mobile() -> None:
    assert phone_display("+51926259305", country_implied=True) == "926 259 305"
    # A landline is written the same either way; a foreign number keeps its country.
    assert phone_display("+5112345678", country_implied=True) == "(01) 234 5678"
    assert phone_display("+14155550123", country_implied=True) == "+1 415-555-0123"


@pytest.mark.parametrize(
    "written",
    ["anexo 12", "2345678", "+999 123", "12-34", "", "+5199", "+1 000 000 0000", "llamar 9-5 pm"],
)
def test_phone_display__an_unknown_shape_is_shown_as_written(written: str) -> None:
    assert phone_display(written) == written


def test_phone_display__nothing_stored_is_empty() -> None:
    assert phone_display(None) == ""
