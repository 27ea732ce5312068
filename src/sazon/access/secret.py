"""The signing secret of web sessions and RSVP links: one per deployment, never in the code."""

from __future__ import annotations

import secrets

from sazon.config import Settings
from sazon.errors import InvalidInput

#: Shorter than this is guessable, or a file cut short (an empty mount, a stray newline).
MIN_SECRET_CHARS = 32


def signing_secret(settings: Settings) -> str:
    """The secret that signs cookies and RSVP links.

    With ``SAZON_WEB__SECRET_FILE`` set it is that file's content, and the file must exist:
    replicas scaled out behind a load balancer must all read the same secret, so a missing
    mount is an error rather than a fresh secret of this process alone (its links would fail
    on every other replica). Otherwise it is ``$SAZON_HOME/web-secret``, generated
    (owner-only) the first time it is read; the server and the CLI of one data folder read it
    alike.
    """
    configured = settings.web.secret_file
    if configured is not None:
        try:
            secret = configured.read_text().strip()
        except OSError as exc:
            raise InvalidInput(
                f"no se puede leer SAZON_WEB__SECRET_FILE={configured}: {exc.strerror}; monta "
                "ahí el secreto compartido / cannot read the shared signing secret file: "
                "mount the secret there or unset SAZON_WEB__SECRET_FILE"
            ) from None
        if len(secret) < MIN_SECRET_CHARS:
            raise InvalidInput(
                f"SAZON_WEB__SECRET_FILE={configured} tiene {len(secret)} caracteres; se "
                f"necesitan al menos {MIN_SECRET_CHARS} (openssl rand -base64 48) / the signing "
                f"secret must be at least {MIN_SECRET_CHARS} characters long"
            )
        return secret
    path = settings.ensure_home() / "web-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
