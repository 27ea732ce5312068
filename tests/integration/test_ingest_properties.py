"""Invariants of ingest, for any mix of good, duplicated and broken rows (hypothesis)."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.errors import InvalidInput
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest, QuarantinedRow

pytestmark = pytest.mark.integration

FIRST = ["Rosa", "José", "María del Carmen", "Luis", "Ñusta", "=cmd", ""]
LAST = ["Quispe", "García Pérez", "Huamán", "Rojas", ""]
EMAILS = ["rosa@x.pe", "ROSA@X.PE", "luis@example.com", "no-es-correo", ""]
PHONES = ["987654321", "+51 987 654 321", "912-345-678", "123", ""]
DATES = ["05/03/1988", "1988-03-05", "31/02/1990", "01/01/2999", "", "ayer"]
ALLERGIES = ["mariscos", "maní; lactosa", "tree nuts", "no le gusta el culantro", ""]

row_strategy = st.fixed_dictionaries(
    {
        "nombre": st.sampled_from(FIRST),
        "apellido": st.sampled_from(LAST),
        "correo": st.sampled_from(EMAILS),
        "celular": st.sampled_from(PHONES),
        "fecha de nacimiento": st.sampled_from(DATES),
        "alergias": st.sampled_from(ALLERGIES),
        "notas": st.text(max_size=30),
    }
)
_files = itertools.count()


def _write(rows: list[dict[str, str]], folder: Path, delimiter: str) -> Path:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path = folder / f"guests-{next(_files)}.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _snapshot(factory: sessionmaker[Session]) -> list[tuple[object, ...]]:
    with factory() as s:
        guests = [
            (
                g.id,
                g.first_name,
                g.last_name,
                g.email,
                g.phone,
                g.birth_date,
                g.allergies,
                g.notes,
                g.restrictions_raw,
            )
            for g in s.scalars(select(Guest).order_by(Guest.id))
        ]
        quarantined = [(q.id, q.fingerprint) for q in s.scalars(select(QuarantinedRow))]
    return [*guests, *quarantined]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row_strategy, min_size=1, max_size=25), delimiter=st.sampled_from(",;\t|"))
def test_ingest__counts_add_up_and_reingest_is_idempotent(
    rows: list[dict[str, str]],
    delimiter: str,
    sqlite_factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
) -> None:
    # A row with every cell blank is no row at all; keep one cell so the file has len(rows).
    for r in rows:
        r["notas"] = r["notas"].replace("\x00", "") + "·"
    path = _write(rows, tmp_path, delimiter)
    stored = _snapshot(sqlite_factory)
    first, refusal = None, ""
    try:
        first = ingest_file(sqlite_factory, kb, "guests", path)
    except InvalidInput as refused:
        refusal = str(refused)
    if first is None:
        # Notes full of control characters (or U+FFFD) make the file look binary: it may be
        # refused whole, in one sentence, and then nothing of it is stored; never half-read.
        assert "no es un archivo de datos" in refusal
        odd = [c for r in rows for c in r["notas"] if c == "\ufffd" or ord(c) < 32]
        assert any(c not in "\t\n\r\f\v" for c in odd)
        assert _snapshot(sqlite_factory) == stored
        return
    assert first.rows == len(rows)
    assert first.accepted + first.merged + first.quarantined == first.rows
    assert sorted(d.row for d in first.details) == list(range(1, len(rows) + 1))
    before = _snapshot(sqlite_factory)
    again = ingest_file(sqlite_factory, kb, "guests", path)
    assert again.accepted == 0
    assert again.quarantined == first.quarantined
    assert again.merged == first.accepted + first.merged
    assert _snapshot(sqlite_factory) == before
