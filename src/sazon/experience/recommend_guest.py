"""Dishes and wines for a known guest, each with a reason, never one they must not have.

Only what the venue offers today is considered (active dishes, wines on its list), and every
item passes the shared safety check first (:mod:`sazon.knowledge.dish_safety` for dishes,
:func:`sazon.pairing.wine_is_safe` for wines). Both fail closed: an ingredient nobody can
resolve, or restriction words nobody could read, keep the item from a restricted guest.

Then, for a guest who consented to personalisation and has orders:

- **favourites**: what they ordered before, by how often ("pidió anticuchos 4 veces");
- **similar guests**: item-kNN over every guest's orders ("quienes piden X también piden Y");
- **taste**: items like theirs — the diet classes, cuisine and course of the dishes, the
  colour, grapes and style of the wines ("suele pedir pescado");

and for a new guest, or one without consent, the best of their segment (guests with their
budget and favourite cuisines, when they consented) or of the venue. Ratings of a visit
weigh what was ordered in it (a visit rated 1 of 5 counts a quarter).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy.orm import Session

from sazon.errors import NotFound
from sazon.experience.item_model import ItemModel
from sazon.experience.reasons import CLASS_NAMES, say
from sazon.experience.recommend_wines import paired_wines
from sazon.experience.schemas import GuestRecommendations, Source, Suggestion
from sazon.experience.store_history import Key, MenuItem, current_menu, order_history
from sazon.experience.store_history import venue_of as find_venue
from sazon.knowledge import KnowledgeBase, conflicts, current_knowledge, dish_facts, fold
from sazon.knowledge import profile_of as restriction_profile
from sazon.monitoring import EXPERIENCE_LATENCY
from sazon.pairing import WineInput, drink_allergens, store_wines, wine_is_safe
from sazon.store.guests import live_guest
from sazon.store.models import Guest

if TYPE_CHECKING:
    from sazon.experience.serving import ExperienceServing

_WEIGHTS = {"similar_guests": 1.0, "taste": 0.6, "popular": 0.15}


@dataclass(frozen=True)
class _Needs:
    """A store guest's restrictions as the shared check reads them."""

    allergies_text: str | None
    diet_text: str | None
    allergies: list[str]
    diets: list[str]
    unknown: list[str]


@dataclass(frozen=True)
class _Recipe:
    dish_id: str
    name_es: str
    name_en: str | None
    ingredients: list[str]
    cooking: list[str]


def _needs(guest: Guest) -> _Needs:
    return _Needs(
        guest.restrictions_raw, None, list(guest.allergies or []), list(guest.diets or []),
        list(guest.restrictions_unknown or []),
    )  # fmt: skip


def safe_menu(
    session: Session,
    guest: Guest,
    menu: list[MenuItem],
    kb: KnowledgeBase,
    *,
    facts_memo: dict[str, Any] | None = None,
    wines: dict[str, WineInput] | None = None,
) -> tuple[list[MenuItem], dict[str, frozenset[str]], dict[str, WineInput]]:
    """The menu items the guest may be offered, each one's taste tokens, and the wines as the
    pairing tool reads them. ``facts_memo`` keeps each dish's resolved facts between calls
    (they do not depend on the guest); ``wines`` is the store's list when already read."""
    profile = restriction_profile(_needs(guest), kb)
    venues = {m.venue for m in menu if m.kind == "wine"}
    if wines is None:
        wines = {w.wine_id: w for w in store_wines(session)} if venues else {}
    wine_inputs = wines
    memo: dict[str, Any] = {} if facts_memo is None else facts_memo
    safe: list[MenuItem] = []
    tokens: dict[str, frozenset[str]] = {}
    for item in menu:
        if item.dish is not None:
            d = item.dish
            facts = memo.get(d.code)
            if facts is None:
                written = [str(x) for x in (d.ingredients_raw or [])] or [
                    i.written_as for i in d.ingredients
                ]
                recipe = _Recipe(d.code, d.name_es, d.name_en, written,
                                 [str(c) for c in d.cooking or []])  # fmt: skip
                facts = memo[d.code] = dish_facts(recipe, kb)
            if conflicts(facts, profile):
                continue
            tokens[item.code] = frozenset(
                {f"class={c}" for c in facts.classes}
                | {f"cuisine={fold(d.cuisine)}" for _ in [0] if d.cuisine}
                | {f"course={d.course}"}
            )
        else:
            wine = wine_inputs.get(item.code)
            if wine is None or not wine_is_safe(profile, drink_allergens(wine, kb)):
                continue
            w = item.wine
            assert w is not None
            tokens[item.code] = frozenset(
                {f"color={w.color}" for _ in [0] if w.color}
                | {f"style={w.style}" for _ in [0] if w.style}
                | {f"grape={fold(str(g))}" for g in w.grapes or []}
            )
        safe.append(item)
    return safe, tokens, wine_inputs


