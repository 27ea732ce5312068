"""Issue #18: every tool's metrics reach Prometheus, no personal data in them, and every
Grafana panel's query finds data.

One module-scoped stack: ``sazon serve`` and ``sazon worker --metrics-port`` on one SQLite
store (embedded bus) do real work through the API (uploads with a bad row, an event planned,
wines paired, texts scored and generated, a guest's recommendations, feedback the worker
scores), then Debian's Prometheus scrapes both every second.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from sazon.timeutil import utcnow
from tests.servers import Server, sazon_server, sazon_worker
from tests.services import prometheus_server

pytestmark = pytest.mark.integration

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"

# Names and emails that must never reach a metric (guests, and text inside feedback).
PRIVATE = ("Zenobia", "Quilcahuamán", "zenobia.q@privado.pe", "Eustaquio", "Huamanchumo",
           "eustaquio@privado.pe", "Filomena", "filomena@privado.pe", "987654321",
           "nadie.mas")  # fmt: skip
GUESTS = """nombre;apellido;correo;telefono;alergias;dieta
Zenobia;Quilcahuamán;zenobia.q@privado.pe;987654321;alergia a los mariscos;
Eustaquio;Huamanchumo;eustaquio@privado.pe;;;vegetariano
Filomena;Ccori;filomena@privado.pe;;celíaco;
"""
# The second visit names nobody the store knows: quarantined, its email kept only there.
VISITS = """correo;fecha;personas;total;local
zenobia.q@privado.pe;12/10/2026 20:15;2;S/ 180,50;Qaray Ops
nadie.mas@privado.pe;12/10/2026 21:00;2;S/ 90;Qaray Ops
"""
MENU = """codigo,plato,tiempo,precio,local
e1,Causa de langostinos,entrada,S/ 32,Qaray Ops
e2,Solterito arequipeño,entrada,S/ 24,Qaray Ops
f1,Lomo saltado,fondo,S/ 48,Qaray Ops
f2,Quinotto de champiñones,fondo,S/ 40,Qaray Ops
p1,Suspiro a la limeña,postre,S/ 15,Qaray Ops
p2,Mazamorra morada,postre,S/ 12,Qaray Ops
"""
WINES = """codigo,vino,bodega,pais,region,uvas,color,precio,local
qo-sb,Tacama Sauvignon Blanc,Tacama,Peru,Ica,Sauvignon Blanc,blanco,80,Qaray Ops
qo-malbec,Intipalka Malbec,Santiago Queirolo,Peru,Ica,Malbec,tinto,80,Qaray Ops
"""


@dataclass
class Stack:
    server: Server
    worker_metrics: str
    prometheus: str

    def query(self, expr: str) -> list[dict[str, Any]]:
        r = httpx.get(f"{self.prometheus}/api/v1/query", params={"query": expr}, timeout=30)
        body = r.json()
        assert r.status_code == 200 and body["status"] == "success", (expr, body)
        result: list[dict[str, Any]] = body["data"]["result"]
        return result


def _upload(c: httpx.Client, kind: str, name: str, data: str) -> dict[str, Any]:
    files = {"file": (name, data.encode(), "text/csv")}
    r = c.post(f"/ingest/{kind}", files=files, params={"wait": 120})
    assert r.status_code == 200, r.text
    job: dict[str, Any] = r.json()
    assert job["status"] == "done", job
    return job


def _score_first(server: Server) -> None:
    """Score a text before the worker starts: the api fits the default sentiment model once
    and saves it in the registry, where the worker then loads it (two processes fitting at
    once on a busy two-core machine took minutes)."""
    headers = {"Authorization": f"Bearer {server.keys['admin']}"}
    text = "Zenobia dice: el ceviche riquísimo, pero la atención lentísima."
    body = {"items": [{"id": "zenobia.q@privado.pe", "text": text}]}
    r = httpx.post(f"{server.url}/api/v1/text/sentiment", json=body, headers=headers, timeout=600)
    assert r.status_code == 200, r.text


def _real_work(server: Server) -> None:
    headers = {"Authorization": f"Bearer {server.keys['admin']}"}
    with httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=300) as c:
        _upload(c, "dishes", "carta.csv", MENU)
        _upload(c, "wines", "vinos.csv", WINES)
        _upload(c, "guests", "invitados.csv", GUESTS)
        job = _upload(c, "visits", "visitas.csv", VISITS)
        assert job["counts"]["quarantined"] == 1, job
        venue = next(v for v in c.get("/venues").json()["items"] if v["name"] == "Qaray Ops")
        guests = c.get("/guests", params={"page_size": 50}).json()["items"]
        r = c.post("/events", json={
            "name": "Cena de operaciones", "event_type": "maridaje",
            "starts_at": (utcnow() + timedelta(days=20)).isoformat(), "venue_id": venue["id"],
            "budget_per_guest_pen": "150", "courses": ["entrada", "fondo", "postre"],
        })  # fmt: skip
        assert r.status_code == 201, r.text
        event_id = r.json()["id"]
        r = c.post(f"/events/{event_id}/invitations", json={"guest_ids": [g["id"] for g in guests]})
        assert r.status_code == 201, r.text
        r = c.post(f"/events/{event_id}/plan", json={})
        assert r.status_code == 201, r.text
        dishes = c.get("/pairing/dishes", params={"venue": str(venue["id"])}).json()
        r = c.post("/pairing/suggest", json={"dish_codes": [d["dish_id"] for d in dishes][:3]})
        assert r.status_code == 200, r.text
        facts = {"dish": {"name": "Causa limeña de pollo", "course": "entrada", "price_pen": 32}}
        r = c.post("/generate", json={"kind": "menu_description", "facts": facts})
        assert r.status_code == 200, r.text
        guest_id = guests[0]["id"]
        recs = c.get(
            f"/experience/guests/{guest_id}/recommendations", params={"venue": str(venue["id"])}
        )
        assert recs.status_code == 200, recs.text
        # Feedback goes through the bus: the worker (another process) scores it.
        said = "Filomena: la atención pésima, no vuelvo."
        r = c.post("/feedback", json={"guest_id": guest_id, "rating": 2, "text": said})
        assert r.status_code == 201, r.text
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            items = c.get("/feedback", params={"guest_id": guest_id}).json()["items"]
            if items and items[0]["sentiment"]:
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the worker never scored the feedback")


def _save_model(home: Path) -> None:
    """A real model in the registry with an evaluation, as `sazon pairing train` saves one."""
    from sklearn.linear_model import LogisticRegression

    from sazon.ml import ModelRegistry

    model = LogisticRegression().fit([[0.0], [1.0], [0.2], [0.9]], [0, 1, 0, 1])
    ModelRegistry(home / "models").save(
        model, "pairing", metrics={"cv_ranker_hit3": 0.82, "cv_ranker_top1": 0.55},
        data_fingerprint="ops-test", activate=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    home = tmp_path_factory.mktemp("operations")
    with sazon_server(home) as server:
        _save_model(home)
        _score_first(server)
        with sazon_worker(home, server.env, wait=False) as worker_metrics:
            _real_work(server)
            host = server.url.removeprefix("http://")
            target = worker_metrics.removeprefix("http://").removesuffix("/metrics")
            jobs = {"sazon-api": [host], "sazon-worker": [target]}
            with prometheus_server(jobs) as prom:
                found = Stack(server, worker_metrics, prom)
                _wait_for_scrapes(found)
                yield found


def _wait_for_scrapes(stack: Stack) -> None:
    """Both targets up, and enough samples for a rate() over them (several scrapes)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        up = stack.query("sum(up)")
        if up and float(up[0]["value"][1]) == 2:
            samples = stack.query("count_over_time(up[1m])")
            if samples and min(float(s["value"][1]) for s in samples) >= 4:
                return
        time.sleep(0.5)
    raise AssertionError("Prometheus did not scrape both the api and the worker")


