"""Declared schemas of the marketing kinds: social posts, market texts and the content
calendar (the other kinds, and the table of all, are ``sazon.ingest.schemas``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from sazon.ingest import standardise as s
from sazon.ingest import vocab as v
from sazon.ingest.field_specs import field_spec as _f


class SocialPostRecord(BaseModel):
    external_id: str | None = Field(default=None, max_length=120)
    platform: str = "instagram"
    post_type: str | None = Field(default=None, max_length=24)
    category: str | None = Field(default=None, max_length=40)
    text: str | None = None
    posted_at: datetime
    paid: bool = False
    reach: int | None = Field(default=None, ge=0)
    impressions: int | None = Field(default=None, ge=0)
    likes: int | None = Field(default=None, ge=0)
    comments: int | None = Field(default=None, ge=0)
    shares: int | None = Field(default=None, ge=0)
    venue: str | None = None


SOCIAL_FIELDS = (
    _f("external_id", "post_id", "id_post", "id"),
    _f("platform", "plataforma", "red", "red_social", "network", parse=v.platform),
    _f("post_type", "tipo", "type", "formato", "format"),
    _f("category", "categoria", "categoría"),
    _f("text", "texto", "caption", "copy", "mensaje"),
    _f("posted_at", "fecha", "date", "publicado", "published_at", parse=s.parse_datetime),
    _f("paid", "pagado", "pauta", "promocionado", "sponsored", parse=s.boolean),
    _f("reach", "alcance", parse=s.integer),
    _f("impressions", "impresiones", parse=s.integer),
    _f("likes", "me_gusta", "reacciones", "like", parse=s.integer),
    _f("comments", "comentarios", "comment", parse=s.integer),
    _f("shares", "compartidos", "share", parse=s.integer),
    _f("venue", "local", "restaurante", "sede"),
)


class MarketTextRecord(BaseModel):
    external_id: str | None = Field(default=None, max_length=120)
    source: str = "unknown"
    text: str = Field(min_length=1)
    language: str | None = None
    published_at: datetime
    product: str | None = Field(default=None, max_length=120)
    region: str | None = Field(default=None, max_length=80)
    rating: float | None = Field(default=None, ge=0, le=5)
    author_segment: str | None = Field(default=None, max_length=60)


MARKET_FIELDS = (
    _f("external_id", "text_id", "id_texto", "post_id", "review_id", "id"),
    _f("source", "fuente", "canal", "channel", "platform", parse=v.channel),
    _f("text", "texto", "contenido", "content", "review", "resena", "reseña", "comentario"),
    _f("language", "idioma", "lang", parse=s.language),
    _f("published_at", "fecha", "date", "timestamp", "created_at", parse=s.parse_datetime),
    _f("product", "producto", "marca", "brand"),
    _f("region", "región", "ciudad", "city"),
    _f("rating", "calificacion", "calificación", "estrellas", "stars", parse=s.number),
    _f("author_segment", "segmento", "segment"),
)

CALENDAR_STATUSES = ("draft", "approved", "scheduled")


class CalendarPostRecord(BaseModel):
    """A planned post of the content calendar (``social-calendar``)."""

    external_id: str | None = Field(default=None, max_length=120)
    channel: str
    planned_at: datetime
    text: str = Field(min_length=1, max_length=5000)
    media_url: str | None = Field(default=None, max_length=500)
    status: str = "draft"
    approved_by: str | None = Field(default=None, max_length=120)
    venue: str | None = None

    @model_validator(mode="after")
    def _publishable(self) -> CalendarPostRecord:
        if self.status not in CALENDAR_STATUSES:
            raise ValueError(
                f"status '{self.status}' is not one of {', '.join(CALENDAR_STATUSES)} "
                "(published and failed are set by publishing, not by a file)"
            )
        if self.status != "draft" and not self.approved_by:
            raise ValueError(f"a {self.status} post needs approved_by (who approved it)")
        if self.media_url and not self.media_url.startswith("https://"):
            raise ValueError("media_url must be a public https:// address")
        if self.channel == "instagram" and self.status == "scheduled" and not self.media_url:
            raise ValueError("Instagram publishes an image or video: give its media_url")
        return self


CALENDAR_FIELDS = (
    _f("external_id", "post_id", "id", "id_post"),
    _f("channel", "canal", "red", "platform", "plataforma", parse=v.platform),
    _f("planned_at", "fecha", "programado", "scheduled_at", "publish_at", "date",
       parse=s.parse_datetime),
    _f("text", "texto", "caption", "copy", "mensaje"),
    _f("media_url", "media", "imagen", "image_url", "video_url"),
    _f("status", "estado", parse=v.calendar_status),
    _f("approved_by", "aprobado_por", "aprobó", "approver"),
    _f("venue", "local", "restaurante", "sede"),
)  # fmt: skip
