"""Cues for writing that says the opposite of its words, or less than they seem to.

The rule scorer adds up praise and complaint words; a Lima reviewer often means something
else: "¿Volver? Ni loco." (a rhetorical question answered no), "'el mejor lomo de Lima', sí
claro" (irony), "antes era buenazo, ahora un chiste" (the latest state counts), "nada fuera de
lo común" (faint praise: neutral), "me dejaron esperando y ni disculpas" (a complaint without a
complaint word). Each cue here is a number the learned model reads beside the rule features;
the model learns how much each one weighs from the packaged reviews.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from sazon.knowledge import fold

NO_ANSWER = (
    r"(ni loco|ni loca|ni muerto|ni muerta|ni cagando|ni de broma|ni hablar|ni en suenos|"
    r"para nada|jamas|nunca|nunca mas|no|nop|nel|ni a palos|ni regalado|ni gratis|"
    r"no way|nope|never|hell no|no thanks|not a chance|absolutely not|de ninguna manera)"
)
YES_ANSWER = (
    r"(obvio|obviamente|claro que si|claro|por supuesto|de todas maneras|manana mismo|"
    r"sin dudar\w*|sin pensarlo|fijo|al toque|siempre|yes|absolutely|definitely|of course|"
    r"hell yes|in a heartbeat|100)"
)
# "¿Volver? Ni loco." — the answer decides. Folded text keeps no "?", so read the raw one.
QUESTION = re.compile(r"[¿?]?([^¿?.!]{2,80})\?+\s*([^.!?¿]{0,40})")
_IRONY = re.compile(
    r"\b(si claro|si como no|como no|aja|yeah right|sure thing|sure jan|seguro que si|"
    r"claro que no|que tal|que buen\w*|que lindo|que rico|gracias por nada|thanks for nothing|"
    r"buenisimo el|excelente el|genial el|great job|well done|bravo)\b"
)
_EYE_ROLL = ("🙄", "🙃", "🤡", "😒", "🤦", "💀", "😑", "🫠")
_QUOTED = re.compile(r"[\"“«'‘]([^\"”»'’]{3,60})[\"”»'’]")
# "antes … ahora …", "ya no es lo que era": what follows the turn is the state that counts.
TURN = re.compile(
    r"\b(ahora|hoy en dia|hoy|now|nowadays|these days|lately|ultimamente|ya no|no longer|"
    r"actualmente|desde que cambi\w*|since they changed|despues|after|desde \w+|"
    r"la segunda|la tercera|the second time|this time|esta vez|era$)\b"
)
BEFORE = re.compile(
    r"\b(antes|before|used to|solia|era|eran|fue|was|were|la primera vez|los primeros|"
    r"cuando abrieron|when they opened|al inicio|at first)\b"
)
_FAINT = re.compile(
    r"\b(nada fuera de lo comun|nada del otro mundo|nada especial|nada extraordinario|"
    r"nada memorable|ni fu ni fa|normal nomas|normalito|normal|correcto|correcta|cumple|"
    r"aceptable|pasable|regular|meh|mas o menos|ahi nomas|ok nomas|ok|okay|decente|"
    r"promedio|estandar|del monton|tampoco un robo|tampoco es para tanto|no es para tanto|"
    r"nothing special|nothing to write home about|average|decent|fine i guess|its fine|"
    r"it s fine|so so|mediocre|not bad not great|ni bien ni mal|no es para tirar cohetes)\b"
)
_COMPLAINT = re.compile(
    r"\b(me dejaron esperando|nos dejaron esperando|ni disculpas|ni perdon|ni un perdon|"
    r"ni siquiera|misio|tirando a mala|tirando a malo|shame about|una estafa|un robo|un chiste|"
    r"roche|huachafo|un asco|da pena|dio pena|nunca mas|never again|no vuelvo|no volvere|"
    r"no regreso|no pienso volver|tuvimos que|had to|we waited|esperamos|nos cobraron|"
    r"cobraron de mas|overpriced|comimos a las|llego frio|llego fria|llegaron frios|"
    r"sin sal|sin sabor|insipid\w*|bland|ni caso|ignored|se olvidaron|forgot|fria|frio|"
    r"crudo|quemado|burnt|salado|grasoso|greasy|pelo en|hair in|cucaracha|me enferm\w*|"
    r"got sick|food poisoning|intoxica\w*|no vale|not worth|para llevar a la basura|"
    r"a la basura|perdida de tiempo|waste of|desperdicio|de terror|pesadilla|nightmare)\b"
)
_PRAISE_SLANG = re.compile(
    r"\b(paja|bravazo|bravaza|una bomba|mostro|chevere|buenazo|buenaza|de la pitri mitri|"
    r"riquisimo|espectacular|top|10 10|100 10|recontra rico|bacan|bacanazo|la rompe|"
    r"rompe|lo maximo|lo mejor|una maravilla|delicioso|deliciosa|to die for|amazing|"
    r"no esta nada mal|nada mal|not bad at all|no esta mal|pretty good|bastante bien)\b"
)
_POSITIVE_EMOJI = ("😍", "🤤", "👌", "🔥", "❤", "🥰", "😋", "💯", "👏", "🙌", "🤩")
_NEGATIVE_EMOJI = ("🤮", "🤢", "😡", "😤", "👎", "😠", "💩", "😞", "😖", "😩")

# Praise that is really a jab: "felicito al chef por…", "si lo que buscas es que te ignoren",
# "qué bonito pagar 120 soles y salir con hambre", "todo un lujo", "brilliant idea to…".
_SARCASM = re.compile(
    r"\b(felicito|felicitaciones|mis felicitaciones|kudos|bravo por|eso es talento|"
    r"un visionario|una visionaria|todo un lujo|si lo que buscas|si quieres (?:bajar|esperar|"
    r"ayunar)|if you (?:like|want|enjoy) (?:waiting|being)|oh great|brilliant idea|great idea|"
    r"excelente idea|gran idea|gran detalle|que detalle|que bonito (?:pagar|esperar|que)|"
    r"que bien que|que lindo (?:pagar|esperar|que)|nadie|ni nos|ni siquiera)\b"
)
# Another place praised against this one ("el ceviche de mi abuela le da mil vueltas",
# "I've had better … in New Jersey") against this one praised ("mejor que cualquier…").
_ELSEWHERE_BETTER = re.compile(
    r"\b(le da mil vueltas|les da mil vueltas|tiene mejor|tienen mejor|he comido mejor|"
    r"comi mejor|i ve had better|had better|es mas jugoso|son mas ricos|mas rico en|"
    r"mejor en casa|better at home|better in|was better|era mejor|cualquier .{0,30} es mejor|"
    r"hasta el .{0,30} (?:tiene|es) mejor)\b"
)
_HERE_BETTER = re.compile(
    r"\b(mejor que|better than|le gana a|supera a|ni en .{0,20} se come asi|se acerca bastante|"
    r"a la altura de|como el de mi abuela|como en casa)\b"
)

CUE_NAMES = (
    "question_no", "question_yes", "irony", "eye_roll", "quoted_praise", "turn_score",
    "faint", "implicit_complaint", "praise_slang", "emoji_balance", "sarcasm",
    "elsewhere_better", "here_better", "praise_with_complaint",
)  # fmt: skip


def cue_vector(
    text: str, score: Callable[[str], float], whole: float | None = None
) -> NDArray[np.float64]:
    """The cues of one text, in :data:`CUE_NAMES` order. ``score`` gives the rule scorer's
    polarity (-1…1) of a piece of text (for the part after a turn, and quoted praise);
    ``whole`` is ``score(text)`` when the caller has it already (the rules have read the
    text once: reading it again would double their cost)."""
    folded = fold(text)
    no = yes = 0.0
    for m in QUESTION.finditer(text):
        answer = fold(m.group(2))
        if re.match(NO_ANSWER + r"\b", answer):
            no += 1.0
        elif re.match(YES_ANSWER + r"\b", answer):
            yes += 1.0
    irony = float(bool(_IRONY.search(folded)))
    eye_roll = float(any(e in text for e in _EYE_ROLL))
    quoted = max((score(q) for q in _QUOTED.findall(text)), default=0.0)
    quoted_praise = quoted if quoted > 0 and (irony or eye_roll) else 0.0
    turn_score = 0.0
    turn = TURN.search(folded)
    if turn is not None and BEFORE.search(folded[: turn.start()] or folded):
        turn_score = score(folded[turn.end() :]) or turn_fallback(folded[turn.end() :], turn)
    elif turn is not None and turn.group(1) in _NO_LONGER:
        turn_score = -0.5
    faint = float(len(_FAINT.findall(folded)))
    complaint = float(len(_COMPLAINT.findall(folded)))
    slang = float(len(_PRAISE_SLANG.findall(folded)))
    emoji = float(sum(text.count(e) for e in _POSITIVE_EMOJI))
    emoji -= float(sum(text.count(e) for e in _NEGATIVE_EMOJI))
    sarcasm = float(len(_SARCASM.findall(folded)))
    elsewhere = float(bool(_ELSEWHERE_BETTER.search(folded)))
    here = float(bool(_HERE_BETTER.search(folded))) * (1.0 - elsewhere)
    # Praise words beside a complaint situation: the usual shape of sarcasm.
    signs = complaint + sarcasm + eye_roll + irony
    praise_with_complaint = 0.0
    if signs:
        praise_with_complaint = max(score(text) if whole is None else whole, 0.0) * signs
    return np.asarray(
        (
            no, yes, irony, eye_roll, quoted_praise, turn_score, faint, complaint, slang, emoji,
            sarcasm, elsewhere, here, praise_with_complaint,
        ),
        dtype=np.float64,
    )  # fmt: skip


_NO_LONGER = frozenset({"ya no", "no longer"})


def turn_fallback(after: str, turn: re.Match[str]) -> float:
    """The state after a turn when the rules find no opinion in it: slang the lexicon does
    not weigh ("ahora es un chiste", "ahora una bomba"), else "ya no" alone is a loss."""
    complaint, praise = bool(_COMPLAINT.search(after)), bool(_PRAISE_SLANG.search(after))
    if complaint != praise:
        return -0.5 if complaint else 0.5
    return -0.5 if turn.group(1) in _NO_LONGER else 0.0
