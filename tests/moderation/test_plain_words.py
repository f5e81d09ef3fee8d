"""What the sentence encoder reads: disguised words written plainly, everything else as typed."""

from __future__ import annotations

import pytest

from decorum.moderation.detectors.classifier import embedding_text
from decorum.moderation.normalise import plain_words


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("The disabl3d are a drain on everyone", "The disabled are a drain on everyone"),
        ("Инвал1ды только тянут деньги", "инвалиды только тянут деньги"),
        ("Ты пр0сто тр0лль", "Ты просто тролль"),
        ("you are an i d i o t", "you are an idiot"),
        ("Тyпой комментарий", "тупой комментарий"),  # a Latin y inside a Russian word
        ("what a 1d10t", "what a idiot"),  # a leading 1 is an i when the word is disguised
        # a reply tag is the name it tags: its account number is no phone or code
        ("[id5550123|Оля], согласна", "Оля, согласна"),
        ("[club77|Новости города] спасибо", "Новости города спасибо"),
    ],
)
def test_disguised_words_are_read_plainly(typed: str, read: str) -> None:
    assert plain_words(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "В 2024г за 10км, 5кг и 3млн рублей",
        "covid19, mp3, 4x4, the 2nd round, 10km, B2B",
        "@Gary0 thanks, see you at 18:00 on the 3rd",
        "Score 3-1, flat 4b, room A12, кв12",
        "They came 1st, then 1v1 drills, 1080p video, the 1ого tour",
        "Plain words stay exactly as they were typed, Capitals Included.",
    ],
)
def test_numbers_units_mentions_and_plain_text_are_left_alone(typed: str) -> None:
    assert plain_words(typed) == typed


def test_the_encoder_input_drops_invisible_characters_and_unmasks_words() -> None:
    assert embedding_text("st\u200bupid h0me\x07 page") == "stupid home page"
