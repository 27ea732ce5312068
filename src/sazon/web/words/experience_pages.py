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
    "xb_profile": {"es": "Experiencia", "en": "Experience"},
    "xb_recommend": {"es": "Para ofrecerle", "en": "To offer"},
    "xb_p_return": {"es": "P(vuelve en 30 días)", "en": "P(returns within 30 days)"},
    "xb_no_segment": {"es": "sin segmento (sin visitas)", "en": "no segment (no visits)"},
}
