"""A stored event's plan gets its drinks and its concept: the store's side of both.

- The wines are the event venue's own list (``wines`` with that ``venue_id`` and ``on_list``);
  a venue without a list, or an event without a venue, uses every list in the store, and the
  flight says so.
- The guest mix counts regulars (two visits or more), first-timers (no visit yet), VIPs and
  guests from abroad, besides the restrictions.
- The concept's seed is the event id: the same event gets the same text, re-plan after re-plan,
  as long as its facts do not change.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sazon.errors import SazonError
from sazon.events.concept import concept_facts, default_generator, seed_for, write_concept
from sazon.events.drink_rules import wine_mode_for
from sazon.events.flight import build_flight
from sazon.events.plan_words import OTHER_LANG, add_other_words, plan_in
from sazon.events.schemas import (
    EventConcept,
    GuestNeeds,
    Lang,
    MenuDish,
    Plan,
    PlanRequest,
    WineFlight,
    WineMode,
    WineSource,
)
from sazon.generate import Generator
from sazon.knowledge import KnowledgeBase
from sazon.pairing import WineInput, store_wines
from sazon.store.models import Event, Guest, Venue, Visit
from sazon.timeutil import to_lima

log = logging.getLogger(__name__)


def event_wines(
    session: Session, event: Event, lang: Lang = "es"
) -> tuple[list[WineInput], WineSource, str | None]:
    """The event venue's wine list, else the whole store's (with a note saying so)."""
    en = lang == "en"
    if event.venue_id is not None:
        own = store_wines(session, venue_id=event.venue_id)
        if own:
            return own, "venue", None
    wines = store_wines(session)
    if not wines:
        return [], "none", None
    if event.venue_id is None:
        note = (
            "the event has no venue: wines from every list in the store"
            if en
            else "el evento no tiene local: vinos de todas las cartas de la base"
        )
    else:
        venue = session.get(Venue, event.venue_id)
        name = venue.name if venue else str(event.venue_id)
        note = (
            f"{name} has no wine list: wines from every list in the store"
            if en
            else f"{name} no tiene carta de vinos: se usaron las de todos los locales"
        )
    return wines, "store", note


def _mix(session: Session, guest_ids: Sequence[str]) -> dict[str, int]:
    ids = [int(g) for g in guest_ids if g.isdigit()]
    if not ids:
        return {}
    visits = dict(
        session.execute(
            select(Visit.guest_id, func.count())
            .where(Visit.guest_id.in_(ids))
            .group_by(Visit.guest_id)
        ).all()
    )
    rows = session.execute(select(Guest.id, Guest.vip, Guest.country).where(Guest.id.in_(ids)))
    mix = {"regulars": 0, "first_timers": 0, "vip": 0, "international": 0}
    for gid, vip, country in rows:
        n = int(visits.get(gid, 0))
        mix["regulars"] += n >= 2
        mix["first_timers"] += n == 0
        mix["vip"] += bool(vip)
        mix["international"] += bool(country) and country != "PE"
    return mix


def enrich_plan(
    session: Session,
    kb: KnowledgeBase,
    event: Event,
    plan: Plan,
    guests: Sequence[GuestNeeds],
    menu: Sequence[MenuDish],
    *,
    wine_mode: WineMode | None,
    drinks_budget_per_guest: Decimal | None,
    generator: Generator,
) -> None:
    """Fill ``plan.wine_flight`` and ``plan.concept`` in place, and their words in the other
    language (``plan.words``: a reader of it gets the flight's notes and the concept in it).

    Neither may cost the guests their menu: if the pairing or the generator fails with a
    Sazón error, the plan is kept and says what is missing in its warnings.
    """
    said = len(plan.warnings)
    given = _Given(session, kb, event, guests, menu, wine_mode, drinks_budget_per_guest)
    plan.wine_flight, plan.concept = _drinks_and_story(given, plan, generator)
    # The same again in the other language (the pairing and the template are deterministic:
    # the same wines and story in other words). Only the words are kept. A remote generator
    # is not asked twice: its concept stays in the language it was written in.
    other = OTHER_LANG[plan.lang]
    twin = plan_in(plan, other).model_copy(update={"lang": other, "warnings": []})
    flight, concept = _drinks_and_story(
        given, twin, generator if generator.name == "template" else None
    )
    add_other_words(plan, "wine_flight", flight, other)
    add_other_words(plan, "concept", concept, other)
    for i, (ours, theirs) in enumerate(zip(plan.warnings[said:], twin.warnings, strict=False)):
        if ours != theirs:
            plan.words.setdefault(other, []).append((["warnings", said + i], ours, theirs))


@dataclass(frozen=True)
class _Given:
    """What the flight and the concept are made from, besides the plan."""

    session: Session
    kb: KnowledgeBase
    event: Event
    guests: Sequence[GuestNeeds]
    menu: Sequence[MenuDish]
    wine_mode: WineMode | None
    drinks_budget_per_guest: Decimal | None


def _drinks_and_story(
    given: _Given, plan: Plan, generator: Generator | None
) -> tuple[WineFlight | None, EventConcept | None]:
    """The flight and the concept (none without ``generator``) in ``plan.lang``; what could
    not be made is a warning."""
    session, kb, event = given.session, given.kb, given.event
    guests, menu = given.guests, given.menu
    lang = plan.lang
    en = lang == "en"
    flight = concept = None
    try:
        wines, source, note = event_wines(session, event, lang)
        mode, why = wine_mode_for(event.event_type, given.wine_mode, lang)
        flight = build_flight(
            plan, guests, menu, wines, mode=mode, mode_reason=why, source=source,
            source_note=note, drinks_budget_per_guest=given.drinks_budget_per_guest, kb=kb,
        )  # fmt: skip
    except SazonError as exc:
        log.warning("event %s: no wine flight (%s)", event.id, exc.code)
        plan.warnings.append(
            f"no wine flight: {exc.message}" if en else f"sin maridaje: {exc.message}"
        )
    except ValidationError as exc:  # a stored value outside what pairing accepts
        log.warning("event %s: no wine flight (%s)", event.id, exc.errors()[0]["loc"])
        plan.warnings.append(_invalid("wine flight" if en else "maridaje", exc, en))
    if generator is None:
        return flight, None
    venue = session.get(Venue, event.venue_id) if event.venue_id else None
    try:
        made = concept_facts(
            plan, guests, menu, kb=kb, event_type=event.event_type,
            starts_at=to_lima(event.starts_at), venue=venue.name if venue else None,
            price_per_guest=event.budget_per_guest_pen, flight=flight,
            **_mix(session, [g.guest_id for g in plan.guests]),
        )  # fmt: skip
        if made is not None:
            facts, courses = made
            concept = write_concept(
                facts, courses, generator, lang=lang, seed=seed_for("event", event.id), kb=kb
            )
    except SazonError as exc:
        log.warning("event %s: no concept (%s)", event.id, exc.code)
        plan.warnings.append(
            f"no event concept: {exc.message}" if en else f"sin concepto: {exc.message}"
        )
    except ValidationError as exc:
        log.warning("event %s: no concept (%s)", event.id, exc.errors()[0]["loc"])
        plan.warnings.append(_invalid("event concept" if en else "concepto", exc, en))
    return flight, concept


def _invalid(what: str, exc: ValidationError, en: bool) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    if en:
        return f"no {what}: {where}: {first['msg']}"
    return f"sin {what}: {where}: {first['msg']}"


def enrich_request_plan(
    plan: Plan,
    request: PlanRequest,
    kb: KnowledgeBase,
    *,
    wines: Sequence[WineInput] | None = None,
    concept: bool = False,
    event_type: str | None = None,
    wine_mode: WineMode | None = None,
    drinks_budget_per_guest: Decimal | None = None,
    generator: Generator | None = None,
) -> None:
    """The same for a plan made from files (no store): a flight from ``wines`` when given
    (source ``file``), a concept when asked, seeded by the table menu and the guest list."""
    if wines is not None:
        mode, why = wine_mode_for(event_type, wine_mode, plan.lang)
        plan.wine_flight = build_flight(
            plan, request.guests, request.menu, wines, mode=mode, mode_reason=why,
            source="file", drinks_budget_per_guest=drinks_budget_per_guest, kb=kb,
        )  # fmt: skip
    if concept:
        made = concept_facts(
            plan, request.guests, request.menu, kb=kb, event_type=event_type,
            price_per_guest=request.budget_per_guest, flight=plan.wine_flight,
        )  # fmt: skip
        if made is not None:
            facts, courses = made
            seed = seed_for(
                "files", *(plan.table_menu.get(c) for c in plan.courses),
                *sorted(g.guest_id for g in plan.guests),
            )  # fmt: skip
            plan.concept = write_concept(
                facts, courses, generator or default_generator(None), lang=plan.lang,
                seed=seed, kb=kb,
            )  # fmt: skip
