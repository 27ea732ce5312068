"""Issue #12: which raw rows and texts carry an erased guest (and which namesakes' do not)."""

from __future__ import annotations

from datetime import date

import pytest

from sazon.access.identity import REDACTED, Identity, mentions, redact
from sazon.store import Guest


@pytest.fixture
def zoraida() -> Identity:
    guest = Guest(
        external_id="CLI-ZQ7731", first_name="Zoraida", last_name="Quispetupa Huamán",
        email="zoraida.qh@example.pe", phone="+51987654321", birth_date=date(1987, 3, 14),
    )  # fmt: skip
    return Identity.of(guest)


@pytest.mark.parametrize(
    "raw",
    [
        {"correo": "ZORAIDA.QH@Example.pe ", "nombre": "Z"},
        {"celular": "51-987-654-321"},
        {"telefono": "(0051) 987 654 321"},
        {"id_cliente": "CLI-ZQ7731", "nombre": "otra"},
        # No email or phone: the full name (accents as written) with the birth date.
        {"nombre": "ZORAIDA", "apellidos": "quispetupa huaman", "nacimiento": "14/03/1987"},
        {"nombre_completo": "Zoraida Quispetupa Huamán", "dob": "1987-03-14"},
    ],
)
def test_identity__a_raw_row_that_carries_the_guest_is_found(
    zoraida: Identity, raw: dict[str, str]
) -> None:
    assert zoraida.in_row(raw)


@pytest.mark.parametrize(
    "raw",
    [
        # A namesake born another day, or with no birth date, is somebody else.
        {"nombre": "Zoraida", "apellidos": "Quispetupa Huamán", "nacimiento": "15/03/1987"},
        {"nombre": "Zoraida", "apellidos": "Quispetupa Huamán"},
        # The code outside an id column, and another line's digits, are not the guest.
        {"notas": "CLI-ZQ7731", "pedido": "Lomo x2"},
        {"celular": "987 654 320"},
        {"correo": "zoraida.qh@example.pe.com", "email": "nzoraida.qh@example.pe"},
    ],
)
def test_identity__rows_of_other_people_are_not_taken(
    zoraida: Identity, raw: dict[str, str]
) -> None:
    assert not zoraida.in_row(raw)


def test_identity__short_numeric_codes_never_match() -> None:
    guest = Guest(external_id="7", first_name="Ana", email=None, phone=None)
    assert Identity.of(guest).external_id is None
    assert not Identity.of(guest).in_row({"id": "7", "personas": "7"})


def test_redact__replaces_only_the_strings_that_name_the_guest(zoraida: Identity) -> None:
    report = {
        "top_reasons": {"guest: no guest 'zoraida.qh@example.pe'": 1, "email: bad": 2},
        "warnings": ["Zoraida Quispetupa Huamán no come maní", "mesa 4"],
        "rows": 3,
    }
    assert mentions(zoraida, report)
    clean = redact(zoraida, report)
    assert clean == {
        "top_reasons": {REDACTED: 1, "email: bad": 2},
        "warnings": [REDACTED, "mesa 4"],
        "rows": 3,
    }
    assert not mentions(zoraida, clean)
