"""Access control: API keys, roles, the audit log, guest export and erase (Ley 29733)."""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.access.audit import (
        audit,
        audit_read,
        audit_reads_again,
        prune_audit,
        reads_of,
        reads_shown,
    )
    from sazon.access.audit_writer import flush_audit
    from sazon.access.guest_export import ExportFile, guest_list_file
    from sazon.access.keys import (
        Principal,
        create_key,
        digest,
        list_keys,
        revoke_key,
        verify_key,
    )
    from sazon.access.privacy import (
        clear_freed_space,
        delete_guest,
        erase_and_clear,
        erase_guest,
        export_guest,
    )
    from sazon.access.roles import (
        ADMINS,
        ALL,
        CATALOG_EDITORS,
        EDITORS,
        EVENT_GUEST_READERS,
        HEALTH_READERS,
        KNOWLEDGE_EDITORS,
        PAIRERS,
        PLANNERS,
        ROLES,
        TREND_READERS,
        Role,
        can_read_health,
    )
    from sazon.access.secret import signing_secret
    from sazon.access.sessions import end_session, open_session, session_principal

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ADMINS",
    "ALL",
    "CATALOG_EDITORS",
    "EDITORS",
    "EVENT_GUEST_READERS",
    "HEALTH_READERS",
    "KNOWLEDGE_EDITORS",
    "PAIRERS",
    "PLANNERS",
    "ROLES",
    "TREND_READERS",
    "ExportFile",
    "Principal",
    "Role",
    "audit",
    "audit_read",
    "audit_reads_again",
    "can_read_health",
    "clear_freed_space",
    "create_key",
    "delete_guest",
    "digest",
    "end_session",
    "erase_and_clear",
    "erase_guest",
    "export_guest",
    "flush_audit",
    "guest_list_file",
    "list_keys",
    "open_session",
    "prune_audit",
    "reads_of",
    "reads_shown",
    "revoke_key",
    "session_principal",
    "signing_secret",
    "verify_key",
]
