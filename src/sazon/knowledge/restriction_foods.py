"""Foods that go together: the family of a food a guest names, and diminutives.

"Sin cebolla" means red, white and spring onion and salsa criolla too; "no beef" every cut;
"quesito" is "queso". Read from the knowledge base's English names and synonyms, where the
base food is a whole word.
"""

from __future__ import annotations

import re

from sazon.knowledge.base import IngredientInfo, KnowledgeBase
from sazon.knowledge.text import fold


def undiminished(token: str) -> str:
    """ "quesito" → "queso", "cebollita" → "cebolla", "camaroncitos" → "camaron"."""
    for end, base in (("citos", ""), ("citas", ""), ("cito", ""), ("cita", ""), ("itos", "os"),
                      ("itas", "as"), ("ito", "o"), ("ita", "a")):  # fmt: skip
        if token.endswith(end) and len(token) - len(end) >= 3:
            return token[: -len(end)] + base
    return token


def in_category(kb: KnowledgeBase, category: str) -> set[str]:
    """Every ingredient of a category ("fruit", "chili", "poultry")."""
    return {i.id for i in kb.ingredients.values() if i.category == category}


def family(info: IngredientInfo, kb: KnowledgeBase) -> set[str]:
    """The foods made of the one a guest named: "sin cebolla" keeps red, white and spring
    onion and salsa criolla away, "no beef" every beef cut, "alergia al coco" coconut milk.
    Read from the English names and synonyms, where the base food is a whole word: the
    name itself and its last word ("onion" of "red onion", "beef" of "beef")."""
    key = (id(kb), info.id)
    if key not in _FAMILY_CACHE:
        name = fold(info.name_en)
        heads = {h for h in (name, name.rsplit(" ", 1)[-1]) if h and h not in _TOO_GENERAL}
        found: set[str] = set()
        if heads:
            alternatives = "|".join(re.escape(h) for h in sorted(heads))
            pattern = re.compile(rf"\b(?:{alternatives})(?:e?s)?\b")
            found = {
                i.id
                for i in kb.ingredients.values()
                if pattern.search(" | ".join(fold(x) for x in (i.name_en, *i.synonyms)))
            }
        _FAMILY_CACHE[key] = frozenset(found)
    return set(_FAMILY_CACHE[key])


_FAMILY_CACHE: dict[tuple[int, str], frozenset[str]] = {}


# English names too general to stand for a family ("salt", "water", "oil" are in everything).
_TOO_GENERAL = frozenset({
    "salt", "water", "oil", "sugar", "pepper", "sauce", "stock", "flour", "paste", "powder",
    "juice", "seeds", "seed", "leaves", "leaf", "dough", "cream", "syrup", "wine", "broth",
})  # fmt: skip
# Rows that stand for their whole category ("ají" is any chilli).
GENERIC = frozenset({"aji"})
# Ingredient categories whose members share what people react to.
FAMILIES = frozenset({"chili"})
