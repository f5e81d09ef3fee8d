"""The pre-post nudge: check a draft before it is posted and name the rule it likely breaks.

Nothing is stored and the engine's activity history is not touched; the author decides
whether to edit or post anyway (the posted comment is checked again like any other).
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page

from decorum.accounts.models import User
from decorum.community.actions import check_comment_text, check_commentable
from decorum.community.models import Comment
from decorum.community.standards import current_standards
from decorum.core.errors import DecorumError, ErrorCode, RateLimited, json_error
from decorum.core.ratelimit import over_limit
from decorum.enforcement import app_settings, engine_adapter, sanctions, screening
from decorum.enforcement.access import access_comment_for_status
from decorum.enforcement.screening import comment_facts, edition_language
from decorum.enforcement.statements import finding_explanation

logger = logging.getLogger(__name__)


def _count(user_pk: object) -> None:
    if over_limit("nudge", str(user_pk), limit=app_settings.nudge_per_minute(), window=60):
        raise RateLimited(_("Too many checks in a minute. Post your comment or wait a moment."))


@login_required
@require_POST
def check_draft(request: HttpRequest) -> JsonResponse:
    try:
        _count(request.user.pk)
        text = check_comment_text(request.POST.get("text", ""))
        page = Page.objects.filter(pk=request.POST.get("article") or 0).first()
        if page is None or not str(request.POST.get("article", "")).isdigit():
            raise DecorumError(_("The article does not exist."), code=ErrorCode.INVALID_ARTICLE)
        article = page.specific
        check_commentable(article)
    except DecorumError as err:
        return json_error(err)
    parent = None
    raw_parent = str(request.POST.get("parent", ""))
    if raw_parent.isdigit():
        parent = (
            Comment.objects.select_related("author")
            .filter(pk=int(raw_parent), article_id=article.pk)
            .first()
        )
    author = request.user
    assert isinstance(author, User)  # login_required
    draft = Comment(
        article=page, author=author, parent=parent, text=text, created_at=timezone.now()
    )
    try:
        verdict = engine_adapter.preview(comment_facts(draft))
    except Exception:  # a failing check must not stop anyone from posting
        logger.exception("The draft check failed")
        return JsonResponse({"action": "unknown", "rules": []})
    standards = current_standards(edition_language(article))
    rules = []
    for finding in verdict.findings:
        rule = standards.rule(finding.rule)
        rules.append(
            {
                "id": finding.rule,
                "title": rule.title if rule else finding.rule,
                "explanation": finding_explanation(finding),
            }
        )
    action = verdict.action
    return JsonResponse(
        {"action": action, "rules": rules, "warning": _block_warning(request, action, rules)}
    )


def _block_warning(request: HttpRequest, action: str, rules: list[dict[str, str]]) -> str:
    """Say so when posting this draft may be the rejection that blocks the account."""
    if not rules:
        return ""
    step = sanctions.step_reached_by_next_rejection(request.user)
    if step is None:
        return ""
    params = {"count": step.rejected, "days": step.days}
    if action == "reject":
        return (
            ngettext(
                "You already have %(count)s rejected comment within %(days)s days. This one would "
                "be rejected too: posting it blocks your account from commenting.",
                "You already have %(count)s rejected comments within %(days)s days. This one would "
                "be rejected too: posting it blocks your account from commenting.",
                step.rejected,
            )
            % params
        )
    return (
        ngettext(
            "You already have %(count)s rejected comment within %(days)s days. If a moderator "
            "rejects this one too, your account will be blocked from commenting.",
            "You already have %(count)s rejected comments within %(days)s days. If a moderator "
            "rejects this one too, your account will be blocked from commenting.",
            step.rejected,
        )
        % params
    )


MAX_STATUS_WAIT_SECONDS = 2.0


@login_required
def comment_status(request: HttpRequest, comment_id: int) -> JsonResponse:
    """The status of one's own comment while the engine checks it (the page polls this).
    ``?wait=S`` holds the answer up to S seconds (at most 2) until the check decides, so the
    page asks once or twice instead of every few hundred milliseconds."""
    try:
        comment = access_comment_for_status(request.user, comment_id)
    except DecorumError as err:
        return json_error(err)
    try:
        wait = min(max(float(request.GET.get("wait", 0)), 0.0), MAX_STATUS_WAIT_SECONDS)
    except ValueError:
        wait = 0.0  # not a number: answer at once, as without it
    checked = screening.wait_for_decision(comment.pk, wait)
    if checked and wait:
        comment.refresh_from_db(fields=["status"])
    return JsonResponse({"id": comment.pk, "status": comment.status, "checked": checked})