def _rel(v: np.ndarray) -> np.ndarray:
    top = float(v.max()) if v.size else 0.0
    return v / top if top > 0 else v * 0.0


def _taste_profile(
    had: dict[Key, float], menu_tokens: dict[Key, frozenset[str]]
) -> dict[str, float]:
    profile: dict[str, float] = defaultdict(float)
    total = sum(had.values()) or 1.0
    for k, w in had.items():
        for t in menu_tokens.get(k, frozenset()):
            profile[t] += w / total
    return profile


def _suggestion(item: MenuItem, score: float, source: Source, reason: str) -> Suggestion:
    return Suggestion(
        kind="dish" if item.kind == "dish" else "wine", code=item.code, name=item.name,
        venue=item.venue, price_pen=item.price_pen, score=round(float(score), 4),
        source=source, reason=reason,
    )  # fmt: skip


def _taste_reason(profile: dict[str, float], tokens: frozenset[str], lang: str) -> str:
    shared = sorted(tokens & profile.keys(), key=lambda t: -profile[t])
    best = next((t for t in shared if not t.startswith("course=")), shared[0] if shared else "")
    name, _, value = best.partition("=")
    if name == "class":
        return say(lang, "taste_class", what=CLASS_NAMES[lang].get(value, value))
    if name == "cuisine":
        return say(lang, "taste_cuisine", what=value)
    if name in ("grape", "color", "style"):
        return say(lang, "taste_wine", what=value.replace("_", " "))
    return say(lang, "taste_generic")


def recommend_for_guest(
    session: Session,
    guest_id: int,
    *,
    venue: str | int | None = None,
    top: int = 5,
    lang: str = "es",
    kb: KnowledgeBase | None = None,
    served: ExperienceServing | None = None,
) -> GuestRecommendations:
    """Dishes and wines for ``guest_id`` at ``venue`` (default: their latest visit's).

    ``served``: a server's :class:`~sazon.experience.serving.ExperienceServing`, whose cached
    model and menus stand in for reading the whole store on every call."""
    with EXPERIENCE_LATENCY.time():
        return _recommend(session, guest_id, venue, top, lang, kb, served)


