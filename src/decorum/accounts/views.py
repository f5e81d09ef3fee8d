from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decorum.accounts import deletion
from decorum.core.errors import DecorumError, NotFound, PermissionDenied


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            deletion.delete_own_account(
                user=request.user, password=request.POST.get("password", "")
            )
        except DecorumError as err:
            error = str(err.message)
        else:
            logout(request)
            messages.info(
                request,
                _(
                    "Your account has been deleted and your comments hidden. We have e-mailed "
                    "you a link to restore it within 30 days."
                ),
            )
            return HttpResponseRedirect(reverse("accounts:deleted"))
    return render(
        request, "accounts/delete_account.html", {"error": error}, status=400 if error else 200
    )


def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html", {})


@require_http_methods(["GET", "POST"])
def restore(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            deletion.restore_account(token=token)
            messages.success(request, _("Your account is restored. You can log in again."))
            return HttpResponseRedirect(reverse("account_login"))
        pending = deletion.check_restore_token(token)
    except NotFound as err:
        return render(request, "community/error.html", {"message": err.message}, status=404)
    except DecorumError as err:
        return render(request, "community/error.html", {"message": err.message}, status=410)
    return render(request, "accounts/restore.html", {"deletion": pending})


@login_required
@require_POST
def moderator_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    """Deleting someone's account hides all their comments at once, so an unconfirmed request
    (one stray click, with or without JS) only shows what will happen and asks again."""
    user = get_object_or_404(get_user_model(), public_id=public_id)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("community:moderation")
    try:
        if request.POST.get("confirm") != "yes":
            restore_link = deletion.check_moderator_deletion(user=user, moderator=request.user)
            return render(
                request,
                "accounts/moderator_delete_confirm.html",
                {"target": user, "restore_link": restore_link, "next": target},
            )
        deletion.delete_account_by_moderator(user=user, moderator=request.user)
    except PermissionDenied as err:
        return render(request, "community/error.html", {"message": err.message}, status=403)
    except DecorumError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The account has been deleted."))
    return HttpResponseRedirect(target)
