"""The Peruvian knowledge base shipped with Sazón: dishes, ingredients, allergens, wines."""

from sazon.knowledge.base import (
    DishInfo,
    IngredientInfo,
    KnowledgeBase,
    Match,
    WineInfo,
    load_knowledge,
)
from sazon.knowledge.classify import Classification, ClassifiedItem, classify, classify_ingredient
from sazon.knowledge.relevance import names_a_food, names_a_restriction, restriction_clauses
from sazon.knowledge.restrictions import (
    Restriction,
    RestrictionProfile,
    parse_restrictions,
    says_what_they_eat,
)
from sazon.knowledge.text import fold
from sazon.knowledge.vocab import (
    ALLERGENS,
    AROMAS,
    COOKING,
    COURSES,
    CUISINES,
    DIET_CLASSES,
    DIET_EXCLUSIONS,
    FLAVOURS,
)

__all__ = [
    "ALLERGENS",
    "AROMAS",
    "COOKING",
    "COURSES",
    "CUISINES",
    "DIET_CLASSES",
    "DIET_EXCLUSIONS",
    "FLAVOURS",
    "Classification",
    "ClassifiedItem",
    "DishInfo",
    "IngredientInfo",
    "KnowledgeBase",
    "Match",
    "Restriction",
    "RestrictionProfile",
    "WineInfo",
    "classify",
    "classify_ingredient",
    "fold",
    "load_knowledge",
    "names_a_food",
    "names_a_restriction",
    "parse_restrictions",
    "restriction_clauses",
    "says_what_they_eat",
]
