"""The content calendar's iCalendar export, read back by the ``icalendar`` package as a
calendar application would: the events, their times and the Spanish text intact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from sazon.social import CalendarEntry, to_ics
from sazon.timeutil import LIMA

TEXT = "Ceviche clásico, hoy; con limón\nReserva por DM: «Qaray Mar» ¡te esperamos! " * 3


def _entry(id_: int, status: str, venue: str | None, at: datetime) -> CalendarEntry:
    return CalendarEntry(id=id_, post_id=f"p{id_}", venue=venue, channel="instagram",
                         planned_at=at, status=status, text=TEXT, media_url=None,
                         approved_by="Lucía", predicted=None, remote_id=None,
                         failure=None)  # fmt: skip


def test_ics__reads_back_with_lima_times_escaped_text_and_food_days() -> None:
    at = datetime(2027, 2, 5, 20, 0, tzinfo=LIMA)
    entries = [_entry(7, "scheduled", "mfl", at), _entry(8, "failed", None, at + timedelta(1))]
    ics = to_ics(entries, start=date(2027, 2, 1), end=date(2027, 2, 28),
                 now=datetime(2026, 12, 7, tzinfo=UTC))  # fmt: skip
    raw = ics.replace("\r\n ", "")  # unfolded
    assert "Ceviche clásico\\, hoy\\; con limón\\nReserva" in raw
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    events = Calendar.from_ical(ics).walk("VEVENT")
    posts = {str(e["UID"]): e for e in events if str(e["UID"]).startswith("sazon-post-")}
    assert sorted(posts) == ["sazon-post-7@sazon", "sazon-post-8@sazon"]
    first = posts["sazon-post-7@sazon"]
    start = first.decoded("DTSTART")
    assert start == at and start.tzinfo is not None and start.utcoffset() == timedelta(0)
    assert first.decoded("DTEND") - start == timedelta(minutes=15)
    assert str(first["DESCRIPTION"]) == TEXT
    assert str(first["SUMMARY"]) == "[instagram] mfl · scheduled"
    assert str(first["STATUS"]) == "CONFIRMED"
    assert str(posts["sazon-post-8@sazon"]["STATUS"]) == "CANCELLED"
    assert str(posts["sazon-post-8@sazon"]["SUMMARY"]) == "[instagram] grupo · failed"
    food = [e for e in events if str(e["UID"]).startswith("sazon-food-")]
    pisco = [e for e in food if str(e["SUMMARY"]) == "Día del Pisco Sour"]
    assert [e.decoded("DTSTART") for e in pisco] == [date(2027, 2, 6)]
    assert all(str(e["TRANSP"]) == "TRANSPARENT" for e in food)
