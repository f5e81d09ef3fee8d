"""``{% comment_section page %}``: the comment thread and forms under an article."""

from __future__ import annotations

import secrets
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from decorum.community import app_settings, selectors
from decorum.community.access import can_moderate
from decorum.community.actions import check_commentable
from decorum.community.gate import get_gate
from decorum.community.models import Comment, CommentStatus
from decorum.community.standards import current_standards
from decorum.community.text import render_comment_text
from decorum.core.errors import DecorumError

register = template.Library()


@register.filter
def comment_html(text: str) -> SafeString:
    """Plain comment text as HTML: escaped, URLs linked (rel="nofollow ugc noopener")."""
    return render_comment_text(text or "")


@register.filter
def rule_title(rule_id: str) -> str:
    """The title of a rule of the current standards (the id itself if it was retired)."""
    rule = current_standards((get_language() or "en").split("-")[0]).rule(rule_id)
    return rule.title if rule is not None else rule_id


def _int_or_none(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@register.inclusion_tag("community/comment_section.html", takes_context=True)
def comment_section(context: template.Context, article: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    query = request.GET if request is not None else {}
    thread = selectors.comment_thread(article, user, page_number=query.get("cpage", 1))
    state = getattr(request, "decorum_comment_form", None)
    gate = get_gate()

    closed_reason = ""
    blocked = False
    try:
        check_commentable(article)
        gate.check_may_comment(user, article.pk)
    except DecorumError as err:
        closed_reason = err.message
        blocked = err.code == "blocked"

    reply_to: Comment | None = None
    reply_id = state.parent_id if state is not None else _int_or_none(query.get("reply"))
    if reply_id is not None:
        reply_to = (
            Comment.objects.select_related("author")
            .filter(pk=reply_id, article_id=article.pk, status=CommentStatus.PUBLISHED)
            .first()
        )
    language = (get_language() or "en").split("-")[0]
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "article": article,
        "thread": thread,
        "state": state,
        "reply_to": reply_to,
        "closed_reason": closed_reason,
        "blocked": blocked,
        "is_moderator": can_moderate(user),
        "max_depth": app_settings.max_depth(),
        "max_length": app_settings.max_length(),
        "premoderation": app_settings.premoderation(),
        "screening": gate.screens_comments(),
        "rules": current_standards(language).rules,
        "cpage": thread.page.number,
        # a new key on every showing of the form: the same form sent twice posts once
        "submission": secrets.token_hex(16),
    }


@register.inclusion_tag("community/author_comments.html", takes_context=True)
def author_comments(context: template.Context, author: Any, limit: int = 50) -> dict[str, Any]:
    """``{% author_comments profile_user %}``: the latest comments of ``author`` that the
    current viewer may see (for the profile page), newest first, with links to each; the
    author also sees why their held or rejected comments were decided so."""
    request = context.get("request")
    viewer = getattr(request, "user", None) or context.get("user")
    comments = list(selectors.comments_by_author(author, viewer)[: max(1, int(limit))])
    if viewer is not None and viewer.is_authenticated and viewer.pk == author.pk:
        selectors.attach_own_decisions(comments, viewer.pk)  # the reasons, to the author alone
    return {"comments": comments, "author": author, "viewer": viewer}


@register.simple_tag
def appeal_link(comment: Any) -> str:
    """A link to appeal the decision on ``comment`` (nothing while appeals are not installed)."""
    try:
        url = reverse("enforcement_appeals:new")
    except NoReverseMatch:
        return ""
    return format_html(
        '<p class="appeal"><a class="appeal-link" href="{}?comment={}">{}</a></p>',
        url,
        comment.pk,
        _("Appeal this decision"),
    )
