"""The administrators' page for the classifier model: list retrained models, put one in force,
go back to the shipped one. Thin: parse the POST, call one action, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decorum.core.errors import DecorumError, renders_errors
from decorum.enforcement import engine_adapter, model_versions
from decorum.enforcement.access import access_model_versions_for_choosing


@login_required
@require_http_methods(["GET", "POST"])
@renders_errors
def models_page(request: HttpRequest) -> HttpResponse:
    access_model_versions_for_choosing(request.user)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("what") == "shipped":
                model_versions.back_to_shipped_model(by=request.user)
                messages.success(request, _("The shipped model is in force again."))
            else:
                name = request.POST.get("name", "")
                model_versions.put_model_in_force(name=name, by=request.user)
                messages.success(request, _("The model %(name)s is now in force.") % {"name": name})
            return HttpResponseRedirect(reverse("enforcement_models:list"))
        except DecorumError as err:
            error = str(err.message)
    rows = model_versions.model_versions()
    return render(
        request,
        "enforcement/models.html",
        {"rows": rows, "shipped_in_force": not engine_adapter.model_in_force(), "error": error},
        status=400 if error else 200,
    )
