"""The packaged knowledge base: dishes, ingredients and wines, read once and indexed."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

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


# What describes a wine wherever it is kept: the knowledge base (WineInfo), the store (Wine) and
# the pairing input (WineInput) name these fields alike, so one function copies them for all.
WINE_FACTS = (
    "name", "producer", "country", "region", "grapes", "color", "style", "sweetness", "body",
    "acidity", "tannin", "oak", "alcohol", "aromas", "price_pen", "by_the_glass",
)  # fmt: skip


def wine_facts(wine: object) -> dict[str, Any]:
    """The :data:`WINE_FACTS` of any wine record, as plain values (lists; price as a float)."""
    facts: dict[str, Any] = {f: getattr(wine, f) for f in WINE_FACTS}
    facts["grapes"] = [str(g) for g in facts["grapes"] or ()]
    facts["aromas"] = [str(a) for a in facts["aromas"] or ()]
    price = facts["price_pen"]
    facts["price_pen"] = float(price) if price is not None else None
    return facts


@dataclass(frozen=True)
class Match:
    """How a written word was resolved.

    ``how`` is ``exact`` (a name), ``synonym``, ``modified`` (a name once safe descriptive words
    such as "frito" or "en cubos" are left out) or, from :meth:`KnowledgeBase.suggest_ingredients`
    only, ``suggestion`` (a close spelling a person must confirm; it never decides anything).
    """

    written: str
    id: str
    how: str
    matched: str
    score: float = 100.0


def _gendered(stem: str) -> list[str]:
    """ "frit" → frito, frita, fritos, fritas."""
    return [stem + end for end in ("o", "a", "os", "as")]


# Words that describe how an ingredient is cut, cooked or sized and never what it is, so they
# never change its allergens or diet. Only these are ever left out of a written name; a food
# word never is. Deliberately absent: "seco" (seco de cabrito), "saltado"/"salteado" (soy
# sauce), "apanado"/"empanizado"/"rebozado" (flour, egg), "a la brasa" (a marinade),
# "crudo", "ahumado" (raw or cold-smoked fish matter in pregnancy), "de res"/"de cerdo"
# ("chicharrón de res" is not the pork chicharrón).
SAFE_MODIFIERS: frozenset[str] = frozenset(
    w
    for stem in (
        "frit", "sancochad", "hervid", "picad", "rallad", "molid", "tostad", "deshilachad",
        "pelad", "cocid", "asad", "filetead", "enter", "trozad", "troced",
        "cortad", "desvenad", "deshuesad", "hornead", "cocinad", "chancad", "limpi",
        "congelad", "descongelad", "escurrid", "lavad", "laminad",
        "pequeñ", "median", "chic", "grues",
    )
    for w in _gendered(stem)
) | frozenset(
    {
        "fresco", "fresca", "frescos", "frescas", "grande", "grandes", "al gusto",
        "a la plancha", "a la parrilla", "al horno", "al vapor", "en cubos", "en cubitos",
        "en tiras", "en tiritas", "en rodajas", "en rodajitas", "en trozos", "en trocitos",
        "en dados", "en juliana", "en laminas", "en mitades", "en cuartos", "en gajos",
        "en rama", "en bastones", "en plumas", "sin piel", "sin hueso", "sin espinas",
        "sin semillas", "sin pepas", "finamente", "bien", "recien",
    }
)  # fmt: skip
# Not "fino"/"fina": "lomo fino en tiras" must not become a bare "lomo".
_MODIFIER_RE = re.compile(
    r"(?<![a-z0-9ñ])(?:"
    + "|".join(re.escape(m) for m in sorted(SAFE_MODIFIERS, key=len, reverse=True))
    + r")(?![a-z0-9ñ])"
)
_EDGE_WORDS = frozenset({"de", "del", "en", "a", "al", "y", "con", "la", "el", "los", "las"})


def without_modifiers(written: str) -> str:
    """The folded name with safe descriptive words left out ("" when nothing else is left).

    >>> without_modifiers("Camote sancochado en rodajas")
    'camote'
    >>> without_modifiers("lomo fino de res en tiras")
    'lomo fino de res'
    """
    words = _MODIFIER_RE.sub(" ", fold(written)).split()
    while words and words[0] in _EDGE_WORDS:
        words = words[1:]
    while words and words[-1] in _EDGE_WORDS:
        words = words[:-1]
    return " ".join(words)


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

    def _lookup(self, written: str) -> tuple[str, str, str] | None:
        for key in keys(written):
            hit = self._ingredient_index.get(key)
            if hit:
                return hit
        return None

    def find_ingredient(self, written: str) -> Match | None:
        """Resolve a written ingredient by name, synonym or name plus safe descriptive words.

        Never by a close spelling: "harina de maix" is not maize flour until a person says so
        (see :meth:`suggest_ingredients`), because one letter can be an allergen
        ("harina de maní").

        >>> kb = load_knowledge()
        >>> kb.find_ingredient("Langostinos").id
        'langostino'
        >>> m = kb.find_ingredient("camote sancochado en rodajas")
        >>> (m.id, m.how)
        ('camote', 'modified')
        >>> kb.find_ingredient("aji amarilo") is None
        True
        """
        hit = self._lookup(written)
        if hit:
            return Match(written, hit[0], hit[1], hit[2])
        bare = without_modifiers(written)
        if bare and bare != fold(written) and (hit := self._lookup(bare)):
            return Match(written, hit[0], "modified", hit[2])
        return None

    def suggest_ingredients(
        self, written: str, limit: int = 3, *, cutoff: float = 80.0
    ) -> list[Match]:
        """Close spellings of a word :meth:`find_ingredient` does not know, best first.

        Suggestions are for a person to confirm ("¿quisiste decir 'harina de maíz'?"); no
        allergen, diet or safety decision may be taken from one.
        """
        folded = fold(written)
        bare = without_modifiers(written)
        out: dict[str, Match] = {}
        for text in dict.fromkeys(t for t in (folded, bare) if len(t) >= 4):
            found = process.extract(
                text, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            )
            for key, score, _ in found:
                ing_id, _, name = self._ingredient_index[key]
                old = out.get(ing_id)
                if old is None or score > old.score:
                    out[ing_id] = Match(written, ing_id, "suggestion", name, float(score))
        return sorted(out.values(), key=lambda m: (-m.score, m.matched))[:limit]

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
