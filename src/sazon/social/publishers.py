"""Where a scheduled post goes: the ``Publisher`` protocol and its two backends.

``FolderPublisher`` (default, offline) writes each post as a JSON file and, with a webhook,
POSTs the same JSON there. ``GraphPublisher`` speaks the small part of the Meta Graph API a
restaurant needs: a Facebook page's feed (``POST /{page-id}/feed``, or ``/photos`` with an
image) and an Instagram professional account (``POST /{ig-user-id}/media`` then
``/media_publish``; the image must be at a public https URL). Graph errors become a
:class:`PublishFailed` that says whether trying again can help and what a person must fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import httpx

from sazon.errors import InvalidInput

if TYPE_CHECKING:
    from sazon.config import Settings

# Graph error codes (developers.facebook.com/docs/graph-api/guides/error-handling).
_RATE_LIMITED = {4, 17, 32, 613, 80001}  # app, user or page limits: wait and try again
_TEMPORARY = {1, 2}  # "unknown" / "service temporarily unavailable"
_AUTH = {102, 190}  # the access token expired or was revoked
_PERMISSION = {10, 200, 299}
INSTAGRAM_DAILY_LIMIT = 50  # API-published posts per rolling 24 h per Instagram account


@dataclass(frozen=True)
class Outgoing:
    """What a publisher is given: the post and the key that must not publish it twice."""

    post_id: int
    channel: str
    text: str
    media_url: str | None
    idempotency_key: str


class PublishFailed(Exception):
    """A publish that did not happen; ``retryable`` says whether trying later can help."""

    def __init__(
        self, reason: str, *, retryable: bool, status: int | None = None, kind: str | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.status = status
        self.kind = kind or _kind(retryable, status)


def _kind(retryable: bool, status: int | None) -> str:
    """The metric's reason (``sazon.monitoring.PUBLISH_FAILURES``): what a person must do
    differs — wait (unreachable), renew a token (auth), fix the post or the settings
    (invalid: nothing was sent), or read the network's answer (rejected)."""
    if retryable:
        return "unreachable"
    if status in (401, 403):
        return "auth"
    return "invalid" if status is None else "rejected"


@runtime_checkable
class Publisher(Protocol):
    name: str

    def publish(self, post: Outgoing) -> str:
        """Publish ``post``; return the id the network gave it or raise PublishFailed."""
        ...


class FolderPublisher:
    """Writes ``<folder>/<idempotency key>.json`` (a retry rewrites the same file) and POSTs
    it to ``webhook_url`` when one is set (Zapier, n8n, a Slack channel…)."""

    name = "folder"

    def __init__(self, folder: Path, *, webhook_url: str | None = None,
                 timeout_s: float = 20.0) -> None:  # fmt: skip
        self.folder = Path(folder)
        self.webhook_url = webhook_url
        self.timeout_s = timeout_s

    def publish(self, post: Outgoing) -> str:
        body = {"post_id": post.post_id, "channel": post.channel, "text": post.text,
                "media_url": post.media_url, "idempotency_key": post.idempotency_key}  # fmt: skip
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{post.idempotency_key}.json"
            path.write_text(json.dumps(body, ensure_ascii=False, indent=1), "utf-8")
        except OSError as exc:
            raise PublishFailed(f"cannot write to {self.folder}: {exc.strerror}",
                                retryable=True) from None  # fmt: skip
        if self.webhook_url:
            headers = {"Idempotency-Key": post.idempotency_key}
            try:
                r = httpx.post(self.webhook_url, json=body, headers=headers,
                               timeout=self.timeout_s)  # fmt: skip
            except httpx.HTTPError as exc:
                raise PublishFailed(f"webhook unreachable: {type(exc).__name__}",
                                    retryable=True) from None  # fmt: skip
            if r.status_code >= 400:
                raise PublishFailed(f"webhook answered {r.status_code}",
                                    retryable=r.status_code >= 500 or r.status_code == 429,
                                    status=r.status_code)  # fmt: skip
        return path.stem


