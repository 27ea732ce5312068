"""``POST /api/v1/generate`` through a real server: any key writes a grounded text from the
facts it sends; bad facts, kinds and sizes are problem+json, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sazon.generate import GenerationRequest, TemplateGenerator, check_grounding
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

CAUSA = {
    "name": "Causa limeña de pollo",
    "course": "entrada",
    "ingredients": ["papa amarilla", "pollo", "palta", "ají amarillo"],
    "allergens": ["eggs"],
    "price_pen": 32,
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with sazon_server(tmp_path_factory.mktemp("generate-api")) as srv:
        yield srv


def post(server: Server, body: object, role: str | None = "marketing") -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    return httpx.post(f"{server.url}/api/v1/generate", json=body, headers=headers, timeout=60)


def test_generate__any_role_gets_the_same_text_as_the_python_face(server: Server) -> None:
    body = {"kind": "menu_description", "facts": {"dish": CAUSA}, "seed": 3, "variants": 2}
    for role in ("marketing", "analyst", "staff", "sommelier", "planner", "admin"):
        r = post(server, body, role)
        assert r.status_code == 200, r.text
    out = r.json()
    assert (out["kind"], out["lang"], out["seed"], out["backend"]) == (
        "menu_description", "es", 3, "template")  # fmt: skip
    assert len(out["alternatives"]) == 1 and out["fell_back"] is False
    assert "S/ 32.00" in out["text"]
    expected = TemplateGenerator().generate(
        GenerationRequest(kind="menu_description", facts={"dish": CAUSA}, seed=3, variants=2)
    )
    assert out == json.loads(expected.model_dump_json())
    request = GenerationRequest(kind="menu_description", facts={"dish": CAUSA})
    assert check_grounding(out["text"], request.facts).ok
    assert not [w for w in out["warnings"] if w.startswith("grounding")]


def test_generate__english_and_another_kind(server: Server) -> None:
    facts = {
        "dish": CAUSA,
        "wine": {"name": "Tacama Sauvignon Blanc", "grapes": ["Sauvignon Blanc"],
                 "color": "white"},
        "reasons": [{"code": "acid_with_acid", "ingredient": "ají amarillo"}],
    }  # fmt: skip
    r = post(server, {"kind": "pairing_note", "facts": facts, "lang": "en", "tone": "elegant"})
    assert r.status_code == 200, r.text
    assert r.json()["lang"] == "en" and "Tacama Sauvignon Blanc" in r.json()["text"]


def test_generate__needs_a_key(server: Server) -> None:
    r = post(server, {"kind": "menu_description", "facts": {"dish": CAUSA}}, role=None)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"kind": "poem", "facts": {}}, "", "use one of: event_concept"),
        ({"kind": "menu_description", "facts": {"dish": {"name": "X", "allergens": ["nuts"]}}},
         "facts.dish.allergens", "unknown allergen 'nuts'"),
        ({"kind": "menu_description", "facts": {}}, "facts.dish", "Field required"),
        ({"kind": "menu_description", "facts": {"dish": CAUSA, "extra": 1}}, "facts.extra",
         "Extra inputs are not permitted"),
        ({"kind": "event_concept", "facts": {"dishes": [CAUSA] * 21}}, "facts.dishes",
         "at most 20 items"),
    ],
)  # fmt: skip
def test_generate__wrong_facts_name_the_field(
    server: Server, body: object, field: str, says: str
) -> None:
    r = post(server, body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "invalid_input" and says in problem["detail"]
    if field:
        assert problem["errors"][0]["field"] == field


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"kind": "menu_description"},
        {"kind": "menu_description", "facts": []},
        {"kind": "menu_description", "facts": {"dish": CAUSA}, "lang": "fr"},
        {"kind": "menu_description", "facts": {"dish": CAUSA}, "tone": "loud"},
        {"kind": "menu_description", "facts": {"dish": CAUSA}, "variants": 0},
        {"kind": "menu_description", "facts": {"dish": CAUSA}, "variants": 11},
        {"kind": "menu_description", "facts": {"dish": CAUSA}, "seed": -1},
        {"kind": "menu_description", "facts": {"dish": CAUSA}, "seed": 2**40},
        {"kind": "", "facts": {"dish": CAUSA}},
        {"kind": "menu_description", "facts": {"dish": CAUSA}, "backend": "openai"},
        {"kind": "menu_description", "facts": {"dish": {**CAUSA, "ingredients": ["x" * 60_000]}}},
    ],
)
def test_generate__bounded_and_validated(server: Server, body: object) -> None:
    r = post(server, body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


def test_generate__a_misconfigured_backend_is_the_servers_problem(tmp_path: Path) -> None:
    with sazon_server(tmp_path / "home", SAZON_GENERATE__BACKEND="openai") as srv:
        r = post(srv, {"kind": "menu_description", "facts": {"dish": CAUSA}})
    assert r.status_code == 503
    assert r.json()["code"] == "dependency_unavailable"
    assert "SAZON_GENERATE__URL" in r.json()["detail"]