def _panels() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted((DEPLOY / "grafana" / "dashboards").glob("*.json")):
        board = json.loads(path.read_text("utf-8"))
        for panel in board["panels"]:
            for target in panel["targets"]:
                out.append((path.stem, panel["title"], target["expr"]))
    return out


def test_metrics__no_personal_data_after_real_work(stack: Stack) -> None:
    api = httpx.get(f"{stack.server.url}/metrics", timeout=30).text
    worker = httpx.get(stack.worker_metrics, timeout=30).text
    for text in (api, worker):
        for private in PRIVATE:
            assert private.lower() not in text.lower(), private
    # The real work is there: every tool counted something.
    seen, busy = _largest(api), _largest(worker)
    for name in ("sazon_ingest_rows_total", "sazon_events_plans_total",
                 "sazon_pairing_suggest_seconds_count", "sazon_text_scored_total",
                 "sazon_generate_texts_total", "sazon_experience_recommendation_seconds_count",
                 "sazon_ingest_quarantine_open", "sazon_model_metric"):  # fmt: skip
        assert seen.get(name, 0) > 0, name
    assert busy.get("sazon_bus_handled_total", 0) > 0 and "sazon_bus_lag" in busy


def _largest(exposition: str) -> dict[str, float]:
    """The largest value of each sample name in a /metrics page."""
    out: dict[str, float] = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            out[sample.name] = max(out.get(sample.name, float("-inf")), sample.value)
    return out


def test_dashboards__every_panel_query_has_data(stack: Stack) -> None:
    named = stack.query('count by (__name__) ({__name__=~"sazon_.+|up"})')
    exported = {s["metric"]["__name__"] for s in named}
    panels = _panels()
    assert len(panels) >= 30
    empty, unknown = [], []
    for board, title, expr in panels:
        for name in re.findall(r"\b(sazon_[a-z0-9_]+|up)\b", expr):
            if name not in exported:
                unknown.append(f"{board} · {title}: {name}")
        if not stack.query(expr):
            empty.append(f"{board} · {title}: {expr}")
    problems = ["metrics the app does not export:", *unknown, "panels without data:", *empty]
    assert not unknown and not empty, "\n".join(problems)
