"""The embedded engine: the detector over a file or over the store's market texts, in
micro-batches, with sazon.text's sentiment reading the texts of each burst."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sazon.trends.detector import Scorer, TrendDetector
from sazon.trends.model import MarketItem, Settings
from sazon.trends.reading import BadLine, read_market_file
from sazon.trends.report import TrendReport

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sazon.config import Settings as SazonSettings
    from sazon.store import MarketText
    from sazon.text import SentimentServing

BATCH = 5000


def text_scorer(settings: SazonSettings) -> Scorer:
    """Sentiment in [-1, 1] from the active sentiment model (sazon.text); the first use
    fits the default model when none is saved (a minute), then the registry keeps it."""
    from sazon.text import SentimentServing

    return _scorer(SentimentServing(settings))


def saved_scorer(settings: SazonSettings) -> Scorer | None:
    """:func:`text_scorer` when a sentiment model is saved, else None (stars only): a
    request must not wait for the default model's first fit."""
    from sazon.text import SentimentServing

    serving = SentimentServing(settings)
    return _scorer(serving) if serving.warm_up() else None


def _scorer(serving: SentimentServing) -> Scorer:

    def score(texts: Sequence[str]) -> list[float]:
        return [r.score for r in serving.current().analyse_texts(list(texts))]

    return score


def detect_file(
    path: Path,
    scorer: Scorer | None = None,
    settings: Settings | None = None,
    max_mb: float = 200.0,
) -> tuple[TrendReport, list[BadLine]]:
    """Replay a file through a new detector; the bad lines come back, the rest is read."""
    read = read_market_file(path, max_mb=max_mb)
    det = TrendDetector(settings, scorer)
    for start in range(0, len(read.items), BATCH):
        det.learn_many(read.items[start : start + BATCH])
    det.finish()
    return det.report(), read.bad


def store_report(
    factory: sessionmaker[Session],
    scorer: Scorer | None = None,
    settings: Settings | None = None,
    as_of: date | None = None,
) -> TrendReport:
    """Replay the store's market texts (oldest first, in batches) and report."""
    from sqlalchemy import select, tuple_

    from sazon.store import MarketText

    det = TrendDetector(settings, scorer)
    after: tuple[datetime, int] | None = None
    while True:
        query = select(MarketText).order_by(MarketText.published_at, MarketText.id).limit(BATCH)
        if after is not None:
            query = query.where(tuple_(MarketText.published_at, MarketText.id) > after)
        with factory() as session:
            rows = session.scalars(query).all()
            items = [_item(r) for r in rows]
        if not rows:
            break
        after = (rows[-1].published_at, rows[-1].id)
        det.learn_many(items)
    det.finish()
    return det.report(as_of=as_of)


def _item(row: MarketText) -> MarketItem:
    at = row.published_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # the store keeps UTC
    return MarketItem(
        id=str(row.external_id or row.id),
        created_at=at,
        text=row.text,
        source=row.source,
        product=row.product,
        rating=row.rating,
        region=row.region,
    )


class StoreTrends:
    """The store's report, replayed again only when the market texts changed (their count
    or newest id), so the API answers a board's refresh without a replay."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int] | None = None
        self._report: TrendReport | None = None

    def get(self, factory: sessionmaker[Session], scorer: Scorer | None) -> TrendReport:
        from sqlalchemy import func, select

        from sazon.store import MarketText

        with factory() as session:
            count, newest = session.execute(
                select(func.count(MarketText.id), func.max(MarketText.id))
            ).one()
        key = (int(count), int(newest or 0))
        with self._lock:
            if self._report is None or key != self._key:
                self._report = store_report(factory, scorer)
                self._key = key
            return self._report
