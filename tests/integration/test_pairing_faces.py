"""The pairing's faces: the CLI through its runner on files and on a demo-like store (SQLite
and PostgreSQL), training into the model registry, and the API through a real server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from sazon.cli.app import run
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.pairing import load_model
from sazon.pairing.rules import RULES
from sazon.store import transaction
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
WINELIST = ROOT / "bench" / "data" / "pairing_winelist.csv"
DISHES = """dish_id,name,course,price_pen,ingredients
c1,Ceviche de corvina,entrada,42,corvina;limón;ají limo;cebolla roja;culantro
f1,Seco de cabrito,fondo,46,cabrito;culantro;chicha de jora;ají amarillo;frejol canario
x1,Plato del chef,fondo,50,corvina;espuma de yacón
p1,Suspiro a la limeña,postre,16,leche condensada;leche evaporada;yema de huevo;azúcar
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SAZON_DATABASE_URL", raising=False)
    return tmp_path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def dishes_file(tmp_path: Path) -> Path:
    path = tmp_path / "platos.csv"
    path.write_text(DISHES, encoding="utf-8")
    return path


# -- CLI on files ---------------------------------------------------------------------------


def test_cli__suggest_from_files_prints_the_documented_json(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "pairing", "suggest", "--dishes", str(dishes_file(home)),
                       "--wines", str(WINELIST), "--top", "3", "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert [p["dish_id"] for p in data] == ["c1", "f1", "x1", "p1"]
    listed = {line.split(",")[0] for line in WINELIST.read_text().splitlines()[1:]}
    for p in data:
        assert set(p) == {"dish_id", "dish", "profile", "suggestions"}
        assert len(p["suggestions"]) == 3
        scores = [s["score"] for s in p["suggestions"]]
        assert scores == sorted(scores, reverse=True)
        for s in p["suggestions"]:
            assert set(s) == {"wine_id", "name", "score", "confidence", "why"}
            assert s["wine_id"] in listed and s["why"]
    assert data[2]["profile"]["unknown_ingredients"] == ["espuma de yacón"]
    assert "limón" in data[0]["suggestions"][0]["why"]


def test_cli__english_filters_and_drinks_without_alcohol(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dishes = str(dishes_file(home))
    code, out, _ = cli(capsys, "pairing", "suggest", "--dishes", dishes, "--wines", str(WINELIST),
                       "--lang", "en", "--max-price", "100", "--color", "white",
                       "--format", "json")  # fmt: skip
    assert code == 0
    for p in json.loads(out):
        for s in p["suggestions"]:
            assert "Ojo" not in s["why"] and "acompaña" not in s["why"]
    wines = {line.split(",")[0]: line.split(",") for line in WINELIST.read_text().splitlines()[1:]}
    first = json.loads(out)[0]["suggestions"]
    assert all(float(wines[s["wine_id"]][-1]) <= 100 for s in first)
    code, out, _ = cli(capsys, "pairing", "suggest", "--dishes", dishes, "--non-alcoholic",
                       "--format", "json")  # fmt: skip
    assert code == 0
    assert all(s["wine_id"].startswith("na:") for p in json.loads(out) for s in p["suggestions"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("dish_id;name;ingredients\nd1;Ceviche;corvina\n", "separate columns with commas"),
        ("dish_id,name,price_pen\nd1,Ceviche,caro\n", "line 2: price_pen 'caro' is not a number"),
    ],
)
def test_cli__a_bad_file_is_one_clear_line_and_exit_1(
    home: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = home / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    code, out, err = cli(capsys, "pairing", "suggest", "--dishes", str(bad), "--wines",
                         str(WINELIST), "--format", "json")  # fmt: skip
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def test_cli__menu_flight_from_files(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "pairing", "menu", "--menu", str(dishes_file(home)), "--wines",
                       str(WINELIST), "--mode", "flight", "--budget", "700",
                       "--format", "json")  # fmt: skip
    assert code == 0
    menu = json.loads(out)
    picks = [c["wine"]["wine_id"] for c in menu["courses"]]
    assert len(set(picks)) == len(picks) == 4
    assert menu["total_price_pen"] <= 700 and menu["mode"] == "flight"
    assert all(c["non_alcoholic"]["wine_id"].startswith("na:") for c in menu["courses"])


def test_cli__rules_lists_every_rule(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "pairing", "rules", "--format", "json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [r.id for r in RULES]


# -- the store --------------------------------------------------------------------------------


def demo_like_store(factory: sessionmaker[Session], kb: KnowledgeBase, tmp: Path) -> None:
    """The demo's three venues, their wine lists and menus (no guests, visits or reviews)."""
    from sazon.demo.direct import store_venues, store_wine_lists
    from sazon.demo.files import write_csv
    from sazon.demo.safety import SafetyChecker
    from sazon.demo.venues import build_venues, menu_rows

    venues = build_venues(7, kb, SafetyChecker(kb))
    with transaction(factory) as session:
        store_wine_lists(session, venues, store_venues(session, venues))
    rows = menu_rows(venues)
    write_csv(tmp / "cartas.csv", list(rows[0]), rows)
    summary = ingest_file(factory, kb, "dishes", tmp / "cartas.csv")
    assert summary.accepted > 60


def test_store__suggest_without_files_uses_each_venues_own_list(
    store_url: str,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    demo_like_store(factory, kb, home)
    monkeypatch.setenv("SAZON_DATABASE_URL", store_url)
    code, out, _ = cli(capsys, "pairing", "suggest", "--venue", "mfl", "--dish", "ceviche",
                       "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert sum("ceviche" in p["dish"].lower() for p in data) >= 2  # (or in the English name)
    assert all(p["dish_id"].startswith("mfl-") for p in data)
    for p in data:
        assert all(s["wine_id"].startswith("mfl-") for s in p["suggestions"])
    code, out, _ = cli(capsys, "pairing", "suggest", "--format", "json", "--top", "1")
    assert code == 0
    every = json.loads(out)
    assert len({p["dish_id"].split("-")[0] for p in every}) == 3
    for p in every:  # each dish with its own venue's list, never another's
        assert p["suggestions"][0]["wine_id"].split("-")[0] == p["dish_id"].split("-")[0]
    assert not any(p["profile"]["course"] == "bebida" for p in every)
    code, _, err = cli(capsys, "pairing", "suggest", "--venue", "nope", "--format", "json")
    assert code == 1 and "known venue codes are brc, mfl, sis" in err


def test_cli__train_writes_a_registry_version_that_suggest_uses(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "pairing", "train", "--no-xwines", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["version"] == "v0001" and report["active"] is True
    assert report["examples_xwines"] == 0 and report["cv_ranker_top1"] > 0.8
    model = load_model(home / "home" / "models", use_ranker=True)
    assert model.source == "registry:v0001" and model.ranker is not None
    code, out, _ = cli(capsys, "pairing", "suggest", "--dishes", str(dishes_file(home)),
                       "--wines", str(WINELIST), "--ranker", "--format", "json")  # fmt: skip
    assert code == 0 and len(json.loads(out)) == 4


# -- the API through a real server -------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("pairing-api")
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


def api(server: Server, role: str | None = "sommelier") -> httpx.Client:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    return httpx.Client(base_url=server.url + "/api/v1/pairing", headers=headers, timeout=60)


def test_api__suggest_for_store_dishes_from_the_venue_list(server: Server) -> None:
    with api(server) as c:
        dishes = c.get("/dishes", params={"venue": "brc", "q": "seco"}).json()
        assert dishes and all("seco" in d["name"].lower() for d in dishes)
        r = c.post("/suggest", json={"dish_codes": [d["dish_id"] for d in dishes], "top": 2})
    assert r.status_code == 200
    for p in r.json():
        assert len(p["suggestions"]) == 2
        for s in p["suggestions"]:
            assert s["wine_id"].startswith("brc-") and s["reasons"] and s["wine"]["body"]


def test_api__suggest_inline_dishes_and_wines_in_english(server: Server) -> None:
    body = {
        "dishes": [{"dish_id": "t1", "name": "Tiradito nikkei", "course": "entrada",
                    "ingredients": ["atún", "limón", "sillao", "kion"]}],
        "wines": [{"wine_id": "sb", "name": "Sauvignon Blanc", "grapes": ["Sauvignon Blanc"]},
                  {"wine_id": "tn", "name": "Tannat", "grapes": ["Tannat"]}],
        "lang": "en",
        "top": 1,
    }  # fmt: skip
    with api(server, "staff") as c:
        r = c.post("/suggest", json=body)
    assert r.status_code == 200
    [p] = r.json()
    assert p["suggestions"][0]["wine_id"] == "sb" and "the lime" in p["suggestions"][0]["why"]


def test_api__menu_flight_from_store_codes(server: Server) -> None:
    with api(server, "planner") as c:
        codes = [d["dish_id"] for d in c.get("/dishes", params={"venue": "mfl"}).json()]
        by_course: dict[str, str] = {}
        for d in c.get("/dishes", params={"venue": "mfl"}).json():
            by_course.setdefault(d["course"], d["dish_id"])
        menu = [by_course[k] for k in ("entrada", "fondo", "postre") if k in by_course]
        r = c.post("/menu", json={"dish_codes": menu, "venue": "mfl", "mode": "flight"})
    assert codes and r.status_code == 200
    courses = r.json()["courses"]
    assert [c["dish_id"] for c in courses] == menu
    assert all(c["wine"]["wine_id"].startswith("mfl-") for c in courses)
    assert all(c["non_alcoholic"] for c in courses)


def test_api__roles_keys_and_validation(server: Server) -> None:
    body = {"dish_codes": ["mfl-ceviche_clasico"]}
    with api(server, None) as anonymous:
        r = anonymous.post("/suggest", json=body)
        assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    with api(server, "analyst") as analyst:
        r = analyst.post("/suggest", json=body)
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
    with api(server) as c:
        assert c.post("/suggest", json={"top": 3}).status_code == 422  # no dishes at all
        assert c.post("/suggest", json={**body, "top": 99}).status_code == 422
        r = c.post("/suggest", json={**body, "venue": "zzz"})
        assert r.status_code == 404 and "known venue codes" in r.json()["detail"]
        rules = c.get("/rules", params={"lang": "en"}).json()
        assert [x["id"] for x in rules] == [x.id for x in RULES]


def test_cli__an_empty_store_says_what_to_run(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "pairing", "suggest", "--format", "json")
    assert code == 3 and out == ""
    assert err.startswith("error: ") and "sazon demo-data" in err and err.count("\n") == 1
