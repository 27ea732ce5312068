"""The generation contract: a request, the text that comes back, and the ``Generator`` protocol.

>>> from sazon.generate import GenerationRequest, TemplateGenerator
>>> req = GenerationRequest(kind="menu_description",
...                         facts={"dish": {"name": "Causa limeña de pollo", "price_pen": 32}})
>>> TemplateGenerator().generate(req).backend
'template'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializeAsAny,
    ValidationError,
    model_validator,
)

from sazon.errors import InvalidInput
from sazon.generate.facts import Facts
from sazon.generate.grammar import Lang
from sazon.generate.registry import get_kind
from sazon.monitoring import GENERATE_TEXTS

Tone = Literal["warm", "elegant", "casual", "formal"]


class GenerationRequest(BaseModel):
    """What to write: a registered ``kind``, its typed ``facts``, language, tone, seed.

    ``facts`` may be given as a dict; it is validated into the kind's facts model.
    ``variants`` asks for that many alternative drafts (the first is the main text).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    facts: SerializeAsAny[Facts]
    lang: Lang = "es"
    tone: Tone = "warm"
    seed: int = 0
    variants: int = Field(default=1, ge=1, le=10)

    @model_validator(mode="before")
    @classmethod
    def _typed_facts(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "kind" not in data:
            return data
        try:
            spec = get_kind(str(data["kind"]))
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        facts = data.get("facts")
        if isinstance(facts, spec.facts):
            return data
        if isinstance(facts, Facts):
            raise ValueError(
                f"kind {spec.name!r} takes {spec.facts.__name__}, not {type(facts).__name__}"
            )
        return {**data, "facts": spec.facts.model_validate(facts)}


class Draft(BaseModel):
    """One written text, whole (``text``) and in parts."""

    text: str
    title: str | None = None
    parts: dict[str, str] = {}
    items: list[str] = []
    #: Ids of the sentence templates used (template backend), for variety checks.
    phrasings: list[str] = []


class Generation(Draft):
    """The main draft plus how it was made: backend, whether it fell back, warnings."""

    kind: str
    lang: Lang
    seed: int
    backend: str
    fell_back: bool = False
    warnings: list[str] = []
    alternatives: list[Draft] = []

    @classmethod
    def from_drafts(
        cls,
        drafts: Sequence[Draft],
        request: GenerationRequest,
        backend: str,
        *,
        warnings: Sequence[str] = (),
    ) -> Generation:
        """The first draft as the main text, the others as its alternatives (every backend
        builds its result here, so they cannot disagree on what a Generation holds)."""
        if not drafts:
            raise ValueError("a generation needs at least one draft")
        main, *alternatives = drafts
        GENERATE_TEXTS.labels(request.kind, backend).inc()
        return cls(
            **main.model_dump(),
            kind=request.kind,
            lang=request.lang,
            seed=request.seed,
            backend=backend,
            warnings=list(dict.fromkeys(warnings)),
            alternatives=alternatives,
        )

    def drafts(self) -> list[Draft]:
        """The main draft and the alternatives, in order."""
        main = Draft(
            text=self.text,
            title=self.title,
            parts=self.parts,
            items=self.items,
            phrasings=self.phrasings,
        )
        return [main, *self.alternatives]


def build_request(kind: str, facts: Any, **options: Any) -> GenerationRequest:
    """A :class:`GenerationRequest`, or :class:`~sazon.errors.InvalidInput` that names the
    first wrong field (``facts.dish.allergens: unknown allergen 'nuts'; …``) and lists all
    of them in ``details["errors"]`` as ``{field, error}``.

    >>> build_request("menu_description", {"dish": {"name": "Causa"}}).kind
    'menu_description'
    """
    spec = get_kind(kind)  # an unknown kind names the known ones
    try:
        typed = facts if isinstance(facts, spec.facts) else spec.facts.model_validate(facts)
    except ValidationError as exc:
        raise _invalid(exc, "facts") from None
    try:
        return GenerationRequest(kind=kind, facts=typed, **options)
    except ValidationError as exc:
        raise _invalid(exc) from None


def _invalid(exc: ValidationError, prefix: str | None = None) -> InvalidInput:
    errors = []
    for err in exc.errors():
        loc = [prefix] if prefix else []
        loc += [str(p) for p in err["loc"]]
        errors.append(
            {"field": ".".join(loc), "error": str(err["msg"]).removeprefix("Value error, ")}
        )
    first = errors[0]
    where = f"{first['field']}: " if first["field"] else ""
    return InvalidInput(f"{where}{first['error']}", details={"errors": errors})


@runtime_checkable
class Generator(Protocol):
    """Writes texts from facts. Backends: ``template`` (offline) and ``openai`` (any endpoint)."""

    name: str

    def generate(self, request: GenerationRequest) -> Generation:
        """Write one text (with ``request.variants`` drafts)."""
        ...

    def generate_many(self, requests: Sequence[GenerationRequest]) -> list[Generation]:
        """Write a batch; the template backend never repeats a phrasing inside one batch."""
        ...

    def close(self) -> None:
        """Release connections (a no-op for the template backend)."""
        ...
