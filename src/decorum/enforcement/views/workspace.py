"""The moderator workspace: queues with counts and filters, approving and rejecting one
comment or many, deleting an author's account, the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from decorum.accounts import deletion
from decorum.community.access import access_moderation
from decorum.community.forms import first_error, rule_choices
from decorum.community.models import Comment
from decorum.core.errors import (
    DecorumError,
    ErrorCode,
    PermissionDenied,
    ValidationFailed,
    renders_errors,
)
from decorum.enforcement import selectors, workspace_audit
from decorum.enforcement.access import access_comment_for_decision
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.enforcement.forms import RejectForm

PAGE_SIZE = 30
BULK_LIMIT = 100


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@login_required
@require_GET
@renders_errors
def queue(request: HttpRequest) -> HttpResponse:
    access_moderation(request.user)
    name = request.GET.get("queue", "pending")
    if name not in selectors.QUEUES:
        name = "pending"
    filters = selectors.Filters.from_query(request.GET)
    page = Paginator(selectors.queue(name, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    selectors.attach_context(items)
    rules = rule_choices(_language())
    return render(
        request,
        "enforcement/workspace.html",
        {
            "queue": name,
            "queues": selectors.QUEUES,
            "counts": selectors.counts(filters),
            "filters": filters,
            "page": page,
            "items": items,
            "rules": rules,
            "editions": list(settings.LANGUAGES),
        },
    )


@login_required
@require_POST
@renders_errors
def bulk(request: HttpRequest) -> HttpResponse:
    access_moderation(request.user)
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()][:BULK_LIMIT]
    action = request.POST.get("action", "")
    rule = request.POST.get("rule", "")
    done, failed = 0, []
    for comment in Comment.objects.filter(pk__in=ids):
        try:
            if action == "approve":
                approve_comment(comment=comment, moderator=request.user, note="bulk")
            elif action == "reject":
                reject_comment(comment=comment, moderator=request.user, rule=rule, note="bulk")
            else:
                raise DecorumError(_("Choose approve or reject."), code=ErrorCode.INVALID_ACTION)
        except DecorumError as err:
            failed.append(f"#{comment.pk}: {err.message}")
        else:
            done += 1
    if done:
        messages.success(request, _("%(n)s comment(s) decided.") % {"n": done})
    for failure in failed[:5]:
        messages.error(request, failure)
    if not ids:
        messages.error(request, _("Select at least one comment."))
    back = request.POST.get("back", "")
    return HttpResponseRedirect(
        reverse("enforcement_workspace:queue") + (f"?{back}" if back and "//" not in back else "")
    )


@login_required
@require_GET
@renders_errors
def audit_log(request: HttpRequest) -> HttpResponse:
    access_moderation(request.user)
    target = request.GET.get("target", "")
    page = Paginator(selectors.audit_entries(target), 50).get_page(request.GET.get("page"))
    rows = workspace_audit.audit_rows(list(page.object_list))
    return render(
        request, "enforcement/audit_log.html", {"page": page, "rows": rows, "target": target}
    )


def _moderation_redirect(request: HttpRequest) -> HttpResponseRedirect:
    page = request.POST.get("page", "")
    queue = request.POST.get("queue", "pending")
    if queue not in selectors.QUEUES:
        queue = "pending"
    url = f"{reverse('enforcement_workspace:queue')}?queue={queue}"
    return HttpResponseRedirect(f"{url}&page={page}" if page.isdigit() else url)


@login_required
@require_POST
@renders_errors
def approve(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access_comment_for_decision(request.user, comment_id)
    approve_comment(
        comment=comment, moderator=request.user, note=request.POST.get("note", "")[:500]
    )
    messages.success(request, _("The comment has been approved and published."))
    return _moderation_redirect(request)


@login_required
@require_POST
@renders_errors
def reject(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access_comment_for_decision(request.user, comment_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(first_error(form))
    reject_comment(
        comment=comment,
        moderator=request.user,
        rule=form.cleaned_data["rule"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("The comment has been rejected."))
    return _moderation_redirect(request)


@login_required
@require_POST
@renders_errors
def delete_account(request: HttpRequest, public_id: str) -> HttpResponse:
    """Deleting someone's account hides all their comments at once, so an unconfirmed request
    (one stray click, with or without JS) only shows what will happen and asks again."""
    user = get_object_or_404(get_user_model(), public_id=public_id)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("enforcement_workspace:queue")
    try:
        if request.POST.get("confirm") != "yes":
            restore_link = deletion.check_moderator_deletion(user=user, moderator=request.user)
            return render(
                request,
                "enforcement/confirm_account_deletion.html",
                {"target": user, "restore_link": restore_link, "next": target},
            )
        deletion.delete_account_by_moderator(user=user, moderator=request.user)
    except PermissionDenied:
        raise
    except DecorumError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The account has been deleted."))
    return HttpResponseRedirect(target)
