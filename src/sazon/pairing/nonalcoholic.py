"""Drinks without alcohol for guests who do not drink, scored by the same rules as wine.

The catalogue (``data/nonalcoholic.csv``) describes each drink on the wine scales: sweetness,
body, acidity and an astringency that stands in for tannin (tea, coca leaf, coffee). A
carbonated drink counts as sparkling, so a chilcano sin alcohol gets the bubbles' credit with
a fritura just as a brut would. ``contains`` lists the drink's allergens (the EU-14 names the
knowledge base uses) and ``alcohol_trace`` for a fermented drink that keeps a little alcohol
(kombucha): drinks for a guest are filtered on it, so an "agua de cebada" never reaches a
coeliac and a kombucha never reaches a pregnant guest. ``vegan`` is true, false or unknown
(sweetened with honey, or a grape must that may be fined like wine): a vegan or vegetarian
guest gets only the drinks known to be vegan (the ``not_vegan`` word in ``avoid``).
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sazon.pairing.schemas import Lang, WineProfile

PREFIX = "na:"


@dataclass(frozen=True)
class Drink:
    id: str
    name_es: str
    name_en: str
    article_es: str
    style: str
    color: str
    sweetness: float
    body: float
    acidity: float
    tannin: float
    aromas: tuple[str, ...]
    serve: str
    contains: frozenset[str]
    vegan: bool | None = None


ALCOHOL_TRACE = "alcohol_trace"
#: In ``avoid``: leave out every drink not known to be vegan (gelatin, isinglass, honey…).
NOT_VEGAN = "not_vegan"


def _tristate(cell: str | None) -> bool | None:
    value = (cell or "").strip().lower()
    return True if value == "true" else False if value == "false" else None


@cache
def catalogue() -> tuple[Drink, ...]:
    """The packaged non-alcoholic drinks, in file order."""
    text = resources.files("sazon.pairing").joinpath("data", "nonalcoholic.csv").read_text("utf-8")
    return tuple(
        Drink(
            id=r["id"],
            name_es=r["name_es"],
            name_en=r["name_en"],
            article_es=r["article_es"],
            style=r["style"],
            color=r["color"],
            sweetness=float(r["sweetness"]),
            body=float(r["body"]),
            acidity=float(r["acidity"]),
            tannin=float(r["tannin"]),
            aromas=tuple(a for a in r["aromas"].split("|") if a),
            serve=r["serve"],
            contains=frozenset(c for c in r["contains"].split("|") if c),
            vegan=_tristate(r.get("vegan")),
        )
        for r in csv.DictReader(text.splitlines())
    )


def drink_profiles(lang: Lang, avoid: Collection[str] = ()) -> list[WineProfile]:
    """Every drink as a profile the rules can score, named in ``lang``, leaving out the
    drinks that contain anything in ``avoid`` (allergens, or ``alcohol_trace``) and, when
    ``avoid`` holds ``not_vegan``, the drinks not known to be vegan."""
    shunned = frozenset(avoid)
    return [
        WineProfile(
            wine_id=PREFIX + d.id,
            name=d.name_es if lang == "es" else d.name_en,
            color=d.color,
            style=d.style,
            sweetness=d.sweetness,
            body=d.body,
            acidity=d.acidity,
            tannin=d.tannin,
            oak=0.0,
            alcohol=0.0,
            aromas=list(d.aromas),
            inferred={"texture": "sparkling" if d.style == "sparkling" else "still"},
            alcoholic=False,
            article_es=d.article_es,
        )
        for d in catalogue()
        if not d.contains & shunned and (NOT_VEGAN not in shunned or d.vegan is True)
    ]


def drink_facts(drink_id: str) -> Drink | None:
    """A catalogue drink by its id, with or without the ``na:`` prefix."""
    key = drink_id.removeprefix(PREFIX)
    return next((d for d in catalogue() if d.id == key), None)
