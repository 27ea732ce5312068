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

# (the English form the ingest tool writes, its Spanish wording); ``{v}`` is the value quoted.
_V = r"'(?P<v>.*)'"
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_V} is not a real date \(check day and month\)$"),
     "«{v}» no es una fecha real (revisa el día y el mes)"),
    (re.compile(rf"^{_V} is not a date: write dd/mm/yyyy or yyyy-mm-dd$"),
     "«{v}» no es una fecha: escríbela como dd/mm/aaaa o aaaa-mm-dd"),
    (re.compile(rf"^{_V} has the wrong number of digits for a phone number$"),
     "«{v}» no tiene los dígitos de un teléfono (un celular tiene 9)"),
    (re.compile(rf"^{_V} is not a phone number$"), "«{v}» no es un número de teléfono"),
    (re.compile(rf"^{_V} is not an email address \(expected name@domain\.pe\)$"),
     "«{v}» no es un correo (se espera nombre@dominio.pe)"),
    (re.compile(r"^no identity: give an email, a phone, or a first and last name$"),
     "no dice quién es: pon un correo, un teléfono, o nombre y apellido"),
    (re.compile(r"^empty feedback: give a rating \(1–5\) or a text$"),
     "opinión vacía: pon una calificación (1–5) o un texto"),
    (re.compile(r"^name has no letters$"), "el nombre no tiene letras"),
    (re.compile(rf"^{_V}: cannot read the time \(use HH:MM\)$"),
     "«{v}»: no se entiende la hora (usa HH:MM)"),
    (re.compile(r"^birth date (?P<v>\S+) is in the future$"),
     "la fecha de nacimiento {v} está en el futuro"),
    (re.compile(r"^birth date (?P<v>\S+) is before 1900$"),
     "la fecha de nacimiento {v} es anterior a 1900"),
    (re.compile(rf"^{_V} is not yes/no \(use sí/no, yes/no, 1/0\)$"),
     "«{v}» no es sí/no (usa sí/no, yes/no o 1/0)"),
    (re.compile(rf"^{_V} is not a whole number$"), "«{v}» no es un número entero"),
    (re.compile(rf"^{_V} is not a number$"), "«{v}» no es un número"),
    (re.compile(rf"^{_V} is not a language we know \(use es or en\)$"),
     "«{v}» no es un idioma que conozcamos (usa es o en)"),
    (re.compile(rf"^{_V} is not a country we know \(write it like Perú, or PE\)$"),
     "«{v}» no es un país que conozcamos (escríbelo como Perú, o PE)"),
    (re.compile(r"^this line is not a JSON object$"), "esta línea no es un objeto JSON"),
    (re.compile(r"^more cells than columns: the extra cells were not read$"),
     "más celdas que columnas: las celdas de más no se leyeron"),
    (re.compile(r"^conflicts with a stored record: (?P<v>.*)$"),
     "choca con un registro ya guardado: {v}"),
    (re.compile(r"^not a guest field$"), "no es un dato de invitado"),
    (re.compile(r"^cannot be empty$"), "no puede quedar vacío"),
    # Amounts (sazon.money) and the vocabularies (sazon.ingest.vocab).
    (re.compile(rf"^{_V} is not an amount in soles \(e\.g\. S/ 45\.50\)$"),
     "«{v}» no es un monto en soles (por ejemplo: S/ 45.50)"),
    (re.compile(rf"^{_V} is not in soles \(PEN\): convert it first$"),
     "«{v}» no está en soles (PEN): conviértelo a soles primero"),
    (re.compile(rf"^{_V} is too large to be an amount in soles$"),
     "«{v}» es demasiado grande para ser un monto en soles"),
    (re.compile(rf"^{_V} is more than S/ (?P<n>\S+)$"), "«{v}» pasa de S/ {n}"),
    (re.compile(r"^amount (?P<v>\S+) is negative$"), "el monto {v} es negativo"),
    (re.compile(rf"^{_V} is not a budget tier "), "«{v}» no es un nivel de presupuesto "
     "(bajo, medio, alto, muy alto/premium; de $ a $$$$)"),
    (re.compile(rf"^{_V} is not a course "),
     "«{v}» no es un tiempo del menú (entrada, sopa, fondo, postre, bebida, piqueo)"),
    (re.compile(rf"^{_V} is not a wine colour "),
     "«{v}» no es un color de vino (tinto, blanco, rosado, naranjo)"),
    (re.compile(rf"^{_V} is not a style "),
     "«{v}» no es un estilo de vino (tranquilo, espumante, fortificado, pisco…)"),
    (re.compile(rf"^{_V} is not a platform "),
     "«{v}» no es una red social (instagram, facebook, tiktok…)"),
    (re.compile(rf"^{_V} is not a status "),
     "«{v}» no es un estado (borrador, aprobado, programado)"),
    (re.compile(r"^'(?P<v>.*)…' is longer than (?P<n>\S+) characters for a channel$"),
     "«{v}…» pasa de {n} caracteres para un canal"),
    # Visits, menus and the social calendar (sazon.ingest handlers and schemas).
    (re.compile(rf"^no guest {_V}: ingest the guests file first$"),
     "no hay ningún invitado «{v}»: carga primero el archivo de invitados"),
    (re.compile(r"^status '(?P<v>.*)' is not one of (?P<n>.*) \(published and failed are set "
                r"by publishing, not by a file\)$"),
     "el estado «{v}» no es uno de {n} (publicado y fallido los pone la publicación, no un "
     "archivo)"),
    (re.compile(r"^a approved post needs approved_by \(who approved it\)$"),
     "una publicación aprobada necesita approved_by (quién la aprobó)"),
    (re.compile(r"^a scheduled post needs approved_by \(who approved it\)$"),
     "una publicación programada necesita approved_by (quién la aprobó)"),
    (re.compile(r"^a (?P<v>\S+) post needs approved_by \(who approved it\)$"),
     "una publicación en estado {v} necesita approved_by (quién la aprobó)"),
    (re.compile(r"^media_url must be a public https:// address$"),
     "media_url tiene que ser una dirección pública que empiece con https://"),
    (re.compile(r"^Instagram publishes an image or video: give its media_url$"),
     "Instagram publica una imagen o un video: pon su media_url"),
    # Cells and rows (sazon.ingest.cells, sazon.ingest.parse).
    (re.compile(r"^columns (?P<a>'.*?' \(.*?\)) and (?P<b>'.*' \(.*\)) give different values "
                r"for (?P<v>\S+): keep one \(fix the row with the right value\)$"),
     "las columnas {a} y {b} dan valores distintos para {v}: deja uno (corrige la fila con "
     "el valor correcto)"),
    (re.compile(r"^columns (?P<a>.+) give different values for (?P<v>\S+): keep one \(fix the "
                r"row with the right value\)$"),
     "las columnas {a} dan valores distintos para {v}: deja uno (corrige la fila con el valor "
     "correcto)"),
    (re.compile(r"^starts like a spreadsheet formula; kept as text and neutralised in CSV "
                r"exports$"),
     "empieza como una fórmula de hoja de cálculo: se guardó como texto y se neutraliza al "
     "exportar a CSV"),
    (re.compile(r"^(?P<v>\S+) characters \(longer than (?P<n>\S+)\): kept whole, please "
                r"review$"),
     "{v} caracteres (más de {n}): se guardó completo, revísalo"),
    # pydantic's own words for a field's limits.
    (re.compile(r"^Field required$"), "falta este dato"),
    (re.compile(r"^String should have at most (?P<v>\d+) characters?$"),
     "tiene más de {v} caracteres"),
    (re.compile(r"^String should have at least 1 character$"), "no puede quedar vacío"),
    (re.compile(r"^Input should be greater than or equal to (?P<v>\S+)$"),
     "tiene que ser {v} o más"),
    (re.compile(r"^Input should be less than or equal to (?P<v>\S+)$"),
     "tiene que ser {v} o menos"),
]  # fmt: skip
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
    for pattern, spanish in _REASONS:
        if m := pattern.match(error):
            return spanish.format(**m.groupdict())
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
