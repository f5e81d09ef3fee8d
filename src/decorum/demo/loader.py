"""Read the demo's content files into frozen dataclasses; no Django, no database.

The content lives in ``content/`` so that an editor can change the demo without reading
Python (``content/README.md`` describes the files). Every reader here fails loudly, naming
the file, when a file does not match the format: a typo must not silently drop an article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT = Path(__file__).resolve().parent / "content"
FRONT_MATTER = "---"
ATTRIBUTION = "— "  # an em dash and a space start a quote's last line


class ContentError(ValueError):
    """A content file does not match the format; the message names the file."""


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str


@dataclass(frozen=True)
class ExternalPost:
    url: str
    text: str
    author: str


@dataclass(frozen=True)
class RelatedArticle:
    article: str  # the key of another article of the same edition


@dataclass(frozen=True)
class Picture:
    title: str  # drawn on the generated image
    caption: str


@dataclass(frozen=True)
class Gallery:
    title: str
    pictures: tuple[Picture, ...]


@dataclass(frozen=True)
class Video:
    url: str
    caption: str


Block = ExternalPost | RelatedArticle | Gallery | Video


@dataclass(frozen=True)
class Article:
    """One ``articles/*.md`` file; ``key`` is its name without ``.md``."""

    key: str
    title: str
    lead: str
    byline: str
    tags: tuple[str, ...]
    body: tuple[str | Quote, ...]  # paragraphs and quotes, in reading order
    section: str = ""  # a section slug of the edition; empty for a translation
    blocks: tuple[Block, ...] = ()  # appended after the prose, in this order
    related_picks: tuple[str, ...] = ()
    slug: str = ""  # empty: Wagtail makes one from the title
    translation_of: str = ""  # "<language>/<key>" of the article this one translates


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    translates: str = ""  # the source edition's section slug


@dataclass(frozen=True)
class PageContent:
    title: str
    slug: str = ""  # empty for a translated home page: it keeps the one it was copied with
    intro: str = ""


@dataclass(frozen=True)
class Credits:
    """How one edition's demo articles credit their picture and desk."""

    caption: str  # "{title}" stands for the headline
    image: str
    source: str

    def caption_for(self, title: str) -> str:
        return self.caption.replace("{title}", title)


@dataclass(frozen=True)
class Thread:
    """Comments posted under each of ``articles``; replies hold their parent's position."""

    articles: tuple[str, ...]
    authors: tuple[str, ...]  # demo account roles, taken in turn
    comments: tuple[tuple[str, int | None], ...]
    edit: str = ""  # added afterwards by the last comment's author, unless empty


@dataclass(frozen=True)
class Problems:
    """Rule-breaking comments for the queues, by the edition's problem author."""

    article: str
    comments: tuple[str, ...]


@dataclass(frozen=True)
class Edition:
    language: str
    home: PageContent
    sections: tuple[Section, ...]
    all_news: PageContent
    multimedia: PageContent
    credits: Credits
    hours_between_articles: int
    articles: tuple[Article, ...]  # new stories, oldest first
    translations: tuple[Article, ...]  # versions of another edition's stories
    threads: tuple[Thread, ...]
    problems: tuple[Problems, ...]
    translation_of: str = ""  # the language whose home and sections this edition translates

    def article(self, key: str) -> Article:
        for article in (*self.articles, *self.translations):
            if article.key == key:
                return article
        raise ContentError(f"content/{self.language}: no article {key!r}")


@dataclass(frozen=True)
class Person:
    username: str
    email: str
    name: str
    role: str = ""


@dataclass(frozen=True)
class People:
    accounts: tuple[Person, ...]  # the cast people log in as; passwords are made at load time
    problem_authors: Mapping[str, Person]  # per language; nobody logs in as them
    history_authors: tuple[Person, ...]  # nobody logs in as them either
    history_troll: str  # the history author the sanction ladder blocks


@dataclass(frozen=True)
class HistoryTexts:
    fine: Mapping[str, tuple[str, ...]]  # per language
    broken: Mapping[str, Mapping[str, str]]  # per language, per rule


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ContentError(f"{path.relative_to(CONTENT)}: {err}") from err


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected a mapping, found {type(value).__name__}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: expected some text, found {value!r}")
    return value


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ContentError(f"{where}: expected a list, found {type(value).__name__}")
    return tuple(_text(item, where) for item in value)


def _fields(data: dict[str, Any], where: str, *, required: set[str], optional: set[str]) -> None:
    missing = required - data.keys()
    unknown = data.keys() - required - optional
    if missing or unknown:
        raise ContentError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")


def _block(value: Any, where: str) -> Block:
    data = _mapping(value, where)
    if len(data) != 1:
        raise ContentError(f"{where}: a block is one of external_post, related_article, ...")
    kind, fields = next(iter(data.items()))
    if kind == "related_article":
        return RelatedArticle(article=_text(fields, where))
    fields = _mapping(fields, f"{where} {kind}")
    if kind == "external_post":
        _fields(fields, where, required={"url", "text", "author"}, optional=set())
        return ExternalPost(**{k: _text(v, where) for k, v in fields.items()})
    if kind == "video":
        _fields(fields, where, required={"url", "caption"}, optional=set())
        return Video(**{k: _text(v, where) for k, v in fields.items()})
    if kind == "gallery":
        _fields(fields, where, required={"title", "pictures"}, optional=set())
        pictures = []
        for picture in fields["pictures"]:
            picture = _mapping(picture, where)
            _fields(picture, where, required={"title", "caption"}, optional=set())
            pictures.append(Picture(**{k: _text(v, where) for k, v in picture.items()}))
        return Gallery(title=_text(fields["title"], where), pictures=tuple(pictures))
    raise ContentError(f"{where}: unknown block {kind!r}")


def _body(text: str, where: str) -> tuple[str | Quote, ...]:
    """Paragraphs are separated by blank lines; lines of a paragraph join with a space. A
    paragraph whose lines start with ``>`` is a quote, its last line ``— who said it``."""
    body: list[str | Quote] = []
    for chunk in text.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        if not lines[0].startswith(">"):
            body.append(" ".join(lines))
            continue
        if not all(line.startswith(">") for line in lines):
            raise ContentError(f"{where}: every line of a quote starts with '>'")
        quoted = [line[1:].strip() for line in lines if line[1:].strip()]
        if len(quoted) < 2 or not quoted[-1].startswith(ATTRIBUTION):
            raise ContentError(f"{where}: a quote ends with a line '> — who said it'")
        body.append(Quote(" ".join(quoted[:-1]), quoted[-1].removeprefix(ATTRIBUTION)))
    return tuple(body)


def read_article(path: Path) -> Article:
    """One Markdown file: a YAML header between ``---`` lines, then the prose."""
    where = str(path.relative_to(CONTENT)) if path.is_relative_to(CONTENT) else path.name
    text = path.read_text(encoding="utf-8")
    opening, header, prose = [*text.split(FRONT_MATTER + "\n", 2), "", ""][:3]
    if opening.strip() or not prose.strip():
        raise ContentError(f"{where}: expected a '---' header, then the article's text")
    try:
        meta = _mapping(yaml.safe_load(header), where)
    except yaml.YAMLError as err:
        raise ContentError(f"{where}: {err}") from err
    translated = "translation_of" in meta
    _fields(
        meta,
        where,
        required={"title", "lead", "byline", "tags"} | (set() if translated else {"section"}),
        optional={"blocks", "related_picks", "slug", "translation_of"},
    )
    return Article(
        key=path.stem,
        title=_text(meta["title"], where),
        lead=_text(meta["lead"], where),
        byline=_text(meta["byline"], where),
        tags=_texts(meta["tags"], where),
        body=_body(prose, where),
        section=meta.get("section", ""),
        blocks=tuple(_block(block, where) for block in meta.get("blocks", [])),
        related_picks=_texts(meta.get("related_picks", []), where),
        slug=meta.get("slug", ""),
        translation_of=meta.get("translation_of", ""),
    )


def _thread(data: Any, where: str) -> Thread:
    data = _mapping(data, where)
    _fields(data, where, required={"articles", "authors", "comments"}, optional={"edit"})
    positions: dict[str, int] = {}
    comments: list[tuple[str, int | None]] = []
    for index, comment in enumerate(data["comments"]):
        comment = _mapping(comment, where)
        _fields(comment, where, required={"text"}, optional={"id", "reply_to"})
        parent = comment.get("reply_to")
        if parent is not None and parent not in positions:
            raise ContentError(f"{where}: reply_to {parent!r} is not an earlier comment's id")
        comments.append(
            (_text(comment["text"], where), positions[parent] if parent is not None else None)
        )
        if "id" in comment:
            positions[comment["id"]] = index
    return Thread(
        articles=_texts(data["articles"], where),
        authors=_texts(data["authors"], where),
        comments=tuple(comments),
        edit=data.get("edit", ""),
    )


def _page(data: Any, where: str) -> PageContent:
    data = _mapping(data, where)
    _fields(data, where, required={"title"}, optional={"slug", "intro"})
    return PageContent(**{k: _text(v, where) for k, v in data.items()})


@cache
def read_edition(language: str) -> Edition:
    """``content/<language>/``: edition.yaml, comments.yaml and articles/*.md (name order)."""
    folder = CONTENT / language
    where = f"{language}/edition.yaml"
    data = _mapping(_yaml(folder / "edition.yaml"), where)
    _fields(
        data,
        where,
        required={"home", "sections", "all_news", "multimedia", "credits", "hours_between"},
        optional={"translation_of"},
    )
    credits = _mapping(data["credits"], where)
    _fields(credits, where, required={"caption", "image", "source"}, optional=set())
    sections = []
    for section in data["sections"]:
        section = _mapping(section, where)
        _fields(section, where, required={"slug", "title"}, optional={"translates"})
        sections.append(Section(**{k: _text(v, where) for k, v in section.items()}))
    comments = _mapping(_yaml(folder / "comments.yaml"), f"{language}/comments.yaml")
    _fields(comments, f"{language}/comments.yaml", required={"threads", "problems"}, optional=set())
    problems = []
    for item in comments["problems"]:
        item = _mapping(item, f"{language}/comments.yaml")
        problems.append(
            Problems(
                article=_text(item["article"], where),
                comments=_texts(item["comments"], where),
            )
        )
    written = [read_article(path) for path in sorted((folder / "articles").glob("*.md"))]
    edition = Edition(
        language=language,
        home=_page(data["home"], where),
        sections=tuple(sections),
        all_news=_page(data["all_news"], where),
        multimedia=_page(data["multimedia"], where),
        credits=Credits(**{k: _text(v, where) for k, v in credits.items()}),
        hours_between_articles=int(data["hours_between"]),
        articles=tuple(a for a in written if not a.translation_of),
        translations=tuple(a for a in written if a.translation_of),
        threads=tuple(_thread(t, f"{language}/comments.yaml") for t in comments["threads"]),
        problems=tuple(problems),
        translation_of=data.get("translation_of", ""),
    )
    _check_references(edition)
    return edition


def _check_references(edition: Edition) -> None:
    """Every section, related article and commented article named in the files exists."""
    slugs = {section.slug for section in edition.sections}
    for article in edition.articles:
        if article.section not in slugs:
            raise ContentError(f"{edition.language}/{article.key}: no section {article.section!r}")
        for block in article.blocks:
            if isinstance(block, RelatedArticle):
                edition.article(block.article)
        for key in article.related_picks:
            edition.article(key)
    for thread in edition.threads:
        for key in thread.articles:
            edition.article(key)
    for problems in edition.problems:
        edition.article(problems.article)


def _person(data: Any, where: str, *, role: bool = False) -> Person:
    data = _mapping(data, where)
    fields = {"username", "email", "name"}
    _fields(data, where, required=fields | ({"role"} if role else set()), optional=set())
    return Person(**{k: _text(v, where) for k, v in data.items()})


@cache
def read_people() -> People:
    """``content/people.yaml``: the demo accounts and the authors nobody logs in as."""
    where = "people.yaml"
    data = _mapping(_yaml(CONTENT / where), where)
    _fields(
        data,
        where,
        required={"accounts", "problem_authors", "history_authors", "history_troll"},
        optional=set(),
    )
    people = People(
        accounts=tuple(_person(p, where, role=True) for p in data["accounts"]),
        problem_authors={
            language: _person(p, where)
            for language, p in _mapping(data["problem_authors"], where).items()
        },
        history_authors=tuple(_person(p, where) for p in data["history_authors"]),
        history_troll=_text(data["history_troll"], where),
    )
    if people.history_troll not in {p.username for p in people.history_authors}:
        raise ContentError(f"{where}: history_troll is not one of the history_authors")
    return people


@cache
def read_history_texts() -> HistoryTexts:
    """``content/history.yaml``: what the four weeks of past comments say, per language."""
    where = "history.yaml"
    data = _mapping(_yaml(CONTENT / where), where)
    _fields(data, where, required={"fine", "broken"}, optional=set())
    return HistoryTexts(
        fine={lang: _texts(texts, where) for lang, texts in _mapping(data["fine"], where).items()},
        broken={
            lang: {rule: _text(text, where) for rule, text in _mapping(rules, where).items()}
            for lang, rules in _mapping(data["broken"], where).items()
        },
    )
