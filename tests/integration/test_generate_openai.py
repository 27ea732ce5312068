"""The openai backend against a real OpenAI-compatible server on a loopback port."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from sazon.config import GenerateSettings, Settings
from sazon.errors import DependencyUnavailable
from sazon.generate import (
    DishFacts,
    EventConceptFacts,
    GenerationRequest,
    GuestBriefingFacts,
    GuestMix,
    GuestNote,
    MenuDescriptionFacts,
    OpenAIGenerator,
    check_grounding,
    make_generator,
)
from tests.openai_server import ChatServer, Reply, openai_server

pytestmark = pytest.mark.integration

KEY = "sk-test-1234567890-secret"
MODEL = "qwen2.5:7b-instruct"
CAUSA = DishFacts(
    name="Causa limeña de pollo",
    course="entrada",
    ingredients=["papa amarilla", "pollo", "palta", "ají amarillo"],
    allergens=["eggs"],
    price_pen=32,
)
GOOD = (
    "La causa limeña de pollo llega con papa amarilla, pollo y palta, con su toque de ají "
    "amarillo. Contiene huevo. Precio: S/ 32.00."
)


def _menu(lang: str = "es", seed: int = 0) -> GenerationRequest:
    return GenerationRequest(
        kind="menu_description", facts=MenuDescriptionFacts(dish=CAUSA), lang=lang, seed=seed
    )


def _reply(**parts: object) -> Reply:
    return Reply(content=json.dumps(parts, ensure_ascii=False))


@pytest.fixture(scope="module")
def server() -> Iterator[ChatServer]:
    with openai_server() as srv:
        yield srv


def _generator(server: ChatServer, **kw: object) -> OpenAIGenerator:
    options: dict[str, object] = {"timeout_s": 2.0, "max_retries": 2, "backoff_s": 0.01}
    options.update(kw)
    return OpenAIGenerator(url=server.url, model=MODEL, api_key=KEY, **options)  # type: ignore[arg-type]


def test_openai__normal_answer_is_used_and_the_request_carries_model_facts_and_key(
    server: ChatServer,
) -> None:
    server.script(_reply(text=GOOD))
    with _generator(server) as gen:
        out = gen.generate(_menu())
    assert out.backend == "openai"
    assert not out.fell_back
    assert out.text == GOOD
    assert len(server.received) == 1
    got = server.received[0]
    assert got.body["model"] == MODEL
    assert got.headers["authorization"] == f"Bearer {KEY}"
    assert got.body["messages"][0]["role"] == "system"
    assert "es-PE" in got.body["messages"][0]["content"]
    user = got.user_message
    # The facts travel as JSON, exactly as given, plus the price formatted in soles.
    block = user.split("(JSON):\n", 1)[1].split("\nValores ya formateados", 1)[0]
    assert json.loads(block) == out_facts().model_dump(mode="json", exclude_none=True)
    assert "dish.price_pen: S/ 32.00" in user
    assert '"text"' in user  # the reply format asks for the kind's parts


def test_openai__event_concept_parts_come_back_as_title_theme_story_and_menu(
    server: ChatServer,
) -> None:
    facts = EventConceptFacts(dishes=[CAUSA], guests=GuestMix(total=8))
    server.script(
        _reply(
            title="Mesa criolla",
            theme="Una noche alrededor de la causa limeña de pollo.",
            story="Cocinamos para ocho comensales. La causa limeña de pollo abre la noche.",
            menu=["Entrada: Causa limeña de pollo — papa amarilla, pollo y palta"],
        )
    )
    with _generator(server) as gen:
        out = gen.generate(GenerationRequest(kind="event_concept", facts=facts))
    assert not out.fell_back
    assert out.title == "Mesa criolla"
    assert out.parts["story"].startswith("Cocinamos para ocho")
    assert out.items == ["Entrada: Causa limeña de pollo — papa amarilla, pollo y palta"]
    assert out.text.startswith("Mesa criolla\n\n")


def test_openai__a_slow_endpoint_times_out_and_falls_back_to_the_template(
    server: ChatServer,
) -> None:
    server.script(Reply(content=json.dumps({"text": GOOD}), delay_s=3.0))
    started = time.monotonic()
    with _generator(server, timeout_s=0.4, max_retries=0) as gen:
        out = gen.generate(_menu())
    assert time.monotonic() - started < 2.5
    assert out.fell_back
    assert out.backend == "template"
    assert "timed out" in out.warnings[0]
    assert check_grounding(out.text, out_facts()).ok


def out_facts() -> MenuDescriptionFacts:
    return MenuDescriptionFacts(dish=CAUSA)


def test_openai__a_500_is_retried_and_the_second_answer_is_used(server: ChatServer) -> None:
    server.script(Reply(status=500), _reply(text=GOOD))
    with _generator(server) as gen:
        out = gen.generate(_menu())
    assert len(server.received) == 2
    assert not out.fell_back
    assert out.text == GOOD


def test_openai__a_429_is_retried_honouring_retry_after(server: ChatServer) -> None:
    server.script(Reply(status=429, headers={"Retry-After": "0.2"}), _reply(text=GOOD))
    started = time.monotonic()
    with _generator(server) as gen:
        out = gen.generate(_menu())
    assert time.monotonic() - started >= 0.2
    assert len(server.received) == 2
    assert out.backend == "openai"


def test_openai__always_500_falls_back_after_the_retries(server: ChatServer) -> None:
    server.script(Reply(status=500))
    with _generator(server, max_retries=2) as gen:
        out = gen.generate(_menu())
    assert len(server.received) == 3
    assert out.fell_back
    assert out.backend == "template"
    assert "HTTP 500 (3 attempts)" in out.warnings[0]
    assert out.text  # the template wrote it


def test_openai__an_invented_dish_is_rejected_by_grounding_and_falls_back(
    server: ChatServer,
) -> None:
    invented = GOOD + " Pídela con un lomo saltado y un pisco sour, sin gluten, a S/ 25."
    server.script(_reply(text=invented))
    with _generator(server) as gen:
        out = gen.generate(_menu())
    assert out.fell_back
    warning = out.warnings[0]
    assert "grounding check failed" in warning
    assert "lomo saltado" in warning
    assert "lomo saltado" not in out.text
    assert check_grounding(out.text, out_facts()).ok


def test_openai__401_is_not_retried_and_says_to_check_the_key_without_showing_it(
    server: ChatServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Reply(status=401))
    caplog.set_level(logging.DEBUG)
    with _generator(server) as gen:
        out = gen.generate(_menu())
    assert len(server.received) == 1
    assert out.fell_back
    assert "refused the API key (HTTP 401)" in out.warnings[0]
    assert "SAZON_GENERATE__API_KEY" in out.warnings[0]
    assert KEY not in " ".join(out.warnings)
    assert KEY not in caplog.text
    assert "refused the API key" in caplog.text


def test_openai__without_fallback_a_failure_is_dependency_unavailable(
    server: ChatServer,
) -> None:
    server.script(Reply(status=401))
    with _generator(server, fallback=False) as gen, pytest.raises(DependencyUnavailable) as exc:
        gen.generate(_menu())
    assert exc.value.code == "dependency_unavailable"
    assert "refused the API key" in exc.value.message
    assert KEY not in exc.value.message
    assert KEY not in repr(gen)


def test_openai__a_reply_that_is_not_json_falls_back(server: ChatServer) -> None:
    server.script(Reply(content="Claro, aquí va tu descripción: una causa riquísima."))
    with _generator(server) as gen:
        out = gen.generate(_menu())
    assert out.fell_back
    assert "not a JSON object" in out.warnings[0]


def test_openai__a_reply_in_the_wrong_language_falls_back(server: ChatServer) -> None:
    english = (
        "The causa limeña de pollo is made with papa amarilla, pollo and palta, and it is one "
        "of the dishes that our guests order again and again in the evening."
    )
    server.script(_reply(text=english))
    with _generator(server) as gen:
        out = gen.generate(_menu(lang="es"))
    assert out.fell_back
    assert "not in the requested language" in out.warnings[0]


def test_openai__an_unreachable_endpoint_falls_back() -> None:
    from tests.services import free_port

    url = f"http://127.0.0.1:{free_port()}/v1"
    with OpenAIGenerator(url=url, model=MODEL, max_retries=1, backoff_s=0.01) as gen:
        out = gen.generate(_menu())
    assert out.fell_back
    assert "could not reach" in out.warnings[0]


def test_openai__batch_fallbacks_keep_the_no_repeat_promise(server: ChatServer) -> None:
    server.script(Reply(status=503))
    with _generator(server, max_retries=0) as gen:
        outs = gen.generate_many([_menu(seed=s) for s in range(3)])
    assert all(o.fell_back for o in outs)
    used = [p for o in outs for p in o.phrasings]
    assert len(used) == len(set(used))


def test_openai__batch_tells_the_model_the_openings_it_already_used(server: ChatServer) -> None:
    other = GOOD.replace("llega con", "se arma con")
    server.script(_reply(text=GOOD), _reply(text=other))
    with _generator(server) as gen:
        outs = gen.generate_many([_menu(seed=0), _menu(seed=1)])
    assert [o.backend for o in outs] == ["openai", "openai"]
    assert GOOD[:60] not in server.received[0].user_message
    assert GOOD[:60] in server.received[1].user_message


def test_make_generator__openai_settings_reach_the_server(server: ChatServer) -> None:
    settings = Settings(
        generate=GenerateSettings(
            backend="openai", url=server.url + "/", model=MODEL, api_key=KEY, timeout_s=2
        )
    )
    server.script(_reply(text=GOOD))
    gen = make_generator(settings)
    try:
        out = gen.generate(_menu())
    finally:
        gen.close()
    assert out.backend == "openai"
    assert server.received[0].body["model"] == MODEL
    assert server.received[0].headers["authorization"] == f"Bearer {KEY}"


def _briefing() -> GenerationRequest:
    facts = GuestBriefingFacts(
        service_at=datetime(2026, 12, 5, 20, 0),
        covers=24,
        notable=[GuestNote(name="Rosa Quispe", table="7", restrictions=["sin gluten"])],
    )
    return GenerationRequest(kind="guest_briefing", facts=facts)


def test_openai__a_rejected_reply_is_logged_as_kinds_and_counts_never_quoted(
    server: ChatServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A guest briefing's claims are health data (Ley 29733): an invented allergy in the
    model's reply reaches the caller's warnings, never the log."""
    invented = "Rosa Quispe, mesa 7: alérgica a los mariscos y al maní."
    server.script(
        _reply(title="Briefing de la cena", summary="Cena del viernes con 24 cubiertos.",
               points=[invented])
    )  # fmt: skip
    caplog.set_level(logging.DEBUG)
    with _generator(server) as gen:
        out = gen.generate(_briefing())
    assert out.fell_back and "mariscos" in out.warnings[0]  # the caller is told why
    assert "grounding check failed: 2 violations (allergen 2)" in caplog.text
    for secret in ("mariscos", "maní", "Rosa", "alérgica"):
        assert secret not in caplog.text


def test_openai__an_error_body_is_not_logged_only_its_status(
    server: ChatServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Reply(status=400))
    caplog.set_level(logging.DEBUG)
    with _generator(server) as gen:
        out = gen.generate(_menu())
    assert out.fell_back and "scripted 400" in out.warnings[0]
    assert "HTTP 400" in caplog.text and "scripted" not in caplog.text
    with _generator(server, fallback=False) as gen, pytest.raises(DependencyUnavailable) as exc:
        gen.generate(_menu())
    assert "HTTP 400" in exc.value.message and "scripted" not in exc.value.message
