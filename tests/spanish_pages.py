"""What a Spanish page must not show: English codes, English messages, guests as numbers and
ISO dates. Used by the browser-free walk in ``tests/e2e/test_events_web.py`` (and runnable
against any server to list what is still left)."""

from __future__ import annotations

import ast
import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx

import sazon.ingest

_NAME = "[A-ZÁÉÍÓÚ][a-záéíóúñ]+"
# Codes and English phrases the tools store or raise, each as it would leak onto a page.
LEAKS: list[tuple[str, re.Pattern[str]]] = [
    ("status code", re.compile(r"\b(draft|planning|completed|attended|no_show|cancelled)\b")),
    ("concept backend", re.compile(r"\b(template|openai)\b")),
    ("ingest kind", re.compile(r"\b(guests|visits|social-posts|market-texts)\b")),
    ("role code", re.compile(r"Rol: (admin|planner|coordinator|sommelier|staff|analyst)\b")),
    ("guest by number", re.compile(r"\b(invitado|guest|Invitado) \d+\b")),
    (
        "guest id after a name",
        re.compile(r"\b[A-ZÁÉÍÓÚ][a-záéíóúñ]+ [A-ZÁÉÍÓÚ][a-záéíóúñ]+ \(\d+\)"),
    ),
    ("re-plan reason", re.compile(r"\bRSVP of\b|\bchanged (allergies|diets)\b")),
    (
        "English message",
        re.compile(
            r"\b(is not a real date|has the wrong number of digits|is not an email address|"
            r"no identity|would be invited|the event holds|rows by outcome|completeness)\b"
        ),
    ),
    ("field code", re.compile(r"\b(birth_date|_row)\b")),
    ("ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("message key", re.compile(r"\b(ev|rsvp|kn|everr|kind|role|chart|q_field)_[a-z_]+\b")),
]


# -- Every reason the ingest package can write, read from its source ------------------------

_SOURCES = [
    *Path(sazon.ingest.__file__).parent.glob("*.py"),
    Path(sazon.__file__).parent / "money.py",
]
#: What stands for a value the message quotes ("'{value}' is not a number").
SAMPLE = "x9"


def _texts(
    node: ast.expr | None, names: dict[str, ast.expr], calls: dict[str, list[ast.expr]]
) -> list[str]:
    """The messages an expression writes, its values replaced by :data:`SAMPLE`; none when it
    writes no words of its own (``str(exc)``: a message raised elsewhere, collected there)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else SAMPLE for v in node.values]
        return ["".join(str(p) for p in parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _texts(node.left, names, calls), _texts(node.right, names, calls)
        if not left and not right:
            return []
        return [x + y for x in left or [SAMPLE] for y in right or [SAMPLE]]
    if isinstance(node, ast.IfExp):
        return _texts(node.body, names, calls) + _texts(node.orelse, names, calls)
    if isinstance(node, ast.Name) and node.id in names:
        return _texts(names[node.id], names, calls)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "_say":
            es, en = (_texts(a, names, calls)[0] for a in node.args)
            return [f"{es} / {en}"]
        # A helper of the module that returns the words (``_too_deep(depth, limits)``).
        return [t for r in calls.get(node.func.id, []) for t in _texts(r, names, calls)]
    return []


def _messages(tree: ast.Module) -> list[str]:
    found: list[str] = []
    module = {
        t.id: n.value for n in tree.body if isinstance(n, ast.Assign) for t in n.targets
        if isinstance(t, ast.Name)
    }  # fmt: skip
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    calls = {
        f.name: [r.value for r in ast.walk(f) if isinstance(r, ast.Return) and r.value]
        for f in functions
    }
    for scope in [tree, *functions]:
        names = module | {
            t.id: n.value for n in ast.walk(scope) if isinstance(n, ast.Assign)
            for t in n.targets if isinstance(t, ast.Name)
        }  # fmt: skip
        for n in ast.walk(scope):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.args:
                name = n.func.id
                if name in ("ValueError", "RowProblem"):  # raised: the row's reason
                    found += _texts(n.args[-1], names, calls)
                elif name == "_lookup":  # a word of a vocabulary
                    found += [f"'{SAMPLE}' is not {w}" for w in _texts(n.args[2], names, calls)]
                elif name == "BadLine" and len(n.args) > 2:  # a line read alone
                    found += _texts(n.args[2], names, calls)
                elif name == "_say":  # a bad line's reason, in both languages
                    found += _texts(n, names, calls)
            if isinstance(n, ast.Dict):
                for key, value in zip(n.keys, n.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "error":
                        found += _texts(value, names, calls)
    # ``_lookup``'s own message is each vocabulary's, collected at its calls.
    return [m for m in found if m.strip() not in (SAMPLE, f"'{SAMPLE}' is not {SAMPLE}")]


@functools.cache
def ingest_reasons() -> tuple[str, ...]:
    """Each reason the ingest package (and the money rules it reads amounts with) can write,
    with :data:`SAMPLE` for the values it quotes; a bad line's reason also as the quarantine
    stores it ("línea/line 7: …"). Read from the source, so a new message is checked the day
    it is written."""
    out: set[str] = set()
    for path in sorted(_SOURCES):
        for message in _messages(ast.parse(path.read_text(encoding="utf-8"))):
            out.add(message)
            if " / " in message and not message.startswith("línea/line"):
                out.add(f"línea/line {SAMPLE}: {message}")
    return tuple(sorted(m for m in out if not m.startswith(f"línea/line {SAMPLE}: {SAMPLE}")))


def _english_words(message: str) -> str:
    """The longest run of the message's own English words (its English half when it has
    two): what shows that it was left untranslated on a page."""
    english = message.split(": ", 1)[1] if message.startswith("línea/line ") else message
    at = english.find(" / ")
    while at != -1 and english[:at].count("'") % 2:
        at = english.find(" / ", at + 3)
    english = english[at + 3 :] if at != -1 else english
    return max((p.strip(" '") for p in english.split(SAMPLE)), key=len)


# The ingest package's messages, as written in English: none may show on a Spanish page.
LEAKS.append(
    (
        "ingest message in English",
        re.compile("|".join(sorted({re.escape(_english_words(m)) for m in ingest_reasons()}))),
    )
)


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " | ".join(parser.parts)


def leaks(text: str) -> list[str]:
    """Each leak found, as "what: the text around it"."""
    found = []
    for what, pattern in LEAKS:
        for m in pattern.finditer(text):
            found.append(f"{what}: …{text[max(m.start() - 40, 0) : m.end() + 40]}…")
    return found


def walk(client: httpx.Client, paths: list[str]) -> dict[str, list[str]]:
    """Every page's leaks, by path (pages that do not answer 200 are a leak too)."""
    out: dict[str, list[str]] = {}
    for path in paths:
        r = client.get(path)
        problems = leaks(visible_text(r.text))
        if r.status_code != 200:
            problems.append(f"status {r.status_code}")
        if problems:
            out[path] = problems
    return out
