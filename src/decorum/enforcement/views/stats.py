"""The moderation statistics page and its CSV downloads (moderators and administrators only)."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from decorum.community.access import access_moderation
from decorum.core.errors import renders_errors
from decorum.enforcement.stats import CHARTS, StatsFilter, all_charts, build_chart

MAX_DAYS = 366


class StatsPeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)
    edition = forms.ChoiceField(label=_("Edition"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        edition = self.fields["edition"]
        assert isinstance(edition, forms.ChoiceField)
        edition.choices = [("", _("All editions")), *settings.LANGUAGES]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        default = StatsFilter.default()
        until = data.get("until") or default.until
        since = data.get("since") or (until - (default.until - default.since))
        assert isinstance(since, date) and isinstance(until, date)
        if since > until:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        if (until - since) > timedelta(days=MAX_DAYS):
            raise forms.ValidationError(
                _("Choose a period of at most %(days)s days.") % {"days": MAX_DAYS}
            )
        data["since"], data["until"] = since, until
        return data

    def stats_filter(self) -> StatsFilter:
        if not self.is_valid():
            return StatsFilter.default()
        return StatsFilter(
            since=self.cleaned_data["since"],
            until=self.cleaned_data["until"],
            edition=self.cleaned_data.get("edition") or "",
        )


@login_required
@require_GET
@renders_errors
def stats(request: HttpRequest) -> HttpResponse:
    access_moderation(request.user)
    form = StatsPeriodForm(request.GET)
    period = form.stats_filter()
    language = get_language() or "en"
    if request.GET.get("format") == "csv":
        name = request.GET.get("chart", "")
        if name not in CHARTS:
            return HttpResponse(
                "Unknown chart.", status=400, content_type="text/plain; charset=utf-8"
            )
        chart = build_chart(name, period, language=language)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"decorum-{name}-{period.since.isoformat()}-{period.until.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(chart.columns)
        writer.writerows(chart.rows)
        return response
    return render(
        request,
        "enforcement/stats.html",
        {
            "form": form,
            "period": period,
            "charts": all_charts(period, language=language),
            "query": request.GET.urlencode() if form.is_valid() else "",
            "generated_at": timezone.now(),
        },
    )
