"""Issue #12, speed: the shortcuts of guest ingest decide exactly what the long way decided.

- The fuzzy name step reads only the names of the guests born on a row's birthday and loads
  whole only those close enough to some row: the candidates are the ones comparing the row
  with every guest born that day gives, in the same order.
- A file's repeated cells are read once (``CellMemo``): the same values, reasons and
  warnings as reading every cell, and no list shared between two rows.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import ingest_file
from sazon.ingest.cells import CellMemo
from sazon.ingest.guest_match import GuestIndex, Known, name_key
from sazon.ingest.parse import map_columns, read_fields
from sazon.ingest.schemas import GuestRecord
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest

pytestmark = pytest.mark.integration

FIRST = ["María", "Mario", "Rosa", "Rósa", "Rosa María", "José", "Jose", "Luis", "Lucía", "Ana"]
LAST = ["Quispe Mamani", "Quispe Mamami", "Quispe", "García", "Garcia Flores", "Huamán Rojas"]
DAYS = [date(1990, 7, 14), date(1990, 7, 15), date(1985, 1, 1)]


def _oracle(session: Session, row: Known, threshold: int) -> list[tuple[int, str]]:
    """What the fuzzy step kept when it compared the row with every guest born that day."""
    block = list(session.scalars(select(Guest).where(Guest.birth_date == row.birth_date)))
    scored = [
        (i, fuzz.token_sort_ratio(row.key, name_key(g.first_name, g.last_name)))
        for i, g in enumerate(block)
    ]
    kept = sorted(((s, i) for i, s in scored if s >= threshold), key=lambda t: (-t[0], t[1]))
    return [
        (block[i].id, "name+birth_date" if s >= 100 else "similar_name+birth_date") for s, i in kept
    ]


def test_fuzzy_step__reads_names_only_and_keeps_the_same_candidates(
    factory: sessionmaker[Session],
) -> None:
    rng = random.Random(12)
    with factory.begin() as s:
        s.add_all(
            Guest(
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                birth_date=rng.choice(DAYS),
                email=f"g{i}@example.pe",
            )
            for i in range(240)
        )
    records = [
        GuestRecord(
            first_name=rng.choice(FIRST), last_name=rng.choice(LAST), birth_date=rng.choice(DAYS)
        )
        for _ in range(60)
    ]
    with factory() as s:
        index = GuestIndex(90)
        index.load(s, records)
        # Only the guests some row's name is close to were loaded whole, not all 240.
        assert 0 < len(index.ids) < 240
        for rec in records:
            row = Known.of_record(rec)
            found = [(k.id, on) for k, on in index.candidates(row)]
            assert found == _oracle(s, row, 90), rec


def test_fuzzy_step__a_stored_guest_with_a_typo_is_merged_and_twins_stay_apart(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    header = "nombre;apellidos;fecha_nacimiento;alergias\n"
    crowd = "".join(f"Invitado{i};Apellido{i};14/07/1990;\n" for i in range(300))
    first = tmp_path / "first.csv"
    first.write_text(header + crowd + "María;Quispe Mamani;14/07/1990;maní\n", encoding="utf-8")
    ingest_file(factory, kb, "guests", first)
    again = tmp_path / "again.csv"
    again.write_text(
        header + "Maria;Quispe Mamami;14/07/1990;lactosa\nMario;Quispe Mamani;14/07/1990;\n",
        encoding="utf-8",
    )
    summary = ingest_file(factory, kb, "guests", again)
    typo, twin = summary.details
    assert typo.outcome == "merged" and typo.matched_on == "similar_name+birth_date"
    assert twin.outcome == "accepted" and twin.possible_duplicate_of == typo.record_id
    with factory() as s:
        maria = s.get(Guest, typo.record_id)
        assert maria is not None and maria.first_name == "María"
        assert "lactosa" in (maria.restrictions_raw or "")


def test_cell_memo__same_reading_as_each_cell_and_no_shared_lists() -> None:
    columns = map_columns(
        ["nombre", "correo", "cocinas_favoritas", "fecha_nacimiento", "vip"], "guests"
    )
    rng = random.Random(3)
    rows = [
        {
            "nombre": rng.choice(["Rosa Quispe", "=1+1", "José", "  ", "Ana 😀"]),
            "correo": f"r{i}@example.pe" if i % 7 else "no es correo",
            "cocinas_favoritas": rng.choice(["nikkei, criolla", "", "chifa"]),
            "fecha_nacimiento": rng.choice(["31/02/1990", "14/07/1990", "2999-01-01", ""]),
            "vip": rng.choice(["sí", "no", "quizás"]),
        }
        for i in range(CellMemo.TRIAL + 500)  # long enough for the email column to be given up
    ]
    memo = CellMemo()
    for row in rows:
        ours = read_fields(row, columns, "guests", memo=memo)
        plain = read_fields(row, columns, "guests")
        assert ours == plain
    assert "correo" in memo.off and "nombre" not in memo.off
    one = read_fields(rows[0] | {"cocinas_favoritas": "chifa"}, columns, "guests", memo=memo)
    two = read_fields(rows[0] | {"cocinas_favoritas": "chifa"}, columns, "guests", memo=memo)
    one.values["favourite_cuisines"].append("marina")
    assert two.values["favourite_cuisines"] == ["chifa"]
