"""The content calendar and the publishing outbox against a real store and a local Graph API
server: posts go out when due, failures are retried or shown with their reason, nothing is
lost across a restart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.monitoring import REGISTRY
from sazon.social import (
    FolderPublisher,
    GraphPublisher,
    approve,
    calendar_entries,
    dispatch,
    outbox_items,
    plan_post,
    retry,
    schedule,
    to_csv,
    to_ics,
)
from sazon.store import (
    PublishAttempt,
    QuarantinedRow,
    ScheduledPost,
    Venue,
    make_engine,
    session_factory,
)
from sazon.timeutil import LIMA
from tests.graph_server import IG, PAGE, TOKEN, Fail, GraphServer, graph_server

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 12, 20, 0, tzinfo=LIMA)


@pytest.fixture(scope="module")
def graph() -> Iterator[GraphServer]:
    with graph_server() as server:
        yield server


def _graph(server: GraphServer, token: str = TOKEN, timeout_s: float = 5.0) -> GraphPublisher:
    return GraphPublisher(url=server.url, token=token, page_id=PAGE, ig_user_id=IG,
                          timeout_s=timeout_s)  # fmt: skip


def _scheduled(factory: sessionmaker[Session], channel: str, media: str | None = None) -> int:
    with factory.begin() as s:
        if s.scalars(select(Venue).where(Venue.code == "mfl")).first() is None:
            s.add(Venue(code="mfl", name="Qaray Mar"))
            s.flush()
        text = "Ceviche clásico, hoy; con limón\nReserva por DM #QarayMar"
        entry = plan_post(s, venue="mfl", channel=channel, planned_at=AT, media_url=media,
                          text=text)  # fmt: skip
        approve(s, entry.id, by="Lucía")
        schedule(s, entry.id)
        return entry.id


def _post(factory: sessionmaker[Session], post_id: int) -> ScheduledPost:
    with factory() as s:
        row = s.get(ScheduledPost, post_id)
        assert row is not None
        return row


def test_graph__facebook_and_instagram_publish_with_the_idempotency_key(
    sqlite_factory: sessionmaker[Session], graph: GraphServer
) -> None:
    graph.reset()
    fb = _scheduled(sqlite_factory, "facebook")
    ig = _scheduled(sqlite_factory, "instagram", media="https://cdn.qaray.pe/ceviche.jpg")
    report = dispatch(sqlite_factory, _graph(graph), now=lambda: AT + timedelta(minutes=1))
    assert (report.published, report.failed, report.retrying) == (2, 0, 0)
    assert [p for p, _, _ in graph.received] == [
        f"{PAGE}/feed", f"{IG}/media", f"{IG}/media_publish"
    ]  # fmt: skip
    keys = {h["idempotency-key"] for _, h, _ in graph.received}
    assert len(keys) == 2 and all(k.startswith("sazon-") for k in keys)
    assert graph.received[1][2]["image_url"] == "https://cdn.qaray.pe/ceviche.jpg"
    assert {_post(sqlite_factory, fb).remote_id, _post(sqlite_factory, ig).remote_id} == set(
        graph.published
    )
    assert _post(sqlite_factory, ig).status == "published"
    again = dispatch(sqlite_factory, _graph(graph), now=lambda: AT + timedelta(hours=1))
    assert again.published == 0 and len(graph.published) == 2  # sent once, not twice


def test_graph__a_temporary_error_is_retried_after_a_backoff(
    sqlite_factory: sessionmaker[Session], graph: GraphServer
) -> None:
    graph.reset()
    post = _scheduled(sqlite_factory, "facebook")
    graph.fail_next(Fail(status=500, code=2), Fail(status=400, code=4, message="limit"))
    publisher = _graph(graph)
    first = dispatch(sqlite_factory, publisher, now=lambda: AT, backoff_s=60)
    assert first.retrying == 1
    [item] = outbox_items(sqlite_factory())
    assert item.state == "pending" and item.due_at == AT + timedelta(seconds=60)
    assert "Graph 2" in (item.last_error or "")
    early = dispatch(sqlite_factory, publisher, now=lambda: AT + timedelta(seconds=30))
    assert early.retrying == 0 and len(graph.received) == 1  # not due yet
    second = dispatch(sqlite_factory, publisher, now=lambda: AT + timedelta(seconds=61),
                      backoff_s=60)  # fmt: skip
    assert second.retrying == 1  # rate limited (code 4): the wait doubles
    [item] = outbox_items(sqlite_factory())
    assert item.due_at == AT + timedelta(seconds=61 + 120)
    third = dispatch(sqlite_factory, publisher, now=lambda: AT + timedelta(hours=1))
    assert third.published == 1 and _post(sqlite_factory, post).status == "published"
    with sqlite_factory() as s:
        tries = s.scalars(select(PublishAttempt).order_by(PublishAttempt.id)).all()
    assert [(t.ok, t.status_code) for t in tries] == [(False, 500), (False, 400), (True, None)]


def _failures(reason: str) -> float:
    labels = {"channel": "facebook", "reason": reason}
    return REGISTRY.get_sample_value("sazon_social_publish_failures_total", labels) or 0.0


def test_graph__an_expired_token_fails_at_once_with_a_visible_reason(
    sqlite_factory: sessionmaker[Session], graph: GraphServer
) -> None:
    graph.reset()
    post = _scheduled(sqlite_factory, "facebook")
    auth_before = _failures("auth")
    report = dispatch(sqlite_factory, _graph(graph, token="expired"), now=lambda: AT)
    assert report.failed == 1 and report.retrying == 0
    assert _failures("auth") == auth_before + 1  # the administrator's alert: renew the token
    row = _post(sqlite_factory, post)
    assert row.status == "failed" and row.failure is not None
    assert "token" in row.failure and "Graph 190" in row.failure
    [item] = outbox_items(sqlite_factory(), state="failed")
    assert item.attempts == 1
    entries = calendar_entries(sqlite_factory(), date(2026, 12, 12), date(2026, 12, 12))
    assert entries[0].status == "failed" and entries[0].failure == row.failure
    with sqlite_factory.begin() as s:  # fixed the token: a person puts it back in the queue
        retry(s, item.id, at=AT)
    assert dispatch(sqlite_factory, _graph(graph), now=lambda: AT).published == 1


def test_graph__a_stall_is_retried_and_the_last_try_fails_the_post(
    sqlite_factory: sessionmaker[Session], graph: GraphServer
) -> None:
    graph.reset()
    post = _scheduled(sqlite_factory, "facebook")
    graph.fail_next(Fail(delay_s=2.0), Fail(status=503, code=1))
    publisher = _graph(graph, timeout_s=0.5)
    before = _failures("unreachable")
    assert dispatch(sqlite_factory, publisher, now=lambda: AT, max_attempts=2).retrying == 1
    assert _failures("unreachable") == before  # a retry is not yet a failure
    later = AT + timedelta(hours=1)
    assert dispatch(sqlite_factory, publisher, now=lambda: later, max_attempts=2).failed == 1
    assert _failures("unreachable") == before + 1
    row = _post(sqlite_factory, post)
    assert row.status == "failed" and "2 intento(s)" in (row.failure or "")


def test_outbox__survives_a_restart(tmp_path: Path, sqlite_factory: sessionmaker[Session]) -> None:
    post = _scheduled(sqlite_factory, "instagram", media="https://cdn.qaray.pe/a.jpg")
    url = str(sqlite_factory.kw["bind"].url)
    sqlite_factory.kw["bind"].dispose()  # the process that scheduled it is gone
    engine = make_engine(url)
    try:
        fresh = session_factory(engine)
        folder = tmp_path / "published"
        report = dispatch(fresh, FolderPublisher(folder), now=lambda: AT)
        assert report.published == 1
        [written] = folder.glob("*.json")
        body = json.loads(written.read_text("utf-8"))
        assert body["post_id"] == post and body["idempotency_key"] == written.stem
        assert _post(fresh, post).remote_id == written.stem
    finally:
        engine.dispose()


def test_calendar__exports_csv_and_rfc5545(sqlite_factory: sessionmaker[Session]) -> None:
    _scheduled(sqlite_factory, "instagram", media="https://cdn.qaray.pe/a.jpg")
    entries = calendar_entries(sqlite_factory(), date(2026, 12, 1), date(2026, 12, 31), venue="mfl")
    assert [e.status for e in entries] == ["scheduled"]
    csv_text = to_csv(entries)
    assert csv_text.splitlines()[0].startswith("post_id,venue,channel,planned_at")
    assert "2026-12-12T20:00:00-05:00" in csv_text
    ics = to_ics(entries, start=date(2027, 1, 1), end=date(2027, 2, 28),
                 now=datetime(2026, 12, 7, tzinfo=UTC))  # fmt: skip
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = ics.replace("\r\n ", "")
    assert "DTSTART:20261213T010000Z" in unfolded  # 20:00 in Lima is 01:00 UTC
    assert "DESCRIPTION:Ceviche clásico\\, hoy\\; con limón\\nReserva" in unfolded
    assert "DTSTART;VALUE=DATE:20270206" in unfolded and "SUMMARY:Día del Pisco Sour" in unfolded


def test_calendar_csv__bad_rows_go_to_quarantine_and_scheduled_rows_to_the_outbox(
    tmp_path: Path, sqlite_factory: sessionmaker[Session], kb: KnowledgeBase
) -> None:
    path = tmp_path / "calendario.csv"
    path.write_text(
        "post_id,canal,fecha,texto,media_url,estado,aprobado_por,local\n"
        "c1,instagram,2026-12-12T20:00-05:00,Ceviche,https://cdn.qaray.pe/c.jpg,programado,"
        "Lucía,mfl\n"
        "c2,facebook,12/12/2026 13:00,Lomo saltado,,aprobado,Lucía,brc\n"
        "c3,instagram,2026-12-13T20:00-05:00,Sin foto,,programado,Lucía,mfl\n"
        "c4,instagram,mañana,Texto,,borrador,,mfl\n"
        "c5,tiktok,2026-12-14T19:00-05:00,Pisco sour,,programado,,mfl\n",
        encoding="utf-8",
    )
    summary = ingest_file(sqlite_factory, kb, "social-calendar", path)
    assert (summary.accepted, summary.quarantined) == (2, 3)
    with sqlite_factory() as s:
        reasons = [str(r.reasons) for r in s.scalars(select(QuarantinedRow))]
    text = " | ".join(reasons)
    assert "media_url" in text and "approved_by" in text and "mañana" in text
    assert [i.post_id for i in outbox_items(sqlite_factory())] == [
        e.id for e in calendar_entries(sqlite_factory(), date(2026, 12, 12), date(2026, 12, 12))
        if e.status == "scheduled"
    ]  # fmt: skip
    assert ingest_file(sqlite_factory, kb, "social-calendar", path).accepted == 0  # idempotent
