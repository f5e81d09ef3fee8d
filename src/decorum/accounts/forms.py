"""Account forms; the signup extras are filled in by the accounts work."""

from __future__ import annotations

from typing import Any

from django import forms


class SignupExtraForm(forms.Form):
    def signup(self, request: Any, user: Any) -> None:
        pass
