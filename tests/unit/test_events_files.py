"""Guests and menus from files in the ingest formats, with errors that say what to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from sazon.errors import InvalidInput
from sazon.events import read_guests, read_menu
from sazon.knowledge import KnowledgeBase


def test_files__jsonl_guests_with_english_columns(tmp_path: Path) -> None:
    path = tmp_path / "guests.jsonl"
    rows = [
        {"guest_id": "a1", "name": "Ann Lee", "allergies": "peanut allergy",
         "consent_personalization": "yes", "favorite_cuisines": "nikkei; chifa",
         "notes": "loves tiradito"},
        {"guest_id": "a2", "name": "Bo Diaz", "diet": "vegan"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (a, b), warnings = read_guests(path)
    assert warnings == []
    assert (a.guest_id, a.allergies_text, a.consent_personalisation) == (
        "a1",
        "peanut allergy",
        True,
    )
    assert a.favourite_cuisines == ["nikkei", "chifa"]
    assert (b.diet_text, b.consent_personalisation) == ("vegan", False)


def test_files__xlsx_menu_fills_known_dishes_from_the_knowledge_base(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Plato", "Tiempo", "Precio", "Ingredientes", "Cocción"])
    ws.append(["Ceviche clásico", "Entrada", "S/ 45,00", "", ""])
    ws.append(["Tiradito de la casa", "entrada", "38", "lenguado; limón; salsa secreta", "curado"])
    path = tmp_path / "carta.xlsx"
    wb.save(path)
    (ceviche, tiradito), notes = read_menu(path, kb)
    assert ceviche.ingredients and "corvina" in ceviche.ingredients
    assert ceviche.cooking == ["cured"] and any("base de conocimiento" in n for n in notes)
    assert str(tiradito.price_pen) == "38.00" and tiradito.cooking == ["curado"]
    assert tiradito.dish_id == "tiradito_de_la_casa"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nombre,precio\nCeviche,20\n", "no course column"),
        ("plato,tiempo\nCeviche,brunch\n", "row 2, course"),
        ("codigo,plato,tiempo\nx,Ceviche,entrada\nx,Causa,entrada\n", "appears twice"),
    ],
)
def test_files__bad_menus_name_the_row_and_the_fix(
    tmp_path: Path, kb: KnowledgeBase, text: str, message: str
) -> None:
    path = tmp_path / "menu.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        read_menu(path, kb)
