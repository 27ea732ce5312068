"""``pairing_note``: "why this wine" for a dish, from the sommelier rules that matched."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from sazon.generate import formatting as fmt
from sazon.generate import words
from sazon.generate.facts import DishFacts, Facts, WineFacts
from sazon.generate.grammar import Noun
from sazon.generate.kinds.common import Ctx, ingredient_noun, wine_noun
from sazon.generate.phrasebank import Picker
from sazon.generate.registry import Composition, KindSpec
from sazon.generate.sentences import join
from sazon.knowledge import AROMAS, fold

ReasonCode = Literal[
    "acid_with_acid", "acid_cuts_fat", "tannin_with_protein", "heat_off_dry",
    "heat_low_alcohol", "sweet_enough", "bubbles_with_fried", "weight_match", "aroma_bridge",
    "contrast", "umami_low_tannin", "salt_with_acid", "local_match",
]  # fmt: skip


class PairingReason(Facts):
    """One sommelier rule that matched, with the dish ingredient or aromas it is about."""

    code: ReasonCode
    ingredient: str | None = None
    aromas: list[str] = Field(default_factory=list)

    @field_validator("aromas")
    @classmethod
    def _aromas(cls, value: list[str]) -> list[str]:
        unknown = [a for a in value if a not in AROMAS]
        if unknown:
            raise ValueError(f"unknown aroma(s) {unknown}; use the knowledge-base aromas")
        return value


class PairingNoteFacts(Facts):
    """A dish, the drink suggested for it and the reasons, best first."""

    dish: DishFacts
    wine: WineFacts
    reasons: list[PairingReason] = Field(min_length=1, max_length=4)
    show_price: bool = False

    @model_validator(mode="after")
    def _ingredients_of_the_dish(self) -> PairingNoteFacts:
        # A reason may only name an ingredient the dish has: the note must stay grounded.
        have = {fold(i) for i in self.dish.ingredients}
        for reason in self.reasons:
            if reason.ingredient and fold(reason.ingredient) not in have:
                raise ValueError(
                    f"reason {reason.code}: {reason.ingredient!r} is not an ingredient of "
                    f"{self.dish.name}"
                )
        return self


def compose(facts: PairingNoteFacts, picker: Picker) -> Composition:
    lang = picker.lang
    wine = facts.wine
    ctx: Ctx = {"wine": wine_noun(wine, lang), "dish": Noun.dish(facts.dish.name, lang)}
    if wine.grapes:
        ctx["grape"] = wine.grapes[0]
    if wine.region:
        ctx["region"] = wine.region
    if facts.show_price:
        if wine.price_pen is not None:
            ctx["price"] = fmt.money(wine.price_pen)
        if wine.glass_price_pen is not None:
            ctx["glass_price"] = fmt.money(wine.glass_price_pen)
    if wine.by_the_glass:
        ctx["by_glass"] = "yes"
    sentences = [picker.say("open", ctx)]
    for reason in facts.reasons[:3]:
        rctx = dict(ctx)
        if reason.ingredient:
            rctx["ingredient"] = ingredient_noun(reason.ingredient, lang)
        if reason.aromas:
            rctx["aromas"] = join([words.aroma(a, lang) for a in reason.aromas], lang)
        sentences.append(picker.say(f"reason_{reason.code}", rctx))
    if "by_glass" in ctx or "price" in ctx or "glass_price" in ctx:
        sentences.append(picker.say("service", ctx))
    return Composition(parts={"text": " ".join(s for s in sentences if s)})


SPEC = KindSpec(
    name="pairing_note",
    facts=PairingNoteFacts,
    compose=compose,
    parts=("text",),
    brief={
        "es": "Una nota breve (dos a cuatro oraciones) que explique por qué esta bebida "
        "acompaña este plato, usando solo las razones dadas (reasons) y los componentes que "
        "nombran. No describas aromas ni ingredientes que no estén en los datos.",
        "en": "A short note (two to four sentences) explaining why this drink goes with this "
        "dish, using only the given reasons and the components they name. Do not describe "
        "aromas or ingredients that are not in the facts.",
    },
)
