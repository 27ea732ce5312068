"""The invitation workflow's words, and the message a planner sends each guest with their
RSVP link (by WhatsApp, e-mail or pasted anywhere), in the guest's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from urllib.parse import quote, urlencode

from sazon.web.words.dates import when

WORDS: dict[str, dict[str, str]] = {
    "ev_all_links": {
        "es": "Crear los enlaces de RSVP de todos",
        "en": "Create everyone's RSVP links",
    },
    "ev_links_made": {
        "es": "Enlaces listos: {n} nuevos. Cada uno está en la fila de su invitado.",
        "en": "Links ready: {n} new. Each one is in its guest's row.",
    },
    "ev_link_made_for": {
        "es": "Enlace listo para {name}: está en su fila.",
        "en": "Link ready for {name}: it is in their row.",
    },
    "ev_new_link": {"es": "Nuevo enlace", "en": "New link"},
    "ev_no_link": {"es": "sin enlace todavía", "en": "no link yet"},
    "ev_link_until": {"es": "vence el", "en": "expires"},
    "ev_link_opened": {"es": "abierto", "en": "opened"},
    "ev_link_answered": {"es": "respondido", "en": "answered"},
    "ev_copy": {"es": "Copiar", "en": "Copy"},
    "ev_copied": {"es": "¡Copiado!", "en": "Copied!"},
    "ev_whatsapp": {"es": "WhatsApp", "en": "WhatsApp"},
    "ev_email_action": {"es": "Correo", "en": "E-mail"},
    "ev_seats": {
        "es": "Cupos ocupados: {seated} de {capacity} (quienes no asistirán no cuentan)",
        "en": "Seats taken: {seated} of {capacity} (guests who declined do not count)",
    },
    "ev_edit": {"es": "Editar evento", "en": "Edit event"},
    "ev_save": {"es": "Guardar cambios", "en": "Save changes"},
    "ev_saved": {"es": "Cambios guardados.", "en": "Changes saved."},
    "ev_locked_replanned": {
        "es": "Fijado. El plan se volvió a hacer con tu elección: versión {version}.",
        "en": "Locked. The plan was made again with your choice: version {version}.",
    },
    "ev_locked_saved": {
        "es": "Fijado. Se aplicará cuando planifiques el menú.",
        "en": "Locked. It applies when you plan the menu.",
    },
    "ev_unlocked": {
        "es": "Elección quitada; el plan se volvió a hacer sin ella.",
        "en": "Choice removed; the plan was made again without it.",
    },
}

_MESSAGE = {
    "es": "Hola {first}: te invitamos a «{event}», el {when}{venue}. Confirma tu asistencia "
    "y cuéntanos si tienes alguna alergia o dieta en este enlace (es solo para ti): {url}",
    "en": "Hello {first}: you are invited to “{event}”, on {when}{venue}. Please confirm "
    "and tell us about any allergy or diet at this link (it is yours only): {url}",
}
_SUBJECT = {"es": "Invitación: {event}", "en": "Invitation: {event}"}


@dataclass(frozen=True)
class SendActions:
    """One guest's link and the ways to send it."""

    url: str
    message: str
    whatsapp: str
    mailto: str | None


def written_actions(
    messages: dict[str, str],
    subjects: dict[str, str],
    *,
    url: str,
    first_name: str,
    event: str,
    starts_at: datetime | str,
    venue: str | None,
    phone: str | None,
    email: str | None,
    lang: str,
) -> SendActions:
    """One of ``messages`` (es/en, with {first}, {event}, {when}, {venue} and {url}) and its
    subject, filled in for the guest and ready to send by WhatsApp or e-mail."""
    lang = "en" if lang == "en" else "es"
    message = messages[lang].format(
        first=first_name or "", event=event, when=when(starts_at, lang),
        venue=venue_words(venue, lang), url=url,
    )  # fmt: skip
    return message_actions(url, message, subjects[lang].format(event=event), phone, email)


#: The invitation in the guest's language, a wa.me link that opens it ready to send (to their
#: number when known) and a mailto: link with subject and body.
send_actions = partial(written_actions, _MESSAGE, _SUBJECT)


def venue_words(venue: str | None, lang: str) -> str:
    """After the date: « en Qaray Mar» (« in Qaray Mar»); nothing without a venue."""
    if not venue:
        return ""
    return f" in {venue}" if lang == "en" else f" en {venue}"


def message_actions(
    url: str, message: str, subject: str, phone: str | None, email: str | None
) -> SendActions:
    """A message with a wa.me link that opens it ready to send (to the guest's number when
    known) and a mailto: link with subject and body (when they have an e-mail)."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    whatsapp = f"https://wa.me/{digits}?{urlencode({'text': message}, quote_via=quote)}"
    mailto = None
    if email:
        query = urlencode({"subject": subject, "body": message}, quote_via=quote)
        mailto = f"mailto:{quote(email, safe='@')}?{query}"
    return SendActions(url=url, message=message, whatsapp=whatsapp, mailto=mailto)
