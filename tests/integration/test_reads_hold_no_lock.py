"""What a read writes (issue #14, hot reads) — the key's ``last_used_at``, at most once a
minute, and the audit entry of the guests it showed — is written as the request commits, so
a read never holds the store's write lock while it works. The API commits in a thread-pool
hop after the handler's: a lock taken in the handler and held until a thread was free to
commit starved the pool under load (every thread waiting for the lock, its holder for a
thread)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sazon.access import Principal, audit_read, create_key, flush_audit, reads_of, verify_key
from sazon.access import keys as key_module
from sazon.store import ApiKey, AuditEntry, Guest
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


def _failed_read(factory: sessionmaker[Session], reader: Principal, ids: list[int]) -> None:
    with factory() as s, s.begin():
        audit_read(s, reader, "guest.list", ids, "health data read", "rid-failed")
        raise RuntimeError("the handler failed: nothing was shown")


def test_audit__an_entry_is_written_as_the_read_commits_and_not_if_it_rolls_back(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as s:
        s.add_all([Guest(first_name="Ana", last_name="Quispe"), Guest(first_name="Luis")])
    with factory() as s:
        ids = list(s.scalars(select(Guest.id).order_by(Guest.id)))
    reader = Principal(_new_key(factory)[1], "recepción", "staff")
    other = _impatient(engine)
    try:
        with factory() as s, s.begin():
            audit_read(s, reader, "guest.list", ids, "health data read", "rid-ok")
            s.scalars(select(Guest.id)).all()  # the request goes on (an ORM query autoflushes)
            with other.begin() as conn:  # another writer must not wait for this read
                conn.execute(update(Guest).where(Guest.id == ids[0]).values(notes="x"))
    except OperationalError as exc:  # the old entry was flushed at the next query: locked
        pytest.fail(f"the audit entry held a lock during the request: {exc}")
    finally:
        other.dispose()
    with pytest.raises(RuntimeError):
        _failed_read(factory, reader, ids)
    flush_audit()
    with factory() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.request_id.is_not(None))).all()
        assert [e.request_id for e in entries] == ["rid-ok"]
        assert entries[0].guest_ids == ids and entries[0].actor == "recepción (staff)"
        assert [e.request_id for e in reads_of(s, ids[1])] == ["rid-ok"]
