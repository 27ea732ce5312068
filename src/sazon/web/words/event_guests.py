"""Changing an event's guest list and downloading it: the page's words, Spanish (es-PE, tú,
as every staff page) first."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "ev_remove": {"es": "Quitar", "en": "Remove"},
    "ev_replace": {"es": "Reemplazar", "en": "Replace"},
    "ev_remove_title": {
        "es": "¿Quitar a {name} de la lista?",
        "en": "Take {name} off the list?",
    },
    "ev_remove_explain": {
        "es": "Su invitación queda registrada como cancelada y su enlace de RSVP deja de "
        "funcionar; libera su lugar y el plan se vuelve a hacer solo, sin su plato. Si te "
        "equivocas, puedes volver a invitarlo.",
        "en": "Their invitation stays on record as cancelled and their RSVP link stops "
        "working; their seat is freed and the plan is made again on its own, without their "
        "plate. If this is a mistake, you can invite them again.",
    },
    "ev_remove_confirm": {"es": "Sí, quitarlo de la lista", "en": "Yes, take them off"},
    "ev_replace_title": {"es": "Reemplazar a {name}", "en": "Replace {name}"},
    "ev_replace_explain": {
        "es": "Elige quién ocupa el lugar de {name}: {name} sale de la lista (su enlace de RSVP "
        "deja de funcionar), la persona que elijas queda invitada y el plan se vuelve a hacer "
        "solo.",
        "en": "Choose who takes {name}'s seat: {name} leaves the list (their RSVP link stops "
        "working), the person you choose is invited and the plan is made again on its own.",
    },
    "ev_replace_explain_declined": {
        "es": "{name} dijo que no asistirá y su respuesta se conserva. Elige quién ocupa su "
        "lugar: queda invitado y el plan se vuelve a hacer solo.",
        "en": "{name} said they will not attend, and their answer is kept. Choose who takes "
        "their seat: they are invited and the plan is made again on its own.",
    },
    "ev_replace_confirm": {
        "es": "Invitar en lugar de {name}",
        "en": "Invite instead of {name}",
    },
    "ev_removed_who": {
        "es": "Quitaste a {name} de la lista. El plan se actualizará en unos segundos.",
        "en": "{name} was taken off the list. The plan will be updated in a few seconds.",
    },
    "ev_replaced_who": {
        "es": "Invitaste a {name} en su lugar. El plan se actualizará en unos segundos.",
        "en": "{name} is invited in their place. The plan will be updated in a few seconds.",
    },
    "ev_download_guests": {"es": "Descargar invitados", "en": "Download guests"},
    "everr_guests_closed": {
        "es": "el evento ya empezó: su lista de invitados ya no se puede cambiar",
        "en": "the event has already started: its guest list can no longer change",
    },
    "everr_not_removable": {
        "es": "esa invitación ya no se puede quitar (el evento ya se realizó)",
        "en": "that invitation can no longer be removed (the event took place)",
    },
    "everr_same_guest": {
        "es": "elige a otra persona: nadie puede reemplazarse a sí mismo",
        "en": "choose someone else: nobody can replace themselves",
    },
    "everr_already_invited": {
        "es": "{guest} ya está en la lista de este evento",
        "en": "{guest} is already on this event's list",
    },
}
