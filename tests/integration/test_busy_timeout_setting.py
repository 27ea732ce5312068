"""How long a writer waits for another's lock is a setting (``SAZON_DATABASE_BUSY_TIMEOUT_S``)
that reaches the store's connections on both backends: SQLite's busy timeout, PostgreSQL's
``lock_timeout``."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from sazon.config import load_settings
from sazon.store import make_engine

pytestmark = pytest.mark.integration


def test_busy_timeout__the_setting_is_what_each_connection_waits(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAZON_DATABASE_BUSY_TIMEOUT_S", "2.5")
    settings = load_settings()
    assert settings.database_busy_timeout_s == 2.5
    engine = make_engine(store_url, settings.database_busy_timeout_s)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 2500
            else:
                assert conn.execute(text("SHOW lock_timeout")).scalar() == "2500ms"
    finally:
        engine.dispose()


def test_busy_timeout__a_nonsense_value_is_refused_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAZON_DATABASE_BUSY_TIMEOUT_S", "0")
    with pytest.raises(ValueError, match="database_busy_timeout_s"):
        load_settings()
