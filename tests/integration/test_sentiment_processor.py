"""The feedback-sentiment processor through a real Worker on the embedded bus, on SQLite and
PostgreSQL: feedback ingested from a file is announced through the outbox, scored once, and
stored in ``feedback_sentiment`` in the same transaction as the processed mark."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from sazon.access.privacy import erase_guest
from sazon.bus import FeedbackReceived, Retry, Worker, dlq_topic, make_bus
from sazon.config import Settings, load_settings
from sazon.errors import DependencyUnavailable
from sazon.ingest import ingest_file
from sazon.knowledge import KnowledgeBase
from sazon.ml import ModelRegistry, fingerprint
from sazon.store import Base, Feedback, Guest
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
from sazon.timeutil import utcnow

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
    serving = _Watched(settings, poison=None)
    processor = feedback_sentiment_processor(settings, serving=serving, retry=FAST)
    with Worker(bus, engine, [processor]) as worker:
        stats = worker.drain(timeout=60)
        assert stats.processed == len(REVIEWS) and stats.dead_lettered == 0
        assert serving.calls == [3]  # the batch's texts in one model call (R4 has none)
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
        first = rows[ids["R1"]].scored_at
        with factory() as s:
            fb = s.get(Feedback, ids["R1"])
            assert fb is not None
            event = FeedbackReceived(feedback_id=fb.id, rating=fb.rating)
        # A new event (a new id) scores the feedback again and replaces the row …
        bus.publish(FeedbackReceived.topic, event)
        assert worker.drain(timeout=30).processed == 1
        rescored = stored(factory)[ids["R1"]].scored_at
        assert rescored > first
        # … and the same event delivered again is skipped: the row is not written again.
        bus.publish(FeedbackReceived.topic, event)
        again = worker.drain(timeout=30)
        assert (again.processed, again.duplicates) == (0, 1)
        assert stored(factory)[ids["R1"]].scored_at == rescored


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


class _Watched(SentimentServing):
    """Serving whose model fails on one text (if given), to follow the failure path; it
    records how many texts each model call was given."""

    def __init__(self, settings: Settings, poison: str | None) -> None:
        super().__init__(settings)
        self.poison = poison
        self.calls: list[int] = []

    def current(self) -> SentimentAnalyzer:
        poison, calls = self.poison, self.calls

        class Analyzer(SentimentAnalyzer):
            def analyse(self, items: Sequence[SentimentItem]) -> list[SentimentResult]:
                calls.append(len(items))
                if poison is not None and any(poison in item.text for item in items):
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
    serving = _Watched(settings, "rico pero caro")
    processor = feedback_sentiment_processor(settings, serving=serving, retry=FAST)
    with Worker(bus, engine, [processor]) as worker:
        stats = worker.drain(timeout=60)
    assert (stats.dead_lettered, stats.retries) == (1, 1)
    # The batch's one call fails; R1, R2 and R3 one by one find R3, which is tried again.
    assert serving.calls == [3, 1, 1, 1, 1]
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


class _ErasedWhileScoring(SentimentServing):
    """Serving whose analysis is slow enough for the guest to ask to be erased meanwhile:
    after scoring, it runs ``erase`` in another transaction and gives it two seconds."""

    def __init__(self, settings: Settings, erase: Callable[[], None]) -> None:
        super().__init__(settings)
        self.erase = erase
        self.erasers: list[threading.Thread] = []
        self.waited: list[bool] = []

    def current(self) -> SentimentAnalyzer:
        serving = self

        class Analyzer(SentimentAnalyzer):
            def analyse(self, items: Sequence[SentimentItem]) -> list[SentimentResult]:
                results = super().analyse(items)
                eraser = threading.Thread(target=serving.erase)
                eraser.start()
                # On PostgreSQL the erasure waits for the feedback's row lock: it finishes
                # only after the worker commits. On SQLite it commits now, in the middle.
                eraser.join(timeout=2)
                serving.erasers.append(eraser)
                serving.waited.append(eraser.is_alive())
                return results

        return Analyzer(default_model())


def test_processor__an_erasure_during_scoring_leaves_no_score_behind(
    engine: Engine, factory: sessionmaker[Session], settings: Settings
) -> None:
    """Ley 29733: the guest's words are gone after an erasure, also from the evidence of a
    score that was being computed at that moment."""
    with factory.begin() as s:
        guest = Guest(first_name="Rosa", last_name="Quispe", email="rosa.quispe@example.pe")
        s.add(guest)
        s.flush()
        fb = Feedback(
            guest_id=guest.id,
            text="el ají de gallina frío y el mozo, Julio, bien pesado",
            rating=2,
            submitted_at=utcnow(),
        )
        s.add(fb)
        s.flush()
        guest_id, feedback_id = guest.id, fb.id

    def erase() -> None:
        with factory.begin() as s:
            erase_guest(s, guest_id)

    serving = _ErasedWhileScoring(settings, erase)
    bus = make_bus("embedded://", engine)
    bus.publish(FeedbackReceived.topic, FeedbackReceived(feedback_id=feedback_id))
    processor = feedback_sentiment_processor(settings, serving=serving, retry=FAST)
    with Worker(bus, engine, [processor]) as worker:
        stats = worker.drain(timeout=60)
    for eraser in serving.erasers:
        eraser.join(timeout=30)
        assert not eraser.is_alive()
    assert len(serving.erasers) == 1 and stats.processed == 1 and stats.dead_lettered == 0
    # PostgreSQL: the erasure waited on the row lock the processor took when it read the text.
    assert serving.waited == [engine.dialect.name == "postgresql"]
    with factory() as s:
        assert s.get(Feedback, feedback_id).text is None  # type: ignore[union-attr]
    assert feedback_id not in stored(factory)


def _break_the_active_model(home: Path, how: str) -> str:
    registry = ModelRegistry(home / "models")
    if how == "missing version":
        (home / "models" / "sentiment").mkdir(parents=True)
        (home / "models" / "sentiment" / "ACTIVE").write_text("v0042\n")
        return "v0042"
    version = registry.save(
        default_model(), "sentiment", metrics={}, data_fingerprint=fingerprint([]), activate=True
    )
    state = home / "models" / "sentiment" / version / "state.json"
    state.write_text(state.read_text("utf-8") + " ", "utf-8")
    return version


@pytest.mark.parametrize("how", ["missing version", "damaged file"])
def test_processor__a_broken_active_model_stops_the_worker_and_dead_letters_nothing(
    engine: Engine,
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    tmp_path: Path,
    settings: Settings,
    how: str,
) -> None:
    version = _break_the_active_model(settings.home, how)
    ingest_reviews(factory, kb, tmp_path)
    bus = make_bus("embedded://", engine)
    with Worker(bus, engine, [feedback_sentiment_processor(settings, retry=FAST)]) as worker:
        with pytest.raises(DependencyUnavailable) as stopped:
            worker.drain(timeout=60)
        assert isinstance(stopped.value.__cause__, DependencyUnavailable)
        assert version in stopped.value.__cause__.message
        assert worker.stats.dead_lettered == 0
        assert sum(t.messages for t in bus.topics() if t.name.endswith(".dlq")) == 0
        assert stored(factory) == {}
        # Fixed (here: back to the packaged model), the worker resumes where it stopped.
        (settings.home / "models" / "sentiment" / "ACTIVE").unlink()
        stats = worker.drain(timeout=60)
    assert stats.processed == len(REVIEWS) and stats.dead_lettered == 0
    assert len(stored(factory)) == 3
