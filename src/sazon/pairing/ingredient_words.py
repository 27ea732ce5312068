"""Reading a menu's words for the pairing: a course as people write it ("Dessert" →
postre), and one written ingredient resolved to the knowledge base's ("2 papas fritas" →
papa, fried), with how it was matched. A word it cannot resolve stays unresolved: nothing
is guessed.
"""

from __future__ import annotations

import re

from sazon.knowledge import IngredientInfo, KnowledgeBase, fold
from sazon.pairing.preparations import (
    CUT_WORDS,
    FILLER_PHRASES,
    FILLER_WORDS,
    INGREDIENT_COOKING,
)

PROTEIN = frozenset({"seafood_fish", "seafood_shellfish", "meat", "poultry", "pork", "offal"})

COURSE_WORDS = {
    "entrada": "entrada", "entradas": "entrada", "starter": "entrada", "appetizer": "entrada",
    "sopa": "sopa", "soup": "sopa", "fondo": "fondo", "segundo": "fondo", "main": "fondo",
    "plato de fondo": "fondo", "main course": "fondo", "principal": "fondo",
    "postre": "postre", "postres": "postre", "dessert": "postre", "piqueo": "piqueo",
    "piqueos": "piqueo", "snack": "piqueo", "tapa": "piqueo", "bebida": "bebida",
    "drink": "bebida",
}  # fmt: skip

_QUANTITY = re.compile(
    r"\b\d+([.,]\d+)?\s*(g|gr|grs|gramos|kg|ml|l|lt|litros?|tazas?|cdas?|cditas?|cucharadas?|"
    r"unidades?|u|oz|lb|cups?|tbsp|tsp)?\b"
)
_PARENS = re.compile(r"\([^)]*\)")
_SPLIT = re.compile(r"\s+(?:y|e|and|con|with)\s+|\s*[,/+&]\s*")


def course_of(written: str | None) -> str | None:
    """A course word as the knowledge base writes it ("Dessert" → "postre"), or None."""
    if not written:
        return None
    return COURSE_WORDS.get(fold(written), fold(written) or None)


def resolve(kb: KnowledgeBase, written: str) -> tuple[list[tuple[IngredientInfo, str]], str | None]:
    """Resolve one written ingredient: the matches (with how) and a cooking word it carried.

    Tries the words as written, then without quantities, fillers and cooking adjectives
    ("2 papas fritas" → papa, fried), then split on "y"/"and"/commas, then a close spelling
    for its flavour only, reported as ``suggested:<name>`` (a pairing never decides an
    allergen; the safety check reads the same word as unknown).
    """
    exact = kb.find_ingredient(written)
    # A "modified" match goes through the cleaning below, which keeps the cooking word.
    if exact and exact.how != "modified":
        return [(kb.ingredients[exact.id], exact.how)], None
    text = _PARENS.sub(" ", fold(written))
    text = _QUANTITY.sub(" ", text)
    for phrase in FILLER_PHRASES:
        text = text.replace(phrase, " ")
    cooking = None
    for word, method in sorted(INGREDIENT_COOKING.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text):
            cooking = cooking or method
            text = re.sub(rf"(?<![a-z]){re.escape(word)}(?![a-z])", " ", text)
    words = [w for w in text.split() if w not in FILLER_WORDS]
    while words and words[0] in {"de", "del", "la", "el", "los", "las", "of", "the", "some"}:
        words = words[1:]
    while words and words[-1] in {"de", "del", "of", "al", "a"}:
        words = words[:-1]
    cleaned = " ".join(words)
    if cleaned and cleaned != fold(written):
        hit = kb.find_ingredient(cleaned)
        if hit:
            return [(kb.ingredients[hit.id], "cleaned")], cooking
    parts = [p for p in _SPLIT.split(cleaned) if p.strip()]
    if len(parts) > 1:
        found = [kb.find_ingredient(p) for p in parts]
        if all(found):
            return [(kb.ingredients[m.id], "cleaned") for m in found if m], cooking
    for candidate in (cleaned, written):
        close = kb.suggest_ingredients(candidate, 1, cutoff=88.0) if candidate else []
        if close:
            return [(kb.ingredients[close[0].id], f"suggested:{close[0].matched}")], cooking
    # Last: a cut or part of an animal the knowledge base knows as meat ("costillas de cerdo",
    # "alitas de pollo", "cabeza de pescado"). Reported as "partial" so nobody mistakes it for
    # an exact match; "queso de cabra" or "leche de tigre" stay unknown rather than guessed.
    words = cleaned.split()
    if len(words) >= 3 and words[0] in CUT_WORDS and words[1] in {"de", "del"}:
        rest = " ".join(words[2:])
        hit = kb.find_ingredient(rest)
        if hit and kb.ingredients[hit.id].category in PROTEIN:
            return [(kb.ingredients[hit.id], f"partial:{rest}")], cooking
    return [], cooking
