"""Whom a classifier score is aimed at: the newsroom for disrespect_publisher, goodwill for hate.

The texts are written for this test. The engine-level cases (a rejecting model score held for a
person) are in ``test_contrast_classes``.
"""

from __future__ import annotations

import pytest

from decorum.moderation.detectors.aim import goodwill, names_the_newsroom, own_distress


@pytest.mark.parametrize(
    "text",
    [
        "Whoever wrote this should find another job.",
        "This rag gets worse every week.",
        "Ваши журналюги опять всё переврали.",
        "Редакция совсем потеряла совесть.",
        "Vaya pasquín, ni los titulares aciertan.",
        "The Daily Lantern is a joke.",
    ],
)
def test_the_newsroom_is_named(text: str) -> None:
    assert names_the_newsroom(text, ("Daily Lantern",))


@pytest.mark.parametrize(
    "text",
    [
        "This printer is a useless piece of junk.",
        "The parking machine ate my coins again, worthless thing.",
        "Этот светофор — бесполезная рухлядь.",
        "Esta lavadora es una porquería.",
    ],
)
def test_contempt_for_things_names_no_newsroom(text: str) -> None:
    assert not names_the_newsroom(text, ("Daily Lantern",))


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Trans kids are kids. Be kind to them.", "Be kind"),
        ("Refugees are welcome in our street.", "welcome"),
        ("Геи заслуживают уважения, как и все.", "заслуживают уважения"),
        ("Las personas gitanas merecen respeto.", "merecen respeto"),
    ],
)
def test_goodwill_is_found(text: str, phrase: str) -> None:
    assert goodwill(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "They don't deserve respect, send them home.",
        "These people are not welcome here.",
        "Им здесь не рады, пусть уезжают.",
        "No son bienvenidos en este barrio.",
        "They deserve to be thrown out.",
    ],
)
def test_goodwill_denied_or_turned_to_harm_is_none(text: str) -> None:
    assert goodwill(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "What should I do if I feel like hurting myself?",
        "I want to die, nobody would notice.",
        "Я больше не хочу жить.",
        "A veces me quiero morir y no sé con quién hablar.",
    ],
)
def test_the_writers_own_distress_is_told_apart(text: str) -> None:
    assert own_distress(text)


@pytest.mark.parametrize(
    "text",
    [
        "What's the quickest way to end it for myself?",
        "I'm going to take all my pills tonight.",
        "Nobody cares, just kill yourself.",
        "Иди повесься.",
        "Como puedo hacerlo sin dolor?",
    ],
)
def test_a_method_or_someone_else_keeps_it_a_violation(text: str) -> None:
    assert not own_distress(text)
