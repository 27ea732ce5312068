"""An event's print sheets (the kitchen sheet and the menu card): what they show, as HTML and
as PDF.

One function per step, shared by every face: the web's print pages render
:func:`sheet_context` into their template; :func:`sheet_pdf` renders the same template with
the stylesheet inline and prints it with Chromium (:mod:`sazon.web.pdf`). The web's
download button, ``GET /api/v1/events/{id}/plan/{sheet}.pdf`` and ``sazon events sheet`` all
call :func:`sheet_pdf`, so the three give the same file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sazon.errors import NotFound
from sazon.events import (
    Plan,
    PlanDiff,
    audit_plan_read,
    course_names,
    diff_in,
    event_dict,
    get_event,
    latest_plan_row,
    locks_of,
    name_guests,
    plan_guest_names,
    plan_in,
    plan_staleness,
    why_words,
)
from sazon.store.catalog import dishes_by_id

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sazon.access import Principal
    from sazon.store.models import Dish

__all__ = ["SHEETS", "Sheet", "SheetPdf", "sheet_context", "sheet_pdf"]


@dataclass(frozen=True)
class Sheet:
    template: str
    title: str  # the message key of its title
    file: dict[str, str]  # its file name's first words, by language


SHEETS = {
    "kitchen": Sheet(
        "events/kitchen.html", "ev_kitchen_sheet", {"es": "hoja-de-cocina", "en": "kitchen-sheet"}
    ),
    "menu-card": Sheet(
        "events/menu_card.html", "ev_menu_card", {"es": "carta-del-menu", "en": "menu-card"}
    ),
}
_CSS = Path(__file__).parent / "static" / "sazon.css"


@dataclass(frozen=True)
class SheetPdf:
    body: bytes
    filename: str  # "hoja-de-cocina-cena-de-prueba-2026-12-27.pdf": the event by name and day


def sheet_context(
    session: Session,
    event_id: int,
    lang: str,
    principal: Principal | None = None,
    where: str = "web",
) -> dict[str, Any] | None:
    """What the plan page and the print sheets show of the event's latest plan (None: the
    event has no plan yet). A caller who is a person gets the health-data read audited."""
    event = get_event(session, event_id)
    row = latest_plan_row(session, event_id)
    if row is None:
        return None
    # Planned in one language, read in the reader's: the plan keeps its sentences in both.
    plan = plan_in(Plan.model_validate(row.plan), lang)
    if principal is not None:
        audit_plan_read(session, principal, plan, None, where=where)
    wanted = [int(x) for x in row.request.get("dish_ids", [])]
    dishes = {str(i): d for i, d in dishes_by_id(session, wanted).items()}
    menu_by_course: dict[str, list[Dish]] = {}
    for d in dishes.values():
        menu_by_course.setdefault(d.course, []).append(d)
    diff = diff_in(PlanDiff.model_validate(row.diff), lang) if row.diff else None
    # Checked on every read: a kitchen sheet must not serve what a guest can no longer eat.
    stale = plan_staleness(session, event, row, plan).notes("en" if lang == "en" else "es")
    names = plan_guest_names(session, plan, diff, row.reason)
    plates: dict[str, dict[str, Any]] = {}
    for a in plan.assignments:
        plates.setdefault(a.guest_id, {})[a.course] = a
    for u in plan.unserved:
        plates.setdefault(u.guest_id, {})[u.course] = u
    return {
        "event": event_dict(session, event),
        "row": {
            "id": row.id,
            "version": row.version,
            "trigger": row.trigger,
            "created_by": row.created_by,
        },
        "plan": plan,
        "plates": plates,
        "course_names": course_names(list(event.courses), lang),
        "dishes": dishes,
        "menu_by_course": menu_by_course,
        "diff": diff,
        "subs": [a for a in plan.assignments if a.substitution],
        "locks": locks_of(session, event_id),
        "guest_names": names,
        "name_guests": name_guests,
        "why": why_words(row.reason, names, lang),
        "stale": stale,
    }


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "evento"


def sheet_pdf(
    factory: sessionmaker[Session],
    event_id: int,
    sheet: str,
    lang: str,
    principal: Principal | None = None,
    where: str = "web",
) -> SheetPdf:
    """The event's kitchen sheet or menu card (``sheet``: kitchen | menu-card) as an A4 PDF
    in ``lang``, printed from the page's own template.

    The store is read (and the read audited) in a short transaction of its own; Chromium
    prints after it, holding no lock. :class:`~sazon.errors.NotFound` for an unknown event
    or sheet, or an event without a plan; :class:`~sazon.errors.DependencyUnavailable` when
    Chromium cannot print.
    """
    from sazon.web.common import templates
    from sazon.web.i18n import translate
    from sazon.web.pdf import html_pdf

    lang = "en" if lang == "en" else "es"
    spec = SHEETS.get(sheet)
    if spec is None:
        raise NotFound(f"no sheet '{sheet}': use kitchen or menu-card")
    t = translate(lang)
    with factory.begin() as session:
        ctx = sheet_context(session, event_id, lang, principal, where=f"{where} pdf")
        if ctx is None:
            raise NotFound(f"event {event_id} has no plan yet: plan it first")
        html = templates.env.get_template(spec.template).render(
            t=t, lang=lang, principal=None, nav=[], csrf="", path="", pdf=True,
            inline_css=_CSS.read_text(encoding="utf-8"), **ctx,
        )  # fmt: skip
    event = ctx["event"]
    day = event["starts_at"][:10]  # already in Lima
    name = f"{spec.file[lang]}-{_slug(event['name'])}-{day}.pdf"
    return SheetPdf(html_pdf(html), name)
