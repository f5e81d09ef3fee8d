"""The health page of comment screening (moderators and administrators only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from decorum.community.access import access_moderation
from decorum.core.errors import renders_errors
from decorum.enforcement.health import screening_health


@login_required
@require_GET
@renders_errors
def health(request: HttpRequest) -> HttpResponse:
    access_moderation(request.user)
    return render(request, "enforcement/health.html", {"health": screening_health()})
