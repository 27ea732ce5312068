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
    "upload_no": {"es": "carga n.º", "en": "upload no."},
    "full_report": {
        "es": "Abrir el informe de calidad completo (el mismo que escribe «sazon ingest»)",
        "en": "Open the full data-quality report (the one “sazon ingest” writes)",
    },
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
    # The other kinds' fields, as the quality charts name them.
    "q_field_allergies_text": {"es": "alergias (texto)", "en": "allergies (text)"},
    "q_field_author_segment": {"es": "segmento del autor", "en": "author segment"},
    "q_field_budget_tier": {"es": "nivel de gasto", "en": "budget tier"},
    "q_field_category": {"es": "categoría", "en": "category"},
    "q_field_channel": {"es": "canal", "en": "channel"},
    "q_field_comments": {"es": "comentarios", "en": "comments"},
    "q_field_consent_marketing": {"es": "acepta marketing", "en": "marketing consent"},
    "q_field_consent_personalisation": {
        "es": "acepta personalización",
        "en": "personalisation consent",
    },
    "q_field_course": {"es": "tiempo del menú", "en": "course"},
    "q_field_cuisine": {"es": "cocina", "en": "cuisine"},
    "q_field_description": {"es": "descripción", "en": "description"},
    "q_field_diet_text": {"es": "dieta (texto)", "en": "diet (text)"},
    "q_field_external_id": {"es": "id de origen", "en": "source id"},
    "q_field_favourite_cuisines": {"es": "cocinas favoritas", "en": "favourite cuisines"},
    "q_field_guest_email": {"es": "correo del invitado", "en": "guest email"},
    "q_field_guest_phone": {"es": "teléfono del invitado", "en": "guest phone"},
    "q_field_guest_ref": {"es": "referencia del invitado", "en": "guest reference"},
    "q_field_impressions": {"es": "impresiones", "en": "impressions"},
    "q_field_ingredients": {"es": "ingredientes", "en": "ingredients"},
    "q_field_items": {"es": "consumo", "en": "items"},
    "q_field_likes": {"es": "me gusta", "en": "likes"},
    "q_field_name": {"es": "nombre", "en": "name"},
    "q_field_name_en": {"es": "nombre en inglés", "en": "English name"},
    "q_field_notes": {"es": "notas", "en": "notes"},
    "q_field_occasion": {"es": "ocasión", "en": "occasion"},
    "q_field_paid": {"es": "pagado", "en": "paid"},
    "q_field_platform": {"es": "plataforma", "en": "platform"},
    "q_field_post_type": {"es": "tipo de publicación", "en": "post type"},
    "q_field_posted_at": {"es": "fecha de publicación", "en": "posted at"},
    "q_field_preferred_event_types": {"es": "eventos preferidos", "en": "preferred events"},
    "q_field_product": {"es": "producto", "en": "product"},
    "q_field_published_at": {"es": "fecha de publicación", "en": "published at"},
    "q_field_reach": {"es": "alcance", "en": "reach"},
    "q_field_region": {"es": "región", "en": "region"},
    "q_field_shares": {"es": "compartidos", "en": "shares"},
    "q_field_source": {"es": "fuente", "en": "source"},
    "q_field_submitted_at": {"es": "fecha de envío", "en": "submitted at"},
    "q_field_text": {"es": "texto", "en": "text"},
    "q_field_total_pen": {"es": "total (S/)", "en": "total (S/)"},
    "q_field_venue": {"es": "local", "en": "venue"},
    "q_field_vip": {"es": "VIP", "en": "VIP"},
    "q_field_visit_ref": {"es": "referencia de la visita", "en": "visit reference"},
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
    # Amounts (sazon.money) and the vocabularies (sazon.ingest.vocab); ``{rest}`` is the list
    # of accepted values the English goes on with, which the Spanish says in its own words.
    "not_soles": {"en": "'{v}' is not an amount in soles (e.g. S/ 45.50)",
                  "es": "«{v}» no es un monto en soles (por ejemplo: S/ 45.50)"},
    "not_pen": {"en": "'{v}' is not in soles (PEN): convert it first",
                "es": "«{v}» no está en soles (PEN): conviértelo a soles primero"},
    "soles_too_large": {"en": "'{v}' is too large to be an amount in soles",
                        "es": "«{v}» es demasiado grande para ser un monto en soles"},
    "soles_over": {"en": "'{v}' is more than S/ {n}", "es": "«{v}» pasa de S/ {n}"},
    "negative_amount": {"en": "amount {v} is negative", "es": "el monto {v} es negativo"},
    "not_budget_tier": {"en": "'{v}' is not a budget tier {rest}",
                        "es": "«{v}» no es un nivel de presupuesto (bajo, medio, alto, muy "
                              "alto/premium; de $ a $$$$)"},
    "not_course": {"en": "'{v}' is not a course {rest}",
                   "es": "«{v}» no es un tiempo del menú (entrada, sopa, fondo, postre, bebida, "
                         "piqueo)"},
    "not_colour": {"en": "'{v}' is not a wine colour {rest}",
                   "es": "«{v}» no es un color de vino (tinto, blanco, rosado, naranjo)"},
    "not_style": {"en": "'{v}' is not a style {rest}",
                  "es": "«{v}» no es un estilo de vino (tranquilo, espumante, fortificado, "
                        "pisco…)"},
    "not_platform": {"en": "'{v}' is not a platform {rest}",
                     "es": "«{v}» no es una red social (instagram, facebook, tiktok…)"},
    "not_status": {"en": "'{v}' is not a status {rest}",
                   "es": "«{v}» no es un estado (borrador, aprobado, programado)"},
    "channel_too_long": {"en": "'{v}…' is longer than {n} characters for a channel",
                         "es": "«{v}…» pasa de {n} caracteres para un canal"},
    # Visits, menus and the social calendar (sazon.ingest handlers and schemas).
    "no_such_guest": {"en": "no guest '{v}': ingest the guests file first",
                      "es": "no hay ningún invitado «{v}»: carga primero el archivo de invitados"},
    "post_status": {"en": "status '{v}' is not one of {n} (published and failed are set by "
                          "publishing, not by a file)",
                    "es": "el estado «{v}» no es uno de {n} (publicado y fallido los pone la "
                          "publicación, no un archivo)"},
    "approved_needs_who": {"en": "a approved post needs approved_by (who approved it)",
                           "es": "una publicación aprobada necesita approved_by (quién la "
                                 "aprobó)"},
    "scheduled_needs_who": {"en": "a scheduled post needs approved_by (who approved it)",
                            "es": "una publicación programada necesita approved_by (quién la "
                                  "aprobó)"},
    "post_needs_who": {"en": "a {v} post needs approved_by (who approved it)",
                       "es": "una publicación en estado {v} necesita approved_by (quién la "
                             "aprobó)"},
    "media_url_https": {"en": "media_url must be a public https:// address",
                        "es": "media_url tiene que ser una dirección pública que empiece con "
                              "https://"},
    "instagram_media": {"en": "Instagram publishes an image or video: give its media_url",
                        "es": "Instagram publica una imagen o un video: pon su media_url"},
    # Cells and rows (sazon.ingest.cells, sazon.ingest.parse).
    "two_columns_differ": {"en": "columns {a} and {b} give different values for {v}: keep one "
                                 "(fix the row with the right value)",
                           "es": "las columnas {a} y {b} dan valores distintos para {v}: deja "
                                 "uno (corrige la fila con el valor correcto)"},
    "columns_differ": {"en": "columns {a} give different values for {v}: keep one (fix the "
                             "row with the right value)",
                       "es": "las columnas {a} dan valores distintos para {v}: deja uno "
                             "(corrige la fila con el valor correcto)"},
    "formula": {"en": "starts like a spreadsheet formula; kept as text and neutralised in CSV "
                      "exports",
                "es": "empieza como una fórmula de hoja de cálculo: se guardó como texto y se "
                      "neutraliza al exportar a CSV"},
    "long_text": {"en": "{v} characters (longer than {n}): kept whole, please review",
                  "es": "{v} caracteres (más de {n}): se guardó completo, revísalo"},
    # pydantic's own words for a field's limits.
    "required": {"en": "Field required", "es": "falta este dato"},
    "at_most_chars": {"en": "String should have at most {v} characters",
                      "es": "tiene más de {v} caracteres"},
    "at_most_char": {"en": "String should have at most {v} character",
                     "es": "tiene más de {v} carácter"},
    "at_least_one": {"en": "String should have at least 1 character",
                     "es": "no puede quedar vacío"},
    "at_least": {"en": "Input should be greater than or equal to {v}",
                 "es": "tiene que ser {v} o más"},
    "at_most": {"en": "Input should be less than or equal to {v}",
                "es": "tiene que ser {v} o menos"},
}  # fmt: skip


