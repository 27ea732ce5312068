from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.store import make_engine, session_factory
from tests.services import postgres_cluster

_db_counter = itertools.count()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


def _fresh_pg_db(server_url: str) -> str:
    name = f"sazon_t{next(_db_counter)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite and on PostgreSQL (a fresh database each time)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _fresh_pg_db(request.getfixturevalue("pg_server"))


@pytest.fixture
def engine(store_url: str, kb: KnowledgeBase) -> Iterator[Engine]:
    eng = make_engine(store_url)
    initialise_store(eng, kb)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def cli_env(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The CLI pointed at a fresh store (SQLite and PostgreSQL) and a home of its own."""
    from sazon.cli.app import run

    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAZON_DATABASE_URL", store_url)
    assert run(["init"]) == 0
    return store_url


@pytest.fixture
def sqlite_factory(tmp_path: Path, kb: KnowledgeBase) -> Iterator[sessionmaker[Session]]:
    eng = make_engine(f"sqlite:///{tmp_path / 'fast.db'}")
    initialise_store(eng, kb)
    yield session_factory(eng)
    eng.dispose()
