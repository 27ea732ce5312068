"""Stop words for Spanish and English that never hide an opinion.

Stock stop-word lists (spaCy's, NLTK's) contain "no", "nunca", "bien", "mal", "muy", "not",
"very", "good"…: stripping those before sentiment turns "no estaba bueno" into "bueno". We
take spaCy's list when spaCy is importable (its lists ship with the library, no model
download), otherwise our own list below, and always subtract :data:`NEVER_STOP`.
"""

from __future__ import annotations

import importlib
from functools import cache

from sazon.errors import InvalidInput


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Negation, intensity, contrast and evaluation: the words sentiment and aspect rules read.
NEVER_STOP: dict[str, frozenset[str]] = {
    "es": _words(
        """
        no nunca jamás nada ni tampoco sin nadie ninguno ninguna ningún ningunos ningunas
        bien mal mejor peor mejores peores muy más menos mucho mucha muchos muchas poco poca
        pocos pocas demasiado demasiada demasiados demasiadas bastante bastantes tan tanto
        tanta tantos tantas súper super algo casi apenas solo sólo pero aunque sino excepto
        salvo bueno buena buenos buenas buen malo mala malos malas excelente excelentes
        pésimo pésima rico rica ricos ricas nuevo nueva gran grande grandes siempre todavía
        aún ya
        """
    ),
    "en": _words(
        """
        no not never nor none nothing nobody neither nowhere without very too so really
        quite rather more most less least much many few little enough only just but however
        although though yet except good bad well better best worse worst great against
        don't doesn't didn't isn't wasn't aren't weren't won't wouldn't can't cannot
        couldn't shouldn't haven't hasn't hadn't ain't mustn't needn't always still
        """
    ),
}

# Our own lists, used when spaCy is not installed. They deliberately start as broad as a
# stock list (negations included) so that the subtraction above is the one rule that
# protects opinion words, whichever list is in use.
_AUTHORED: dict[str, str] = {
    "es": """
        a al algo algunas algunos ante antes aquel aquella aquellas aquellos aquí así aun
        aunque cada casi como con contra cual cuales cuando cuanto de del desde donde dos
        durante e el él ella ellas ello ellos en entre era erais eran eras eres es esa esas
        ese eso esos esta está estaba estabas estaban estado estamos están estar estas este
        esto estos estoy estuve estuvo estuvimos estuvieron fue fueron fui fuimos ha había
        habían han has hasta hay he hemos la las le les lo los me mi mí mis mía mías mío
        míos muy más mucho muchos nada ni no nos nosotras nosotros nuestra nuestras nuestro
        nuestros nunca o os otra otras otro otros para pero poco por porque que qué quien
        quienes se sea sean ser será sería si sí sido siempre sin sino sobre sois somos son
        soy su sus suya suyas suyo suyos también tampoco tan tanto te tenemos tener tengo
        ti tiene tienen toda todas todo todos tu tú tus tuya tuyo un una uno unas unos usted
        ustedes va van vamos vez y ya yo bien mal bueno buena mejor peor
    """,
    "en": """
        a about above after again against all am an and any are aren't as at be because
        been before being below between both but by can can't cannot could couldn't did
        didn't do does doesn't doing don't down during each few for from further had hadn't
        has hasn't have haven't having he her here hers herself him himself his how i if in
        into is isn't it it's its itself just me more most my myself no nor not now of off
        on once only or other our ours ourselves out over own same she should shouldn't so
        some such than that the their theirs them themselves then there these they this
        those through to too under until up very was wasn't we were weren't what when where
        which while who whom why will with won't would wouldn't you your yours yourself
        yourselves also get got us well good bad
    """,
}

_SPACY_MODULES = {"es": "spacy.lang.es.stop_words", "en": "spacy.lang.en.stop_words"}


def _stock_list(lang: str) -> frozenset[str]:
    try:
        module = importlib.import_module(_SPACY_MODULES[lang])
    except ImportError:
        return _words(_AUTHORED[lang])
    return frozenset(str(word).lower() for word in module.STOP_WORDS)


def _check_lang(lang: str) -> str:
    if lang not in NEVER_STOP:
        raise InvalidInput(f"unknown language {lang!r}: use 'es' or 'en'")
    return lang


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Lower-case stop words for ``lang`` ("es" or "en"), never a negation or opinion word.

    >>> "de" in stopwords("es"), "no" in stopwords("es"), "not" in stopwords("en")
    (True, False, False)
    """
    lang = _check_lang(lang)
    return _stock_list(lang) - NEVER_STOP[lang]
