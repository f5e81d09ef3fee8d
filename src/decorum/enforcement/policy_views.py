"""Admin pages for the community policy: the settings form, the YAML editor and the history.

Thin: parse the POST, call one action in ``enforcement.policies``, redirect or re-render with
the error next to what the admin typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decorum.core.errors import DecorumError, PermissionDenied
from decorum.enforcement import engine_adapter, policies

ACTIONS = ("reject", "queue")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]


def _rule_changes(request: HttpRequest, settings: policies.PolicySettings) -> dict[str, Any]:
    changes: dict[str, dict[str, Any]] = {}
    for rule in settings.rules:
        raw = request.POST.get(f"threshold-{rule.id}", "").strip()
        try:
            threshold = float(raw)
        except ValueError as err:
            raise DecorumError(
                _("The threshold of “%(rule)s” must be a number between 0 and 1.")
                % {"rule": rule.title},
                code="invalid_threshold",
            ) from err
        if not 0.0 <= threshold <= 1.0:
            raise DecorumError(
                _("The threshold of “%(rule)s” must be between 0 and 1.") % {"rule": rule.title},
                code="invalid_threshold",
            )
        action = request.POST.get(f"action-{rule.id}", rule.action)
        if action not in ACTIONS:
            raise DecorumError(_("Choose reject or queue as an action."), code="invalid_action")
        changes[rule.id] = {
            "enabled": request.POST.get(f"enabled-{rule.id}") == "on",
            "action": action,
            "threshold": threshold,
            "words": _lines(request.POST.get(f"words-{rule.id}", "")),
        }
    return changes


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    try:
        policies.access_policy_editing(request.user)
    except PermissionDenied as err:
        return render(request, "community/error.html", {"message": err.message}, status=403)
    settings = policies.policy_settings()
    number, text = engine_adapter.policy_in_force()
    error = ""
    typed_text = text
    if request.method == "POST":
        what = request.POST.get("what", "")
        note = request.POST.get("note", "")[:255]
        try:
            if what == "settings":
                policies.save_policy_settings(
                    by=request.user,
                    rules=_rule_changes(request, settings),
                    publisher_names=_lines(request.POST.get("publisher_names", "")),
                    allowed_domains=_lines(request.POST.get("allowed_domains", "")),
                    blocked_domains=_lines(request.POST.get("blocked_domains", "")),
                    profanity_words=_lines(request.POST.get("profanity_words", "")),
                    note=note,
                )
            elif what == "yaml":
                typed_text = request.POST.get("text", "")
                policies.save_policy_text(text=typed_text, by=request.user, note=note)
            elif what == "restore":
                raw = request.POST.get("number", "")
                if not raw.isdigit():
                    raise DecorumError(_("Choose a version to go back to."), code="invalid")
                policies.restore_policy_version(number=int(raw), by=request.user)
            else:
                raise DecorumError(_("Unknown request."), code="invalid")
        except DecorumError as err:
            error = str(err.message)
        else:
            messages.success(request, _("The policy was saved and is now in force."))
            return HttpResponseRedirect(reverse("enforcement_policy:edit"))
    status = 400 if error else 200
    return render(
        request,
        "enforcement/policy_edit.html",
        {
            "settings": settings,
            "number": number,
            "text": typed_text,
            "error": error,
            "history": policies.policy_history(),
            "actions": ACTIONS,
        },
        status=status,
    )
