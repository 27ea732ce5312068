"""The key check on every API request (issue #14, hot reads): one look-up, and the key's
``last_used_at`` written at most once a minute and only as the request commits, so a read
never holds the store's write lock while it works."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sazon.access import create_key, verify_key
from sazon.access import keys as key_module
from sazon.store import ApiKey
from sazon.timeutil import utcnow

pytestmark = pytest.mark.integration


def _impatient(engine: Engine) -> Engine:
    """Another client of the same store that gives up on a lock at once."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "sqlite":
        return create_engine(url, connect_args={"timeout": 0})
    return create_engine(url, connect_args={"options": "-c lock_timeout=200ms"})


def _new_key(factory: sessionmaker[Session]) -> tuple[str, int]:
    with factory.begin() as s:
        key, row = create_key(s, "admin")
        return key, row.id


def test_key_check__the_request_holds_no_lock_until_it_commits(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    key, key_id = _new_key(factory)
    other = _impatient(engine)
    try:
        with factory() as s, s.begin():
            principal = verify_key(s, key)
            assert principal is not None and principal.key_id == key_id
            s.scalars(select(ApiKey.id)).all()  # the request's work (an ORM query autoflushes)
            # Meanwhile another writer changes the same key: it must not wait for this read.
            with other.begin() as conn:
                conn.execute(update(ApiKey).where(ApiKey.id == key_id).values(name="renamed"))
        with factory() as s:
            row = s.get(ApiKey, key_id)
            assert row is not None and row.name == "renamed"
            assert row.last_used_at is not None  # written as the request committed
    except OperationalError as exc:  # the old check wrote at its first query: locked
        pytest.fail(f"the key check held a lock during the request: {exc}")
    finally:
        other.dispose()


def test_key_check__last_used_is_written_at_most_once_a_minute(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    key, key_id = _new_key(factory)
    with factory.begin() as s:
        assert verify_key(s, key) is not None
    with factory() as s:
        first = s.get(ApiKey, key_id)
        assert first is not None and first.last_used_at is not None
        noted = first.last_used_at
    with factory.begin() as s:
        assert verify_key(s, key) is not None  # seconds later: not written again
    with factory() as s:
        again = s.get(ApiKey, key_id)
        assert again is not None and again.last_used_at == noted
    # A minute on (for the store and for this process), the next use is noted.
    monkeypatch.setattr(key_module, "_noted", {})
    with factory.begin() as s:
        s.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=None))
    with factory.begin() as s:
        assert verify_key(s, key) is not None
    with factory() as s:
        later = s.get(ApiKey, key_id)
        assert later is not None and later.last_used_at is not None
        assert later.last_used_at >= noted and later.last_used_at <= utcnow()


def test_key_check__a_revoked_key_is_refused_on_its_next_request(
    factory: sessionmaker[Session],
) -> None:
    key, key_id = _new_key(factory)
    with factory.begin() as s:
        assert verify_key(s, key) is not None
    with factory.begin() as s:  # another process revoking it (sazon users revoke) is the same
        s.execute(update(ApiKey).where(ApiKey.id == key_id).values(revoked_at=utcnow()))
    with factory.begin() as s:
        assert verify_key(s, key) is None
        assert verify_key(s, key + "x") is None and verify_key(s, "not-a-key") is None
