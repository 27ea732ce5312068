"""Issue #12: an erased guest leaves nothing behind in the data folder (Ley 29733).

One real server on a SQLite store loads the demo group, ingests a file with two distinctive
guests (one row of each quarantined, a visit and a review naming them), uses them through the
API (reads, feedback, an event with invitations, an RSVP link, needs and a plan), then erases
one through the API, the other through the CLI and a demo guest through the API. Every byte
of every file under ``$SAZON_HOME`` (``sazon.db``, its ``-wal`` and ``-shm``, reports, the
server's log) is then searched for their emails, phones, names and birth dates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from sazon.timeutil import utcnow
from tests.integration.test_events_faces import MENU, api, eventually
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Person:
    code: str
    first: str
    last: str
    email: str
    phone: str  # as written in the file
    born: str  # dd/mm/yyyy as written in the file

    @property
    def needles(self) -> list[str]:
        digits = "".join(c for c in self.phone if c.isdigit())
        found = [self.code, self.first, *self.last.split(), self.email, self.phone, digits[-9:]]
        if self.born:
            day, month, year = self.born.split("/")
            found += [self.born, f"{year}-{month}-{day}"]
        return [n for n in found if len(n) >= 4]


ZORAIDA = Person(
    "CLI-ZQ7731", "Zoraida", "Quispetupa Huamanchumo", "zoraida.qh7731@example.pe",
    "987 654 321", "14/03/1987",
)  # fmt: skip
TEODOMIRO = Person(
    "CLI-TC5512", "Teodomiro", "Ccallo Pariapaza", "teo.ccallo5512@example.pe",
    "912-345-678", "02/11/1979",
)  # fmt: skip
HEADER = "id_cliente;nombre;apellidos;correo;celular;fecha_nacimiento;alergias;notas\n"


def _guest_line(p: Person, email: str | None = None, notes: str = "") -> str:
    return f"{p.code};{p.first};{p.last};{email or p.email};{p.phone};{p.born};maní;{notes}\n"


def _write_files(folder: Path) -> dict[str, Path]:
    """The guests, a second file that merges into one and quarantines a row of each, a visits
    file and a reviews file that name them. The files stay outside the data folder."""
    folder.mkdir()
    files = {
        "menu": folder / "carta.csv",
        "guests": folder / "clientes.csv",
        "again": folder / "clientes_2.csv",
        "visits": folder / "ventas.csv",
        "feedback": folder / "resenas.jsonl",
    }
    files["menu"].write_text(MENU, encoding="utf-8")
    files["guests"].write_text(
        HEADER + _guest_line(ZORAIDA) + _guest_line(TEODOMIRO), encoding="utf-8"
    )
    files["again"].write_text(
        HEADER
        + _guest_line(ZORAIDA, notes="prefiere mesa junto a la ventana")  # merged
        # An email nobody can write to: quarantined with the name, phone and birth date.
        + _guest_line(ZORAIDA, email="zoraida.qh7731@example")
        + _guest_line(TEODOMIRO, email="TEO.CCALLO5512@@example.pe"),
        encoding="utf-8",
    )
    files["visits"].write_text(
        "ticket;correo;local;fecha;personas;total;pedido\n"
        f"ZQ-1;{ZORAIDA.email};Qaray Test;05/11/2026 20:10;2;S/ 120;Lomo saltado\n"
        f"TC-1;{TEODOMIRO.email};Qaray Test;06/11/2026 21:00;1;S/ 48;Lomo saltado\n"
        # A date nobody can read: quarantined with the email.
        f"ZQ-2;{ZORAIDA.email};Qaray Test;32/13/2026 20:10;2;S/ 90;Picarones\n",
        encoding="utf-8",
    )
    reviews = [
        {"review_id": "R-ZQ-1", "guest_email": ZORAIDA.email, "rating": 5,
         "text": f"Soy {ZORAIDA.first} {ZORAIDA.last}, todo delicioso",
         "submitted_at": "2026-11-06 10:00"},
        {"review_id": "R-TC-1", "guest_email": TEODOMIRO.email, "rating": 2,
         "text": f"Atendieron tarde a {TEODOMIRO.first}", "submitted_at": "2026-11-07 10:00"},
        # A reviewer we do not know yet: quarantined, "no guest '<email>'" in the report.
        {"review_id": "R-TC-2", "guest_email": "teo.ccallo5512@example.pe.zz", "rating": 3,
         "text": f"Escribe {TEODOMIRO.phone}", "submitted_at": "2026-11-08 10:00"},
    ]  # fmt: skip
    files["feedback"].write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reviews), encoding="utf-8"
    )
    return files


def _guest_id(c: httpx.Client, email: str) -> int:
    items = c.get("/guests", params={"q": email}).json()["items"]
    assert len(items) == 1, items
    return int(items[0]["id"])


def _use(server: Server, ids: list[int]) -> None:
    """Reads, a review, an event with both invited, an RSVP link, new needs and a plan."""
    with api(server, "staff") as c:
        for gid in ids:
            assert c.get(f"/guests/{gid}").status_code == 200
    with api(server, "admin") as c:
        text = f"Volveré con mi familia, {ZORAIDA.first}"
        r = c.post("/feedback", json={"guest_id": ids[0], "rating": 4, "text": text})
        assert r.status_code == 201, r.text
        r = c.put(f"/events/guests/{ids[0]}/needs",
                  json={"restrictions": "alergia al maní y a los mariscos"})  # fmt: skip
        assert r.status_code == 200, r.text
        venue = next(v for v in c.get("/venues").json()["items"] if v["name"] == "Qaray Test")
        r = c.post("/events", json={
            "name": "Cena privada", "starts_at": (utcnow() + timedelta(days=20)).isoformat(),
            "venue_id": venue["id"], "courses": ["entrada", "fondo", "postre"],
            "notes": "mesa larga",
        })  # fmt: skip
        assert r.status_code == 201, r.text
        event_id = int(r.json()["id"])
        r = c.post(f"/events/{event_id}/invitations", json={"guest_ids": ids})
        assert r.status_code == 201, r.text
        invitation = r.json()["created"][0]["invitation_id"]
        assert c.post(f"/events/{event_id}/invitations/{invitation}/rsvp-link").status_code == 200
        r = c.post(f"/events/{event_id}/plan")
        assert r.status_code == 201, r.text
        assert c.get(f"/guests/{ids[0]}/export").status_code == 200


def _demo_guest(c: httpx.Client) -> Person:
    """A demo guest with an email and a phone (their names are common: only those two and
    their code are searched for)."""
    page = c.get("/guests", params={"page_size": 200}).json()["items"]
    g = next(g for g in page if g["email"] and g["phone"] and g["external_id"]
             and g["external_id"].startswith("CLI-0"))  # fmt: skip
    return Person(g["external_id"], "", "", g["email"], g["phone"], "")


def _search(home: Path, people: list[Person]) -> list[str]:
    found = []
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        data = path.read_bytes().lower()
        for person in people:
            for needle in person.needles:
                forms = {needle, json.dumps(needle)[1:-1]}
                if any(f.lower().encode() in data for f in forms):
                    found.append(f"{path.relative_to(home)}: {needle}")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("erase-home")
    # The demo's guests too: one of them is erased beside the test's own.
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _write_files(tmp_path_factory.mktemp("erase-files") / "in")


def test_erase__nothing_of_the_guest_is_left_in_the_data_folder(
    server: Server, files: dict[str, Path]
) -> None:
    server.cli("ingest", "dishes", str(files["menu"]))
    server.cli("ingest", "feedback", str(files["feedback"]))  # before the guests: quarantined
    server.cli("ingest", "guests", str(files["guests"]))
    server.cli("ingest", "guests", str(files["again"]))
    server.cli("ingest", "visits", str(files["visits"]))
    server.cli("ingest", "feedback", str(files["feedback"]))
    with api(server, "admin") as c:
        ids = [_guest_id(c, ZORAIDA.email), _guest_id(c, TEODOMIRO.email)]
        demo = _demo_guest(c)
        demo_id = _guest_id(c, demo.email)
    _use(server, ids)
    people = [ZORAIDA, TEODOMIRO, demo]
    assert _search(server.home, people), "the search must see the guests before erasure"

    with api(server, "admin") as c:
        storage = []
        for gid in (ids[0], demo_id):
            r = c.post(f"/guests/{gid}/erase")
            assert r.status_code == 200, r.text
            storage.append(r.json().get("storage"))
    # The server still runs: its WAL and shared memory files are there.
    assert _search(server.home, [ZORAIDA, demo]) == []
    out = json.loads(server.cli("guests", "erase", str(ids[1]), "--format", "json"))
    assert _search(server.home, people) == []
    assert [s["done"] for s in [*storage, out["storage"]]] == [True, True, True]
    with api(server, "admin") as c:
        assert eventually(lambda: c.get(f"/guests/{ids[0]}"), status=404)


def test_export__lists_every_item_the_erasure_removes(
    server: Server, files: dict[str, Path]
) -> None:
    server.cli("ingest", "dishes", str(files["menu"]))
    # Fresh guests of the same shape (the first test erased its own).
    people = [
        Person("CLI-AX9001", "Anacleta", "Xacxamayo Ruiz", "anacleta9001@example.pe",
               "934 111 222", "03/05/1990"),
        Person("CLI-BX9002", "Belisario", "Xuyo Tincopa", "belisario9002@example.pe",
               "934 333 444", "21/09/1985"),
    ]  # fmt: skip
    folder = files["menu"].parent.parent / "export"
    folder.mkdir(exist_ok=True)
    (folder / "g.csv").write_text(HEADER + "".join(_guest_line(p) for p in people), "utf-8")
    (folder / "q.csv").write_text(
        HEADER + _guest_line(people[0], email="anacleta9001@example"), "utf-8"
    )
    server.cli("ingest", "guests", str(folder / "g.csv"))
    server.cli("ingest", "guests", str(folder / "q.csv"))
    with api(server, "admin") as c:
        ids = [_guest_id(c, p.email) for p in people]
    _use(server, ids)
    with api(server, "admin") as c:
        export: dict[str, Any] = c.get(f"/guests/{ids[0]}/export").json()
        planned = {kind: v["items"] for kind, v in export["erase"].items()}
        for kind in ("quarantine", "ingested_rows", "needs_changes", "rsvp_links", "plans"):
            assert planned[kind] >= 1, (kind, planned)
        # Deleted kinds are listed one by one; texts are listed with the review they end.
        for kind in ("quarantine", "ingested_rows", "merges", "sentiment", "needs_changes",
                     "locks", "rsvp_links", "plans", "bus_messages", "ingest_reports"):  # fmt: skip
            assert len(export[kind]) == planned[kind], kind
        assert sum(1 for f in export["feedback"] if f["text"]) == planned["feedback"]
        assert any("anacleta" in json.dumps(q["raw"]).lower() for q in export["quarantine"])

        r = c.post(f"/guests/{ids[0]}/erase")
        assert r.status_code == 200, r.text
        assert r.json()["removed"] == planned
        after = c.get(f"/guests/{ids[0]}/export").json()
        left = {kind: v["items"] for kind, v in after["erase"].items() if kind != "guest"}
        assert set(left.values()) == {0}, left
        # The other guest's data is untouched.
        assert c.get(f"/guests/{ids[1]}").json()["email"] == people[1].email
