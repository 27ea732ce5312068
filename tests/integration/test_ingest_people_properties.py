"""Issue #12, for any guests file with twins, shared phones, conflicting emails, repeated rows
and unreadable fields: every row is accounted for, and no value ever reaches a guest whose
rows did not carry it (hypothesis)."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import ingest_file
from sazon.ingest.standardise import phone
from sazon.knowledge import KnowledgeBase, parse_restrictions
from sazon.store import Guest, GuestFlag, IngestedRow, QuarantinedRow, RecordMerge
from tests.integration.test_ingest_people import write_guests

pytestmark = pytest.mark.integration

# One person per first name; María and Mario are the twins' names.
PEOPLE = ["María", "Mario", "Rosa", "Jorge", "Diego", "Carmen", "Teresa"]
LAST = ["Quispe Mamani", "Huamán Torres"]
BORN = ["14/07/1990", "02/03/1961"]
PHONES = ["987 654 321", "912 345 678", "01 444 5566"]  # households share these
ALLERGY = ["maní", "huevo", "lactosa", "mariscos", "soya", "sésamo", "gluten"]

person = st.fixed_dictionaries(
    {"last": st.sampled_from(LAST), "born": st.sampled_from(BORN), "phone": st.sampled_from(PHONES)}
)
row = st.fixed_dictionaries(
    {
        "who": st.integers(0, len(PEOPLE) - 1),
        "email": st.sampled_from(["own", "own", "other", "none"]),
        "phone": st.booleans(),
        "born": st.booleans(),
        "allergy": st.booleans(),
        "bad": st.sampled_from([None, None, "fecha_nacimiento", "celular", "presupuesto"]),
    }
)
_files = itertools.count()


def _ascii(name: str) -> str:
    return name.lower().replace("í", "i").replace("á", "a")


def _rows(people: list[dict[str, str]], picks: list[dict[str, object]]) -> list[dict[str, str]]:
    out = []
    for pick in picks:
        i = int(str(pick["who"]))
        who, first = people[i], PEOPLE[i]
        email = {"own": f"{_ascii(first)}@example.pe", "other": f"{_ascii(first)}@otro.pe"}
        cells = {
            "nombre": first,
            "apellidos": who["last"],
            "correo": email.get(str(pick["email"]), ""),
            "celular": who["phone"] if pick["phone"] else "",
            "fecha_nacimiento": who["born"] if pick["born"] else "",
            "alergias": ALLERGY[i] if pick["allergy"] else "",
            "presupuesto": "alto",
        }
        bad = {"fecha_nacimiento": "31/02/1980", "celular": "98x7", "presupuesto": "carísimo"}
        if pick["bad"]:
            cells[str(pick["bad"])] = bad[str(pick["bad"])]
        out.append(cells)
    return out


def _empty_store(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        for model in (GuestFlag, IngestedRow, RecordMerge, QuarantinedRow, Guest):
            s.execute(delete(model))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(person, min_size=len(PEOPLE), max_size=len(PEOPLE)),
    picks=st.lists(row, min_size=1, max_size=30),
)
def test_ingest__no_value_moves_between_people_and_every_row_is_accounted_for(
    people: list[dict[str, str]],
    picks: list[dict[str, object]],
    sqlite_factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
) -> None:
    _empty_store(sqlite_factory)
    rows = _rows(people, picks)
    path = write_guests(tmp_path, rows, f"guests-{next(_files)}.csv")
    summary = ingest_file(sqlite_factory, kb, "guests", path)

    # Every row is accounted for: a guest it became or merged into, or a quarantine entry.
    assert summary.accepted + summary.merged + summary.quarantined == summary.rows == len(rows)
    assert [d.row for d in summary.details] == list(range(1, len(rows) + 1))
    assert summary.quarantined == 0  # every row names its person: none lacks an identity
    assert all(d.record_id is not None for d in summary.details)

    carried: dict[int, list[dict[str, str]]] = {}
    for detail, cells in zip(summary.details, rows, strict=True):
        carried.setdefault(int(detail.record_id or 0), []).append(cells)
        if detail.review_fields:
            assert detail.quarantine_id is not None
    with sqlite_factory() as s:
        guests = {g.id: g for g in s.scalars(select(Guest))}
    assert set(guests) == set(carried)
    for gid, its_rows in carried.items():
        g = guests[gid]
        # One person per guest: twins, a shared phone or a second email never join two.
        assert {r["nombre"] for r in its_rows} == {g.first_name}
        emails = {r["correo"] for r in its_rows}
        phones = {phone(r["celular"]) for r in its_rows if r["celular"] not in ("", "98x7")}
        born = {
            date(*map(int, reversed(r["fecha_nacimiento"].split("/"))))
            for r in its_rows
            if r["fecha_nacimiento"] not in ("", "31/02/1980")
        }
        allergens = parse_restrictions(*(r["alergias"] for r in its_rows)).allergens
        assert g.email is None or g.email in emails
        assert g.phone is None or g.phone in phones
        assert g.birth_date is None or g.birth_date in born
        assert set(g.allergies) <= allergens

    # Re-ingesting the same file changes nothing.
    again = ingest_file(sqlite_factory, kb, "guests", path)
    assert (again.accepted, again.merged) == (0, len(rows))
    with sqlite_factory() as s:
        assert {g.id for g in s.scalars(select(Guest))} == set(guests)
