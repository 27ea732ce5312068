"""The messy guest export of the acceptance list, through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.cli.app import run
from sazon.store import Guest, RecordMerge

pytestmark = pytest.mark.integration

LONG_NOTE = "Prefiere la mesa del fondo. " * 180  # ~5,000 characters
HEADER = "nombre;apellidos;correo;telefono;fecha_nacimiento;alergias;dieta;notas;idioma"
ROWS = [
    "Rosa;Quispe Mamani;Rosa.Quispe@Gmail.com;987 654 321;05/03/1988;mariscos;;ventana;es",
    "rosa;quispe mamani;rosa.quispe@gmail.com;;05/03/1988;maní;;;es",  # same email
    "Jorge;Salas;;+51 912 345 678;12/11/1975;;vegetariano;;es",
    "Jorge;Salas Vega;jorge.salas@hotmail.com;912-345-678;12/11/1975;;;cumpleaños;es",  # phone
    ";;;;;mariscos;;solo alergias;es",  # no identity
    "Pedro;Ramos;pedro@example.pe;;31/02/1990;;;;es",  # impossible date
    '"=HYPERLINK(""http://evil.example"",""clic"")";Hack;hack@example.pe;;;;;;es',  # formula
    f"Lucía;Fernández;lucia@example.pe;;;;;{LONG_NOTE};es",  # 5,000-character note
    "Ñusta;Huamán;nusta@example.pe;999888777;;lactosa;sin cerdo;;español",
    "John;Smith;john.smith@example.com;+1 415 555 0134;1980-04-02;tree nuts;;;english",
]


def messy_file(tmp_path: Path, encoding: str = "cp1252", emoji: bool = False) -> Path:
    rows = list(ROWS)
    if emoji:
        rows[8] = "Ñusta 😊;Huamán 🌮;nusta@example.pe;999888777;;lactosa;sin cerdo;Ama el 🐟🍋;es"
    path = tmp_path / f"clientes-{encoding}.csv"
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))
    return path


def _ingest(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert run(["ingest", "guests", str(path), "--format", "json"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    result: dict[str, object] = json.loads(out.out)
    return result


def test_messy_export__counts_add_up_and_duplicates_merge(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = _ingest(messy_file(tmp_path), capsys)
    assert summary["rows"] == 10
    # Pedro's impossible birth date no longer costs the guest: it waits in quarantine alone.
    assert (summary["accepted"], summary["merged"], summary["quarantined"]) == (7, 2, 1)
    details = summary["details"]
    assert isinstance(details, list)
    by_row = {d["row"]: d for d in details}
    assert by_row[2]["matched_on"] == "email"
    assert by_row[2]["record_id"] == by_row[1]["record_id"]
    assert by_row[4]["matched_on"] == "phone"
    assert by_row[4]["record_id"] == by_row[3]["record_id"]
    assert {r["field"] for r in by_row[5]["reasons"]} == {"_row"}
    assert "no identity" in by_row[5]["reasons"][0]["error"]
    assert by_row[6]["outcome"] == "accepted" and by_row[6]["review_fields"] == ["birth_date"]
    assert by_row[6]["reasons"][0]["field"] == "birth_date"
    assert "not a real date" in by_row[6]["reasons"][0]["error"]
    assert any("characters" in w["error"] for w in by_row[8]["warnings"])


def test_messy_export__merge_keeps_most_complete_values(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _ingest(messy_file(tmp_path), capsys)
    capsys.readouterr()
    assert run(["guests", "list", "--search", "quispe", "--format", "json"]) == 0
    [rosa] = json.loads(capsys.readouterr().out)
    assert rosa["email"] == "rosa.quispe@gmail.com"
    assert rosa["phone"] == "+51987654321"
    # "mariscos" is read broadly (fish too) unless the guest says fish is fine.
    assert set(rosa["allergies"]) == {"fish", "crustaceans", "molluscs", "peanuts"}
    assert run(["guests", "list", "--search", "salas", "--format", "json"]) == 0
    [jorge] = json.loads(capsys.readouterr().out)
    assert jorge["email"] == "jorge.salas@hotmail.com"
    assert "vegetarian" in jorge["diets"]


def test_messy_export__formula_is_neutralised_in_csv(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _ingest(messy_file(tmp_path), capsys)
    capsys.readouterr()
    assert run(["guests", "list", "--search", "hack", "--format", "csv"]) == 0
    [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert row["first_name"].startswith("'=HYPERLINK")


def test_messy_export__reingest_changes_nothing(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], store_url: str
) -> None:
    path = messy_file(tmp_path)
    _ingest(path, capsys)
    capsys.readouterr()
    run(["guests", "list", "--format", "json", "--limit", "100"])
    before = capsys.readouterr().out
    again = _ingest(path, capsys)
    assert (again["accepted"], again["merged"], again["quarantined"]) == (0, 9, 1)
    run(["guests", "list", "--format", "json", "--limit", "100"])
    assert capsys.readouterr().out == before
    run(["quarantine", "list", "--format", "json"])
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_messy_export__utf8_with_emoji(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = _ingest(messy_file(tmp_path, "utf-8", emoji=True), capsys)
    assert summary["accepted"] == 7
    capsys.readouterr()
    run(["guests", "list", "--search", "nusta", "--format", "json"])
    [nusta] = json.loads(capsys.readouterr().out)
    assert nusta["first_name"] == "Ñusta"
    assert nusta["last_name"] == "Huamán"
    assert "🐟" in nusta["notes"]


def test_quarantine__fix_and_reingest(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _ingest(messy_file(tmp_path), capsys)
    capsys.readouterr()
    run(["quarantine", "list", "--format", "json"])
    entries = json.loads(capsys.readouterr().out)
    pedro = next(e for e in entries if e["raw"]["nombre"] == "Pedro")
    assert (
        run(
            [
                "quarantine",
                "fix",
                str(pedro["id"]),
                "fecha_nacimiento=28/02/1990",
                "--format",
                "json",
            ]
        )
        == 0
    )
    fixed = json.loads(capsys.readouterr().out)
    # Pedro was kept without his birth date: the fixed date goes to him.
    assert (fixed["outcome"], fixed["record_id"]) == ("merged", pedro["record_id"])
    assert fixed["fields_filled"] == ["birth_date"]
    run(["quarantine", "list", "--format", "json"])
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_merges_are_remembered(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sazon.store import make_engine, session_factory

    _ingest(messy_file(tmp_path), capsys)
    engine = make_engine(cli_env)
    factory: sessionmaker[Session] = session_factory(engine)
    with factory() as s:
        merges = s.scalars(select(RecordMerge)).all()
        assert {m.matched_on for m in merges} == {"email", "phone"}
        rosa = s.scalars(select(Guest).where(Guest.email == "rosa.quispe@gmail.com")).one()
        assert any(m.record_id == rosa.id and "allergies" in m.fields_filled for m in merges)
    engine.dispose()
