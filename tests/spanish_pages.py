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


# -- Every page, in both languages: the words of the UI themselves ---------------------------
#
# The checks above look for the codes and messages a tool stores. The ones below read the
# web's own words (``sazon.web.i18n``: the core and every tool's dictionary) and look for a
# sentence of the other language: the English of a key on a Spanish page is a string that
# skipped the i18n layer (or a key looked up in the wrong language), and the other way round.
# Names of dishes, people and places are data and never a UI sentence, so they cannot match.

_SVG_TEXT = ("text", "title", "desc", "tspan")  # what a chart says (its labels, its tooltips)
_READ_ATTRS = ("placeholder", "aria-label", "alt", "title")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


# Never read: scripts, styles, a chart's machine metadata (matplotlib's date and MIME type),
# what a person types as it is (``<code>``: a file's column names) and what the page marks as
# data not to translate (``translate="no"``: an event's notes as the planner wrote them).
_UNREAD = ("script", "style", "metadata", "code")


class _ReaderText(HTMLParser):
    """What a reader meets on the page: its text, the words inside inline SVG charts (axis
    labels, legends, tooltips) and the attributes a person reads or hears (placeholders,
    labels for screen readers, tooltips)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, unread) of the elements open
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._attrs(attrs)
            return
        unread = tag in _UNREAD or dict(attrs).get("translate") == "no"
        self._open.append((tag, unread))
        self._skip += unread
        self._attrs(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(attrs)

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not self._skip and name in _READ_ATTRS and value and value.strip():
                self.parts.append(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        while self._open:  # close up to the matching tag (HTML leaves some unclosed)
            open_tag, unread = self._open.pop()
            self._skip -= unread
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def reader_text(html: str) -> str:
    """:func:`visible_text` plus the words of inline SVG charts and the read attributes."""
    parser = _ReaderText()
    parser.feed(html)
    return " | ".join(parser.parts)


def _ui_words() -> dict[str, dict[str, str]]:
    from sazon.web.i18n import LABELS, all_words

    return {**all_words(), **{f"label:{k}": v for k, v in LABELS.items()}}


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)s|%s|%d")
_TRIM = " .,:;·—–-()«»“”\"'!?¡¿…/|"


def _sentences(lang: str) -> dict[str, str]:
    """Each UI string of ``lang`` that is not also the other language's (a fragment between
    its placeholders), long enough to be a phrase nobody's name or dish holds: fragment ->
    the key it comes from."""
    other = "en" if lang == "es" else "es"
    out: dict[str, str] = {}
    for key, words in _ui_words().items():
        mine, theirs = words.get(lang, ""), words.get(other, "")
        if not mine or mine == theirs:
            continue
        for piece in _PLACEHOLDER.split(mine):
            piece = " ".join(piece.split()).strip(_TRIM)
            # Two words or more, and not a phrase the other language writes the same way.
            if len(piece) >= 10 and " " in piece and piece not in theirs:
                out.setdefault(piece, key)
    return out


@functools.cache
def _sentence_pattern(lang: str) -> re.Pattern[str]:
    pieces = sorted(_sentences(lang), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in pieces) + r")(?!\w)")


# A code as a program writes it (``seafood_fish``, ``no_show``, ``ev_saved``): a word of
# lower-case letters joined by underscores. An e-mail address is data (``ana_paz@…``,
# ``rocio_alvarado82@…``), so a code never touches ``@``, a dot before it or a digit.
# A file's name is data too (``menciones_mercado.jsonl``).
RAW_CODE = re.compile(r"(?<![\w.@])[a-z]+(?:_[a-z]+)+(?![\w@]|\.\w)")
ISO_WEEK = re.compile(r"\b\d{4}-W\d{2}\b")
# Spanish UI words an English page must not show (a short list of the app's most common ones,
# none of them a dish, a person or a place).
SPANISH_WORDS = re.compile(
    r"\b(Invitados|Buscar|Guardar|Volver|Próximos eventos|Alergias|Dietas|respondieron|"
    r"confirmados|Planificador|Cargar datos|Herramientas|Ver el detalle|Salir|Inicio|"
    r"Opiniones|Segmentos|Versión|Hoja de cocina|Recorrido de vinos|Escrito por|filas|"
    r"aceptadas|fusionadas|en cuarentena|Correo|Teléfono|Idioma|Nombre|Alérgenos|Fecha|"
    r"Personas|Pedido|Local|Semanas|Hasta|sin responder|asistirá|Sí|Ninguna|Cualquiera|"
    r"Descargar|Siguiente|Anterior|Motivos|Corregir|Descartar|Borradores|Calendario|"
    r"reseñas|menciones|positivas|negativas|neutras|Platos|Vinos|Locales|Visitas|"
    r"Comentarios|Tendencias|Redes sociales|Enlace|aforo|Rol)\b"
)


def page_problems(html: str, lang: str) -> list[str]:
    """What a page in ``lang`` must not show, each as "what: …the text around it…".

    Spanish: every :data:`LEAKS` pattern (codes, English messages, guests as numbers, ISO
    dates), ISO weeks, raw codes, and any English sentence of the UI's dictionaries. English:
    raw codes, any Spanish sentence of the dictionaries and the :data:`SPANISH_WORDS`.
    Read from the page's text, its charts' text and the attributes a person reads."""
    text = reader_text(html)
    checks: list[tuple[str, re.Pattern[str]]] = [("raw code", RAW_CODE)]
    if lang == "es":
        checks += [*LEAKS, ("ISO week", ISO_WEEK), ("English UI sentence", _sentence_pattern("en"))]
    else:
        checks += [
            ("Spanish UI sentence", _sentence_pattern("es")),
            ("Spanish UI word", SPANISH_WORDS),
        ]
    if f'<html lang="{lang}"' not in html:
        return [f"not a page in {lang}"]
    found = []
    for what, pattern in checks:
        for m in pattern.finditer(text):
            found.append(f"{what}: …{text[max(m.start() - 40, 0) : m.end() + 40]}…")
    return found
