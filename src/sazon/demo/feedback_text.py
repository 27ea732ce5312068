"""Phrase pools for reviews, per aspect and polarity, in Lima Spanish and in English.

Levels: ``++`` delighted, ``+`` pleased, ``0`` lukewarm, ``-`` let down, ``--`` angry. A review
is put together from the aspects that struck the guest most, so its words follow the hidden
quality of the visit, and so does its rating.
"""

from __future__ import annotations

import random

from sazon.demo.randomness import chance

Pools = dict[str, dict[str, tuple[str, ...]]]

ES: Pools = {
    "food": {
        "++": (
            "Asu mare, qué rico todo.", "La comida, espectacular.", "Comida buenaza, de verdad.",
            "Todo riquísimo, se nota la mano del chef.",
            "Sabores increíbles, de lo mejor que he comido en Lima.",
            "La sazón es otra cosa, espectacular.",
        ),
        "+": (
            "La comida muy rica.", "Todo estuvo rico.", "Buena sazón y porciones generosas.",
            "Los platos bien servidos y sabrosos.", "Comimos rico.",
            "La comida no estuvo nada mal.",
        ),
        "0": (
            "La comida ni fu ni fa.", "La comida bien, nada del otro mundo.",
            "Correcto, sin sorpresas.", "Normal, rico pero he probado mejores.",
        ),
        "-": (
            "La comida no estuvo a la altura.", "Los platos llegaron tibios.",
            "Le faltaba sazón a casi todo.", "Porciones chiquitas.",
            "No me gustó la comida, muy salada.",
        ),
        "--": (
            "La comida, pésima.", "Una decepción total, nada tenía sabor.",
            "Terrible, la comida llegó fría y sin sabor.", "Pésimo, me cayó mal la comida.",
        ),
    },
    "dish": {
        "++": (
            "Pedimos {dish} y estaba espectacular.", "Asu mare, lo mejor fue {dish}.",
            "{Dish}: buenazo, para repetir.", "{Dish} de otro nivel, espectacular.",
        ),
        "+": ("Pedimos {dish}: muy rico.", "Recomiendo pedir {dish}.", "{Dish}, muy bien logrado."),
        "0": ("Pedimos {dish}: bien, sin más.", "{Dish}: ni fu ni fa."),
        "-": (
            "Lo de {dish} no me convenció.", "Pedimos {dish} y llegó tibio.",
            "{Dish} con demasiada sal.",
        ),
        "--": ("{Dish}: pésimo, no lo recomiendo.", "Pedimos {dish} y fue una decepción total."),
    },
    "service": {
        "++": (
            "La atención fue paja.", "La atención, de lujo: súper atentos.",
            "El mozo nos atendió bacán, muy amable y conocía toda la carta.",
            "Atención de primera, te hacen sentir en casa.",
        ),
        "+": (
            "Buena atención.", "Los mozos muy amables.", "Nos atendieron bien y rápido.",
            "Muy amables todos.",
        ),
        "0": ("La atención normal.", "El servicio correcto, sin más."),
        "-": (
            "La atención dejó que desear.", "Los mozos medio distraídos.",
            "Tuvimos que llamar varias veces al mozo.",
            "No estuvo bien la atención, se olvidaron de un plato.",
        ),
        "--": (
            "La atención, pésima.", "Pésimo servicio, el mozo de mala gana.",
            "Nos trataron terrible.", "Atención malísima, nadie se hacía cargo.",
        ),
    },
    "wait": {
        "++": ("Los platos salieron volando.", "Cero esperas, todo llegó al toque."),
        "+": ("No esperamos mucho.", "Los platos llegaron rápido."),
        "0": ("La espera normal para un fin de semana.", "Tardaron un poco, pero ok."),
        "-": (
            "Demoraron un montón con los fondos.", "Esperamos casi 40 minutos por los platos.",
            "Se demoraron bastante.",
        ),
        "--": (
            "Una hora esperando el fondo, terrible.",
            "Demoraron un montón y nadie nos explicaba nada, pésimo.",
        ),
    },
    "ambience": {
        "++": (
            "El local está precioso.", "Ambiente bacán, ideal para una cita.",
            "La terraza es lo máximo.", "Lindo local, muy acogedor.",
        ),
        "+": ("Bonito ambiente.", "Local agradable.", "Buena música y buen ambiente."),
        "0": ("El local está bien.", "Ambiente normal."),
        "-": (
            "Mucho ruido, no se podía conversar.", "Muy huachafo el local.",
            "Hacía mucho calor adentro.", "Las mesas muy pegadas.",
        ),
        "--": ("El baño estaba asqueroso, pésimo.", "Ambiente terrible, música a todo volumen."),
    },
    "price": {
        "++": ("Precio justo para la calidad, una ganga.", "Excelente relación precio-calidad."),
        "+": ("Buenos precios.", "Precio razonable.", "Vale lo que cuesta."),
        "0": ("Un poco caro, pero bueno.", "Rico pero caro.", "Precios de zona top, ya sabes."),
        "-": (
            "Caro para lo que sirven.", "Rico pero caro, la verdad.",
            "Las porciones no justifican el precio.",
        ),
        "--": ("Un robo, carísimo para lo que es.", "Pésima relación precio-calidad."),
    },
}  # fmt: skip

