"""People search on 100,000 guests (issue #19), on SQLite and then on PostgreSQL.

A migrated store (a temp SQLite file, a throw-away PostgreSQL cluster as the tests start it)
gets N guests with Peruvian names, emails and phones, inserted as the ingest inserts them
(Core, ``search_text`` filled by :func:`sazon.store.search_text.guest_search_text`). Each query
is a page of 20 plus the total, through :func:`sazon.store.guests.search_guests`, the function
every face calls. Printed beside it, measured in the same run on the same store: the search
before #19 (one LIKE of the whole query on lower-cased names, email and phone), which is both
the speed reference and the proof of what it missed.

The last two queries are misspelt: nobody has their words as typed, so the search falls back
to reading them as typos (candidates by shared letter runs in the store, RapidFuzz scoring).

Run: PYTHONPATH=src .venv/bin/python bench/bench_people_search.py [GUESTS]   (default 100,000)
Writes docs/bench/people_search.json.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from recording import save
from sqlalchemy import Table, func, or_, select
from sqlalchemy.orm import Session
from tests.services import postgres_cluster

from sazon.bulkinsert import insert_many
from sazon.store import Guest, make_engine, session_factory, upgrade
from sazon.store.guests import search_guests
from sazon.store.search_text import guest_search_text
from sazon.timeutil import utcnow

FIRST = [
    *("María José", "Fernando", "Rosa", "Luis", "Ana Lucía", "José", "Carmen", "Jorge"),
    *("Verónica", "Álvaro", "Sofía", "Martín", "Valeria", "Diego", "Gabriela", "Renato"),
]
LAST = [
    *("Ramos", "Huamán", "Quispe", "García", "Flores", "Rojas", "Chávez", "Mamani", "Torres"),
    *("Vargas", "Salazar", "Huamaní", "Núñez", "Paredes", "Castillo", "Ccori", "Ríos"),
]
QUERIES = ["Fernando Ramos", "maria jose", "926 259 305", "huaman", "Huamán", "ramos",
           "castillo valeria nunez", "zz no existe",
           # Misspelt: found only by the typo-tolerant step (sazon.store.fuzzy_search).
           "Fernado Ramso", "Huamna Quipse"]  # fmt: skip
REPEATS = 7
PAGE = 20


def _rows(n: int) -> list[dict[str, Any]]:
    rng = random.Random(19)
    now = utcnow()
    rows = []
    for i in range(n):
        first = rng.choice(FIRST)
        last = f"{rng.choice(LAST)} {rng.choice(LAST)}"
        email = f"{first.split()[0].lower()}.{i}@example.pe"
        phone = "+51926259305" if i == n // 2 else f"+519{rng.randrange(10**8):08d}"
        rows.append({
            "first_name": first, "last_name": last, "email": email, "phone": phone,
            "search_text": guest_search_text(first, last, email, phone),
            "created_at": now, "updated_at": now,
        })  # fmt: skip
    return rows


def _before(session: Session, q: str) -> tuple[int, int]:
    """The search before #19: the whole query as one LIKE on each field."""
    like = f"%{q.strip().lower()}%"
    where = or_(
        func.lower(Guest.first_name).like(like),
        func.lower(Guest.last_name).like(like),
        func.lower(Guest.email).like(like),
        Guest.phone.like(f"%{q.strip()}%"),
    )
    stmt = select(Guest).where(where).order_by(Guest.last_name, Guest.first_name, Guest.id)
    page = list(session.scalars(stmt.limit(PAGE)))
    return len(page), int(session.scalar(select(func.count(Guest.id)).where(where)) or 0)


def _now(session: Session, q: str) -> tuple[int, int]:
    found = search_guests(session, q, limit=PAGE)
    return len(found.items), found.total


def _median_ms(run: Callable[[], Any]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 2)


def scenario(store: str, url: str, n: int) -> dict[str, Any]:
    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    with factory.begin() as s:
        rows = _rows(n)
        for start in range(0, n, 10_000):
            insert_many(s, cast(Table, Guest.__table__), rows[start : start + 10_000])
    if store == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE guests")
    out: dict[str, Any] = {"store": store, "guests": n, "queries": []}
    with factory() as s:
        for q in QUERIES:
            now, before = _now(s, q), _before(s, q)
            out["queries"].append({
                "q": q, "total": now[1], "total_before": before[1],
                "ms": _median_ms(lambda q=q: _now(s, q)),
                "ms_before": _median_ms(lambda q=q: _before(s, q)),
            })  # fmt: skip
    engine.dispose()
    return out


def show(res: dict[str, Any]) -> None:
    print(f"\n[{res['store']}] {res['guests']:,} guests; page of {PAGE} + total, median of "
          f"{REPEATS} (reference: the search before #19, same store, same run)")  # fmt: skip
    print(f"{'query':<26}{'found':>8}{'before':>8}{'ms':>10}{'ms before':>11}")
    for r in res["queries"]:
        print(f"{r['q']:<26}{r['total']:>8}{r['total_before']:>8}{r['ms']:>10}{r['ms_before']:>11}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    results = []
    with tempfile.TemporaryDirectory(prefix="sazon-search-") as tmp:
        results.append(scenario("sqlite", f"sqlite:///{Path(tmp) / 'store.db'}", n))
        show(results[-1])
        with postgres_cluster() as url:
            results.append(scenario("postgresql", url, n))
        show(results[-1])
    save(
        "people_search",
        {
            "bench": "bench/bench_people_search.py",
            "note": "the machine may have been shared with other work: numbers are noisy",
            "results": results,
        },
    )


if __name__ == "__main__":
    main()
