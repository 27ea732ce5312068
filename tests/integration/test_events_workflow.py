"""The invitation workflow's use cases on a real store: a past start is refused, declined
guests free their seat, every invited guest's link in one action (links already sent keep
working), a lock re-plans at once, and re-plan reasons name guests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.errors import Conflict, InvalidInput
from sazon.events import (
    EventCreate,
    EventUpdate,
    TokenOverlapMatcher,
    cancel_event,
    create_event,
    current_links,
    invitations,
    invite_guests,
    latest_plan_row,
    lock_and_replan,
    make_link,
    names_for,
    plan_event,
    send_all_links,
    update_event,
    view,
    why_words,
)
from sazon.events import plans as plans_module
from sazon.events.guest_list import set_invitation_status
from sazon.knowledge import KnowledgeBase
from sazon.store.models import Dish, Event, Guest, Invitation, Venue
from sazon.timeutil import utcnow
from tests.integration.test_events_api_validation import SECRET, _event

pytestmark = pytest.mark.integration


@pytest.fixture
def event_id(sqlite_factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path) -> int:
    return _event(sqlite_factory, kb, tmp_path)


def test_a_past_start_is_refused_with_words_for_the_page(
    sqlite_factory: sessionmaker[Session], event_id: int
) -> None:
    with sqlite_factory.begin() as s:
        with pytest.raises(InvalidInput, match="in the past") as caught:
            create_event(s, EventCreate(name="Cena", starts_at=utcnow() - timedelta(hours=2)))
        assert caught.value.words["key"] == "past"
        # The web refuses moving an event into the past; the API may still record one.
        with pytest.raises(InvalidInput, match="in the past"):
            update_event(
                s, event_id, EventUpdate(starts_at=utcnow() - timedelta(days=1)), allow_past=False
            )
        update_event(s, event_id, EventUpdate(name="Cena de gala"), allow_past=False)


def test_declined_guests_free_their_seat_for_a_replacement(
    sqlite_factory: sessionmaker[Session], event_id: int
) -> None:
    with sqlite_factory.begin() as s:
        pairs = invitations(s, event_id)
        update_event(s, event_id, EventUpdate(capacity=len(pairs)))
        extra = Guest(first_name="Nuevo", last_name="Invitado", email="nuevo@example.pe")
        s.add(extra)
        s.flush()
        extra_id, first_invitation = extra.id, pairs[0][0].id
    with pytest.raises(Conflict) as caught, sqlite_factory.begin() as s:
        invite_guests(s, event_id, [extra_id])
    assert caught.value.words == {
        "key": "capacity", "capacity": len(pairs), "invited": len(pairs) + 1
    }  # fmt: skip
    with sqlite_factory.begin() as s:
        declining = s.get(Invitation, first_invitation)
        assert declining is not None
        set_invitation_status(s, declining, "declined")
        assert [i.guest_id for i in invite_guests(s, event_id, [extra_id])] == [extra_id]


def test_all_links_at_once_keep_the_ones_already_sent(
    sqlite_factory: sessionmaker[Session], event_id: int
) -> None:
    with sqlite_factory.begin() as s:
        pairs = invitations(s, event_id)
        first = make_link(s, SECRET, pairs[0][0].id)
        set_invitation_status(s, pairs[1][0], "declined")
        made = send_all_links(s, SECRET, event_id, None, detail="test")
        assert made == len(pairs) - 2  # the one sent before is kept; a decline gets none
        links = current_links(s, SECRET, event_id)
        assert links[pairs[0][0].id].token == first
        assert pairs[1][0].id not in links
        assert send_all_links(s, SECRET, event_id, None) == 0
        # Each link opens its own guest's invitation.
        for inv, guest in pairs[2:]:
            assert view(s, SECRET, links[inv.id].token).first_name == guest.first_name


def test_a_lock_replans_at_once_and_reasons_name_guests(
    sqlite_factory: sessionmaker[Session], kb: KnowledgeBase, event_id: int
) -> None:
    with sqlite_factory.begin() as s:
        assert lock_and_replan(s, kb, event_id, "postre", _dessert(s)) is None  # no plan yet
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
        result = lock_and_replan(
            s, kb, event_id, "postre", _dessert(s, 1), matcher=TokenOverlapMatcher()
        )
        assert result is not None and result.row.version == 2
        assert result.plan.table_menu["postre"] == str(_dessert(s, 1))
        row = latest_plan_row(s, event_id)
        assert row is not None and row.trigger == "lock"
        gid = result.plan.guests[0].guest_id
        names = names_for(s, [gid])
        said = why_words(f"RSVP of guest {gid}: declined", names, "es")
        assert said == f"respuesta de {names[gid]}: no asistirá"


def _dessert(s: Session, nth: int = 0) -> int:
    venue = s.scalars(select(Venue).where(Venue.name == "Qaray Test")).one()
    ids = list(
        s.scalars(
            select(Dish.id)
            .where(Dish.venue_id == venue.id, Dish.course == "postre")
            .order_by(Dish.id)
        )
    )
    return ids[nth]


def test_a_plan_solved_while_the_event_is_cancelled_is_not_kept(
    sqlite_factory: sessionmaker[Session],
    kb: KnowledgeBase,
    event_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = plans_module.plan_menu

    def cancelled_meanwhile(*args: Any, **kwargs: Any) -> Any:
        solved = real(*args, **kwargs)
        with sqlite_factory.begin() as other:  # a coordinator, while the solver runs
            cancel_event(other, event_id, None)
        return solved

    monkeypatch.setattr(plans_module, "plan_menu", cancelled_meanwhile)
    with (
        pytest.raises(Conflict, match="cancelled while it was being planned"),
        sqlite_factory.begin() as s,
    ):
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
    with sqlite_factory() as s:
        assert latest_plan_row(s, event_id) is None
        event = s.get(Event, event_id)
        assert event is not None and event.status == "cancelled"  # never written back


def test_remove_and_replace_a_guest__record_kept_locks_gone_and_the_replan_announced(
    sqlite_factory: sessionmaker[Session], event_id: int
) -> None:
    from sazon.bus.tables import bus_outbox
    from sazon.events import remove_guest, replace_guest, set_lock
    from sazon.store.models import EventLock

    def announced(s: Session) -> list[Any]:
        rows = s.execute(
            select(bus_outbox.c.payload).where(bus_outbox.c.type == "event.rsvp_changed")
        )
        return [tuple(p["fields"]) for (p,) in rows]

    with sqlite_factory.begin() as s:
        (leaving, gone), (staying, _) = invitations(s, event_id)[:2]
        dish = s.scalars(select(Dish).where(Dish.course == "entrada")).first()
        assert dish is not None
        set_lock(s, event_id, "entrada", dish.id, gone.id)
        before = announced(s)
        change = remove_guest(s, event_id, leaving.id, None, detail="test")
        assert change.removed.status == "cancelled"
        assert s.scalars(select(EventLock).where(EventLock.guest_id == gone.id)).all() == []
        assert announced(s) == [*before, ("removed",)]
        # Twice changes nothing and announces nothing.
        assert remove_guest(s, event_id, leaving.id, None).events == []
        with pytest.raises(Conflict) as same:
            replace_guest(s, event_id, staying.id, staying.guest_id, None)
        assert same.value.words["key"] == "same_guest"
        with pytest.raises(Conflict) as taken:
            replace_guest(s, event_id, leaving.id, staying.guest_id, None)
        assert taken.value.words["key"] == "already_invited"
        # The guest taken off comes back in someone else's seat, on their own invitation.
        back = replace_guest(s, event_id, staying.id, gone.id, None)
        assert back.added is not None and back.added.id == leaving.id
        assert (back.added.status, back.removed.status) == ("invited", "cancelled")
        assert announced(s)[-1] == ("replaced", str(staying.guest_id))
        # Once the event has started, its list is its record.
        s.get(Event, event_id).starts_at = utcnow() - timedelta(minutes=5)  # type: ignore[union-attr]
        with pytest.raises(Conflict) as closed:
            remove_guest(s, event_id, staying.id, None)
        assert closed.value.words["key"] == "guests_closed"
