"""Reasons say something: no note named on both sides, and no wine words for a soft drink."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from sazon.knowledge import load_knowledge
from sazon.pairing import suggest
from sazon.pairing.schemas import DishInput, WineInput

WINES_CSV = Path(__file__).parents[2] / "src/sazon/knowledge/data/wines.csv"
# "Las notas terrosas del Uvina hacen eco de las notas terrosas" is the circular sentence.
NOTE = re.compile(r"notas (?:a |de )?([\wáéíóúñ ]+?)(?= del | de la | de los | de las | hacen )")
NOTE_EN = re.compile(r"(?:the |same )([\w ]+?) notes")


@pytest.fixture(scope="module")
def menu() -> tuple[list[DishInput], list[WineInput]]:
    kb = load_knowledge()
    dishes = [
        DishInput(dish_id=d.id, name=d.name_es, course=d.course,
                  ingredients=list(d.ingredients), cooking=list(d.cooking))
        for d in list(kb.dishes.values())[::2]
    ]  # fmt: skip
    with WINES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    wines = [
        WineInput(wine_id=r["id"], name=r["name"], grapes=r["grapes"].split("|"),
                  color=r["color"], style=r["style"], sweetness=r["sweetness"], body=r["body"],
                  acidity=r["acidity"], tannin=r["tannin"], oak=r["oak"], alcohol=r["alcohol"])
        for r in rows[::3]
    ]  # fmt: skip
    return dishes, wines


def _reasons(menu: tuple[list[DishInput], list[WineInput]], **kw: object) -> list[str]:
    dishes, wines = menu
    return [
        r.text
        for p in suggest(dishes, wines, top=5, **kw)  # type: ignore[arg-type]
        for s in p.suggestions
        for r in s.reasons
    ]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_reason_names_the_same_note_on_both_sides(menu, lang) -> None:  # type: ignore[no-untyped-def]
    pattern = NOTE if lang == "es" else NOTE_EN
    texts = _reasons(menu, lang=lang)
    circular = [t for t in texts if len(set(pattern.findall(t))) < len(pattern.findall(t))]
    assert not circular, circular[:3]
    assert any("mismas notas" in t or "same notes" in t for t in texts)  # the case is met


def test_a_soft_drink_is_not_said_to_have_low_alcohol(menu) -> None:  # type: ignore[no-untyped-def]
    texts = _reasons(menu, lang="es", non_alcoholic=True)
    assert not [t for t in texts if "alcohol bajo" in t], "alcohol words for a soft drink"
    assert any("ausencia de alcohol" in t for t in texts)
