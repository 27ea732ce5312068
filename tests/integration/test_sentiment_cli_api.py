"""``sazon text …`` through the CLI runner, and ``POST /api/v1/text/sentiment`` through a
real server: the documented JSON, one clear line for bad input, training into the registry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sazon.cli.app import run
from sazon.ml import ModelRegistry
from tests.servers import Server, sazon_server, seed_models

pytestmark = pytest.mark.integration

REVIEWS = (
    "id,text\n"
    'r1,"Asu mare, qué rico el ceviche 😋 pero caro"\n'
    "r2,la atención dejó mucho que desear\n"
    "r3,\n"
    "r4,Amazing pisco sours and super friendly staff\n"
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sentiment_models: Path) -> Path:
    # The default model saved once per session, as a first run leaves it: each test's run
    # loads it instead of fitting it again for the new home.
    seed_models(sentiment_models, tmp_path / "home")
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SAZON_DATABASE_URL", raising=False)
    return tmp_path


def sazon(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli__sentiment_prints_the_documented_json(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "reviews.csv"
    path.write_text(REVIEWS, encoding="utf-8")
    code, out, err = sazon(capsys, "text", "sentiment", "--input", str(path), "--format", "json")
    assert code == 0, err
    results = json.loads(out)
    assert [r["id"] for r in results] == ["r1", "r2", "r4"]
    for r in results:
        assert set(r) == {"id", "label", "score", "language", "aspects", "warnings"}
        assert r["warnings"] == []
        assert r["label"] in ("negative", "neutral", "positive") and -1 <= r["score"] <= 1
        for a in r["aspects"]:
            assert set(a) == {"aspect", "label", "score", "evidence"}
    by_id = {r["id"]: r for r in results}
    assert by_id["r2"]["label"] == "negative"
    assert by_id["r4"]["label"] == "positive" and by_id["r4"]["language"] == "en"
    aspects = {a["aspect"]: a for a in by_id["r1"]["aspects"]}
    assert aspects["food"]["label"] == "positive" and aspects["price"]["label"] == "negative"
    assert aspects["price"]["evidence"] == "pero caro"
    # The empty row is reported (in Spanish, like the rest of the CLI), not dropped in silence.
    assert "aviso: id r3: texto vacío, se omite" in err
    assert "1 fila sin texto; 3 filas puntuadas" in err


def test_cli__jsonl_input_and_table_and_csv_output(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "reviews.jsonl"
    path.write_text(
        json.dumps({"id": 1, "text": "chévere todo"}) + "\n"
        + json.dumps({"id": 2, "text": "pésimo"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    code, out, _ = sazon(capsys, "text", "sentiment", "-i", str(path), "-f", "csv")
    assert code == 0
    assert out.splitlines()[0] == "id,label,score,language,aspects"
    assert out.splitlines()[1].startswith("1,positive,")
    code, out, _ = sazon(capsys, "text", "sentiment", "-i", str(path))
    assert code == 0 and "positive" in out and "negative" in out


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"id,comentario\n1,rico\n", "no 'text' column (found: id, comentario)"),
        (b"text\nrico\n", "no 'id' column"),
        (b"id,text\n1,ni\xf1o rico\n", "is not UTF-8"),
    ],
)
def test_cli__bad_input_is_one_clear_line_and_exit_1(
    home: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str
) -> None:
    path = home / "bad.csv"
    path.write_bytes(content)
    code, out, err = sazon(capsys, "text", "sentiment", "--input", str(path), "--format", "json")
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0]


def test_cli__missing_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = sazon(capsys, "text", "sentiment", "--input", str(home / "nope.csv"))
    assert code == 1 and "no such file" in err


@pytest.mark.parametrize("command", ["sentiment", "detect-language", "keyphrases",
                                     "train-sentiment"])  # fmt: skip
def test_cli__a_folder_is_one_clear_line_for_every_command(
    home: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = sazon(capsys, "text", command, "--input", str(home))
    assert (code, out) == (1, "")
    assert err.strip().splitlines() == [f"error: {home} is a folder, not a file; give the path "
                                         "of the CSV or JSONL file"]  # fmt: skip


def test_cli__excel_semicolons_and_json_lists_are_read(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "excel.csv").write_text("id;text\nr1;rico, pero caro\n", encoding="utf-8")
    (home / "list.json").write_text('[{"id": "r1", "text": "rico, pero caro"}]', "utf-8")
    for name in ("excel.csv", "list.json"):
        code, out, err = sazon(capsys, "text", "sentiment", "-i", str(home / name), "-f", "json")
        assert code == 0, err
        [result] = json.loads(out)
        assert {a["aspect"]: a["label"] for a in result["aspects"]} == {
            "food": "positive", "price": "negative"}  # fmt: skip


def test_cli__a_long_text_is_read_in_part_and_says_so(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "long.csv"
    path.write_text("id,text\nL," + "rico pero caro " * 1000 + "\n", encoding="utf-8")
    code, out, err = sazon(capsys, "text", "sentiment", "-i", str(path), "-f", "json")
    assert code == 0
    warning = "only the first 5000 of 15000 characters were analysed"
    assert json.loads(out)[0]["warnings"] == [warning]
    assert "aviso: id L: solo se analizaron los primeros 5000 de 15000 caracteres" in err


def test_cli__keyphrases_top_out_of_range_is_a_user_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "reviews.csv"
    path.write_text(REVIEWS, encoding="utf-8")
    code, _, err = sazon(capsys, "text", "keyphrases", "-i", str(path), "--top", "0")
    assert code == 1 and "error: --top 0: give a number from 1 to 500" in err


def test_cli__a_broken_active_model_is_a_dependency_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = home / "home" / "models" / "sentiment"
    models.mkdir(parents=True)
    (models / "ACTIVE").write_text("v0042\n")
    path = home / "reviews.csv"
    path.write_text(REVIEWS, encoding="utf-8")
    code, out, err = sazon(capsys, "text", "sentiment", "-i", str(path), "-f", "json")
    assert (code, out) == (3, "")
    [line] = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert "sentiment model v0042 cannot be loaded" in line and "train-sentiment" in line


def test_cli__detect_language_and_keyphrases(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "reviews.csv"
    path.write_text(REVIEWS, encoding="utf-8")
    code, out, _ = sazon(capsys, "text", "detect-language", "-i", str(path), "-f", "json")
    assert code == 0
    assert {r["id"]: r["language"] for r in json.loads(out)} == {"r1": "es", "r2": "es", "r4": "en"}
    code, out, _ = sazon(capsys, "text", "keyphrases", "-i", str(path), "-f", "json", "--top", "3")
    assert code == 0 and all({"phrase", "score", "count"} == set(k) for k in json.loads(out))


def test_cli__train_sentiment_on_star_ratings_saves_and_activates(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [("el lomo buenazo", 5), ("todo frío y pésimo", 1), ("normal nomás", 3)] * 8
    path = home / "own.csv"
    path.write_text(
        "id,text,rating\n" + "".join(f"{i},{t} {i},{r}\n" for i, (t, r) in enumerate(rows)),
        encoding="utf-8",
    )
    # Only the file's rows, so the cross-validation stays quick; the packaged reviews are
    # added by default (checked in test_sentiment_processor).
    code, out, err = sazon(
        capsys, "text", "train-sentiment", "-i", str(path), "--own-data-only", "-f", "json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert (report["version"], report["active"], report["label_source"]) == (
        "v0001",
        True,
        "rating",
    )
    assert report["label_counts"] == {"negative": 8, "neutral": 8, "positive": 8}
    assert 0 <= report["metrics"]["cv_accuracy"] <= 1
    assert "default_accuracy" in report["metrics"]
    registry = ModelRegistry(home / "home" / "models")
    manifest = registry.manifest("sentiment")
    assert manifest.active and manifest.data_fingerprint.startswith("sha256:")
    assert manifest.metrics["train_rows"] == len(rows)
    reviews = home / "reviews.csv"
    reviews.write_text(REVIEWS, encoding="utf-8")
    code, out, _ = sazon(capsys, "text", "sentiment", "-i", str(reviews), "-f", "json")
    assert code == 0 and len(json.loads(out)) == 3


def test_cli__train_sentiment_table_reads_in_spanish(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [("el lomo buenazo", 5), ("todo frío y pésimo", 1), ("normal nomás", 3)] * 4
    path = home / "own.csv"
    path.write_text(
        "id,text,rating\n" + "".join(f"{i},{t} {i},{r}\n" for i, (t, r) in enumerate(rows))
        + "99,,5\n",
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = sazon(
        capsys, "text", "train-sentiment", "-i", str(path), "--own-data-only", "--no-cv",
        "--no-activate",
    )  # fmt: skip
    assert code == 0, err
    line = " ".join(out.split())  # the console wraps long lines
    assert "(guardado sin activar / saved, not active): 12 textos por estrellas: " in line
    assert "4 negativos, 4 neutros, 4 positivos" in line
    assert "aviso: 1 fila sin texto, no se usó para entrenar" in err


def test_cli__train_sentiment_refuses_a_file_without_labels(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "own.csv"
    path.write_text("id,text\n1,rico\n", encoding="utf-8")
    code, _, err = sazon(capsys, "text", "train-sentiment", "-i", str(path))
    assert code == 1 and "'label' or 'rating' column" in err


# ---- the API ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sentiment_models: Path) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("text-api")
    seed_models(sentiment_models, home)
    with sazon_server(home) as srv:
        yield srv


def post(server: Server, body: object, role: str | None = "marketing") -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    return httpx.post(f"{server.url}/api/v1/text/sentiment", json=body, headers=headers, timeout=60)


def test_api__sentiment_for_any_authenticated_role(server: Server) -> None:
    body = {
        "items": [
            {"id": "a", "text": "rico pero caro"},
            {"id": "b", "text": "  "},
            {"id": "c", "text": "the waiter was super rude"},
        ]
    }
    for role in ("marketing", "analyst", "staff", "admin"):
        r = post(server, body, role)
        assert r.status_code == 200, r.text
    data = r.json()
    assert [x["id"] for x in data["results"]] == ["a", "c"]
    assert data["skipped"] == [{"id": "b", "reason": "empty text"}]
    assert data["model"] == {"name": "sentiment-default", "version": "builtin"}
    a, c = data["results"]
    assert {x["aspect"]: x["label"] for x in a["aspects"]} == {
        "food": "positive",
        "price": "negative",
    }
    assert c["label"] == "negative"
    assert {x["aspect"] for x in c["aspects"]} == {"service"}


def test_api__needs_a_key(server: Server) -> None:
    r = post(server, {"items": [{"id": "a", "text": "rico"}]}, role=None)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"items": []},
        {"items": [{"id": str(i), "text": "rico"} for i in range(501)]},
        {"items": [{"id": "a", "text": "x" * 5001}]},
        {"items": [{"id": "", "text": "rico"}]},
        {"items": [{"id": "a"}]},
        {"items": [{"id": "a", "text": "rico", "extra": 1}]},
    ],
)
def test_api__bounded_and_validated(server: Server, body: object) -> None:
    r = post(server, body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")


def test_api__a_broken_active_model_is_503_not_the_texts_fault(server: Server) -> None:
    active = server.home / "models" / "sentiment" / "ACTIVE"
    active.parent.mkdir(parents=True, exist_ok=True)
    active.write_text("v0042\n")
    try:
        r = post(server, {"items": [{"id": "a", "text": "rico pero caro"}]})
    finally:
        active.unlink()
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "dependency_unavailable"
    assert "v0042" in problem["detail"] and "sazon text train-sentiment" in problem["detail"]
    # Fixed, the same server serves again without a restart.
    assert post(server, {"items": [{"id": "a", "text": "rico pero caro"}]}).status_code == 200


def call(server: Server, path: str, body: object, role: str | None = "analyst") -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    return httpx.post(f"{server.url}/api/v1{path}", json=body, headers=headers, timeout=60)


def test_api__language_of_each_item_for_any_role(server: Server) -> None:
    body = {
        "items": [
            {"id": "a", "text": "Asu mare, qué rico el ceviche, bacán"},
            {"id": "b", "text": "Amazing pisco sours and super friendly staff"},
            {"id": "c", "text": "10/10 👍"},
            {"id": "d", "text": ""},
        ]
    }
    for role in ("marketing", "analyst", "staff", "sommelier", "admin"):
        r = call(server, "/text/language", body, role)
        assert r.status_code == 200, r.text
    assert r.json() == {"results": [
        {"id": "a", "language": "es"}, {"id": "b", "language": "en"},
        {"id": "c", "language": "und"}, {"id": "d", "language": "und"},
    ]}  # fmt: skip


def test_api__keyphrases_of_a_collection(server: Server) -> None:
    texts = [
        "El lomo saltado, buenazo",
        "lomo saltado y pisco sour",
        "el pisco sour bien helado",
        "otra vez el lomo saltado, riquísimo",
    ]
    r = call(server, "/text/keyphrases", {"texts": texts, "top": 2})
    assert r.status_code == 200, r.text
    found = r.json()["keyphrases"]
    assert [k["phrase"] for k in found] == ["lomo saltado", "pisco sour"]
    assert found[0]["score"] == 1.0 and found[0]["count"] == 3
    r = call(server, "/text/keyphrases", {"texts": texts, "lang": "es", "min_count": 4})
    assert r.status_code == 200 and r.json() == {"keyphrases": []}


def test_api__language_and_keyphrases_need_a_key(server: Server) -> None:
    r = call(server, "/text/language", {"items": [{"id": "a", "text": "rico"}]}, role=None)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    r = call(server, "/text/keyphrases", {"texts": ["rico"]}, role=None)
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/text/language", {}),
        ("/text/language", {"items": []}),
        ("/text/language", {"items": [{"id": str(i), "text": "rico"} for i in range(501)]}),
        ("/text/language", {"items": [{"id": "a", "text": "x" * 5001}]}),
        ("/text/language", {"items": [{"id": "a", "text": "rico", "lang": "es"}]}),
        ("/text/keyphrases", {"texts": []}),
        ("/text/keyphrases", {"texts": ["rico"] * 501}),
        ("/text/keyphrases", {"texts": ["x" * 5001]}),
        ("/text/keyphrases", {"texts": ["rico"], "lang": "fr"}),
        ("/text/keyphrases", {"texts": ["rico"], "top": 0}),
        ("/text/keyphrases", {"texts": ["rico"], "top": 101}),
        ("/text/keyphrases", {"texts": [5]}),
        ("/text/keyphrases", {"texts": ["rico"], "extra": True}),
    ],
)
def test_api__language_and_keyphrases_are_bounded_and_validated(
    server: Server, path: str, body: object
) -> None:
    r = call(server, path, body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "invalid_input"
