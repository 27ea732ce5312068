"""The event planner's faces: the CLI on files, the store (SQLite and PostgreSQL), the API
through a real server, the public RSVP page, and the re-plan processor in a real Worker."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus import Worker, make_bus
from sazon.errors import InvalidInput, NotFound
from sazon.events import (
    EventCreate,
    Plan,
    PlanOptions,
    TokenOverlapMatcher,
    answer,
    create_event,
    forget_guest,
    invite_guests,
    make_link,
    plan_event,
    replan_processor,
    set_lock,
    update_needs,
    view,
)
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store.models import (
    AuditEntry,
    Base,
    Dish,
    EventPlan,
    Guest,
    GuestNeedsChange,
    Invitation,
    RsvpLink,
    Venue,
)
from sazon.timeutil import utcnow
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

GUESTS = """id;nombre;apellido;correo;alergias;dieta;cocinas_favoritas;personalizacion;notas
g1;Ana;Quispe;ana@example.pe;alergia a los mariscos;;nikkei;sí;le encanta el tiradito
g2;Luis;Pérez;luis@example.pe;;vegetariano;criolla;no;
g3;Rosa;Mamani;rosa@example.pe;;embarazada;;sí;
g4;Jorge;Salas;jorge@example.pe;celíaco;;;sí;
g5;Carla;Rojas;carla@example.pe;;;marina;sí;prefiere mesa en terraza
g6;Tomás;Vega;tomas@example.pe;;sin alcohol;;sí;
"""
MENU = """codigo,plato,tiempo,precio,local
e1,Causa de langostinos,entrada,S/ 32,Qaray Test
e2,Solterito arequipeño,entrada,S/ 24,Qaray Test
e3,Ceviche clásico de corvina,entrada,S/ 45,Qaray Test
f1,Lomo saltado,fondo,S/ 48,Qaray Test
f2,Quinotto de champiñones,fondo,S/ 40,Qaray Test
f3,Arroz con pollo,fondo,S/ 36,Qaray Test
p1,Suspiro a la limeña,postre,S/ 15,Qaray Test
p2,Mazamorra morada,postre,S/ 12,Qaray Test
p3,Picarones,postre,S/ 14,Qaray Test
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    guests, menu = tmp_path / "invitados.csv", tmp_path / "carta.csv"
    guests.write_text(GUESTS, encoding="utf-8")
    menu.write_text(MENU, encoding="utf-8")
    return guests, menu


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sazon.cli", *args], capture_output=True, text=True,
        env={**os.environ, "SAZON_HOME": str(home)}, check=False, timeout=120,
    )  # fmt: skip


# -- CLI on files -------------------------------------------------------------------------


def test_cli__plan_from_files_prints_the_documented_json(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    guests, menu = files
    out = cli(
        "events", "plan", "--guests", str(guests), "--menu", str(menu),
        "--courses", "entrada,fondo,postre", "--budget-per-guest", "120",
        "--max-dishes-per-course", "2", "--format", "json", home=tmp_path / "home",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["status"] == "optimal"
    assert {"status", "assignments", "unserved", "kitchen_counts", "table_menu"} <= set(plan)
    cells = {(g, c) for g in ("g1", "g2", "g3", "g4", "g5", "g6") for c in plan["table_menu"]}
    got = [(a["guest_id"], a["course"]) for a in plan["assignments"]]
    got += [(u["guest_id"], u["course"]) for u in plan["unserved"]]
    assert sorted(got) == sorted(cells)
    for a in plan["assignments"]:
        assert {"guest_id", "course", "dish_id", "reason"} <= set(a) and a["reason"]
    # The pregnant guest never gets the ceviche; the shellfish-allergic one never the causa.
    plates = {(a["guest_id"], a["course"]): a["dish_id"] for a in plan["assignments"]}
    assert plates.get(("g3", "entrada")) != "e3"
    assert plates.get(("g1", "entrada")) != "e1"
    assert all(len(v) <= 2 for v in plan["kitchen_counts"].values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--courses", "entrada"], "file not found"),
        (["--courses", "brunch"], "none of the courses"),
        (["--courses", "entrada", "--budget-per-guest", "mucho"], "amount in soles"),
        (["--courses", "entrada", "--lang", "fr"], "--lang must be es or en"),
    ],
)
def test_cli__bad_input_is_one_clear_line_and_exit_1(
    files: tuple[Path, Path], tmp_path: Path, args: list[str], message: str
) -> None:
    guests, menu = files
    target = tmp_path / "missing.csv" if message == "file not found" else guests
    out = cli(
        "events", "plan", "--guests", str(target), "--menu", str(menu), *args,
        home=tmp_path / "home",
    )  # fmt: skip
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], out.stderr


