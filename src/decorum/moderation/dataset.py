"""Reading the policy-dev JSON-lines format into engine inputs.

Both ``decorum moderate`` and ``decorum evaluate`` read this format, so parsing lives here once.
A bad line never stops the run: it is reported as a :class:`LineError` naming the line number and
the field, and the caller decides what to do (the CLI prints it and exits non-zero at the end).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from decorum.moderation.types import RULE_IDS, ArticleContext, CommentInput, ParentContext


@dataclass(frozen=True, slots=True)
class LineError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path} line {self.line}: {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class LabelledComment:
    line: int
    comment: CommentInput
    labels: tuple[str, ...] | None  # None when the line carries no labels


class _Bad(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _str(obj: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise _Bad(key, "must be a non-empty string" if required else "must be a string")
    return value


def _lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | LineError]]:
    name = str(path)
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as err:
                yield number, LineError(name, number, "line", f"is not valid JSON ({err.msg})")
                continue
            if not isinstance(obj, dict):
                yield number, LineError(name, number, "line", "must be a JSON object")
                continue
            yield number, obj


def read_articles(path: str | Path) -> tuple[dict[str, ArticleContext], list[LineError]]:
    articles: dict[str, ArticleContext] = {}
    errors: list[LineError] = []
    for number, obj in _lines(path):
        if isinstance(obj, LineError):
            errors.append(obj)
            continue
        try:
            article = ArticleContext(
                id=_str(obj, "id"),
                edition=_str(obj, "edition"),
                title=_str(obj, "title", required=False),
                body=_str(obj, "body", required=False),
            )
        except _Bad as bad:
            errors.append(LineError(str(path), number, bad.field, bad.message))
            continue
        articles[article.id] = article
    return articles, errors


def read_comments(
    path: str | Path, articles: dict[str, ArticleContext]
) -> Iterator[LabelledComment | LineError]:
    """Yield comments in file order; parents are resolved from earlier lines."""
    texts: dict[str, tuple[str, str]] = {}
    for number, obj in _lines(path):
        if isinstance(obj, LineError):
            yield obj
            continue
        try:
            cid = _str(obj, "id")
            article_id = _str(obj, "article_id")
            article = articles.get(article_id)
            if article is None:
                raise _Bad("article_id", f"names an unknown article {article_id!r}")
            text = obj.get("text")
            if not isinstance(text, str):
                raise _Bad("text", "must be a string")
            author = _str(obj, "author")
            created_raw = _str(obj, "created_at")
            try:
                created = datetime.fromisoformat(created_raw.replace("Z", "+00:00"))
            except ValueError as err:
                raise _Bad("created_at", "must be an ISO 8601 date and time") from err
            if created.tzinfo is None:
                raise _Bad("created_at", "must include a time zone")
            parent: ParentContext | None = None
            parent_id = obj.get("parent_id")
            if parent_id is not None:
                if not isinstance(parent_id, str):
                    raise _Bad("parent_id", "must be a string or null")
                if parent_id in texts:
                    ptext, pauthor = texts[parent_id]
                    parent = ParentContext(id=parent_id, text=ptext, author=pauthor)
                else:
                    parent = ParentContext(id=parent_id, text="")
            labels_raw = obj.get("labels")
            labels: tuple[str, ...] | None = None
            if labels_raw is not None:
                if not isinstance(labels_raw, list) or not all(
                    isinstance(x, str) and x in RULE_IDS for x in labels_raw
                ):
                    raise _Bad("labels", "must be a list of rule ids")
                labels = tuple(labels_raw)
        except _Bad as bad:
            yield LineError(str(path), number, bad.field, bad.message)
            continue
        texts[cid] = (text, author)
        comment = CommentInput(
            id=cid, text=text, author=author, article=article, created_at=created, parent=parent
        )
        yield LabelledComment(line=number, comment=comment, labels=labels)
