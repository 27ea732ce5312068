"""The signing secret of web sessions and RSVP links: one per data folder, never in the code."""

from __future__ import annotations

import secrets

from sazon.config import Settings


def signing_secret(settings: Settings) -> str:
    """The secret in ``$SAZON_HOME/web-secret``, generated (owner-only) the first time it is read.

    The server signs cookies and RSVP links with it and the CLI signs the links it sends, so
    both must read the same file.
    """
    path = settings.ensure_home() / "web-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