def _recommend(
    session: Session,
    guest_id: int,
    venue: str | int | None,
    top: int,
    lang: str,
    kb: KnowledgeBase | None,
    served: ExperienceServing | None,
) -> GuestRecommendations:
    guest = live_guest(session, guest_id)
    if guest is None:
        raise NotFound(f"no hay invitado {guest_id} / no guest {guest_id}")
    kb = kb or current_knowledge(session)
    place = find_venue(session, guest_id, venue)
    if served is None:
        menu = current_menu(session, place)
        safe, tokens, wine_inputs = safe_menu(session, guest, menu, kb)
        ranker = ItemModel().fit(order_history(session), (m.key for m in menu))
    else:
        # One server's cache: the model fitted (or loaded from the registry) once, the
        # menus and their dishes' facts read once per version of the store's features.
        ranker, menu, memo, listed = served.for_venue(session, place)
        # Most guests share their restrictions (most have none): what is safe is worked out
        # once per restrictions and menu, not once per request.
        needs = _needs(guest)
        key = ("safe", id(menu), id(kb), needs.allergies_text, tuple(needs.allergies),
               tuple(needs.diets), tuple(needs.unknown))  # fmt: skip
        safe, tokens, wine_inputs = served.remember(
            session, key, lambda: safe_menu(session, guest, menu, kb, facts_memo=memo,
                                            wines=listed)
        )  # fmt: skip
    history = ranker.history
    personal = bool(guest.consent_personalisation)
    had = history.weights.get(guest.id, {}) if personal else {}
    counts = history.counts.get(guest.id, {}) if personal else {}
    where_name = place.name if place else say(lang, "all_venues")

    by_key: dict[Key, list[MenuItem]] = defaultdict(list)
    for item in safe:
        by_key[item.key].append(item)
    menu_tokens = {m.key: tokens[m.code] for m in safe}
    profile = _taste_profile(had, menu_tokens)
    if personal and not had:
        # A new guest's stated favourite cuisines stand in for the orders they do not have.
        profile = {f"cuisine={fold(str(c))}": 1.0 for c in guest.favourite_cuisines or []}

    favourites = sorted(
        (m for m in safe if counts.get(m.key)), key=lambda m: (-counts[m.key], m.name)
    )[:top]
    fav = [
        _suggestion(m, counts[m.key], "favourite",
                    say(lang, "favourite", name=m.name, n=counts[m.key]))
        for m in favourites
    ]  # fmt: skip

    n = len(ranker.keys)
    h = np.zeros(n)
    for k in had:
        if k in ranker.where:  # an item the served model has not seen yet has no neighbours
            h[ranker.where[k]] = 1.0
    knn = h @ ranker.sim
    segment = _segment(session, guest) if personal and not had else None
    pop = ranker.popular(segment)
    if segment is not None and not pop.any():
        segment, pop = None, ranker.popular()  # nobody in the segment ordered yet
    pop = _rel(pop)
    knn_rel = _rel(knn)
    out: dict[str, list[Suggestion]] = {"dish": [], "wine": []}
    for kind in ("dish", "wine"):
        scored = []
        for m in safe:
            if m.kind != kind or m.key in had:
                continue
            j = ranker.where.get(m.key)
            taste = sum(profile.get(t, 0.0) for t in tokens[m.code] if not t.startswith("course="))
            parts = {
                "similar_guests": _WEIGHTS["similar_guests"] * (knn_rel[j] if j is not None else 0),
                "taste": _WEIGHTS["taste"] * min(taste, 1.0),
                "popular": _WEIGHTS["popular"] * (pop[j] if j is not None else 0.0),
            }
            scored.append((sum(parts.values()), m, parts))
        scored.sort(key=lambda s: (-s[0], s[1].name))
        for score, m, parts in scored[:top]:
            source = max(parts, key=lambda p: parts[p])
            if source == "similar_guests" and parts[source] > 0:
                j = ranker.where[m.key]
                known = [k for k in had if k in ranker.where]
                because = max(known, key=lambda k: ranker.sim[ranker.where[k], j])
                reason = say(lang, "similar", x=history.names.get(because, because[1]), y=m.name)
                out[kind].append(_suggestion(m, score, "similar_guests", reason))
            elif source == "taste" and parts[source] > 0:
                out[kind].append(
                    _suggestion(m, score, "taste", _taste_reason(profile, tokens[m.code], lang))
                )
            elif segment is not None and guest.budget_tier:
                reason = say(lang, "segment", tier=guest.budget_tier)
                out[kind].append(_suggestion(m, score, "segment", reason))
            else:
                out[kind].append(
                    _suggestion(m, score, "popular", say(lang, "popular", where=where_name))
                )
    if not any(s.score > 0 for s in out["wine"]):
        # No wine was ever ordered with these dishes: the sommelier's rules pick instead.
        anchor = favourites[0] if favourites else None
        anchor = anchor or next(
            (m for m in safe if out["dish"] and m.code == out["dish"][0].code), None
        )
        wines = [m for m in safe if m.kind == "wine" and m.key not in had]
        if anchor is not None:
            pairs = served.paired_memo() if served is not None else None
            out["wine"] = (
                paired_wines(anchor, bool(favourites), wines, wine_inputs, top=top, lang=lang,
                             kb=kb, memo=pairs)
                or out["wine"]
            )  # fmt: skip
    notes = [] if personal else [say(lang, "no_consent")]
    return GuestRecommendations(
        guest_id=guest.id, venue=place.code if place else None, personalised=bool(had),
        favourites=fav, dishes=out["dish"], wines=out["wine"],
        withheld=len(menu) - len(safe), notes=notes,
    )  # fmt: skip


def _segment(session: Session, guest: Guest) -> list[int] | None:
    """Guests of the same budget tier (the segment a new guest starts in), or None."""
    if not guest.budget_tier:
        return None
    from sqlalchemy import select

    ids = list(
        session.scalars(
            select(Guest.id).where(
                Guest.budget_tier == guest.budget_tier, Guest.erased_at.is_(None)
            )
        )
    )
    return ids or None
