"""Which clauses of a free note speak of food, allergies, diet or health.

A guest's notes ("mesa junto a la ventana, alérgica al maní") mix the table they like with
what they may eat. Every reader of guest files sends the clauses that matter here to the
restriction parser, so an allergy written only in the notes reaches the planner, while
"cumpleaños de su esposa" does not make a guest look restricted.

A clause is kept when it names a restriction (an allergy, intolerance, diet, pregnancy or
health word, or a term of the restriction vocabulary), or when it names a food (an
ingredient or dish of the knowledge base, or a food word) and either says *no* to it ("odia
la cebolla", "nada picante", "no le gusta el culantro") or is a bare list of foods ("maní,
nueces"). A clause about a food the guest likes or orders ("le encanta el tiradito",
"siempre pide pisco sour de bienvenida") stays a note, for personalisation: read as a
restriction it would only make the guest look restricted.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from sazon.knowledge.base import KnowledgeBase, load_knowledge
from sazon.knowledge.restrictions import says_what_they_eat
from sazon.knowledge.text import fold, keys

# Clauses of a note: sentences, commas, semicolons, "pero"/"but". Brackets stay inside their
# clause, so "vegetariana (come huevos)" reaches the parser whole.
_CLAUSES = re.compile(r"[.;,!?\n|]+|\s+(?:pero|but)\s+", re.IGNORECASE)

# Words that speak of restrictions or health, matched on folded text (accents and case gone).
_RESTRICTION_WORDS = re.compile(
    r"\b(?:alergi\w*|alergic\w*|allerg\w*|intoleran\w*|anafila\w*|anaphyla\w*|epipen|"
    r"celiac\w*|celiaqui\w*|coeliac\w*|dieta?s?|dietari\w*|dietetic\w*|vegan\w*|vegetarian\w*|"
    r"pescetarian\w*|pescatarian\w*|ovolacto\w*|kosher|halal|keto|embaraz\w*|gestante|gestacion|"
    r"pregnan\w*|lactancia|lactando|breastfeeding|diabet\w*|hipertens\w*|hypertens\w*|"
    r"colesterol|cholesterol|renal|gota|gout|abstemi\w*|alcohol\w*|sobri\w*|teetotal|"
    r"gluten|lactosa|lactose|lacteos?|dairy|sodio|sodium|restriccion\w*|restriction\w*|"
    r"no come|no comen|no puede comer|no consume|no toma|no bebe|evita|avoids?|"
    r"doesn t eat|does not eat|can t eat|cannot eat|don t eat)\b"
)


def _wordset(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Food words beyond the knowledge base's names.
_FOOD_WORDS = _wordset(
    "comida comidas comer plato platos bebida bebidas trago tragos picante picantes crudo cruda "
    "crudos crudas frito fritos fritura dulce dulces postre postres carne carnes mariscos "
    "marisco pescado pescados frutos secos condimento condimentos salsa salsas aderezo sazon "
    "food foods eat eating drink drinks dish dishes spicy raw fried dessert desserts seafood "
    "meat sauce sauces",
)

# Knowledge-base names that are everyday words in a note: "vino con su esposa" (came),
# "pasa a recogerla", "habla otra lengua", "te esperamos", "en mayo". Left out, so such a
# note does not flag a guest; as a restriction ("sin vino") the restriction words still hold.
_AMBIGUOUS = _wordset(
    "vino pasa pasas lengua te mayo sal res papa pan agua hielo ice water soda port sole royal "
    "dorado bonito maduro amargo cancha corazon perico paria limo chita mote hen roe coca "
    "col oca mero lima caldo crema nata mango orange",
)


# Words that say *no* to what follows (or precedes: "cebolla no").
_NEGATIVE = _wordset(
    "no nunca jamas sin nada ni cero odia odio detesta evita evitar tampoco menos "
    "not never without none nor hates hate dislikes dislike avoid avoids free",
)
# Little words a bare list of foods may hold: "maní y nueces", "the shrimp".
_LIST_WORDS = _wordset("y e o u de del la el los las al a and or the of")


@cache
def _vocabulary_terms() -> frozenset[str]:
    text = resources.files("sazon.knowledge").joinpath("data", "restrictions.csv").read_text()
    return frozenset(k for row in csv.DictReader(text.splitlines()) for k in keys(row["term"]))


@cache
def _food_names(kb: KnowledgeBase) -> frozenset[str]:
    names: set[str] = set()
    for ing in kb.ingredients.values():
        for name in (ing.name_es, ing.name_en, *ing.synonyms):
            names.update(keys(name))
    for dish in kb.dishes.values():
        for name in (dish.name_es, dish.name_en):
            names.update(keys(name))
    return frozenset(n for n in names if len(n) >= 3 and n not in _AMBIGUOUS)


def _ngrams(words: list[str], longest: int = 4) -> set[str]:
    out: set[str] = set()
    for n in range(1, longest + 1):
        for i in range(len(words) - n + 1):
            piece = " ".join(words[i : i + n])
            out.update(keys(piece))
    return out


def names_a_restriction(clause: str) -> bool:
    """Whether a clause names an allergy, diet, pregnancy or health word, or a restriction term.

    >>> names_a_restriction("alérgica al maní"), names_a_restriction("mesa junto a la ventana")
    (True, False)
    """
    folded = fold(clause).replace("'", " ")
    if _RESTRICTION_WORDS.search(folded):
        return True
    # "vino con su esposa" (came): an everyday word is not a restriction on its own.
    return bool(_ngrams(folded.split()) & (_vocabulary_terms() - _AMBIGUOUS))


def names_a_food(clause: str, kb: KnowledgeBase | None = None) -> bool:
    """Whether a clause names an ingredient or dish of the knowledge base, or a food word."""
    words = fold(clause).split()
    if any(w in _FOOD_WORDS for w in words):
        return True
    return bool(_ngrams(words) & _food_names(kb or load_knowledge()))


def _refuses_or_lists(clause: str, kb: KnowledgeBase | None) -> bool:
    """A food clause that says *no* ("sin cebolla"), or is nothing but foods ("maní, nueces")."""
    words = fold(clause).replace("'", " ").split()
    if any(w in _NEGATIVE or w.endswith("n t") for w in words):
        return True
    names = _food_names(kb or load_knowledge())
    return all(
        w in _LIST_WORDS or w in _FOOD_WORDS or any(k in names for k in keys(w)) for w in words
    )


def restriction_clauses(text: str | None, kb: KnowledgeBase | None = None) -> list[str]:
    """The clauses of a note that speak of food, allergies, diet or health, as written.

    >>> restriction_clauses("Mesa junto a la ventana. Alérgica al maní; cumpleaños de su esposa")
    ['Alérgica al maní']
    >>> restriction_clauses("le encanta el tiradito, pero nada picante")
    ['nada picante']
    """
    if not text:
        return []
    out: list[str] = []
    for piece in _CLAUSES.split(text):
        clause = piece.strip()
        # What a guest likes or orders ("le encanta el pulpo") stays a note.
        if not clause or clause in out or says_what_they_eat(clause):
            continue
        if names_a_restriction(clause) or (
            names_a_food(clause, kb) and _refuses_or_lists(clause, kb)
        ):
            out.append(clause)
    return out
