"""Feature extraction: folding keeps spans of the original, URLs are found and de-fanged."""

from __future__ import annotations

from decorum.moderation.features import compute_features


def _tokens(text: str) -> list[tuple[str, str]]:
    f = compute_features(text, "en")
    return [(t.text, text[t.start : t.end]) for t in f.tokens]


def test_spaced_letters_and_leet_are_joined_with_original_spans() -> None:
    assert ("kys", "k y s") in _tokens("just k y s already")
    assert ("darn", "d.a.r.n") in _tokens("well d.a.r.n it")
    assert ("shoot", "sh00t") in _tokens("oh sh00t")


def test_repeats_are_squeezed_and_mixed_scripts_folded() -> None:
    f = compute_features("sooooo gооd", "en")  # the second word has Cyrillic o's
    assert f.folded == "soo good"


def test_a_letter_only_one_script_has_decides_a_mixed_words_script() -> None:
    # two Latin look-alikes against two Cyrillic letters, one of which ("д") Latin lacks
    assert compute_features("Судья — слепой yрoд", "ru").folded == "судья — слепой урод"
    # and the other way round: "d" has no Cyrillic look-alike
    assert compute_features("what a stupid mоrоn", "en").folded == "what a stupid moron"
    assert compute_features("Рабoта на дoму", "ru").folded == "работа на дому"


def test_numbers_and_emails_are_not_leet() -> None:
    f = compute_features("Write to ann@example.com by the 4th, version 2 of 10", "en")
    assert "ann@example" in f.folded
    assert "4th" in f.folded


def test_defanged_urls_are_found_with_original_spans() -> None:
    text = "see bad-site[.]com/x.exe or hxxp://other.example.org now"
    f = compute_features(text, "en")
    hosts = [(u.host, u.registered_domain, text[u.start : u.end]) for u in f.urls]
    assert hosts == [
        ("bad-site.com", "bad-site.com", "bad-site[.]com/x.exe"),
        ("other.example.org", "example.org", "hxxp://other.example.org"),
    ]


def test_language_needs_enough_letters() -> None:
    assert compute_features("Ok!", "en").language is None
    f = compute_features("Сегодня открыли новую станцию метро рядом с домом", "en")
    assert f.language == "ru" and f.language_confidence > 0.5


def test_a_confident_fasttext_agreement_with_the_edition_is_the_answer() -> None:
    from decorum.moderation.features import FAST_AGREES, detect_language

    lang, conf = detect_language("The council will publish the budget figures next week.", "en")
    assert lang == "en" and conf >= FAST_AGREES


def test_a_text_in_another_language_still_gets_its_language() -> None:
    f = compute_features("Сегодня открыли новую станцию метро рядом с домом", "es")
    assert f.language == "ru"
    f = compute_features("El partido de ayer fue increíble, qué final tan reñida.", "en")
    assert f.language == "es"


def test_a_stress_mark_does_not_end_a_word_for_the_word_lists() -> None:
    """Dictionary stress marks ("мандáт" with a combining accent) were read as the end of a word,
    so the word lists saw an obscene word inside "mandate"."""
    from datetime import UTC, datetime

    from decorum.moderation.engine import Engine
    from decorum.moderation.types import ArticleContext, CommentInput

    f = compute_features("Манда\u0301т депутата истекает в марте.", "ru")
    assert f.folded.startswith("мандат ")
    assert f.clean.startswith("Манда\u0301т")  # the reader's text keeps its accent
    article = ArticleContext("s1", "ru", "Выборы в городской совет", "Депутаты отчитались.")
    engine = Engine()
    for text, rejected in (
        ("Манда\u0301т депутата истекает в марте.", False),
        ("Ты манда\u0301.", True),
    ):
        verdict = engine.decide(
            CommentInput("m", text, "u1", article, datetime(2026, 11, 29, tzinfo=UTC))
        )
        assert (verdict.action == "reject") is rejected, verdict.statement
