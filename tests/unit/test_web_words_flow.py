"""The web's words for what the tools store: dates in es-PE, quarantine reasons, refusals,
guests by name, and the message each guest's RSVP link is sent with."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import unquote

import pytest
from pydantic import ValidationError

from sazon.errors import Conflict
from sazon.events import EventCreate, name_guests, why_words
from sazon.web.i18n import translate
from sazon.web.words.dates import when
from sazon.web.words.event_errors import error_text
from sazon.web.words.ingest import REASONS, reason_text, reason_words
from sazon.web.words.invite import send_actions
from tests.spanish_pages import ingest_reasons, leaks


def test_dates_read_as_in_lima() -> None:
    at = datetime(2026, 12, 13, 1, 0, tzinfo=UTC)  # 8 p. m. of the 12th in Lima
    assert when(at, "es") == "sáb. 12 dic. 2026, 8:00 p. m."
    assert when(at, "en") == "Sat 12 Dec 2026, 8:00 PM"
    assert when("2025-04-26T09:05:00-05:00", "es") == "sáb. 26 abr. 2025, 9:05 a. m."
    assert when(None, "es") == ""


@pytest.mark.parametrize(
    ("stored", "spanish"),
    [
        ("'31/02/1990' is not a real date (check day and month)",
         "«31/02/1990» no es una fecha real (revisa el día y el mes)"),
        ("'98765' has the wrong number of digits for a phone number",
         "«98765» no tiene los dígitos de un teléfono (un celular tiene 9)"),
        ("'carla.rios@gmail' is not an email address (expected name@domain.pe)",
         "«carla.rios@gmail» no es un correo (se espera nombre@dominio.pe)"),
        ("no identity: give an email, a phone, or a first and last name",
         "no dice quién es: pon un correo, un teléfono, o nombre y apellido"),
    ],
)  # fmt: skip
def test_quarantine_reasons_in_spanish_and_as_stored_in_english(stored: str, spanish: str) -> None:
    assert reason_words(stored, "es") == spanish
    assert reason_words(stored, "en") == stored


@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_quarantine_reason_reads_in_both_languages(code: str) -> None:
    """Each form renders in Spanish and English with its value in and no placeholder left,
    and the English as the ingest tool stores it reads back as the Spanish."""
    slots = {"n": "7", "a": "'correo' (B)", "b": "'email' (C)", "rest": "(x, y)"}
    spanish = reason_text(code, "es", "31/02/1990", **slots)
    english = reason_text(code, "en", "31/02/1990", **slots)
    for text in (spanish, english):
        assert "{" not in text and "}" not in text, text
        assert ("31/02/1990" in text) == ("{v}" in REASONS[code]["en"]), text
    assert spanish != english
    assert reason_words(english, "es") == spanish
    assert reason_words(english, "en") == english


def test_every_reason_the_ingest_package_writes_reads_in_spanish() -> None:
    """Every message form in the ingest package's source (and the money rules it reads amounts
    with), found by walking the code: each has its Spanish wording, with no English left
    (the same check the Spanish pages' walk makes); a line read alone shows the half in the
    page's language."""
    reasons = ingest_reasons()
    assert len(reasons) > 40 and "'x9' is not a number" in reasons
    for stored in reasons:
        spanish = reason_words(stored, "es")
        assert leaks(stored), stored  # left as written, the walk would see it
        assert spanish != stored and not leaks(spanish), (stored, spanish)
    bilingual = 'línea/line 7: una comilla (") se abre / a quote (") opens'
    assert reason_words(bilingual, "es") == 'línea 7: una comilla (") se abre'
    assert reason_words(bilingual, "en") == 'line 7: a quote (") opens'


def test_refusals_in_the_page_language_and_the_api_message_unchanged() -> None:
    exc = Conflict(
        "the event holds 10 guests: 11 who have not declined would be invited",
        words={"key": "capacity", "capacity": 10, "invited": 11},
    )
    assert error_text(exc, translate("es")).startswith("el aforo del evento es de 10 personas")
    assert error_text(exc, translate("en")).startswith("the event holds 10 guests")
    assert exc.message.startswith("the event holds 10")  # what the API answers
    with pytest.raises(ValidationError) as caught:
        EventCreate(name="", starts_at=datetime(2030, 1, 1, 20))
    assert error_text(caught.value, translate("es")) == "Nombre del evento: no puede quedar vacío"
    assert error_text(ValueError("Invalid isoformat string: ''"), translate("es")) == (
        "escribe la fecha y la hora del evento"
    )


def test_guests_by_name_in_stored_texts() -> None:
    names = {"158": "Fernando Ramos Salazar", "95": "Paola Cruz Ayala"}
    warning = "invitado 158: no entendimos «poca sal»; se planificó con cautela, confírmalo"
    assert name_guests(warning, names).startswith("Fernando Ramos Salazar: no entendimos")
    assert name_guests("el plato fijado para el invitado 95 en postre", names) == (
        "el plato fijado para Paola Cruz Ayala en postre"
    )
    assert name_guests("invitado 7: sin nombre", names) == "invitado 7: sin nombre"
    assert why_words("RSVP of guest 95: confirmed", names, "es") == (
        "respuesta de Paola Cruz Ayala: asistirá"
    )
    assert why_words("guest 158 changed allergies, diets", names, "es") == (
        "Fernando Ramos Salazar cambió alergias, dietas"
    )
    assert why_words("RSVP of guest 95: declined", names, "en") == (
        "RSVP from Paola Cruz Ayala: not attending"
    )


def test_a_link_is_sent_by_whatsapp_or_email_with_the_message_in_the_guests_language() -> None:
    url = "https://sazon.example.pe/rsvp/abc.def"
    sent = send_actions(
        url=url, first_name="Rosa", event="Cena criolla",
        starts_at=datetime(2026, 12, 13, 1, 0, tzinfo=UTC), venue="Qaray Casona",
        phone="+51 987 654 321", email="rosa@example.pe", lang="es",
    )  # fmt: skip
    assert sent.whatsapp.startswith("https://wa.me/51987654321?text=")
    text = unquote(sent.whatsapp.split("text=", 1)[1])
    assert text.startswith("Hola Rosa: te invitamos a «Cena criolla», el sáb. 12 dic. 2026")
    assert text.endswith(url) and "en Qaray Casona" in text
    assert sent.mailto is not None and sent.mailto.startswith("mailto:rosa@example.pe?subject=")
    assert url in unquote(sent.mailto)
    english = send_actions(
        url=url, first_name="Rose", event="Dinner", starts_at=datetime(2030, 1, 1, 20),
        venue=None, phone=None, email=None, lang="en",
    )  # fmt: skip
    assert english.mailto is None and english.whatsapp.startswith("https://wa.me/?text=Hello")
