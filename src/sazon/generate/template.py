"""The ``template`` backend: offline, deterministic for a seed, Spanish and English.

Each kind composes its text from phrasings chosen with a seeded RNG (``phrasebank.Picker``)
and slots filled from the facts only, so every name, ingredient, allergen and price in the
text is one the facts gave. The grounding check runs on every draft anyway: a violation here
is a bug in a phrase bank, and it is reported in the warnings rather than hidden.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence

from sazon.generate.base import Draft, Generation, GenerationRequest
from sazon.generate.grounding import check_grounding
from sazon.generate.phrasebank import Batch, Picker
from sazon.generate.registry import assemble, get_kind

log = logging.getLogger(__name__)


class TemplateGenerator:
    """Writes texts from phrase banks. ``generate_many`` never repeats a phrasing in a batch
    while the bank has unused ones that fit; when a pool runs out it says so in ``warnings``.
    """

    name = "template"

    def __init__(self, *, check: bool = True) -> None:
        self.check = check

    def generate(self, request: GenerationRequest) -> Generation:
        return self.generate_many([request])[0]

    def generate_many(self, requests: Sequence[GenerationRequest]) -> list[Generation]:
        batch = Batch()
        return [self.write(request, batch) for request in requests]

    def write(self, request: GenerationRequest, batch: Batch) -> Generation:
        """One request inside a batch (the OpenAI backend falls back through this)."""
        spec = get_kind(request.kind)
        drafts: list[Draft] = []
        warnings: list[str] = []
        for variant in range(request.variants):
            rng = random.Random(
                f"{request.kind}|{request.lang}|{request.tone}|{request.seed}|{variant}"
            )
            picker = Picker(batch, spec.name, request.lang, request.tone, rng)
            comp = spec.compose(request.facts, picker)
            text = assemble(spec, comp, request.lang)
            drafts.append(
                Draft(
                    text=text,
                    title=comp.parts.get("title"),
                    parts=comp.parts,
                    items=comp.items,
                    phrasings=picker.used,
                )
            )
            warnings.extend(picker.warnings)
            if spec.max_chars and len(text) > spec.max_chars:
                warnings.append(f"text is {len(text)} characters, over {spec.max_chars}")
            if self.check:
                report = check_grounding(text, request.facts)
                if not report.ok:
                    # The reasons quote the text (maybe a guest's allergy): the log gets counts.
                    log.error("template grounding in %s: %s", spec.name, report.summary())
                warnings += [f"grounding: {reason}" for reason in report.reasons()]
        return Generation.from_drafts(drafts, request, self.name, warnings=warnings)

    def close(self) -> None:
        """Nothing to release."""
