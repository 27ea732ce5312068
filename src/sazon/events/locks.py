"""Locks: a chef fixes the table's dish of a course, or one guest's plate, and every re-plan
keeps it; a lock that does not fit the event or is not safe for the guest is refused.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import Conflict, NotFound
from sazon.events.events import check_not_cancelled, get_event
from sazon.events.explain import conflict_text, course_label
from sazon.events.needs import guest_needs
from sazon.events.safety import conflicts, dish_facts, profile_of
from sazon.events.schemas import MenuDish
from sazon.knowledge import CLASSIFY_HINT, current_knowledge
from sazon.store.models import Dish, EventLock, Guest, Invitation


def locks_of(session: Session, event_id: int) -> list[EventLock]:
    return list(
        session.scalars(
            select(EventLock).where(EventLock.event_id == event_id).order_by(EventLock.id)
        )
    )


def set_lock(
    session: Session,
    event_id: int,
    course: str,
    dish_id: int,
    guest_id: int | None = None,
    actor: str = "system",
) -> EventLock:
    """Fix the table's dish of a course (or one guest's plate); replaces an earlier lock."""
    # What is stored decides whether a lock fits (the event's courses, the dish's course, the
    # guest list, the guest's needs): a lock that does not is a Conflict, not unreadable input.
    event = get_event(session, event_id)
    check_not_cancelled(event)
    slots = _slot_keys(event.courses)
    if course not in slots:
        raise Conflict(f"the event has no course '{course}': use {', '.join(slots)}")
    dish = session.get(Dish, dish_id)
    if dish is None:
        raise NotFound(f"no dish {dish_id}")
    if dish.course != slots[course]:
        raise Conflict(
            f"dish {dish_id} is not a {slots[course]} dish", words={"key": "lock_course"}
        )
    if guest_id is not None:
        inv = session.scalars(
            select(Invitation).where(
                Invitation.event_id == event_id, Invitation.guest_id == guest_id
            )
        ).first()
        guest = session.get(Guest, guest_id)
        assert guest is not None
        if inv is None:
            raise Conflict(
                f"guest {guest_id} is not invited to event {event_id}",
                words={"key": "lock_not_invited", "guest": guest.full_name},
            )
        menu_dish = MenuDish(
            dish_id=str(dish.id), name_es=dish.name_es, course=dish.course,
            ingredients=list(dish.ingredients_raw or []), cooking=list(dish.cooking or []),
        )  # fmt: skip
        kb = current_knowledge(session)
        found = conflicts(dish_facts(menu_dish, kb), profile_of(guest_needs(guest, {}), kb))
        if found:
            hint = (
                f" (classify it: {CLASSIFY_HINT})"
                if any(c.what == "unknown_ingredient" for c in found)
                else ""
            )
            why = conflict_text(found, kb)
            raise Conflict(
                f"{dish.name_es} is not safe for guest {guest_id}: {why}{hint}",
                words={"key": "lock_unsafe", "dish": dish.name_es, "guest": guest.full_name,
                       "why": why},
            )  # fmt: skip
    for old in locks_of(session, event_id):
        if old.course == course and old.guest_id == guest_id:
            session.delete(old)
    session.flush()
    lock = EventLock(event_id=event_id, course=course, dish_id=dish_id, guest_id=guest_id,
                     created_by=actor)  # fmt: skip
    session.add(lock)
    session.flush()
    return lock


def remove_lock(session: Session, event_id: int, lock_id: int) -> None:
    check_not_cancelled(get_event(session, event_id))
    lock = session.get(EventLock, lock_id)
    if lock is None or lock.event_id != event_id:
        raise NotFound(f"event {event_id} has no lock {lock_id}")
    session.delete(lock)
    session.flush()


def _slot_keys(courses: list[str]) -> dict[str, str]:
    seen: dict[str, int] = {}
    out: dict[str, str] = {}
    for c in courses:
        seen[c] = seen.get(c, 0) + 1
        out[c if seen[c] == 1 else f"{c}_{seen[c]}"] = c
    return out


def course_names(courses: list[str], lang: str = "es") -> dict[str, str]:
    return {key: course_label(key, lang) for key in _slot_keys(courses)}
