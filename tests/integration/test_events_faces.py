"""The event planner's faces: the CLI on files, the store (SQLite and PostgreSQL), the API
through a real server, the public RSVP page, and the re-plan processor in a real Worker."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from sazon.bus import Worker, make_bus
from sazon.cli.events import EVENT_STATUS, event_row
from sazon.config import GenerateSettings, Settings
from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.events import (
    EventCreate,
    Plan,
    PlanOptions,
    TokenOverlapMatcher,
    answer,
    check_plan,
    create_event,
    default_generator,
    forget_guest,
    invite_guests,
    make_link,
    plan_event,
    plan_in,
    replan_processor,
    set_lock,
    update_needs,
    view,
)
from sazon.ingest import ingest_file
from sazon.ingest.single import update_guest
from sazon.knowledge import KnowledgeBase
from sazon.store.models import (
    AuditEntry,
    Base,
    Dish,
    Event,
    EventPlan,
    Guest,
    GuestNeedsChange,
    Invitation,
    RsvpLink,
    Venue,
)
from sazon.timeutil import utcnow
from tests.openai_server import Reply, openai_server
from tests.servers import Server, run_cli, sazon_server, settled

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


# The pairing tool's wine CSV (for `--wines`).
WINE_FILE = """\
wine_id,name,producer,country,region,grapes,color,sweetness,body,acidity,tannin,oak,alcohol,\
price_pen
sb,Intipalka Sauvignon Blanc,Santiago Queirolo,Peru,Ica,Sauvignon Blanc,white,0,2,4,0,0,12.5,75
alb,Pazo de Señorans Albariño,Pazo de Señorans,Spain,Rías Baixas,Albariño,white,,,,,,,180
mal,Zuccardi Q Malbec,Zuccardi,Argentina,Mendoza,Malbec,red,,,,,,,150
car,Carménère Reserva,Casa Silva,Chile,Colchagua,Carménère,red,,,,,,,95
mos,Moscatel Dulce de Moquegua,,Peru,Moquegua,Moscatel,white,4,3,3,0,0,15,70
brut,Valdivieso Brut,Valdivieso,Chile,Valle Central,Chardonnay;Pinot Noir,white,,,,,,,110
"""
# Two venues' lists in the store (ingest format): an event at Qaray Test pours only its own.
WINE_LISTS = """codigo,vino,bodega,pais,region,uvas,color,precio,local
qt-sb,Tacama Sauvignon Blanc,Tacama,Peru,Ica,Sauvignon Blanc,blanco,80,Qaray Test
qt-malbec,Intipalka Malbec,Santiago Queirolo,Peru,Ica,Malbec,tinto,80,Qaray Test
qt-brut,Tacama Espumante Brut,Tacama,Peru,Ica,Chardonnay;Chenin Blanc,blanco,105,Qaray Test
qt-moscatel,Moscatel Dulce de Moquegua,,Peru,Moquegua,Moscatel,blanco,65,Qaray Test
ot-alb,Pazo de Señorans Albariño,Pazo de Señorans,Spain,Rías Baixas,Albariño,blanco,290,Otro Local
ot-rioja,Rioja Reserva,Muga,Spain,Rioja,Tempranillo,tinto,250,Otro Local
"""
NAMES = ("Ana", "Quispe", "Luis", "Pérez", "Rosa", "Mamani", "Jorge", "Salas", "Carla",
         "Rojas", "Tomás", "Vega")  # fmt: skip


def no_guest_names(text: str) -> bool:
    return not any(re.search(rf"\b{n}\b", text, re.IGNORECASE) for n in NAMES)


def write_files(folder: Path) -> tuple[Path, Path]:
    """The guests file and the menu file of these tests, written into ``folder``."""
    guests, menu = folder / "invitados.csv", folder / "carta.csv"
    guests.write_text(GUESTS, encoding="utf-8")
    menu.write_text(MENU, encoding="utf-8")
    return guests, menu


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_files(tmp_path)


def cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The CLI run in this process with ``home`` as its ``SAZON_HOME`` (tests/servers.py says
    why in-process)."""
    return run_cli(*args, env={**os.environ, "SAZON_HOME": str(home)})


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
    assert plan["wine_flight"] is None and plan["concept"] is None  # not asked for


