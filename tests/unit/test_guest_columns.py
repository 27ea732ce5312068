"""The one guest column mapping: repeated headers, several columns per field, notes read for
restrictions (only their clauses about food, allergies, diet or health)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sazon.ingest.parse import map_columns, parse_row, read_fields
from sazon.ingest.readers import header_name, read_rows, unique_headers
from sazon.ingest.schemas import GuestRecord
from sazon.knowledge import restriction_clauses


def test_readers__a_repeated_header_keeps_every_cell(tmp_path: Path) -> None:
    csv_path = tmp_path / "g.csv"
    csv_path.write_text("nombre,alergias,alergias,alergias\nAna,mariscos,maní,nueces\n", "utf-8")
    rows, _ = read_rows(csv_path)
    assert rows == [
        {"nombre": "Ana", "alergias": "mariscos", "alergias #2": "maní", "alergias #3": "nueces"}
    ]
    json_path = tmp_path / "g.json"
    json_path.write_text('[{"nombre": "Ana", "correo": "a@x.pe", "correo": "b@x.pe"}]', "utf-8")
    rows, _ = read_rows(json_path)
    assert rows == [{"nombre": "Ana", "correo": "a@x.pe", "correo #2": "b@x.pe"}]
    assert unique_headers(["a", "a #2", "a"]) == ["a", "a #2", "a #3"]
    assert header_name("alergias #2") == "alergias"


def test_map_columns__every_restriction_column_is_read_and_the_rest_named() -> None:
    columns = map_columns(
        ["nombre", "alergias", "alergias #2", "dieta", "restricciones", "Notas médicas",
         "Alergias del invitado", "color favorito"],
        "guests",
    )  # fmt: skip
    assert columns.fields == {
        "nombre": "first_name",
        "alergias": "allergies_text",
        "alergias #2": "allergies_text",
        "dieta": "diet_text",
        "restricciones": "diet_text",
        "Notas médicas": "notes",
        "Alergias del invitado": "allergies_text",
    }
    assert columns.ignored == ["color favorito"]
    assert "'color favorito'" in (columns.warning("guests") or "")


def _guest(row: dict[str, str]) -> GuestRecord:
    parsed = parse_row(row, map_columns(list(row), "guests"), "guests", 2000)
    assert isinstance(parsed.record, GuestRecord), parsed.reasons
    return parsed.record


def test_parse__dieta_and_restricciones_are_both_kept() -> None:
    rec = _guest({"correo": "r@x.pe", "dieta": "vegetariana", "restricciones": "embarazada"})
    assert rec.diet_text == "vegetariana; embarazada"


def test_parse__an_allergy_only_in_the_notes_joins_the_restrictions() -> None:
    rec = _guest(
        {"correo": "l@x.pe", "alergias": "", "notas": "Mesa junto a la ventana. Alérgico al maní"}
    )
    assert rec.diet_text == "Alérgico al maní"
    assert rec.notes == "Mesa junto a la ventana. Alérgico al maní"


def test_parse__a_note_about_the_table_flags_nobody() -> None:
    rec = _guest({"correo": "c@x.pe", "notas": "mesa junto a la ventana, cumpleaños de su esposa"})
    assert (rec.allergies_text, rec.diet_text) == (None, None)


@pytest.mark.parametrize(
    ("second", "outcome"),
    [("A@X.pe", "a@x.pe"), ("", "a@x.pe"), ("b@x.pe", None)],
)
def test_parse__a_repeated_single_value_unites_or_names_both(
    second: str, outcome: str | None
) -> None:
    row = {"nombre": "Ana Díaz", "correo": "a@x.pe", "correo #2": second}
    parsed = parse_row(row, map_columns(list(row), "guests"), "guests", 2000)
    if outcome:
        assert isinstance(parsed.record, GuestRecord) and parsed.record.email == outcome
        return
    assert parsed.record is None
    [reason] = parsed.reasons
    assert reason["field"] == "email" and "a@x.pe" in reason["error"]
    assert "b@x.pe" in reason["error"] and "'correo #2'" in reason["error"]


def test_read_fields__only_reads_the_fields_asked_for() -> None:
    row = {"correo": "a@x.pe", "telefono": "no es un teléfono", "alergias": "maní"}
    parsed = read_fields(row, map_columns(list(row), "guests"), "guests", only={"allergies_text"})
    assert parsed.reasons == [] and parsed.values == {"allergies_text": "maní"}


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        (
            "Mesa junto a la ventana. Alérgica al maní; cumpleaños de su esposa",
            ["Alérgica al maní"],
        ),
        ("mesa junto a la ventana", []),
        ("cumpleaños de su esposa", []),
        ("vino con su esposa el año pasado", []),
        ("prefiere mesa en terraza", []),
        ("embarazada de 5 meses", ["embarazada de 5 meses"]),
        ("le encanta el tiradito, pero nada picante", ["nada picante"]),
        ("vegano excepto miel", ["vegano excepto miel"]),
        ("odia la cebolla", ["odia la cebolla"]),
        ("diabético, usa silla de ruedas", ["diabético"]),
        ("pregnant, window seat please", ["pregnant"]),
        ("celebrating an anniversary", []),
        ("siempre pide pisco sour de bienvenida", []),  # what they order is a preference
        ("le encanta el pulpo", []),
        ("maní, nueces", ["maní", "nueces"]),  # a bare list of foods
        ("no le gusta el culantro", ["no le gusta el culantro"]),
        ("", []),
    ],
)
def test_restriction_clauses__only_food_allergy_diet_and_health(note: str, kept: list[str]) -> None:
    assert restriction_clauses(note) == kept


def test_json_guest_file_with_a_repeated_key_keeps_both_allergies(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        '{"id": "a1", "alergias": "maní", "alergias": "mariscos"}\n' + json.dumps({"id": "a2"}),
        "utf-8",
    )
    rows, _ = read_rows(path)
    parsed = read_fields(rows[0], map_columns(list(rows[0]), "guests"), "guests")
    assert parsed.values["allergies_text"] == "maní; mariscos"
