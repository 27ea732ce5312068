from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from sazon.errors import InvalidInput
from sazon.ingest.readers import read_rows, read_table


def test_csv__semicolon_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("nombre;correo\nJosé Ñique;jose@x.pe\n".encode("cp1252"))
    rows, meta = read_rows(path)
    assert rows == [{"nombre": "José Ñique", "correo": "jose@x.pe"}]
    assert meta["encoding"] == "cp1252"
    assert meta["delimiter"] == ";"


def test_csv__utf8_with_bom_and_tabs(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_bytes("\ufeffnombre\tcorreo\nAna\ta@x.pe\n".encode())
    rows, meta = read_rows(path)
    assert rows[0]["nombre"] == "Ana"
    assert meta["encoding"] == "utf-8-sig"


def test_csv__extra_cells_make_a_bad_line_with_its_cells_kept(tmp_path: Path) -> None:
    # A separator too many moves values between columns: the row is kept apart, not read.
    path = tmp_path / "g.csv"
    path.write_text("a,b\n1,2,3\n4,5\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == [{"a": "4", "b": "5"}]
    (bad,) = table.bad
    assert (bad.line, bad.cells) == (2, {"a": "1", "b": "2", "_extra": "3"})
    assert "3 celdas" in bad.reason
    with pytest.raises(InvalidInput, match="line 2"):
        read_rows(path)


def test_xlsx(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["nombre", "telefono"])
    ws.append(["Luz", 987654321])
    path = tmp_path / "g.xlsx"
    wb.save(path)
    rows, meta = read_rows(path)
    assert rows == [{"nombre": "Luz", "telefono": "987654321"}]
    assert meta["format"] == "xlsx"


def test_json_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([{"id": 1, "text": "rico"}]))
    (tmp_path / "a.jsonl").write_text('{"id": 1, "text": "rico"}\nnot json\n')
    rows, _ = read_rows(tmp_path / "a.json")
    assert rows == [{"id": "1", "text": "rico"}]
    rows, _ = read_rows(tmp_path / "a.jsonl")
    assert rows[1] == {"_unparsed": "not json"}


def test_unknown_extension_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "g.doc"
    path.write_text("x")
    with pytest.raises(InvalidInput, match="--input-format"):
        read_rows(path)
