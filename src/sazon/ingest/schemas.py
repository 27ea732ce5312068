"""Declared schemas of every ingest kind: the columns people write, and the record we keep.

Each kind lists its fields with the column names we accept for them (Spanish and English,
folded: case, accents and separators do not matter) and the standardiser that reads them.
The pydantic record then checks ranges and required values. The marketing kinds are
declared in ``sazon.ingest.marketing_schemas``; ``KIND_FIELDS`` lists every kind.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import partial

from pydantic import BaseModel, Field, model_validator

from sazon.ingest import standardise as s
from sazon.ingest import vocab as v
from sazon.ingest.field_specs import FieldSpec
from sazon.ingest.field_specs import field_spec as _f
from sazon.ingest.marketing_schemas import (
    CALENDAR_FIELDS,
    MARKET_FIELDS,
    SOCIAL_FIELDS,
    CalendarPostRecord,
    MarketTextRecord,
    SocialPostRecord,
)
from sazon.knowledge import structure_value


class GuestRecord(BaseModel):
    external_id: str | None = Field(default=None, max_length=120)
    first_name: str | None = Field(default=None, max_length=120)
    last_name: str | None = Field(default=None, max_length=160)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    language: str = "es"
    birth_date: date | None = None
    country: str | None = Field(default=None, max_length=2)
    allergies_text: str | None = None
    diet_text: str | None = None
    favourite_cuisines: list[str] = Field(default_factory=list)  # no copy of a default
    preferred_event_types: list[str] = Field(default_factory=list)
    budget_tier: str | None = Field(default=None, max_length=16)
    notes: str | None = None
    consent_marketing: bool = False
    consent_personalisation: bool = False
    vip: bool = False

    @model_validator(mode="after")
    def _has_identity(self) -> GuestRecord:
        if not (self.email or self.phone or (self.first_name and self.last_name)):
            raise ValueError("no identity: give an email, a phone, or a first and last name")
        return self


def _full_name(value: str) -> str:
    return s.person_name(value)


GUEST_FIELDS = (
    _f("external_id", "guest_id", "id", "id_cliente", "codigo", "código", "customer_id"),
    _f("first_name", "nombre", "nombres", "first", "given_name", "name", parse=s.person_name),
    _f("last_name", "apellido", "apellidos", "last", "surname", "family_name", parse=s.person_name),
    _f(
        "full_name", "nombre_completo", "nombre_y_apellido", "cliente", "invitado", parse=_full_name
    ),
    _f("email", "correo", "correo_electronico", "e_mail", "mail", parse=s.email),
    _f(
        "phone",
        "telefono",
        "teléfono",
        "celular",
        "movil",
        "móvil",
        "whatsapp",
        "tel",
        "mobile",
        parse=s.phone,
    ),
    _f("language", "idioma", "lang", "lengua", parse=s.language),
    _f(
        "birth_date",
        "fecha_nacimiento",
        "fecha_de_nacimiento",
        "nacimiento",
        "cumpleanos",
        "cumpleaños",
        "birthday",
        "dob",
        parse=s.birth_date,
    ),
    _f("country", "pais", "país", "nacionalidad", "nationality", parse=v.country),
    _f(
        "allergies_text",
        "allergies",
        "alergias",
        "alergia",
        "allergy",
        "intolerancias",
        "intolerancia",
        "alergias_alimentarias",
        "alergias_e_intolerancias",
        "food_allergies",
        "intolerances",
        joined=True,
    ),
    _f(
        "diet_text",
        "diet",
        "dietary",
        "dieta",
        "restricciones",
        "restriccion",
        "restricciones_alimentarias",
        "restriccion_alimentaria",
        "restricciones_dieteticas",
        "dietary_restrictions",
        "dietary_requirements",
        "dietary_needs",
        "restrictions",
        joined=True,
    ),
    _f(
        "favourite_cuisines",
        "favorite_cuisines",
        "cocinas_favoritas",
        "cocina_favorita",
        "cuisines",
        parse=s.text_list,
    ),
    _f(
        "preferred_event_types",
        "event_types",
        "tipos_de_evento",
        "eventos_preferidos",
        parse=s.text_list,
    ),
    _f("budget_tier", "budget", "presupuesto", "nivel_de_gasto", parse=v.budget),
    _f(
        "notes",
        "notas",
        "nota",
        "observaciones",
        "observacion",
        "comentarios",
        "comentario",
        "notas_medicas",
        "observaciones_medicas",
        "notas_internas",
        "note",
        "comments",
        "medical_notes",
        "health_notes",
        joined=True,
    ),
    _f(
        "consent_marketing",
        "marketing",
        "acepta_marketing",
        "consentimiento_marketing",
        "opt_in",
        parse=s.boolean,
    ),
    _f(
        "consent_personalisation",
        "consent_personalization",
        "personalizacion",
        "personalización",
        "acepta_personalizacion",
        parse=s.boolean,
    ),
    _f("vip", "es_vip", parse=s.boolean),
)


class VisitRecord(BaseModel):
    external_id: str | None = Field(default=None, max_length=120)
    guest_ref: str | None = None
    guest_email: str | None = None
    guest_phone: str | None = None
    venue: str | None = None
    visited_at: datetime
    party_size: int = Field(default=1, ge=1, le=200)
    total_pen: Decimal | None = Field(default=None, ge=0, le=100000)
    items: str | None = None
    occasion: str | None = Field(default=None, max_length=60)


VISIT_FIELDS = (
    _f("external_id", "visit_id", "id_visita", "ticket", "boleta", "id"),
    _f("guest_ref", "guest_id", "id_cliente", "cliente_id"),
    _f("guest_email", "email", "correo", parse=s.email),
    _f("guest_phone", "phone", "telefono", "teléfono", "celular", parse=s.phone),
    _f("venue", "local", "restaurante", "sede", "venue_code"),
    _f(
        "visited_at",
        "fecha",
        "date",
        "fecha_visita",
        "visit_date",
        "datetime",
        parse=s.parse_datetime,
    ),
    _f("party_size", "personas", "pax", "comensales", "covers", "guests", parse=s.integer),
    _f("total_pen", "total", "monto", "importe", "amount", "total_soles", parse=s.money_pen),
    _f("items", "platos", "pedido", "order", "order_items", "consumo"),
    _f("occasion", "ocasion", "ocasión", "motivo"),
)


class FeedbackRecord(BaseModel):
    external_id: str | None = Field(default=None, max_length=120)
    guest_ref: str | None = None
    guest_email: str | None = None
    visit_ref: str | None = None
    venue: str | None = None
    rating: int | None = Field(default=None, ge=1, le=5)
    text: str | None = None
    channel: str | None = Field(default=None, max_length=40)
    language: str | None = None
    submitted_at: datetime

    @model_validator(mode="after")
    def _has_content(self) -> FeedbackRecord:
        if self.rating is None and not self.text:
            raise ValueError("empty feedback: give a rating (1–5) or a text")
        return self


FEEDBACK_FIELDS = (
    _f("external_id", "feedback_id", "review_id", "id_resena", "id"),
    _f("guest_ref", "guest_id", "id_cliente"),
    _f("guest_email", "email", "correo", parse=s.email),
    _f("visit_ref", "visit_id", "id_visita", "ticket"),
    _f("venue", "local", "restaurante", "sede"),
    _f(
        "rating",
        "calificacion",
        "calificación",
        "puntaje",
        "estrellas",
        "stars",
        "score",
        "nota",
        parse=s.integer,
    ),
    _f("text", "comentario", "comment", "review", "resena", "reseña", "texto", "opinion"),
    _f("channel", "canal", "source", "fuente", "plataforma", parse=v.channel),
    _f("language", "idioma", "lang", parse=s.language),
    _f("submitted_at", "fecha", "date", "created_at", "timestamp", parse=s.parse_datetime),
)


class DishRecord(BaseModel):
    external_id: str | None = Field(default=None, max_length=120)
    name: str = Field(max_length=200)
    name_en: str | None = Field(default=None, max_length=200)
    course: str
    cuisine: str | None = Field(default=None, max_length=40)
    price_pen: Decimal | None = Field(default=None, ge=0, le=5000)
    ingredients: list[str] = []
    description: str | None = None
    venue: str | None = None


def _ingredients(value: str) -> list[str]:
    return [p.strip() for p in s.clean_text(value).replace("|", ";").split(";") if p.strip()]


DISH_FIELDS = (
    _f("external_id", "dish_id", "id_plato", "codigo", "code", "id"),
    _f("name", "nombre", "plato", "dish", "name_es", "nombre_es"),
    _f("name_en", "nombre_en", "english_name", "nombre_ingles"),
    _f("course", "tiempo", "curso", "categoria", "categoría", "category", parse=v.course),
    _f("cuisine", "cocina", "estilo", "style"),
    _f("price_pen", "precio", "price", "precio_pen", "precio_soles", parse=s.money_pen),
    _f("ingredients", "ingredientes", parse=_ingredients),
    _f("description", "descripcion", "descripción", "detalle"),
    _f("venue", "local", "restaurante", "sede"),
)


class WineRecord(BaseModel):
    external_id: str | None = Field(default=None, max_length=120)
    name: str = Field(max_length=200)
    producer: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=80)
    region: str | None = Field(default=None, max_length=120)
    grapes: list[str] = []
    color: str | None = None
    style: str | None = None
    aromas: list[str] = []
    sweetness: float | None = Field(default=None, ge=0, le=5)
    body: float | None = Field(default=None, ge=1, le=5)
    acidity: float | None = Field(default=None, ge=1, le=5)
    tannin: float | None = Field(default=None, ge=0, le=5)
    oak: float | None = Field(default=None, ge=0, le=5)
    alcohol: float | None = Field(default=None, ge=0, le=80)
    price_pen: Decimal | None = Field(default=None, ge=0, le=100000)
    by_the_glass: bool = False
    venue: str | None = None


WINE_FIELDS = (
    _f("external_id", "wine_id", "id_vino", "codigo", "code", "id"),
    _f("name", "nombre", "vino", "wine", "etiqueta"),
    _f("producer", "productor", "bodega", "winery"),
    _f("country", "pais", "país"),
    _f("region", "región", "valle", "zona"),
    _f("grapes", "uvas", "uva", "cepa", "cepas", "variety", "grape", parse=_ingredients),
    _f("color", "colour", "tipo", "type", parse=v.color),
    _f("style", "estilo", parse=v.style),
    _f("aromas", "aroma", "notas_de_cata", "tasting_notes", parse=s.text_list),
    _f("sweetness", "dulzor", parse=partial(structure_value, "sweetness")),
    _f("body", "cuerpo", parse=partial(structure_value, "body")),
    _f("acidity", "acidez", parse=partial(structure_value, "acidity")),
    _f("tannin", "tanino", "taninos", parse=partial(structure_value, "tannin")),
    _f("oak", "roble", "barrica", parse=partial(structure_value, "oak")),
    _f("alcohol", "abv", "grado", "grados", parse=s.number),
    _f("price_pen", "precio", "price", "precio_botella", parse=s.money_pen),
    _f("by_the_glass", "por_copa", "copa", "glass", parse=s.boolean),
    _f("venue", "local", "restaurante", "sede"),
)


KIND_FIELDS: dict[str, tuple[tuple[FieldSpec, ...], type[BaseModel]]] = {
    "guests": (GUEST_FIELDS, GuestRecord),
    "visits": (VISIT_FIELDS, VisitRecord),
    "feedback": (FEEDBACK_FIELDS, FeedbackRecord),
    "dishes": (DISH_FIELDS, DishRecord),
    "wines": (WINE_FIELDS, WineRecord),
    "social-posts": (SOCIAL_FIELDS, SocialPostRecord),
    "market-texts": (MARKET_FIELDS, MarketTextRecord),
    "social-calendar": (CALENDAR_FIELDS, CalendarPostRecord),
}

KINDS = tuple(KIND_FIELDS)
