"""An event's guests as a table and as a file a planner opens in a spreadsheet (CSV or XLSX).

Names, the RSVP answer and, for the roles that may read health data (Ley 29733), each guest's
restrictions as the planner reads them and as the guest wrote them; a marketing export gets
neither, and a health read is logged like the plan's. Phones stay as written (digits a
spreadsheet never turns into a number or a formula); nothing a spreadsheet could run gets
through (:mod:`sazon.spreadsheets`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from sazon.access import Principal, audit_read, can_read_health
from sazon.events.events import get_event
from sazon.events.guest_list import invitations
from sazon.events.needs import restrictions_in_words
from sazon.knowledge import KnowledgeBase
from sazon.spreadsheets import SheetFile, check_format, sheet_file
from sazon.timeutil import to_lima

__all__ = ["EventGuestFile", "event_guest_file", "event_guest_rows", "in_words"]

#: An RSVP status in words (es, en), as the event page says it.
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "invited": ("sin responder", "not answered"),
    "confirmed": ("asistirá", "attending"),
    "declined": ("no asistirá", "not attending"),
    "cancelled": ("quitado de la lista", "taken off the list"),
    "attended": ("asistió", "attended"),
    "no_show": ("no se presentó", "did not show up"),
}
# (key, Spanish header, English header); the health columns last.
_COLUMNS = (
    ("first_name", "Nombre", "First name"),
    ("last_name", "Apellidos", "Last name"),
    ("email", "Correo", "Email"),
    ("phone", "Teléfono", "Phone"),
    ("language", "Idioma", "Language"),
    ("status", "Respuesta", "RSVP"),
    ("responded_at", "Respondió el", "Answered on"),
)
_HEALTH = (
    ("restrictions", "Restricciones", "Restrictions"),
    ("restrictions_raw", "Restricciones (como las escribió)", "Restrictions (as written)"),
)


EventGuestFile = SheetFile


def event_guest_rows(
    session: Session,
    kb: KnowledgeBase,
    event_id: int,
    who: Principal | None,
    *,
    lang: str = "es",
    face: str = "web",
) -> list[dict[str, Any]]:
    """The event's guests (taken-off guests included, as ``cancelled``) as rows for programs:
    ids, contact, the RSVP status code and when they answered (Lima, ISO), and for the roles
    that may read health data (``who`` None: the operator's CLI) ``restrictions`` (in
    ``lang``, the planner's reading) and ``restrictions_raw``. A health read is logged."""
    get_event(session, event_id)
    health = who is None or can_read_health(who.role)
    rows = []
    for inv, g in invitations(session, event_id):
        if g.erased_at is not None:
            continue
        row: dict[str, Any] = {
            "invitation_id": inv.id,
            "guest_id": g.id,
            "first_name": g.first_name,
            "last_name": g.last_name,
            "email": g.email,
            "phone": g.phone,
            "language": g.language,
            "status": inv.status,
            "responded_at": to_lima(inv.responded_at).isoformat() if inv.responded_at else None,
        }
        if health:
            row["restrictions"] = restrictions_in_words(g, kb, lang)
            row["restrictions_raw"] = g.restrictions_raw
        rows.append(row)
    if health and rows:
        audit_read(session, who, "event.guests_export", [r["guest_id"] for r in rows], face)
    return rows


def in_words(
    rows: list[dict[str, Any]], lang: str = "es", health: bool | None = None
) -> tuple[list[str], list[dict[str, Any]]]:
    """``event_guest_rows`` as people read them: (headers, rows keyed by header) in ``lang``,
    the status in words and the answer's date as dd/mm/yyyy hh:mm; the ids left out. The
    restriction columns are there when the rows have them (or when ``health`` says so)."""
    i = 2 if lang == "en" else 1
    if health is None:
        health = bool(rows) and "restrictions" in rows[0]
    columns = _COLUMNS + (_HEALTH if health else ())
    out = []
    for row in rows:
        shown = dict(row)
        shown["status"] = STATUS_WORDS.get(row["status"], (row["status"],) * 2)[i - 1]
        if row["responded_at"]:
            answered = datetime.fromisoformat(row["responded_at"])
            shown["responded_at"] = answered.strftime("%d/%m/%Y %H:%M")
        out.append({c[i]: shown[c[0]] for c in columns})
    return [c[i] for c in columns], out


def event_guest_file(
    session: Session,
    kb: KnowledgeBase,
    event_id: int,
    who: Principal | None,
    fmt: str,
    *,
    lang: str = "es",
    face: str = "web",
) -> EventGuestFile:
    """The event's guests as ``fmt`` (csv or xlsx), with the columns ``who``'s role may see."""
    check_format(fmt)
    found = event_guest_rows(session, kb, event_id, who, lang=lang, face=face)
    health = who is None or can_read_health(who.role)
    headers, rows = in_words(found, lang, health)
    name = f"{'invitados-evento' if lang == 'es' else 'event-guests'}-{event_id}"
    return sheet_file(rows, headers, fmt, name)
