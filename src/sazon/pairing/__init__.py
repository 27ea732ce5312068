"""Wine pairing: a dish's flavour profile, sommelier rules, a learned ranker, explanations.

The public API (the only import other packages use):

``suggest(dishes, wines, *, top=3, lang="es", filters=None, non_alcoholic=False,
use_ranker=None) -> list[DishPairing]``
    The best ``top`` wines from ``wines`` for each dish, with a score, a calibrated
    confidence and a ``why`` in Spanish or English. Only wines from ``wines`` are suggested.

``pair_menu(courses, wines, *, mode="per_course", lang="es", non_alcoholic=False,
max_price_pen=None, budget_pen=None, by_the_glass=False, allow_repeats=False,
use_ranker=None) -> MenuPairing``
    A wine for every course of a menu (``mode="flight"``: building from light to full, no
    bottle twice, within ``budget_pen``), each with its reason, plus a drink without alcohol
    per course. ``courses`` is a list of :class:`MenuCourse` (``course`` and a
    :class:`DishInput` with name and ingredients). The event planner calls this.

``build_profile(dish, kb)`` / ``build_wine_profile(wine)``
    The profiles behind the scores (unknown ingredients are listed in the dish profile).

>>> from sazon.pairing import DishInput, WineInput, suggest
>>> [pairing] = suggest(
...     [DishInput(dish_id="1", name="Ceviche de corvina", course="entrada",
...                ingredients=["corvina", "limón", "ají limo", "cebolla roja"])],
...     [WineInput(wine_id="sb", name="Sauvignon Blanc de Casablanca",
...                grapes=["Sauvignon Blanc"], region="Casablanca"),
...      WineInput(wine_id="tannat", name="Tannat Reserva", grapes=["Tannat"])],
...     top=1,
... )
>>> pairing.suggestions[0].wine_id
'sb'
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.pairing.allergens import FINING, DrinkAllergens, drink_allergens
    from sazon.pairing.files import read_dishes, read_wines
    from sazon.pairing.guest_safety import keeps_from_wine, wine_avoid, wine_is_safe
    from sazon.pairing.menu import menu_courses, pair_menu, store_menu
    from sazon.pairing.nonalcoholic import ALCOHOL_TRACE, NOT_VEGAN, drink_profiles
    from sazon.pairing.profile import build_profile
    from sazon.pairing.radar import radar_axes, radar_svg
    from sazon.pairing.rules import RULES, Rule
    from sazon.pairing.schemas import (
        CoursePairing,
        DishInput,
        DishPairing,
        DishProfile,
        Lang,
        MenuCourse,
        MenuPairing,
        Mode,
        PairingFilters,
        Reason,
        Suggestion,
        WineInput,
        WineProfile,
    )
    from sazon.pairing.scoring import DEFAULT_USE_RANKER, MODEL_NAME, PairingModel, load_model
    from sazon.pairing.service import (
        read_inputs,
        store_dishes,
        store_wines,
        suggest,
        suggest_from_store,
        venue_id_of,
    )
    from sazon.pairing.training import (
        example_rows,
        own_examples,
        packaged_json,
        train,
        xwines_examples,
    )
    from sazon.pairing.wine_profile import build_wine_profile

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ALCOHOL_TRACE",
    "DEFAULT_USE_RANKER",
    "FINING",
    "MODEL_NAME",
    "NOT_VEGAN",
    "RULES",
    "CoursePairing",
    "DishInput",
    "DishPairing",
    "DishProfile",
    "DrinkAllergens",
    "Lang",
    "MenuCourse",
    "MenuPairing",
    "Mode",
    "PairingFilters",
    "PairingModel",
    "Reason",
    "Rule",
    "Suggestion",
    "WineInput",
    "WineProfile",
    "build_profile",
    "build_wine_profile",
    "drink_allergens",
    "drink_profiles",
    "example_rows",
    "keeps_from_wine",
    "load_model",
    "menu_courses",
    "own_examples",
    "packaged_json",
    "pair_menu",
    "radar_axes",
    "radar_svg",
    "read_dishes",
    "read_inputs",
    "read_wines",
    "store_dishes",
    "store_menu",
    "store_wines",
    "suggest",
    "suggest_from_store",
    "train",
    "venue_id_of",
    "wine_avoid",
    "wine_is_safe",
    "xwines_examples",
]
