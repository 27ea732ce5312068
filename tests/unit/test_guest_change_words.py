"""A re-plan made because the planner changed the guest list says so in words (issue #19)."""

from __future__ import annotations

from sazon.events import why_words
from sazon.events.naming import REMOVED_WHY, REPLACED_WHY

NAMES = {"12": "Rosa Quispe Mamani", "44": "Ximena Quiroz Aliaga"}


def test_why_words__a_guest_taken_off_the_list() -> None:
    why = REMOVED_WHY.format(guest_id=12)
    assert why_words(why, NAMES, "es") == "se quitó a Rosa Quispe Mamani de la lista"
    assert why_words(why, NAMES, "en") == "Rosa Quispe Mamani was taken off the list"


def test_why_words__a_replacement_names_both_guests() -> None:
    why = REPLACED_WHY.format(guest_id=44, old_id=12)
    assert why_words(why, NAMES, "es") == "Ximena Quiroz Aliaga reemplaza a Rosa Quispe Mamani"
    assert why_words(why, NAMES, "en") == "Ximena Quiroz Aliaga replaces Rosa Quispe Mamani"
    # An erased guest is no longer named: the number stays, in the reader's words.
    assert why_words(why, {"44": NAMES["44"]}, "es").endswith("reemplaza a invitado 12")


def test_stored_reasons_keep_the_form_an_erasure_looks_for() -> None:
    # sazon.events.personal.forget_guest finds a guest's traces as "guest {id} ".
    assert "guest 12 " in REMOVED_WHY.format(guest_id=12) + " "
    replaced = REPLACED_WHY.format(guest_id=44, old_id=12) + " "
    assert "guest 12 " in replaced and "guest 44 " in replaced
