"""Wine lists written as sommeliers write them: structure in words reads like its numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sazon.errors import InvalidInput
from sazon.ingest.schemas import WINE_FIELDS
from sazon.pairing import read_dishes, read_wines, suggest
from sazon.pairing.schemas import WineInput

HEADER = "wine_id,name,grapes,color,sweetness,body,acidity,tannin,oak,alcohol\n"
# The same five bottles, once in numbers and once in words (Spanish and English mixed, as a
# real list mixes them); the words map to exactly these numbers.
IN_NUMBERS = HEADER + (
    "w1,Sauvignon Blanc de Ica,Sauvignon Blanc,white,1,1,5,0,0,12.5\n"
    "w2,Riesling Kabinett,Riesling,white,2,2,5,0,0,9\n"
    "w3,Malbec Reserva,Malbec,red,1,4,3,4,3,14\n"
    "w4,Tannat de Canelones,Tannat,red,1,5,4,5,4,14.5\n"
    "w5,Moscato d'Asti,Moscato,white,4,1,3,0,0,5.5\n"
)
IN_WORDS = HEADER + (
    "w1,Sauvignon Blanc de Ica,Sauvignon Blanc,white,seco,ligero,alta,ninguno,sin madera,12.5\n"
    "w2,Riesling Kabinett,Riesling,white,off-dry,medium-minus,high,none,none,9\n"
    "w3,Malbec Reserva,Malbec,red,Dry,medio-alto,media,medium-plus,medio,14\n"
    "w4,Tannat de Canelones,Tannat,red,seco,pleno,Media-Alta,alto,medium+,14.5\n"
    "w5,Moscato d'Asti,Moscato,white,dulce,light,medium,sin,no,5.5\n"
)
DISHES = (
    "dish_id,name,course,ingredients\n"
    "d1,Ceviche de corvina,entrada,corvina;limón;ají limo;cebolla roja\n"
    "d2,Lomo saltado,fondo,lomo fino;cebolla roja;tomate;sillao\n"
    "d3,Rocoto relleno,fondo,rocoto;carne molida;queso fresco;huevo\n"
    "d4,Suspiro a la limeña,postre,leche condensada;yemas;oporto;canela\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_words_and_numbers_give_the_same_pairings(tmp_path: Path) -> None:
    dishes = read_dishes(_write(tmp_path, "dishes.csv", DISHES))
    numbers = read_wines(_write(tmp_path, "numbers.csv", IN_NUMBERS))
    words = read_wines(_write(tmp_path, "words.csv", IN_WORDS))
    assert [w.model_dump() for w in words] == [w.model_dump() for w in numbers]
    by_numbers = suggest(dishes, numbers, top=3)
    by_words = suggest(dishes, words, top=3)
    assert [[s.wine_id for s in p.suggestions] for p in by_words] == [
        [s.wine_id for s in p.suggestions] for p in by_numbers
    ]


def test_an_unknown_word_says_what_is_accepted(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        read_wines(_write(tmp_path, "words.csv", IN_WORDS.replace("medium+", "a tope")))
    message = str(err.value)
    assert "words.csv line 5" in message and "oak 'a tope'" in message
    assert "sin madera/none" in message


def test_the_api_body_accepts_words() -> None:
    wine = WineInput(wine_id="x", name="Malbec", sweetness="semiseco", body="Full", tannin="bajo")
    assert (wine.sweetness, wine.body, wine.tannin) == (2.0, 5.0, 1.0)
    with pytest.raises(ValueError, match="body '0' must be between 1 and 5"):
        WineInput(wine_id="x", name="Malbec", body="0")


def test_ingest_reads_the_same_words() -> None:
    parse = {f.name: f.parse for f in WINE_FIELDS}
    assert parse["sweetness"]("Off-dry") == 2.0 and parse["oak"]("Sin roble") == 0.0
    assert parse["acidity"]("3,5") == 3.5 and parse["body"]("medium(-)") == 2.0
    with pytest.raises(ValueError, match="tannin 'suavecito'"):
        parse["tannin"]("suavecito")
