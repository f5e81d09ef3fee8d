"""Account writes, and the checks on what people type into their account."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from decorum.community.standards import current_standards
from decorum.core.errors import ErrorCode, ValidationFailed

DISPLAY_NAME_MIN_LENGTH = 2
DISPLAY_NAME_MAX_LENGTH = 60  # User.display_name's max_length


def record_standards_acceptance(*, user: Any) -> None:
    """Remember which version of the community standards the user accepted, and when."""
    user.accepted_standards_version = current_standards().version
    user.accepted_standards_at = timezone.now()
    user.save(update_fields=["accepted_standards_version", "accepted_standards_at"])


def check_display_name(value: str) -> str:
    """Normalise a public display name (NFC, single spaces) or refuse it with a coded error.

    Names need not be unique (the public ID tells people apart), but they are shown to every
    reader, so invisible or direction-changing characters, which can disguise a name, and "@",
    which would publish an e-mail address, are refused."""
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValidationFailed(
            _("A display name cannot contain invisible or control characters."),
            code=ErrorCode.DISPLAY_NAME_INVISIBLE,
        )
    if "@" in name:
        raise ValidationFailed(
            _("A display name cannot contain “@”: it is shown to everyone, unlike your e-mail."),
            code=ErrorCode.DISPLAY_NAME_EMAIL,
        )
    if len(name) < DISPLAY_NAME_MIN_LENGTH or not any(char.isalnum() for char in name):
        raise ValidationFailed(
            _("A display name needs at least %(min)d characters, including a letter or digit.")
            % {"min": DISPLAY_NAME_MIN_LENGTH},
            code=ErrorCode.DISPLAY_NAME_SHORT,
        )
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationFailed(
            _("A display name can be at most %(max)d characters long.")
            % {"max": DISPLAY_NAME_MAX_LENGTH},
            code=ErrorCode.DISPLAY_NAME_LONG,
        )
    return name


def set_display_name(*, user: Any, display_name: str) -> None:
    """Give the user the public name shown with their comments (checked here, whoever calls)."""
    user.display_name = check_display_name(display_name)
    user.save(update_fields=["display_name"])
