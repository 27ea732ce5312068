"""The words of the web app, in Spanish (es-PE, the default) and English."""

from __future__ import annotations

from sazon.web.words import TOOL_WORDS

LANGS = ("es", "en")

T: dict[str, dict[str, str]] = {
    "app_tagline": {"es": "IA para la hospitalidad peruana", "en": "AI for Peruvian hospitality"},
    "skip": {"es": "Saltar al contenido", "en": "Skip to content"},
    "login": {"es": "Ingresar", "en": "Log in"},
    "logout": {"es": "Salir", "en": "Log out"},
    "api_key": {"es": "Clave de acceso (API key)", "en": "Access key (API key)"},
    "login_help": {
        "es": "Pídele una clave a tu administrador o créala con «sazon users create-key».",
        "en": "Ask your administrator for a key or create one with “sazon users create-key”.",
    },
    "bad_key": {
        "es": "Esa clave no es válida o fue revocada.",
        "en": "That key is invalid or revoked.",
    },
    "home": {"es": "Inicio", "en": "Home"},
    "export_list": {"es": "Descargar la lista", "en": "Download the list"},
    "no_tools": {
        "es": "Tu rol no usa ninguna herramienta; pídele a tu administrador otro rol si la "
        "necesitas.",
        "en": "Your role uses no tool; ask your administrator for another role if you need one.",
    },
    "guests": {"es": "Invitados", "en": "Guests"},
    "ingest": {"es": "Cargar datos", "en": "Load data"},
    "tools": {"es": "Herramientas", "en": "Tools"},
    "tool_events": {"es": "Planificador de eventos", "en": "Event planner"},
    "tool_experience": {"es": "Experiencia del invitado", "en": "Guest experience"},
    "tool_pairing": {"es": "Maridaje", "en": "Wine pairing"},
    "tool_trends": {"es": "Tendencias", "en": "Trend spotting"},
    "tool_social": {"es": "Redes sociales", "en": "Social optimizer"},
    "tool_desc_events": {
        "es": "Menús seguros y personalizados para cenas y catas, con invitaciones y RSVP.",
        "en": "Safe, personalised menus for dinners and tastings, with invitations and RSVPs.",
    },
    "tool_desc_experience": {
        "es": "Lo que dicen los invitados, segmentos y el briefing antes del servicio.",
        "en": "What guests say, segments and the pre-shift briefing.",
    },
    "tool_desc_pairing": {
        "es": "El vino de tu carta para cada plato, con el porqué.",
        "en": "The wine from your list for each dish, and why.",
    },
    "tool_desc_trends": {
        "es": "Sabores, productos y quejas que empiezan a sonar.",
        "en": "Flavours, products and complaints on the rise.",
    },
    "tool_desc_social": {
        "es": "Qué publicar, cuándo y con qué tema.",
        "en": "What to post, when, and on which topic.",
    },
    "sentiment_positive": {"es": "positivo", "en": "positive"},
    "sentiment_neutral": {"es": "neutro", "en": "neutral"},
    "sentiment_negative": {"es": "negativo", "en": "negative"},
    "not_built": {
        "es": "Aún no está disponible: llegará en una próxima versión.",
        "en": "Not available yet: it comes in a later release.",
    },
    "search": {"es": "Buscar", "en": "Search"},
    "search_hint": {"es": "Nombre, correo o teléfono", "en": "Name, email or phone"},
    "allergen": {"es": "Alérgeno", "en": "Allergen"},
    "language": {"es": "Idioma", "en": "Language"},
    "any": {"es": "Cualquiera", "en": "Any"},
    "name": {"es": "Nombre", "en": "Name"},
    "email": {"es": "Correo", "en": "Email"},
    "phone": {"es": "Teléfono", "en": "Phone"},
    "allergies": {"es": "Alergias", "en": "Allergies"},
    "diets": {"es": "Dietas", "en": "Diets"},
    "unknown_restrictions": {
        "es": "Por confirmar con el invitado",
        "en": "To confirm with the guest",
    },
    "no_guests": {
        "es": "No hay invitados que coincidan. Prueba otra búsqueda o carga un archivo.",
        "en": "No guests match. Try another search or load a file.",
    },
    "results": {"es": "resultados", "en": "results"},
    "result_one": {"es": "resultado", "en": "result"},
    # A guest's language by name, never its code.
    "lang_es": {"es": "español", "en": "Spanish"},
    "lang_en": {"es": "inglés", "en": "English"},
    "previous": {"es": "Anterior", "en": "Previous"},
    "next": {"es": "Siguiente", "en": "Next"},
    "profile": {"es": "Perfil", "en": "Profile"},
    "restrictions": {"es": "Restricciones", "en": "Restrictions"},
    "history": {"es": "Historial de visitas", "en": "Visit history"},
    "consent": {"es": "Consentimientos", "en": "Consent"},
    "consent_marketing": {"es": "Comunicaciones de marketing", "en": "Marketing messages"},
    "consent_personalisation": {"es": "Personalización", "en": "Personalisation"},
    "yes": {"es": "Sí", "en": "Yes"},
    "no": {"es": "No", "en": "No"},
    "none": {"es": "Ninguna", "en": "None"},
    "hidden_health": {
        "es": "Tu rol no permite ver datos de salud (Ley 29733).",
        "en": "Your role may not see health data (Peru's Ley 29733).",
    },
    "no_visits": {"es": "Todavía no tiene visitas.", "en": "No visits yet."},
    "to_review": {
        "es": "Por revisar: no pudimos leer estos datos del archivo (esperan en cuarentena)",
        "en": "To review: these fields of the file could not be read (they wait in quarantine)",
    },
    "possible_duplicate_of": {
        "es": "Posible duplicado de",
        "en": "Possible duplicate of",
    },
    "field_birth_date": {"es": "fecha de nacimiento", "en": "birth date"},
    "field_budget_tier": {"es": "nivel de gasto", "en": "budget tier"},
    "field_country": {"es": "país", "en": "country"},
    "field_language": {"es": "idioma", "en": "language"},
    "feedback": {"es": "Comentarios", "en": "Feedback"},
    "date": {"es": "Fecha", "en": "Date"},
    "party": {"es": "Personas", "en": "Party"},
    "total": {"es": "Total", "en": "Total"},
    "order_items": {"es": "Pedido", "en": "Order"},
    "notes": {"es": "Notas", "en": "Notes"},
    "upload_title": {"es": "Cargar un archivo", "en": "Load a file"},
    "upload_help": {
        "es": "CSV (cualquier separador, UTF-8 o Windows-1252), XLSX, JSON o JSONL. "
        "Las columnas se reconocen en español o inglés.",
        "en": "CSV (any delimiter, UTF-8 or Windows-1252), XLSX, JSON or JSONL. "
        "Columns are recognised in Spanish or English.",
    },
    "kind": {"es": "Tipo de datos", "en": "Kind of data"},
    "file": {"es": "Archivo", "en": "File"},
    "upload": {"es": "Cargar", "en": "Load"},
    "job_title": {"es": "Cargando", "en": "Loading"},
    "job_queued": {
        "es": "En cola: empieza cuando termine la carga anterior.",
        "en": "Queued: it starts when the previous load ends.",
    },
    "job_running": {"es": "Leyendo filas…", "en": "Reading rows…"},
    # {done} and {total} are filled in by the page (and by its script as rows arrive).
    "job_rows": {"es": "{done} de {total} filas", "en": "{done} of {total} rows"},
    "job_counts": {
        "es": "hasta ahora: {accepted} aceptadas, {merged} fusionadas, {quarantined} en cuarentena",
        "en": "so far: {accepted} accepted, {merged} merged, {quarantined} quarantined",
    },
    "job_keep": {
        "es": "Puedes seguir trabajando en otra pestaña; la carga continúa.",
        "en": "You can keep working in another tab; the load goes on.",
    },
    "job_failed": {"es": "La carga no se completó:", "en": "The load did not finish:"},
    "job_again": {"es": "Volver a cargar un archivo", "en": "Load a file again"},
    "summary": {"es": "Resumen", "en": "Summary"},
    "rows": {"es": "filas", "en": "rows"},
    "accepted": {"es": "aceptadas", "en": "accepted"},
    "merged": {"es": "fusionadas", "en": "merged"},
    "quarantined": {"es": "en cuarentena", "en": "quarantined"},
    "quarantine": {"es": "Cuarentena", "en": "Quarantine"},
    "quarantine_empty": {
        "es": "No hay filas en cuarentena. ¡Todo en orden!",
        "en": "No quarantined rows. All clear!",
    },
    "reasons": {"es": "Motivos", "en": "Reasons"},
    "fix": {"es": "Corregir y volver a cargar", "en": "Fix and load again"},
    "discard": {"es": "Descartar", "en": "Discard"},
    "fixed": {"es": "Fila corregida y cargada.", "en": "Row fixed and loaded."},
    "still_bad": {"es": "La fila sigue con problemas:", "en": "The row still has problems:"},
    "quality": {"es": "Calidad de los datos", "en": "Data quality"},
    "ignored_columns": {
        "es": "Columnas no reconocidas (no se leyeron):",
        "en": "Columns not recognised (not read):",
    },
    "row": {"es": "Fila", "en": "Row"},
    "error": {"es": "Error", "en": "Error"},
    "store_counts": {"es": "En el almacén", "en": "In the store"},
    "venues": {"es": "Locales", "en": "Venues"},
    "visits": {"es": "Visitas", "en": "Visits"},
    "dishes": {"es": "Platos", "en": "Dishes"},
    "wines": {"es": "Vinos", "en": "Wines"},
    "role": {"es": "Rol", "en": "Role"},
    "switch_lang": {"es": "English", "en": "Español"},
    "csrf": {
        "es": "El formulario caducó; vuelve a intentarlo.",
        "en": "The form expired; please try again.",
    },
}


