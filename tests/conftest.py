from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.store import make_engine, session_factory
from tests.kafka_broker import TansuBroker, tansu_broker
from tests.servers import share_templates
from tests.services import fresh_pg_db, pg_admin, postgres_cluster


@pytest.fixture(scope="session", autouse=True)
def _shared_server_templates(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Test servers' store templates in the run's own temporary folder, which pytest-xdist
    workers share (each works in a subfolder of it), so a demo store is built once a run."""
    base = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # a worker: popen-gwN under the run's folder
        base = base.parent
    share_templates(base / "server-templates")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


# Migrating a store and loading the knowledge base costs about a second of CPU (more on
# PostgreSQL), and a few hundred tests start from such a store. Each worker builds it once
# and every test gets a copy of its own: the same schema and rows, without the migration.
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Path:
    """A SQLite store initialised once per session; copy the file, never write to it."""
    path = tmp_path_factory.mktemp("store-template") / "store.db"
    eng = make_engine(f"sqlite:///{path}")
    initialise_store(eng, kb)
    with eng.connect() as conn:  # everything in the main file, so a file copy is complete
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    eng.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: str, kb: KnowledgeBase) -> str:
    """The name of a PostgreSQL database initialised once per session, a CREATE DATABASE
    template: nobody connects to it afterwards (PostgreSQL requires that of a template)."""
    name = "sazon_template"
    pg_admin(pg_server, f"CREATE DATABASE {name}")
    eng = make_engine(pg_server.rsplit("/", 1)[0] + f"/{name}")
    initialise_store(eng, kb)
    eng.dispose()
    return name


def initialised_store(request: pytest.FixtureRequest, url: str, kb: KnowledgeBase) -> Engine:
    """An engine on ``url`` holding an initialised store: a copy of the session's template
    when the database is still empty, else ``initialise_store`` on what is there (a fixture
    such as ``cli_env`` may have initialised it first)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
            return make_engine(url)
    elif url.startswith("postgresql"):
        eng = make_engine(url)
        with eng.connect() as conn:
            empty = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None
        eng.dispose()
        if empty:
            server, name = url.rsplit("/", 1)
            template = request.getfixturevalue("pg_template")
            pg_admin(
                f"{server}/postgres",
                f"DROP DATABASE {name}",
                f"CREATE DATABASE {name} TEMPLATE {template}",
            )
            return make_engine(url)
    eng = make_engine(url)
    initialise_store(eng, kb)
    return eng


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite and on PostgreSQL (a fresh database each time)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return fresh_pg_db(request.getfixturevalue("pg_server"))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def module_store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """Like ``store_url`` but one fresh database per module and backend: for a server the
    module's tests share (each test then works on rows of its own)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('module-store') / 'store.db'}"
    return fresh_pg_db(request.getfixturevalue("pg_server"))


@pytest.fixture
def engine(store_url: str, kb: KnowledgeBase, request: pytest.FixtureRequest) -> Iterator[Engine]:
    eng = initialised_store(request, store_url, kb)
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
def sqlite_factory(
    tmp_path: Path, kb: KnowledgeBase, request: pytest.FixtureRequest
) -> Iterator[sessionmaker[Session]]:
    eng = initialised_store(request, f"sqlite:///{tmp_path / 'fast.db'}", kb)
    yield session_factory(eng)
    eng.dispose()


@pytest.fixture(scope="session")
def sentiment_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model registry holding the default sentiment model as the first process that needs
    it saves it (fitting it costs about 20 s of CPU). Copied into a home with
    :func:`tests.servers.seed_models`, a CLI run or a server there loads it, as every later
    process does, instead of fitting it again."""
    from sazon.ml import ModelRegistry
    from sazon.text.sentiment.service import default_model

    root = tmp_path_factory.mktemp("sentiment-models")
    default_model(ModelRegistry(root))
    return root


@pytest.fixture(scope="session")
def tansu() -> Iterator[TansuBroker]:
    """One Kafka-protocol broker (Tansu) for the whole session; tests name their own topics
    and groups. Memory only: nothing is left behind."""
    with tansu_broker() as broker:
        yield broker
