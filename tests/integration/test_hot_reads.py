"""Hot reads (issue #14): one audit entry per read and its retention, a plan's stored
staleness, wine profiles per list version, and paging words that are never ignored."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from sazon.access import audit, audit_read, export_guest, flush_audit, prune_audit, reads_of
from sazon.bus import Worker, make_bus
from sazon.events import (
    Plan,
    TokenOverlapMatcher,
    latest_plan,
    latest_plan_row,
    plan_event,
    plan_staleness,
    replan_processor,
    update_needs,
)
from sazon.events.plan_checks import inputs_digest
from sazon.ingest import ingest_file
from sazon.ingest.single import update_guest
from sazon.knowledge import KnowledgeBase
from sazon.pairing import load_model, suggest_from_store
from sazon.pairing.service import store_wine_list
from sazon.store import AuditEntry, AuditGuest, Dish, Guest, Wine
from sazon.store.models import Event, PlanCheck
from sazon.timeutil import utcnow
from tests.integration.test_events_faces import WINE_LISTS, _load, write_files
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@pytest.fixture
def event_id(factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path) -> int:
    return _load(factory, kb, write_files(tmp_path))


# ---- the audit log -----------------------------------------------------------------------


def test_audit__a_read_of_many_guests_is_one_entry_found_by_each_guests_export(
    factory: sessionmaker[Session], event_id: int
) -> None:
    with factory.begin() as s:
        ids = list(s.scalars(select(Guest.id).order_by(Guest.id)))
        audit_read(s, None, "guest.list", ids, "health data read", "rid-1")
        audit(s, None, "guest.export", ids[0], None, "rid-2")
        audit_read(s, None, "guest.list", [], "nothing shown", "rid-3")
    with factory() as s:
        # The read's entry may still wait in this process's writer: the export finds it.
        assert [e.request_id for e in reads_of(s, ids[0])] == ["rid-1", "rid-2"]
        assert [e.request_id for e in reads_of(s, ids[-1])] == ["rid-1"]
        log = export_guest(s, ids[-1])["access_log"]
        assert [a["action"] for a in log] == ["guest.list"]
        entries = s.scalars(select(AuditEntry).where(AuditEntry.request_id == "rid-1")).all()
        assert len(entries) == 1 and entries[0].guest_ids == ids and entries[0].guest_id is None
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 2  # nothing for rid-3


def test_audit__entries_older_than_the_retention_are_pruned_with_their_ids(
    factory: sessionmaker[Session], event_id: int
) -> None:
    with factory.begin() as s:
        ids = list(s.scalars(select(Guest.id).order_by(Guest.id)))
        audit_read(s, None, "guest.list", ids, None, "old")
        audit_read(s, None, "guest.list", ids, None, "new")
    flush_audit()  # reads' entries are stored by a background writer; now, for the test
    with factory.begin() as s:
        s.execute(
            update(AuditEntry)
            .where(AuditEntry.request_id == "old")
            .values(at=utcnow() - timedelta(days=40))
        )
    with factory.begin() as s:
        assert prune_audit(s, 0) == 0  # 0 keeps everything
        assert prune_audit(s, 60) == 0
        assert prune_audit(s, 30) == 1
    with factory() as s:
        assert [e.request_id for e in s.scalars(select(AuditEntry))] == ["new"]
        assert s.scalar(select(func.count()).select_from(AuditGuest)) == len(ids)


# ---- a plan's stored staleness -------------------------------------------------------------


def test_staleness__stored_check_is_read_until_a_guests_needs_change(
    factory: sessionmaker[Session], kb: KnowledgeBase, event_id: int
) -> None:
    with factory.begin() as s:
        result = plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
        event = s.get(Event, event_id)
        assert event is not None
        assert not plan_staleness(s, event, result.row, result.plan).stale
    with factory.begin() as s:
        event = s.get(Event, event_id)
        row = latest_plan_row(s, event_id)
        assert event is not None and row is not None
        stored = s.get(PlanCheck, row.id)
        assert stored is not None and stored.inputs == inputs_digest(s, event, row.id)
        # Reads use the stored answer while the inputs are the same: mark it to see it used.
        stored.notes = {**stored.notes, "missing": ["(stored)"]}
    with factory.begin() as s:
        event, row = s.get(Event, event_id), latest_plan_row(s, event_id)
        assert event is not None and row is not None
        plan = Plan.model_validate(row.plan)
        assert plan_staleness(s, event, row, plan).missing_dishes == ["(stored)"]
        # A guest's needs change and no worker runs: the stored "current" is not trusted.
        eater = next(g for g in plan.guests if not g.restrictions and not g.unread)
        update_guest(s, int(eater.guest_id), {"allergies_text": "celíaco; huevo; leche"})
        s.flush()
        found = plan_staleness(s, event, row, plan)
        assert found.stale and found.unsafe and found.missing_dishes == []
        assert any(line.startswith(f"{eater.name}, ") for line in found.unsafe)
    with factory() as s:
        event, row = s.get(Event, event_id), latest_plan_row(s, event_id)
        assert event is not None and row is not None
        stored = s.get(PlanCheck, row.id)
        assert stored is not None and stored.stale
        assert stored.inputs == inputs_digest(s, event, row.id)


def test_staleness__the_bus_stores_the_check_of_the_new_plan(
    engine: Engine, factory: sessionmaker[Session], kb: KnowledgeBase, event_id: int
) -> None:
    matcher = TokenOverlapMatcher()
    with factory.begin() as s:
        plan_event(s, kb, event_id, matcher=matcher)
        jorge = s.scalars(select(Guest).where(Guest.email == "jorge@example.pe")).one()
        update_needs(s, kb, jorge.id, "celíaco; vegano", source="rsvp", event_id=event_id)
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [replan_processor(matcher=matcher)]) as worker:
        assert worker.drain(timeout=60).dead_lettered == 0
    with factory() as s:
        event, row = s.get(Event, event_id), latest_plan_row(s, event_id)
        assert event is not None and row is not None and row.trigger == "replan"
        stored = s.get(PlanCheck, row.id)
        # Checked by the worker, for today's inputs: a read finds it ready.
        assert stored is not None and stored.inputs == inputs_digest(s, event, row.id)
        assert not stored.stale


def test_plan_read__parsed_once_per_stored_text_and_an_edit_elsewhere_is_read_at_once(
    engine: Engine, factory: sessionmaker[Session], kb: KnowledgeBase, event_id: int
) -> None:
    with factory.begin() as s:
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
    with factory() as s:
        first, again = latest_plan(s, event_id), latest_plan(s, event_id)
        row = latest_plan_row(s, event_id)
        assert first is not None and again is not None and row is not None
        assert again.body is first.body  # validated and dumped once
        assert first.body == Plan.model_validate(row.plan).model_dump(mode="json")
    # Another engine (as another process would) edits the stored plan in place, as an
    # erasure's redaction does: the next read shows the edit, not the text parsed before.
    other = create_engine(engine.url)
    with sessionmaker(other).begin() as s:
        row = latest_plan_row(s, event_id)
        assert row is not None
        row.plan = {**row.plan, "guests": [{**g, "name": "(borrado)"} for g in row.plan["guests"]]}
    other.dispose()
    with factory() as s:
        now = latest_plan(s, event_id)
    assert now is not None and {g["name"] for g in now.body["guests"]} == {"(borrado)"}


# ---- wine profiles per list version --------------------------------------------------------


def test_pairing__wine_profiles_and_answers_are_kept_per_version_of_their_inputs(
    engine: Engine,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    event_id: int,
    tmp_path: Path,
) -> None:
    wines = tmp_path / "vinos.csv"
    wines.write_text(WINE_LISTS, encoding="utf-8")
    ingest_file(factory, kb, "wines", wines)
    with factory() as s:
        venue_id = s.scalars(select(Wine.venue_id).where(Wine.code == "qt-sb")).one()
        first = store_wine_list(s, venue_id=venue_id)
        again = store_wine_list(s, venue_id=venue_id)
        assert all(a is b for a, b in zip(first[1], again[1], strict=True))  # not rebuilt
        before = suggest_from_store(s, venue=venue_id, match=["Lomo saltado"], top=4, kb=kb)
    with factory.begin() as s:
        wine = s.scalars(select(Wine).where(Wine.code == "qt-malbec")).one()
        wine.on_list = False
    with factory() as s:
        wines_now, profiles_now = store_wine_list(s, venue_id=venue_id)
        assert "qt-malbec" not in {w.wine_id for w in wines_now}
        assert len(profiles_now) == len(first[1]) - 1
        after = suggest_from_store(s, venue=venue_id, match=["Lomo saltado"], top=4, kb=kb)
        # Answered again from memory while nothing it depends on changed.
        again = suggest_from_store(s, venue=venue_id, match=["Lomo saltado"], top=4, kb=kb)
        assert again[0] is after[0]
        # A face loads the model per request: a new object of the same version is the same.
        fresh = dataclasses.replace(load_model(), ranker=copy.deepcopy(load_model().ranker))
        same = suggest_from_store(
            s, venue=venue_id, match=["Lomo saltado"], top=4, kb=kb, model=fresh
        )
        assert same[0] is after[0]
    assert "qt-malbec" in {x.wine.wine_id for x in before[0].suggestions}
    assert "qt-malbec" not in {x.wine.wine_id for x in after[0].suggestions}
    # The dish is edited elsewhere: the next answer is computed for the dish as it is now.
    other = create_engine(engine.url)
    with sessionmaker(other).begin() as s:
        dish = s.scalars(
            select(Dish).where(Dish.name_es == "Lomo saltado", Dish.venue_id == venue_id)
        ).one()
        dish.name_es = "Lomo saltado de la casa"
    other.dispose()
    with factory() as s:
        edited = suggest_from_store(s, venue=venue_id, match=["Lomo saltado"], top=4, kb=kb)
    assert edited[0].dish == "Lomo saltado de la casa"


# ---- through a real server -----------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("hot")
    guests, _menu = write_files(home)
    with sazon_server(home) as srv:
        srv.cli("ingest", "guests", str(guests))
        yield srv


def _client(server: Server, role: str = "admin") -> httpx.Client:
    return httpx.Client(
        base_url=f"{server.url}/api/v1",
        headers={"Authorization": f"Bearer {server.keys[role]}"},
        timeout=30,
    )


def test_api__a_page_of_guests_is_one_audit_entry(server: Server) -> None:
    with _client(server) as c:
        r = c.get("/guests", params={"page_size": 4})
        assert r.status_code == 200 and len(r.json()["items"]) == 4
        rid = r.headers["x-request-id"]
        shown = [g["id"] for g in r.json()["items"]]
        log = c.get(f"/guests/{shown[-1]}/export").json()["access_log"]
    assert [a["action"] for a in log].count("guest.list") == 1
    engine = create_engine(f"sqlite:///{server.home / 'sazon.db'}")
    with Session(engine) as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.request_id == rid)).all()
        assert len(rows) == 1 and rows[0].guest_ids == shown
    engine.dispose()


def test_api__a_revoked_key_is_refused_on_its_next_request_though_its_role_is_remembered(
    server: Server,
) -> None:
    # A one-hop handler takes the role of a key the server has already checked from memory,
    # and looks the key up again in its own hop: revoking it by another process still counts
    # from the very next request, and a key no longer live is told 401 before anything else.
    made = json.loads(server.cli("users", "create-key", "--role", "staff", "--format", "json"))
    headers = {"Authorization": f"Bearer {made['key']}"}
    with httpx.Client(base_url=f"{server.url}/api/v1", headers=headers, timeout=30) as c:
        for _ in range(2):  # the second time its role comes from memory
            assert c.get("/guests", params={"page_size": 1}).status_code == 200
        assert c.get("/ingest/runs").status_code == 403  # staff do not edit
        server.cli("users", "revoke", str(made["id"]))
        assert c.get("/guests", params={"page_size": 1}).status_code == 401
        assert c.get("/ingest/runs").status_code == 401  # not 403: the key is gone first
        assert c.get("/guests/2147483647").status_code == 401  # not 404
        assert c.get("/guests", params={"page_size": 0}).status_code == 401  # not 422
        bad = c.get("/guests", headers={"Authorization": f"Bearer {made['key']}x"})
        assert bad.status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/guests", "/visits", "/feedback", "/venues", "/dishes", "/wines", "/events",
     "/ingest/runs"],
)  # fmt: skip
def test_api__a_paging_word_a_list_does_not_take_is_a_422(server: Server, path: str) -> None:
    with _client(server) as c:
        r = c.get(path, params={"offset": 10})
        assert r.status_code == 422, (path, r.text)
        assert r.json()["errors"][0]["field"] == "offset"
        assert "offset" in r.json()["errors"][0]["error"]


def test_api__limit_is_taken_where_declared_and_refused_elsewhere(server: Server) -> None:
    with _client(server) as c:
        r = c.get("/guests", params={"limit": 5})
        assert r.status_code == 422
        assert "page_size" in r.json()["errors"][0]["error"]
        r = c.get("/events", params={"limit": 5})
        assert r.status_code == 422 and "not paged" in r.json()["errors"][0]["error"]
        assert c.get("/guests", params={"page_size": 5}).status_code == 200
        assert c.get("/ingest/runs", params={"limit": 5}).status_code == 200
        assert c.get("/pairing/dishes", params={"limit": 1}).status_code == 200
