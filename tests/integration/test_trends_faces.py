"""The trend tool's faces on the demo's market texts: ``sazon trends detect`` on a file with
bad lines, ``sazon trends alerts`` on a store, and the API through a real server."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sazon.cli.app import run
from sazon.demo.market import HEADERS, build_market_texts
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def market_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("market") / "textos_mercado.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, HEADERS)
        writer.writeheader()
        writer.writerows(build_market_texts(7))
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, market_csv: Path) -> Iterator[Server]:
    with sazon_server(tmp_path_factory.mktemp("home")) as srv:
        srv.cli("ingest", "market-texts", str(market_csv))
        yield srv


def test_detect_prints_ranked_trends_and_names_bad_lines(
    market_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with market_csv.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    path = tmp_path / "textos.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(5, "esto no es JSON")
    lines.append(json.dumps({**rows[0], "id": "futuro", "fecha": "2999-01-01T00:00:00Z"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = run(["trends", "detect", "--input", str(path), "--format", "json", "--no-sentiment"])
    out, err = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    terms = [t["term"] for t in data["trends"]]
    assert any("camu" in t for t in terms) and any("sin azúcar" in t for t in terms)
    assert {"term", "stage", "first_detected", "score", "sentiment", "volume", "examples"} <= set(
        data["trends"][0]
    )
    importance = [t["importance"] for t in data["trends"]]
    assert importance == sorted(importance, reverse=True)
    assert "línea/line 6: no es JSON" in err and "fecha en el futuro" in err
    complaints = [a for a in data["alerts"] if a["kind"] == "queja"]
    assert complaints and complaints[-1]["products"] == ["Yaku Maracuyá 1L"]
    assert complaints[-1]["since"].startswith("2026-05")


def test_a_brief_with_sales_gives_the_lead_and_names_bad_rows(
    market_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sazon.trends import read_market_file
    from sazon.trends.sales import demo_sales, weekly_volume

    volume = weekly_volume(read_market_file(market_csv).items, "sin azucar")
    sales = tmp_path / "ventas.csv"
    with sales.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, ["product", "week", "units"])
        writer.writeheader()
        writer.writerows(demo_sales(volume, "Yaku Zero", lag=2))
        writer.writerow({"product": "Yaku Zero", "week": "semana 5", "units": "10"})
    args = ["--input", str(market_csv), "--sales", str(sales), "--product", "Yaku Zero"]
    code = run(["trends", "brief", "sin azúcar", *args, "--format", "json", "--no-sentiment"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["sales"]["lag_weeks"] == 2 and data["sales"]["p"] < 0.01
    assert "se adelanta 2 semanas" in data["text"]
    assert "leads sales by 2 weeks" in data["evidence_en"][-1]
    assert f"ventas.csv, línea/line {len(volume) + 2}: semana ilegible «semana 5»" in err


def test_api_trends_and_alerts_for_the_roles_that_read_them(
    server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def get(path: str, role: str) -> httpx.Response:
        key = server.keys[role]
        return httpx.get(f"{server.url}/api/v1{path}", headers={"Authorization": f"Bearer {key}"},
                         timeout=120)  # fmt: skip

    trends = get("/trends?top=5", "marketing")
    assert trends.status_code == 200, trends.text
    assert len(trends.json()["trends"]) == 5
    alerts = get("/trends/alerts", "analyst").json()["items"]
    assert any(a["kind"] == "queja" and "Yaku Maracuyá 1L" in a["products"] for a in alerts)
    assert all(a["message_en"] for a in alerts)
    assert get("/trends", "staff").status_code == 403
    # The CLI reads the same store and raises the same alerts.
    for name, value in server.env.items():
        if name.startswith("SAZON_"):
            monkeypatch.setenv(name, value)
    assert run(["trends", "alerts", "--format", "json", "--no-sentiment", "--publish"]) == 0
    out, err = capsys.readouterr()
    cli_alerts = json.loads(out)
    assert [a["id"] for a in cli_alerts] == [a["id"] for a in alerts]
    assert f"{len(alerts)} alertas nuevas publicadas en trends.alerts" in err


def test_the_board_briefs_and_shifts_for_the_roles_that_read_them(server: Server) -> None:
    key = {"Authorization": f"Bearer {server.keys['marketing']}"}
    with httpx.Client(base_url=server.url, timeout=120) as api:
        data = api.get("/api/v1/trends", headers=key).json()
        top = data["trends"][0]
        assert len(top["series"]) == 28 and sum(top["series"][-7:]) >= 1
        assert {"segments", "who"} <= set(top) and "shifts" in data and data["topics"]
        themes = data["themes"]
        assert themes["items"] and themes["outlier_share"] < 0.5
        assert {"name", "texts", "sentiment", "products", "who"} <= set(themes["items"][0])
        brief = api.get("/api/v1/trends/briefs/sin azúcar", headers=key)
        assert brief.status_code == 200, brief.text
        assert brief.json()["octagons"]["clean"] and "Ley 30021" in brief.json()["text"]
        assert api.get("/api/v1/trends/briefs/lúcuma", headers=key).status_code == 404
        # The text in the reader's language; the evidence in both either way.
        english = api.get("/api/v1/trends/briefs/sin azúcar?lang=en", headers=key).json()
        assert "Evidence:" in english["text"] and "Evidencia" not in english["text"]
        assert english["evidence"] == brief.json()["evidence"]
        accept = {**key, "Accept-Language": "en-GB,en;q=0.9"}
        assert "Evidence:" in api.get("/api/v1/trends/briefs/sin azúcar", headers=accept).text
        bad = api.get("/api/v1/trends/briefs/sin azúcar?lang=fr", headers=key)
        assert bad.status_code == 422
        assert api.get("/api/v1/trends/shifts", headers=key).status_code == 200
    with httpx.Client(base_url=server.url, timeout=120) as web:
        login = web.post("/login", data={"key": server.keys["marketing"], "next": "/"})
        assert login.status_code in (200, 303)
        page = web.get("/tools/trends", params={"brief": "sin azúcar"}).text
        assert 'data-testid="trend-row"' in page and 'data-testid="trends-brief"' in page
        assert "<polyline" in page and 'data-testid="nav-trends"' in page
        assert 'data-testid="trends-themes"' in page and themes["items"][0]["name"] in page
    with httpx.Client(base_url=server.url, timeout=60) as web:
        web.post("/login", data={"key": server.keys["staff"], "next": "/"})
        assert web.get("/tools/trends").status_code == 403