EN: Pools = {
    "food": {
        "++": (
            "Amazing food, best meal of our trip.", "Outstanding food, every dish was a hit.",
            "Absolutely delicious.", "Incredible flavours, we loved everything.",
        ),
        "+": ("Food was very good.", "Tasty dishes and generous portions.",
              "Really enjoyed the food."),
        "0": ("Food was okay, nothing special.", "Decent food."),
        "-": ("Food was disappointing.", "Dishes arrived lukewarm.", "Too salty for my taste."),
        "--": ("Awful food, tasteless and cold.", "Terrible food, we left half of it."),
    },
    "dish": {
        "++": ("{Dish} was amazing!", "Outstanding {dish}, a must-try."),
        "+": ("Loved the {dish}.", "{Dish} was really good."),
        "0": ("{Dish} was fine.",),
        "-": ("{Dish} was not great.", "{Dish} came out lukewarm."),
        "--": ("{Dish} was awful.",),
    },
    "service": {
        "++": ("Outstanding service, our waiter explained every dish.",
               "Staff were amazing and so friendly."),
        "+": ("Friendly staff.", "Good service."),
        "0": ("Service was fine.",),
        "-": ("Service was a bit slow and inattentive.", "We had to ask twice for everything."),
        "--": ("Terrible service, the waiter was rude.", "Awful service."),
    },
    "wait": {
        "++": ("Food came out super quick.",),
        "+": ("No long waits.",),
        "0": ("A bit of a wait, but okay.",),
        "-": ("Long wait for the mains.", "We waited 45 minutes for our food."),
        "--": ("Waited over an hour for the mains. Terrible.",),
    },
    "ambience": {
        "++": ("Beautiful place, amazing vibe.", "Gorgeous terrace."),
        "+": ("Nice atmosphere.", "Cozy place."),
        "0": ("The place is okay.",),
        "-": ("Very noisy, hard to talk.", "A bit cramped."),
        "--": ("Awful atmosphere, music blasting.",),
    },
    "price": {
        "++": ("Great value for money.",),
        "+": ("Fair prices.",),
        "0": ("A bit pricey but fine.",),
        "-": ("Overpriced for what you get.",),
        "--": ("A total rip-off.",),
    },
}  # fmt: skip

CLOSERS = {
    "es": {
        5: ("¡Volveremos pronto!", "Recomendadísimo.", "100% recomendado.", "Chévere todo.",
            "Ya queremos volver."),
        4: ("Volveremos.", "Recomendado.", "Bien en general.", "Buena experiencia."),
        3: ("Regular.", "Puede mejorar.", "No sé si vuelva."),
        2: ("No volvería.", "Qué pena, esperaba más."),
        1: ("Nunca más.", "No lo recomiendo para nada."),
    },
    "en": {
        5: ("Highly recommend!", "Can't wait to come back.", "A must in Lima."),
        4: ("Would come back.", "Recommended."),
        3: ("It was okay.", "Could be better."),
        2: ("Wouldn't return.",),
        1: ("Never again.", "Avoid."),
    },
}  # fmt: skip

SHORT = {
    "es": {
        5: ("Todo rico 👌", "¡Bacán todo!", "Chévere 🙌", "¡Espectacular!",
            "Asu mare, qué rico 😋"),
        4: ("Muy rico todo.", "Bien 👍", "Rico y buena atención."),
        3: ("Ni fu ni fa.", "Normal.", "Rico pero caro."),
        2: ("Demoraron un montón 😒", "Esperaba más."),
        1: ("Pésimo.", "Nunca más 👎"),
    },
    "en": {
        5: ("Amazing! 😍", "Loved it!"),
        4: ("Very good 👍", "Nice dinner."),
        3: ("Just okay.",),
        2: ("Meh. Overpriced.",),
        1: ("Awful.",),
    },
}  # fmt: skip