def test_cli__files_with_wines_and_concept_add_the_flight_and_the_concept(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    guests, menu = files
    wines = tmp_path / "vinos.csv"
    wines.write_text(WINE_FILE, encoding="utf-8")
    out = cli(
        "events", "plan", "--guests", str(guests), "--menu", str(menu),
        "--courses", "entrada,fondo,postre", "--budget-per-guest", "120",
        "--wines", str(wines), "--concept", "--event-type", "maridaje",
        "--drinks-budget-per-guest", "40", "--format", "json", home=tmp_path / "home",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    # The documented keys are all still there.
    assert {"status", "assignments", "unserved", "kitchen_counts", "table_menu"} <= set(plan)
    flight = plan["wine_flight"]
    assert flight["mode"] == "flight" and flight["source"] == "file"
    assert [c["course"] for c in flight["courses"]] == list(plan["table_menu"])
    listed = {"sb", "alb", "mal", "car", "mos", "brut"}
    for c in flight["courses"]:
        assert c["wine"]["wine_id"] in listed and c["wine"]["why"]
        assert c["non_alcoholic"]["alcoholic"] is False and c["non_alcoholic"]["why"]
    # Rosa is pregnant and Tomás does not drink: they get the non-alcoholic pairing.
    assert {n["guest_id"] for n in flight["non_alcoholic_guests"]} == {"g3", "g6"}
    assert Decimal(flight["cost_per_guest_pen"]) <= Decimal("40")
    concept = plan["concept"]
    assert concept["grounded"] and concept["title"] and concept["story"]
    assert set(concept["menu"]) == set(plan["table_menu"])
    assert no_guest_names(concept["text"])
    table = cli(
        "events", "plan", "--guests", str(guests), "--menu", str(menu),
        "--courses", "entrada,fondo,postre", "--wines", str(wines), "--concept",
        home=tmp_path / "home",
    )  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert (
        "Un vino por tiempo" in table.stdout
        and "Maridaje sin alcohol para: Rosa Mamani, Tomás Vega" in (" ".join(table.stdout.split()))
    )


def test_cli__a_bad_wine_list_is_one_clear_line(files: tuple[Path, Path], tmp_path: Path) -> None:
    guests, menu = files
    wines = tmp_path / "vinos.csv"
    wines.write_text(WINE_FILE.replace(",0,2,4,0,0,12.5,75", ",0,7,4,0,0,12.5,75"), "utf-8")
    out = cli(
        "events", "plan", "--guests", str(guests), "--menu", str(menu),
        "--courses", "entrada,fondo,postre", "--wines", str(wines), home=tmp_path / "home",
    )  # fmt: skip
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "body" in lines[0], out.stderr


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


def _planned(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> tuple[int, TokenOverlapMatcher]:
    """A stored event with its first plan, and the matcher the worker should use too."""
    event_id = _load(factory, kb, files)
    matcher = TokenOverlapMatcher()
    with factory.begin() as s:
        plan_event(s, kb, event_id, matcher=matcher)
    return event_id, matcher


def _plan_rows(factory: sessionmaker[Session], event_id: int) -> list[EventPlan]:
    with factory() as s:
        return list(
            s.scalars(
                select(EventPlan).where(EventPlan.event_id == event_id).order_by(EventPlan.version)
            )
        )


def test_processor__a_needs_change_replans_through_a_real_worker(
    engine: Engine, factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id, matcher = _planned(factory, kb, files)
    with factory.begin() as s:
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


def test_processor__a_guest_record_edit_replans_even_for_an_invited_guest(
    engine: Engine, factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    """An edit through the guest API or a re-ingest (GuestUpdated) makes a plan stale too,
    and a guest who has not answered yet is planned, so their change counts."""
    event_id = _load(factory, kb, files)
    matcher = TokenOverlapMatcher()
    with factory.begin() as s:
        jorge = s.scalars(select(Guest).where(Guest.email == "jorge@example.pe")).one()
        inv = s.scalars(
            select(Invitation).where(
                Invitation.event_id == event_id, Invitation.guest_id == jorge.id
            )
        ).one()
        inv.status = "invited"
        plan_event(s, kb, event_id, matcher=matcher)
    with factory.begin() as s:
        update_guest(s, jorge.id, {"notes": "prefiere mesa junto a la ventana"})  # not a need
    with factory.begin() as s:
        update_guest(s, jorge.id, {"allergies_text": "alergia al maní; celíaco"})
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [replan_processor(matcher=matcher)]) as worker:
        worker.drain(timeout=60)
    rows = _plan_rows(factory, event_id)
    assert [r.trigger for r in rows] == ["manual", "replan"]
    assert rows[-1].reason and "allergies_text" in rows[-1].reason
    with factory() as s:
        menu = {d.id: d for d in s.scalars(select(Dish).options(selectinload(Dish.ingredients)))}
        plan = Plan.model_validate(rows[-1].plan)
        plates = [a for a in plan.assignments if a.guest_id == str(jorge.id)]
        assert plates
        for a in plates:
            written = " ".join(i.written_as for i in menu[int(a.dish_id)].ingredients).lower()
            assert "maní" not in written and "harina" not in written


def test_processor__a_change_committed_while_a_plan_is_solved_still_replans(
    engine: Engine, factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    """The plan is stored after the change was announced, yet made from the needs before it:
    the processor must see that by what the plan was made from, not by the clock."""
    event_id = _load(factory, kb, files)
    matcher = TokenOverlapMatcher()
    with factory.begin() as planner:
        # The planner has read the guests (kept, as a solve in progress keeps them).
        seen = planner.scalars(select(Guest)).all()
        with factory.begin() as other:
            jorge = other.scalars(select(Guest).where(Guest.email == "jorge@example.pe")).one()
            update_guest(other, jorge.id, {"allergies_text": "alergia al maní; celíaco"})
        plan_event(planner, kb, event_id, matcher=matcher)  # from what it read before
        assert seen
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [replan_processor(matcher=matcher)]) as worker:
        worker.drain(timeout=60)
    assert [r.trigger for r in _plan_rows(factory, event_id)] == ["manual", "replan"]


def test_processor__an_event_that_cannot_be_planned_is_skipped_not_dead_lettered(
    engine: Engine, factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id, matcher = _planned(factory, kb, files)
    with factory.begin() as s:
        event = s.get(Event, event_id)
        assert event is not None
        event.courses = ["entrada"] * 12  # more entradas than the menu has
        jorge = s.scalars(select(Guest).where(Guest.email == "jorge@example.pe")).one()
        update_needs(s, kb, jorge.id, "vegano", source="api", event_id=event_id)
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [replan_processor(matcher=matcher)]) as worker:
        stats = worker.drain(timeout=60)
    assert stats.processed >= 1 and stats.dead_lettered == 0
    assert [r.version for r in _plan_rows(factory, event_id)] == [1]


def test_store__a_plan_read_after_a_needs_change_names_the_unsafe_plates(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    """Without a worker nothing re-plans: the stored plan must then say it is out of date."""
    event_id = _load(factory, kb, files)
    with factory.begin() as s:
        result = plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
        event = s.get(Event, event_id)
        assert event is not None
        assert not check_plan(s, kb, event, result.plan).stale
        # A guest with no restriction, who now has three: some plate of theirs breaks one.
        eater = next(
            g for g in result.plan.guests
            if not g.restrictions and not g.unread
        )  # fmt: skip
        update_guest(s, int(eater.guest_id), {"allergies_text": "celíaco; huevo; leche"})
        declined = next(
            inv for inv in s.scalars(select(Invitation).where(Invitation.event_id == event_id))
            if str(inv.guest_id) != eater.guest_id
        )  # fmt: skip
        declined.status = "declined"
        s.flush()
        found = check_plan(s, kb, event, result.plan)
        assert found.stale
        assert found.unsafe
        plates = [line for line in found.unsafe if "ya no es seguro" in line]
        assert plates and all(line.startswith(f"{eater.name}, ") for line in plates)
        assert all("ya no es seguro (sin " in line for line in plates)
        # This venue has no wine list, so its drinks without alcohol are everyone's: one that
        # holds gluten, egg or milk no longer suits a guest who now cannot have them. (With
        # vegetarians at this table every drink poured is known vegan, so none holds egg or
        # milk; the filtering itself is tested in tests/unit/test_events_drink_allergens.py.)
        flight = result.plan.wine_flight
        assert flight is not None
        held = {
            c.non_alcoholic.name
            for c in flight.courses
            if c.non_alcoholic and {"gluten", "eggs", "milk"} & set(c.non_alcoholic.allergens)
        }
        for name in held:
            assert f"La bebida sin alcohol {name} ahora contiene un alérgeno" in (
                " ".join(found.unsafe)
            )
        assert len(found.left) == 1
        assert found.notes("en")[-1] == "Plan again to bring it up to date."


# -- the API and the RSVP page through a real server ----------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("events-api")
    (home / "g.csv").write_text(GUESTS, encoding="utf-8")
    (home / "m.csv").write_text(MENU, encoding="utf-8")
    (home / "w.csv").write_text(WINE_LISTS, encoding="utf-8")
    with sazon_server(home) as srv:
        srv.cli("ingest", "dishes", str(home / "m.csv"))
        srv.cli("ingest", "guests", str(home / "g.csv"))
        srv.cli("ingest", "wines", str(home / "w.csv"))
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
        # A pairing dinner: a flight from the venue's own list, and its concept.
        flight = plan["wine_flight"]
        assert flight["mode"] == "flight" and flight["source"] == "venue"
        own = {"qt-sb", "qt-malbec", "qt-brut", "qt-moscatel"}
        assert flight["wines_considered"] == 4
        poured = [c["wine"]["wine_id"] for c in flight["courses"]]
        poured += [p["wine"]["wine_id"] for p in flight["plates"] if p["wine"]]
        assert poured and set(poured) <= own
        names = {g["guest_id"]: g["name"] for g in plan["guests"]}
        dry = {names[n["guest_id"]] for n in flight["non_alcoholic_guests"]}
        assert dry == {"Rosa Mamani", "Tomás Vega"}
        concept = plan["concept"]
        assert concept["grounded"] and concept["backend"] == "template"
        assert no_guest_names(concept["text"])
        assert "Qaray Test" in concept["text"]
        dish_id = int(plan["table_menu"]["fondo"])
        r = c.post(f"/events/{event_id}/locks", json={"course": "fondo", "dish_id": dish_id})
        assert r.status_code == 201
        assert eventually(lambda: c.get(f"/events/{event_id}/locks"), ok=lambda b: b["total"] == 1)
        r = c.post(f"/events/{event_id}/locks", json={"course": "sopa", "dish_id": dish_id})
        # The event has no sopa: what is stored refuses the lock, the request reads fine.
        assert r.status_code == 409 and r.json()["code"] == "conflict"
        r = c.post(
            f"/events/{event_id}/plan",
            json={"wine_mode": "per_course", "drinks_budget_per_guest_pen": "40"},
        )
        assert r.json()["version"] == 2 and r.json()["table_menu"]["fondo"] == str(dish_id)
        flight = r.json()["wine_flight"]
        assert flight["mode"] == "per_course" and flight["drinks_budget_per_guest_pen"] == "40"
        # 6 glasses a bottle: S/ 240 for three bottles leaves only the three cheapest.
        assert Decimal(flight["cost_per_guest_pen"]) <= 40
        assert {c["wine"]["wine_id"] for c in flight["courses"]} == {
            "qt-sb", "qt-malbec", "qt-moscatel"
        }  # fmt: skip
        r = c.post(f"/events/{event_id}/plan", json={"wine_mode": "fortnightly"})
        assert r.status_code == 422 and r.json()["code"] == "invalid_input"
        assert eventually(lambda: c.get(f"/events/{event_id}/plans"), ok=lambda b: b["total"] == 2)
        versions = c.get(f"/events/{event_id}/plans").json()["items"]
        assert [v["version"] for v in versions] == [2, 1]
        diff = c.get(f"/events/{event_id}/plans/{versions[0]['plan_id']}/diff").json()
        assert diff["version"] == 2 and "changes" in diff
        latest = c.get(f"/events/{event_id}/plan").json()
        assert latest["version"] == 2 and latest["out_of_date"] == []
        # This server runs no worker, so nothing re-plans: the read must say so.
        eater = next(g for g in latest["guests"] if not g["restrictions"] and not g["unread"])
        r = c.put(f"/events/guests/{eater['guest_id']}/needs",
                  json={"restrictions": "celíaco; huevo; leche; vegano; sin alcohol"})  # fmt: skip
        assert r.status_code == 200, r.text
        stale = c.get(f"/events/{event_id}/plan").json()["out_of_date"]
        assert any(line.startswith(f"{eater['name']}, ") for line in stale)
        # They drank when the plan was made: the flight still pours them wine.
        assert any(line.startswith(f"{eater['name']} ya no toma vino") for line in stale)
        assert stale[-1] == "Vuelva a planificar para ponerlo al día."
    # Every plan read is audited (Ley 29733): one entry per read, naming every guest.
    engine = create_engine(f"sqlite:///{server.home / 'sazon.db'}")
    with Session(engine) as s:

        def plan_reads() -> list[AuditEntry]:
            s.expire_all()
            query = select(AuditEntry).where(AuditEntry.action == "event.plan.read")
            return list(s.scalars(query))

        # Five plan reads above: two plans made, one diff, the latest plan twice.
        reads = settled(plan_reads, lambda found: len(found) >= 5)
        assert len({g.guest_id for a in reads for g in a.guests}) == 6
        assert all(len(a.guest_ids or []) == 6 for a in reads)
    engine.dispose()


def test_cli__plan_a_stored_event_prints_its_flight_and_concept(server: Server) -> None:
    event_id = _api_event(server)
    plan = json.loads(server.cli("events", "plan", str(event_id), "--format", "json"))
    assert plan["version"] == 1 and plan["wine_flight"]["source"] == "venue"
    assert {c["wine"]["wine_id"] for c in plan["wine_flight"]["courses"]} <= {
        "qt-sb", "qt-malbec", "qt-brut", "qt-moscatel"
    }  # fmt: skip
    assert plan["concept"]["grounded"] and no_guest_names(plan["concept"]["text"])
    table = " ".join(server.cli("events", "plan", str(event_id)).split())
    assert "Recorrido de vinos" in table and plan["concept"]["title"] in table
    # The list's table says statuses in words; the codes stay in its JSON.
    rows = json.loads(server.cli("events", "list", "--format", "json"))
    mine = next(r for r in rows if r["id"] == event_id)
    assert mine["plan"]["version"] == 2 and mine["status"] in EVENT_STATUS  # two plans above
    shown = event_row(mine)
    assert shown["Estado"] == EVENT_STATUS[mine["status"]] and shown["Plan"].startswith("v2 ")
    assert shown["Plan"].split()[1] in ("óptimo", "válido")
    assert "Eventos" in server.cli("events", "list")


@pytest.mark.parametrize("role", ["marketing", "analyst", "sommelier", "staff"])
def test_api__only_planning_roles_see_events(server: Server, role: str) -> None:
    with api(server, role) as c:
        r = c.get("/events")
        assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_api__unknown_event_is_a_404_problem(server: Server) -> None:
    with api(server) as c:
        r = c.get("/events/999999/plan")
        assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_api__a_null_for_a_required_field_is_a_422_not_a_500(server: Server) -> None:
    event_id = _api_event(server)
    with api(server) as c:
        r = c.patch(f"/events/{event_id}", json={"notes": "mesa larga", "courses": None})
        assert r.status_code == 422 and r.json()["code"] == "invalid_input"
        assert "courses cannot be null" in r.json()["detail"]
        cleared = c.patch(f"/events/{event_id}", json={"notes": None})  # optional: cleared
        assert cleared.status_code == 200 and cleared.json()["notes"] is None


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
        # Her sentences in the other language went too (the plan then reads as planned).
        assert plan.words == {} and plan_in(plan, "en") == plan
        matrix = plan.allergen_matrix
        assert matrix is None or str(rosa.id) not in {g.guest_id for g in matrix.guests}


def test_store__wines_from_the_venue_list_else_the_store_and_erased_guests_leave_the_flight(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path], tmp_path: Path
) -> None:
    event_id = _load(factory, kb, files)
    lists = WINE_LISTS.splitlines()
    other, own = tmp_path / "otro.csv", tmp_path / "propio.csv"
    other.write_text("\n".join([lists[0], *[x for x in lists if "Otro Local" in x]]), "utf-8")
    own.write_text("\n".join([lists[0], *[x for x in lists if "Qaray Test" in x]]), "utf-8")
    ingest_file(factory, kb, "wines", other)
    matcher = TokenOverlapMatcher()
    with factory.begin() as s:
        first = plan_event(s, kb, event_id, matcher=matcher).plan
        assert first.wine_flight is not None and first.wine_flight.source == "store"
        assert "Qaray Test no tiene carta de vinos" in (first.wine_flight.source_note or "")
        assert {c.wine.wine_id for c in first.wine_flight.courses if c.wine} <= {
            "ot-alb",
            "ot-rioja",
        }
        assert first.wine_flight.mode == "per_course"  # a "cena"
        assert first.concept is not None and first.concept.grounded
        assert no_guest_names(first.concept.text)
    ingest_file(factory, kb, "wines", own)
    with factory.begin() as s:
        second = plan_event(s, kb, event_id, PlanOptions(wine_mode="flight"), matcher=matcher)
        flight = second.plan.wine_flight
        assert flight is not None and flight.source == "venue" and flight.mode == "flight"
        poured = {c.wine.wine_id for c in flight.courses if c.wine}
        assert poured and poured <= {"qt-sb", "qt-malbec", "qt-brut", "qt-moscatel"}
        assert second.row.request["options"]["wine_mode"] == "flight"
        # Same event, same facts: the same concept (the seed is the event id).
        again = plan_event(s, kb, event_id, matcher=matcher).plan
        assert again.wine_flight is not None and again.wine_flight.mode == "flight"
        assert again.concept is not None and second.plan.concept is not None
        assert again.concept.text == second.plan.concept.text
        rosa = s.scalars(select(Guest).where(Guest.email == "rosa@example.pe")).one()
        assert str(rosa.id) in {n.guest_id for n in flight.non_alcoholic_guests}
    with factory.begin() as s:
        forget_guest(s, rosa.id)
    with factory() as s:
        for row in s.scalars(select(EventPlan).where(EventPlan.event_id == event_id)):
            stored = Plan.model_validate(row.plan)
            assert stored.wine_flight is not None
            assert str(rosa.id) not in {n.guest_id for n in stored.wine_flight.non_alcoholic_guests}
            assert all(str(rosa.id) not in p.guest_ids for p in stored.wine_flight.plates)


def test_store__an_openai_compatible_endpoint_writes_the_concept_from_counts_never_names(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    reply = {
        "title": "Una noche en Qaray Test",
        "theme": "Tres tiempos para compartir sin apuro.",
        "story": "Seis comensales se sientan a la misma mesa. Cada tiempo llega a su hora.",
        "menu": [],
    }
    with openai_server() as chat:
        chat.script(Reply(content=json.dumps(reply, ensure_ascii=False)))
        settings = Settings(
            generate=GenerateSettings(
                backend="openai", url=chat.url, model="local", timeout_s=5, max_retries=0
            )
        )
        generator = default_generator(settings)
        try:
            with factory.begin() as s:
                plan = plan_event(
                    s, kb, event_id, matcher=TokenOverlapMatcher(), generator=generator
                ).plan
        finally:
            generator.close()
        assert generator.name == "openai"
        assert len(chat.received) == 1
        sent = chat.received[0].user_message
    assert plan.concept is not None and plan.concept.backend == "openai"
    assert not plan.concept.fell_back and plan.concept.title == reply["title"]
    assert plan.concept.grounded
    # The endpoint gets the dishes, the venue and counts: no name, no pregnancy.
    assert "Qaray Test" in sent and '"total": 6' in sent
    assert no_guest_names(sent) and "embaraz" not in sent.lower() and "pregnan" not in sent
    table = set(plan.table_menu.values())
    served = {a.dish_name for a in plan.assignments if a.dish_id in table}
    assert served and all(name in sent for name in served)


def test_store__an_unsafe_guest_lock_is_refused_with_the_reason(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    with factory.begin() as s:
        ana = s.scalars(select(Guest).where(Guest.email == "ana@example.pe")).one()
        causa = s.scalars(select(Dish).where(Dish.code == "e1")).one()
        with pytest.raises(Conflict, match="sin mariscos: langostino"):
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


# -- honest outcomes: causes and a way out on every face ------------------------------------

# No entrada or fondo here is vegetarian, and Lomo saltado has no price under the budget.
SHORT_MENU = """codigo,plato,tiempo,precio
e1,Causa de langostinos,entrada,S/ 32
e3,Ceviche clásico de corvina,entrada,S/ 45
f1,Lomo saltado,fondo,
f3,Arroz con pollo,fondo,S/ 36
"""
DISH_CAUSES = {"no_dishes", "unsafe", "unpriced", "repeat", "budget"}


def test_cli__an_unserved_guest_gets_a_way_out_in_json_and_table(
    files: tuple[Path, Path], tmp_path: Path, kb: KnowledgeBase
) -> None:
    guests, _ = files
    menu = tmp_path / "corta.csv"
    menu.write_text(SHORT_MENU, encoding="utf-8")
    args = ("events", "plan", "--guests", str(guests), "--menu", str(menu),
            "--courses", "entrada,fondo,fondo", "--budget-per-guest", "120")  # fmt: skip
    out = cli(*args, "--format", "json", home=tmp_path / "home")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["status"] in ("optimal", "feasible")  # never "infeasible" for a short menu
    unserved = {(u["guest_id"], u["course"]): u for u in plan["unserved"]}
    veg = unserved[("g2", "entrada")]
    assert veg["cause"] == "unsafe" and veg["way_out"]["dishes"]
    for d in veg["way_out"]["dishes"]:
        info = kb.dishes[d["dish_id"]]
        assert info.course == "entrada" and d["source"] == "knowledge"
        for word in info.ingredients:  # vegetarian: no meat, fish or shellfish in any of them
            match = kb.find_ingredient(word)
            assert match is not None
            assert not {"meat", "poultry", "pork", "fish", "crustacean", "mollusc"} & set(
                kb.ingredients[match.id].diet
            ), (info.id, word)
    # One of the two fondos: what is left has no price, said so, with no lock blamed.
    second = [u for (g, c), u in unserved.items() if g == "g1" and c.startswith("fondo")]
    assert [u["cause"] for u in second] == ["unpriced"]
    assert "Lomo saltado no tiene precio" in second[0]["reason"]
    assert all("fijadas" not in u["reason"] for u in plan["unserved"])
    assert all(u["way_out"]["text"] for u in plan["unserved"] if u["cause"] in DISH_CAUSES)
    table = cli(*args, home=tmp_path / "home")
    assert table.returncode == 0, table.stderr
    assert "salida" in table.stdout and "agregar" in table.stdout


def _short_event(server: Server) -> int:
    """An event whose budget no menu meets: every guest has a gap, and a way out."""
    with api(server) as c:
        venue = next(v for v in c.get("/venues").json()["items"] if v["name"] == "Qaray Test")
        r = c.post("/events", json={
            "name": "Cena corta", "starts_at": (utcnow() + timedelta(days=40)).isoformat(),
            "venue_id": venue["id"], "budget_per_guest_pen": "50",
            "courses": ["entrada", "fondo", "postre"],
        })  # fmt: skip
        assert r.status_code == 201, r.text
        event_id = int(r.json()["id"])
        assert eventually(lambda: c.get(f"/events/{event_id}"))
        guests = c.get("/guests", params={"page_size": 50}).json()["items"]
        r = c.post(f"/events/{event_id}/invitations", json={"guest_ids": [g["id"] for g in guests]})
        assert r.status_code == 201
        invited = f"/events/{event_id}/invitations"
        assert eventually(lambda: c.get(invited), ok=lambda b: b["total"] == 6)
        return event_id


def test_faces__causes_and_ways_out_in_the_api_cli_web_and_kitchen_sheet(server: Server) -> None:
    event_id = _short_event(server)
    with api(server) as c:
        r = c.post(f"/events/{event_id}/plan", json={})
        assert r.status_code == 201, r.text
        plan = r.json()
        assert plan["status"] in ("optimal", "feasible")
        # Entrada S/ 24 + fondo S/ 36 + postre S/ 12 is the cheapest menu: over S/ 50.
        [budget] = [k for k in plan["causes"] if k["code"] == "budget"]
        assert "S/ 50.00" in budget["text"] and "S/ 72.00" in budget["text"]
        gaps = [u for u in plan["unserved"] if u["cause"] in DISH_CAUSES]
        assert gaps and all(u["way_out"] and u["way_out"]["text"] for u in gaps)
        assert eventually(lambda: c.get(f"/events/{event_id}/plan"))
        read = c.get(f"/events/{event_id}/plan").json()
        assert [u["way_out"] for u in read["unserved"]] == [u["way_out"] for u in plan["unserved"]]
    lines = [u["way_out"]["text"] for u in gaps]
    table = server.cli("events", "plan", str(event_id))
    assert "ningún menú cabe" in " ".join(table.split())
    assert "salida" in table
    with httpx.Client(base_url=server.url, timeout=60) as web:
        r = web.post("/login", data={"key": server.keys["planner"], "next": "/"})
        assert r.status_code in (200, 303)
        page = web.get(f"/tools/events/{event_id}/plan").text
        assert 'data-testid="plan-causes"' in page and 'data-testid="way-out"' in page
        sheet = web.get(f"/tools/events/{event_id}/kitchen").text
        assert 'data-testid="kitchen-way-out"' in sheet
    # The latest plan (the CLI's re-plan) says the same as the first: the same ways out.
    page, sheet = html.unescape(page), html.unescape(sheet)
    for text in lines[:3]:
        assert text in page and text in sheet


def test_faces__one_search_finds_guests_and_the_picker_shows_their_restrictions(
    server: Server,
) -> None:
    """Issue #19: the API and the event's guest picker share the people search (the CLI and
    the web list call the same function); the picker shows each guest's restrictions as the
    planner reads them."""
    with api(server) as c:
        found = c.get("/guests", params={"q": "PEREZ luis"}).json()
        assert [g["email"] for g in found["items"]] == ["luis@example.pe"] and found["total"] == 1
        r = c.post("/events", json={
            "name": "Cena del picker", "starts_at": (utcnow() + timedelta(days=20)).isoformat(),
            "courses": ["entrada"],
        })  # fmt: skip
        assert r.status_code == 201, r.text
        event_id = int(r.json()["id"])
        assert eventually(lambda: c.get(f"/events/{event_id}"))
    with httpx.Client(base_url=server.url, timeout=60) as web:
        r = web.post("/login", data={"key": server.keys["planner"], "next": "/"})
        assert r.status_code in (200, 303)
        page = web.get(f"/tools/events/{event_id}", params={"q": "ana quispe"}).text
    rows = re.findall(r'data-testid="picker-guest">(.*?)</li>', html.unescape(page), re.S)
    assert len(rows) == 1 and "Ana Quispe" in rows[0]
    assert 'data-testid="picker-restrictions"' in rows[0] and "sin mariscos" in rows[0]
