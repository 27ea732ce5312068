"""Every column of a guest file is read, on every face: `sazon ingest`, the API, the web upload
and `sazon events plan --guests` (issue #11 item 2, part of #12).

The file has `dieta` *and* `restricciones`, `alergias` twice, an allergy only in the notes, a
note about the table only, and a column nobody reads. A second file writes `correo` twice
with two different addresses.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.cli.app import run
from sazon.events import EventCreate, TokenOverlapMatcher, create_event, invite_guests, plan_event
from sazon.ingest import correct_quarantined, ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest, Invitation, QuarantinedRow, Venue
from sazon.timeutil import utcnow
from tests.integration.test_events_faces import MENU, WINE_FILE, WINE_LISTS, api, cli
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

GUESTS = """\
id,nombre,apellido,correo,alergias,dieta,restricciones,alergias,notas,color favorito
c1,Rosa,Mamani,rosa@example.pe,,vegetariana,embarazada,,,azul
c2,Tomás,Vega,tomas@example.pe,,,sin alcohol,,,verde
c3,Ana,Quispe,ana@example.pe,mariscos,,,maní,,rojo
c4,Luis,Pérez,luis@example.pe,,,,,"Mesa junto a la ventana. Alérgico al maní",
c5,Carla,Rojas,carla@example.pe,,,,,"mesa junto a la ventana, cumpleaños de su esposa",
"""
TWO_EMAILS = """\
nombre,apellido,correo,correo,alergias
Jorge,Salas,jorge@example.pe,jorge.salas@example.pe,maní
Lucía,Díaz,lucia@example.pe,Lucia@Example.pe,
"""
UNREAD = "color favorito"


@pytest.fixture
def guest_files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "guests": tmp_path / "invitados.csv",
        "two_emails": tmp_path / "dos-correos.csv",
        "menu": tmp_path / "carta.csv",
        "wines": tmp_path / "vinos-local.csv",
        "wine_file": tmp_path / "vinos.csv",
    }
    for key, text in (
        ("guests", GUESTS),
        ("two_emails", TWO_EMAILS),
        ("menu", MENU),
        ("wines", WINE_LISTS),
        ("wine_file", WINE_FILE),
    ):
        paths[key].write_text(text, encoding="utf-8")
    return paths


def _stored_guests_are_complete(factory: sessionmaker[Session]) -> None:
    """What the store holds after either ingest face read GUESTS."""
    with factory() as s:
        by_email = {g.email: g for g in s.scalars(select(Guest))}
    rosa, tomas = by_email["rosa@example.pe"], by_email["tomas@example.pe"]
    assert "vegetariana" in (rosa.restrictions_raw or "")
    assert "embarazada" in (rosa.restrictions_raw or "")
    assert "sin alcohol" in (tomas.restrictions_raw or "")
    assert {"crustaceans", "peanuts"} <= set(by_email["ana@example.pe"].allergies)
    luis = by_email["luis@example.pe"]
    assert "peanuts" in luis.allergies
    assert luis.notes == "Mesa junto a la ventana. Alérgico al maní"  # the note stays whole
    carla = by_email["carla@example.pe"]
    assert (carla.allergies, carla.diets, carla.restrictions_raw) == ([], [], None)
    assert carla.notes == "mesa junto a la ventana, cumpleaños de su esposa"


def _two_emails_are_not_collapsed(quarantined: list[dict[str, Any]]) -> None:
    [row] = quarantined
    [reason] = row["reasons"]
    assert reason["field"] == "email"
    assert "jorge@example.pe" in reason["error"] and "jorge.salas@example.pe" in reason["error"]
    assert "'correo'" in reason["error"] and "'correo #2'" in reason["error"]


# -- sazon ingest (CLI), then the stored event's plan --------------------------------------


def _ingest_cli(path: Path, capsys: pytest.CaptureFixture[str], fmt: str = "json") -> str:
    capsys.readouterr()
    assert run(["ingest", "guests", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def _plan_stored(factory: sessionmaker[Session], kb: KnowledgeBase, files: dict[str, Path]) -> Any:
    ingest_file(factory, kb, "dishes", files["menu"])
    ingest_file(factory, kb, "wines", files["wines"])
    with factory.begin() as s:
        venue = s.scalars(select(Venue).where(Venue.name == "Qaray Test")).one()
        event = create_event(
            s,
            EventCreate(
                name="Cena de columnas", event_type="cena", venue_id=venue.id,
                starts_at=utcnow() + timedelta(days=20), budget_per_guest_pen=120,
                courses=["entrada", "fondo", "postre"],
            ),
        )  # fmt: skip
        invite_guests(s, event.id, list(s.scalars(select(Guest.id))))
        for inv in s.scalars(select(Invitation).where(Invitation.event_id == event.id)):
            inv.status = "confirmed"
        event_id = event.id
    with factory.begin() as s:
        return plan_event(s, kb, event_id, matcher=TokenOverlapMatcher()).plan


def test_ingest_cli__every_restriction_column_reaches_the_store_and_the_plan(
    cli_env: str,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    guest_files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = json.loads(_ingest_cli(guest_files["guests"], capsys))
    assert (summary["rows"], summary["accepted"], summary["quarantined"]) == (5, 5, 0)
    # Both "alergias" columns and both "dieta"/"restricciones" are read; one column is not.
    assert set(summary["columns"]) >= {"alergias", "alergias #2", "dieta", "restricciones"}
    assert summary["ignored_columns"] == [UNREAD]
    assert any(UNREAD in w for w in summary["column_warnings"])
    _stored_guests_are_complete(factory)
    plan = _plan_stored(factory, kb, guest_files)
    with factory() as s:
        ids = {g.email: str(g.id) for g in s.scalars(select(Guest))}
    # Pregnant and "sin alcohol" (both written under `restricciones`): no alcohol for them.
    assert plan.wine_flight is not None
    assert {n.guest_id for n in plan.wine_flight.non_alcoholic_guests} == {
        ids["rosa@example.pe"],
        ids["tomas@example.pe"],
    }
    read = {g.guest_id: g.restrictions for g in plan.guests}
    assert (
        "sin maní" in read[ids["ana@example.pe"]] and "sin mariscos" in read[ids["ana@example.pe"]]
    )
    assert "sin maní" in read[ids["luis@example.pe"]]
    assert read[ids["carla@example.pe"]] == []  # a note about the table flags nobody


def test_ingest_cli__the_table_summary_names_the_unread_column(
    cli_env: str, guest_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = _ingest_cli(guest_files["guests"], capsys, fmt="table")
    [line] = [x for x in out.splitlines() if "no se leyeron" in x]
    assert UNREAD in line and "restricciones" not in line and "alergias" not in line


def test_ingest_cli__two_different_emails_in_one_row_keep_the_guest_and_quarantine_the_email(
    cli_env: str,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    guest_files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = json.loads(_ingest_cli(guest_files["two_emails"], capsys))
    # Jorge has a name: he is kept without an email, and the two emails wait in quarantine.
    assert (summary["rows"], summary["accepted"], summary["quarantined"]) == (2, 2, 0)
    _two_emails_are_not_collapsed([d for d in summary["details"] if d["review_fields"]])
    with factory() as s:
        # The same address written twice (in other case) is one value, not a conflict.
        assert s.scalars(select(Guest).where(Guest.email == "lucia@example.pe")).one()
        [entry] = s.scalars(select(QuarantinedRow)).all()
        assert entry.raw["correo"] == "jorge@example.pe"
        assert entry.raw["correo #2"] == "jorge.salas@example.pe"  # both cells are kept
        jorge_id = entry.record_id
        assert s.get(Guest, jorge_id).email is None  # type: ignore[union-attr]
    fixed = correct_quarantined(factory, kb, entry.id, {"correo #2": ""})
    assert (fixed.outcome, fixed.record_id) == ("merged", jorge_id)
    with factory() as s:
        jorge = s.scalars(select(Guest).where(Guest.email == "jorge@example.pe")).one()
        assert jorge.id == jorge_id and jorge.allergies == ["peanuts"]


# -- sazon events plan --guests (files) ----------------------------------------------------


def _plan_files(files: dict[str, Path], guests: str, home: Path, *args: str) -> Any:
    return cli(
        "events", "plan", "--guests", str(files[guests]), "--menu", str(files["menu"]),
        "--courses", "entrada,fondo,postre", *args, home=home,
    )  # fmt: skip


def test_plan_cli__every_restriction_column_reaches_the_planner(
    guest_files: dict[str, Path], tmp_path: Path
) -> None:
    out = _plan_files(
        guest_files, "guests", tmp_path / "home", "--wines", str(guest_files["wine_file"]),
        "--budget-per-guest", "120", "--format", "json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    read = {g["guest_id"]: g["restrictions"] for g in plan["guests"]}
    assert {"dieta vegetariana", "embarazo"} <= set(read["c1"])
    assert read["c2"] == ["sin alcohol"]
    assert {"sin maní", "sin mariscos"} <= set(read["c3"])  # both `alergias` columns
    assert read["c4"] == ["sin maní"]  # the allergy written only in the notes
    assert read["c5"] == []  # "mesa junto a la ventana, cumpleaños…" flags nobody
    dry = {n["guest_id"] for n in plan["wine_flight"]["non_alcoholic_guests"]}
    assert dry == {"c1", "c2"}
    plates = {(a["guest_id"], a["course"]): a["dish_id"] for a in plan["assignments"]}
    assert plates.get(("c2", "fondo")) != "f3"  # arroz con pollo is cooked with beer
    assert any(UNREAD in w and "no se leyeron" in w for w in plan["warnings"])


def test_plan_cli__the_table_output_names_the_unread_column(
    guest_files: dict[str, Path], tmp_path: Path
) -> None:
    out = _plan_files(guest_files, "guests", tmp_path / "home")
    assert out.returncode == 0, out.stderr
    assert UNREAD in " ".join(out.stdout.split())


def test_plan_cli__two_different_emails_stop_with_one_line_naming_both(
    guest_files: dict[str, Path], tmp_path: Path
) -> None:
    out = _plan_files(guest_files, "two_emails", tmp_path / "home")
    assert out.returncode == 1
    [line] = out.stderr.strip().splitlines()
    assert "row 2" in line and "jorge@example.pe" in line and "jorge.salas@example.pe" in line


# -- the API and the web upload, through a real server -------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("guest-columns")
    (home / "m.csv").write_text(MENU, encoding="utf-8")
    (home / "w.csv").write_text(WINE_LISTS, encoding="utf-8")
    with sazon_server(home) as srv:
        srv.cli("ingest", "dishes", str(home / "m.csv"))
        srv.cli("ingest", "wines", str(home / "w.csv"))
        yield srv


def test_api__ingest_reads_every_column_and_the_plan_keeps_alcohol_away(server: Server) -> None:
    with api(server, "coordinator") as c:
        files = {"file": ("invitados.csv", GUESTS.encode(), "text/csv")}
        r = c.post("/ingest/guests", files=files, params={"wait": 60})
        assert r.status_code == 200, r.text
        summary = r.json()["summary"]
        assert (summary["rows"], summary["accepted"], summary["quarantined"]) == (5, 5, 0)
        assert summary["ignored_columns"] == [UNREAD]
        assert any(UNREAD in w for w in summary["column_warnings"])
        files = {"file": ("dos.csv", TWO_EMAILS.encode(), "text/csv")}
        r = c.post("/ingest/guests", files=files, params={"wait": 60})
        assert r.status_code == 200, r.text
        # Jorge is kept without an email; his two emails wait in quarantine.
        _two_emails_are_not_collapsed(
            [d for d in r.json()["summary"]["details"] if d["review_fields"]]
        )
    with api(server) as c:
        venue = next(v for v in c.get("/venues").json()["items"] if v["name"] == "Qaray Test")
        r = c.post("/events", json={
            "name": "Cena API", "event_type": "cena", "venue_id": venue["id"],
            "starts_at": (utcnow() + timedelta(days=30)).isoformat(),
            "budget_per_guest_pen": "150", "courses": ["entrada", "fondo", "postre"],
        })  # fmt: skip
        assert r.status_code == 201, r.text
        event_id = int(r.json()["id"])
        guests = c.get("/guests", params={"page_size": 50}).json()["items"]
        r = c.post(f"/events/{event_id}/invitations", json={"guest_ids": [g["id"] for g in guests]})
        assert r.status_code == 201, r.text
        r = c.post(f"/events/{event_id}/plan", json={})
        assert r.status_code == 201, r.text
        plan = r.json()
    names = {g["guest_id"]: g["name"] for g in plan["guests"]}
    read = {names[g["guest_id"]]: g["restrictions"] for g in plan["guests"]}
    dry = {names[n["guest_id"]] for n in plan["wine_flight"]["non_alcoholic_guests"]}
    assert dry == {"Rosa Mamani", "Tomás Vega"}
    assert {"sin maní", "sin mariscos"} <= set(read["Ana Quispe"])
    assert "sin maní" in read["Luis Pérez"] and read["Carla Rojas"] == []


def test_web__the_upload_page_names_the_unread_column(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=60, follow_redirects=True) as web:
        web.post("/login", data={"key": server.keys["coordinator"], "next": "/ingest"})
        page = web.get("/ingest")
        assert page.status_code == 200
        match = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert match
        r = web.post(
            "/ingest",
            data={"kind": "guests", "csrf": match.group(1)},
            files={"file": ("invitados-web.csv", GUESTS.encode(), "text/csv")},
            headers={"Origin": server.url},
        )
        deadline = time.monotonic() + 60
        while 'data-testid="ingest-job"' in r.text and time.monotonic() < deadline:
            time.sleep(0.3)  # the upload's progress page: what its meta refresh does
            r = web.get(r.url)
        assert r.status_code == 200, r.text
        assert 'data-testid="ignored-columns"' in r.text
        assert f"«{UNREAD}»" in r.text
