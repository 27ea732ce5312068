"""The Kafka engine's per-message step and the term cache it leans on."""

from __future__ import annotations

import json

from sazon.trends.kafka_engine import Prepare, Rejected
from sazon.trends.terms import CACHED_CLAUSE_CHARS, clause_grams, grams


def test_an_empty_message_is_a_dead_letter_not_a_crash() -> None:
    prepare = Prepare(None)
    got = prepare(None)
    assert isinstance(got, Rejected) and "empty" in got.reason
    text = {"id": "t1", "created_at": "2026-03-02T10:00:00-05:00", "source": "tiktok",
            "text": "la chicha morada sin azúcar está buenaza"}  # fmt: skip
    ok = prepare(json.dumps(text).encode())
    assert not isinstance(ok, Rejected) and "chicha morada" in ok[2]


def test_long_clauses_are_read_but_not_kept_in_the_cache() -> None:
    clause_grams.cache_clear()
    long = " ".join(f"sabor{i}" for i in range(60))  # one clause, no punctuation
    assert len(long) > CACHED_CLAUSE_CHARS
    assert {"sabor1", "sabor1 sabor2"} <= grams(long)
    assert clause_grams.cache_info().currsize == 0
    grams("bien heladita")
    assert clause_grams.cache_info().currsize == 1
