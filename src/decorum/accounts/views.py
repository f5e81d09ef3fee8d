from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decorum.accounts import deletion
from decorum.core.errors import DecorumError, NotFound


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
