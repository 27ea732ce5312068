"""Dish and wine files: the documented columns read, and bad files fail with what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from sazon.errors import InvalidInput
from sazon.pairing import read_dishes, read_wines

DISHES = """dish_id,name,course,price_pen,ingredients
d1,Ceviche de corvina,entrada,42,corvina;limón;ají limo;cebolla roja
d2,Lomo saltado,fondo,"45,50",lomo fino; cebolla roja ; tomate;sillao
d3,Suspiro a la limeña,postre,,
"""
HEADER = (
    "wine_id,name,producer,country,region,grapes,color,sweetness,body,acidity,tannin,oak,"
    "alcohol,price_pen"
)
WINES = (
    HEADER
    + """
w1,Intipalka Sauvignon Blanc,Santiago Queirolo,Peru,Ica,Sauvignon Blanc,white,0,2,4,0,0,12.5,75
w2,Tannat Reserva,Bodega,Uruguay,Canelones,Tannat;Merlot,,,,,,,,
w3,Espumante Brut,,,,,,,,,,,12,S/ 90
"""
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_dishes__columns_lists_and_prices(tmp_path: Path) -> None:
    dishes = read_dishes(write(tmp_path, "dishes.csv", DISHES))
    assert [d.dish_id for d in dishes] == ["d1", "d2", "d3"]
    assert dishes[0].ingredients == ["corvina", "limón", "ají limo", "cebolla roja"]
    assert dishes[1].ingredients[1] == "cebolla roja" and dishes[1].price_pen == 45.5
    assert dishes[2].ingredients == [] and dishes[2].price_pen is None


def test_read_wines__any_attribute_may_be_empty(tmp_path: Path) -> None:
    wines = read_wines(write(tmp_path, "wines.csv", WINES))
    assert wines[0].acidity == 4 and wines[0].price_pen == 75
    assert wines[1].grapes == ["Tannat", "Merlot"] and wines[1].body is None
    assert wines[2].price_pen == 90 and wines[2].alcohol == 12


def test_read__spanish_headers_are_understood(tmp_path: Path) -> None:
    path = write(tmp_path, "carta.csv", "codigo,plato,tiempo,ingredientes\nx,Causa,entrada,papa\n")
    assert read_dishes(path)[0].name == "Causa"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("name,course\nCeviche,entrada\n", "missing the column dish_id"),
        ("dish_id;name;ingredients\nd1;Ceviche;corvina\n", "separate columns with commas"),
        ("dish_id,name\nd1,\n", "line 2: dish_id and name may not be empty"),
        ("dish_id,name\nd1,A\nd1,B\n", "line 3: dish_id 'd1' appears twice"),
        ("dish_id,name,price_pen\nd1,A,caro\n", "line 2: price_pen 'caro' is not a number"),
        ("dish_id,name\n", "has a header but no dishes"),
    ],
)
def test_read_dishes__bad_files_say_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_dishes(write(tmp_path, "dishes.csv", text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wine_id,name,body\nw1,Malbec,7\n", "line 2: body '7' must be between 1 and 5"),
        ("wine_id,name,alcohol\nw1,Malbec,mucho\n", "alcohol 'mucho' is not a number"),
        ("id_vino,nombre_vino\nw1,Malbec\n", "missing the columns wine_id, name"),
    ],
)
def test_read_wines__bad_files_say_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_wines(write(tmp_path, "wines.csv", text))


def test_read__a_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        read_wines(tmp_path / "nope.csv")
