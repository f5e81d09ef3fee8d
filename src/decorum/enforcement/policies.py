"""The publisher's policy in the database: read the version in force, save edits as new
versions (validated exactly as the engine reads them), go back to an older version.

Admins edit either the common settings through a form (thresholds, actions, rules on or off,
word and domain lists, the publisher's names) or the whole YAML text; both end in
``save_policy_text`` so there is one validation and one history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from decorum.core.errors import PermissionDenied, ValidationFailed
from decorum.enforcement import audit, engine_adapter
from decorum.enforcement.models import PolicyVersion

EDIT_PERMISSION = "enforcement.add_policyversion"
MAX_POLICY_CHARS = 500_000


def can_edit_policy(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm(EDIT_PERMISSION))
    )


def access_policy_editing(user: Any) -> None:
    if not can_edit_policy(user):
        raise PermissionDenied(_("Only administrators can change the community policy."))


@dataclass(frozen=True, slots=True)
class RuleSettings:
    id: str
    title: str
    enabled: bool
    action: str
    threshold: float
    words: tuple[str, ...]
    review_threshold: float | None = None


@dataclass(frozen=True, slots=True)
class PolicySettings:
    """The parts of the policy the settings form edits, read from the version in force."""

    number: int
    version: str
    rules: tuple[RuleSettings, ...]
    publisher_names: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    blocked_domains: tuple[str, ...]
    profanity_words: tuple[str, ...]


def _document(text: str) -> dict[str, Any]:
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict):
        raise ValidationFailed(_("The policy must be a YAML mapping."), code="invalid_policy")
    return doc


def policy_settings() -> PolicySettings:
    number, text = engine_adapter.policy_in_force()
    doc = _document(text)
    publisher = doc.get("publisher") or {}
    words = publisher.get("word_lists") or {}
    rules = tuple(
        RuleSettings(
            id=str(r["id"]),
            title=str((r.get("title") or {}).get("en", r["id"])),
            enabled=bool(r.get("enabled", True)),
            action=str(r.get("action", "queue")),
            threshold=float(r.get("threshold", 0.5)),
            words=tuple(str(w) for w in words.get(r["id"], ()) or ()),
            review_threshold=(
                float(r["review_threshold"]) if r.get("review_threshold") is not None else None
            ),
        )
        for r in doc.get("rules") or ()
    )
    return PolicySettings(
        number=number,
        version=str(doc.get("version", "")),
        rules=rules,
        publisher_names=tuple(str(n) for n in publisher.get("names") or ()),
        allowed_domains=tuple(str(d) for d in publisher.get("allowed_domains") or ()),
        blocked_domains=tuple(str(d) for d in publisher.get("blocked_domains") or ()),
        profanity_words=tuple(str(w) for w in words.get("profanity", ()) or ()),
    )


def _next_number() -> int:
    return int(PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def save_policy_text(*, text: str, by: Any, note: str = "") -> PolicyVersion:
    """Store ``text`` as the policy in force after checking it as the engine will."""
    access_policy_editing(by)
    if not text.strip():
        raise ValidationFailed(_("The policy text is empty."), code="invalid_policy")
    if len(text) > MAX_POLICY_CHARS:
        raise ValidationFailed(
            _("The policy text is longer than %(n)s characters.") % {"n": MAX_POLICY_CHARS},
            code="invalid_policy",
        )
    version = engine_adapter.validate_policy_text(text, "policy")
    in_force = engine_adapter.policy_in_force()[1]
    if in_force.strip() == text.strip():
        raise ValidationFailed(_("Nothing changed: the policy is the one in force."), code="same")
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
            code="duplicate_version",
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


def _lines(values: list[str] | tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in out:
            out.append(v)
    return out


def save_policy_settings(
    *,
    by: Any,
    rules: dict[str, dict[str, Any]],
    publisher_names: list[str],
    allowed_domains: list[str],
    blocked_domains: list[str],
    profanity_words: list[str],
    note: str = "",
) -> PolicyVersion:
    """Apply the settings form to the policy in force and save it as a new version.

    ``rules`` maps a rule id to any of ``enabled``, ``action``, ``threshold``,
    ``review_threshold``, ``words``; a review threshold above the threshold is lowered to it.
    """
    access_policy_editing(by)
    text = engine_adapter.policy_in_force()[1]
    doc = _document(text)
    known = {str(r["id"]): r for r in doc.get("rules") or ()}
    word_lists: dict[str, list[str]] = {}
    for rid, changes in rules.items():
        if rid not in known:
            raise ValidationFailed(
                _("There is no rule “%(r)s” in the policy.") % {"r": rid}, code="unknown_rule"
            )
        rule = known[rid]
        for key in ("enabled", "action", "threshold", "review_threshold"):
            if key in changes:
                rule[key] = changes[key]
        if "review_threshold" in rule and float(rule["review_threshold"]) > float(
            rule["threshold"]
        ):
            rule["review_threshold"] = rule["threshold"]
        words = _lines(changes.get("words", ()))
        if words:
            word_lists[rid] = words
    profanity = _lines(profanity_words)
    if profanity:
        word_lists["profanity"] = profanity
    publisher = doc.setdefault("publisher", {})
    publisher["names"] = _lines(publisher_names)
    publisher["allowed_domains"] = [d.lower() for d in _lines(allowed_domains)]
    publisher["blocked_domains"] = [d.lower() for d in _lines(blocked_domains)]
    publisher["word_lists"] = word_lists
    doc["version"] = _auto_version(str(doc.get("version", "policy")), _next_number())
    new_text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return save_policy_text(text=new_text, by=by, note=note)


def restore_policy_version(*, number: int, by: Any) -> PolicyVersion:
    """Put an older version back in force, as a new version (history only grows)."""
    access_policy_editing(by)
    try:
        old = PolicyVersion.objects.get(number=number)
    except PolicyVersion.DoesNotExist as err:
        raise ValidationFailed(_("There is no such policy version."), code="not_found") from err
    doc = _document(old.text)
    doc["version"] = _auto_version(str(doc.get("version", "policy")), _next_number())
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return save_policy_text(text=text, by=by, note=_("Back to version #%(n)s") % {"n": number})


def policy_history(limit: int = 50) -> list[PolicyVersion]:
    return list(
        PolicyVersion.objects.select_related("created_by").defer("text").order_by("-number")[:limit]
    )
