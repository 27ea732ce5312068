"""The Kafka engine's state without a broker: a batch delivered again after a crash (saved,
offsets not yet committed) is not counted twice, and a bucket is merged only when every
partition has moved past it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sazon.store import make_engine
from sazon.trends import MarketItem
from sazon.trends.stream_state import Counted, StreamState
from sazon.trends.terms import grams


def _texts(partition: int, offsets: range, day: int) -> list[Counted]:
    out = []
    for o in offsets:
        at = datetime(2026, 3, 2 + day, 15, tzinfo=UTC) + timedelta(seconds=o)
        item = MarketItem(f"p{partition}-{o}", at, f"tomé chicha morada {o}", product="Yaku")
        out.append(Counted(o, 9557 + day, item, tuple(sorted(grams(item.text, item.product)))))
    return out


def test_a_redelivered_batch_is_skipped_and_buckets_wait_for_every_partition(
    tmp_path: Path,
) -> None:
    state = StreamState(make_engine(f"sqlite:///{tmp_path / 's.db'}"), "g", "t")
    state.create(partitions=2)
    assert state.save(0, _texts(0, range(10), 0), 9, 0, "a")
    # The same batch again, plus five more: what a consumer reads after a kill -9 that came
    # between the save and the offset commit.
    state.save(0, _texts(0, range(15), 0), 14, 1, "a")
    state.save(0, _texts(0, range(15, 20), 1), 19, 0, "a")
    assert state.progress()["counted"] == 20 and state.progress()["rejected"] == 1
    state.merge()  # partition 1 has read nothing: no bucket can be merged yet
    assert state.report().texts == 20

    state.save(1, _texts(1, range(3), 1), 2, 0, "b")
    state.merge()  # both partitions are in bucket 1 now: bucket 0 is folded
    with state.engine.connect() as conn:
        from sqlalchemy import func, select

        from sazon.trends.stream_state import TEXTS

        assert conn.execute(select(func.count()).select_from(TEXTS)).scalar_one() == 8
    assert state.report().texts == 23


def test_merges_by_several_consumers_save_parts_that_reload_to_the_embedded_report(
    tmp_path: Path,
) -> None:
    """Each day is merged by another consumer (a fresh StreamState reads the saved parts
    back), and the report read from the database equals the embedded engine's. A merge
    saves the detector without its counts and kept texts (those go by parts): rewriting
    them whole on every merge was most of the Kafka engine's time."""
    from itertools import groupby

    from sqlalchemy import select

    from sazon.trends import TrendDetector
    from sazon.trends.stream_state import DETECTORS
    from tests.unit.test_trends import _stream

    items = sorted(_stream(), key=lambda i: (i.created_at, i.id))
    det = TrendDetector()
    det.learn_many(items)
    det.finish()
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    StreamState(engine, "g", "t").create(partitions=2)
    offsets = [0, 0]
    for n, (bucket, day) in enumerate(groupby(items, det.bucket_of)):
        state = StreamState(engine, "g", "t")  # another consumer merges each day
        texts = list(day)
        for p in (0, 1):
            batch = [
                Counted(offsets[p] + k, bucket, i, tuple(sorted(grams(i.text, i.product))))
                for k, i in enumerate(texts[p::2])
            ]
            offsets[p] += len(batch)
            state.save(p, batch, offsets[p] - 1, 0, f"c{n % 2}")
        state.merge()
    with engine.connect() as conn:
        head = conn.execute(select(DETECTORS.c.state)).scalar_one()
    assert '"recent":' not in head and '"counts":' not in head
    assert StreamState(engine, "g", "t").report().to_json() == det.report().to_json()
