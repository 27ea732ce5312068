"""What a bottle on a list holds for a guest with allergies or a diet: allergens and vegan.

Wine is clarified ("fined") with egg albumin, casein (milk), isinglass (fish) or gelatin,
and nothing on the label says which; beer and chicha de jora are brewed with barley; a pisco
sour has egg white and an algarrobina cocktail milk and egg yolk. A bottle's allergens are
decided in this order, and :class:`DrinkAllergens` ``source`` says which step decided:

1. ``given``: the list says it (``allergens`` / ``vegan`` on :class:`WineInput`);
2. ``catalogue``: the knowledge base's ``wines.csv`` row of the same name;
3. ``recipe:<dish>``: a drink the knowledge base knows as a recipe (pisco sour, chilcano,
   chicha de jora…): the allergens of its ingredients; vegan when every ingredient is known
   and none is animal;
4. ``name:<word>``: a beer or chicha by name (gluten), a cream liqueur (milk);
5. ``style:<style>``: distilled spirits hold none (pisco is vegan: nothing may be added to
   it); anything fermented and possibly fined holds sulphites (wine) and **may contain** egg,
   milk and fish.

Cautious on purpose: a drink whose fining is not known to be vegan may contain egg, milk and
fish, so it never reaches a guest allergic to them, and only a drink known to be vegan
reaches a vegan or vegetarian guest (gelatin is no allergen, but it is no vegetarian's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sazon.knowledge import KnowledgeBase, fold
from sazon.pairing.nonalcoholic import NOT_VEGAN, drink_facts
from sazon.pairing.schemas import WineInput
from sazon.pairing.wine_profile import build_wine_profile

#: What a fined drink may hold when its fining agents are not known.
FINING = frozenset({"eggs", "milk", "fish"})
_ANIMAL = frozenset({"meat", "pork", "fish", "crustacean", "mollusc", "dairy", "egg", "honey",
                     "gelatin"})  # fmt: skip
_DISTILLED = frozenset({"pisco", "spirit"})
# Chicha de jora is often brewed with barley besides the jora (malted maize); chicha morada
# is no beer, and ginger ale no ale.
_BEER = re.compile(
    r"\b(cerveza|beer|lager|pils\w*|stout|ipa|porter|(?<!ginger )ale|weiss\w*|malta|"
    r"cusquena|chicha(?! morada))\b"
)
_CREAM = re.compile(r"\b(crema|cream|leche|milk|baileys)\b")


@dataclass(frozen=True)
class DrinkAllergens:
    """A drink's allergens (what it holds or may hold) and whether it is known vegan."""

    allergens: frozenset[str]
    vegan: bool | None
    source: str

    def tokens(self) -> frozenset[str]:
        """The words a guest's ``avoid`` set is compared with: allergens, plus ``not_vegan``
        for a drink not known to be vegan."""
        return self.allergens | (frozenset() if self.vegan is True else {NOT_VEGAN})


@cache
def _catalogue_by_name(kb: KnowledgeBase) -> dict[str, tuple[frozenset[str], bool | None]]:
    return {fold(w.name): (frozenset(w.allergens), w.vegan) for w in kb.wines.values()}


def _recipe(name: str, kb: KnowledgeBase) -> DrinkAllergens | None:
    dish = kb.find_dish(name)
    if dish is None or dish.course != "bebida":
        return None
    allergens: set[str] = set()
    vegan: bool | None = True
    for written in dish.ingredients:
        match = kb.find_ingredient(written)
        info = kb.ingredients.get(match.id) if match else None
        if _BEER.search(fold(written)):
            allergens.add("gluten")
        if info is None:
            allergens |= FINING  # an ingredient nobody knows may be anything
            vegan = None if vegan is True else vegan
            continue
        allergens |= set(info.allergens)
        if set(info.diet) & _ANIMAL:
            vegan = False
        elif "sulphites" in info.allergens and "alcohol" in info.diet:
            # A wine-based ingredient (vermouth) is fined like wine.
            allergens |= FINING
            vegan = None if vegan is True else vegan
    return DrinkAllergens(frozenset(allergens), vegan, f"recipe:{dish.id}")


def drink_allergens(wine: WineInput, kb: KnowledgeBase) -> DrinkAllergens:
    """The allergens of a bottle on a list (see the module docstring for the order).

    >>> from sazon.knowledge import load_knowledge
    >>> kb = load_knowledge()
    >>> sorted(drink_allergens(WineInput(wine_id="s", name="Pisco sour"), kb).allergens)
    ['eggs']
    >>> drink_allergens(WineInput(wine_id="b", name="Cerveza Cusqueña"), kb).allergens >= {"gluten"}
    True
    """
    if wine.allergens is not None:
        return DrinkAllergens(frozenset(wine.allergens), wine.vegan, "given")
    if wine.wine_id.startswith("na:"):
        drink = drink_facts(wine.wine_id)
        if drink is not None:
            return DrinkAllergens(drink.contains, drink.vegan, "catalogue")
    name = fold(wine.name)
    known = _catalogue_by_name(kb).get(name)
    if known is not None:
        return DrinkAllergens(known[0], known[1] if wine.vegan is None else wine.vegan,
                              "catalogue")  # fmt: skip
    recipe = _recipe(wine.name, kb)
    if recipe is not None:
        return recipe
    if hit := _BEER.search(name):
        return DrinkAllergens(frozenset({"gluten"}) | FINING, wine.vegan, f"name:{hit.group(1)}")
    style = build_wine_profile(wine).style
    if hit := _CREAM.search(name):  # crema de pisco, cream liqueurs
        base = _style_allergens(style, None)
        return DrinkAllergens(base.allergens | {"milk"}, False, f"name:{hit.group(1)}")
    return _style_allergens(style, wine.vegan)


def _style_allergens(style: str, vegan: bool | None) -> DrinkAllergens:
    if style in _DISTILLED:
        # Pisco: nothing may be added to it by its denomination of origin.
        return DrinkAllergens(frozenset(), True if style == "pisco" else vegan, f"style:{style}")
    if style == "sake":  # fined with persimmon tannin or gelatin, not with egg, milk or fish
        return DrinkAllergens(frozenset(), vegan, "style:sake")
    base = frozenset({"sulphites"}) if style in {"still", "sparkling", "fortified"} else frozenset()
    if vegan is True:
        return DrinkAllergens(base, True, f"style:{style}")
    return DrinkAllergens(base | FINING, vegan, f"style:{style}")
