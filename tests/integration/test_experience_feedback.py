"""Dish sentiment and what changed, on the demo's reviews: the store functions, the CLI and the
API of a real server (one store and one server for the module)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from sazon.cli.app import run
from sazon.errors import InvalidInput, NotFound
from sazon.experience import dish_sentiment, venue_changes
from sazon.experience.feedback_reads import iso_week
from sazon.knowledge import KnowledgeBase
from tests.demo_feedback import write_demo_feedback
from tests.e2e.test_experience_pages import _login
from tests.e2e.test_web import browser, page, shot  # noqa: F401  (fixtures shared)
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

# Barranco lost floor staff from June to August 2026 (sazon.demo.venues.VenueSpec.service_on):
# the thirteen weeks ending 2026-W35 against the thirteen before.
DROP = {"venue": "brc", "week": date(2026, 8, 26), "weeks": 13}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Path:
    home = tmp_path_factory.mktemp("experience-feedback")
    write_demo_feedback(home / "sazon.db", kb)
    return home


@pytest.fixture(scope="module")
def factory(home: Path) -> Iterator[sessionmaker[Session]]:
    from sazon.store import make_engine, session_factory

    engine = make_engine(f"sqlite:///{home / 'sazon.db'}")
    yield session_factory(engine)
    engine.dispose()


def test_changes__find_the_barranco_service_drop_with_its_reviews(
    factory: sessionmaker[Session],
) -> None:
    with factory() as session:
        report = venue_changes(session, **DROP)  # type: ignore[arg-type]
    # Nothing else moved in Barranco those weeks, and the one shift is reported once (it was
    # twice: negatives up, positives down): the other share's move is in the same change.
    assert [(c.kind, c.key) for c in report.changes] == [("aspect", "service")]
    change = report.changes[0]
    assert {change.measure, change.also_measure} == {"negative", "positive"}
    shares = {
        change.measure: (change.before_share, change.now_share),
        change.also_measure: (change.also_before_share, change.also_now_share),
    }
    assert shares["negative"][1] > shares["negative"][0] + 0.3  # type: ignore[operator]
    assert shares["positive"][1] < shares["positive"][0] - 0.3  # type: ignore[operator]
    assert change.q_value < 0.05 and change.before_n >= 5 and change.now_n >= 5
    assert change.p_value > 0 and change.also_p_value  # tiny, never rounded to 0
    assert change.reviews and all(r.sentiment == "negative" for r in change.reviews)
    assert all(date(2026, 6, 1) <= r.day <= date(2026, 8, 30) for r in change.reviews)
    assert "servicio" in change.summary and "n=" in change.summary
    assert "negativas subieron" in change.summary and "positivas bajaron" in change.summary


@pytest.mark.parametrize(
    ("venue", "week", "weeks"),
    [("mfl", date(2026, 11, 18), 13), ("brc", date(2026, 11, 18), 8), ("sis", date(2026, 6, 3), 1)],
)
def test_changes__a_quiet_period_reports_nothing(
    factory: sessionmaker[Session], venue: str, week: date, weeks: int
) -> None:
    with factory() as session:
        report = venue_changes(session, venue, week=week, weeks=weeks)
    assert report.changes == [] and report.reviews_now > 0


def test_dishes__each_named_dish_with_shares_weeks_and_examples(
    factory: sessionmaker[Session],
) -> None:
    with factory() as session:
        report = dish_sentiment(session, "mfl", until=date(2026, 11, 20), weeks=26)
    assert report.dishes and report.reviews > 0
    first, last = iso_week(report.since), iso_week(report.until)
    assert all(d.code.startswith("mfl-") for d in report.dishes)
    for d in report.dishes:
        assert d.mentions == sum(w.mentions for w in d.weeks)
        assert 0 <= d.positive_share + d.negative_share <= 1
        assert d.examples and len(d.examples) <= 3
        assert all(first <= w.week <= last for w in d.weeks)
    assert [d.mentions for d in report.dishes] == sorted(
        (d.mentions for d in report.dishes), reverse=True
    )


def test_reports__unknown_venue_and_bad_week_are_clear_errors(
    factory: sessionmaker[Session],
) -> None:
    with factory() as session:
        with pytest.raises(NotFound, match="brc, mfl, sis"):
            dish_sentiment(session, "zzz")
        # An id past 64 bits overflowed SQLite's integer (a 500 through the API).
        with pytest.raises(NotFound):
            venue_changes(session, "99999999999999999999")
        with pytest.raises(InvalidInput, match="--weeks"):
            venue_changes(session, "brc", weeks=0)


def test_cli__changes_and_dishes_as_json(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAZON_HOME", str(home))
    monkeypatch.setenv("SAZON_DATABASE_URL", f"sqlite:///{home / 'sazon.db'}")
    args = ["experience", "changes", "--venue", "brc", "--week", "2026-W35", "--weeks", "13"]
    assert run([*args, "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["week"] == "2026-W35" and {c["key"] for c in body["changes"]} == {"service"}
    assert run(["experience", "dishes", "--venue", "sis", "--until", "2026-11-20",
                "--format", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["venue"] == "sis"
    assert run(["experience", "changes", "--venue", "brc", "--week", "2026-W99"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "2026-W23" in err


@pytest.fixture(scope="module")
def server(home: Path, factory: sessionmaker[Session]) -> Iterator[Server]:
    with sazon_server(home) as srv:
        yield srv


def _get(server: Server, path: str, role: str | None, **params: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    url = f"{server.url}/api/v1/experience{path}"
    return httpx.get(url, headers=headers, params=params, timeout=120)  # type: ignore[arg-type]


def test_api__analysts_read_the_aggregates_and_errors_are_problems(server: Server) -> None:
    r = _get(server, "/changes", "analyst", venue="brc", week="2026-08-26", weeks=13)
    assert r.status_code == 200
    assert {c["key"] for c in r.json()["changes"]} == {"service"}
    r = _get(server, "/dishes", "marketing", venue="mfl", until="2026-11-20", weeks=26)
    assert r.status_code == 200 and r.json()["dishes"]
    assert "guest_id" not in r.text
    assert _get(server, "/dishes", None, venue="mfl").status_code == 401
    r = _get(server, "/dishes", "analyst", venue="zzz")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert _get(server, "/changes", "analyst", venue="brc", week="0").status_code == 422
    assert _get(server, "/changes", "analyst", venue="brc", weeks=99).status_code == 422


def test_briefing_dish_signals__push_praised_and_watch_criticised_dishes(
    factory: sessionmaker[Session],
) -> None:
    from datetime import datetime, timedelta

    from sazon.experience.briefing import dish_signals
    from sazon.store.models import Feedback, Venue
    from sazon.timeutil import LIMA

    # The demo names each dish once or twice a month: too few to push or watch anything.
    # Three weeks after it ends, a week of reviews that keep naming two dishes.
    day = date(2026, 12, 12)
    texts = [
        (5, "El tres leches estuvo buenazo, de lo mejor."),
        (5, "Pedimos el tres leches y nos encantó."),
        (4, "Muy rico el tres leches, volvería por él."),
        (2, "El ceviche mixto llegó tibio y sin sabor."),
        (1, "Pésimo el ceviche mixto, el pescado no estaba fresco."),
        (3, "El ceviche mixto bien, nada especial."),
    ]
    with factory() as session:
        venue = session.query(Venue).filter_by(code="mfl").one()
        quiet = dish_signals(session, venue, day, "es")
        for n, (rating, text) in enumerate(texts):
            at = datetime(2026, 12, 7, 20, tzinfo=LIMA) + timedelta(hours=n)
            session.add(Feedback(venue_id=venue.id, rating=rating, text=text, language="es",
                                 channel="test", submitted_at=at))  # fmt: skip
        session.flush()
        signals = dish_signals(session, venue, day, "es")
        session.rollback()  # the module's store stays as the demo wrote it
    assert quiet.status == "sin datos" and quiet.note and "sin datos" in quiet.note
    assert signals.status == "ok"
    assert signals.push == ["Tres leches"] and signals.watch == ["Ceviche mixto"]
    assert signals.note == "impulsar Tres leches; vigilar Ceviche mixto"


# The web pages, in a real browser on this module's server (no second server to start).


def test_web_dishes__a_chart_per_dish_with_n_shares_and_examples(
    page: object,  # noqa: F811
    server: Server,
) -> None:
    from playwright.sync_api import Page, expect

    pg = _login(
        page, server, "analyst", "/tools/experience/dishes?venue=mfl&until=2026-11-20&weeks=26"
    )
    assert isinstance(pg, Page)
    expect(pg.get_by_role("heading", name="Opiniones por plato")).to_be_visible()
    expect(pg.get_by_test_id("nav-dishes")).to_have_count(1)
    cards = pg.get_by_test_id("dish-card")
    assert cards.count() >= 3
    first = cards.first
    expect(first.get_by_test_id("dish-chart")).to_be_visible()
    expect(first.get_by_test_id("dish-shares")).to_contain_text("n = ")
    expect(first.get_by_test_id("dish-examples").locator("li").first).to_contain_text("«")
    # One bar segment per judged week, each saying its counts.
    assert first.locator("rect[data-week]").count() >= 1
    assert "menciones" in (first.locator("rect[data-week] title").first.text_content() or "")
    shot(pg, "experience-dishes")
    # A period without reviews says so and offers a wider one, instead of a blank page.
    pg.goto("/tools/experience/dishes?venue=sis&until=2020-01-06&weeks=1")
    expect(pg.get_by_test_id("dishes-empty")).to_contain_text("No hay reseñas")
    expect(pg.get_by_test_id("dishes-wider")).to_have_attribute("href", re.compile("weeks=2"))


def test_web_changes__one_change_per_shift_with_n_p_and_reviews(
    page: object,  # noqa: F811
    server: Server,
) -> None:
    from playwright.sync_api import Page, expect

    pg = _login(
        page, server, "staff", "/tools/experience/changes?venue=brc&week=2026-08-26&weeks=13"
    )
    assert isinstance(pg, Page)
    expect(pg.get_by_role("heading", name="Qué cambió y por qué")).to_be_visible()
    changes = pg.get_by_test_id("change")
    expect(changes).to_have_count(1)  # service: negatives up and positives down, said once
    expect(changes.get_by_test_id("change-summary")).to_contain_text("servicio")
    expect(changes.get_by_test_id("change-summary")).to_contain_text("negativas subieron")
    expect(changes.get_by_test_id("change-stats")).to_contain_text("p = ")
    expect(changes.get_by_test_id("change-chart")).to_be_visible()
    expect(changes.get_by_test_id("change-reviews").locator("li").first).to_contain_text("«")
    shot(pg, "experience-changes")
    pg.goto("/tools/experience/changes?venue=mfl&week=2026-11-18&weeks=13")
    expect(pg.get_by_test_id("changes-empty")).to_contain_text("Nada cambió")


def test_web_feedback_pages__ask_to_log_in(server: Server) -> None:
    r = httpx.get(f"{server.url}/tools/experience/changes", follow_redirects=False, timeout=60)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = httpx.get(f"{server.url}/tools/experience/dishes", follow_redirects=False, timeout=60)
    assert r.status_code == 303
