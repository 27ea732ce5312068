"""Keyphrases of a collection of reviews."""

from __future__ import annotations

from sazon.text import Keyphrase, keyphrases

REVIEWS = [
    "El ají de gallina estaba riquísimo, pero la atención lenta.",
    "Pedimos ají de gallina y lomo saltado, todo bacán.",
    "El lomo saltado llegó frío y demoraron un montón.",
    "Los anticuchos buenazos, el pisco sour muy dulce.",
    "Anticucho de corazón espectacular. Volveremos!",
    "La papa a la huancaína estaba muy salada.",
    "Papa a la huancaína y causa limeña, ricas.",
    "El ceviche fresco, la leche de tigre picante 🔥",
    "Ceviche mixto normal, el servicio lento 🐢",
    "Atención lenta, esperamos 40 minutos por el ceviche.",
    "The pisco sour was too sweet but the ceviche was great",
    "Great lomo saltado, slow service though",
]


def test_keyphrases__finds_dish_names_and_complaints() -> None:
    found = keyphrases(REVIEWS, top=6)
    phrases = [k.phrase for k in found]
    assert phrases[0] == "lomo saltado"
    assert {"ají de gallina", "papa a la huancaína", "pisco sour", "atención lenta"} <= set(phrases)
    assert found[0] == Keyphrase("lomo saltado", 1.0, 3)  # Spanish and English mentions merged


def test_keyphrases__never_start_or_end_on_stop_negation_or_opinion_words() -> None:
    found = keyphrases(REVIEWS, top=50, min_count=1)
    edges = {"el", "la", "de", "y", "no", "muy", "pero", "rico", "ricas", "great", "the"}
    for k in found:
        words = k.phrase.split()
        assert words[0] not in edges and words[-1] not in edges, k
        assert 1 <= len([w for w in words if w not in {"de", "a", "la", "con"}]) <= 3


def test_keyphrases__a_part_that_never_stands_alone_is_not_listed() -> None:
    phrases = [k.phrase for k in keyphrases(REVIEWS, top=50, min_count=1)]
    assert "lomo saltado" in phrases
    assert "saltado" not in phrases and "gallina" not in phrases


def test_keyphrases__merges_plurals_and_shows_the_common_form() -> None:
    texts = ["Los anticuchos", "los anticuchos de corazón", "un anticucho", "anticuchos!"]
    top = keyphrases(texts, lang="es", top=1)
    assert top == [Keyphrase("anticuchos", 1.0, 4)]


def test_keyphrases__is_deterministic_and_respects_top() -> None:
    assert keyphrases(REVIEWS, top=5) == keyphrases(list(REVIEWS), top=5)
    assert len(keyphrases(REVIEWS, top=3)) == 3
    scores = [k.score for k in keyphrases(REVIEWS, top=10)]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0


def test_keyphrases__min_count_drops_single_mentions_in_a_stream() -> None:
    found = keyphrases(REVIEWS, top=50)  # 12 texts: min_count defaults to 2
    assert all(k.count >= 2 for k in found)
    assert not any("tigre" in k.phrase for k in found)
    everything = keyphrases(REVIEWS, top=50, min_count=1)
    assert any(k.phrase.startswith("leche de tigre") for k in everything)


def test_keyphrases__english_collection() -> None:
    texts = [
        "The fish tacos were great and the margaritas strong",
        "Fish tacos again, slow service though",
        "Loved the fish tacos, the service was slow",
    ]
    phrases = [k.phrase for k in keyphrases(texts, lang="en", top=3)]
    assert phrases[0] == "fish tacos"
    assert "service" in phrases or "slow service" in phrases


def test_keyphrases__empty_inputs() -> None:
    assert keyphrases([]) == []
    assert keyphrases(["", "!!!", "muy muy"], top=5) == []
    assert keyphrases(REVIEWS, top=0) == []
