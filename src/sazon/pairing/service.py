"""Use cases: pair dishes with a wine list, and read both from the store.

Suggestions only ever come from the list given (a file, the request, or the venue's list in
the store): nothing from the knowledge base's catalogue is slipped in.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from sazon.config import PairingSettings
from sazon.errors import DependencyUnavailable, InvalidInput, NotFound
from sazon.knowledge import (
    CLASSIFY_HINT,
    KnowledgeBase,
    current_knowledge,
    fold,
    load_knowledge,
    wine_facts,
)
from sazon.monitoring import PAIRING_LATENCY, PAIRING_SUGGESTIONS, PAIRING_UNKNOWN
from sazon.pairing.explain import explain
from sazon.pairing.nonalcoholic import drink_profiles
from sazon.pairing.profile import build_profile
from sazon.pairing.schemas import (
    DishInput,
    DishPairing,
    DishProfile,
    Lang,
    PairingFilters,
    Suggestion,
    WineInput,
    WineProfile,
)
from sazon.pairing.scoring import PairingModel, Scored, load_model, score_wines
from sazon.pairing.wine_lists import WineList, remembered, venue_list, wine_profiles
from sazon.store import Dish, DishIngredient, Venue, Wine

MAX_TOP = 20
COLOR_WORDS = {
    "tinto": "red", "red": "red", "blanco": "white", "white": "white", "rosado": "rose",
    "rose": "rose", "rosé": "rose", "naranjo": "orange", "orange": "orange",
    "espumante": "sparkling", "sparkling": "sparkling", "ambar": "amber", "amber": "amber",
}  # fmt: skip


def _colors(filters: PairingFilters) -> set[str]:
    out = set()
    for c in filters.colors:
        key = COLOR_WORDS.get(fold(c))
        if key is None:
            raise InvalidInput(
                f"unknown colour '{c}': use red, white, rose, orange, amber or sparkling"
            )
        out.add(key)
    return out


def apply_filters(
    wines: Sequence[WineProfile], filters: PairingFilters | None
) -> list[WineProfile]:
    """The bottles that pass the price ceiling, by-the-glass and colour filters."""
    if filters is None:
        return list(wines)
    colors = _colors(filters)
    out = []
    for w in wines:
        if filters.max_price_pen is not None and (
            w.price_pen is None or w.price_pen > filters.max_price_pen
        ):
            continue
        if filters.by_the_glass and not w.by_the_glass:
            continue
        if colors and w.color not in colors and not ("sparkling" in colors and w.sparkling):
            continue
        out.append(w)
    return out


def to_suggestion(
    s: Scored, profile: DishProfile, dish_name: str, lang: Lang, kb: KnowledgeBase
) -> Suggestion:
    why, reasons = explain(s.hits, profile, s.wine, dish_name, lang, kb, weights=s.weights)
    return Suggestion(
        wine_id=s.wine.wine_id,
        name=s.wine.name,
        score=s.score,
        confidence=s.confidence,
        why=why,
        reasons=reasons,
        price_pen=s.wine.price_pen,
        by_the_glass=s.wine.by_the_glass,
        color=s.wine.color,
        style=s.wine.style,
        wine=s.wine,
    )


def _note(lang: Lang, profile: DishProfile, empty_list: bool) -> str | None:
    unknown = profile.unknown_ingredients
    guessed = [
        f"{i.written} → {i.name}"
        for i in profile.ingredients
        if i.how.startswith(("partial", "suggested"))
    ]
    parts = []
    if empty_list:
        parts.append(
            "Ningún vino de la carta cumple los filtros."
            if lang == "es"
            else "No wine on the list passes the filters."
        )
    if unknown:
        words = ", ".join(unknown)
        parts.append(
            f"No reconocí estos ingredientes y no cuentan en el perfil: {words} "
            f"(clasifícalos: {CLASSIFY_HINT})."
            if lang == "es"
            else f"These ingredients were not recognised and do not count in the profile: {words} "
            f"(classify them: {CLASSIFY_HINT})."
        )
    if guessed:
        words = "; ".join(guessed)
        parts.append(
            f"Leí por aproximación: {words}." if lang == "es" else f"Read approximately: {words}."
        )
    return " ".join(parts) or None


def suggest(
    dishes: Sequence[DishInput],
    wines: Sequence[WineInput],
    *,
    top: int = 3,
    lang: Lang = "es",
    filters: PairingFilters | None = None,
    non_alcoholic: bool = False,
    avoid: Collection[str] = (),
    use_ranker: bool | None = None,
    kb: KnowledgeBase | None = None,
    model: PairingModel | None = None,
    profiles: Sequence[WineProfile] | None = None,
) -> list[DishPairing]:
    """The best ``top`` wines from ``wines`` for each dish, best first, each explained.

    ``non_alcoholic=True`` suggests drinks without alcohol instead (the wine list is then not
    needed); ``avoid`` leaves out the drinks that contain any of those allergens (or
    ``alcohol_trace``). ``use_ranker`` picks rules + learned ranker (True) or rules alone (False);
    ``None`` uses the shipped default. ``profiles`` are the wines' profiles when the caller
    has them (a store list's, cached per version). Same input, same output.
    """
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"top must be between 1 and {MAX_TOP}, not {top}")
    if not dishes:
        raise InvalidInput("give at least one dish")
    if not wines and not non_alcoholic:
        raise InvalidInput("the wine list is empty: give a list, or ask for non-alcoholic drinks")
    started = time.perf_counter()
    kb = kb or load_knowledge()
    model = model or load_model(use_ranker=use_ranker)
    profiles = list(profiles) if profiles is not None else wine_profiles(wines)
    candidates = drink_profiles(lang, avoid) if non_alcoholic else apply_filters(profiles, filters)
    out = []
    for dish in dishes:
        profile = build_profile(dish, kb)
        scored = score_wines(profile, candidates, model, learned=use_ranker)[:top]
        out.append(
            DishPairing(
                dish_id=dish.dish_id,
                dish=dish.name,
                profile=profile,
                suggestions=[to_suggestion(s, profile, dish.name, lang, kb) for s in scored],
                note=_note(lang, profile, not candidates),
            )
        )
        PAIRING_UNKNOWN.inc(len(profile.unknown_ingredients))
    PAIRING_SUGGESTIONS.labels("non_alcoholic" if non_alcoholic else "wine").inc(len(out))
    PAIRING_LATENCY.observe(time.perf_counter() - started)
    return out


def non_alcoholic_for(
    profile: DishProfile,
    dish_name: str,
    lang: Lang,
    kb: KnowledgeBase,
    model: PairingModel,
    *,
    avoid: set[str] | None = None,
    contains: Collection[str] = (),
) -> Suggestion | None:
    """The best drink without alcohol for one dish (skipping ``avoid`` ids when possible),
    among the drinks with nothing in ``contains``."""
    scored = score_wines(profile, drink_profiles(lang, contains), model, learned=False)
    fresh = [s for s in scored if not avoid or s.wine.wine_id not in avoid] or scored
    return to_suggestion(fresh[0], profile, dish_name, lang, kb) if fresh else None


# ---- the store ------------------------------------------------------------------------


@contextmanager
def _store_ready() -> Iterator[None]:
    """Turn "no such table" into the one step that fixes it."""
    try:
        yield
    except (OperationalError, ProgrammingError) as exc:
        raise DependencyUnavailable(
            "the store has no menus or wine lists yet (its tables are missing): run "
            "`sazon init` and load them, or `sazon demo-data`"
        ) from exc


def venue_id_of(session: Session, venue: str | int | None) -> int | None:
    """A venue by id or code ("mfl"); None when not given."""
    if venue is None or venue == "":
        return None
    with _store_ready():
        if isinstance(venue, int) or str(venue).isdigit():
            row = session.get(Venue, int(venue))
        else:
            row = session.scalars(select(Venue).where(Venue.code == str(venue))).first()
    if row is None:
        codes = ", ".join(session.scalars(select(Venue.code).order_by(Venue.code))) or "none yet"
        raise NotFound(f"no venue '{venue}': known venue codes are {codes}")
    return row.id


def _wine_input(w: Wine) -> WineInput:
    facts = wine_facts(w)
    # The store keeps every grape and aroma it was given; a WineInput holds at most 12 of each.
    facts.update(name=w.name[:200], grapes=facts["grapes"][:12], aromas=facts["aromas"][:12])
    return WineInput(wine_id=w.code, **facts)


def store_wines(session: Session, *, venue_id: int | None = None) -> list[WineInput]:
    """The wines on a restaurant's list (``on_list``), for one venue or all of them."""
    return store_wine_list(session, venue_id=venue_id)[0]


def store_wine_list(session: Session, *, venue_id: int | None = None) -> WineList:
    """:func:`store_wines` with their profiles, both read once per version of the list."""

    def read() -> list[WineInput]:
        stmt = select(Wine).where(Wine.on_list.is_(True)).order_by(Wine.code)
        if venue_id is not None:
            stmt = stmt.where(Wine.venue_id == venue_id)
        return [_wine_input(w) for w in session.scalars(stmt)]

    with _store_ready():
        return venue_list(session, venue_id, read)


# Plain columns, not ORM objects: loading dishes with their ingredients through the ORM was
# a third of a one-dish pairing request.
_DISH_FIELDS = (Dish.id, Dish.code, Dish.venue_id, Dish.name_es, Dish.course, Dish.price_pen,
                Dish.description_es, Dish.cooking, Dish.ingredients_raw)  # fmt: skip


def _dish_input(d: Row[Any], written: list[str]) -> DishInput:
    return DishInput(
        dish_id=d.code,
        name=d.name_es[:200],
        course=d.course,
        price_pen=float(d.price_pen) if d.price_pen is not None else None,
        ingredients=written[:60] or [str(x) for x in (d.ingredients_raw or [])][:60],
        description=(d.description_es or "")[:2000] or None,
        cooking=[str(c) for c in (d.cooking or [])][:10],
    )


def store_dishes(
    session: Session,
    *,
    venue_id: int | None = None,
    match: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    limit: int = 200,
    drinks: bool = False,
) -> list[tuple[DishInput, int | None]]:
    """Menu dishes (from venues, not the knowledge base's reference dishes) and their venue.

    ``match`` keeps a dish whose code is one of the words or whose name contains one of them
    (accents and case ignored); ``codes`` keeps exact codes only. The menu's drinks (course
    ``bebida``) are left out unless ``drinks`` or their codes are asked for: nobody pairs a
    wine with a pisco sour.
    """
    order = (Dish.venue_id, Dish.course, Dish.name_es)
    where: list[ColumnElement[bool]] = [Dish.from_knowledge.is_(False), Dish.active.is_(True)]
    if venue_id is not None:
        where.append(Dish.venue_id == venue_id)
    if codes:
        where.append(Dish.code.in_(list(codes)))
    elif not drinks:
        where.append(Dish.course != "bebida")
    with _store_ready():
        # Matched on names first, then only the dishes kept are loaded with their
        # ingredients: pairing one dish no longer loads the whole menu.
        found = session.execute(
            select(Dish.id, Dish.code, Dish.name_es, Dish.name_en).where(*where).order_by(*order)
        ).all()
        if match:
            terms = [fold(m) for m in match if m.strip()]
            found = [
                d
                for d in found
                if d.code in match
                or any(t in fold(f"{d.name_es} {d.name_en or ''}") for t in terms)
            ]
        ids = [d.id for d in found[:limit]]
        by_id = {d.id: d for d in session.execute(select(*_DISH_FIELDS).where(Dish.id.in_(ids)))}
        written: dict[int, list[str]] = {i: [] for i in ids}
        for dish_id, word in session.execute(
            select(DishIngredient.dish_id, DishIngredient.written_as)
            .where(DishIngredient.dish_id.in_(ids))
            .order_by(DishIngredient.dish_id, DishIngredient.position)
        ):
            written[dish_id].append(word)
    return [(_dish_input(by_id[i], written[i]), by_id[i].venue_id) for i in ids]


def suggest_from_store(
    session: Session,
    *,
    venue: str | int | None = None,
    match: Sequence[str] | None = None,
    dishes: Sequence[DishInput] | None = None,
    wines: Sequence[WineInput] | None = None,
    limit: int = 200,
    top: int = 3,
    lang: Lang = "es",
    filters: PairingFilters | None = None,
    non_alcoholic: bool = False,
    avoid: Collection[str] = (),
    use_ranker: bool | None = None,
    kb: KnowledgeBase | None = None,
    model: PairingModel | None = None,
) -> list[DishPairing]:
    """:func:`suggest` with whatever is missing read from the store.

    Each store dish is paired with its own venue's list; dishes from a file are paired with
    ``venue``'s list, or with every list in the store when no venue is named.
    """
    venue_id = venue_id_of(session, venue)
    if dishes is not None:
        pairs: list[tuple[DishInput, int | None]] = [(d, venue_id) for d in dishes]
    else:
        pairs = store_dishes(session, venue_id=venue_id, match=match, limit=limit)
        if not pairs:
            raise NotFound(
                "no dishes on the store's menus match: load a menu (sazon ingest dishes FILE) "
                "or run sazon demo-data"
            )
    kb = kb or current_knowledge(session)
    model = model or load_model(use_ranker=use_ranker)
    out: list[DishPairing] = []
    lists: dict[int | None, WineList] = {}
    for dish, vid in pairs:
        profiles: list[WineProfile] | None = None
        if wines is not None:
            wine_list = list(wines)
        else:
            key = vid if vid is not None else venue_id
            if key not in lists:
                lists[key] = store_wine_list(session, venue_id=key)
            wine_list, profiles = lists[key]
        if not wine_list and not non_alcoholic:
            raise NotFound(
                "the store has no wine list for this venue: load one (sazon ingest wines FILE) "
                "or pass --wines FILE"
            )
        run = partial(
            suggest, [dish], wine_list, top=top, lang=lang, filters=filters,
            non_alcoholic=non_alcoholic, use_ranker=use_ranker, kb=kb, model=model,
            profiles=profiles,
        )  # fmt: skip
        if profiles is None:
            out += run()
            continue
        # A store list: scoring every wine was most of a one-dish pairing, and the answer is
        # the same while the dish, the list's version, the knowledge and the model are.
        # The model by its source ("registry:<version>" names one immutable version; a face
        # that loads the model per request gets a new ranker object for the same version).
        memo = (
            dish.model_dump_json(), tuple(map(id, profiles)), id(kb), model.source,
            model.use_ranker, top, lang,
            filters.model_dump_json() if filters else None, non_alcoholic, use_ranker,
        )  # fmt: skip
        started = time.perf_counter()
        answer, again = remembered(memo, (profiles, kb), run)
        if again:  # the metrics suggest() keeps
            PAIRING_LATENCY.observe(time.perf_counter() - started)
            for pairing in answer:
                PAIRING_UNKNOWN.inc(len(pairing.profile.unknown_ingredients))
            kind = "non_alcoholic" if non_alcoholic else "wine"
            PAIRING_SUGGESTIONS.labels(kind).inc(len(answer))
        out += answer
    return out


def read_inputs(
    dishes_file: Path | None, wines_file: Path | None, limits: PairingSettings | None = None
) -> tuple[list[DishInput] | None, list[WineInput] | None]:
    """Dishes and wines from files when given (see :mod:`sazon.pairing.files`), within
    ``limits`` (``settings.pairing``; the defaults when None)."""
    from sazon.pairing.files import DEFAULT_LIMITS, read_dishes, read_wines

    limits = limits or DEFAULT_LIMITS
    return (
        read_dishes(dishes_file, limits) if dishes_file else None,
        read_wines(wines_file, limits) if wines_file else None,
    )
