"""The event planner's refusals in the reader's words.

The tools raise :class:`sazon.errors.SazonError` with a stable code and an English message
(what the API returns); the ones a planner meets on the web also carry ``words``,
the key of their wording here, with the values it names. Form fields checked by pydantic are
worded from the field and the kind of mistake.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from sazon.errors import SazonError

WORDS: dict[str, dict[str, str]] = {
    "everr_capacity": {
        "es": "el aforo del evento es de {capacity} personas y quedarían {invited} invitados "
        "que no han dicho que no: quita a alguien o sube el aforo",
        "en": "the event holds {capacity} guests and {invited} who have not declined would be "
        "invited: remove someone or raise the capacity",
    },
    "everr_past": {
        "es": "la fecha {when} ya pasó: elige una fecha futura para el evento",
        "en": "{when} is in the past: choose a future date for the event",
    },
    "everr_courses": {
        "es": "no conocemos el tiempo «{bad}»: usa {use}",
        "en": "unknown course «{bad}»: use {use}",
    },
    "everr_no_venue": {
        "es": "ese local no existe: elige uno de la lista o déjalo vacío",
        "en": "that venue does not exist: choose one from the list or leave it empty",
    },
    "everr_no_guest": {
        "es": "uno de los invitados ya no está en la base de clientes",
        "en": "one of the guests is no longer in the guest list",
    },
    "everr_no_dishes": {
        "es": "no hay platos para estos tiempos: carga la carta del local (Cargar datos → "
        "Platos) o cambia los tiempos del evento",
        "en": "no dishes for these courses: load the venue's menu (Load data → Dishes) or "
        "change the event's courses",
    },
    "everr_planned_meanwhile": {
        "es": "alguien más planificó este evento mientras tanto: vuelve a planificar",
        "en": "someone else planned this event meanwhile: plan it again",
    },
    "everr_link_started": {
        "es": "el evento ya empezó: ya no se pueden enviar enlaces de RSVP",
        "en": "the event has already started: RSVP links can no longer be sent",
    },
    "everr_link_closed_event": {
        "es": "el evento está {status}: sus enlaces de RSVP ya no funcionan",
        "en": "the event is {status}: its RSVP links no longer work",
    },
    "everr_link_closed_invitation": {
        "es": "esta invitación se canceló: sus enlaces de RSVP ya no funcionan",
        "en": "this invitation was cancelled: its RSVP links no longer work",
    },
    "everr_lock_not_invited": {
        "es": "{guest} no está invitado a este evento",
        "en": "{guest} is not invited to this event",
    },
    "everr_lock_unsafe": {
        "es": "{dish} no es apto para {guest}: {why}",
        "en": "{dish} is not safe for {guest}: {why}",
    },
    "everr_lock_course": {
        "es": "ese plato no es de este tiempo: elige uno de la lista del tiempo",
        "en": "that dish is not of this course: choose one from the course's list",
    },
    "everr_bad_value": {"es": "dato inválido", "en": "invalid value"},
    "everr_no_date": {
        "es": "escribe la fecha y la hora del evento",
        "en": "write the event's date and time",
    },
    "everr_field": {"es": "{field}: {problem}", "en": "{field}: {problem}"},
    "everr_missing": {"es": "falta completarlo", "en": "it is missing"},
    "everr_too_short": {"es": "no puede quedar vacío", "en": "it cannot be empty"},
    "everr_too_long": {"es": "es demasiado largo", "en": "it is too long"},
    "everr_at_least": {"es": "debe ser al menos {limit}", "en": "must be at least {limit}"},
    "everr_at_most": {"es": "debe ser como máximo {limit}", "en": "must be at most {limit}"},
    "everr_whole": {"es": "debe ser un número entero", "en": "must be a whole number"},
    "everr_years": {
        "es": "el evento debe ser entre {low} y {high}, no en {year}",
        "en": "the event must start between {low} and {high}, not in {year}",
    },
    "everr_budget_cent": {
        "es": "el presupuesto por persona debe ser de al menos S/ 0.01",
        "en": "a budget per guest must be at least S/ 0.01",
    },
}

# Form fields by their model name, as the form labels them.
_FIELDS = {
    "name": "ev_name",
    "event_type": "ev_type",
    "starts_at": "ev_when",
    "venue_id": "ev_venue",
    "capacity": "ev_capacity",
    "budget_per_guest_pen": "ev_budget",
    "courses": "ev_courses",
    "notes": "notes",
    "max_dishes_per_course": "ev_max_dishes",
    "drinks_budget_per_guest_pen": "ev_drinks_budget",
    "wine_mode": "ev_wine_mode",
}
_KINDS = {
    "missing": "everr_missing",
    "string_too_short": "everr_too_short",
    "too_short": "everr_too_short",
    "string_too_long": "everr_too_long",
    "too_long": "everr_too_long",
    "greater_than_equal": "everr_at_least",
    "greater_than": "everr_at_least",
    "less_than_equal": "everr_at_most",
    "less_than": "everr_at_most",
    "int_parsing": "everr_whole",
    "int_from_float": "everr_whole",
}
_YEARS = re.compile(r"between (?P<low>\d+) and (?P<high>\d+), not in (?P<year>-?\d+)")


def error_text(exc: Exception, t: dict[str, str]) -> str:
    """What went wrong, in the page's words (a tool's message as written if it has none)."""
    if isinstance(exc, ValidationError):
        return _validation_text(exc, t)
    if isinstance(exc, SazonError):
        key = f"everr_{exc.words.get('key', '')}"
        if key in t:
            return t[key].format(**exc.words)
        return exc.message
    if isinstance(exc, ValueError) and "isoformat" in str(exc):
        return t["everr_no_date"]
    return t["everr_bad_value"]


def _validation_text(exc: ValidationError, t: dict[str, str]) -> str:
    first = exc.errors()[0]
    loc = [str(x) for x in first["loc"]]
    name = next((x for x in loc if x in _FIELDS), loc[0] if loc else "")
    field = t.get(_FIELDS.get(name, ""), name)
    ctx: dict[str, Any] = dict(first.get("ctx") or {})
    message = str(first.get("msg", "")).removeprefix("Value error, ")
    if m := _YEARS.search(message):
        problem = t["everr_years"].format(**m.groupdict())
    elif "S/ 0.01" in message:
        problem = t["everr_budget_cent"]
    elif first["type"] in _KINDS:
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt", ""))))
        problem = t[_KINDS[first["type"]]].format(limit=limit)
    elif name == "starts_at":
        problem = t["everr_no_date"]
    else:
        problem = message
    return t["everr_field"].format(field=field, problem=problem)
