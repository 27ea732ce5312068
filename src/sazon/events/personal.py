"""The planner's copies of a guest's data, for the legal export and the erasure (Ley 29733).

Registered with :func:`sazon.access.holdings.register_holder` when ``sazon.events`` is
imported, so every export lists them and every erasure removes them. Stored plans grow new
sections (the allergen matrix, the wine flight…), so after :func:`forget_guest` has removed
the parts it knows, every entry that names the guest's id anywhere in a plan goes, and every
text naming them is redacted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from sazon.access import audit_read
from sazon.access.holdings import ToolHolder
from sazon.access.identity import REDACTED, Identity, mentions, redact
from sazon.events.plan_versions import forget_parsed_plans
from sazon.store.models import (
    Event,
    EventLock,
    EventPlan,
    Guest,
    GuestNeedsChange,
    Invitation,
    PlanCheck,
    RsvpLink,
)

if TYPE_CHECKING:
    from sazon.access import Principal
    from sazon.events.schemas import Plan


def planning_data(session: Session, guest_id: int) -> dict[str, list[dict[str, Any]]]:
    """What the planner holds about one guest, by the kinds ``forget_guest`` removes."""
    gid = str(guest_id)
    history = session.scalars(
        select(GuestNeedsChange)
        .where(GuestNeedsChange.guest_id == guest_id)
        .order_by(GuestNeedsChange.at)
    )
    locks = session.scalars(select(EventLock).where(EventLock.guest_id == guest_id))
    links = session.scalars(
        select(RsvpLink)
        .join(Invitation, Invitation.id == RsvpLink.invitation_id)
        .where(Invitation.guest_id == guest_id)
    )
    plans = _plans_of(session, guest_id)
    return {
        "event_notes": [
            {"event_id": e.id, "name": e.name, "notes": e.notes}
            for e in _events_naming(session, guest_id)
        ],
        "needs_changes": [
            {
                "at": c.at.isoformat(),
                "source": c.source,
                "fields": c.fields,
                "before": c.before,
                "after": c.after,
                "event_id": c.event_id,
            }
            for c in history
        ],
        "locks": [
            {"event_id": lk.event_id, "course": lk.course, "dish_id": lk.dish_id} for lk in locks
        ],
        "rsvp_links": [
            {
                "invitation_id": ln.invitation_id,
                "expires_at": ln.expires_at.isoformat(),
                "answered_at": ln.answered_at.isoformat() if ln.answered_at else None,
            }
            for ln in links
        ],
        "plans": [
            {
                "event_id": p.event_id,
                "version": p.version,
                "guest": [g for g in p.plan.get("guests", []) if g.get("guest_id") == gid],
            }
            for p in plans
        ],
    }


def _names_guest(data: Any, gid: str) -> bool:
    if isinstance(data, dict):
        if str(data.get("guest_id")) == gid or gid in map(str, data.get("guest_ids") or []):
            return True
        return any(_names_guest(v, gid) for v in data.values())
    if isinstance(data, list):
        return any(_names_guest(v, gid) for v in data)
    return False


def _without_guest(data: Any, gid: str) -> Any:
    """The data with every entry of the guest dropped and their id out of id lists."""
    if isinstance(data, dict):
        out = {k: _without_guest(v, gid) for k, v in data.items()}
        if isinstance(out.get("guest_ids"), list):
            out["guest_ids"] = [g for g in out["guest_ids"] if str(g) != gid]
        return out
    if isinstance(data, list):
        return [
            _without_guest(v, gid)
            for v in data
            if not (isinstance(v, dict) and str(v.get("guest_id")) == gid)
        ]
    return data


def _plans_of(session: Session, guest_id: int) -> list[EventPlan]:
    guest = session.get(Guest, guest_id)
    ident = Identity.of(guest) if guest is not None else None
    gid = str(guest_id)
    return [
        p
        for p in session.scalars(select(EventPlan).order_by(EventPlan.id))
        if _names_guest([p.plan, p.diff], gid)
        or (ident is not None and mentions(ident, [p.plan, p.diff, p.reason]))
    ]


def _events_naming(session: Session, guest_id: int) -> list[Event]:
    """Events whose name or notes (written by staff) name the guest."""
    guest = session.get(Guest, guest_id)
    if guest is None:
        return []
    ident = Identity.of(guest)
    return [
        e
        for e in session.scalars(select(Event).order_by(Event.id))
        if ident.in_text(e.name) or ident.in_text(e.notes or "")
    ]


def erase_planning_data(session: Session, guest_id: int) -> dict[str, int]:
    """Remove the planner's copies; counts by the kinds :func:`planning_data` lists."""
    plans = _plans_of(session, guest_id)
    events = _events_naming(session, guest_id)
    guest = session.get(Guest, guest_id)
    counts = forget_guest(session, guest_id)
    if guest is not None:
        ident, gid = Identity.of(guest), str(guest_id)
        for event in events:
            event.name, event.notes = redact(ident, event.name), redact(ident, event.notes)
        for stored in plans:
            stored.plan = redact(ident, _without_guest(stored.plan, gid))
            stored.diff = redact(ident, _without_guest(stored.diff, gid))
            if stored.reason and ident.in_text(stored.reason):
                stored.reason = REDACTED
    session.flush()
    if plans:
        forget_parsed_plans()
        # Again once the erasure is committed: a read in another thread between this flush
        # and the commit still saw the old text and may have parsed it again.
        sa_event.listen(session, "after_commit", lambda _s: forget_parsed_plans(), once=True)
    return counts | {"plans": len(plans), "event_notes": len(events)}


