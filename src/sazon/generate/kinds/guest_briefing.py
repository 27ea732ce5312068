"""``guest_briefing``: the pre-shift briefing for waitstaff.

It names guests, their restrictions and habits: personal data (Ley 29733). Only a face that
checked the reader's role should ask for it, and the text is never logged here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from sazon.generate import formatting as fmt
from sazon.generate import words
from sazon.generate.facts import DishFacts, Facts, GuestMix
from sazon.generate.grammar import Agreement, Lang, Noun
from sazon.generate.kinds.common import Ctx, dish_with_article, guests_ctx, lower_first
from sazon.generate.phrasebank import Picker
from sazon.generate.registry import Composition, KindSpec
from sazon.generate.sentences import join

Feedback = Literal["positive", "neutral", "negative"]

_FEEDBACK = {
    ("es", "positive"): "la última vez se fue feliz",
    ("es", "negative"): "su última experiencia no fue buena: cuidemos cada detalle",
    ("en", "positive"): "left happy last time",
    ("en", "negative"): "last visit did not go well: let us get every detail right",
}
_LANGUAGE = {
    ("es", "en"): "prefiere atención en inglés",
    ("en", "es"): "prefers to be served in Spanish",
}


class GuestNote(Facts):
    """A guest the floor should know about tonight.

    ``visits`` counts earlier visits (0 = first time); ``occasion`` reads after "celebra" /
    "celebrating" ("su cumpleaños", "their anniversary"); ``restrictions`` are labels or as
    written ("alérgica al maní"); ``favourites`` are dish names.
    """

    name: str = Field(min_length=1, max_length=120)
    table: str | None = None
    visits: int | None = Field(default=None, ge=0)
    vip: bool = False
    occasion: str | None = None
    restrictions: list[str] = Field(default_factory=list)
    favourites: list[str] = Field(default_factory=list)
    language: Lang | None = None
    last_feedback: Feedback | None = None
    note: str | None = Field(default=None, max_length=300)


class GuestBriefingFacts(Facts):
    """One service: when, how many covers, who to watch, specials and what is off."""

    service_at: datetime | date
    covers: int = Field(ge=0)
    guests: GuestMix | None = None
    notable: list[GuestNote] = Field(default_factory=list, max_length=60)
    specials: list[DishFacts] = Field(default_factory=list, max_length=10)
    unavailable: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, max_length=20)


def _restriction_note(written: str, lang: Lang) -> str:
    label = words.restriction_label(written)
    return words.restriction(label).note(lang) if label else lower_first(written)


def _guest_line(guest: GuestNote, picker: Picker) -> str | None:
    lang = picker.lang
    details: list[str] = []
    if guest.vip:
        details.append("VIP")
    if guest.visits == 0:
        details.append(picker.say("first_visit", {}, sentence=False) or "")
    elif guest.visits:
        times = fmt.count(guest.visits, *(("vez", "veces") if lang == "es" else
                                         ("time", "times")), lang, "f")  # fmt: skip
        details.append(picker.say("return_visit", {"visits": times}, sentence=False) or "")
    if guest.occasion:
        details.append(picker.say("occasion", {"occasion": guest.occasion}, sentence=False) or "")
    if guest.favourites:
        favs = join([lower_first(f) for f in guest.favourites], lang)
        details.append(picker.say("favourites", {"favourites": favs}, sentence=False) or "")
    if guest.restrictions:
        notes = join([_restriction_note(r, lang) for r in guest.restrictions], lang)
        details.append(("ojo: " if lang == "es" else "careful: ") + notes)
    if guest.language and guest.language != lang:
        details.append(_LANGUAGE[(lang, guest.language)])
    if guest.last_feedback in ("positive", "negative"):
        details.append(_FEEDBACK[(lang, guest.last_feedback)])
    details = [d for d in details if d]
    note = guest.note.strip().rstrip(".") if guest.note else ""
    if not details and not note:
        return None
    # A free note is quoted as written, as its own sentence (it may start with a name).
    ctx: Ctx = {"name": guest.name.strip(), "details": "; ".join(details) or note}
    if guest.table:
        ctx["table"] = guest.table.strip()
    line = picker.say("guest", ctx)
    if line and note and details:
        line = f"{line} {'Nota' if lang == 'es' else 'Note'}: {note}."
    return line


def compose(facts: GuestBriefingFacts, picker: Picker) -> Composition:
    lang = picker.lang
    evening = fmt.is_evening(facts.service_at)
    if lang == "es":
        service = Noun("cena", "es", Agreement("f", False)) if evening else Noun(
            "almuerzo", "es", Agreement("m", False))  # fmt: skip
    else:
        service = Noun("dinner" if evening else "lunch", "en", Agreement("m", False))
    sg, pl, gender = words.guest_noun(lang)
    ctx: Ctx = {
        "service": service,
        "date": fmt.day(facts.service_at, lang),
        "covers": fmt.count(facts.covers, sg, pl, lang, gender),
    }
    if facts.guests is not None:
        mix = guests_ctx(facts.guests, lang)
        for key in ("mix", "restrictions"):
            if key in mix:
                ctx[key] = mix[key]
    summary = [picker.say("open", ctx)]
    for slot in ("mix", "restrictions"):
        if slot in ctx:
            summary.append(picker.say(slot, ctx))
    summary.append(picker.say("close", ctx))
    items = [line for g in facts.notable if (line := _guest_line(g, picker))]
    if facts.specials:
        specials = join([_special(d, lang) for d in facts.specials], lang)
        items.append(picker.say("specials", {"specials": specials}) or "")
    if facts.unavailable:
        off = join([lower_first(u) for u in facts.unavailable], lang)
        items.append(picker.say("unavailable", {"unavailable": off}) or "")
    items += [n.strip() for n in facts.notes if n.strip()]
    parts = {
        "title": picker.say("title", ctx) or "",
        "summary": " ".join(s for s in summary if s),
    }
    return Composition(parts=parts, items=[i for i in items if i])


def _special(dish: DishFacts, lang: Lang) -> str:
    name = dish_with_article(dish, lang)
    return f"{name} ({fmt.money(dish.price_pen)})" if dish.price_pen is not None else name


SPEC = KindSpec(
    name="guest_briefing",
    facts=GuestBriefingFacts,
    compose=compose,
    parts=("title", "summary"),
    items="points",
    items_heading={"es": "Para tener en cuenta", "en": "Keep in mind"},
    brief={
        "es": "Un briefing de pre-turno para el personal de sala: un título (title), un "
        "resumen de dos a cuatro oraciones (summary) y una lista de puntos (points): uno por "
        "invitado a tener en cuenta, luego sugerencias del día y lo que no hay. Directo y "
        "práctico, tratando al equipo de ustedes.",
        "en": "A pre-shift briefing for the floor team: a title, a two-to-four sentence "
        "summary and a list of points: one per guest to watch, then today's specials and "
        "what is off. Direct and practical.",
    },
)
