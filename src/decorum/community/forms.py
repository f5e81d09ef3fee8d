"""Forms parse requests; the actions validate the comment itself (one source of rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from decorum.community.standards import current_standards


class RawTextField(forms.Field):
    """Text passed to the action as typed: no stripping and no null-byte validator here, so the
    action gives the one clear error and the form can show the text back."""

    widget = forms.Textarea

    def to_python(self, value: Any) -> str:
        return "" if value is None else str(value)


def submission_field() -> forms.RegexField:
    """The comment form's own key (made at each showing, ``community_tags.comment_section``):
    optional, 32 hex digits."""
    return forms.RegexField(
        regex=r"^[0-9a-f]{32}$",
        required=False,
        error_messages={
            "invalid": _("The form's key is not valid. Reload the page and try again.")
        },
    )


class CommentForm(forms.Form):
    article = forms.IntegerField(
        min_value=1, error_messages={"required": _("The article is missing from the request.")}
    )
    parent = forms.IntegerField(min_value=1, required=False)
    text = RawTextField(required=False, label=_("Your comment"))
    submission = submission_field()


class ReplyForm(forms.Form):
    text = RawTextField(required=False, label=_("Your reply"))
    submission = submission_field()


class EditForm(forms.Form):
    text = RawTextField(required=False, label=_("Comment text"))


def rule_choices(language: str) -> list[tuple[str, str]]:
    return [(rule.id, rule.title) for rule in current_standards(language).rules]


class ReportForm(forms.Form):
    rule = forms.CharField(max_length=64, required=False, label=_("Rule it breaks"))
    note = forms.CharField(max_length=500, required=False, strip=True, label=_("Note"))


def first_error(form: forms.Form) -> str:
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return str(_("The request was malformed."))
