"""The store's analysis, kept until the market texts change: a CLI call or a server start
after no change reads it back instead of replaying every text and scoring 35 days again.

    trends = StoreTrends(home)              # one per process (a server keeps it on its state)
    found = trends.analysis(factory, lambda: text_scorer(settings), scorer_tag(settings, True))

The key is the store's digest (:func:`store_digest`: one aggregate query over the market
texts), which sentiment reads the texts (``scorer_tag``: none, the reviews' stars, or the
active sentiment model's version), the detector's settings and :data:`FORMAT`. A miss
replays as before and writes ``<home>/cache/trends/<key>.json`` (atomically: a reader never
sees half a file); a file that cannot be read is a miss, never an error. The newest
:data:`KEEP` files are kept (the CLI with sentiment and the API with stars differ).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

import sazon
from sazon.trends.analysis import Analysis
from sazon.trends.detector import Scorer
from sazon.trends.model import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sazon.trends.report import TrendReport

log = logging.getLogger(__name__)
FORMAT = 2  # bump when the analysis or its JSON changes shape
KEEP = 4
_ADAPTER: TypeAdapter[Analysis] | None = None


def _adapter() -> TypeAdapter[Analysis]:
    global _ADAPTER
    if _ADAPTER is None:  # built on first use: it reads every dataclass of the analysis
        _ADAPTER = TypeAdapter(Analysis)
    return _ADAPTER


def store_digest(factory: sessionmaker[Session]) -> str:
    """What changes when a market text is added, removed or edited: their number, first and
    last ids, newest date, newest edit and total length of their texts."""
    from sqlalchemy import func, select

    from sazon.store import MarketText

    with factory() as session:
        row = session.execute(
            select(
                func.count(MarketText.id), func.min(MarketText.id), func.max(MarketText.id),
                func.max(MarketText.published_at), func.max(MarketText.updated_at),
                func.sum(func.length(MarketText.text)),
            )
        ).one()  # fmt: skip
    return "|".join(str(v) for v in row)


def cache_key(digest: str, scorer_tag: str, settings: Settings | None) -> str:
    raw = json.dumps(
        [FORMAT, sazon.__version__, digest, scorer_tag, (settings or Settings()).__dict__],
        sort_keys=True, default=str,
    )  # fmt: skip
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


class StoreTrends:
    """The store's analysis, replayed only when the market texts changed: kept in memory
    (a server's refreshes) and, with a ``home``, in a file (the next CLI call, the next
    server start)."""

    def __init__(self, home: Path | None = None) -> None:
        self.folder = home / "cache" / "trends" if home is not None else None
        self._lock = threading.Lock()
        self._memo: tuple[str, Analysis] | None = None
        self._digest: str | None = None  # of the texts the memo read

    def get(self, factory: sessionmaker[Session], scorer: Scorer | None) -> TrendReport:
        return self.analysis(factory, lambda: scorer).report

    @property
    def last(self) -> Analysis | None:
        """The analysis made last, current or not (None before the first)."""
        memo = self._memo
        return memo[1] if memo is not None else None

    def current(self, factory: sessionmaker[Session]) -> bool:
        """Whether the last analysis still reads every market text of the store."""
        return self._memo is not None and self._digest == store_digest(factory)

    def analysis(
        self,
        factory: sessionmaker[Session],
        make_scorer: Callable[[], Scorer | None],
        scorer_tag: str = "",
        settings: Settings | None = None,
    ) -> Analysis:
        """From memory or the file when the texts did not change, else replayed;
        ``make_scorer`` is called only then (loading a sentiment model is part of the
        cost). Without a ``scorer_tag`` nothing goes to a file: its key would not say
        which sentiment read the texts."""
        from sazon.trends.service import store_analysis

        digest = store_digest(factory)
        key = cache_key(digest, scorer_tag, settings)
        with self._lock:
            if self._memo is not None and self._memo[0] == key:
                return self._memo[1]
            path = self.folder / f"{key}.json" if self.folder and scorer_tag else None
            found = _read(path) if path else None
            if found is None:
                found = store_analysis(factory, make_scorer(), settings)
                if path:
                    _write(path, found)
            self._memo, self._digest = (key, found), digest
            return found


def _read(path: Path) -> Analysis | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return _adapter().validate_json(data)
    except ValidationError as exc:  # a file of an older format, or damaged: replay
        log.warning("trends cache %s unreadable (%s): replaying", path.name, exc.error_count())
        return None


def _write(path: Path, found: Analysis) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(_adapter().dump_json(found))
        os.replace(tmp, path)
        kept = sorted(folder.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name))
        for old in kept[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home still answers, only slower next time
        log.warning("trends cache not written (%s): %s", type(exc).__name__, exc)
