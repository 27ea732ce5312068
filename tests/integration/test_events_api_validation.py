"""Events: RSVP links follow the invitation and the event, answers reach the outbox, and bad
input through the API is a problem+json 4xx (never a 500), on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus.tables import bus_outbox
from sazon.errors import InvalidInput, NotFound
from sazon.events import (
    EventCreate,
    EventUpdate,
    TokenOverlapMatcher,
    answer,
    create_event,
    invite_guests,
    make_link,
    plan_event,
    update_event,
    update_needs,
    view,
)
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store.models import AuditEntry, Event, Guest, Invitation, RsvpLink, Venue
from sazon.timeutil import utcnow
from tests.integration.test_events_faces import GUESTS, MENU, api, eventually
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
SECRET = "s" * 40


def _event(factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path) -> int:
    (tmp_path / "g.csv").write_text(GUESTS, encoding="utf-8")
    (tmp_path / "m.csv").write_text(MENU, encoding="utf-8")
    ingest_file(factory, kb, "dishes", tmp_path / "m.csv")
    ingest_file(factory, kb, "guests", tmp_path / "g.csv")
    with factory.begin() as s:
        venue = s.scalars(select(Venue).where(Venue.name == "Qaray Test")).one()
        event = create_event(
            s, EventCreate(name="Cena", starts_at=utcnow() + timedelta(days=20), venue_id=venue.id)
        )
        invite_guests(s, event.id, list(s.scalars(select(Guest.id).order_by(Guest.id))))
        return event.id


def _first_link(factory: sessionmaker[Session], event_id: int) -> tuple[int, str]:
    with factory.begin() as s:
        inv = s.scalars(
            select(Invitation).where(Invitation.event_id == event_id).order_by(Invitation.id)
        ).first()
        assert inv is not None
        return inv.id, make_link(s, SECRET, inv.id)


def _outbox(s: Session, type_: str) -> int:
    return int(s.scalar(select(func.count()).where(bus_outbox.c.type == type_)) or 0)


# -- RSVP, in the store ---------------------------------------------------------------------


def test_rsvp__a_decline_stages_rsvp_changed_in_the_outbox(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    event_id = _event(factory, kb, tmp_path)
    with factory.begin() as s:
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
    _, token = _first_link(factory, event_id)
    with factory.begin() as s:
        before = _outbox(s, "event.rsvp_changed")
        result = answer(s, kb, SECRET, token, attending=False, restrictions=None)
        assert [e.type for e in result.events] == ["event.rsvp_changed"]
    with factory() as s:
        assert _outbox(s, "event.rsvp_changed") == before + 1


def test_rsvp__a_cancelled_invitation_is_not_confirmed_through_its_old_link(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    event_id = _event(factory, kb, tmp_path)
    inv_id, token = _first_link(factory, event_id)
    with factory.begin() as s:
        inv = s.get(Invitation, inv_id)
        assert inv is not None
        inv.status = "cancelled"
    with factory.begin() as s, pytest.raises(InvalidInput, match="invitation was cancelled"):
        answer(s, kb, SECRET, token, attending=True, restrictions=None)
    with factory() as s:
        assert s.scalar(select(Invitation.status).where(Invitation.id == inv_id)) == "cancelled"
        with pytest.raises(InvalidInput, match="invitation was cancelled"):
            view(s, SECRET, token)
        with pytest.raises(InvalidInput, match="cancelled"):
            make_link(s, SECRET, inv_id)


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_rsvp__links_stop_working_when_the_event_is_cancelled_or_completed(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path, status: str
) -> None:
    event_id = _event(factory, kb, tmp_path)
    inv_id, token = _first_link(factory, event_id)
    with factory.begin() as s:
        update_event(s, event_id, EventUpdate(status=status))
    with factory() as s:
        with pytest.raises(InvalidInput, match=f"the event is {status}"):
            view(s, SECRET, token)
        with pytest.raises(InvalidInput, match=f"the event is {status}"):
            answer(s, kb, SECRET, token, attending=True, restrictions=None)
        with pytest.raises(InvalidInput, match=f"the event is {status}"):
            make_link(s, SECRET, inv_id)


def test_rsvp__moving_the_event_earlier_shortens_its_links_and_later_extends_them(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    event_id = _event(factory, kb, tmp_path)
    inv_id, token = _first_link(factory, event_id)
    sooner = utcnow() + timedelta(days=3)
    with factory.begin() as s:
        update_event(s, event_id, EventUpdate(starts_at=sooner))
    with factory() as s:
        link = s.get(RsvpLink, inv_id)
        assert link is not None and abs(link.expires_at - sooner) < timedelta(seconds=1)
    with factory.begin() as s:
        update_event(s, event_id, EventUpdate(starts_at=utcnow() + timedelta(days=200)))
    with factory() as s:
        link = s.get(RsvpLink, inv_id)
        assert link is not None  # as when it was sent: at most LINK_DAYS after it was made
        assert abs(link.expires_at - (link.created_at + timedelta(days=45))) < timedelta(seconds=1)
    with factory.begin() as s:
        update_event(s, event_id, EventUpdate(starts_at=utcnow() - timedelta(hours=1)))
    with factory() as s, pytest.raises(InvalidInput, match="expired"):
        view(s, SECRET, token)


def test_needs__an_unknown_event_is_not_found(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    _event(factory, kb, tmp_path)
    with factory.begin() as s:
        guest_id = s.scalars(select(Guest.id)).first()
        assert guest_id is not None
        with pytest.raises(NotFound, match="no event 999999"):
            update_needs(s, kb, guest_id, "maní", source="api", event_id=999999)


def test_plan__a_zero_budget_stored_before_the_check_is_an_input_error(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    event_id = _event(factory, kb, tmp_path)
    with factory.begin() as s:
        event = s.get(Event, event_id)
        assert event is not None
        event.budget_per_guest_pen = Decimal("0.00")
    with factory.begin() as s, pytest.raises(InvalidInput, match=r"at least S/ 0\.01"):
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())


# -- the API -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("events-validation")
    (home / "g.csv").write_text(GUESTS, encoding="utf-8")
    (home / "m.csv").write_text(MENU, encoding="utf-8")
    with sazon_server(home) as srv:
        srv.cli("ingest", "dishes", str(home / "m.csv"))
        srv.cli("ingest", "guests", str(home / "g.csv"))
        yield srv


def _new_event(c: httpx.Client, invite: bool = True, **fields: object) -> int:
    venue = next(v for v in c.get("/venues").json()["items"] if v["name"] == "Qaray Test")
    body = {"name": "Cena", "starts_at": (utcnow() + timedelta(days=30)).isoformat(),
            "venue_id": venue["id"], **fields}  # fmt: skip
    r = c.post("/events", json=body)
    assert r.status_code == 201, r.text
    event_id = int(r.json()["id"])
    assert eventually(lambda: c.get(f"/events/{event_id}"))
    if invite:  # the guests of the file (the tests below add and erase others)
        items = c.get("/guests", params={"page_size": 50}).json()["items"]
        guests = [g["id"] for g in items if g["email"] and g["email"] in GUESTS]
        r = c.post(f"/events/{event_id}/invitations", json={"guest_ids": guests})
        assert r.status_code == 201, r.text
        assert eventually(lambda: c.get(f"/events/{event_id}/invitations"),
                          ok=lambda b: b["total"] == len(guests))  # fmt: skip
    return event_id


def _invalid(
    r: httpx.Response, status: int = 422, code: str = "invalid_input"
) -> dict[str, object]:
    assert r.status_code == status, r.text
    body: dict[str, object] = r.json()
    assert body["code"] == code and r.headers["content-type"] == "application/problem+json"
    return body


def test_api__a_plan_diff_read_is_audited_once_naming_every_guest(server: Server) -> None:
    with api(server) as c:
        event_id = _new_event(c)
        r = c.post(f"/events/{event_id}/plan")
        assert r.status_code == 201, r.text
        plan_id, guests = r.json()["plan_id"], {g["guest_id"] for g in r.json()["guests"]}
        r = c.get(f"/events/{event_id}/plans/{plan_id}/diff")
        assert r.status_code == 200
        rid = r.headers["x-request-id"]
    engine = create_engine(f"sqlite:///{server.home / 'sazon.db'}")

    def reads() -> set[str]:
        with Session(engine) as s:
            entries = s.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "event.plan.read", AuditEntry.request_id == rid
                )
            ).all()
            # One entry for the read; its ids are indexed for the guests' exports.
            assert len(entries) <= 1
            return {str(g.guest_id) for e in entries for g in e.guests}

    # The API commits after the response is sent: wait for the entries.
    deadline = time.monotonic() + 5
    while reads() != guests and time.monotonic() < deadline:
        time.sleep(0.1)
    assert reads() == guests
    engine.dispose()


@pytest.mark.parametrize("budget", ["0.001", "0.004"])
def test_api__a_budget_under_one_cent_is_a_422(server: Server, budget: str) -> None:
    with api(server) as c:
        venue = c.get("/venues").json()["items"][0]["id"]
        starts = (utcnow() + timedelta(days=30)).isoformat()
        body = _invalid(c.post("/events", json={
            "name": "Cena", "starts_at": starts, "venue_id": venue,
            "budget_per_guest_pen": budget,
        }))  # fmt: skip
        assert "budget_per_guest_pen" in str(body["errors"])
        event_id = _new_event(c, invite=False, budget_per_guest_pen="30.005")
        assert c.get(f"/events/{event_id}").json()["budget_per_guest_pen"] == "30.01"
        _invalid(c.patch(f"/events/{event_id}", json={"budget_per_guest_pen": budget}))


@pytest.mark.parametrize("starts", ["9999-12-31T23:59:59", "0001-01-01T00:00:00"])
def test_api__a_start_outside_2000_to_2100_is_a_422(server: Server, starts: str) -> None:
    with api(server) as c:
        body = _invalid(c.post("/events", json={"name": "Cena", "starts_at": starts}))
        assert "between 2000 and 2100" in str(body["errors"])
        event_id = _new_event(c, invite=False)
        body = _invalid(c.patch(f"/events/{event_id}", json={"starts_at": starts}))
        assert "between 2000 and 2100" in str(body["errors"])


def test_api__needs_for_an_unknown_event_are_a_404(server: Server) -> None:
    with api(server) as c:
        guest_id = c.get("/guests").json()["items"][0]["id"]
        r = c.put(f"/events/guests/{guest_id}/needs",
                  json={"restrictions": "maní", "event_id": 999999})  # fmt: skip
        assert "no event 999999" in str(_invalid(r, 404, "not_found")["detail"])


def test_api__deleting_an_invited_guest_is_a_409_that_points_to_erase(server: Server) -> None:
    with api(server, "admin") as c:
        guest_id = c.post("/guests", json={"first_name": "Zoe", "email": "zoe@example.pe"}).json()[
            "id"
        ]
        event_id = _new_event(c, invite=False)
        c.post(f"/events/{event_id}/invitations", json={"guest_ids": [guest_id]})
        assert eventually(lambda: c.get(f"/events/{event_id}/invitations"),
                          ok=lambda b: b["total"] == 1)  # fmt: skip
        body = _invalid(c.delete(f"/guests/{guest_id}"), 409, "conflict")
        assert f"/api/v1/guests/{guest_id}/erase" in str(body["detail"])
        assert c.post(f"/guests/{guest_id}/erase").status_code == 200


def test_api__deleting_a_guest_with_only_a_needs_history_deletes_it(server: Server) -> None:
    with api(server, "admin") as c:
        guest_id = c.post(
            "/guests", json={"first_name": "Iris", "email": "iris@example.pe"}
        ).json()["id"]
        r = c.put(f"/events/guests/{guest_id}/needs", json={"restrictions": "alergia al maní"})
        assert r.status_code == 200 and r.json()["changed"]
        assert eventually(lambda: c.get(f"/events/guests/{guest_id}/needs/history"),
                          ok=lambda b: b["total"] == 1)  # fmt: skip
        assert c.delete(f"/guests/{guest_id}").status_code == 204
        assert eventually(lambda: c.get(f"/guests/{guest_id}"), status=404)


def test_api__a_null_plan_body_plans_with_the_defaults(server: Server) -> None:
    with api(server) as c:
        event_id = _new_event(c)
        r = c.post(
            f"/events/{event_id}/plan", content="null",
            headers={"content-type": "application/json"},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "optimal"


def test_api__a_course_repeated_beyond_the_menu_is_a_422(server: Server) -> None:
    with api(server) as c:
        event_id = _new_event(c, courses=["entrada"] * 4)
        body = _invalid(c.post(f"/events/{event_id}/plan"))
        assert body["detail"] == (
            "el curso 'entrada' aparece 4 veces pero la carta tiene 3 platos de entrada: "
            "repite el curso como mucho 3 veces o agrega platos de entrada a la carta"
        )


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_rsvp__the_page_of_a_cancelled_or_completed_event_says_the_invitation_is_closed(
    server: Server, status: str
) -> None:
    with api(server) as c:
        event_id = _new_event(c)
        inv = c.get(f"/events/{event_id}/invitations").json()["items"][0]["invitation_id"]
        token = c.post(f"/events/{event_id}/invitations/{inv}/rsvp-link").json()["token"]
        assert c.patch(f"/events/{event_id}", json={"status": status}).status_code == 200
        assert eventually(lambda: c.get(f"/events/{event_id}"), ok=lambda b: b["status"] == status)
    with httpx.Client(base_url=server.url, timeout=30) as web:
        page = web.get(f"/rsvp/{token}")
        assert page.status_code == 410
        if status == "cancelled":  # the guest is told plainly, with the event's name
            assert 'data-testid="rsvp-cancelled"' in page.text and "se canceló" in page.text
        else:
            assert 'data-testid="rsvp-invalid"' in page.text
            assert "ya no está activa" in page.text
        # A forged link still gets the generic page: nothing about any event leaks.
        forged = web.get(f"/rsvp/{token[:-4]}abcd")
        assert forged.status_code == 404 and "no es válido" in forged.text


def test_api__patch_cancels_by_the_cancel_rules_never_a_completed_event(server: Server) -> None:
    with api(server) as c:
        done = _new_event(c, invite=False)
        assert c.patch(f"/events/{done}", json={"status": "completed"}).status_code == 200
        _invalid(c.patch(f"/events/{done}", json={"status": "cancelled"}), 409, "conflict")
        assert c.get(f"/events/{done}").json()["status"] == "completed"
        called_off = _new_event(c, invite=False)
        r = c.patch(f"/events/{called_off}", json={"status": "cancelled"})
        assert r.status_code == 200 and r.json()["status"] == "cancelled", r.text
        rid = r.headers["x-request-id"]
    engine = create_engine(f"sqlite:///{server.home / 'sazon.db'}")
    with Session(engine) as s:  # audited as the cancel route is
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.request_id == rid)).all()
    engine.dispose()
    assert "event.cancel" in actions