def all_words() -> dict[str, dict[str, str]]:
    """The core words plus every tool's; a key defined twice is a bug (raises)."""
    merged = dict(T)
    for words in TOOL_WORDS:
        clash = merged.keys() & words.keys()
        if clash:
            raise ValueError(f"web words defined twice: {sorted(clash)}")
        merged.update(words)
    return merged


def translate(lang: str) -> dict[str, str]:
    lang = lang if lang in LANGS else "es"
    return {key: words.get(lang, words["es"]) for key, words in all_words().items()}


# Allergen and diet slugs as a Peruvian waiter would say them.
LABELS: dict[str, dict[str, str]] = {
    "gluten": {"es": "gluten", "en": "gluten"},
    "crustaceans": {"es": "crustáceos", "en": "crustaceans"},
    "eggs": {"es": "huevo", "en": "eggs"},
    "fish": {"es": "pescado", "en": "fish"},
    "peanuts": {"es": "maní", "en": "peanuts"},
    "soy": {"es": "soya", "en": "soy"},
    "milk": {"es": "lácteos", "en": "milk"},
    "tree_nuts": {"es": "frutos secos", "en": "tree nuts"},
    "celery": {"es": "apio", "en": "celery"},
    "mustard": {"es": "mostaza", "en": "mustard"},
    "sesame": {"es": "ajonjolí", "en": "sesame"},
    "sulphites": {"es": "sulfitos", "en": "sulphites"},
    "lupin": {"es": "tarwi (altramuz)", "en": "lupin"},
    "molluscs": {"es": "moluscos", "en": "molluscs"},
    "vegetarian": {"es": "vegetariana", "en": "vegetarian"},
    "vegan": {"es": "vegana", "en": "vegan"},
    "pescatarian": {"es": "pescetariana", "en": "pescatarian"},
    "no_pork": {"es": "sin cerdo", "en": "no pork"},
    "no_alcohol": {"es": "sin alcohol", "en": "no alcohol"},
    "no_meat": {"es": "sin carne", "en": "no meat"},
    "dairy_free": {"es": "sin lácteos", "en": "dairy free"},
    "no_seafood": {"es": "sin mariscos", "en": "no seafood"},
    "no_shellfish": {"es": "sin mariscos", "en": "no shellfish"},
    "egg_free": {"es": "sin huevo", "en": "egg free"},
    "halal": {"es": "halal", "en": "halal"},
    "kosher": {"es": "kosher", "en": "kosher"},
    "pregnancy": {"es": "embarazo", "en": "pregnancy"},
    "no_honey": {"es": "sin miel", "en": "no honey"},
    "no_gelatin": {"es": "sin gelatina", "en": "no gelatin"},
}


def label(slug: str, lang: str) -> str:
    """A restriction slug in the reader's language; unknown slugs are shown as they are."""
    return LABELS.get(slug, {}).get(lang, slug.replace("_", " "))