def audit_plan_read(
    session: Session, who: Principal, plan: Plan, request_id: str | None, where: str = "api"
) -> None:
    """A plan shows every guest's restrictions: one health-data read naming every guest."""
    ids = [int(g.guest_id) for g in plan.guests if g.guest_id.isdigit()]
    audit_read(session, who, "event.plan.read", ids, f"{where}: plan", request_id)


def forget_guest(session: Session, guest_id: int) -> dict[str, int]:
    """Erase a guest's planning data (Ley 29733): needs history, locks, RSVP links, and
    their rows inside stored plans. Kitchen counts stay, as anonymous aggregates."""
    gid = str(guest_id)
    history = list(
        session.scalars(select(GuestNeedsChange).where(GuestNeedsChange.guest_id == guest_id))
    )
    for change in history:
        session.delete(change)
    locks = list(session.scalars(select(EventLock).where(EventLock.guest_id == guest_id)))
    for lock in locks:
        session.delete(lock)
    links = 0
    for inv in session.scalars(select(Invitation).where(Invitation.guest_id == guest_id)):
        link = session.get(RsvpLink, inv.id)
        if link is not None:
            session.delete(link)
            links += 1
    plans = 0
    for stored in session.scalars(select(EventPlan)):
        plan = dict(stored.plan)
        if not any(g.get("guest_id") == gid for g in plan.get("guests", [])):
            continue
        for key in ("assignments", "unserved", "guests"):
            plan[key] = [x for x in plan.get(key, []) if x.get("guest_id") != gid]
        flight = plan.get("wine_flight")
        if flight:
            flight = dict(flight)
            flight["non_alcoholic_guests"] = [
                n for n in flight.get("non_alcoholic_guests", []) if n.get("guest_id") != gid
            ]
            flight["plates"] = [
                {**p, "guest_ids": [g for g in p.get("guest_ids", []) if g != gid]}
                for p in flight.get("plates", [])
            ]
            flight["plates"] = [p for p in flight["plates"] if p["guest_ids"]]
            plan["wine_flight"] = flight
        plan["warnings"] = [w for w in plan.get("warnings", []) if f" {gid}" not in w]
        matrix = plan.get("allergen_matrix")
        if matrix:  # their row (name, what they wrote); the per-course counts stay, anonymous
            rows = [g for g in matrix.get("guests", []) if g.get("guest_id") != gid]
            plan["allergen_matrix"] = {**matrix, "guests": rows}
        # The other language's sentences, theirs among them: a re-plan writes them again.
        plan["words"] = {}
        diff = dict(stored.diff or {})
        diff["changes"] = [c for c in diff.get("changes", []) if c.get("guest_id") != gid]
        stored.plan, stored.diff = plan, diff
        # A stored check names guests and their needs: it goes, the next read checks again.
        session.execute(delete(PlanCheck).where(PlanCheck.plan_id == stored.id))
        if stored.reason and f"guest {gid} " in f"{stored.reason} ":
            stored.reason = "needs changed (erased guest)"
        plans += 1
    session.flush()
    return {"needs_changes": len(history), "locks": len(locks), "rsvp_links": links,
            "plans": plans}  # fmt: skip


PLANNING = ToolHolder(
    name="events",
    find=planning_data,
    erase=erase_planning_data,
    # A guest deleted outright leaves no needs history, locks or plan rows behind either.
    forget=forget_guest,
    tables=("guest_needs_changes", "event_locks", "rsvp_links", "event_plans", "events"),
)
