"""Account writes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from decorum.community.standards import current_standards


def record_standards_acceptance(*, user: Any) -> None:
    """Remember which version of the community standards the user accepted, and when."""
    user.accepted_standards_version = current_standards().version
    user.accepted_standards_at = timezone.now()
    user.save(update_fields=["accepted_standards_version", "accepted_standards_at"])