def test_cli__guests_file_without_restriction_columns_is_refused(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    bare = tmp_path / "bare.csv"
    bare.write_text("id,nombre\ng1,Ana\n", encoding="utf-8")
    out = cli(
        "events", "plan", "--guests", str(bare), "--menu", str(files[1]),
        "--courses", "entrada", home=tmp_path / "home",
    )  # fmt: skip
    assert out.returncode == 1 and "no allergies or diet column" in out.stderr


# -- the store, on SQLite and PostgreSQL ----------------------------------------------------


def _load(factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]) -> int:
    guests, menu = files
    ingest_file(factory, kb, "dishes", menu)
    ingest_file(factory, kb, "guests", guests)
    with factory.begin() as s:
        venue = s.scalars(select(Venue).where(Venue.name == "Qaray Test")).one()
        event = create_event(
            s,
            EventCreate(
                name="Cena de prueba", event_type="cena", starts_at=utcnow() + timedelta(days=20),
                venue_id=venue.id, budget_per_guest_pen=120, courses=["entrada", "fondo", "postre"],
            ),
        )  # fmt: skip
        ids = list(s.scalars(select(Guest.id).order_by(Guest.id)))
        invite_guests(s, event.id, ids)
        for inv in s.scalars(select(Invitation).where(Invitation.event_id == event.id)):
            inv.status = "confirmed"
        return event.id


