"""The hard-writing cues fire on the shapes they name (sentences written for this test, not
taken from any evaluation set)."""

from __future__ import annotations

import pytest

from sazon.text.sentiment.cues import CUE_NAMES, cue_vector


def _cues(text: str, piece_score: float = 0.5) -> dict[str, float]:
    values = cue_vector(text, lambda _piece: piece_score)
    return {n: float(v) for n, v in zip(CUE_NAMES, values, strict=True) if v}


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("¿Regresaría? Ni de broma.", "question_no"),
        ("¿Si vuelvo? Obvio, el sábado.", "question_yes"),
        ("'la mejor sazón de Barranco', sí claro", "irony"),
        ("Servicio rapidísimo 🙄", "eye_roll"),
        ("Antes era un huarique buenazo, ahora lo hacen todo congelado", "turn_score"),
        ("Nada del otro mundo, la verdad", "faint"),
        ("Me dejaron esperando en la puerta y ni disculpas", "implicit_complaint"),
        ("El arroz chaufa, una bomba", "praise_slang"),
        ("Felicito al cocinero por el arroz pegado", "sarcasm"),
        ("El anticucho de la señora de mi cuadra le da mil vueltas", "elsewhere_better"),
        ("Mejor que cualquier cevichería de La Victoria", "here_better"),
    ],
)
def test_cues__fire_on_the_shape_they_name(text: str, cue: str) -> None:
    assert cue in _cues(text), _cues(text)


def test_cues__a_plain_review_fires_nothing_odd() -> None:
    found = _cues("El lomo saltado estuvo jugoso y la atención fue amable", piece_score=0.8)
    assert not {"question_no", "irony", "sarcasm", "implicit_complaint", "faint"} & set(found)


def test_cues__praise_beside_a_complaint_is_weighed() -> None:
    assert (
        _cues("Excelente, solo esperamos una hora 🙄", piece_score=0.9)["praise_with_complaint"] > 0
    )
