"""Words of the guest-experience pages (segments, briefing, the guest profile's part)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "xb_segments": {"es": "Segmentos de invitados", "en": "Guest segments"},
    "xb_segments_intro": {
        "es": "Invitados agrupados por recencia, frecuencia, gasto y cómo vienen (horario, "
        "grupo, ocasiones, platos, calificaciones). Sin datos de salud.",
        "en": "Guests grouped by recency, frequency, spend and how they come (time of day, "
        "party, occasions, dishes, ratings). No health data.",
    },
    "xb_chart": {"es": "Invitados por segmento", "en": "Guests per segment"},
    "xb_segment": {"es": "Segmento", "en": "Segment"},
    "xb_size": {"es": "Invitados", "en": "Guests"},
    "xb_value": {"es": "Valor (S/)", "en": "Value (S/)"},
    "xb_per_guest": {"es": "Por invitado (S/)", "en": "Per guest (S/)"},
    "xb_defining": {"es": "Lo que lo define", "en": "What defines it"},
    "xb_all": {"es": "todos", "en": "everyone"},
    "xb_stability": {
        "es": "Estabilidad entre corridas (índice de Rand ajustado, {n} semillas): media "
        "{mean}, mínima {min}.",
        "en": "Stability across reruns (adjusted Rand index, {n} seeds): mean {mean}, "
        "minimum {min}.",
    },
    "xb_export": {
        "es": "Exportar invitados con consentimiento de marketing (Ley 29733)",
        "en": "Export guests who consented to marketing (Ley 29733)",
    },
    "xb_briefing": {"es": "Briefing de pre-turno", "en": "Pre-shift briefing"},
    "xb_venue": {"es": "Local", "en": "Venue"},
    "xb_date": {"es": "Fecha", "en": "Date"},
    "xb_service": {"es": "Servicio", "en": "Service"},
    "xb_lunch": {"es": "Almuerzo", "en": "Lunch"},
    "xb_dinner": {"es": "Cena", "en": "Dinner"},
    "xb_show": {"es": "Ver briefing", "en": "Show briefing"},
    "xb_print": {"es": "Imprimir", "en": "Print"},
    "xb_pdf": {"es": "Descargar PDF", "en": "Download PDF"},
    "xb_from_events": {
        "es": "Invitados de los eventos de este servicio.",
        "en": "Guests of this service's events.",
    },
    "xb_from_regulars": {
        "es": "Sin reservas: los habituales con más probabilidad de venir.",
        "en": "No bookings: the regulars most likely to come.",
    },
    "xb_guest": {"es": "Invitado", "en": "Guest"},
    "xb_visits": {"es": "Visitas", "en": "Visits"},
    "xb_last": {"es": "Última visita", "en": "Last visit"},
    "xb_favourites": {"es": "Favoritos", "en": "Favourites"},
    "xb_restrictions": {"es": "Restricciones", "en": "Restrictions"},
    "xb_restricted": {"es": "solo para sala", "en": "floor only"},
    "xb_celebration": {"es": "Celebración", "en": "Celebration"},
    "xb_suggest": {"es": "Sugerir", "en": "Suggest"},
    "xb_note": {"es": "Nota", "en": "Note"},
    "xb_dishes": {"es": "Platos a impulsar o vigilar", "en": "Dishes to push or watch"},
    "xb_nobody": {
        "es": "No se espera a nadie conocido para este servicio.",
        "en": "Nobody known is expected for this service.",
    },
    "xb_dishes_title": {"es": "Opiniones por plato", "en": "Sentiment per dish"},
    "xb_dishes_intro": {
        "es": "Lo que las reseñas dicen de cada plato de la carta del local: cuántas veces lo "
        "nombran, qué parte es positiva o negativa, la tendencia por semana y frases de ejemplo. "
        "Un nombre que comparten dos platos no se cuenta para ninguno.",
        "en": "What reviews say of each dish on the venue's menu: how often it is named, the "
        "share positive and negative, the trend by week and example sentences. A name two "
        "dishes share counts for neither.",
    },
    "xb_until": {"es": "Hasta", "en": "Until"},
    "xb_weeks": {"es": "Semanas", "en": "Weeks"},
    "xb_see": {"es": "Ver", "en": "Show"},
    "xb_mentions": {"es": "menciones", "en": "mentions"},
    "xb_mention_one": {"es": "mención", "en": "mention"},
    "xb_positive": {"es": "positivas", "en": "positive"},
    "xb_negative": {"es": "negativas", "en": "negative"},
    "xb_neutral": {"es": "neutras", "en": "neutral"},
    "xb_examples": {"es": "Frases de ejemplo", "en": "Example sentences"},
    "xb_reviews_read": {"es": "reseñas leídas", "en": "reviews read"},
    "xb_ambiguous": {"es": "Nombres ambiguos (no contados)", "en": "Ambiguous names (not counted)"},
    "xb_could_be": {"es": "puede ser", "en": "could be"},
    "xb_no_venue": {
        "es": "Aún no hay locales. Cárguelos en Importar (o pruebe «sazon demo»).",
        "en": "There are no venues yet. Load them under Import (or try “sazon demo”).",
    },
    "xb_no_reviews": {
        "es": "No hay reseñas de este local en el periodo. Pruebe más semanas o otra fecha.",
        "en": "No reviews of this venue in the period. Try more weeks or another date.",
    },
    "xb_no_dishes": {
        "es": "Las reseñas del periodo no nombran ningún plato de la carta. Pruebe más semanas; "
        "los platos se reconocen como los escriben los comensales (el lomito, la causita).",
        "en": "The period's reviews name no dish on the menu. Try more weeks; dishes are found "
        "as guests write them (el lomito, la causita).",
    },
    "xb_try_more": {"es": "Ver {n} semanas", "en": "Show {n} weeks"},
    "xb_changes_title": {"es": "Qué cambió y por qué", "en": "What changed and why"},
    "xb_changes_intro": {
        "es": "Aspectos y platos cuyas opiniones negativas o positivas se movieron más allá del "
        "azar frente al periodo anterior (prueba de dos proporciones o de Fisher, corregida por "
        "Benjamini–Hochberg), con n, p y las reseñas que lo explican.",
        "en": "Aspects and dishes whose negative or positive opinions moved beyond chance "
        "against the period before (two-proportion or Fisher test, Benjamini–Hochberg "
        "corrected), with n, p and the reviews behind each.",
    },
    "xb_week": {"es": "Semana (un día de ella)", "en": "Week (any day of it)"},
    "xb_weeks_per": {"es": "Semanas por periodo", "en": "Weeks per period"},
    "xb_period": {
        "es": "{since} – {until} ({now} reseñas) frente a {bsince} – {buntil} ({before} reseñas); "
        "{tested} filas probadas, α = {alpha}.",
        "en": "{since} – {until} ({now} reviews) against {bsince} – {buntil} ({before} "
        "reviews); {tested} rows tested, α = {alpha}.",
    },
    "xb_no_changes": {
        "es": "Nada cambió más allá del azar en este periodo.",
        "en": "Nothing moved beyond chance in this period.",
    },
    "xb_too_few": {
        "es": "Con menos de 5 opiniones por aspecto o plato en cada periodo no se prueba nada: "
        "pocas reseñas por semana necesitan periodos más largos.",
        "en": "An aspect or dish needs 5 opinions in each period to be tested: few reviews a "
        "week need longer periods.",
    },
    "xb_behind": {"es": "Reseñas que lo explican", "en": "Reviews behind it"},
    "xb_test": {"es": "prueba", "en": "test"},
    "xb_profile": {"es": "Experiencia", "en": "Experience"},
    "xb_recommend": {"es": "Para ofrecerle", "en": "To offer"},
    "xb_p_return": {"es": "P(vuelve en 30 días)", "en": "P(returns within 30 days)"},
    "xb_no_segment": {"es": "sin segmento (sin visitas)", "en": "no segment (no visits)"},
}
