"""Engine, sessions and schema upgrades for the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from sazon.errors import DependencyUnavailable
from sazon.store.version import watch_writes

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
# How long a writer waits for another writer's lock before giving up. Ingest writes in batches
# that hold the lock about a second each, so writers queue behind them well within this; a
# writer that still finds the store locked gets a 503 (CLI exit 3) and is told to retry.
BUSY_TIMEOUT_S = 15
RETRY_AFTER_S = 2
# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected.
BUSY_SQLSTATES = frozenset({"55P03", "40001", "40P01"})
# SQLite says it in the message: SQLITE_BUSY and SQLITE_LOCKED.
BUSY_SQLITE = ("database is locked", "database table is locked")


def json_loads(text: str | bytes) -> Any:
    """SQLite's JSON columns, decoded by orjson: a stored plan (70 kB) took a tenth of its
    read in ``json.loads``. What orjson refuses and ``json`` wrote (NaN, integers past 64
    bits) is read by ``json`` as before."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def make_engine(url: str, busy_timeout_s: float = BUSY_TIMEOUT_S, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, secure delete and a busy timeout.

    ``busy_timeout_s``: how long a writer waits for another's lock before the store is
    "busy" (``SAZON_DATABASE_BUSY_TIMEOUT_S``; SQLite's busy timeout, PostgreSQL's
    ``lock_timeout``).

    Statement parameters are kept out of error messages: they hold guests' personal data, and
    error texts end up in logs and in dead-letter headers.
    """
    kwargs.setdefault("hide_parameters", True)
    if "poolclass" not in kwargs and url not in ("sqlite://", "sqlite:///:memory:"):
        # As many connections as the server has request threads (40): a burst of writers
        # then waits for the lock, where it is told to retry, not for a pooled connection.
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 30)
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": busy_timeout_s})
        kwargs.setdefault("json_deserializer", json_loads)
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            # Deleted and rewritten rows are zeroed, not just marked free: an erased guest's
            # old values must not stay readable in the file (bench/bench_secure_delete.py).
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        watch_writes(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if url.startswith("postgresql+psycopg"):
        # Without it a writer behind a lock waits forever; with it, it gives up like SQLite.
        lock_timeout = f"{round(busy_timeout_s * 1000)}ms"
        kwargs.setdefault("connect_args", {"options": f"-c lock_timeout={lock_timeout}"})
    engine = create_engine(url, **kwargs)
    watch_writes(engine)
    return engine


def store_busy(exc: BaseException) -> DependencyUnavailable | None:
    """The error to show when ``exc`` (or what caused it) is lock contention, else None.

    The one place that recognises a busy store: the API answers it with 503 and Retry-After,
    the CLI with exit 3, an upload job records it as its problem.
    """
    seen: BaseException | None = exc
    for _ in range(8):  # the cause chain, not forever
        if seen is None:
            return None
        # A pool with no free connection for pool_timeout seconds is as busy as a lock.
        if isinstance(seen, PoolTimeout) or (isinstance(seen, DBAPIError) and _is_busy(seen.orig)):
            return DependencyUnavailable(
                "la base de datos está ocupada con otra escritura; inténtalo de nuevo en unos "
                "segundos / the store is busy with another write: try again in a few seconds",
                details={"retry_after": RETRY_AFTER_S},
            )
        seen = seen.__cause__ or seen.__context__
    return None


def _is_busy(orig: BaseException | None) -> bool:
    if getattr(orig, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    return type(orig).__module__ == "sqlite3" and str(orig).startswith(BUSY_SQLITE)


# SQLSTATE on PostgreSQL; SQLite says it in the message (its error codes are not exposed).
def is_foreign_key_violation(exc: IntegrityError) -> bool:
    """Whether an insert or delete failed on a foreign key (a row it refers to is gone)."""
    return _violation(exc, "23503", "FOREIGN KEY constraint failed")


def is_unique_violation(exc: IntegrityError) -> bool:
    """Whether a write failed on a unique constraint (another transaction wrote it first)."""
    return _violation(exc, "23505", "UNIQUE constraint failed")


def _violation(exc: IntegrityError, sqlstate: str, sqlite_text: str) -> bool:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == sqlstate or sqlite_text in str(orig)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # The ORM is imported by the commands that use sessions: `sazon status` counts rows on a
    # plain connection (issue #14).
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session


# Alembic is imported only by the functions that migrate: most commands never do.
def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; returns that revision."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        raise DependencyUnavailable(
            f"cannot reach the store at {engine.url.render_as_string(hide_password=True)}: "
            "check SAZON_DATABASE_URL"
        ) from exc
    from alembic import command

    command.upgrade(_alembic_config(engine), "head")
    return current_revision(engine)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()
