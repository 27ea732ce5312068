"""How many rows the main tables hold, read on a plain connection in one query.

``sazon status`` needs nothing else from the store: counting through the ORM models imported
SQLAlchemy's ORM and every mapped class (about half of the command's start-up, issue #14).
The tables are the ones :data:`sazon.store.queries.COUNTED` names by model;
``tests/unit/test_store_counts.py`` checks that both lists agree.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

# The name ``sazon status`` shows → the table it counts.
COUNTED_TABLES: dict[str, str] = {
    "venues": "venues",
    "guests": "guests",
    "visits": "visits",
    "feedback": "feedback",
    "dishes": "dishes",
    "ingredients": "ingredients",
    "wines": "wines",
    "events": "events",
    "social_posts": "social_posts",
    "market_texts": "market_texts",
    "quarantine": "quarantine",
}


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of :data:`COUNTED_TABLES`, in one round trip.

    The table names are constants of this module, never input, so they are written into the
    SQL (a table name cannot be a bound parameter).
    """
    columns = ", ".join(
        f"(SELECT count(*) FROM {table}) AS {name}" for name, table in COUNTED_TABLES.items()
    )
    with engine.connect() as conn:
        row = conn.execute(text(f"SELECT {columns}")).one()
    return {name: int(n or 0) for name, n in zip(COUNTED_TABLES, row, strict=True)}
