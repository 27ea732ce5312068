"""Error pages for people (a browser), not programs: what happened and where to go next."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "err_title": {"es": "Algo no salió bien", "en": "Something went wrong"},
    "err_404": {
        "es": "No encontramos esa página. Puede que el enlace esté mal escrito o que la página "
        "ya no exista.",
        "en": "We could not find that page. The link may be mistyped or the page may be gone.",
    },
    "err_405": {
        "es": "Esa dirección no acepta esta acción. Vuelve a la página anterior e inténtalo "
        "desde el formulario.",
        "en": "That address does not accept this action. Go back and try again from the form.",
    },
    "err_503": {
        "es": "El sistema está ocupado en este momento. Espera unos segundos y vuelve a "
        "intentarlo.",
        "en": "The system is busy right now. Wait a few seconds and try again.",
    },
    "err_500": {
        "es": "Tuvimos un problema de nuestro lado. Si vuelve a pasar, avísale a tu "
        "administrador con este código: {rid}.",
        "en": "We had a problem on our side. If it happens again, tell your administrator "
        "this code: {rid}.",
    },
    "err_other": {
        "es": "No pudimos atender este pedido (código {status}).",
        "en": "We could not serve this request (code {status}).",
    },
    "err_back_home": {"es": "Volver al inicio", "en": "Back to the home page"},
}
