"""Issue #12: ingest never joins two people, and keeps a person with one unreadable field."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import correct_quarantined, discard_quarantined, ingest_file, list_quarantine
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest, GuestFlag, QuarantinedRow
from sazon.store.guests import guest_dict

pytestmark = pytest.mark.integration

COLUMNS = [
    "nombre",
    "apellidos",
    "correo",
    "celular",
    "fecha_nacimiento",
    "alergias",
    "presupuesto",
]


def write_guests(folder: Path, rows: list[dict[str, str]], name: str = "clientes.csv") -> Path:
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter=";", restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _guests(factory: sessionmaker[Session]) -> dict[str, Guest]:
    with factory() as s:
        return {g.first_name or "": g for g in s.scalars(select(Guest).order_by(Guest.id))}


def _flags(factory: sessionmaker[Session]) -> list[tuple[int, str, int | None, str | None]]:
    with factory() as s:
        return [
            (f.guest_id, f.flag, f.other_guest_id, f.field)
            for f in s.scalars(select(GuestFlag).order_by(GuestFlag.id))
        ]


MARIA = {
    "nombre": "María",
    "apellidos": "Quispe Mamani",
    "correo": "maria.quispe@example.pe",
    "celular": "987 654 321",
    "fecha_nacimiento": "14/07/1990",
    "alergias": "maní",
}
MARIO = {
    "nombre": "Mario",
    "apellidos": "Quispe Mamani",
    "correo": "mario.quispe@example.pe",
    "celular": "912 345 678",
    "fecha_nacimiento": "14/07/1990",
    "alergias": "mariscos",
}


def test_twins__born_the_same_day_stay_two_people_and_the_second_is_flagged(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    summary = ingest_file(factory, kb, "guests", write_guests(tmp_path, [MARIA, MARIO]))
    assert (summary.accepted, summary.merged, summary.quarantined) == (2, 0, 0)
    guests = _guests(factory)
    maria, mario = guests["María"], guests["Mario"]
    assert (maria.email, maria.phone, maria.allergies) == (
        "maria.quispe@example.pe", "+51987654321", ["peanuts"],
    )  # fmt: skip
    assert (mario.email, mario.phone, mario.birth_date) == (
        "mario.quispe@example.pe", "+51912345678", date(1990, 7, 14),
    )  # fmt: skip
    assert mario.allergies == ["crustaceans", "fish", "molluscs"]
    assert summary.details[1].possible_duplicate_of == maria.id
    assert _flags(factory) == [(mario.id, "possible_duplicate", maria.id, None)]


def test_shared_home_phone__two_people_keep_their_own_email_birth_date_and_allergies(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    home = "01 444 5566"
    rows = [
        {"nombre": "Rosa", "apellidos": "Huamán Torres", "correo": "rosa@example.pe",
         "celular": home, "fecha_nacimiento": "02/03/1961", "alergias": "lactosa"},
        {"nombre": "Jorge", "apellidos": "Huamán Torres", "correo": "",
         "celular": home, "fecha_nacimiento": "09/11/1958", "alergias": "gluten"},
    ]  # fmt: skip
    summary = ingest_file(factory, kb, "guests", write_guests(tmp_path, rows))
    assert (summary.accepted, summary.merged) == (2, 0)
    guests = _guests(factory)
    rosa, jorge = guests["Rosa"], guests["Jorge"]
    assert (rosa.birth_date, rosa.allergies) == (date(1961, 3, 2), ["milk"])
    assert (jorge.email, jorge.birth_date, jorge.phone) == (None, date(1958, 11, 9), rosa.phone)
    assert "gluten" in jorge.allergies and "gluten" not in rosa.allergies
    assert _flags(factory) == [(jorge.id, "possible_duplicate", rosa.id, None)]


def test_conflicting_email__same_phone_other_email_is_kept_apart_and_flagged(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    other = {**MARIA, "correo": "mq@otro.pe", "alergias": "huevo"}
    summary = ingest_file(factory, kb, "guests", write_guests(tmp_path, [MARIA, other]))
    assert (summary.accepted, summary.merged, summary.possible_duplicates) == (2, 0, 1)
    with factory() as s:
        first, second = s.scalars(select(Guest).order_by(Guest.id))
        assert (first.email, first.allergies) == ("maria.quispe@example.pe", ["peanuts"])
        assert (second.email, second.allergies) == ("mq@otro.pe", ["eggs"])


def test_same_person_again__merges_filling_what_was_missing(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    again = {"nombre": "Maria", "apellidos": "Quispe Mamani", "correo": "MARIA.QUISPE@example.pe",
             "presupuesto": "alto"}  # fmt: skip
    summary = ingest_file(factory, kb, "guests", write_guests(tmp_path, [MARIA, again]))
    assert (summary.accepted, summary.merged, summary.possible_duplicates) == (1, 1, 0)
    assert summary.details[1].fields_filled == ["budget_tier"]
    assert _flags(factory) == []


BAD = {
    "nombre": "Lucía",
    "apellidos": "Rojas Díaz",
    "correo": "lucia@example.pe",
    "celular": "98x7",
    "fecha_nacimiento": "31/02/1980",
    "alergias": "mariscos",
    "presupuesto": "carísimo",
}


def test_one_bad_field__guest_kept_without_it_and_fields_wait_in_quarantine(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write_guests(tmp_path, [BAD, MARIA])
    summary = ingest_file(factory, kb, "guests", path)
    assert (summary.accepted, summary.merged, summary.quarantined) == (2, 0, 0)
    assert summary.accepted + summary.merged + summary.quarantined == summary.rows
    assert summary.to_review == 1
    lucia = _guests(factory)["Lucía"]
    assert (lucia.email, lucia.allergies) == (
        "lucia@example.pe",
        ["crustaceans", "fish", "molluscs"],
    )
    assert (lucia.phone, lucia.birth_date, lucia.budget_tier) == (None, None, None)
    result = summary.details[0]
    assert sorted(result.review_fields) == ["birth_date", "budget_tier", "phone"]
    [entry] = list_quarantine_of(factory)
    assert (entry.id, entry.record_id) == (result.quarantine_id, lucia.id)
    assert sorted(r["field"] for r in entry.reasons) == ["birth_date", "budget_tier", "phone"]
    assert sorted((f[1], f[3]) for f in _flags(factory)) == [
        ("review", "birth_date"), ("review", "budget_tier"), ("review", "phone"),
    ]  # fmt: skip
    with factory() as s:
        shown = guest_dict(s.get(Guest, lucia.id))  # type: ignore[arg-type]
    assert sorted(shown["review_fields"]) == ["birth_date", "budget_tier", "phone"]

    # Re-ingesting changes nothing: no second guest, no second quarantine entry or flag.
    before = (_guests(factory).keys(), _flags(factory))
    again = ingest_file(factory, kb, "guests", path)
    assert (again.accepted, again.merged, again.quarantined) == (0, 2, 0)
    assert (_guests(factory).keys(), _flags(factory)) == before
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(QuarantinedRow)) == 1

    # Fixing the fields later fills the same guest and closes the review.
    fixed = correct_quarantined(factory, kb, entry.id, {
        "fecha_nacimiento": "28/02/1980", "celular": "987 111 222", "presupuesto": "alto",
    })  # fmt: skip
    assert (fixed.outcome, fixed.record_id) == ("merged", lucia.id)
    lucia = _guests(factory)["Lucía"]
    assert (lucia.birth_date, lucia.phone, lucia.budget_tier) == (
        date(1980, 2, 28), "+51987111222", "high",
    )  # fmt: skip
    with factory() as s:
        assert guest_dict(s.get(Guest, lucia.id))["review_fields"] == []  # type: ignore[arg-type]
    assert list_quarantine_of(factory) == []


def test_one_bad_field_given_up__the_review_closes(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    ingest_file(
        factory, kb, "guests", write_guests(tmp_path, [{**BAD, "celular": "", "presupuesto": ""}])
    )
    [entry] = list_quarantine_of(factory)
    discard_quarantined(factory, entry.id)
    with factory() as s:
        assert s.scalars(select(GuestFlag.resolved_at)).one() is not None


def test_no_identity__whole_row_still_quarantined(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    row = {"nombre": "Lucía", "correo": "no-es-correo", "fecha_nacimiento": "31/02/1980"}
    summary = ingest_file(factory, kb, "guests", write_guests(tmp_path, [row]))
    assert (summary.accepted, summary.quarantined) == (0, 1)
    fields = {r["field"] for r in summary.details[0].reasons}
    assert {"email", "birth_date"} <= fields
    assert _guests(factory) == {}


def list_quarantine_of(factory: sessionmaker[Session]) -> list:  # type: ignore[type-arg]
    with factory() as s:
        return list_quarantine(s, "guests")
