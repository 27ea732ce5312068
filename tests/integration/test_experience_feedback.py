"""Dish sentiment and what changed, on the demo's reviews: the store functions, the CLI and the
API of a real server (one store and one server for the module)."""

from __future__ import annotations

import json
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
    service = [c for c in report.changes if (c.kind, c.key) == ("aspect", "service")]
    negative = next(c for c in service if c.measure == "negative")
    assert negative.direction == "up" and negative.now_share > negative.before_share + 0.3
    assert negative.q_value < 0.05 and negative.before_n >= 5 and negative.now_n >= 5
    assert negative.reviews and all(r.sentiment == "negative" for r in negative.reviews)
    assert all(date(2026, 6, 1) <= r.day <= date(2026, 8, 30) for r in negative.reviews)
    assert "servicio" in negative.summary and "n=" in negative.summary
    # Nothing else moved in Barranco those weeks: only the service rows are reported.
    assert {c.key for c in report.changes} == {"service"}


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
