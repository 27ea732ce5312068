"""A plan's words in both languages: made in one, readable in the other.

A plan's reasons, causes, warnings, ways out and allergen labels are sentences written in the
language it was planned in (``PlanRequest.lang``). :func:`add_other_language` writes them once
more in the other language, from the same solution (the model is solved once), and keeps in
``Plan.words`` only the sentences that differ, each at its place in the plan; :func:`plan_in`
puts them back for a reader of that language. Places are paired by what they are about (the
guest, course, dish, cause), never by position alone, so a list ordered differently in the
other language cannot lend one guest's words to another. A plan stored before this (no
``words``) reads as it was written.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from sazon.events.schemas import Lang, Plan, PlanDiff

__all__ = ["OTHER_LANG", "add_other_words", "diff_in", "diff_words", "other_words", "plan_in"]

OTHER_LANG: dict[str, Lang] = {"es": "en", "en": "es"}
# What an item of a list is about: two lists are paired item by item only when these agree.
_IDENTITY = ("guest_id", "course", "dish_id", "code", "kind")

Path = list[str | int]
M = TypeVar("M", bound=BaseModel)


def _identity(item: Any) -> tuple[Any, ...]:
    if isinstance(item, dict):
        return tuple(item.get(k) for k in _IDENTITY)
    return ()


Place = tuple[Path, str, str]  # where, the words as planned, the words in the other language


def _pairs(ours: Any, theirs: Any, at: Path, out: list[Place]) -> None:
    if isinstance(ours, str) and isinstance(theirs, str):
        if ours != theirs:
            out.append((at, ours, theirs))
    elif isinstance(ours, dict) and isinstance(theirs, dict):
        for key in ours.keys() & theirs.keys():
            _pairs(ours[key], theirs[key], [*at, key], out)
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        if [_identity(x) for x in ours] != [_identity(x) for x in theirs]:
            return  # not the same things in the same order: left in the plan's language
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            _pairs(a, b, [*at, i], out)


def other_words(plan: Plan, twin: Plan) -> dict[str, list[Place]]:
    """``twin`` (the same plan written in the other language) as the places where its words
    differ from ``plan``'s, with its words: what ``Plan.words`` keeps. The wine flight and
    the concept are written after the menu: :func:`add_other_words` adds theirs."""
    skip = {"words", "lang", "wine_flight", "concept"}
    out: list[Place] = []
    _pairs(plan.model_dump(mode="json", exclude=skip), twin.model_dump(mode="json", exclude=skip),
           [], out)  # fmt: skip
    return {twin.lang: out}


def add_other_words(plan: Plan, key: str, twin: BaseModel | None, lang: Lang) -> None:
    """Add to ``plan.words[lang]`` the places where ``twin`` (``plan.<key>`` written again in
    ``lang``: the wine flight, the concept) says something else."""
    ours = getattr(plan, key)
    if ours is None or twin is None:
        return
    out: list[Place] = []
    _pairs(ours.model_dump(mode="json"), twin.model_dump(mode="json"), [key], out)
    plan.words.setdefault(lang, []).extend(out)


def diff_words(diff: PlanDiff, twin: PlanDiff, lang: Lang) -> None:
    """Keep in ``diff.words[lang]`` where ``twin`` (the same change list in ``lang``) differs."""
    skip = {"words"}
    out: list[Place] = []
    _pairs(diff.model_dump(mode="json", exclude=skip), twin.model_dump(mode="json", exclude=skip),
           [], out)  # fmt: skip
    diff.words = {lang: out}


def _put(data: Any, at: Path, was: str, text: str) -> None:
    for step in at[:-1]:
        data = data[step]
    if data[at[-1]] == was:  # only where the plan still says what was translated
        data[at[-1]] = text


def plan_in(plan: Plan, lang: str) -> Plan:
    """``plan`` with its sentences in ``lang`` where it has them (else as written)."""
    return _read_in(plan, plan.words.get(lang) if lang != plan.lang else None)


def diff_in(diff: PlanDiff, lang: str) -> PlanDiff:
    """A change list with its reasons in ``lang`` where it has them (else as written)."""
    return _read_in(diff, diff.words.get(lang))


def _read_in(model: M, words: list[Place] | None) -> M:
    if not words:
        return model
    data = model.model_dump(mode="json")
    for at, was, text in words:
        try:
            _put(data, at, was, text)
        except (KeyError, IndexError, TypeError):
            continue  # a place the plan no longer has (a guest erased since): as written
    return type(model).model_validate(data)
