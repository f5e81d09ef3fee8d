"""Thin views: parse the request, call one action or selector, render.

Mutating views are POST-only, CSRF-protected and need a logged-in user. When a comment cannot
be posted, the article page is rendered again with the error next to the form and the text the
user typed kept in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from decorum.community import actions, app_settings, selectors
from decorum.community.access import access_comment_for_edit, access_comment_for_report
from decorum.community.forms import (
    CommentForm,
    EditForm,
    ReplyForm,
    ReportForm,
    first_error,
    rule_choices,
)
from decorum.community.gate import get_gate
from decorum.community.models import Comment, CommentStatus
from decorum.community.standards import current_standards
from decorum.core.client_ip import client_ip
from decorum.core.errors import DecorumError, render_error


@dataclass(frozen=True)
class FormState:
    """What the comment form shows after a failed post: the error and the text as typed."""

    text: str
    error: str
    code: str
    parent_id: int | None = None


def request_language() -> str:
    return (get_language() or "en").split("-")[0]


def error_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "community/error.html", {"message": message}, status=status)


def article_url(article: Page, request: HttpRequest, fragment: str = "") -> str:
    url = article.get_url(request) or "/"
    return f"{url}#{fragment}" if fragment else url


def comment_url(request: HttpRequest, comment: Comment, *, just_posted: bool = False) -> str:
    """The article address showing ``comment``: the right page of threads, then its anchor.
    A thread ``just_posted`` is the newest, so on the first page (no count query)."""
    if just_posted and comment.parent_id is None:
        number = 1
    else:
        number = selectors.thread_page_number(comment, request.user)
    # Without the request Wagtail skips finding the request's site (a query): the address is
    # relative on a one-site install, absolute otherwise, and right for a redirect either way.
    url = comment.article.get_url() or "/"
    query = f"?cpage={number}" if number > 1 else ""
    return f"{url}{query}#comment-{comment.pk}"


def rerender_article(
    request: HttpRequest, article: Page, state: FormState, status: int
) -> HttpResponse:
    """Serve the article page again with ``state`` for the comment section tag to show."""
    request.decorum_comment_form = state  # type: ignore[attr-defined]
    request.is_preview = False  # type: ignore[attr-defined]
    page = article.specific
    if page.get_deferred_fields():  # read for posting only: the page needs all of it
        page = type(page).objects.get(pk=page.pk)
    # Render the page's template directly rather than ``serve()``: a failed post is not a view.
    response = TemplateResponse(request, page.get_template(request), page.get_context(request))
    response.render()
    response.status_code = status
    if status == 429:
        response["Retry-After"] = str(app_settings.rate_window())
    return response


def standards(request: HttpRequest) -> HttpResponse:
    return render(
        request, "community/standards.html", {"standards": current_standards(request_language())}
    )


def _tell_outcome(request: HttpRequest, comment: Comment, *, awaiting_check: bool) -> None:
    """One message after posting; the comment itself shows the details (rule, reasons)."""
    if comment.status == CommentStatus.PUBLISHED:
        messages.success(request, _("Your comment has been published."))
    elif comment.status == CommentStatus.REJECTED:
        messages.error(
            request,
            _(
                "Your comment was not published because it breaks the community standards. "
                "The rule and the reasons are shown with your comment below."
            ),
        )
    elif awaiting_check:
        messages.info(request, _("Your comment is being checked and will appear in a moment."))
    else:
        messages.info(
            request,
            _("Thank you. Your comment will appear once a moderator has reviewed it."),
        )


def _post(
    request: HttpRequest, article: Page, parent: Comment | None, text: str, submission: str
) -> HttpResponse:
    try:
        comment = actions.post_comment(
            author=request.user,
            article=article,
            text=text,
            parent=parent,
            ip_address=client_ip(request),
            submission=submission,
        )
    except DecorumError as err:
        if err.code == "not_commentable":
            return error_page(request, err.message, 400)
        state = FormState(
            text=text, error=err.message, code=err.code, parent_id=parent.pk if parent else None
        )
        return rerender_article(request, article, state, err.status)
    gate = get_gate()
    decided = gate.await_outcome(comment)
    if decided:  # else the status is still the one it was created with
        comment.refresh_from_db(fields=["status", "updated_at"])
    comment.article = article  # the page in hand: no query for the address below
    _tell_outcome(request, comment, awaiting_check=not decided and gate.screens_comments())
    return HttpResponseRedirect(comment_url(request, comment, just_posted=True))


@login_required
@require_POST
def post(request: HttpRequest) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        return error_page(request, first_error(form), 400)
    article = selectors.specific_page(form.cleaned_data["article"], only=selectors.POSTING_FIELDS)
    if article is None:
        return error_page(request, _("The article you are commenting on does not exist."), 400)
    parent: Comment | None = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            return error_page(request, _("The comment you are replying to does not exist."), 400)
        if parent.article_id != article.pk:
            return error_page(
                request, _("The comment you are replying to belongs to another article."), 400
            )
    return _post(
        request, article, parent, form.cleaned_data["text"], form.cleaned_data["submission"]
    )


@login_required
@require_POST
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = selectors.get_visible_comment(comment_id, request.user)
    if parent is None:
        return error_page(request, _("This comment does not exist or was removed."), 404)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return error_page(request, first_error(form), 400)
    return _post(
        request,
        parent.article.specific,
        parent,
        form.cleaned_data["text"],
        form.cleaned_data["submission"],
    )


def _comment_or_404(request: HttpRequest, comment_id: int) -> Comment | HttpResponse:
    comment = selectors.get_visible_comment(comment_id, request.user)
    if comment is None or comment.status == CommentStatus.REMOVED:
        return error_page(request, _("This comment does not exist or was removed."), 404)
    return comment


@login_required
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    found = _comment_or_404(request, comment_id)
    if isinstance(found, HttpResponse):
        return found
    comment = found
    try:
        role = access_comment_for_edit(request.user, comment)
    except DecorumError as err:
        return render_error(request, err)
    context: dict[str, Any] = {"comment": comment, "role": role, "text": comment.text}
    if request.method == "POST":
        form = EditForm(request.POST)
        if not form.is_valid():
            return error_page(request, first_error(form), 400)
        text = form.cleaned_data["text"]
        try:
            edited = actions.edit_comment(comment=comment, editor=request.user, text=text)
        except DecorumError as err:
            context.update(text=text, error=err.message)
            return render(request, "community/comment_edit.html", context, status=err.status)
        if edited.status == CommentStatus.PENDING and comment.status == CommentStatus.PUBLISHED:
            messages.info(
                request,
                _("Your edited comment will appear again once a moderator has reviewed it."),
            )
        else:
            messages.success(request, _("The comment has been updated."))
        return HttpResponseRedirect(comment_url(request, comment))
    if request.method != "GET":
        return error_page(request, _("This address accepts only GET and POST."), 405)
    return render(request, "community/comment_edit.html", context)


@login_required
@require_POST
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    found = _comment_or_404(request, comment_id)
    if isinstance(found, HttpResponse):
        return found
    try:
        actions.delete_comment(comment=found, actor=request.user)
    except DecorumError as err:
        return render_error(request, err)
    messages.success(request, _("The comment has been deleted."))
    return HttpResponseRedirect(article_url(found.article, request, "comments"))


@login_required
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    found = _comment_or_404(request, comment_id)
    if isinstance(found, HttpResponse):
        return found
    comment = found
    try:
        access_comment_for_report(request.user, comment)
    except DecorumError as err:
        return render_error(request, err)
    context: dict[str, Any] = {
        "comment": comment,
        "rules": rule_choices(request_language()),
        "rule": request.GET.get("rule", ""),
        "note": "",
    }
    if request.method == "POST":
        form = ReportForm(request.POST)
        if not form.is_valid():
            context["error"] = first_error(form)
            return render(request, "community/comment_report.html", context, status=400)
        context.update(rule=form.cleaned_data["rule"], note=form.cleaned_data["note"])
        try:
            actions.report_comment(
                comment=comment,
                reporter=request.user,
                rule=form.cleaned_data["rule"],
                note=form.cleaned_data["note"],
            )
        except DecorumError as err:
            context["error"] = err.message
            return render(request, "community/comment_report.html", context, status=err.status)
        messages.success(request, _("Thank you. Your report has been sent to the moderators."))
        return HttpResponseRedirect(comment_url(request, comment))
    if request.method != "GET":
        return error_page(request, _("This address accepts only GET and POST."), 405)
    return render(request, "community/comment_report.html", context)


@require_GET
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.get_visible_comment(comment_id, request.user)
    if comment is None or comment.status == CommentStatus.REMOVED:
        return error_page(request, _("This comment does not exist or was removed."), 404)
    return HttpResponseRedirect(comment_url(request, comment))


JSON_PAGE_SIZE = 50


@require_GET
def comments_json(request: HttpRequest, article_id: int) -> JsonResponse:
    """``/comments/article/<id>.json?page=N``: the comments a reader may see under a live
    article, oldest first, ``JSON_PAGE_SIZE`` a page (the viewer's own pending and rejected
    ones carry their status; nobody else's are listed)."""
    from django.core.paginator import Paginator

    if not Page.objects.live().public().filter(pk=article_id).exists():
        return JsonResponse(
            {"code": "not_found", "message": _("No such article."), "data": None}, status=404
        )
    paginator = Paginator(selectors.visible_comments(article_id, request.user), JSON_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    own_id = request.user.pk if request.user.is_authenticated else None
    items = [
        {
            "id": c.pk,
            "parent": c.parent_id,
            "author": c.author.shown_name,  # type: ignore[attr-defined]
            "text": c.text,
            "created_at": c.created_at.isoformat(),
            "edited": c.edited_at is not None,
            "status": c.status,
            "own": c.author_id == own_id,
        }
        for c in page.object_list
    ]
    return JsonResponse(
        {
            "article": article_id,
            "page": page.number,
            "pages": paginator.num_pages,
            "count": paginator.count,
            "comments": items,
        }
    )
