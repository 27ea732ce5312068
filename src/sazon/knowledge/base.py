"""The packaged knowledge base: dishes, ingredients and wines, read once and indexed."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from sazon.knowledge.text import fold, keys
from sazon.knowledge.vocab import FLAVOURS


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


@dataclass(frozen=True)
class IngredientInfo:
    id: str
    name_es: str
    name_en: str
    synonyms: tuple[str, ...]
    category: str
    allergens: tuple[str, ...]
    diet: tuple[str, ...]
    flavour: dict[str, int] = field(hash=False)
    aromas: tuple[str, ...]

    def name(self, lang: str = "es") -> str:
        return self.name_en if lang == "en" else self.name_es


@dataclass(frozen=True)
class DishInfo:
    id: str
    name_es: str
    name_en: str
    cuisine: str
    course: str
    cooking: tuple[str, ...]
    ingredients: tuple[str, ...]
    price_pen: float
    description_es: str
    description_en: str

    def name(self, lang: str = "es") -> str:
        return self.name_en if lang == "en" else self.name_es


@dataclass(frozen=True)
class WineInfo:
    id: str
    name: str
    producer: str
    country: str
    region: str
    grapes: tuple[str, ...]
    color: str
    style: str
    sweetness: float
    body: float
    acidity: float
    tannin: float
    oak: float
    alcohol: float
    aromas: tuple[str, ...]
    price_pen: float
    by_the_glass: bool
    #: EU-14 allergens the drink holds or may hold (fining agents: eggs, milk, fish).
    allergens: tuple[str, ...] = ()
    #: True only when known to be made without animal products; None when not known.
    vegan: bool | None = None


@dataclass(frozen=True)
class Match:
    """How a written word was resolved: ``exact`` name, ``synonym`` or ``fuzzy``."""

    written: str
    id: str
    how: str
    matched: str
    score: float = 100.0


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("sazon.knowledge").joinpath("data", filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


class KnowledgeBase:
    """Look-ups over the packaged tables. Build it with :func:`load_knowledge`."""

    def __init__(
        self,
        ingredients: list[IngredientInfo],
        dishes: list[DishInfo],
        wines: list[WineInfo],
    ) -> None:
        self.ingredients = {i.id: i for i in ingredients}
        self.dishes = {d.id: d for d in dishes}
        self.wines = {w.id: w for w in wines}
        self._ingredient_index: dict[str, tuple[str, str, str]] = {}
        for ing in ingredients:
            self._index(ing.id, ing.name_es, "exact")
            self._index(ing.id, ing.name_en, "exact")
            self._index(ing.id, ing.id.replace("_", " "), "exact")
            for syn in ing.synonyms:
                self._index(ing.id, syn, "synonym")
        self._dish_index: dict[str, str] = {}
        for dish in dishes:
            for name in (dish.name_es, dish.name_en, dish.id.replace("_", " ")):
                for key in keys(name):
                    self._dish_index.setdefault(key, dish.id)
        self._fuzzy_choices = list(self._ingredient_index)

    def _index(self, ing_id: str, name: str, how: str) -> None:
        for key in keys(name):
            # The first writer of a key wins; the data tests forbid real collisions.
            self._ingredient_index.setdefault(key, (ing_id, how, name))

    def find_ingredient(self, written: str, *, fuzzy_cutoff: float = 88.0) -> Match | None:
        """Resolve a written ingredient ("Langostinos", "soy sauce", "aji amarilo")."""
        for key in keys(written):
            hit = self._ingredient_index.get(key)
            if hit:
                return Match(written, hit[0], hit[1], hit[2])
        folded = fold(written)
        if len(folded) < 4:
            return None
        best = process.extractOne(
            folded, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=fuzzy_cutoff
        )
        if best is None:
            return None
        ing_id, _, name = self._ingredient_index[best[0]]
        return Match(written, ing_id, "fuzzy", name, float(best[1]))

    def find_dish(self, written: str) -> DishInfo | None:
        for key in keys(written):
            dish_id = self._dish_index.get(key)
            if dish_id:
                return self.dishes[dish_id]
        return None

    def search(self, table: str, query: str | None, limit: int = 50) -> list[object]:
        """Substring search over names (accent- and case-insensitive)."""
        rows: list[object]
        if table == "ingredients":
            rows = list(self.ingredients.values())
        elif table == "dishes":
            rows = list(self.dishes.values())
        else:
            rows = list(self.wines.values())
        if not query:
            return rows[:limit]
        q = fold(query)
        out = [r for r in rows if q in fold(" ".join(_names(r)))]
        return out[:limit]


def _names(row: object) -> list[str]:
    if isinstance(row, IngredientInfo):
        return [row.id, row.name_es, row.name_en, *row.synonyms]
    if isinstance(row, DishInfo):
        return [row.id, row.name_es, row.name_en, row.cuisine]
    assert isinstance(row, WineInfo)
    return [row.id, row.name, row.producer, row.country, row.region, *row.grapes]


def _ingredient(r: dict[str, str]) -> IngredientInfo:
    return IngredientInfo(
        id=r["id"],
        name_es=r["name_es"],
        name_en=r["name_en"],
        synonyms=_split(r["synonyms"]),
        category=r["category"],
        allergens=_split(r["allergens"]),
        diet=_split(r["diet"]),
        flavour={f: int(r[f]) for f in FLAVOURS},
        aromas=_split(r["aromas"]),
    )


def _dish(r: dict[str, str]) -> DishInfo:
    return DishInfo(
        id=r["id"],
        name_es=r["name_es"],
        name_en=r["name_en"],
        cuisine=r["cuisine"],
        course=r["course"],
        cooking=_split(r["cooking"]),
        ingredients=_split(r["ingredients"]),
        price_pen=float(r["price_pen"]),
        description_es=r["description_es"],
        description_en=r["description_en"],
    )


def _wine(r: dict[str, str]) -> WineInfo:
    return WineInfo(
        id=r["id"],
        name=r["name"],
        producer=r["producer"],
        country=r["country"],
        region=r["region"],
        grapes=_split(r["grapes"]),
        color=r["color"],
        style=r["style"],
        sweetness=float(r["sweetness"]),
        body=float(r["body"]),
        acidity=float(r["acidity"]),
        tannin=float(r["tannin"]),
        oak=float(r["oak"]),
        alcohol=float(r["alcohol"]),
        aromas=_split(r["aromas"]),
        price_pen=float(r["price_pen"]),
        by_the_glass=r["by_the_glass"].strip().lower() == "true",
        allergens=_split(r.get("allergens", "")),
        vegan=_tristate(r.get("vegan", "")),
    )


def _tristate(cell: str) -> bool | None:
    value = cell.strip().lower()
    return True if value == "true" else False if value == "false" else None


@cache
def load_knowledge() -> KnowledgeBase:
    """The knowledge base shipped with the package (read once per process)."""
    return KnowledgeBase(
        [_ingredient(r) for r in _rows("ingredients.csv")],
        [_dish(r) for r in _rows("dishes.csv")],
        [_wine(r) for r in _rows("wines.csv")],
    )
