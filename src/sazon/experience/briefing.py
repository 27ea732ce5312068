"""The pre-shift briefing: who is coming to a venue's lunch or dinner and what the floor
should know about each, written through :mod:`sazon.generate` (template, grounded).

Who is expected: the guests invited to the venue's events of that service (not those who
declined); without events, the venue's regulars most likely to come back in the week
(:func:`~sazon.experience.returns_store.venue_returns`) who come at that time of day. For
each: visits and the last one, favourites, restrictions (only for the roles that may read
health data, Ley 29733), a birthday within three days, how their last visit went, a dish and
a wine to suggest (:func:`~sazon.experience.recommend_guest.recommend_for_guest`: never one
that breaks their restrictions) and a note for the floor.

The dishes to push or watch come from what the last four weeks' reviews said of each dish
(:func:`~sazon.experience.dish_report.dish_sentiment`); with too few mentions the section says
"sin datos" (:func:`dish_signals`), never a guess.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.access import can_read_health
from sazon.errors import NotFound
from sazon.experience.briefing_guests import ExpectedGuest, expected_guests
from sazon.experience.dish_report import dish_sentiment
from sazon.experience.recommend_guest import recommend_for_guest
from sazon.generate import (
    GenerationRequest,
    Generator,
    GuestBriefingFacts,
    GuestNote,
    TemplateGenerator,
    check_grounding,
)
from sazon.knowledge import KnowledgeBase, current_knowledge
from sazon.store.models import Venue
from sazon.timeutil import LIMA

if TYPE_CHECKING:
    from sazon.experience.serving import ExperienceServing

Service = Literal["almuerzo", "cena"]
SERVICE_HOUR = {"almuerzo": time(13, 0), "cena": time(20, 0)}


class BriefGuest(BaseModel):
    guest_id: int
    name: str
    vip: bool
    visits: int = Field(description="earlier visits to this venue")
    last_visit: date | None
    favourites: list[str]
    restrictions: list[str] | None = Field(
        description="allergies, diets and what nobody could read; null for roles that may "
        "not read health data"
    )
    celebration: str | None = Field(description="a birthday within three days of the service")
    last_feedback: Literal["positive", "neutral", "negative"] | None
    p_return: float | None = Field(description="for regulars: P(return within a week)")
    suggest_dish: str | None
    suggest_wine: str | None
    note: str


class DishSignals(BaseModel):
    """Dishes to push (praised) and to watch (complained about) this week."""

    status: Literal["ok", "sin datos"]
    push: list[str] = []
    watch: list[str] = []
    note: str | None = None


class BriefingText(BaseModel):
    title: str
    summary: str
    points: list[str]
    text: str
    grounded: bool
    warnings: list[str] = []


class Briefing(BaseModel):
    venue: str
    venue_name: str
    date: date
    service: Service
    source: Literal["eventos", "habituales"] = Field(
        description="eventos: the guests of the service's events; habituales: no events, so "
        "the regulars most likely to come"
    )
    guests: list[BriefGuest]
    dishes: DishSignals
    briefing: BriefingText


#: A dish is pushed or watched on at least this many mentions in the last weeks.
SIGNAL_MENTIONS = 3
SIGNAL_WEEKS = 4


def dish_signals(session: Session, venue: Venue, day: date, lang: str) -> DishSignals:
    """The dishes to push (mostly praised) and to watch (often complained about), from what
    reviews of the last :data:`SIGNAL_WEEKS` weeks said of each dish (``dish_sentiment``).

    A dish needs :data:`SIGNAL_MENTIONS` mentions; pushed at 70 % positive or more, watched at
    a third negative or more. With no dish named, the section says "sin datos", never a guess.
    """
    es = lang == "es"
    found = dish_sentiment(session, venue.id, until=day, weeks=SIGNAL_WEEKS, examples=0)
    named = [d for d in found.dishes if d.mentions >= SIGNAL_MENTIONS]
    if not named:
        note = (f"sin datos: ningún plato fue nombrado {SIGNAL_MENTIONS} veces en las reseñas "
                f"de las últimas {SIGNAL_WEEKS} semanas" if es else
                f"no data: no dish was named {SIGNAL_MENTIONS} times in the reviews of the last "
                f"{SIGNAL_WEEKS} weeks")  # fmt: skip
        return DishSignals(status="sin datos", note=note)
    push = [d.name for d in sorted(named, key=lambda d: -d.mentions) if d.positive_share >= 0.7]
    watch = [
        d.name
        for d in sorted(named, key=lambda d: (-d.negative_share, -d.mentions))
        if d.negative_share >= 1 / 3
    ]
    parts = []
    if push[:3]:
        parts.append(("impulsar " if es else "push ") + ", ".join(push[:3]))
    if watch[:3]:
        parts.append(("vigilar " if es else "watch ") + ", ".join(watch[:3]))
    note = "; ".join(parts) or (
        "ningún plato destaca para bien ni para mal" if es else "no dish stands out either way"
    )
    return DishSignals(status="ok", push=push[:3], watch=watch[:3], note=note)


def _venue(session: Session, code: str) -> Venue:
    found = (
        session.get(Venue, int(code))
        if code.isdigit()
        else session.scalars(select(Venue).where(Venue.code == code)).first()
    )
    if found is None:
        codes = ", ".join(session.scalars(select(Venue.code).order_by(Venue.code)))
        raise NotFound(f"no hay un local '{code}'; los locales son: {codes} / no venue '{code}'")
    return found


def _note(g: ExpectedGuest, dish: str | None, wine: str | None, lang: str) -> str:
    es = lang == "es"
    parts = []
    if dish and wine:
        parts.append(f"sugerir {dish} con {wine}" if es else f"suggest {dish} with {wine}")
    elif dish:
        parts.append(f"sugerir {dish}" if es else f"suggest {dish}")
    if g.birthday is not None:
        parts.append("ofrecer un detalle por su cumpleaños" if es else "a birthday touch")
    if g.last_feedback == "negative":
        parts.append("su última visita no salió bien" if es else "last visit went badly")
    return "; ".join(parts)


def build_briefing(
    session: Session,
    venue: str,
    day: date,
    service: Service,
    *,
    role: str,
    lang: str = "es",
    kb: KnowledgeBase | None = None,
    served: ExperienceServing | None = None,
    generator: Generator | None = None,
    limit: int = 12,
) -> Briefing:
    """The briefing of ``venue`` (code or id) for ``service`` on ``day``, as ``role`` may
    read it (restrictions only for the roles that may read health data)."""
    place = _venue(session, venue)
    kb = kb or current_knowledge(session)
    source, expected = expected_guests(session, place, day, service, limit=limit, served=served)
    health = can_read_health(role)
    guests: list[BriefGuest] = []
    notes: list[GuestNote] = []
    for g in expected:
        recs = recommend_for_guest(session, g.guest.id, venue=place.id, top=3, lang=lang,
                                   kb=kb, served=served)  # fmt: skip
        dish = next(iter(recs.dishes or recs.favourites), None)
        wine = next(iter(recs.wines), None)
        favourites = [s.name for s in recs.favourites[:3]]
        restrictions = g.restrictions if health else None
        note = _note(g, dish.name if dish else None, wine.name if wine else None, lang)
        celebration = None
        if g.birthday is not None:
            celebration = (f"cumpleaños el {g.birthday.day}/{g.birthday.month}" if lang == "es"
                           else f"birthday on {g.birthday.month}/{g.birthday.day}")  # fmt: skip
        guests.append(
            BriefGuest(
                guest_id=g.guest.id, name=g.guest.full_name or f"#{g.guest.id}",
                vip=bool(g.guest.vip), visits=g.visits, last_visit=g.last_visit,
                favourites=favourites, restrictions=restrictions, celebration=celebration,
                last_feedback=g.last_feedback, p_return=g.p_return,
                suggest_dish=dish.name if dish else None,
                suggest_wine=wine.name if wine else None, note=note,
            )
        )  # fmt: skip
        notes.append(
            GuestNote(
                name=guests[-1].name, visits=g.visits, vip=bool(g.guest.vip),
                occasion=("su cumpleaños" if lang == "es" else "their birthday")
                if g.birthday else None,
                restrictions=restrictions or [], favourites=favourites,
                language=g.guest.language if g.guest.language in ("es", "en") else None,
                last_feedback=g.last_feedback, note=note or None,
            )
        )  # fmt: skip
    dishes = dish_signals(session, place, day, lang)
    extra = [] if source == "eventos" else [
        "Sin reservas para este servicio: son los habituales con más probabilidad de venir."
        if lang == "es" else
        "No bookings for this service: these are the regulars most likely to come."
    ]  # fmt: skip
    if dishes.note:
        extra.append(("Platos a impulsar o vigilar: " if lang == "es" else
                      "Dishes to push or watch: ") + dishes.note + ".")  # fmt: skip
    facts = GuestBriefingFacts(
        service_at=datetime.combine(day, SERVICE_HOUR[service], tzinfo=LIMA),
        covers=len(guests),
        notable=notes[:60],
        notes=extra,
    )
    text = _write(facts, lang, generator or TemplateGenerator())
    return Briefing(
        venue=place.code, venue_name=place.name, date=day, service=service, source=source,
        guests=guests, dishes=dishes, briefing=text,
    )  # fmt: skip


def _write(facts: GuestBriefingFacts, lang: str, generator: Generator) -> BriefingText:
    out = generator.generate(
        GenerationRequest(kind="guest_briefing", facts=facts, lang="en" if lang == "en" else "es")
    )
    # The generator checks its drafts; checked again here because a briefing goes to the floor.
    report = check_grounding([out.text, *out.items], facts)
    return BriefingText(
        title=out.title or out.parts.get("title", ""), summary=out.parts.get("summary", ""),
        points=list(out.items), text=out.text, grounded=report.ok,
        # The phrase bank's notes on repeated phrasings are for whoever tunes it, not the floor.
        warnings=[w for w in out.warnings if w.startswith("grounding")] + report.reasons(),
    )  # fmt: skip
