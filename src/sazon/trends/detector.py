"""The trend detector: an incremental state machine over time buckets, with no transport.

    detector = TrendDetector()
    detector.learn_many(items)          # any batch, any order within the open bucket
    detector.finish()                   # close the last bucket (a file replay ends)
    report = detector.report()          # trends ranked, alerts raised

Texts are counted per term per bucket (a day in America/Lima by default) in a ring of
``windows[-1] + baseline`` buckets. When a bucket closes, every term with enough texts in a
window of 1, 3, 7 or 28 buckets is tested against its own share in the ``baseline`` buckets
before that window, scaled by the stream's volume; the whole bucket's tests share one
Bonferroni bar (precision first). A significant term opens or extends an
:class:`~sazon.trends.model.Episode`; alerts are decided at the same close
(:mod:`sazon.trends.alerting`). The state is plain data (:meth:`state` / :meth:`from_state`),
so an engine that reads a Kafka topic can checkpoint it and drive it with ``learn_many``.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from sazon.timeutil import LIMA
from sazon.trends.alerting import close_bucket
from sazon.trends.model import Alert, Episode, MarketItem, Settings
from sazon.trends.seasons import weekly, yearly
from sazon.trends.surprise import families, surprise, test_volume, threshold
from sazon.trends.terms import grams

if TYPE_CHECKING:
    from sazon.trends.report import TrendReport

# Texts in [-1, 1] per text, or None; the faces pass sazon.text's sentiment analyzer.
Scorer = Callable[[Sequence[str]], list[float]]
_EPOCH = date(2000, 1, 1)
PAST = 500  # ended bursts kept for the report


class TrendDetector:
    def __init__(self, settings: Settings | None = None, scorer: Scorer | None = None) -> None:
        self.settings = settings or Settings()
        self.scorer = scorer
        ring = self.settings.ring
        self.rows: dict[str, int] = {}
        self.terms: list[str | None] = []
        self.free: list[int] = []
        self.counts = np.zeros((1024, ring), dtype=np.uint32)
        self.volume = np.zeros(ring, dtype=np.int64)
        self.first: int | None = None  # first bucket seen
        self.current: int | None = None  # the open bucket
        self.pending: Counter[str] = Counter()
        self.pending_volume = 0
        # Recent texts, to show and to read: (bucket, id, text, product, rating, terms).
        self.recent: deque[tuple[int, str, str, str | None, float | None, frozenset[str]]]
        self.recent = deque()
        self.recent_dropped = 0  # texts that left ``recent`` (the log index of its first one)
        # Columns of ``counts`` changed since :meth:`take_dirty`: a checkpoint saves only
        # these (a day's close changes one column of the ring, not all of them).
        self.dirty: set[int] = set()
        self.episodes: dict[str, Episode] = {}  # the current burst of each term
        self.past: list[Episode] = []  # ended bursts of terms that burst again, newest last
        self.alerts: list[Alert] = []
        self.late = 0  # texts older than the ring: too late to count
        self.seen = 0
        self.tests = 0

    # ---- buckets ------------------------------------------------------------------------

    def bucket_of(self, item: MarketItem) -> int:
        return self.bucket_of_day(item.created_at.astimezone(LIMA).date())

    def bucket_of_day(self, day: date) -> int:
        return (day - _EPOCH).days // self.settings.bucket_days

    def day_of(self, bucket: int) -> date:
        return _EPOCH + timedelta(days=bucket * self.settings.bucket_days)

    # ---- learning -----------------------------------------------------------------------

    def learn_one(self, item: MarketItem) -> None:
        self.learn_many([item])

    def learn_many(self, items: Iterable[MarketItem]) -> None:
        """Count a batch; buckets before the newest text's bucket close as it arrives.

        Texts of the same instant go in id order, so the kept texts (and the examples read
        from them) do not depend on how a file or a topic's partitions ordered them."""
        for item in sorted(items, key=lambda i: (i.created_at, i.id)):
            terms = frozenset(grams(item.text, item.product))
            self.learn_terms(self.bucket_of(item), terms, item)

    def learn_terms(
        self, bucket: int, terms: Iterable[str], item: MarketItem | None = None
    ) -> None:
        """Count one text's terms in ``bucket`` (series without texts call this directly)."""
        self._advance(bucket)
        assert self.current is not None
        terms = frozenset(terms)
        self.seen += 1
        if bucket == self.current:
            self.pending.update(terms)
            self.pending_volume += 1
        elif bucket > self.current - self.settings.ring:
            col = bucket % self.settings.ring  # a late text: counted, its bucket not re-tested
            self.dirty.add(col)
            for t in sorted(terms):  # a new term's row must not depend on the hash seed
                self.counts[self._row(t), col] += 1
            self.volume[col] += 1
        else:
            self.late += 1
            return
        if item is not None:
            self.recent.append(
                (bucket, item.id, item.text, item.product, rating_score(item.rating), terms)
            )

    def learn_counts(self, bucket: int, counts: dict[str, int], volume: int) -> None:
        """A whole bucket of counts at once (weekly search series, a windowed Kafka count)."""
        self._advance(bucket)
        self.pending.update(counts)
        self.pending_volume += volume
        self.seen += volume

    def finish(self) -> None:
        """Close the open bucket (the end of a file, or a day over)."""
        if self.current is not None:
            self._close(self.current)
            self.current += 1
            self._open(self.current)

    def _advance(self, bucket: int) -> None:
        if self.current is None:
            self.first = self.current = bucket
            self._open(bucket)
            return
        while bucket > self.current:
            self._close(self.current)
            self.current += 1
            self._open(self.current)

    def _open(self, bucket: int) -> None:
        col = bucket % self.settings.ring
        self.counts[:, col] = 0
        self.volume[col] = 0
        self.dirty.add(col)

    def _row(self, term: str) -> int:
        row = self.rows.get(term)
        if row is not None:
            return row
        if self.free:
            row = self.free.pop()
            self.terms[row] = term
        else:
            row = len(self.terms)
            self.terms.append(term)
            if row >= self.counts.shape[0]:
                grown = np.zeros((self.counts.shape[0] * 2, self.settings.ring), np.uint32)
                grown[: self.counts.shape[0]] = self.counts
                self.counts = grown
        self.rows[term] = row
        return row

    def _close(self, bucket: int) -> None:
        col = bucket % self.settings.ring
        # Sorted: rows are given in this order, and the row order is the order terms are
        # tested and bursts grouped; a set's order changes with PYTHONHASHSEED.
        for term, n in sorted(self.pending.items()):
            self.counts[self._row(term), col] += n
        self.volume[col] += self.pending_volume
        self.dirty.add(col)
        self.pending.clear()
        self.pending_volume = 0
        self._test(bucket)
        close_bucket(self, bucket)
        self._forget(bucket)

    # ---- testing ------------------------------------------------------------------------

    def _columns(self, newest: int, n: int) -> list[int]:
        ring = self.settings.ring
        return [(newest - k) % ring for k in range(n)]

    def window(self, bucket: int, w: int) -> tuple[np.ndarray, int]:
        """Counts of every row and the volume over the ``w`` buckets ending at ``bucket``."""
        cols = self._columns(bucket, w)
        return self.counts[: len(self.terms), cols].sum(axis=1), int(self.volume[cols].sum())

    def _test(self, bucket: int) -> None:
        s = self.settings
        assert self.first is not None
        if bucket - self.first < s.warmup or not self.volume[bucket % s.ring]:
            return
        n = len(self.terms)
        history = min(bucket - self.first, s.ring)
        found: dict[int, tuple[float, int, float]] = {}  # row → score, window, base share
        results = []
        for w in s.windows:
            base_len = min(s.baseline, history - w)
            if base_len < max(w, s.warmup):
                continue  # a baseline shorter than its window reads rare words as new
            count, vol = self.window(bucket, w)
            cols = self._columns(bucket - w, base_len)
            base, base_vol = self.counts[:n, cols].sum(axis=1), int(self.volume[cols].sum())
            rows = np.flatnonzero(count >= min(s.min_count, s.min_count_rare))
            if not len(rows) or not base_vol:
                continue
            rows, share0, expected, rare = families(self.terms, rows, count, base, base_vol, vol, s)
            ratio = count[rows] / expected
            # The newest part of the window must be high too: a burst three weeks ago keeps
            # a 28-bucket window significant long after it ended.
            r = max(1, w // 4)
            newest, newest_vol = self.window(bucket, r)
            alive = newest[rows] >= np.maximum(1.0, s.min_ratio * share0 * newest_vol)
            ratio = np.where(alive, ratio, 0.0)
            results.append((w, rows, share0, ratio, count[rows], expected, rare))
        tests, n_rare = sum(len(r[1]) for r in results), sum(int(r[6].sum()) for r in results)
        self.tests += tests
        bar = threshold(tests - n_rare, s.alpha * (1.0 - s.rare_alpha_share))
        bar_rare = threshold(n_rare, s.alpha * s.rare_alpha_share) if n_rare else bar
        for w, rows, share0, ratio, observed, expected, rare in results:
            keep = ratio >= s.min_ratio
            if not keep.any():
                continue
            scores = surprise(observed[keep], expected[keep], s.model, s.dispersion)
            bars = np.where(rare[keep], bar_rare, bar)  # each test's family's bar
            for row, sc, sh, b in zip(rows[keep], scores, share0[keep], bars, strict=True):
                if sc >= b and sc > found.get(int(row), (0.0, 0, 0.0))[0]:
                    found[int(row)] = (float(sc), w, float(sh))
        for row, (sc, w, sh) in found.items():
            term = self.terms[row]
            assert term is not None
            self._hit(term, bucket, sc, w, sh)
            ep = self.episodes[term]
            if yearly(self, row, bucket, w) or (
                ep.first == bucket and weekly(self, row, bucket, w)
            ):
                ep.seasonal = True
        test_volume(self, bucket)

    def _point(self, term: str, bucket: int, reference: int) -> tuple[int, int, int]:
        col = bucket % self.settings.ring
        if reference:  # the volume itself, over a fixed reference
            return bucket, int(self.volume[col]), reference
        row = self.rows.get(term)
        return bucket, int(self.counts[row, col]) if row is not None else 0, int(self.volume[col])

    def _hit(
        self, term: str, bucket: int, score: float, w: int, share: float, reference: int = 0
    ) -> None:
        ep = self.episodes.get(term)
        if ep is None or bucket - ep.last > self.settings.close_after:
            ep = Episode(term, bucket, bucket, share, score, bucket, w, reference=reference)
            pre = range(max(bucket - 7, (self.first or bucket)), bucket)
            ep.series = [self._point(term, b, reference) for b in pre]
            if term in self.episodes:  # a new burst of the same term: the old one is history
                self.past = [*self.past, self.episodes[term]][-PAST:]
            self.episodes[term] = ep
        ep.last = bucket
        ep.hits.append(bucket)
        if score > ep.score:
            ep.score, ep.peak, ep.window = score, bucket, w

    def _forget(self, bucket: int) -> None:
        """Keep memory bounded: old texts go, rare terms go, quiet episodes end."""
        s = self.settings
        while self.recent and self.recent[0][0] <= bucket - s.example_buckets:
            self.recent.popleft()
            self.recent_dropped += 1
        for term, ep in list(self.episodes.items()):
            if bucket - ep.last <= s.close_after:
                ep.series.append(self._point(term, bucket, ep.reference))
                del ep.series[:-120]
        if len(self.terms) - len(self.free) > s.max_terms:
            self._prune()

    def _prune(self) -> None:
        """Forget the rarest terms (fewest texts in the ring) down to 80 % of ``max_terms``.

        Only past the cap: a rare term forgotten early comes back with no history, and a
        term with no history looks new.
        """
        n = len(self.terms)
        totals = self.counts[:n].sum(axis=1).astype(np.int64)
        for term in self.episodes:
            if term in self.rows:
                totals[self.rows[term]] = np.iinfo(np.int64).max  # a burst's history stays
        for i, slot in enumerate(self.terms):
            if slot is None:
                totals[i] = np.iinfo(np.int64).max
        drop = len(self.terms) - len(self.free) - int(0.8 * self.settings.max_terms)
        for row in np.argsort(totals, kind="stable")[: max(drop, 0)]:
            term = self.terms[row]
            if term is None or term in self.episodes:
                continue
            del self.rows[term]
            self.terms[row] = None
            self.counts[row] = 0
            self.free.append(int(row))
        self.dirty.update(range(self.settings.ring))

    def report(
        self, as_of: date | None = None, top: int = 20, horizon: int | None = None
    ) -> TrendReport:
        """Trends ranked and alerts raised (:func:`sazon.trends.report.build_report`)."""
        from sazon.trends.report import build_report

        return build_report(self, as_of, top, horizon)

    @property
    def tracked(self) -> int:
        return len(self.terms) - len(self.free)

    # ---- state --------------------------------------------------------------------------

    def state(self, whole: bool = True) -> dict[str, Any]:
        """Everything to resume from, as JSON-ready data (a checkpoint, a changelog).

        ``whole=False`` leaves out the two big parts, the counts and the kept texts: a
        checkpoint saves them by parts instead (:meth:`column` for the changed columns, and
        the texts that joined ``recent`` since the last one), so its cost follows what
        changed, not the ring's size (sazon.trends.stream_state)."""
        n = len(self.terms)
        data: dict[str, Any] = {
            "settings": self.settings.__dict__,
            "first": self.first,
            "current": self.current,
            "terms": self.terms,
            "volume": self.volume.tolist(),
            "pending": dict(sorted(self.pending.items())),
            "pending_volume": self.pending_volume,
            "episodes": [e.to_dict() for e in self.episodes.values()],
            "past": [e.to_dict() for e in self.past],
            "alerts": [a.to_json() for a in self.alerts],
            "late": self.late,
            "seen": self.seen,
            "recent_dropped": self.recent_dropped,
        }
        if whole:
            data["counts"] = self.counts[:n].tolist()
            data["recent"] = [self.recent_row(r) for r in self.recent]
        return data

    def take_dirty(self) -> list[int]:
        """The columns changed since the last call, in order; forgotten here."""
        cols, self.dirty = sorted(self.dirty), set()
        return cols

    def column(self, col: int) -> bytes:
        """One column of the counts, its non-zero cells only: rows then counts (uint32 LE)."""
        cells = self.counts[: len(self.terms), col]
        rows = np.flatnonzero(cells).astype("<u4")
        return bytes(rows.tobytes() + cells[rows].astype("<u4").tobytes())

    def set_column(self, col: int, data: bytes) -> None:
        """A column as :meth:`column` wrote it (rows beyond the terms are a corrupt save)."""
        cells = np.frombuffer(data, "<u4")
        rows, values = cells[: len(cells) // 2], cells[len(cells) // 2 :]
        self.counts[: len(self.terms), col] = 0
        self.counts[rows, col] = values

    @staticmethod
    def recent_row(r: tuple[int, str, str, str | None, float | None, frozenset[str]]) -> list[Any]:
        return [*r[:5], sorted(r[5])]

    @classmethod
    def from_state(cls, data: dict[str, Any], scorer: Scorer | None = None) -> TrendDetector:
        raw = dict(data["settings"])
        raw["windows"] = tuple(raw["windows"])
        det = cls(Settings(**raw), scorer)
        det.first, det.current = data["first"], data["current"]
        det.terms = list(data["terms"])
        det.rows = {t: i for i, t in enumerate(det.terms) if t is not None}
        det.free = [i for i, t in enumerate(det.terms) if t is None]
        size = max(1024, len(det.terms))
        det.counts = np.zeros((size, det.settings.ring), np.uint32)
        if det.terms and "counts" in data:  # else the columns come after (set_column)
            det.counts[: len(det.terms)] = np.asarray(data["counts"], np.uint32)
        det.volume = np.asarray(data["volume"], np.int64)
        det.pending = Counter(data["pending"])
        det.pending_volume = data["pending_volume"]
        det.recent = deque(
            (r[0], r[1], r[2], r[3], r[4], frozenset(r[5])) for r in data.get("recent", ())
        )
        det.recent_dropped = data.get("recent_dropped", 0)
        det.episodes = {e["term"]: Episode.from_dict(e) for e in data["episodes"]}
        det.past = [Episode.from_dict(e) for e in data["past"]]
        det.alerts = [Alert.from_json(a) for a in data["alerts"]]
        det.late, det.seen = data["late"], data["seen"]
        det.dirty = set()
        return det


def rating_score(rating: float | None) -> float | None:
    """Stars 0–5 as a sentiment in [-1, 1] (3 is neutral)."""
    return None if rating is None else max(-1.0, min(1.0, (rating - 3.0) / 2.0))
