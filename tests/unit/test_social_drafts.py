"""Drafts around trends and food days: only the venue's dishes, grounded, scored at a slot."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime

import pytest

from sazon.errors import InvalidInput
from sazon.generate import Draft, Generation, GenerationRequest, TemplateGenerator
from sazon.social import EngagementModel, Post, Slot
from sazon.social.drafts import candidate_times, score_drafts, write_drafts
from sazon.social.food_calendar import food_days
from sazon.social.topics import MenuDish, Topic, food_day_topics, trend_topics
from sazon.timeutil import LIMA

MENU = (
    MenuDish("mfl-ceviche", "Ceviche clásico de corvina", "Classic sea bass ceviche", "entrada",
             ("corvina", "limón", "cebolla roja", "ají limo")),
    MenuDish("mfl-capitan", "Capitán", "Capitán cocktail", "bebida",
             ("pisco", "vermut rojo", "hielo")),
    MenuDish("mfl-lomo", "Lomo saltado", "Stir-fried beef", "fondo",
             ("lomo fino", "cebolla roja", "tomate", "papa amarilla")),
)  # fmt: skip


def test_trend_topics__answered_by_menu_dishes_or_skipped_with_a_reason() -> None:
    topics, skipped = trend_topics(
        [("ceviche nikkei", "growing"), ("sin azúcar", "growing"), ("kombucha", "emerging"),
         ("lomo", "declining")],
        MENU,
    )  # fmt: skip
    assert [(t.label, [d.code for d in t.dishes]) for t in topics] == [
        ("ceviche nikkei", ["mfl-ceviche"])
    ]
    reasons = {s.label: s.reason for s in skipped}
    assert set(reasons) == {"sin azúcar", "kombucha"}  # a declining trend is not ridden
    assert "no dish on the menu" in reasons["kombucha"]


def test_food_day_topics__pick_the_dishes_of_the_day() -> None:
    days = {d.key: d for d in food_days(2027)}
    topics, skipped = food_day_topics([days["pisco_sour"], days["fiestas_patrias"]], MENU)
    assert not skipped
    by_key = {t.key.split(":")[1]: t for t in topics}
    assert [d.code for d in by_key["pisco_sour"].dishes] == ["mfl-capitan"]
    assert by_key["pisco_sour"].day == date(2027, 2, 6)
    assert "mfl-capitan" not in [d.code for d in by_key["fiestas_patrias"].dishes]


def test_write_drafts__both_languages_grounded_in_the_menu() -> None:
    topics, _ = trend_topics([("ceviche", "peaking")], MENU)
    written, skipped = write_drafts(
        topics, venue_name="Qaray Mar", channel="instagram", langs=["es", "en"],
        generator=TemplateGenerator(), variants=2,
    )  # fmt: skip
    assert not skipped
    assert sorted((d.lang, d.variant) for _, d in written) == [
        ("en", 0),
        ("en", 1),
        ("es", 0),
        ("es", 1),
    ]
    for _, d in written:
        assert d.dishes == (["Classic sea bass ceviche"] if d.lang == "en"
                            else ["Ceviche clásico de corvina"])  # fmt: skip
        assert "#QarayMar" in d.hashtags


class _Inventing:
    """A generator backend that names a dish the venue does not serve (what a language model
    may do); it implements the ``Generator`` protocol like any backend."""

    name = "inventing"

    def generate(self, request: GenerationRequest) -> Generation:
        return self.generate_many([request])[0]

    def generate_many(self, requests: Sequence[GenerationRequest]) -> list[Generation]:
        out = TemplateGenerator().generate_many(requests)
        bad = Draft(text="Hoy: lomo saltado y ají de gallina a S/ 15. #QarayMar")
        return [Generation.from_drafts([bad, *g.drafts()[1:]], r, self.name)
                for g, r in zip(out, requests, strict=True)]  # fmt: skip

    def close(self) -> None:
        """Nothing to release."""


def test_write_drafts__an_ungrounded_draft_is_left_out_with_its_reason() -> None:
    topics, _ = trend_topics([("ceviche", "peaking")], MENU)
    written, skipped = write_drafts(
        topics, venue_name="Qaray Mar", channel="facebook", langs=["es"],
        generator=_Inventing(), variants=2,
    )  # fmt: skip
    assert [d.variant for _, d in written] == [1]
    assert len(skipped) == 1 and "ají de gallina" in skipped[0].reason
    assert "S/ 15" in skipped[0].reason
    assert "ají de gallina" not in written[0][1].text.lower()


def _slot(weekday: int, hour: int) -> Slot:
    return Slot(weekday=weekday, hour=hour, expected=1, low=0, high=2, own_posts=1)


def test_candidate_times__in_the_week_before_a_food_day_else_the_next_week() -> None:
    now = datetime(2027, 1, 20, 9, 0, tzinfo=LIMA)
    slots = [_slot(4, 20), _slot(5, 13)]  # Friday 20:00, Saturday 13:00
    day = Topic("d", "Día del Pisco Sour", "food_day", "Pisco Sour Day", (), date(2027, 2, 6))
    assert candidate_times(slots, day, now) == [
        datetime(2027, 2, 5, 20, tzinfo=LIMA), datetime(2027, 2, 6, 13, tzinfo=LIMA)
    ]  # fmt: skip
    trend = Topic("t", "ceviche", "trend", "ceviche", ())
    assert candidate_times(slots, trend, now) == [
        datetime(2027, 1, 22, 20, tzinfo=LIMA), datetime(2027, 1, 23, 13, tzinfo=LIMA)
    ]  # fmt: skip


def test_score_drafts__suggests_the_slot_history_shows_busier() -> None:
    rng = random.Random(4)
    posts, y = [], []
    for i in range(120):
        weekday, hour = rng.choice(((4, 20), (5, 13)))
        posts.append(Post(post_id=str(i), channel="instagram", weekday=weekday, hour=hour,
                          month=1, media_type="photo", category="plato", paid=False,
                          page="mfl", segment="marina"))  # fmt: skip
        y.append((400.0 if hour == 13 else 100.0) * rng.uniform(0.8, 1.2))
    model = EngagementModel(depths=(2,), losses=("absolute_error",), max_iter=40, folds=3)
    model.fit(posts, y)
    topics, _ = trend_topics([("ceviche", "peaking")], MENU)
    written, _ = write_drafts(topics, venue_name="Qaray Mar", channel="instagram",
                              langs=["es"], generator=TemplateGenerator(), variants=1)  # fmt: skip
    [draft] = score_drafts(
        written, model=model, slots=[_slot(4, 20), _slot(5, 13)],
        now=datetime(2027, 1, 20, 9, tzinfo=LIMA), channel="instagram", page="mfl",
        segment="marina",
    )  # fmt: skip
    assert draft.slot_at == datetime(2027, 1, 23, 13, tzinfo=LIMA)
    assert draft.low is not None and draft.high is not None and draft.predicted is not None
    assert draft.low <= draft.predicted <= draft.high and draft.predicted > 200


def test_write_drafts__an_unknown_channel_says_which_are_known() -> None:
    with pytest.raises(InvalidInput, match="instagram, facebook, tiktok, x"):
        write_drafts([], venue_name="x", channel="myspace", langs=["es"],
                     generator=TemplateGenerator())  # fmt: skip
