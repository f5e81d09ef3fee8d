"""The publisher's policy in the database: store versions, put one in force, go back to an
older one, list the history, with an audit entry for each save.

What a policy means is the engine's business: settings changes are applied and checked by the
engine through ``engine_adapter``, so this module holds no knowledge of the policy's schema.
Admins edit either the common settings through a form or the whole YAML text; both end in
``save_policy_text`` so there is one validation and one history.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from decorum.core.errors import ErrorCode, ValidationFailed
from decorum.enforcement import audit, engine_adapter
from decorum.enforcement.access import access_policy_for_editing
from decorum.enforcement.models import PolicyVersion

MAX_POLICY_CHARS = 500_000


def _next_number() -> int:
    return int(PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def save_policy_text(*, text: str, by: Any, note: str = "") -> PolicyVersion:
    """Store ``text`` as the policy in force after checking it as the engine will."""
    access_policy_for_editing(by)
    if not text.strip():
        raise ValidationFailed(_("The policy text is empty."), code=ErrorCode.INVALID_POLICY)
    if len(text) > MAX_POLICY_CHARS:
        raise ValidationFailed(
            _("The policy text is longer than %(n)s characters.") % {"n": MAX_POLICY_CHARS},
            code=ErrorCode.INVALID_POLICY,
        )
    version = engine_adapter.validate_policy_text(text, "policy")
    in_force = engine_adapter.policy_in_force()[1]
    if in_force.strip() == text.strip():
        raise ValidationFailed(
            _("Nothing changed: the policy is the one in force."), code=ErrorCode.SAME
        )
    number = _next_number()
    try:
        with transaction.atomic():
            saved = PolicyVersion.objects.create(
                number=number, version=version, text=text, note=note[:255], created_by=by
            )
    except IntegrityError as err:
        raise ValidationFailed(
            _("Policy version “%(v)s” is already stored; give this one a new version.")
            % {"v": version},
            code=ErrorCode.DUPLICATE_VERSION,
        ) from err
    audit.record(
        action="policy.saved",
        actor=by,
        target=saved,
        details={"number": number, "version": version},
    )
    transaction.on_commit(engine_adapter.clear_caches)
    engine_adapter.clear_caches()
    return saved


_REVISION = re.compile(r"\.r\d+$")


def _auto_version(current: str, number: int) -> str:
    return f"{_REVISION.sub('', current)}.r{number}"


def save_policy_settings(
    *,
    by: Any,
    rules: Mapping[str, Mapping[str, Any]],
    publisher_names: Sequence[str] | None = None,
    allowed_domains: Sequence[str] | None = None,
    blocked_domains: Sequence[str] | None = None,
    profanity_words: Sequence[str] | None = None,
    note: str = "",
) -> PolicyVersion:
    """Apply the settings form to the policy in force and save it as a new version.

    ``rules`` maps a rule id to any of ``enabled``, ``action``, ``threshold``,
    ``review_threshold``, ``words``; the engine applies and checks them
    (:func:`engine_adapter.changed_policy_text`), its errors name the rule and the field.
    """
    access_policy_for_editing(by)
    number, text = engine_adapter.policy_in_force()
    current = engine_adapter.validate_policy_text(text, f"policy version {number}")
    new_text = engine_adapter.changed_policy_text(
        number=number,
        text=text,
        version=_auto_version(current, _next_number()),
        rules=rules,
        publisher_names=publisher_names,
        allowed_domains=allowed_domains,
        blocked_domains=blocked_domains,
        profanity_words=profanity_words,
    )
    return save_policy_text(text=new_text, by=by, note=note)


def restore_policy_version(*, number: int, by: Any) -> PolicyVersion:
    """Put an older version back in force, as a new version (history only grows)."""
    access_policy_for_editing(by)
    try:
        old = PolicyVersion.objects.get(number=number)
    except PolicyVersion.DoesNotExist as err:
        raise ValidationFailed(
            _("There is no such policy version."), code=ErrorCode.NOT_FOUND
        ) from err
    current = engine_adapter.validate_policy_text(old.text, f"policy version {number}")
    text = engine_adapter.changed_policy_text(
        number=number, text=old.text, version=_auto_version(current, _next_number())
    )
    return save_policy_text(text=text, by=by, note=_("Back to version #%(n)s") % {"n": number})


def policy_history(limit: int = 50) -> list[PolicyVersion]:
    return list(
        PolicyVersion.objects.select_related("created_by").defer("text").order_by("-number")[:limit]
    )
