"""Which statements bump the store's data version (sazon.store.version)."""

from __future__ import annotations

import pytest

from sazon.store.version import is_data_write


@pytest.mark.parametrize(
    ("statement", "counts"),
    [
        ("INSERT INTO guests (first_name) VALUES (?)", True),
        ("UPDATE guests SET first_name=? WHERE guests.id = ?", True),
        ("DELETE FROM wines WHERE wines.id = %(id_1)s", True),
        ("UPDATE api_keys SET revoked_at=? WHERE api_keys.id = ?", True),
        ("UPDATE api_keys SET last_used_at=?, revoked_at=? WHERE api_keys.id = ?", True),
        ("WITH gone AS (DELETE FROM guests RETURNING id) SELECT count(*) FROM gone", True),
        ("DROP TABLE guests", True),
        ("INSERT INTO business_notes (x) VALUES (1)", True),  # not a bus_ table
        ("SELECT * FROM guests", False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ("INSERT INTO audit_log (at, actor, action) VALUES (?, ?, ?)", False),
        ("INSERT INTO audit_log_guests (audit_id, guest_id) VALUES (?, ?)", False),
        ("DELETE FROM audit_log_guests WHERE audit_log_guests.audit_id IN (SELECT 1)", False),
        ("INSERT INTO bus_messages (topic) VALUES (%(topic)s)", False),
        ("UPDATE api_keys SET last_used_at=%(last_used_at)s WHERE api_keys.id = %(id_1)s", False),
    ],
)
def test_is_data_write__audit_bus_and_last_use_do_not_count(statement: str, counts: bool) -> None:
    assert is_data_write(statement) is counts
