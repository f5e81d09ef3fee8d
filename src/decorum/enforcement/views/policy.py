"""Admin pages for the community policy: the settings form, the YAML editor and the history.

Thin: parse the POST (the settings through :class:`PolicySettingsForm`), call one action in
``enforcement.policies``, redirect or re-render with the engine's error next to what the admin
typed. Nothing here reads the policy's YAML.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from decorum.core.errors import DecorumError, ErrorCode, renders_errors
from decorum.enforcement import engine_adapter, policies
from decorum.enforcement.access import access_policy_for_editing
from decorum.enforcement.policy_forms import PolicySettingsForm


@dataclass(frozen=True, slots=True)
class PointRow:
    """One measured operating point, formatted for the table."""

    score: str
    precision: str
    recall: str
    acceptable: str
    flagged: int


@dataclass(frozen=True, slots=True)
class RuleFigures:
    """What a rule's thresholds mean, from the classifier's measured operating points.

    ``measured`` is false for a rule the classifier scores but has no figures for; a rule the
    classifier does not score has no ``RuleFigures`` at all.
    """

    measured: bool
    threshold: str
    review: str
    rows: tuple[PointRow, ...]


def _percent(share: float) -> str:
    value = 100 * share
    places = 0 if abs(value - round(value)) < 0.05 else 1
    return number_format(round(value, places), places)


def _reading(points: tuple[engine_adapter.OperatingPoint, ...], threshold: float) -> str:
    """One sentence on what ``threshold`` means, read at the nearest measured score at or
    below it (a higher threshold flags no more than that point did)."""
    point = engine_adapter.operating_point_at(points, threshold)
    if point is None:
        return _(
            "Not measured at or below %(threshold)s: the lowest measured score is %(lowest)s."
        ) % {
            "threshold": number_format(threshold, 2),
            "lowest": number_format(points[0].score, 2),
        }
    score = number_format(point.score, 2)
    if point.flagged == 0:
        return _("at %(score)s: the classifier flagged nothing in the measurement.") % {
            "score": score
        }
    if point.precision >= 1.0 - 1e-9:
        errors = ngettext(
            "no wrong decision among the %(n)s comment flagged",
            "no wrong decision among the %(n)s comments flagged",
            point.flagged,
        ) % {"n": point.flagged}
    elif point.precision >= 0.5:
        errors = _("about 1 wrong decision in %(n)s") % {"n": round(1 / (1 - point.precision))}
    else:
        wrong = round(10 * (1 - point.precision))
        errors = ngettext(
            "about %(n)s wrong decision in 10", "about %(n)s wrong decisions in 10", wrong
        ) % {"n": wrong}
    return _(
        "at %(score)s: %(errors)s (precision %(precision)s %%), %(recall)s %% of violations "
        "caught, %(acceptable)s acceptable comments flagged per 1000"
    ) % {
        "score": score,
        "errors": errors,
        "precision": _percent(point.precision),
        "recall": _percent(point.recall),
        "acceptable": number_format(point.acceptable_flagged_per_1000, 1),
    }


def rule_figures(settings: engine_adapter.PolicySettings) -> dict[str, RuleFigures]:
    """Per rule the trained classifier scores, the readings of its thresholds in force."""
    measured = engine_adapter.operating_points()
    figures: dict[str, RuleFigures] = {}
    for rule in settings.rules:
        if rule.id not in measured:
            continue
        points = measured[rule.id]
        if not points:
            figures[rule.id] = RuleFigures(measured=False, threshold="", review="", rows=())
            continue
        review = rule.review_threshold
        figures[rule.id] = RuleFigures(
            measured=True,
            threshold=_reading(points, rule.threshold),
            review=_reading(points, review) if review is not None else "",
            rows=tuple(
                PointRow(
                    score=number_format(p.score, 2),
                    precision=_percent(p.precision) if p.flagged else "—",
                    recall=_percent(p.recall),
                    acceptable=number_format(p.acceptable_flagged_per_1000, 1),
                    flagged=p.flagged,
                )
                for p in points
            ),
        )
    return figures


def _save_settings(request: HttpRequest, form: PolicySettingsForm) -> bool:
    """Save the settings as a new version; on failure the error is on the form's field."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        policies.save_policy_settings(
            by=request.user,
            rules=form.rule_changes(),
            publisher_names=data["publisher_names"],
            allowed_domains=data["allowed_domains"],
            blocked_domains=data["blocked_domains"],
            profanity_words=data["profanity_words"],
            note=data["note"][:255],
        )
    except DecorumError as err:
        form.show_error(err)
        return False
    return True


def _save_text_or_restore(request: HttpRequest, what: str) -> None:
    note = request.POST.get("note", "")[:255]
    if what == "yaml":
        policies.save_policy_text(text=request.POST.get("text", ""), by=request.user, note=note)
    elif what == "restore":
        raw = request.POST.get("number", "")
        if not raw.isdigit():
            raise DecorumError(_("Choose a version to go back to."), code=ErrorCode.INVALID_VERSION)
        policies.restore_policy_version(number=int(raw), by=request.user)
    else:
        raise DecorumError(_("Unknown request."), code=ErrorCode.UNKNOWN_REQUEST)


@login_required
@require_http_methods(["GET", "POST"])
@renders_errors
def policy_edit(request: HttpRequest) -> HttpResponse:
    access_policy_for_editing(request.user)
    settings = engine_adapter.policy_settings()
    number, text = engine_adapter.policy_in_force()
    form = PolicySettingsForm(settings=settings)
    error = ""
    if request.method == "POST":
        what = request.POST.get("what", "")
        saved = False
        if what == "settings":
            form = PolicySettingsForm(request.POST, settings=settings)
            saved = _save_settings(request, form)
        else:
            if what == "yaml":
                text = request.POST.get("text", "")  # what the admin typed is kept
            try:
                _save_text_or_restore(request, what)
                saved = True
            except DecorumError as err:
                error = str(err.message)
        if saved:
            messages.success(request, _("The policy was saved and is now in force."))
            return HttpResponseRedirect(reverse("enforcement_policy:edit"))
    figures = rule_figures(settings)
    return render(
        request,
        "enforcement/policy_edit.html",
        {
            "settings": settings,
            "form": form,
            "number": number,
            "text": text,
            "error": error,
            "history": policies.policy_history(),
            "rules": [(row, figures.get(row["rule"].id)) for row in form.rows()],
        },
        status=400 if error or form.errors else 200,
    )
