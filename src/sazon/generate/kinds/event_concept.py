"""``event_concept``: title, theme, story and menu lines for a dinner or a tasting."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from sazon.generate import formatting as fmt
from sazon.generate import words
from sazon.generate.facts import DishFacts, Facts, GuestMix, WineFacts
from sazon.generate.grammar import Lang, Noun, inflect
from sazon.generate.kinds.common import (
    Ctx,
    dish_ctx,
    dish_list,
    guests_ctx,
    when_ctx,
    wines_noun,
)
from sazon.generate.phrasebank import Picker
from sazon.generate.registry import Composition, KindSpec
from sazon.generate.sentences import capitalise

EventFormat = Literal["dinner", "tasting", "pairing_dinner", "lunch", "cocktail"]


class EventConceptFacts(Facts):
    """The chosen dishes (in serving order), the guest mix and the event's details.

    ``occasion`` is a noun phrase with its article, as it reads after "para celebrar" /
    "to celebrate": "el aniversario de la casa", "Lucía's 40th birthday".
    ``restrictions_handled`` says the menu already serves every restricted guest (the
    planner's guarantee), so the text may say so; otherwise it only mentions them.
    """

    format: EventFormat = "dinner"
    dishes: list[DishFacts] = Field(min_length=1, max_length=20)
    guests: GuestMix
    starts_at: datetime | date | None = None
    occasion: str | None = None
    venue: str | None = None
    host: str | None = None
    wines: list[WineFacts] = Field(default_factory=list)
    price_per_guest_pen: float | None = Field(default=None, ge=0)
    restrictions_handled: bool = False
    show_prices: bool = False


def _themes(dishes: list[DishFacts]) -> list[str]:
    """The cuisines that set the theme: savoury ones first, the most frequent first."""
    cuisines = [d.cuisine for d in dishes if d.cuisine]
    savoury = [c for c in cuisines if c not in ("postre", "bebida")]
    counted = Counter(savoury or cuisines)
    order = {c: i for i, c in reversed(list(enumerate(savoury or cuisines)))}
    return sorted(counted, key=lambda c: (-counted[c], order[c]))[:2]


def _theme_ctx(dishes: list[DishFacts], event: Noun, lang: Lang) -> Ctx:
    themes = _themes(dishes)
    ctx: Ctx = {}
    if not themes:
        return ctx
    first = words.cuisine(themes[0], lang)
    if lang == "es":
        ctx["theme_adj"] = inflect(first["adj"], "f", False)
        agr = event.agreement
        if agr is not None:
            ctx["event_adj"] = inflect(first["adj"], agr.gender, agr.plural)
    else:
        ctx["theme_adj"] = ctx["event_adj"] = first["adj"]
    ctx["theme_of"] = first["of"]
    ctx["theme_phrase"] = first["phrase"]
    if len(themes) > 1:
        second = words.cuisine(themes[1], lang)
        ctx["theme2_phrase"] = second["phrase"]
        if "place" in first and "place" in second:
            ctx["place_a"], ctx["place_b"] = first["place"], second["place"]
    return ctx


def _courses_ctx(dishes: list[DishFacts], lang: Lang) -> Ctx:
    ctx: Ctx = {}
    nouns = [Noun.dish(d.name, lang) for d in dishes]
    if len(dishes) == 1:
        ctx["only"] = nouns[0]
        return ctx
    unit = ("tiempo", "tiempos") if lang == "es" else ("course", "courses")
    ctx["courses"] = fmt.count(len(dishes), *unit, lang)
    ctx["dishes"] = dish_list(dishes, lang)
    ctx["first"], ctx["last"] = nouns[0], nouns[-1]
    if len(dishes) >= 3:
        ctx["middle"] = dish_list(dishes[1:-1], lang)
    mains = [n for d, n in zip(dishes, nouns, strict=True) if d.course == "fondo"]
    desserts = [n for d, n in zip(dishes, nouns, strict=True) if d.course == "postre"]
    if mains and desserts:
        ctx["main"], ctx["dessert"] = mains[0], desserts[0]
    return ctx


def menu_line(dish: DishFacts, picker: Picker, *, show_price: bool) -> str:
    """``Entrada: Causa limeña de pollo — papa amarilla, ají amarillo y limón · S/ 24.00``."""
    lang = picker.lang
    ctx = dish_ctx(dish, lang)
    tail = picker.say("menu_line", ctx, sentence=False)
    line = capitalise(dish.name)
    if dish.course:
        line = f"{capitalise(words.course_noun(dish.course, lang).text)}: {line}"
    if tail:
        line = f"{line} — {tail}"
    if show_price and dish.price_pen is not None:
        line = f"{line} · {fmt.money(dish.price_pen)}"
    return line


# Facts the story says once: after a sentence uses one, the next sentences do without it.
_ONCE = frozenset(
    {"guests", "mix", "date", "time", "occasion", "venue", "host", "courses", "season", "month",
     "theme_phrase", "theme2_phrase", "place_a", "place_b", "dishes", "restrictions"}
)  # fmt: skip


# The title may share the theme's words, but not its count of courses or its occasion.
_ONCE_AFTER_TITLE = frozenset({"courses", "occasion"})


def compose(facts: EventConceptFacts, picker: Picker) -> Composition:
    lang = picker.lang
    event = words.format_noun(facts.format, lang)
    ctx: Ctx = {"event": event}
    ctx |= _theme_ctx(facts.dishes, event, lang)
    ctx |= when_ctx(facts.starts_at, lang)
    ctx |= guests_ctx(facts.guests, lang)
    ctx |= _courses_ctx(facts.dishes, lang)
    for key in ("occasion", "venue", "host"):
        value = getattr(facts, key)
        if value:
            ctx[key] = " ".join(value.split())
    if facts.wines:
        ctx["wines"] = wines_noun(facts.wines, lang)
    if facts.price_per_guest_pen is not None:
        ctx["price"] = fmt.money(facts.price_per_guest_pen)
    if facts.format != "lunch" and (facts.starts_at is None or fmt.is_evening(facts.starts_at)):
        ctx["evening"] = "yes"

    title = picker.say_once("title", ctx, _ONCE_AFTER_TITLE) or ""
    theme = picker.say_once("theme", ctx, _ONCE) or ""
    story = [picker.say_once("open", ctx, _ONCE), picker.say_once("courses", ctx, _ONCE)]
    if "guests" in ctx or "mix" in ctx:
        story.append(picker.say_once("guests", ctx, _ONCE))
    if "restrictions" in ctx:
        slot = "restrictions_handled" if facts.restrictions_handled else "restrictions"
        story.append(picker.say_once(slot, ctx, _ONCE))
    if facts.wines:
        story.append(picker.say_once("wine", ctx, _ONCE))
    if "price" in ctx:
        story.append(picker.say_once("price", ctx, _ONCE))
    story.append(picker.say_once("close", ctx, _ONCE))
    parts = {"title": title, "theme": theme, "story": " ".join(s for s in story if s)}
    items = [menu_line(d, picker, show_price=facts.show_prices) for d in facts.dishes]
    return Composition(parts=parts, items=items)


SPEC = KindSpec(
    name="event_concept",
    facts=EventConceptFacts,
    compose=compose,
    parts=("title", "theme", "story"),
    items="menu",
    items_heading={"es": "Menú", "en": "Menu"},
    brief={
        "es": "El concepto de un evento gastronómico: un título breve (title), una línea de "
        "tema (theme), una historia de tres a cinco oraciones (story) que presente la fecha, "
        "el recorrido del menú y a los invitados, y una línea de menú por plato, en el mismo "
        "orden (menu), cada una con el nombre del plato tal cual.",
        "en": "The concept of a food event: a short title, a one-line theme, a story of three "
        "to five sentences (story) presenting the date, the menu's progression and the "
        "guests, and one menu line per dish, in the same order (menu), each with the dish "
        "name exactly as given.",
    },
)
