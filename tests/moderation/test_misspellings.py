"""Insults misspelt by one letter: read back as the insult by the classifier's encoder and
n-grams, never in place of a real word, and never by the word lists that reject on their own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from decorum.moderation.detectors.classifier import ngram_keys
from decorum.moderation.engine import Engine
from decorum.moderation.misspellings import intended, variants
from decorum.moderation.normalise import normalise, plain_words
from decorum.moderation.policy import load_default_policy
from decorum.moderation.training import misspellings as build
from decorum.moderation.types import ArticleContext, CommentInput


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Only an idiiot would vote for this", "Only an idiot would vote for this"),
        ("What a stupd plan", "What a stupid plan"),
        ("What a stpuid plan", "What a stupid plan"),  # two letters swapped
        ("Ну ты и дебиил", "Ну ты и дебил"),
        ("Не слушайте этого кретна", "Не слушайте этого кретина"),
        ("i d i i o t", "idiot"),  # spaced out and misspelt
        ("Menudo sinvergenza", "Menudo sinvergüenza"),
    ],
)
def test_a_misspelt_insult_is_read_as_the_insult(typed: str, read: str) -> None:
    assert plain_words(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        # real words one edit from an insult
        "Wear looser clothing in the heat",
        "The moon was full over the harbour",
        "Don't lose the receipt",
        "A dragon's lair under the hill",
        "Он колол дрова колуном, а колуны нынче дорогие",
        # the insult itself, and words with no neighbour in the table
        "idiot",
        "The crossing is finally open",
    ],
)
def test_real_words_are_left_as_typed(typed: str) -> None:
    assert plain_words(typed) == typed


def test_ngrams_of_a_misspelling_are_those_of_the_word() -> None:
    assert set(ngram_keys("an idiiot")) == set(ngram_keys("an idiot"))
    assert set(ngram_keys("looser")) != set(ngram_keys("loser"))


def test_word_lists_still_match_exact_words_only() -> None:
    """The folded text the word lists and patterns read keeps the misspelling: a rare real
    word the table misreads can only move a classifier score, never reject on its own."""
    assert "idiiot" in normalise("you idiiot")[1]


ARTICLE = ArticleContext("m1", "en", "Council approves the new bus timetable", "")


def _score(engine: Engine, text: str, lang: str = "en") -> float:
    article = ARTICLE if lang == "en" else ArticleContext("m2", "ru", "Новое расписание", "")
    verdict = engine.decide(
        CommentInput("c", text, "author", article, datetime(2026, 4, 1, 9, tzinfo=UTC))
    )
    return float(verdict.scores.get("insults_threats", 0.0))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_default_policy())


@pytest.mark.parametrize(
    ("plain", "misspelt", "lang"),
    [
        ("You are a stupid cow", "You are a stuupid cow", "en"),
        ("Only an idiot would write that", "Only an idiiot would write that", "en"),
        ("ты тупица", "ты тупиица", "ru"),
    ],
)
def test_the_classifier_scores_the_misspelling_like_the_word(
    engine: Engine, plain: str, misspelt: str, lang: str
) -> None:
    # The classifier's part of the insult score is the same: the encoder and the n-grams
    # read the same text. (Word lists may still add to the plain word's score.)
    plain_score, misspelt_score = _score(engine, plain, lang), _score(engine, misspelt, lang)
    assert misspelt_score >= 0.25, "a misspelt insult should at least reach the queue"
    assert misspelt_score <= plain_score


def test_every_variant_maps_to_a_word_of_the_list_and_none_is_a_word_itself() -> None:
    table = variants()
    words = set(table.values())
    assert len(table) > 1000
    assert not words & set(table), "a variant is itself one of the insults"
    assert intended("looser") is None and intended("idiiot") == "idiot"


def test_the_committed_table_is_what_the_build_writes() -> None:
    pytest.importorskip("wordfreq", reason="wordfreq builds the table (test extras)")
    pytest.importorskip("pymorphy3", reason="pymorphy3 builds the table (test extras)")
    committed = (build.TABLE_DIR / "variants.tsv").read_text("utf-8")
    assert committed == build.render(build.build()), (
        "data/misspellings/variants.tsv is stale: run "
        "python -m decorum.moderation.training.misspellings"
    )
