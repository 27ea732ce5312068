"""The feedback-sentiment processor through a real Worker on the embedded bus, on SQLite and
PostgreSQL: feedback ingested from a file is announced through the outbox, scored once, and
stored in ``feedback_sentiment`` in the same transaction as the processed mark."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus import FeedbackReceived, Retry, Worker, dlq_topic, make_bus
from sazon.config import Settings, load_settings
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.store import Base, Feedback
from sazon.store.models import FeedbackSentiment
from sazon.text.processors import FEEDBACK_SENTIMENT, feedback_sentiment_processor
from sazon.text.sentiment import (
    SentimentAnalyzer,
    SentimentItem,
    SentimentResult,
    SentimentServing,
    default_model,
    train_sentiment,
)

pytestmark = pytest.mark.integration
FAST = Retry(attempts=2, base_delay=0.01)

REVIEWS = [
    {"id": "R1", "comentario": "Asu mare, qué rico el lomo! Volvemos sí o sí", "estrellas": 5},
    {"id": "R2", "comentario": "demoraron un montón y la sopa llegó fría, pésimo", "estrellas": 1},
    {"id": "R3", "comentario": "rico pero caro", "estrellas": 3},
    {"id": "R4", "estrellas": 4},
]


def ingest_reviews(factory: sessionmaker[Session], kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "resenas.jsonl"
    lines = [
        json.dumps({**r, "fecha": "2026-11-20T13:00:00-05:00", "canal": "google"}) for r in REVIEWS
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ingest_file(factory, kb, "feedback", path).accepted == len(REVIEWS)


def feedback_ids(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as s:
        return {f.external_id: f.id for f in s.scalars(select(Feedback)) if f.external_id}


def stored(factory: sessionmaker[Session]) -> dict[int, FeedbackSentiment]:
    with factory() as s:
        rows = s.scalars(select(FeedbackSentiment)).all()
        s.expunge_all()
        return {r.feedback_id: r for r in rows}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(home=tmp_path / "home")


def test_migration__0003_creates_the_table_as_declared(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert [d for d in diff if "feedback_sentiment" in repr(d)] == []


def test_processor__scores_each_feedback_once_through_a_real_worker(
    engine: Engine,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
    settings: Settings,
) -> None:
    ingest_reviews(factory, kb, tmp_path)
    ids = feedback_ids(factory)
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [feedback_sentiment_processor(settings, retry=FAST)]) as worker:
        stats = worker.drain(timeout=60)
        assert stats.processed == len(REVIEWS) and stats.dead_lettered == 0
        rows = stored(factory)
        # The review with only a rating has no text to score.
        assert set(rows) == {ids["R1"], ids["R2"], ids["R3"]}
        assert rows[ids["R1"]].label == "positive" and rows[ids["R1"]].score > 0
        assert rows[ids["R2"]].label == "negative" and rows[ids["R2"]].score < 0
        assert rows[ids["R3"]].label == "neutral"
        aspects = {a["aspect"]: a["label"] for a in rows[ids["R3"]].aspects}
        assert aspects == {"food": "positive", "price": "negative"}
        r2_aspects = {a["aspect"]: a["label"] for a in rows[ids["R2"]].aspects}
        assert r2_aspects["waiting_time"] == "negative" and r2_aspects["food"] == "negative"
        assert {(r.model_name, r.model_version) for r in rows.values()} == {
            ("sentiment-default", "builtin")
        }
        assert all(r.scored_at.tzinfo is not None and r.language == "es" for r in rows.values())

        assert worker.drain(timeout=30).processed == 0  # nothing new, nothing rescored
        # A redelivered event (same id) is skipped: the row is not written again.
        first = rows[ids["R1"]].scored_at
        with factory() as s:
            fb = s.get(Feedback, ids["R1"])
            assert fb is not None
            event = FeedbackReceived(feedback_id=fb.id, rating=fb.rating)
        bus.publish(FeedbackReceived.topic, event)
        assert worker.drain(timeout=30).processed == 1
        bus.publish(FeedbackReceived.topic, event)
        again = worker.drain(timeout=30)
        assert (again.processed, again.duplicates) == (0, 1)
        assert stored(factory)[ids["R1"]].scored_at > first


def test_processor__a_new_event_rescores_and_replaces_the_row(
    engine: Engine,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
    settings: Settings,
) -> None:
    ingest_reviews(factory, kb, tmp_path)
    ids = feedback_ids(factory)
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [feedback_sentiment_processor(settings, retry=FAST)]) as worker:
        worker.drain(timeout=60)
        with factory.begin() as s:
            s.execute(
                update(Feedback)
                .where(Feedback.id == ids["R3"])
                .values(text="la atención dejó mucho que desear, nunca más")
            )
        bus.publish(FeedbackReceived.topic, FeedbackReceived(feedback_id=ids["R3"]))
        worker.drain(timeout=30)
        with factory.begin() as s:
            s.execute(update(Feedback).where(Feedback.id == ids["R1"]).values(text="   "))
        bus.publish(FeedbackReceived.topic, FeedbackReceived(feedback_id=ids["R1"]))
        # A feedback that is gone (erased) is not scored, and does not end in the DLQ.
        bus.publish(FeedbackReceived.topic, FeedbackReceived(feedback_id=999_999))
        stats = worker.drain(timeout=30)
        assert stats.dead_lettered == 0
    rows = stored(factory)
    assert rows[ids["R3"]].label == "negative"
    assert {a["aspect"]: a["label"] for a in rows[ids["R3"]].aspects}["service"] == "negative"
    assert ids["R1"] not in rows  # its text was emptied: the old score is removed
    assert 999_999 not in rows


class _Failing(SentimentServing):
    """Serving whose model fails on one text, to follow the failure path."""

    def __init__(self, settings: Settings, poison: str) -> None:
        super().__init__(settings)
        self.poison = poison

    def current(self) -> SentimentAnalyzer:
        poison = self.poison

        class Analyzer(SentimentAnalyzer):
            def analyse(self, items: Sequence[SentimentItem]) -> list[SentimentResult]:
                if any(poison in item.text for item in items):
                    raise ValueError("model failure on purpose")
                return super().analyse(items)

        return Analyzer(default_model())


def test_processor__a_failing_text_goes_to_the_dlq_and_writes_nothing(
    engine: Engine,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
    settings: Settings,
) -> None:
    ingest_reviews(factory, kb, tmp_path)
    ids = feedback_ids(factory)
    bus = make_bus("embedded://", engine)
    processor = feedback_sentiment_processor(
        settings, serving=_Failing(settings, "rico pero caro"), retry=FAST
    )
    with Worker(bus, engine, [processor]) as worker:
        stats = worker.drain(timeout=60)
    assert (stats.dead_lettered, stats.retries) == (1, 1)
    rows = stored(factory)
    assert ids["R3"] not in rows and {ids["R1"], ids["R2"]} <= set(rows)
    [info] = [t for t in bus.topics() if t.name == dlq_topic(FeedbackReceived.topic)]
    assert info.messages == 1
    bus.close()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_processor__uses_the_active_trained_model(
    engine: Engine,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
    settings: Settings,
) -> None:
    labelled = tmp_path / "own.csv"
    labelled.write_text(
        "text,rating\n"
        + "\n".join(f"reseña {i}: {'buenazo' if i % 2 else 'malazo'},{5 if i % 2 else 1}"
                    for i in range(20))
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    report = train_sentiment(settings, labelled, cross_validate=False)
    assert (report.version, report.active) == ("v0001", True)
    assert report.metrics["train_rows"] > 20  # the packaged reviews were added
    ingest_reviews(factory, kb, tmp_path)
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [feedback_sentiment_processor(settings, retry=FAST)]) as worker:
        worker.drain(timeout=60)
    rows = stored(factory).values()
    assert rows and {(r.model_name, r.model_version) for r in rows} == {("sentiment", "v0001")}
    assert FEEDBACK_SENTIMENT == "feedback-sentiment"
