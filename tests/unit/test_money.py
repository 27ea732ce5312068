"""One reader of amounts in soles for the CLI, the web and ingest (sazon.money)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sazon.money import parse_soles


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("S/ 1.234,50", "1234.50"),
        ("S/. 45.00", "45.00"),
        ("PEN 120", "120.00"),
        ("1,234.5", "1234.50"),
        ("85,50", "85.50"),
        ("1,234", "1234.00"),
        ("  s/ 99  ", "99.00"),
        ("120 soles", "120.00"),
        ("0.005", "0.01"),
    ],
)
def test_parse_soles__reads_what_people_in_lima_write(written: str, amount: str) -> None:
    assert parse_soles(written) == Decimal(amount)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("USD 50", "not in soles"),
        ("$ 50", "not in soles"),
        ("€20", "not in soles"),
        ("mucho", "not an amount in soles"),
        ("NaN", "not an amount in soles"),
        ("Infinity", "not an amount in soles"),
        ("-5", "negative"),
        ("", "not an amount in soles"),
    ],
)
def test_parse_soles__refuses_with_a_reason(written: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_soles(written)


def test_the_cli_and_the_web_read_a_budget_alike() -> None:
    """Before, the web read "1,234" as S/ 1.23 and the CLI as S/ 1,234."""
    from sazon.cli.events import _budget
    from sazon.web.tools.events import money

    for written in ("1,234", "85,50", "S/ 1.234,50", "S/ 120"):
        assert _budget(written) == money(written), written
