"""The DSA transparency report page and its JSON and CSV downloads (administrators only).

A stranger is sent to log in; a logged-in reader or moderator is refused (403): the report is
the publisher's, and moderators have the statistics page for their work.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from decorum.core.errors import ValidationFailed, renders_errors
from decorum.enforcement import transparency
from decorum.enforcement.access import access_transparency_report


@login_required
@require_GET
@renders_errors
def transparency_report(request: HttpRequest) -> HttpResponse:
    access_transparency_report(request.user)
    requested = request.GET.get("period", "")
    try:
        period = (
            transparency.parse_period(requested) if requested else transparency.current_period()
        )
    except ValidationFailed as err:
        return render(
            request,
            "enforcement/transparency.html",
            {"error": err.message, "requested": requested},
            status=400,
        )
    report = transparency.build_report(period, language=get_language() or "en")
    kind = request.GET.get("format", "html")
    if kind in ("json", "csv"):
        text = transparency.to_json(report) if kind == "json" else transparency.to_csv(report)
        response = HttpResponse(
            text,
            content_type="application/json" if kind == "json" else "text/csv; charset=utf-8",
        )
        filename = f"decorum-transparency-{period.label}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request,
        "enforcement/transparency.html",
        {"report": report, "requested": period.label},
    )
