"""Issue #12: erasure on SQLite and PostgreSQL, through the functions and the CLI.

The whole-folder search (bytes on disk) is in ``test_erase_leaves_nothing``; here every row
of every table is read back on both stores and must not name the erased guest, the store's
clean-up step must run (SQLite's WAL checkpoint, PostgreSQL's VACUUM), and ingest reports
must not quote people's values in the first place.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

import sazon.events  # registers the planner's copies with every erasure
import sazon.store.bus_tables  # noqa: F401 - the bus tables are searched too
from sazon.access import clear_freed_space, erase_guest, export_guest
from sazon.cli.app import run
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store import Base, Guest

pytestmark = pytest.mark.integration

GUESTS = (
    "id_cliente;nombre;apellidos;correo;celular;fecha_nacimiento;alergias;notas\n"
    "CLI-EV4410;Eustaquia;Vilcapoma Ticona;eustaquia4410@example.pe;956 781 234;09/07/1981;"
    "maní;cliente de Vilcapoma\n"
    "CLI-OT0001;Otilia;Torres;otilia@example.pe;945 000 111;01/01/1970;;\n"
)
AGAIN = (
    "id_cliente;nombre;apellidos;correo;celular;fecha_nacimiento;alergias;notas\n"
    # An email without a domain: kept in quarantine with the raw row, the guest to review.
    "CLI-EV4410;Eustaquia;Vilcapoma Ticona;eustaquia4410@example;956-781-234;09/07/1981;;\n"
    # A bad phone, with only the name and the birth date to tell who it is.
    ";Eustaquia;Vilcapoma Ticona;;12ab;1981-07-09;;\n"
)
VISITS = (
    "ticket;correo;local;fecha;personas;total;pedido\n"
    "EV-1;eustaquia4410@example.pe;Qaray Test;05/11/2026 20:10;2;S/ 120;Lomo saltado\n"
    "EV-2;eustaquia4410@example.pe;Qaray Test;99/11/2026 20:10;2;S/ 120;Lomo saltado\n"
)
NEEDLES = ("eustaquia", "vilcapoma", "ticona", "956781234", "956 781 234", "956-781-234",
           "1981-07-09", "09/07/1981", "cli-ev4410")  # fmt: skip


def _files(folder: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("guests", GUESTS), ("again", AGAIN), ("visits", VISITS)):
        out[name] = folder / f"{name}.csv"
        out[name].write_text(text, encoding="utf-8")
    return out


def _every_row(engine: Engine) -> str:
    """Every row of every table as one lower-case text."""
    parts = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                parts.append(json.dumps(list(row), default=str, ensure_ascii=False))
    return "\n".join(parts).lower()


def test_erase__no_row_of_any_table_names_the_guest_and_the_store_is_cleaned(
    factory: sessionmaker[Session], engine: Engine, kb: KnowledgeBase, tmp_path: Path
) -> None:
    files = _files(tmp_path)
    for kind, name in (("guests", "guests"), ("guests", "again"), ("visits", "visits")):
        ingest_file(factory, kb, kind, files[name])
    assert all(n in _every_row(engine) for n in ("eustaquia", "956781234", "vilcapoma"))
    with factory.begin() as s:
        gid = s.scalars(select(Guest.id).where(Guest.email == "eustaquia4410@example.pe")).one()
        export = export_guest(s, gid)
    # Both raw rows, and the visits row with the unreadable date.
    assert export["erase"]["quarantine"]["items"] == 3
    with factory.begin() as s:
        removed = erase_guest(s, gid)
    assert removed["quarantine"] == 3
    storage = clear_freed_space(engine, removed)
    assert storage["done"] is True, storage
    assert storage["step"] == ("wal_checkpoint(TRUNCATE)" if engine.dialect.name == "sqlite"
                               else "vacuum")  # fmt: skip
    rows = _every_row(engine)
    assert [n for n in NEEDLES if n in rows] == []
    # The other guest is all there.
    assert "otilia@example.pe" in rows and "+51945000111" in rows


def test_ingest_report__never_quotes_the_values_it_could_not_read(
    factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path
) -> None:
    files = _files(tmp_path)
    summary = ingest_file(factory, kb, "guests", files["again"])
    # Both rows are kept, each with its unreadable field waiting in quarantine.
    assert summary.to_review == 2
    text = json.dumps(summary.report, ensure_ascii=False).lower()
    assert [n for n in ("eustaquia4410@example", "12ab", "956") if n in text] == []
    assert "email" in json.dumps(summary.report["top_reasons"])


def test_cli__guests_erase_and_export(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path)
    assert run(["ingest", "guests", str(files["guests"]), "-f", "json"]) == 0
    assert run(["guests", "list", "-s", "eustaquia4410", "-f", "json"]) == 0
    capsys.readouterr()
    assert run(["guests", "list", "-s", "eustaquia4410", "-f", "json"]) == 0
    gid = json.loads(capsys.readouterr().out)[0]["id"]
    assert run(["guests", "export", str(gid)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["guest"]["email"] == "eustaquia4410@example.pe"
    assert run(["guests", "erase", str(gid), "-f", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["removed"] == {k: v["items"] for k, v in exported["erase"].items()}
    assert out["storage"]["done"] is True
    assert run(["guests", "export", str(gid)]) == 0
    assert json.loads(capsys.readouterr().out)["guest"]["email"] is None


@pytest.mark.parametrize(
    "face", ["import sazon.api.app", "import sazon.cli.store as s; s.load_holders()"]
)
def test_faces__every_face_that_erases_has_the_planner_s_copies_registered(face: str) -> None:
    """The planner registers its copies when ``sazon.events`` is imported: a face that
    erased without importing it would leave plans and needs history behind. The CLI loads
    its tools lazily, so its export and erase commands load the holders first."""
    code = (
        f"{face}\nfrom sazon.access.holdings import registered_holders\nprint(registered_holders())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['events']"
