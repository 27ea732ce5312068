"""The drinks of a plan: a wine per course or a flight, and a pairing without alcohol.

Everything about taste comes from the pairing tool, through its public functions only
(:func:`sazon.pairing.pair_menu` for the table menu, :func:`sazon.pairing.suggest` for a
substituted plate). What this module adds is the event's side of it:

- which guests do not drink and what each guest's glass must not contain
  (:mod:`sazon.events.drink_rules`); a guest whose course wine is not safe for them gets the
  best safe wine of the list for their plate (a *swap*), or, when the list has none, the best
  safe drink without alcohol and a warning for a person;
- the drinks budget per guest, turned into the bottles' budget pairing works with: a guest
  drinks one pour per course, so their share of a course is the bottle price divided by the
  pours a 750 ml bottle gives (8 of 90 ml in a flight, 6 of 125 ml a glass per course);
- substituted plates: the course's wine still fits when it is among the plate's own three
  best wines (the benchmark's "a suitable wine in the top three"); otherwise the plate gets
  its best wine, preferring one already poured in the flight (no extra bottle to open);
- pours and bottles per course, for the sommelier.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from sazon.events.drink_rules import drink_avoid, non_drinkers_of, pours_per_bottle
from sazon.events.explain import without_label
from sazon.events.pairing_io import dish_input, poured
from sazon.events.safety import Profile, profile_of
from sazon.events.schemas import (
    CourseDrinks,
    DrinkSwap,
    GuestNeeds,
    Lang,
    MenuDish,
    Plan,
    PlateDrinks,
    PouredDrink,
    WineFlight,
    WineMode,
    WineSource,
)
from sazon.knowledge import KnowledgeBase
from sazon.pairing import (
    ALCOHOL_TRACE,
    DrinkAllergens,
    MenuCourse,
    Suggestion,
    WineInput,
    drink_allergens,
    pair_menu,
    suggest,
    wine_avoid,
)

FITS_WITHIN = 3  # the course's wine still fits a plate when it is among its best three
_SUGGEST_MAX = 20  # pairing's own limit on suggestions per dish
_CENT = Decimal("0.01")


def _say(lang: Lang, key: str, **kw: object) -> str:
    es = {
        "no_wines": "No hay carta de vinos: solo se propone el maridaje sin alcohol.",
        "fits": "El vino del tiempo también acompaña este plato.",
        "other_poured": "Este plato pide otro vino, que ya se sirve en el maridaje: {wine}.",
        "other_new": "Este plato pide otro vino: {wine} (una botella más).",
        "only_na": "Aquí solo hay invitados sin alcohol.",
        "na_fits": "La bebida sin alcohol del tiempo también le va.",
        "na_other": "Sin alcohol: {drink} le va mejor que la bebida del tiempo.",
        "budget": "Presupuesto de bebidas: {budget} por persona, es decir {bottles} en botellas "
        "para el recorrido ({pours} copas por botella).",
        "swap": "{wine} tiene lo que no pueden tomar ({why}): se sirve {other}.",
        "swap_none": "Ningún vino de la carta es apto ({why}) con {dish}: sin vino; se ofrece "
        "{drink}. Que el sommelier lo confirme.",
        "swap_nothing": "Ningún vino de la carta ni bebida sin alcohol es apta ({why}) con "
        "{dish}: que el sommelier decida qué servir.",
        "warn_swap": "{course}: ningún vino de la carta es apto para {n} invitado(s) ({why}); "
        "avisar al sommelier.",
    }
    en = {
        "no_wines": "There is no wine list: only the non-alcoholic pairing is proposed.",
        "fits": "The course's wine suits this plate too.",
        "other_poured": "This plate asks for another wine, already poured in the flight: {wine}.",
        "other_new": "This plate asks for another wine: {wine} (one more bottle).",
        "only_na": "Only guests who don't drink have this plate.",
        "na_fits": "The course's non-alcoholic drink suits it too.",
        "na_other": "Without alcohol: {drink} suits it better than the course's drink.",
        "budget": "Drinks budget: {budget} per guest, that is {bottles} in bottles for the "
        "flight ({pours} pours a bottle).",
        "swap": "{wine} holds what they cannot have ({why}): {other} is poured instead.",
        "swap_none": "No wine on the list is safe ({why}) with {dish}: no wine; {drink} is "
        "offered. Ask the sommelier to confirm.",
        "swap_nothing": "No wine on the list and no drink without alcohol is safe ({why}) with "
        "{dish}: the sommelier decides what to pour.",
        "warn_swap": "{course}: no wine on the list is safe for {n} guest(s) ({why}); tell the "
        "sommelier.",
    }
    return (en if lang == "en" else es)[key].format(**kw)


def _soles(value: Decimal) -> str:
    return f"S/ {value.quantize(_CENT):,.2f}"


def build_flight(
    plan: Plan,
    guests: Sequence[GuestNeeds],
    menu: Sequence[MenuDish],
    wines: Sequence[WineInput],
    *,
    mode: WineMode,
    mode_reason: str,
    source: WineSource,
    source_note: str | None = None,
    drinks_budget_per_guest: Decimal | None = None,
    kb: KnowledgeBase,
) -> WineFlight | None:
    """The drinks for ``plan``'s table menu from ``wines`` (and only from them).

    Returns None when the plan has no table dish at all (nothing to pair).
    """
    lang = plan.lang
    dishes = {d.dish_id: d for d in menu}
    slots = [
        (course, dishes[dish_id])
        for course in plan.courses
        if (dish_id := plan.table_menu.get(course)) is not None and dish_id in dishes
    ]
    if not slots:
        return None
    planned = {g.guest_id for g in plan.guests}
    # Read once: who drinks, and what every drink must avoid, come from the same profiles.
    profiles = {g.guest_id: profile_of(g, kb) for g in guests if g.guest_id in planned}
    abstainers = non_drinkers_of(profiles, lang)
    dry = {n.guest_id for n in abstainers}
    per_bottle = pours_per_bottle(mode)
    warnings: list[str] = []
    budget_pen = None
    if drinks_budget_per_guest is not None and wines:
        bottles_budget = drinks_budget_per_guest * per_bottle
        budget_pen = float(bottles_budget)
        warnings.append(
            _say(lang, "budget", budget=_soles(drinks_budget_per_guest),
                 bottles=_soles(bottles_budget), pours=per_bottle)
        )  # fmt: skip
    if not wines:
        warnings.append(_say(lang, "no_wines"))
    facts = {w.wine_id: drink_allergens(w, kb) for w in wines}

    def pour(s: Suggestion) -> PouredDrink:
        known = facts.get(s.wine_id)
        if known is None:  # a drink without alcohol, from the pairing tool's catalogue
            known = drink_allergens(WineInput(wine_id=s.wine_id, name=s.name), kb)
        return poured(s, known)

    pairing = pair_menu(
        [MenuCourse(course=course, dish=dish_input(d)) for course, d in slots],
        list(wines),
        mode=mode,
        lang=lang,
        non_alcoholic=not wines,
        # Without wines the drinks without alcohol are everyone's, so everyone's allergies count.
        avoid=drink_avoid(p for g, p in profiles.items() if g in (dry if wines else planned)),
        budget_pen=budget_pen,
        kb=kb,
    )
    warnings += pairing.warnings

    courses: list[CourseDrinks] = []
    table_wine: dict[str, PouredDrink | None] = {}
    table_drink: dict[str, PouredDrink | None] = {}
    for (course, dish), cp in zip(slots, pairing.courses, strict=True):
        wine = pour(cp.wine) if cp.wine is not None else None
        drink = pour(cp.non_alcoholic) if cp.non_alcoholic is not None else None
        table_wine[course], table_drink[course] = wine, drink
        courses.append(
            CourseDrinks(course=course, dish_id=dish.dish_id, dish_name=dish.name(lang),
                         wine=wine, non_alcoholic=drink)
        )  # fmt: skip
    in_flight = {c.wine.wine_id for c in courses if c.wine is not None}

    # Pours: each drinking guest gets one pour of their plate's wine in each course.
    pours: dict[str, int] = defaultdict(int)
    groups: dict[tuple[str, str], list[str]] = {}
    for a in plan.assignments:
        if a.course not in table_wine:
            continue
        if a.dish_id == plan.table_menu.get(a.course):
            if a.guest_id not in dry:
                pours[a.course] += 1
        else:
            groups.setdefault((a.course, a.dish_id), []).append(a.guest_id)

    plates: list[PlateDrinks] = []
    for (course, dish_id), ids in groups.items():
        dish = dishes[dish_id]
        plate = PlateDrinks(course=course, dish_id=dish_id, dish_name=dish.name(lang),
                            guest_ids=ids)  # fmt: skip
        drinkers = [g for g in ids if g not in dry]
        notes: list[str] = []
        wine = table_wine[course]
        if wine is not None and drinkers:
            [ranked] = suggest(
                [dish_input(dish)], list(wines),
                top=min(_SUGGEST_MAX, len(wines)), lang=lang, kb=kb,
            )  # fmt: skip
            best = ranked.suggestions
            mine = next((s for s in best[:FITS_WITHIN] if s.wine_id == wine.wine_id), None)
            if mine is not None:
                plate.table_wine_fits, plate.wine = True, pour(mine)
                pours[course] += len(drinkers)
                notes.append(_say(lang, "fits"))
            elif best:
                other = next((s for s in best[:FITS_WITHIN] if s.wine_id in in_flight), best[0])
                plate.table_wine_fits, plate.wine = False, pour(other)
                plate.pours = len(drinkers)
                key = "other_poured" if other.wine_id in in_flight else "other_new"
                notes.append(_say(lang, key, wine=other.name))
        elif wine is not None:
            notes.append(_say(lang, "only_na"))
        if len(drinkers) < len(ids) or not wines:
            drink = table_drink[course]
            takers = set(ids) if not wines else set(ids) - set(drinkers)
            avoid = drink_avoid(p for g, p in profiles.items() if g in takers)
            [na] = suggest([dish_input(dish)], [], top=FITS_WITHIN, lang=lang,
                           non_alcoholic=True, avoid=avoid, kb=kb)  # fmt: skip
            if drink is not None and any(s.wine_id == drink.wine_id for s in na.suggestions):
                notes.append(_say(lang, "na_fits"))
            elif na.suggestions:
                plate.non_alcoholic = pour(na.suggestions[0])
                notes.append(_say(lang, "na_other", drink=na.suggestions[0].name))
        plate.note = " ".join(notes)
        plates.append(plate)

    swaps = _swaps(
        plan, dishes, wines, facts, profiles, dry, table_wine, plates, pours, pour, warnings, kb
    )

    # Bottles: a wine's pours are added up over the evening (an open bottle carries over).
    by_wine: dict[str, int] = defaultdict(int)
    price: dict[str, Decimal] = {}
    for c in courses:
        c.pours = pours[c.course]
        c.bottles = math.ceil(c.pours / per_bottle)
        if c.wine is not None:
            by_wine[c.wine.wine_id] += c.pours
            price[c.wine.wine_id] = c.wine.price_pen or Decimal("0")
    for p in plates:
        p.bottles = math.ceil(p.pours / per_bottle)
        if p.wine is not None and p.table_wine_fits is False:
            by_wine[p.wine.wine_id] += p.pours
            price[p.wine.wine_id] = p.wine.price_pen or Decimal("0")
    for sw in swaps:
        sw.bottles = math.ceil(sw.pours / per_bottle)
        if sw.wine is not None:
            by_wine[sw.wine.wine_id] += sw.pours
            price[sw.wine.wine_id] = sw.wine.price_pen or Decimal("0")
    total = sum((price[w] * math.ceil(n / per_bottle) for w, n in by_wine.items()), Decimal("0"))
    share = sum(
        ((c.wine.price_pen or Decimal("0")) / per_bottle for c in courses if c.wine is not None),
        Decimal("0"),
    )
    return WineFlight(
        mode=mode,
        mode_reason=mode_reason,
        lang=lang,
        source=source if wines else "none",
        source_note=source_note,
        wines_considered=len(wines),
        courses=courses,
        plates=sorted(plates, key=lambda p: (plan.courses.index(p.course), p.dish_name)),
        swaps=swaps,
        non_alcoholic_guests=abstainers,
        drinking_guests=len(planned - dry),
        pours_per_bottle=per_bottle,
        drinks_budget_per_guest_pen=drinks_budget_per_guest,
        cost_per_guest_pen=share.quantize(_CENT),
        bottles_total_pen=total.quantize(_CENT),
        warnings=warnings,
    )


def _swaps(
    plan: Plan,
    dishes: Mapping[str, MenuDish],
    wines: Sequence[WineInput],
    facts: Mapping[str, DrinkAllergens],
    profiles: Mapping[str, Profile],
    dry: set[str],
    table_wine: Mapping[str, PouredDrink | None],
    plates: Sequence[PlateDrinks],
    pours: dict[str, int],
    pour: Callable[[Suggestion], PouredDrink],
    warnings: list[str],
    kb: KnowledgeBase,
) -> list[DrinkSwap]:
    """Drinking guests whose glass holds what they cannot have get another one.

    Their pours leave the wine they would have had (the course's, or their plate's) and go
    to the best wine of the list that is safe for them and their plate; with none, the best
    safe drink without alcohol, and a warning so that a person knows.
    """
    lang = plan.lang
    avoid = {g: av for g, p in profiles.items() if g not in dry and (av := wine_avoid(p))}
    if not avoid:
        return []
    by_plate = {(p.course, p.dish_id): p for p in plates}
    groups: dict[tuple[str, str, str, frozenset[str]], list[str]] = {}
    for a in plan.assignments:
        mine = avoid.get(a.guest_id)
        if mine is None or a.course not in table_wine:
            continue
        plate = (
            None if a.dish_id == plan.table_menu.get(a.course) else by_plate[(a.course, a.dish_id)]
        )
        wine = table_wine[a.course] if plate is None else plate.wine
        if wine is None or not (_tokens(wine, facts) & mine):
            continue
        groups.setdefault((a.course, a.dish_id, wine.wine_id, mine), []).append(a.guest_id)
        if plate is None or plate.table_wine_fits:
            pours[a.course] -= 1
        else:
            plate.pours -= 1
    out: list[DrinkSwap] = []
    for (course, dish_id, wine_id, mine), ids in groups.items():
        dish = dishes[dish_id]
        old = next(w for w in wines if w.wine_id == wine_id)
        hit = sorted(facts[wine_id].tokens() & mine)
        why = ", ".join(without_label(k, lang) for k in hit)
        swap = DrinkSwap(course=course, dish_id=dish_id, dish_name=dish.name(lang),
                         guest_ids=ids, instead_of=old.name,
                         conflict=[without_label(k, lang) for k in hit])  # fmt: skip
        safe = [w for w in wines if not (facts[w.wine_id].tokens() & mine)]
        if safe:
            [ranked] = suggest([dish_input(dish)], safe, top=1, lang=lang, kb=kb)
            swap.wine = pour(ranked.suggestions[0])
            swap.pours = len(ids)
            swap.note = _say(lang, "swap", wine=old.name, why=why, other=swap.wine.name)
        else:
            [na] = suggest([dish_input(dish)], [], top=1, lang=lang, non_alcoholic=True,
                           avoid=mine | {ALCOHOL_TRACE}, kb=kb)  # fmt: skip
            if na.suggestions:
                swap.non_alcoholic = pour(na.suggestions[0])
                swap.note = _say(lang, "swap_none", why=why, dish=dish.name(lang),
                                 drink=swap.non_alcoholic.name)  # fmt: skip
            else:
                swap.note = _say(lang, "swap_nothing", why=why, dish=dish.name(lang))
            warnings.append(_say(lang, "warn_swap", course=course, n=len(ids), why=why))
        out.append(swap)
    return sorted(out, key=lambda s: (plan.courses.index(s.course), s.dish_name, s.guest_ids))


def _tokens(drink: PouredDrink, facts: Mapping[str, DrinkAllergens]) -> frozenset[str]:
    known = facts.get(drink.wine_id)
    if known is not None:
        return known.tokens()
    return DrinkAllergens(frozenset(drink.allergens), drink.vegan, "poured").tokens()
