"""Slots every kind shares: a dish, a wine, the guest mix, dates."""

from __future__ import annotations

from datetime import date, datetime

from sazon.generate import formatting as fmt
from sazon.generate import words
from sazon.generate.facts import DishFacts, GuestMix, WineFacts
from sazon.generate.grammar import Agreement, Lang, Noun, inflect, spanish_agreement
from sazon.generate.phrasebank import SlotValue
from sazon.generate.sentences import join
from sazon.knowledge import fold

Ctx = dict[str, SlotValue]

# Pantry staples a menu never lists as a highlight.
_STAPLES = frozenset(
    fold(w)
    for w in (
        "sal", "sal marina", "pimienta", "pimienta negra", "pimienta blanca", "aceite",
        "aceite vegetal", "agua", "hielo", "azúcar", "glutamato monosódico", "salt", "pepper",
        "black pepper", "white pepper", "vegetable oil", "oil", "water", "ice", "sugar", "MSG",
    )
)  # fmt: skip


def lower_first(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def highlights(dish: DishFacts, n: int = 3) -> list[str]:
    """The ingredients worth naming, in the order given, staples left out."""
    picked = [lower_first(i) for i in dish.ingredients if fold(i) not in _STAPLES]
    return picked[:n]


def ingredient_noun(name: str, lang: Lang) -> Noun:
    agreement = spanish_agreement(name) if lang == "es" else Agreement("m", False)
    return Noun(lower_first(name), lang, agreement)


def dish_ctx(dish: DishFacts, lang: Lang, *, prefix: str = "") -> Ctx:
    """The slots of one dish: name, ingredients, cooking, course, price, allergens, diets."""
    noun = Noun.dish(dish.name, lang)
    ctx: Ctx = {f"{prefix}dish": noun}
    picked = highlights(dish)
    if picked:
        ctx[f"{prefix}ingredients"] = join(picked, lang)
        ctx[f"{prefix}ingredient"] = ingredient_noun(picked[0], lang)
    if len(picked) >= 2:
        ctx[f"{prefix}ingredients_two"] = join(picked[:2], lang)
    name = fold(dish.name)
    # Boiling is how a causa's potatoes or a pasta's noodles start: when a dish has another
    # method, that one says how the dish is made ("armada al momento", "frito").
    methods = [c for c in dish.cooking if c != "boiled"] or dish.cooking
    for code in methods:
        adj, phrase = words.cooking(code, lang)
        # "Paiche a la parrilla" needs no "a la parrilla" after it.
        adj = None if adj and fold(adj.replace("~", "")).split()[-1] in name else adj
        phrase = None if phrase and fold(phrase) in name else phrase
        if adj and f"{prefix}cooking_adj" not in ctx:
            if lang == "en":
                ctx[f"{prefix}cooking_adj"] = adj
            elif noun.agreement is not None:
                agr = noun.agreement
                ctx[f"{prefix}cooking_adj"] = inflect(adj, agr.gender, agr.plural)
        if phrase and f"{prefix}cooking_phrase" not in ctx:
            ctx[f"{prefix}cooking_phrase"] = phrase
    if dish.course:
        ctx[f"{prefix}course"] = words.course_noun(dish.course, lang)
    if dish.price_pen is not None:
        ctx[f"{prefix}price"] = fmt.money(dish.price_pen)
    if dish.allergens:
        ctx[f"{prefix}allergens"] = join([words.allergen(a, lang) for a in dish.allergens], lang)
    if dish.free_from:
        names = [words.allergen(a, lang) for a in dish.free_from]
        ctx[f"{prefix}free_nor"] = join(names, lang, conj="nor")
        ctx[f"{prefix}free_and"] = join(names, lang)
    if dish.diet:
        ctx[f"{prefix}diet_people"] = join([words.diet_people(d, lang) for d in dish.diet], lang)
    return ctx


def dish_with_article(dish: DishFacts, lang: Lang) -> str:
    """``la causa limeña`` when the gender is known, the bare name otherwise."""
    noun = Noun.dish(dish.name, lang)
    return noun.form("el" if lang == "es" else "name") or noun.text


def dish_list(dishes: list[DishFacts], lang: Lang) -> str:
    return join([dish_with_article(d, lang) for d in dishes], lang)


def wine_noun(wine: WineFacts, lang: Lang) -> Noun:
    # A wine's name stands for "el vino" / "el pisco": masculine singular in Spanish.
    return Noun.proper(wine.name, lang)


def wines_noun(wines: list[WineFacts], lang: Lang) -> Noun:
    return Noun.proper(join([w.name for w in wines], lang), lang, plural=len(wines) > 1)


def guests_ctx(mix: GuestMix, lang: Lang) -> Ctx:
    """``guests`` ("doce comensales"), ``mix`` (who they are), ``restrictions``."""
    sg, pl, gender = words.guest_noun(lang)
    ctx: Ctx = {"guests": fmt.count(mix.total, sg, pl, lang, gender)}
    parts: list[str] = []
    for key in words.GUEST_PARTS:
        n = getattr(mix, key)
        if n:
            psg, ppl, pgender = words.guest_part(key, lang)
            parts.append(fmt.count(n, psg, ppl, lang, pgender))
    if parts:
        ctx["mix"] = join(parts, lang)
    groups = [
        words.restriction(label).group(n, lang)
        for label, n in sorted(mix.restrictions.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if groups:
        ctx["restrictions"] = join(groups, lang)
    return ctx


def when_ctx(value: datetime | date | None, lang: Lang) -> Ctx:
    """``date`` (sábado 12 de diciembre), ``time`` (a las 8:00 p. m.), ``month``, ``season``."""
    if value is None:
        return {}
    ctx: Ctx = {
        "date": fmt.day(value, lang),
        "month": fmt.month(value, lang),
        "season": fmt.season(value, lang),
    }
    if isinstance(value, datetime):
        ctx["time"] = fmt.at_clock(value, lang)
    return ctx
