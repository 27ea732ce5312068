"""What a worker runs and what it counts: a :class:`Processor` (a consumer group and its
handlers), :class:`WorkerStats`, and the garbage collector's pace while it runs. Apart from
the worker's loop so each stays small."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields

from sazon.bus.apply import BatchHandler, Handler
from sazon.bus.failures import Retry

__all__ = ["Processor", "WorkerStats", "fewer_collections"]


@dataclass(frozen=True, slots=True)
class Processor:
    """A named consumer group reading ``topics`` and calling ``handler`` for each event.

    ``batch_handler``, when given, gets all the new events of a batch at once instead (in the
    same transaction); if it raises, the worker falls back to ``handler`` per event to find
    the one at fault.
    """

    name: str
    topics: tuple[str, ...]
    handler: Handler
    retry: Retry = field(default_factory=Retry)
    batch_handler: BatchHandler | None = None


@dataclass(slots=True)
class WorkerStats:
    handled: int = 0  # messages taken off the bus (every outcome below)
    processed: int = 0  # handler applied and recorded
    duplicates: int = 0  # already processed by this group: skipped
    retries: int = 0  # failed attempts that were tried again
    dead_lettered: int = 0  # sent to <topic>.dlq
    relayed: int = 0  # staged events moved from the outbox to the bus

    def since(self, earlier: WorkerStats) -> WorkerStats:
        return WorkerStats(
            **{f.name: getattr(self, f.name) - getattr(earlier, f.name) for f in fields(self)}
        )

    def copy(self) -> WorkerStats:
        return self.since(WorkerStats())


# CPython starts a young-generation collection every 700 net new container objects. A batch
# keeps its messages and decoded events (about ten such objects per event) alive until it
# commits, so at that pace a worker collected every ~70 events, and those collections (which
# find nothing: the objects are still in use) took a fifth of its CPU (bench/bench_bus.py).
# While a worker runs the threshold is this instead; it is put back when the last one returns.
YOUNG_THRESHOLD = 20_000
_pace = threading.Lock()
_running = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the young-generation threshold while a worker runs (nests across threads)."""
    global _running, _saved
    with _pace:
        if _running == 0:
            _saved = gc.get_threshold()
            if _saved[0] != 0:  # 0: collection is off, leave it so
                gc.set_threshold(max(_saved[0], YOUNG_THRESHOLD), *_saved[1:])
        _running += 1
    try:
        yield
    finally:
        with _pace:
            _running -= 1
            if _running == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
