"""Dates as people in Lima read them: «sáb. 12 dic. 2026, 8:00 p. m.» (es-PE) or
"Sat 12 Dec 2026, 8:00 PM", never ISO. Babel is not a dependency; these few formats are
all the pages need, so they are written out here.
"""

from __future__ import annotations

from datetime import date, datetime

from sazon.timeutil import to_lima

_DAYS = {
    "es": ("lun.", "mar.", "mié.", "jue.", "vie.", "sáb.", "dom."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS = {
    "es": ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "set.", "oct.",
           "nov.", "dic."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip


def _as_datetime(value: datetime | date | str) -> datetime | date:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = to_lima(value)
    return value


def clock(value: datetime, lang: str) -> str:
    """8:00 p. m. (es-PE) or 8:00 PM."""
    hour = value.hour % 12 or 12
    if lang == "en":
        return f"{hour}:{value.minute:02d} {'PM' if value.hour >= 12 else 'AM'}"
    return f"{hour}:{value.minute:02d} {'p. m.' if value.hour >= 12 else 'a. m.'}"


def day(value: datetime | date | str, lang: str = "es", *, weekday: bool = True) -> str:
    """sáb. 12 dic. 2026 / Sat 12 Dec 2026 (Lima's calendar day for an aware time)."""
    d = _as_datetime(value)
    lang = "en" if lang == "en" else "es"
    text = f"{d.day} {_MONTHS[lang][d.month - 1]} {d.year}"
    return f"{_DAYS[lang][d.weekday()]} {text}" if weekday else text


def when(value: datetime | date | str | None, lang: str = "es") -> str:
    """A date with its time in words (a bare date: the day only); empty for None."""
    if value is None or value == "":
        return ""
    d = _as_datetime(value)
    if not isinstance(d, datetime):
        return day(d, lang)
    return f"{day(d, lang)}, {clock(d, lang)}"


def week(value: str, lang: str = "es", *, short: bool = False) -> str:
    """An ISO week (``2026-W45``, as the experience tool keys its weeks) as the day its Monday
    falls on: «sem. del 2 nov. 2026» / "week of 2 Nov 2026"; ``short``: «2 nov.» (an axis)."""
    year, number = value.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    lang = "en" if lang == "en" else "es"
    if short:
        return f"{monday.day} {_MONTHS[lang][monday.month - 1]}"
    return ("week of " if lang == "en" else "sem. del ") + day(monday, lang, weekday=False)
