"""Forms parse moderators' requests; the actions validate the decision (one source of rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RejectForm(forms.Form):
    rule = forms.CharField(max_length=64, required=False, label=_("Rule it breaks"))
    note = forms.CharField(max_length=500, required=False, strip=True, label=_("Note"))
