"""Sommelier knowledge as explicit rules, each with an id, a weight and a description.

Every rule reads a dish profile and a wine profile and returns a verdict in [-1, 1] (or
nothing, when it does not apply): +1 "this is why it works", -1 "this is why it clashes". The
rules score of a pair is the weighted sum of the verdicts. ``docs/pairing.md`` has the same
table for people; a test checks both say the same.

``kind`` tells what sort of pairing a rule stands for: ``congruent`` (like with like: acid
with acid, cream with a round wine, shared aromas), ``contrast`` (opposites that balance:
sweetness against heat, acidity against fat, sweetness against salt), ``structure`` (the
proportions must fit: weight and body, the dessert's sugar) and ``clash`` (things that go
wrong: tannin with raw fish, heat with tannin and oak).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sazon.pairing.rule_checks import (
    Hit,
    acid_cuts_fat,
    acid_with_acid,
    aromatic_bridge,
    bitterness_tannin,
    creamy_round_white,
    dessert_sweeter,
    dry_wine_dessert_tannin,
    fried_bubbles_acid,
    heat_off_dry_low_alcohol,
    heat_vs_tannin_oak,
    oak_smothers_delicate,
    salt_likes_acid_sweet,
    sharp_wine_mild_dish,
    spirits_aside,
    sweet_wine_savoury,
    tannin_fat_protein,
    umami_raw_fish_tannin,
    weight_matches_body,
)
from sazon.pairing.schemas import DishProfile, WineProfile

Check = Callable[[DishProfile, WineProfile], Hit | None]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    weight: float
    es: str
    en: str
    check: Check


RULES: tuple[Rule, ...] = (
    Rule("acid_with_acid", "congruent", 2.0,
         "Ácido con ácido: el vino debe ser al menos tan ácido como el plato (limón, vinagre, "
         "tomate), o se siente plano; el azúcar del vino le resta acidez al paladar.",
         "Acid with acid: the wine must be at least as acidic as the dish (lime, vinegar, "
         "tomato), or it tastes flat; a wine's sugar takes some acidity off the palate.",
         acid_with_acid),
    Rule("tannin_fat_protein", "structure", 1.5,
         "Los taninos piden grasa y proteína: se suavizan con carnes y guisos, y raspan con "
         "platos ligeros; la carne roja pide algo de tanino y sin él el vino se siente delgado.",
         "Tannin wants fat and protein: meat and stews soften it, light dishes make it rasp; "
         "red meat asks for some, and a wine with none tastes thin beside it.",
         tannin_fat_protein),
    Rule("heat_off_dry_low_alcohol", "contrast", 2.0,
         "El picante de verdad pide un toque dulce (semiseco, no dulce) y poco alcohol; el "
         "alcohol alto aviva el ají desde el primer picor.",
         "Real heat calls for a touch of sweetness (off-dry, not sweet) and low alcohol; high "
         "alcohol fans the chilli from the first tingle.",
         heat_off_dry_low_alcohol),
    Rule("heat_vs_tannin_oak", "clash", 2.0,
         "El picante choca con los taninos y la madera: los vuelve ásperos y amargos.",
         "Heat clashes with tannin and oak: it makes them harsh and bitter.",
         heat_vs_tannin_oak),
    Rule("dessert_sweeter", "structure", 3.0,
         "El vino debe ser al menos tan dulce como el postre, o se siente agrio; un agridulce "
         "salado (maracuyá, tamarindo) pide un toque dulce, a lo más semiseco.",
         "The wine must be at least as sweet as the dessert, or it tastes sour; a savoury "
         "sweet-and-sour sauce (passion fruit, tamarind) wants a touch, off-dry at most.",
         dessert_sweeter),
    Rule("sweet_wine_savoury", "clash", 2.0,
         "El azúcar del vino se gana con picante, sal o dulzor en el plato; sin ellos un "
         "semiseco cansa un poco, y un vino de postre nunca va con un plato salado.",
         "A wine's sugar must be earned by heat, salt or sweetness in the dish; without them "
         "an off-dry wine tires a little, and a dessert wine never suits a savoury plate.",
         sweet_wine_savoury),
    Rule("fried_bubbles_acid", "contrast", 1.5,
         "Fritura con burbuja y acidez alta (o un fino): limpian el aceite del paladar.",
         "Fried food with bubbles and high acidity (or a fino): they scrub the oil away.",
         fried_bubbles_acid),
    Rule("weight_matches_body", "structure", 2.0,
         "Peso con peso: un plato ligero con un vino ligero (no el más delgado de la carta), "
         "un guiso con un vino de cuerpo.",
         "Weight matches weight: a light dish with a light wine (not the thinnest on the list), "
         "a stew with a full one.",
         weight_matches_body),
    Rule("umami_raw_fish_tannin", "clash", 2.0,
         "Pescado crudo, mariscos y umami con taninos dejan un gusto metálico.",
         "Raw fish, shellfish and umami with tannin leave a metallic taste.",
         umami_raw_fish_tannin),
    Rule("salt_likes_acid_sweet", "contrast", 1.0,
         "La sal pide acidez o un toque dulce, que la equilibran.",
         "Salt likes acidity or a touch of sweetness, which balance it.",
         salt_likes_acid_sweet),
    Rule("aromatic_bridge", "congruent", 1.5,
         "Puentes aromáticos: cítricos con cítricos, hierbas con hierbas, ahumado con "
         "tostado…",
         "Aromatic bridges: citrus with citrus, herbs with herbs, smoke with toast…",
         aromatic_bridge),
    Rule("acid_cuts_fat", "contrast", 1.0,
         "Contraste: la acidez y la burbuja cortan la grasa y refrescan el paladar.",
         "Contrast: acidity and bubbles cut through fat and refresh the palate.",
         acid_cuts_fat),
    Rule("creamy_round_white", "congruent", 0.75,
         "Congruencia: un blanco redondo (o con barrica) acompaña las salsas cremosas.",
         "Congruence: a round (or oaked) white mirrors creamy sauces.",
         creamy_round_white),
    Rule("bitterness_tannin", "clash", 0.75,
         "Lo amargo (char, hierbas amargas) con taninos se vuelve más amargo.",
         "Bitterness (char, bitter herbs) with tannin turns more bitter.",
         bitterness_tannin),
    Rule("spirits_aside", "structure", 2.5,
         "Piscos y destilados se sirven de aperitivo o bajativo, no para acompañar el plato.",
         "Piscos and spirits are aperitifs or digestifs, not wines for the course.",
         spirits_aside),
    Rule("oak_smothers_delicate", "clash", 1.0,
         "La madera marcada tapa los platos delicados, crudos o de mar.",
         "Heavy oak smothers delicate, raw or seafood dishes.",
         oak_smothers_delicate),
    Rule("dry_wine_dessert_tannin", "clash", 1.0,
         "Un tinto seco y tánico con postre (o con un plato agridulce) se vuelve amargo y áspero.",
         "A dry, tannic red with dessert (or a sweet-and-sour dish) turns bitter and harsh.",
         dry_wine_dessert_tannin),
    Rule("sharp_wine_mild_dish", "clash", 1.0,
         "Sin acidez en el plato (una crema de ají, un glaseado de sillao), un vino muy ácido "
         "se siente agrio y delgado; pide un vino más redondo.",
         "With no acidity on the plate (a creamy ají sauce, a soy glaze), a sharp wine tastes "
         "tart and thin; it wants a rounder one.",
         sharp_wine_mild_dish),
)  # fmt: skip

RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def evaluate(d: DishProfile, w: WineProfile) -> dict[str, Hit]:
    """Every rule that applies to the pair, by id."""
    hits: dict[str, Hit] = {}
    for rule in RULES:
        hit = rule.check(d, w)
        if hit is not None and hit.value != 0:
            hits[rule.id] = hit
    return hits


def rules_score(hits: dict[str, Hit]) -> float:
    """The weighted sum of the verdicts: the score of "rules alone"."""
    return sum(RULES_BY_ID[r].weight * h.value for r, h in hits.items())
