"""Writing the audit log: one call per enforcement action, in the action's own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from decorum.enforcement.models import AuditEntry


def _label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return str(getattr(actor, "public_id", "") or actor.pk)


def record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``details`` must hold facts (ids, rules, statuses), never personal
    data such as comment texts or e-mail addresses: the log outlives erased accounts."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        actor_label=_label(actor),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
    )


def forget_actor(user_pk: int) -> int:
    """Detach an erased user from the log, keeping what was done and when."""
    return AuditEntry.objects.filter(actor_id=user_pk).update(
        actor=None, actor_label="erased account"
    )
