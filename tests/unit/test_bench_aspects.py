"""The aspect-category benchmark's loader and official micro-F1, on a hand-made file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_aspects.py"

XML = """<?xml version='1.0' encoding='UTF-8'?>
<Reviews><sentences>
  <sentence id="1"><text>La comida rica pero cara.</text><Opinions>
    <Opinion target="comida" category="FOOD#QUALITY" polarity="positive" from="3" to="9"/>
    <Opinion target="comida" category="FOOD#PRICES" polarity="negative" from="3" to="9"/>
    <Opinion target="NULL" category="FOOD#QUALITY" polarity="positive" from="0" to="0"/>
  </Opinions></sentence>
  <sentence id="2"><text>Buff,</text><Opinions/></sentence>
  <sentence id="3" OutOfScope="TRUE"><text>Fuimos en taxi.</text></sentence>
  <sentence id="4"><text>El mozo, amable.</text><Opinions>
    <Opinion target="mozo" category="SERVICE#GENERAL" polarity="positive" from="3" to="7"/>
  </Opinions></sentence>
</sentences></Reviews>
"""


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_aspects", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_aspects"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_loader__one_category_set_per_sentence_empty_without_opinions(
    bench: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "tiny.xml"
    path.write_text(XML, encoding="utf-8")
    sentences = bench.load_sentences(path)
    assert [s.text for s in sentences] == [
        "La comida rica pero cara.",
        "Buff,",
        "Fuimos en taxi.",
        "El mozo, amable.",
    ]
    # Two FOOD#QUALITY opinions in one sentence are one (sentence, category) pair.
    assert [s.categories for s in sentences] == [
        frozenset({"FOOD#QUALITY", "FOOD#PRICES"}),
        frozenset(),
        frozenset(),
        frozenset({"SERVICE#GENERAL"}),
    ]
    assert [s.out_of_scope for s in sentences] == [False, False, True, False]


def test_micro_scores__counts_pairs_over_all_sentences(bench: ModuleType) -> None:
    gold = [
        frozenset({"FOOD#QUALITY", "FOOD#PRICES"}),
        frozenset(),
        frozenset(),
        frozenset({"SERVICE#GENERAL"}),
    ]
    predicted = [
        frozenset({"FOOD#QUALITY"}),  # 1 tp, 1 fn
        frozenset({"RESTAURANT#GENERAL"}),  # 1 fp on a sentence without opinions
        frozenset(),  # nothing on the out-of-scope sentence: no count
        frozenset({"SERVICE#GENERAL", "AMBIENCE#GENERAL"}),  # 1 tp, 1 fp
    ]
    scores = bench.micro_scores(gold, predicted)
    assert (scores.tp, scores.fp, scores.fn) == (2, 2, 1)
    assert scores.precision == pytest.approx(50.0)  # 2 / 4
    assert scores.recall == pytest.approx(200 / 3)  # 2 / 3
    assert scores.f1 == pytest.approx(2 * 50 * (200 / 3) / (50 + 200 / 3))  # 57.14


def test_micro_scores__nothing_predicted_is_zero_not_an_error(bench: ModuleType) -> None:
    scores = bench.micro_scores([frozenset({"FOOD#QUALITY"})], [frozenset()])
    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)


def test_micro_scores__refuses_misaligned_lists(bench: ModuleType) -> None:
    with pytest.raises(ValueError, match="2 gold sentences but 1 predictions"):
        bench.micro_scores([frozenset(), frozenset()], [frozenset()])


def test_tuning_f1_matches_the_official_scorer(bench: ModuleType) -> None:
    import numpy as np

    gold = np.array([[True, True, False], [False, False, False], [False, False, True]])
    chosen = np.array([[True, False, False], [False, True, False], [False, False, True]])
    cats = ["A", "B", "C"]
    as_sets = [frozenset(c for c, on in zip(cats, row, strict=True) if on) for row in gold]
    pred_sets = [frozenset(c for c, on in zip(cats, row, strict=True) if on) for row in chosen]
    assert bench._f1(gold, chosen) == pytest.approx(bench.micro_scores(as_sets, pred_sets).f1)


def test_missing_data__fails_loudly_never_skips(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "SEMEVAL", tmp_path / "absent")
    with pytest.raises(SystemExit, match="the SemEval-2016 data is missing") as failed:
        bench.load_split("es", "test")
    assert failed.value.code != 0
