"""The content calendar: planned posts per channel and slot, their approval, and exports.

A post moves ``draft → approved → scheduled → published | failed``. Files come in through
``sazon ingest social-calendar FILE`` (bad rows to quarantine with their reasons); posts go
out as CSV or as an iCalendar file (RFC 5545) that Google Calendar, Outlook and Apple
Calendar read, with the food days of the period as all-day events.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.errors import Conflict, InvalidInput, NotFound
from sazon.social.food_calendar import FoodDay, food_days
from sazon.store import ScheduledPost, SocialOutbox, Venue
from sazon.timeutil import LIMA, utcnow

# In the order a post moves through them; the first three are still to go out.
STATUSES = ("draft", "approved", "scheduled", "published", "failed")
CSV_COLUMNS = ("post_id", "venue", "channel", "planned_at", "status", "approved_by",
               "media_url", "predicted", "remote_id", "failure", "text")  # fmt: skip


class CalendarEntry(BaseModel):
    id: int
    post_id: str
    venue: str | None
    channel: str
    planned_at: datetime  # Lima
    status: str
    text: str
    media_url: str | None
    approved_by: str | None
    predicted: float | None
    remote_id: str | None
    failure: str | None


def _entry(row: ScheduledPost, codes: dict[int, str]) -> CalendarEntry:
    return CalendarEntry(
        id=row.id, post_id=row.external_id or f"sazon-{row.id}",
        venue=codes.get(row.venue_id) if row.venue_id else None, channel=row.channel,
        planned_at=row.planned_at.astimezone(LIMA), status=row.status, text=row.text,
        media_url=row.media_url, approved_by=row.approved_by, predicted=row.predicted,
        remote_id=row.remote_id, failure=row.failure,
    )  # fmt: skip


def _codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Venue.id, Venue.code)).all())


def calendar_entries(
    session: Session, start: date, end: date, *, venue: str | None = None
) -> list[CalendarEntry]:
    """The planned posts from ``start`` to ``end`` (Lima days, both included), by time."""
    if end < start:
        raise InvalidInput(f"the period ends ({end}) before it starts ({start})")
    lo = datetime(start.year, start.month, start.day, tzinfo=LIMA)
    hi = datetime(end.year, end.month, end.day, tzinfo=LIMA) + timedelta(days=1)
    query = select(ScheduledPost).where(
        ScheduledPost.planned_at >= lo, ScheduledPost.planned_at < hi
    )
    codes = _codes(session)
    if venue:
        ids = [i for i, c in codes.items() if c == venue]
        if not ids:
            raise NotFound(f"no venue {venue!r}: use one of {', '.join(sorted(codes.values()))}")
        query = query.where(ScheduledPost.venue_id == ids[0])
    rows = session.scalars(query.order_by(ScheduledPost.planned_at, ScheduledPost.id))
    return [_entry(r, codes) for r in rows]


def next_posts(
    session: Session, today: date, *, days: int = 14, limit: int = 5
) -> list[CalendarEntry]:
    """The next ``limit`` posts still to go out from ``today`` to ``days`` later (drafts,
    approved and scheduled; published and failed ones are past), soonest first."""
    ahead = calendar_entries(session, today, today + timedelta(days=days))
    return [e for e in ahead if e.status in STATUSES[:3]][:limit]


def _post(session: Session, post_id: int) -> ScheduledPost:
    row = session.get(ScheduledPost, post_id)
    if row is None:
        raise NotFound(f"no planned post {post_id}")
    return row


def plan_post(
    session: Session, *, venue: str, channel: str, planned_at: datetime, text: str,
    media_url: str | None = None, predicted: float | None = None,
) -> CalendarEntry:  # fmt: skip
    """Put a draft in the calendar (status ``draft``)."""
    if planned_at.tzinfo is None:
        raise InvalidInput("planned_at needs its UTC offset, like 2026-12-12T20:00-05:00")
    if not text.strip():
        raise InvalidInput("the post has no text")
    row_venue = session.scalars(select(Venue).where(Venue.code == venue)).first()
    if row_venue is None:
        raise NotFound(f"no venue {venue!r}")
    row = ScheduledPost(venue_id=row_venue.id, channel=channel.strip().lower(),
                        planned_at=planned_at, text=text.strip(), media_url=media_url,
                        predicted=predicted, status="draft")  # fmt: skip
    session.add(row)
    session.flush()
    return _entry(row, _codes(session))


def approve(session: Session, post_id: int, *, by: str) -> CalendarEntry:
    """Mark a draft approved by ``by`` (a person's name or user)."""
    row = _post(session, post_id)
    if row.status != "draft":
        raise Conflict(f"post {post_id} is {row.status}: only a draft can be approved")
    if not by.strip():
        raise InvalidInput("say who approves the post")
    row.status, row.approved_by = "approved", by.strip()
    session.flush()
    return _entry(row, _codes(session))


def schedule(session: Session, post_id: int) -> CalendarEntry:
    """Schedule an approved post: its outbox row is written in the same transaction."""
    row = _post(session, post_id)
    if row.status != "approved":
        raise Conflict(f"post {post_id} is {row.status}: approve it before scheduling")
    if row.channel == "instagram" and not row.media_url:
        raise InvalidInput(f"post {post_id}: Instagram needs a media_url (a public https URL)")
    row.status = "scheduled"
    session.add(SocialOutbox.for_post(row))
    session.flush()
    return _entry(row, _codes(session))


def to_csv(entries: Sequence[CalendarEntry]) -> str:
    """The entries as CSV (UTF-8, ``planned_at`` in ISO with its Lima offset)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([e.post_id, e.venue or "", e.channel, e.planned_at.isoformat(), e.status,
                         e.approved_by or "", e.media_url or "",
                         "" if e.predicted is None else e.predicted, e.remote_id or "",
                         e.failure or "", e.text])  # fmt: skip
    return out.getvalue()


# -- iCalendar (RFC 5545) ------------------------------------------------------------------------


def _event(uid: str, stamp: datetime, summary: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    return event


def to_ics(
    entries: Sequence[CalendarEntry], *, start: date, end: date, now: datetime | None = None
) -> str:
    """The entries as a VCALENDAR: one 15-minute VEVENT per post (UID stable per post), and
    the food days between ``start`` and ``end`` as all-day events.

    Written by the ``icalendar`` package (escaping, line folding, CRLF); times in UTC so every
    reader places them right without a VTIMEZONE.
    """
    stamp = (now or utcnow()).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//Sazon//Calendario de contenidos//ES")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Calendario de contenidos")
    cal.add("x-wr-timezone", "America/Lima")
    for e in entries:
        event = _event(f"sazon-post-{e.id}@sazon", stamp,
                       f"[{e.channel}] {e.venue or 'grupo'} · {e.status}")  # fmt: skip
        event.add("dtstart", e.planned_at.astimezone(UTC))
        event.add("dtend", (e.planned_at + timedelta(minutes=15)).astimezone(UTC))
        event.add("description", e.text)
        event.add("categories", [e.channel])
        event.add("status", "CANCELLED" if e.status == "failed" else "CONFIRMED")
        cal.add_component(event)
    for day in food_days_between(start, end):
        event = _event(f"sazon-food-{day.key}-{day.starts.isoformat()}@sazon", stamp,
                       day.name_es)  # fmt: skip
        event.add("dtstart", day.starts)
        event.add("dtend", day.starts + timedelta(days=day.days))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))


def food_days_between(start: date, end: date) -> list[FoodDay]:
    """The food days that start in the period (the calendar view overlays them)."""
    days = [d for y in range(start.year, end.year + 1) for d in food_days(y)]
    return [d for d in days if start <= d.starts <= end]
