"""Access control: API keys, roles, the audit log, guest export and erase (Ley 29733)."""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.access.keys import Principal, create_key, list_keys, revoke_key, verify_key
    from sazon.access.privacy import audit, erase_guest, export_guest
    from sazon.access.roles import (
        ALL,
        CATALOG_EDITORS,
        EDITORS,
        HEALTH_READERS,
        KNOWLEDGE_EDITORS,
        ROLES,
        Role,
        can_read_health,
    )
    from sazon.access.sessions import end_session, open_session, session_principal

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ALL",
    "CATALOG_EDITORS",
    "EDITORS",
    "HEALTH_READERS",
    "KNOWLEDGE_EDITORS",
    "ROLES",
    "Principal",
    "Role",
    "audit",
    "can_read_health",
    "create_key",
    "end_session",
    "erase_guest",
    "export_guest",
    "list_keys",
    "open_session",
    "revoke_key",
    "session_principal",
    "verify_key",
]
