"""The policy editor's settings form: fields built from the rules of the policy in force.

The form only turns what was typed into values (numbers, ticks, one word per line); whether
they are valid settings is the engine's decision, and :meth:`PolicySettingsForm.show_error`
puts the engine's message beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from decorum.core.errors import DecorumError
from decorum.enforcement import engine_adapter

# the engine's field names -> this form's field name (per rule unless noted)
_RULE_FIELDS = {
    "enabled": "enabled-{rule}",
    "action": "action-{rule}",
    "threshold": "threshold-{rule}",
    "review_threshold": "review-threshold-{rule}",
    "words": "words-{rule}",
}
_PUBLISHER_FIELDS = {
    "names": "publisher_names",
    "allowed_domains": "allowed_domains",
    "blocked_domains": "blocked_domains",
    f"word_lists.{engine_adapter.PROFANITY_LIST}": "profanity_words",
}


def _lines(value: str) -> list[str]:
    """One entry per line (commas separate too), stripped, without repeats."""
    out: list[str] = []
    for line in value.replace(",", "\n").splitlines():
        line = line.strip()
        if line and line not in out:
            out.append(line)
    return out


def _threshold_input(label: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": "0", "max": "1", "step": "0.01", "aria-label": label})


class _LinesField(forms.CharField):
    """A textarea of one entry per line, cleaned to a list."""

    def __init__(self, *, initial: tuple[str, ...], rows: int, **kwargs: Any) -> None:
        attrs = {"rows": str(rows), **kwargs.pop("attrs", {})}
        super().__init__(
            required=False,
            strip=False,
            initial="\n".join(initial),
            widget=forms.Textarea(attrs=attrs),
            **kwargs,
        )

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return _lines(str(super().to_python(value)))


class PolicySettingsForm(forms.Form):
    """Per rule: on, action, threshold, review threshold (for rules that have one) and extra
    words; then the publisher's names, domains and extra profanity, and a note."""

    def __init__(self, *args: Any, settings: engine_adapter.PolicySettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings
        actions = [
            (a, _("reject") if a == "reject" else _("queue for a moderator"))
            for a in engine_adapter.rule_actions()
        ]
        for rule in settings.rules:
            self.fields[f"enabled-{rule.id}"] = forms.BooleanField(
                required=False,
                initial=rule.enabled,
                widget=forms.CheckboxInput(attrs={"aria-label": _("enabled")}),
            )
            self.fields[f"action-{rule.id}"] = forms.ChoiceField(
                choices=actions,
                initial=rule.action,
                widget=forms.Select(attrs={"aria-label": _("action")}),
            )
            self.fields[f"threshold-{rule.id}"] = forms.FloatField(
                initial=rule.threshold, widget=_threshold_input(_("threshold"))
            )
            if rule.review_threshold is not None:
                # left empty, the review threshold stays as it is
                self.fields[f"review-threshold-{rule.id}"] = forms.FloatField(
                    required=False,
                    initial=rule.review_threshold,
                    widget=_threshold_input(_("review threshold")),
                )
            self.fields[f"words-{rule.id}"] = _LinesField(
                initial=rule.words, rows=1, attrs={"aria-label": _("extra words")}
            )
        self.fields["publisher_names"] = _LinesField(initial=settings.publisher_names, rows=3)
        self.fields["allowed_domains"] = _LinesField(initial=settings.allowed_domains, rows=3)
        self.fields["blocked_domains"] = _LinesField(initial=settings.blocked_domains, rows=3)
        self.fields["profanity_words"] = _LinesField(initial=settings.profanity_words, rows=3)
        self.fields["note"] = forms.CharField(
            required=False, widget=forms.TextInput(attrs={"maxlength": "255"})
        )

    def rows(self) -> list[dict[str, Any]]:
        """Per rule its settings in force and its bound fields, for the table."""
        out: list[dict[str, Any]] = []
        for rule in self.settings.rules:
            review = f"review-threshold-{rule.id}"
            out.append(
                {
                    "rule": rule,
                    "enabled": self[f"enabled-{rule.id}"],
                    "action": self[f"action-{rule.id}"],
                    "threshold": self[f"threshold-{rule.id}"],
                    "review": self[review] if review in self.fields else None,
                    "words": self[f"words-{rule.id}"],
                }
            )
        return out

    def rule_changes(self) -> dict[str, dict[str, Any]]:
        """The typed settings per rule, for ``policies.save_policy_settings``."""
        data = self.cleaned_data
        changes: dict[str, dict[str, Any]] = {}
        for rule in self.settings.rules:
            change: dict[str, Any] = {
                "enabled": data[f"enabled-{rule.id}"],
                "action": data[f"action-{rule.id}"],
                "threshold": data[f"threshold-{rule.id}"],
                "words": data[f"words-{rule.id}"],
            }
            review = data.get(f"review-threshold-{rule.id}")
            if review is not None:
                change["review_threshold"] = review
            changes[rule.id] = change
        return changes

    def show_error(self, err: DecorumError) -> None:
        """Put an error from saving beside the field the engine names, else above the form."""
        where = err.data if isinstance(err.data, dict) else {}
        rule, field = str(where.get("rule", "")), str(where.get("field", ""))
        if rule and field in _RULE_FIELDS:
            name = _RULE_FIELDS[field].format(rule=rule)
        else:
            name = "" if rule else _PUBLISHER_FIELDS.get(field, "")
        self.add_error(name if name in self.fields else None, str(err.message))