def test_migration__0004_creates_the_tables_as_declared(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = ("event_plans", "event_locks", "rsvp_links", "guest_needs_changes")
    assert [d for d in diff if any(t in repr(d) for t in mine)] == []


def test_store__plan_lock_replan_and_history(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    matcher = TokenOverlapMatcher()
    with factory.begin() as s:
        first = plan_event(s, kb, event_id, PlanOptions(max_dishes_per_course=2), matcher=matcher)
        assert first.row.version == 1 and first.plan.status == "optimal"
        assert len(first.plan.assignments) + len(first.plan.unserved) == 18
        picarones = s.scalars(select(Dish).where(Dish.code == "p3")).one()
        set_lock(s, event_id, "postre", picarones.id, actor="test")
    with factory.begin() as s:
        second = plan_event(s, kb, event_id, matcher=matcher)
        assert second.row.version == 2
        assert second.plan.table_menu["postre"] == str(picarones.id)
        # The options of the last plan are kept when none are given.
        assert second.row.request["options"]["max_dishes_per_course"] == 2
        ana = s.scalars(select(Guest).where(Guest.email == "ana@example.pe")).one()
        change, events = update_needs(
            s, kb, ana.id, "alergia a los mariscos; celíaca", source="api", event_id=event_id
        )
        assert change is not None and "allergies" in change.fields
        assert [e.type for e in events] == ["event.guest_needs_changed"]
        assert "gluten" in ana.allergies
    with factory.begin() as s:
        third = plan_event(
            s, kb, event_id, matcher=matcher, reason="needs changed",
            changed_guests={str(ana.id): ["allergies"]},
        )  # fmt: skip
        for a in third.plan.assignments:
            if a.guest_id == str(ana.id) and a.course == "postre":
                assert a.dish_id != str(picarones.id)  # picarones have wheat flour
        history = s.scalars(select(GuestNeedsChange).where(GuestNeedsChange.guest_id == ana.id))
        [row] = list(history)
        assert row.before["allergies"] != row.after["allergies"]
        stored = s.scalars(select(EventPlan).where(EventPlan.event_id == event_id)).all()
        assert [p.version for p in stored] == [1, 2, 3]
        assert Plan.model_validate(stored[-1].plan).status == "optimal"


def test_store__rsvp_link_confirms_updates_needs_and_expires(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    secret = "s" * 40
    with factory.begin() as s:
        inv = s.scalars(select(Invitation).where(Invitation.event_id == event_id)).first()
        assert inv is not None
        token = make_link(s, secret, inv.id)
        again = make_link(s, secret, inv.id)  # a new link revokes the old one
    with factory.begin() as s:
        with pytest.raises(NotFound):
            view(s, secret, token)
        with pytest.raises(NotFound):
            view(s, "another secret" * 3, again)
        seen = view(s, secret, again)
        assert seen.event_name == "Cena de prueba"
        result = answer(s, kb, secret, again, attending=False, restrictions="vegana")
        assert [e.type for e in result.events] == [
            "event.rsvp_changed",
            "event.guest_needs_changed",
        ]
        assert result.status == "declined"
    with factory.begin() as s:
        link = s.get(RsvpLink, inv.id)
        assert link is not None
        link.expires_at = utcnow() - timedelta(minutes=1)
    with factory.begin() as s, pytest.raises(InvalidInput, match="expired"):
        view(s, secret, again)


def test_processor__a_needs_change_replans_through_a_real_worker(
    engine: Engine, factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    matcher = TokenOverlapMatcher()
    with factory.begin() as s:
        plan_event(s, kb, event_id, matcher=matcher)
        jorge = s.scalars(select(Guest).where(Guest.email == "jorge@example.pe")).one()
        update_needs(s, kb, jorge.id, "celíaco; vegano", source="rsvp", event_id=event_id)
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [replan_processor(matcher=matcher)]) as worker:
        stats = worker.drain(timeout=60)
        assert stats.relayed >= 1 and stats.processed >= 1 and stats.dead_lettered == 0
        again = worker.drain(timeout=30)  # nothing new: no second re-plan
        assert again.processed == 0
    with factory() as s:
        rows = s.scalars(
            select(EventPlan).where(EventPlan.event_id == event_id).order_by(EventPlan.version)
        ).all()
        assert [r.trigger for r in rows] == ["manual", "replan"]
        replan = rows[-1]
        assert replan.reason and str(jorge.id) in replan.reason
        changed = {c["guest_id"] for c in replan.diff["changes"]}
        assert changed <= {str(jorge.id)} | set(replan.diff.get("added_guests", []))
        for c in replan.diff["changes"]:
            assert "cambiaron sus necesidades" in c["reason"]
        plan = Plan.model_validate(replan.plan)
        for a in plan.assignments:
            if a.guest_id == str(jorge.id):
                assert "vegano" not in a.reason or a.substitution


# -- the API and the RSVP page through a real server ----------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("events-api")
    (home / "g.csv").write_text(GUESTS, encoding="utf-8")
    (home / "m.csv").write_text(MENU, encoding="utf-8")
    with sazon_server(home) as srv:
        srv.cli("ingest", "dishes", str(home / "m.csv"))
        srv.cli("ingest", "guests", str(home / "g.csv"))
        yield srv


def eventually(
    get: Callable[[], httpx.Response],
    status: int = 200,
    ok: Callable[[Any], bool] = lambda _body: True,
    seconds: float = 5.0,
) -> bool:
    """Poll a read until it shows a write. The API commits its session after the response is
    sent (FastAPI's default "request" scope for dependencies with yield, see the report), so a
    read right after a write can still see the old state for a moment."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        r = get()
        if r.status_code == status and (status != 200 or ok(r.json())):
            return True
        time.sleep(0.1)
    return False


def api(server: Server, role: str = "planner") -> httpx.Client:
    return httpx.Client(
        base_url=server.url + "/api/v1",
        headers={"Authorization": f"Bearer {server.keys[role]}"},
        timeout=60,
    )


def _api_event(server: Server) -> int:
    with api(server) as c:
        venue = next(v for v in c.get("/venues").json()["items"] if v["name"] == "Qaray Test")
        starts = (utcnow() + timedelta(days=30)).isoformat()
        r = c.post("/events", json={
            "name": "Maridaje API", "event_type": "maridaje", "starts_at": starts,
            "venue_id": venue["id"], "budget_per_guest_pen": "150",
            "courses": ["entrada", "fondo", "postre"],
        })  # fmt: skip
        assert r.status_code == 201, r.text
        event_id = int(r.json()["id"])
        assert eventually(lambda: c.get(f"/events/{event_id}"))
        guests = c.get("/guests", params={"page_size": 50}).json()["items"]
        r = c.post(f"/events/{event_id}/invitations", json={"guest_ids": [g["id"] for g in guests]})
        assert r.status_code == 201 and len(r.json()["created"]) == 6
        invited = f"/events/{event_id}/invitations"
        assert eventually(lambda: c.get(invited), ok=lambda b: b["total"] == 6)
        return event_id


def test_api__plan_locks_and_versions(server: Server) -> None:
    event_id = _api_event(server)
    with api(server) as c:
        r = c.post(f"/events/{event_id}/plan", json={"max_dishes_per_course": 2})
        assert r.status_code == 201, r.text
        plan = r.json()
        assert plan["status"] == "optimal" and plan["version"] == 1
        assert len(plan["assignments"]) + len(plan["unserved"]) == 18
        assert plan["wine_flight"] is None and plan["concept"] is None  # phase 2
        dish_id = int(plan["table_menu"]["fondo"])
        r = c.post(f"/events/{event_id}/locks", json={"course": "fondo", "dish_id": dish_id})
        assert r.status_code == 201
        assert eventually(lambda: c.get(f"/events/{event_id}/locks"), ok=lambda b: b["total"] == 1)
        r = c.post(f"/events/{event_id}/locks", json={"course": "sopa", "dish_id": dish_id})
        assert r.status_code == 422 and r.json()["code"] == "invalid_input"
        r = c.post(f"/events/{event_id}/plan")
        assert r.json()["version"] == 2 and r.json()["table_menu"]["fondo"] == str(dish_id)
        assert eventually(lambda: c.get(f"/events/{event_id}/plans"), ok=lambda b: b["total"] == 2)
        versions = c.get(f"/events/{event_id}/plans").json()["items"]
        assert [v["version"] for v in versions] == [2, 1]
        diff = c.get(f"/events/{event_id}/plans/{versions[0]['plan_id']}/diff").json()
        assert diff["version"] == 2 and "changes" in diff
        assert c.get(f"/events/{event_id}/plan").json()["version"] == 2
    # Every plan read is audited per guest (Ley 29733).
    engine = create_engine(f"sqlite:///{server.home / 'sazon.db'}")
    with Session(engine) as s:
        reads = s.scalars(select(AuditEntry).where(AuditEntry.action == "event.plan.read")).all()
        assert len({a.guest_id for a in reads}) == 6
    engine.dispose()


@pytest.mark.parametrize("role", ["marketing", "analyst", "sommelier", "staff"])
def test_api__only_planning_roles_see_events(server: Server, role: str) -> None:
    with api(server, role) as c:
        r = c.get("/events")
        assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_api__unknown_event_is_a_404_problem(server: Server) -> None:
    with api(server) as c:
        r = c.get("/events/999999/plan")
        assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_rsvp__public_page_confirms_and_updates_needs(server: Server) -> None:
    event_id = _api_event(server)
    with api(server) as c:
        invs = c.get(f"/events/{event_id}/invitations").json()["items"]
        rosa = next(i for i in invs if i["name"] == "Rosa Mamani")
        link = c.post(f"/events/{event_id}/invitations/{rosa['invitation_id']}/rsvp-link").json()
    with httpx.Client(base_url=server.url, timeout=30) as web:
        page = web.get(f"/rsvp/{link['token']}")
        assert page.status_code == 200
        assert "Rosa" in page.text and "Maridaje API" in page.text
        for other in ("Quispe", "Pérez", "Salas", "Rojas", "Vega"):
            assert other not in page.text  # nobody else's data
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
        assert csrf is not None
        form = {"attending": "yes", "restrictions": "embarazada; sin lácteos"}
        refused = web.post(f"/rsvp/{link['token']}", data=form)
        assert refused.status_code == 403
        foreign = web.post(
            f"/rsvp/{link['token']}", data={**form, "csrf": csrf.group(1)},
            headers={"Origin": "https://evil.example"},
        )  # fmt: skip
        assert foreign.status_code == 403
        done = web.post(
            f"/rsvp/{link['token']}", data={**form, "csrf": csrf.group(1)},
            headers={"Origin": server.url},
        )  # fmt: skip
        assert done.status_code == 303
        thanks = web.get(done.headers["location"])
        assert "Te esperamos" in thanks.text
        assert web.get("/rsvp/not-a-token").status_code == 404
        assert web.get(f"/rsvp/{link['token']}x").status_code == 404
    with api(server) as c:
        invs = c.get(f"/events/{event_id}/invitations").json()["items"]
        assert next(i for i in invs if i["name"] == "Rosa Mamani")["status"] == "confirmed"
        history = c.get(f"/events/guests/{rosa['guest_id']}/needs/history").json()["items"]
        assert history and history[0]["source"] == "rsvp"
        assert "milk" in history[0]["after"]["allergies"]


def test_store__forgetting_a_guest_removes_their_planning_data(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    with factory.begin() as s:
        rosa = s.scalars(select(Guest).where(Guest.email == "rosa@example.pe")).one()
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
        update_needs(s, kb, rosa.id, "embarazada; sin lácteos", source="api", event_id=event_id)
    with factory.begin() as s:
        done = forget_guest(s, rosa.id)
        assert done["needs_changes"] == 1 and done["plans"] == 1
    with factory() as s:
        assert s.scalars(select(GuestNeedsChange)).all() == []
        plan = Plan.model_validate(s.scalars(select(EventPlan)).one().plan)
        assert str(rosa.id) not in {a.guest_id for a in plan.assignments}
        assert str(rosa.id) not in {g.guest_id for g in plan.guests}


def test_store__an_unsafe_guest_lock_is_refused_with_the_reason(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    with factory.begin() as s:
        ana = s.scalars(select(Guest).where(Guest.email == "ana@example.pe")).one()
        causa = s.scalars(select(Dish).where(Dish.code == "e1")).one()
        with pytest.raises(InvalidInput, match="sin mariscos: langostino"):
            set_lock(s, event_id, "entrada", causa.id, ana.id)
        solterito = s.scalars(select(Dish).where(Dish.code == "e2")).one()
        set_lock(s, event_id, "entrada", solterito.id, ana.id)
    with factory.begin() as s:
        plan = plan_event(s, kb, event_id, matcher=TokenOverlapMatcher()).plan
        [mine] = [
            a for a in plan.assignments if a.guest_id == str(ana.id) and a.course == "entrada"
        ]
        assert mine.dish_id == str(solterito.id) and mine.locked


def test_api__only_admins_delete_events(server: Server) -> None:
    event_id = _api_event(server)
    with api(server, "planner") as c:
        assert c.delete(f"/events/{event_id}").status_code == 403
    with api(server, "admin") as c:
        c.post(f"/events/{event_id}/plan")
        assert c.delete(f"/events/{event_id}").status_code == 204
        assert eventually(lambda: c.get(f"/events/{event_id}"), 404)
