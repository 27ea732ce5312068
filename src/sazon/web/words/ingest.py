"""Words of the data pages: kinds of file, roles, chart labels, and the quarantine's reasons.

The ingest tool writes its reasons once, in English, with the field's code (they are stored
with the row and the API returns them as they are). A Spanish page reads them here: each
known message form has its Spanish wording; one not listed yet is shown as written.
"""

from __future__ import annotations

import re

WORDS: dict[str, dict[str, str]] = {
    "kind_guests": {"es": "Invitados (clientes)", "en": "Guests"},
    "kind_visits": {"es": "Visitas y consumos", "en": "Visits"},
    "kind_feedback": {"es": "Opiniones", "en": "Feedback"},
    "kind_dishes": {"es": "Platos (carta)", "en": "Dishes"},
    "kind_wines": {"es": "Vinos (carta de vinos)", "en": "Wines"},
    "kind_social-posts": {"es": "Publicaciones en redes", "en": "Social posts"},
    "kind_market-texts": {"es": "Textos del mercado", "en": "Market texts"},
    "role_admin": {"es": "administración", "en": "admin"},
    "role_planner": {"es": "planificación de eventos", "en": "planner"},
    "role_coordinator": {"es": "coordinación", "en": "coordinator"},
    "role_sommelier": {"es": "sommelier", "en": "sommelier"},
    "role_staff": {"es": "salón y cocina", "en": "staff"},
    "role_marketing": {"es": "marketing", "en": "marketing"},
    "role_analyst": {"es": "análisis", "en": "analyst"},
    "chart_outcomes": {"es": "Filas por resultado", "en": "Rows by outcome"},
    "chart_completeness": {"es": "Campos completos (%)", "en": "Complete fields (%)"},
    "q_field__row": {"es": "fila", "en": "row"},
    "q_field_first_name": {"es": "nombre", "en": "first name"},
    "q_field_last_name": {"es": "apellidos", "en": "last name"},
    "q_field_full_name": {"es": "nombre completo", "en": "full name"},
    "q_field_email": {"es": "correo", "en": "email"},
    "q_field_phone": {"es": "teléfono", "en": "phone"},
    "q_field_birth_date": {"es": "fecha de nacimiento", "en": "birth date"},
    "q_field_language": {"es": "idioma", "en": "language"},
    "q_field_country": {"es": "país", "en": "country"},
    "q_field_rating": {"es": "calificación", "en": "rating"},
    "q_field_visited_at": {"es": "fecha de la visita", "en": "visit date"},
    "q_field_price_pen": {"es": "precio", "en": "price"},
    "q_field_party_size": {"es": "personas", "en": "party size"},
}

# Each message form the ingest tool writes, by code: its English (as stored, ``{v}`` standing
# for the value) and its Spanish. A stored reason is matched against the English forms.
REASONS: dict[str, dict[str, str]] = {
    "not_real_date": {"en": "'{v}' is not a real date (check day and month)",
                      "es": "«{v}» no es una fecha real (revisa el día y el mes)"},
    "not_date": {"en": "'{v}' is not a date: write dd/mm/yyyy or yyyy-mm-dd",
                 "es": "«{v}» no es una fecha: escríbela como dd/mm/aaaa o aaaa-mm-dd"},
    "phone_digits": {"en": "'{v}' has the wrong number of digits for a phone number",
                     "es": "«{v}» no tiene los dígitos de un teléfono (un celular tiene 9)"},
    "not_phone": {"en": "'{v}' is not a phone number", "es": "«{v}» no es un número de teléfono"},
    "not_email": {"en": "'{v}' is not an email address (expected name@domain.pe)",
                  "es": "«{v}» no es un correo (se espera nombre@dominio.pe)"},
    "no_identity": {"en": "no identity: give an email, a phone, or a first and last name",
                    "es": "no dice quién es: pon un correo, un teléfono, o nombre y apellido"},
    "empty_feedback": {"en": "empty feedback: give a rating (1–5) or a text",
                       "es": "opinión vacía: pon una calificación (1–5) o un texto"},
    "name_no_letters": {"en": "name has no letters", "es": "el nombre no tiene letras"},
    "not_time": {"en": "'{v}': cannot read the time (use HH:MM)",
                 "es": "«{v}»: no se entiende la hora (usa HH:MM)"},
    "born_future": {"en": "birth date {v} is in the future",
                    "es": "la fecha de nacimiento {v} está en el futuro"},
    "born_before_1900": {"en": "birth date {v} is before 1900",
                         "es": "la fecha de nacimiento {v} es anterior a 1900"},
    "not_yes_no": {"en": "'{v}' is not yes/no (use sí/no, yes/no, 1/0)",
                   "es": "«{v}» no es sí/no (usa sí/no, yes/no o 1/0)"},
    "not_whole": {"en": "'{v}' is not a whole number", "es": "«{v}» no es un número entero"},
    "not_number": {"en": "'{v}' is not a number", "es": "«{v}» no es un número"},
    "not_language": {"en": "'{v}' is not a language we know (use es or en)",
                     "es": "«{v}» no es un idioma que conozcamos (usa es o en)"},
    "not_country": {"en": "'{v}' is not a country we know (write it like Perú, or PE)",
                    "es": "«{v}» no es un país que conozcamos (escríbelo como Perú, o PE)"},
    "not_json_object": {"en": "this line is not a JSON object",
                        "es": "esta línea no es un objeto JSON"},
    "extra_cells": {"en": "more cells than columns: the extra cells were not read",
                    "es": "más celdas que columnas: las celdas de más no se leyeron"},
    "conflict": {"en": "conflicts with a stored record: {v}",
                 "es": "choca con un registro ya guardado: {v}"},
    "not_guest_field": {"en": "not a guest field", "es": "no es un dato de invitado"},
    "empty": {"en": "cannot be empty", "es": "no puede quedar vacío"},
}  # fmt: skip


def _pattern(english: str) -> re.Pattern[str]:
    """The stored English form as a pattern: the text to the letter, ``{v}`` any value."""
    return re.compile("^" + re.escape(english).replace(re.escape("{v}"), "(?P<v>.*)") + "$")


# Tried in the table's order: "is not a whole number" before "is not a number".
_PATTERNS = [(_pattern(words["en"]), code) for code, words in REASONS.items()]


def reason_text(code: str, lang: str, v: str = "") -> str:
    """One message form in the reader's language, its value put in."""
    return REASONS[code]["es" if lang != "en" else "en"].format(v=v)


def reason_words(error: str, lang: str) -> str:
    """A stored quarantine reason in the reader's language (English as stored)."""
    if lang == "en":
        return error
    for pattern, code in _PATTERNS:
        if m := pattern.match(error):
            return reason_text(code, lang, **m.groupdict())
    return error


def field_words(field: str, t: dict[str, str]) -> str:
    """A field's code ("birth_date", "_row") as the page says it."""
    return t.get(f"q_field_{field}", field.replace("_", " ").strip())


def chart_words(t: dict[str, str]) -> dict[str, str]:
    """The ingest charts' labels in the page's words (field names too)."""
    fields = {k.removeprefix("q_field_"): v for k, v in t.items() if k.startswith("q_field_")}
    return fields | {
        "outcomes": t["chart_outcomes"],
        "completeness": t["chart_completeness"],
        "accepted": t["accepted"],
        "merged": t["merged"],
        "quarantined": t["quarantined"],
    }
