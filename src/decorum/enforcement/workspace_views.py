"""The moderator workspace: queues with counts and filters, bulk decisions, the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from decorum.community.access import access_moderation
from decorum.community.forms import rule_choices
from decorum.community.models import Comment
from decorum.core.errors import DecorumError, PermissionDenied
from decorum.enforcement import workspace, workspace_audit
from decorum.enforcement.actions import approve_comment, reject_comment
from decorum.enforcement.models import AuditEntry

PAGE_SIZE = 30
BULK_LIMIT = 100


def _refuse(request: HttpRequest, err: DecorumError) -> HttpResponse:
    return render(request, "community/error.html", {"message": err.message}, status=403)


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    try:
        access_moderation(request.user)
    except PermissionDenied as err:
        return _refuse(request, err)
    name = request.GET.get("queue", "pending")
    if name not in workspace.QUEUES:
        name = "pending"
    filters = workspace.Filters.from_query(request.GET)
    page = Paginator(workspace.queue(name, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    workspace.attach_context(items)
    rules = rule_choices(_language())
    return render(
        request,
        "enforcement/workspace.html",
        {
            "queue": name,
            "queues": workspace.QUEUES,
            "counts": workspace.counts(filters),
            "filters": filters,
            "page": page,
            "items": items,
            "rules": rules,
            "editions": list(settings.LANGUAGES),
        },
    )


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    try:
        access_moderation(request.user)
    except PermissionDenied as err:
        return _refuse(request, err)
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
                raise DecorumError(_("Choose approve or reject."), code="invalid_action")
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
        reverse("community:moderation") + (f"?{back}" if back and "//" not in back else "")
    )


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    try:
        access_moderation(request.user)
    except PermissionDenied as err:
        return _refuse(request, err)
    entries = AuditEntry.objects.select_related("actor").order_by("-created_at", "-pk")
    target = request.GET.get("target", "")
    if ":" in target:
        kind, _sep, pk = target.partition(":")
        entries = entries.filter(target_type=kind, target_id=pk)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = workspace_audit.audit_rows(list(page.object_list))
    return render(
        request, "enforcement/audit_log.html", {"page": page, "rows": rows, "target": target}
    )
