"""Reads for comments; what a viewer may see is decided in the query, not in templates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import Page

from decorum.community import app_settings
from decorum.community.access import can_moderate
from decorum.community.gate import get_gate
from decorum.community.models import Comment, CommentStatus

OWN_VISIBLE = (CommentStatus.PENDING, CommentStatus.REJECTED)


_PAGE_MODELS: dict[int, type[Page]] = {}
_PAGE_MODELS_KEPT = 50_000


def specific_page(page_id: int, *, only: Sequence[str] = ()) -> Page | None:
    """The page ``page_id`` as its own type (an ``ArticlePage``...), or None if there is none;
    with ``only``, just those fields (any other still loads when read).

    A page never changes type and ids are not reused, so the type is remembered per id and a
    post to a known article costs one query instead of two (the page, then its own row)."""
    model = _PAGE_MODELS.get(page_id) or _page_model(page_id)
    if model is None:
        return None
    pages = model.objects.only(*only) if only else model.objects.all()
    try:
        return pages.get(pk=page_id)
    except model.DoesNotExist:
        return None


# What posting reads of the article: its type, whether it is live, its address (Wagtail's
# ``get_url`` reads the url path and the locale). Building a full article (its body, images,
# search fields) was about a tenth of a post's time in the web process.
POSTING_FIELDS = ("path", "depth", "url_path", "live", "content_type_id", "locale_id", "title")


def _page_model(page_id: int) -> type[Page] | None:
    found = Page.objects.filter(pk=page_id).values_list("content_type_id", flat=True).first()
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found).model_class()
    page_model = model if isinstance(model, type) and issubclass(model, Page) else Page
    if len(_PAGE_MODELS) < _PAGE_MODELS_KEPT:
        _PAGE_MODELS[page_id] = page_model
    return page_model


def visible_q(viewer: Any) -> Q:
    """Published comments (except those of deleted accounts that can still be restored), plus
    the viewer's own pending and rejected ones."""
    condition = Q(status=CommentStatus.PUBLISHED, author__comments_hidden=False)
    if viewer is not None and viewer.is_authenticated:
        condition |= Q(author_id=viewer.pk, status__in=OWN_VISIBLE)
    return condition


@dataclass
class CommentNode:
    """One comment in a rendered thread. ``placeholder`` hides a comment kept for its replies."""

    comment: Comment
    visible: bool
    children: list[CommentNode] = field(default_factory=list)

    @property
    def placeholder(self) -> bool:
        return not self.visible


@dataclass
class Thread:
    nodes: list[CommentNode]
    page: PaginatorPage[Comment]
    total_visible: int


def _roots_for(article: Page, viewer: Any) -> QuerySet[Comment]:
    has_visible_reply = Exists(
        Comment.objects.filter(
            root_id=OuterRef("pk"), status=CommentStatus.PUBLISHED, author__comments_hidden=False
        ).exclude(pk=OuterRef("pk"))
    )
    return (
        Comment.objects.filter(article_id=article.pk, parent__isnull=True)
        .filter(visible_q(viewer) | Q(has_visible_reply))
        .order_by("-created_at", "-pk")
        .only("pk")
    )


def comment_thread(article: Page, viewer: Any, *, page_number: Any = 1) -> Thread:
    """A page of top-level comments under ``article`` with all their replies, as a tree.

    Three queries whatever the number of comments (four when the viewer has comments waiting or
    rejected): count, the page of thread roots, and every
    comment of those threads (with authors and editors joined).
    """
    paginator = Paginator(_roots_for(article, viewer), app_settings.threads_per_page())
    page = paginator.get_page(page_number)
    root_ids = [c.pk for c in page.object_list]
    comments: list[Comment] = []
    if root_ids:
        comments = list(
            Comment.objects.filter(root_id__in=root_ids)
            .select_related("author", "last_edited_by")
            .order_by("created_at", "pk")
        )
    own_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    attach_own_decisions([c for c in comments if c.author_id == own_id], own_id)
    nodes: dict[int, CommentNode] = {}
    for comment in comments:
        shown = (
            comment.status == CommentStatus.PUBLISHED and not comment.author.comments_hidden
        ) or (comment.author_id == own_id and comment.status in OWN_VISIBLE)
        nodes[comment.pk] = CommentNode(comment=comment, visible=shown)
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in nodes:
            nodes[comment.parent_id].children.append(nodes[comment.pk])

    def prune(node: CommentNode) -> bool:
        node.children = [child for child in node.children if prune(child)]
        return node.visible or bool(node.children)

    order = {pk: index for index, pk in enumerate(root_ids)}
    roots = [nodes[pk] for pk in root_ids if pk in nodes]
    roots = [node for node in roots if prune(node)]
    roots.sort(key=lambda node: order[node.comment.pk])
    return Thread(nodes=roots, page=page, total_visible=paginator.count)


def attach_own_decisions(comments: list[Comment], own_id: Any) -> None:
    """Give the author's own held or rejected comments their latest decision (one query), so
    the thread can show the rule and the statement of reasons to them alone."""
    waiting = {c.pk: c for c in comments if c.author_id == own_id and c.status in OWN_VISIBLE}
    for comment in comments:
        comment.own_decision = None  # type: ignore[attr-defined]
    if not waiting:
        return
    for comment_id, decision in get_gate().latest_decisions(list(waiting)).items():
        waiting[comment_id].own_decision = decision  # type: ignore[attr-defined]


def thread_page_number(comment: Comment, viewer: Any) -> int:
    """The ``cpage`` of the article's thread on which ``comment`` appears for ``viewer``."""
    root = comment.root or comment
    newer = (
        _roots_for(comment.article, viewer)
        .filter(Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk))
        .count()
    )
    return newer // app_settings.threads_per_page() + 1


def comments_by_author(user: Any, viewer: Any) -> QuerySet[Comment]:
    """A user's comments for their profile: others see published ones, the user sees all but
    removed ones, moderators see everything."""
    queryset = Comment.objects.filter(author_id=user.pk)
    if viewer is not None and viewer.is_authenticated and viewer.pk == user.pk:
        queryset = queryset.exclude(status=CommentStatus.REMOVED)
    elif not can_moderate(viewer):
        queryset = queryset.filter(status=CommentStatus.PUBLISHED, author__comments_hidden=False)
    return queryset.select_related("article", "author").order_by("-created_at", "-pk")


def get_visible_comment(comment_id: Any, viewer: Any) -> Comment | None:
    """The comment if ``viewer`` may see it, else None.

    Every comment URL goes through this: ids are sequential, so a URL that answered
    differently for a hidden comment (its text, its article, even a different error) would
    let anyone walk the pending and rejected ones. Moderators see every comment.
    """
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        return None
    comments = Comment.objects.select_related("article", "author").filter(pk=pk)
    if not can_moderate(viewer):
        comments = comments.filter(visible_q(viewer), article__live=True)
    return comments.first()


def visible_comments(article_id: int, viewer: Any) -> QuerySet[Comment]:
    """Every comment under a live, public article that ``viewer`` may read, oldest first:
    published ones, plus the viewer's own pending and rejected ones. Moderators get the same
    (their queues show the rest). Empty when the article is not live or not public."""
    live = Page.objects.live().public().filter(pk=article_id)
    return (
        Comment.objects.filter(article_id=article_id, article_id__in=live.values("pk"))
        .filter(visible_q(viewer))
        .select_related("author")
        .order_by("created_at", "pk")
    )
