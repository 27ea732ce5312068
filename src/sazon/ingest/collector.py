"""Python's cycle collector paused while a file is stored.

Storing a batch allocates tens of thousands of small objects (rows, records, results) that
all live until the batch ends; the collector would walk them again every few hundred
allocations, for nothing: they hold no cycles worth collecting before the batch is done.
bench/bench_ingest.py measured a fifth of an ingest's CPU time spent there. The pause is
process-wide, so it is counted (two ingests at once in a server's threads) and ends with the
last ingest, which then collects once.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
