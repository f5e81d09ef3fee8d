"""Thin views for appeals (users), the appeals queue and blocking (moderators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from decorum.community.access import access_moderation
from decorum.community.forms import rule_choices
from decorum.core.errors import DecorumError, PermissionDenied, renders_errors
from decorum.enforcement import appeals, sanctions
from decorum.enforcement.models import Appeal, AppealSubject, BlockScope


@login_required
@require_http_methods(["GET", "POST"])
def new_appeal(request: HttpRequest) -> HttpResponse:
    items = appeals.appealable(request.user)
    data = request.POST if request.method == "POST" else request.GET
    form = {
        "subject": data.get("subject")
        or (AppealSubject.COMMENT if data.get("comment") else AppealSubject.ACCOUNT),
        "public_id": data.get("public_id", request.user.public_id),  # type: ignore[union-attr]
        "explanation": data.get("explanation", ""),
        "comment": str(data.get("comment", "")),
    }
    error = ""
    if request.method == "POST":
        try:
            appeals.submit_appeal(
                user=request.user,
                subject=form["subject"],
                public_id=form["public_id"],
                explanation=form["explanation"],
                comment_id=form["comment"] or None,
            )
        except DecorumError as err:
            error = str(err.message)
        else:
            messages.success(
                request, _("Your appeal was sent. A moderator will review it and answer you.")
            )
            return HttpResponseRedirect(reverse("accounts:profile") + "#appeals")
    return render(
        request,
        "enforcement/appeal_form.html",
        {
            "items": items,
            "form": form,
            "error": error,
            "subjects": AppealSubject.choices,
            "window_days": appeals.window().days,
        },
        status=400 if error else 200,
    )


@login_required
@renders_errors
def appeals_queue(request: HttpRequest) -> HttpResponse:
    access_moderation(request.user)
    return render(request, "enforcement/appeals_queue.html", {"appeals": appeals.open_appeals()})


@login_required
@require_http_methods(["GET", "POST"])
@renders_errors
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    access_moderation(request.user)
    appeal = get_object_or_404(
        Appeal.objects.select_related("user", "block", "comment", "original_decider", "decided_by"),
        pk=appeal_id,
    )
    error = ""
    if request.method == "POST":
        try:
            appeals.decide_appeal(
                appeal=appeal,
                moderator=request.user,
                grant=request.POST.get("decision") == "grant",
                reason=request.POST.get("reason", ""),
            )
        except PermissionDenied:
            raise
        except DecorumError as err:
            error = str(err.message)
        else:
            messages.success(request, _("The appeal has been decided and the user told."))
            return HttpResponseRedirect(reverse("enforcement_appeals:queue"))
    own = appeal.original_decider_id == request.user.pk and not request.user.is_superuser  # type: ignore[union-attr]
    return render(
        request,
        "enforcement/appeal_detail.html",
        {"appeal": appeal, "error": error, "own_decision": own},
        status=400 if error else 200,
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("enforcement_workspace:queue")


def _confirm_site_block(request: HttpRequest, user: Any) -> HttpResponse:
    """A site block stops every comment and a second one is final: one stray click must not
    do it, so an unconfirmed request shows what will happen and asks again (no JS needed)."""
    return render(
        request,
        "enforcement/confirm_site_block.html",
        {
            "target": user,
            "reason": request.POST.get("reason", "")[:2000],
            "rule": request.POST.get("rule", ""),
            "rules": rule_choices((get_language() or "en").split("-")[0]),
            "without_notice": request.POST.get("without_notice") == "on",
            "would_be_final": sanctions.next_site_block_is_final(user),
            "next": _next(request),
        },
    )


@login_required
@require_POST
@renders_errors
def block(request: HttpRequest, public_id: str) -> HttpResponse:
    access_moderation(request.user)
    user = get_object_or_404(get_user_model(), public_id=public_id)
    if request.POST.get("scope") == BlockScope.SITE and request.POST.get("confirm") != "yes":
        return _confirm_site_block(request, user)
    article = None
    if request.POST.get("scope") == "article":
        raw = request.POST.get("article", "")
        article = Page.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    try:
        sanctions.block_user(
            user=user,
            scope=request.POST.get("scope", ""),
            article=article,
            moderator=request.user,
            rule=request.POST.get("rule", ""),
            reason=request.POST.get("reason", ""),
            without_notice=request.POST.get("without_notice") == "on",
        )
    except PermissionDenied:
        raise
    except DecorumError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The user has been blocked."))
    return HttpResponseRedirect(_next(request))
