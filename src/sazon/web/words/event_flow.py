"""Calling an event off and reminding guests who have not answered: the page's words and
the reminder a planner sends each pending guest, in the guest's language (tú, as the
invitation and every staff page)."""

from __future__ import annotations

from functools import partial

from sazon.web.words.invite import written_actions

WORDS: dict[str, dict[str, str]] = {
    "ev_cancel": {"es": "Cancelar evento", "en": "Cancel event"},
    "ev_cancel_title": {"es": "¿Cancelar «{name}»?", "en": "Cancel “{name}”?"},
    "ev_cancel_explain": {
        "es": "El evento queda registrado como cancelado, con sus invitados, respuestas y "
        "planes. Los enlaces de RSVP dejarán de funcionar y le dirán al invitado que el "
        "evento se canceló; el plan ya no se podrá cambiar. No olvides avisar a tus invitados.",
        "en": "The event stays on record as cancelled, with its guests, answers and plans. "
        "Its RSVP links stop working and tell the guest the event was cancelled; the plan "
        "can no longer be changed. Please let your guests know yourself.",
    },
    "ev_cancel_past": {
        "es": "Atención: la fecha de este evento ({when}) ya pasó. Si el evento se realizó, "
        "no lo canceles: márcalo como realizado.",
        "en": "Careful: this event's date ({when}) has already passed. If it took place, do "
        "not cancel it: mark it as completed.",
    },
    "ev_cancel_confirm": {"es": "Sí, cancelar el evento", "en": "Yes, cancel the event"},
    "ev_cancel_back": {"es": "No, volver al evento", "en": "No, back to the event"},
    "ev_cancelled_badge": {"es": "Cancelado", "en": "Cancelled"},
    "ev_cancelled_on": {
        "es": "Este evento se canceló el {when}. Su registro se conserva; el plan y la "
        "lista de invitados ya no se pueden cambiar.",
        "en": "This event was cancelled on {when}. Its record is kept; the plan and the "
        "guest list can no longer be changed.",
    },
    "everr_cancelled": {
        "es": "este evento está cancelado: su plan y su lista de invitados ya no se pueden cambiar",
        "en": "this event is cancelled: its plan and guest list can no longer be changed",
    },
    "everr_cancel_completed": {
        "es": "este evento ya se realizó: no se puede cancelar",
        "en": "this event already took place: it cannot be cancelled",
    },
    "everr_cancel_past": {
        "es": "la fecha de este evento ({when}) ya pasó: confirma que quieres cancelarlo",
        "en": "this event's date ({when}) has passed: confirm that you want to cancel it",
    },
    "rsvp_cancelled": {
        "es": "Lamentamos contarte que «{event}» se canceló, así que ya no es necesario "
        "responder. Gracias por tu interés; esperamos verte pronto.",
        "en": "We are sorry to tell you that “{event}” was cancelled, so there is no need to "
        "answer. Thank you for your interest; we hope to welcome you soon.",
    },
    "ev_reminders": {"es": "Recordatorios", "en": "Reminders"},
    "ev_pending_answers": {
        "es": "Sin responder: {n} de {total} invitados",
        "en": "Not answered yet: {n} of {total} guests",
    },
    "ev_none_pending": {
        "es": "Todos los invitados ya respondieron.",
        "en": "Every guest has answered.",
    },
    "ev_remind": {
        "es": "Recordar a quienes no respondieron",
        "en": "Remind those who have not answered",
    },
    "ev_reminded": {
        "es": "Recordatorios listos para {n} invitados: envíalos desde la fila de cada uno.",
        "en": "Reminders ready for {n} guests: send them from each one's row.",
    },
    "ev_last_reminder": {"es": "Último recordatorio", "en": "Last reminder"},
    "ev_never_reminded": {"es": "todavía sin recordatorio", "en": "not reminded yet"},
}

_REMINDER = {
    "es": "Hola {first}: te recordamos nuestra invitación a «{event}», el {when}{venue}. "
    "¿Nos confirmas si podrás acompañarnos? Puedes responder y contarnos si tienes alguna "
    "alergia o dieta en este enlace (es solo para ti): {url}",
    "en": "Hello {first}: a reminder of our invitation to “{event}”, on {when}{venue}. "
    "Could you let us know whether you can join us? You can answer, and tell us about any "
    "allergy or diet, at this link (it is yours only): {url}",
}
_SUBJECT = {"es": "Recordatorio: {event}", "en": "Reminder: {event}"}


#: The reminder in the guest's language, with wa.me and mailto: links that open it ready to
#: send, as the invitation's (``sazon.web.words.invite.send_actions``).
reminder_actions = partial(written_actions, _REMINDER, _SUBJECT)
