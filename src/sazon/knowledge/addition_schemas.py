"""What a chef sends to add to the knowledge base (an ingredient, a synonym, a house
preparation) and what the additions look like when read back; the kinds of addition and
where a reader is sent to classify a word.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from sazon.knowledge.vocab import ALLERGENS, AROMAS, CATEGORIES, DIET_CLASSES, FLAVOURS

INGREDIENT, SYNONYM, PREPARATION = "ingredient", "synonym", "preparation"
KINDS = (INGREDIENT, SYNONYM, PREPARATION)
ID_PREFIX = "house_"
# Where the warnings about an unknown ingredient send the reader: the web page and the
# command (the API is POST /api/v1/knowledge/ingredients). The web links the page.
WEB_PATH = "/knowledge/additions"
CLASSIFY_HINT = f"{WEB_PATH} or sazon knowledge add-ingredient"

# What the document says each field takes; the checks below read a little more leniently
# (case, spaces, ["ninguno"]) and explain a refusal in words.
NAME = {"type": "string", "minLength": 1, "maxLength": 120, "pattern": r"[^\W_]"}
Name = Annotated[str, Field(min_length=1, max_length=120), WithJsonSchema(NAME)]
Category = Annotated[str, Field(max_length=40), WithJsonSchema({"enum": list(CATEGORIES)})]
Allergens = Annotated[
    list[str],
    Field(max_length=14),
    WithJsonSchema({"type": "array", "maxItems": 14, "items": {"enum": list(ALLERGENS)}}),
]
Diet = Annotated[
    list[str],
    Field(max_length=10),
    WithJsonSchema({"type": "array", "maxItems": 10, "items": {"enum": list(DIET_CLASSES)}}),
]
Flavour = Annotated[
    dict[str, int],
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"enum": list(FLAVOURS)},
            "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 5},
        }
    ),
]


class IngredientCreate(BaseModel):
    """A new ingredient. ``allergens`` and ``diet`` must be given, empty when it has none: a
    missing list is never read as "none"."""

    model_config = ConfigDict(extra="forbid")
    name_es: Name
    name_en: Name | None = None
    category: Category = Field(description="one of the categories in docs/knowledge.md")
    allergens: Allergens = Field(description="EU-14 slugs, [] when none")
    diet: Diet = Field(description="diet classes, [] when none")
    flavour: Flavour = Field(default={}, description="0–5 per attribute, 0 when absent")
    aromas: Annotated[
        list[str],
        Field(max_length=31),
        WithJsonSchema({"type": "array", "maxItems": 31, "items": {"enum": list(AROMAS)}}),
    ] = []


class SynonymCreate(BaseModel):
    """Another written word for an ingredient the knowledge base knows."""

    model_config = ConfigDict(extra="forbid")
    word: Name
    to: str = Field(min_length=1, max_length=120, description="an ingredient id or exact name")


class PreparationCreate(BaseModel):
    """A house preparation: its components' allergens and diet, plus the explicit ones."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": [f], "properties": {f: {"type": "array", "minItems": 1}}}
                for f in ("components", "allergens", "diet")
            ]
        },
    )
    name_es: Name
    name_en: Name | None = None
    category: Category = "sauce"
    components: list[Annotated[str, Field(pattern=r"\S")]] = Field(
        default=[], max_length=60, description="ids or exact names"
    )
    allergens: Allergens = []
    diet: Diet = []


class AdditionPublic(BaseModel):
    id: int
    kind: str
    ingredient_id: str = Field(description="the ingredient added, or the one a synonym names")
    name_es: str = Field(description="the name, or the written word of a synonym")
    name_en: str | None
    category: str | None
    allergens: list[str]
    diet: list[str]
    flavour: dict[str, int]
    aromas: list[str]
    components: list[str]
    added_by: str
    added_at: datetime
    dish_lines_resolved: int = Field(
        default=0, description="menu lines this addition resolved when it was made"
    )


class UnknownWord(BaseModel):
    """An ingredient word on the store's menus that the knowledge base does not know."""

    written: str
    dishes: list[str]
