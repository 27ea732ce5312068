"""A pairing for a whole menu: one wine per course, or a flight that builds from light to full.

The choice is made for the menu as a whole, not course by course: a beam search over the
courses keeps the best partial menus and, at the end, returns the one with the highest total
score that respects the constraints:

- no bottle twice, unless ``allow_repeats``;
- the bottles' total within ``budget_pen`` (each bottle counted once);
- in a ``flight``, each wine at least as intense as the one before (body, tannin and
  alcohol), within half a point; desserts are exempt, their sweet wine closes the flight.

If no menu meets every constraint, the progression is relaxed first and then the budget, and
``warnings`` says so. Every course also gets its best drink without alcohol.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sazon.errors import InvalidInput, NotFound
from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.pairing.profile import build_profile
from sazon.pairing.schemas import (
    CoursePairing,
    DishInput,
    DishProfile,
    Lang,
    MenuCourse,
    MenuPairing,
    Mode,
    PairingFilters,
    WineInput,
    WineProfile,
)
from sazon.pairing.scoring import Scored, load_model, score_wines
from sazon.pairing.service import (
    apply_filters,
    non_alcoholic_for,
    store_dishes,
    to_suggestion,
    venue_id_of,
)
from sazon.pairing.wine_lists import wine_profiles

BEAM = 200
CANDIDATES = 12
SLACK = 0.5


def intensity(w: WineProfile) -> float:
    """How big a wine feels, for ordering a flight (body, grip and warmth)."""
    return w.body + 0.5 * w.tannin + 0.3 * max(w.alcohol - 12.0, 0.0) / 2.0


@dataclass(frozen=True)
class _State:
    total: float
    chosen: tuple[Scored, ...]
    last: float
    spent: float


def _search(
    options: list[list[Scored]],
    desserts: list[bool],
    *,
    flight: bool,
    budget: float | None,
    allow_repeats: bool,
) -> list[Scored] | None:
    beam = [_State(0.0, (), 0.0, 0.0)]
    for course, cands in enumerate(options):
        nxt: list[_State] = []
        for st in beam:
            used = {s.wine.wine_id for s in st.chosen}
            for cand in cands:
                wid = cand.wine.wine_id
                if wid in used and not allow_repeats:
                    continue
                level = intensity(cand.wine)
                if flight and not desserts[course] and level + SLACK < st.last:
                    continue
                cost = 0.0 if wid in used else (cand.wine.price_pen or 0.0)
                if budget is not None and st.spent + cost > budget:
                    continue
                last = st.last if desserts[course] else max(st.last, level)
                nxt.append(_State(st.total + cand.raw, (*st.chosen, cand), last, st.spent + cost))
        if not nxt:
            return None
        nxt.sort(key=lambda s: (-s.total, [c.wine.wine_id for c in s.chosen]))
        beam = nxt[:BEAM]
    return list(beam[0].chosen)


def pair_menu(
    courses: Sequence[MenuCourse],
    wines: Sequence[WineInput],
    *,
    mode: Mode = "per_course",
    lang: Lang = "es",
    non_alcoholic: bool = False,
    avoid: Collection[str] = (),
    max_price_pen: float | None = None,
    budget_pen: float | None = None,
    by_the_glass: bool = False,
    allow_repeats: bool = False,
    use_ranker: bool | None = None,
    kb: KnowledgeBase | None = None,
) -> MenuPairing:
    """Pair every course of a menu with one wine from ``wines`` (and a drink without alcohol).

    ``mode="per_course"`` picks the best wine for each course; ``mode="flight"`` also makes
    the wines build from light to full, in the order the courses are given. ``max_price_pen``
    caps each bottle, ``budget_pen`` the whole selection. ``non_alcoholic=True`` (a guest who
    does not drink) returns only the drinks without alcohol; ``avoid`` leaves out the drinks
    that contain any of those allergens (or ``alcohol_trace``).
    """
    if not courses:
        raise InvalidInput("the menu has no courses")
    if mode not in ("per_course", "flight"):
        raise InvalidInput(f"mode must be 'per_course' or 'flight', not '{mode}'")
    kb = kb or load_knowledge()
    model = load_model(use_ranker=use_ranker)
    filters = PairingFilters(max_price_pen=max_price_pen, by_the_glass=by_the_glass)
    candidates = apply_filters(wine_profiles(wines), filters)
    profiles: list[DishProfile] = [build_profile(c.dish, kb) for c in courses]
    warnings: list[str] = []
    chosen: list[Scored | None] = [None] * len(courses)

    if not non_alcoholic:
        if not candidates:
            warnings.append(
                "Ningún vino de la carta cumple el precio o el servicio por copa."
                if lang == "es"
                else "No wine on the list meets the price or by-the-glass filter."
            )
        else:
            options = [
                score_wines(p, candidates, model, learned=use_ranker)[:CANDIDATES] for p in profiles
            ]
            desserts = [p.has("dessert") for p in profiles]
            attempts = [
                (mode == "flight", budget_pen, None),
                (False, budget_pen, "progression"),
                (False, None, "budget"),
            ]
            for flight, budget, relaxed in attempts:
                found = _search(
                    options, desserts, flight=flight, budget=budget, allow_repeats=allow_repeats
                )
                if found is None and not allow_repeats and len(candidates) < len(courses):
                    found = _search(
                        options, desserts, flight=flight, budget=budget, allow_repeats=True
                    )
                    if found is not None:
                        warnings.append(_say(lang, "repeats"))
                if found is not None:
                    if relaxed == "progression" and mode == "flight":
                        warnings.append(_say(lang, "progression"))
                    if relaxed == "budget" and budget_pen is not None:
                        warnings.append(_say(lang, "budget"))
                    chosen = list(found)
                    break

    chosen_drinks: set[str] = set()
    out: list[CoursePairing] = []
    for course, profile, pick in zip(courses, profiles, chosen, strict=True):
        drink = non_alcoholic_for(
            profile, course.dish.name, lang, kb, model, avoid=chosen_drinks, contains=avoid
        )
        if drink is not None:
            chosen_drinks.add(drink.wine_id)
        out.append(
            CoursePairing(
                course=course.course,
                dish_id=course.dish.dish_id,
                dish=course.dish.name,
                wine=to_suggestion(pick, profile, course.dish.name, lang, kb) if pick else None,
                non_alcoholic=drink,
                profile=profile,
            )
        )
    spent = {p.wine.wine_id: p.wine.price_pen or 0.0 for p in chosen if p is not None}
    return MenuPairing(
        mode=mode,
        lang=lang,
        courses=out,
        total_price_pen=round(sum(spent.values()), 2),
        non_alcoholic_only=non_alcoholic,
        warnings=warnings,
    )


def _say(lang: Lang, what: str) -> str:
    es = {
        "repeats": "La carta tiene menos vinos que tiempos: se repite alguno.",
        "progression": "No se pudo ordenar de ligero a intenso sin perder maridaje: "
        "se eligió el mejor vino para cada tiempo.",
        "budget": "Ninguna combinación entra en el presupuesto: se muestra la mejor sin él.",
    }
    en = {
        "repeats": "The list has fewer wines than courses: one is repeated.",
        "progression": "The wines could not build from light to full without losing the "
        "pairing: each course got its best wine.",
        "budget": "No selection fits the budget: the best one without it is shown.",
    }
    return (es if lang == "es" else en)[what]


def menu_courses(dishes: Sequence[DishInput]) -> list[MenuCourse]:
    """One course per dish, in the order given, named by the dish's course or its position."""
    return [MenuCourse(course=d.course or str(i + 1), dish=d) for i, d in enumerate(dishes)]


def store_menu(
    session: Session, codes: Sequence[str], *, venue: str | int | None = None
) -> list[MenuCourse]:
    """The courses of a menu given as the store codes of its dishes, in course order."""
    venue_id = venue_id_of(session, venue)
    found = {d.dish_id: d for d, _ in store_dishes(session, venue_id=venue_id, codes=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise NotFound(f"no store dish with code {', '.join(missing)}")
    return menu_courses([found[c] for c in codes])