class GraphPublisher:
    """Facebook pages and Instagram through the Graph API (``url`` ends in the version)."""

    name = "graph"

    def __init__(self, *, url: str, token: str, page_id: str | None = None,
                 ig_user_id: str | None = None, timeout_s: float = 20.0) -> None:  # fmt: skip
        self.url = url.rstrip("/")
        self.token = token
        self.page_id = page_id
        self.ig_user_id = ig_user_id
        self.timeout_s = timeout_s

    def publish(self, post: Outgoing) -> str:
        if post.channel == "facebook":
            if not self.page_id:
                raise PublishFailed("no Facebook page configured: set SAZON_SOCIAL__PAGE_ID",
                                    retryable=False)  # fmt: skip
            if post.media_url:
                data = {"url": post.media_url, "caption": post.text}
                return self._post(f"{self.page_id}/photos", data, post)["id"]
            return self._post(f"{self.page_id}/feed", {"message": post.text}, post)["id"]
        if post.channel == "instagram":
            if not self.ig_user_id:
                raise PublishFailed("no Instagram account configured: set "
                                    "SAZON_SOCIAL__IG_USER_ID", retryable=False)  # fmt: skip
            if not post.media_url:
                raise PublishFailed("Instagram needs an image or video at a public https URL",
                                    retryable=False)  # fmt: skip
            media = {"image_url": post.media_url, "caption": post.text}
            container = self._post(f"{self.ig_user_id}/media", media, post)["id"]
            done = self._post(f"{self.ig_user_id}/media_publish", {"creation_id": container},
                              post)  # fmt: skip
            return done["id"]
        raise PublishFailed(f"the Graph API does not publish to {post.channel!r}",
                            retryable=False)  # fmt: skip

    def _post(self, path: str, data: dict[str, str], post: Outgoing) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}",
                   "Idempotency-Key": post.idempotency_key}  # fmt: skip
        try:
            r = httpx.post(f"{self.url}/{path}", data=data, headers=headers,
                           timeout=self.timeout_s)  # fmt: skip
        except httpx.TimeoutException:
            raise PublishFailed("the Graph API did not answer in time", retryable=True) from None
        except httpx.HTTPError as exc:
            raise PublishFailed(f"the Graph API is unreachable: {type(exc).__name__}",
                                retryable=True) from None  # fmt: skip
        if r.status_code >= 400:
            raise graph_error(r.status_code, _json(r))
        body = _json(r)
        if not isinstance(body.get("id"), str):
            raise PublishFailed("the Graph API answered without an id", retryable=True,
                                status=r.status_code)  # fmt: skip
        return {"id": body["id"]}


def _json(r: httpx.Response) -> dict[str, Any]:
    try:
        body = r.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def graph_error(status: int, body: dict[str, Any]) -> PublishFailed:
    """A Graph API error answer as a failure a person can act on."""
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    assert isinstance(error, dict)
    code = error.get("code")
    message = str(error.get("message") or "")[:200]
    detail = f" (Graph {code}: {message})" if code is not None else f" ({message})"
    if code in _AUTH:
        reason = "el token de acceso venció o fue revocado / access token expired: renew it"
        return PublishFailed(reason + detail, retryable=False, status=status, kind="auth")
    if code in _PERMISSION:
        reason = "falta un permiso de la app / the app lacks a permission for this account"
        return PublishFailed(reason + detail, retryable=False, status=status, kind="auth")
    if code in _RATE_LIMITED or status == 429:
        return PublishFailed("límite de la API / rate limited" + detail, retryable=True,
                             status=status)  # fmt: skip
    if code in _TEMPORARY or status >= 500 or error.get("is_transient"):
        return PublishFailed("error temporal de Meta / temporary error" + detail,
                             retryable=True, status=status)  # fmt: skip
    return PublishFailed("Meta rechazó la publicación / rejected" + detail, retryable=False,
                         status=status)  # fmt: skip


def make_publisher(settings: Settings) -> Publisher:
    """The publisher ``SAZON_SOCIAL__PUBLISHER`` names (``folder`` unless told otherwise)."""
    cfg = settings.social
    kind = cfg.publisher.strip().lower()
    if kind == "folder":
        return FolderPublisher(settings.home / "published", webhook_url=cfg.webhook_url,
                               timeout_s=cfg.timeout_s)  # fmt: skip
    if kind == "graph":
        if not cfg.graph_token:
            raise InvalidInput(
                "the graph publisher needs SAZON_SOCIAL__GRAPH_TOKEN (a page access token) "
                "and SAZON_SOCIAL__PAGE_ID or __IG_USER_ID"
            )
        return GraphPublisher(url=cfg.graph_url, token=cfg.graph_token, page_id=cfg.page_id,
                              ig_user_id=cfg.ig_user_id, timeout_s=cfg.timeout_s)  # fmt: skip
    raise InvalidInput(f"unknown publisher {cfg.publisher!r}: use folder or graph")
