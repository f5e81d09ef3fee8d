"""The demo's content files read into editions an editor can change without touching Python,
and a file that does not match the format fails loudly, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from decorum.demo.loader import (
    ContentError,
    Gallery,
    Quote,
    RelatedArticle,
    read_article,
    read_edition,
    read_people,
)


def test_the_content_reads_into_an_english_and_a_russian_edition() -> None:
    english, russian = read_edition("en"), read_edition("ru")
    assert len(english.articles) == 12 and len(russian.articles) == 5
    first = english.articles[0]
    assert first.section == "politics"
    assert first.body[1] == Quote(
        "We listened to every street, and this one asked to breathe.", "Councillor Ida Brandt"
    )
    assert first.body[0].startswith("The council of Riverton, a fictional town on the Alder,")
    assert any(isinstance(block, Gallery) for block in english.articles[1].blocks)
    (translation,) = russian.translations
    assert translation.translation_of == f"en/{first.key}"
    assert {s.translates for s in russian.sections} == {s.slug for s in english.sections}
    assert russian.articles[0].blocks == (RelatedArticle(russian.articles[2].key),)
    thread = english.threads[0]
    assert [parent for _text, parent in thread.comments] == [None, 0, 1, None, 3, None]


def test_the_people_who_log_in_are_not_the_ones_who_break_the_rules() -> None:
    people = read_people()
    accounts = {person.username for person in people.accounts}
    assert {"reader", "visitor", "moderator", "editor", "admin"} == accounts
    others = {p.username for p in (*people.problem_authors.values(), *people.history_authors)}
    assert not accounts & others
    assert people.history_troll in others


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "99-broken.md"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "---\nsection: politics\ntitle: T\nlead: L\nbyline: B\ntags: [x]\n"


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("Just prose, no header.\n", "expected a '---' header"),
        (HEADER + "subtitle: S\n---\n\nText.\n", "unknown ['subtitle']"),
        (HEADER + "---\n\n> A quote nobody said.\n", "a quote ends with a line"),
        (HEADER + "blocks:\n- poll: {}\n---\n\nText.\n", "unknown block 'poll'"),
        ("---\ntitle: T\nlead: L\nbyline: B\ntags: [x]\n---\n\nText.\n", "missing ['section']"),
    ],
)
def test_a_malformed_article_fails_naming_the_file(
    tmp_path: Path, text: str, complaint: str
) -> None:
    with pytest.raises(ContentError) as raised:
        read_article(_write(tmp_path, text))
    assert "99-broken.md" in str(raised.value) and complaint in str(raised.value)


def test_a_well_formed_article_reads_its_paragraphs_and_quote(tmp_path: Path) -> None:
    text = HEADER + "---\n\nOne line\nwrapped.\n\n> Said\n> twice.\n>\n> — Someone\n\nEnd.\n"
    article = read_article(_write(tmp_path, text))
    assert article.body == ("One line wrapped.", Quote("Said twice.", "Someone"), "End.")
    assert article.key == "99-broken" and article.tags == ("x",)
