"""Which dish is safe for which guest: the shared check in :mod:`sazon.knowledge.dish_safety`.

It moved to the knowledge layer so every tool that offers food to a guest (the planner, the
experience tool's recommendations) uses one check; the planner's modules keep importing it
from here.
"""

from sazon.knowledge import (
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

__all__ = [
    "CURED_MEATS",
    "HOT",
    "SEAFOOD",
    "Conflict",
    "DishFacts",
    "Profile",
    "Rule",
    "conflicts",
    "dish_facts",
    "is_safe",
    "profile_of",
]
