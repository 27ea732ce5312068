"""The registered kinds of text: what facts each takes, its parts, and how it is composed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sazon.errors import InvalidInput
from sazon.generate.facts import Facts
from sazon.generate.grammar import Lang


@dataclass
class Composition:
    """A text in parts (title, story…) plus an optional list (menu lines, bullet points)."""

    parts: dict[str, str] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)
    heading: str | None = None  # overrides the kind's heading for the items


@dataclass(frozen=True)
class KindSpec:
    """One kind of text.

    ``compose(facts, picker)`` writes it with the template backend; ``parts`` and ``items``
    name its pieces (the OpenAI backend asks the model for the same JSON keys), and
    ``brief`` tells a language model what to write, per language.
    """

    name: str
    facts: type[Facts]
    compose: Callable[[Any, Any], Composition]
    parts: tuple[str, ...]
    brief: Mapping[Lang, str]
    items: str | None = None
    items_heading: Mapping[Lang, str] = field(default_factory=dict)
    inline_items: bool = False
    max_chars: int | None = None


_KINDS: dict[str, KindSpec] = {}


def register_kind(spec: KindSpec, *, replace: bool = False) -> KindSpec:
    """Add a kind of text (the built-in ones are registered when the package is imported)."""
    if spec.name in _KINDS and not replace:
        raise InvalidInput(f"a kind named {spec.name!r} is already registered")
    _KINDS[spec.name] = spec
    return spec


def get_kind(name: str) -> KindSpec:
    """The spec of a registered kind (raises InvalidInput naming the known ones)."""
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(sorted(_KINDS))
        raise InvalidInput(f"unknown kind of text {name!r}; use one of: {known}") from None


def kind_names() -> list[str]:
    return sorted(_KINDS)


def assemble(spec: KindSpec, comp: Composition, lang: Lang) -> str:
    """The full text: the parts as paragraphs in order, then the items."""
    paragraphs = [comp.parts[p].strip() for p in spec.parts if comp.parts.get(p, "").strip()]
    if comp.items:
        if spec.inline_items:
            paragraphs.append(" ".join(comp.items))
        else:
            heading = comp.heading or spec.items_heading.get(lang)
            lines = "\n".join(f"- {item}" for item in comp.items)
            paragraphs.append(f"{heading}\n{lines}" if heading else lines)
    return "\n\n".join(paragraphs)
