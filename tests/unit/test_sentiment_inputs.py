"""Reading texts to score and labelled texts to train on: every bad file says what to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sazon.errors import InvalidInput, PayloadTooLarge
from sazon.text.sentiment import label_of_rating, read_items, read_labelled


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_read__csv_with_extra_columns_quotes_and_a_bom(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.csv",
        '\ufeffid,venue,text\n1,Barranco,"rico, pero caro"\nr-2,Lince,"dijo ""wow"""\n',
    )
    read = read_items(path)
    assert [(i.id, i.text) for i in read.items] == [("1", "rico, pero caro"), ("r-2", 'dijo "wow"')]
    assert read.skipped == []


def test_read__jsonl_any_suffix_and_numeric_ids(tmp_path: Path) -> None:
    lines = [json.dumps({"id": 7, "text": "chévere"}), "", json.dumps({"id": "8", "text": "ok"})]
    read = read_items(write(tmp_path, "r.jsonl", "\n".join(lines)))
    assert [(i.id, i.text) for i in read.items] == [("7", "chévere"), ("8", "ok")]
    sniffed = read_items(write(tmp_path, "r.data", "\n".join(lines)))
    assert len(sniffed.items) == 2


def test_read__empty_texts_are_reported_not_dropped(tmp_path: Path) -> None:
    read = read_items(write(tmp_path, "r.csv", "id,text\n1,rico\n2,\n3,   \n"))
    assert [i.id for i in read.items] == ["1"]
    assert [(s.id, s.reason) for s in read.skipped] == [("2", "empty text"), ("3", "empty text")]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "is empty"),
        ("   \n\n", "is empty"),
        ("id,texto\n1,rico\n", "no 'text' column (found: id, texto)"),
        ("text\nrico\n", "no 'id' column"),
        ("id,text\n", "has a header but no rows"),
        ("id,text\n,rico\n", "row 2: the id is empty"),
        ("id,text\n1,rico,caro\n", "quote texts that contain commas"),
        (b"id,text\n1,ni\xf1o\n", "is not UTF-8 (byte 0xf1"),
        (b"\x00\x01\x02id", "binary"),
    ],
)
def test_read__bad_files_say_what_to_fix(tmp_path: Path, content: str | bytes, says: str) -> None:
    path = write(tmp_path, "bad.csv", content)
    with pytest.raises(InvalidInput) as err:
        read_items(path)
    assert says in err.value.message
    assert str(path) in err.value.message


@pytest.mark.parametrize(
    ("line", "says"),
    [("{not json", "line 1: not valid JSON"), ('["a"]', "expected a JSON object"),
     ('{"id": 1}', "no 'text'"), ('{"text": "x"}', "no 'id'"), ('{"id": 1, "text": 5}', "string")],
)  # fmt: skip
def test_read__bad_jsonl_lines(tmp_path: Path, line: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        read_items(write(tmp_path, "bad.jsonl", line + "\n"))


@pytest.mark.parametrize(
    ("name", "content"),
    [("r.tsv", "id\ttext\n1\trico, pero caro\n2\tpésimo\n"),
     ("r.csv", "id;text\n1;rico, pero caro\n2;pésimo\n"),  # Excel in a Spanish locale
     ("r.json", '[{"id": 1, "text": "rico, pero caro"}, {"id": "2", "text": "pésimo"}]'),
     ("r.jsonl", '{"id": 1, "text": "rico, pero caro"}\n{"id": "2", "text": "pésimo"}\n')],
)  # fmt: skip
def test_read__tsv_semicolons_and_json_lists_read_like_csv(
    tmp_path: Path, name: str, content: str
) -> None:
    read = read_items(write(tmp_path, name, content))
    assert [(i.id, i.text) for i in read.items] == [("1", "rico, pero caro"), ("2", "pésimo")]


def test_read__a_json_list_of_other_things_or_nothing(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="record 2: expected a JSON object"):
        read_items(write(tmp_path, "r.json", '[{"id": 1, "text": "rico"}, 5]'))
    with pytest.raises(InvalidInput, match="has no records"):
        read_items(write(tmp_path, "r.json", "[]"))
    with pytest.raises(InvalidInput, match="line 1: not valid JSON"):
        read_items(write(tmp_path, "r.json", '[{"id": 1, '))


def test_read__missing_file_and_size_limit(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a folder, not a file"):
        read_items(tmp_path)
    with pytest.raises(InvalidInput, match="no such file"):
        read_items(tmp_path / "nope.csv")
    big = write(tmp_path, "big.csv", "id,text\n" + "1,rico\n" * 200_000)
    with pytest.raises(PayloadTooLarge, match="the limit is 1 MB"):
        read_items(big, max_mb=1)


# ---- labelled files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "label"),
    [(1, "negative"), ("2", "negative"), ("2,5", "neutral"), (3, "neutral"), ("3.5", "positive"),
     (4, "positive"), ("5", "positive"), (0, None), (6, None), ("cinco", None), ("nan", None)],
)  # fmt: skip
def test_ratings__map_stars_to_labels(rating: object, label: str | None) -> None:
    assert label_of_rating(rating) == label


def test_labelled__labels_in_english_or_spanish(tmp_path: Path) -> None:
    path = write(
        tmp_path, "l.csv", "text,label\nrico,positivo\nfeo,NEGATIVE\nnormal,neutro\n,pos\n"
    )
    rows = read_labelled(path)
    assert rows.labels == ["positive", "negative", "neutral"]
    assert rows.source == "label"
    assert len(rows.skipped) == 1


def test_labelled__star_ratings(tmp_path: Path) -> None:
    rows = read_labelled(write(tmp_path, "r.csv", "id,text,rating\n1,rico,5\n2,feo,1\n3,ok,3\n"))
    assert (rows.labels, rows.source) == (["positive", "negative", "neutral"], "rating")


@pytest.mark.parametrize(
    ("content", "says"),
    [("id,text\n1,rico\n", "needs a 'text' column and a 'label' or 'rating' column"),
     ("text,label\nrico,great\n", "row 2: label 'great' is not one of"),
     ("text,rating\nrico,9\n", "row 2: rating '9' is not a number from 1 to 5"),
     ("text,label,rating\nrico,,\n", "row 2: no label and no rating"),
     ("text,label\n,positive\n", "no rows with text")],
)  # fmt: skip
def test_labelled__bad_files(tmp_path: Path, content: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        read_labelled(write(tmp_path, "l.csv", content))
