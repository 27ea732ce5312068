"""``menu_description``: a few sentences for one dish on a menu or a menu card."""

from __future__ import annotations

from sazon.generate.facts import DishFacts, Facts, WineFacts
from sazon.generate.kinds.common import dish_ctx, wine_noun
from sazon.generate.phrasebank import Picker
from sazon.generate.registry import Composition, KindSpec


class MenuDescriptionFacts(Facts):
    """One dish, optionally the wine suggested with it."""

    dish: DishFacts
    wine: WineFacts | None = None
    show_price: bool = True
    show_allergens: bool = True


_COOKING = frozenset({"cooking_adj", "cooking_phrase"})


def describe(facts: MenuDescriptionFacts, picker: Picker) -> list[str]:
    """The sentences of a dish description (also used for menus inside other kinds)."""
    lang = picker.lang
    ctx = dish_ctx(facts.dish, lang)
    if facts.wine is not None:
        ctx["wine"] = wine_noun(facts.wine, lang)
    if not facts.show_price:
        ctx.pop("price", None)
    bank = "menu_description"
    lead = picker.say("lead", ctx, bank=bank)
    if picker.last_slots & _COOKING:
        # The lead already said how it is cooked; the detail says something else.
        for slot in _COOKING:
            ctx.pop(slot, None)
    sentences = [lead, picker.say("detail", ctx, bank=bank)]
    if facts.dish.diet:
        sentences.append(picker.say("diet", ctx, bank=bank))
    if facts.dish.free_from:
        sentences.append(picker.say("free", ctx, bank=bank))
    if facts.show_allergens and facts.dish.allergens:
        sentences.append(picker.say("allergens", ctx, bank=bank))
    if facts.wine is not None:
        sentences.append(picker.say("wine", ctx, bank=bank))
    if "price" in ctx:
        sentences.append(picker.say("price", ctx, bank=bank))
    return [s for s in sentences if s]


def compose(facts: MenuDescriptionFacts, picker: Picker) -> Composition:
    return Composition(parts={"text": " ".join(describe(facts, picker))})


SPEC = KindSpec(
    name="menu_description",
    facts=MenuDescriptionFacts,
    compose=compose,
    parts=("text",),
    brief={
        "es": "Una descripción de carta para un plato: dos a cuatro oraciones breves y "
        "apetitosas. Si hay alérgenos, menciónalos; si hay precio y show_price es true, "
        "inclúyelo tal cual.",
        "en": "A menu description for one dish: two to four short, appetising sentences. "
        "Mention its allergens if any; include the price as given if show_price is true.",
    },
)
