"""One Settings object, built once by the entry point and passed down.

Nothing here reads the environment at import time: call :func:`load_settings`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_home() -> Path:
    return Path.home() / ".local" / "share" / "sazon"


class BusSettings(BaseModel):
    """The event bus: ``embedded://`` (a log in the store) or ``kafka://host:port``."""

    url: str = "embedded://"
    #: Events a worker takes per batch: one ledger look-up and one store transaction each.
    batch_size: int = Field(default=500, ge=1, le=10_000)
    #: Seconds a worker waits for a batch to fill once its first event arrived.
    max_batch_wait: float = Field(default=0.02, ge=0.0, le=10.0)


class TextSettings(BaseModel):
    """Text understanding: which embedder, and an optional local model directory."""

    embedder: str = "default"
    model_dir: Path | None = None


class GenerateSettings(BaseModel):
    """Text generation: the offline ``template`` backend or an OpenAI-compatible endpoint."""

    backend: str = "template"
    url: str | None = None
    model: str | None = None
    api_key: str | None = None
    timeout_s: float = 20.0
    max_retries: int = 2
    backoff_s: float = 0.5
    temperature: float = 0.4
    max_tokens: int = 900


class IngestSettings(BaseModel):
    """Limits that keep one bad file from hurting the store."""

    max_file_mb: int = 50
    max_text_chars: int = 2000
    fuzzy_name_threshold: int = 90
    # A cell longer than this puts its row in quarantine (the csv module's own cap, 131,072,
    # used to end the whole file); JSON nested deeper is refused before it is parsed; a
    # quoted CSV cell may run over at most this many lines before its quote counts as stray.
    max_cell_chars: int = Field(default=100_000, ge=1)
    max_json_depth: int = Field(default=64, ge=2)
    max_row_lines: int = Field(default=200, ge=1)


class PairingSettings(BaseModel):
    """Size limits of the dish and wine-list files pairing and the event planner read
    (``SAZON_PAIRING__MAX_ROWS``…); docs/api.md, "Límites / Limits", lists every limit."""

    max_file_mb: float = Field(default=5.0, gt=0)
    max_rows: int = Field(default=2000, ge=1)


class WebSettings(BaseModel):
    """Browser sessions: how long a login lasts (one shift) and whether the cookie is Secure.

    ``secret_file`` (``SAZON_WEB__SECRET_FILE``): the file holding the secret that signs
    cookies and RSVP links, shared by every api and worker replica (a mounted Kubernetes or
    compose secret). Unset, each data folder keeps its own (``$SAZON_HOME/web-secret``).
    """

    session_hours: float = Field(default=12.0, gt=0)
    secure_cookie: bool = False
    secret_file: Path | None = None


class AuditSettings(BaseModel):
    """The audit log of guests' data (Ley 29733): how many days an entry is kept (0: forever)."""

    retention_days: int = Field(default=365, ge=0, le=36500)


class SocialSettings(BaseModel):
    """Publishing (``SAZON_SOCIAL__*``): ``folder`` writes each post as a JSON file in
    ``<home>/published`` (and POSTs it to ``webhook_url`` when set); ``graph`` publishes with
    the Meta Graph API to a Facebook page and an Instagram professional account."""

    publisher: str = "folder"
    webhook_url: str | None = None
    graph_url: str = "https://graph.facebook.com/v21.0"
    graph_token: str | None = None
    page_id: str | None = None
    ig_user_id: str | None = None
    timeout_s: float = Field(default=20.0, gt=0)
    max_attempts: int = Field(default=5, ge=1, le=20)
    backoff_s: float = Field(default=60.0, ge=0)
    # Automatic retraining of the engagement model by ``sazon worker`` (``social-learn``):
    # off unless asked, as a fit holds the worker's store transaction for seconds.
    auto_retrain: bool = False
    retrain_after: int = Field(default=20, ge=1, description="new posts with metrics")


class TrendsSettings(BaseModel):
    """Where the trend alerts go beyond the ``trends.alerts`` topic: a webhook that gets each
    alert as JSON (``SAZON_TRENDS__WEBHOOK_URL``), tried ``webhook_attempts`` times."""

    webhook_url: str | None = None
    webhook_attempts: int = Field(default=4, ge=1, le=20)
    webhook_timeout: float = Field(default=10.0, gt=0)


class Settings(BaseSettings):
    """Every setting Sazón reads, from ``SAZON_*`` variables (nested with ``__``)."""

    model_config = SettingsConfigDict(
        env_prefix="SAZON_", env_nested_delimiter="__", extra="ignore"
    )

    home: Path = Field(default_factory=_default_home)
    database_url: str | None = None
    # Seconds a writer waits for another writer's lock before the store answers "busy" (503,
    # CLI exit 3); ingest batches hold the lock about a second each (docs/api.md).
    database_busy_timeout_s: float = Field(default=15.0, gt=0, le=600)
    timezone: str = "America/Lima"
    default_country: str = "PE"
    bus: BusSettings = BusSettings()
    text: TextSettings = TextSettings()
    generate: GenerateSettings = GenerateSettings()
    ingest: IngestSettings = IngestSettings()
    pairing: PairingSettings = PairingSettings()
    web: WebSettings = WebSettings()
    social: SocialSettings = SocialSettings()
    audit: AuditSettings = AuditSettings()
    trends: TrendsSettings = TrendsSettings()

    @property
    def db_url(self) -> str:
        """The store URL: the configured one, or a SQLite file inside ``home``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'sazon.db'}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
