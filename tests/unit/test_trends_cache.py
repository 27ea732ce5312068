"""The store's analysis is kept until its market texts change: a second CLI call (a new
process: a new StoreTrends on the same home) reads it back without replaying or loading a
sentiment model, and adding or editing a text replays it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from sazon.store import MarketText
from sazon.trends import StoreTrends, store_digest
from sazon.trends.cache import cache_key
from tests.unit.test_trends import _stream


def test_the_analysis_is_read_back_until_a_text_is_added_or_edited(
    sqlite_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    items = _stream()[::5]
    with sqlite_factory.begin() as session:
        session.add_all(
            MarketText(external_id=i.id, source=i.source, text=i.text, published_at=i.created_at,
                       product=i.product, rating=i.rating)
            for i in items
        )  # fmt: skip
    built: list[int] = []

    def scorer() -> None:  # stands for loading the sentiment model: called on a replay only
        built.append(1)

    first = StoreTrends(tmp_path).analysis(sqlite_factory, scorer, "none")
    assert first.report.trends and first.shifts is not None and len(built) == 1
    again = StoreTrends(tmp_path).analysis(sqlite_factory, scorer, "none")
    assert len(built) == 1 and again.to_json() == first.to_json()
    assert again.alerts == first.alerts  # read back as the same objects, not as dicts

    with sqlite_factory.begin() as session:
        session.execute(
            update(MarketText).where(MarketText.external_id == items[-1].id).values(text="otro")
        )
    StoreTrends(tmp_path).analysis(sqlite_factory, scorer, "none")
    assert len(built) == 2
    with sqlite_factory.begin() as session:
        session.add(MarketText(source="x", text="chicha", published_at=items[-1].created_at))
    StoreTrends(tmp_path).analysis(sqlite_factory, scorer, "none")
    assert len(built) == 3
    digest = store_digest(sqlite_factory)
    assert cache_key(digest, "none", None) != cache_key(digest, "stars", None)