OPENERS = {
    "es": {
        "cumpleaños": ("Fuimos por un cumpleaños.", "Celebramos mi cumpleaños aquí."),
        "almuerzo de negocios": ("Almuerzo de trabajo.", "Vine a almorzar con clientes."),
        "aniversario": ("Vinimos por nuestro aniversario.",),
        "San Valentín": ("Cena de San Valentín.",),
        "reunión familiar": ("Salida familiar.", "Almuerzo con toda la familia."),
        "": ("Cena con amigos en {venue}.", "Fuimos a {venue}."),
        "primera": ("Primera vez en {venue}.", "Por fin conocimos {venue}."),
        "regular": ("Volvimos a {venue}, como siempre.", "Otra vez en {venue}."),
    },
    "en": {
        "": ("Dinner at {venue} with friends.", "We went to {venue} on our trip to Lima."),
        "primera": ("First time at {venue}.",),
        "regular": ("Back at {venue} again.",),
    },
}  # fmt: skip

EMOJI = {"pos": ("😋", "🔥", "👌", "🙌", "😍", "✨", "🇵🇪"), "neg": ("😒", "😤", "👎", "😡"),
         "mid": ("🤷",)}  # fmt: skip

# Used by the tests: words only the extreme levels use.
STRONG_NEGATIVE = ("pésim", "nunca más", "terrible", "decepción", "awful", "never again")
STRONG_POSITIVE = ("espectacular", "buenazo", "asu mare", "outstanding", "amazing", "bacán")

_CONTRAST = {"es": ("pero", "aunque", "eso sí,"), "en": ("but", "although")}


def level(value: float) -> str:
    if value >= 0.6:
        return "++"
    if value >= 0.2:
        return "+"
    if value > -0.2:
        return "0"
    if value > -0.55:
        return "-"
    return "--"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def compose(
    rng: random.Random,
    language: str,
    aspects: dict[str, float],
    rating: int,
    dishes: list[str],
    venue: str,
    occasion: str | None,
    visits_before: int = 0,
) -> str:
    """A review that says what struck the guest, in the guest's language."""
    lang = "es" if language == "es" else "en"
    pools = ES if lang == "es" else EN
    mood = "pos" if rating >= 4 else "neg" if rating <= 2 else "mid"
    if chance(rng, 0.15):
        text = rng.choice(SHORT[lang][rating])
        return text
    # People write about what surprised them most, for better or worse.
    ranked = sorted(aspects, key=lambda a: -(abs(aspects[a]) + rng.uniform(0, 0.35)))
    k = rng.choice((1, 2, 2, 3))
    sentences: list[str] = []
    habit = "primera" if visits_before == 0 else "regular" if visits_before >= 3 else ""
    openers = OPENERS[lang].get(occasion or habit, OPENERS[lang][""])
    if chance(rng, 0.3):
        sentences.append(rng.choice(openers).format(venue=venue))
    previous: str | None = None
    joined_once = False
    for aspect in ranked[:k]:
        lvl = level(aspects[aspect])
        if aspect == "food" and dishes and chance(rng, 0.45):
            dish = rng.choice(dishes)
            phrase = rng.choice(pools["dish"][lvl]).format(
                dish=_lower_first(dish) if lang == "es" else dish, Dish=dish
            )
        else:
            phrase = rng.choice(pools[aspect][lvl])
        sign = "+" if lvl in {"++", "+"} else "-" if lvl in {"-", "--"} else "0"
        if (
            previous
            and sentences
            and previous != sign
            and "0" not in {previous, sign}
            and not joined_once
        ):
            # Contrast joins a good and a bad point in one sentence, as people write them.
            joined = sentences.pop().rstrip(".!")
            phrase = f"{joined}, {rng.choice(_CONTRAST[lang])} {_lower_first(phrase)}"
            joined_once = True
        sentences.append(phrase)
        previous = sign
    if chance(rng, 0.6):
        sentences.append(rng.choice(CLOSERS[lang][rating]))
    text = " ".join(sentences)
    if chance(rng, 0.3):
        text += " " + rng.choice(EMOJI[mood])
    return text
