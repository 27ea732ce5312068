"""Words of the home page: the manager's blocks and their empty states."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "hm_today": {"es": "Tu día en Sazón", "en": "Your day in Sazón"},
    "hm_events": {"es": "Próximos eventos", "en": "Upcoming events"},
    "hm_events_none": {
        "es": "No hay eventos por delante. Cuando armes una cena o una cata, aquí verás cuántos "
        "confirmaron y qué alergias esperar.",
        "en": "No events ahead. When you set up a dinner or a tasting, you will see here who "
        "confirmed and which allergies to expect.",
    },
    "hm_event_new": {"es": "Crear un evento", "en": "Create an event"},
    "hm_invite": {"es": "Invitar a los comensales", "en": "Invite the guests"},
    "hm_all_events": {"es": "Ver todos los eventos", "en": "See all events"},
    # {answered}, {invited}, {confirmed}, {capacity} are filled in by the page.
    "hm_rsvp": {
        "es": "{answered} de {invited} respondieron · {confirmed} confirmados",
        "en": "{answered} of {invited} answered · {confirmed} confirmed",
    },
    "hm_capacity": {"es": "aforo {capacity}", "en": "{capacity} seats"},
    "hm_no_invites": {
        "es": "Todavía no invitas a nadie.",
        "en": "Nobody invited yet.",
    },
    "hm_allergies": {"es": "Alergias a tener en cuenta", "en": "Allergies to plan for"},
    "hm_no_allergies": {
        "es": "Ningún invitado que viene declaró alergias.",
        "en": "No guest who is coming declared an allergy.",
    },
    "hm_diets": {"es": "Dietas", "en": "Diets"},
    "hm_unclear": {
        "es": "{n} con restricciones por confirmar",
        "en": "{n} with restrictions to confirm",
    },
    "hm_health_hidden": {
        "es": "Las alergias no se muestran a tu rol (Ley 29733).",
        "en": "Allergies are not shown to your role (Peru's Ley 29733).",
    },
    "hm_uploads": {"es": "Últimas cargas", "en": "Recent uploads"},
    "hm_uploads_none": {
        "es": "Aún no cargas ningún archivo. Sube tu lista de clientes o tu carta en Excel o CSV "
        "y la revisamos fila por fila.",
        "en": "No file loaded yet. Upload your guest list or menu as Excel or CSV and it is "
        "checked row by row.",
    },
    "hm_quarantine_open": {
        "es": "{n} filas esperan revisión en cuarentena",
        "en": "{n} rows wait for review in quarantine",
    },
    "hm_quarantine_one": {
        "es": "1 fila espera revisión en cuarentena",
        "en": "1 row waits for review in quarantine",
    },
    "hm_quarantine_clear": {
        "es": "Nada en cuarentena: todo lo cargado está en orden.",
        "en": "Nothing in quarantine: everything loaded is in order.",
    },
    "hm_go_ingest": {"es": "Ir a cargar datos", "en": "Go to load data"},
    "hm_changes": {"es": "Qué cambió y por qué", "en": "What changed and why"},
    "hm_changes_intro": {
        "es": "Por local: los aspectos y platos cuyas opiniones se movieron más allá del azar, "
        "las últimas {weeks} semanas frente a las {weeks} anteriores.",
        "en": "Per venue: the aspects and dishes whose reviews moved beyond chance, the last "
        "{weeks} weeks against the {weeks} before.",
    },
    "hm_changes_quiet": {
        "es": "Nada se movió más allá del azar (opiniones: {now} ahora, {before} antes).",
        "en": "Nothing moved beyond chance (reviews: {now} now, {before} before).",
    },
    "hm_no_venues": {
        "es": "Aún no hay locales. Carga tu carta para ver aquí lo que dicen tus clientes.",
        "en": "No venues yet. Load your menu to see here what your guests say.",
    },
    "hm_see_changes": {"es": "Ver el detalle", "en": "See the detail"},
    "hm_trends": {"es": "Alertas de tendencias", "en": "Trend alerts"},
    "hm_trends_count": {
        "es": "{n} alertas abiertas en el mercado",
        "en": "{n} open alerts in the market",
    },
    "hm_trends_none": {
        "es": "Sin alertas: nada nuevo empieza a sonar en el mercado.",
        "en": "No alerts: nothing new is on the rise in the market.",
    },
    "hm_trends_pending": {
        "es": "Estamos leyendo los textos del mercado; vuelve en un momento.",
        "en": "Reading the market texts; check back in a moment.",
    },
    "hm_see_trends": {"es": "Abrir el tablero", "en": "Open the board"},
    "hm_posts": {"es": "Próximas publicaciones", "en": "Next posts"},
    "hm_posts_none": {
        "es": "No hay publicaciones programadas para las próximas dos semanas. Arma una desde "
        "los borradores.",
        "en": "No posts planned for the next two weeks. Make one from the drafts.",
    },
    "hm_see_calendar": {"es": "Ver el calendario", "en": "See the calendar"},
}
