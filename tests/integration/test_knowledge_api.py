"""House additions through the API and the web page of a real server: roles, problem+json
errors, and the dishes API, pairing and the to-do seeing an addition at the next request."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"
SAUCE = "salsa ahumada de sacha inchi"
MENU = f"""codigo,plato,tiempo,precio,ingredientes
kt1,Tallarín de la casa,fondo,40,papa;{SAUCE}
kt2,Chupe de hongos del huerto,sopa,30,papa;hongo shiitake del huerto
"""
WINES = [{"wine_id": "sb", "name": "Sauvignon Blanc", "grapes": ["Sauvignon Blanc"]}]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("knowledge-api")
    menu = home / "carta.csv"
    menu.write_text(MENU, encoding="utf-8")
    with sazon_server(home) as srv:
        srv.cli("ingest", "dishes", str(menu))
        yield srv


def api(server: Server, role: str) -> httpx.Client:
    headers = {"Authorization": f"Bearer {server.keys[role]}"}
    return httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=60)


def _dish(c: httpx.Client) -> dict[str, object]:
    [item] = c.get("/dishes", params={"q": "tallarín de la casa"}).json()["items"]
    full: dict[str, object] = c.get(f"/dishes/{item['id']}").json()
    return full


def _pairing_unknown(c: httpx.Client) -> list[str]:
    [d] = c.get("/pairing/dishes", params={"q": "tallar"}).json()
    r = c.post("/pairing/suggest", json={"dish_codes": [d["dish_id"]], "wines": WINES, "top": 1})
    assert r.status_code == 200, r.text
    unknown: list[str] = r.json()[0]["profile"]["unknown_ingredients"]
    return unknown


def test_api__classify_an_unknown_ingredient(server: Server) -> None:
    with api(server, "planner") as c:
        todo = c.get("/knowledge/unknown").json()
        assert {u["written"] for u in todo} >= {SAUCE, "hongo shiitake del huerto"}
        before = _dish(c)
        assert SAUCE in before["classification"]["unknown"]  # type: ignore[index]
        assert SAUCE in _pairing_unknown(c)

        body = {"name_es": SAUCE, "category": "sauce", "allergens": ["tree_nuts"], "diet": [],
                "flavour": {"heat": 2}}  # fmt: skip
        r = c.post("/knowledge/ingredients", json=body)
        assert r.status_code == 201, r.text
        added = r.json()
        assert added["ingredient_id"] == "house_salsa_ahumada_de_sacha_inchi"
        assert added["dish_lines_resolved"] == 1 and "planner" in added["added_by"]

        after = _dish(c)
        lines = {i["written_as"]: i["ingredient_id"] for i in after["ingredients"]}  # type: ignore[attr-defined]
        assert lines[SAUCE] == added["ingredient_id"]
        classification = after["classification"]
        assert classification["unknown"] == [] and "tree_nuts" in classification["allergens"]  # type: ignore[index]
        assert SAUCE not in _pairing_unknown(c)
        assert SAUCE not in {u["written"] for u in c.get("/knowledge/unknown").json()}

        r = c.post("/knowledge/synonyms", json={"word": "sacha ahumada", "to": SAUCE})
        assert r.status_code == 201
        hit = c.get("/knowledge/classify", params={"text": "sacha ahumada"}).json()
        assert hit["allergens"] == ["tree_nuts"]
        r = c.post(
            "/knowledge/preparations",
            json={"name_es": "crema de maní de la casa", "components": ["maní", "leche evaporada"]},
        )
        assert r.status_code == 201 and {"peanuts", "milk"} <= set(r.json()["allergens"])
        kinds = [a["kind"] for a in c.get("/knowledge/additions").json()]
        assert kinds == ["ingredient", "synonym", "preparation"]

    db = next(Path(server.home).rglob("*.db"))
    with sqlite3.connect(db) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    assert [a for a in actions if a.startswith("knowledge.")] == [
        "knowledge.add_ingredient", "knowledge.add_synonym", "knowledge.add_preparation",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "body", "status", "code", "field"),
    [
        ("/knowledge/ingredients", {"name_es": "hoja de x", "category": "herb",
         "allergens": ["nuts"], "diet": []}, 422, "invalid_input", "allergens"),
        ("/knowledge/ingredients", {"name_es": "hoja de x", "category": "herb", "diet": []},
         422, "invalid_input", "allergens"),
        ("/knowledge/ingredients", {"name_es": "Ají Amarillo", "category": "chili",
         "allergens": [], "diet": []}, 409, "conflict", "name_es"),
        ("/knowledge/preparations", {"name_es": "crema x", "components": ["maní", "zzz qq"]},
         422, "invalid_input", "components"),
        ("/knowledge/synonyms", {"word": "zzz qq", "to": "nada de nada"},
         422, "invalid_input", "to"),
    ],
)  # fmt: skip
def test_api__bad_additions_are_problems(
    server: Server, path: str, body: dict[str, object], status: int, code: str, field: str
) -> None:
    with api(server, "admin") as c:
        r = c.post(path, json=body)
    assert r.status_code == status and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["code"] == code
    assert r.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("role", ["sommelier", "staff", "coordinator", "marketing", "analyst"])
def test_api__only_admin_and_planner_classify(server: Server, role: str) -> None:
    body = {"name_es": "hoja de prueba", "category": "herb", "allergens": [], "diet": []}
    with api(server, role) as c:
        r = c.post("/knowledge/ingredients", json=body)
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
        assert c.get("/knowledge/additions").status_code == 200


def test_web__the_page_lists_the_todo_and_adds_an_ingredient(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as web:
        r = web.post("/login", data={"key": server.keys["planner"], "next": "/"})
        assert r.status_code in (200, 303)
        page = web.get("/knowledge/additions")
        assert page.status_code == 200 and "Clasificar ingredientes" in page.text
        assert "hongo shiitake del huerto" in page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf
        form = {"csrf": csrf.group(1), "kind": "ingredient", "name_es": "hongo shiitake del huerto",
                "category": "vegetable", "no_allergens": "true", "no_diet": "true"}  # fmt: skip
        nothing = web.post("/knowledge/additions", data={**form, "no_diet": ""})
        assert nothing.status_code == 422 and "no tiene ninguno" in nothing.text
        r = web.post("/knowledge/additions", data=form)
        assert r.status_code == 303 and r.headers["location"].startswith("/knowledge/additions")
        page = web.get(r.headers["location"])
        assert "house_hongo_shiitake_del_huerto" in page.text
        assert "hongo shiitake del huerto</strong>" not in page.text  # off the to-do
        web.get("/lang/en")
        assert "Classify ingredients" in web.get("/knowledge/additions").text
    with httpx.Client(base_url=server.url, timeout=60) as web:
        web.post("/login", data={"key": server.keys["sommelier"], "next": "/"})
        assert web.get("/knowledge/additions").status_code == 403
