"""The embedded engine: the detector over a file or over the store's market texts, in
micro-batches, with sazon.text's sentiment reading the texts of each burst."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sazon.trends.analysis import Analysis, analyse
from sazon.trends.detector import Scorer, TrendDetector
from sazon.trends.model import Alert, MarketItem, Settings
from sazon.trends.reading import BadLine, read_market_file
from sazon.trends.report import TrendReport

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sazon.config import Settings as SazonSettings
    from sazon.store import MarketText
    from sazon.text import SentimentServing

BATCH = 5000
log = logging.getLogger(__name__)


def text_scorer(settings: SazonSettings) -> Scorer:
    """Sentiment in [-1, 1] from the active sentiment model (sazon.text); the first use
    fits the default model when none is saved (a minute), then the registry keeps it."""
    from sazon.text import SentimentServing

    return _scorer(SentimentServing(settings))


def scorer_tag(settings: SazonSettings, sentiment: bool, saved_only: bool = False) -> str:
    """What reads the sentiment of texts, as :func:`text_scorer` (``saved_only``:
    :func:`saved_scorer`) would pick it: the key of a cached analysis."""
    if not sentiment:
        return "none"
    from sazon.text import SentimentServing

    tag = SentimentServing(settings).active_versions()
    return "stars" if saved_only and tag == "None|None" else f"model:{tag}"


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
    found, bad = analyse_file(path, scorer, settings, max_mb, deep=False)
    return found.report, bad


def analyse_file(
    path: Path,
    scorer: Scorer | None = None,
    settings: Settings | None = None,
    max_mb: float = 200.0,
    deep: bool = True,
) -> tuple[Analysis, list[BadLine]]:
    """:func:`detect_file` with the segments, topics and sentiment shifts (``deep``)."""
    read = read_market_file(path, max_mb=max_mb)
    det = TrendDetector(settings, scorer)
    for start in range(0, len(read.items), BATCH):
        det.learn_many(read.items[start : start + BATCH])
    det.finish()
    report = det.report()
    return (analyse(read.items, report, scorer) if deep else Analysis(report)), read.bad


def store_report(
    factory: sessionmaker[Session],
    scorer: Scorer | None = None,
    settings: Settings | None = None,
    as_of: date | None = None,
) -> TrendReport:
    """Replay the store's market texts (oldest first, in batches) and report."""
    det = TrendDetector(settings, scorer)
    for items in store_items(factory):
        det.learn_many(items)
    det.finish()
    return det.report(as_of=as_of)


def store_analysis(
    factory: sessionmaker[Session], scorer: Scorer | None = None, settings: Settings | None = None
) -> Analysis:
    """:func:`store_report` with the segments, topics and sentiment shifts."""
    det = TrendDetector(settings, scorer)
    kept: list[MarketItem] = []
    for items in store_items(factory):
        det.learn_many(items)
        kept.extend(items)
    det.finish()
    return analyse(kept, det.report(), scorer)


def store_items(factory: sessionmaker[Session]) -> Iterator[list[MarketItem]]:
    """The store's market texts, oldest first, in batches of :data:`BATCH`."""
    from sqlalchemy import select, tuple_

    from sazon.store import MarketText

    after: tuple[datetime, int] | None = None
    while True:
        query = select(MarketText).order_by(MarketText.published_at, MarketText.id).limit(BATCH)
        if after is not None:
            query = query.where(tuple_(MarketText.published_at, MarketText.id) > after)
        with factory() as session:
            rows = session.scalars(query).all()
            items = [_item(r) for r in rows]
        if not rows:
            return
        after = (rows[-1].published_at, rows[-1].id)
        yield items


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
        segment=row.author_segment,
    )


def app_analysis(owner: Any, settings: SazonSettings, factory: sessionmaker[Session]) -> Analysis:
    """The store's analysis cached on ``owner`` (an app's state), so the API and the board
    share one replay per change of the texts; bursts' sentiment from the saved model, or
    from the reviews' stars when none is saved (a request must not wait for a first fit)."""
    from sazon.trends.cache import StoreTrends

    holder: StoreTrends | None = getattr(owner, "sazon_trends", None)
    if holder is None:
        holder = owner.sazon_trends = StoreTrends(settings.home)
        owner.sazon_trends_scorer = saved_scorer(settings)
    scorer = owner.sazon_trends_scorer
    tag = "stars" if scorer is None else scorer_tag(settings, True)
    return holder.analysis(factory, lambda: scorer, tag)


_REFRESH = threading.Lock()


def app_alerts(
    owner: Any, settings: SazonSettings, factory: sessionmaker[Session]
) -> list[Alert] | None:
    """The alerts of :func:`app_analysis` without waiting for a replay (it takes seconds on
    the demo store): when the analysis is missing or the texts changed, one is made in a
    background thread and the last alerts known are returned meanwhile (None before the
    first). For a page that only shows how many alerts there are, such as the home page."""
    from sazon.trends.cache import StoreTrends

    holder: StoreTrends | None = getattr(owner, "sazon_trends", None)
    if holder is None or not holder.current(factory):
        with _REFRESH:  # one replay in the background at a time per owner
            if getattr(owner, "sazon_trends_refresh", None) is None:
                worker = threading.Thread(
                    target=_refresh, args=(owner, settings, factory), daemon=True,
                    name="sazon-trends-refresh",
                )  # fmt: skip
                owner.sazon_trends_refresh = worker
                worker.start()
    last = holder.last if holder is not None else None
    return list(last.alerts) if last is not None else None


def _refresh(owner: Any, settings: SazonSettings, factory: sessionmaker[Session]) -> None:
    try:
        app_analysis(owner, settings, factory)
    except Exception:  # the board shows the error when asked; here nobody waits for it
        log.exception("trends: the background analysis failed")
    finally:
        with _REFRESH:
            owner.sazon_trends_refresh = None
