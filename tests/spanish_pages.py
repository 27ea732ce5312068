"""What a Spanish page must not show: English codes, English messages, guests as numbers and
ISO dates. Used by the browser-free walk in ``tests/e2e/test_events_web.py`` (and runnable
against any server to list what is still left)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx

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
