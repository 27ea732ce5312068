"""Guests by name, not by number, wherever a plan is read by people.

Plans, their warnings and the re-plan reasons are stored with guest ids (an erasure finds a
guest's traces by id, and the API keeps them stable); the pages, sheets and the CLI put the
names back in when they show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.store.models import Guest

if TYPE_CHECKING:
    from sazon.events.schemas import Plan, PlanDiff

#: Why a plan was re-made, as stored in ``event_plans.reason`` (kept in English and with
#: the id: :func:`sazon.events.personal.forget_guest` looks for ``guest {id} ``).
RSVP_WHY = "RSVP of guest {guest_id}: {status}"
NEEDS_WHY = "guest {guest_id} changed {fields}"
#: The planner changed the list (:mod:`sazon.events.guest_changes`).
REMOVED_WHY = "guest {guest_id} taken off the list"
REPLACED_WHY = "guest {guest_id} replaces guest {old_id}"
_RSVP_RE = re.compile(r"^RSVP of guest (?P<g>\d+): (?P<s>\w+)$")
_REMOVED_RE = re.compile(r"^guest (?P<g>\d+) taken off the list$")
_REPLACED_RE = re.compile(r"^guest (?P<g>\d+) replaces guest (?P<o>\d+)$")
_NEEDS_RE = re.compile(r"^guest (?P<g>\d+) changed (?P<f>[\w, ]+)$")
# "el invitado 158", "del invitado 158", "invitado 158", "guest 158", "the guest 158".
_MENTION = re.compile(r"\b(?P<pre>del |de |el |the |for )?(?:invitado|guest) (?P<g>\d+)\b")
_IDS = re.compile(r"\b(?:invitado|guest) (\d+)\b")

_STATUS = {
    "invited": ("sin responder", "not answered"),
    "confirmed": ("asistirá", "attending"),
    "declined": ("no asistirá", "not attending"),
    "cancelled": ("invitación cancelada", "invitation cancelled"),
}
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "allergies": ("alergias", "allergies"),
    "allergies_text": ("alergias", "allergies"),
    "diets": ("dietas", "diets"),
    "diet_text": ("dietas", "diets"),
    "restrictions_raw": ("lo que escribió de sus restricciones", "what they wrote about needs"),
    "restrictions_unknown": ("restricciones por confirmar", "needs to confirm"),
}


def field_words(fields: Iterable[str], lang: str) -> str:
    """Needs fields in words: "alergias, dietas"."""
    i = 1 if lang == "en" else 0
    return ", ".join(dict.fromkeys(FIELD_WORDS.get(f, (f, f))[i] for f in fields))


def mentioned_ids(texts: Iterable[str | None]) -> set[str]:
    """The guest ids a stored text names ("invitado 158", "guest 95")."""
    return {m for text in texts if text for m in _IDS.findall(text)}


def names_for(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Full names of the guests with these ids (erased guests are left out)."""
    wanted = sorted({int(i) for i in ids if str(i).isdigit()})
    if not wanted:
        return {}
    guests = session.scalars(select(Guest).where(Guest.id.in_(wanted), Guest.erased_at.is_(None)))
    return {str(g.id): g.full_name for g in guests if g.full_name}


def name_guests(text: str, names: Mapping[str, str]) -> str:
    """The text with each guest it names by number named by name (unknown ids stay)."""

    def put(m: re.Match[str]) -> str:
        name = names.get(m["g"])
        if name is None:
            return m[0]
        pre = {"del ": "de ", "de ": "de ", "for ": "for "}.get(m["pre"] or "", "")
        return pre + name

    return _MENTION.sub(put, text)


def why_words(why: str | None, names: Mapping[str, str], lang: str) -> str:
    """A stored re-plan reason in the reader's words, with the guest's name."""
    if not why:
        return ""
    en = lang == "en"
    if m := _RSVP_RE.match(why):
        who = names.get(m["g"], f"{'guest' if en else 'invitado'} {m['g']}")
        status = _STATUS.get(m["s"], (m["s"], m["s"]))[1 if en else 0]
        return f"RSVP from {who}: {status}" if en else f"respuesta de {who}: {status}"
    if m := _REMOVED_RE.match(why):
        who = names.get(m["g"], f"{'guest' if en else 'invitado'} {m['g']}")
        return f"{who} was taken off the list" if en else f"se quitó a {who} de la lista"
    if m := _REPLACED_RE.match(why):
        who, old = (names.get(i, f"{'guest' if en else 'invitado'} {i}") for i in (m["g"], m["o"]))
        return f"{who} replaces {old}" if en else f"{who} reemplaza a {old}"
    if m := _NEEDS_RE.match(why):
        who = names.get(m["g"], f"{'guest' if en else 'invitado'} {m['g']}")
        fields = field_words([f.strip() for f in m["f"].split(",")], lang)
        return f"{who} changed {fields}" if en else f"{who} cambió {fields}"
    return name_guests(why, names)


def plan_guest_names(
    session: Session, plan: Plan, diff: PlanDiff | None, why: str | None
) -> dict[str, str]:
    """Every guest a plan's page names, by name: the plan's own, and those only its changes,
    warnings or reason mention (a guest who left the list since)."""
    names = {g.guest_id: g.name for g in plan.guests if g.name}
    ids = mentioned_ids([why, *plan.warnings])
    if diff is not None:
        ids |= {c.guest_id for c in diff.changes} | set(diff.removed_guests)
    return names | names_for(session, ids - names.keys())
