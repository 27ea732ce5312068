"""The manager's home (issue #19 item 5) on a real store: what each block reads, through the
tools' functions, and which roles see which block. One store for the module; no server (the
page itself is fetched by the page-budget test)."""

from __future__ import annotations

import threading
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from sazon.config import load_settings
from sazon.events import upcoming_events
from sazon.ingest import open_quarantine
from sazon.knowledge import KnowledgeBase
from sazon.social import next_posts
from sazon.store import session_factory
from sazon.store.models import (
    Event,
    Guest,
    IngestRun,
    Invitation,
    QuarantinedRow,
    ScheduledPost,
    Venue,
)
from sazon.timeutil import LIMA
from sazon.trends import app_alerts
from sazon.web.home import home_view
from sazon.web.i18n import translate
from tests.conftest import initialised_store

pytestmark = pytest.mark.integration
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def factory(
    tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase, request: pytest.FixtureRequest
) -> sessionmaker[Session]:
    url = f"sqlite:///{tmp_path_factory.mktemp('home') / 'store.db'}"
    made = session_factory(initialised_store(request, url, kb))
    with made.begin() as s:
        venue = Venue(code="mar", name="Qaray Mar")
        s.add(venue)
        s.flush()
        guests = [
            Guest(first_name="Ana", last_name="Quispe", allergies=["peanuts", "fish"]),
            Guest(first_name="Luis", last_name="Huamán", allergies=["fish"], diets=["vegan"]),
            Guest(first_name="Rosa", last_name="Díaz", allergies=["milk"]),  # declines
            Guest(first_name="Iván", last_name="Ríos", restrictions_unknown=["sin ají"]),
        ]
        s.add_all(guests)
        s.flush()
        soon = Event(
            name="Cena nikkei",
            event_type="cena",
            starts_at=NOW + timedelta(days=5),
            venue_id=venue.id,
            capacity=10,
            courses=["entrada"],
            status="planning",
        )
        later = Event(
            name="Cata de piscos",
            event_type="cata",
            starts_at=NOW + timedelta(days=20),
            courses=["entrada"],
        )
        past = Event(
            name="Jarana", event_type="cena", starts_at=NOW - timedelta(days=3), courses=["entrada"]
        )
        off = Event(name="Suspendida", event_type="cena", starts_at=NOW + timedelta(days=2),
                    courses=["entrada"], status="cancelled")  # fmt: skip
        s.add_all([soon, later, past, off])
        s.flush()
        for g, status in zip(
            guests, ("confirmed", "invited", "declined", "confirmed"), strict=True
        ):
            s.add(Invitation(event_id=soon.id, guest_id=g.id, status=status))
        run = IngestRun(kind="guests", filename="clientes.csv", file_sha256="0" * 64, rows=3,
                        accepted=1, merged=0, quarantined=2)  # fmt: skip
        s.add(run)
        s.flush()
        for n, status in ((2, "open"), (3, "open"), (4, "discarded")):
            s.add(QuarantinedRow(kind="guests", run_id=run.id, row_number=n, status=status,
                                 fingerprint=str(n), raw={}, reasons=[]))  # fmt: skip
        for days, status in ((1, "scheduled"), (2, "published"), (3, "draft"), (30, "draft")):
            at = NOW + timedelta(days=days)
            s.add(ScheduledPost(venue_id=venue.id, channel="instagram", status=status,
                                planned_at=at, text=f"post {days}"))  # fmt: skip
    return made


def test_upcoming_events__rsvps_and_the_allergies_of_who_may_still_come(
    factory: sessionmaker[Session],
) -> None:
    with factory() as s:
        found = upcoming_events(s, health=True, now=NOW)
        hidden = upcoming_events(s, health=False, now=NOW, limit=1)
    # Soonest first; the past and the cancelled event are not coming up.
    assert [e.name for e in found] == ["Cena nikkei", "Cata de piscos"]
    dinner = found[0]
    assert dinner.venue == "Qaray Mar" and dinner.capacity == 10
    assert dinner.rsvp == {"confirmed": 2, "declined": 1, "invited": 1}
    assert (dinner.invited, dinner.answered) == (4, 3)
    # Rosa declined: her milk allergy is not the kitchen's concern; ties sorted by name.
    assert dinner.allergies == [("fish", 2), ("peanuts", 1)]
    assert dinner.diets == [("vegan", 1)] and dinner.unclear == 1
    assert found[1].rsvp == {} and found[1].allergies == []
    # A role without health data gets the RSVPs only.
    assert [e.name for e in hidden] == ["Cena nikkei"]
    assert hidden[0].allergies is None and hidden[0].rsvp == dinner.rsvp


def test_open_quarantine_and_next_posts(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        assert open_quarantine(s) == {"guests": 2}
        posts = next_posts(s, NOW.astimezone(LIMA).date())
    # Published posts are past; a post a month away is not "next".
    assert [(p.text, p.status) for p in posts] == [("post 1", "scheduled"), ("post 3", "draft")]


@pytest.mark.parametrize(
    ("role", "blocks"),
    [
        ("admin", ["events", "changes", "uploads", "trends", "posts"]),
        ("planner", ["events", "changes", "uploads"]),
        ("sommelier", ["changes"]),
        ("marketing", ["changes", "trends", "posts"]),
    ],
)
def test_each_role_sees_only_the_blocks_it_may_open(
    factory: sessionmaker[Session], tmp_path: Path, role: str, blocks: list[str]
) -> None:
    settings = load_settings(home=tmp_path)
    state = types.SimpleNamespace(settings=settings, factory=factory)
    owner = types.SimpleNamespace()
    with factory() as s:
        home = home_view(state, owner, s, role, "es", translate("es"))  # type: ignore[arg-type]
    assert home.blocks == blocks
    # Only counters with a list the role may open (venues, visits, dishes, wines have none).
    assert home.counts["guests"] == 4 and "venues" not in home.counts
    assert ("events" in home.counts) == ("events" in blocks)
    assert (home.events is None) == ("events" not in blocks)
    assert (home.uploads is None) == ("uploads" not in blocks)
    assert (home.posts is None) == ("posts" not in blocks)
    if "uploads" in blocks:
        assert home.quarantine_open == 2 and home.uploads and home.uploads[0]["quarantined"] == 2
    assert home.changes is not None and home.changes[0].report.venue == "mar"
    worker = getattr(owner, "sazon_trends_refresh", None)
    if "trends" in blocks and isinstance(worker, threading.Thread):
        worker.join(60)  # the first analysis runs in the background, never in the request


def test_trend_alerts_never_wait_for_the_replay(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    settings = load_settings(home=tmp_path)
    owner = types.SimpleNamespace()
    assert app_alerts(owner, settings, factory) is None  # nothing made yet: a replay starts
    worker = owner.sazon_trends_refresh
    assert isinstance(worker, threading.Thread)
    worker.join(60)
    assert app_alerts(owner, settings, factory) == []  # the store holds no market text
    assert owner.sazon_trends_refresh is None  # current: no second replay


def test_the_guest_counter_leaves_out_erased_guests(factory: sessionmaker[Session]) -> None:
    from sqlalchemy import select

    from sazon.store.queries import row_counts

    with factory() as s:
        before = row_counts(s, ("guests",))["guests"]
        # An erased guest's row stays, anonymised; the list the counter opens leaves it out.
        first = s.scalars(select(Guest).order_by(Guest.id)).first()
        assert first is not None
        first.erased_at = NOW
        s.flush()
        assert row_counts(s, ("guests",))["guests"] == before - 1
        s.rollback()
