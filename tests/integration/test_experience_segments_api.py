"""GET /api/v1/experience/segments, /segments/members and /briefing through a real server,
and ``sazon experience segments | briefing | train`` against the same store."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from sazon.store import make_engine, session_factory
from tests.integration.test_experience_segments import AS_OF, SERVICE_DAY, _event, _groups
from tests.integration.test_experience_store import _store
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
Served = tuple[Server, dict[str, int], dict[str, list[int]]]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("experience-segments-api")
    with sazon_server(home) as srv:
        engine = make_engine(f"sqlite:///{home / 'sazon.db'}")
        try:
            factory = session_factory(engine)
            guests = _store(factory)
            groups = _groups(factory)
            _event(factory, guests)
        finally:
            engine.dispose()
        yield srv, guests, groups


def _get(server: Server, path: str, role: str | None, **params: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    url = f"{server.url}/api/v1/experience{path}"
    return httpx.get(url, headers=headers, params=params, timeout=120)  # type: ignore[arg-type]


def test_api__segments_for_marketing_and_analysts_without_health_data(served: Served) -> None:
    server, _, _ = served
    r = _get(server, "/segments", "marketing", as_of=AS_OF.isoformat(), k=3)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["k"] == 3 and len(body["segments"]) == 3 and body["stability"]["seeds"] == 10
    assert "celebraciones en familia" in {s["name"] for s in body["segments"]}
    assert "allerg" not in r.text and "vegan" not in r.text
    assert _get(server, "/segments", "analyst", as_of=AS_OF.isoformat(), k=3).status_code == 200
    for role, status in (("staff", 403), (None, 401)):
        assert _get(server, "/segments", role).status_code == status


def test_api__members_export_only_consenting_guests_as_csv_and_xlsx(served: Served) -> None:
    server, _, groups = served
    params = {"as_of": AS_OF.isoformat(), "k": 3}
    r = _get(server, "/segments/members", "marketing", format="csv", **params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    consented = {i for ids in groups.values() for n, i in enumerate(ids) if n % 2 == 0}
    assert {int(row["guest_id"]) for row in rows} == consented
    assert "allergies" not in rows[0] and rows[0]["segment"]
    x = _get(server, "/segments/members", "admin", format="xlsx", **params)
    assert x.status_code == 200 and x.content[:2] == b"PK"  # a zip: the workbook
    assert _get(server, "/segments/members", "analyst", **params).status_code == 403
    bad = _get(server, "/segments/members", "marketing", format="pdf")
    assert bad.status_code == 422


def test_api__briefing_for_the_floor_restrictions_by_role(served: Served) -> None:
    server, guests, _ = served
    params = {"venue": "tst", "date": SERVICE_DAY.isoformat(), "service": "cena"}
    r = _get(server, "/briefing", "staff", **params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"] == "eventos" and body["briefing"]["grounded"] is True
    assert body["guests"][0]["guest_id"] == guests["vegan"]
    assert body["guests"][0]["restrictions"] == ["vegan"]
    assert body["dishes"]["status"] == "sin datos"
    som = _get(server, "/briefing", "sommelier", lang="en", **params).json()
    assert all(g["restrictions"] is None for g in som["guests"])
    assert _get(server, "/briefing", "marketing", **params).status_code == 403
    missing = _get(server, "/briefing", "staff", venue="zzz", date=SERVICE_DAY.isoformat())
    assert missing.status_code == 404 and "tst" in missing.json()["detail"]
    assert _get(server, "/briefing", "staff", venue="tst", date="12/12/2026").status_code == 422
    pdf = _get(server, "/briefing.pdf", "staff", **params)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.content.rstrip().endswith(b"%%EOF")
    assert "briefing-tst-" in pdf.headers["content-disposition"]
    assert _get(server, "/briefing.pdf", "marketing", **params).status_code == 403
    assert _get(server, "/briefing.pdf", "staff", venue="zzz", date="2026-12-12").status_code == 404


def test_cli__briefing_and_train(served: Served) -> None:
    server, _, _ = served
    pdf = server.home / "briefing.pdf"
    text = server.cli("experience", "briefing", "--venue", "tst", "--date",
                      SERVICE_DAY.isoformat(), "--service", "cena", "--pdf", str(pdf))  # fmt: skip
    assert "Vega" in text and "sin datos" in text
    assert pdf.read_bytes().startswith(b"%PDF-")
    trained = server.cli("experience", "train")
    assert "experience-items v0001" in trained and "hit_rate_at_10" in trained
    # Each venue's return model is in the registry too, with its holdout check.
    assert "experience-returns." in trained and "check_total_error" in trained
    with pytest.raises(subprocess.CalledProcessError) as bad:
        server.cli("experience", "briefing", "--venue", "tst", "--date", "mañana")
    assert "YYYY-MM-DD" in bad.value.stderr
