"""The Peruvian knowledge base shipped with Sazón: dishes, ingredients, allergens, wines.

:func:`load_knowledge` is the packaged base; :func:`current_knowledge` adds the house
additions kept in the store (ingredients, synonyms, preparations a chef classified).
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.knowledge.addition_schemas import (
        CLASSIFY_HINT,
        WEB_PATH,
        AdditionPublic,
        IngredientCreate,
        PreparationCreate,
        SynonymCreate,
        UnknownWord,
    )
    from sazon.knowledge.additions import (
        add_ingredient,
        add_preparation,
        add_synonym,
        list_additions,
        unknown_words,
    )
    from sazon.knowledge.base import (
        DishInfo,
        IngredientInfo,
        KnowledgeBase,
        Match,
        WineInfo,
        load_knowledge,
        wine_facts,
    )
    from sazon.knowledge.classify import (
        Classification,
        ClassifiedItem,
        classify,
        classify_ingredient,
    )
    from sazon.knowledge.current import current_knowledge, knowledge_revision
    from sazon.knowledge.dish_safety import (
        CURED_MEATS,
        HOT,
        SEAFOOD,
        Conflict,
        DishFacts,
        Profile,
        Rule,
        conflicts,
        dish_facts,
        is_safe,
        profile_of,
    )
    from sazon.knowledge.relevance import names_a_food, names_a_restriction, restriction_clauses
    from sazon.knowledge.restriction_profile import Restriction, RestrictionProfile
    from sazon.knowledge.restrictions import parse_restrictions, says_what_they_eat
    from sazon.knowledge.text import fold
    from sazon.knowledge.vocab import (
        ALLERGEN_OF_DIET,
        ALLERGENS,
        AROMAS,
        CATEGORIES,
        COOKING,
        COURSES,
        CUISINES,
        DIET_CLASSES,
        DIET_EXCLUSIONS,
        FLAVOURS,
        WINE_COLORS,
        WINE_STYLES,
    )
    from sazon.knowledge.wine_structure import structure_value

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ALLERGENS",
    "ALLERGEN_OF_DIET",
    "AROMAS",
    "CATEGORIES",
    "CLASSIFY_HINT",
    "COOKING",
    "COURSES",
    "CUISINES",
    "CURED_MEATS",
    "DIET_CLASSES",
    "DIET_EXCLUSIONS",
    "FLAVOURS",
    "HOT",
    "SEAFOOD",
    "WEB_PATH",
    "WINE_COLORS",
    "WINE_STYLES",
    "AdditionPublic",
    "Classification",
    "ClassifiedItem",
    "Conflict",
    "DishFacts",
    "DishInfo",
    "IngredientCreate",
    "IngredientInfo",
    "KnowledgeBase",
    "Match",
    "PreparationCreate",
    "Profile",
    "Restriction",
    "RestrictionProfile",
    "Rule",
    "SynonymCreate",
    "UnknownWord",
    "WineInfo",
    "add_ingredient",
    "add_preparation",
    "add_synonym",
    "classify",
    "classify_ingredient",
    "conflicts",
    "current_knowledge",
    "dish_facts",
    "fold",
    "is_safe",
    "knowledge_revision",
    "list_additions",
    "load_knowledge",
    "names_a_food",
    "names_a_restriction",
    "parse_restrictions",
    "profile_of",
    "restriction_clauses",
    "says_what_they_eat",
    "structure_value",
    "unknown_words",
    "wine_facts",
]