#: The values a form may hold: the cell's value, a number, column names, the rest of a list.
_SLOTS = ("v", "n", "a", "b", "rest")


def _pattern(english: str) -> re.Pattern[str]:
    """The stored English form as a pattern: the text to the letter, each slot any value."""
    pattern = re.escape(english)
    for slot in _SLOTS:
        pattern = pattern.replace(re.escape("{" + slot + "}"), f"(?P<{slot}>.*)")
    return re.compile("^" + pattern + "$")


# Tried in the table's order: "is not a whole number" before "is not a number".
_PATTERNS = [(_pattern(words["en"]), code) for code, words in REASONS.items()]


def reason_text(code: str, lang: str, v: str = "", **slots: str) -> str:
    """One message form in the reader's language, its values put in."""
    return REASONS[code]["es" if lang != "en" else "en"].format(v=v, **slots)


_LINE = re.compile(r"^línea/line (?P<line>\S+): ")


def _halves(error: str) -> tuple[str, str] | None:
    """A reason written in both languages ("<es> / <en>", as the reader writes a line it
    could not read): its Spanish and English halves, split at the first " / " outside
    quotes (a quoted cell name may hold one)."""
    at = error.find(" / ")
    while at != -1:
        if error[:at].count("'") % 2 == 0:
            return error[:at], error[at + 3 :]
        at = error.find(" / ", at + 3)
    return None


def reason_words(error: str, lang: str) -> str:
    """A stored quarantine reason in the reader's language (English as stored)."""
    en = lang == "en"
    line = _LINE.match(error)
    rest = error[line.end() :] if line else error
    if both := _halves(rest):
        said = f"{'line' if en else 'línea'} {line['line']}: " if line else ""
        return said + both[1 if en else 0]
    if en:
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
