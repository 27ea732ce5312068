"""CSV and XLSX files people open in a spreadsheet: nothing runs, phones arrive intact."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from sazon.spreadsheets import csv_bytes, safe_cell, xlsx_bytes

COLUMNS = ["Nombre", "Teléfono", "Alergias"]
ROWS = [
    {"Nombre": '=HYPERLINK("http://x","clic")', "Teléfono": "+51 926 259 305",
     "Alergias": ["maní", "mariscos"]},
    {"Nombre": "@SUM(A1)", "Teléfono": "-1+1", "Alergias": []},
    {"Nombre": "Núñez", "Teléfono": "(01) 445-1234", "Alergias": None},
]  # fmt: skip


def test_csv_neutralises_formulas_and_keeps_phones() -> None:
    text = csv_bytes(ROWS, COLUMNS).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["Nombre"].startswith("'=HYPERLINK") and rows[1]["Nombre"] == "'@SUM(A1)"
    assert rows[0]["Teléfono"] == "+51 926 259 305" and rows[2]["Teléfono"] == "(01) 445-1234"
    assert rows[1]["Teléfono"] == "'-1+1"  # not a phone: an expression
    assert rows[0]["Alergias"] == "maní; mariscos" and rows[2]["Nombre"] == "Núñez"


def test_xlsx_stores_every_text_as_text() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes(ROWS, COLUMNS, "invitados")))
    ws = book["invitados"]
    assert [c.value for c in ws[1]] == COLUMNS
    formula_cell, phone_cell = ws["A2"], ws["B2"]
    assert formula_cell.data_type == "s" and formula_cell.value == ROWS[0]["Nombre"]
    assert phone_cell.data_type == "s" and phone_cell.value == "+51 926 259 305"
    assert ws["C2"].value == "maní; mariscos" and ws.freeze_panes == "A2"


def test_safe_cell_leaves_numbers_alone() -> None:
    assert safe_cell(-5) == -5 and safe_cell("+") == "'+"
