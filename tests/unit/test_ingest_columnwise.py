"""Issue #12, speed: the batch shortcuts read and announce exactly what the long way did.

- A batch's cells read a column at a time (``read_fields_many``, ``read_guests``) give each
  row the values, reasons and warnings of reading it alone, with no list shared between rows.
- New guests announced from one validated event (``stage_alike``) store the events that one
  model per guest would, but for their own ids and the shared time.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from sazon.bus import GuestCreated, decode_event, stage, stage_alike
from sazon.bus.tables import bus_outbox
from sazon.ingest.cells import CellMemo
from sazon.ingest.guest_read import read_guest, read_guests
from sazon.ingest.parse import map_columns, read_fields, read_fields_many

HEADER = ["nombre", "apellidos", "correo", "telefono", "fecha_nacimiento", "alergias",
          "cocinas_favoritas", "vip", "notas", "presupuesto"]  # fmt: skip


def _rows(n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        row = {
            "nombre": rng.choice(["Rosa", "José María", "=1+1", "", "  ", "Ana 😀", "x" * 130]),
            "apellidos": rng.choice(["Quispe Mamani", "", "García"]),
            "correo": rng.choice([f"r{i}@example.pe", "no es correo", "", f"R{i}@EXAMPLE.PE"]),
            "telefono": rng.choice(["987654321", "98765abc", "", "+51 987 654 321"]),
            "fecha_nacimiento": rng.choice(["31/02/1990", "14/07/1990", "2999-01-01", ""]),
            "alergias": rng.choice(["mariscos", "", "maní, lactosa", "tree nuts"]),
            "cocinas_favoritas": rng.choice(["nikkei, criolla", "", "chifa"]),
            "vip": rng.choice(["sí", "no", "quizás", ""]),
            "notas": rng.choice(["", "alérgica al maní", "mesa junto a la ventana"]),
            "presupuesto": rng.choice(["alto", "muy alto", "VIP", "carísimo", ""]),
        }
        if i % 17 == 0:
            row["_extra"] = "celda de más"
        if i % 29 == 0:
            row = {"_unparsed": '["no", "es", "un objeto"]'}
        rows.append(row)
    return rows


@pytest.mark.parametrize("header", [HEADER, [*HEADER, "alergia", "correo_electronico"]])
def test_read_fields_many__same_as_each_row_alone(header: list[str]) -> None:
    # The second header gives allergies and emails two columns each: read row by row.
    columns = map_columns(header, "guests")
    rows = _rows(300, seed=7)
    for row in rows[::3]:
        row.update({"alergia": "gluten", "correo_electronico": row.get("correo", "")})
    many = read_fields_many(rows, columns, "guests", memo=CellMemo())
    assert many == [read_fields(row, columns, "guests") for row in rows]
    assert [r.values for r in read_fields_many(rows, columns, "guests")] == [r.values for r in many]
    lenient = read_guests(rows, columns, memo=CellMemo())
    assert lenient == [read_guest(row, columns) for row in rows]


def test_read_fields_many__no_list_shared_between_rows() -> None:
    columns = map_columns(HEADER, "guests")
    rows = [{"nombre": "Rosa", "cocinas_favoritas": "chifa"} for _ in range(3)]
    first, second, _ = read_fields_many(rows, columns, "guests", memo=CellMemo())
    first.values["favourite_cuisines"].append("marina")
    assert second.values["favourite_cuisines"] == ["chifa"]


def test_stage_alike__the_events_one_model_each_would_store() -> None:
    engine = create_engine("sqlite://")
    bus_outbox.metadata.create_all(engine, tables=[bus_outbox])
    ids = [3, 9, 12]
    with Session(engine) as session:
        template = GuestCreated(guest_id=ids[0], source="ingest", language="en")
        stage_alike(session, template, "guest_id", ids)
        stage(session, [GuestCreated(guest_id=i, source="ingest", language="en") for i in ids])
        rows = session.execute(select(bus_outbox).order_by(bus_outbox.c.id)).mappings().all()
    alike, each = rows[:3], rows[3:]
    skip = {"id", "created_at", "payload", "headers"}
    for ours, theirs in zip(alike, each, strict=True):
        assert {k: v for k, v in ours.items() if k not in skip} == {
            k: v for k, v in theirs.items() if k not in skip
        }
        mine, other = dict(ours["payload"]), dict(theirs["payload"])
        assert mine.pop("id") != other.pop("id")
        assert mine.pop("occurred_at") == template.model_dump(mode="json")["occurred_at"]
        other.pop("occurred_at")
        assert mine == other
        assert ours["headers"]["event-id"] == ours["payload"]["id"]
        assert ours["headers"]["schema-version"] == theirs["headers"]["schema-version"]
        event = decode_event(ours["payload"])
        assert isinstance(event, GuestCreated) and event.key == f"guest:{event.guest_id}"
    assert len({r["payload"]["id"] for r in alike}) == 3


def test_stage_alike__refuses_a_value_of_another_type() -> None:
    engine = create_engine("sqlite://")
    bus_outbox.metadata.create_all(engine, tables=[bus_outbox])
    with Session(engine) as session, pytest.raises(TypeError):
        stage_alike(session, GuestCreated(guest_id=1), "guest_id", [2, "3"])
